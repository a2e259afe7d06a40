//! The JSON wire form of the generated types (Microsoft's REST bodies, and the CLI's JSON): serde
//! adapters the generator names per field (`#[serde(with = "crate::rest::json::As::<…>")]`).
//!
//! - [`Long`]: `xs:long` is a JSON string (`"123"`); read from a string or a number.
//! - [`Flags`]: an `xs:list` of flags is one string joined with `", "`; read from that, names
//!   separated by commas and/or white space, or an array of names.
//! - [`Double`]: `xs:double` / `xs:float` are JSON numbers, and the values JSON has no number
//!   for are the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (as .NET writes them), never a
//!   silent `null`.
//! - [`NullAsEmpty`]: a `null` inner list of a list of lists reads as an empty list, so every
//!   later list keeps its position (per-item partial errors).
//! - [`Opt`] and [`List`] carry an adapter into `Option` and `Vec`; [`Same`] is the type's
//!   own serde form.
//!
//! `xs:decimal` needs no adapter: [`crate::xml::Decimal`] writes a JSON number with exactly its
//! digits and reads one by its literal text (serde_json's `arbitrary_precision`).
//!
//! ```
//! use bingads::v13::customer_management::entities::AdvertiserAccount;
//!
//! let account = AdvertiserAccount { id: Some(9_007_199_254_740_993), ..Default::default() };
//! // A long past 2^53 survives JavaScript and Python float parsing: it is a string.
//! assert_eq!(serde_json::to_string(&account).unwrap(), r#"{"Id":"9007199254740993"}"#);
//! let back: AdvertiserAccount = serde_json::from_str(r#"{"Id": 42}"#).unwrap();
//! assert_eq!(back.id, Some(42));
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::xml::values::number_token;
use crate::xml::XmlEnum;

thread_local! {
    static WITH_NULLS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `serialize` with every absent nillable member written as `null`, the way the REST
/// service writes its answers (the emulator's REST front door). Serialization is synchronous,
/// so the mode is per thread and lasts exactly as long as `serialize`; requests, written
/// outside it, leave absent members out.
pub fn with_nulls<R>(serialize: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            WITH_NULLS.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(WITH_NULLS.with(|c| c.replace(true)));
    serialize()
}

/// `skip_serializing_if` of the generated nillable members: absent members are left out,
/// except inside [`with_nulls`].
pub fn skip_absent<T>(value: &Option<T>) -> bool {
    value.is_none() && !WITH_NULLS.with(std::cell::Cell::get)
}

/// Serializes a `T` the way `Self` says.
pub trait SerializeAs<T: ?Sized> {
    /// Serializes `value` in this adapter's form.
    fn serialize_as<S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error>;
}

/// Deserializes a `T` the way `Self` says.
pub trait DeserializeAs<'de, T>: Sized {
    /// Deserializes a `T` from this adapter's form.
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<T, D::Error>;
}

/// The entry point of `#[serde(with = "crate::rest::json::As::<Adapter>")]`.
pub struct As<A: ?Sized>(PhantomData<A>);

impl<A: ?Sized> As<A> {
    /// The `serialize_with` half: writes `value` through adapter `A`.
    pub fn serialize<S: Serializer, T: ?Sized>(value: &T, s: S) -> Result<S::Ok, S::Error>
    where
        A: SerializeAs<T>,
    {
        A::serialize_as(value, s)
    }

    /// The `deserialize_with` half: reads a `T` through adapter `A`.
    pub fn deserialize<'de, D: Deserializer<'de>, T>(d: D) -> Result<T, D::Error>
    where
        A: DeserializeAs<'de, T>,
    {
        A::deserialize_as(d)
    }
}

/// A value serialized through an adapter.
struct With<'a, T: ?Sized, A: ?Sized>(&'a T, PhantomData<A>);

impl<T: ?Sized, A: SerializeAs<T> + ?Sized> Serialize for With<'_, T, A> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        A::serialize_as(self.0, s)
    }
}

/// A value deserialized through an adapter.
struct Seed<T, A>(PhantomData<(T, A)>);

impl<'de, T, A: DeserializeAs<'de, T>> DeserializeSeed<'de> for Seed<T, A> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        A::deserialize_as(d)
    }
}

/// The type's own serde form.
pub struct Same;

impl<T: Serialize> SerializeAs<T> for Same {
    fn serialize_as<S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> DeserializeAs<'de, T> for Same {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::deserialize(d)
    }
}

/// `Option<T>` with `A` inside; `null` is `None`.
pub struct Opt<A>(PhantomData<A>);

impl<T, A: SerializeAs<T>> SerializeAs<Option<T>> for Opt<A> {
    fn serialize_as<S: Serializer>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_some(&With::<T, A>(v, PhantomData)),
            None => s.serialize_none(),
        }
    }
}

impl<'de, T, A: DeserializeAs<'de, T>> DeserializeAs<'de, Option<T>> for Opt<A> {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        struct OptVisitor<T, A>(PhantomData<(T, A)>);
        impl<'de, T, A: DeserializeAs<'de, T>> Visitor<'de> for OptVisitor<T, A> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                A::deserialize_as(d).map(Some)
            }
        }
        d.deserialize_option(OptVisitor::<T, A>(PhantomData))
    }
}

/// `Vec<T>` as a JSON array, each item through `A`.
pub struct List<A>(PhantomData<A>);

impl<T, A: SerializeAs<T>> SerializeAs<Vec<T>> for List<A> {
    fn serialize_as<S: Serializer>(value: &Vec<T>, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(value.len()))?;
        for item in value {
            seq.serialize_element(&With::<T, A>(item, PhantomData))?;
        }
        seq.end()
    }
}

impl<'de, T, A: DeserializeAs<'de, T>> DeserializeAs<'de, Vec<T>> for List<A> {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        struct ListVisitor<T, A>(PhantomData<(T, A)>);
        impl<'de, T, A: DeserializeAs<'de, T>> Visitor<'de> for ListVisitor<T, A> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<V: SeqAccess<'de>>(self, mut seq: V) -> Result<Vec<T>, V::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element_seed(Seed::<T, A>(PhantomData))? {
                    out.push(item);
                }
                Ok(out)
            }
        }
        d.deserialize_seq(ListVisitor::<T, A>(PhantomData))
    }
}

/// An inner list of a list of lists: `null` reads as an empty list, holding its place.
pub struct NullAsEmpty<A>(PhantomData<A>);

impl<T, A: SerializeAs<Vec<T>>> SerializeAs<Vec<T>> for NullAsEmpty<A> {
    fn serialize_as<S: Serializer>(value: &Vec<T>, s: S) -> Result<S::Ok, S::Error> {
        A::serialize_as(value, s)
    }
}

impl<'de, T, A: DeserializeAs<'de, Vec<T>>> DeserializeAs<'de, Vec<T>> for NullAsEmpty<A> {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        Opt::<A>::deserialize_as(d).map(Option::unwrap_or_default)
    }
}

/// `xs:long` (and `xs:unsignedLong`): a JSON string of digits; a number is accepted on input.
pub struct Long;

macro_rules! long_as {
    ($($t:ty),*) => {$(
        impl SerializeAs<$t> for Long {
            fn serialize_as<S: Serializer>(value: &$t, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(itoa::Buffer::new().format(*value))
            }
        }

        impl<'de> DeserializeAs<'de, $t> for Long {
            fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                struct LongVisitor;
                impl<'de> Visitor<'de> for LongVisitor {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        write!(f, "a {} as a string of digits or a number", stringify!($t))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                        // Digits with an optional leading minus, read in one pass: `parse`
                        // refuses spaces, empty text and a lone sign itself, and takes a plus.
                        if v.starts_with('+') {
                            return Err(E::invalid_value(de::Unexpected::Str(v), &self));
                        }
                        v.parse().map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
                        <$t>::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
                        <$t>::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
                    }
                    fn visit_map<M: de::MapAccess<'de>>(self, map: M) -> Result<$t, M::Error> {
                        // serde_json's arbitrary-precision number token.
                        let text = number_token(map)?;
                        self.visit_str(&text)
                    }
                }
                d.deserialize_any(LongVisitor)
            }
        }
    )*};
}

long_as!(i64, u64);

/// `xs:double` / `xs:float`: a JSON number, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub struct Double;

macro_rules! double_as {
    ($($t:ty),*) => {$(
        impl SerializeAs<$t> for Double {
            fn serialize_as<S: Serializer>(value: &$t, s: S) -> Result<S::Ok, S::Error> {
                if value.is_nan() {
                    s.serialize_str("NaN")
                } else if value.is_infinite() {
                    s.serialize_str(if *value > 0.0 { "Infinity" } else { "-Infinity" })
                } else {
                    value.serialize(s)
                }
            }
        }

        impl<'de> DeserializeAs<'de, $t> for Double {
            fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                struct DoubleVisitor;
                impl<'de> Visitor<'de> for DoubleVisitor {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a number, or \"NaN\", \"Infinity\", \"-Infinity\"")
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                        match v {
                            "NaN" => Ok(<$t>::NAN),
                            "Infinity" | "INF" => Ok(<$t>::INFINITY),
                            "-Infinity" | "-INF" => Ok(<$t>::NEG_INFINITY),
                            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                        }
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$t, E> {
                        Ok(v as $t)
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
                        Ok(v as $t)
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
                        Ok(v as $t)
                    }
                    fn visit_map<M: de::MapAccess<'de>>(self, map: M) -> Result<$t, M::Error> {
                        // serde_json's arbitrary-precision number token.
                        let text = number_token(map)?;
                        text.parse().map_err(|_| de::Error::invalid_value(de::Unexpected::Str(&text), &self))
                    }
                }
                d.deserialize_any(DoubleVisitor)
            }
        }
    )*};
}

double_as!(f64, f32);

/// An `xs:list` of flags: one string, the names joined with `", "`.
pub struct Flags;

impl<E: XmlEnum> SerializeAs<Vec<E>> for Flags {
    fn serialize_as<S: Serializer>(value: &Vec<E>, s: S) -> Result<S::Ok, S::Error> {
        let mut text = String::new();
        for (i, flag) in value.iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            text.push_str(flag.as_wire());
        }
        s.serialize_str(&text)
    }
}

impl<'de, E: XmlEnum> DeserializeAs<'de, Vec<E>> for Flags {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Vec<E>, D::Error> {
        struct FlagsVisitor<E>(PhantomData<E>);
        impl<'de, E: XmlEnum> Visitor<'de> for FlagsVisitor<E> {
            type Value = Vec<E>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("flag names in one string (\"A, B\") or an array of names")
            }
            fn visit_str<Er: de::Error>(self, v: &str) -> Result<Vec<E>, Er> {
                Ok(v.split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|name| !name.is_empty())
                    .map(E::from_wire)
                    .collect())
            }
            fn visit_seq<V: SeqAccess<'de>>(self, mut seq: V) -> Result<Vec<E>, V::Error> {
                let mut out = Vec::new();
                while let Some(name) = seq.next_element::<std::borrow::Cow<'de, str>>()? {
                    if name.is_empty() || name.contains(|c: char| c == ',' || c.is_whitespace()) {
                        return Err(de::Error::invalid_value(de::Unexpected::Str(&name), &self));
                    }
                    out.push(E::from_wire(&name));
                }
                Ok(out)
            }
        }
        d.deserialize_any(FlagsVisitor::<E>(PhantomData))
    }
}

/// Reads an enumeration value from its wire text, known or not, without buffering: the
/// generated enums' `Deserialize`.
pub fn wire_enum<'de, D: Deserializer<'de>, T: XmlEnum>(d: D) -> Result<T, D::Error> {
    struct WireEnum<T>(PhantomData<T>);
    impl<T: XmlEnum> Visitor<'_> for WireEnum<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an enumeration value (a string)")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from_wire(v))
        }
    }
    d.deserialize_str(WireEnum(PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Sample {
        #[serde(
            rename = "Id",
            default,
            skip_serializing_if = "Option::is_none",
            with = "As::<Opt<Long>>"
        )]
        id: Option<i64>,
        #[serde(
            rename = "Ids",
            default,
            skip_serializing_if = "Option::is_none",
            with = "As::<Opt<List<Long>>>"
        )]
        ids: Option<Vec<i64>>,
        #[serde(
            rename = "Nested",
            default,
            skip_serializing_if = "Option::is_none",
            with = "As::<Opt<List<NullAsEmpty<List<Long>>>>>"
        )]
        nested: Option<Vec<Vec<i64>>>,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Amounts {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "As::<Opt<List<Double>>>"
        )]
        values: Option<Vec<f64>>,
    }

    #[test]
    fn doubles_that_json_cannot_spell_are_named_never_null() {
        let amounts = Amounts {
            values: Some(vec![1.5, f64::INFINITY, f64::NEG_INFINITY, 2.0]),
        };
        let text = serde_json::to_string(&amounts).unwrap();
        assert_eq!(text, r#"{"values":[1.5,"Infinity","-Infinity",2.0]}"#);
        assert_eq!(serde_json::from_str::<Amounts>(&text).unwrap(), amounts);
        let nan = Amounts {
            values: Some(vec![f64::NAN]),
        };
        assert_eq!(
            serde_json::to_string(&nan).unwrap(),
            r#"{"values":["NaN"]}"#
        );
        let back: Amounts = serde_json::from_str(r#"{"values":["NaN", 3, -0.25]}"#).unwrap();
        let values = back.values.unwrap();
        assert!(values[0].is_nan() && values[1] == 3.0 && values[2] == -0.25);
        assert!(serde_json::from_str::<Amounts>(r#"{"values":["nan"]}"#).is_err());
        assert!(serde_json::from_str::<Amounts>(r#"{"values":[null]}"#).is_err());
    }

    #[test]
    fn longs_are_strings_and_read_from_either() {
        let s = Sample {
            id: Some(9_007_199_254_740_993),
            ids: Some(vec![1, -2]),
            nested: Some(vec![vec![3], vec![]]),
        };
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"Id":"9007199254740993","Ids":["1","-2"],"Nested":[["3"],[]]}"#
        );
        let read: Sample = serde_json::from_str(
            r#"{"Id": 9007199254740993, "Ids": ["1", -2], "Nested": [["3"], null]}"#,
        )
        .unwrap();
        assert_eq!(read, s);
        let nulls: Sample = serde_json::from_str(r#"{"Id": null, "Ids": null}"#).unwrap();
        assert_eq!(
            nulls,
            Sample {
                id: None,
                ids: None,
                nested: None
            }
        );
        for bad in [
            r#"{"Id": "++5"}"#,
            r#"{"Id": "+5"}"#,
            r#"{"Id": "-"}"#,
            r#"{"Id": "--5"}"#,
            r#"{"Id": "-+5"}"#,
            r#"{"Id": " 5"}"#,
            r#"{"Id": "5x"}"#,
            r#"{"Id": 1.5}"#,
            r#"{"Id": ""}"#,
            r#"{"Id": "99999999999999999999"}"#,
            r#"{"Id": "5 "}"#,
            r#"{"Id": "\u0665"}"#,
        ] {
            assert!(serde_json::from_str::<Sample>(bad).is_err(), "{bad}");
        }
        for (text, id) in [("-12", -12), ("-0", 0), ("00", 0), ("0042", 42)] {
            let read: Sample = serde_json::from_str(&format!(r#"{{"Id": "{text}"}}"#)).unwrap();
            assert_eq!(read.id, Some(id), "{text}");
        }
        #[derive(Debug, serde::Deserialize)]
        struct Unsigned {
            #[serde(rename = "N", default, with = "As::<Opt<Long>>")]
            n: Option<u64>,
        }
        let read: Unsigned = serde_json::from_str(r#"{"N": "18446744073709551615"}"#).unwrap();
        assert_eq!(read.n, Some(u64::MAX));
        for bad in ["-5", "-0", "+5", "18446744073709551616"] {
            let text = format!(r#"{{"N": "{bad}"}}"#);
            assert!(serde_json::from_str::<Unsigned>(&text).is_err(), "{bad}");
        }
    }

    /// A value of the wrong JSON shape is an error that says what was expected.
    #[test]
    fn a_wrong_shape_names_what_was_expected() {
        let err = serde_json::from_str::<Sample>(r#"{"Ids": "1"}"#).unwrap_err();
        assert!(err.to_string().contains("expected an array"), "{err}");
        #[cfg(feature = "v13")]
        {
            use crate::v13::customer_management::FindAccountsOrCustomersInfoRequest;
            let err = serde_json::from_str::<FindAccountsOrCustomersInfoRequest>(
                r#"{"ReturnAdditionalFields": 7}"#,
            )
            .unwrap_err();
            assert!(
                err.to_string().contains("flag names in one string"),
                "{err}"
            );
            // An array holds one name per item: a list or a blank inside an item is refused.
            for bad in [
                r#"["AccountMode, TaxCertificate"]"#,
                r#"["AccountMode TaxCertificate"]"#,
                r#"[""]"#,
            ] {
                let text = format!(r#"{{"ReturnAdditionalFields": {bad}}}"#);
                assert!(
                    serde_json::from_str::<FindAccountsOrCustomersInfoRequest>(&text).is_err(),
                    "{bad}"
                );
            }
            let good = serde_json::from_str::<FindAccountsOrCustomersInfoRequest>(
                r#"{"ReturnAdditionalFields": ["AccountMode", "TaxCertificate"]}"#,
            )
            .unwrap();
            assert_eq!(good.return_additional_fields.map(|f| f.len()), Some(2));
            let err = serde_json::from_str::<
                crate::v13::customer_management::entities::UserInvitation,
            >(r#"{"Lcid": 1033}"#)
            .unwrap_err();
            assert!(
                err.to_string().contains("expected an enumeration value"),
                "{err}"
            );
        }
    }
}
