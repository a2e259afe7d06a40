//! The Partner Center customer-user endpoints: get, delete (soft), list (active or deleted,
//! paged with `links.next` and `MS-ContinuationToken`), restore, and the 30-day purge.

use axum::http::request::Parts;
use serde_json::{json, Value};

use super::seed::{PartnerCenterCustomer, SeedError};
use super::{http_response, Injections, Shared};
use crate::partner_center::{format_rfc3339, new_guid, CustomerUser, INACTIVE_FILTER};

/// Page size when the request names none, and the largest accepted.
const DEFAULT_PAGE_SIZE: usize = 100;
const MAX_PAGE_SIZE: usize = 500;

pub(crate) fn validate_seed(customer: &PartnerCenterCustomer) -> Result<(), SeedError> {
    let guid = |what: &str, v: &str| {
        crate::xml::Guid::new(v)
            .map(|_| ())
            .map_err(|_| SeedError(format!("Partner Center {what} {v:?} is not a GUID")))
    };
    guid("customer id", &customer.id)?;
    for user in &customer.users {
        guid("user id", user.id.as_deref().unwrap_or(""))?;
        if user.is_deleted() && user.purge_at().is_none() {
            return Err(SeedError(format!(
                "Partner Center user {:?} is inactive without a softDeletionTime",
                user.id.as_deref().unwrap_or("")
            )));
        }
    }
    Ok(())
}

struct Answer {
    status: u16,
    body: Option<Value>,
    headers: Vec<(&'static str, String)>,
}

impl Answer {
    fn json(status: u16, body: Value) -> Self {
        Answer {
            status,
            body: Some(body),
            headers: Vec::new(),
        }
    }

    fn error(status: u16, code: u32, description: &str) -> Self {
        Answer::json(
            status,
            json!({"code": code, "description": description, "data": [], "source": "PartnerFD"}),
        )
    }
}

pub(crate) fn handle(shared: &Shared, parts: &Parts, body: &[u8]) -> axum::response::Response {
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let request_id = header("ms-requestid").unwrap_or_else(new_guid);
    let correlation_id = header("ms-correlationid").unwrap_or_else(new_guid);
    let answer = answer(
        shared,
        parts,
        body,
        header("authorization"),
        header("ms-continuationtoken"),
    );
    let mut headers = answer.headers;
    headers.push(("ms-requestid", request_id));
    headers.push(("ms-correlationid", correlation_id));
    headers.push(("ms-cv", format!("emulator.{}", new_guid())));
    let body = answer
        .body
        .map(|v| v.to_string().into_bytes())
        .unwrap_or_default();
    http_response(
        answer.status,
        "application/json; charset=utf-8",
        headers,
        body,
    )
}

fn answer(
    shared: &Shared,
    parts: &Parts,
    body: &[u8],
    authorization: Option<String>,
    continuation: Option<String>,
) -> Answer {
    if Injections::take(&shared.injections.partner_center_throttle) {
        let mut a = Answer::json(
            429,
            json!({"statusCode": 429, "message": "Rate limit is exceeded. Try again in 0 seconds."}),
        );
        a.headers.push(("retry-after", "0".into()));
        return a;
    }
    let mut store = shared.store();
    let token = authorization
        .as_deref()
        .and_then(|a| a.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    let allowed = &store.tokens.partner_center;
    if token.is_empty() || !(allowed.is_empty() || allowed.iter().any(|t| t == token)) {
        return Answer::error(
            401,
            900_401,
            "Unauthorized: a valid bearer token is required.",
        );
    }
    let now = shared.clock.now();
    // Users deleted more than 30 days ago are gone for good.
    for customer in &mut store.partner_center {
        customer
            .users
            .retain(|u| !u.is_deleted() || u.purge_at().is_some_and(|purge| now < purge));
    }
    let path = parts.uri.path();
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let (customer_id, user_id) = match segments.as_slice() {
        ["v1", "customers", c, "users"] => (*c, None),
        ["v1", "customers", c, "users", u] => (*c, Some(*u)),
        _ => {
            return Answer::error(
                404,
                900_404,
                "The emulator has no Partner Center route here.",
            )
        }
    };
    let Some(customer) = store
        .partner_center
        .iter_mut()
        .find(|c| c.id.eq_ignore_ascii_case(customer_id))
    else {
        return Answer::error(404, 600_008, "The customer was not found.");
    };
    let method = parts.method.as_str();
    let Some(user_id) = user_id else {
        if method != "GET" {
            return Answer::error(405, 900_405, "Method not allowed.");
        }
        return list(customer, parts.uri.query().unwrap_or(""), continuation);
    };
    let Some(user) = customer.users.iter_mut().find(|u| {
        u.id.as_deref()
            .is_some_and(|id| id.eq_ignore_ascii_case(user_id))
    }) else {
        return Answer::error(404, 60_002, "User not found.");
    };
    match method {
        "GET" => Answer::json(200, json!(user)),
        "DELETE" if user.is_deleted() => Answer::error(404, 60_002, "User not found."),
        "DELETE" => {
            user.state = Some("inactive".into());
            user.soft_deletion_time = Some(format_rfc3339(now));
            Answer {
                status: 204,
                body: None,
                headers: Vec::new(),
            }
        }
        "PATCH" => {
            let wanted: Option<Value> = serde_json::from_slice(body).ok();
            let state = wanted
                .as_ref()
                .and_then(|v| v.get("State").or_else(|| v.get("state")))
                .and_then(Value::as_str);
            if !state.is_some_and(|s| s.eq_ignore_ascii_case("active")) {
                return Answer::error(
                    400,
                    60_012,
                    "Only {\"State\":\"active\"} (restore a deleted user) is supported.",
                );
            }
            if !user.is_deleted() {
                return Answer::error(400, 60_013, "The user is not deleted.");
            }
            user.state = Some("active".into());
            user.soft_deletion_time = None;
            Answer::json(200, json!(user))
        }
        _ => Answer::error(405, 900_405, "Method not allowed."),
    }
}

/// `GET …/users?size=N[&filter=…]`: active users, or with the inactive filter the deleted
/// ones. The continuation token is the offset into the listing.
fn list(customer: &PartnerCenterCustomer, query: &str, continuation: Option<String>) -> Answer {
    let mut size = DEFAULT_PAGE_SIZE;
    let mut filter = None;
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "size" => match value.parse::<usize>() {
                Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => size = n,
                _ => return Answer::error(400, 400_001, "size must be from 1 through 500."),
            },
            "filter" => filter = Some(value.into_owned()),
            _ => {}
        }
    }
    let deleted = match filter.as_deref() {
        None => false,
        Some(f) if same_filter(f) => true,
        Some(_) => {
            return Answer::error(
                400,
                400_002,
                "Only the filter {\"Field\":\"UserState\",\"Value\":\"Inactive\",\"Operator\":\"equals\"} is supported.",
            )
        }
    };
    let offset = match continuation.as_deref().map(str::parse::<usize>) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return Answer::error(400, 400_003, "Invalid MS-ContinuationToken."),
    };
    let matching: Vec<&CustomerUser> = customer
        .users
        .iter()
        .filter(|u| u.is_deleted() == deleted)
        .collect();
    let items: Vec<&CustomerUser> = matching.iter().skip(offset).take(size).copied().collect();
    let mut page = json!({
        "totalCount": matching.len(),
        "items": items,
        "attributes": {"objectType": "Collection"}
    });
    let next = offset + items.len();
    if next < matching.len() {
        // Partner Center writes next links relative to /v1, with the query to repeat.
        page["links"] = json!({"next": {
            "uri": format!("/customers/{}/users?{query}", customer.id),
            "method": "GET",
            "headers": [{"key": "MS-ContinuationToken", "value": next.to_string()}]
        }});
    }
    Answer::json(200, page)
}

/// The documented inactive-user filter, whatever its key order, case or spacing.
fn same_filter(text: &str) -> bool {
    let norm = |t: &str| -> Option<Vec<(String, String)>> {
        let v: serde_json::Map<String, Value> = serde_json::from_str(t).ok()?;
        let mut pairs: Vec<(String, String)> = v
            .into_iter()
            .map(|(k, v)| (k.to_lowercase(), v.as_str().unwrap_or("").to_lowercase()))
            .collect();
        pairs.sort();
        Some(pairs)
    };
    norm(text).is_some_and(|n| Some(n) == norm(INACTIVE_FILTER))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partner_center::{parse_rfc3339, SOFT_DELETE_RETENTION};

    #[test]
    fn the_documented_filter_is_recognised_in_any_spelling() {
        assert!(same_filter(INACTIVE_FILTER));
        assert!(same_filter(
            r#"{ "Operator": "Equals", "field": "UserState", "Value": "inactive" }"#
        ));
        assert!(!same_filter(
            r#"{"Field":"UserState","Value":"Active","Operator":"equals"}"#
        ));
        assert!(!same_filter("not json"));
    }

    #[test]
    fn seeds_need_guids_and_deletion_times() {
        let mut c = PartnerCenterCustomer {
            id: "not-a-guid".into(),
            users: Vec::new(),
        };
        assert!(validate_seed(&c).is_err());
        c.id = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1".into();
        c.users.push(CustomerUser {
            id: Some("4f5e6d7c-0000-4000-8000-000000000001".into()),
            state: Some("inactive".into()),
            ..CustomerUser::default()
        });
        assert!(validate_seed(&c)
            .unwrap_err()
            .0
            .contains("softDeletionTime"));
        c.users[0].soft_deletion_time = Some("2026-11-20T00:00:00Z".into());
        assert!(validate_seed(&c).is_ok());
        let purge = parse_rfc3339("2026-11-20T00:00:00Z").unwrap() + SOFT_DELETE_RETENTION;
        assert_eq!(c.users[0].purge_at(), Some(purge));
    }
}
