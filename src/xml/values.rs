//! Text codecs for the XML Schema and WCF serialization types. Types whose exact text matters
//! (dates, decimals, durations, GUIDs) keep the wire text as it came, after checking its form,
//! so round trips are byte-exact and no precision is lost.

use std::fmt;

use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::writer::escape_into;
use super::{XmlEnum, XmlText};

/// Element text that is not a valid value of its type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid {expected}")]
pub struct ValueError {
    /// What the text must be (`xs:long`).
    pub expected: &'static str,
}

/// XML Schema's whitespace facet for everything but strings is `collapse`.
fn trimmed(text: &str) -> &str {
    text.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

impl XmlText for String {
    const EXPECTED: &'static str = "xs:string";
    fn parse_text(text: &str) -> Result<Self, ValueError> {
        Ok(text.to_owned())
    }
    fn from_owned(text: String) -> Result<Self, (ValueError, String)> {
        Ok(text)
    }
    fn write_text(&self, out: &mut Vec<u8>) {
        escape_into(out, self);
    }
}

impl XmlText for bool {
    const EXPECTED: &'static str = "xs:boolean";
    fn parse_text(text: &str) -> Result<Self, ValueError> {
        match trimmed(text) {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(ValueError {
                expected: Self::EXPECTED,
            }),
        }
    }
    fn write_text(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

macro_rules! integer_text {
    ($($t:ty => $name:literal),* $(,)?) => {$(
        impl XmlText for $t {
            const EXPECTED: &'static str = $name;
            fn parse_text(text: &str) -> Result<Self, ValueError> {
                // Rust's parser takes one leading sign, as XML Schema does ("++5" is refused).
                trimmed(text).parse().map_err(|_| ValueError { expected: Self::EXPECTED })
            }
            fn write_text(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
            }
        }
    )*};
}

integer_text!(i64 => "xs:long", i32 => "xs:int", i16 => "xs:short", i8 => "xs:byte",
    u64 => "xs:unsignedLong", u32 => "xs:unsignedInt", u16 => "xs:unsignedShort", u8 => "xs:unsignedByte");

macro_rules! float_text {
    ($($t:ty => $name:literal),*) => {$(
        impl XmlText for $t {
            const EXPECTED: &'static str = $name;
            fn parse_text(text: &str) -> Result<Self, ValueError> {
                match trimmed(text) {
                    "INF" => Ok(<$t>::INFINITY),
                    "-INF" => Ok(<$t>::NEG_INFINITY),
                    "NaN" => Ok(<$t>::NAN),
                    // Rust also accepts "inf" and "nan", which XML Schema does not.
                    t if t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E')) && !t.is_empty() => {
                        t.parse().map_err(|_| ValueError { expected: Self::EXPECTED })
                    }
                    _ => Err(ValueError { expected: Self::EXPECTED }),
                }
            }
            fn write_text(&self, out: &mut Vec<u8>) {
                if self.is_nan() {
                    out.extend_from_slice(b"NaN");
                } else if self.is_infinite() {
                    out.extend_from_slice(if *self > 0.0 { b"INF" } else { b"-INF" });
                } else {
                    out.extend_from_slice(self.to_string().as_bytes());
                }
            }
        }
    )*};
}

float_text!(f64 => "xs:double", f32 => "xs:float");

impl<T: XmlEnum> XmlText for T {
    const EXPECTED: &'static str = "enumeration value";
    fn parse_text(text: &str) -> Result<Self, ValueError> {
        let t = trimmed(text);
        // Unknown values are kept (the service adds values), but text that cannot be a value
        // at all (empty, inner white space) is an error.
        if t.is_empty() || t.contains(char::is_whitespace) {
            return Err(ValueError {
                expected: Self::EXPECTED,
            });
        }
        Ok(T::from_wire(t))
    }
    fn write_text(&self, out: &mut Vec<u8>) {
        escape_into(out, self.as_wire());
    }
}

/// `xs:list` flag enums: space-separated values.
impl<T: XmlEnum> XmlText for Vec<T> {
    const EXPECTED: &'static str = "list of enumeration values";
    fn parse_text(text: &str) -> Result<Self, ValueError> {
        Ok(text.split_ascii_whitespace().map(T::from_wire).collect())
    }
    fn write_text(&self, out: &mut Vec<u8>) {
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(b' ');
            }
            escape_into(out, v.as_wire());
        }
    }
}

macro_rules! text_newtype {
    ($(#[$doc:meta])* $name:ident, $expected:literal, $check:expr) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Checks the text's form; the text is kept exactly.
            pub fn new(text: impl Into<String>) -> Result<Self, ValueError> {
                let text = text.into();
                let check: fn(&str) -> bool = $check;
                if check(trimmed(&text)) {
                    Ok($name(text))
                } else {
                    Err(ValueError { expected: $expected })
                }
            }

            /// The text as on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, ValueError> {
                Self::new(s)
            }
        }

        impl XmlText for $name {
            const EXPECTED: &'static str = $expected;
            fn parse_text(text: &str) -> Result<Self, ValueError> {
                Self::new(text)
            }
            fn write_text(&self, out: &mut Vec<u8>) {
                escape_into(out, &self.0);
            }
        }

    };
}

/// The text types but `Decimal` are JSON strings holding the wire text.
macro_rules! text_serde {
    ($($name:ident),*) => {$(
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Self::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
            }
        }
    )*};
}

/// `-?P(nY)?(nM)?(nD)?(T(nH)?(nM)?(n(.n)?S)?)?` with at least one part, each a number and its
/// designator, in that order, and a `T` only before a time part.
fn is_duration(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let Some(body) = s.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match body.split_once('T') {
        Some((date, time)) if !time.is_empty() => (date, Some(time)),
        Some(_) => return false,
        None => (body, None),
    };
    // Each part: digits (seconds may have a fraction) then its designator, in order.
    fn parts(text: &str, designators: &[u8], fraction_on: u8) -> Option<usize> {
        let bytes = text.as_bytes();
        let (mut i, mut next, mut count) = (0, 0, 0);
        while i < bytes.len() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return None;
            }
            if i < bytes.len() && bytes[i] == b'.' {
                i += 1;
                let frac = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                if i == frac || bytes.get(i) != Some(&fraction_on) {
                    return None;
                }
            }
            let unit = *bytes.get(i)?;
            let at = designators[next..].iter().position(|&d| d == unit)? + next;
            next = at + 1;
            count += 1;
            i += 1;
        }
        Some(count)
    }
    let date_parts = parts(date, b"YMD", 0);
    let time_parts = time.map_or(Some(0), |t| parts(t, b"HMS", b'S'));
    matches!((date_parts, time_parts), (Some(d), Some(t)) if d + t > 0 && (time.is_none() || t > 0))
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_date(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let mut parts = s.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    y.len() >= 4
        && y.bytes().all(|b| b.is_ascii_digit())
        && digits(m, 2)
        && digits(d, 2)
        && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&d.parse::<u8>().unwrap_or(0))
}

fn strip_zone(s: &str) -> Option<&str> {
    if let Some(rest) = s.strip_suffix('Z') {
        return Some(rest);
    }
    let bytes = s.as_bytes();
    if bytes.len() > 6
        && matches!(bytes[bytes.len() - 6], b'+' | b'-')
        && bytes[bytes.len() - 3] == b':'
    {
        let (rest, zone) = s.split_at(s.len() - 6);
        return (digits(&zone[1..3], 2) && digits(&zone[4..], 2)).then_some(rest);
    }
    Some(s)
}

fn is_time(s: &str) -> bool {
    let Some(s) = strip_zone(s) else { return false };
    let (hms, frac) = match s.split_once('.') {
        Some((hms, frac)) => (hms, Some(frac)),
        None => (s, None),
    };
    let mut parts = hms.split(':');
    let (Some(h), Some(m), Some(sec), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    digits(h, 2)
        && digits(m, 2)
        && digits(sec, 2)
        && h.parse::<u8>().unwrap_or(99) <= 24
        && m.parse::<u8>().unwrap_or(99) < 60
        && sec.parse::<u8>().unwrap_or(99) < 61
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

text_newtype!(
    /// `xs:dateTime`, kept as the wire text (.NET writes up to 7 fractional digits, with or
    /// without `Z` or an offset; a time without a zone stays without one).
    DateTime, "xs:dateTime", |s| s.split_once('T').is_some_and(|(d, t)| is_date(d) && is_time(t))
);
text_newtype!(
    /// `xs:date`, kept as the wire text.
    Date, "xs:date", |s| strip_zone(s).is_some_and(is_date)
);
text_newtype!(
    /// `xs:time`, kept as the wire text.
    Time, "xs:time", is_time
);
text_newtype!(
    /// `xs:decimal`, kept as text so no digit is lost to floating point.
    Decimal, "xs:decimal", |s| {
        let s = s.strip_prefix(['+', '-']).unwrap_or(s);
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        !(int.is_empty() && frac.is_empty()) && int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit())
    }
);
impl Decimal {
    /// The text as a JSON number: XML Schema allows `+1`, `.5`, `5.` and leading zeros, JSON
    /// does not; every significant digit (trailing zeros included) is kept.
    pub fn to_json_number_text(&self) -> String {
        let t = trimmed(&self.0);
        let (negative, t) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        let int = int.trim_start_matches('0');
        let mut out = String::with_capacity(t.len() + 2);
        if negative {
            out.push('-');
        }
        out.push_str(if int.is_empty() { "0" } else { int });
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        out
    }
}

/// A JSON number with exactly the decimal's digits (no float on the way).
impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.to_json_number_text();
        match text.parse::<serde_json::Number>() {
            Ok(number) => number.serialize(s),
            Err(_) => s.serialize_str(&self.0),
        }
    }
}

/// A JSON number (its literal text is kept) or a string.
impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DecimalVisitor;
        impl<'de> serde::de::Visitor<'de> for DecimalVisitor {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an xs:decimal as a number or a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
                Decimal::new(v).map_err(E::custom)
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Decimal, E> {
                Decimal::new(v).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
                Ok(Decimal(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
                Ok(Decimal(v.to_string()))
            }
            fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Decimal, E> {
                Ok(Decimal(v.to_string()))
            }
            fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Decimal, E> {
                Ok(Decimal(v.to_string()))
            }
            // A `serde_json::Value` hands over a number as f64 when the float prints back as
            // the literal's own text, so Rust's shortest round-trip form is that text.
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
                if !v.is_finite() {
                    return Err(E::custom(format!("{v} is not an xs:decimal")));
                }
                Ok(Decimal(v.to_string()))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<Decimal, M::Error> {
                let text = number_token(map)?;
                // JSON exponents (1e3) are not decimal text: refuse rather than convert.
                Decimal::new(text).map_err(serde::de::Error::custom)
            }
        }
        d.deserialize_any(DecimalVisitor)
    }
}

text_newtype!(
    /// `xs:duration` / WCF `ser:duration` (`-P10675199DT2H48M5.4775808S` …).
    Duration, "xs:duration", is_duration
);
text_newtype!(
    /// WCF `ser:guid`: `8-4-4-4-12` hex digits.
    Guid, "ser:guid", |s| {
        let groups: Vec<&str> = s.split('-').collect();
        groups.len() == 5
            && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
    }
);
text_newtype!(
    /// WCF `ser:char`: a UTF-16 code unit written as an `xs:int`.
    Char, "ser:char", |s| s.parse::<u16>().is_ok()
);

text_serde!(DateTime, Date, Time, Duration, Guid, Char);

/// `xs:base64Binary`: the decoded bytes (e.g. the `TimeStamp` row versions that guard updates
/// and deletes). JSON carries it as base64 text.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64Binary(pub Vec<u8>);

impl Base64Binary {
    /// The bytes as standard base64 text, with padding.
    pub fn to_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.0)
    }

    /// Decodes standard base64 text, ignoring ASCII white space.
    pub fn from_base64(text: &str) -> Result<Self, ValueError> {
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        base64::engine::general_purpose::STANDARD
            .decode(compact)
            .map(Base64Binary)
            .map_err(|_| ValueError {
                expected: "xs:base64Binary",
            })
    }
}

impl From<Vec<u8>> for Base64Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Base64Binary(bytes)
    }
}

impl fmt::Debug for Base64Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64Binary({:?})", self.to_base64())
    }
}

impl XmlText for Base64Binary {
    const EXPECTED: &'static str = "xs:base64Binary";
    fn parse_text(text: &str) -> Result<Self, ValueError> {
        Self::from_base64(text)
    }
    fn write_text(&self, out: &mut Vec<u8>) {
        let start = out.len();
        out.resize(
            start + base64::encoded_len(self.0.len(), true).unwrap_or(0),
            0,
        );
        let written = base64::engine::general_purpose::STANDARD
            .encode_slice(&self.0, &mut out[start..])
            .unwrap_or(0);
        out.truncate(start + written);
    }
}

impl Serialize for Base64Binary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // TimeStamps (8 bytes, 12 characters) and other short values are encoded on the
        // stack, in a buffer small enough that clearing it costs nothing.
        let mut buffer = [0u8; 44];
        match base64::engine::general_purpose::STANDARD.encode_slice(&self.0, &mut buffer) {
            Ok(n) => match std::str::from_utf8(&buffer[..n]) {
                Ok(text) => s.serialize_str(text),
                Err(_) => s.serialize_str(&self.to_base64()),
            },
            Err(_) => s.serialize_str(&self.to_base64()),
        }
    }
}

impl<'de> Deserialize<'de> for Base64Binary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::from_base64(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// The literal text of a number that serde_json (with `arbitrary_precision`) hands over as a
/// one-entry map.
pub(crate) fn number_token<'de, M: serde::de::MapAccess<'de>>(
    mut map: M,
) -> Result<String, M::Error> {
    const TOKEN: &str = "$serde_json::private::Number";
    match map.next_key::<String>()? {
        Some(key) if key == TOKEN => map.next_value::<String>(),
        _ => Err(serde::de::Error::custom(
            "expected a number, found an object",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_keep_their_text() {
        for ok in [
            "2024-01-31T10:11:12",
            "2024-01-31T10:11:12.1234567Z",
            "2024-01-31T10:11:12+05:30",
            "2024-01-31T23:59:59.5-08:00",
        ] {
            assert_eq!(DateTime::parse_text(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "",
            "2024-13-01T00:00:00",
            "2024-01-31",
            "2024-01-31T25:00",
            "yesterday",
            "2024-01-31T10:11:12.",
        ] {
            assert!(DateTime::parse_text(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(i64::parse_text(" 9223372036854775807 ").unwrap(), i64::MAX);
        assert!(i64::parse_text("9223372036854775808").is_err());
        assert!(u8::parse_text("256").is_err());
        assert!(f64::parse_text("inf").is_err());
        assert_eq!(f64::parse_text("INF").unwrap(), f64::INFINITY);
        assert!(Decimal::parse_text("12.50").is_ok());
        assert!(Decimal::parse_text("1e5").is_err());
        assert!(bool::parse_text("yes").is_err());
    }

    #[test]
    fn base64_and_guid() {
        assert_eq!(
            Base64Binary::parse_text("AAAAAAAAB9E=").unwrap().0,
            vec![0, 0, 0, 0, 0, 0, 7, 209]
        );
        assert!(Base64Binary::parse_text("not base64!").is_err());
        let mut out = Vec::new();
        Base64Binary(vec![0, 0, 0, 0, 0, 0, 7, 209]).write_text(&mut out);
        assert_eq!(out, b"AAAAAAAAB9E=");
        assert!(Guid::parse_text("0f4a5c2e-1b2c-4d5e-8f90-a1b2c3d4e5f6").is_ok());
        assert!(Guid::parse_text("0f4a5c2e1b2c4d5e8f90a1b2c3d4e5f6").is_err());
    }
}
