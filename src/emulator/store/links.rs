//! Agencies and their clients: AddClientLinks, UpdateClientLinks (the documented status
//! transitions), SearchClientLinks, and the hierarchy the active links make
//! (GetLinkedAccountsAndCustomersInfo).

use serde_json::{json, Value};

use super::access::{Action, Target};
use super::link_graph::{parties, status, Kind};
use super::query::{invalid_predicate, order_by, page, paging, predicates};
use super::{long, Object, OpError, OpResult, Store};
use crate::time::format_rfc3339;

/// A link stops a new invitation for the same pair while it is in one of these.
const OPEN: &[&str] = &[
    "Active",
    "LinkAccepted",
    "LinkInProgress",
    "LinkPending",
    "UnlinkInProgress",
    "UnlinkPending",
];

/// The most links one Add/UpdateClientLinks call takes.
const MAX_LINKS_PER_CALL: usize = 10;
/// The largest `PageInfo.Size` SearchClientLinks accepts.
const MAX_LINKS_PAGE: i64 = 100;

/// The link as both versions read it: v12's names beside v13's (each version's types take
/// their own and ignore the others).
fn answered(link: &Object) -> Value {
    let mut out = link.clone();
    if parties(link).0 == Kind::Account {
        for (v12, v13) in [
            ("ClientAccountId", "ClientEntityId"),
            ("ClientAccountNumber", "ClientEntityNumber"),
        ] {
            if let Some(value) = link.get(v13) {
                out.insert(v12.into(), value.clone());
            }
        }
    }
    Value::Object(out)
}

fn errors_at(index: usize, code: i32, details: String) -> Vec<OpError> {
    vec![OpError::new(
        code,
        format!("ClientLinks[{index}]: {details}"),
    )]
}

impl Store {
    fn link_list(request: &Object) -> Result<Vec<Object>, Vec<OpError>> {
        let list = match request.get("ClientLinks") {
            Some(Value::Array(list)) if !list.is_empty() => list,
            _ => return Err(vec![OpError::new(3087, "ClientLinks")]),
        };
        if list.len() > MAX_LINKS_PER_CALL {
            return Err(vec![OpError::new(
                3024,
                format!(
                    "{} client links; at most {MAX_LINKS_PER_CALL} per call",
                    list.len()
                ),
            )]);
        }
        Ok(list
            .iter()
            .map(|l| super::link_graph::normalized(l.as_object().cloned().unwrap_or_default()))
            .collect())
    }

    /// Resolves an id or number pair (exactly one of them) to an id.
    fn one_of(
        &self,
        link: &Object,
        (id_key, number_key): (&str, &str),
        kind: Kind,
    ) -> Result<i64, String> {
        let id = long(link, id_key);
        let number = link
            .get(number_key)
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty());
        let table = match kind {
            Kind::Account => &self.accounts,
            Kind::Customer => &self.customers,
        };
        match (id, number) {
            (Some(_), Some(_)) => Err(format!("set {id_key} or {number_key}, not both")),
            (None, None) => Err(format!("{id_key} or {number_key} is required")),
            (Some(id), None) if table.contains_key(&id) => Ok(id),
            (Some(id), None) => Err(format!("{id_key} {id} does not exist")),
            (None, Some(number)) => table
                .iter()
                .find(|(_, o)| o.get("Number").and_then(Value::as_str) == Some(number))
                .map(|(id, _)| *id)
                .ok_or_else(|| format!("{number_key} {number} does not exist")),
        }
    }

    fn add_one_link(&mut self, index: usize, mut link: Object) -> Result<(), Vec<OpError>> {
        let kind = parties(&link).0;
        let client = self
            .one_of(&link, ("ClientEntityId", "ClientEntityNumber"), kind)
            .map_err(|why| errors_at(index, 201, why))?;
        let manager = self
            .one_of(
                &link,
                ("ManagingCustomerId", "ManagingCustomerNumber"),
                Kind::Customer,
            )
            .map_err(|why| errors_at(index, 201, why))?;
        let action = match kind {
            Kind::Account => Action::LinkAccounts,
            Kind::Customer => Action::LinkCustomers,
        };
        self.permit(action, Target::Customer(manager))?;
        if kind == Kind::Account && self.prepay_accounts.contains(&client) {
            return Err(errors_at(
                index,
                1471,
                format!("account {client} is prepay"),
            ));
        }
        let key = (kind, Some(client), Some(manager));
        if let Some(i) = self.latest_link_index(key) {
            if OPEN.contains(&status(&self.client_links[i])) {
                return Err(errors_at(
                    index,
                    1410,
                    format!("a link of {client} to {manager} is already open"),
                ));
            }
        }
        let managed_elsewhere = self.latest_links().any(|l| {
            let (k, c, m) = parties(l);
            k == kind && c == Some(client) && m != Some(manager) && status(l) == "Active"
        });
        if managed_elsewhere && kind == Kind::Account {
            return Err(errors_at(
                index,
                1424,
                format!("account {client} is managed by another agency"),
            ));
        }
        let now = json!(format_rfc3339(self.now()));
        let stamp = self.issue_time_stamp();
        let manager_object = self.customers.get(&manager).cloned().unwrap_or_default();
        let client_object = match kind {
            Kind::Account => self.accounts.get(&client),
            Kind::Customer => self.customers.get(&client),
        }
        .cloned()
        .unwrap_or_default();
        let caller = self.caller().and_then(|id| self.users.get(&id)).cloned();
        link.insert("ClientEntityId".into(), json!(client));
        link.insert(
            "ClientEntityNumber".into(),
            client_object.get("Number").cloned().unwrap_or(Value::Null),
        );
        link.insert(
            "ClientEntityName".into(),
            client_object.get("Name").cloned().unwrap_or(Value::Null),
        );
        link.insert("ManagingCustomerId".into(), json!(manager));
        link.insert(
            "ManagingCustomerNumber".into(),
            manager_object.get("Number").cloned().unwrap_or(Value::Null),
        );
        link.insert(
            "ManagingCustomerName".into(),
            manager_object.get("Name").cloned().unwrap_or(Value::Null),
        );
        // Status is read-only on add: every new link waits for the client.
        link.insert("Status".into(), json!("LinkPending"));
        link.entry("StartDate").or_insert_with(|| now.clone());
        link.entry("SuppressNotification").or_insert(json!(false));
        if link
            .get("Name")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            let name = format!(
                "{} manages {}",
                manager_object
                    .get("Name")
                    .and_then(Value::as_str)
                    .unwrap_or("agency"),
                client_object
                    .get("Name")
                    .and_then(Value::as_str)
                    .unwrap_or("client")
            );
            link.insert("Name".into(), json!(name));
        }
        if let Some(caller) = caller {
            let contact = |key: &str| {
                caller
                    .user
                    .get("ContactInfo")
                    .and_then(|c| c.get(key))
                    .cloned()
            };
            let name = caller.user.get("Name").map(|n| {
                format!(
                    "{} {}",
                    n.get("FirstName").and_then(Value::as_str).unwrap_or(""),
                    n.get("LastName").and_then(Value::as_str).unwrap_or("")
                )
                .trim()
                .to_string()
            });
            link.entry("InviterEmail")
                .or_insert(contact("Email").unwrap_or(Value::Null));
            link.entry("InviterPhone")
                .or_insert(contact("Phone1").unwrap_or(Value::Null));
            link.entry("InviterName").or_insert(json!(name));
            link.insert(
                "LastModifiedByUserId".into(),
                caller.user.get("Id").cloned().unwrap_or(Value::Null),
            );
        }
        // Without a signed-in user (a seed with no users) nobody is known: 0, as WCF writes
        // a long that was never set.
        link.entry("LastModifiedByUserId").or_insert(json!(0));
        link.insert("LastModifiedDateTime".into(), now);
        link.insert("Timestamp".into(), stamp);
        self.client_links.push(link);
        Ok(())
    }

    /// Each link succeeds or fails on its own; `PartialErrors` has one entry per link, in
    /// order, `null` where the link was added.
    pub(super) fn add_client_links(&mut self, request: &Object) -> OpResult {
        let links = Self::link_list(request)?;
        let partial: Vec<Value> = links
            .into_iter()
            .enumerate()
            .map(|(i, link)| match self.add_one_link(i, link) {
                Ok(()) => Value::Null,
                Err(errors) => partial_entry(errors),
            })
            .collect();
        Ok(json!({"OperationErrors": [], "PartialErrors": partial}))
    }

    fn update_one_link(&mut self, index: usize, update: &Object) -> Result<(), Vec<OpError>> {
        let kind = parties(update).0;
        let client = self
            .one_of(update, ("ClientEntityId", "ClientEntityNumber"), kind)
            .map_err(|why| errors_at(index, 201, why))?;
        let manager = self
            .one_of(
                update,
                ("ManagingCustomerId", "ManagingCustomerNumber"),
                Kind::Customer,
            )
            .map_err(|why| errors_at(index, 201, why))?;
        let Some(i) = self.latest_link_index((kind, Some(client), Some(manager))) else {
            return Err(errors_at(
                index,
                3083,
                format!("no link of {client} to {manager}"),
            ));
        };
        let wanted = update.get("Status").and_then(Value::as_str).unwrap_or("");
        let current = status(&self.client_links[i]).to_string();
        // The client side answers an invitation; the agency side cancels it or unlinks.
        let (action, client_target) = match kind {
            Kind::Account => (Action::LinkAccounts, Target::Account(client)),
            Kind::Customer => (Action::LinkCustomers, Target::Customer(client)),
        };
        let client_side = self.may(action, client_target);
        let agency_side = self.may(action, Target::Customer(manager));
        if matches!(current.as_str(), "LinkInProgress" | "UnlinkInProgress") {
            return Err(errors_at(index, 1472, format!("the link is {current}")));
        }
        // Accepting or unlinking completes at once in the emulator (the service passes
        // through LinkInProgress / UnlinkPending first).
        let next = match (current.as_str(), wanted) {
            (_, "") => return Err(errors_at(index, 203, "Status is required".into())),
            (from, to) if from == to => from.to_string(),
            ("LinkPending", "LinkAccepted") if client_side => "Active".into(),
            ("LinkPending", "LinkDeclined") if client_side => "LinkDeclined".into(),
            ("LinkPending", "LinkCanceled") if agency_side => "LinkCanceled".into(),
            ("Active", "UnlinkRequested") if agency_side || client_side => "Inactive".into(),
            ("LinkPending", "LinkAccepted" | "LinkDeclined")
            | ("LinkPending", "LinkCanceled")
            | ("Active", "UnlinkRequested") => {
                // Not this side's move, or not this role's: 1001 when the caller reaches
                // either party (as Store::permit answers), 106 when it reaches neither.
                let reaches = self.may(Action::Read, client_target)
                    || self.may(Action::Read, Target::Customer(manager));
                return Err(vec![OpError::new(if reaches { 1001 } else { 106 }, "")]);
            }
            (from, to) => {
                return Err(errors_at(
                    index,
                    3083,
                    format!("Status cannot go from {from} to {to}"),
                ))
            }
        };
        let now = json!(format_rfc3339(self.now()));
        let stamp = self.issue_time_stamp();
        let by = self.caller();
        let link = &mut self.client_links[i];
        link.insert("Status".into(), json!(next));
        if let Some(note) = update.get("Note").filter(|n| !n.is_null()) {
            link.insert("Note".into(), note.clone());
        }
        // Without a signed-in user (a seed with no users) nobody is known: 0, as WCF writes
        // a long that was never set.
        link.entry("LastModifiedByUserId").or_insert(json!(0));
        link.insert("LastModifiedDateTime".into(), now);
        link.insert("Timestamp".into(), stamp);
        if let Some(by) = by {
            link.insert("LastModifiedByUserId".into(), json!(by));
        }
        Ok(())
    }

    pub(super) fn update_client_links(&mut self, request: &Object) -> OpResult {
        let links = Self::link_list(request)?;
        let partial: Vec<Value> = links
            .iter()
            .enumerate()
            .map(|(i, link)| match self.update_one_link(i, link) {
                Ok(()) => Value::Null,
                Err(errors) => partial_entry(errors),
            })
            .collect();
        Ok(json!({"OperationErrors": [], "PartialErrors": partial}))
    }

    pub(super) fn search_client_links(&mut self, request: &Object) -> OpResult {
        // One or two predicates (searchclientlinks.md:40-42).
        let predicates = predicates(request, 2)?;
        let fields: Vec<&str> = predicates.iter().map(|p| p.field.as_str()).collect();
        let both = |a: &str, b: &str| fields.contains(&a) && fields.contains(&b);
        if both("DirectManagingCustomerId", "ManagingCustomerId")
            || both("ClientAccountId", "ClientCustomerId")
        {
            return Err(vec![OpError::new(3030, fields.join(" with "))]);
        }
        let paged = paging(request, MAX_LINKS_PAGE)?;
        let mut found: Vec<&Object> = Vec::new();
        // Links the caller may not manage are left out (searchclientlinks.md:21: Super Admin
        // or Standard for account links, Super Admin for customer links).
        for link in self.latest_links().filter(|l| self.may_on_link(l)) {
            let (kind, client, manager) = parties(link);
            let mut all = true;
            for p in &predicates {
                let ids = || p.ids();
                let matches = match (p.field.as_str(), p.operator.as_str()) {
                    ("ClientAccountId", "Equals" | "In") => {
                        kind == Kind::Account
                            && client.is_some_and(|c| ids().is_ok_and(|v| v.contains(&c)))
                    }
                    ("ClientCustomerId", "Equals" | "In") => {
                        kind == Kind::Customer
                            && client.is_some_and(|c| ids().is_ok_and(|v| v.contains(&c)))
                    }
                    ("DirectManagingCustomerId", "Equals") => {
                        manager.is_some_and(|m| ids().is_ok_and(|v| v.contains(&m)))
                    }
                    // Deprecated: account links only, managers of managers included.
                    ("ManagingCustomerId", "Equals") => {
                        if fields.contains(&"ClientAccountId") {
                            true
                        } else {
                            let want = ids()?;
                            kind == Kind::Account
                                && (manager.is_some_and(|m| want.contains(&m))
                                    || manager.is_some_and(|m| {
                                        self.managers_of(Kind::Customer, m)
                                            .iter()
                                            .any(|x| want.contains(x))
                                    }))
                        }
                    }
                    _ => return Err(invalid_predicate(p)),
                };
                ids()?;
                all &= matches;
            }
            if all {
                found.push(link);
            }
        }
        order_by(request, &mut found, |field| match field {
            "Name" => "Name",
            "Number" => "ManagingCustomerNumber",
            _ => "ClientEntityId",
        });
        let answer: Vec<Value> = page(found, paged).map(answered).collect();
        Ok(json!({"ClientLinks": answer}))
    }

    /// The customer, the customers it manages through active customer links, and their
    /// accounts; unless `OnlyParentAccounts`, also the accounts linked to any of them.
    pub(super) fn get_linked_accounts_and_customers(&mut self, request: &Object) -> OpResult {
        let customer = match long(request, "CustomerId") {
            Some(id) => id,
            None => self
                .caller_customer()
                .ok_or_else(|| super::missing("CustomerId"))?,
        };
        self.permit(Action::Read, Target::Customer(customer))?;
        let only_parent = request.get("OnlyParentAccounts").and_then(Value::as_bool) == Some(true);
        let customers = self.managed_customers(customer);
        let accounts = self.accounts_of(&customers, only_parent);
        let accounts: Vec<Value> = accounts
            .iter()
            .filter(|id| self.may(Action::Read, Target::Account(**id)))
            .filter_map(|id| self.accounts.get(id))
            .map(super::accounts::account_info)
            .collect();
        let customers: Vec<Value> = customers
            .iter()
            .filter(|id| self.may(Action::Read, Target::Customer(**id)))
            .filter_map(|id| self.customers.get(id))
            .map(super::customer_info)
            .collect();
        Ok(json!({"AccountsInfo": accounts, "CustomersInfo": customers}))
    }
}

/// One `PartialErrors` entry: the link's errors, as `OperationError` objects.
fn partial_entry(errors: Vec<OpError>) -> Value {
    Value::Array(
        errors
            .into_iter()
            .map(|e| json!({"Code": e.code, "Details": e.details, "Message": e.message}))
            .collect(),
    )
}
