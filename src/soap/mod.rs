//! SOAP 1.1 on top of the generated bindings: the request envelope with its headers, response
//! parsing (TrackingId, body, faults) and the service descriptors the generator emits.
//!
//! ```
//! use bingads::soap::{parse_response, Response};
//! use bingads::v13::customer_management::GetUserResponse;
//! use bingads::xml::Limits;
//!
//! let body = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
//!   <s:Header><h:TrackingId xmlns:h="https://bingads.microsoft.com/Customer/v13">t-42</h:TrackingId></s:Header>
//!   <s:Body><GetUserResponse xmlns="https://bingads.microsoft.com/Customer/v13">
//!     <User xmlns:a="https://bingads.microsoft.com/Customer/v13/Entities"><a:Id>7</a:Id></User>
//!   </GetUserResponse></s:Body></s:Envelope>"#;
//! let out: Response<GetUserResponse> = parse_response(body, &Limits::default()).unwrap();
//! assert_eq!(out.tracking_id.as_deref(), Some("t-42"));
//! assert_eq!(out.body.user.and_then(|u| u.id), Some(7));
//! ```

mod codes;
mod envelope;
mod fault;
mod fault_members;
pub(crate) use fault::customer_management_fault_writer;
mod json;

pub use codes::{ErrorClass, ErrorCode, ErrorCodeInfo};
pub use envelope::{
    parse_request, parse_response, try_write_envelope, write_envelope, write_fault_envelope,
    write_response_envelope, EnvelopeOptions, ParsedRequest, RequestHeaders, Response, Secret,
    SoapError,
};
pub use fault::{AdApiError, BatchError, FaultDetail, FaultKind, OperationError, SoapFault};
#[cfg(feature = "samples")]
pub use json::Samples;
pub use json::{DynRequest, ParsedJson, ParsedRequestJson};

use crate::xml::{Child, Namespaces, XmlComplex, XmlError, XmlReader};

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

/// What the generator knows about one service version.
#[derive(Debug)]
pub struct ServiceInfo {
    /// `CustomerManagementService`.
    pub name: &'static str,
    /// `v13`.
    pub version: &'static str,
    /// The service namespace, e.g. `https://bingads.microsoft.com/Customer/v13`.
    pub namespace: &'static str,
    /// The namespaces of the service's types and the prefix each is written with.
    pub namespaces: &'static Namespaces,
    /// SOAP request headers in WSDL order.
    pub request_headers: &'static [&'static str],
    /// SOAP response headers in WSDL order.
    pub response_headers: &'static [&'static str],
    /// The endpoint in the WSDL's `soap:address`.
    pub production_endpoint: Option<&'static str>,
    /// Every operation, in WSDL portType order.
    pub operations: &'static [DynOperation],
    /// Reads a fault detail element the WSDL declares; `Ok(None)`, consuming nothing, for others.
    pub read_fault_detail:
        for<'a> fn(&mut XmlReader<'a>, &Child<'a>) -> Result<Option<FaultDetail>, XmlError>,
}

impl ServiceInfo {
    /// The operation named `name` (`GetUser`), if the service has it.
    pub fn operation(&self, name: &str) -> Option<&'static DynOperation> {
        self.operations.iter().find(|op| op.name == name)
    }
}

/// An operation's route in Microsoft's REST API: the HTTP method and the path under the
/// service root (`POST /CustomerManagement/v13/User/Query`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RestRoute {
    /// The HTTP method, e.g. `POST`.
    pub method: &'static str,
    /// The path under the service root, e.g. `/CustomerManagement/v13/User/Query`.
    pub path: &'static str,
}

/// A generated request body type: the operation it belongs to and what it returns.
pub trait SoapRequest: XmlComplex {
    /// `GetUser`.
    const OPERATION: &'static str;
    /// The HTTP `SOAPAction` (the bare operation name for every Bing Ads operation).
    const SOAP_ACTION: &'static str;
    /// The REST route; `None` where the version has no REST API (v12).
    const REST: Option<RestRoute>;
    /// A read the service can answer twice without a second effect (Get…, Search…, Find…,
    /// ValidateAddress, …). Writes are retried only when the request provably did not reach
    /// the service, unless the caller opts in ([`crate::client::RetryConfig::with_retry_writes`]).
    const SAFE_TO_REPEAT: bool;
    /// The body element, `GetUserRequest`.
    const ELEMENT: &'static str;
    /// The operation's response body type.
    type Response: SoapResponse;
    /// The service version the operation belongs to.
    fn service() -> &'static ServiceInfo;
}

/// A generated response body type.
pub trait SoapResponse: XmlComplex {
    /// The body element, `GetUserResponse`.
    const ELEMENT: &'static str;
    /// The service version the response belongs to.
    fn service() -> &'static ServiceInfo;
}

/// An operation addressed by name with JSON in and out (the CLI, tests, tools).
pub struct DynOperation {
    /// The operation's name, `GetUser`.
    pub name: &'static str,
    /// The HTTP `SOAPAction` (the bare operation name for every Bing Ads operation).
    pub soap_action: &'static str,
    /// The REST route; `None` where the version has no REST API (v12).
    pub rest: Option<RestRoute>,
    /// See [`SoapRequest::SAFE_TO_REPEAT`].
    pub safe_to_repeat: bool,
    envelope_from_json:
        fn(&str, &RequestHeaders, &EnvelopeOptions) -> Result<Vec<u8>, serde_json::Error>,
    parse_to_json: fn(&[u8], &crate::xml::Limits) -> Result<ParsedJson, SoapError>,
    request_from_json: json::RequestFromJson,
    read_rest_request: fn(&[u8]) -> Result<serde_json::Value, serde_json::Error>,
    rest_response_from_json: fn(serde_json::Value) -> Result<Vec<u8>, serde_json::Error>,
    parse_rest_to_json: fn(&[u8]) -> Result<serde_json::Value, serde_json::Error>,
    read_request_json: fn(&[u8], &crate::xml::Limits) -> Result<ParsedRequestJson, XmlError>,
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

impl DynOperation {
    /// The descriptor of request type `R`'s operation (as the generated `SERVICE` lists it).
    pub const fn of<R>() -> Self
    where
        R: SoapRequest
            + serde::de::DeserializeOwned
            + serde::Serialize
            + SampleBound
            + Send
            + Sync
            + 'static,
        R::Response: serde::Serialize + serde::de::DeserializeOwned + SampleBound,
    {
        DynOperation {
            name: R::OPERATION,
            soap_action: R::SOAP_ACTION,
            rest: R::REST,
            safe_to_repeat: R::SAFE_TO_REPEAT,
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
    pub fn parse_to_json(
        &self,
        body: &[u8],
        limits: &crate::xml::Limits,
    ) -> Result<ParsedJson, SoapError> {
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
        limits: &crate::xml::Limits,
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
