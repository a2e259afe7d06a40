//! The Customer Management SOAP endpoints: one per compiled version, at the real path.

use std::sync::atomic::Ordering;

use axum::http::request::Parts;
use serde_json::Value;

use super::store::{CallOutcome, OpError, Store};
use super::{http_response, Injection, Shared};
use crate::dynamic::Service;
use crate::model::{AdApiError, Fault, FaultDetail};
use crate::xml::Limits;

pub(crate) struct Endpoint {
    pub path: String,
    pub service: &'static Service,
    /// The version's generated fault writer.
    pub fault_envelope: fn(&Fault) -> Vec<u8>,
    /// The vendored WSDL, served at `?wsdl` / `?singleWsdl`.
    pub wsdl: &'static str,
}

pub(crate) fn endpoints() -> Vec<Endpoint> {
    vec![
        #[cfg(feature = "v12")]
        Endpoint {
            path: crate::v12::customer_management::SERVICE.soap_path(),
            service: &crate::v12::customer_management::SERVICE,
            fault_envelope: crate::v12::customer_management::fault_envelope,
            wsdl: include_str!("../../wsdl/v12/CustomerManagementService.wsdl"),
        },
        #[cfg(feature = "v13")]
        Endpoint {
            path: crate::v13::customer_management::SERVICE.soap_path(),
            service: &crate::v13::customer_management::SERVICE,
            fault_envelope: crate::v13::customer_management::fault_envelope,
            wsdl: include_str!("../../wsdl/v13/CustomerManagementService.wsdl"),
        },
    ]
}

pub(crate) const HTML_ERROR_PAGE: &str = "<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>The emulator was told to fail this request.</p></body></html>";

pub(crate) async fn handle(
    shared: &Shared,
    endpoint: &Endpoint,
    parts: &Parts,
    body: &[u8],
) -> axum::response::Response {
    let tracking_id = crate::partner_center::new_guid();
    let injections = &shared.injections;
    let fault = |faultcode: &str, faultstring: String, details: Vec<FaultDetail>| {
        let fault = Fault {
            faultcode: faultcode.into(),
            faultstring,
            details,
            tracking_id: Some(tracking_id.clone()),
            http_status: None,
        };
        http_response(
            injections.fault_status.load(Ordering::SeqCst),
            "text/xml; charset=utf-8",
            Vec::new(),
            (endpoint.fault_envelope)(&fault),
        )
    };
    let detail_fault = |details: Vec<FaultDetail>| {
        fault(
            "s:Server",
            format!(
                "Invalid client data. Check the SOAP fault details for more information. TrackingId: {tracking_id}."
            ),
            details,
        )
    };
    let adapi = |code: i32, error_code: &str, message: &str, detail: Option<String>| {
        detail_fault(vec![FaultDetail::AdApiFaultDetail {
            tracking_id: Some(tracking_id.clone()),
            errors: vec![AdApiError {
                code: Some(code),
                error_code: Some(error_code.into()),
                message: Some(message.into()),
                detail,
            }],
        }])
    };

    if parts.method != axum::http::Method::POST {
        return super::plain(
            405,
            format!(
                "{} {} takes SOAP 1.1 POST requests",
                endpoint.service.name, endpoint.service.version
            ),
        );
    }
    if !is_soap_11_content_type(parts) {
        // What WCF's basicHttpBinding answers to a body that is not `text/xml`: 415, no
        // envelope (it cannot know the client reads one).
        return super::plain(
            415,
            format!(
                "Cannot process the message because the content type {:?} was not the expected type 'text/xml; charset=utf-8'.",
                parts
                    .headers
                    .get(axum::http::header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
            ),
        );
    }
    let action = parts
        .headers
        .get("soapaction")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().trim_matches('"').to_string());
    let Some(action) = action.filter(|a| !a.is_empty()) else {
        return fault(
            "s:Client",
            "The SOAPAction HTTP header is missing; Customer Management takes SOAP 1.1 with SOAPAction set to the operation name.".into(),
            Vec::new(),
        );
    };
    let Some(op) = endpoint.service.operation(&action) else {
        return fault(
            "s:Client",
            format!(
                "The message with Action '{action}' cannot be processed: {} {} has no such operation.",
                endpoint.service.name, endpoint.service.version
            ),
            Vec::new(),
        );
    };
    let via = ("soap", endpoint.service.version);
    if let Some(injection) = super::injected(shared, op.name, via).await {
        return match injection {
            Injection::HttpStatus(status) => {
                http_response(status, "text/html", Vec::new(), HTML_ERROR_PAGE.into())
            }
            Injection::Fault(code) => detail_fault(vec![injected_fault(code, &tracking_id)]),
            Injection::Delay(_) | Injection::EditedFirst => {
                unreachable!("a delay is waited out by `injected`; the store applies an edit")
            }
        };
    }
    let request = match op.read_request_json(body, &Limits::default()) {
        Ok(request) => request,
        Err(e) => {
            shared
                .store()
                .record(op.name, via, CallOutcome::Refused { code: 100 });
            return match deserialization_failure(&e) {
                Some(faultstring) => fault(DESERIALIZATION_FAILED, faultstring, Vec::new()),
                None => fault(
                    "s:Client",
                    format!("The {action} request could not be read: {e}"),
                    Vec::new(),
                ),
            };
        }
    };
    let mut store = shared.store();
    if let Some((code, error_code, message)) = check_credentials(shared, &store, &request.headers) {
        store.record(op.name, via, CallOutcome::Refused { code });
        return adapi(code, error_code, message, None);
    }
    let body = match request.body {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    let answer = execute(&mut store, op.name, via, &body);
    drop(store);
    match answer {
        Ok(json) => match op.response_envelope_from_json(json, Some(&tracking_id)) {
            Ok(xml) => http_response(200, "text/xml; charset=utf-8", Vec::new(), xml),
            Err(e) => adapi(
                0,
                "InternalError",
                "An internal error has occurred.",
                Some(format!(
                    "the emulator built an invalid {} response: {e}",
                    op.name
                )),
            ),
        },
        Err(errors) => detail_fault(vec![super::store::api_fault(&tracking_id, errors)]),
    }
}

/// The faultcode WCF's dispatcher answers a request whose values its DataContractSerializer
/// cannot read (the `a:` prefix is declared on the faultcode by the fault writer).
pub(crate) const DESERIALIZATION_FAILED: &str = "a:DeserializationFailed";

/// WCF's faultstring for a well-formed request holding a value its data contract cannot take,
/// or `None` for other read errors. An empty element for a (non-flags) enumeration is one:
/// suds sends `<Status/>` for an enum member left as the factory made it, and the live service
/// refuses it, e.g. "The formatter threw an exception while trying to deserialize the message:
/// There was an error while trying to deserialize parameter
/// https://bingads.microsoft.com/Reporting/v13:ReportRequest. The InnerException message was
/// 'Invalid enum value '' cannot be deserialized into type '…ReportTimePeriod'. Ensure …'"
/// (BingAds/BingAds-Python-SDK issues #64 and #258); DataContractSerializer refuses empty text
/// for any enum that is not a flags list (dotnet/runtime
/// src/libraries/System.Private.DataContractSerialization/src/System/Runtime/Serialization/EnumDataContract.cs,
/// `ReadEnumValue`: `if (stringValue.Length == 0) throw … InvalidEnumValueOnRead`).
fn deserialization_failure(error: &crate::xml::XmlError) -> Option<String> {
    let crate::xml::XmlErrorKind::InvalidValue {
        element,
        expected,
        text,
    } = &error.kind
    else {
        return None;
    };
    let inner = if *expected == "enumeration value" {
        format!(
            "Invalid enum value '{text}' cannot be deserialized into the type of element '{element}'. Ensure that the necessary enum values are present and are marked with EnumMemberAttribute attribute if the type has DataContractAttribute attribute."
        )
    } else {
        format!(
            "The value '{text}' of element '{element}' cannot be parsed as the type '{expected}'."
        )
    };
    Some(format!(
        "The formatter threw an exception while trying to deserialize the message: The InnerException message was '{inner}'.  Please see InnerException for more details."
    ))
}

/// Whether the request's `Content-Type` is SOAP 1.1's `text/xml` (any parameters).
fn is_soap_11_content_type(parts: &Parts) -> bool {
    parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("text/xml"))
}

/// Runs an operation on the store; a panic in it (a bug on some request data) becomes an
/// internal-error fault instead of a dropped connection.
pub(crate) fn execute(
    store: &mut Store,
    operation: &'static str,
    via: (&str, &str),
    body: &serde_json::Map<String, Value>,
) -> Result<Value, Vec<OpError>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        store.execute(operation, via, body)
    }))
    .unwrap_or_else(|_| {
        Err(vec![OpError {
            code: 0,
            details: format!(
                "the emulator failed on this {operation} request (a bug; please report it)"
            ),
            message: "An internal error has occurred.".into(),
        }])
    })
}

/// The AdApiError for credentials the emulator refuses, if any (both transports).
pub(crate) fn check_credentials(
    shared: &Shared,
    store: &Store,
    headers: &crate::model::RequestHeaders,
) -> Option<(i32, &'static str, &'static str)> {
    const INVALID: (i32, &str, &str) = (
        105,
        "InvalidCredentials",
        "Authentication failed. Either supplied credentials are invalid or the account is inactive",
    );
    const EXPIRED: (i32, &str, &str) = (
        109,
        "AuthenticationTokenExpired",
        "Authentication token expired. Please renew the authentication token.",
    );
    let allowed = |list: &[String], value: &str| list.is_empty() || list.iter().any(|t| t == value);
    let developer = headers.developer_token.as_ref().map(|s| s.expose());
    if !developer.is_some_and(|t| !t.is_empty() && allowed(&store.tokens.developer, t)) {
        return Some(INVALID);
    }
    let expired_at = |token: &str| {
        shared
            .token_expiry
            .get(token)
            .is_some_and(|at| shared.clock.now() >= *at)
    };
    match headers.authentication_token.as_ref().map(|s| s.expose()) {
        Some(token) if store.tokens.expired.iter().any(|t| t == token) || expired_at(token) => {
            Some(EXPIRED)
        }
        Some(token) if !token.is_empty() && allowed(&store.tokens.authentication, token) => None,
        // No token: UserName / Password are refused like a bad token. The service takes only
        // OAuth access tokens: "The Bing Ads API will not accept that email address and
        // password. Instead you need to set the AuthenticationToken header element"
        // (https://learn.microsoft.com/advertising/guides/authentication-oauth); the headers
        // are "reserved for internal use" (MicrosoftDocs/Advertising
        // advertising/bingads-13/customer-management-service/includes/request-header.md).
        _ => Some(INVALID),
    }
}

/// The fault an injected error code gets: AdApiFaultDetail for the general API codes
/// (below 200: credentials, throttling), ApiFault for the operations' own.
pub(crate) fn injected_fault(code: i32, tracking_id: &str) -> FaultDetail {
    if code < 200 {
        let (name, message) = match crate::model::ErrorCode::lookup(
            crate::model::FaultKind::AdApiFaultDetail,
            code,
        ) {
            crate::model::ErrorCode::Known(_, info) => (info.name, info.description),
            crate::model::ErrorCode::Unknown(..) => {
                ("Injected", "An error the emulator was told to answer.")
            }
        };
        FaultDetail::AdApiFaultDetail {
            tracking_id: Some(tracking_id.to_string()),
            errors: vec![AdApiError {
                code: Some(code),
                error_code: Some(name.into()),
                message: Some(message.into()),
                detail: (code == 117).then(|| "60".into()),
            }],
        }
    } else {
        super::store::api_fault(tracking_id, vec![OpError::new(code, "")])
    }
}
