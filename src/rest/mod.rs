//! The REST/JSON wire form (the v13 default): the service roots, the request headers, JSON
//! bodies, and fault bodies (`{"Type": "AdApiFaultDetail", "TrackingId": …, "Errors": […]}`),
//! which become the same [`Fault`](crate::model::Fault) a SOAP `s:Fault` gives. Bodies are the
//! serde view of the generated types, through the adapters of [`json`]; routes come from the
//! generator ([`crate::model::RestRoute`]).
//!
//! ```
//! use bingads::v13::customer_management::SERVICE;
//!
//! let root = bingads::rest::production_root(&SERVICE).unwrap();
//! assert_eq!(root, "https://clientcenter.api.bingads.microsoft.com");
//! let route = SERVICE.operation("GetUser").unwrap().rest.unwrap();
//! assert_eq!((route.method, route.path), ("POST", "/CustomerManagement/v13/User/Query"));
//!
//! let body = br#"{"Type": "ApiFault", "TrackingId": "t-1",
//!     "OperationErrors": [{"Code": 210, "Message": "No such user."}]}"#;
//! let fault = bingads::rest::parse_fault(body, None).unwrap();
//! assert!(fault.has_code(210));
//! assert_eq!(fault.tracking_id.as_deref(), Some("t-1"));
//! ```

use serde_json::Value;

mod fault;
pub mod json;

pub use fault::{fault_body, parse_fault};

use crate::model::ServiceInfo;

/// The response header that carries the TrackingId.
pub const TRACKING_ID_HEADER: &str = "TrackingId";

/// The REST root of `service` in production: the origin of its SOAP endpoint
/// (`https://clientcenter.api.bingads.microsoft.com`).
pub fn production_root(service: &ServiceInfo) -> Option<String> {
    let endpoint = service.production_endpoint?;
    let (scheme, rest) = endpoint.split_once("://")?;
    let host = rest.split('/').next()?;
    Some(format!("{scheme}://{host}"))
}

/// A header value a client means as "not set": empty, `None` (what the official Python SDK
/// sends for an id it has not got) or `0`.
pub fn unset_header_value(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || v.eq_ignore_ascii_case("none") || v == "0" || v.eq_ignore_ascii_case("null")
}

/// A REST body as `T`. The body's UTF-8 is checked once, then it is read as text:
/// `serde_json::from_slice` checks every string on its own, which cost more than the rest of
/// the parse (W3R in `docs/benchmarks.md`). A body that is not UTF-8 gets serde_json's own
/// error, with its position, from reading it as a `Value`: one reader for every `T`, where a
/// typed fallback would compile the whole deserializer of each response type a second time.
pub fn read_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(e) => Err(not_utf8(body, e)),
    }
}

#[cold]
fn not_utf8(body: &[u8], e: std::str::Utf8Error) -> serde_json::Error {
    match serde_json::from_slice::<Value>(body) {
        Err(positioned) => positioned,
        // Unreachable in practice: serde_json checks every string it reads.
        Ok(_) => serde::de::Error::custom(format!(
            "the body is not UTF-8 (at byte {})",
            e.valid_up_to()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_that_is_not_utf8_is_an_error_with_its_position() {
        let mut body = br#"{"Id": "1", "Name": "caf_"}"#.to_vec();
        let at = body.iter().position(|&b| b == b'_').unwrap();
        body[at] = 0xE9;
        let e =
            read_body::<crate::v13::customer_management::entities::AccountInfo>(&body).unwrap_err();
        assert_eq!((e.line(), e.column()), (1, at + 1), "{e}");
        assert!(e.to_string().contains("unicode"), "{e}");
        // The same text in UTF-8 reads.
        body[at] = b'e';
        assert!(read_body::<crate::v13::customer_management::entities::AccountInfo>(&body).is_ok());
    }

    #[test]
    fn fault_bodies_read_as_typed_faults() {
        let body = br#"{"Type":"AdApiFaultDetail","TrackingId":"t-body","Errors":[{"Code":105,"Detail":null,"ErrorCode":"InvalidCredentials","Message":"Authentication failed."}]}"#;
        let fault = parse_fault(body, None).unwrap();
        assert!(fault.is_auth());
        assert_eq!(fault.tracking_id.as_deref(), Some("t-body"));
        let fault = parse_fault(body, Some("t-header")).unwrap();
        assert_eq!(fault.tracking_id.as_deref(), Some("t-header"));
        let body = br#"{"Type":"ApiFault","TrackingId":"t","OperationErrors":[{"Code":209,"Details":"TimestampNotMatch","Message":"The time stamp does not match."}]}"#;
        assert!(parse_fault(body, None).unwrap().has_code(209));
        for not_a_fault in [
            &b"<html>502</html>"[..],
            br#"{"Type":"SomethingElse","Errors":[]}"#,
            br#"{"Message":"no route"}"#,
            b"[1,2]",
        ] {
            assert!(parse_fault(not_a_fault, None).is_none());
        }
    }

    #[test]
    fn roots_are_the_soap_endpoints_origins() {
        let root = production_root(&crate::v13::customer_management::SERVICE);
        assert_eq!(
            root.as_deref(),
            Some("https://clientcenter.api.bingads.microsoft.com")
        );
        for unset in ["", "None", "0", " none "] {
            assert!(unset_header_value(unset));
        }
        assert!(!unset_header_value("123"));
    }
}
