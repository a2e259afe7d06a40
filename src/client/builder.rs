//! The builder of the generated clients: environment, transport, credentials, policy.

use std::marker::PhantomData;
use std::sync::Arc;

use super::{Credentials, Environment, Error, Inner, RetryConfig, ServiceClient, Transport};
use crate::auth::{StaticToken, TokenProvider};
use crate::http;
use crate::model::{RequestHeaders, Secret, ServiceInfo};
use crate::soap::EnvelopeOptions;
use crate::xml::Limits;

/// Builds a generated client (`C`) for one service version.
pub struct ClientBuilder<C> {
    service: &'static ServiceInfo,
    environment: Environment,
    credentials: Option<Credentials>,
    headers: RequestHeaders,
    retry: RetryConfig,
    on_retry: Option<super::retry::RetryCallback>,
    limits: Limits,
    envelope: EnvelopeOptions,
    http: http::HttpOptions,
    transport: Option<Transport>,
    _client: PhantomData<fn() -> C>,
}

impl<C: From<ServiceClient>> ClientBuilder<C> {
    /// Used by the generated `builder()` functions.
    pub fn new(service: &'static ServiceInfo) -> Self {
        ClientBuilder {
            service,
            environment: Environment::Production,
            credentials: None,
            headers: RequestHeaders::default(),
            retry: RetryConfig::standard(),
            on_retry: None,
            limits: Limits::default(),
            envelope: EnvelopeOptions::default(),
            http: http::HttpOptions::default(),
            transport: None,
            _client: PhantomData,
        }
    }

    /// REST (the default where the version has a REST API: v13) or SOAP (v12, and v13 until
    /// Microsoft switches SOAP off). The [`Environment`] knows the URL of both, so switching
    /// is this one line.
    pub fn transport(mut self, transport: Transport) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Production (default), Sandbox, or a host standing in for Microsoft's
    /// ([`Environment::custom`], the emulator's `environment()`).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// One exact URL for this client, `environment(Environment::Endpoint(url))`: the SOAP
    /// endpoint for SOAP, the service root for REST. To name a host once for both wire forms,
    /// use [`ClientBuilder::environment`] with [`Environment::custom`].
    pub fn endpoint(self, url: impl Into<String>) -> Self {
        self.environment(Environment::Endpoint(url.into()))
    }

    /// The `DeveloperToken` header (required by the live service).
    pub fn developer_token(mut self, token: impl Into<Secret>) -> Self {
        self.headers.developer_token = Some(token.into());
        self
    }

    /// The optional `ApplicationToken` header.
    pub fn application_token(mut self, token: impl Into<Secret>) -> Self {
        self.headers.application_token = Some(token.into());
        self
    }

    /// `AuthenticationToken` from a provider (OAuth refresh, your own cache, …).
    pub fn token_provider(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.credentials = Some(Credentials::Token(provider));
        self
    }

    /// A fixed OAuth access token.
    pub fn access_token(self, token: impl Into<Secret>) -> Self {
        self.token_provider(Arc::new(StaticToken::new(token)))
    }

    /// The legacy `UserName` / `Password` headers (only the emulator and very old accounts
    /// accept them).
    pub fn password_credentials(
        mut self,
        user_name: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        self.credentials = Some(Credentials::Password {
            user_name: user_name.into(),
            password: password.into(),
        });
        self
    }

    /// `CustomerId` / `CustomerAccountId` headers, for the services that declare them.
    pub fn customer(
        mut self,
        customer_id: impl Into<Option<i64>>,
        account_id: impl Into<Option<i64>>,
    ) -> Self {
        self.headers.customer_id = customer_id.into().map(|id| id.to_string());
        self.headers.customer_account_id = account_id.into().map(|id| id.to_string());
        self
    }

    /// The retry policy (default [`RetryConfig::standard`]).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Called before each retry wait with the failed attempt, the wait and the error (its
    /// TrackingId, codes), so a long wait (60 s after fault 117) is visible:
    /// `.on_retry(|event| eprintln!("{event}"))` prints
    /// `throttled (117): waiting 60 s (attempt 1 failed, TrackingId …)`.
    pub fn on_retry(
        mut self,
        callback: impl Fn(&super::RetryEvent<'_>) + Send + Sync + 'static,
    ) -> Self {
        self.on_retry = Some(Arc::new(callback));
        self
    }

    /// Largest answer read (default 64 MiB); a larger one is [`Error::BodyTooLarge`].
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.limits.max_body_bytes = limit;
        self
    }

    /// Body size and nesting depth limits for reading answers (default 64 MiB, depth 64).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Sends the documentation templates' `<Action mustUnderstand="1">` header (off by default).
    pub fn with_action_header(mut self, on: bool) -> Self {
        self.envelope.with_action_header = on;
        self
    }

    http::http_option_setters!();

    /// The client; fails with [`Error::Construction`] when the transport, endpoint or HTTP
    /// client cannot be set up (no REST API, bad URL, plain http to Microsoft).
    pub fn build(self) -> Result<C, Error> {
        let has_rest = self.service.operations.iter().any(|op| op.rest.is_some());
        let transport = match self.transport {
            Some(Transport::Rest) if !has_rest => {
                return Err(Error::Construction(format!(
                    "{} {} has no REST API (Microsoft's REST API is v13 only); use Transport::Soap",
                    self.service.name, self.service.version
                )))
            }
            Some(transport) => transport,
            None if has_rest => Transport::Rest,
            None => Transport::Soap,
        };
        let endpoint = self
            .environment
            .url_for(self.service, transport)
            .ok_or_else(|| {
                Error::Construction(format!(
                    "{} has no endpoint for {:?}",
                    self.service.name, self.environment
                ))
            })?;
        let url = url::Url::parse(&endpoint)
            .map_err(|e| Error::Construction(format!("invalid endpoint URL: {e}")))?;
        // Plain HTTP would carry the tokens in clear text: only for loopback and other hosts
        // the caller names (a proxy, a test server), never for Microsoft's.
        if url.scheme() == "http"
            && http::normalized_host(&url).is_some_and(|h| http::host_within(&h, "microsoft.com"))
        {
            return Err(Error::Construction(format!(
                "{endpoint} is plain http: Microsoft's hosts take https only"
            )));
        }
        check_environment(&url, &self.headers, self.credentials.as_ref())?;
        let http = self.http.build_bounded().map_err(Error::Construction)?;
        Ok(C::from(ServiceClient {
            inner: Arc::new(Inner {
                http,
                transport,
                endpoint,
                service: self.service,
                credentials: self.credentials.unwrap_or(Credentials::None),
                base_headers: self.headers,
                retry: self.retry,
                on_retry: self.on_retry,
                limits: self.limits,
                envelope: self.envelope,
            }),
        }))
    }
}

/// The developer token Microsoft documents for the sandbox (every sandbox account uses it).
const SANDBOX_DEVELOPER_TOKEN: &str = "BBD37VB98";

/// Refuses, before anything is sent, credentials that belong to the other environment than
/// the endpoint's host: the sandbox developer token or a sandbox OAuth token against
/// production, a production token against the sandbox. Hosts that are not Microsoft's (the
/// emulator, a proxy) are not judged.
fn check_environment(
    url: &url::Url,
    headers: &crate::model::RequestHeaders,
    credentials: Option<&Credentials>,
) -> Result<(), Error> {
    use crate::auth::OAuthEnvironment;
    let Some(target) = crate::auth::bingads_environment(url) else {
        return Ok(());
    };
    let host = crate::http::normalized_host(url).unwrap_or_default();
    let developer_token = headers.developer_token.as_ref().map(|t| t.expose());
    if target == OAuthEnvironment::Production && developer_token == Some(SANDBOX_DEVELOPER_TOKEN) {
        return Err(Error::Construction(format!(
            "{SANDBOX_DEVELOPER_TOKEN} is the sandbox developer token, but {host} is production: \
             use your own developer token (Microsoft Advertising Developer Portal), or the \
             sandbox environment"
        )));
    }
    if let Some(Credentials::Token(provider)) = credentials {
        if let Some(tokens) = provider.environment().filter(|e| *e != target) {
            return Err(Error::Construction(format!(
                "the token provider signs in for {tokens:?}, but {host} is {target:?}: a token \
                 of one environment is refused by the other; sign in for {target:?} \
                 (bingads auth login --environment {}) or call {tokens:?}",
                format!("{target:?}").to_lowercase()
            )));
        }
    }
    Ok(())
}
