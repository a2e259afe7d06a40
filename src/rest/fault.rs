//! REST fault bodies, read into and written from the shared [`Fault`] model.

use serde_json::{json, Value};

use crate::model::{Fault, FaultDetail};

/// The fault `Type`s the REST API answers with.
const FAULT_TYPES: &[&str] = &[
    "AdApiFaultDetail",
    "ApiFault",
    "ApiFaultDetail",
    "EditorialApiFaultDetail",
    "ApiBatchFault",
];

/// Reads a REST fault body: `None` when `body` is not one (not JSON, or no known `Type` and
/// none of the fault members).
pub fn parse_fault(body: &[u8], tracking_header: Option<&str>) -> Option<Fault> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object()?;
    let kind = match object.get("Type").and_then(Value::as_str) {
        Some(t) if FAULT_TYPES.contains(&t) => t,
        Some(_) => return None,
        // ApiBatchFault has no Type member in the official models.
        None if object.contains_key("BatchErrors") => "ApiBatchFault",
        None if object.contains_key("Errors") => "AdApiFaultDetail",
        None if object.contains_key("OperationErrors") => "ApiFault",
        None => return None,
    };
    let detail = FaultDetail::from_generated(kind, &value);
    let body_tracking = object
        .get("TrackingId")
        .and_then(Value::as_str)
        .map(str::to_string);
    Some(Fault {
        faultcode: String::new(),
        faultstring: String::new(),
        details: vec![detail],
        tracking_id: tracking_header.map(str::to_string).or(body_tracking),
        http_status: None,
    })
}

/// The REST body of a fault (the emulator's answers): the first detail with its `Type`.
pub fn fault_body(fault: &Fault) -> Value {
    let mut detail = match fault.details.first() {
        Some(FaultDetail::AdApiFaultDetail { errors, .. }) => {
            // Every member, `null` when unset, as the service writes its answers.
            let errors: Vec<Value> = errors
                .iter()
                .map(|e| json!({"Code": e.code, "Detail": e.detail, "ErrorCode": e.error_code, "Message": e.message}))
                .collect();
            json!({"Type": "AdApiFaultDetail", "Errors": errors})
        }
        Some(FaultDetail::ApiFault {
            operation_errors, ..
        }) => json!({"Type": "ApiFault", "OperationErrors": operation_errors}),
        Some(FaultDetail::Batch {
            kind,
            batch_errors,
            operation_errors,
            ..
        }) => {
            json!({"Type": kind.as_str(), "BatchErrors": batch_errors, "OperationErrors": operation_errors})
        }
        Some(FaultDetail::Unknown { .. }) | None => {
            json!({"Type": "ApiFault", "OperationErrors": []})
        }
    };
    if let Some(map) = detail.as_object_mut() {
        map.insert("TrackingId".into(), json!(fault.tracking_id));
    }
    detail
}
