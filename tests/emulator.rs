//! The clients against the emulator over HTTP on 127.0.0.1: the user lifecycle with TimeStamp
//! concurrency, v12 and v13 from one store, credentials (105, 109), injected throttling and
//! 5xx with the retry policy, faults on 500 or 200, unsupported operations, searches, and
//! Partner Center's soft delete, 30-day purge, paging and 429.

use std::sync::Arc;
use std::time::Duration;

use bingads::client::{Error, RetryConfig, TrackingId};
use bingads::emulator::{Emulator, ManualClock, Seed};
use bingads::model::FaultKind;
use bingads::partner_center::{ErrorKind, PartnerCenterClient};
use bingads::time::parse_rfc3339;
use bingads::v13::customer_management as v13;
use bingads::v13::CustomerManagementClient;
use futures_util::TryStreamExt;

const PC_CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";

fn now() -> std::time::SystemTime {
    parse_rfc3339("2026-11-23T12:00:00Z").unwrap()
}

fn fast_retry() -> RetryConfig {
    RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
        .with_throttle_wait(Duration::from_millis(20))
}

async fn emulator() -> (Emulator, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(now()));
    let emulator = Emulator::builder()
        .clock(clock.clone())
        .start()
        .await
        .unwrap();
    (emulator, clock)
}

fn v13_client(emulator: &Emulator) -> CustomerManagementClient {
    CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(emulator.endpoint(&v13::SERVICE))
        .developer_token("dev")
        .access_token("token")
        .retry(fast_retry())
        .no_proxy()
        .build()
        .unwrap()
}

fn get_user(id: i64) -> v13::GetUserRequest {
    v13::GetUserRequest { user_id: Some(id) }
}

fn fault_codes(e: &Error) -> Vec<i32> {
    e.fault()
        .map(|f| f.error_codes().iter().map(|c| c.code()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn user_lifecycle_with_time_stamps() {
    let (emulator, _) = emulator().await;
    let client = v13_client(&emulator);
    let got = client.get_user(get_user(3002)).await.unwrap();
    assert!(got.tracking_id().is_some());
    assert_eq!(got.http_status, Some(200));
    let user = got.body.user.unwrap();
    assert_eq!(user.user_name.as_deref(), Some("pat@contoso.com"));
    let roles = got.body.customer_roles.unwrap();
    assert_eq!(roles[0].account_ids.as_deref(), Some(&[2001, 2002][..]));

    // Someone updates the user: the TimeStamp read before is stale now.
    let mut edited = user.clone();
    edited.job_title = Some("Lead".into());
    let updated = client
        .update_user(v13::UpdateUserRequest { user: Some(edited) })
        .await
        .unwrap();
    assert_eq!(
        updated
            .body
            .last_modified_time
            .map(|t| t.as_str().to_string()),
        Some("2026-11-23T12:00:00Z".to_string())
    );
    let stale = client
        .delete_user(v13::DeleteUserRequest {
            user_id: user.id,
            time_stamp: user.time_stamp.clone(),
        })
        .await
        .unwrap_err();
    let fault = stale.fault().unwrap();
    assert_eq!(fault.kind(), FaultKind::ApiFault);
    assert_eq!(fault_codes(&stale), vec![209]);
    assert_eq!(fault.http_status, Some(500));
    assert!(stale.tracking_id().is_some());

    // The checked helper reads the current TimeStamp first.
    let deleted = client.delete_user_checked(3002).await.unwrap();
    assert!(deleted.tracking_id().is_some());
    let after = client
        .get_user(get_user(3002))
        .await
        .unwrap()
        .body
        .user
        .unwrap();
    assert_eq!(
        after.user_life_cycle_status,
        Some(v13::entities::UserLifeCycleStatus::Deleted)
    );
    assert_eq!(after.job_title.as_deref(), Some("Lead"));
    let active = client
        .get_users_info(v13::GetUsersInfoRequest {
            customer_id: Some(1001),
            status_filter: Some(v13::entities::UserLifeCycleStatus::Active),
        })
        .await
        .unwrap()
        .body
        .users_info
        .unwrap();
    let ids: Vec<i64> = active.iter().filter_map(|u| u.id).collect();
    assert_eq!(ids, vec![3001, 3003]);
}

#[tokio::test]
async fn v12_answers_in_its_namespace_from_the_same_store() {
    let seed = Seed::from_json(include_str!("../examples/emulator-seed.json")).unwrap();
    let emulator = Emulator::builder().seed(seed).start().await.unwrap();
    let v12_endpoint = emulator.endpoint(&bingads::v12::customer_management::SERVICE);
    assert!(v12_endpoint.ends_with("/Api/CustomerManagement/v12/CustomerManagementService.svc"));
    let v12 = bingads::v12::CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(v12_endpoint.clone())
        .developer_token("BBD37VB98")
        .access_token("good-token")
        .no_proxy()
        .build()
        .unwrap();
    // AccountMode exists only in v13: v12 answers without it, v13 with it.
    let account = v12
        .get_account(bingads::v12::customer_management::GetAccountRequest {
            account_id: Some(60),
        })
        .await
        .unwrap()
        .body
        .account
        .unwrap();
    assert_eq!(account.name.as_deref(), Some("Fabrikam Search"));
    let v13 = CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(emulator.endpoint(&v13::SERVICE))
        .developer_token("BBD37VB98")
        .access_token("second-app-token")
        .no_proxy()
        .build()
        .unwrap();
    let account = v13
        .get_account(v13::GetAccountRequest {
            account_id: Some(60),
            // AccountMode is answered only when asked for (accountadditionalfield.md).
            return_additional_fields: Some(vec![
                v13::entities::AccountAdditionalField::AccountMode,
            ]),
        })
        .await
        .unwrap()
        .body
        .account
        .unwrap();
    assert_eq!(account.account_mode.as_deref(), Some("Expert"));

    // The bytes on the wire: the v12 service namespace, and the caller's user for a nil UserId.
    let body = bingads::soap::write_envelope(
        &bingads::v12::customer_management::GetUserRequest::default(),
        &bingads::model::RequestHeaders {
            developer_token: Some("BBD37VB98".into()),
            authentication_token: Some("good-token".into()),
            ..Default::default()
        },
        &Default::default(),
    );
    let raw = reqwest::Client::new()
        .post(&v12_endpoint)
        .header("SOAPAction", "\"GetUser\"")
        .header("Content-Type", "text/xml; charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        raw.contains(r#"<GetUserResponse xmlns="https://bingads.microsoft.com/Customer/v12">"#),
        "{raw}"
    );
    assert!(raw.contains("owner@fabrikam.example"), "{raw}");
    assert!(!raw.contains("Customer/v13"), "{raw}");
}

#[tokio::test]
async fn credentials_are_checked() {
    let seed = Seed::from_json(include_str!("../examples/emulator-seed.json")).unwrap();
    let emulator = Emulator::builder().seed(seed).start().await.unwrap();
    let endpoint = emulator.endpoint(&v13::SERVICE);
    let call = |developer: Option<&'static str>, token: Option<&'static str>| {
        let endpoint = endpoint.clone();
        async move {
            let mut b = CustomerManagementClient::builder()
                .transport(bingads::client::Transport::Soap)
                .endpoint(endpoint)
                .retry(RetryConfig::disabled())
                .no_proxy();
            if let Some(d) = developer {
                b = b.developer_token(d);
            }
            if let Some(t) = token {
                b = b.access_token(t);
            }
            b.build().unwrap().get_user(get_user(51)).await
        }
    };
    let out = call(Some("BBD37VB98"), Some("good-token")).await.unwrap();
    assert_eq!(out.body.user.and_then(|u| u.id), Some(51));
    for (developer, token, code) in [
        (None, Some("good-token"), 105),
        (Some("wrong"), Some("good-token"), 105),
        (Some("BBD37VB98"), None, 105),
        (Some("BBD37VB98"), Some("unknown-token"), 105),
        (Some("BBD37VB98"), Some("expired-token"), 109),
    ] {
        let e = call(developer, token).await.unwrap_err();
        assert_eq!(fault_codes(&e), vec![code], "{developer:?} {token:?}");
        assert_eq!(e.fault().unwrap().kind(), FaultKind::AdApiFaultDetail);
        assert!(e.is_auth());
        assert!(e.tracking_id().is_some());
    }
    // UserName and Password instead of a token: refused like a bad token, as the service
    // takes only OAuth access tokens (tests/emulator_front_door.rs has the evidence).
    let legacy = CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(endpoint.clone())
        .developer_token("BBD37VB98")
        .password_credentials("owner@fabrikam.example", "hunter2")
        .no_proxy()
        .build()
        .unwrap();
    let e = legacy.get_user(get_user(51)).await.unwrap_err();
    assert_eq!(fault_codes(&e), vec![105]);
}

#[tokio::test]
async fn injected_throttling_and_server_errors_are_retried() {
    let (emulator, _) = emulator().await;
    let client = v13_client(&emulator);
    emulator.inject_throttling(2);
    let before = emulator.requests_served();
    let out = client.get_user(get_user(3001)).await.unwrap();
    assert_eq!(out.body.user.and_then(|u| u.id), Some(3001));
    assert_eq!(emulator.requests_served() - before, 3);

    emulator.inject_server_errors(1, 503);
    let before = emulator.requests_served();
    let out = client.get_user(get_user(3001)).await.unwrap();
    assert_eq!(out.body.user.and_then(|u| u.id), Some(3001));
    assert_eq!(
        emulator.requests_served() - before,
        2,
        "the 503, then the answer"
    );

    let once = CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(emulator.endpoint(&v13::SERVICE))
        .developer_token("dev")
        .access_token("token")
        .retry(RetryConfig::disabled())
        .no_proxy()
        .build()
        .unwrap();
    emulator.inject_server_errors(1, 502);
    match once.get_user(get_user(3001)).await.unwrap_err() {
        Error::Http {
            status,
            body_excerpt,
            ..
        } => {
            assert_eq!(status, 502);
            assert!(body_excerpt.contains("Service Unavailable"));
        }
        other => panic!("expected an HTTP error, got {other:?}"),
    }
    emulator.inject_throttling(1);
    let e = once.get_user(get_user(3001)).await.unwrap_err();
    assert!(e.is_throttle());
    assert_eq!(fault_codes(&e), vec![117]);
}

#[tokio::test]
async fn faults_on_200_and_requests_that_are_not_soap() {
    let (emulator, _) = emulator().await;
    let client = v13_client(&emulator);
    emulator.set_fault_status(200);
    let e = client.get_user(get_user(999)).await.unwrap_err();
    assert_eq!(e.fault().unwrap().http_status, Some(200));
    assert_eq!(fault_codes(&e), vec![210]);

    let e = client
        .add_account(v13::AddAccountRequest::default())
        .await
        .unwrap_err();
    let fault = e.fault().unwrap();
    assert_eq!(fault_codes(&e), vec![203]);
    assert!(
        fault.to_string().contains("Account cannot be null"),
        "{fault}"
    );

    // Not SOAP at all: a SOAP fault without detail, never an HTML page.
    let http = reqwest::Client::new();
    let endpoint = emulator.endpoint(&v13::SERVICE);
    let raw = http
        .post(&endpoint)
        .header("Content-Type", "text/xml; charset=utf-8")
        .header("SOAPAction", "\"NoSuchOperation\"")
        .body("<x/>")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    let text = raw.text().await.unwrap();
    assert!(text.contains("<faultcode>s:Client</faultcode>"), "{text}");
    assert!(text.contains("NoSuchOperation"), "{text}");
    let raw = http
        .post(&endpoint)
        .header("Content-Type", "text/xml")
        .header("SOAPAction", "\"GetUser\"")
        .body("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(raw.contains("could not be read"), "{raw}");
    let get = http.get(&endpoint).send().await.unwrap();
    assert_eq!(get.status(), 405);
}

#[tokio::test]
async fn searches_and_invitations() {
    let (emulator, _) = emulator().await;
    let client = v13_client(&emulator);
    let predicate =
        |field: &str, op: v13::entities::PredicateOperator, value: &str| v13::entities::Predicate {
            field: Some(field.into()),
            operator: Some(op),
            value: Some(value.into()),
        };
    use v13::entities::PredicateOperator as Op;
    let page = |index, size| {
        Some(v13::entities::Paging {
            index: Some(index),
            size: Some(size),
        })
    };
    let mut names = Vec::new();
    for index in 0..3 {
        let accounts = client
            .search_accounts(v13::SearchAccountsRequest {
                predicates: Some(vec![predicate("CustomerId", Op::Equals, "1001")]),
                ordering: Some(vec![v13::entities::OrderBy {
                    field: Some(v13::entities::OrderByField::Number),
                    order: Some(v13::entities::SortOrder::Ascending),
                }]),
                page_info: page(index, 1),
                ..Default::default()
            })
            .await
            .unwrap()
            .body
            .accounts
            .unwrap();
        names.extend(accounts.into_iter().filter_map(|a| a.number));
    }
    assert_eq!(names, vec!["F1002001", "F1002002"]);
    let e = client
        .search_accounts(v13::SearchAccountsRequest {
            predicates: Some(vec![predicate("AccountName", Op::StartsWith, "Con")]),
            page_info: page(0, 10),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(fault_codes(&e), vec![3030]);

    let found = client
        .find_accounts(v13::FindAccountsRequest {
            customer_id: Some(1001),
            account_filter: Some("contoso o".into()),
            top_n: Some(10),
        })
        .await
        .unwrap()
        .body
        .accounts_info
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, Some(2002));

    let id = client
        .send_user_invitation(v13::SendUserInvitationRequest {
            user_invitation: Some(v13::entities::UserInvitation {
                first_name: Some("Kim".into()),
                last_name: Some("New".into()),
                email: Some("kim@contoso.com".into()),
                customer_id: Some(1001),
                role_id: Some(16),
                account_ids: Some(vec![2001]),
                lcid: Some(v13::entities::LCID::EnglishUs),
                ..Default::default()
            }),
        })
        .await
        .unwrap()
        .body
        .user_invitation_id
        .unwrap();
    let invitations = client
        .search_user_invitations(v13::SearchUserInvitationsRequest {
            predicates: Some(vec![predicate("CustomerId", Op::Equals, "1001")]),
        })
        .await
        .unwrap()
        .body
        .user_invitations
        .unwrap();
    let kim = invitations.iter().find(|i| i.id == Some(id)).unwrap();
    assert_eq!(
        kim.expiration_date.as_ref().map(|d| d.as_str()),
        Some("2026-12-23T12:00:00Z")
    );
    assert_eq!(invitations.len(), 2);
    let e = client
        .send_user_invitation(v13::SendUserInvitationRequest::default())
        .await
        .unwrap_err();
    assert_eq!(fault_codes(&e), vec![3086]);
}

fn pc_client(emulator: &Emulator) -> PartnerCenterClient {
    PartnerCenterClient::builder()
        .base_url(emulator.url())
        .access_token("pc-token")
        .page_size(1)
        .retry(fast_retry())
        .no_proxy()
        .build()
        .unwrap()
}

#[tokio::test]
async fn partner_center_soft_delete_purge_and_restore() {
    let (emulator, clock) = emulator().await;
    let pc = pc_client(&emulator);
    let jordan = "4f5e6d7c-0000-4000-8000-000000000001";
    let taylor = "4f5e6d7c-0000-4000-8000-000000000002";
    pc.delete_user(PC_CUSTOMER, jordan).await.unwrap();
    clock.advance(Duration::from_secs(86_400));
    emulator.inject_partner_center_throttling(1);
    pc.delete_user(PC_CUSTOMER, taylor).await.unwrap();

    // Page size 1: three pages, each next link followed with its continuation header.
    let deleted: Vec<_> = pc.deleted_users(PC_CUSTOMER).try_collect().await.unwrap();
    let mut purges: Vec<(String, String)> = deleted
        .iter()
        .map(|u| (u.id.clone().unwrap(), u.purge_at_text().unwrap()))
        .collect();
    purges.sort();
    assert_eq!(
        purges,
        vec![
            (jordan.to_string(), "2026-12-23T12:00:00Z".to_string()),
            (taylor.to_string(), "2026-12-24T12:00:00Z".to_string()),
            (
                "4f5e6d7c-0000-4000-8000-000000000003".to_string(),
                "2026-12-20T12:00:00Z".to_string()
            ),
        ]
    );
    let restored = pc.restore_user(PC_CUSTOMER, jordan).await.unwrap();
    assert!(!restored.body.user().is_deleted());
    let e = pc.restore_user(PC_CUSTOMER, jordan).await.unwrap_err();
    assert_eq!(e.status(), Some(400));

    // 30 days after Taylor's deletion the user is purged: gone from the list and from get.
    clock.advance(Duration::from_secs(30 * 86_400));
    let deleted: Vec<_> = pc.deleted_users(PC_CUSTOMER).try_collect().await.unwrap();
    assert!(deleted.is_empty(), "{deleted:?}");
    let e = pc.get_user(PC_CUSTOMER, taylor).await.unwrap_err();
    assert!(e.is_not_found());
    assert!(e.ids().is_some_and(|ids| !ids.request_id.is_empty()));
    let active: Vec<_> = pc.users(PC_CUSTOMER).try_collect().await.unwrap();
    assert_eq!(active.len(), 1);
}

#[tokio::test]
async fn partner_center_needs_a_token_and_reports_throttling() {
    let seed = Seed::from_json(include_str!("../examples/emulator-seed.json")).unwrap();
    let emulator = Emulator::builder().seed(seed).start().await.unwrap();
    let customer = "6a3cf2b1-8d7e-4f60-9a1b-2c3d4e5f6a7b";
    let wrong = PartnerCenterClient::builder()
        .base_url(emulator.url())
        .access_token("not-the-token")
        .no_proxy()
        .build()
        .unwrap();
    let e = wrong
        .get_user(customer, "11111111-2222-4333-8444-555555555555")
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(401));
    let pc = PartnerCenterClient::builder()
        .base_url(emulator.url())
        .access_token("pc-token")
        .retry(RetryConfig::disabled())
        .no_proxy()
        .build()
        .unwrap();
    emulator.inject_partner_center_throttling(1);
    let e = pc
        .get_user(customer, "11111111-2222-4333-8444-555555555555")
        .await
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Throttled { .. }), "{e:?}");
    let ben = pc
        .get_user(customer, "11111111-2222-4333-8444-666666666666")
        .await
        .unwrap()
        .body;
    assert!(ben.is_deleted());
}

#[test]
fn seeds_are_validated() {
    let bad = [
        (r#"{"customers": [{"Name": "no id"}]}"#, "Id"),
        (
            r#"{"customers": [{"Id": 1}], "accounts": [{"Id": 2, "ParentCustomerId": 9}]}"#,
            "ParentCustomerId 9",
        ),
        (r#"{"customers": [{"Id": 1}, {"Id": 1}]}"#, "two customers"),
        (r#"{"unknown_key": 1}"#, "unknown field"),
        (r#"{"partner_center": [{"id": "x"}]}"#, "not a GUID"),
        (r#"{"signed_in_user_id": 5}"#, "signed_in_user_id"),
    ];
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for (json, expected) in bad {
        let message = match Seed::from_json(json) {
            Err(e) => e.to_string(),
            Ok(seed) => rt
                .block_on(Emulator::builder().seed(seed).start())
                .unwrap_err()
                .to_string(),
        };
        assert!(message.contains(expected), "{json}: {message}");
    }
    // The seed's Debug shows counts, never tokens.
    let seed = Seed::from_json(include_str!("../examples/emulator-seed.json")).unwrap();
    let debug = format!("{seed:?}");
    assert!(
        !debug.contains("good-token") && !debug.contains("pc-token"),
        "{debug}"
    );
}

/// The example seed's times are relative to the emulator's start, so its story is the same
/// on any day: Ben was deleted 22 days before the start and is restorable for 8 more days,
/// the invitation expires 23 days after the start.
#[tokio::test]
async fn the_example_seed_tells_the_same_story_on_any_day() {
    let customer = "6a3cf2b1-8d7e-4f60-9a1b-2c3d4e5f6a7b";
    let ben = "11111111-2222-4333-8444-666666666666";
    for start in [
        "2019-01-01T00:00:00Z",
        "2026-12-01T00:00:00Z",
        "2031-07-15T12:30:00Z",
        "2099-12-31T23:59:59Z",
    ] {
        let start_time = parse_rfc3339(start).unwrap();
        let clock = Arc::new(ManualClock::new(start_time));
        let seed = Seed::from_json(include_str!("../examples/emulator-seed.json")).unwrap();
        let emulator = Emulator::builder()
            .seed(seed)
            .clock(clock.clone())
            .start()
            .await
            .unwrap();
        let pc = PartnerCenterClient::builder()
            .base_url(emulator.url())
            .access_token("pc-token")
            .retry(RetryConfig::disabled())
            .no_proxy()
            .build()
            .unwrap();
        let user = pc.get_user(customer, ben).await.unwrap().body;
        let day = Duration::from_secs(86_400);
        let deleted = parse_rfc3339(&bingads::time::format_rfc3339(start_time - 22 * day));
        assert_eq!(user.soft_deletion_time, deleted, "{start}");
        assert!(user.is_restorable(start_time + 7 * day), "{start}");
        assert!(!user.is_restorable(start_time + 9 * day), "{start}");

        let cm = CustomerManagementClient::builder()
            .transport(bingads::client::Transport::Soap)
            .endpoint(emulator.endpoint(&v13::SERVICE))
            .developer_token("BBD37VB98")
            .access_token("good-token")
            .no_proxy()
            .build()
            .unwrap();
        let invitations = cm
            .search_user_invitations(v13::SearchUserInvitationsRequest {
                predicates: Some(vec![v13::entities::Predicate {
                    field: Some("CustomerId".into()),
                    operator: Some(v13::entities::PredicateOperator::Equals),
                    value: Some("50".into()),
                }]),
            })
            .await
            .unwrap()
            .body
            .user_invitations
            .unwrap_or_default();
        let expires = invitations[0].expiration_date.as_ref().unwrap().as_str();
        let expected = bingads::time::format_rfc3339(start_time + 23 * day);
        assert_eq!(expires, expected, "{start}");

        // Nine days on, the 30 days since Ben's deletion have passed: he is purged.
        clock.advance(9 * day);
        let e = pc.get_user(customer, ben).await.unwrap_err();
        assert_eq!(e.status(), Some(404), "{start}: {e}");
        emulator.shutdown().await;
    }
}

/// With `treat_already_deleted_as_success`, a 404 for an unknown *customer* is still an error:
/// only a user that is gone counts as already deleted.
#[tokio::test]
async fn an_unknown_customer_is_not_an_already_deleted_user() {
    let (emulator, _) = emulator().await;
    let pc = PartnerCenterClient::builder()
        .base_url(emulator.url())
        .access_token("any")
        .treat_already_deleted_as_success(true)
        .retry(RetryConfig::disabled())
        .no_proxy()
        .build()
        .unwrap();
    let user = "4f5e6d7c-0000-4000-8000-000000000001";
    let e = pc
        .delete_user("00000000-1111-4222-8333-444444444444", user)
        .await
        .unwrap_err();
    assert!(e.is_customer_not_found(), "{e:?}");
    // The right customer: deleted, then already deleted.
    use bingads::partner_center::DeleteOutcome;
    assert_eq!(
        pc.delete_user(PC_CUSTOMER, user).await.unwrap().body,
        DeleteOutcome::Deleted
    );
    assert_eq!(
        pc.delete_user(PC_CUSTOMER, user).await.unwrap().body,
        DeleteOutcome::AlreadyDeleted
    );
}
