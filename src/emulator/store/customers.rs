//! Customers: GetCustomersInfo, UpdateCustomer / DeleteCustomer (TimeStamp concurrency),
//! SignupCustomer, SearchCustomers, GetAccessibleCustomer, UpgradeCustomerToAgency,
//! MapCustomerIdToExternalCustomerId, GetCustomerPilotFeatures.

use std::time::SystemTime;

use serde_json::{json, Value};

use super::access::{Action, Target};
use super::query::{invalid_predicate, order_by, page, paging, predicates, Predicate};
use super::{long, missing, Object, OpError, OpResult, Store};
use crate::time::format_rfc3339;

/// The largest `PageInfo.Size` SearchCustomers accepts.
const MAX_CUSTOMERS_PAGE: i64 = 1024;
/// The most predicates SearchCustomers takes.
const MAX_CUSTOMER_PREDICATES: usize = 10;

/// Fields the service sets, never taken from a signup request.
const SYSTEM_FIELDS: &[&str] = &[
    "Id",
    "Number",
    "TimeStamp",
    "LastModifiedTime",
    "LastModifiedByUserId",
    "CustomerLifeCycleStatus",
    "CustomerFinancialStatus",
];

/// Fields an update never changes: the system fields and those customer.md marks "Update:
/// Read-only" (`MarketCountry`, `MarketLanguage`, `ServiceLevel`, …).
const READ_ONLY: &[&str] = &[
    "Id",
    "Number",
    "TimeStamp",
    "LastModifiedTime",
    "LastModifiedByUserId",
    "CustomerLifeCycleStatus",
    "CustomerFinancialStatus",
    "MarketCountry",
    "MarketLanguage",
    "ServiceLevel",
];

impl Store {
    fn customer(&self, id: i64) -> Result<&Object, Vec<OpError>> {
        self.customers
            .get(&id)
            .ok_or_else(|| vec![OpError::new(210, format!("CustomerId {id}"))])
    }

    pub(super) fn get_customer(&mut self, request: &Object) -> OpResult {
        let id = long(request, "CustomerId").ok_or_else(|| missing("CustomerId"))?;
        let customer = self.customer(id)?;
        self.permit(Action::Read, Target::Customer(id))?;
        Ok(json!({"Customer": customer}))
    }

    fn can_see_customer(&self, id: i64) -> bool {
        self.may(Action::Read, Target::Customer(id))
    }

    /// Customers the caller can see whose name starts with the filter (any case).
    pub(super) fn get_customers_info(&mut self, request: &Object) -> OpResult {
        let top_n = long(request, "TopN").ok_or_else(|| missing("TopN"))?;
        if top_n < 1 {
            return Err(vec![OpError::new(201, "TopN must be a positive number")]);
        }
        let filter = request
            .get("CustomerNameFilter")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_lowercase();
        let infos: Vec<Value> = self
            .customers
            .iter()
            .filter(|(id, _)| self.can_see_customer(**id))
            .filter(|(_, c)| {
                c.get("Name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.to_lowercase().starts_with(&filter))
            })
            .take(top_n as usize)
            .map(|(_, c)| super::customer_info(c))
            .collect();
        Ok(json!({"CustomersInfo": infos}))
    }

    pub(super) fn update_customer(&mut self, request: &Object) -> OpResult {
        let Some(Value::Object(changes)) = request.get("Customer") else {
            return Err(vec![OpError::new(310, "")]);
        };
        let id = long(changes, "Id").ok_or_else(|| missing("Customer.Id"))?;
        let stored = self.customer(id)?;
        self.permit(Action::EditCustomer, Target::Customer(id))?;
        if changes.get("TimeStamp") != stored.get("TimeStamp") {
            return Err(vec![OpError::new(209, "")]);
        }
        if changes
            .get("Name")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            return Err(vec![OpError::new(201, "Customer.Name is required")]);
        }
        let updated = super::updated(stored, changes, READ_ONLY);
        self.customers.insert(id, updated);
        let now = self.touch(("customer", id));
        Ok(json!({"LastModifiedTime": now}))
    }

    /// Soft: the customer stays, Inactive. No role may (the account hierarchy guide: every
    /// role writes "except DeleteCustomer"); only an emulator without users executes it.
    pub(super) fn delete_customer(&mut self, request: &Object) -> OpResult {
        let id = long(request, "CustomerId").ok_or_else(|| missing("CustomerId"))?;
        let stamp = request
            .get("TimeStamp")
            .filter(|t| !t.is_null())
            .ok_or_else(|| missing("TimeStamp"))?;
        let stored = self.customer(id)?;
        self.permit(Action::DeleteCustomer, Target::Customer(id))?;
        if Some(stamp) != stored.get("TimeStamp") {
            return Err(vec![OpError::new(209, "")]);
        }
        if let Some(customer) = self.customers.get_mut(&id) {
            customer.insert("CustomerLifeCycleStatus".into(), json!("Inactive"));
        }
        self.touch(("customer", id));
        Ok(json!({}))
    }

    /// A new customer with its first account. With `ParentCustomerId` (an aggregator or
    /// agency signing up a client) the parent manages the new customer through an active
    /// customer link; a `UserInvitation` is stored for the new customer.
    pub(super) fn signup_customer(&mut self, request: &Object) -> OpResult {
        let Some(Value::Object(customer)) = request.get("Customer") else {
            return Err(vec![OpError::new(310, "")]);
        };
        let Some(Value::Object(account)) = request.get("Account") else {
            return Err(missing("Account"));
        };
        if customer
            .get("Name")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            return Err(vec![OpError::new(201, "Customer.Name is required")]);
        }
        Self::check_new_account(account, "Account")?;
        let parent = long(request, "ParentCustomerId");
        match parent {
            Some(parent) if !self.customers.contains_key(&parent) => {
                return Err(vec![OpError::new(
                    106,
                    format!("ParentCustomerId {parent}"),
                )]);
            }
            // An aggregator signs up under its customer (signupcustomer.md:45: required
            // for aggregators).
            Some(parent) => self.permit(Action::SignUpCustomer, Target::Customer(parent))?,
            None => self.permit(Action::SignUpCustomer, Target::Caller)?,
        }
        let invitation = match request.get("UserInvitation") {
            Some(Value::Object(i)) => Some(i.clone()),
            _ => None,
        };
        let id = self.new_id();
        let number = format!("C{:09}", id % 1_000_000_000);
        let mut stored = Object::new();
        for (key, value) in customer {
            if !SYSTEM_FIELDS.contains(&key.as_str()) && !value.is_null() {
                stored.insert(key.clone(), value.clone());
            }
        }
        stored.insert("Id".into(), json!(id));
        stored.insert("Number".into(), json!(number));
        stored.insert("CustomerLifeCycleStatus".into(), json!("Active"));
        stored.insert(
            "CustomerFinancialStatus".into(),
            json!("ClearFinancialStatus"),
        );
        stored.insert("TimeStamp".into(), self.issue_time_stamp());
        stored.insert("LastModifiedTime".into(), json!(format_rfc3339(self.now())));
        self.customers.insert(id, stored);
        self.customer_created.insert(id, self.now());
        let mut account = account.clone();
        if let Some(parent) = parent {
            account.entry("BillToCustomerId").or_insert(json!(parent));
        }
        let (account_id, account_number, created) = self.create_account(id, &account);
        if let Some(parent) = parent {
            // The parent (reseller, agency) manages the new customer from the start.
            let name = |id: i64| {
                self.customers
                    .get(&id)
                    .and_then(|c| c.get("Name"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            let link = Object::from_iter([
                ("Type".to_string(), json!("CustomerLink")),
                ("ClientEntityId".to_string(), json!(id)),
                ("ClientEntityNumber".to_string(), json!(number)),
                ("ClientEntityName".to_string(), json!(name(id))),
                ("ManagingCustomerId".to_string(), json!(parent)),
                ("ManagingCustomerName".to_string(), json!(name(parent))),
                (
                    "Name".to_string(),
                    json!(format!("{} manages {}", name(parent), name(id))),
                ),
                ("Status".to_string(), json!("Active")),
                (
                    "CustomerLinkPermission".to_string(),
                    json!("Administrative"),
                ),
                ("StartDate".to_string(), created.clone()),
                ("LastModifiedDateTime".to_string(), created.clone()),
            ]);
            self.client_links.push(link);
        }
        if let Some(mut invitation) = invitation {
            let invitation_id = self.new_id();
            invitation.insert("Id".into(), json!(invitation_id));
            invitation.insert("CustomerId".into(), json!(id));
            invitation
                .entry("AccountIds")
                .or_insert(json!([account_id]));
            self.invitations.insert(invitation_id, invitation);
        }
        Ok(json!({
            "CustomerId": id, "CustomerNumber": number,
            "AccountId": account_id, "AccountNumber": account_number, "CreateTime": created
        }))
    }

    fn customer_matches(
        &self,
        id: i64,
        customer: &Object,
        p: &Predicate,
    ) -> Result<bool, Vec<OpError>> {
        let text = |v: Option<&Value>| match v {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let value = p.value.trim();
        // The date part, `yyyy-MM-dd`; a value whose tenth byte falls inside a multi-byte
        // character is no date (and must not panic the slicing).
        let day = || -> Result<SystemTime, Vec<OpError>> {
            let date = value
                .get(..value.len().min(10))
                .ok_or_else(|| invalid_predicate(p))?;
            crate::time::parse_rfc3339(&format!("{date}T00:00:00Z"))
                .ok_or_else(|| invalid_predicate(p))
        };
        let accounts = || {
            self.accounts
                .values()
                .filter(move |a| long(a, "ParentCustomerId") == Some(id))
        };
        let any_account =
            |key: &str, f: &dyn Fn(&str) -> bool| accounts().any(|a| f(&text(a.get(key))));
        let lower = value.to_lowercase();
        Ok(match (p.field.as_str(), p.operator.as_str()) {
            ("CustomerId", "Equals") => text(customer.get("Id")) == value,
            ("CustomerId", "In") => value
                .split(',')
                .any(|v| v.trim() == text(customer.get("Id"))),
            ("CustomerName", "Equals") => text(customer.get("Name")).eq_ignore_ascii_case(value),
            ("CustomerName", "Contains") => {
                text(customer.get("Name")).to_lowercase().contains(&lower)
            }
            ("AccountId", "Equals") => any_account("Id", &|v| v == value),
            ("AccountName", "Equals") => any_account("Name", &|v| v.eq_ignore_ascii_case(value)),
            ("AccountName", "Contains") => {
                any_account("Name", &|v| v.to_lowercase().contains(&lower))
            }
            ("AccountNumber", "Equals") => {
                any_account("Number", &|v| v.eq_ignore_ascii_case(value))
            }
            ("AccountNumber", "Contains") => {
                any_account("Number", &|v| v.to_lowercase().contains(&lower))
            }
            ("MarketCountry", "Equals") => {
                text(customer.get("MarketCountry")).eq_ignore_ascii_case(value)
            }
            ("MarketLanguage", "Equals") => {
                text(customer.get("MarketLanguage")).eq_ignore_ascii_case(value)
            }
            ("UserName", "Equals") => self.users.values().any(|u| {
                long(&u.user, "CustomerId") == Some(id)
                    && text(u.user.get("UserName")).eq_ignore_ascii_case(value)
            }),
            ("CreatedDate", "GreaterThanEquals") => {
                let start = day()?;
                self.customer_created.get(&id).is_some_and(|t| *t >= start)
            }
            ("CreatedDate", "LessThanEquals") => {
                let end = day()? + std::time::Duration::from_secs(86_400);
                self.customer_created.get(&id).is_some_and(|t| *t < end)
            }
            _ => return Err(invalid_predicate(p)),
        })
    }

    pub(super) fn search_customers(&mut self, request: &Object) -> OpResult {
        if !matches!(request.get("Predicates"), Some(Value::Array(l)) if !l.is_empty()) {
            return Err(vec![OpError::new(3079, "")]);
        }
        let predicates = predicates(request, MAX_CUSTOMER_PREDICATES)?;
        let has = |f: &str| predicates.iter().any(|p| p.field == f);
        if has("MarketCountry") != has("MarketLanguage") {
            return Err(vec![OpError::new(
                3030,
                "MarketCountry and MarketLanguage go together",
            )]);
        }
        for p in &predicates {
            if predicates.iter().filter(|q| q.field == p.field).count() > 1
                && p.field != "CreatedDate"
            {
                return Err(vec![OpError::new(
                    3030,
                    format!("{} appears twice", p.field),
                )]);
            }
        }
        let range = self.date_range(request)?;
        let paged = paging(request, MAX_CUSTOMERS_PAGE)?;
        let mut found: Vec<&Object> = Vec::new();
        for (id, customer) in &self.customers {
            if !self.can_see_customer(*id) {
                continue;
            }
            if let Some((from, to)) = range {
                if !self
                    .customer_created
                    .get(id)
                    .is_some_and(|t| *t >= from && *t < to)
                {
                    continue;
                }
            }
            let mut all = true;
            for p in &predicates {
                all &= self.customer_matches(*id, customer, p)?;
            }
            if all {
                found.push(customer);
            }
        }
        order_by(request, &mut found, |field| match field {
            "Name" => "Name",
            "Number" => "Number",
            _ => "Id",
        });
        // v12 leaves the address out unless asked for it; v13 always sends it.
        let without_address = request.get("IncludeCustomerAddress") == Some(&json!(false));
        let answered: Vec<Value> = page(found, paged)
            .map(|c| {
                let mut c = c.clone();
                if without_address {
                    c.remove("CustomerAddress");
                }
                Value::Object(c)
            })
            .collect();
        Ok(json!({"Customers": answered}))
    }

    /// `DateRange` (`MinDate` / `MaxDate` as `yyyyMMdd` or dates): the creation window.
    fn date_range(
        &self,
        request: &Object,
    ) -> Result<Option<(SystemTime, SystemTime)>, Vec<OpError>> {
        let Some(Value::Object(range)) = request.get("DateRange") else {
            return Ok(None);
        };
        let day = |key: &str| -> Result<Option<SystemTime>, Vec<OpError>> {
            let Some(text) = range.get(key).and_then(Value::as_str) else {
                return Ok(None);
            };
            let digits: String = text.chars().filter(char::is_ascii_digit).take(8).collect();
            let iso = if digits.len() == 8 {
                format!(
                    "{}-{}-{}T00:00:00Z",
                    &digits[..4],
                    &digits[4..6],
                    &digits[6..]
                )
            } else {
                String::new()
            };
            crate::time::parse_rfc3339(&iso)
                .map(Some)
                .ok_or_else(|| vec![OpError::new(532, format!("DateRange.{key} {text:?}"))])
        };
        let from = day("MinDate")?.unwrap_or(SystemTime::UNIX_EPOCH);
        let to = day("MaxDate")?
            .map(|t| t + std::time::Duration::from_secs(86_400))
            .unwrap_or_else(|| self.now() + std::time::Duration::from_secs(86_400));
        if to <= from {
            return Err(vec![OpError::new(532, "DateRange ends before it starts")]);
        }
        Ok(Some((from, to)))
    }

    /// The customer when the caller can see it; `ValidFields` is -1 (every field is valid: the
    /// emulator has no partial views).
    pub(super) fn get_accessible_customer(&mut self, request: &Object) -> OpResult {
        let id = long(request, "CustomerId").ok_or_else(|| missing("CustomerId"))?;
        self.permit(Action::Read, Target::Customer(id))?;
        Ok(json!({"AccessibleCustomer": self.customer(id)?, "ValidFields": -1}))
    }

    /// One way and idempotent, as the service documents.
    pub(super) fn upgrade_customer_to_agency(&mut self, request: &Object) -> OpResult {
        let id = long(request, "CustomerId").ok_or_else(|| missing("CustomerId"))?;
        self.customer(id)?;
        self.permit(Action::EditCustomer, Target::Customer(id))?;
        self.agencies.insert(id);
        Ok(json!({}))
    }

    pub(super) fn map_customer_id(&mut self, request: &Object) -> OpResult {
        let id = long(request, "CustomerId").ok_or_else(|| missing("CustomerId"))?;
        self.customer(id)?;
        self.permit(Action::EditCustomer, Target::Customer(id))?;
        let external = request
            .get("ExternalCustomerId")
            .and_then(Value::as_str)
            .filter(|e| !e.is_empty())
            .ok_or_else(|| missing("ExternalCustomerId"))?;
        self.external_customer_ids.insert(id, external.to_string());
        Ok(json!({}))
    }

    pub(super) fn get_customer_pilot_features(&mut self, request: &Object) -> OpResult {
        let id = long(request, "CustomerId").ok_or_else(|| missing("CustomerId"))?;
        self.customer(id)?;
        self.permit(Action::Read, Target::Customer(id))?;
        let flags = self.customer_pilots.get(&id).cloned().unwrap_or_default();
        Ok(json!({"FeaturePilotFlags": flags}))
    }
}
