//! The emulator's data and the Customer Management operations on it. Operations take and
//! return the JSON view of request and response bodies, so one implementation serves v12 and
//! v13 (each version's envelope layer reads and writes its own shapes).

mod accounts;
mod customers;
mod links;
mod misc;
mod users;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use serde_json::{json, Map, Value};

use super::seed::{PartnerCenterCustomer, Seed, SeedError, SeedUser};
use super::Clock;
use crate::model::{ErrorCode, FaultKind};
use crate::partner_center::format_rfc3339;

type Object = Map<String, Value>;

/// How long a user invitation stays valid.
const INVITATION_VALIDITY: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// The largest `PageInfo.Size` SearchAccounts accepts.
const MAX_PAGE_SIZE: i64 = 1000;

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

/// The calls log keeps the most recent ones; a long-running emulator does not grow forever.
const MAX_CALLS_KEPT: usize = 100_000;

/// A caller that may read or change everything (no users in the seed).
const EVERYONE: Option<i64> = None;

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
            let link = links::normalized(link);
            let (kind, client, manager) = links::parties(&link);
            let (Some(client), Some(manager)) = (client, manager) else {
                return Err(SeedError(format!(
                    "client_links[{i}] needs ClientEntityId and ManagingCustomerId"
                )));
            };
            let known = match kind {
                links::Kind::Account => store.accounts.contains_key(&client),
                links::Kind::Customer => store.customers.contains_key(&client),
            };
            if !known || !store.customers.contains_key(&manager) {
                return Err(SeedError(format!(
                    "client_links[{i}] links {client} to {manager}: both must be in the seed"
                )));
            }
            store.client_links.push(link);
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

    /// Runs one operation: every Customer Management operation of v12 and v13 (each version's
    /// envelope layer reads and writes its own shapes of the same JSON view).
    fn operation(&mut self, name: &str, request: &Object) -> OpResult {
        match name {
            "GetUser" => self.get_user(request),
            "GetCurrentUser" => self.get_current_user(),
            "GetUsersInfo" => self.get_users_info(request),
            "UpdateUser" => self.update_user(request),
            "DeleteUser" => self.delete_user(request),
            "UpdateUserRoles" => self.update_user_roles(request),
            "GetUserMFAStatus" => self.get_user_mfa_status(),
            "SendUserInvitation" => self.send_user_invitation(request),
            "SearchUserInvitations" => self.search_user_invitations(request),
            "GetCustomer" => self.get_customer(request),
            "GetCustomersInfo" => self.get_customers_info(request),
            "UpdateCustomer" => self.update_customer(request),
            "DeleteCustomer" => self.delete_customer(request),
            "SignupCustomer" => self.signup_customer(request),
            "SearchCustomers" => self.search_customers(request),
            "GetAccessibleCustomer" => self.get_accessible_customer(request),
            "UpgradeCustomerToAgency" => self.upgrade_customer_to_agency(request),
            "MapCustomerIdToExternalCustomerId" => self.map_customer_id(request),
            "GetCustomerPilotFeatures" => self.get_customer_pilot_features(request),
            "GetAccount" => self.get_account(request),
            "FindAccounts" => self.find_accounts(request),
            "SearchAccounts" => self.search_accounts(request),
            "AddAccount" => self.add_account(request, false),
            "AddPrepayAccount" => self.add_account(request, true),
            "UpdateAccount" => self.update_account(request, false),
            "UpdatePrepayAccount" => self.update_account(request, true),
            "DeleteAccount" => self.delete_account(request),
            "GetAccountsInfo" => self.get_accounts_info(request),
            "GetAccountPilotFeatures" => self.get_account_pilot_features(request),
            "MapAccountIdToExternalAccountIds" => self.map_account_id(request),
            "AddClientLinks" => self.add_client_links(request),
            "UpdateClientLinks" => self.update_client_links(request),
            "SearchClientLinks" => self.search_client_links(request),
            "GetLinkedAccountsAndCustomersInfo" => self.get_linked_accounts_and_customers(request),
            "FindAccountsOrCustomersInfo" => self.find_accounts_or_customers(request),
            "GetNotifications" => self.get_notifications(request),
            "DismissNotifications" => self.dismiss_notifications(request),
            "GetPilotFeaturesCountries" => Ok(json!({"PilotFeatures": self.pilot_countries})),
            "ValidateAddress" => misc::validate_address(request),
            // Only a name outside OPERATIONS gets here (a test keeps the two in step).
            _ => Err(vec![OpError {
                code: 204,
                details: format!("The emulator does not know the operation {name}."),
                message: "The operation is not supported.".into(),
            }]),
        }
    }

    /// Runs one operation and logs the call; every answer of both front doors comes through
    /// here or through [`Store::record`].
    pub fn execute(
        &mut self,
        name: &'static str,
        (transport, version): (&str, &str),
        request: &Object,
    ) -> OpResult {
        let result = self.operation(name, request);
        let outcome = match &result {
            Ok(_) => {
                *self.executed.entry(name).or_default() += 1;
                CallOutcome::Ok
            }
            Err(errors) => CallOutcome::Fault {
                codes: errors.iter().map(|e| e.code).collect(),
            },
        };
        self.record(name, (transport, version), outcome);
        result
    }

    /// Logs a call that did not reach an operation (an injection, refused credentials).
    pub fn record(&mut self, name: &str, (transport, version): (&str, &str), outcome: CallOutcome) {
        if self.calls.len() == MAX_CALLS_KEPT {
            self.calls.pop_front();
        }
        self.calls.push_back(Call {
            operation: name.to_string(),
            transport: transport.to_string(),
            version: version.to_string(),
            outcome,
        });
    }

    fn user(&self, id: i64) -> Result<&SeedUser, Vec<OpError>> {
        self.users
            .get(&id)
            .ok_or_else(|| vec![OpError::new(210, format!("UserId {id}"))])
    }

    fn get_user(&mut self, request: &Object) -> OpResult {
        let id = match long(request, "UserId") {
            Some(id) => id,
            None => self.signed_in_user_id.ok_or_else(|| missing("UserId"))?,
        };
        let user = self.user(id)?;
        Ok(json!({"User": user.user, "CustomerRoles": user.customer_roles}))
    }

    fn get_users_info(&mut self, request: &Object) -> OpResult {
        let customer = long(request, "CustomerId").ok_or_else(|| missing("CustomerId"))?;
        if !self.customers.contains_key(&customer) {
            return Err(vec![OpError::new(210, format!("CustomerId {customer}"))]);
        }
        let status = request.get("StatusFilter").and_then(Value::as_str);
        let users: Vec<Value> = self
            .users
            .values()
            .filter(|u| long(&u.user, "CustomerId") == Some(customer))
            .filter(|u| status.is_none_or(|s| u.user.get("UserLifeCycleStatus") == Some(&json!(s))))
            .map(|u| json!({"Id": u.user.get("Id"), "UserName": u.user.get("UserName")}))
            .collect();
        Ok(json!({"UsersInfo": users}))
    }

    /// A live (not deleted) user whose TimeStamp is `time_stamp`.
    fn check_time_stamp(&self, id: i64, time_stamp: Option<&Value>) -> Result<(), Vec<OpError>> {
        let user = self.user(id)?;
        if user.user.get("UserLifeCycleStatus") == Some(&json!("Deleted")) {
            return Err(vec![OpError::new(210, format!("UserId {id} is deleted"))]);
        }
        if time_stamp != user.user.get("TimeStamp") {
            return Err(vec![OpError::new(209, "")]);
        }
        Ok(())
    }

    fn touch_user(&mut self, id: i64) -> Value {
        let now = json!(format_rfc3339(self.now()));
        let stamp = self.issue_time_stamp();
        let by = self.signed_in_user_id;
        if let Some(user) = self.users.get_mut(&id) {
            user.user.insert("TimeStamp".into(), stamp);
            user.user.insert("LastModifiedTime".into(), now.clone());
            if let Some(by) = by {
                user.user.insert("LastModifiedByUserId".into(), json!(by));
            }
        }
        now
    }

    fn update_user(&mut self, request: &Object) -> OpResult {
        let Some(Value::Object(changes)) = request.get("User") else {
            return Err(missing("User"));
        };
        let id = long(changes, "Id").ok_or_else(|| missing("User.Id"))?;
        self.check_time_stamp(id, changes.get("TimeStamp"))?;
        // Nil elements leave a field unchanged, as the service documents for updates. Ids,
        // system fields and secrets are not taken from the request.
        const NOT_UPDATABLE: &[&str] = &[
            "Id",
            "CustomerId",
            "TimeStamp",
            "LastModifiedTime",
            "LastModifiedByUserId",
            "UserLifeCycleStatus",
            "Password",
            "SecretAnswer",
            "AuthenticationToken",
        ];
        if let Some(user) = self.users.get_mut(&id) {
            for (key, value) in changes {
                if !NOT_UPDATABLE.contains(&key.as_str()) {
                    user.user.insert(key.clone(), value.clone());
                }
            }
        }
        let now = self.touch_user(id);
        Ok(json!({"LastModifiedTime": now}))
    }

    fn delete_user(&mut self, request: &Object) -> OpResult {
        let id = long(request, "UserId").ok_or_else(|| missing("UserId"))?;
        self.check_time_stamp(id, request.get("TimeStamp"))?;
        if let Some(user) = self.users.get_mut(&id) {
            user.user
                .insert("UserLifeCycleStatus".into(), json!("Deleted"));
        }
        self.touch_user(id);
        Ok(json!({}))
    }

    fn get_customer(&mut self, request: &Object) -> OpResult {
        let id = long(request, "CustomerId").ok_or_else(|| missing("CustomerId"))?;
        let customer = self
            .customers
            .get(&id)
            .ok_or_else(|| vec![OpError::new(210, format!("CustomerId {id}"))])?;
        Ok(json!({"Customer": customer}))
    }

    fn get_account(&mut self, request: &Object) -> OpResult {
        let id = long(request, "AccountId").ok_or_else(|| missing("AccountId"))?;
        let account = self
            .accounts
            .get(&id)
            .ok_or_else(|| vec![OpError::new(2108, "")])?;
        Ok(json!({"Account": account}))
    }

    fn account_info(account: &Object) -> Value {
        let mut info = Object::new();
        for key in [
            "Id",
            "Name",
            "Number",
            "AccountLifeCycleStatus",
            "PauseReason",
        ] {
            if let Some(v) = account.get(key) {
                info.insert(key.into(), v.clone());
            }
        }
        Value::Object(info)
    }

    fn find_accounts(&mut self, request: &Object) -> OpResult {
        let top_n = long(request, "TopN").ok_or_else(|| missing("TopN"))?;
        if !(1..=5000).contains(&top_n) {
            return Err(vec![OpError::new(201, "TopN must be from 1 through 5000")]);
        }
        let customer = long(request, "CustomerId");
        let filter = request
            .get("AccountFilter")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_lowercase();
        let starts = |account: &Object, key: &str| {
            account
                .get(key)
                .and_then(Value::as_str)
                .is_some_and(|v| v.to_lowercase().starts_with(&filter))
        };
        let infos: Vec<Value> = self
            .accounts
            .values()
            .filter(|a| customer.is_none_or(|c| long(a, "ParentCustomerId") == Some(c)))
            .filter(|a| filter.is_empty() || starts(a, "Name") || starts(a, "Number"))
            .take(top_n as usize)
            .map(Self::account_info)
            .collect();
        Ok(json!({"AccountsInfo": infos}))
    }

    fn search_accounts(&mut self, request: &Object) -> OpResult {
        let predicates = predicates(request)?;
        let (index, size) = paging(request)?;
        let mut matches: Vec<&Object> = Vec::new();
        for account in self.accounts.values() {
            let mut all = true;
            for p in &predicates {
                all &= self.account_matches(account, p)?;
            }
            if all {
                matches.push(account);
            }
        }
        order_by(request, &mut matches, |field| match field {
            "Name" => "Name",
            "Number" => "Number",
            "LifeCycleStatus" => "AccountLifeCycleStatus",
            _ => "Id",
        });
        let page: Vec<&Object> = matches
            .into_iter()
            .skip((index * size) as usize)
            .take(size as usize)
            .collect();
        Ok(json!({"Accounts": page}))
    }

    fn account_matches(&self, account: &Object, p: &Predicate) -> Result<bool, Vec<OpError>> {
        let text = |key: &str| {
            account
                .get(key)
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .unwrap_or_default()
        };
        let ok = match (p.field.as_str(), p.operator.as_str()) {
            ("AccountId", "Equals") => text("Id") == p.value,
            ("AccountId", "In") | ("AccountNumber", "In") => {
                let key = if p.field == "AccountId" {
                    "Id"
                } else {
                    "Number"
                };
                p.value.split(',').any(|v| v.trim() == text(key))
            }
            ("AccountLifeCycleStatus", "Equals") => {
                let status = text("AccountLifeCycleStatus");
                let pause_reason = long(account, "PauseReason");
                // Documented: "Active" also returns accounts the billing service paused
                // (PauseReason 2); "Pause" returns those the user paused (1 or 4).
                match p.value.as_str() {
                    "Active" => {
                        status == "Active" || (status == "Pause" && pause_reason == Some(2))
                    }
                    "Pause" => status == "Pause" && matches!(pause_reason, Some(1 | 4) | None),
                    other => status == other,
                }
            }
            ("AccountName", "Equals") => text("Name").eq_ignore_ascii_case(&p.value),
            ("AccountName", "Contains") => text("Name")
                .to_lowercase()
                .contains(&p.value.to_lowercase()),
            ("AccountNumber", "Equals") => text("Number").eq_ignore_ascii_case(&p.value),
            ("AccountNumber", "Contains") => text("Number")
                .to_lowercase()
                .contains(&p.value.to_lowercase()),
            ("CustomerId", "Equals") => text("ParentCustomerId") == p.value,
            ("UserId", "Equals") => {
                let user: i64 = p.value.trim().parse().map_err(|_| invalid_predicate(p))?;
                let id = long(account, "Id");
                self.users.get(&user).is_some_and(|u| {
                    u.customer_roles.iter().any(|role| {
                        role.get("AccountIds")
                            .and_then(Value::as_array)
                            .is_some_and(|ids| ids.iter().any(|a| as_long(a) == id))
                    })
                })
            }
            _ => return Err(invalid_predicate(p)),
        };
        Ok(ok)
    }

    fn send_user_invitation(&mut self, request: &Object) -> OpResult {
        let Some(Value::Object(invitation)) = request.get("UserInvitation") else {
            return Err(vec![OpError::new(3086, "")]);
        };
        for key in ["FirstName", "LastName", "Email", "CustomerId", "RoleId"] {
            if invitation.get(key).is_none_or(|v| v.as_str() == Some("")) {
                return Err(vec![OpError::new(
                    201,
                    format!("UserInvitation.{key} is required"),
                )]);
            }
        }
        let customer = long(invitation, "CustomerId").unwrap_or_default();
        if !self.customers.contains_key(&customer) {
            return Err(vec![OpError::new(210, format!("CustomerId {customer}"))]);
        }
        let id = self.new_id();
        let mut stored = invitation.clone();
        stored.insert("Id".into(), json!(id));
        let expiry = self
            .now()
            .checked_add(INVITATION_VALIDITY)
            .unwrap_or_else(|| self.now());
        stored.insert("ExpirationDate".into(), json!(format_rfc3339(expiry)));
        self.invitations.insert(id, stored);
        Ok(json!({"UserInvitationId": id}))
    }

    fn search_user_invitations(&mut self, request: &Object) -> OpResult {
        let predicates = predicates(request)?;
        let mut customers = Vec::new();
        for p in &predicates {
            match (p.field.as_str(), p.operator.as_str()) {
                ("CustomerId", "Equals") => customers.push(
                    p.value
                        .trim()
                        .parse::<i64>()
                        .map_err(|_| invalid_predicate(p))?,
                ),
                _ => return Err(invalid_predicate(p)),
            }
        }
        let found: Vec<&Object> = self
            .invitations
            .values()
            .filter(|i| {
                let c = long(i, "CustomerId");
                customers.iter().all(|want| c == Some(*want))
            })
            .collect();
        Ok(json!({"UserInvitations": found}))
    }
}

/// Role ids of the service (`CustomerRole.RoleId`).
pub(crate) mod role {
    pub const ADVERTISER_CAMPAIGN_MANAGER: i32 = 16;
    pub const AGGREGATOR: i32 = 33;
    pub const SUPER_ADMIN: i32 = 41;
    pub const VIEWER: i32 = 100;
    pub const STANDARD: i32 = 203;
    /// Roles that apply to a whole customer and cannot be restricted to accounts.
    pub const CUSTOMER_LEVEL: &[i32] = &[SUPER_ADMIN, AGGREGATOR];
}

/// Who the caller is and what it may touch: the signed-in user's `CustomerRoles`, and the
/// client customers and accounts its customers manage through active links.
impl Store {
    fn caller(&self) -> Option<i64> {
        self.signed_in_user_id
    }

    /// The caller's roles: (role, customer, the accounts it is restricted to).
    fn caller_roles(&self) -> Vec<(i32, i64, Option<Vec<i64>>)> {
        let Some(user) = self.caller().and_then(|id| self.users.get(&id)) else {
            return Vec::new();
        };
        user.customer_roles
            .iter()
            .filter_map(|r| {
                let role = r.get("RoleId").and_then(as_long)? as i32;
                let customer = r.get("CustomerId").and_then(as_long)?;
                let accounts = r
                    .get("AccountIds")
                    .and_then(Value::as_array)
                    .map(|ids| ids.iter().filter_map(as_long).collect());
                Some((role, customer, accounts))
            })
            .collect()
    }

    /// The caller holds one of `roles` on `customer` (directly or through an agency that
    /// manages it); without a signed-in user everyone may.
    fn may_on_customer(&self, customer: i64, roles: &[i32]) -> bool {
        if self.caller() == EVERYONE {
            return true;
        }
        let managers = self.managers_of(links::Kind::Customer, customer);
        self.caller_roles().iter().any(|(role, c, _)| {
            (roles.is_empty() || roles.contains(role)) && (*c == customer || managers.contains(c))
        })
    }

    /// The caller holds one of `roles` on `account`: on its customer (unrestricted or with the
    /// account listed), or on an agency that manages the account or its customer.
    fn may_on_account(&self, account: i64, roles: &[i32]) -> bool {
        if self.caller() == EVERYONE {
            return true;
        }
        let Some(parent) = self
            .accounts
            .get(&account)
            .and_then(|a| long(a, "ParentCustomerId"))
        else {
            return false;
        };
        let mut managers = self.managers_of(links::Kind::Account, account);
        managers.extend(self.managers_of(links::Kind::Customer, parent));
        self.caller_roles().iter().any(|(role, c, restricted)| {
            (roles.is_empty() || roles.contains(role))
                && ((*c == parent
                    && (role::CUSTOMER_LEVEL.contains(role)
                        || restricted
                            .as_ref()
                            .is_none_or(|ids| ids.is_empty() || ids.contains(&account))))
                    || managers.contains(c))
        })
    }

    /// The caller may read `customer`.
    fn can_see_customer(&self, customer: i64) -> bool {
        self.customers.contains_key(&customer) && self.may_on_customer(customer, ANY_ROLE)
    }

    /// The caller may read `account`.
    fn can_see_account(&self, account: i64) -> bool {
        self.accounts.contains_key(&account) && self.may_on_account(account, ANY_ROLE)
    }

    /// 106 unless `allowed`.
    fn authorize(allowed: bool) -> Result<(), Vec<OpError>> {
        if allowed {
            Ok(())
        } else {
            Err(vec![OpError::new(106, "")])
        }
    }

    /// The customer the caller belongs to (what a nil `CustomerId` means).
    fn caller_customer(&self) -> Option<i64> {
        let user = self.users.get(&self.caller()?)?;
        long(&user.user, "CustomerId")
    }

    fn customer_info(customer: &Object) -> Value {
        json!({"Id": customer.get("Id"), "Name": customer.get("Name")})
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

/// Any role at all: what reading needs.
const ANY_ROLE: &[i32] = &[];

struct Predicate {
    field: String,
    operator: String,
    value: String,
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

fn invalid_predicate(p: &Predicate) -> Vec<OpError> {
    vec![OpError::new(
        3030,
        format!("{} {} {:?}", p.field, p.operator, p.value),
    )]
}

fn predicates(request: &Object) -> Result<Vec<Predicate>, Vec<OpError>> {
    let list = match request.get("Predicates") {
        Some(Value::Array(list)) if !list.is_empty() => list,
        _ => return Err(vec![OpError::new(474, "")]),
    };
    Ok(list
        .iter()
        .map(|p| {
            let text = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            Predicate {
                field: text("Field"),
                // Operator is not nillable; the WSDL default is the first value.
                operator: p
                    .get("Operator")
                    .and_then(Value::as_str)
                    .unwrap_or("Equals")
                    .to_string(),
                value: text("Value"),
            }
        })
        .collect())
}

fn paging(request: &Object) -> Result<(i64, i64), Vec<OpError>> {
    paging_with(request, MAX_PAGE_SIZE)
}

/// `PageInfo` (required): a zero-based index and a size from 1 through `max_size`.
fn paging_with(request: &Object, max_size: i64) -> Result<(i64, i64), Vec<OpError>> {
    let Some(Value::Object(page)) = request.get("PageInfo") else {
        return Err(vec![OpError::new(3080, "")]);
    };
    let index = long(page, "Index").unwrap_or(0);
    let size = long(page, "Size").unwrap_or(0);
    if index < 0 || !(1..=max_size).contains(&size) {
        return Err(vec![OpError::new(
            3080,
            format!("PageInfo Index {index}, Size {size}: Size must be from 1 through {max_size}"),
        )]);
    }
    Ok((index, size))
}

/// Sorts `found` by the request's first `OrderBy` (the service honours one and ignores the
/// rest); `key_of` names the member an `OrderByField` sorts by.
fn order_by(request: &Object, found: &mut [&Object], key_of: impl Fn(&str) -> &'static str) {
    let Some(order) = request
        .get("Ordering")
        .and_then(Value::as_array)
        .and_then(|o| o.first())
    else {
        return;
    };
    let key = key_of(order.get("Field").and_then(Value::as_str).unwrap_or("Id"));
    found.sort_by(|a, b| compare(a.get(key), b.get(key)));
    if order.get("Order").and_then(Value::as_str) == Some("Descending") {
        found.reverse();
    }
}

/// A full overwrite, as the service's updates are: the stored system fields, then every
/// field of `changes` that is set and is not one of them (what the request leaves out is
/// cleared).
fn overwritten(stored: &Object, changes: &Object, system_fields: &[&str]) -> Object {
    let system = |key: &String| system_fields.contains(&key.as_str());
    let mut out: Object = stored
        .iter()
        .filter(|(k, _)| system(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, value) in changes {
        if !system(key) && !value.is_null() {
            out.insert(key.clone(), value.clone());
        }
    }
    out
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    if let (Some(x), Some(y)) = (a.and_then(as_long), b.and_then(as_long)) {
        return x.cmp(&y);
    }
    match (a, b) {
        (Some(Value::String(x)), Some(Value::String(y))) => x.to_lowercase().cmp(&y.to_lowercase()),
        (x, y) => x.is_some().cmp(&y.is_some()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::ManualClock;

    fn store() -> Store {
        let now = crate::partner_center::parse_rfc3339("2026-11-23T12:00:00Z").unwrap();
        Store::from_seed(Seed::default_data(now), Arc::new(ManualClock::new(now))).unwrap()
    }

    fn object(v: Value) -> Object {
        match v {
            Value::Object(m) => m,
            _ => unreachable!("test input is an object"),
        }
    }

    #[test]
    fn stale_time_stamp_is_209_and_every_update_issues_a_new_one() {
        let mut s = store();
        let user = s.get_user(&object(json!({"UserId": 3002}))).unwrap();
        let stamp = user["User"]["TimeStamp"].clone();
        s.update_user(&object(
            json!({"User": {"Id": 3002, "TimeStamp": stamp, "JobTitle": "Lead"}}),
        ))
        .unwrap();
        let after = s.get_user(&object(json!({"UserId": 3002}))).unwrap();
        assert_ne!(after["User"]["TimeStamp"], stamp);
        assert_eq!(after["User"]["JobTitle"], "Lead");
        assert_eq!(after["User"]["LastModifiedTime"], "2026-11-23T12:00:00Z");
        let err = s
            .delete_user(&object(json!({"UserId": 3002, "TimeStamp": stamp})))
            .unwrap_err();
        assert_eq!(
            err,
            vec![OpError {
                code: 209,
                details: "TimestampNotMatch".into(),
                message: "The time stamp does not match.".into()
            }]
        );
    }

    #[test]
    fn search_accounts_predicates_ordering_and_paging() {
        let mut s = store();
        let search = |s: &mut Store, v: Value| s.search_accounts(&object(v));
        let out = search(
            &mut s,
            json!({"Predicates": [{"Field": "CustomerId", "Operator": "Equals", "Value": "1001"}],
                   "Ordering": [{"Field": "Name", "Order": "Descending"}],
                   "PageInfo": {"Index": 0, "Size": 1}}),
        )
        .unwrap();
        assert_eq!(out["Accounts"][0]["Name"], "Contoso Outlet");
        assert_eq!(out["Accounts"].as_array().unwrap().len(), 1);
        let out = search(
            &mut s,
            json!({"Predicates": [{"Field": "UserId", "Operator": "Equals", "Value": "3003"}],
                   "PageInfo": {"Index": 0, "Size": 10}}),
        )
        .unwrap();
        assert_eq!(out["Accounts"].as_array().unwrap().len(), 1);
        assert_eq!(out["Accounts"][0]["Id"], 2001);
        let err = search(&mut s, json!({"PageInfo": {"Index": 0, "Size": 10}})).unwrap_err();
        assert_eq!(err[0].code, 474);
        let err = search(
            &mut s,
            json!({"Predicates": [{"Field": "Color", "Operator": "Equals", "Value": "x"}],
                   "PageInfo": {"Index": 0, "Size": 10}}),
        )
        .unwrap_err();
        assert_eq!(err[0].code, 3030);
    }
}
