//! Credentials stay where they belong and nothing the user saved is lost (issue 27): the token
//! store across processes (every entry and every rotation kept, corrupt or open files
//! refused without quoting them), no secret on a command line, stored sign-ins and token
//! URLs only for the hosts they belong to, the loopback sign-in listener against junk and idle
//! connections, and bounds on what a hostile server sends.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use bingads::auth::{
    AuthError, AuthorizationCodeFlow, DeviceCodeFlow, FileTokenStore, OAuthEnvironment,
    SignInConfig, StoreKey, StoredToken, TokenStore,
};
use common::{idp, server};

const BIN: &str = env!("CARGO_BIN_EXE_bingads");

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "bingads-safety-{name}-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn key(client_id: &str) -> StoreKey {
    StoreKey {
        client_id: client_id.into(),
        environment: OAuthEnvironment::Production,
        tenant: "common".into(),
        partner_center: false,
    }
}

/// A store holding one sign-in of `app-client-id` with refresh token `rt-0` and no access
/// token (so every use refreshes).
fn signed_in_store(path: &Path) -> FileTokenStore {
    let store = FileTokenStore::new(path);
    store
        .save(
            &key("app-client-id"),
            &StoredToken {
                refresh_token: "rt-0".into(),
                access_token: None,
                refresh_issued_at: std::time::SystemTime::now(),
                account: None,
                scope: None,
            },
        )
        .unwrap();
    store
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// 20 `bingads auth login --device-code` at once, each for its own client id, into one store:
/// all 20 entries are there (the review's run kept 12 without the cross-process lock).
#[test]
fn twenty_processes_saving_to_one_store_keep_every_entry() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let idp = runtime.block_on(idp::start());
    let dir = temp_dir("twenty-logins");
    let store = dir.join("tokens.json");
    let children: Vec<_> = (0..20)
        .map(|i| {
            Command::new(BIN)
                .args(["auth", "login", "--device-code", "--timeout", "60"])
                .args(["--client-id", &format!("app-{i}")])
                .arg("--token-store")
                .arg(&store)
                .env_clear()
                .env("BINGADS_AUTHORITY", idp.url())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let entries = FileTokenStore::new(&store).list().unwrap();
    assert_eq!(entries.len(), 20, "every sign-in kept");
    let _ = std::fs::remove_dir_all(&dir);
}

/// 20 `bingads call` processes at once refreshing one stored sign-in against an identity
/// platform that revokes each refresh token once used: every one succeeds, each presented
/// the token the one before it rotated, and the store ends with the last.
#[test]
fn twenty_rotations_of_one_entry_end_with_the_last() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let idp = runtime.block_on(idp::start());
    idp.state().current_refresh = "rt-0".into();
    // Shorter than the 60 s refresh margin: every process refreshes.
    idp.state().expires_in = 30;
    let emulator = runtime
        .block_on(bingads::emulator::Emulator::builder().start())
        .unwrap();
    let dir = temp_dir("twenty-rotations");
    let store = dir.join("tokens.json");
    signed_in_store(&store);
    let token_url = format!("{}/common/oauth2/v2.0/token", idp.url());
    let children: Vec<_> = (0..20)
        .map(|_| {
            Command::new(BIN)
                .args(["call", "--api-version", "v13", "GetUser"])
                .args(["--endpoint", emulator.url(), "--stored-sign-in"])
                .args(["--token-url", &token_url])
                .arg("--token-store")
                .arg(&store)
                .env_clear()
                .env("BINGADS_DEVELOPER_TOKEN", "dev")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let presented = idp.state().refreshes.clone();
    let expected: Vec<String> = (0..20).map(|i| format!("rt-{i}")).collect();
    assert_eq!(presented, expected, "each refresh used the newest token");
    let saved = FileTokenStore::new(&store)
        .load(&key("app-client-id"))
        .unwrap()
        .unwrap();
    assert_eq!(
        saved.refresh_token.expose(),
        "rt-20",
        "the last rotation kept"
    );
    assert_eq!(idp.state().current_refresh, "rt-20");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A corrupt store is an error naming the file and the byte, quoting nothing of it; `auth
/// login` refuses it before the sign-in starts, so no new refresh token is thrown away.
#[test]
fn a_corrupt_store_names_the_byte_quotes_nothing_and_stops_a_sign_in_before_it_starts() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let idp = runtime.block_on(idp::start());
    let dir = temp_dir("corrupt");
    let path = dir.join("tokens.json");
    signed_in_store(&path);
    // A value of the wrong type: serde_json's own message would quote it.
    let text = r#"{"version": "rt-secret-value", "tokens": {}}"#;
    std::fs::write(&path, text).unwrap();
    let e = FileTokenStore::new(&path).list().unwrap_err().to_string();
    assert!(e.contains(path.to_str().unwrap()), "{e}");
    assert!(e.contains("at byte"), "{e}");
    assert!(!e.contains("rt-secret-value"), "{e}");
    std::fs::write(
        &path,
        "{\"version\": 1, \"tokens\": {\"k\": rt-secret-value",
    )
    .unwrap();
    let e = FileTokenStore::new(&path).list().unwrap_err().to_string();
    assert!(e.contains("at byte 31 (line 1, column 32)"), "{e}");
    assert!(!e.contains("rt-secret-value"), "{e}");

    let out = Command::new(BIN)
        .args(["auth", "login", "--device-code", "--client-id", "app"])
        .arg("--token-store")
        .arg(&path)
        .env_clear()
        .env("BINGADS_AUTHORITY", idp.url())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("at byte"), "{err}");
    assert!(!err.contains("rt-secret-value"), "{err}");
    assert_eq!(idp.server.hits(), 0, "the sign-in never started");
    let _ = std::fs::remove_dir_all(&dir);
}

/// As ssh refuses a key others can read: a store file or directory open to group or others
/// is refused with the chmod that fixes it.
#[cfg(unix)]
#[test]
fn a_store_others_can_read_is_refused_with_the_chmod_that_fixes_it() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = temp_dir("modes");
    let path = dir.join("tokens.json");
    signed_in_store(&path);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let e = FileTokenStore::new(&path).list().unwrap_err().to_string();
    assert!(e.contains(&format!("chmod 600 {}", path.display())), "{e}");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = Command::new(BIN)
        .args(["auth", "status", "--token-store"])
        .arg(&path)
        .env_clear()
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(&format!("chmod 700 {}", dir.display())),
        "{}",
        stderr(&out)
    );
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(FileTokenStore::new(&path).list().unwrap().len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every option that took a secret is gone: given a value it stops with exit 2 and never
/// repeats the value; the secrets come from files, standard input or the environment.
#[test]
fn no_command_takes_a_secret_on_its_command_line() {
    let secret = "s3cret-value-on-argv";
    let commands: [&[&str]; 4] = [
        &["call", "--api-version", "v13", "GetUser"],
        &["envelope", "--api-version", "v13", "GetUser"],
        &["auth", "login", "--client-id", "app"],
        &[
            "call",
            "--api-version",
            "v13",
            "GetUser",
            "--endpoint",
            "http://127.0.0.1:9",
        ],
    ];
    let options = [
        "--developer-token",
        "--authentication-token",
        "--refresh-token",
        "--client-secret",
    ];
    for command in commands {
        for option in options {
            for form in [
                vec![option.to_string(), secret.to_string()],
                vec![format!("{option}={secret}")],
            ] {
                let out = Command::new(BIN)
                    .args(command)
                    .args(&form)
                    .env_clear()
                    .output()
                    .unwrap();
                assert_eq!(out.status.code(), Some(2), "{command:?} {form:?}");
                let err = stderr(&out);
                assert!(!err.contains(secret), "{command:?} {form:?}: {err}");
                assert!(err.contains(&format!("{option}-file")), "{err}");
            }
        }
    }
    for command in [
        &["call", "--help"][..],
        &["envelope", "--help"],
        &["auth", "login", "--help"],
    ] {
        let out = Command::new(BIN).args(command).output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(
            help.contains("-file <PATH>") && help.contains("-stdin"),
            "{help}"
        );
    }
}

/// The replacements work: a file, standard input and the environment each give a secret,
/// and the process's arguments hold none of them.
#[test]
fn secrets_come_from_files_standard_input_and_the_environment() {
    let dir = temp_dir("secret-files");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("developer-token");
    std::fs::write(&file, "dev-token-from-file\n").unwrap();
    let mut child = Command::new(BIN)
        .args([
            "envelope",
            "--api-version",
            "v13",
            "GetUser",
            "--transport",
            "soap",
        ])
        .arg("--developer-token-file")
        .arg(&file)
        .arg("--authentication-token-stdin")
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    #[cfg(target_os = "linux")]
    {
        let argv = std::fs::read(format!("/proc/{}/cmdline", child.id())).unwrap_or_default();
        let argv = String::from_utf8_lossy(&argv);
        assert!(!argv.contains("dev-token-from-file") && !argv.contains("access-from-stdin"));
    }
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"access-from-stdin\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let xml = String::from_utf8_lossy(&out.stdout);
    assert!(xml.contains(">dev-token-from-file<"), "{xml}");
    assert!(xml.contains(">access-from-stdin<"), "{xml}");
    // Two readers of standard input are refused.
    let out = Command::new(BIN)
        .args(["envelope", "--api-version", "v13", "GetUser"])
        .args(["--developer-token-stdin", "--authentication-token-stdin"])
        .env_clear()
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = Command::new(BIN)
        .args([
            "envelope",
            "--api-version",
            "v13",
            "GetUser",
            "--transport",
            "soap",
        ])
        .env_clear()
        .env("BINGADS_DEVELOPER_TOKEN", "dev-from-env")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(">dev-from-env<"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A stored (Microsoft) sign-in is not sent to a custom endpoint unless asked for, and an
/// http token URL or authority to another machine is refused before anything is sent: a
/// proxy that would see any request sees none.
#[test]
fn stored_and_given_credentials_go_only_to_hosts_they_belong_to() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let idp = runtime.block_on(idp::start());
    let endpoint = runtime.block_on(server::serve(|_, _| async {
        server::Reply::json(200, "{}")
    }));
    let dir = temp_dir("custom-endpoint");
    let store = dir.join("tokens.json");
    signed_in_store(&store);
    let token_url = format!("{}/common/oauth2/v2.0/token", idp.url());
    let out = Command::new(BIN)
        .args(["call", "--api-version", "v13", "GetUser"])
        .args(["--endpoint", &endpoint.url, "--token-url", &token_url])
        .arg("--token-store")
        .arg(&store)
        .env_clear()
        .env("BINGADS_DEVELOPER_TOKEN", "dev")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--stored-sign-in"),
        "{}",
        stderr(&out)
    );
    assert_eq!(endpoint.hits(), 0, "nothing sent to the endpoint");
    assert_eq!(idp.server.hits(), 0, "no token requested for it");

    let proxy = runtime.block_on(server::serve(|_, _| async { server::Reply::new(502, "") }));
    let out = Command::new(BIN)
        .args(["call", "--api-version", "v13", "GetUser"])
        .args([
            "--token-url",
            "http://login.example.test/t/oauth2/v2.0/token",
        ])
        .env_clear()
        .env("BINGADS_CLIENT_ID", "app")
        .env("BINGADS_REFRESH_TOKEN", "rt")
        .env("HTTP_PROXY", &proxy.url)
        .env("HTTPS_PROXY", &proxy.url)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("not https"), "{}", stderr(&out));
    let out = Command::new(BIN)
        .args(["auth", "login", "--device-code", "--client-id", "app"])
        .arg("--token-store")
        .arg(dir.join("other.json"))
        .env_clear()
        .env("BINGADS_AUTHORITY", "http://LOGIN.example.test.")
        .env("HTTP_PROXY", &proxy.url)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(proxy.hits(), 0, "nothing was sent");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Loopback never goes through a proxy from the environment: the emulator's token does not
/// travel to HTTP_PROXY in clear text.
#[test]
fn loopback_calls_bypass_the_environment_proxy() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator = runtime
        .block_on(bingads::emulator::Emulator::builder().start())
        .unwrap();
    let proxy = runtime.block_on(server::serve(|_, _| async { server::Reply::new(502, "") }));
    let out = Command::new(BIN)
        .args(["call", "--api-version", "v13", "GetUser"])
        .args(["--endpoint", emulator.url()])
        .env_clear()
        .env("BINGADS_DEVELOPER_TOKEN", "dev")
        .env("BINGADS_AUTHENTICATION_TOKEN", "emulator-token")
        .env("HTTP_PROXY", &proxy.url)
        .env("http_proxy", &proxy.url)
        .env("ALL_PROXY", &proxy.url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(proxy.hits(), 0, "the proxy saw nothing");
}

/// `clientcenter.api.bingads.microsoft.com.` (a fully qualified name) and upper case are
/// Microsoft's production host for both the plain-http refusal and the environment check.
#[test]
fn a_trailing_dot_or_upper_case_is_still_microsofts_host() {
    use bingads::auth::OAuthRefreshToken;
    use bingads::v13::CustomerManagementClient;
    for host in [
        "clientcenter.api.bingads.microsoft.com.",
        "ClientCenter.API.BingAds.Microsoft.COM",
    ] {
        let e = CustomerManagementClient::builder()
            .endpoint(format!("http://{host}/CustomerManagement/v13"))
            .developer_token("d")
            .access_token("t")
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("plain http"), "{host}: {e}");
        let sandbox = std::sync::Arc::new(
            OAuthRefreshToken::builder("c", "r")
                .environment(OAuthEnvironment::Sandbox)
                .build(),
        );
        let e = CustomerManagementClient::builder()
            .endpoint(format!("https://{host}/CustomerManagement/v13"))
            .developer_token("d")
            .token_provider(sandbox)
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("Sandbox"), "{host}: {e}");
        let e = CustomerManagementClient::builder()
            .endpoint(format!("https://{host}/CustomerManagement/v13"))
            .developer_token("BBD37VB98")
            .access_token("t")
            .build()
            .unwrap_err();
        assert!(
            e.to_string().contains("sandbox developer token"),
            "{host}: {e}"
        );
    }
    assert_eq!(
        bingads::auth::environment_of_url(
            "https://clientcenter.api.sandbox.bingads.microsoft.com./x"
        ),
        Some(OAuthEnvironment::Sandbox)
    );
    assert_eq!(
        bingads::auth::environment_of_url("https://bingads.microsoft.com.evil.example/x"),
        None
    );
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap()
}

/// The loopback listener answers junk with 404 and keeps listening, serves idle
/// connections alongside (three that never send a byte would have held the real redirect
/// for 3 × the header timeout, past this test's 4 s limit, when served one at a time), and
/// completes with the real redirect.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_listener_survives_junk_and_idle_connections_then_signs_in() {
    let idp = idp::start().await;
    let pending =
        AuthorizationCodeFlow::new(SignInConfig::new("app-client-id").authority(idp.url()))
            .start()
            .await
            .unwrap();
    let redirect = pending.redirect_uri().to_string();
    let authorize = pending.authorize_url().to_string();
    let finished = tokio::spawn(pending.finish(Duration::from_secs(4)));
    let port = url::Url::parse(&redirect).unwrap().port().unwrap();
    let mut idle = Vec::new();
    for _ in 0..3 {
        idle.push(
            tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .unwrap(),
        );
    }
    {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let mut raw = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        raw.write_all(b"\x16\x03\x01 junk\r\n\r\n").await.unwrap();
        let mut answer = Vec::new();
        let _ = raw.read_to_end(&mut answer).await;
        assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 404"));
    }
    for junk in [
        format!("{redirect}favicon.ico"),
        format!("{redirect}?code=code-1&state=forged"),
        format!("{redirect}?code=code-1"),
        format!("{redirect}other?state=x"),
    ] {
        let answer = http().get(&junk).send().await.unwrap();
        assert_eq!(answer.status(), 404, "{junk}");
    }
    let answer = http().post(&redirect).body("x").send().await.unwrap();
    assert_eq!(answer.status(), 404);
    // The real browser, after all that.
    let location = http().get(&authorize).send().await.unwrap().headers()["location"]
        .to_str()
        .unwrap()
        .to_string();
    let page = http()
        .get(&location)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Signed in"), "{page}");
    let signed_in = finished.await.unwrap().unwrap();
    assert_eq!(signed_in.refresh_token.expose(), "rt-1");
    assert_eq!(idp.state().pkce_verified, 1);
    drop(idle);
}

/// The page says "Signed in" only once the code was redeemed: a refused redemption shows
/// the failure page.
#[tokio::test]
async fn the_page_says_signed_in_only_after_the_code_was_redeemed() {
    let idp = idp::start().await;
    idp.state().token_error = Some((
        400,
        r#"{"error":"invalid_grant","error_description":"AADSTS70000: no"}"#.into(),
    ));
    let pending =
        AuthorizationCodeFlow::new(SignInConfig::new("app-client-id").authority(idp.url()))
            .start()
            .await
            .unwrap();
    let authorize = pending.authorize_url().to_string();
    let browser = tokio::spawn(async move {
        let location = http().get(&authorize).send().await.unwrap().headers()["location"]
            .to_str()
            .unwrap()
            .to_string();
        http()
            .get(&location)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    let e = pending.finish(Duration::from_secs(10)).await.unwrap_err();
    let page = browser.await.unwrap();
    assert!(
        !page.contains("Signed in") && page.contains("failed"),
        "{page}"
    );
    assert!(
        e.needs_consent() || matches!(e, AuthError::SignIn { .. }),
        "{e:?}"
    );
}

/// The device-code answer is read under a limit (a server streaming 300 MiB without a
/// length is cut off after about a megabyte), and `interval: 0` polls no faster than every
/// 5 s (the waits are injected: the test does not wait them).
#[tokio::test]
async fn the_device_flow_reads_a_bounded_answer_and_polls_no_faster_than_five_seconds() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let authority = format!("http://{}", listener.local_addr().unwrap());
    let sent = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = [0u8; 4096];
        let _ = stream.read(&mut head).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            .await;
        let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
        let mut sent = 0u64;
        while sent < 300 << 20 {
            if stream.write_all(chunk.as_bytes()).await.is_err() {
                break;
            }
            sent += 0x10000;
        }
        sent
    });
    let e = DeviceCodeFlow::new(SignInConfig::new("app").authority(&authority))
        .start()
        .await
        .unwrap_err();
    assert!(e.to_string().contains("larger than"), "{e}");
    let sent = sent.await.unwrap();
    assert!(
        sent < 64 << 20,
        "the client stopped reading: {sent} bytes sent"
    );

    let idp = idp::start().await;
    idp.state().pending_polls = 3;
    let code = DeviceCodeFlow::new(SignInConfig::new("app").authority(idp.url()))
        .start()
        .await
        .unwrap();
    assert_eq!(
        code.poll_interval(),
        Duration::from_secs(5),
        "interval 0 from the platform"
    );
    let waits = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorded = waits.clone();
    let signed_in = code
        .sleep_with(move |d| {
            recorded.lock().unwrap().push(d);
            Box::pin(async {})
        })
        .finish()
        .await
        .unwrap();
    assert_eq!(signed_in.refresh_token.expose(), "rt-1");
    let waits = waits.lock().unwrap().clone();
    assert_eq!(waits.len(), 4, "one wait before each poll");
    assert!(
        waits.iter().all(|w| *w >= Duration::from_secs(5)),
        "{waits:?}"
    );
}

/// Text from a server reaches the terminal with its control characters escaped: an OAuth
/// `error_description` that would clear the screen and set the window title.
#[test]
fn server_text_reaches_the_terminal_escaped() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let idp = runtime.block_on(idp::start());
    idp.state().token_error = Some((
        400,
        r#"{"error":"invalid_client","error_description":"bad \u001b[2J\u001b]0;pwned\u0007 client\r\nmore"}"#.into(),
    ));
    let emulator = runtime
        .block_on(bingads::emulator::Emulator::builder().start())
        .unwrap();
    let out = Command::new(BIN)
        .args(["call", "--api-version", "v13", "GetUser"])
        .args(["--endpoint", emulator.url()])
        .args([
            "--token-url",
            &format!("{}/common/oauth2/v2.0/token", idp.url()),
        ])
        .env_clear()
        .env("BINGADS_DEVELOPER_TOKEN", "dev")
        .env("BINGADS_CLIENT_ID", "app")
        .env("BINGADS_REFRESH_TOKEN", "rt")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        !out.stderr
            .iter()
            .any(|b| *b == 0x1b || *b == 0x07 || *b == b'\r'),
        "{:?}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("\\u{1b}[2J"), "{}", stderr(&out));
}
