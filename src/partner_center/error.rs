//! What a failed Partner Center call says: [`PartnerCenterError`] (boxed, so a `Result` stays
//! small), its [`ErrorKind`], the request ids, and how an error answer is read.

use std::fmt;
use std::time::Duration;

use serde_json::Value;

use super::ids::RequestIds;
use super::types::ErrorBody;
use crate::auth::AuthError;
use crate::client::retry::{Decision, RetryClass};
use crate::http;

/// The code Partner Center answers (with HTTP 401) when an App+User token carries no MFA
/// claim, enforced from 2026-04-01. Microsoft's own text only says "all App+User usage of
/// Partner Center APIs will enforce the usage of MFA"
/// (<https://learn.microsoft.com/en-us/partner-center/developer/partner-center-authentication>);
/// the code itself is reported by third parties (cloudcockpit.com/blog/mfa-enforcement-partner-center-apis,
/// blog.cloudfactorygroup.com, tagydes.com/news/mfa-enforcement-partner-center-apis), with no
/// message text, so the code and the status are matched, never the text.
pub const MFA_REQUIRED_CODE: i64 = 900_421;

/// The codes Microsoft documents for an unknown or unreachable customer (Partner Center REST
/// error codes, <https://learn.microsoft.com/en-us/partner-center/developer/error-codes>):
/// 60003 "Tenant not found" (404), 900118 "Invalid Customer ID" (400), 20002 "The partner ID
/// {0} has no commerce relationship with the customer ID {1}" (403). The page does not say
/// which the users endpoints send, so all three count.
pub const CUSTOMER_NOT_FOUND_CODES: [i64; 3] = [60_003, 900_118, 20_002];

/// The documented "User object ID isn't found" code (404), same page.
pub const USER_NOT_FOUND_CODE: i64 = 60_002;

/// A failed Partner Center call: its [`kind`](Self::kind) and, once a request was sent or
/// tried, its ids. Never contains the bearer token. One pointer wide.
pub struct PartnerCenterError(Box<Repr>);

struct Repr {
    kind: ErrorKind,
    ids: Option<RequestIds>,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
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
    Timeout,
    /// Partner Center could not be reached, or the connection failed during the call.
    Dispatch {
        /// What went wrong (never the URL).
        message: String,
    },
    /// The token was refused because it carries no multi-factor authentication (HTTP 401
    /// with code 900421). Retrying with the same token cannot work: sign in again
    /// interactively, with MFA.
    MfaRequired {
        /// The body's `description`, or else its `message`, when it had one.
        description: Option<String>,
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
    },
    /// 429 after the retries: `{statusCode, message}` and the last `Retry-After`.
    Throttled {
        /// The body's `message`, or else its `description`.
        message: Option<String>,
        /// The last `Retry-After` (whole seconds), when the service sent one.
        retry_after: Option<Duration>,
    },
    /// The body is not the JSON expected.
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// Why the body could not be read.
        message: String,
        /// The start of the body as one line (at most 200 bytes).
        excerpt: String,
    },
    /// The answer was larger than the configured limit; it was not read further.
    BodyTooLarge {
        /// The configured limit, in bytes.
        limit: usize,
    },
}

impl From<ErrorKind> for PartnerCenterError {
    fn from(kind: ErrorKind) -> Self {
        PartnerCenterError(Box::new(Repr { kind, ids: None }))
    }
}

impl PartnerCenterError {
    pub(crate) fn with_ids(kind: ErrorKind, ids: RequestIds) -> Self {
        PartnerCenterError(Box::new(Repr {
            kind,
            ids: Some(ids),
        }))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// What went wrong, by value.
    pub fn into_kind(self) -> ErrorKind {
        self.0.kind
    }

    /// The request ids: of the call that failed, or, for a listing that failed without a
    /// call (a foreign next link), of the page that led there.
    pub fn ids(&self) -> Option<&RequestIds> {
        self.0.ids.as_ref()
    }

    /// Gives ids to an error that has none (a listing's error gets its last page's ids).
    pub(crate) fn or_ids(mut self, ids: Option<&RequestIds>) -> Self {
        if self.0.ids.is_none() {
            self.0.ids = ids.cloned();
        }
        self
    }

    /// The HTTP status of the error answer (429 for `Throttled`, 401 for `MfaRequired`).
    pub fn status(&self) -> Option<u16> {
        match self.kind() {
            ErrorKind::Api { status, .. } | ErrorKind::Decode { status, .. } => Some(*status),
            ErrorKind::Throttled { .. } => Some(429),
            ErrorKind::MfaRequired { .. } => Some(401),
            _ => None,
        }
    }

    /// The error code of the answer's body, when it had one.
    pub fn code(&self) -> Option<i64> {
        match self.kind() {
            ErrorKind::Api { code, .. } => *code,
            ErrorKind::MfaRequired { .. } => Some(MFA_REQUIRED_CODE),
            _ => None,
        }
    }

    /// The token was refused for want of multi-factor authentication.
    pub fn is_mfa_required(&self) -> bool {
        matches!(self.kind(), ErrorKind::MfaRequired { .. })
    }

    /// 404, or error code 60002 ("User object ID isn't found").
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404) || self.code() == Some(USER_NOT_FOUND_CODE)
    }

    /// The error says the *customer* (tenant) is unknown or out of reach, not the user: one of
    /// [`CUSTOMER_NOT_FOUND_CODES`]. A deletion that meets it did not find an already deleted
    /// user: it addressed the wrong customer.
    pub fn is_customer_not_found(&self) -> bool {
        self.code()
            .is_some_and(|c| CUSTOMER_NOT_FOUND_CODES.contains(&c))
    }

    pub(crate) fn decision(&self) -> Decision {
        match self.kind() {
            ErrorKind::Timeout | ErrorKind::Dispatch { .. } => Decision::Retry(RetryClass::Backoff),
            ErrorKind::Throttled {
                retry_after: Some(after),
                ..
            } => Decision::RetryAfter(*after),
            ErrorKind::Throttled { .. } => Decision::Retry(RetryClass::Backoff),
            ErrorKind::Api { status, .. } | ErrorKind::Decode { status, .. }
                if *status >= 500 || *status == 408 =>
            {
                Decision::Retry(RetryClass::Backoff)
            }
            _ => Decision::Stop,
        }
    }
}

impl fmt::Debug for PartnerCenterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartnerCenterError")
            .field("kind", &self.0.kind)
            .field("ids", &self.0.ids)
            .finish()
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind::*;
        match self {
            InvalidId { what, value } => write!(f, "{what} {value:?} is not a GUID"),
            ForeignLink(uri) => write!(f, "refusing to follow a next link to another host: {uri}"),
            Construction(m) => write!(f, "cannot build the Partner Center request: {m}"),
            Auth(e) => write!(f, "authentication failed: {e}"),
            Timeout => write!(f, "Partner Center did not answer in time"),
            Dispatch { message } => write!(f, "cannot reach Partner Center: {message}"),
            MfaRequired { description } => {
                write!(
                    f,
                    "Partner Center refused the token: it carries no multi-factor authentication (HTTP 401, code {MFA_REQUIRED_CODE}"
                )?;
                if let Some(d) = description {
                    write!(f, ": {d}")?;
                }
                write!(
                    f,
                    "). Sign in again interactively with MFA (`bingads auth login --partner-center`) and run again; an app-only token, or one from a sign-in without MFA, cannot call these APIs"
                )
            }
            Api {
                status,
                code,
                description,
                ..
            } => {
                write!(f, "Partner Center answered HTTP {status}")?;
                if let Some(code) = code {
                    write!(f, ", code {code}")?;
                }
                match description {
                    Some(d) => write!(f, ": {d}"),
                    None => Ok(()),
                }
            }
            Throttled {
                message,
                retry_after,
            } => {
                write!(f, "Partner Center is throttling (HTTP 429)")?;
                if let Some(m) = message {
                    write!(f, ": {m}")?;
                }
                match retry_after {
                    Some(after) => write!(f, ", retry after {} s", after.as_secs()),
                    None => Ok(()),
                }
            }
            Decode {
                status,
                message,
                excerpt,
            } => write!(
                f,
                "cannot read Partner Center's answer (HTTP {status}): {message}; body starts {excerpt:?}"
            ),
            BodyTooLarge { limit } => {
                write!(f, "Partner Center's answer is larger than {limit} bytes")
            }
        }
    }
}

impl fmt::Display for PartnerCenterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.kind)?;
        match &self.0.ids {
            Some(ids) => write!(
                f,
                " (MS-RequestId {}, MS-CorrelationId {})",
                ids.request_id, ids.correlation_id
            ),
            None => Ok(()),
        }
    }
}

// Written by hand rather than derived with thiserror: `Api` has a field named `source` (the
// `source` member of Partner Center's error body), which thiserror would take for the cause.
impl std::error::Error for PartnerCenterError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self.kind() {
            ErrorKind::Auth(e) => Some(e),
            _ => None,
        }
    }
}

/// A failed send: a timeout, an unreachable host, or a request that cannot be built.
pub(crate) fn transport(e: reqwest::Error, ids: &RequestIds) -> PartnerCenterError {
    if e.is_timeout() {
        PartnerCenterError::with_ids(ErrorKind::Timeout, ids.clone())
    } else if e.is_builder() {
        // A header or a token that cannot go on the wire: no retry will change that.
        ErrorKind::Construction(e.without_url().to_string()).into()
    } else {
        PartnerCenterError::with_ids(
            ErrorKind::Dispatch {
                message: e.without_url().to_string(),
            },
            ids.clone(),
        )
    }
}

/// The error an answer with a non-2xx status stands for.
pub(crate) fn error_reply(
    status: u16,
    body: &[u8],
    ids: RequestIds,
    retry_after: Option<Duration>,
) -> PartnerCenterError {
    let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
    let kind = match parsed {
        _ if status == 429 => {
            let parsed = parsed.unwrap_or_default();
            ErrorKind::Throttled {
                message: parsed.message.or(parsed.description),
                retry_after,
            }
        }
        Some(b) => {
            // The schema says string, the examples send a number: both are read.
            let code = b.code.as_ref().and_then(|c| {
                c.as_i64()
                    .or_else(|| c.as_str().and_then(|s| s.trim().parse().ok()))
            });
            let description = b.description.or(b.message);
            if status == 401 && code == Some(MFA_REQUIRED_CODE) {
                ErrorKind::MfaRequired { description }
            } else {
                ErrorKind::Api {
                    status,
                    code,
                    description,
                    data: b.data,
                    source: b.source,
                }
            }
        }
        None if body.iter().all(u8::is_ascii_whitespace) => empty_answer(status),
        None => ErrorKind::Decode {
            status,
            message: "the error body is not JSON".into(),
            excerpt: http::excerpt(body),
        },
    };
    PartnerCenterError::with_ids(kind, ids)
}

/// An error answer without a body.
pub(crate) fn empty_answer(status: u16) -> ErrorKind {
    ErrorKind::Api {
        status,
        code: None,
        description: None,
        data: None,
        source: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_is_one_pointer_wide() {
        assert_eq!(
            std::mem::size_of::<PartnerCenterError>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn mfa_refusal_is_told_apart_from_other_401s() {
        let ids = RequestIds {
            request_id: "r1".into(),
            correlation_id: "c1".into(),
            cv: None,
        };
        for body in [
            r#"{"code":900421,"description":"MFA needed"}"#,
            r#"{"code":"900421","message":"MFA needed"}"#,
        ] {
            let e = error_reply(401, body.as_bytes(), ids.clone(), None);
            assert!(e.is_mfa_required(), "{body}");
            assert_eq!(e.status(), Some(401));
            let text = e.to_string();
            assert!(
                text.contains("bingads auth login --partner-center"),
                "{text}"
            );
            assert!(text.contains("MS-RequestId r1") && text.contains("MS-CorrelationId c1"));
        }
        let other = error_reply(
            401,
            br#"{"code":400,"description":"Access denied"}"#,
            ids,
            None,
        );
        assert!(!other.is_mfa_required());
    }

    #[test]
    fn documented_customer_codes_only() {
        let ids = RequestIds::default();
        for (status, code) in [(404, 60_003), (400, 900_118), (403, 20_002)] {
            let body = format!(r#"{{"code":{code},"description":"x"}}"#);
            assert!(error_reply(status, body.as_bytes(), ids.clone(), None).is_customer_not_found());
        }
        let invented = error_reply(404, br#"{"code":600008}"#, ids.clone(), None);
        assert!(!invented.is_customer_not_found());
        assert!(!error_reply(404, br#"{"code":60002}"#, ids, None).is_customer_not_found());
    }

    /// What each kind of failure calls for: connection failures and throttling are retried
    /// (throttling after the service's `Retry-After`), 5xx and 408 after a backoff, the rest
    /// never; and what counts as "not found" (404 or code 60002, nothing else).
    #[test]
    fn decisions_and_not_found() {
        let ids = RequestIds::default();
        let kinds = [
            (ErrorKind::Timeout, "backoff"),
            (
                ErrorKind::Dispatch {
                    message: "refused".into(),
                },
                "backoff",
            ),
            (
                ErrorKind::Throttled {
                    message: None,
                    retry_after: Some(Duration::from_secs(7)),
                },
                "after 7",
            ),
            (
                ErrorKind::Throttled {
                    message: None,
                    retry_after: None,
                },
                "backoff",
            ),
        ];
        for (kind, expected) in kinds {
            let said = match PartnerCenterError::from(kind).decision() {
                Decision::Retry(RetryClass::Backoff) => "backoff".to_string(),
                Decision::RetryAfter(wait) => format!("after {}", wait.as_secs()),
                Decision::Stop => "stop".to_string(),
                _ => "other".to_string(),
            };
            assert_eq!(said, expected);
        }
        for (status, stop) in [(503, false), (408, false), (400, true), (404, true)] {
            let e = error_reply(status, br#"{"code":1}"#, ids.clone(), None);
            assert_eq!(matches!(e.decision(), Decision::Stop), stop, "{status}");
        }
        assert!(error_reply(404, br#"{"code":1}"#, ids.clone(), None).is_not_found());
        assert!(error_reply(400, br#"{"code":60002}"#, ids.clone(), None).is_not_found());
        assert!(!error_reply(400, br#"{"code":1}"#, ids.clone(), None).is_not_found());
        assert!(!error_reply(429, br#"{"code":60003}"#, ids.clone(), None).is_not_found());
        let mfa = error_reply(401, br#"{"code":900421}"#, ids.clone(), None);
        assert_eq!(mfa.code(), Some(900421));
        // An answer without a body is that status; one that is not JSON says so, with an excerpt.
        let empty = error_reply(404, b" \r\n", ids.clone(), None);
        assert!(
            matches!(
                empty.kind(),
                ErrorKind::Api {
                    status: 404,
                    code: None,
                    ..
                }
            ),
            "{empty:?}"
        );
        let html = error_reply(502, b"<html>Bad Gateway</html>", ids, None);
        assert!(
            matches!(html.kind(), ErrorKind::Decode { status: 502, excerpt, .. } if excerpt.contains("Bad Gateway")),
            "{html:?}"
        );
    }
}
