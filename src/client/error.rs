//! The error of a call: what happened, whether the request may have reached the service,
//! and the TrackingId when the server answered.

use super::retry::RetryClass;
use crate::auth::AuthError;
use crate::model::Fault;
use crate::model::TrackingId;
use crate::xml::XmlError;

/// A failed call. Every variant that follows an answer from the server carries its TrackingId
/// when the server sent one. Nothing here ever contains a token or password.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be built (bad endpoint, TLS setup). Nothing was sent.
    #[error("cannot build the client: {0}")]
    Construction(String),
    /// No access token could be had. Nothing was sent.
    #[error("authentication failed: {0}")]
    Auth(#[source] AuthError),
    /// No (complete) answer within a timeout. Unless `request_sent` is false (the connection
    /// was never made), the request may have reached the service.
    #[error("the service did not answer in time ({attempts} attempt(s))")]
    Timeout {
        /// Attempts made, the first included.
        attempts: u32,
        /// Whether the request went out (false: the connection was never made).
        request_sent: bool,
    },
    /// The request could not be delivered (refused, DNS, TLS: `request_sent` false), or the
    /// connection failed after it was sent (a reset: the request may have reached the service).
    #[error("cannot reach the service ({attempts} attempt(s)): {message}")]
    Dispatch {
        /// What went wrong, with its chain of causes (never the URL).
        message: String,
        /// Attempts made, the first included.
        attempts: u32,
        /// Whether the request went out before the connection failed.
        request_sent: bool,
    },
    /// An HTTP error status without a SOAP or REST fault (an HTML error page from a gateway, …).
    #[error(
        "HTTP {status} without a fault ({attempts} attempt(s)){}{}",
        tracking_suffix(tracking_id),
        excerpt_suffix(body_excerpt)
    )]
    Http {
        /// The HTTP status of the answer.
        status: u16,
        /// The start of the body as one line (at most 200 bytes), or why a redirect was not
        /// followed.
        body_excerpt: String,
        /// Attempts made, the first included.
        attempts: u32,
        /// The `TrackingId` response header, when the server sent one.
        tracking_id: Option<String>,
        /// `Retry-After` in seconds (a 429 or 503 may say when to come back); the retry loop
        /// waits at least that long.
        retry_after: Option<std::time::Duration>,
    },
    /// The REST API has no such route (HTTP 404 or 501): the operation and what was asked.
    #[error(
        "the REST API answered HTTP {status} for {operation} ({method} {path}): no such route at this endpoint{}",
        tracking_suffix(tracking_id)
    )]
    RouteNotFound {
        /// The HTTP status of the answer (404 or 501).
        status: u16,
        /// The operation called, e.g. `GetUser`.
        operation: &'static str,
        /// The HTTP method of the route, e.g. `POST`.
        method: &'static str,
        /// The route's path under the service root, e.g. `/CustomerManagement/v13/User/Query`.
        path: &'static str,
        /// The TrackingId of the answer, when the server sent one.
        tracking_id: Option<String>,
    },
    /// A REST answer (2xx) whose JSON is not this operation's response.
    #[error(
        "cannot read the REST answer (HTTP {status}): {}{}",
        crate::xml::json_error_text(error),
        tracking_suffix(tracking_id)
    )]
    JsonParse {
        /// The HTTP status of the answer.
        status: u16,
        /// Why the JSON did not read as the response type.
        #[source]
        error: serde_json::Error,
        /// The TrackingId of the answer, when the server sent one.
        tracking_id: Option<String>,
    },
    /// The answer was larger than the configured limit; it was not read further.
    #[error("the answer (HTTP {status}) is larger than the limit of {limit} bytes")]
    BodyTooLarge {
        /// The configured limit, in bytes.
        limit: usize,
        /// The HTTP status of the answer.
        status: u16,
    },
    /// The answer is not a readable SOAP response of this operation.
    #[error(
        "cannot read the answer (HTTP {status}): {error}{}",
        tracking_suffix(tracking_id)
    )]
    Parse {
        /// The HTTP status of the answer.
        status: u16,
        /// What could not be read, and where in the body.
        #[source]
        error: XmlError,
        /// The TrackingId of the answer, when one was found.
        tracking_id: Option<String>,
    },
    /// The service answered with a SOAP fault (its HTTP status is in `http_status`).
    #[error(transparent)]
    Fault(Box<Fault>),
    /// [`crate::v13::CustomerManagementClient::delete_user_checked`]: the user changed between
    /// GetUser and DeleteUser (its TimeStamp no longer matches). Re-read and decide.
    #[error("the TimeStamp is stale (the user changed since it was read): {0}")]
    StaleTimeStamp(#[source] Box<Fault>),
}

impl Error {
    /// The SOAP or REST fault, for `Fault` and `StaleTimeStamp`.
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            Error::Fault(f) | Error::StaleTimeStamp(f) => Some(f),
            _ => None,
        }
    }

    /// No (complete) answer came within a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Credentials are missing, invalid or expired (token endpoint or service).
    pub fn is_auth(&self) -> bool {
        match self {
            Error::Auth(_) => true,
            _ => self.fault().is_some_and(Fault::is_auth),
        }
    }

    /// A fault for the call rate (117 CallRateExceeded or another throttling code).
    pub fn is_throttle(&self) -> bool {
        self.fault().is_some_and(Fault::is_throttle)
    }

    /// The HTTP status of the answer, when one came back.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Http { status, .. }
            | Error::RouteNotFound { status, .. }
            | Error::JsonParse { status, .. }
            | Error::BodyTooLarge { status, .. }
            | Error::Parse { status, .. } => Some(*status),
            Error::Fault(f) | Error::StaleTimeStamp(f) => f.http_status,
            _ => None,
        }
    }

    /// The service may have executed the request although the call failed: the answer was
    /// lost (a timeout or a reset after sending), unreadable, or an HTTP 5xx. For a write,
    /// reconcile (read the entity back) before trying again; the client never repeats a write
    /// after such a failure unless [`crate::client::RetryConfig::with_retry_writes`] says so.
    pub fn is_maybe_applied(&self) -> bool {
        match self {
            Error::Timeout { request_sent, .. } | Error::Dispatch { request_sent, .. } => {
                *request_sent
            }
            Error::Http { status, .. } => *status >= 500,
            Error::BodyTooLarge { status, .. }
            | Error::Parse { status, .. }
            | Error::JsonParse { status, .. } => (200..300).contains(status) || *status >= 500,
            Error::Fault(f) => {
                f.http_status.is_some_and(|s| s >= 500) && !f.is_throttle() && f.is_retryable()
            }
            _ => false,
        }
    }

    /// The service provably did not act on the request: it was never delivered, or the service
    /// refused it for the call rate (429, fault 117). Such a failure is retried for writes too.
    pub(super) fn provably_not_processed(&self) -> bool {
        match self {
            Error::Timeout { request_sent, .. } | Error::Dispatch { request_sent, .. } => {
                !*request_sent
            }
            Error::Http { status: 429, .. } => true,
            Error::Fault(f) => f.is_throttle(),
            _ => false,
        }
    }

    pub(super) fn retry_class(&self) -> RetryClass {
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

    pub(super) fn set_attempts(&mut self, n: u32) {
        match self {
            Error::Timeout { attempts, .. }
            | Error::Dispatch { attempts, .. }
            | Error::Http { attempts, .. } => *attempts = n,
            _ => {}
        }
    }
}

impl TrackingId for Error {
    fn tracking_id(&self) -> Option<&str> {
        match self {
            Error::Parse { tracking_id, .. }
            | Error::JsonParse { tracking_id, .. }
            | Error::Http { tracking_id, .. }
            | Error::RouteNotFound { tracking_id, .. } => tracking_id.as_deref(),
            Error::Fault(f) | Error::StaleTimeStamp(f) => f.tracking_id.as_deref(),
            _ => None,
        }
    }
}

/// ` (TrackingId …)` when there is one.
fn tracking_suffix(tracking_id: &Option<String>) -> String {
    tracking_id
        .as_deref()
        .map(|id| format!(" (TrackingId {id})"))
        .unwrap_or_default()
}

/// `: <the body's start>` when there is one.
fn excerpt_suffix(excerpt: &str) -> String {
    if excerpt.is_empty() {
        String::new()
    } else {
        format!(": {excerpt}")
    }
}

pub(crate) fn dispatch_error(e: reqwest::Error) -> Error {
    // A connect error (refused, DNS, TLS handshake, connect timeout) means nothing was sent.
    let request_sent = !e.is_connect();
    if e.is_timeout() {
        Error::Timeout {
            attempts: 1,
            request_sent,
        }
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
            request_sent,
        }
    }
}
