//! The JSON view of operations addressed by name (CLI `envelope`, `parse`, `call`).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::envelope::{parse_response, write_envelope, EnvelopeOptions, RequestHeaders, SoapError};
use super::{SoapRequest, SoapResponse};
use crate::xml::Limits;

/// A response body as JSON, with the TrackingId header.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedJson {
    pub tracking_id: Option<String>,
    pub body: Value,
}

impl ParsedJson {
    /// `{"tracking_id": "...", "body": {...}}`, `tracking_id` omitted when the response had none.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        if let Some(id) = &self.tracking_id {
            out.insert("tracking_id".into(), json!(id));
        }
        out.insert("body".into(), self.body.clone());
        Value::Object(out)
    }
}

pub(super) fn envelope_from_json<R: SoapRequest + DeserializeOwned>(
    json: &str,
    headers: &RequestHeaders,
    options: &EnvelopeOptions,
) -> Result<Vec<u8>, serde_json::Error> {
    let request: R = serde_json::from_str(json)?;
    Ok(write_envelope(&request, headers, options))
}

pub(super) fn parse_to_json<T: SoapResponse + Serialize>(
    body: &[u8],
    limits: &Limits,
) -> Result<ParsedJson, SoapError> {
    let response = parse_response::<T>(body, limits)?;
    // Generated types serialize to JSON without failure: string keys, no non-finite floats
    // (serde_json writes those as null).
    let body = serde_json::to_value(&response.body).unwrap_or(Value::Null);
    Ok(ParsedJson {
        tracking_id: response.tracking_id,
        body,
    })
}

/// Deterministic, fully populated values of one operation's types, for tests and tools.
#[cfg(feature = "samples")]
pub struct Samples {
    /// The request envelope with every field of the request populated.
    pub request_envelope: fn(&RequestHeaders, &EnvelopeOptions) -> Vec<u8>,
    /// The JSON view of that request.
    pub request_json: fn() -> String,
    /// A response envelope with every field populated and the given TrackingId.
    pub response_envelope: fn(Option<&str>) -> Vec<u8>,
    /// Parses a response envelope and writes it back (to check that nothing is dropped).
    pub reserialize_response: fn(&[u8]) -> Result<Vec<u8>, SoapError>,
    /// Parses a request envelope and writes its body back with the same headers.
    pub reserialize_request: fn(&[u8]) -> Result<Vec<u8>, crate::xml::XmlError>,
}

#[cfg(feature = "samples")]
impl Samples {
    pub(super) const fn of<R>() -> Self
    where
        R: SoapRequest + crate::xml::Sample + Serialize,
        R::Response: crate::xml::Sample,
    {
        Samples {
            request_envelope: |headers, options| write_envelope(&R::sample(), headers, options),
            request_json: || serde_json::to_string(&R::sample()).unwrap_or_default(),
            response_envelope: |tracking_id| {
                super::write_response_envelope(
                    &<R::Response as crate::xml::Sample>::sample(),
                    tracking_id,
                )
            },
            reserialize_response: |bytes| {
                let parsed = parse_response::<R::Response>(bytes, &Limits::default())?;
                Ok(super::write_response_envelope(
                    &parsed.body,
                    parsed.tracking_id.as_deref(),
                ))
            },
            reserialize_request: |bytes| {
                let parsed = super::parse_request::<R>(bytes, &Limits::default())?;
                let options = EnvelopeOptions {
                    with_action_header: parsed.action.is_some(),
                };
                Ok(write_envelope(&parsed.body, &parsed.headers, &options))
            },
        }
    }
}
