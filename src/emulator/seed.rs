//! The emulator's starting data: a JSON file whose entities are written in each service's own
//! JSON form (Customer Management: the JSON view of the generated types, WSDL element names;
//! Partner Center: its camelCase REST bodies). `examples/emulator-seed.json` is a complete
//! example; the README documents every key.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::partner_center::{format_rfc3339, CustomerUser};

/// The whole starting state.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    /// DeveloperTokens accepted; empty accepts any non-empty token.
    #[serde(default)]
    pub developer_tokens: Vec<String>,
    /// AuthenticationTokens accepted; empty accepts any non-empty token.
    #[serde(default)]
    pub authentication_tokens: Vec<String>,
    /// AuthenticationTokens answered with 109 AuthenticationTokenExpired.
    #[serde(default)]
    pub expired_authentication_tokens: Vec<String>,
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
    #[serde(default)]
    pub users: Vec<SeedUser>,
    /// `UserInvitation` objects; each needs an `Id` and a `CustomerId`.
    #[serde(default)]
    pub user_invitations: Vec<Map<String, Value>>,
    #[serde(default)]
    pub partner_center: Vec<PartnerCenterCustomer>,
}

/// A user as GetUser returns it: the `User` and its `CustomerRoles`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUser {
    /// `User` (JSON view); needs an `Id` and a `CustomerId`. A missing `TimeStamp` is issued.
    #[serde(rename = "User")]
    pub user: Map<String, Value>,
    #[serde(rename = "CustomerRoles", default)]
    pub customer_roles: Vec<Value>,
}

/// A Partner Center customer (tenant) and its users, soft-deleted ones included
/// (`state: "inactive"` with `softDeletionTime`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerCenterCustomer {
    /// The customer's tenant id (a GUID).
    pub id: String,
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
            .field("customers", &self.customers.len())
            .field("accounts", &self.accounts.len())
            .field("users", &self.users.len())
            .field("user_invitations", &self.user_invitations.len())
            .field("partner_center", &self.partner_center.len())
            .finish()
    }
}

/// A seed that cannot be used, with what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedError(pub String);

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid emulator seed: {}", self.0)
    }
}

impl std::error::Error for SeedError {}

/// The Partner Center customer of the default data set.
pub const DEFAULT_PARTNER_CENTER_CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";

impl Seed {
    /// Reads a seed file's JSON.
    pub fn from_json(text: &str) -> Result<Self, SeedError> {
        serde_json::from_str(text).map_err(|e| SeedError(e.to_string()))
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
        deleted.state = Some("inactive".into());
        deleted.soft_deletion_time = Some(format_rfc3339(
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
                },
            ],
            user_invitations: vec![object(json!({
                "Id": 4001, "FirstName": "Robin", "LastName": "Invited",
                "Email": "robin@contoso.com", "CustomerId": 1001, "RoleId": 16,
                "AccountIds": [2001], "ExpirationDate": invitation_expiry, "Lcid": "EnglishUS"
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
