//! Operations addressed by name, with JSON in and out, over either wire form: the CLI's
//! `envelope`, `parse` and `call`, the emulator's two front doors, tests and tools. The JSON
//! is the REST body (the generated types' serde view); the same value writes and reads SOAP.
//!
//! Each generated service module has a `SERVICE` ([`Service`]): its [`ServiceInfo`] (through
//! `Deref`) and one [`DynOperation`] per operation.
//!
//! ```
//! use bingads::model::RequestHeaders;
//! use bingads::soap::EnvelopeOptions;
//! use bingads::v13::customer_management::SERVICE;
//!
//! let op = SERVICE.operation("GetUser").unwrap();
//! let request = op.request_from_json(r#"{"UserId": "7"}"#).unwrap();
//! assert_eq!(request.rest_body(), br#"{"UserId":"7"}"#);
//! let xml = request.envelope(&RequestHeaders::default(), &EnvelopeOptions::default()).unwrap();
//! assert!(String::from_utf8(xml).unwrap().contains("<UserId>7</UserId>"));
//! ```

mod json;

#[cfg(feature = "samples")]
pub use json::Samples;
pub use json::{DynRequest, ParsedJson, ParsedRequestJson};

use crate::model::{OperationInfo, OperationRequest, RequestHeaders, ServiceInfo};
use crate::soap::{EnvelopeOptions, SoapError};
use crate::xml::{Limits, XmlError};

/// A service version with its operations addressed by name. Derefs to its [`ServiceInfo`]
/// (`SERVICE.version`, `SERVICE.namespace`, …).
#[derive(Debug)]
pub struct Service {
    /// The wire-neutral descriptor.
    pub info: &'static ServiceInfo,
    /// Every operation, in WSDL portType order (the same order as `info.operations`).
    pub operations: &'static [DynOperation],
}

impl Service {
    /// The operation named `name` (`GetUser`), if the service has it.
    pub fn operation(&self, name: &str) -> Option<&'static DynOperation> {
        self.operations.iter().find(|op| op.name == name)
    }
}

impl std::ops::Deref for Service {
    type Target = ServiceInfo;

    fn deref(&self) -> &ServiceInfo {
        self.info
    }
}

/// With feature `samples` every generated type implements [`crate::xml::Sample`]; this bound
/// lets [`DynOperation::of`] ask for it only then.
#[cfg(feature = "samples")]
pub trait SampleBound: crate::xml::Sample {}
#[cfg(feature = "samples")]
impl<T: crate::xml::Sample> SampleBound for T {}
/// Without feature `samples`, a bound every type meets.
#[cfg(not(feature = "samples"))]
pub trait SampleBound {}
#[cfg(not(feature = "samples"))]
impl<T> SampleBound for T {}

/// An operation addressed by name with JSON in and out (the CLI, tests, tools).
pub struct DynOperation {
    /// What every wire form needs to know about the operation (`DynOperation` derefs to it:
    /// `op.name`, `op.rest`, …).
    pub info: OperationInfo,
    service: fn() -> &'static ServiceInfo,
    envelope_from_json:
        fn(&str, &RequestHeaders, &EnvelopeOptions) -> Result<Vec<u8>, serde_json::Error>,
    parse_to_json: fn(&[u8], &Limits) -> Result<ParsedJson, SoapError>,
    request_from_json: json::RequestFromJson,
    read_rest_request: fn(&[u8]) -> Result<serde_json::Value, serde_json::Error>,
    rest_response_from_json: fn(serde_json::Value) -> Result<Vec<u8>, serde_json::Error>,
    parse_rest_to_json: fn(&[u8]) -> Result<serde_json::Value, serde_json::Error>,
    read_request_json: fn(&[u8], &Limits) -> Result<ParsedRequestJson, XmlError>,
    response_envelope_from_json:
        fn(serde_json::Value, Option<&str>) -> Result<Vec<u8>, serde_json::Error>,
    #[cfg(feature = "samples")]
    samples: json::Samples,
}

impl std::fmt::Debug for DynOperation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DynOperation")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl std::ops::Deref for DynOperation {
    type Target = OperationInfo;

    fn deref(&self) -> &OperationInfo {
        &self.info
    }
}

impl DynOperation {
    /// The service version the operation belongs to.
    pub fn service(&self) -> &'static ServiceInfo {
        (self.service)()
    }

    /// The descriptor of request type `R`'s operation (as the generated `SERVICE` lists it).
    pub const fn of<R>() -> Self
    where
        R: OperationRequest
            + serde::de::DeserializeOwned
            + serde::Serialize
            + SampleBound
            + Send
            + Sync
            + 'static,
        R::Response: serde::Serialize + serde::de::DeserializeOwned + SampleBound,
    {
        DynOperation {
            info: OperationInfo::of::<R>(),
            service: R::service,
            envelope_from_json: json::envelope_from_json::<R>,
            parse_to_json: json::parse_to_json::<R::Response>,
            request_from_json: json::request_from_json::<R>,
            read_rest_request: json::read_rest_request::<R>,
            rest_response_from_json: json::rest_response_from_json::<R::Response>,
            parse_rest_to_json: json::parse_rest_to_json::<R::Response>,
            read_request_json: json::read_request_json::<R>,
            response_envelope_from_json: json::response_envelope_from_json::<R::Response>,
            #[cfg(feature = "samples")]
            samples: json::Samples::of::<R>(),
        }
    }

    /// Builds the request envelope from the JSON view of the request body.
    pub fn envelope_from_json(
        &self,
        json: &str,
        headers: &RequestHeaders,
        options: &EnvelopeOptions,
    ) -> Result<Vec<u8>, serde_json::Error> {
        (self.envelope_from_json)(json, headers, options)
    }

    /// Parses a response body into its JSON view, or the fault.
    pub fn parse_to_json(&self, body: &[u8], limits: &Limits) -> Result<ParsedJson, SoapError> {
        (self.parse_to_json)(body, limits)
    }

    /// Reads the JSON view of a request once; the result writes the envelope with any headers.
    pub fn request_from_json(&'static self, json: &str) -> Result<DynRequest, serde_json::Error> {
        let (write, rest_body) = (self.request_from_json)(json)?;
        Ok(DynRequest {
            operation: self,
            write,
            rest_body,
        })
    }

    /// Server side: reads a REST request body of this operation into its JSON view.
    pub fn read_rest_request(&self, body: &[u8]) -> Result<serde_json::Value, serde_json::Error> {
        (self.read_rest_request)(body)
    }

    /// Server side: the REST response body for the JSON view of a response.
    pub fn rest_response_from_json(
        &self,
        body: serde_json::Value,
    ) -> Result<Vec<u8>, serde_json::Error> {
        (self.rest_response_from_json)(body)
    }

    /// Reads a REST response body of this operation into the JSON view of its typed response.
    pub fn parse_rest_to_json(&self, body: &[u8]) -> Result<serde_json::Value, serde_json::Error> {
        (self.parse_rest_to_json)(body)
    }

    /// Server side: reads a request envelope of this operation into headers and JSON.
    pub fn read_request_json(
        &self,
        body: &[u8],
        limits: &Limits,
    ) -> Result<ParsedRequestJson, XmlError> {
        (self.read_request_json)(body, limits)
    }

    /// Server side: the response envelope for the JSON view of a response body.
    pub fn response_envelope_from_json(
        &self,
        body: serde_json::Value,
        tracking_id: Option<&str>,
    ) -> Result<Vec<u8>, serde_json::Error> {
        (self.response_envelope_from_json)(body, tracking_id)
    }

    /// Deterministic, fully populated values of this operation's types (feature `samples`).
    #[cfg(feature = "samples")]
    pub fn samples(&self) -> &json::Samples {
        &self.samples
    }
}
