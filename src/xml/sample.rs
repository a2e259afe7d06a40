//! Deterministic, fully populated values for every generated type (feature `samples`): the
//! request snapshots, the conformance tests against the service documentation and the round
//! trips all start from them. Each value is chosen to exercise its codec: a long past 2^53,
//! text that needs escaping, a dateTime with 7 fractional digits.

use super::{
    Base64Binary, Char, Date, DateTime, Decimal, Duration, Guid, Ns, Time, XmlComplex, XmlPoly,
    XmlReader, XmlWriter,
};

/// A deterministic, fully populated value of a type.
pub trait Sample {
    /// The value: every optional field set, every list two different items long.
    fn sample() -> Self;

    /// A second value, different from [`Sample::sample`] wherever the type allows: the second
    /// item of every sample list, so a reordered or duplicated item changes the output.
    fn sample_second() -> Self
    where
        Self: Sized,
    {
        Self::sample()
    }
}

impl<T: Sample> Sample for Option<T> {
    fn sample() -> Self {
        Some(T::sample())
    }

    fn sample_second() -> Self {
        Some(T::sample_second())
    }
}

/// Two different items, so list handling is exercised beyond the first and in order.
impl<T: Sample> Sample for Vec<T> {
    fn sample() -> Self {
        vec![T::sample(), T::sample_second()]
    }

    fn sample_second() -> Self {
        vec![T::sample_second(), T::sample()]
    }
}

macro_rules! sample {
    ($($t:ty => $v:expr, $second:expr);* $(;)?) => {$(
        impl Sample for $t {
            fn sample() -> Self {
                $v
            }

            fn sample_second() -> Self {
                $second
            }
        }
    )*};
}

sample!(
    String => "Sample <text> & 'more'".to_string(), "Second \"text\" > first".to_string();
    bool => true, false;
    i64 => 9_007_199_254_740_993, -9_007_199_254_740_995;
    i32 => 2_147_483_601, -2_147_483_602;
    i16 => -32_001, 32_002;
    i8 => -101, 102;
    u64 => 18_446_744_073_709_551_601, 9_007_199_254_740_997;
    u32 => 4_294_967_201, 3_000_000_002;
    u16 => 65_001, 60_002;
    u8 => 201, 202;
    f64 => 1234.5, -0.125;
    f32 => 0.25, -3.5;
    Decimal => Decimal::new("12345678901234567890.1234567").unwrap_or_else(|_| unreachable!()),
        Decimal::new("-0.0000001").unwrap_or_else(|_| unreachable!());
    DateTime => DateTime::new("2024-02-29T13:45:30.1234567Z").unwrap_or_else(|_| unreachable!()),
        DateTime::new("1999-12-31T23:59:59+05:30").unwrap_or_else(|_| unreachable!());
    Date => Date::new("2024-02-29").unwrap_or_else(|_| unreachable!()),
        Date::new("1999-12-31").unwrap_or_else(|_| unreachable!());
    Time => Time::new("13:45:30").unwrap_or_else(|_| unreachable!()),
        Time::new("00:00:01.5").unwrap_or_else(|_| unreachable!());
    Duration => Duration::new("P1DT2H3M4.5S").unwrap_or_else(|_| unreachable!()),
        Duration::new("-PT30M").unwrap_or_else(|_| unreachable!());
    Guid => Guid::new("0f4a5c2e-1b2c-4d5e-8f90-a1b2c3d4e5f6").unwrap_or_else(|_| unreachable!()),
        Guid::new("a1b2c3d4-e5f6-4a5b-9c8d-0f1e2d3c4b5a").unwrap_or_else(|_| unreachable!());
    Char => Char::new("65").unwrap_or_else(|_| unreachable!()),
        Char::new("122").unwrap_or_else(|_| unreachable!());
    Base64Binary => Base64Binary(vec![0, 0, 0, 0, 0, 0, 7, 209]), Base64Binary(vec![255, 0, 1]);
);
/// `<Root>` in the service namespace (and `xmlns:i`) around what `write` writes.
fn wrapped(
    namespaces: &'static super::Namespaces,
    write: impl FnOnce(&mut XmlWriter<'_>),
) -> Vec<u8> {
    let mut w = XmlWriter::new(Vec::new(), namespaces);
    w.raw(
        format!(
            "<Root xmlns=\"{}\" xmlns:i=\"{}\">",
            namespaces.uris[0],
            super::XSI_NS
        )
        .as_bytes(),
    );
    write(&mut w);
    w.raw(b"</Root>");
    w.into_inner()
}

/// The value survives serde JSON unchanged.
fn json_round_trip<T>(value: &T) -> Result<(), String>
where
    T: PartialEq + serde::Serialize + serde::de::DeserializeOwned,
{
    let json = serde_json::to_string(value).map_err(|e| e.to_string())?;
    let back: T = serde_json::from_str(&json).map_err(|e| format!("{e} in {json}"))?;
    if back != *value {
        return Err(format!("JSON round trip changed the value: {json}"));
    }
    Ok(())
}

/// Writes `T::sample()` inside a wrapper element, reads it back and compares; then the same
/// through JSON. `Err` says what differed.
pub fn round_trip<T>(namespaces: &'static super::Namespaces) -> Result<(), String>
where
    T: XmlComplex
        + Sample
        + PartialEq
        + std::fmt::Debug
        + serde::Serialize
        + serde::de::DeserializeOwned,
{
    let value = T::sample();
    let xml = wrapped(namespaces, |w| value.write_fields(w));
    let mut r =
        XmlReader::new(&xml, namespaces, super::Limits::default()).map_err(|e| e.to_string())?;
    r.root().map_err(|e| e.to_string())?;
    let back =
        T::read_fields(&mut r).map_err(|e| format!("{e} in {}", String::from_utf8_lossy(&xml)))?;
    if back != value {
        return Err(format!(
            "XML round trip changed the value:\n{value:?}\n{back:?}"
        ));
    }
    json_round_trip(&value)
}

/// Writes `value` into a slot declared with its base type (`i:type` for a derived value),
/// reads it back through the slot's dispatch and compares; then the same through JSON
/// (`"@type"`).
pub fn round_trip_poly<A>(value: A, namespaces: &'static super::Namespaces) -> Result<(), String>
where
    A: XmlPoly + PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
{
    let xml = wrapped(namespaces, |w| w.poly_element(Ns(0), "Slot", &value));
    let text = || String::from_utf8_lossy(&xml).into_owned();
    let mut r =
        XmlReader::new(&xml, namespaces, super::Limits::default()).map_err(|e| e.to_string())?;
    r.root().map_err(|e| e.to_string())?;
    let slot = r
        .next_child()
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no slot element in {}", text()))?;
    let back = A::read_poly(&mut r, &slot).map_err(|e| format!("{e} in {}", text()))?;
    if back != value {
        return Err(format!(
            "XML round trip changed the value:\n{value:?}\n{back:?}\nin {}",
            text()
        ));
    }
    json_round_trip(&value)
}
