//! The JSON view of a slot holding a derived type: the derived type's WSDL name under
//! `"@type"`, present only when it differs from the slot's declared type (XML names cannot
//! start with `@`, so it never collides with an element).

use serde::{Serialize, Serializer};
use serde_json::Value;

/// Serializes `value`, adding `"@type": type_name` when given.
pub fn serialize_tagged<S: Serializer, T: Serialize>(
    s: S,
    type_name: Option<&str>,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let Some(type_name) = type_name else {
        return value.serialize(s);
    };
    match serde_json::to_value(value).map_err(serde::ser::Error::custom)? {
        Value::Object(mut map) => {
            map.insert("@type".into(), Value::String(type_name.into()));
            map.serialize(s)
        }
        other => other.serialize(s),
    }
}

/// Takes `"@type"` out of a JSON object: the tag (if any) and the rest.
pub fn split_tag(value: Value) -> Result<(Option<String>, Value), String> {
    match value {
        Value::Object(mut map) => {
            let tag = match map.remove("@type") {
                None => None,
                Some(Value::String(t)) => Some(t),
                Some(other) => return Err(format!("\"@type\" must be a string, not {other}")),
            };
            Ok((tag, Value::Object(map)))
        }
        other => Err(format!("expected a JSON object, found {other}")),
    }
}
