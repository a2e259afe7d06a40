//! The JSON view of a slot holding a derived type, which is the REST form: the derived type's
//! REST name under `"Type"`, present only when the value is not of the slot's declared type.
//! Where the base type has a real `Type` element (Ad's `AdType`), that element is the
//! discriminator. The retired `"@type"` key is still read.
//!
//! ```
//! // A Campaign Management ad in a base-typed slot reads as {"Type": "ResponsiveSearch", …};
//! // the generated `Any…` enums dispatch on this key.
//! let ad: serde_json::Value = serde_json::json!({"Type": "ResponsiveSearch", "Id": "7"});
//! assert_eq!(ad[bingads::xml::poly::TAG], "ResponsiveSearch");
//! ```

use serde::{Serialize, Serializer};
use serde_json::Value;

/// The discriminator key.
pub const TAG: &str = "Type";
/// The key earlier releases wrote; read, never written.
const LEGACY_TAG: &str = "@type";

/// Serializes `value`, setting `"Type": type_name` when given.
pub fn serialize_tagged<S: Serializer, T: Serialize>(
    s: S,
    type_name: Option<&str>,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let Some(type_name) = type_name else {
        return value.serialize(s);
    };
    match serde_json::to_value(value).map_err(serde::ser::Error::custom)? {
        Value::Object(map) => with_tag(Value::Object(map), type_name).serialize(s),
        other => other.serialize(s),
    }
}

/// `value` (an object) with `"Type": type_name`.
pub fn with_tag(value: Value, type_name: &str) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = serde_json::Map::with_capacity(map.len() + 1);
            out.insert(TAG.into(), Value::String(type_name.into()));
            for (k, v) in map {
                if k != TAG {
                    out.insert(k, v);
                }
            }
            Value::Object(out)
        }
        other => other,
    }
}

/// The discriminator of a JSON object and the object. `keep` leaves `"Type"` in place (the
/// base type's own element); the legacy `"@type"` is always taken out.
pub fn split_tag(value: Value, keep: bool) -> Result<(Option<String>, Value), String> {
    match value {
        Value::Object(mut map) => {
            let legacy = map.remove(LEGACY_TAG);
            let tag = match (if keep {
                map.get(TAG).cloned()
            } else {
                map.remove(TAG)
            })
            .or(legacy)
            {
                None | Some(Value::Null) => None,
                Some(Value::String(t)) => Some(t),
                Some(other) => return Err(format!("\"Type\" must be a string, not {other}")),
            };
            Ok((tag, Value::Object(map)))
        }
        other => Err(format!("expected a JSON object, found {other}")),
    }
}

/// A sample for a slot whose base has a real `Type` element, with that element as every value
/// on the wire has it: naming the derived type, or absent for the base itself (feature
/// `samples`).
#[cfg(feature = "samples")]
pub fn with_type_field<T: Serialize + serde::de::DeserializeOwned>(
    value: T,
    type_name: Option<&str>,
) -> T {
    let tagged = serde_json::to_value(&value).map(|v| match (v, type_name) {
        (v, Some(name)) => with_tag(v, name),
        (Value::Object(mut map), None) => {
            map.remove(TAG);
            Value::Object(map)
        }
        (v, None) => v,
    });
    match tagged.and_then(serde_json::from_value) {
        Ok(tagged) => tagged,
        Err(_) => value,
    }
}
