//! [`PartnerCenterClientBuilder`]: where the client goes, with which tokens, and how it
//! retries, pages and reads.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::client::{Inner, PartnerCenterClient};
use super::error::{ErrorKind, PartnerCenterError};
use crate::auth::{StaticToken, TokenProvider};
use crate::client::RetryConfig;
use crate::http;
use crate::model::Secret;

/// The production host root; the client adds `/v1/...`.
pub const DEFAULT_BASE_URL: &str = "https://api.partnercenter.microsoft.com";

/// Builder for [`PartnerCenterClient`].
pub struct PartnerCenterClientBuilder {
    base_url: String,
    tokens: Option<Arc<dyn TokenProvider>>,
    locale: String,
    retry: RetryConfig,
    page_size: u32,
    max_body_bytes: usize,
    already_deleted_ok: bool,
    already_active_ok: bool,
    http: http::HttpOptions,
}

impl Default for PartnerCenterClientBuilder {
    fn default() -> Self {
        PartnerCenterClientBuilder {
            base_url: DEFAULT_BASE_URL.into(),
            tokens: None,
            locale: "en-US".into(),
            retry: RetryConfig::standard().with_throttle_wait(Duration::from_secs(1)),
            page_size: 100,
            max_body_bytes: 32 * 1024 * 1024,
            already_deleted_ok: false,
            already_active_ok: false,
            http: http::HttpOptions::default(),
        }
    }
}

/// `https`, or plain `http` to this machine only (the emulator, a test server): the bearer
/// token never crosses a network in clear text.
fn https_or_loopback(url: &url::Url) -> bool {
    match (url.scheme(), url.host()) {
        ("https", _) => true,
        ("http", Some(url::Host::Ipv4(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Ipv6(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Domain(d))) => d.eq_ignore_ascii_case("localhost"),
        _ => false,
    }
}

impl PartnerCenterClient {
    /// Starts configuring a client: production base URL, `en-US`, 100 users per page.
    pub fn builder() -> PartnerCenterClientBuilder {
        PartnerCenterClientBuilder::default()
    }
}

impl PartnerCenterClientBuilder {
    /// The host root (default `https://api.partnercenter.microsoft.com`); `/v1/…` is added.
    /// Must be `https`, or `http` on loopback (127.0.0.1, ::1, localhost).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Bearer tokens (App+User), e.g. [`crate::auth::OAuthRefreshToken`] built with
    /// `.partner_center()` (v2) or `.resource("https://api.partnercenter.microsoft.com")` (v1).
    pub fn token_provider(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.tokens = Some(provider);
        self
    }

    /// A fixed bearer token (never refreshed).
    pub fn access_token(self, token: impl Into<Secret>) -> Self {
        self.token_provider(Arc::new(StaticToken::new(token)))
    }

    /// `X-Locale` (default `en-US`).
    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = locale.into();
        self
    }

    /// Retries for 408, 429 (honouring `Retry-After`), 5xx and transport errors; never for
    /// 400, 401, 403, 404, 409.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Users per page when listing (default 100).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = size.max(1);
        self
    }

    /// Largest answer read (default 32 MiB); a larger one is `BodyTooLarge`.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// Deleting a user that is already deleted (404) returns [`super::DeleteOutcome::AlreadyDeleted`],
    /// once the client has read the customer (a mistyped customer is an error, never success).
    pub fn treat_already_deleted_as_success(mut self, on: bool) -> Self {
        self.already_deleted_ok = on;
        self
    }

    /// Restoring a user that is active returns [`super::RestoreOutcome::AlreadyActive`].
    pub fn treat_already_active_as_success(mut self, on: bool) -> Self {
        self.already_active_ok = on;
        self
    }

    http::http_option_setters!();

    /// The client; fails with `Construction` for a bad or plain-http (not loopback) base URL,
    /// no token provider or an HTTP client that cannot be set up.
    pub fn build(self) -> Result<PartnerCenterClient, PartnerCenterError> {
        let construction = |m: String| PartnerCenterError::from(ErrorKind::Construction(m));
        let base = self
            .base_url
            .trim_end_matches('/')
            .trim_end_matches("/v1")
            .to_string();
        let parsed = url::Url::parse(&base)
            .map_err(|e| construction(format!("invalid base URL {base:?}: {e}")))?;
        if !https_or_loopback(&parsed) {
            return Err(construction(format!(
                "base URL {base} must be https (plain http only to 127.0.0.1, ::1 or localhost): the bearer token would travel in clear text"
            )));
        }
        let tokens = self.tokens.ok_or_else(|| {
            construction("no token provider (access_token or token_provider)".into())
        })?;
        let http = self.http.build_bounded().map_err(construction)?;
        Ok(PartnerCenterClient {
            inner: Arc::new(Inner {
                http,
                origin: parsed.origin(),
                base,
                tokens,
                locale: self.locale,
                retry: self.retry,
                page_size: self.page_size,
                max_body_bytes: self.max_body_bytes,
                already_deleted_ok: self.already_deleted_ok,
                already_active_ok: self.already_active_ok,
                customers_read: Mutex::new(Default::default()),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_on_loopback() {
        let build = |url: &str| {
            PartnerCenterClient::builder()
                .base_url(url)
                .access_token("t")
                .build()
        };
        for ok in [
            "https://api.partnercenter.microsoft.com",
            "http://127.0.0.1:8080",
            "http://[::1]:8080/v1",
            "http://localhost:1",
        ] {
            assert!(build(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://api.partnercenter.microsoft.com",
            "http://10.0.0.1",
            "http://localhost.evil.example",
            "ftp://127.0.0.1",
        ] {
            let e = build(bad).unwrap_err();
            assert!(matches!(e.kind(), ErrorKind::Construction(_)), "{bad}");
        }
    }
}
