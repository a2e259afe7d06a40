//! The SOAP 1.1 wire form: the request envelope with its headers, response envelopes read into
//! [`Response`](crate::model::Response) (TrackingId, body) or a [`Fault`](crate::model::Fault)
//! read from `s:Fault`, and the envelopes a server answers with. It works without the client,
//! for tools that build or read envelopes.
//!
//! ```
//! use bingads::model::Response;
//! use bingads::soap::parse_response;
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

mod envelope;
mod fault;
pub(crate) use fault::customer_management_fault_writer;

pub use envelope::{
    parse_request, parse_response, try_write_envelope, write_envelope, write_fault_envelope,
    write_response_envelope, write_service_response_envelope, EnvelopeOptions, ParsedRequest,
    SoapError,
};
