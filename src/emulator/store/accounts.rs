//! Accounts: AddAccount / AddPrepayAccount, UpdateAccount / UpdatePrepayAccount (TimeStamp
//! concurrency), DeleteAccount (soft: the account stays, Inactive), GetAccountsInfo,
//! GetAccountPilotFeatures, MapAccountIdToExternalAccountIds.

use serde_json::{json, Value};

use super::{long, missing, role, Object, OpError, OpResult, Store};
use crate::partner_center::format_rfc3339;

/// Fields the service sets, never taken from an add or update request.
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
        Self::authorize(self.may_on_customer(parent, &[role::SUPER_ADMIN, role::AGGREGATOR]))?;
        Self::check_new_account(&account, "Account")?;
        let (id, number, now) = self.create_account(parent, &account);
        if prepay {
            self.prepay_accounts.insert(id);
        }
        Ok(json!({"AccountId": id, "AccountNumber": number, "CreateTime": now}))
    }

    /// A full overwrite (the service's documented semantics): what the request leaves out is
    /// cleared, except the system fields.
    pub(super) fn update_account(&mut self, request: &Object, prepay: bool) -> OpResult {
        let changes = Self::account_request(request)?.clone();
        let id = long(&changes, "Id").ok_or_else(|| missing("Account.Id"))?;
        let stored = self
            .accounts
            .get(&id)
            .ok_or_else(|| vec![OpError::new(2108, format!("AccountId {id}"))])?;
        Self::authorize(self.may_on_account(id, &[role::SUPER_ADMIN, role::STANDARD]))?;
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
        Self::check_new_account(&changes, "Account")?;
        let updated = super::overwritten(stored, &changes, SYSTEM_FIELDS);
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
        Self::authorize(self.may_on_account(id, &[role::SUPER_ADMIN]))?;
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
        Self::authorize(self.can_see_customer(customer))?;
        let only_parent = request.get("OnlyParentAccounts").and_then(Value::as_bool) == Some(true);
        let customers = if only_parent {
            vec![customer]
        } else {
            self.managed_customers(customer)
        };
        let infos: Vec<Value> = self
            .accounts_of(&customers, only_parent)
            .iter()
            .filter_map(|id| self.accounts.get(id))
            .map(Store::account_info)
            .collect();
        Ok(json!({"AccountsInfo": infos}))
    }

    pub(super) fn get_account_pilot_features(&mut self, request: &Object) -> OpResult {
        let id = long(request, "AccountId").ok_or_else(|| missing("AccountId"))?;
        if !self.accounts.contains_key(&id) {
            return Err(vec![OpError::new(2108, format!("AccountId {id}"))]);
        }
        Self::authorize(self.can_see_account(id))?;
        let flags = self.account_pilots.get(&id).cloned().unwrap_or_default();
        Ok(json!({"FeaturePilotFlags": flags}))
    }

    pub(super) fn map_account_id(&mut self, request: &Object) -> OpResult {
        let id = long(request, "AccountId").ok_or_else(|| missing("AccountId"))?;
        if !self.accounts.contains_key(&id) {
            return Err(vec![OpError::new(2108, format!("AccountId {id}"))]);
        }
        Self::authorize(self.may_on_account(id, &[role::SUPER_ADMIN, role::STANDARD]))?;
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
}
