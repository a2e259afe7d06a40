//! The async client: one pooled reqwest client, token providers, retries, timeouts, tracing.
//!
//! Each service version gets a generated client (`bingads::v13::CustomerManagementClient`) with
//! one method per operation; every method is one call to [`SoapClient::call`], where the
//! policy lives.
//!
//! ```no_run
//! use std::time::Duration;
//! use bingads::client::{Environment, RetryConfig};
//! use bingads::v13::customer_management::GetUserRequest;
//! use bingads::v13::CustomerManagementClient;
//!
//! # async fn demo() -> Result<(), bingads::client::Error> {
//! let client = CustomerManagementClient::builder()
//!     .environment(Environment::Sandbox)
//!     .developer_token("BBD37VB98")
//!     .access_token("an OAuth access token")
//!     .retry(RetryConfig::standard().with_max_attempts(4))
//!     .connect_timeout(Duration::from_secs(5))
//!     .build()?;
//! let out = client.get_user(GetUserRequest { user_id: Some(123) }).await?;
//! println!("{:?} (TrackingId {:?}, HTTP {:?})", out.body.user, out.tracking_id, out.http_status);
//! # Ok(()) }
//! ```

pub(crate) mod http;
pub(crate) mod retry;

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Instant;

use tracing::Instrument;

use retry::{Decision, RetryClass};
pub use retry::{RetryConfig, TimeoutConfig};

use crate::auth::{AuthError, StaticToken, TokenProvider};
use crate::soap::{
    parse_response, write_envelope, DynRequest, EnvelopeOptions, RequestHeaders, Response, Secret,
    ServiceInfo, SoapError, SoapFault, SoapRequest,
};
use crate::xml::{Limits, XmlError};

/// Where requests go.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Environment {
    /// The endpoint in the WSDL (`https://clientcenter.api.bingads.microsoft.com/...`).
    #[default]
    Production,
    /// The same path on the sandbox host (`…api.sandbox.bingads.microsoft.com`).
    Sandbox,
    /// Any URL: the local emulator, a proxy, a test server.
    Custom(String),
}

impl Environment {
    /// The endpoint URL of `service` in this environment.
    pub fn endpoint(&self, service: &ServiceInfo) -> Option<String> {
        match self {
            Environment::Production => service.production_endpoint.map(str::to_string),
            Environment::Sandbox => service
                .production_endpoint
                .map(|e| e.replacen(".api.bingads.", ".api.sandbox.bingads.", 1)),
            Environment::Custom(url) => Some(url.clone()),
        }
    }
}

/// Anything that may carry the service's TrackingId: outputs and errors alike.
pub trait TrackingId {
    fn tracking_id(&self) -> Option<&str>;
}

impl<T> TrackingId for Response<T> {
    fn tracking_id(&self) -> Option<&str> {
        self.tracking_id.as_deref()
    }
}

impl<T, E: TrackingId> TrackingId for Result<T, E>
where
    T: TrackingId,
{
    fn tracking_id(&self) -> Option<&str> {
        match self {
            Ok(t) => t.tracking_id(),
            Err(e) => e.tracking_id(),
        }
    }
}

/// A failed call. Every variant that follows an answer from the server carries its TrackingId
/// when the server sent one. Nothing here ever contains a token or password.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be built (bad endpoint, TLS setup). Nothing was sent.
    Construction(String),
    /// No access token could be had. Nothing was sent.
    Auth(AuthError),
    /// No (complete) answer within a timeout. The request may have reached the service.
    Timeout { attempts: u32 },
    /// The request could not be delivered, or the connection failed while reading the answer
    /// (refused, reset, DNS, TLS).
    Dispatch { message: String, attempts: u32 },
    /// An HTTP error status without a SOAP fault (an HTML error page from a gateway, …).
    Http {
        status: u16,
        body_excerpt: String,
        attempts: u32,
    },
    /// The answer was larger than the configured limit; it was not read further.
    BodyTooLarge { limit: usize, status: u16 },
    /// The answer is not a readable SOAP response of this operation.
    Parse {
        status: u16,
        error: XmlError,
        tracking_id: Option<String>,
    },
    /// The service answered with a SOAP fault (its HTTP status is in `http_status`).
    Fault(Box<SoapFault>),
    /// [`crate::v13::CustomerManagementClient::delete_user_checked`]: the user changed between
    /// GetUser and DeleteUser (its TimeStamp no longer matches). Re-read and decide.
    StaleTimeStamp(Box<SoapFault>),
}

impl Error {
    pub fn fault(&self) -> Option<&SoapFault> {
        match self {
            Error::Fault(f) | Error::StaleTimeStamp(f) => Some(f),
            _ => None,
        }
    }

    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Credentials are missing, invalid or expired (token endpoint or service).
    pub fn is_auth(&self) -> bool {
        match self {
            Error::Auth(_) => true,
            _ => self.fault().is_some_and(SoapFault::is_auth),
        }
    }

    pub fn is_throttle(&self) -> bool {
        self.fault().is_some_and(SoapFault::is_throttle)
    }

    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Http { status, .. }
            | Error::BodyTooLarge { status, .. }
            | Error::Parse { status, .. } => Some(*status),
            Error::Fault(f) | Error::StaleTimeStamp(f) => f.http_status,
            _ => None,
        }
    }

    fn retry_class(&self) -> RetryClass {
        match self {
            Error::Timeout { .. } | Error::Dispatch { .. } => RetryClass::Backoff,
            Error::Http { status, .. } if *status >= 500 || *status == 408 || *status == 429 => {
                RetryClass::Backoff
            }
            // Only when nothing else in the fault forbids a retry.
            Error::Fault(f) if f.is_throttle() && f.is_retryable() => RetryClass::Throttle,
            Error::Fault(f) if f.is_retryable() => RetryClass::Backoff,
            _ => RetryClass::Never,
        }
    }

    fn set_attempts(&mut self, n: u32) {
        match self {
            Error::Timeout { attempts }
            | Error::Dispatch { attempts, .. }
            | Error::Http { attempts, .. } => *attempts = n,
            _ => {}
        }
    }
}

impl TrackingId for Error {
    fn tracking_id(&self) -> Option<&str> {
        match self {
            Error::Parse { tracking_id, .. } => tracking_id.as_deref(),
            Error::Fault(f) | Error::StaleTimeStamp(f) => f.tracking_id.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Construction(m) => write!(f, "cannot build the client: {m}"),
            Error::Auth(e) => write!(f, "authentication failed: {e}"),
            Error::Timeout { attempts } => write!(
                f,
                "the service did not answer in time ({attempts} attempt(s))"
            ),
            Error::Dispatch { message, attempts } => write!(
                f,
                "cannot reach the service ({attempts} attempt(s)): {message}"
            ),
            Error::Http {
                status,
                body_excerpt,
                attempts,
            } => {
                write!(
                    f,
                    "HTTP {status} without a SOAP fault ({attempts} attempt(s))"
                )?;
                if !body_excerpt.is_empty() {
                    write!(f, ": {body_excerpt}")?;
                }
                Ok(())
            }
            Error::BodyTooLarge { limit, status } => write!(
                f,
                "the answer (HTTP {status}) is larger than the limit of {limit} bytes"
            ),
            Error::Parse {
                status,
                error,
                tracking_id,
            } => {
                write!(f, "cannot read the answer (HTTP {status}): {error}")?;
                if let Some(id) = tracking_id {
                    write!(f, " (TrackingId {id})")?;
                }
                Ok(())
            }
            Error::Fault(fault) => fault.fmt(f),
            Error::StaleTimeStamp(fault) => write!(
                f,
                "the TimeStamp is stale (the user changed since it was read): {fault}"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Auth(e) => Some(e),
            Error::Parse { error, .. } => Some(error),
            Error::Fault(f) | Error::StaleTimeStamp(f) => Some(f.as_ref()),
            _ => None,
        }
    }
}

enum Credentials {
    None,
    Token(Arc<dyn TokenProvider>),
    Password { user_name: String, password: Secret },
}

struct Inner {
    http: reqwest::Client,
    endpoint: String,
    service: &'static ServiceInfo,
    credentials: Credentials,
    base_headers: RequestHeaders,
    retry: RetryConfig,
    limits: Limits,
    envelope: EnvelopeOptions,
}

/// The SOAP machinery shared by every generated client: cheap to clone, `Send + Sync`.
#[derive(Clone)]
pub struct SoapClient {
    inner: Arc<Inner>,
}

impl fmt::Debug for SoapClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SoapClient")
            .field("service", &self.inner.service.name)
            .field("version", &self.inner.service.version)
            .field("endpoint", &self.inner.endpoint)
            .field("headers", &self.inner.base_headers)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

impl SoapClient {
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// Sends one operation with the retry policy. The span `bingads.call` records operation,
    /// API version, attempt, TrackingId and duration.
    pub async fn call<R: SoapRequest + Sync>(
        &self,
        request: &R,
    ) -> Result<Response<R::Response>, Error> {
        self.call_operation(
            R::OPERATION,
            R::SOAP_ACTION,
            &|headers, options| write_envelope(request, headers, options),
            parse_response::<R::Response>,
        )
        .await
    }

    /// Sends an operation built from its JSON view (the CLI's `call`, tools); the body comes
    /// back as its JSON view. Same policy as [`SoapClient::call`].
    pub async fn call_json(
        &self,
        request: &DynRequest,
    ) -> Result<Response<serde_json::Value>, Error> {
        let op = request.operation;
        if !self
            .inner
            .service
            .operations
            .iter()
            .any(|o| std::ptr::eq(o, op))
        {
            return Err(Error::Construction(format!(
                "{} is not an operation of {} {}",
                op.name, self.inner.service.name, self.inner.service.version
            )));
        }
        self.call_operation(
            op.name,
            op.soap_action,
            &|headers, options| request.envelope(headers, options),
            |bytes, limits| {
                op.parse_to_json(bytes, limits).map(|parsed| Response {
                    body: parsed.body,
                    tracking_id: parsed.tracking_id,
                    http_status: None,
                })
            },
        )
        .await
    }

    async fn call_operation<T>(
        &self,
        operation: &'static str,
        soap_action: &'static str,
        write: &(dyn Fn(&RequestHeaders, &EnvelopeOptions) -> Vec<u8> + Sync),
        parse: impl Fn(&[u8], &Limits) -> Result<Response<T>, SoapError> + Copy,
    ) -> Result<Response<T>, Error> {
        let service = self.inner.service;
        let span = tracing::info_span!(
            "bingads.call",
            operation = operation,
            api_version = service.version,
            attempt = tracing::field::Empty,
            tracking_id = tracing::field::Empty,
            http_status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self
            .call_with_retries(soap_action, write, parse)
            .instrument(span.clone())
            .await;
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        if let Some(id) = result.tracking_id() {
            span.record("tracking_id", id);
        }
        match &result {
            Ok(out) => {
                if let Some(status) = out.http_status {
                    span.record("http_status", status);
                }
                span.in_scope(|| tracing::debug!("call succeeded"));
            }
            Err(e) => {
                if let Some(status) = e.http_status() {
                    span.record("http_status", status);
                }
                span.in_scope(|| tracing::warn!(error = %e, "call failed"));
            }
        }
        result
    }

    async fn call_with_retries<T>(
        &self,
        soap_action: &'static str,
        write: &(dyn Fn(&RequestHeaders, &EnvelopeOptions) -> Vec<u8> + Sync),
        parse: impl Fn(&[u8], &Limits) -> Result<Response<T>, SoapError> + Copy,
    ) -> Result<Response<T>, Error> {
        let last_token: std::sync::Mutex<Option<Secret>> = std::sync::Mutex::new(None);
        let mut refreshed = false;
        retry::run(
            &self.inner.retry,
            |attempt| {
                let last_token = &last_token;
                async move {
                    let (headers, token) = self.headers().await?;
                    *last_token.lock().unwrap_or_else(|e| e.into_inner()) = token;
                    let body = write(&headers, &self.inner.envelope);
                    drop(headers);
                    self.send_once(soap_action, body, parse)
                        .await
                        .map_err(|mut e| {
                            e.set_attempts(attempt);
                            e
                        })
                }
            },
            |error, _| {
                // Fault 109: the token expired early; refresh once and try again.
                if !refreshed && error.fault().is_some_and(|f| f.has_code(109)) {
                    let token = last_token.lock().unwrap_or_else(|e| e.into_inner()).take();
                    if let (Some(token), Credentials::Token(provider)) =
                        (token, &self.inner.credentials)
                    {
                        refreshed = true;
                        provider.invalidate(&token);
                        tracing::info!("authentication token expired (109); refreshing once");
                        return Decision::Again;
                    }
                }
                Decision::Retry(error.retry_class())
            },
        )
        .await
    }

    async fn headers(&self) -> Result<(RequestHeaders, Option<Secret>), Error> {
        let mut headers = self.inner.base_headers.clone();
        let token = match &self.inner.credentials {
            Credentials::None => None,
            Credentials::Token(provider) => {
                Some(provider.access_token().await.map_err(Error::Auth)?)
            }
            Credentials::Password {
                user_name,
                password,
            } => {
                headers.user_name = Some(user_name.clone());
                headers.password = Some(password.clone());
                None
            }
        };
        headers.authentication_token = token.clone();
        Ok((headers, token))
    }

    async fn send_once<T>(
        &self,
        soap_action: &str,
        body: Vec<u8>,
        parse: impl Fn(&[u8], &Limits) -> Result<Response<T>, SoapError>,
    ) -> Result<Response<T>, Error> {
        let response = self
            .inner
            .http
            .post(&self.inner.endpoint)
            .header(reqwest::header::CONTENT_TYPE, "text/xml; charset=utf-8")
            .header("SOAPAction", format!("\"{soap_action}\""))
            .body(body)
            .send()
            .await
            .map_err(dispatch_error)?;
        let status = response.status().as_u16();
        let limit = self.inner.limits.max_body_bytes;
        let bytes = http::read_limited(response, limit)
            .await
            .map_err(|e| match e {
                http::BodyError::TooLarge => Error::BodyTooLarge { limit, status },
                http::BodyError::Transport(e) => dispatch_error(e),
            })?;
        match parse(&bytes, &self.inner.limits) {
            Ok(mut out) if (200..300).contains(&status) => {
                out.http_status = Some(status);
                Ok(out)
            }
            Ok(_) => Err(Error::Http {
                status,
                body_excerpt: http::excerpt(&bytes),
                attempts: 1,
            }),
            Err(SoapError::Fault(mut fault)) => {
                fault.http_status = Some(status);
                Err(Error::Fault(fault))
            }
            Err(SoapError::Xml { error, tracking_id }) => {
                if (200..300).contains(&status) {
                    Err(Error::Parse {
                        status,
                        error,
                        tracking_id,
                    })
                } else {
                    Err(Error::Http {
                        status,
                        body_excerpt: http::excerpt(&bytes),
                        attempts: 1,
                    })
                }
            }
        }
    }
}

fn dispatch_error(e: reqwest::Error) -> Error {
    if e.is_timeout() {
        Error::Timeout { attempts: 1 }
    } else if e.is_builder() {
        // A request that cannot be built will not build on the next attempt either.
        Error::Construction(e.without_url().to_string())
    } else {
        // Without the URL: an endpoint may carry credentials in userinfo or query.
        let e = e.without_url();
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            message.push_str(": ");
            message.push_str(&s.to_string());
            source = s.source();
        }
        Error::Dispatch {
            message,
            attempts: 1,
        }
    }
}

/// Builds a generated client (`C`) for one service version.
pub struct ClientBuilder<C> {
    service: &'static ServiceInfo,
    environment: Environment,
    credentials: Option<Credentials>,
    headers: RequestHeaders,
    retry: RetryConfig,
    limits: Limits,
    envelope: EnvelopeOptions,
    http: http::HttpOptions,
    _client: PhantomData<fn() -> C>,
}

impl<C: From<SoapClient>> ClientBuilder<C> {
    /// Used by the generated `builder()` functions.
    pub fn new(service: &'static ServiceInfo) -> Self {
        ClientBuilder {
            service,
            environment: Environment::Production,
            credentials: None,
            headers: RequestHeaders::default(),
            retry: RetryConfig::standard(),
            limits: Limits::default(),
            envelope: EnvelopeOptions::default(),
            http: http::HttpOptions::default(),
            _client: PhantomData,
        }
    }

    /// Production (default), Sandbox, or a custom endpoint.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Shorthand for `environment(Environment::Custom(url))`.
    pub fn endpoint(self, url: impl Into<String>) -> Self {
        self.environment(Environment::Custom(url.into()))
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

    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Largest answer read (default 64 MiB); a larger one is [`Error::BodyTooLarge`].
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.limits.max_body_bytes = limit;
        self
    }

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

    pub fn build(self) -> Result<C, Error> {
        let endpoint = self.environment.endpoint(self.service).ok_or_else(|| {
            Error::Construction(format!(
                "{} has no endpoint for {:?}",
                self.service.name, self.environment
            ))
        })?;
        url::Url::parse(&endpoint)
            .map_err(|e| Error::Construction(format!("invalid endpoint URL: {e}")))?;
        let http = self.http.build().map_err(Error::Construction)?;
        Ok(C::from(SoapClient {
            inner: Arc::new(Inner {
                http,
                endpoint,
                service: self.service,
                credentials: self.credentials.unwrap_or(Credentials::None),
                base_headers: self.headers,
                retry: self.retry,
                limits: self.limits,
                envelope: self.envelope,
            }),
        }))
    }
}

/// Whether a fault says the TimeStamp sent with an update or delete is stale.
pub(crate) fn is_stale_timestamp(fault: &SoapFault) -> bool {
    use crate::soap::FaultDetail;
    fault.details.iter().any(|d| match d {
        FaultDetail::ApiFault {
            operation_errors, ..
        } => operation_errors
            .iter()
            .any(|e| e.code == Some(209) || e.details.as_deref() == Some("TimestampNotMatch")),
        FaultDetail::AdApiFaultDetail { errors, .. } => errors
            .iter()
            .any(|e| e.error_code.as_deref() == Some("TimestampNotMatch")),
        _ => false,
    })
}

/// `delete_user_checked` for a Customer Management client (both versions share the shapes).
macro_rules! customer_management_helpers {
    ($client:ident) => {
        impl $client {
            /// GetUser, then DeleteUser with the TimeStamp it returned. When the user changed in
            /// between, the result is [`crate::client::Error::StaleTimeStamp`]: re-read and decide.
            pub async fn delete_user_checked(
                &self,
                user_id: i64,
            ) -> Result<crate::soap::Response<DeleteUserResponse>, crate::client::Error> {
                let user = self
                    .get_user(GetUserRequest {
                        user_id: Some(user_id),
                        ..Default::default()
                    })
                    .await?;
                let time_stamp = user.body.user.and_then(|u| u.time_stamp);
                match self
                    .delete_user(DeleteUserRequest {
                        user_id: Some(user_id),
                        time_stamp,
                    })
                    .await
                {
                    Err(crate::client::Error::Fault(f))
                        if crate::client::is_stale_timestamp(&f) =>
                    {
                        Err(crate::client::Error::StaleTimeStamp(f))
                    }
                    other => other,
                }
            }
        }
    };
}
pub(crate) use customer_management_helpers;
