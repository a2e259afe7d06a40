//! RFC 3339 date-times without a date library: what Partner Center, the emulator, the CLI and
//! the token store read and write, as [`SystemTime`].
//!
//! ```
//! use bingads::time::{format_rfc3339, parse_rfc3339};
//!
//! let t = parse_rfc3339("2017-01-20T00:33:34Z").unwrap();
//! assert_eq!(format_rfc3339(t), "2017-01-20T00:33:34Z");
//! assert_eq!(parse_rfc3339("2017-01-20T02:33:34+02:00"), Some(t));
//! assert_eq!(parse_rfc3339("yesterday"), None);
//! ```

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since the epoch for a civil UTC date (Howard Hinnant's days-from-civil).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A field of ASCII digits only (no sign, no spaces), at most `max`; `None` otherwise. A
/// server's `-99999999999` hour must be refused here, not overflow the arithmetic below.
fn field(text: &str, max: i64) -> Option<i64> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| *n <= max)
}

/// `2019-05-22T16:11:22.4463405Z` or with an offset; `None` for anything else (every field in
/// range, the arithmetic checked: no input overflows or panics).
pub fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    let (date, time) = text.split_once(['T', 't', ' '])?;
    let mut d = date.splitn(3, '-');
    let (y, mo, da) = (
        field(d.next()?, 9999)?,
        field(d.next()?, 12)?,
        field(d.next()?, 31)?,
    );
    if mo < 1 || da < 1 {
        return None;
    }
    let (clock, offset_secs) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else if let Some(i) = time.rfind(['+', '-']).filter(|i| *i >= 8) {
        let (c, off) = time.split_at(i);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let (h, m) = off[1..].split_once(':')?;
        let (h, m) = (field(h, 23)?, field(m, 59)?);
        (c, sign * (h * 3600 + m * 60))
    } else {
        (time, 0)
    };
    let (hms, frac) = clock.split_once('.').unwrap_or((clock, ""));
    let mut t = hms.splitn(3, ':');
    let (h, mi, s) = (
        field(t.next()?, 23)?,
        field(t.next()?, 59)?,
        field(t.next().unwrap_or("0"), 60)?,
    );
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let nanos: u32 = format!("{frac:0<9}").get(..9)?.parse().ok()?;
    let secs = days_from_civil(y, mo, da)
        .checked_mul(86_400)?
        .checked_add(h * 3600 + mi * 60 + s)?
        .checked_sub(offset_secs)?;
    let secs = u64::try_from(secs).ok()?;
    UNIX_EPOCH.checked_add(Duration::new(secs, nanos))
}

/// UTC, whole seconds: `2019-06-21T16:11:22Z`.
pub fn format_rfc3339(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // civil-from-days
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// `t` without its fraction of a second (the emulator writes whole seconds, as the services'
/// examples show them).
pub fn whole_seconds(t: SystemTime) -> SystemTime {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// Like [`format_rfc3339`], with the fraction of a second when there is one
/// (`2019-05-22T16:11:22.4463405Z`), so a time read from a service is written back unchanged.
pub fn format_rfc3339_exact(t: SystemTime) -> String {
    let nanos = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let whole = format_rfc3339(t);
    if nanos == 0 {
        return whole;
    }
    let fraction = format!("{nanos:09}");
    format!(
        "{}.{}Z",
        whole.trim_end_matches('Z'),
        fraction.trim_end_matches('0')
    )
}

/// Serde for an optional RFC 3339 time (`#[serde(default, with = "bingads::time::rfc3339_option")]`):
/// reads a string [`parse_rfc3339`] accepts, or null; anything else is an error naming what was
/// expected and what came. Writes [`format_rfc3339_exact`].
pub mod rfc3339_option {
    use std::time::SystemTime;

    use serde::{de, Deserialize, Deserializer, Serializer};

    /// Writes the time as RFC 3339 text (UTC), or null.
    pub fn serialize<S: Serializer>(t: &Option<SystemTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&super::format_rfc3339_exact(*t)),
            None => s.serialize_none(),
        }
    }

    /// Reads RFC 3339 text or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SystemTime>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        super::parse_rfc3339(&text).map(Some).ok_or_else(|| {
            de::Error::custom(format_args!(
                "expected an RFC 3339 date-time such as \"2017-01-20T00:33:34Z\" (UTC, 1970 or later), got {text:?}"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{format_rfc3339_exact, parse_rfc3339};

    #[test]
    fn the_exact_form_keeps_the_fraction() {
        for text in [
            "2019-05-22T16:11:22.4463405Z",
            "2017-01-20T00:33:34Z",
            "2017-01-20T00:33:34.5Z",
        ] {
            assert_eq!(format_rfc3339_exact(parse_rfc3339(text).unwrap()), text);
        }
    }

    #[test]
    fn absurd_fields_are_refused_without_overflow() {
        for bad in [
            "2019-05-22T-9223372036854775808:00:00Z",
            "2019-05-22T-99999999999:00:00Z",
            "2019-05-22T08:-9223372036854775808:00Z",
            "2019-05-22T08:00:-9223372036854775808Z",
            "2019-05-22T08:00:00-9223372036854775808:00",
            "2019-05-22T08:00:00+99999999999:00",
            "-9223372036854775808-05-22T08:00:00Z",
            "2019--5-22T08:00:00Z",
            "2019-05-22T+8:00:00Z",
            "2019-05-22T 8:00:00Z",
            "2019-00-22T08:00:00Z",
            "0000-01-01T00:00:00+23:59",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        assert!(parse_rfc3339("2019-05-22T08:00:00-05:30").is_some());
        assert!(parse_rfc3339("9999-12-31T23:59:60.999999999Z").is_some());
    }
}
