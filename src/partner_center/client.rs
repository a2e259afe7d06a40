//! [`PartnerCenterClient`]: one call with its ids, retries and error reading, and the
//! single-user operations (get, delete, restore) and the MFA / customer check.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tracing::Instrument;

use super::error::{empty_answer, error_reply, transport, ErrorKind, PartnerCenterError};
use super::ids::{new_guid, PcResponse, RequestIds};
use super::types::CustomerUser;
use crate::auth::TokenProvider;
use crate::client::retry;
use crate::client::RetryConfig;
use crate::http;
use crate::model::Secret;

pub(crate) struct Inner {
    pub(crate) http: http::Http,
    pub(crate) base: String,
    pub(crate) origin: url::Origin,
    pub(crate) tokens: Arc<dyn TokenProvider>,
    pub(crate) locale: String,
    pub(crate) retry: RetryConfig,
    pub(crate) page_size: u32,
    pub(crate) max_body_bytes: usize,
    pub(crate) already_deleted_ok: bool,
    pub(crate) already_active_ok: bool,
    /// Customers (lower case) this client has read: a 404 on a delete there is the user's.
    pub(crate) customers_read: Mutex<HashSet<String>>,
}

/// Partner Center customer-user client: cheap to clone, `Send + Sync`.
#[derive(Clone)]
pub struct PartnerCenterClient {
    pub(crate) inner: Arc<Inner>,
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

/// What `delete_user` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeleteOutcome {
    /// The user was soft-deleted.
    Deleted,
    /// The user was already deleted (only with `treat_already_deleted_as_success`, and only
    /// once the customer itself was read).
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

/// The request header that asks Partner Center to say whether the token carries MFA, and the
/// answer's name. Microsoft says only that from October 2025 the APIs "will provide
/// confirmation of its presence in the response"
/// (<https://learn.microsoft.com/en-us/partner-center/developer/partner-center-authentication>);
/// the names come from cloudcockpit.com/blog/mfa-enforcement-partner-center-apis ("Add the
/// ValidateMfa: true header ... and check the isMfaCompliant field in the response") and from
/// third-party clients that read `isMfaCompliant` as a response header. So the header is read
/// first, then a top-level body member of that name.
pub const VALIDATE_MFA_HEADER: &str = "ValidateMfa";
/// See [`VALIDATE_MFA_HEADER`].
pub const MFA_COMPLIANT_FIELD: &str = "isMfaCompliant";

/// A raw 2xx answer.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    pub(crate) ids: RequestIds,
    /// The `isMfaCompliant` response header, when the answer had one.
    pub(crate) mfa_header: Option<bool>,
}

/// Refuses an id that is not a GUID: it goes into the URL as given, so surrounding white
/// space is refused too.
pub(crate) fn check_guid(what: &'static str, value: &str) -> Result<(), PartnerCenterError> {
    if crate::xml::Guid::new(value).is_ok() && value.trim() == value {
        Ok(())
    } else {
        Err(ErrorKind::InvalidId {
            what,
            value: value.to_string(),
        }
        .into())
    }
}

impl PartnerCenterClient {
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

    /// `…/v1/customers/{customer}/users?size=N[&filter=…]` (no checks).
    pub(crate) fn collection_url(&self, customer: &str, size: u32, filter: Option<&str>) -> String {
        let mut url = format!(
            "{}/v1/customers/{customer}/users?size={size}",
            self.inner.base
        );
        if let Some(filter) = filter {
            url.push_str("&filter=");
            url.extend(url::form_urlencoded::byte_serialize(filter.as_bytes()));
        }
        url
    }

    /// Soft-deletes a user: inactive for 30 days, then purged. `DELETE …/users/{user}` (204).
    ///
    /// With `treat_already_deleted_as_success`, a 404 becomes `AlreadyDeleted` only once this
    /// client has read the customer (one cheap listing, remembered per customer): the service
    /// answers 404 for a mistyped customer too, which must never look like success.
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
                // The customer must be readable, else this 404 is the customer's.
                self.check_customer(customer).await?;
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
        // The body of https://learn.microsoft.com/en-us/partner-center/developer/restore-a-user-for-a-customer
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

    /// One cheap call (the first user of the customer) sent with `ValidateMfa: true`: whether
    /// the token carries MFA, as Partner Center says it (`None` when the answer does not say).
    /// A token refused for want of MFA is the error [`ErrorKind::MfaRequired`]; a customer
    /// that cannot be read is the service's error. On success the customer counts as read.
    pub async fn check_mfa(
        &self,
        customer: &str,
    ) -> Result<PcResponse<Option<bool>>, PartnerCenterError> {
        check_guid("customer id", customer)?;
        let url = self.collection_url(customer, 1, None);
        let headers = [(VALIDATE_MFA_HEADER.to_string(), "true".to_string())];
        let reply = self
            .send("check_mfa", reqwest::Method::GET, &url, &headers, None)
            .await?;
        let compliant = reply.mfa_header.or_else(|| {
            serde_json::from_slice::<Value>(&reply.body)
                .ok()
                .and_then(|v| match &v[MFA_COMPLIANT_FIELD] {
                    Value::Bool(b) => Some(*b),
                    Value::String(s) => parse_bool(s),
                    _ => None,
                })
        });
        self.remember_customer(customer);
        Ok(PcResponse {
            body: compliant,
            ids: reply.ids,
        })
    }

    /// Reads the customer once per client: the first time, one cheap listing; then nothing.
    async fn check_customer(&self, customer: &str) -> Result<(), PartnerCenterError> {
        let key = customer.to_ascii_lowercase();
        if self.customers().contains(&key) {
            return Ok(());
        }
        self.check_mfa(customer).await.map(|_| ())
    }

    fn remember_customer(&self, customer: &str) {
        self.customers().insert(customer.to_ascii_lowercase());
    }

    fn customers(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.inner
            .customers_read
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// One logical call with retries: the same `MS-RequestId` on every attempt (the service
    /// uses it for idempotency), a fresh token per attempt.
    pub(crate) async fn send(
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
                        .map_err(|e| PartnerCenterError::from(ErrorKind::Auth(e)))?;
                    let slot = inner.http.slot().await;
                    let mut request = inner.http.client.request(method, url);
                    // The caller's headers first, so none of them can replace ours.
                    for (k, v) in extra {
                        request = request.header(k.as_str(), v.as_str());
                    }
                    request = request
                        .bearer_auth(token.expose())
                        .header(reqwest::header::ACCEPT, "application/json")
                        .header("MS-RequestId", request_id.as_str())
                        .header("MS-CorrelationId", correlation_id.as_str())
                        .header("X-Locale", inner.locale.as_str());
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
                    let mfa_header = header(MFA_COMPLIANT_FIELD).and_then(|v| parse_bool(&v));
                    let retry_after = http::retry_after(&response);
                    let limit = inner.max_body_bytes;
                    let body = http::read_limited(response, limit)
                        .await
                        .map_err(|e| match e {
                            http::BodyError::TooLarge => PartnerCenterError::with_ids(
                                ErrorKind::BodyTooLarge { limit },
                                ids.clone(),
                            ),
                            // The status is known: a 4xx stays a 4xx (never retried) even
                            // when its body could not be read.
                            http::BodyError::Transport(_) if (400..500).contains(&status) => {
                                PartnerCenterError::with_ids(empty_answer(status), ids.clone())
                            }
                            http::BodyError::Transport(e) => transport(e, &ids),
                        })?;
                    drop(slot);
                    tracing::Span::current().record("status", status);
                    if (200..300).contains(&status) {
                        Ok(Reply {
                            status,
                            body,
                            ids,
                            mfa_header,
                        })
                    } else {
                        Err(error_reply(status, &body, ids, retry_after))
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

fn parse_bool(text: &str) -> Option<bool> {
    match text.trim() {
        t if t.eq_ignore_ascii_case("true") => Some(true),
        t if t.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

fn unexpected(reply: Reply) -> PartnerCenterError {
    PartnerCenterError::with_ids(
        ErrorKind::Decode {
            status: reply.status,
            message: "unexpected success status".into(),
            excerpt: http::excerpt(&reply.body),
        },
        reply.ids,
    )
}

/// A 2xx body as `T`.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    reply: Reply,
) -> Result<(T, RequestIds), PartnerCenterError> {
    match serde_json::from_slice(&reply.body) {
        Ok(value) => Ok((value, reply.ids)),
        Err(e) => Err(PartnerCenterError::with_ids(
            ErrorKind::Decode {
                status: reply.status,
                message: e.to_string(),
                excerpt: http::excerpt(&reply.body),
            },
            reply.ids,
        )),
    }
}
