//! No token, developer token, client secret or password appears in tracing output (at TRACE,
//! from every crate), nor in `Debug` / `Display` of clients, providers, headers and errors.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bingads::auth::OAuthRefreshToken;
use bingads::client::RetryConfig;
use bingads::model::RequestHeaders;
use bingads::v13::customer_management::GetUserRequest;
use bingads::v13::CustomerManagementClient;
use common::server::{refused_url, serve, Reply, Seen};

const ACCESS: &str = "EwBwA8l6BAAUk9secretACCESStoken0123456789";
const REFRESH: &str = "M.R3_BAY.secretREFRESHtoken-9876543210";
const NEW_REFRESH: &str = "M.R3_BAY.rotatedREFRESHtoken-555";
const DEVELOPER: &str = "BBD37VB98secretDEV";
const PASSWORD: &str = "hunter2-secretPASSWORD";
const CLIENT_SECRET: &str = "csecret~CLIENTSECRETvalue";
const SECRETS: &[&str] = &[
    ACCESS,
    REFRESH,
    NEW_REFRESH,
    DEVELOPER,
    PASSWORD,
    CLIENT_SECRET,
];

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The forms a secret can leak in: as written, and as the token request's form encoder
/// writes it (`~` is `%7E` there), with either case of hex digit.
fn leak_forms(secret: &str) -> Vec<String> {
    let mut encoded = String::new();
    for b in secret.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                encoded.push(b as char)
            }
            b' ' => encoded.push('+'),
            _ => encoded.push_str(&format!("%{b:02X}")),
        }
    }
    let lower = encoded.replace("%7E", "%7e");
    let mut forms = vec![secret.to_string(), encoded, lower];
    forms.dedup();
    forms
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn no_secret_in_logs_debug_display_or_errors() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut printed: Vec<String> = Vec::new();
    let tokens = serve(|_: Seen, i| async move {
        if i == 0 {
            Reply::json(200, format!(r#"{{"access_token":"{ACCESS}","refresh_token":"{NEW_REFRESH}","expires_in":3600}}"#))
        } else {
            Reply::json(400, r#"{"error":"invalid_grant","error_description":"AADSTS70000: grant expired"}"#)
        }
    })
    .await;
    let soap = serve(|_: Seen, i| async move {
        match i {
            0 => Reply::xml(200, fixture("responses/v13_GetUser.xml")),
            1 => Reply::xml(500, fixture("faults/adapi_two_errors.xml")),
            2 => Reply::xml(500, "<html>oops</html>"),
            _ => Reply::xml(200, b"<s:Envelope".to_vec()),
        }
    })
    .await;
    let provider = Arc::new(
        OAuthRefreshToken::builder("client-id", REFRESH)
            .client_secret(CLIENT_SECRET)
            .token_url(format!("{}/token", tokens.url))
            .on_refresh_token(|_| {})
            .build(),
    );
    printed.push(format!("{provider:?}"));
    let client = CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(&soap.url)
        .developer_token(DEVELOPER)
        .token_provider(provider.clone())
        .retry(RetryConfig::disabled())
        .no_proxy()
        .build()
        .unwrap();
    printed.push(format!("{client:?}"));
    let request = || GetUserRequest { user_id: Some(1) };
    // Each answer kind gives its own outcome: a user, a fault, an HTTP error, a parse error.
    let mut outcomes = Vec::new();
    for _ in 0..4 {
        match client.get_user(request()).await {
            Ok(out) => {
                outcomes.push("ok".to_string());
                printed.push(format!("{out:?}"));
            }
            Err(e) => {
                outcomes.push(match &e {
                    bingads::client::Error::Fault(_) => "fault".into(),
                    bingads::client::Error::Http { status, .. } => format!("http {status}"),
                    bingads::client::Error::Parse { .. } => "parse".into(),
                    other => format!("{other:?}"),
                });
                printed.push(format!("{e} | {e:?}"));
            }
        }
    }
    assert_eq!(outcomes, ["ok", "fault", "http 500", "parse"]);
    // The secrets went where they belong, and only there.
    let token_requests = tokens.seen();
    // The form encoder writes `~` as `%7E`: that is the form the leak checks below look for.
    assert!(
        token_requests[0]
            .text()
            .contains("client_secret=csecret%7ECLIENTSECRETvalue"),
        "{}",
        token_requests[0].text()
    );
    assert!(soap.seen().iter().all(|r| r.text().contains(ACCESS)));
    // invalid_grant from the token endpoint.
    provider.invalidate(&bingads::model::Secret::new(ACCESS));
    use bingads::auth::TokenProvider;
    let e = client.get_user(request()).await.unwrap_err();
    printed.push(format!("{e} | {e:?}"));
    assert!(e.is_auth());

    // Legacy credentials, and a refused connection.
    let legacy = CustomerManagementClient::builder()
        .transport(bingads::client::Transport::Soap)
        .endpoint(refused_url().await)
        .developer_token(DEVELOPER)
        .password_credentials("user@example.com", PASSWORD)
        .retry(RetryConfig::disabled().with_max_attempts(1))
        .connect_timeout(Duration::from_secs(2))
        .no_proxy()
        .build()
        .unwrap();
    printed.push(format!("{legacy:?}"));
    let e = legacy.get_user(request()).await.unwrap_err();
    printed.push(format!("{e} | {e:?}"));
    // The same over REST: credentials travel in headers, every kind of answer is reported.
    let rest = serve(|_, i| async move {
        match i {
            0 => Reply::json(200, r#"{"User":{"Id":"1","UserName":"u"}}"#),
            1 => Reply::json(
                401,
                r#"{"Type":"AdApiFaultDetail","TrackingId":"t","Errors":[{"Code":105,"ErrorCode":"InvalidCredentials","Message":"Authentication failed."}]}"#,
            ),
            2 => Reply::new(502, "<html>oops</html>"),
            _ => Reply::json(200, r#"{"User":{"Id":"#),
        }
    })
    .await;
    let rest_client = CustomerManagementClient::builder()
        .endpoint(&rest.url)
        .developer_token(DEVELOPER)
        .access_token(ACCESS)
        .retry(RetryConfig::disabled())
        .no_proxy()
        .build()
        .unwrap();
    printed.push(format!("{rest_client:?}"));
    let mut outcomes = Vec::new();
    for _ in 0..4 {
        match rest_client.get_user(request()).await {
            Ok(out) => {
                outcomes.push("ok");
                printed.push(format!("{out:?}"));
            }
            Err(e) => {
                outcomes.push(if e.is_auth() { "auth" } else { "error" });
                printed.push(format!("{e} | {e:?}"));
            }
        }
    }
    assert_eq!(outcomes, ["ok", "auth", "error", "error"]);
    let seen = rest.seen();
    assert!(seen.iter().all(
        |r| r.header("authorization") == Some(&*format!("Bearer {ACCESS}"))
            && r.header("developertoken") == Some(DEVELOPER)
    ));
    let legacy_rest = CustomerManagementClient::builder()
        .endpoint(refused_url().await)
        .developer_token(DEVELOPER)
        .password_credentials("user@example.com", PASSWORD)
        .retry(RetryConfig::disabled())
        .connect_timeout(Duration::from_secs(2))
        .no_proxy()
        .build()
        .unwrap();
    printed.push(format!("{legacy_rest:?}"));
    let e = legacy_rest.get_user(request()).await.unwrap_err();
    printed.push(format!("{e} | {e:?}"));

    let headers = RequestHeaders {
        authentication_token: Some(ACCESS.into()),
        developer_token: Some(DEVELOPER.into()),
        password: Some(PASSWORD.into()),
        application_token: Some(ACCESS.into()),
        ..Default::default()
    };
    printed.push(format!("{headers:?}"));
    printed.push(format!("{}", bingads::model::Secret::new(PASSWORD)));

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("bingads.call"),
        "tracing was captured: {logs}"
    );
    assert!(
        logs.contains("operation=\"GetUser\"") || logs.contains("operation=GetUser"),
        "{logs}"
    );
    assert!(
        logs.contains("6a1f3b9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b"),
        "the TrackingId is logged: {logs}"
    );
    assert_eq!(leak_forms(CLIENT_SECRET)[1], "csecret%7ECLIENTSECRETvalue");
    for secret in SECRETS.iter().flat_map(|s| leak_forms(s)) {
        assert!(
            !logs.contains(&secret),
            "{secret} leaked into the logs:\n{logs}"
        );
        for p in &printed {
            assert!(!p.contains(&secret), "{secret} leaked into {p}");
        }
    }
}
