//! The fault model both wire forms share: a SOAP `s:Fault` and a REST fault body become the same
//! [`Fault`], with every error the service listed, its documented code ([`ErrorCode`]) and the
//! TrackingId.

use std::fmt;

use serde::Serialize;
use serde_json::{json, Map, Value};

mod codes;
mod kind;
mod members;

pub use codes::{error_codes, ErrorClass, ErrorCode, ErrorCodeInfo};
pub use kind::FaultKind;
use members::Item;

/// One `AdApiError` of an `AdApiFaultDetail`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AdApiError {
    /// The numeric error code (117).
    #[serde(rename = "Code", skip_serializing_if = "Option::is_none")]
    pub code: Option<i32>,
    /// The symbolic error code (`CallRateExceeded`).
    #[serde(rename = "ErrorCode", skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The service's message.
    #[serde(rename = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// More about the error, when given (for 117, how long to wait).
    #[serde(rename = "Detail", skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// One `OperationError` of an `ApiFault`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OperationError {
    /// The numeric error code.
    #[serde(rename = "Code", skip_serializing_if = "Option::is_none")]
    pub code: Option<i32>,
    /// More about the error, when given.
    #[serde(rename = "Details", skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// The service's message.
    #[serde(rename = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// One `BatchError` (or the `EditorialError` derived from it) of the other services' faults:
/// which item of the request it is about, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BatchError {
    /// The position of the item in the request's list.
    #[serde(rename = "Index", skip_serializing_if = "Option::is_none")]
    pub index: Option<i32>,
    /// The numeric error code.
    #[serde(rename = "Code", skip_serializing_if = "Option::is_none")]
    pub code: Option<i32>,
    /// The symbolic error code.
    #[serde(rename = "ErrorCode", skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The service's message.
    #[serde(rename = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// More about the error, when given.
    #[serde(rename = "Details", skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// The path of the field the error is about, when given.
    #[serde(rename = "FieldPath", skip_serializing_if = "Option::is_none")]
    pub field_path: Option<String>,
    /// The element's `Type` text, as sent.
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub error_type: Option<String>,
    /// Everything else the element carried (editorial fields such as `DisapprovedText`,
    /// `Location`, `ReasonCode`; `ForwardCompatibilityMap`), in its JSON view.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl BatchError {
    fn from_item(e: Item) -> BatchError {
        BatchError {
            index: e.index,
            code: e.code,
            error_code: e.error_code,
            message: e.message,
            details: e.details,
            field_path: e.field_path,
            error_type: e.error_type,
            extra: e.extra,
        }
    }

    /// A response's `PartialErrors` (any service's generated `BatchError` or
    /// `EditorialError`), read the way a fault's `BatchErrors` are.
    pub fn from_generated<T: Serialize>(errors: &[T]) -> Vec<BatchError> {
        #[derive(Serialize)]
        struct Detail<'a, T> {
            #[serde(rename = "BatchErrors")]
            batch_errors: &'a [T],
        }
        let members = members::read(
            &Detail {
                batch_errors: errors,
            },
            true,
        );
        members
            .batch_errors
            .into_iter()
            .map(BatchError::from_item)
            .collect()
    }
}

/// The content of one element under `detail`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultDetail {
    /// `AdApiFaultDetail`: request-level errors such as invalid credentials or throttling.
    AdApiFaultDetail {
        /// The TrackingId the detail carried.
        tracking_id: Option<String>,
        /// Its `AdApiError`s.
        errors: Vec<AdApiError>,
    },
    /// `ApiFault`: operation errors.
    ApiFault {
        /// The TrackingId the detail carried.
        tracking_id: Option<String>,
        /// Its `OperationError`s.
        operation_errors: Vec<OperationError>,
    },
    /// `ApiFaultDetail`, `EditorialApiFaultDetail` or `ApiBatchFault` (see [`FaultKind`]).
    /// Editorial errors are batch errors with their editorial fields in `extra`.
    Batch {
        /// Which of the three detail types it was.
        kind: FaultKind,
        /// The TrackingId the detail carried.
        tracking_id: Option<String>,
        /// Its `BatchErrors`, then its `EditorialErrors`.
        batch_errors: Vec<BatchError>,
        /// Its `OperationErrors`.
        operation_errors: Vec<OperationError>,
    },
    /// Kept as the raw XML of the element, so nothing the service said is lost.
    Unknown {
        /// The detail element's local name.
        element: String,
        /// Its namespace URI (empty when built by `from_generated`).
        namespace: String,
        /// The element as it stood in the body (its JSON view when built by `from_generated`).
        raw_xml: String,
    },
}

impl FaultDetail {
    /// Which detail type this is.
    pub fn kind(&self) -> FaultKind {
        match self {
            FaultDetail::AdApiFaultDetail { .. } => FaultKind::AdApiFaultDetail,
            FaultDetail::ApiFault { .. } => FaultKind::ApiFault,
            FaultDetail::Batch { kind, .. } => *kind,
            FaultDetail::Unknown { .. } => FaultKind::Unknown,
        }
    }

    pub(crate) fn tracking_id(&self) -> Option<&str> {
        match self {
            FaultDetail::AdApiFaultDetail { tracking_id, .. }
            | FaultDetail::ApiFault { tracking_id, .. }
            | FaultDetail::Batch { tracking_id, .. } => tracking_id.as_deref(),
            FaultDetail::Unknown { .. } => None,
        }
    }

    /// A generated fault detail type of any service, or the JSON of a REST fault body, read by
    /// its members' WSDL names straight from its `Serialize` impl (no JSON view is built), so
    /// one function serves every service's fault types. `element` is the detail element's
    /// name; an element no service declares is kept as its JSON text.
    pub fn from_generated<T: Serialize + ?Sized>(element: &str, detail: &T) -> FaultDetail {
        let kind = match element {
            "AdApiFaultDetail" => FaultKind::AdApiFaultDetail,
            "ApiFault" => FaultKind::ApiFault,
            "ApiFaultDetail" => FaultKind::ApiFaultDetail,
            "EditorialApiFaultDetail" => FaultKind::EditorialApiFaultDetail,
            "ApiBatchFault" => FaultKind::ApiBatchFault,
            _ => {
                return FaultDetail::Unknown {
                    element: element.to_string(),
                    namespace: String::new(),
                    raw_xml: serde_json::to_string(detail).unwrap_or_default(),
                }
            }
        };
        let batch = !matches!(kind, FaultKind::AdApiFaultDetail | FaultKind::ApiFault);
        let members = members::read(detail, batch);
        let operation_errors = |items: Vec<Item>| {
            items
                .into_iter()
                .map(|e| OperationError {
                    code: e.code,
                    details: e.details,
                    message: e.message,
                })
                .collect()
        };
        let tracking_id = members.tracking_id;
        match kind {
            FaultKind::AdApiFaultDetail => FaultDetail::AdApiFaultDetail {
                tracking_id,
                errors: members
                    .errors
                    .into_iter()
                    .map(|e| AdApiError {
                        code: e.code,
                        error_code: e.error_code,
                        message: e.message,
                        detail: e.detail,
                    })
                    .collect(),
            },
            FaultKind::ApiFault => FaultDetail::ApiFault {
                tracking_id,
                operation_errors: operation_errors(members.operation_errors),
            },
            _ => FaultDetail::Batch {
                kind,
                tracking_id,
                batch_errors: members
                    .batch_errors
                    .into_iter()
                    .chain(members.editorial_errors)
                    .map(BatchError::from_item)
                    .collect(),
                operation_errors: operation_errors(members.operation_errors),
            },
        }
    }
}

/// A fault the service answered with, over either wire form: a SOAP `s:Fault` or a REST fault
/// body, with every error the service listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fault {
    /// The SOAP `faultcode` (`s:Client`, `s:Server`); empty for a fault read from a REST body.
    pub faultcode: String,
    /// The SOAP `faultstring`; empty for a fault read from a REST body.
    pub faultstring: String,
    /// Usually one; a body with several detail elements keeps them all, in order.
    pub details: Vec<FaultDetail>,
    /// From the `TrackingId` response header, or else from the detail.
    pub tracking_id: Option<String>,
    /// The HTTP status the fault came with (500 or 200), when it came over HTTP.
    pub http_status: Option<u16>,
}

impl Fault {
    /// The kind of the first detail.
    pub fn kind(&self) -> FaultKind {
        self.details
            .first()
            .map_or(FaultKind::Unknown, FaultDetail::kind)
    }

    /// Every error code, read together with the kind of fault that carried it.
    pub fn error_codes(&self) -> Vec<ErrorCode> {
        let mut out = Vec::new();
        for d in &self.details {
            match d {
                FaultDetail::AdApiFaultDetail { errors, .. } => {
                    out.extend(errors.iter().filter_map(|e| {
                        Some(ErrorCode::lookup(FaultKind::AdApiFaultDetail, e.code?))
                    }))
                }
                FaultDetail::ApiFault {
                    operation_errors, ..
                } => out.extend(
                    operation_errors
                        .iter()
                        .filter_map(|e| Some(ErrorCode::lookup(FaultKind::ApiFault, e.code?))),
                ),
                FaultDetail::Batch {
                    kind,
                    batch_errors,
                    operation_errors,
                    ..
                } => out.extend(
                    batch_errors
                        .iter()
                        .filter_map(|e| e.code)
                        .chain(operation_errors.iter().filter_map(|e| e.code))
                        .map(|c| ErrorCode::lookup(*kind, c)),
                ),
                FaultDetail::Unknown { .. } => {}
            }
        }
        out
    }

    /// Whether any error carries `code`.
    pub fn has_code(&self, code: i32) -> bool {
        self.error_codes().iter().any(|c| c.code() == code)
    }

    /// Worth retrying: every error is transient or throttling (and there is at least one).
    pub fn is_retryable(&self) -> bool {
        let codes = self.error_codes();
        !codes.is_empty() && codes.iter().all(|c| c.is_retryable())
    }

    /// The credentials are missing, invalid or expired (105, 109, …): sign in again. Not
    /// 106 UserIsNotAuthorized ([`Fault::is_not_authorized`]).
    pub fn is_auth(&self) -> bool {
        self.error_codes().iter().any(ErrorCode::is_auth)
    }

    /// Signed in, but the user may not do this (106 UserIsNotAuthorized, 1001).
    pub fn is_not_authorized(&self) -> bool {
        self.error_codes().iter().any(ErrorCode::is_not_authorized)
    }

    /// The entity asked for does not exist (210 EntityNotExistent).
    pub fn is_not_found(&self) -> bool {
        self.has_code(codes::error_codes::ENTITY_NOT_EXISTENT)
    }

    /// Fault code 117 CallRateExceeded (or another throttling code).
    pub fn is_throttle(&self) -> bool {
        self.error_codes().iter().any(ErrorCode::is_throttle)
    }

    /// The JSON view (`bingads parse` / `call` print it under `"fault"`).
    pub fn to_json(&self) -> Value {
        let mut errors = Vec::new();
        let mut raw = Vec::new();
        for d in &self.details {
            match d {
                FaultDetail::AdApiFaultDetail { errors: e, .. } => {
                    errors.extend(e.iter().map(|e| json!(e)))
                }
                FaultDetail::ApiFault {
                    operation_errors, ..
                } => errors.extend(operation_errors.iter().map(|e| json!(e))),
                FaultDetail::Batch {
                    batch_errors,
                    operation_errors,
                    ..
                } => errors.extend(
                    batch_errors
                        .iter()
                        .map(|e| json!(e))
                        .chain(operation_errors.iter().map(|e| json!(e))),
                ),
                FaultDetail::Unknown { raw_xml, .. } => raw.push(raw_xml.as_str()),
            }
        }
        let mut out = Map::new();
        out.insert("kind".into(), json!(self.kind().as_str()));
        // A REST fault has neither.
        if !self.faultcode.is_empty() || !self.faultstring.is_empty() {
            out.insert("faultcode".into(), json!(self.faultcode));
            out.insert("faultstring".into(), json!(self.faultstring));
        }
        out.insert("errors".into(), Value::Array(errors));
        if !raw.is_empty() {
            out.insert("raw_detail".into(), json!(raw.concat()));
        }
        Value::Object(out)
    }
}

impl Serialize for Fault {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl fmt::Display for Fault {
    /// Every code and message first (the official SDKs' "Invalid client data" text hides
    /// them), then faultstring and the TrackingId.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A fault read from a REST body has no faultcode or faultstring.
        let rest = self.faultcode.is_empty() && self.faultstring.is_empty();
        let wire = if rest { "REST" } else { "SOAP" };
        write!(f, "{wire} fault {}", self.kind().as_str())?;
        let mut first = true;
        let mut sep = |f: &mut fmt::Formatter<'_>| -> fmt::Result {
            let s = if first { ": " } else { "; " };
            first = false;
            f.write_str(s)
        };
        for d in &self.details {
            match d {
                FaultDetail::AdApiFaultDetail { errors, .. } => {
                    for e in errors {
                        sep(f)?;
                        let name = e.error_code.clone().or_else(|| {
                            e.code
                                .and_then(|c| {
                                    ErrorCode::lookup(FaultKind::AdApiFaultDetail, c).name()
                                })
                                .map(str::to_string)
                        });
                        write_code(f, e.code, name.as_deref())?;
                        if let Some(m) = &e.message {
                            write!(f, " - {m}")?;
                        }
                        if let Some(d) = &e.detail {
                            write!(f, " ({d})")?;
                        }
                    }
                }
                FaultDetail::ApiFault {
                    operation_errors, ..
                } => {
                    for e in operation_errors {
                        sep(f)?;
                        let name = e
                            .code
                            .and_then(|c| ErrorCode::lookup(FaultKind::ApiFault, c).name())
                            .map(str::to_string)
                            .or_else(|| e.details.clone());
                        write_code(f, e.code, name.as_deref())?;
                        if let Some(m) = &e.message {
                            write!(f, " - {m}")?;
                        }
                        if let Some(d) = e.details.as_ref().filter(|d| Some(*d) != name.as_ref()) {
                            write!(f, " ({d})")?;
                        }
                    }
                }
                FaultDetail::Batch {
                    kind,
                    batch_errors,
                    operation_errors,
                    ..
                } => {
                    for e in batch_errors {
                        sep(f)?;
                        let name = e.error_code.clone().or_else(|| {
                            e.code
                                .and_then(|c| ErrorCode::lookup(*kind, c).name())
                                .map(str::to_string)
                        });
                        write_code(f, e.code, name.as_deref())?;
                        if let Some(i) = e.index {
                            write!(f, " at index {i}")?;
                        }
                        if let Some(m) = &e.message {
                            write!(f, " - {m}")?;
                        }
                    }
                    for e in operation_errors {
                        sep(f)?;
                        let name = e
                            .code
                            .and_then(|c| ErrorCode::lookup(*kind, c).name())
                            .map(str::to_string)
                            .or_else(|| e.details.clone());
                        write_code(f, e.code, name.as_deref())?;
                        if let Some(m) = &e.message {
                            write!(f, " - {m}")?;
                        }
                    }
                }
                FaultDetail::Unknown { element, .. } => {
                    sep(f)?;
                    write!(f, "unknown detail {element}")?;
                }
            }
        }
        let mut parts = Vec::new();
        if !rest {
            parts.push(format!(
                "faultcode {:?}, faultstring {:?}",
                self.faultcode, self.faultstring
            ));
        }
        if let Some(status) = self.http_status {
            parts.push(format!("HTTP {status}"));
        }
        parts.push(match &self.tracking_id {
            Some(id) => format!("TrackingId {id}"),
            None => "no TrackingId".into(),
        });
        write!(f, " [{}]", parts.join(", "))
    }
}

impl std::error::Error for Fault {}

fn write_code(f: &mut fmt::Formatter<'_>, code: Option<i32>, name: Option<&str>) -> fmt::Result {
    match (code, name) {
        (Some(code), Some(name)) => write!(f, "{code} {name}"),
        (Some(code), None) => write!(f, "{code}"),
        (None, Some(name)) => write!(f, "(no code) {name}"),
        (None, None) => write!(f, "(no code)"),
    }
}
