//! RFC 3339 date-times without a date library: what Partner Center, the emulator and the token
//! store read and write.

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

#[cfg(test)]
mod tests {
    use super::parse_rfc3339;

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
