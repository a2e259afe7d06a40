//! The type-erased functions behind [`super::DynOperation`], one generic instance per operation.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::model::{OperationRequest, OperationResponse, RequestHeaders};
use crate::soap::{
    parse_request, parse_response, try_write_envelope, write_envelope,
    write_service_response_envelope, EnvelopeOptions, SoapError,
};
use crate::xml::{Limits, XmlError};

/// A response body as JSON, with the TrackingId header.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedJson {
    /// The `TrackingId` header, when the response had one.
    pub tracking_id: Option<String>,
    /// The response body as its JSON view.
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

pub(super) fn envelope_from_json<R: OperationRequest + DeserializeOwned>(
    json: &str,
    headers: &RequestHeaders,
    options: &EnvelopeOptions,
) -> Result<Vec<u8>, serde_json::Error> {
    let request: R = serde_json::from_str(json)?;
    Ok(write_envelope(&request, headers, options))
}

/// A request built from its JSON view, ready to be written with any headers (once per attempt).
pub struct DynRequest {
    /// The operation the request is for.
    pub operation: &'static super::DynOperation,
    pub(crate) write: RequestWriter,
    /// The REST body: the typed request written back in the JSON wire form.
    pub(crate) rest_body: Vec<u8>,
}

impl DynRequest {
    /// The request envelope with these headers, or why it cannot be written faithfully (see
    /// [`crate::soap::try_write_envelope`]).
    pub fn envelope(
        &self,
        headers: &RequestHeaders,
        options: &EnvelopeOptions,
    ) -> Result<Vec<u8>, String> {
        (self.write)(headers, options)
    }

    /// The REST request body (JSON, WSDL element names, longs as strings).
    pub fn rest_body(&self) -> &[u8] {
        &self.rest_body
    }
}

impl std::fmt::Debug for DynRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DynRequest")
            .field("operation", &self.operation.name)
            .finish_non_exhaustive()
    }
}

/// Reads a request's JSON view into its envelope writer and its REST body.
pub(crate) type RequestFromJson = fn(&str) -> Result<(RequestWriter, Vec<u8>), serde_json::Error>;

pub(crate) type RequestWriter =
    Box<dyn Fn(&RequestHeaders, &EnvelopeOptions) -> Result<Vec<u8>, String> + Send + Sync>;

pub(super) fn request_from_json<R>(
    json: &str,
) -> Result<(RequestWriter, Vec<u8>), serde_json::Error>
where
    R: OperationRequest + DeserializeOwned + Serialize + Send + Sync + 'static,
{
    let request: R = serde_json::from_str(json)?;
    let rest_body = serde_json::to_vec(&request)?;
    Ok((
        Box::new(move |headers, options| try_write_envelope(&request, headers, options)),
        rest_body,
    ))
}

/// Server side: a REST request body read as the typed request and given back as its JSON
/// view (an empty body is `{}`).
pub(super) fn read_rest_request<R: DeserializeOwned + Serialize>(
    body: &[u8],
) -> Result<Value, serde_json::Error> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    let request: R = crate::rest::read_body(body)?;
    serde_json::to_value(&request)
}

/// Server side: the REST response body for the JSON view of a response.
pub(super) fn rest_response_from_json<T: DeserializeOwned + Serialize>(
    body: Value,
) -> Result<Vec<u8>, serde_json::Error> {
    let response: T = from_value_lenient(body)?;
    // Every nillable member, `null` when absent, as the REST service answers.
    crate::rest::json::with_nulls(|| serde_json::to_vec(&response))
}

/// Client side: a REST response body as the JSON view of the typed response.
pub(super) fn parse_rest_to_json<T: DeserializeOwned + Serialize>(
    body: &[u8],
) -> Result<Value, serde_json::Error> {
    let response: T = crate::rest::read_body(body)?;
    serde_json::to_value(&response)
}

/// A request envelope as a server reads it: the headers, the optional `Action`, and the body
/// as its JSON view.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRequestJson {
    /// The headers the service declares, as sent.
    pub headers: RequestHeaders,
    /// The optional `Action` header, when sent.
    pub action: Option<String>,
    /// The request body as its JSON view.
    pub body: Value,
}

pub(super) fn read_request_json<R: OperationRequest + Serialize>(
    body: &[u8],
    limits: &Limits,
) -> Result<ParsedRequestJson, XmlError> {
    let parsed = parse_request::<R>(body, limits)?;
    Ok(ParsedRequestJson {
        headers: parsed.headers,
        action: parsed.action,
        body: serde_json::to_value(&parsed.body).unwrap_or(Value::Null),
    })
}

pub(super) fn response_envelope_from_json<T: OperationResponse + DeserializeOwned>(
    body: Value,
    tracking_id: Option<&str>,
) -> Result<Vec<u8>, serde_json::Error> {
    let response: T = from_value_lenient(body)?;
    Ok(write_service_response_envelope(&response, tracking_id))
}

/// A response type from its JSON view. Keys the target structs do not declare are skipped at
/// every depth (serde's default), so one store serves v12 and v13, whose types differ by a few
/// fields. Read through the JSON text, so it shares its deserializer with `rest::read_body`
/// instead of compiling one more per response type.
pub(crate) fn from_value_lenient<T: DeserializeOwned>(
    value: Value,
) -> Result<T, serde_json::Error> {
    serde_json::from_str(&value.to_string())
}

pub(super) fn parse_to_json<T: OperationResponse + Serialize>(
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
        R: OperationRequest + crate::xml::Sample + Serialize,
        R::Response: crate::xml::Sample,
    {
        Samples {
            request_envelope: |headers, options| write_envelope(&R::sample(), headers, options),
            request_json: || serde_json::to_string(&R::sample()).unwrap_or_default(),
            response_envelope: |tracking_id| {
                crate::soap::write_response_envelope(
                    &<R::Response as crate::xml::Sample>::sample(),
                    tracking_id,
                )
            },
            reserialize_response: |bytes| {
                let parsed = parse_response::<R::Response>(bytes, &Limits::default())?;
                Ok(crate::soap::write_response_envelope(
                    &parsed.body,
                    parsed.tracking_id.as_deref(),
                ))
            },
            reserialize_request: |bytes| {
                let parsed = parse_request::<R>(bytes, &Limits::default())?;
                let options = EnvelopeOptions {
                    with_action_header: parsed.action.is_some(),
                };
                Ok(write_envelope(&parsed.body, &parsed.headers, &options))
            },
        }
    }
}
