//! Customer Management v13 over REST at the emulator's root URL: the routes the generator
//! emits, the same store and operations as the SOAP endpoints, faults as the REST API's JSON
//! bodies, a `TrackingId` header on every answer.

use axum::http::request::Parts;
use serde_json::{json, Value};

use super::soap::check_credentials;
use super::store::CallOutcome;
use super::{http_response, Injection, Shared};
use crate::dynamic::DynOperation;
use crate::model::{AdApiError, Fault, FaultDetail, RequestHeaders};

/// The operation a REST request names, if its path is a REST route of a served service.
pub(crate) fn operation_for(shared: &Shared, parts: &Parts) -> Option<&'static DynOperation> {
    let path = parts.uri.path();
    shared
        .services
        .iter()
        .flat_map(|e| e.service.operations)
        .find(|op| {
            op.rest
                .is_some_and(|r| r.path == path && r.method == parts.method.as_str())
        })
}

/// Whether `path` is under a served service's REST prefix (`/CustomerManagement/v13/`).
pub(crate) fn is_rest_path(shared: &Shared, path: &str) -> bool {
    shared.services.iter().any(|e| {
        e.service
            .operations
            .first()
            .and_then(|op| op.rest)
            .and_then(|r| r.path.match_indices('/').nth(2).map(|(i, _)| &r.path[..=i]))
            .is_some_and(|prefix| path.starts_with(prefix))
    })
}

fn json_response(status: u16, tracking_id: &str, body: &Value) -> axum::response::Response {
    http_response(
        status,
        "application/json; charset=utf-8",
        vec![("trackingid", tracking_id.to_string())],
        body.to_string().into_bytes(),
    )
}

fn fault(status: u16, tracking_id: &str, detail: FaultDetail) -> axum::response::Response {
    let fault = Fault {
        faultcode: String::new(),
        faultstring: String::new(),
        details: vec![detail],
        tracking_id: Some(tracking_id.to_string()),
        http_status: None,
    };
    json_response(status, tracking_id, &crate::rest::fault_body(&fault))
}

fn adapi(
    status: u16,
    tracking_id: &str,
    code: i32,
    error_code: &str,
    message: &str,
) -> axum::response::Response {
    fault(
        status,
        tracking_id,
        FaultDetail::AdApiFaultDetail {
            tracking_id: Some(tracking_id.to_string()),
            errors: vec![AdApiError {
                code: Some(code),
                error_code: Some(error_code.into()),
                message: Some(message.into()),
                detail: None,
            }],
        },
    )
}

/// The credentials and ids of a REST request; values real clients send for "not set"
/// (`None`, `0`, empty) count as absent.
fn request_headers(parts: &Parts) -> RequestHeaders {
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !crate::rest::unset_header_value(v))
            .map(str::to_string)
    };
    let bearer = header("authorization").and_then(|v| {
        v.strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))
            .map(|t| t.trim().to_string())
    });
    RequestHeaders {
        developer_token: header("developertoken").map(Into::into),
        authentication_token: bearer.map(Into::into),
        user_name: header("username"),
        password: header("password").map(Into::into),
        customer_id: header("customerid"),
        customer_account_id: header("customeraccountid"),
        ..RequestHeaders::default()
    }
}

pub(crate) async fn handle(
    shared: &Shared,
    op: Option<&'static DynOperation>,
    parts: &Parts,
    body: &[u8],
) -> axum::response::Response {
    let tracking_id = crate::partner_center::new_guid();
    let Some(op) = op else {
        return json_response(
            404,
            &tracking_id,
            &json!({"Message": format!("No REST route {} {} in the emulator; the Customer Management v13 routes are POST/PUT/DELETE /CustomerManagement/v13/…", parts.method, parts.uri.path())}),
        );
    };
    let via = ("rest", "v13");
    if let Some(injection) = super::injected(shared, op.name, via).await {
        return match injection {
            Injection::HttpStatus(status) => http_response(
                status,
                "text/html",
                vec![("trackingid", tracking_id)],
                super::soap::HTML_ERROR_PAGE.into(),
            ),
            Injection::Fault(code) => {
                let status = match code {
                    117 => 429,
                    105 | 106 | 109 => 401,
                    _ => 400,
                };
                fault(
                    status,
                    &tracking_id,
                    super::soap::injected_fault(code, &tracking_id),
                )
            }
            Injection::Delay(_) | Injection::EditedFirst => {
                unreachable!("a delay is waited out by `injected`; the store applies an edit")
            }
        };
    }
    let request = match op.read_rest_request(body) {
        Ok(Value::Object(map)) => map,
        Ok(_) => serde_json::Map::new(),
        Err(e) => {
            shared
                .store()
                .record(op.name, via, CallOutcome::Refused { code: 100 });
            let error = super::store::OpError {
                code: 100,
                details: format!("The {} request body could not be read: {e}", op.name),
                message: "The request message is invalid.".into(),
            };
            return fault(
                400,
                &tracking_id,
                super::store::api_fault(&tracking_id, vec![error]),
            );
        }
    };
    let mut store = shared.store();
    if let Some((code, error_code, message)) =
        check_credentials(shared, &store, &request_headers(parts))
    {
        store.record(op.name, via, CallOutcome::Refused { code });
        return adapi(401, &tracking_id, code, error_code, message);
    }
    let answer = super::soap::execute(&mut store, op.name, via, &request);
    drop(store);
    match answer {
        Ok(json) => match op.rest_response_from_json(json) {
            Ok(bytes) => http_response(
                200,
                "application/json; charset=utf-8",
                vec![("trackingid", tracking_id)],
                bytes,
            ),
            Err(e) => adapi(
                500,
                &tracking_id,
                0,
                "InternalError",
                &format!("the emulator built an invalid {} response: {e}", op.name),
            ),
        },
        Err(errors) => fault(
            400,
            &tracking_id,
            super::store::api_fault(&tracking_id, errors),
        ),
    }
}
