//! Where the `AuthenticationToken` header comes from: a [`TokenProvider`].
//!
//! - [`StaticToken`]: an access token you already have.
//! - [`OAuthRefreshToken`]: the OAuth 2.0 refresh-token grant against the Microsoft identity
//!   platform, refreshed 60 s before expiry, single-flight (concurrent callers share one token
//!   request), with a callback for the rotated refresh token callers must persist.
//!
//! Legacy `UserName` / `Password` headers are set on the client builder instead
//! ([`crate::client::ClientBuilder::password_credentials`]).
//!
//! ```no_run
//! use std::sync::Arc;
//! use bingads::auth::{OAuthEnvironment, OAuthRefreshToken};
//! use bingads::v13::CustomerManagementClient;
//!
//! # fn demo() -> Result<(), bingads::client::Error> {
//! let tokens = OAuthRefreshToken::builder("your-app-client-id", "the-refresh-token")
//!     .environment(OAuthEnvironment::Sandbox)
//!     // Microsoft rotates refresh tokens: keep the new one, or the next start cannot sign in.
//!     .on_refresh_token(|rotated| save_somewhere_safe(rotated.expose()))
//!     .build();
//! let client = CustomerManagementClient::builder()
//!     .developer_token("BBD37VB98")
//!     .token_provider(Arc::new(tokens))
//!     .build()?;
//! # Ok(()) }
//! # fn save_somewhere_safe(_: &str) {}
//! ```

mod problems;
mod refresh;
mod signin;
mod store;

pub use problems::SignInProblem;
pub use refresh::{OAuthRefreshToken, OAuthRefreshTokenBuilder, RefreshTokenCallback};
pub use signin::{
    AuthorizationCodeFlow, DeviceCode, DeviceCodeFlow, PendingSignIn, SignInConfig, SignedIn,
    HEADER_TIMEOUT, MIN_POLL_INTERVAL,
};
pub use store::{FileTokenStore, MemoryTokenStore, StoreKey, StoreLock, StoredToken, TokenStore};

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use serde::Deserialize;

use crate::model::Secret;

/// Largest token endpoint answer read (they are a few kilobytes).
pub(crate) const MAX_TOKEN_RESPONSE: usize = 1024 * 1024;

/// A boxed future, so providers can be used as `Arc<dyn TokenProvider>`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Supplies OAuth access tokens.
pub trait TokenProvider: Send + Sync + fmt::Debug {
    /// A token valid for at least the next minute.
    fn access_token(&self) -> BoxFuture<'_, Result<Secret, AuthError>>;

    /// The service rejected `token` as expired (fault 109): forget it so the next
    /// [`TokenProvider::access_token`] fetches a new one. Providers that cannot refresh ignore it.
    fn invalidate(&self, token: &Secret) {
        let _ = token;
    }

    /// The environment the tokens are for, when the provider knows (clients refuse a
    /// sandbox token for production and the reverse before sending anything).
    fn environment(&self) -> Option<OAuthEnvironment> {
        None
    }
}

/// Why no token could be had. Never contains a token or a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// `invalid_grant`: the refresh token is expired, revoked or was issued for another client.
    /// The user must sign in and consent again.
    #[error(
        "the refresh token was rejected (invalid_grant); the user must sign in and consent again{}",
        suffix(description)
    )]
    InvalidGrant {
        /// The endpoint's `error_description`, when it sent one.
        description: Option<String>,
    },
    /// Another OAuth error (`invalid_client`, `invalid_scope`, …).
    #[error(
        "the token endpoint refused the request: {error}{}",
        suffix(description)
    )]
    OAuth {
        /// The OAuth `error` code, such as `invalid_client`.
        error: String,
        /// The endpoint's `error_description`, when it sent one.
        description: Option<String>,
    },
    /// The token endpoint answered with an HTTP error and no OAuth error body.
    #[error("the token endpoint answered HTTP {status}")]
    Http {
        /// The HTTP status code of the answer.
        status: u16,
    },
    /// The token endpoint did not answer in time.
    #[error("the token endpoint did not answer in time")]
    Timeout,
    /// The token endpoint could not be reached.
    #[error("cannot reach the token endpoint: {0}")]
    Transport(String),
    /// The token endpoint's answer could not be read.
    #[error("cannot read the token endpoint's answer: {0}")]
    Malformed(String),
    /// The identity platform refused the sign-in or the token request for a reason it named:
    /// the problem, what to do, and the ids Microsoft support asks for. Never a token.
    #[error(
        "{problem}{}: {}{}{}",
        code.map(|c| format!(" (AADSTS{c})")).unwrap_or_default(),
        problem.remediation(),
        description.as_deref().map(|d| format!(". Microsoft says: {d}")).unwrap_or_default(),
        correlation_id.as_deref().map(|c| format!(" (correlation id {c})")).unwrap_or_default()
    )]
    SignIn {
        /// What went wrong, with its remedy.
        problem: SignInProblem,
        /// The `AADSTS` code, when the answer had one.
        code: Option<u32>,
        /// The first line of the endpoint's `error_description`.
        description: Option<String>,
        /// The correlation id of the failed request (quote it to Microsoft support).
        correlation_id: Option<String>,
    },
    /// The sign-in itself failed before any token request: the browser's redirect did not
    /// come back (timeout), its `state` did not match, or the loopback listener failed.
    #[error("the sign-in did not complete: {0}")]
    SignInFailed(String),
    /// A token URL or authority that may not carry credentials (plain http to a host other
    /// than this machine); nothing was sent.
    #[error("refusing to send credentials to {0}")]
    InsecureUrl(String),
    /// The token store could not be read or written.
    #[error("token store {path}: {message}")]
    Store {
        /// The store's file.
        path: String,
        /// What failed.
        message: String,
    },
}

impl AuthError {
    /// The user has to sign in and consent again (a new refresh token is needed).
    pub fn needs_consent(&self) -> bool {
        match self {
            AuthError::InvalidGrant { .. } => true,
            AuthError::SignIn { problem, .. } => problem.needs_sign_in(),
            _ => false,
        }
    }

    /// The problem the identity platform named, if it named one of [`SignInProblem`].
    pub fn sign_in_problem(&self) -> Option<SignInProblem> {
        match self {
            AuthError::SignIn { problem, .. } => Some(*problem),
            _ => None,
        }
    }
}

/// `: <description>` when the endpoint gave one.
fn suffix(description: &Option<String>) -> String {
    description
        .as_deref()
        .map(|d| format!(": {d}"))
        .unwrap_or_default()
}

/// An access token you already have (it is never refreshed).
#[derive(Clone, Debug)]
pub struct StaticToken(Secret);

impl StaticToken {
    /// Wraps an access token to be sent as is.
    pub fn new(token: impl Into<Secret>) -> Self {
        StaticToken(token.into())
    }
}

impl TokenProvider for StaticToken {
    fn access_token(&self) -> BoxFuture<'_, Result<Secret, AuthError>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// Which Microsoft identity platform settings to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash, PartialOrd, Ord)]
pub enum OAuthEnvironment {
    /// `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`,
    /// scope `https://ads.microsoft.com/msads.manage offline_access`.
    #[default]
    Production,
    /// `https://login.windows-ppe.net/consumers/oauth2/v2.0/token`,
    /// scope `https://api.ads.microsoft.com/msads.manage offline_access` (as the official SDKs).
    Sandbox,
}

/// `url` parsed, if a token URL or authority may carry credentials: https, or plain http to
/// this machine only (127.0.0.1, ::1, localhost: the emulator, a test identity platform).
/// Every token request checks it before sending; the CLI checks `BINGADS_OAUTH_TOKEN_URL`
/// and `BINGADS_AUTHORITY` with it up front.
pub fn require_secure(url: &str) -> Result<url::Url, AuthError> {
    crate::http::require_secure_url(url).map_err(AuthError::InsecureUrl)
}

/// The Microsoft Advertising environment whose host `url` names over https
/// (`*.sandbox.bingads.microsoft.com`: Sandbox, other `*.bingads.microsoft.com`: Production;
/// case, IDNA and a trailing dot normalised), `None` for any other URL. Stored credentials of
/// an environment go to its hosts only.
pub fn environment_of_url(url: &str) -> Option<OAuthEnvironment> {
    let url = url::Url::parse(url)
        .ok()
        .filter(|u| u.scheme() == "https")?;
    bingads_environment(&url)
}

/// Posts a form to an identity platform endpoint and reads the answer (at most
/// `MAX_TOKEN_RESPONSE` bytes): the refresh grant and the sign-in flows share it.
pub(crate) async fn post_token_form(
    http: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
) -> Result<TokenResponse, AuthError> {
    let url = require_secure(url)?;
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let response = http
        .post(url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(reqwest::header::ACCEPT, "application/json")
        .body(body)
        .send()
        .await
        .map_err(transport_error)?;
    let status = response.status().as_u16();
    let bytes = crate::http::read_limited(response, MAX_TOKEN_RESPONSE)
        .await
        .map_err(body_error)?;
    TokenResponse::read(status, &bytes)
}

/// A body read under [`MAX_TOKEN_RESPONSE`] that failed.
pub(crate) fn body_error(e: crate::http::BodyError) -> AuthError {
    match e {
        crate::http::BodyError::TooLarge => AuthError::Malformed(format!(
            "the answer is larger than {MAX_TOKEN_RESPONSE} bytes"
        )),
        crate::http::BodyError::Transport(e) => transport_error(e),
    }
}

fn transport_error(e: reqwest::Error) -> AuthError {
    if e.is_timeout() {
        AuthError::Timeout
    } else {
        AuthError::Transport(e.without_url().to_string())
    }
}

/// The identity platform's answer, success or error.
#[derive(Deserialize)]
pub(crate) struct TokenResponse {
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_in: Option<Seconds>,
    pub scope: Option<String>,
    pub id_token: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    #[serde(default)]
    error_codes: Vec<u32>,
    correlation_id: Option<String>,
}

impl TokenResponse {
    /// A token endpoint's answer, or the error it says (typed where the platform names the
    /// problem); `status` is the HTTP status.
    pub(crate) fn read(status: u16, body: &[u8]) -> Result<TokenResponse, AuthError> {
        let parsed: TokenResponse = match serde_json::from_slice(body) {
            Ok(parsed) => parsed,
            Err(_) if !(200..300).contains(&status) => return Err(AuthError::Http { status }),
            Err(e) => return Err(AuthError::Malformed(crate::xml::json_error_text(&e))),
        };
        if let Some(error) = parsed.error {
            return Err(named_error(
                error,
                parsed.error_description,
                &parsed.error_codes,
                parsed.correlation_id,
            ));
        }
        if !(200..300).contains(&status) {
            return Err(AuthError::Http { status });
        }
        Ok(parsed)
    }
}

/// The typed error of an OAuth `error` answer (token endpoint, authorize redirect): a
/// [`SignInProblem`] where the platform's code or error names one.
pub(crate) fn named_error(
    error: String,
    description: Option<String>,
    codes: &[u32],
    correlation_id: Option<String>,
) -> AuthError {
    let code = codes
        .first()
        .copied()
        .or_else(|| description.as_deref().and_then(problems::aadsts_in));
    let problem = code
        .and_then(SignInProblem::from_aadsts)
        .or_else(|| SignInProblem::from_oauth_error(&error));
    match problem {
        Some(problem) => AuthError::SignIn {
            problem,
            code,
            description: description.as_deref().map(problems::first_line),
            correlation_id,
        },
        None if error == "invalid_grant" => AuthError::InvalidGrant { description },
        None => AuthError::OAuth { error, description },
    }
}

/// `expires_in`: a number from the v2 endpoint, a string from the v1 endpoint.
pub(crate) struct Seconds(pub u64);

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum NumberOrString {
            Number(u64),
            Text(String),
        }
        match NumberOrString::deserialize(d)? {
            NumberOrString::Number(n) => Ok(Seconds(n)),
            NumberOrString::Text(t) => t
                .trim()
                .parse()
                .map(Seconds)
                .map_err(serde::de::Error::custom),
        }
    }
}

/// Which Microsoft Advertising environment `url`'s host belongs to: `*.sandbox.bingads.microsoft.com`
/// is the sandbox, any other `*.bingads.microsoft.com` production; `None` for every other
/// host (the emulator, a proxy, Partner Center).
pub(crate) fn bingads_environment(url: &url::Url) -> Option<OAuthEnvironment> {
    let host = crate::http::normalized_host(url)?;
    if crate::http::host_within(&host, "sandbox.bingads.microsoft.com") {
        Some(OAuthEnvironment::Sandbox)
    } else if crate::http::host_within(&host, "bingads.microsoft.com") {
        Some(OAuthEnvironment::Production)
    } else {
        None
    }
}
