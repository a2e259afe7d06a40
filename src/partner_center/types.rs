//! Partner Center JSON shapes: customer users, pages and links, error bodies.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// How long a deleted user stays restorable before Partner Center purges it.
pub const SOFT_DELETE_RETENTION: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// A customer user. Fields the service adds later are kept in `extra`, not dropped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerUser {
    /// The user's id (a GUID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The sign-in name (`someone@contoso.onmicrosoft.com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_principal_name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// The name shown for the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Where the user uses services, as a two-letter country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_location: Option<String>,
    /// The kind of domain the user belongs to, as the service names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_domain_type: Option<String>,
    /// `active`, or `inactive` (deleted, restorable until purged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<UserState>,
    /// When the user was deleted: the start of the 30 days after which Partner Center purges
    /// it (only deleted users have one). Read from RFC 3339 text such as
    /// `"2017-01-20T00:33:34Z"` (the documentation's example) or with a fraction or an offset;
    /// any other text fails the whole answer with an error naming the field and the value.
    #[serde(
        default,
        with = "soft_deletion_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub soft_deletion_time: Option<SystemTime>,
    /// When the user was last synchronized with the directory (ISO 8601, as the service wrote it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_directory_sync_time: Option<String>,
    /// The user's `links` object, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Value>,
    /// The user's `attributes` object (`objectType`), as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Value>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CustomerUser {
    /// `state` is `inactive`: deleted, restorable until purged.
    pub fn is_deleted(&self) -> bool {
        self.state == Some(UserState::Inactive)
    }

    /// When Partner Center purges the user: `softDeletionTime` + 30 days.
    pub fn purge_at(&self) -> Option<SystemTime> {
        self.soft_deletion_time?.checked_add(SOFT_DELETE_RETENTION)
    }

    /// `purge_at` as RFC 3339 text (UTC, seconds).
    pub fn purge_at_text(&self) -> Option<String> {
        self.purge_at().map(format_rfc3339)
    }

    /// Deleted, and not yet purged at `now` (an injectable clock: pass `SystemTime::now()`).
    pub fn is_restorable(&self, now: SystemTime) -> bool {
        self.is_deleted() && self.purge_at().is_some_and(|purge| now < purge)
    }
}

/// A user's `state`: the documented `active` and `inactive` (read in any case, written in
/// lower case as the service's examples do), and any other value kept as sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum UserState {
    /// Signed in and working.
    Active,
    /// Deleted: restorable until purged, 30 days after `softDeletionTime`.
    Inactive,
    /// A state this library does not know, as the service wrote it.
    Other(String),
}

impl UserState {
    /// The wire text.
    pub fn as_str(&self) -> &str {
        match self {
            UserState::Active => "active",
            UserState::Inactive => "inactive",
            UserState::Other(s) => s,
        }
    }
}

impl From<&str> for UserState {
    fn from(text: &str) -> Self {
        if text.eq_ignore_ascii_case("active") {
            UserState::Active
        } else if text.eq_ignore_ascii_case("inactive") {
            UserState::Inactive
        } else {
            UserState::Other(text.to_string())
        }
    }
}

impl std::fmt::Display for UserState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for UserState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for UserState {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(UserState::from(text.as_str()))
    }
}

/// One link of a page: where to go and the headers to send (they carry `MS-ContinuationToken`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Where to go: a path or an absolute URL, as the service wrote it.
    pub uri: String,
    /// The HTTP method to use, when given.
    #[serde(default)]
    pub method: Option<String>,
    /// The headers to send with the request.
    #[serde(default)]
    pub headers: Vec<LinkHeader>,
}

/// One header a link asks to be sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkHeader {
    /// The header name (`MS-ContinuationToken`).
    pub key: String,
    /// The header value.
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Links {
    #[serde(default)]
    pub next: Option<Link>,
}

/// A page of a collection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawPage {
    #[serde(default)]
    pub total_count: Option<u64>,
    #[serde(default)]
    pub items: Vec<CustomerUser>,
    #[serde(default)]
    pub links: Option<Links>,
}

/// A page of users and where the next one is. `continuation` can be stored and handed back
/// to resume a long listing.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// The users on this page.
    pub items: Vec<CustomerUser>,
    /// The answer's `totalCount`, when it sent one.
    pub total_count: Option<u64>,
    /// The link to the next page; `None` on the last.
    pub continuation: Option<Link>,
    /// The ids of the call that fetched this page.
    pub ids: super::ids::RequestIds,
}

/// `{code, description, data, source}` (or 429's `{statusCode, message}`; the status is
/// the HTTP one).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ErrorBody {
    #[serde(default)]
    pub code: Option<Value>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub data: Option<Value>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

use crate::time::format_rfc3339;

/// `softDeletionTime` as [`crate::time::rfc3339_option`], its errors naming the field.
mod soft_deletion_time {
    use std::time::SystemTime;

    use serde::{de::Error, Deserializer, Serializer};

    use crate::time::rfc3339_option;

    pub fn serialize<S: Serializer>(t: &Option<SystemTime>, s: S) -> Result<S::Ok, S::Error> {
        rfc3339_option::serialize(t, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SystemTime>, D::Error> {
        rfc3339_option::deserialize(d)
            .map_err(|e| D::Error::custom(format!("softDeletionTime: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_rfc3339;

    #[test]
    fn rfc3339_round_trip_and_purge_date() {
        let t = parse_rfc3339("2019-05-22T16:11:22.4463405Z").unwrap();
        assert_eq!(format_rfc3339(t), "2019-05-22T16:11:22Z");
        assert_eq!(
            format_rfc3339(parse_rfc3339("2024-02-29T01:00:00+02:00").unwrap()),
            "2024-02-28T23:00:00Z"
        );
        assert_eq!(
            parse_rfc3339("2024-02-29T01:00:00"),
            parse_rfc3339("2024-02-29T01:00:00Z")
        );
        assert!(parse_rfc3339("yesterday").is_none());
        assert!(parse_rfc3339("2024-13-01T00:00:00Z").is_none());
        assert!(
            parse_rfc3339("292277026596-12-04T00:00:00Z").is_none(),
            "years past 9999 are refused"
        );
        assert!(parse_rfc3339("2024-01-01T00:00:00+99999999999999:00").is_none());
        let user = CustomerUser {
            state: Some(UserState::Inactive),
            soft_deletion_time: parse_rfc3339("2019-05-22T16:11:22.4463405Z"),
            ..Default::default()
        };
        assert_eq!(user.purge_at_text().unwrap(), "2019-06-21T16:11:22Z");
        assert!(user.is_restorable(parse_rfc3339("2019-06-21T16:11:21Z").unwrap()));
        assert!(!user.is_restorable(parse_rfc3339("2019-06-21T16:11:23Z").unwrap()));
    }

    #[test]
    fn unknown_fields_are_kept() {
        let json = r#"{"id":"a","state":"active","newField":{"x":1},"attributes":{"objectType":"CustomerUser"}}"#;
        let user: CustomerUser = serde_json::from_str(json).unwrap();
        assert_eq!(user.extra["newField"]["x"], 1);
        let back: Value = serde_json::to_value(&user).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(json).unwrap());
        let odd: CustomerUser = serde_json::from_str(r#"{"state":"Suspended"}"#).unwrap();
        assert_eq!(odd.state, Some(UserState::Other("Suspended".into())));
        assert_eq!(serde_json::to_value(&odd).unwrap()["state"], "Suspended");
        let upper: CustomerUser = serde_json::from_str(r#"{"state":"Inactive"}"#).unwrap();
        assert!(upper.is_deleted());
    }
}
