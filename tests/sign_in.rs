//! From nothing to a working refresh token, against a fake identity platform on 127.0.0.1:
//! the authorization-code flow with PKCE (the test plays the browser, following the
//! authorize redirect to the loopback URL), the device-code flow, every sign-in error the
//! crate types, the token store (rotation saved before use, across processes; one save for
//! concurrent refreshes; file permissions), and `bingads auth login / status / logout`.

mod common;

use std::sync::Arc;
use std::time::Duration;

use bingads::auth::{
    AuthError, AuthorizationCodeFlow, DeviceCodeFlow, FileTokenStore, MemoryTokenStore,
    OAuthEnvironment, OAuthRefreshToken, SignInConfig, SignInProblem, StoreKey, TokenProvider,
    TokenStore,
};
use common::idp;

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap()
}

/// The browser: open the authorize URL, follow its redirect to the loopback listener.
async fn play_browser(authorize_url: &str) -> (String, String) {
    let answer = http().get(authorize_url).send().await.unwrap();
    assert_eq!(answer.status(), 302);
    let location = answer.headers()["location"].to_str().unwrap().to_string();
    let page = http()
        .get(&location)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (location, page)
}

/// The device flow's wait between polls (5 s at least), not waited.
fn no_wait(_: Duration) -> bingads::auth::BoxFuture<'static, ()> {
    Box::pin(async {})
}

fn config(idp: &idp::Idp) -> SignInConfig {
    SignInConfig::new("app-client-id").authority(idp.url())
}

#[tokio::test]
async fn the_authorization_code_flow_checks_state_and_pkce_and_closes_its_listener() {
    let idp = idp::start().await;
    let pending = AuthorizationCodeFlow::new(config(&idp))
        .start()
        .await
        .unwrap();
    let url = url::Url::parse(pending.authorize_url()).unwrap();
    assert!(url.path().ends_with("/common/oauth2/v2.0/authorize"));
    let query: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert!(query["redirect_uri"].starts_with("http://127.0.0.1:"));
    assert_eq!(
        query["scope"],
        "https://ads.microsoft.com/msads.manage offline_access openid profile"
    );
    assert_eq!(query["code_challenge"].len(), 43, "SHA-256, base64url");
    assert!(query["state"].len() >= 22);
    let redirect = pending.redirect_uri().to_string();
    let browser = tokio::spawn({
        let url = pending.authorize_url().to_string();
        async move { play_browser(&url).await }
    });
    let signed_in = pending.finish(Duration::from_secs(10)).await.unwrap();
    let (_, page) = browser.await.unwrap();
    assert!(page.contains("Signed in"), "{page}");
    assert_eq!(signed_in.refresh_token.expose(), "rt-1");
    assert_eq!(signed_in.account.as_deref(), Some("dana@fabrikam.example"));
    assert_eq!(
        idp.state().pkce_verified,
        1,
        "the verifier matched the challenge"
    );
    idp.assert_authorize_requests(1);
    // One request answered, then the listener is gone.
    assert!(http().get(&redirect).send().await.is_err());
    assert!(
        !format!("{signed_in:?}").contains("rt-1"),
        "Debug shows no token"
    );
}

#[tokio::test]
async fn a_redirect_with_another_state_is_refused() {
    let idp = idp::start().await;
    let pending = AuthorizationCodeFlow::new(config(&idp))
        .start()
        .await
        .unwrap();
    let forged = format!("{}?code=code-1&state=forged", pending.redirect_uri());
    let browser = tokio::spawn(async move { http().get(&forged).send().await });
    let e = pending
        .finish(Duration::from_millis(1500))
        .await
        .unwrap_err();
    assert!(matches!(e, AuthError::SignInFailed(_)), "{e:?}");
    assert!(e.to_string().contains("state"), "{e}");
    let answer = browser.await.unwrap().unwrap();
    assert_eq!(answer.status(), 404, "a forged redirect changes nothing");
    assert_eq!(idp.server.hits(), 0, "no code was redeemed");
}

#[tokio::test]
async fn no_browser_within_the_timeout_is_a_clear_error() {
    let idp = idp::start().await;
    let pending = AuthorizationCodeFlow::new(config(&idp))
        .start()
        .await
        .unwrap();
    let e = pending
        .finish(Duration::from_millis(200))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("no browser came back"), "{e}");
}

#[tokio::test]
async fn a_declined_consent_and_a_missing_refresh_token_say_what_to_do() {
    let idp = idp::start().await;
    idp.state().authorize_error = Some((
        "access_denied".into(),
        "AADSTS65004: User declined to consent to access the app.".into(),
    ));
    let pending = AuthorizationCodeFlow::new(config(&idp))
        .start()
        .await
        .unwrap();
    let url = pending.authorize_url().to_string();
    let browser = tokio::spawn(async move { play_browser(&url).await });
    let e = pending.finish(Duration::from_secs(10)).await.unwrap_err();
    let (_, page) = browser.await.unwrap();
    assert!(page.contains("did not complete"), "{page}");
    assert_eq!(e.sign_in_problem(), Some(SignInProblem::Declined), "{e:?}");

    idp.state().authorize_error = None;
    idp.state().omit_refresh_token = true;
    let pending = AuthorizationCodeFlow::new(config(&idp))
        .start()
        .await
        .unwrap();
    let url = pending.authorize_url().to_string();
    let browser = tokio::spawn(async move { play_browser(&url).await });
    let e = pending.finish(Duration::from_secs(10)).await.unwrap_err();
    browser.await.unwrap();
    assert_eq!(e.sign_in_problem(), Some(SignInProblem::NoRefreshToken));
    assert!(e.to_string().contains("offline_access"), "{e}");
    idp.assert_authorize_requests(2);
}

#[tokio::test]
async fn the_device_code_flow_polls_until_the_user_signs_in() {
    let idp = idp::start().await;
    idp.state().pending_polls = 2;
    let code = DeviceCodeFlow::new(config(&idp)).start().await.unwrap();
    assert_eq!(code.user_code, "ABCD-EFGH");
    assert!(code.message.contains("devicelogin"));
    let signed_in = code.sleep_with(no_wait).finish().await.unwrap();
    assert_eq!(signed_in.refresh_token.expose(), "rt-1");
    assert_eq!(
        idp.server.hits(),
        4,
        "devicecode, two pending polls, the token"
    );

    for (error, problem) in [
        ("authorization_declined", SignInProblem::Declined),
        ("expired_token", SignInProblem::DeviceCodeExpired),
    ] {
        idp.state().device_error = Some(error.into());
        let code = DeviceCodeFlow::new(config(&idp)).start().await.unwrap();
        let e = code.sleep_with(no_wait).finish().await.unwrap_err();
        assert_eq!(e.sign_in_problem(), Some(problem), "{error}: {e:?}");
    }
}

/// Every identity platform error the crate types: the problem, its remedy, the AADSTS code
/// and the correlation id in the message, never a token.
#[tokio::test]
async fn every_typed_sign_in_error_says_what_to_do() {
    let idp = idp::start().await;
    let cases: &[(&str, u32, SignInProblem, &str)] = &[
        (
            "invalid_client",
            70002,
            SignInProblem::InvalidClient,
            "Allow public client flows",
        ),
        (
            "invalid_client",
            7000218,
            SignInProblem::ClientSecretRequired,
            "--client-secret",
        ),
        (
            "invalid_request",
            700025,
            SignInProblem::ClientSecretNotAllowed,
            "send no client secret",
        ),
        (
            "invalid_client",
            7000215,
            SignInProblem::InvalidClientSecret,
            "new client secret",
        ),
        (
            "unauthorized_client",
            700016,
            SignInProblem::UnknownApplication,
            "--client-id and --tenant",
        ),
        (
            "invalid_request",
            50194,
            SignInProblem::SingleTenantApp,
            "tenant id",
        ),
        (
            "invalid_request",
            50020,
            SignInProblem::AccountNotInTenant,
            "work or school account",
        ),
        (
            "invalid_request",
            50011,
            SignInProblem::RedirectUriMismatch,
            "http://127.0.0.1",
        ),
        (
            "invalid_grant",
            65001,
            SignInProblem::ConsentRequired,
            "consent",
        ),
        (
            "invalid_grant",
            650052,
            SignInProblem::AdminConsentRequired,
            "admin consent",
        ),
        (
            "invalid_grant",
            90094,
            SignInProblem::AdminConsentRequired,
            "admin consent",
        ),
        (
            "invalid_grant",
            700082,
            SignInProblem::RefreshTokenExpired,
            "90 days",
        ),
        (
            "invalid_grant",
            70000,
            SignInProblem::GrantRevoked,
            "sign in again",
        ),
        (
            "invalid_grant",
            50173,
            SignInProblem::GrantRevoked,
            "sign in again",
        ),
        (
            "invalid_grant",
            50076,
            SignInProblem::InteractionRequired,
            "multi-factor",
        ),
        (
            "invalid_grant",
            50079,
            SignInProblem::InteractionRequired,
            "multi-factor",
        ),
    ];
    for (error, code, problem, remedy) in cases {
        idp.state().token_error = Some((
            400,
            serde_json::json!({
                "error": error,
                "error_description": format!("AADSTS{code}: what the platform says.\r\nTrace ID: t\r\nCorrelation ID: c"),
                "error_codes": [code],
                "correlation_id": "5b9f1c1e-0000-4000-8000-00000000c0de",
            })
            .to_string(),
        ));
        let provider = OAuthRefreshToken::builder("app-client-id", "rt-secret-value")
            .token_url(format!("{}/common/oauth2/v2.0/token", idp.url()))
            .build();
        let e = provider.access_token().await.unwrap_err();
        assert_eq!(e.sign_in_problem(), Some(*problem), "AADSTS{code}: {e:?}");
        let text = e.to_string();
        assert!(text.contains(&format!("AADSTS{code}")), "{text}");
        assert!(text.contains(remedy), "AADSTS{code}: {text}");
        assert!(
            text.contains("5b9f1c1e-0000-4000-8000-00000000c0de"),
            "{text}"
        );
        assert!(text.contains("what the platform says"), "{text}");
        assert!(!text.contains("Trace ID"), "only the first line: {text}");
        assert!(!text.contains("rt-secret-value"), "{text}");
    }
}

fn key(environment: OAuthEnvironment) -> StoreKey {
    StoreKey {
        client_id: "app-client-id".into(),
        environment,
        tenant: "common".into(),
        partner_center: false,
    }
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "bingads-sign-in-{name}-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn signed_in_store(idp: &idp::Idp, path: &std::path::Path) -> FileTokenStore {
    idp.state().current_refresh = "rt-0".into();
    let store = FileTokenStore::new(path);
    store
        .save(
            &key(OAuthEnvironment::Production),
            &bingads::auth::StoredToken {
                refresh_token: "rt-0".into(),
                access_token: None,
                refresh_issued_at: std::time::SystemTime::now(),
                account: Some("dana@fabrikam.example".into()),
                scope: None,
            },
        )
        .unwrap();
    store
}

#[tokio::test]
async fn a_rotated_refresh_token_is_in_the_store_before_the_access_token_is_used() {
    let idp = idp::start().await;
    let dir = temp_dir("rotation");
    let path = dir.join("nested").join("tokens.json");
    signed_in_store(&idp, &path);
    let token_url = format!("{}/common/oauth2/v2.0/token", idp.url());
    let provider = |store: Arc<dyn TokenStore>| {
        OAuthRefreshToken::from_store(store, key(OAuthEnvironment::Production))
            .unwrap()
            .token_url(&token_url)
            .refresh_early(Duration::from_secs(3600))
            .build()
    };
    let first = provider(Arc::new(FileTokenStore::new(&path)));
    assert_eq!(first.access_token().await.unwrap().expose(), "at-1");
    // "Restarted": a new store and provider read the file; the rotated token is there.
    let reread = FileTokenStore::new(&path)
        .load(&key(OAuthEnvironment::Production))
        .unwrap()
        .unwrap();
    assert_eq!(reread.refresh_token.expose(), "rt-1");
    assert_eq!(reread.account.as_deref(), Some("dana@fabrikam.example"));
    let second = provider(Arc::new(FileTokenStore::new(&path)));
    assert_eq!(second.access_token().await.unwrap().expose(), "at-2");
    assert_eq!(
        idp.state().refreshes,
        ["rt-0", "rt-1"],
        "each run used the newest token"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the file is the owner's only");
        let dir_mode = std::fs::metadata(path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(dir_mode, 0o700);
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("app-client-id/production/common"), "{text}");
    assert!(
        !format!("{reread:?}").contains("rt-1"),
        "Debug shows no token"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn concurrent_refreshes_save_once() {
    let idp = idp::start().await;
    let store = Arc::new(MemoryTokenStore::new());
    let provider = Arc::new(
        OAuthRefreshToken::builder("app-client-id", "rt-0")
            .token_url(format!("{}/common/oauth2/v2.0/token", idp.url()))
            .store(store.clone(), key(OAuthEnvironment::Production))
            .build(),
    );
    let calls = (0..50).map(|_| {
        let provider = provider.clone();
        tokio::spawn(async move { provider.access_token().await })
    });
    for result in futures_util::future::join_all(calls).await {
        assert_eq!(result.unwrap().unwrap().expose(), "at-1");
    }
    assert_eq!(store.saves(), 1);
    assert_eq!(idp.state().refreshes.len(), 1);
    let saved = store
        .load(&key(OAuthEnvironment::Production))
        .unwrap()
        .unwrap();
    assert_eq!(saved.refresh_token.expose(), "rt-1");
}

#[test]
fn credentials_of_the_other_environment_are_refused_before_sending() {
    use bingads::client::Environment;
    use bingads::v13::CustomerManagementClient;
    let e = CustomerManagementClient::builder()
        .developer_token("BBD37VB98")
        .access_token("t")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("sandbox developer token"), "{e}");
    let sandbox_tokens = Arc::new(
        OAuthRefreshToken::builder("c", "r")
            .environment(OAuthEnvironment::Sandbox)
            .build(),
    );
    let e = CustomerManagementClient::builder()
        .developer_token("mine")
        .token_provider(sandbox_tokens.clone())
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("Sandbox"), "{e}");
    let production_tokens = Arc::new(OAuthRefreshToken::builder("c", "r").build());
    let e = CustomerManagementClient::builder()
        .environment(Environment::Sandbox)
        .developer_token("BBD37VB98")
        .token_provider(production_tokens)
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("--environment sandbox"), "{e}");
    // The right pairs build; the emulator and other hosts are not judged.
    assert!(CustomerManagementClient::builder()
        .environment(Environment::Sandbox)
        .developer_token("BBD37VB98")
        .token_provider(sandbox_tokens)
        .build()
        .is_ok());
    assert!(CustomerManagementClient::builder()
        .endpoint("http://127.0.0.1:9")
        .developer_token("BBD37VB98")
        .access_token("t")
        .build()
        .is_ok());
}

/// `bingads auth login`, `status` and `logout` end to end, then `bingads call` reading the
/// store in two processes: the second presents the token the first one rotated.
#[test]
fn the_cli_signs_in_reports_and_signs_out() {
    use std::process::{Command, Stdio};
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let idp = runtime.block_on(idp::start());
    idp.state().expires_in = 30;
    let dir = temp_dir("cli");
    let store = dir.join("tokens.json");
    let store_arg = store.to_str().unwrap().to_string();
    let bin = env!("CARGO_BIN_EXE_bingads");
    let mut login = Command::new(bin)
        .args([
            "auth",
            "login",
            "--no-browser",
            "--client-id",
            "app-client-id",
        ])
        .args(["--token-store", &store_arg, "--timeout", "20"])
        .env_clear()
        .env("BINGADS_AUTHORITY", idp.url())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = common::lines_of(login.stderr.take().unwrap());
    let url = loop {
        match stderr.recv_timeout(common::LINE_TIMEOUT) {
            Ok(line) if line.starts_with("http") => break line,
            Ok(_) => continue,
            Err(e) => {
                let _ = login.kill();
                panic!("no URL printed: {e}");
            }
        }
    };
    let (_, page) = runtime.block_on(play_browser(url.trim()));
    assert!(page.contains("Signed in"));
    idp.assert_authorize_requests(1);
    let out = login.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["signed_in"], "dana@fabrikam.example");
    assert_eq!(result["environment"], "production");

    let status = Command::new(bin)
        .args(["auth", "status", "--token-store", &store_arg])
        .env_clear()
        .output()
        .unwrap();
    assert!(status.status.success());
    let text = String::from_utf8_lossy(&status.stdout);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["sign_ins"][0]["account"], "dana@fabrikam.example");
    assert_eq!(doc["sign_ins"][0]["refresh_token_valid"], true);
    assert!(
        !text.contains("rt-1") && !text.contains("at-1"),
        "no secret: {text}"
    );

    // Two `call` processes against the emulator, tokens from the store only.
    let emulator = runtime
        .block_on(bingads::emulator::Emulator::builder().start())
        .unwrap();
    let token_url = format!("{}/common/oauth2/v2.0/token", idp.url());
    for _ in 0..2 {
        let out = Command::new(bin)
            .args([
                "call",
                "--api-version",
                "v13",
                "GetUser",
                "--endpoint",
                emulator.url(),
            ])
            .args(["--token-store", &store_arg, "--token-url", &token_url])
            .arg("--stored-sign-in")
            .env_clear()
            .env("BINGADS_DEVELOPER_TOKEN", "dev")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    }
    assert_eq!(
        idp.state().refreshes,
        ["rt-1", "rt-2"],
        "the second process read the token the first one rotated"
    );

    let out = Command::new(bin)
        .args(["auth", "logout", "--all", "--token-store", &store_arg])
        .env_clear()
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["removed"], 1);
    let status = Command::new(bin)
        .args(["auth", "status", "--token-store", &store_arg])
        .env_clear()
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(doc["sign_ins"], serde_json::json!([]));
    drop(emulator);
    let _ = std::fs::remove_dir_all(&dir);
}
