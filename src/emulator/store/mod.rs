//! The emulator's data and the Customer Management operations on it. Operations take and
//! return the JSON view of request and response bodies, so one implementation serves v12 and
//! v13 (each version's envelope layer reads and writes its own shapes).

mod access;
mod accounts;
mod customers;
mod dispatch;
mod invitations;
mod link_graph;
mod links;
mod misc;
mod query;
mod users;

pub use invitations::AcceptInvitationError;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::SystemTime;

use base64::Engine as _;
use serde_json::{json, Map, Value};

use super::seed::{PartnerCenterCustomer, Seed, SeedError, SeedUser};
use super::Clock;
use crate::model::{ErrorCode, FaultKind};
use crate::time::format_rfc3339;

type Object = Map<String, Value>;

/// One `OperationError` of an ApiFault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpError {
    pub code: i32,
    pub details: String,
    pub message: String,
}

impl OpError {
    /// A documented code, with the catalogue's name (or `details`) and description.
    pub(crate) fn new(code: i32, details: impl Into<String>) -> Self {
        let known = match ErrorCode::lookup(FaultKind::ApiFault, code) {
            ErrorCode::Known(_, info) => Some(info),
            ErrorCode::Unknown(..) => None,
        };
        let details = details.into();
        OpError {
            code,
            details: match known {
                Some(info) if details.is_empty() => info.name.to_string(),
                _ => details,
            },
            message: known.map_or_else(String::new, |info| info.description.to_string()),
        }
    }
}

pub(crate) type OpResult = Result<Value, Vec<OpError>>;

/// One call as `/_emulator/calls` lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Call {
    /// The operation's name (`GetUser`).
    pub operation: String,
    /// `soap` or `rest`.
    pub transport: String,
    /// The service version (`v13`).
    pub version: String,
    /// How the call ended.
    pub outcome: CallOutcome,
}

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CallOutcome {
    /// Executed: the store changed (for a write) and the answer was a success.
    Ok,
    /// Refused by the operation with these error codes; nothing changed.
    Fault {
        /// The operation's error codes.
        codes: Vec<i32>,
    },
    /// Answered by an injection (`what` says which); the operation did not run.
    Injected {
        /// The injection, e.g. `fault 117` or `http 503`.
        what: String,
    },
    /// Refused before the operation: credentials (105, 109) or an unreadable request.
    Refused {
        /// The error code: a credentials code (105, 109, …) or 100 for an unreadable request.
        code: i32,
    },
}

/// Every operation the emulator answers (the v13 service's 39; v12's 34 are among them).
pub const OPERATIONS: &[&str] = &[
    "AddAccount",
    "AddClientLinks",
    "AddPrepayAccount",
    "DeleteAccount",
    "DeleteCustomer",
    "DeleteUser",
    "DismissNotifications",
    "FindAccounts",
    "FindAccountsOrCustomersInfo",
    "GetAccessibleCustomer",
    "GetAccount",
    "GetAccountPilotFeatures",
    "GetAccountsInfo",
    "GetCurrentUser",
    "GetCustomer",
    "GetCustomerPilotFeatures",
    "GetCustomersInfo",
    "GetLinkedAccountsAndCustomersInfo",
    "GetNotifications",
    "GetPilotFeaturesCountries",
    "GetUser",
    "GetUserMFAStatus",
    "GetUsersInfo",
    "MapAccountIdToExternalAccountIds",
    "MapCustomerIdToExternalCustomerId",
    "SearchAccounts",
    "SearchClientLinks",
    "SearchCustomers",
    "SearchUserInvitations",
    "SendUserInvitation",
    "SignupCustomer",
    "UpdateAccount",
    "UpdateClientLinks",
    "UpdateCustomer",
    "UpdatePrepayAccount",
    "UpdateUser",
    "UpdateUserRoles",
    "UpgradeCustomerToAgency",
    "ValidateAddress",
];

/// An operation's errors as the ApiFault detail both front doors (SOAP, REST) answer with.
pub(crate) fn api_fault(tracking_id: &str, errors: Vec<OpError>) -> crate::model::FaultDetail {
    crate::model::FaultDetail::ApiFault {
        tracking_id: Some(tracking_id.to_string()),
        operation_errors: errors
            .into_iter()
            .map(|e| crate::model::OperationError {
                code: Some(e.code),
                details: Some(e.details),
                message: Some(e.message),
            })
            .collect(),
    }
}

/// Who may call.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    pub developer: Vec<String>,
    pub authentication: Vec<String>,
    pub expired: Vec<String>,
    pub partner_center: Vec<String>,
}

pub(crate) struct Store {
    clock: Arc<dyn Clock>,
    pub requests_served: u64,
    /// Operations executed (answered without a fault), by name: what a load test compares
    /// with what its callers saw, to prove nothing was lost or done twice.
    pub executed: BTreeMap<&'static str, u64>,
    pub tokens: Tokens,
    signed_in_user_id: Option<i64>,
    customers: BTreeMap<i64, Object>,
    accounts: BTreeMap<i64, Object>,
    users: BTreeMap<i64, SeedUser>,
    invitations: BTreeMap<i64, Object>,
    /// Oldest first; the most recent link of a (type, client, manager) is the one that counts.
    client_links: Vec<Object>,
    agencies: BTreeSet<i64>,
    prepay_accounts: BTreeSet<i64>,
    customer_pilots: BTreeMap<i64, Vec<i32>>,
    account_pilots: BTreeMap<i64, Vec<i32>>,
    pilot_countries: Vec<Object>,
    notifications: Vec<Object>,
    external_account_ids: BTreeMap<i64, Vec<String>>,
    external_customer_ids: BTreeMap<i64, String>,
    /// When each customer was created (seeded ones: at the emulator's start), for
    /// SearchCustomers' `CreatedDate` and `DateRange`.
    customer_created: BTreeMap<i64, SystemTime>,
    pub calls: std::collections::VecDeque<Call>,
    next_id: i64,
    /// The last issued TimeStamp (a row version, as SQL Server issues them).
    row_version: u64,
    pub partner_center: Vec<PartnerCenterCustomer>,
    /// Per operation, how many more calls find their user edited by someone else first
    /// ([`crate::emulator::Injection::EditedFirst`]).
    pub edited_first: Vec<(String, u32)>,
}

fn id_of(object: &Object, key: &str, what: &str) -> Result<i64, SeedError> {
    object
        .get(key)
        .and_then(as_long)
        .ok_or_else(|| SeedError(format!("every {what} needs a numeric {key:?}")))
}

fn insert_unique(
    map: &mut BTreeMap<i64, Object>,
    id: i64,
    object: Object,
    what: &str,
) -> Result<(), SeedError> {
    if map.insert(id, object).is_some() {
        return Err(SeedError(format!("two {what}s have Id {id}")));
    }
    Ok(())
}

impl Store {
    pub fn from_seed(mut seed: Seed, clock: Arc<dyn Clock>) -> Result<Self, SeedError> {
        seed.resolve_times(clock.now())?;
        let mut store = Store {
            clock,
            requests_served: 0,
            executed: BTreeMap::new(),
            tokens: Tokens {
                developer: seed.developer_tokens,
                authentication: seed.authentication_tokens,
                expired: seed.expired_authentication_tokens,
                partner_center: seed.partner_center_tokens,
            },
            signed_in_user_id: seed.signed_in_user_id,
            customers: BTreeMap::new(),
            accounts: BTreeMap::new(),
            users: BTreeMap::new(),
            invitations: BTreeMap::new(),
            client_links: Vec::new(),
            agencies: seed.agencies.into_iter().collect(),
            prepay_accounts: seed.prepay_accounts.into_iter().collect(),
            customer_pilots: seed.customer_pilot_features,
            account_pilots: seed.account_pilot_features,
            pilot_countries: seed.pilot_features_countries,
            notifications: seed.notifications,
            external_account_ids: seed.external_account_ids,
            external_customer_ids: seed.external_customer_ids,
            customer_created: BTreeMap::new(),
            calls: std::collections::VecDeque::new(),
            next_id: 0,
            row_version: 0,
            partner_center: Vec::new(),
            edited_first: Vec::new(),
        };
        let started = store.now();
        for mut c in seed.customers {
            let id = id_of(&c, "Id", "customer")?;
            if !c.contains_key("TimeStamp") {
                c.insert("TimeStamp".into(), store.issue_time_stamp());
            }
            store.customer_created.insert(id, started);
            insert_unique(&mut store.customers, id, c, "customer")?;
        }
        for mut a in seed.accounts {
            let id = id_of(&a, "Id", "account")?;
            let parent = id_of(&a, "ParentCustomerId", "account")?;
            if !store.customers.contains_key(&parent) {
                return Err(SeedError(format!(
                    "account {id} names ParentCustomerId {parent}, which is not among the customers"
                )));
            }
            if !a.contains_key("TimeStamp") {
                a.insert("TimeStamp".into(), store.issue_time_stamp());
            }
            insert_unique(&mut store.accounts, id, a, "account")?;
        }
        for mut u in seed.users {
            let id = id_of(&u.user, "Id", "user")?;
            let customer = id_of(&u.user, "CustomerId", "user")?;
            if !store.customers.contains_key(&customer) {
                return Err(SeedError(format!(
                    "user {id} names CustomerId {customer}, which is not among the customers"
                )));
            }
            if !u.user.contains_key("TimeStamp") {
                u.user.insert("TimeStamp".into(), store.issue_time_stamp());
            }
            u.user
                .entry("UserLifeCycleStatus")
                .or_insert_with(|| json!("Active"));
            // A value type (an enum, not nillable in the WSDL): WCF always writes it, the
            // enum's first member when never set.
            u.user
                .entry("SecretQuestion")
                .or_insert_with(|| json!("None"));
            if store.users.insert(id, u).is_some() {
                return Err(SeedError(format!("two users have Id {id}")));
            }
        }
        for i in seed.user_invitations {
            let id = id_of(&i, "Id", "user invitation")?;
            id_of(&i, "CustomerId", "user invitation")?;
            insert_unique(&mut store.invitations, id, i, "user invitation")?;
        }
        for (i, link) in seed.client_links.into_iter().enumerate() {
            let link = link_graph::normalized(link);
            let (kind, client, manager) = link_graph::parties(&link);
            let (Some(client), Some(manager)) = (client, manager) else {
                return Err(SeedError(format!(
                    "client_links[{i}] needs ClientEntityId and ManagingCustomerId"
                )));
            };
            let known = match kind {
                link_graph::Kind::Account => store.accounts.contains_key(&client),
                link_graph::Kind::Customer => store.customers.contains_key(&client),
            };
            if !known || !store.customers.contains_key(&manager) {
                return Err(SeedError(format!(
                    "client_links[{i}] links {client} to {manager}: both must be in the seed"
                )));
            }
            store.client_links.push(with_link_defaults(link, started));
        }
        if let Some(id) = store.signed_in_user_id {
            if !store.users.contains_key(&id) {
                return Err(SeedError(format!(
                    "signed_in_user_id {id} is not among the users"
                )));
            }
        }
        store.signed_in_user_id = store
            .signed_in_user_id
            .or_else(|| store.users.keys().next().copied());
        for customer in &seed.partner_center {
            super::partner_center::validate_seed(customer)?;
        }
        store.partner_center = seed.partner_center;
        let ids = [
            store.customers.keys().max().copied(),
            store.accounts.keys().max().copied(),
            store.users.keys().max().copied(),
            store.invitations.keys().max().copied(),
            store
                .notifications
                .iter()
                .filter_map(|n| long(n, "Id"))
                .max(),
        ];
        store.next_id = ids.into_iter().flatten().max().unwrap_or(0);
        Ok(store)
    }

    pub fn now(&self) -> SystemTime {
        self.clock.now()
    }

    fn issue_time_stamp(&mut self) -> Value {
        self.row_version += 1;
        let bytes = (0x0000_0000_0001_0000 + self.row_version).to_be_bytes();
        json!(base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    fn new_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// Stamps an entity as changed now by the caller: a new TimeStamp and LastModified….
    fn touch(&mut self, object_key: (&str, i64)) -> Value {
        let now = json!(format_rfc3339(self.now()));
        let stamp = self.issue_time_stamp();
        let by = self.caller();
        let object = match object_key.0 {
            "customer" => self.customers.get_mut(&object_key.1),
            _ => self.accounts.get_mut(&object_key.1),
        };
        if let Some(object) = object {
            object.insert("TimeStamp".into(), stamp);
            object.insert("LastModifiedTime".into(), now.clone());
            if let Some(by) = by {
                object.insert("LastModifiedByUserId".into(), json!(by));
            }
        }
        now
    }

    /// The store as a seed: what `/_emulator/state` returns, and what `--seed` can restart.
    pub fn to_seed(&self) -> Seed {
        Seed {
            developer_tokens: self.tokens.developer.clone(),
            authentication_tokens: self.tokens.authentication.clone(),
            expired_authentication_tokens: self.tokens.expired.clone(),
            partner_center_tokens: self.tokens.partner_center.clone(),
            signed_in_user_id: self.signed_in_user_id,
            customers: self.customers.values().cloned().collect(),
            accounts: self.accounts.values().cloned().collect(),
            users: self.users.values().cloned().collect(),
            user_invitations: self.invitations.values().cloned().collect(),
            client_links: self.client_links.clone(),
            agencies: self.agencies.iter().copied().collect(),
            prepay_accounts: self.prepay_accounts.iter().copied().collect(),
            customer_pilot_features: self.customer_pilots.clone(),
            account_pilot_features: self.account_pilots.clone(),
            pilot_features_countries: self.pilot_countries.clone(),
            notifications: self.notifications.clone(),
            external_account_ids: self.external_account_ids.clone(),
            external_customer_ids: self.external_customer_ids.clone(),
            partner_center: self.partner_center.clone(),
            // Kept outside the store (the front door checks token expiry).
            ..Seed::default()
        }
    }
}

/// A `CustomerInfo`.
/// A seeded link with the value-type members WCF always writes (not nillable in the WSDL):
/// not suppressed, last changed at its start (else the emulator's), by nobody known (0, the
/// default of a long).
fn with_link_defaults(mut link: Object, started: SystemTime) -> Object {
    link.entry("SuppressNotification").or_insert(json!(false));
    let since = link
        .get("StartDate")
        .cloned()
        .unwrap_or_else(|| json!(format_rfc3339(started)));
    link.entry("LastModifiedDateTime").or_insert(since);
    link.entry("LastModifiedByUserId").or_insert(json!(0));
    link
}

fn customer_info(customer: &Object) -> Value {
    json!({"Id": customer.get("Id"), "Name": customer.get("Name")})
}

fn long(object: &Object, key: &str) -> Option<i64> {
    object.get(key).and_then(as_long)
}

/// An `xs:long` of the JSON view: a string of digits (the wire form) or a number (seeds).
pub(crate) fn as_long(value: &Value) -> Option<i64> {
    match value {
        Value::String(s) => s.parse().ok(),
        other => other.as_i64(),
    }
}

fn missing(what: &str) -> Vec<OpError> {
    vec![OpError::new(203, format!("{what} cannot be null"))]
}

/// An update as the service documents it per field (the data-object pages): what the request
/// sets replaces the stored value; what it leaves out (absent or nil) is kept; `read_only`
/// fields are always kept, whatever the request says.
fn updated(stored: &Object, changes: &Object, read_only: &[&str]) -> Object {
    let mut out = stored.clone();
    for (key, value) in changes {
        if !read_only.contains(&key.as_str()) && !value.is_null() {
            out.insert(key.clone(), value.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests;
