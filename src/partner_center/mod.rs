//! Partner Center REST: the customer-user lifecycle. A deleted user is inactive for 30 days,
//! then purged; within those 30 days it can be listed and restored.
//!
//! The token provider and the retry loop are the ones the Customer Management client uses.
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use bingads::partner_center::PartnerCenterClient;
//!
//! # async fn demo() -> Result<(), bingads::partner_center::PartnerCenterError> {
//! let pc = PartnerCenterClient::builder().access_token("…").build()?;
//! let customer = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
//! let mut deleted = std::pin::pin!(pc.deleted_users(customer));
//! while let Some(user) = deleted.try_next().await? {
//!     println!("{:?} is purged at {:?}", user.user_principal_name, user.purge_at_text());
//! }
//! # Ok(()) }
//! ```

// Errors carry the request ids and the service's error body by design; they are the cold
// path, so their size does not matter next to a network round trip.
#![allow(clippy::result_large_err)]

mod types;

use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures_util::Stream;
use serde_json::{json, Value};
use tracing::Instrument;

pub use types::{
    format_rfc3339, parse_rfc3339, CustomerUser, Link, LinkHeader, Page, SOFT_DELETE_RETENTION,
};
use types::{ErrorBody, RawPage};

use crate::auth::{AuthError, StaticToken, TokenProvider};
use crate::client::retry::{self, Decision, RetryClass};
use crate::client::RetryConfig;
use crate::http;
use crate::model::Secret;

/// The production host root; the client adds `/v1/...`.
pub const DEFAULT_BASE_URL: &str = "https://api.partnercenter.microsoft.com";

/// `MS-RequestId`, `MS-CorrelationId` and `MS-CV` of a call. On success and on error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestIds {
    /// The response's `MS-RequestId`, or the one we sent when the service sent none.
    pub request_id: String,
    /// The response's `MS-CorrelationId`, or the one we sent when the service sent none.
    pub correlation_id: String,
    /// The response's `MS-CV` (correlation vector), when it sent one.
    pub cv: Option<String>,
}

/// A result with the ids of the call that produced it.
#[derive(Clone, Debug, PartialEq)]
pub struct PcResponse<T> {
    /// The decoded result.
    pub body: T,
    /// The ids of the call.
    pub ids: RequestIds,
}

/// What `delete_user` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeleteOutcome {
    /// The user was soft-deleted.
    Deleted,
    /// The user was already deleted (only with `treat_already_deleted_as_success`).
    AlreadyDeleted,
}

/// What `restore_user` did.
#[derive(Clone, Debug, PartialEq)]
pub enum RestoreOutcome {
    /// The user was restored; the user as the service returned it.
    Restored(CustomerUser),
    /// The user was already active (only with `treat_already_active_as_success`).
    AlreadyActive(CustomerUser),
}

impl RestoreOutcome {
    /// The user, whichever the outcome.
    pub fn user(&self) -> &CustomerUser {
        match self {
            RestoreOutcome::Restored(u) | RestoreOutcome::AlreadyActive(u) => u,
        }
    }
}

/// A failed Partner Center call. Never contains the bearer token.
#[derive(Debug)]
#[non_exhaustive]
pub enum PartnerCenterError {
    /// A customer or user id is not a GUID. Nothing was sent.
    InvalidId {
        /// Which id: `customer id` or `user id`.
        what: &'static str,
        /// The value given.
        value: String,
    },
    /// A `links.next` URI points at another host. It was not followed.
    ForeignLink(String),
    /// The client or a request could not be built (bad base URL, no token provider, a header
    /// that cannot go on the wire). Nothing was sent.
    Construction(String),
    /// No access token could be had. Nothing was sent.
    Auth(AuthError),
    /// Partner Center did not answer in time.
    Timeout {
        /// The ids of the call (the ones sent, when no answer came).
        ids: RequestIds,
    },
    /// Partner Center could not be reached, or the connection failed during the call.
    Dispatch {
        /// What went wrong (never the URL).
        message: String,
        /// The ids of the call (the ones sent, when no answer came).
        ids: RequestIds,
    },
    /// An error answer: `{code, description, data, source}` when the body had them.
    Api {
        /// The HTTP status of the answer.
        status: u16,
        /// The body's `code` (a number, or a string holding one).
        code: Option<i64>,
        /// The body's `description`, or else its `message`.
        description: Option<String>,
        /// The body's `data`, as JSON.
        data: Option<Value>,
        /// The body's `source`.
        source: Option<String>,
        /// The ids of the call.
        ids: RequestIds,
    },
    /// 429 after the retries: `{statusCode, message}` and the last `Retry-After`.
    Throttled {
        /// The body's `message`, or else its `description`.
        message: Option<String>,
        /// The last `Retry-After` (whole seconds), when the service sent one.
        retry_after: Option<Duration>,
        /// The ids of the last attempt.
        ids: RequestIds,
    },
    /// The body is not the JSON expected.
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// Why the body could not be read.
        message: String,
        /// The start of the body as one line (at most 200 bytes).
        excerpt: String,
        /// The ids of the call.
        ids: RequestIds,
    },
    /// The answer was larger than the configured limit; it was not read further.
    BodyTooLarge {
        /// The configured limit, in bytes.
        limit: usize,
        /// The ids of the call.
        ids: RequestIds,
    },
}

impl PartnerCenterError {
    /// The request ids, for the failures that happened after a request was sent or tried.
    pub fn ids(&self) -> Option<&RequestIds> {
        use PartnerCenterError::*;
        match self {
            Timeout { ids }
            | Dispatch { ids, .. }
            | Api { ids, .. }
            | Throttled { ids, .. }
            | Decode { ids, .. }
            | BodyTooLarge { ids, .. } => Some(ids),
            _ => None,
        }
    }

    /// The HTTP status of the error answer (429 for `Throttled`), when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            PartnerCenterError::Api { status, .. } | PartnerCenterError::Decode { status, .. } => {
                Some(*status)
            }
            PartnerCenterError::Throttled { .. } => Some(429),
            _ => None,
        }
    }

    /// 404, or error code 60002 ("user not found").
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            PartnerCenterError::Api { status: 404, .. }
                | PartnerCenterError::Api {
                    code: Some(60002),
                    ..
                }
        )
    }

    /// The error says the *customer* (tenant) is unknown or out of reach, not the user: code
    /// 600008 ("customer not found", as the emulator answers) or 20002 (the partner has no
    /// relationship with the customer, in Partner Center's error code list). A deletion that
    /// meets it did not find an already deleted user: it addressed the wrong customer.
    pub fn is_customer_not_found(&self) -> bool {
        matches!(
            self,
            PartnerCenterError::Api {
                code: Some(600_008 | 20_002),
                ..
            }
        )
    }

    fn decision(&self) -> Decision {
        match self {
            PartnerCenterError::Timeout { .. } | PartnerCenterError::Dispatch { .. } => {
                Decision::Retry(RetryClass::Backoff)
            }
            PartnerCenterError::Throttled {
                retry_after: Some(after),
                ..
            } => Decision::RetryAfter(*after),
            PartnerCenterError::Throttled { .. } => Decision::Retry(RetryClass::Backoff),
            PartnerCenterError::Api { status, .. } | PartnerCenterError::Decode { status, .. }
                if *status >= 500 || *status == 408 =>
            {
                Decision::Retry(RetryClass::Backoff)
            }
            _ => Decision::Stop,
        }
    }
}

impl fmt::Display for PartnerCenterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use PartnerCenterError::*;
        match self {
            InvalidId { what, value } => write!(f, "{what} {value:?} is not a GUID"),
            ForeignLink(uri) => write!(f, "refusing to follow a next link to another host: {uri}"),
            Construction(m) => write!(f, "cannot build the Partner Center client: {m}"),
            Auth(e) => write!(f, "authentication failed: {e}"),
            Timeout { ids } => write!(
                f,
                "Partner Center did not answer in time (MS-RequestId {})",
                ids.request_id
            ),
            Dispatch { message, ids } => write!(
                f,
                "cannot reach Partner Center: {message} (MS-RequestId {})",
                ids.request_id
            ),
            Api {
                status,
                code,
                description,
                ids,
                ..
            } => {
                write!(f, "Partner Center answered HTTP {status}")?;
                if let Some(code) = code {
                    write!(f, ", code {code}")?;
                }
                if let Some(d) = description {
                    write!(f, ": {d}")?;
                }
                write!(
                    f,
                    " (MS-RequestId {}, MS-CorrelationId {})",
                    ids.request_id, ids.correlation_id
                )
            }
            Throttled {
                message,
                retry_after,
                ids,
            } => {
                write!(f, "Partner Center is throttling (HTTP 429)")?;
                if let Some(m) = message {
                    write!(f, ": {m}")?;
                }
                if let Some(after) = retry_after {
                    write!(f, ", retry after {} s", after.as_secs())?;
                }
                write!(f, " (MS-RequestId {})", ids.request_id)
            }
            Decode {
                status,
                message,
                excerpt,
                ids,
            } => {
                write!(f, "cannot read Partner Center's answer (HTTP {status}): {message}; body starts {excerpt:?} (MS-RequestId {})", ids.request_id)
            }
            BodyTooLarge { limit, ids } => write!(
                f,
                "Partner Center's answer is larger than {limit} bytes (MS-RequestId {})",
                ids.request_id
            ),
        }
    }
}

// Written by hand rather than derived with thiserror: `Api` has a field named `source` (the
// `source` member of Partner Center's error body), which thiserror would take for the cause.
impl std::error::Error for PartnerCenterError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PartnerCenterError::Auth(e) => Some(e),
            _ => None,
        }
    }
}

struct Inner {
    http: http::Http,
    base: String,
    origin: url::Origin,
    tokens: Arc<dyn TokenProvider>,
    locale: String,
    retry: RetryConfig,
    page_size: u32,
    max_body_bytes: usize,
    already_deleted_ok: bool,
    already_active_ok: bool,
}

/// Partner Center customer-user client: cheap to clone, `Send + Sync`.
#[derive(Clone)]
pub struct PartnerCenterClient {
    inner: Arc<Inner>,
}

impl fmt::Debug for PartnerCenterClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartnerCenterClient")
            .field("base_url", &self.inner.base)
            .field("locale", &self.inner.locale)
            .field("tokens", &self.inner.tokens)
            .finish_non_exhaustive()
    }
}

/// The filter for soft-deleted users, as the service documents it.
pub(crate) const INACTIVE_FILTER: &str =
    r#"{"Field":"UserState","Value":"Inactive","Operator":"equals"}"#;

fn check_guid(what: &'static str, value: &str) -> Result<(), PartnerCenterError> {
    // The id goes into the URL as given, so surrounding white space is refused too.
    crate::xml::Guid::new(value)
        .ok()
        .filter(|_| value.trim() == value)
        .map(|_| ())
        .ok_or(())
        .map_err(|_| PartnerCenterError::InvalidId {
            what,
            value: value.to_string(),
        })
}

/// A random version-4 GUID for `MS-RequestId` / `MS-CorrelationId`.
pub(crate) fn new_guid() -> String {
    let (a, b) = (fastrand::u64(..), fastrand::u64(..));
    let b = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    let a = (a & 0xffff_ffff_ffff_0fff) | 0x4000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

struct Reply {
    status: u16,
    body: Vec<u8>,
    ids: RequestIds,
}

impl PartnerCenterClient {
    /// Starts configuring a client: production base URL, `en-US`, 100 users per page.
    pub fn builder() -> PartnerCenterClientBuilder {
        PartnerCenterClientBuilder::default()
    }

    /// `…/v1/customers/{customer}/users/{user}`, after checking both are GUIDs: where get,
    /// delete and restore go (the CLI's `--dry-run` prints it).
    pub fn user_url(&self, customer: &str, user: &str) -> Result<String, PartnerCenterError> {
        check_guid("customer id", customer)?;
        check_guid("user id", user)?;
        Ok(format!(
            "{}/v1/customers/{customer}/users/{user}",
            self.inner.base
        ))
    }

    /// Soft-deletes a user: inactive for 30 days, then purged. `DELETE …/users/{user}` (204).
    pub async fn delete_user(
        &self,
        customer: &str,
        user: &str,
    ) -> Result<PcResponse<DeleteOutcome>, PartnerCenterError> {
        let url = self.user_url(customer, user)?;
        match self
            .send("delete_user", reqwest::Method::DELETE, &url, &[], None)
            .await
        {
            Ok(reply) if reply.status == 204 || reply.status == 200 => Ok(PcResponse {
                body: DeleteOutcome::Deleted,
                ids: reply.ids,
            }),
            Ok(reply) => Err(unexpected(reply)),
            Err(e)
                if self.inner.already_deleted_ok
                    && e.is_not_found()
                    && !e.is_customer_not_found() =>
            {
                let ids = e.ids().cloned().unwrap_or_default();
                Ok(PcResponse {
                    body: DeleteOutcome::AlreadyDeleted,
                    ids,
                })
            }
            Err(e) => Err(e),
        }
    }

    /// Restores a deleted user within its 30 days. `PATCH …/users/{user}` with
    /// `{"State":"active","Attributes":{"ObjectType":"CustomerUser"}}` (200 with the user).
    pub async fn restore_user(
        &self,
        customer: &str,
        user: &str,
    ) -> Result<PcResponse<RestoreOutcome>, PartnerCenterError> {
        let url = self.user_url(customer, user)?;
        let body = json!({"State": "active", "Attributes": {"ObjectType": "CustomerUser"}});
        match self
            .send(
                "restore_user",
                reqwest::Method::PATCH,
                &url,
                &[],
                Some(&body),
            )
            .await
        {
            Ok(reply) => {
                let (user, ids) = decode::<CustomerUser>(reply)?;
                Ok(PcResponse {
                    body: RestoreOutcome::Restored(user),
                    ids,
                })
            }
            Err(e)
                if self.inner.already_active_ok && matches!(e.status(), Some(400 | 404 | 409)) =>
            {
                match self.get_user(customer, user).await {
                    Ok(current) if !current.body.is_deleted() => Ok(PcResponse {
                        body: RestoreOutcome::AlreadyActive(current.body),
                        ids: current.ids,
                    }),
                    _ => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// `GET …/users/{user}`.
    pub async fn get_user(
        &self,
        customer: &str,
        user: &str,
    ) -> Result<PcResponse<CustomerUser>, PartnerCenterError> {
        let url = self.user_url(customer, user)?;
        let reply = self
            .send("get_user", reqwest::Method::GET, &url, &[], None)
            .await?;
        let (body, ids) = decode(reply)?;
        Ok(PcResponse { body, ids })
    }

    /// One page of deleted users: the first when `continuation` is `None`, else the one the
    /// continuation (from an earlier [`Page`]) points at.
    pub async fn deleted_users_page(
        &self,
        customer: &str,
        continuation: Option<&Link>,
    ) -> Result<Page, PartnerCenterError> {
        self.page(customer, Some(INACTIVE_FILTER), continuation)
            .await
    }

    /// One page of active users.
    pub async fn users_page(
        &self,
        customer: &str,
        continuation: Option<&Link>,
    ) -> Result<Page, PartnerCenterError> {
        self.page(customer, None, continuation).await
    }

    /// Every deleted (inactive, restorable) user, across all pages.
    pub fn deleted_users(
        &self,
        customer: &str,
    ) -> impl Stream<Item = Result<CustomerUser, PartnerCenterError>> + Send + 'static {
        self.stream(customer.to_string(), Some(INACTIVE_FILTER))
    }

    /// Every active user, across all pages.
    pub fn users(
        &self,
        customer: &str,
    ) -> impl Stream<Item = Result<CustomerUser, PartnerCenterError>> + Send + 'static {
        self.stream(customer.to_string(), None)
    }

    fn stream(
        &self,
        customer: String,
        filter: Option<&'static str>,
    ) -> impl Stream<Item = Result<CustomerUser, PartnerCenterError>> + Send + 'static {
        struct State {
            client: PartnerCenterClient,
            customer: String,
            buffer: VecDeque<CustomerUser>,
            next: Option<Link>,
            started: bool,
            failed: bool,
        }
        let state = State {
            client: self.clone(),
            customer,
            buffer: VecDeque::new(),
            next: None,
            started: false,
            failed: false,
        };
        futures_util::stream::unfold(state, move |mut s| async move {
            loop {
                if let Some(user) = s.buffer.pop_front() {
                    return Some((Ok(user), s));
                }
                if s.failed || (s.started && s.next.is_none()) {
                    return None;
                }
                let continuation = s.next.take();
                s.started = true;
                match s
                    .client
                    .page(&s.customer, filter, continuation.as_ref())
                    .await
                {
                    Ok(page) => {
                        s.buffer.extend(page.items);
                        s.next = page.continuation;
                    }
                    Err(e) => {
                        s.failed = true;
                        return Some((Err(e), s));
                    }
                }
            }
        })
    }

    async fn page(
        &self,
        customer: &str,
        filter: Option<&str>,
        continuation: Option<&Link>,
    ) -> Result<Page, PartnerCenterError> {
        check_guid("customer id", customer)?;
        let (url, headers) = match continuation {
            Some(link) => (
                self.resolve_link(&link.uri)?,
                link.headers
                    .iter()
                    .map(|h| (h.key.clone(), h.value.clone()))
                    .collect(),
            ),
            None => (self.list_url(customer, filter), Vec::new()),
        };
        let reply = self
            .send("list_users", reqwest::Method::GET, &url, &headers, None)
            .await?;
        let (raw, ids) = decode::<RawPage>(reply)?;
        Ok(Page {
            items: raw.items,
            total_count: raw.total_count,
            continuation: raw.links.and_then(|l| l.next),
            ids,
        })
    }

    /// The first page of users: `…/v1/customers/{customer}/users?size=N`, with the inactive
    /// filter when `deleted`. Checks that the customer id is a GUID.
    pub fn users_url(&self, customer: &str, deleted: bool) -> Result<String, PartnerCenterError> {
        check_guid("customer id", customer)?;
        Ok(self.list_url(customer, deleted.then_some(INACTIVE_FILTER)))
    }

    fn list_url(&self, customer: &str, filter: Option<&str>) -> String {
        let mut url = format!(
            "{}/v1/customers/{customer}/users?size={}",
            self.inner.base, self.inner.page_size
        );
        if let Some(filter) = filter {
            url.push_str("&filter=");
            url.extend(url::form_urlencoded::byte_serialize(filter.as_bytes()));
        }
        url
    }

    /// `links.next.uri` as given: `/v1/…` is host-relative; `/…` gets `/v1` in front; a bare
    /// path gets `/v1/`; an absolute URL is followed only on the base URL's host (the bearer
    /// token must not go elsewhere). Never `/v1//v1/`.
    pub fn resolve_link(&self, uri: &str) -> Result<String, PartnerCenterError> {
        let base = &self.inner.base;
        if uri.starts_with("/v1/") {
            return Ok(format!("{base}{uri}"));
        }
        if let Some(rest) = uri.strip_prefix('/') {
            return Ok(format!("{base}/v1/{rest}"));
        }
        match url::Url::parse(uri) {
            Ok(absolute) if absolute.host_str().is_some() => {
                // Same scheme, host and port: the bearer token goes nowhere else, and never
                // over plain HTTP when the base is HTTPS.
                if absolute.origin() == self.inner.origin {
                    Ok(uri.to_string())
                } else {
                    Err(PartnerCenterError::ForeignLink(uri.to_string()))
                }
            }
            _ => Ok(format!(
                "{base}/v1/{}",
                uri.strip_prefix("v1/").unwrap_or(uri)
            )),
        }
    }

    /// One logical call with retries: the same `MS-RequestId` on every attempt (the service
    /// uses it for idempotency), a fresh token per attempt.
    async fn send(
        &self,
        operation: &'static str,
        method: reqwest::Method,
        url: &str,
        extra: &[(String, String)],
        body: Option<&Value>,
    ) -> Result<Reply, PartnerCenterError> {
        let request_id = new_guid();
        let correlation_id = new_guid();
        let span = tracing::info_span!("partner_center.call", operation, request_id = %request_id, attempt = tracing::field::Empty, status = tracing::field::Empty);
        let inner = &self.inner;
        let result = retry::run(
            &inner.retry,
            |_| {
                let (method, request_id, correlation_id) =
                    (method.clone(), &request_id, &correlation_id);
                async move {
                    let sent_ids = RequestIds {
                        request_id: request_id.clone(),
                        correlation_id: correlation_id.clone(),
                        cv: None,
                    };
                    let token: Secret = inner
                        .tokens
                        .access_token()
                        .await
                        .map_err(PartnerCenterError::Auth)?;
                    let slot = inner.http.slot().await;
                    let mut request = inner
                        .http
                        .client
                        .request(method, url)
                        .bearer_auth(token.expose())
                        .header(reqwest::header::ACCEPT, "application/json")
                        .header("MS-RequestId", request_id.as_str())
                        .header("MS-CorrelationId", correlation_id.as_str())
                        .header("X-Locale", inner.locale.as_str());
                    for (k, v) in extra {
                        request = request.header(k.as_str(), v.as_str());
                    }
                    if let Some(body) = body {
                        request = request
                            .header(reqwest::header::CONTENT_TYPE, "application/json")
                            .body(body.to_string());
                    }
                    let response = request.send().await.map_err(|e| transport(e, &sent_ids))?;
                    let status = response.status().as_u16();
                    let header = |name: &str| http::header_text(&response, name);
                    let ids = RequestIds {
                        request_id: header("MS-RequestId").unwrap_or_else(|| request_id.clone()),
                        correlation_id: header("MS-CorrelationId")
                            .unwrap_or_else(|| correlation_id.clone()),
                        cv: header("MS-CV"),
                    };
                    let retry_after = http::retry_after(&response);
                    let limit = inner.max_body_bytes;
                    let body = http::read_limited(response, limit)
                        .await
                        .map_err(|e| match e {
                            http::BodyError::TooLarge => PartnerCenterError::BodyTooLarge {
                                limit,
                                ids: ids.clone(),
                            },
                            // The status is known: a 4xx stays a 4xx (never retried) even
                            // when its body could not be read.
                            http::BodyError::Transport(e) if (400..500).contains(&status) => {
                                let _ = e;
                                PartnerCenterError::Api {
                                    status,
                                    code: None,
                                    description: None,
                                    data: None,
                                    source: None,
                                    ids: ids.clone(),
                                }
                            }
                            http::BodyError::Transport(e) => transport(e, &ids),
                        })?;
                    drop(slot);
                    tracing::Span::current().record("status", status);
                    let reply = Reply { status, body, ids };
                    if (200..300).contains(&status) {
                        Ok(reply)
                    } else {
                        Err(error_reply(reply, retry_after))
                    }
                }
            },
            |e: &mut PartnerCenterError, _| e.decision(),
        )
        .instrument(span.clone())
        .await;
        if let Err(e) = &result {
            span.in_scope(|| tracing::warn!(error = %e, "Partner Center call failed"));
        }
        result
    }
}

fn transport(e: reqwest::Error, ids: &RequestIds) -> PartnerCenterError {
    if e.is_timeout() {
        PartnerCenterError::Timeout { ids: ids.clone() }
    } else if e.is_builder() {
        // A header the server sent in a link, or a token, that cannot go on the wire: no
        // retry will change that.
        PartnerCenterError::Construction(e.without_url().to_string())
    } else {
        PartnerCenterError::Dispatch {
            message: e.without_url().to_string(),
            ids: ids.clone(),
        }
    }
}

fn error_reply(reply: Reply, retry_after: Option<Duration>) -> PartnerCenterError {
    let parsed: Option<ErrorBody> = serde_json::from_slice(&reply.body).ok();
    if reply.status == 429 {
        let message = parsed.and_then(|b| b.message.or(b.description));
        return PartnerCenterError::Throttled {
            message,
            retry_after,
            ids: reply.ids,
        };
    }
    match parsed {
        Some(b) => PartnerCenterError::Api {
            status: reply.status,
            code: b.code.as_ref().and_then(|c| {
                c.as_i64()
                    .or_else(|| c.as_str().and_then(|s| s.parse().ok()))
            }),
            description: b.description.or(b.message),
            data: b.data,
            source: b.source,
            ids: reply.ids,
        },
        None if reply.body.iter().all(u8::is_ascii_whitespace) => PartnerCenterError::Api {
            status: reply.status,
            code: None,
            description: None,
            data: None,
            source: None,
            ids: reply.ids,
        },
        None => PartnerCenterError::Decode {
            status: reply.status,
            message: "the error body is not JSON".into(),
            excerpt: http::excerpt(&reply.body),
            ids: reply.ids,
        },
    }
}

fn unexpected(reply: Reply) -> PartnerCenterError {
    PartnerCenterError::Decode {
        status: reply.status,
        message: "unexpected success status".into(),
        excerpt: http::excerpt(&reply.body),
        ids: reply.ids,
    }
}

fn decode<T: serde::de::DeserializeOwned>(
    reply: Reply,
) -> Result<(T, RequestIds), PartnerCenterError> {
    match serde_json::from_slice(&reply.body) {
        Ok(value) => Ok((value, reply.ids)),
        Err(e) => Err(PartnerCenterError::Decode {
            status: reply.status,
            message: e.to_string(),
            excerpt: http::excerpt(&reply.body),
            ids: reply.ids,
        }),
    }
}

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

impl PartnerCenterClientBuilder {
    /// The host root (default `https://api.partnercenter.microsoft.com`); `/v1/…` is added.
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

    /// Deleting a user that is already deleted (404) returns [`DeleteOutcome::AlreadyDeleted`].
    pub fn treat_already_deleted_as_success(mut self, on: bool) -> Self {
        self.already_deleted_ok = on;
        self
    }

    /// Restoring a user that is active returns [`RestoreOutcome::AlreadyActive`].
    pub fn treat_already_active_as_success(mut self, on: bool) -> Self {
        self.already_active_ok = on;
        self
    }

    http::http_option_setters!();

    /// The client; fails with `Construction` for a bad base URL, no token provider or an HTTP
    /// client that cannot be set up.
    pub fn build(self) -> Result<PartnerCenterClient, PartnerCenterError> {
        let base = self
            .base_url
            .trim_end_matches('/')
            .trim_end_matches("/v1")
            .to_string();
        let parsed = url::Url::parse(&base).map_err(|e| {
            PartnerCenterError::Construction(format!("invalid base URL {base:?}: {e}"))
        })?;
        let tokens = self.tokens.ok_or_else(|| {
            PartnerCenterError::Construction(
                "no token provider (access_token or token_provider)".into(),
            )
        })?;
        let http = self
            .http
            .build_bounded()
            .map_err(PartnerCenterError::Construction)?;
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
            }),
        })
    }
}

/// Fuzzing entry point (`fuzz/`): reads `body` as each kind of Partner Center answer (a user,
/// a page, an error with every status class) the way the client does, and derives the purge
/// dates. Must never panic.
#[doc(hidden)]
pub fn fuzz_read_bodies(body: &[u8]) {
    let ids = RequestIds::default();
    let reply = |status| Reply {
        status,
        body: body.to_vec(),
        ids: ids.clone(),
    };
    if let Ok((user, _)) = decode::<CustomerUser>(reply(200)) {
        let _ = (
            user.purge_at_text(),
            user.is_restorable(std::time::SystemTime::now()),
        );
    }
    if let Ok((page, _)) = decode::<RawPage>(reply(200)) {
        for user in &page.items {
            let _ = user.purge_at_text();
        }
    }
    for status in [400, 404, 429, 500] {
        let _ = error_reply(reply(status), None).to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(base: &str) -> PartnerCenterClient {
        PartnerCenterClient::builder()
            .base_url(base)
            .access_token("t")
            .build()
            .unwrap()
    }

    #[test]
    fn next_links_resolve_without_double_v1() {
        let c = client("https://api.partnercenter.microsoft.com/");
        let base = "https://api.partnercenter.microsoft.com";
        assert_eq!(
            c.resolve_link("/v1/customers/x/users?a=1").unwrap(),
            format!("{base}/v1/customers/x/users?a=1")
        );
        assert_eq!(
            c.resolve_link("/customers/x/users").unwrap(),
            format!("{base}/v1/customers/x/users")
        );
        assert_eq!(
            c.resolve_link("customers/x/users").unwrap(),
            format!("{base}/v1/customers/x/users")
        );
        assert_eq!(
            c.resolve_link("v1/customers/x/users").unwrap(),
            format!("{base}/v1/customers/x/users")
        );
        assert_eq!(
            c.resolve_link(&format!("{base}/v1/customers/x")).unwrap(),
            format!("{base}/v1/customers/x")
        );
        for foreign in [
            "http://api.partnercenter.microsoft.com/v1/customers",
            "https://api.partnercenter.microsoft.com:8443/v1/customers",
        ] {
            assert!(
                matches!(
                    c.resolve_link(foreign),
                    Err(PartnerCenterError::ForeignLink(_))
                ),
                "{foreign}"
            );
        }
        assert!(matches!(
            c.resolve_link("https://evil.example/v1/customers"),
            Err(PartnerCenterError::ForeignLink(_))
        ));
        // A base given with /v1 is the same host root.
        assert_eq!(
            client(&format!("{base}/v1"))
                .resolve_link("/customers/x")
                .unwrap(),
            format!("{base}/v1/customers/x")
        );
    }

    #[test]
    fn guids() {
        let g = new_guid();
        assert!(crate::xml::Guid::new(g.as_str()).is_ok(), "{g}");
        assert_eq!(&g[14..15], "4");
        assert_ne!(new_guid(), new_guid());
    }
}
