//! The Partner Center customer-user endpoints: get, delete (soft), list (active or deleted,
//! paged with `links.next` and `MS-ContinuationToken`), restore, and the 30-day purge.

use axum::http::request::Parts;
use serde_json::{json, Value};

use super::seed::{PartnerCenterCustomer, SeedError};
use super::{http_response, Injections, Shared};
use crate::partner_center::{
    new_guid, CustomerUser, UserState, INACTIVE_FILTER, MFA_REQUIRED_CODE,
};

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
    let validate_mfa = header("validatemfa").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let answer = answer(
        shared,
        parts,
        body,
        header("authorization"),
        header("ms-continuationtoken"),
    );
    let mut headers = answer.headers;
    // Asked to, the service says whether the token carries MFA (see
    // crate::partner_center::MFA_COMPLIANT_FIELD); every token the emulator answers with success does.
    if validate_mfa && (200..300).contains(&answer.status) {
        headers.push(("ismfacompliant", "true".into()));
    }
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
    // Codes from the Partner Center REST error codes page
    // (https://learn.microsoft.com/en-us/partner-center/developer/error-codes).
    if token.is_empty() {
        return Answer::error(401, 800_001, "Partner Token missing in request context");
    }
    if !(allowed.is_empty() || allowed.iter().any(|t| t == token)) {
        return Answer::error(401, 400, "Access denied");
    }
    if !carries_mfa(token) {
        // 401 + 900421 for an App+User token without the MFA claim, as reported by third
        // parties (cloudcockpit.com/blog/mfa-enforcement-partner-center-apis and others); no
        // source quotes the service's text, so this one is the emulator's own.
        let mut a = Answer::error(
            401,
            MFA_REQUIRED_CODE as u32,
            "Multi-factor authentication is required: the token's amr claim has no mfa.",
        );
        a.headers
            .push(("www-authenticate", "Bearer error=\"invalid_token\"".into()));
        return a;
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
        _ => return Answer::error(404, 1000, "Not found"),
    };
    if crate::xml::Guid::new(customer_id).is_err() {
        // 900118 "Invalid Customer ID" (400), from the error codes page.
        return Answer::error(400, 900_118, "Invalid Customer ID");
    }
    let Some(customer) = store
        .partner_center
        .iter_mut()
        .find(|c| c.id.eq_ignore_ascii_case(customer_id))
    else {
        // 60003 "Tenant not found" (404), from the error codes page.
        return Answer::error(404, 60_003, "Tenant not found");
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
        return Answer::error(404, 60_002, "User object ID isn't found");
    };
    match method {
        "GET" => Answer::json(200, json!(user)),
        "DELETE" if user.is_deleted() => Answer::error(404, 60_002, "User object ID isn't found"),
        "DELETE" => {
            user.state = Some(UserState::Inactive);
            // Whole seconds, as the documentation's example ("2017-01-20T00:33:34Z").
            user.soft_deletion_time = Some(crate::time::whole_seconds(now));
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
                    800_002,
                    "Only {\"State\":\"active\"} (restore a deleted user) is supported.",
                );
            }
            if !user.is_deleted() {
                return Answer::error(
                    400,
                    800_002,
                    "Invalid request input: the user is not deleted.",
                );
            }
            user.state = Some(UserState::Active);
            user.soft_deletion_time = None;
            Answer::json(200, json!(user))
        }
        _ => Answer::error(405, 900_405, "Method not allowed."),
    }
}

/// Whether a bearer token carries MFA. A JWT is read as Partner Center reads it: its `amr`
/// claim must hold `mfa` (the "Mandating MFA" page: the API "will check for the presence of
/// the MFA value in the Authentication Method Reference (AMR) claim"; microsoft/Partner-Center-PowerShell
/// src/PowerShell/Commands/TestPartnerSecurityRequirement.cs does the same). An opaque
/// token (what seeds and tests usually hold) counts as an MFA sign-in; seed a JWT without
/// `"amr": ["mfa", …]` to see the refusal.
fn carries_mfa(token: &str) -> bool {
    use base64::Engine as _;
    let mut parts = token.split('.');
    let (Some(_), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return true;
    };
    let Ok(bytes) =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('='))
    else {
        return true;
    };
    let Ok(claims) = serde_json::from_slice::<Value>(&bytes) else {
        return true;
    };
    claims["amr"]
        .as_array()
        .is_some_and(|amr| amr.iter().any(|m| m.as_str() == Some("mfa")))
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
    use crate::partner_center::SOFT_DELETE_RETENTION;
    use crate::time::parse_rfc3339;

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
    fn mfa_is_read_from_the_amr_claim() {
        use base64::Engine as _;
        let jwt = |claims: &str| {
            let b = base64::engine::general_purpose::URL_SAFE_NO_PAD;
            format!("{}.{}.sig", b.encode("{}"), b.encode(claims))
        };
        assert!(carries_mfa(&jwt(r#"{"amr":["pwd","mfa"]}"#)));
        assert!(!carries_mfa(&jwt(r#"{"amr":["pwd"]}"#)));
        assert!(!carries_mfa(&jwt(r#"{"scp":"user_impersonation"}"#)));
        assert!(carries_mfa("opaque-token"));
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
            state: Some(UserState::Inactive),
            ..CustomerUser::default()
        });
        assert!(validate_seed(&c)
            .unwrap_err()
            .0
            .contains("softDeletionTime"));
        c.users[0].soft_deletion_time = parse_rfc3339("2026-11-20T00:00:00Z");
        assert!(validate_seed(&c).is_ok());
        let purge = parse_rfc3339("2026-11-20T00:00:00Z").unwrap() + SOFT_DELETE_RETENTION;
        assert_eq!(c.users[0].purge_at(), Some(purge));
    }
}
