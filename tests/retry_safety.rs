//! A call the user did not ask for is a bug: writes are repeated only where the service
//! provably did not act on them, unless the caller opts in. Each case runs over both
//! transports against a real HTTP server on 127.0.0.1 that counts what it received.

mod common;

use std::time::Duration;

use bingads::client::{Error, RetryConfig, Transport};
use bingads::v13::customer_management as v13;
use bingads::v13::CustomerManagementClient;
use common::server::{refused_url, serve, Reply};

fn retry() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
        .with_throttle_wait(Duration::from_millis(20))
}

fn client(url: &str, transport: Transport, retry: RetryConfig) -> CustomerManagementClient {
    let endpoint = match transport {
        Transport::Rest => url.to_string(),
        Transport::Soap => {
            format!("{url}/Api/CustomerManagement/v13/CustomerManagementService.svc")
        }
    };
    CustomerManagementClient::builder()
        .transport(transport)
        .endpoint(endpoint)
        .developer_token("dev")
        .access_token("token")
        .retry(retry)
        .read_timeout(Duration::from_millis(300))
        .no_proxy()
        .build()
        .unwrap()
}

fn delete_user() -> v13::DeleteUserRequest {
    v13::DeleteUserRequest {
        user_id: Some(7),
        time_stamp: Some(bingads::xml::Base64Binary(vec![0, 0, 0, 0, 0, 0, 0, 9])),
    }
}

/// A success answer of DeleteUser in each wire form.
fn deleted(transport: Transport) -> Reply {
    match transport {
        Transport::Rest => Reply::json(200, "{}"),
        Transport::Soap => Reply::xml(
            200,
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><DeleteUserResponse xmlns="https://bingads.microsoft.com/Customer/v13"/></s:Body></s:Envelope>"#,
        ),
    }
}

/// A 117 CallRateExceeded answer in each wire form.
fn throttled(transport: Transport) -> Reply {
    match transport {
        Transport::Rest => Reply::json(
            429,
            r#"{"Type":"AdApiFaultDetail","TrackingId":"t","Errors":[{"Code":117,"ErrorCode":"CallRateExceeded","Message":"m"}]}"#,
        ),
        Transport::Soap => Reply::xml(
            500,
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>x</faultstring><detail><AdApiFaultDetail xmlns="https://adapi.microsoft.com"><TrackingId>t</TrackingId><Errors><AdApiError><Code>117</Code><ErrorCode>CallRateExceeded</ErrorCode><Message>m</Message></AdApiError></Errors></AdApiFaultDetail></detail></s:Fault></s:Body></s:Envelope>"#,
        ),
    }
}

const BOTH: [Transport; 2] = [Transport::Rest, Transport::Soap];

#[tokio::test]
async fn a_write_is_not_repeated_after_a_5xx() {
    for transport in BOTH {
        let server = serve(move |_, i| async move {
            if i == 0 {
                Reply::new(503, "<html>Service Unavailable</html>")
            } else {
                deleted(transport)
            }
        })
        .await;
        let e = client(&server.url, transport, retry())
            .delete_user(delete_user())
            .await
            .unwrap_err();
        assert_eq!(server.hits(), 1, "{transport:?}: the write was sent once");
        assert!(e.is_maybe_applied(), "{transport:?}: {e:?}");
        assert_eq!(e.http_status(), Some(503));
    }
}

#[tokio::test]
async fn a_read_is_repeated_after_a_5xx() {
    for transport in BOTH {
        let server = serve(move |_, i| async move {
            if i == 0 {
                Reply::new(503, "<html>Service Unavailable</html>")
            } else {
                match transport {
                    Transport::Rest => Reply::json(200, r#"{"User":{"Id":"7"}}"#),
                    Transport::Soap => Reply::xml(
                        200,
                        std::fs::read(concat!(
                            env!("CARGO_MANIFEST_DIR"),
                            "/tests/fixtures/responses/v13_GetUser.xml"
                        ))
                        .unwrap(),
                    ),
                }
            }
        })
        .await;
        let out = client(&server.url, transport, retry())
            .get_user(v13::GetUserRequest { user_id: Some(7) })
            .await
            .unwrap();
        assert!(out.body.user.is_some());
        assert_eq!(server.hits(), 2, "{transport:?}");
    }
}

#[tokio::test]
async fn the_caller_may_opt_in_to_repeating_writes() {
    for transport in BOTH {
        let server = serve(move |_, i| async move {
            if i == 0 {
                Reply::new(502, "<html>Bad Gateway</html>")
            } else {
                deleted(transport)
            }
        })
        .await;
        client(&server.url, transport, retry().with_retry_writes(true))
            .delete_user(delete_user())
            .await
            .unwrap();
        assert_eq!(server.hits(), 2, "{transport:?}");
    }
}

#[tokio::test]
async fn a_throttled_write_is_repeated_since_it_was_not_processed() {
    for transport in BOTH {
        let server = serve(move |_, i| async move {
            if i == 0 {
                throttled(transport)
            } else {
                deleted(transport)
            }
        })
        .await;
        client(&server.url, transport, retry())
            .delete_user(delete_user())
            .await
            .unwrap();
        assert_eq!(server.hits(), 2, "{transport:?}");
    }
}

#[tokio::test]
async fn a_write_whose_answer_timed_out_is_not_repeated() {
    for transport in BOTH {
        let server = serve(move |_, _| async move {
            tokio::time::sleep(Duration::from_millis(1_000)).await;
            deleted(transport)
        })
        .await;
        let e = client(&server.url, transport, retry())
            .delete_user(delete_user())
            .await
            .unwrap_err();
        assert!(
            matches!(
                e,
                Error::Timeout {
                    request_sent: true,
                    ..
                }
            ),
            "{transport:?}: {e:?}"
        );
        assert!(e.is_maybe_applied());
        assert_eq!(server.hits(), 1, "{transport:?}");
    }
}

#[tokio::test]
async fn a_write_that_could_not_connect_is_repeated_and_says_nothing_was_sent() {
    for transport in BOTH {
        let url = refused_url().await;
        let e = client(url.trim_end_matches('/'), transport, retry())
            .delete_user(delete_user())
            .await
            .unwrap_err();
        match &e {
            Error::Dispatch {
                attempts,
                request_sent,
                ..
            } => {
                assert_eq!(
                    *attempts, 3,
                    "{transport:?}: refused connections are retried"
                );
                assert!(!request_sent);
            }
            other => panic!("{transport:?}: {other:?}"),
        }
        assert!(!e.is_maybe_applied());
    }
}

/// DeleteUser's answer is lost (here: a 503 after the service deleted the user), the caller
/// opted in to repeating writes, and the repeat meets the new TimeStamp: `delete_user_checked`
/// reads the user again and reports the deletion, not a stale TimeStamp.
#[tokio::test]
async fn delete_user_checked_reports_a_deletion_whose_answer_was_lost() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let deleted = Arc::new(AtomicBool::new(false));
    let state = deleted.clone();
    let server = serve(move |req, _| {
        let state = state.clone();
        async move {
            if req.path.ends_with("/User/Query") {
                let status = if state.load(Ordering::SeqCst) { "Deleted" } else { "Active" };
                return Reply::json(
                    200,
                    format!(r#"{{"User":{{"Id":"7","TimeStamp":"AAAAAAAAAAk=","UserLifeCycleStatus":"{status}"}}}}"#),
                );
            }
            if !state.swap(true, Ordering::SeqCst) {
                return Reply::new(503, "<html>lost</html>");
            }
            Reply::json(
                400,
                r#"{"Type":"ApiFault","TrackingId":"t","OperationErrors":[{"Code":209,"Details":"TimestampNotMatch","Message":"The time stamp does not match."}]}"#,
            )
        }
    })
    .await;
    let client = client(
        &server.url,
        Transport::Rest,
        retry().with_retry_writes(true),
    );
    let out = client.delete_user_checked(7).await.unwrap();
    assert_eq!(out.http_status, Some(200));
    let paths: Vec<String> = server
        .seen()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        paths,
        [
            "POST /CustomerManagement/v13/User/Query",
            "DELETE /CustomerManagement/v13/User",
            "DELETE /CustomerManagement/v13/User",
            "POST /CustomerManagement/v13/User/Query",
        ]
    );
    // A user that changed (not deleted) is still a stale TimeStamp.
    deleted.store(false, Ordering::SeqCst);
    let server2 = serve(|req, _| async move {
        if req.path.ends_with("/User/Query") {
            return Reply::json(200, r#"{"User":{"Id":"7","TimeStamp":"AAAAAAAAAAk=","UserLifeCycleStatus":"Active"}}"#);
        }
        Reply::json(
            400,
            r#"{"Type":"ApiFault","TrackingId":"t","OperationErrors":[{"Code":209,"Details":"TimestampNotMatch","Message":"m"}]}"#,
        )
    })
    .await;
    let e = client_for(&server2.url)
        .delete_user_checked(7)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::StaleTimeStamp(_)), "{e:?}");
}

fn client_for(url: &str) -> CustomerManagementClient {
    client(url, Transport::Rest, retry())
}

/// An error status with a body that cannot be read as a fault (a truncated fault, an error
/// page) keeps the TrackingId the answer carried (SOAP header, or the REST header).
#[tokio::test]
async fn http_errors_keep_the_tracking_id() {
    let truncated = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/faults/truncated.xml"
    ))
    .unwrap();
    let server = serve(move |_, _| {
        let body = truncated.clone();
        async move { Reply::xml(500, body) }
    })
    .await;
    let e = client(&server.url, Transport::Soap, RetryConfig::disabled())
        .get_user(v13::GetUserRequest { user_id: Some(1) })
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Http { status: 500, .. }), "{e:?}");
    use bingads::client::TrackingId;
    assert_eq!(
        e.tracking_id(),
        Some("6a1f3b9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b")
    );
    let server = serve(|_, _| async {
        let mut reply = Reply::new(502, "<html>Bad Gateway</html>");
        reply.headers.push(("trackingid", "t-502".into()));
        reply
    })
    .await;
    let e = client(&server.url, Transport::Rest, RetryConfig::disabled())
        .get_user(v13::GetUserRequest { user_id: Some(1) })
        .await
        .unwrap_err();
    assert_eq!(e.tracking_id(), Some("t-502"));
    assert!(e.to_string().contains("t-502"), "{e}");
}

/// A 429 with `Retry-After` is retried after at least that long (a throttle answer was not
/// processed, so writes too).
#[tokio::test]
async fn retry_after_is_honoured() {
    let server = serve(|_, i| async move {
        if i == 0 {
            let mut reply = Reply::new(429, "slow down");
            reply.headers.push(("retry-after", "1".into()));
            reply
        } else {
            Reply::json(200, "{}")
        }
    })
    .await;
    let started = std::time::Instant::now();
    client(&server.url, Transport::Rest, retry())
        .delete_user(delete_user())
        .await
        .unwrap();
    assert_eq!(server.hits(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
}

/// A character XML 1.0 forbids cannot go into an envelope: the SOAP call is refused, naming
/// the field, before anything is sent. JSON can carry it (`\u0001`), so REST sends it.
#[tokio::test]
async fn a_forbidden_character_is_refused_before_sending_over_soap() {
    let server =
        serve(|_, _| async { Reply::json(200, r#"{"LastModifiedTime":"2026-01-01T00:00:00"}"#) })
            .await;
    let request = || v13::UpdateUserRequest {
        user: Some(v13::entities::User {
            id: Some(7),
            job_title: Some("tab\tok, bell \u{7} not".into()),
            ..Default::default()
        }),
    };
    let e = client(&server.url, Transport::Soap, retry())
        .update_user(request())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Construction(_)), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains("JobTitle") && text.contains("U+0007"),
        "{text}"
    );
    assert_eq!(server.hits(), 0);
    client(&server.url, Transport::Rest, retry())
        .update_user(request())
        .await
        .unwrap();
    assert!(server.seen()[0].text().contains(r"bell \u0007 not"));
}

/// The total budget stops retries even when attempts are left: with a zero budget, a read that
/// meets a 503 is sent once, however many attempts the config allows.
#[tokio::test]
async fn no_attempt_starts_after_the_total_budget() {
    for transport in BOTH {
        let server =
            serve(|_, _| async { Reply::new(503, "<html>Service Unavailable</html>") }).await;
        let spent = retry()
            .with_max_attempts(5)
            .with_total_budget(Duration::ZERO);
        let err = client(&server.url, transport, spent)
            .get_user(v13::GetUserRequest { user_id: Some(7) })
            .await
            .unwrap_err();
        assert_eq!(err.http_status(), Some(503), "{transport:?}: {err}");
        assert_eq!(server.hits(), 1, "{transport:?}");

        // The same config without a budget uses every attempt.
        let server =
            serve(|_, _| async { Reply::new(503, "<html>Service Unavailable</html>") }).await;
        let unbounded = retry().with_max_attempts(5).with_total_budget(None);
        client(&server.url, transport, unbounded)
            .get_user(v13::GetUserRequest { user_id: Some(7) })
            .await
            .unwrap_err();
        assert_eq!(server.hits(), 5, "{transport:?}");
    }
}

/// `Retry-After` says when to come back, not whether: an answer that is never retried (a 403)
/// is not repeated because it carries one.
#[tokio::test]
async fn retry_after_on_an_error_that_is_not_retried_repeats_nothing() {
    for transport in BOTH {
        let server = serve(|_, _| async {
            let mut reply = Reply::new(403, "<html>Forbidden</html>");
            reply.headers.push(("retry-after", "0".into()));
            reply
        })
        .await;
        let err = client(&server.url, transport, retry())
            .get_user(v13::GetUserRequest { user_id: Some(7) })
            .await
            .unwrap_err();
        assert_eq!(err.http_status(), Some(403), "{transport:?}: {err}");
        assert_eq!(server.hits(), 1, "{transport:?}");
    }
}

/// A SOAP answer that reads as a success but comes with an error status is not taken for one:
/// a gateway's 500 carrying a cached body is an HTTP error.
#[tokio::test]
async fn a_success_envelope_with_an_error_status_is_an_http_error() {
    let server = serve(|_, _| async {
        Reply::xml(
            500,
            std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/responses/v13_GetUser.xml"
            ))
            .unwrap(),
        )
    })
    .await;
    let err = client(&server.url, Transport::Soap, RetryConfig::disabled())
        .get_user(v13::GetUserRequest { user_id: Some(7) })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { status: 500, .. }), "{err:?}");
    assert_eq!(server.hits(), 1);
}
