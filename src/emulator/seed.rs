//! The emulator's starting data: a JSON file whose entities are written in each service's own
//! JSON form (Customer Management: the JSON view of the generated types, WSDL element names;
//! Partner Center: its camelCase REST bodies). `examples/emulator-seed.json` is a complete
//! example; the emulator guide (`docs/emulator.md`) documents every key.
//!
//! Every time in a seed may be absolute (`2026-11-01T09:00:00Z`) or relative to the emulator's
//! clock when it starts: a signed ISO-8601 duration, `-P3D` three days before, `P30D` or
//! `+P30D` thirty days after, `-PT2H30M`, `-P1W`. Relative seeds tell the same story on any
//! day; years and months are refused because their length depends on the date.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::partner_center::CustomerUser;
use crate::time::format_rfc3339;

/// The whole starting state. `#[non_exhaustive]`, so new keys are not a breaking change:
/// start from [`Seed::from_json`] or `Seed::default()` and set fields.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Seed {
    /// The `softDeletionTime`s of `partner_center` users that are not date-times (relative
    /// ones, `-P22D`), as written, until [`Seed::resolve_times`]: (customer, user, text).
    #[serde(skip)]
    pub(crate) pending_deletion_times: Vec<(usize, usize, String)>,
    /// DeveloperTokens accepted; empty accepts any non-empty token.
    #[serde(default)]
    pub developer_tokens: Vec<String>,
    /// AuthenticationTokens accepted; empty accepts any non-empty token.
    #[serde(default)]
    pub authentication_tokens: Vec<String>,
    /// AuthenticationTokens answered with 109 AuthenticationTokenExpired.
    #[serde(default)]
    pub expired_authentication_tokens: Vec<String>,
    /// AuthenticationTokens that expire at a time (absolute, or relative to the start like
    /// every seed time: `"PT1H"`), answered with 109 AuthenticationTokenExpired from then on.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub authentication_token_expiry: BTreeMap<String, String>,
    /// Partner Center bearer tokens accepted; empty accepts any non-empty token.
    #[serde(default)]
    pub partner_center_tokens: Vec<String>,
    /// The user GetUser returns when `UserId` is nil (the caller); default: the first user.
    #[serde(default)]
    pub signed_in_user_id: Option<i64>,
    /// `Customer` objects (JSON view); each needs an `Id`.
    #[serde(default)]
    pub customers: Vec<Map<String, Value>>,
    /// `AdvertiserAccount` objects; each needs an `Id` and a `ParentCustomerId`.
    #[serde(default)]
    pub accounts: Vec<Map<String, Value>>,
    /// Customer Management users, each with its roles.
    #[serde(default)]
    pub users: Vec<SeedUser>,
    /// `UserInvitation` objects; each needs an `Id` and a `CustomerId`.
    #[serde(default)]
    pub user_invitations: Vec<Map<String, Value>>,
    /// `ClientLink` objects (v13 names; v12's `ClientAccountId` / `ClientAccountNumber` are read
    /// as `ClientEntityId` / `ClientEntityNumber` of an `AccountLink`), oldest first.
    #[serde(default)]
    pub client_links: Vec<Map<String, Value>>,
    /// Customer ids that are agencies (UpgradeCustomerToAgency; agencies manage clients).
    #[serde(default)]
    pub agencies: Vec<i64>,
    /// Account ids that are prepay accounts (AddPrepayAccount); they cannot be linked.
    #[serde(default)]
    pub prepay_accounts: Vec<i64>,
    /// GetCustomerPilotFeatures, by customer id.
    #[serde(default)]
    pub customer_pilot_features: BTreeMap<i64, Vec<i32>>,
    /// GetAccountPilotFeatures, by account id.
    #[serde(default)]
    pub account_pilot_features: BTreeMap<i64, Vec<i32>>,
    /// GetPilotFeaturesCountries: `PilotFeature` objects (`Id`, `Countries`).
    #[serde(default)]
    pub pilot_features_countries: Vec<Map<String, Value>>,
    /// `Notification` objects every user sees until they dismiss them.
    #[serde(default)]
    pub notifications: Vec<Map<String, Value>>,
    /// MapAccountIdToExternalAccountIds, by account id.
    #[serde(default)]
    pub external_account_ids: BTreeMap<i64, Vec<String>>,
    /// MapCustomerIdToExternalCustomerId, by customer id.
    #[serde(default)]
    pub external_customer_ids: BTreeMap<i64, String>,
    /// Partner Center customers (tenants) and their users.
    #[serde(default)]
    pub partner_center: Vec<PartnerCenterCustomer>,
}

/// A user as GetUser returns it: the `User` and its `CustomerRoles`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedUser {
    /// `User` (JSON view); needs an `Id` and a `CustomerId`. A missing `TimeStamp` is issued.
    #[serde(rename = "User")]
    pub user: Map<String, Value>,
    /// `CustomerRole` objects (JSON view) GetUser returns with the user.
    #[serde(rename = "CustomerRoles", default)]
    pub customer_roles: Vec<Value>,
    /// What GetUserMFAStatus answers for the user.
    #[serde(rename = "MFAStatus", default)]
    pub mfa_status: bool,
    /// Notification ids the user dismissed.
    #[serde(rename = "DismissedNotifications", default)]
    pub dismissed_notifications: Vec<i64>,
}

/// A Partner Center customer (tenant) and its users, soft-deleted ones included
/// (`state: "inactive"` with `softDeletionTime`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerCenterCustomer {
    /// The customer's tenant id (a GUID).
    pub id: String,
    /// The tenant's users, in Partner Center's JSON form.
    #[serde(default)]
    pub users: Vec<CustomerUser>,
}

/// Tokens are secrets even in an emulator's seed: only their number is shown.
impl fmt::Debug for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Seed")
            .field("developer_tokens", &self.developer_tokens.len())
            .field("authentication_tokens", &self.authentication_tokens.len())
            .field(
                "expired_authentication_tokens",
                &self.expired_authentication_tokens.len(),
            )
            .field("partner_center_tokens", &self.partner_center_tokens.len())
            .field(
                "authentication_token_expiry",
                &self.authentication_token_expiry.len(),
            )
            .field("customers", &self.customers.len())
            .field("accounts", &self.accounts.len())
            .field("users", &self.users.len())
            .field("user_invitations", &self.user_invitations.len())
            .field("client_links", &self.client_links.len())
            .field("notifications", &self.notifications.len())
            .field("partner_center", &self.partner_center.len())
            .finish()
    }
}

/// A seed that cannot be used, with what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid emulator seed: {0}")]
pub struct SeedError(pub String);

fn resolve_object(
    object: &mut Map<String, Value>,
    path: &str,
    now: SystemTime,
) -> Result<(), SeedError> {
    for (key, value) in object.iter_mut() {
        let path = format!("{path}.{key}");
        match value {
            Value::String(text) if CUSTOMER_MANAGEMENT_TIME_KEYS.contains(&key.as_str()) => {
                *text =
                    resolve_time(text, now).map_err(|why| SeedError(format!("{path}: {why}")))?;
            }
            other => resolve_value(other, &path, now)?,
        }
    }
    Ok(())
}

fn resolve_value(value: &mut Value, path: &str, now: SystemTime) -> Result<(), SeedError> {
    match value {
        Value::Object(object) => resolve_object(object, path, now),
        Value::Array(items) => items
            .iter_mut()
            .enumerate()
            .try_for_each(|(i, item)| resolve_value(item, &format!("{path}[{i}]"), now)),
        _ => Ok(()),
    }
}

/// An absolute time is kept as written once it reads as one; a relative one becomes the
/// RFC 3339 text of `now` moved by it.
fn resolve_time(text: &str, now: SystemTime) -> Result<String, String> {
    let Some((later, by)) = parse_relative_time(text)? else {
        return match crate::time::parse_rfc3339(text) {
            Some(_) => Ok(text.to_string()),
            None => Err(format!(
                "{text:?} is neither a date-time (2026-11-01T09:00:00Z) nor a time relative \
                 to the emulator's start (-P3D, P30D, -PT2H)"
            )),
        };
    };
    let moved = if later {
        now.checked_add(by)
    } else {
        now.checked_sub(by)
    };
    moved
        .filter(|t| t.duration_since(std::time::UNIX_EPOCH).is_ok())
        .map(format_rfc3339)
        .ok_or_else(|| format!("{text:?} moves the clock out of range"))
}

/// `[+-]P[nW][nD][T[nH][nM][nS]]`: `None` when `text` is not written as a duration at all,
/// `Some((later, by))` for one, an error saying what is wrong for a malformed one.
pub(crate) fn parse_relative_time(text: &str) -> Result<Option<(bool, Duration)>, String> {
    let (later, rest) = match text.as_bytes().first() {
        Some(b'-') => (false, &text[1..]),
        Some(b'+') => (true, &text[1..]),
        _ => (true, text),
    };
    let Some(rest) = rest.strip_prefix('P') else {
        return Ok(None);
    };
    let bad = |why: &str| Err(format!("{text:?} is not a relative time: {why}"));
    let mut seconds: u64 = 0;
    let mut in_time = false;
    let mut any = false;
    let mut number = String::new();
    let mut last_unit = 0u8;
    for c in rest.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' if !in_time && number.is_empty() => {
                in_time = true;
                last_unit = 0;
            }
            'Y' | 'M' if !in_time => {
                return bad("years and months have no fixed length; give days (P30D)")
            }
            'W' | 'D' | 'H' | 'M' | 'S' => {
                let (rank, unit) = match (c, in_time) {
                    ('W', false) => (1, 7 * 86_400),
                    ('D', false) => (2, 86_400),
                    ('H', true) => (3, 3_600),
                    ('M', true) => (4, 60),
                    ('S', true) => (5, 1),
                    _ => return bad(&format!("{c} does not belong on that side of T")),
                };
                if number.is_empty() {
                    return bad(&format!("{c} needs a number before it"));
                }
                if rank <= last_unit {
                    return bad("units must come once each, largest first");
                }
                let n: u64 = number
                    .parse()
                    .map_err(|_| format!("{text:?}: {number} is too large"))?;
                seconds = n
                    .checked_mul(unit)
                    .and_then(|s| seconds.checked_add(s))
                    .ok_or_else(|| format!("{text:?} is too long a time"))?;
                number.clear();
                last_unit = rank;
                any = true;
            }
            _ => {
                return bad(&format!(
                    "unexpected {c:?} (whole numbers and W, D, T, H, M, S only)"
                ))
            }
        }
    }
    if !number.is_empty() {
        return bad(&format!("{number} has no unit"));
    }
    if !any || (in_time && last_unit < 3) {
        return bad("it names no amount of time");
    }
    Ok(Some((later, Duration::from_secs(seconds))))
}

/// The Partner Center customer of the default data set.
pub const DEFAULT_PARTNER_CENTER_CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";

/// The date-time elements of the Customer Management entities (v12 and v13 WSDLs, every
/// element of type `xs:dateTime`); a seed may give any of them as a relative time.
pub(crate) const CUSTOMER_MANAGEMENT_TIME_KEYS: &[&str] = &[
    "CreateTime",
    "ExpirationDate",
    "LastModifiedDateTime",
    "LastModifiedTime",
    "StartDate",
];

impl Seed {
    /// Reads a seed file's JSON. Relative times stay as written until the emulator starts
    /// ([`Seed::resolve_times`]), so one seed can start emulators on different clocks.
    pub fn from_json(text: &str) -> Result<Self, SeedError> {
        let mut value: Value = serde_json::from_str(text).map_err(|e| SeedError(e.to_string()))?;
        // `CustomerUser.soft_deletion_time` is a time: a relative one waits beside the seed.
        let mut pending = Vec::new();
        let customers = value
            .get_mut("partner_center")
            .and_then(Value::as_array_mut);
        for (i, customer) in customers.into_iter().flatten().enumerate() {
            let users = customer.get_mut("users").and_then(Value::as_array_mut);
            for (j, user) in users.into_iter().flatten().enumerate() {
                let Some(user) = user.as_object_mut() else {
                    continue;
                };
                let relative = user
                    .get("softDeletionTime")
                    .and_then(Value::as_str)
                    .filter(|t| crate::time::parse_rfc3339(t).is_none())
                    .map(str::to_string);
                if let Some(text) = relative {
                    user.remove("softDeletionTime");
                    pending.push((i, j, text));
                }
            }
        }
        let mut seed: Seed = serde_json::from_value(value).map_err(|e| SeedError(e.to_string()))?;
        seed.pending_deletion_times = pending;
        Ok(seed)
    }

    /// Turns every relative time into an absolute one at `now`, and checks that every time is
    /// one or the other; an error names the key and the reason.
    pub fn resolve_times(&mut self, now: SystemTime) -> Result<(), SeedError> {
        let lists = [
            ("customers", &mut self.customers),
            ("accounts", &mut self.accounts),
            ("user_invitations", &mut self.user_invitations),
            ("client_links", &mut self.client_links),
        ];
        for (name, list) in lists {
            for (i, object) in list.iter_mut().enumerate() {
                resolve_object(object, &format!("{name}[{i}]"), now)?;
            }
        }
        for (i, user) in self.users.iter_mut().enumerate() {
            resolve_object(&mut user.user, &format!("users[{i}].User"), now)?;
            for (j, role) in user.customer_roles.iter_mut().enumerate() {
                resolve_value(role, &format!("users[{i}].CustomerRoles[{j}]"), now)?;
            }
        }
        for (i, customer) in self.partner_center.iter_mut().enumerate() {
            for (j, user) in customer.users.iter_mut().enumerate() {
                let path = format!("partner_center[{i}].users[{j}]");
                if let Some(text) = &mut user.last_directory_sync_time {
                    *text = resolve_time(text, now)
                        .map_err(|why| SeedError(format!("{path}.lastDirectorySyncTime: {why}")))?;
                }
            }
        }
        for (i, j, text) in std::mem::take(&mut self.pending_deletion_times) {
            let path = format!("partner_center[{i}].users[{j}].softDeletionTime");
            let at = resolve_time(&text, now).map_err(|why| SeedError(format!("{path}: {why}")))?;
            let user = self
                .partner_center
                .get_mut(i)
                .and_then(|c| c.users.get_mut(j))
                .ok_or_else(|| SeedError(format!("{path}: no such user")))?;
            user.soft_deletion_time = crate::time::parse_rfc3339(&at);
        }
        Ok(())
    }

    /// When each token of `authentication_token_expiry` expires, relative times taken at
    /// `now`; an error names the token's position, never the token.
    pub(crate) fn token_expiry(
        &self,
        now: SystemTime,
    ) -> Result<BTreeMap<String, SystemTime>, SeedError> {
        self.authentication_token_expiry
            .iter()
            .enumerate()
            .map(|(i, (token, at))| {
                let at = resolve_time(at, now)
                    .ok()
                    .and_then(|t| crate::time::parse_rfc3339(&t))
                    .ok_or_else(|| {
                        SeedError(format!(
                            "authentication_token_expiry (token {}): {at:?} is neither a date-time nor a relative time (PT1H, -PT5M)",
                            i + 1
                        ))
                    })?;
                Ok((token.clone(), at))
            })
            .collect()
    }

    /// The data the emulator starts with when given no seed: customer 1001 (Contoso) with
    /// accounts 2001 and 2002, users 3001 (Super Admin, the signed-in user), 3002 and 3003, a
    /// pending invitation, and a Partner Center customer with three users, one of them
    /// soft-deleted three days before `now`. Token `expired-token` is answered with 109.
    pub fn default_data(now: SystemTime) -> Self {
        let user = |id: i64, user_name: &str, first: &str, last: &str, email: &str| {
            json!({
                "ContactInfo": {"Email": email, "EmailFormat": "Html", "Phone1": "555-0100"},
                "CustomerId": 1001, "Id": id, "JobTitle": "Marketing",
                "Lcid": "EnglishUS",
                "Name": {"FirstName": first, "LastName": last},
                "UserLifeCycleStatus": "Active", "UserName": user_name
            })
        };
        let object = |v: Value| match v {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let pc_user = |n: u32, first: &str, last: &str| {
            let value = json!({
                "id": format!("4f5e6d7c-0000-4000-8000-00000000000{n}"),
                "userPrincipalName": format!("{}@contoso.onmicrosoft.com", first.to_lowercase()),
                "firstName": first, "lastName": last,
                "displayName": format!("{first} {last}"),
                "userDomainType": "none", "state": "active",
                "attributes": {"objectType": "CustomerUser"}
            });
            serde_json::from_value::<CustomerUser>(value).unwrap_or_default()
        };
        let mut deleted = pc_user(3, "Casey", "Deleted");
        deleted.state = Some(crate::partner_center::UserState::Inactive);
        deleted.soft_deletion_time = Some(crate::time::whole_seconds(
            now.checked_sub(Duration::from_secs(3 * 86_400))
                .unwrap_or(now),
        ));
        let invitation_expiry = format_rfc3339(
            now.checked_add(Duration::from_secs(30 * 86_400))
                .unwrap_or(now),
        );
        Seed {
            expired_authentication_tokens: vec!["expired-token".into()],
            signed_in_user_id: Some(3001),
            customers: vec![object(json!({
                "CustomerFinancialStatus": "ClearFinancialStatus", "Id": 1001,
                "Industry": "Retail", "MarketCountry": "US", "MarketLanguage": "English",
                "Name": "Contoso Ltd", "ServiceLevel": "SelfServe",
                "CustomerLifeCycleStatus": "Active", "Number": "C1001"
            }))],
            accounts: vec![
                object(json!({
                    "BillToCustomerId": 1001, "CurrencyCode": "USD",
                    "AccountFinancialStatus": "ClearFinancialStatus", "Id": 2001,
                    "Language": "English", "Name": "Contoso Main", "Number": "F1002001",
                    "ParentCustomerId": 1001, "PaymentMethodType": "CreditCard",
                    "PrimaryUserId": 3001, "AccountLifeCycleStatus": "Active",
                    "TimeZone": "PacificTimeUSCanadaTijuana"
                })),
                object(json!({
                    "BillToCustomerId": 1001, "CurrencyCode": "USD",
                    "AccountFinancialStatus": "ClearFinancialStatus", "Id": 2002,
                    "Language": "English", "Name": "Contoso Outlet", "Number": "F1002002",
                    "ParentCustomerId": 1001, "PaymentMethodType": "Invoice",
                    "PrimaryUserId": 3002, "AccountLifeCycleStatus": "Pause", "PauseReason": 1,
                    "TimeZone": "EasternTimeUSCanada"
                })),
            ],
            users: vec![
                SeedUser {
                    user: object(user(
                        3001,
                        "alex@contoso.com",
                        "Alex",
                        "Admin",
                        "alex@contoso.com",
                    )),
                    customer_roles: vec![
                        json!({"RoleId": 41, "CustomerId": 1001, "AccountIds": [2001, 2002]}),
                    ],
                    mfa_status: true,
                    ..SeedUser::default()
                },
                SeedUser {
                    user: object(user(
                        3002,
                        "pat@contoso.com",
                        "Pat",
                        "Planner",
                        "pat@contoso.com",
                    )),
                    customer_roles: vec![
                        json!({"RoleId": 16, "CustomerId": 1001, "AccountIds": [2001, 2002]}),
                    ],
                    ..SeedUser::default()
                },
                SeedUser {
                    user: object(user(
                        3003,
                        "sam@contoso.com",
                        "Sam",
                        "Viewer",
                        "sam@contoso.com",
                    )),
                    customer_roles: vec![
                        json!({"RoleId": 100, "CustomerId": 1001, "AccountIds": [2001]}),
                    ],
                    ..SeedUser::default()
                },
            ],
            user_invitations: vec![object(json!({
                "Id": 4001, "FirstName": "Robin", "LastName": "Invited",
                "Email": "robin@contoso.com", "CustomerId": 1001, "RoleId": 16,
                "AccountIds": [2001], "ExpirationDate": invitation_expiry, "Lcid": "EnglishUS"
            }))],
            customer_pilot_features: BTreeMap::from([(1001, vec![78, 268, 793])]),
            pilot_features_countries: vec![object(
                json!({"Id": 793, "Countries": ["US", "GB", "CA", "AU"]}),
            )],
            notifications: vec![object(json!({
                "TypeId": 1, "Id": 5001, "Severity": 2, "Title": "Payment method expiring",
                "Message": "The credit card on account F1002001 expires next month.",
                "AdditionalInfo": [{"Key": "AccountId", "Value": "2001"}]
            }))],
            partner_center: vec![PartnerCenterCustomer {
                id: DEFAULT_PARTNER_CENTER_CUSTOMER.into(),
                users: vec![
                    pc_user(1, "Jordan", "Active"),
                    pc_user(2, "Taylor", "Active"),
                    deleted,
                ],
            }],
            ..Seed::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_rfc3339;

    fn start() -> SystemTime {
        parse_rfc3339("2031-03-10T08:00:00Z").unwrap()
    }

    #[test]
    fn relative_times_move_the_start_by_their_duration() {
        for (text, expected) in [
            ("-P3D", "2031-03-07T08:00:00Z"),
            ("P30D", "2031-04-09T08:00:00Z"),
            ("+P30D", "2031-04-09T08:00:00Z"),
            ("-PT2H30M", "2031-03-10T05:30:00Z"),
            ("-P1W", "2031-03-03T08:00:00Z"),
            ("P1DT1H1M1S", "2031-03-11T09:01:01Z"),
            ("PT0S", "2031-03-10T08:00:00Z"),
            // Absolute times are kept exactly as written.
            ("2026-11-01T09:00:00Z", "2026-11-01T09:00:00Z"),
            ("2024-05-06T07:08:09.123", "2024-05-06T07:08:09.123"),
        ] {
            assert_eq!(
                resolve_time(text, start()).as_deref(),
                Ok(expected),
                "{text}"
            );
        }
    }

    #[test]
    fn malformed_relative_times_say_why() {
        for (text, why) in [
            ("-P", "names no amount"),
            ("-PT", "names no amount"),
            ("P3", "has no unit"),
            ("-P1M", "years and months"),
            ("P1Y", "years and months"),
            ("-PD", "needs a number"),
            ("P1H", "does not belong"),
            ("PT1D", "does not belong"),
            ("P1D2W", "largest first"),
            ("P1D1D", "largest first"),
            ("P1.5D", "unexpected '.'"),
            ("P99999999999999999999D", "too large"),
            ("P9999999999999999W", "too long"),
            ("-P1000000D", "out of range"),
            ("yesterday", "neither a date-time"),
            ("2026-13-01T00:00:00Z", "neither a date-time"),
        ] {
            let e = resolve_time(text, start()).unwrap_err();
            assert!(e.contains(why), "{text}: {e}");
        }
    }

    #[test]
    fn a_bad_time_is_refused_with_its_key() {
        let mut seed = Seed::from_json(
            r#"{"customers": [{"Id": 1}],
                "users": [{"User": {"Id": 2, "CustomerId": 1, "LastModifiedTime": "-P3X"}}]}"#,
        )
        .unwrap();
        let e = seed.resolve_times(start()).unwrap_err().to_string();
        assert!(e.contains("users[0].User.LastModifiedTime"), "{e}");
        assert!(e.contains("unexpected 'X'"), "{e}");

        let mut seed = Seed::from_json(
            r#"{"partner_center": [{"id": "6a3cf2b1-8d7e-4f60-9a1b-2c3d4e5f6a7b",
                "users": [{"id": "u", "softDeletionTime": "P1M"}]}]}"#,
        )
        .unwrap();
        let e = seed.resolve_times(start()).unwrap_err().to_string();
        assert!(
            e.contains("partner_center[0].users[0].softDeletionTime"),
            "{e}"
        );
    }

    #[test]
    fn every_time_key_of_the_entities_is_resolved_and_only_those() {
        let mut seed = Seed::from_json(
            r#"{"customers": [{"Id": 1, "Name": "-P3D", "LastModifiedTime": "-P3D"}],
                "user_invitations": [{"Id": 3, "CustomerId": 1, "ExpirationDate": "P1D"}],
                "users": [{"User": {"Id": 2, "CustomerId": 1, "JobTitle": "P1D"},
                           "CustomerRoles": [{"RoleId": 16, "CreateTime": "-PT1H"}]}]}"#,
        )
        .unwrap();
        seed.resolve_times(start()).unwrap();
        assert_eq!(
            seed.customers[0]["LastModifiedTime"],
            "2031-03-07T08:00:00Z"
        );
        assert_eq!(seed.customers[0]["Name"], "-P3D");
        assert_eq!(
            seed.user_invitations[0]["ExpirationDate"],
            "2031-03-11T08:00:00Z"
        );
        assert_eq!(seed.users[0].user["JobTitle"], "P1D");
        assert_eq!(
            seed.users[0].customer_roles[0]["CreateTime"],
            "2031-03-10T07:00:00Z"
        );
    }

    /// The key list is the WSDLs' own: every element of type xs:dateTime (but the item of
    /// the generic dateTime array) of both versions.
    #[test]
    fn the_time_keys_are_the_wsdls_date_time_elements() {
        let mut found = std::collections::BTreeSet::new();
        for wsdl in [
            include_str!("../../wsdl/v12/CustomerManagementService.wsdl"),
            include_str!("../../wsdl/v13/CustomerManagementService.wsdl"),
        ] {
            for element in wsdl.split("<xs:element ").skip(1) {
                let tag = &element[..element.find('>').unwrap_or(element.len())];
                if !tag.contains("type=\"xs:dateTime\"") {
                    continue;
                }
                let name = tag
                    .split("name=\"")
                    .nth(1)
                    .and_then(|r| r.split('"').next());
                if let Some(name) = name.filter(|n| *n != "dateTime") {
                    found.insert(name.to_string());
                }
            }
        }
        let listed: std::collections::BTreeSet<String> = CUSTOMER_MANAGEMENT_TIME_KEYS
            .iter()
            .map(|k| k.to_string())
            .collect();
        assert_eq!(found, listed);
    }
}
