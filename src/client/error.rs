//! The error of a call: what happened, whether the request may have reached the service,
//! and the TrackingId when the server answered.

use super::retry::RetryClass;
use crate::auth::AuthError;
use crate::model::Fault;
use crate::model::TrackingId;
use crate::xml::XmlError;

/// A failed call. Every variant that follows an answer from the server carries its TrackingId
/// when the server sent one. Nothing here ever contains a token or password.
///
/// # Matching
///
/// Ask, rather than match variants: [`Error::is_auth`] (sign in again), [`Error::is_not_authorized`]
/// (signed in, but not allowed: 106), [`Error::is_not_found`] (210), [`Error::is_stale_timestamp`]
/// (209: the entity changed since it was read), [`Error::is_throttle`] (117), or compare
/// [`Error::codes`] with the named constants of [`crate::model::error_codes`].
///
/// # What `Display` prints
///
/// One line. For a fault (either wire form): `REST fault` or `SOAP fault`, its kind, then every
/// error as `code Name - message (details)`, separated by `; `, then in brackets the SOAP
/// faultcode and faultstring (SOAP only), `HTTP status` and `TrackingId …` (or `no TrackingId`).
/// A stale TimeStamp prefixes `the TimeStamp is stale …: ` to that. Other failures name what
/// happened, the attempts made, the HTTP status and the TrackingId when there was an answer.
/// So printing the error once is enough: the TrackingId is in it.
///
/// ```
/// use bingads::client::Error;
/// use bingads::model::error_codes;
/// use bingads::v13::customer_management::DeleteUserRequest;
/// use bingads::v13::CustomerManagementClient;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let emulator = bingads::emulator::Emulator::builder().start().await?;
/// let client = CustomerManagementClient::builder()
///     .environment(emulator.environment())
///     .developer_token("dev")
///     .access_token("token")
///     .build()?;
/// let old = Some(vec![0, 0, 0, 0, 0, 0, 0, 1].into());
/// let stale = DeleteUserRequest { user_id: Some(3002), time_stamp: old };
/// let e = client.delete_user(stale).await.unwrap_err();
/// assert!(e.is_stale_timestamp() && matches!(e, Error::StaleTimeStamp(_)));
/// assert_eq!(e.codes(), [error_codes::TIMESTAMP_NOT_MATCH]);
/// let shown = e.to_string();
/// // e.g. "the TimeStamp is stale (the entity changed since it was read): REST fault ApiFault:
/// // 209 TimestampNotMatch - The time stamp does not match. [HTTP 400, TrackingId …]"
/// assert!(shown.contains("209 TimestampNotMatch") && shown.contains("TrackingId"), "{shown}");
/// # Ok(()) }
/// ```
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
    /// The service answered with a SOAP or REST fault (its HTTP status is in `http_status`).
    #[error(transparent)]
    Fault(Box<Fault>),
    /// A fault saying the TimeStamp sent with an update or delete no longer matches (209
    /// TimestampNotMatch): the entity changed since it was read. Every call answers a stale
    /// TimeStamp with this variant, never with [`Error::Fault`]; re-read and decide.
    #[error("the TimeStamp is stale (the entity changed since it was read): {0}")]
    StaleTimeStamp(#[source] Box<Fault>),
    /// A page of a paged read came back with `PartialErrors` (errors about some of what was
    /// asked, next to the items that could be read). Only the `<op>_items` streams yield
    /// it, right after that page's items; the stream then goes on with the next page. The
    /// `<op>_pages` streams keep them on [`Page::partial_errors`](crate::client::paging::Page::partial_errors).
    #[error(
        "{operation} page {page}: {} partial error(s): {}{}",
        errors.len(),
        partial_errors_text(errors),
        tracking_suffix(tracking_id)
    )]
    PartialErrors {
        /// The operation, e.g. `GetLabelsByIds`.
        operation: &'static str,
        /// The zero-based `PageInfo.Index` of the page.
        page: i32,
        /// The page's `PartialErrors`.
        errors: Vec<crate::model::BatchError>,
        /// The TrackingId of the answer that carried the page.
        tracking_id: Option<String>,
    },
}

/// `1234 CampaignServiceX (Index 0); …` for the partial errors of a page.
fn partial_errors_text(errors: &[crate::model::BatchError]) -> String {
    let shown: Vec<String> = errors
        .iter()
        .map(|e| {
            let mut text = e.code.map(|c| c.to_string()).unwrap_or_else(|| "?".into());
            if let Some(symbol) = &e.error_code {
                text.push(' ');
                text.push_str(symbol);
            }
            if let Some(index) = e.index {
                text.push_str(&format!(" (Index {index})"));
            }
            text
        })
        .collect();
    shown.join("; ")
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

    /// The credentials are missing, invalid, expired or refused: no token could be had, a
    /// fault 105 InvalidCredentials / 109 AuthenticationTokenExpired (or another sign-in code),
    /// or an HTTP 401 without a fault. Signing in again may help. Not true for 106
    /// UserIsNotAuthorized, which the REST API also sends with HTTP 401: see
    /// [`Error::is_not_authorized`].
    pub fn is_auth(&self) -> bool {
        match self {
            Error::Auth(_) | Error::Http { status: 401, .. } => true,
            _ => self.fault().is_some_and(Fault::is_auth),
        }
    }

    /// Signed in, but the user may not do this (106 UserIsNotAuthorized, 1001): signing in
    /// again does not help; a role that allows it does.
    pub fn is_not_authorized(&self) -> bool {
        self.fault().is_some_and(Fault::is_not_authorized)
    }

    /// The entity asked for does not exist (210 EntityNotExistent).
    pub fn is_not_found(&self) -> bool {
        self.fault().is_some_and(Fault::is_not_found)
    }

    /// The TimeStamp sent no longer matches the entity's ([`Error::StaleTimeStamp`]).
    pub fn is_stale_timestamp(&self) -> bool {
        matches!(self, Error::StaleTimeStamp(_))
    }

    /// Every error code of the fault or of the page's partial errors, in order (empty for
    /// other failures); compare with
    /// [`crate::model::error_codes`].
    pub fn codes(&self) -> Vec<i32> {
        if let Error::PartialErrors { errors, .. } = self {
            return errors.iter().filter_map(|e| e.code).collect();
        }
        self.fault()
            .map(|f| f.error_codes().iter().map(|c| c.code()).collect())
            .unwrap_or_default()
    }

    /// Whether the fault (or the page's partial errors) carries `code`.
    pub fn has_code(&self, code: i32) -> bool {
        self.fault().is_some_and(|f| f.has_code(code)) || self.codes().contains(&code)
    }

    /// A fault the service answered with: [`Error::StaleTimeStamp`] when it says the TimeStamp
    /// is stale, else [`Error::Fault`]. One shape whichever operation answered.
    pub(crate) fn from_fault(fault: Box<Fault>) -> Error {
        if super::is_stale_timestamp(&fault) {
            Error::StaleTimeStamp(fault)
        } else {
            Error::Fault(fault)
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
            | Error::RouteNotFound { tracking_id, .. }
            | Error::PartialErrors { tracking_id, .. } => tracking_id.as_deref(),
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
