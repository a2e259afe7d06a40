//! Partner Center against a real HTTP server on 127.0.0.1 that models the service: soft
//! delete, the 30-day window on an injectable clock, the inactive filter, paging over 3+ pages
//! with both forms of next link, 429 then success, 404, a body that is not JSON.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bingads::client::RetryConfig;
use bingads::partner_center::{
    DeleteOutcome, ErrorKind, PartnerCenterClient, RestoreOutcome, UserState, SOFT_DELETE_RETENTION,
};
use bingads::time::{format_rfc3339, parse_rfc3339};
use common::server::{serve, Reply, Seen, TestServer};
use futures_util::TryStreamExt;
use serde_json::{json, Value};

const CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";

fn user_id(i: usize) -> String {
    format!("4f5e6d7c-0000-4000-8000-{i:012x}")
}

/// The modelled service: users of one customer, a clock, and faults to inject.
struct Model {
    now: SystemTime,
    users: Vec<Value>,
    throttle_next: usize,
    html_next: bool,
}

type Shared = Arc<Mutex<Model>>;

fn model(active: usize, deleted: usize, now: SystemTime) -> Shared {
    let mut users = Vec::new();
    for i in 0..active + deleted {
        let mut u = json!({
            "id": user_id(i), "userPrincipalName": format!("user{i}@contoso.onmicrosoft.com"), "firstName": "User", "lastName": format!("{i}"),
            "displayName": format!("User {i}"), "userDomainType": "none", "state": "active",
            "attributes": {"objectType": "CustomerUser"}, "futureField": i
        });
        if i >= active {
            u["state"] = json!("inactive");
            u["softDeletionTime"] = json!(format_rfc3339(
                now - Duration::from_secs(86_400 * (i - active) as u64)
            ));
        }
        users.push(u);
    }
    Arc::new(Mutex::new(Model {
        now,
        users,
        throttle_next: 0,
        html_next: false,
    }))
}

fn not_found() -> Reply {
    Reply::json(
        404,
        r#"{"code":60002,"description":"User not found.","data":[],"source":"PartnerFD"}"#,
    )
}

fn handle(model: &Shared, req: &Seen) -> Reply {
    let mut m = model.lock().unwrap();
    // Purge users deleted more than 30 days ago.
    let now = m.now;
    m.users.retain(|u| {
        u["softDeletionTime"]
            .as_str()
            .and_then(parse_rfc3339)
            .is_none_or(|t| t + SOFT_DELETE_RETENTION > now)
    });
    if m.throttle_next > 0 {
        m.throttle_next -= 1;
        let mut r = Reply::json(
            429,
            r#"{"statusCode":429,"message":"Rate limit is exceeded. Try again in 0 seconds."}"#,
        );
        r.headers.push(("retry-after", "0".into()));
        return r;
    }
    if std::mem::take(&mut m.html_next) {
        return Reply::new(200, "<html><body>Service Unavailable</body></html>");
    }
    let (path, query) = req.path.split_once('?').unwrap_or((&req.path, ""));
    let prefix = format!("/v1/customers/{CUSTOMER}/users");
    let Some(rest) = path.strip_prefix(&prefix) else {
        return Reply::json(404, r#"{"code":900,"description":"No route"}"#);
    };
    match (req.method.as_str(), rest.trim_start_matches('/')) {
        ("GET", "") => {
            let size: usize = query
                .split('&')
                .find_map(|p| p.strip_prefix("size="))
                .and_then(|s| s.parse().ok())
                .unwrap_or(100);
            let inactive = query.contains("filter=%7B%22Field%22%3A%22UserState%22%2C%22Value%22%3A%22Inactive%22%2C%22Operator%22%3A%22equals%22%7D");
            let matching: Vec<&Value> = m
                .users
                .iter()
                .filter(|u| (u["state"] == "inactive") == inactive)
                .collect();
            let offset: usize = req
                .header("MS-ContinuationToken")
                .and_then(|t| t.parse().ok())
                .unwrap_or(0);
            let items: Vec<&Value> = matching.iter().skip(offset).take(size).copied().collect();
            let mut page = json!({"totalCount": matching.len(), "items": items, "attributes": {"objectType": "Collection"}});
            if offset + size < matching.len() {
                // Alternate the two forms the service is seen to send.
                let uri = if (offset / size) % 2 == 0 {
                    format!("{prefix}?{query}")
                } else {
                    format!("/customers/{CUSTOMER}/users?{query}")
                };
                page["links"] = json!({"next": {"uri": uri, "method": "GET", "headers": [{"key": "MS-ContinuationToken", "value": (offset + size).to_string()}]}});
            }
            Reply::json(200, page.to_string())
        }
        (method, id) => {
            let Some(user) = m.users.iter_mut().find(|u| u["id"] == id) else {
                return not_found();
            };
            match method {
                "GET" => Reply::json(200, user.to_string()),
                "DELETE" if user["state"] == "active" => {
                    user["state"] = json!("inactive");
                    user["softDeletionTime"] = json!(format_rfc3339(now));
                    Reply::new(204, "")
                }
                "DELETE" => not_found(),
                "PATCH" => {
                    let body: Value = serde_json::from_slice(&req.body).unwrap();
                    assert_eq!(
                        body,
                        json!({"State": "active", "Attributes": {"ObjectType": "CustomerUser"}})
                    );
                    if user["state"] == "active" {
                        return Reply::json(
                            400,
                            r#"{"code":60013,"description":"The user is not deleted.","data":[],"source":"PartnerFD"}"#,
                        );
                    }
                    user["state"] = json!("active");
                    user.as_object_mut().unwrap().remove("softDeletionTime");
                    Reply::json(200, user.to_string())
                }
                _ => Reply::json(405, r#"{"code":1,"description":"method"}"#),
            }
        }
    }
}

async fn start(model: Shared) -> TestServer {
    serve(move |req, _| {
        let model = model.clone();
        async move { handle(&model, &req) }
    })
    .await
}

fn client(url: &str) -> bingads::partner_center::PartnerCenterClientBuilder {
    PartnerCenterClient::builder()
        .base_url(url)
        .access_token("pc-token")
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)))
        .no_proxy()
}

fn now() -> SystemTime {
    parse_rfc3339("2026-11-23T12:00:00Z").unwrap()
}

#[tokio::test]
async fn delete_list_restore_lifecycle() {
    let model = model(3, 0, now());
    let server = start(model.clone()).await;
    let pc = client(&server.url).build().unwrap();
    let deleted = pc.delete_user(CUSTOMER, &user_id(1)).await.unwrap();
    assert_eq!(deleted.body, DeleteOutcome::Deleted);

    let listed: Vec<_> = pc.deleted_users(CUSTOMER).try_collect().await.unwrap();
    assert_eq!(listed.len(), 1);
    let user = &listed[0];
    assert_eq!(user.id.as_deref(), Some(user_id(1).as_str()));
    assert_eq!(
        user.purge_at_text().as_deref(),
        Some("2026-12-23T12:00:00Z")
    );
    assert!(user.is_restorable(now() + Duration::from_secs(29 * 86_400)));
    assert!(!user.is_restorable(now() + Duration::from_secs(31 * 86_400)));
    assert_eq!(user.extra["futureField"], 1, "unknown fields are kept");

    let restored = pc.restore_user(CUSTOMER, &user_id(1)).await.unwrap();
    assert!(
        matches!(&restored.body, RestoreOutcome::Restored(u) if u.state == Some(UserState::Active))
    );
    let active: Vec<_> = pc.users(CUSTOMER).try_collect().await.unwrap();
    assert_eq!(active.len(), 3);

    // Every request carried the documented headers.
    for seen in server.seen() {
        assert_eq!(seen.header("authorization"), Some("Bearer pc-token"));
        assert_eq!(seen.header("accept"), Some("application/json"));
        assert_eq!(seen.header("x-locale"), Some("en-US"));
        assert!(bingads::xml::Guid::new(seen.header("ms-requestid").unwrap()).is_ok());
        assert!(seen.header("ms-correlationid").is_some());
    }
    let delete = &server.seen()[0];
    assert_eq!(
        (delete.method.as_str(), delete.path.as_str()),
        (
            "DELETE",
            format!("/v1/customers/{CUSTOMER}/users/{}", user_id(1)).as_str()
        )
    );
}

#[tokio::test]
async fn purge_after_thirty_days() {
    let model = model(1, 0, now());
    let server = start(model.clone()).await;
    let pc = client(&server.url).build().unwrap();
    pc.delete_user(CUSTOMER, &user_id(0)).await.unwrap();
    model.lock().unwrap().now = now() + SOFT_DELETE_RETENTION + Duration::from_secs(1);
    let listed: Vec<_> = pc.deleted_users(CUSTOMER).try_collect().await.unwrap();
    assert!(listed.is_empty(), "purged");
    let err = pc.restore_user(CUSTOMER, &user_id(0)).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
}

#[tokio::test]
async fn paging_over_many_pages_with_both_link_forms() {
    let server = start(model(2, 7, now())).await;
    let pc = client(&server.url).page_size(2).build().unwrap();
    let listed: Vec<_> = pc.deleted_users(CUSTOMER).try_collect().await.unwrap();
    assert_eq!(listed.len(), 7);
    let ids: Vec<String> = listed.iter().map(|u| u.id.clone().unwrap()).collect();
    assert_eq!(ids, (2..9).map(user_id).collect::<Vec<_>>());
    let seen = server.seen();
    assert_eq!(seen.len(), 4, "4 pages of 2");
    for (i, s) in seen.iter().enumerate() {
        assert!(
            s.path
                .starts_with(&format!("/v1/customers/{CUSTOMER}/users?size=2&filter=")),
            "{}",
            s.path
        );
        assert!(!s.path.contains("/v1/v1") && !s.path.contains("//"));
        let expected = (i > 0).then(|| (i * 2).to_string());
        assert_eq!(s.header("ms-continuationtoken"), expected.as_deref());
    }
    assert_eq!(
        seen[0]
            .path
            .matches("filter=%7B%22Field%22%3A%22UserState%22")
            .count(),
        1
    );

    // Resuming from a stored continuation.
    let first = pc.deleted_users_page(CUSTOMER, None).await.unwrap();
    let second = pc
        .deleted_users_page(CUSTOMER, first.continuation.as_ref())
        .await
        .unwrap();
    assert_eq!(second.items[0].id.as_deref(), Some(user_id(4).as_str()));
    assert_eq!(second.total_count, Some(7));
}

#[tokio::test]
async fn throttled_429_honours_retry_after_and_keeps_the_request_id() {
    let model = model(1, 0, now());
    model.lock().unwrap().throttle_next = 2;
    let server = start(model).await;
    let pc = client(&server.url).build().unwrap();
    let out = pc.get_user(CUSTOMER, &user_id(0)).await.unwrap();
    assert_eq!(
        out.body.user_principal_name.as_deref(),
        Some("user0@contoso.onmicrosoft.com")
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    let id = seen[0].header("ms-requestid").unwrap();
    assert!(
        seen.iter().all(|s| s.header("ms-requestid") == Some(id)),
        "the same MS-RequestId on every retry"
    );
    assert_eq!(
        out.ids.request_id, id,
        "the request id is exposed on success"
    );

    // Retries exhausted: a typed 429.
    let model = self::model(1, 0, now());
    model.lock().unwrap().throttle_next = 10;
    let server = start(model).await;
    let pc = client(&server.url)
        .retry(RetryConfig::standard().with_max_attempts(2))
        .build()
        .unwrap();
    match pc.get_user(CUSTOMER, &user_id(0)).await.unwrap_err().kind() {
        ErrorKind::Throttled {
            retry_after,
            message,
        } => {
            assert_eq!(*retry_after, Some(Duration::ZERO));
            assert!(message.as_deref().unwrap().contains("Rate limit"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn not_found_is_typed_and_never_retried() {
    let server = start(model(1, 0, now())).await;
    let pc = client(&server.url).build().unwrap();
    let err = pc.get_user(CUSTOMER, &user_id(42)).await.unwrap_err();
    match err.kind() {
        ErrorKind::Api {
            status: 404,
            code: Some(60002),
            description,
            ..
        } => {
            assert_eq!(description.as_deref(), Some("User not found."));
            assert!(!err.ids().unwrap().request_id.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_not_found());
    assert!(err.to_string().contains("60002") && err.to_string().contains("MS-RequestId"));
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn idempotent_offboarding_options() {
    let server = start(model(2, 0, now())).await;
    let strict = client(&server.url).build().unwrap();
    strict.delete_user(CUSTOMER, &user_id(0)).await.unwrap();
    assert!(strict
        .delete_user(CUSTOMER, &user_id(0))
        .await
        .unwrap_err()
        .is_not_found());
    assert_eq!(
        strict
            .restore_user(CUSTOMER, &user_id(1))
            .await
            .unwrap_err()
            .status(),
        Some(400)
    );

    let lenient = client(&server.url)
        .treat_already_deleted_as_success(true)
        .treat_already_active_as_success(true)
        .build()
        .unwrap();
    assert_eq!(
        lenient
            .delete_user(CUSTOMER, &user_id(0))
            .await
            .unwrap()
            .body,
        DeleteOutcome::AlreadyDeleted
    );
    assert!(matches!(
        lenient
            .restore_user(CUSTOMER, &user_id(1))
            .await
            .unwrap()
            .body,
        RestoreOutcome::AlreadyActive(_)
    ));
}

#[tokio::test]
async fn body_that_is_not_json() {
    let model = model(1, 0, now());
    model.lock().unwrap().html_next = true;
    let server = start(model).await;
    let pc = client(&server.url).build().unwrap();
    match pc.get_user(CUSTOMER, &user_id(0)).await.unwrap_err().kind() {
        ErrorKind::Decode {
            status: 200,
            excerpt,
            ..
        } => assert!(excerpt.contains("Service Unavailable")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn ids_must_be_guids_before_any_request() {
    let server = start(model(1, 0, now())).await;
    let pc = client(&server.url).build().unwrap();
    for (customer, user) in [
        ("not-a-guid", user_id(0)),
        (CUSTOMER, "../../admin".to_string()),
    ] {
        let err = pc.delete_user(customer, &user).await.unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidId { .. }), "{err:?}");
    }
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn absurd_retry_after_stops_instead_of_overflowing() {
    let server = serve(|_, _| async {
        let mut r = Reply::json(429, r#"{"statusCode":429,"message":"slow down"}"#);
        r.headers
            .push(("retry-after", "18446744073709551615".into()));
        r
    })
    .await;
    let pc = client(&server.url).build().unwrap();
    match pc.get_user(CUSTOMER, &user_id(0)).await.unwrap_err().kind() {
        ErrorKind::Throttled { retry_after, .. } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(u64::MAX)))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        server.hits(),
        1,
        "a wait beyond the total budget is not waited"
    );
}

#[test]
fn ids_with_white_space_are_refused() {
    let pc = PartnerCenterClient::builder()
        .access_token("t")
        .build()
        .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let err = rt
        .block_on(pc.get_user(&format!(" {CUSTOMER}"), &user_id(0)))
        .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::InvalidId {
                what: "customer id",
                ..
            }
        ),
        "{err:?}"
    );
}

/// `softDeletionTime` as Partner Center writes it: the documentation's example
/// (`"2017-01-20T00:33:34Z"`, develop/view-a-deleted-user.md), seven-digit fractions (.NET),
/// an offset, null; any other text is a decode error naming the field and the value.
#[tokio::test]
async fn soft_deletion_time_is_a_time_read_from_what_partner_center_sends() {
    let user = |time: Value| {
        json!({"id": user_id(0), "state": "inactive", "softDeletionTime": time}).to_string()
    };
    let cases = [
        user(json!("2017-01-20T00:33:34Z")),
        user(json!("2017-01-20T00:33:34.4463405Z")),
        user(json!("2017-01-20T02:33:34+02:00")),
        user(Value::Null),
        user(json!("yesterday")),
        user(json!(1484872414)),
    ];
    let server = serve(move |_, i| {
        let body = cases.get(i).cloned().unwrap_or_default();
        async move { Reply::json(200, body) }
    })
    .await;
    let pc = client(&server.url).build().unwrap();
    let mut read = Vec::new();
    for _ in 0..4 {
        read.push(pc.get_user(CUSTOMER, &user_id(0)).await.unwrap().body);
    }
    let example = parse_rfc3339("2017-01-20T00:33:34Z").unwrap();
    assert_eq!(read[0].soft_deletion_time, Some(example));
    assert_eq!(
        read[1].soft_deletion_time,
        Some(example + Duration::from_nanos(446_340_500))
    );
    assert_eq!(read[2].soft_deletion_time, Some(example));
    assert_eq!(read[3].soft_deletion_time, None);
    assert_eq!(
        read[0].purge_at_text().as_deref(),
        Some("2017-02-19T00:33:34Z")
    );
    // Written back as read (the fraction kept).
    assert_eq!(
        serde_json::to_value(&read[1]).unwrap()["softDeletionTime"],
        "2017-01-20T00:33:34.4463405Z"
    );
    for bad in ["\"yesterday\"", "integer"] {
        let err = pc.get_user(CUSTOMER, &user_id(0)).await.unwrap_err();
        match err.kind() {
            ErrorKind::Decode {
                status: 200,
                message,
                ..
            } => assert!(
                message.contains("softDeletionTime") && message.contains(bad),
                "{message}"
            ),
            other => panic!("{bad}: {other:?}"),
        }
    }
}

/// Names are found across every page, in any case, each once; a name nobody active has, or
/// only a deleted user has, maps to `None`.
#[tokio::test]
async fn users_are_found_by_upn_across_pages_in_any_case() {
    let model = model(5, 2, now());
    // The service keeps a name as it was typed.
    model.lock().unwrap().users[3]["userPrincipalName"] = json!("User3@Contoso.OnMicrosoft.com");
    let server = start(model).await;
    let pc = client(&server.url).page_size(2).build().unwrap();
    let found = pc
        .find_users_by_upn(
            CUSTOMER,
            &[
                "USER4@Contoso.onmicrosoft.com",
                " user0@contoso.onmicrosoft.com",
                "user5@contoso.onmicrosoft.com",
                "nobody@contoso.onmicrosoft.com",
                "user3@contoso.onmicrosoft.com",
            ],
        )
        .await
        .unwrap();
    let ids: Vec<(&str, Option<String>)> = found
        .iter()
        .map(|(name, user)| (name.as_str(), user.as_ref().and_then(|u| u.id.clone())))
        .collect();
    assert_eq!(
        ids,
        [
            ("USER4@Contoso.onmicrosoft.com", Some(user_id(4))),
            (" user0@contoso.onmicrosoft.com", Some(user_id(0))),
            ("user5@contoso.onmicrosoft.com", None), // deleted: not an active user
            ("nobody@contoso.onmicrosoft.com", None),
            ("user3@contoso.onmicrosoft.com", Some(user_id(3))),
        ]
    );
    let one = pc
        .find_user_by_upn(CUSTOMER, "User2@CONTOSO.onmicrosoft.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(one.id, Some(user_id(2)));
    assert!(pc
        .find_user_by_upn(CUSTOMER, "user6@contoso.onmicrosoft.com")
        .await
        .unwrap()
        .is_none());
}

/// `users_url` is the first page's URL: the page size, the inactive filter for deleted users,
/// and a customer id that must be a GUID before anything is built.
#[test]
fn the_first_page_url_names_the_size_and_the_filter() {
    let pc = client("https://api.partnercenter.microsoft.com")
        .page_size(50)
        .build()
        .unwrap();
    let base =
        format!("https://api.partnercenter.microsoft.com/v1/customers/{CUSTOMER}/users?size=50");
    assert_eq!(pc.users_url(CUSTOMER, false).unwrap(), base);
    let deleted = pc.users_url(CUSTOMER, true).unwrap();
    let filter = deleted.strip_prefix(&format!("{base}&filter=")).unwrap();
    let filter: String = url::form_urlencoded::parse(format!("f={filter}").as_bytes())
        .next()
        .unwrap()
        .1
        .into_owned();
    let filter: Value = serde_json::from_str(&filter).unwrap();
    assert_eq!(filter["Field"], "UserState");
    assert_eq!(filter["Value"], "Inactive");
    assert!(pc.users_url("not-a-guid", false).is_err());
}

/// A delete is `Deleted` only on the documented 204 (or a 200): any other success status is
/// not taken for a deletion, and the error keeps the call's ids. A restore's outcome hands out
/// the user the service returned.
#[tokio::test]
async fn only_204_or_200_is_a_deletion_and_restore_returns_the_user() {
    let server = serve(|_, _| async {
        let mut reply = Reply::new(202, "");
        reply.headers.push(("ms-requestid", "req-202".into()));
        reply
    })
    .await;
    let pc = client(&server.url).build().unwrap();
    let err = pc.delete_user(CUSTOMER, &user_id(0)).await.unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Decode { status: 202, .. }),
        "{err:?}"
    );
    assert_eq!(err.ids().map(|i| i.request_id.as_str()), Some("req-202"));
    assert_eq!(server.hits(), 1, "not repeated");

    let model = model(1, 1, now());
    let server = start(model).await;
    let pc = client(&server.url).build().unwrap();
    let restored = pc.restore_user(CUSTOMER, &user_id(1)).await.unwrap();
    assert_eq!(
        restored.body.user().id.as_deref(),
        Some(user_id(1).as_str())
    );
    assert_eq!(restored.body.user().state, Some(UserState::Active));
}

/// `treat_already_active_as_success` turns a refused restore into `AlreadyActive` only when the
/// user reads as active: a user still deleted keeps the service's error.
#[tokio::test]
async fn a_refused_restore_of_a_user_still_deleted_stays_an_error() {
    let server = serve(|req: Seen, _| async move {
        match req.method.as_str() {
            "PATCH" => Reply::json(
                409,
                r#"{"code": 600001, "description": "conflict", "errorName": "Conflict"}"#,
            ),
            _ => Reply::json(
                200,
                r#"{"id": "4f5e6d7c-0000-4000-8000-000000000001", "state": "inactive", "attributes": {"objectType": "CustomerUser"}}"#,
            ),
        }
    })
    .await;
    let lenient = client(&server.url)
        .treat_already_active_as_success(true)
        .build()
        .unwrap();
    let err = lenient
        .restore_user(CUSTOMER, &user_id(1))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(409), "{err:?}");
}

/// `check_mfa` reads `isMfaCompliant` from the answer's body, as a JSON boolean or as text,
/// when no response header says it.
#[tokio::test]
async fn check_mfa_reads_the_body_field() {
    for (body, expected) in [
        (
            r#"{"totalCount": 0, "items": [], "isMfaCompliant": true}"#,
            Some(true),
        ),
        (
            r#"{"totalCount": 0, "items": [], "isMfaCompliant": "False"}"#,
            Some(false),
        ),
        (
            r#"{"totalCount": 0, "items": [], "isMfaCompliant": " TRUE "}"#,
            Some(true),
        ),
        (
            r#"{"totalCount": 0, "items": [], "isMfaCompliant": "yes"}"#,
            None,
        ),
        (r#"{"totalCount": 0, "items": []}"#, None),
    ] {
        let server = serve(move |_, _| async move { Reply::json(200, body) }).await;
        let pc = client(&server.url).build().unwrap();
        let answer = pc.check_mfa(CUSTOMER).await.unwrap();
        assert_eq!(answer.body, expected, "{body}");
        assert_eq!(server.seen()[0].header("validatemfa"), Some("true"));
    }
}

/// With `treat_already_deleted_as_success`, a 404 on delete is `AlreadyDeleted` only after the
/// customer reads: Partner Center answers 404 for a mistyped customer too, and that must stay
/// an error (the listing's customer-not-found), never a success.
#[tokio::test]
async fn a_404_for_an_unknown_customer_is_never_already_deleted() {
    let server = serve(|req: Seen, _| async move {
        match req.method.as_str() {
            "DELETE" => not_found(),
            _ => Reply::json(
                404,
                r#"{"code":60003,"description":"Customer not found.","data":[],"source":"PartnerFD"}"#,
            ),
        }
    })
    .await;
    let lenient = client(&server.url)
        .treat_already_deleted_as_success(true)
        .build()
        .unwrap();
    let err = lenient
        .delete_user(CUSTOMER, &user_id(0))
        .await
        .unwrap_err();
    assert!(err.is_customer_not_found(), "{err:?}");
    assert_eq!(
        server.hits(),
        2,
        "the delete, then one read of the customer"
    );
}

/// The customer is read once per client: later 404s on delete are `AlreadyDeleted` without
/// another listing (no call the user did not ask for).
#[tokio::test]
async fn the_customer_is_read_once_per_client() {
    let server = start(model(2, 0, now())).await;
    let lenient = client(&server.url)
        .treat_already_deleted_as_success(true)
        .build()
        .unwrap();
    lenient.delete_user(CUSTOMER, &user_id(0)).await.unwrap();
    for _ in 0..2 {
        let again = lenient.delete_user(CUSTOMER, &user_id(0)).await.unwrap();
        assert_eq!(again.body, DeleteOutcome::AlreadyDeleted);
    }
    // delete, then (404 + the one listing), then 404 alone.
    assert_eq!(server.hits(), 4);
}

/// Throttled to the end: the error says 429.
#[tokio::test]
async fn a_throttled_answer_is_status_429() {
    let server = serve(|_, _| async {
        let mut reply = Reply::json(429, r#"{"code": 429, "description": "Too many requests"}"#);
        reply.headers.push(("retry-after", "0".into()));
        reply
    })
    .await;
    let pc = client(&server.url)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let err = pc.get_user(CUSTOMER, &user_id(0)).await.unwrap_err();
    assert_eq!(err.status(), Some(429), "{err:?}");
}

/// A 4xx whose body breaks off is still that 4xx, and is not sent again: the service answered.
#[tokio::test]
async fn a_4xx_whose_body_breaks_off_stays_a_4xx() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut seen = Vec::new();
            let mut buf = [0u8; 4096];
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
            }
            let _ = socket
                .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"code\":600")
                .await;
            // Closed here, 490 bytes short.
        }
    });
    let pc = client(&url).build().unwrap();
    let err = pc.get_user(CUSTOMER, &user_id(0)).await.unwrap_err();
    assert_eq!(err.status(), Some(404), "{err:?}");
    assert_eq!(
        accepted.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "not sent again"
    );
}
