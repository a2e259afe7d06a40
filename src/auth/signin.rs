//! Getting the first refresh token: the authorization-code flow with PKCE and a loopback
//! redirect (`http://127.0.0.1:<free port>/`), and the device-code flow for machines without
//! a browser. `bingads auth login` is built on these; apps that sign users in themselves use
//! them directly.
//!
//! ```no_run
//! use bingads::auth::{AuthorizationCodeFlow, SignInConfig};
//! # async fn demo() -> Result<(), bingads::auth::AuthError> {
//! let flow = AuthorizationCodeFlow::new(SignInConfig::new("your-app-client-id"));
//! let pending = flow.start().await?;
//! println!("Open {}", pending.authorize_url());
//! let signed_in = pending.finish(std::time::Duration::from_secs(300)).await?;
//! println!("signed in as {:?}", signed_in.account);
//! # Ok(()) }
//! ```

use std::time::{Duration, SystemTime};

use base64::Engine as _;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use super::store::{StoreKey, StoredToken, TokenStore};
use super::{AuthError, OAuthEnvironment, SignInProblem, TokenResponse};
use crate::model::Secret;

/// The largest redirect request the loopback listener reads.
const MAX_REDIRECT_REQUEST: usize = 16 * 1024;

/// Who signs in, where, and for which API.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SignInConfig {
    /// The app registration's client id.
    pub client_id: String,
    /// Only for confidential (web) apps; a public (mobile and desktop) app sends none.
    pub client_secret: Option<Secret>,
    /// `common` (default), `organizations`, `consumers` or a tenant id / domain.
    pub tenant: String,
    /// Production (default) or Sandbox.
    pub environment: OAuthEnvironment,
    /// Partner Center (App+User) instead of Microsoft Advertising.
    pub partner_center: bool,
    /// The identity platform's base URL instead of Microsoft's (tests, sovereign clouds).
    pub authority: Option<String>,
    /// Timeout of each request to the identity platform.
    pub timeout: Duration,
}

impl SignInConfig {
    /// Production, tenant `common`, Microsoft Advertising, 30 s per request.
    pub fn new(client_id: impl Into<String>) -> Self {
        SignInConfig {
            client_id: client_id.into(),
            client_secret: None,
            tenant: "common".into(),
            environment: OAuthEnvironment::Production,
            partner_center: false,
            authority: None,
            timeout: Duration::from_secs(30),
        }
    }

    /// Sets the client secret (confidential apps only).
    pub fn client_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// Sets the tenant.
    pub fn tenant(mut self, tenant: impl Into<String>) -> Self {
        self.tenant = tenant.into();
        self
    }

    /// Sets the environment.
    pub fn environment(mut self, environment: OAuthEnvironment) -> Self {
        self.environment = environment;
        self
    }

    /// Signs in for Partner Center (App+User).
    pub fn partner_center(mut self) -> Self {
        self.partner_center = true;
        self
    }

    /// Uses another identity platform base URL.
    pub fn authority(mut self, url: impl Into<String>) -> Self {
        self.authority = Some(url.into());
        self
    }

    /// The scope asked for: the API's, `offline_access` (without it no refresh token comes
    /// back) and `openid profile` (who signed in).
    pub fn scope(&self) -> String {
        let api = if self.partner_center {
            "https://api.partnercenter.microsoft.com/user_impersonation"
        } else {
            match self.environment {
                OAuthEnvironment::Production => "https://ads.microsoft.com/msads.manage",
                OAuthEnvironment::Sandbox => "https://api.ads.microsoft.com/msads.manage",
            }
        };
        format!("{api} offline_access openid profile")
    }

    /// `…/{tenant}/oauth2/v2.0/{endpoint}`; the sandbox signs in with Microsoft accounts at
    /// `login.windows-ppe.net/consumers`, as the official SDKs do.
    pub fn endpoint(&self, endpoint: &str) -> String {
        let (base, tenant) = match (&self.authority, self.environment) {
            (Some(base), _) => (base.trim_end_matches('/').to_string(), self.tenant.as_str()),
            (None, OAuthEnvironment::Sandbox) => {
                ("https://login.windows-ppe.net".to_string(), "consumers")
            }
            (None, OAuthEnvironment::Production) => (
                "https://login.microsoftonline.com".to_string(),
                self.tenant.as_str(),
            ),
        };
        format!("{base}/{tenant}/oauth2/v2.0/{endpoint}")
    }

    /// The store entry this sign-in is kept under.
    pub fn key(&self) -> StoreKey {
        StoreKey {
            client_id: self.client_id.clone(),
            environment: self.environment,
            tenant: self.tenant.clone(),
            partner_center: self.partner_center,
        }
    }

    fn http(&self) -> Result<reqwest::Client, AuthError> {
        crate::http::HttpOptions {
            timeouts: crate::http::TimeoutConfig {
                total: self.timeout,
                ..Default::default()
            },
            ..Default::default()
        }
        .build()
        .map_err(AuthError::Transport)
    }
}

/// A completed sign-in. `Debug` shows no token.
#[derive(Clone)]
#[non_exhaustive]
pub struct SignedIn {
    /// The refresh token to keep.
    pub refresh_token: Secret,
    /// The first access token.
    pub access_token: Secret,
    /// When the access token expires.
    pub expires_at: SystemTime,
    /// Who signed in (`preferred_username` of the ID token; read for display, not verified).
    pub account: Option<String>,
    /// The scope granted.
    pub scope: Option<String>,
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("account", &self.account)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl SignedIn {
    /// The sign-in as a store entry.
    pub fn stored(&self) -> StoredToken {
        StoredToken {
            refresh_token: self.refresh_token.clone(),
            access_token: Some((self.access_token.clone(), self.expires_at)),
            refresh_issued_at: SystemTime::now(),
            account: self.account.clone(),
            scope: self.scope.clone(),
        }
    }

    /// Saves the sign-in under `key`.
    pub fn save(&self, store: &dyn TokenStore, key: &StoreKey) -> Result<(), AuthError> {
        store.save(key, &self.stored())
    }

    fn from_response(response: TokenResponse, started: SystemTime) -> Result<Self, AuthError> {
        let access = response
            .access_token
            .ok_or_else(|| AuthError::Malformed("no access_token in the answer".into()))?;
        let refresh = response.refresh_token.ok_or(AuthError::SignIn {
            problem: SignInProblem::NoRefreshToken,
            code: None,
            description: None,
            correlation_id: None,
        })?;
        let lifetime = response.expires_in.map_or(3600, |e| e.0).min(86_400);
        Ok(SignedIn {
            refresh_token: Secret::new(refresh),
            access_token: Secret::new(access),
            expires_at: started + Duration::from_secs(lifetime),
            account: response.id_token.as_deref().and_then(preferred_username),
            scope: response.scope,
        })
    }
}

/// `preferred_username` (or `email`, `upn`) from the ID token's payload.
fn preferred_username(id_token: &str) -> Option<String> {
    let payload = id_token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    ["preferred_username", "email", "upn"]
        .iter()
        .find_map(|k| claims.get(*k).and_then(|v| v.as_str()).map(str::to_string))
}

/// `n` random bytes from the operating system, base64url without padding.
fn random_text(n: usize) -> Result<String, AuthError> {
    use ring::rand::SecureRandom as _;
    let mut bytes = vec![0u8; n];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| AuthError::SignInFailed("the system random number source failed".into()))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// The PKCE S256 challenge of `verifier`.
pub(crate) fn pkce_challenge(verifier: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest.as_ref())
}

/// The authorization-code flow with PKCE and a loopback redirect.
#[derive(Clone, Debug)]
pub struct AuthorizationCodeFlow {
    config: SignInConfig,
}

impl AuthorizationCodeFlow {
    /// A flow for `config`.
    pub fn new(config: SignInConfig) -> Self {
        AuthorizationCodeFlow { config }
    }

    /// Listens on `127.0.0.1:<free port>` and builds the URL the user opens.
    pub async fn start(&self) -> Result<PendingSignIn, AuthError> {
        super::require_secure(&self.config.endpoint("token"))?;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(|e| AuthError::SignInFailed(format!("cannot listen on 127.0.0.1: {e}")))?;
        let port = listener
            .local_addr()
            .map_err(|e| AuthError::SignInFailed(e.to_string()))?
            .port();
        let redirect_uri = format!("http://127.0.0.1:{port}/");
        let state = random_text(16)?;
        let verifier = random_text(32)?;
        let config = &self.config;
        let mut url = url::Url::parse(&config.endpoint("authorize"))
            .map_err(|e| AuthError::SignInFailed(format!("bad authority: {e}")))?;
        url.query_pairs_mut()
            .append_pair("client_id", &config.client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", &redirect_uri)
            .append_pair("response_mode", "query")
            .append_pair("scope", &config.scope())
            .append_pair("state", &state)
            .append_pair("code_challenge", &pkce_challenge(&verifier))
            .append_pair("code_challenge_method", "S256")
            .append_pair("prompt", "select_account");
        Ok(PendingSignIn {
            authorize_url: url.to_string(),
            redirect_uri,
            listener,
            state,
            verifier: Secret::new(verifier),
            config: self.config.clone(),
        })
    }
}

/// A sign-in waiting for the browser to come back to the loopback redirect.
#[derive(Debug)]
pub struct PendingSignIn {
    authorize_url: String,
    redirect_uri: String,
    listener: tokio::net::TcpListener,
    state: String,
    verifier: Secret,
    config: SignInConfig,
}

impl PendingSignIn {
    /// The URL to open in a browser.
    pub fn authorize_url(&self) -> &str {
        &self.authorize_url
    }

    /// `http://127.0.0.1:<port>/`, where the browser comes back.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Waits (at most `timeout`) for the browser's redirect, redeems its code with the PKCE
    /// verifier, answers the browser with the outcome and closes the listener.
    ///
    /// Only a request to the redirect path carrying this sign-in's `state` counts: any other
    /// request (another local process, a stale tab) is answered 404 and changes nothing.
    /// Connections are served concurrently, each given [`HEADER_TIMEOUT`] to send its request,
    /// so idle connections cannot hold the real redirect up.
    pub async fn finish(self, timeout: Duration) -> Result<SignedIn, AuthError> {
        let PendingSignIn {
            redirect_uri,
            listener,
            state,
            verifier,
            config,
            ..
        } = self;
        let (found, mut redirects) = tokio::sync::mpsc::channel(1);
        let refused = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
        let acceptor = tokio::spawn(accept_connections(listener, state, found, refused.clone()));
        let received = tokio::time::timeout(timeout, redirects.recv()).await;
        // Nothing else is served: the other connections end, and the port closes.
        acceptor.abort();
        let _ = acceptor.await;
        let Ok(Some((query, mut stream))) = received else {
            let refused = refused.load(std::sync::atomic::Ordering::Relaxed);
            return Err(AuthError::SignInFailed(format!(
                "no browser came back to {redirect_uri} within {} s{}",
                timeout.as_secs(),
                if refused > 0 {
                    format!(
                        " ({refused} other requests, without this sign-in's state, were refused)"
                    )
                } else {
                    String::new()
                }
            )));
        };
        let outcome = redeem(&config, &redirect_uri, &verifier, &query).await;
        let page = match &outcome {
            Ok(_) => "<!DOCTYPE html><title>Signed in</title><p>Signed in to bingads. You can close this tab and return to the terminal.</p>",
            Err(_) => "<!DOCTYPE html><title>Sign-in failed</title><p>The sign-in did not complete; the terminal says why.</p>",
        };
        answer(&mut stream, "200 OK", page).await;
        outcome
    }
}

/// How long a connection to the loopback listener has to send its request line and headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// Connections the loopback listener serves at once.
const MAX_CONNECTIONS: usize = 64;

/// Serves every connection to the loopback listener, each in its own task, until aborted
/// (which drops the listener and, with the `JoinSet`, every connection still open).
async fn accept_connections(
    listener: tokio::net::TcpListener,
    state: String,
    found: tokio::sync::mpsc::Sender<(Vec<(String, String)>, tokio::net::TcpStream)>,
    refused: std::sync::Arc<std::sync::atomic::AtomicU32>,
) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of descriptors, say: wait a little instead of spinning.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        while connections.try_join_next().is_some() {}
        if connections.len() >= MAX_CONNECTIONS {
            // Too many at once: this one is dropped, the others go on.
            continue;
        }
        connections.spawn(serve_connection(
            stream,
            state.clone(),
            found.clone(),
            refused.clone(),
        ));
    }
}

/// Writes a small HTML answer and closes the connection.
async fn answer(stream: &mut tokio::net::TcpStream, status: &str, page: &str) {
    let text = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n{page}",
        page.len()
    );
    let _ = stream.write_all(text.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Reads one request from a connection to the loopback listener. A `GET /?…` carrying
/// `state` is the redirect: it goes to `found` with its connection (answered once the code is
/// redeemed). Anything else gets a 404, or nothing if it sends no request in time.
async fn serve_connection(
    mut stream: tokio::net::TcpStream,
    state: String,
    found: tokio::sync::mpsc::Sender<(Vec<(String, String)>, tokio::net::TcpStream)>,
    refused: std::sync::Arc<std::sync::atomic::AtomicU32>,
) {
    let mut request = Vec::new();
    let mut buf = [0u8; 2048];
    let read = tokio::time::timeout(HEADER_TIMEOUT, async {
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            if request.len() >= MAX_REDIRECT_REQUEST {
                return false;
            }
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return false,
                Ok(n) => request.extend_from_slice(&buf[..n]),
            }
        }
        true
    })
    .await;
    if !matches!(read, Ok(true)) {
        return;
    }
    let text = String::from_utf8_lossy(&request);
    let mut line = text.lines().next().unwrap_or("").split(' ');
    let (method, target) = (line.next(), line.next());
    let query = target
        .filter(|_| method == Some("GET"))
        .and_then(|t| url::Url::parse(&format!("http://127.0.0.1{t}")).ok())
        .filter(|u| u.path() == "/")
        .map(|u| u.query_pairs().into_owned().collect::<Vec<_>>());
    let ours = query.as_ref().is_some_and(|q| {
        q.iter()
            .filter(|(k, _)| k == "state")
            .map(|(_, v)| v.as_bytes())
            .eq(std::iter::once(state.as_bytes()))
    });
    match query {
        Some(query) if ours => {
            let _ = found.send((query, stream)).await;
        }
        _ => {
            refused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            answer(
                &mut stream,
                "404 Not Found",
                "<!DOCTYPE html><title>Not found</title><p>Not a sign-in redirect.</p>",
            )
            .await;
        }
    }
}

/// Redeems the redirect's code (its `state` already matched) with the PKCE verifier.
async fn redeem(
    config: &SignInConfig,
    redirect_uri: &str,
    verifier: &Secret,
    query: &[(String, String)],
) -> Result<SignedIn, AuthError> {
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if let Some(error) = param("error") {
        return Err(super::named_error(
            error,
            param("error_description"),
            &[],
            None,
        ));
    }
    let code = param("code")
        .ok_or_else(|| AuthError::SignInFailed("the redirect carries no code".into()))?;
    let http = config.http()?;
    let scope = config.scope();
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("client_id", config.client_id.as_str()),
        ("code", code.as_str()),
        ("redirect_uri", redirect_uri),
        ("code_verifier", verifier.expose()),
        ("scope", scope.as_str()),
    ];
    if let Some(secret) = &config.client_secret {
        form.push(("client_secret", secret.expose()));
    }
    let started = SystemTime::now();
    let response = super::post_token_form(&http, &config.endpoint("token"), &form).await?;
    SignedIn::from_response(response, started)
}

/// The device-code flow: the user enters a code at a URL on any device.
#[derive(Clone, Debug)]
pub struct DeviceCodeFlow {
    config: SignInConfig,
}

impl DeviceCodeFlow {
    /// A flow for `config`.
    pub fn new(config: SignInConfig) -> Self {
        DeviceCodeFlow { config }
    }

    /// Asks for a device code; show its [`DeviceCode::message`] to the user.
    pub async fn start(&self) -> Result<DeviceCode, AuthError> {
        #[derive(serde::Deserialize)]
        struct Answer {
            device_code: Option<String>,
            user_code: Option<String>,
            verification_uri: Option<String>,
            expires_in: Option<super::Seconds>,
            interval: Option<super::Seconds>,
            message: Option<String>,
        }
        let config = &self.config;
        let http = config.http()?;
        let scope = config.scope();
        let form = [
            ("client_id", config.client_id.as_str()),
            ("scope", scope.as_str()),
        ];
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let url = super::require_secure(&config.endpoint("devicecode"))?;
        let response = http
            .post(url)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body)
            .send()
            .await
            .map_err(super::transport_error)?;
        let status = response.status().as_u16();
        let bytes = crate::http::read_limited(response, super::MAX_TOKEN_RESPONSE)
            .await
            .map_err(super::body_error)?;
        if !(200..300).contains(&status) {
            // The error body has the token endpoint's shape.
            return Err(TokenResponse::read(status, &bytes)
                .err()
                .unwrap_or(AuthError::Http { status }));
        }
        let answer: Answer = serde_json::from_slice(&bytes)
            .map_err(|e| AuthError::Malformed(crate::xml::json_error_text(&e)))?;
        let missing = |what: &str| AuthError::Malformed(format!("no {what} in the answer"));
        let user_code = answer.user_code.ok_or_else(|| missing("user_code"))?;
        let verification_uri = answer
            .verification_uri
            .ok_or_else(|| missing("verification_uri"))?;
        Ok(DeviceCode {
            message: answer.message.unwrap_or_else(|| {
                format!("To sign in, open {verification_uri} and enter the code {user_code}.")
            }),
            user_code,
            verification_uri,
            expires_in: Duration::from_secs(answer.expires_in.map_or(900, |e| e.0).min(3600)),
            // RFC 8628 §3.2: 5 s when the answer names none; never faster (an `interval` of 0
            // would poll the platform many times a second), never slower than a minute.
            interval: Duration::from_secs(
                answer
                    .interval
                    .map_or(MIN_POLL_INTERVAL, |i| i.0)
                    .clamp(MIN_POLL_INTERVAL, 60),
            ),
            sleep: Sleep(None),
            device_code: Secret::new(answer.device_code.ok_or_else(|| missing("device_code"))?),
            config: self.config.clone(),
        })
    }
}

/// The shortest wait between two polls of the device flow, in seconds (RFC 8628 §3.2's
/// default; <https://www.rfc-editor.org/rfc/rfc8628#section-3.2>).
pub const MIN_POLL_INTERVAL: u64 = 5;

/// How the device flow waits between polls: tokio's sleep unless replaced.
#[derive(Clone)]
struct Sleep(
    Option<std::sync::Arc<dyn Fn(Duration) -> super::BoxFuture<'static, ()> + Send + Sync>>,
);

impl std::fmt::Debug for Sleep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Sleep(custom)"
        } else {
            "Sleep(tokio)"
        })
    }
}

/// A device code waiting for the user.
#[derive(Debug)]
pub struct DeviceCode {
    /// The code the user enters.
    pub user_code: String,
    /// Where the user enters it.
    pub verification_uri: String,
    /// The identity platform's instructions, to show as they are.
    pub message: String,
    /// How long the code is valid.
    pub expires_in: Duration,
    interval: Duration,
    device_code: Secret,
    config: SignInConfig,
    sleep: Sleep,
}

impl DeviceCode {
    /// How long the flow waits before each poll (at least [`MIN_POLL_INTERVAL`] seconds,
    /// more after a `slow_down`).
    pub fn poll_interval(&self) -> Duration {
        self.interval
    }

    /// Replaces how the flow waits between polls (tests, an app's own scheduler); it is
    /// given the interval the flow decided on. The code's lifetime is counted in these waits
    /// as well as on the clock, whichever ends first.
    pub fn sleep_with(
        mut self,
        sleep: impl Fn(Duration) -> super::BoxFuture<'static, ()> + Send + Sync + 'static,
    ) -> Self {
        self.sleep = Sleep(Some(std::sync::Arc::new(sleep)));
        self
    }

    /// Polls the token endpoint (at the interval the platform asks for, slower when told
    /// `slow_down`) until the user signs in, declines, or the code expires.
    pub async fn finish(self) -> Result<SignedIn, AuthError> {
        let config = &self.config;
        let http = config.http()?;
        let deadline = tokio::time::Instant::now() + self.expires_in;
        let mut interval = self.interval;
        let mut waited = Duration::ZERO;
        loop {
            match &self.sleep.0 {
                Some(sleep) => sleep(interval).await,
                None => tokio::time::sleep(interval).await,
            }
            waited += interval;
            let started = SystemTime::now();
            let form = [
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("client_id", config.client_id.as_str()),
                ("device_code", self.device_code.expose()),
            ];
            match super::post_token_form(&http, &config.endpoint("token"), &form).await {
                Ok(response) => return SignedIn::from_response(response, started),
                Err(AuthError::OAuth { error, .. }) if error == "authorization_pending" => {}
                Err(AuthError::OAuth { error, .. }) if error == "slow_down" => {
                    interval += Duration::from_secs(5);
                }
                Err(e) => return Err(e),
            }
            if tokio::time::Instant::now() >= deadline || waited >= self.expires_in {
                return Err(AuthError::SignIn {
                    problem: SignInProblem::DeviceCodeExpired,
                    code: None,
                    description: None,
                    correlation_id: None,
                });
            }
        }
    }
}
