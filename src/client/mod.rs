//! The async client: one pooled reqwest client, token providers, retries, timeouts, tracing.
//!
//! Each service version gets a generated client (`bingads::v13::CustomerManagementClient`) with
//! one method per operation; every method is one call to [`ServiceClient::call`], where the
//! policy lives.
//!
//! ```
//! use std::time::Duration;
//! use bingads::client::{Environment, RetryConfig};
//! use bingads::v13::customer_management::GetUserRequest;
//! use bingads::v13::CustomerManagementClient;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), bingads::client::Error> {
//! # let emulator = bingads::emulator::Emulator::builder().start().await.unwrap();
//! # let environment: Environment = emulator.environment();
//! // Against Microsoft: Environment::Sandbox with the sandbox developer token BBD37VB98, or
//! // Environment::Production; `environment` here is the emulator's.
//! let client = CustomerManagementClient::builder()
//!     .environment(environment)
//!     .developer_token("BBD37VB98")
//!     .access_token("an OAuth access token")
//!     .retry(RetryConfig::standard().with_max_attempts(4))
//!     .connect_timeout(Duration::from_secs(5))
//!     .build()?;
//! let out = client.get_user(GetUserRequest { user_id: Some(3001) }).await?;
//! println!("{:?} (TrackingId {:?}, HTTP {:?})", out.body.user, out.tracking_id, out.http_status);
//! # Ok(()) }
//! ```

mod builder;
mod error;
pub mod paging;
pub(crate) mod retry;
/// Shown as `bingads::v13::customer_management::search`.
#[cfg(feature = "v13")]
#[doc(hidden)]
pub mod search;
/// Shown as `bingads::v13::customer_management::users`.
#[cfg(feature = "v13")]
#[doc(hidden)]
pub mod users;

/// The stream traits that consume [`paging`]'s streams (`try_next`, `try_collect`, …), so no
/// direct dependency on `futures-util` is needed.
pub use futures_util::stream::{Stream, StreamExt, TryStreamExt};

pub use builder::ClientBuilder;
use error::dispatch_error;
pub use error::Error;

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use tracing::Instrument;

pub use crate::http::TimeoutConfig;
pub use crate::model::{TrackingId, Transport};
use retry::{Decision, RetryClass};
pub use retry::{RetryConfig, RetryEvent};

use crate::auth::TokenProvider;
use crate::dynamic::DynRequest;
use crate::http;
use crate::model::{
    Fault, OperationRequest, RequestHeaders, Response, RestRoute, Secret, ServiceInfo,
};
use crate::soap::{parse_response, try_write_envelope, EnvelopeOptions, SoapError};
use crate::xml::Limits;

/// Where requests go: for every service, both its REST root and its SOAP endpoint, so the
/// transport is one builder line whichever environment is chosen.
///
/// ```
/// use bingads::client::Environment;
/// use bingads::v13::customer_management::SERVICE;
///
/// let local = Environment::custom("http://127.0.0.1:8080");
/// assert_eq!(local.rest_root(&SERVICE).unwrap(), "http://127.0.0.1:8080");
/// assert_eq!(
///     local.soap_endpoint(&SERVICE).unwrap(),
///     "http://127.0.0.1:8080/Api/CustomerManagement/v13/CustomerManagementService.svc"
/// );
/// assert_eq!(
///     Environment::Sandbox.rest_root(&SERVICE).unwrap(),
///     "https://clientcenter.api.sandbox.bingads.microsoft.com"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Environment {
    /// The endpoint in the WSDL (`https://clientcenter.api.bingads.microsoft.com/...`).
    #[default]
    Production,
    /// The same path on the sandbox host (`…api.sandbox.bingads.microsoft.com`).
    Sandbox,
    /// A host standing in for Microsoft's (the emulator, a proxy), given once: the REST root
    /// is the URL as given, each SOAP endpoint is the URL followed by the service's own path
    /// (`/Api/CustomerManagement/v13/CustomerManagementService.svc`). Build it with
    /// [`Environment::custom`]; the emulator hands one out (`emulator.environment()`).
    Custom(String),
    /// One URL used as given for whichever transport the client speaks: the SOAP endpoint
    /// for SOAP, the service root for REST (a test server answering one service). What
    /// [`ClientBuilder::endpoint`] sets.
    Endpoint(String),
}

impl Environment {
    /// A host that stands in for Microsoft's for every service and both wire forms
    /// (see [`Environment::Custom`]); a trailing `/` is dropped.
    pub fn custom(root: impl Into<String>) -> Self {
        Environment::Custom(root.into().trim_end_matches('/').to_string())
    }

    /// The SOAP endpoint URL of `service` in this environment.
    pub fn soap_endpoint(&self, service: &ServiceInfo) -> Option<String> {
        match self {
            Environment::Production => service.production_endpoint.map(str::to_string),
            Environment::Sandbox => service
                .production_endpoint
                .map(|e| e.replacen(".api.bingads.", ".api.sandbox.bingads.", 1)),
            Environment::Custom(root) => Some(format!(
                "{}{}",
                root.trim_end_matches('/'),
                service.soap_path()
            )),
            Environment::Endpoint(url) => Some(url.clone()),
        }
    }

    /// The REST root of `service` in this environment (`https://clientcenter.api.bingads.microsoft.com`;
    /// a custom URL is the root as given, without a trailing `/`).
    pub fn rest_root(&self, service: &ServiceInfo) -> Option<String> {
        match self {
            Environment::Production => crate::rest::production_root(service),
            Environment::Sandbox => crate::rest::production_root(service)
                .map(|e| e.replacen(".api.bingads.", ".api.sandbox.bingads.", 1)),
            Environment::Custom(url) | Environment::Endpoint(url) => {
                Some(url.trim_end_matches('/').to_string())
            }
        }
    }

    /// The URL a client of `service` speaking `transport` sends to.
    pub fn url_for(&self, service: &ServiceInfo, transport: Transport) -> Option<String> {
        match transport {
            Transport::Soap => self.soap_endpoint(service),
            Transport::Rest => self.rest_root(service),
        }
    }
}

enum Credentials {
    None,
    Token(Arc<dyn TokenProvider>),
    Password { user_name: String, password: Secret },
}

struct Inner {
    http: http::Http,
    transport: Transport,
    /// The SOAP endpoint, or the REST root.
    endpoint: String,
    service: &'static ServiceInfo,
    credentials: Credentials,
    base_headers: RequestHeaders,
    retry: RetryConfig,
    on_retry: Option<retry::RetryCallback>,
    limits: Limits,
    envelope: EnvelopeOptions,
}

/// The SOAP machinery shared by every generated client: cheap to clone, `Send + Sync`.
#[derive(Clone)]
pub struct ServiceClient {
    inner: Arc<Inner>,
}

impl fmt::Debug for ServiceClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceClient")
            .field("service", &self.inner.service.name)
            .field("version", &self.inner.service.version)
            .field("transport", &self.inner.transport)
            .field("endpoint", &self.inner.endpoint)
            .field("headers", &self.inner.base_headers)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

impl ServiceClient {
    /// The descriptor of the service and version this client calls.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    /// The SOAP endpoint, or for REST the service root the routes are appended to.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// The wire form this client speaks, REST or SOAP.
    pub fn transport(&self) -> Transport {
        self.inner.transport
    }

    /// Sends one operation with the retry policy over the client's transport. The span
    /// `bingads.call` records operation, API version, transport, attempt, TrackingId and
    /// duration.
    pub async fn call<R>(&self, request: &R) -> Result<Response<R::Response>, Error>
    where
        R: OperationRequest + serde::Serialize + Sync,
        R::Response: serde::de::DeserializeOwned,
    {
        let wire = match self.inner.transport {
            Transport::Soap => Wire::Soap {
                action: R::SOAP_ACTION,
                write: &|headers, options| try_write_envelope(request, headers, options),
                parse: &parse_response::<R::Response>,
            },
            Transport::Rest => Wire::Rest {
                route: self.rest_route(R::OPERATION, R::REST)?,
                body: serde_json::to_vec(request)
                    .map_err(|e| Error::Construction(format!("cannot write the request: {e}")))?,
                parse: &crate::rest::read_body::<R::Response>,
            },
        };
        self.call_operation(R::OPERATION, R::SAFE_TO_REPEAT, wire)
            .await
    }

    /// Sends an operation built from its JSON view (the CLI's `call`, tools); the body comes
    /// back as its JSON view. Same policy as [`ServiceClient::call`].
    pub async fn call_json(
        &self,
        request: &DynRequest,
    ) -> Result<Response<serde_json::Value>, Error> {
        let op = request.operation;
        if !std::ptr::eq(op.service(), self.inner.service) {
            return Err(Error::Construction(format!(
                "{} is not an operation of {} {}",
                op.name, self.inner.service.name, self.inner.service.version
            )));
        }
        let parse_soap = |bytes: &[u8], limits: &Limits| {
            op.parse_to_json(bytes, limits).map(|parsed| Response {
                body: parsed.body,
                tracking_id: parsed.tracking_id,
                http_status: None,
            })
        };
        let wire = match self.inner.transport {
            Transport::Soap => Wire::Soap {
                action: op.soap_action,
                write: &|headers, options| request.envelope(headers, options),
                parse: &parse_soap,
            },
            Transport::Rest => Wire::Rest {
                route: self.rest_route(op.name, op.rest)?,
                body: request.rest_body().to_vec(),
                parse: &|bytes| op.parse_rest_to_json(bytes),
            },
        };
        self.call_operation(op.name, op.safe_to_repeat, wire).await
    }

    fn rest_route(
        &self,
        operation: &'static str,
        route: Option<RestRoute>,
    ) -> Result<(&'static str, RestRoute), Error> {
        route.map(|r| (operation, r)).ok_or_else(|| {
            Error::Construction(format!(
                "{operation} of {} {} has no REST route; build the client with Transport::Soap",
                self.inner.service.name, self.inner.service.version
            ))
        })
    }

    async fn call_operation<T>(
        &self,
        operation: &'static str,
        safe_to_repeat: bool,
        wire: Wire<'_, T>,
    ) -> Result<Response<T>, Error> {
        let service = self.inner.service;
        let span = tracing::info_span!(
            "bingads.call",
            operation = operation,
            api_version = service.version,
            transport = ?self.inner.transport,
            attempt = tracing::field::Empty,
            tracking_id = tracing::field::Empty,
            http_status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self
            .call_with_retries(&wire, safe_to_repeat)
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
        wire: &Wire<'_, T>,
        safe_to_repeat: bool,
    ) -> Result<Response<T>, Error> {
        let last_token: std::sync::Mutex<Option<Secret>> = std::sync::Mutex::new(None);
        let mut refreshed = false;
        retry::run_observed(
            &self.inner.retry,
            |attempt| {
                let last_token = &last_token;
                async move {
                    let (headers, token) = self.headers().await?;
                    *last_token.lock().unwrap_or_else(|e| e.into_inner()) = token;
                    let sent = match wire {
                        Wire::Soap {
                            action,
                            write,
                            parse,
                        } => {
                            let body = write(&headers, &self.inner.envelope);
                            drop(headers);
                            match body.map(|b| (crate::xml::forbidden_char_in(&b), b)) {
                                // Nothing that cannot arrive as it is meant is sent.
                                Err(why) => Err(Error::Construction(format!(
                                    "{why}; nothing was sent"
                                ))),
                                Ok((Some((element, code)), _)) => Err(Error::Construction(format!(
                                    "{element} holds U+{code:04X}, a character XML 1.0 cannot carry; nothing was sent"
                                ))),
                                Ok((None, body)) => self.send_soap(action, body, *parse).await,
                            }
                        }
                        Wire::Rest { route, body, parse } => {
                            self.send_rest(*route, &headers, body.clone(), *parse).await
                        }
                    };
                    sent.map_err(|mut e| {
                        e.set_attempts(attempt);
                        e
                    })
                }
            },
            |error, _| {
                // Fault 109 (or a bare 401 from the REST API): the token expired early;
                // refresh once and try again.
                let expired = error.fault().is_some_and(|f| f.has_code(109))
                    || matches!(error, Error::Http { status: 401, .. });
                if !refreshed && expired {
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
                // A write is repeated only where the service provably did not act on it, or
                // where the caller accepts running it twice.
                if !safe_to_repeat
                    && !self.inner.retry.retry_writes()
                    && !error.provably_not_processed()
                {
                    if error.retry_class() != RetryClass::Never {
                        tracing::info!("not retrying a write that may have reached the service");
                    }
                    return Decision::Stop;
                }
                let class = error.retry_class();
                match *error {
                    // The server said when; still bounded by the attempts and the budget.
                    Error::Http {
                        retry_after: Some(wait),
                        ..
                    } if class != RetryClass::Never => Decision::RetryAfter(wait),
                    _ => Decision::Retry(class),
                }
            },
            |error, attempt, wait| {
                if let Some(on_retry) = &self.inner.on_retry {
                    on_retry(&retry::RetryEvent {
                        attempt,
                        wait,
                        error,
                    });
                }
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

    /// Reads the answer up to the body limit: status, TrackingId and Retry-After headers, bytes.
    async fn read_answer(&self, response: reqwest::Response) -> Result<Answer, Error> {
        let status = response.status().as_u16();
        let tracking_id = http::header_text(&response, crate::rest::TRACKING_ID_HEADER);
        let retry_after = http::retry_after(&response);
        if (300..400).contains(&status) {
            return Err(Error::Http {
                status,
                body_excerpt: format!(
                    "a redirect to {} was not followed: credentials go only to the endpoint you named",
                    http::redirect_host(&response)
                ),
                attempts: 1,
                tracking_id,
                retry_after: None,
            });
        }
        let limit = self.inner.limits.max_body_bytes;
        let bytes = http::read_limited(response, limit)
            .await
            .map_err(|e| match e {
                http::BodyError::TooLarge => Error::BodyTooLarge { limit, status },
                http::BodyError::Transport(e) => dispatch_error(e),
            })?;
        Ok(Answer {
            status,
            tracking_id,
            retry_after,
            bytes,
        })
    }

    async fn send_soap<T>(
        &self,
        soap_action: &str,
        body: Vec<u8>,
        parse: &SoapParser<'_, T>,
    ) -> Result<Response<T>, Error> {
        let slot = self.inner.http.slot().await;
        let response = self
            .inner
            .http
            .client
            .post(&self.inner.endpoint)
            .header(reqwest::header::CONTENT_TYPE, "text/xml; charset=utf-8")
            .header("SOAPAction", format!("\"{soap_action}\""))
            .body(body)
            .send()
            .await
            .map_err(dispatch_error)?;
        let Answer {
            status,
            tracking_id: header_tracking_id,
            retry_after,
            bytes,
        } = self.read_answer(response).await?;
        drop(slot);
        let http_error = |tracking_id: Option<String>| Error::Http {
            status,
            body_excerpt: http::excerpt(&bytes),
            attempts: 1,
            tracking_id: tracking_id.or(header_tracking_id.clone()),
            retry_after,
        };
        match parse(&bytes, &self.inner.limits) {
            Ok(mut out) if (200..300).contains(&status) => {
                out.http_status = Some(status);
                Ok(out)
            }
            Ok(out) => Err(http_error(out.tracking_id)),
            Err(SoapError::Fault(mut fault)) => {
                fault.http_status = Some(status);
                Err(Error::from_fault(fault))
            }
            Err(SoapError::Xml { error, tracking_id }) => {
                if (200..300).contains(&status) {
                    Err(Error::Parse {
                        status,
                        error,
                        tracking_id,
                    })
                } else {
                    Err(http_error(tracking_id))
                }
            }
        }
    }

    async fn send_rest<T>(
        &self,
        (operation, route): (&'static str, RestRoute),
        headers: &RequestHeaders,
        body: Vec<u8>,
        parse: &(dyn Fn(&[u8]) -> Result<T, serde_json::Error> + Sync),
    ) -> Result<Response<T>, Error> {
        let method = reqwest::Method::from_bytes(route.method.as_bytes())
            .map_err(|_| Error::Construction(format!("invalid HTTP method {}", route.method)))?;
        let url = format!("{}{}", self.inner.endpoint, route.path);
        let slot = self.inner.http.slot().await;
        let mut request = self
            .inner
            .http
            .client
            .request(method, url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(reqwest::header::ACCEPT, "application/json");
        for (name, value, secret) in rest_headers(headers) {
            let mut value = reqwest::header::HeaderValue::from_str(&value).map_err(|_| {
                Error::Construction(format!("the {name} header value is not valid header text"))
            })?;
            value.set_sensitive(secret);
            request = request.header(name, value);
        }
        let response = request.body(body).send().await.map_err(dispatch_error)?;
        let Answer {
            status,
            tracking_id,
            retry_after,
            bytes,
        } = self.read_answer(response).await?;
        drop(slot);
        if (200..300).contains(&status) {
            return match parse(&bytes) {
                Ok(body) => Ok(Response {
                    body,
                    tracking_id,
                    http_status: Some(status),
                }),
                Err(error) => Err(Error::JsonParse {
                    status,
                    error,
                    tracking_id,
                }),
            };
        }
        if let Some(mut fault) = crate::rest::parse_fault(&bytes, tracking_id.as_deref()) {
            fault.http_status = Some(status);
            return Err(Error::from_fault(Box::new(fault)));
        }
        if status == 404 || status == 501 {
            return Err(Error::RouteNotFound {
                status,
                operation,
                method: route.method,
                path: route.path,
                tracking_id,
            });
        }
        Err(Error::Http {
            status,
            body_excerpt: http::excerpt(&bytes),
            attempts: 1,
            tracking_id,
            retry_after,
        })
    }
}

/// An answer read under the body limit.
struct Answer {
    status: u16,
    tracking_id: Option<String>,
    retry_after: Option<std::time::Duration>,
    bytes: Vec<u8>,
}

/// Writes a request envelope with these headers, or says why it cannot be sent.
type SoapWriter<'a> =
    dyn Fn(&RequestHeaders, &EnvelopeOptions) -> Result<Vec<u8>, String> + Sync + 'a;

/// Reads a SOAP answer into the response or its fault.
type SoapParser<'a, T> = dyn Fn(&[u8], &Limits) -> Result<Response<T>, SoapError> + Sync + 'a;

/// How one operation goes on the wire, chosen once per call.
enum Wire<'a, T> {
    Soap {
        action: &'static str,
        write: &'a SoapWriter<'a>,
        parse: &'a SoapParser<'a, T>,
    },
    Rest {
        route: (&'static str, RestRoute),
        body: Vec<u8>,
        parse: &'a (dyn Fn(&[u8]) -> Result<T, serde_json::Error> + Sync),
    },
}

/// The REST request headers: credentials and ids only when set (never empty), secrets marked
/// sensitive so no log of the HTTP layer shows them.
fn rest_headers(headers: &RequestHeaders) -> Vec<(&'static str, String, bool)> {
    let mut out = Vec::new();
    let set = |v: Option<&str>| v.filter(|v| !v.is_empty()).map(str::to_string);
    if let Some(token) = set(headers.authentication_token.as_ref().map(Secret::expose)) {
        out.push(("Authorization", format!("Bearer {token}"), true));
    }
    if let Some(v) = set(headers.developer_token.as_ref().map(Secret::expose)) {
        out.push(("DeveloperToken", v, true));
    }
    if let Some(v) = set(headers.user_name.as_deref()) {
        out.push(("UserName", v, false));
    }
    if let Some(v) = set(headers.password.as_ref().map(Secret::expose)) {
        out.push(("Password", v, true));
    }
    for (name, value) in [
        ("CustomerId", headers.customer_id.as_deref()),
        ("CustomerAccountId", headers.customer_account_id.as_deref()),
    ] {
        if let Some(v) = set(value).filter(|v| !crate::rest::unset_header_value(v)) {
            out.push((name, v, false));
        }
    }
    out
}

/// Whether a fault says the TimeStamp sent with an update or delete is stale.
pub(crate) fn is_stale_timestamp(fault: &Fault) -> bool {
    use crate::model::FaultDetail;
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
            /// A stale TimeStamp is checked by reading the user again first: a user that is
            /// already deleted (a repeated DeleteUser whose first answer was lost) is a success.
            pub async fn delete_user_checked(
                &self,
                user_id: i64,
            ) -> Result<crate::model::Response<DeleteUserResponse>, crate::client::Error> {
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
                    Err(crate::client::Error::StaleTimeStamp(f)) => {
                        let again = self
                            .get_user(GetUserRequest {
                                user_id: Some(user_id),
                                ..Default::default()
                            })
                            .await;
                        let deleted = again.as_ref().ok().and_then(|r| r.body.user.as_ref()).is_some_and(
                            |u| {
                                u.user_life_cycle_status
                                    .as_ref()
                                    .is_some_and(|s| crate::xml::XmlEnum::as_wire(s) == "Deleted")
                            },
                        );
                        match again {
                            Ok(read) if deleted => {
                                tracing::info!(
                                    user_id,
                                    "DeleteUser met a new TimeStamp, but the user is deleted: success"
                                );
                                Ok(crate::model::Response {
                                    body: DeleteUserResponse::default(),
                                    tracking_id: read.tracking_id,
                                    http_status: read.http_status,
                                })
                            }
                            _ => Err(crate::client::Error::StaleTimeStamp(f)),
                        }
                    }
                    other => other,
                }
            }
        }
    };
}
pub(crate) use customer_management_helpers;

#[cfg(test)]
mod tests {
    use super::is_stale_timestamp;
    use crate::model::{AdApiError, Fault, FaultDetail, OperationError};

    fn api_fault(code: i32, details: Option<&str>) -> Fault {
        Fault {
            details: vec![FaultDetail::ApiFault {
                tracking_id: None,
                operation_errors: vec![OperationError {
                    code: Some(code),
                    details: details.map(Into::into),
                    message: None,
                }],
            }],
            ..Default::default()
        }
    }

    fn ad_api_fault(error_code: &str) -> Fault {
        Fault {
            details: vec![FaultDetail::AdApiFaultDetail {
                tracking_id: None,
                errors: vec![AdApiError {
                    code: Some(0),
                    error_code: Some(error_code.into()),
                    ..Default::default()
                }],
            }],
            ..Default::default()
        }
    }

    /// The service says "stale TimeStamp" as code 209, or as `TimestampNotMatch` in an
    /// operation error's Details or an AdApiError's ErrorCode; nothing else is stale.
    #[test]
    fn a_stale_timestamp_is_told_by_code_or_by_name() {
        assert!(is_stale_timestamp(&api_fault(209, None)));
        assert!(is_stale_timestamp(&api_fault(0, Some("TimestampNotMatch"))));
        assert!(is_stale_timestamp(&ad_api_fault("TimestampNotMatch")));
        assert!(!is_stale_timestamp(&api_fault(210, None)));
        assert!(!is_stale_timestamp(&api_fault(210, Some("UserNotFound"))));
        assert!(!is_stale_timestamp(&ad_api_fault("CallRateExceeded")));
        assert!(!is_stale_timestamp(&Fault::default()));
    }
}
