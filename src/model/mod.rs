//! The wire-neutral core: what an operation is, whatever carries it. The generator implements
//! [`OperationRequest`] and [`OperationResponse`] for every request and response body and emits
//! one [`ServiceInfo`] per service version; both wire forms ([`crate::soap`] and [`crate::rest`])
//! read and write those types, and both turn an answer into the same [`Response`] or [`Fault`].
//!
//! ```
//! use bingads::model::{OperationRequest, Transport};
//! use bingads::v13::customer_management::{DeleteUserRequest, SERVICE};
//!
//! // What every wire form needs to know about DeleteUser, from the generated descriptor.
//! assert_eq!(DeleteUserRequest::OPERATION, "DeleteUser");
//! assert!(!DeleteUserRequest::SAFE_TO_REPEAT, "a write");
//! let route = DeleteUserRequest::REST.unwrap();
//! assert_eq!((route.method, route.path), ("DELETE", "/CustomerManagement/v13/User"));
//! assert_eq!(SERVICE.operation("DeleteUser").unwrap().soap_action, "DeleteUser");
//! let _ = Transport::Rest; // the v13 default; Transport::Soap until 2027-01-31
//! ```

mod fault;
mod headers;
mod response;
mod secret;

pub use fault::{
    error_codes, AdApiError, BatchError, ErrorClass, ErrorCode, ErrorCodeInfo, Fault, FaultDetail,
    FaultKind, OperationError,
};
pub use headers::RequestHeaders;
pub use response::{Response, TrackingId};
pub use secret::Secret;

use crate::xml::{Child, Namespaces, XmlComplex, XmlError, XmlReader};

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
    /// The request headers the WSDL declares, in its order (SOAP writes them in the envelope).
    pub request_headers: &'static [&'static str],
    /// The response headers the WSDL declares, in its order.
    pub response_headers: &'static [&'static str],
    /// The endpoint in the WSDL's `soap:address`.
    pub production_endpoint: Option<&'static str>,
    /// Every operation, in WSDL portType order.
    pub operations: &'static [OperationInfo],
    /// Reads a fault detail element the WSDL declares; `Ok(None)`, consuming nothing, for others.
    pub read_fault_detail:
        for<'a> fn(&mut XmlReader<'a>, &Child<'a>) -> Result<Option<FaultDetail>, XmlError>,
}

impl ServiceInfo {
    /// The operation named `name` (`GetUser`), if the service has it.
    pub fn operation(&self, name: &str) -> Option<&'static OperationInfo> {
        self.operations.iter().find(|op| op.name == name)
    }

    /// The path of the SOAP endpoint under its host
    /// (`/Api/CustomerManagement/v13/CustomerManagementService.svc`): where a host standing in
    /// for Microsoft's (the emulator) serves it.
    pub fn soap_path(&self) -> String {
        self.production_endpoint
            .and_then(|url| url.split_once("://"))
            .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
            .unwrap_or_else(|| format!("/{}/{}", self.version, self.name))
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
pub trait OperationRequest: XmlComplex {
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
    /// The operation page's description from Microsoft's documentation (Markdown, as the
    /// generated method's rustdoc shows it); empty where the documentation has no page.
    ///
    /// ```
    /// use bingads::model::OperationRequest;
    /// use bingads::v13::customer_management::{GetUserRequest, SendUserInvitationRequest, SERVICE};
    ///
    /// assert!(GetUserRequest::DESCRIPTION.starts_with("Gets the details of a user."));
    /// // The same through the operations addressed by name.
    /// let op = SERVICE.operation("SendUserInvitation").unwrap();
    /// assert!(op.description.starts_with("Sends an email invitation"));
    /// assert_eq!(op.documented_errors, &[3086]);
    /// ```
    const DESCRIPTION: &'static str = "";
    /// The error codes whose entry in the documentation's "Operation Error Codes" names this
    /// operation (the operation pages list none); empty when no entry does.
    const DOCUMENTED_ERRORS: &'static [i32] = &[];
    /// The body element, `GetUserRequest`.
    const ELEMENT: &'static str;
    /// The operation's response body type.
    type Response: OperationResponse;
    /// The service version the operation belongs to.
    fn service() -> &'static ServiceInfo;
}

/// A generated response body type.
pub trait OperationResponse: XmlComplex {
    /// The body element, `GetUserResponse`.
    const ELEMENT: &'static str;
    /// The service version the response belongs to.
    fn service() -> &'static ServiceInfo;
}

/// What every wire form needs to know about one operation (the generated [`ServiceInfo`] lists
/// them in WSDL portType order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The operation's name, `GetUser`.
    pub name: &'static str,
    /// The HTTP `SOAPAction` (the bare operation name for every Bing Ads operation).
    pub soap_action: &'static str,
    /// The REST route; `None` where the version has no REST API (v12).
    pub rest: Option<RestRoute>,
    /// See [`OperationRequest::SAFE_TO_REPEAT`].
    pub safe_to_repeat: bool,
    /// See [`OperationRequest::DESCRIPTION`].
    pub description: &'static str,
    /// See [`OperationRequest::DOCUMENTED_ERRORS`].
    pub documented_errors: &'static [i32],
}

impl OperationInfo {
    /// The descriptor of request type `R`'s operation.
    pub const fn of<R: OperationRequest>() -> Self {
        OperationInfo {
            name: R::OPERATION,
            soap_action: R::SOAP_ACTION,
            rest: R::REST,
            safe_to_repeat: R::SAFE_TO_REPEAT,
            description: R::DESCRIPTION,
            documented_errors: R::DOCUMENTED_ERRORS,
        }
    }
}

/// The wire form of a client: Microsoft's REST/JSON API (the default for v13: SOAP is switched
/// off on 2027-01-31) or SOAP (v12, and v13 until then). Both carry the same generated types
/// through the same policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Transport {
    /// `POST /CustomerManagement/v13/User/Query` with a JSON body.
    Rest,
    /// A SOAP 1.1 envelope to the service's `.svc` endpoint.
    Soap,
}
