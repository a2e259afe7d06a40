//! The REST transport: what the client puts on the wire (against a recording server on
//! 127.0.0.1), how it reads answers and faults, and the clients against the emulator over REST,
//! with the same store as SOAP.

mod common;

use std::sync::Arc;
use std::time::Duration;

use bingads::client::{Error, RetryConfig, TrackingId, Transport};
use bingads::emulator::{Emulator, ManualClock};
use bingads::partner_center::parse_rfc3339;
use bingads::v13::customer_management as v13;
use bingads::v13::CustomerManagementClient;
use common::server::{serve, Reply};

fn fast_retry() -> RetryConfig {
    RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
        .with_throttle_wait(Duration::from_millis(20))
}

fn rest_client(root: &str) -> CustomerManagementClient {
    CustomerManagementClient::builder()
        .endpoint(root)
        .developer_token("dev-token")
        .access_token("access-token")
        .retry(fast_retry())
        .no_proxy()
        .build()
        .unwrap()
}

async fn emulator() -> Emulator {
    let clock = Arc::new(ManualClock::new(
        parse_rfc3339("2026-11-23T12:00:00Z").unwrap(),
    ));
    Emulator::builder().clock(clock).start().await.unwrap()
}

fn soap_client(emulator: &Emulator) -> CustomerManagementClient {
    CustomerManagementClient::builder()
        .transport(Transport::Soap)
        .endpoint(emulator.endpoint(&v13::SERVICE))
        .developer_token("dev-token")
        .access_token("access-token")
        .retry(fast_retry())
        .no_proxy()
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_delete_goes_out_as_the_rest_api_expects() {
    let server = serve(|_, _| async {
        let mut reply = Reply::json(200, "{}");
        reply.headers.push(("trackingid", "t-123".into()));
        reply
    })
    .await;
    let client = rest_client(&server.url);
    assert_eq!(
        client.soap_client().transport(),
        Transport::Rest,
        "REST is the v13 default"
    );
    let out = client
        .delete_user(v13::DeleteUserRequest {
            user_id: Some(9_007_199_254_740_993),
            time_stamp: Some(bingads::xml::Base64Binary(vec![0, 0, 0, 0, 0, 0, 7, 209])),
        })
        .await
        .unwrap();
    assert_eq!(out.tracking_id(), Some("t-123"));
    let seen = &server.seen()[0];
    assert_eq!(seen.method, "DELETE");
    assert_eq!(seen.path, "/CustomerManagement/v13/User");
    // The body: WSDL names, the long as a string (past 2^53, exact), base64 TimeStamp.
    let body: serde_json::Value = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"UserId": "9007199254740993", "TimeStamp": "AAAAAAAAB9E="})
    );
    assert_eq!(seen.header("authorization"), Some("Bearer access-token"));
    assert_eq!(seen.header("developertoken"), Some("dev-token"));
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.header("accept"), Some("application/json"));
    assert_eq!(
        seen.header("user-agent"),
        Some(concat!("bingads-rs/", env!("CARGO_PKG_VERSION")))
    );
    // Ids that are not set are not sent at all (never empty, `None` or `0`).
    assert_eq!(seen.header("customerid"), None);
    assert_eq!(seen.header("customeraccountid"), None);
    assert_eq!(seen.header("soapaction"), None);
}

#[tokio::test]
async fn an_operation_without_fields_sends_an_empty_object_and_ids_when_set() {
    let server = serve(|_, _| async { Reply::json(200, r#"{"User": null, "Unknown": 1}"#) }).await;
    let client = CustomerManagementClient::builder()
        .endpoint(format!("{}/", server.url))
        .developer_token("dev-token")
        .access_token("access-token")
        .customer(42, 43)
        .no_proxy()
        .build()
        .unwrap();
    let out = client
        .get_user(v13::GetUserRequest { user_id: None })
        .await
        .unwrap();
    assert!(
        out.body.user.is_none(),
        "explicit null and unknown members are accepted"
    );
    let seen = &server.seen()[0];
    assert_eq!(
        (seen.method.as_str(), seen.path.as_str()),
        ("POST", "/CustomerManagement/v13/User/Query")
    );
    assert_eq!(seen.text(), "{}");
    assert_eq!(seen.header("customerid"), Some("42"));
    assert_eq!(seen.header("customeraccountid"), Some("43"));
}

#[tokio::test]
async fn rest_faults_are_the_typed_faults_of_soap() {
    let server = serve(|_, _| async {
        Reply::json(
            400,
            r#"{"Type":"ApiFault","TrackingId":"t-body","OperationErrors":[{"Code":209,"Details":"TimestampNotMatch","Message":"The time stamp does not match."}]}"#,
        )
    })
    .await;
    let e = rest_client(&server.url)
        .delete_user(v13::DeleteUserRequest::default())
        .await
        .unwrap_err();
    let fault = e.fault().expect("a typed fault");
    assert!(fault.has_code(209));
    assert_eq!(fault.http_status, Some(400));
    assert_eq!(
        e.tracking_id(),
        Some("t-body"),
        "the body's TrackingId without a header"
    );
    assert_eq!(server.hits(), 1, "a 209 is not retried");
    assert!(e.to_string().contains("209"), "{e}");
}

#[tokio::test]
async fn html_pages_and_missing_routes_are_clear_errors() {
    let server = serve(|seen, _| async move {
        let mut reply = if seen.path.ends_with("/User/Query") {
            Reply::new(502, "<html><body>Bad gateway</body></html>")
        } else {
            Reply::new(404, "")
        };
        reply.headers.push(("trackingid", "t-gw".into()));
        reply
    })
    .await;
    let client = CustomerManagementClient::builder()
        .endpoint(&server.url)
        .developer_token("d")
        .access_token("a")
        .retry(RetryConfig::disabled())
        .no_proxy()
        .build()
        .unwrap();
    let e = client
        .get_user(v13::GetUserRequest::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::Http { status: 502, body_excerpt, .. } if body_excerpt.contains("Bad gateway")),
        "{e:?}"
    );
    assert_eq!(e.tracking_id(), Some("t-gw"));
    let e = client
        .get_account(v13::GetAccountRequest::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            Error::RouteNotFound {
                status: 404,
                operation: "GetAccount",
                method: "POST",
                path: "/CustomerManagement/v13/Account/Query",
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .contains("GetAccount (POST /CustomerManagement/v13/Account/Query)"),
        "{e}"
    );
}

#[tokio::test]
async fn v12_has_no_rest_api() {
    let e = bingads::v12::CustomerManagementClient::builder()
        .transport(Transport::Rest)
        .endpoint("http://127.0.0.1:1")
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Construction(_)));
    assert!(e.to_string().contains("no REST API"), "{e}");
}

#[tokio::test]
async fn the_user_lifecycle_over_rest_shares_the_store_with_soap() {
    let emulator = emulator().await;
    let rest = rest_client(emulator.url());
    let soap = soap_client(&emulator);
    let got = rest
        .get_user(v13::GetUserRequest {
            user_id: Some(3002),
        })
        .await
        .unwrap();
    assert!(
        got.tracking_id().is_some_and(|t| t.len() == 36),
        "TrackingId from the header"
    );
    let user = got.body.user.unwrap();
    // The same user read over SOAP is the same typed value.
    let over_soap = soap
        .get_user(v13::GetUserRequest {
            user_id: Some(3002),
        })
        .await
        .unwrap()
        .body;
    assert_eq!(over_soap.user.as_ref(), Some(&user));
    assert_eq!(over_soap.customer_roles, got.body.customer_roles);
    // A TimeStamp read over REST deletes over SOAP; a stale one is 209 over REST.
    let mut edited = user.clone();
    edited.job_title = Some("Analyst".into());
    rest.update_user(v13::UpdateUserRequest { user: Some(edited) })
        .await
        .unwrap();
    let e = soap
        .delete_user(v13::DeleteUserRequest {
            user_id: user.id,
            time_stamp: user.time_stamp.clone(),
        })
        .await
        .unwrap_err();
    assert!(e.fault().is_some_and(|f| f.has_code(209)), "{e}");
    let fresh = rest
        .get_user(v13::GetUserRequest {
            user_id: Some(3002),
        })
        .await
        .unwrap()
        .body
        .user
        .unwrap();
    assert_eq!(fresh.job_title.as_deref(), Some("Analyst"));
    soap.delete_user(v13::DeleteUserRequest {
        user_id: fresh.id,
        time_stamp: fresh.time_stamp.clone(),
    })
    .await
    .unwrap();
    let e = rest
        .delete_user(v13::DeleteUserRequest {
            user_id: fresh.id,
            time_stamp: fresh.time_stamp,
        })
        .await
        .unwrap_err();
    assert_eq!(e.fault().map(|f| f.http_status), Some(Some(400)));
    assert!(e.tracking_id().is_some());
}

#[tokio::test]
async fn searches_give_the_same_typed_result_over_both_transports() {
    let emulator = emulator().await;
    let (rest, soap) = (rest_client(emulator.url()), soap_client(&emulator));
    let request = || v13::SearchAccountsRequest {
        predicates: Some(vec![v13::entities::Predicate {
            field: Some("UserId".into()),
            operator: Some(v13::entities::PredicateOperator::Equals),
            value: Some("3001".into()),
        }]),
        ordering: None,
        page_info: Some(v13::entities::Paging {
            index: Some(0),
            size: Some(10),
        }),
        ..Default::default()
    };
    let over_rest = rest.search_accounts(request()).await.unwrap().body;
    let over_soap = soap.search_accounts(request()).await.unwrap().body;
    assert_eq!(over_rest, over_soap);
    assert_eq!(over_rest.accounts.map(|a| a.len()), Some(2));
    let account = |id| v13::GetAccountRequest {
        account_id: Some(id),
        ..Default::default()
    };
    assert_eq!(
        rest.get_account(account(2001)).await.unwrap().body,
        soap.get_account(account(2001)).await.unwrap().body
    );
}

#[tokio::test]
async fn credentials_throttling_and_server_errors_over_rest() {
    let emulator = emulator().await;
    // No token: AdApiFaultDetail 105 as a JSON body with HTTP 401.
    let anonymous = CustomerManagementClient::builder()
        .endpoint(emulator.url())
        .developer_token("dev-token")
        .retry(RetryConfig::disabled())
        .no_proxy()
        .build()
        .unwrap();
    let e = anonymous
        .get_user(v13::GetUserRequest {
            user_id: Some(3001),
        })
        .await
        .unwrap_err();
    assert!(
        e.is_auth() && e.fault().is_some_and(|f| f.has_code(105)),
        "{e}"
    );
    assert_eq!(e.http_status(), Some(401));

    let client = rest_client(emulator.url());
    emulator.inject_throttling(2);
    let out = client
        .get_user(v13::GetUserRequest {
            user_id: Some(3001),
        })
        .await
        .unwrap();
    assert!(out.body.user.is_some(), "117 twice, then the answer");
    emulator.inject_server_errors(1, 503);
    assert!(client
        .get_user(v13::GetUserRequest {
            user_id: Some(3001)
        })
        .await
        .is_ok());
    // An operation the emulator does not implement: ApiFault 204 naming what it does.
    let e = client
        .get_pilot_features_countries(Default::default())
        .await
        .unwrap_err();
    assert!(e.fault().is_some_and(|f| f.has_code(204)), "{e}");
    assert!(e.to_string().contains("GetUser"), "{e}");
}

#[tokio::test]
async fn the_emulator_accepts_what_real_rest_clients_send() {
    let emulator = emulator().await;
    let http = reqwest::Client::new();
    let response = http
        .post(format!(
            "{}/CustomerManagement/v13/User/Query",
            emulator.url()
        ))
        .header("Authorization", "Bearer t")
        .header("DeveloperToken", "d")
        .header("CustomerId", "None")
        .header("CustomerAccountId", "None")
        .header("Content-Type", "application/json")
        .body(r#"{"UserId": "3001", "Unknown": [1, 2], "Extra": null}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("TrackingId").is_some());
    let body: serde_json::Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(body["User"]["Id"], "3001", "longs are strings on the wire");
    assert_eq!(body["User"]["UserName"], "alex@contoso.com");
    // An unknown path under the service answers 404 with a JSON body.
    let response = http
        .post(format!(
            "{}/CustomerManagement/v13/Nothing/Here",
            emulator.url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert!(body["Message"]
        .as_str()
        .is_some_and(|m| m.contains("/Nothing/Here")));
}
