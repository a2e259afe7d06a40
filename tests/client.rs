//! The async client against real HTTP servers on 127.0.0.1: success, faults on 200 and 500,
//! throttling, token expiry and refresh, single-flight refresh, OAuth errors, timeouts,
//! refused connections, oversized and malformed bodies.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bingads::auth::{AuthError, OAuthRefreshToken};
use bingads::client::{Error, RetryConfig, TrackingId};
use bingads::v13::customer_management::GetUserRequest;
use bingads::v13::CustomerManagementClient;
use common::server::{refused_url, serve, Reply, Seen};

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// An AdApiFaultDetail fault with one error.
fn ad_api_fault(code: i32, name: &str) -> Vec<u8> {
    format!(
        concat!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode>"#,
            r#"<faultstring>Invalid client data.</faultstring><detail><AdApiFaultDetail xmlns="https://adapi.microsoft.com">"#,
            r#"<TrackingId>fault-{code}</TrackingId><Errors><AdApiError><Code>{code}</Code><ErrorCode>{name}</ErrorCode>"#,
            r#"<Message>{name} happened.</Message></AdApiError></Errors></AdApiFaultDetail></detail></s:Fault></s:Body></s:Envelope>"#
        ),
        code = code,
        name = name
    )
    .into_bytes()
}

fn fast_retry() -> RetryConfig {
    RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
        .with_throttle_wait(Duration::from_millis(30))
}

fn client(url: &str) -> CustomerManagementClient {
    CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(url)
        .developer_token("dev-token-123")
        .access_token("access-token-abc")
        .retry(fast_retry())
        .no_proxy()
        .build()
        .unwrap()
}

fn get_user() -> GetUserRequest {
    GetUserRequest {
        user_id: Some(170123456),
    }
}

#[tokio::test]
async fn success_carries_body_tracking_id_and_status() {
    let server =
        serve(|_, _| async { Reply::xml(200, fixture("responses/v13_GetUser.xml")) }).await;
    let out = client(&server.url).get_user(get_user()).await.unwrap();
    assert_eq!(out.body.user.as_ref().unwrap().id, Some(170123456));
    assert_eq!(
        out.tracking_id(),
        Some("b8f2c4d6-1a3e-4f5b-8c7d-9e0f1a2b3c4d")
    );
    assert_eq!(out.http_status, Some(200));

    let seen = &server.seen()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.header("soapaction"), Some("\"GetUser\""));
    assert_eq!(seen.header("content-type"), Some("text/xml; charset=utf-8"));
    let body = seen.text();
    assert!(body.contains("<AuthenticationToken>access-token-abc</AuthenticationToken><DeveloperToken>dev-token-123</DeveloperToken>"), "{body}");
    assert!(body.contains("<GetUserRequest xmlns=\"https://bingads.microsoft.com/Customer/v13\"><UserId>170123456</UserId></GetUserRequest>"));
}

#[tokio::test]
async fn fault_on_200_and_on_500_is_typed_and_not_retried() {
    for status in [200, 500] {
        let server =
            serve(move |_, _| async move { Reply::xml(status, fixture("faults/api_fault.xml")) })
                .await;
        let err = client(&server.url).get_user(get_user()).await.unwrap_err();
        let fault = err.fault().unwrap_or_else(|| panic!("{err:?}"));
        assert_eq!(fault.http_status, Some(status));
        assert!(fault.has_code(209));
        assert_eq!(
            err.tracking_id(),
            Some("0d8e7f6a-5b4c-4d3e-9f2a-1b0c9d8e7f6a")
        );
        assert_eq!(
            server.hits(),
            1,
            "a fault that is not retryable is never retried"
        );
    }
}

#[tokio::test]
async fn throttled_117_then_success() {
    let server = serve(|_, i| async move {
        if i == 0 {
            Reply::xml(500, ad_api_fault(117, "CallRateExceeded"))
        } else {
            Reply::xml(200, fixture("responses/v13_GetUser.xml"))
        }
    })
    .await;
    let started = std::time::Instant::now();
    let out = client(&server.url).get_user(get_user()).await.unwrap();
    assert!(out.body.user.is_some());
    assert_eq!(server.hits(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(30),
        "waited at least the throttle wait"
    );
}

#[tokio::test]
async fn throttling_gives_up_after_max_attempts() {
    let server =
        serve(|_, _| async { Reply::xml(500, ad_api_fault(117, "CallRateExceeded")) }).await;
    let client = CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(&server.url)
        .access_token("t")
        .retry(fast_retry().with_max_attempts(3))
        .no_proxy()
        .build()
        .unwrap();
    let err = client.get_user(get_user()).await.unwrap_err();
    assert!(err.is_throttle());
    assert_eq!(server.hits(), 3);
}

#[tokio::test]
async fn html_502_then_success_and_plain_html_error() {
    let server = serve(|_, i| async move {
        if i == 0 {
            Reply::new(502, "<html><body><h1>502 Bad Gateway</h1></body></html>")
        } else {
            Reply::xml(200, fixture("responses/v13_GetUser.xml"))
        }
    })
    .await;
    let out = client(&server.url).get_user(get_user()).await.unwrap();
    assert_eq!(out.body.user.and_then(|u| u.id), Some(170123456));
    assert_eq!(server.hits(), 2);

    let server =
        serve(|_, _| async { Reply::new(404, "<html><body>Not Found</body></html>") }).await;
    let err = client(&server.url).get_user(get_user()).await.unwrap_err();
    match &err {
        Error::Http {
            status: 404,
            body_excerpt,
            ..
        } => assert!(body_excerpt.contains("Not Found")),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.hits(), 1);
}

/// A token endpoint issuing `access-1`, `access-2`, … and counting requests.
async fn token_server(delay: Duration) -> common::server::TestServer {
    serve(move |_, i| async move {
        tokio::time::sleep(delay).await;
        Reply::json(200, format!(r#"{{"token_type":"Bearer","expires_in":3600,"access_token":"access-{}","refresh_token":"refresh-{}"}}"#, i + 1, i + 1))
    })
    .await
}

fn oauth(token_url: &str) -> Arc<OAuthRefreshToken> {
    Arc::new(
        OAuthRefreshToken::builder("client-id", "refresh-0")
            .token_url(format!("{token_url}/token"))
            .build(),
    )
}

#[tokio::test]
async fn expired_token_109_refreshes_once_then_succeeds() {
    let tokens = token_server(Duration::ZERO).await;
    let provider = oauth(&tokens.url);
    // Hand out access-1 first, then let the service call it expired.
    let soap = serve(|req: Seen, _| async move {
        if req.text().contains("<AuthenticationToken>access-1<") {
            Reply::xml(500, ad_api_fault(109, "AuthenticationTokenExpired"))
        } else {
            Reply::xml(200, fixture("responses/v13_GetUser.xml"))
        }
    })
    .await;
    let client = CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(&soap.url)
        .token_provider(provider)
        .no_proxy()
        .build()
        .unwrap();
    let out = client.get_user(get_user()).await.unwrap();
    assert!(out.body.user.is_some());
    assert_eq!(tokens.hits(), 2);
    assert_eq!(soap.hits(), 2);
    assert!(soap.seen()[1]
        .text()
        .contains("<AuthenticationToken>access-2<"));
    let form = tokens.seen()[1].text();
    assert!(
        form.contains("grant_type=refresh_token") && form.contains("refresh_token=refresh-1"),
        "rotated token used: {form}"
    );
    assert!(
        form.contains("scope=https%3A%2F%2Fads.microsoft.com%2Fmsads.manage+offline_access"),
        "{form}"
    );
}

/// The refresh after a 109 is outside the attempt count: with two attempts, a 109, then a 503,
/// then a success still succeeds (109 → refresh, 503 → the one retry).
#[tokio::test]
async fn a_token_refresh_does_not_use_up_an_attempt() {
    let tokens = token_server(Duration::ZERO).await;
    let soap = serve(|_, i| async move {
        match i {
            0 => Reply::xml(500, ad_api_fault(109, "AuthenticationTokenExpired")),
            1 => Reply::new(503, "<html>Service Unavailable</html>"),
            _ => Reply::xml(200, fixture("responses/v13_GetUser.xml")),
        }
    })
    .await;
    let client = CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(&soap.url)
        .token_provider(oauth(&tokens.url))
        .retry(fast_retry().with_max_attempts(2))
        .no_proxy()
        .build()
        .unwrap();
    let out = client.get_user(get_user()).await.unwrap();
    assert_eq!(out.body.user.and_then(|u| u.id), Some(170123456));
    assert_eq!(soap.hits(), 3);
    assert_eq!(tokens.hits(), 2);
}

#[tokio::test]
async fn hundred_concurrent_calls_share_one_token_request() {
    let tokens = token_server(Duration::from_millis(100)).await;
    let soap = serve(|_, _| async { Reply::xml(200, fixture("responses/v13_GetUser.xml")) }).await;
    let client = CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(&soap.url)
        .token_provider(oauth(&tokens.url))
        .no_proxy()
        .build()
        .unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let client = client.clone();
        tasks.spawn(async move { client.get_user(get_user()).await });
    }
    let mut ok = 0;
    while let Some(result) = tasks.join_next().await {
        let out = result.unwrap().unwrap();
        assert_eq!(out.body.user.and_then(|u| u.id), Some(170123456));
        ok += 1;
    }
    assert_eq!(ok, 100);
    assert_eq!(tokens.hits(), 1, "exactly one token request");
    assert_eq!(soap.hits(), 100);
    // Every call carried the one token the endpoint issued.
    for seen in soap.seen() {
        assert!(
            seen.text()
                .contains("<AuthenticationToken>access-1</AuthenticationToken>"),
            "{}",
            seen.text()
        );
    }
}

#[tokio::test]
async fn rotated_refresh_token_reaches_the_callback() {
    let tokens = token_server(Duration::ZERO).await;
    let rotated = Arc::new(Mutex::new(Vec::new()));
    let sink = rotated.clone();
    let provider = OAuthRefreshToken::builder("client-id", "refresh-0")
        .token_url(format!("{}/token", tokens.url))
        .on_refresh_token(move |t| sink.lock().unwrap().push(t.expose().to_string()))
        .build();
    use bingads::auth::TokenProvider;
    assert_eq!(provider.access_token().await.unwrap().expose(), "access-1");
    assert_eq!(
        provider.access_token().await.unwrap().expose(),
        "access-1",
        "cached until 60 s before expiry"
    );
    assert_eq!(*rotated.lock().unwrap(), ["refresh-1"]);
    assert_eq!(provider.refresh_token().expose(), "refresh-1");
}

/// A token that lives less than twice the refresh margin is cached for half its lifetime
/// (not refreshed on every call), and refreshed once that half has passed. No timing is
/// asserted: the cached token lives a minute, and the refreshed one is asked for only after
/// a sleep longer than half of its one second.
#[tokio::test]
async fn a_short_lived_token_is_cached_for_half_its_lifetime() {
    use bingads::auth::TokenProvider;
    // v1 endpoints send expires_in as a string.
    let tokens = serve(|_, i| async move {
        let expires_in = if i == 0 { "120" } else { "1" };
        Reply::json(
            200,
            format!(r#"{{"access_token":"a{i}","expires_in":"{expires_in}"}}"#),
        )
    })
    .await;
    // Two minutes, under a ten-minute margin: cached for one minute.
    let provider = OAuthRefreshToken::builder("c", "r")
        .token_url(&tokens.url)
        .refresh_early(Duration::from_secs(600))
        .build();
    assert_eq!(provider.access_token().await.unwrap().expose(), "a0");
    assert_eq!(
        provider.access_token().await.unwrap().expose(),
        "a0",
        "a token shorter-lived than the margin is still cached"
    );
    assert_eq!(tokens.hits(), 1);

    // One second, under the default 60 s margin: refreshed once half a second has passed.
    let provider = OAuthRefreshToken::builder("c", "r")
        .token_url(&tokens.url)
        .build();
    assert_eq!(provider.access_token().await.unwrap().expose(), "a1");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        provider.access_token().await.unwrap().expose(),
        "a2",
        "refreshed at half its lifetime"
    );
    assert_eq!(tokens.hits(), 3);
}

/// 100 callers waiting on one failing refresh share its outcome: one token request, the same
/// typed error for all, at once; the failure stands for a backoff, and `invalid_grant` until
/// the refresh token is replaced.
#[tokio::test]
async fn a_failed_refresh_is_shared_and_not_repeated_at_once() {
    use bingads::auth::TokenProvider;
    let tokens = serve(|_, _| async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        Reply::json(
            400,
            r#"{"error":"invalid_grant","error_description":"AADSTS70000: revoked"}"#,
        )
    })
    .await;
    let provider = oauth(&tokens.url);
    let calls = (0..100).map(|_| {
        let provider = provider.clone();
        tokio::spawn(async move { provider.access_token().await })
    });
    for result in futures_util::future::join_all(calls).await {
        // AADSTS70000: a revoked grant, typed as such.
        let error = result.unwrap().unwrap_err();
        assert_eq!(
            error.sign_in_problem(),
            Some(bingads::auth::SignInProblem::GrantRevoked),
            "{error:?}"
        );
    }
    assert_eq!(tokens.hits(), 1, "one token request for 100 callers");
    // Remembered: no new request until the refresh token is replaced.
    assert!(provider.access_token().await.is_err());
    assert_eq!(tokens.hits(), 1);
    provider.set_refresh_token("a-new-refresh-token");
    assert!(provider.access_token().await.is_err());
    assert_eq!(tokens.hits(), 2, "a new refresh token is tried");
}

#[tokio::test]
async fn a_failing_endpoint_is_asked_again_after_a_backoff() {
    use bingads::auth::TokenProvider;
    let tokens = serve(|_, i| async move {
        if i == 0 {
            Reply::new(503, "busy")
        } else {
            Reply::json(200, r#"{"access_token":"ok","expires_in":3600}"#)
        }
    })
    .await;
    let provider = oauth(&tokens.url);
    assert!(matches!(
        provider.access_token().await,
        Err(AuthError::Http { status: 503 })
    ));
    assert!(
        provider.access_token().await.is_err(),
        "within the backoff: the same error"
    );
    assert_eq!(tokens.hits(), 1);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(provider.access_token().await.unwrap().expose(), "ok");
    assert_eq!(tokens.hits(), 2);
}

/// A slow rotation callback (saving the new refresh token) stalls no other caller: they get
/// the new access token while it runs. The callback holds until the other caller got its
/// token, so a callback that stalled callers would never return (the test's bound fails it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_rotation_callback_stalls_no_caller() {
    use bingads::auth::TokenProvider;
    let tokens = token_server(Duration::ZERO).await;
    let saved = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = saved.clone();
    let (entered_tx, entered_rx) = tokio::sync::oneshot::channel::<()>();
    let entered_tx = Mutex::new(Some(entered_tx));
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let release_rx = Mutex::new(release_rx);
    let provider = Arc::new(
        OAuthRefreshToken::builder("client-id", "refresh-0")
            .token_url(format!("{}/token", tokens.url))
            .on_refresh_token(move |t| {
                if let Some(tx) = entered_tx.lock().unwrap().take() {
                    let _ = tx.send(());
                }
                // Held until the other caller has its token (at most 30 s, so that a
                // regression fails rather than hangs).
                let _ = release_rx
                    .lock()
                    .unwrap()
                    .recv_timeout(Duration::from_secs(30));
                sink.lock().unwrap().push(t.expose().to_string());
            })
            .build(),
    );
    let first = {
        let provider = provider.clone();
        tokio::task::spawn_blocking(move || {
            tokio::runtime::Handle::current().block_on(provider.access_token())
        })
    };
    entered_rx.await.expect("the rotation callback runs");
    let second = tokio::time::timeout(Duration::from_secs(10), provider.access_token())
        .await
        .expect("a caller is not stalled by the rotation callback");
    assert_eq!(second.unwrap().expose(), "access-1");
    assert!(
        saved.lock().unwrap().is_empty(),
        "the callback was still running"
    );
    release_tx.send(()).unwrap();
    assert_eq!(first.await.unwrap().unwrap().expose(), "access-1");
    assert_eq!(*saved.lock().unwrap(), ["refresh-1"]);
    assert_eq!(tokens.hits(), 1);
}

#[tokio::test]
async fn invalid_grant_is_a_typed_auth_error_and_nothing_is_sent() {
    let tokens = serve(|_, _| async {
        Reply::json(400, r#"{"error":"invalid_grant","error_description":"AADSTS70000: The provided grant has expired.","error_codes":[70000]}"#)
    })
    .await;
    let soap = serve(|_, _| async { Reply::xml(200, fixture("responses/v13_GetUser.xml")) }).await;
    let client = CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(&soap.url)
        .token_provider(oauth(&tokens.url))
        .no_proxy()
        .build()
        .unwrap();
    let err = client.get_user(get_user()).await.unwrap_err();
    match &err {
        Error::Auth(
            e @ AuthError::SignIn {
                problem,
                code,
                description,
                ..
            },
        ) => {
            assert!(e.needs_consent());
            assert_eq!(*problem, bingads::auth::SignInProblem::GrantRevoked);
            assert_eq!(*code, Some(70000));
            assert!(description.as_deref().unwrap().contains("has expired"));
            assert!(e.to_string().contains("bingads auth login"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_auth());
    assert_eq!(soap.hits(), 0);
}

#[tokio::test]
async fn token_endpoint_timeout() {
    let tokens = token_server(Duration::from_secs(5)).await;
    let provider = OAuthRefreshToken::builder("c", "r")
        .token_url(&tokens.url)
        .timeout(Duration::from_millis(150))
        .build();
    use bingads::auth::TokenProvider;
    assert_eq!(
        provider.access_token().await.unwrap_err(),
        AuthError::Timeout
    );
}

#[tokio::test]
async fn timeout_is_typed() {
    let server = serve(|_, _| async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        Reply::xml(200, fixture("responses/v13_GetUser.xml"))
    })
    .await;
    let client = CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(&server.url)
        .timeout(Duration::from_millis(200))
        .retry(RetryConfig::disabled())
        .no_proxy()
        .build()
        .unwrap();
    let err = client.get_user(get_user()).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn connection_refused_is_retried_then_reported() {
    let url = refused_url().await;
    let client = CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(&url)
        .retry(fast_retry().with_max_attempts(2))
        .no_proxy()
        .build()
        .unwrap();
    match client.get_user(get_user()).await.unwrap_err() {
        Error::Dispatch {
            attempts,
            message,
            request_sent,
        } => {
            assert_eq!(attempts, 2);
            assert!(!request_sent, "a refused connection sent nothing");
            assert!(!message.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn oversized_body_is_refused() {
    let server = serve(|_, _| async { Reply::xml(200, vec![b' '; 2 * 1024 * 1024]) }).await;
    let client = CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(&server.url)
        .max_body_bytes(1024 * 1024)
        .no_proxy()
        .build()
        .unwrap();
    match client.get_user(get_user()).await.unwrap_err() {
        Error::BodyTooLarge { limit, status } => assert_eq!((limit, status), (1024 * 1024, 200)),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn malformed_xml_in_200_is_a_parse_error_with_tracking_id() {
    let mut body = fixture("responses/v13_GetUser.xml");
    body.truncate(body.len() - 40);
    let server = serve(move |_, _| {
        let body = body.clone();
        async move { Reply::xml(200, body) }
    })
    .await;
    let err = client(&server.url).get_user(get_user()).await.unwrap_err();
    match &err {
        Error::Parse {
            status: 200,
            error,
            tracking_id,
        } => {
            assert_eq!(error.kind, bingads::xml::XmlErrorKind::UnexpectedEof);
            assert_eq!(
                tracking_id.as_deref(),
                Some("b8f2c4d6-1a3e-4f5b-8c7d-9e0f1a2b3c4d")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn delete_user_checked_reports_a_stale_timestamp() {
    let server = serve(|req: Seen, _| async move {
        match req.header("soapaction") {
            Some("\"GetUser\"") => Reply::xml(200, fixture("responses/v13_GetUser.xml")),
            _ => Reply::xml(500, fixture("faults/api_fault.xml")),
        }
    })
    .await;
    let err = client(&server.url)
        .delete_user_checked(170123456)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::StaleTimeStamp(_)), "{err:?}");
    let delete = &server.seen()[1];
    assert!(delete.text().contains("<DeleteUserRequest xmlns=\"https://bingads.microsoft.com/Customer/v13\"><UserId>170123456</UserId><TimeStamp>AAAAAAAAB9E=</TimeStamp>"), "{}", delete.text());
}

#[tokio::test]
async fn sandbox_and_production_endpoints() {
    use bingads::client::Environment;
    let svc = &bingads::v13::customer_management::SERVICE;
    assert_eq!(
        Environment::Production.soap_endpoint(svc).unwrap(),
        "https://clientcenter.api.bingads.microsoft.com/Api/CustomerManagement/v13/CustomerManagementService.svc"
    );
    assert_eq!(
        Environment::Sandbox.soap_endpoint(svc).unwrap(),
        "https://clientcenter.api.sandbox.bingads.microsoft.com/Api/CustomerManagement/v13/CustomerManagementService.svc"
    );
    assert!(CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint("not a url")
        .build()
        .is_err());
}

#[tokio::test]
async fn partner_center_token_forms_v2_scope_and_v1_resource() {
    let tokens = token_server(Duration::ZERO).await;
    use bingads::auth::TokenProvider;
    let v2 = OAuthRefreshToken::builder("c", "r")
        .token_url(&tokens.url)
        .partner_center()
        .build();
    v2.access_token().await.unwrap();
    let v1 = OAuthRefreshToken::builder("c", "r")
        .token_url(&tokens.url)
        .resource("https://api.partnercenter.microsoft.com")
        .build();
    v1.access_token().await.unwrap();
    let seen = tokens.seen();
    assert!(seen[0].text().contains("scope=https%3A%2F%2Fapi.partnercenter.microsoft.com%2Fuser_impersonation+offline_access"), "{}", seen[0].text());
    assert!(
        seen[1]
            .text()
            .contains("resource=https%3A%2F%2Fapi.partnercenter.microsoft.com")
            && !seen[1].text().contains("scope="),
        "{}",
        seen[1].text()
    );
}

#[test]
fn clients_are_send_sync_and_cheap_to_clone() {
    fn assert_traits<T: Send + Sync + Clone + 'static>() {}
    assert_traits::<CustomerManagementClient>();
    assert_traits::<bingads::v12::CustomerManagementClient>();
    assert_traits::<bingads::partner_center::PartnerCenterClient>();
}

#[tokio::test]
async fn absurd_expires_in_does_not_overflow_the_clock() {
    let tokens = serve(|_, _| async {
        Reply::json(
            200,
            r#"{"access_token":"a","expires_in":18446744073709551615}"#,
        )
    })
    .await;
    let provider = OAuthRefreshToken::builder("c", "r")
        .token_url(&tokens.url)
        .build();
    use bingads::auth::TokenProvider;
    assert_eq!(provider.access_token().await.unwrap().expose(), "a");
    assert_eq!(provider.access_token().await.unwrap().expose(), "a");
    assert_eq!(tokens.hits(), 1);
}

#[tokio::test]
async fn a_fault_with_117_and_a_non_retryable_code_is_not_retried() {
    let server =
        serve(|_, _| async { Reply::xml(500, fixture("faults/adapi_two_errors.xml")) }).await;
    let err = client(&server.url).get_user(get_user()).await.unwrap_err();
    assert!(err.is_throttle() && err.is_auth());
    assert_eq!(server.hits(), 1);
}

/// The error types chain their causes, as `anyhow` / `eyre` print them: the message, then each
/// `source()`; a fault is the message itself (transparent), never its own cause.
#[test]
fn errors_chain_their_causes() {
    use std::error::Error as _;
    let auth = bingads::client::Error::Auth(bingads::auth::AuthError::Timeout);
    assert_eq!(
        auth.to_string(),
        "authentication failed: the token endpoint did not answer in time"
    );
    assert_eq!(
        auth.source().map(|s| s.to_string()).as_deref(),
        Some("the token endpoint did not answer in time")
    );
    let parse =
        bingads::soap::parse_response::<bingads::v13::customer_management::GetUserResponse>(
            b"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>",
            &bingads::xml::Limits::default(),
        )
        .unwrap_err();
    let cause = parse.source().expect("the XML error is the cause");
    assert!(cause.is::<bingads::xml::XmlError>());
    assert!(parse
        .to_string()
        .starts_with("cannot read the SOAP response: "));
    let fault = bingads::rest::parse_fault(
        br#"{"Type": "ApiFault", "TrackingId": "t", "OperationErrors": [{"Code": 210}]}"#,
        None,
    )
    .unwrap();
    let e = bingads::client::Error::Fault(Box::new(fault.clone()));
    assert_eq!(e.to_string(), fault.to_string());
    assert!(e.source().is_none());
}
