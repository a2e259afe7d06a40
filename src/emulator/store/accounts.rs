//! Accounts: GetAccount, FindAccounts, SearchAccounts, AddAccount / AddPrepayAccount,
//! UpdateAccount / UpdatePrepayAccount (TimeStamp concurrency), DeleteAccount (soft: the
//! account stays, Inactive), GetAccountsInfo, GetAccountPilotFeatures,
//! MapAccountIdToExternalAccountIds.

use serde_json::{json, Value};

use super::access::{Action, Target};
use super::query::{
    account_view, additional_fields, invalid_predicate, order_by, page, paging, predicates,
    Predicate, MAX_PAGE_SIZE,
};
use super::{long, missing, Object, OpError, OpResult, Store};
use crate::time::format_rfc3339;

/// The most predicates SearchAccounts takes. The page says "exactly one" (two with
/// AccountLifeCycleStatus), yet integrations send `UserId` with an `AccountName` filter and
/// the page itself requires a second with AccountLifeCycleStatus: two are accepted.
const MAX_ACCOUNT_PREDICATES: usize = 2;

/// Fields an update never changes: the system fields and those advertiseraccount.md marks
/// "Update: Read-only" (`CurrencyCode`, `PaymentMethodType`, `BillToCustomerId`, …).
const READ_ONLY: &[&str] = &[
    "Id",
    "Number",
    "ParentCustomerId",
    "TimeStamp",
    "LastModifiedTime",
    "LastModifiedByUserId",
    "AccountLifeCycleStatus",
    "AccountFinancialStatus",
    "AccountMode",
    "BillToCustomerId",
    "CurrencyCode",
    "PaymentMethodType",
    "PauseReason",
    "LinkedAgencies",
    "SalesHouseCustomerId",
];

/// Fields the service sets, never taken from an add request.
const SYSTEM_FIELDS: &[&str] = &[
    "Id",
    "Number",
    "ParentCustomerId",
    "TimeStamp",
    "LastModifiedTime",
    "LastModifiedByUserId",
    "AccountLifeCycleStatus",
    "AccountFinancialStatus",
    "PauseReason",
    "LinkedAgencies",
];

impl Store {
    fn account_request(request: &Object) -> Result<&Object, Vec<OpError>> {
        match request.get("Account") {
            Some(Value::Object(account)) => Ok(account),
            _ => Err(missing("Account")),
        }
    }

    /// A new account under `parent`: Id, Number and TimeStamp issued, Active.
    pub(super) fn create_account(&mut self, parent: i64, fields: &Object) -> (i64, String, Value) {
        let id = self.new_id();
        let number = format!("F{:07}", id % 10_000_000);
        let now = json!(format_rfc3339(self.now()));
        let mut account = Object::new();
        for (key, value) in fields {
            if !SYSTEM_FIELDS.contains(&key.as_str()) && !value.is_null() {
                account.insert(key.clone(), value.clone());
            }
        }
        account.insert("Id".into(), json!(id));
        account.insert("Number".into(), json!(number));
        account.insert("ParentCustomerId".into(), json!(parent));
        account.entry("BillToCustomerId").or_insert(json!(parent));
        account.insert("AccountLifeCycleStatus".into(), json!("Active"));
        account.insert(
            "AccountFinancialStatus".into(),
            json!("ClearFinancialStatus"),
        );
        account.insert("TimeStamp".into(), self.issue_time_stamp());
        account.insert("LastModifiedTime".into(), now.clone());
        if let Some(by) = self.caller() {
            account.insert("LastModifiedByUserId".into(), json!(by));
            account.entry("PrimaryUserId").or_insert(json!(by));
        }
        self.accounts.insert(id, account);
        (id, number, now)
    }

    /// Name and CurrencyCode are what an account cannot be created without.
    pub(super) fn check_new_account(account: &Object, path: &str) -> Result<(), Vec<OpError>> {
        for key in ["Name", "CurrencyCode"] {
            if account
                .get(key)
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                return Err(vec![OpError::new(201, format!("{path}.{key} is required"))]);
            }
        }
        Ok(())
    }

    pub(super) fn add_account(&mut self, request: &Object, prepay: bool) -> OpResult {
        let account = Self::account_request(request)?.clone();
        let parent = long(&account, "ParentCustomerId")
            .ok_or_else(|| missing("Account.ParentCustomerId"))?;
        if !self.customers.contains_key(&parent) {
            return Err(vec![OpError::new(
                106,
                format!("ParentCustomerId {parent}"),
            )]);
        }
        self.permit(Action::AddAccount, Target::Customer(parent))?;
        Self::check_new_account(&account, "Account")?;
        let (id, number, now) = self.create_account(parent, &account);
        if prepay {
            self.prepay_accounts.insert(id);
        }
        Ok(json!({"AccountId": id, "AccountNumber": number, "CreateTime": now}))
    }

    /// Super Admin or Standard (updateaccount.md:21). The fields the request sets replace the
    /// stored ones; nil ones are kept ("If no value is set for the update, this setting is not
    /// changed", advertiseraccount.md per field) and so are read-only ones, whatever the
    /// request says; `BusinessAddress` is read-only for invoice accounts.
    pub(super) fn update_account(&mut self, request: &Object, prepay: bool) -> OpResult {
        let changes = Self::account_request(request)?.clone();
        let id = long(&changes, "Id").ok_or_else(|| missing("Account.Id"))?;
        let stored = self
            .accounts
            .get(&id)
            .ok_or_else(|| vec![OpError::new(2108, format!("AccountId {id}"))])?;
        self.permit(Action::EditAccount, Target::Account(id))?;
        if prepay != self.prepay_accounts.contains(&id) {
            let kind = if prepay { "not a prepay" } else { "a prepay" };
            return Err(vec![OpError::new(
                201,
                format!("account {id} is {kind} account"),
            )]);
        }
        if changes.get("TimeStamp") != stored.get("TimeStamp") {
            return Err(vec![OpError::new(209, "")]);
        }
        if changes
            .get("Name")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            return Err(vec![OpError::new(201, "Account.Name is required")]);
        }
        let invoice = stored.get("PaymentMethodType").and_then(Value::as_str) == Some("Invoice");
        let mut read_only = READ_ONLY.to_vec();
        if invoice {
            read_only.push("BusinessAddress");
        }
        let updated = super::updated(stored, &changes, &read_only);
        self.accounts.insert(id, updated);
        let now = self.touch(("account", id));
        Ok(json!({"LastModifiedTime": now}))
    }

    pub(super) fn delete_account(&mut self, request: &Object) -> OpResult {
        let id = long(request, "AccountId").ok_or_else(|| missing("AccountId"))?;
        let stamp = request
            .get("TimeStamp")
            .filter(|t| !t.is_null())
            .ok_or_else(|| missing("TimeStamp"))?;
        let stored = self
            .accounts
            .get(&id)
            .ok_or_else(|| vec![OpError::new(2108, format!("AccountId {id}"))])?;
        self.permit(Action::DeleteAccount, Target::Account(id))?;
        if Some(stamp) != stored.get("TimeStamp") {
            return Err(vec![OpError::new(209, "")]);
        }
        if stored.get("AccountLifeCycleStatus") == Some(&json!("Inactive")) {
            return Err(vec![OpError::new(
                2108,
                format!("AccountId {id} is deleted"),
            )]);
        }
        if let Some(account) = self.accounts.get_mut(&id) {
            account.insert("AccountLifeCycleStatus".into(), json!("Inactive"));
        }
        self.touch(("account", id));
        Ok(json!({}))
    }

    /// The customer's own accounts; unless `OnlyParentAccounts`, also the accounts linked to
    /// it and those of the customers it manages.
    pub(super) fn get_accounts_info(&mut self, request: &Object) -> OpResult {
        let customer = match long(request, "CustomerId") {
            Some(id) => id,
            None => self
                .caller_customer()
                .ok_or_else(|| missing("CustomerId"))?,
        };
        self.permit(Action::Read, Target::Customer(customer))?;
        let only_parent = request.get("OnlyParentAccounts").and_then(Value::as_bool) == Some(true);
        let customers = if only_parent {
            vec![customer]
        } else {
            self.managed_customers(customer)
        };
        let infos: Vec<Value> = self
            .accounts_of(&customers, only_parent)
            .iter()
            .filter(|id| self.may(Action::Read, Target::Account(**id)))
            .filter_map(|id| self.accounts.get(id))
            .map(account_info)
            .collect();
        Ok(json!({"AccountsInfo": infos}))
    }

    pub(super) fn get_account_pilot_features(&mut self, request: &Object) -> OpResult {
        let id = long(request, "AccountId").ok_or_else(|| missing("AccountId"))?;
        if !self.accounts.contains_key(&id) {
            return Err(vec![OpError::new(2108, format!("AccountId {id}"))]);
        }
        self.permit(Action::Read, Target::Account(id))?;
        let flags = self.account_pilots.get(&id).cloned().unwrap_or_default();
        Ok(json!({"FeaturePilotFlags": flags}))
    }

    pub(super) fn map_account_id(&mut self, request: &Object) -> OpResult {
        let id = long(request, "AccountId").ok_or_else(|| missing("AccountId"))?;
        if !self.accounts.contains_key(&id) {
            return Err(vec![OpError::new(2108, format!("AccountId {id}"))]);
        }
        self.permit(Action::EditAccount, Target::Account(id))?;
        let ids: Vec<String> = match request.get("ExternalAccountIds") {
            Some(Value::Array(ids)) if !ids.is_empty() => ids
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => return Err(vec![OpError::new(3087, "ExternalAccountIds")]),
        };
        self.external_account_ids.insert(id, ids);
        Ok(json!({}))
    }

    pub(super) fn get_account(&mut self, request: &Object) -> OpResult {
        let id = long(request, "AccountId").ok_or_else(|| missing("AccountId"))?;
        let account = self
            .accounts
            .get(&id)
            .ok_or_else(|| vec![OpError::new(2108, "")])?;
        self.permit(Action::Read, Target::Account(id))?;
        Ok(json!({"Account": account_view(account, &additional_fields(request))}))
    }

    /// Accounts the caller may read whose name or number starts with the filter (any case),
    /// of `CustomerId` when given (106 when the caller may not read that customer).
    pub(super) fn find_accounts(&mut self, request: &Object) -> OpResult {
        let top_n = long(request, "TopN").ok_or_else(|| missing("TopN"))?;
        if !(1..=5000).contains(&top_n) {
            return Err(vec![OpError::new(201, "TopN must be from 1 through 5000")]);
        }
        let customer = long(request, "CustomerId");
        if let Some(c) = customer {
            self.permit(Action::Read, Target::Customer(c))?;
        }
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
            .iter()
            .filter(|(id, _)| self.may(Action::Read, Target::Account(**id)))
            .map(|(_, a)| a)
            .filter(|a| customer.is_none_or(|c| long(a, "ParentCustomerId") == Some(c)))
            .filter(|a| filter.is_empty() || starts(a, "Name") || starts(a, "Number"))
            .take(top_n as usize)
            .map(account_info)
            .collect();
        Ok(json!({"AccountsInfo": infos}))
    }

    /// The accounts the caller may read that match every predicate.
    pub(super) fn search_accounts(&mut self, request: &Object) -> OpResult {
        let predicates = predicates(request, MAX_ACCOUNT_PREDICATES)?;
        let paged = paging(request, MAX_PAGE_SIZE)?;
        // The accounts each `UserId` predicate's user reaches, worked out once.
        let mut reached = std::collections::BTreeMap::new();
        for p in predicates.iter().filter(|p| p.field == "UserId") {
            let user: i64 = p.value.trim().parse().map_err(|_| invalid_predicate(p))?;
            reached.insert(user, self.accounts_reached_by(user));
        }
        let mut matches: Vec<&Object> = Vec::new();
        for (id, account) in &self.accounts {
            let mut all = self.may(Action::Read, Target::Account(*id));
            for p in &predicates {
                all &= self.account_matches(account, p, &reached)?;
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
        let fields = additional_fields(request);
        let found: Vec<Value> = page(matches, paged)
            .map(|a| account_view(a, &fields))
            .collect();
        Ok(json!({"Accounts": found}))
    }

    fn account_matches(
        &self,
        account: &Object,
        p: &Predicate,
        reached: &std::collections::BTreeMap<i64, Vec<i64>>,
    ) -> Result<bool, Vec<OpError>> {
        let text = |key: &str| {
            account
                .get(key)
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .unwrap_or_default()
        };
        let id = long(account, "Id");
        let ok = match (p.field.as_str(), p.operator.as_str()) {
            ("AccountId", "Equals" | "In") => {
                id.is_some_and(|id| p.ids().is_ok_and(|v| v.contains(&id)))
            }
            ("AccountNumber", "In") => p.value.split(',').any(|v| v.trim() == text("Number")),
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
            ("CustomerId", "Equals") => {
                let want = p.ids()?;
                long(account, "ParentCustomerId").is_some_and(|c| want.contains(&c))
            }
            // The accounts the user's roles reach: a customer-level role or one with nil or
            // empty AccountIds reaches every account of its customer (customerrole.md:61;
            // getting-started: GetUser, then SearchAccounts with its UserId).
            ("UserId", "Equals") => {
                let user: i64 = p.value.trim().parse().map_err(|_| invalid_predicate(p))?;
                id.is_some_and(|id| reached.get(&user).is_some_and(|r| r.contains(&id)))
            }
            _ => return Err(invalid_predicate(p)),
        };
        Ok(ok)
    }
}

/// An `AccountInfo`.
pub(super) fn account_info(account: &Object) -> Value {
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
