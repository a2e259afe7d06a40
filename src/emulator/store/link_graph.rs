//! The client-link graph: a link's parties and kind, the most recent link of each pair, and
//! what active links make a customer manage. What the access model and the link operations
//! both read.

use serde_json::{json, Value};

use super::{long, Object, Store};

/// What a link makes the managing customer manage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Account,
    Customer,
}

/// A link in v13's names, whichever version's names it came in (v12 has account links only,
/// as `ClientAccountId` / `ClientAccountNumber`).
pub(crate) fn normalized(mut link: Object) -> Object {
    for (v12, v13) in [
        ("ClientAccountId", "ClientEntityId"),
        ("ClientAccountNumber", "ClientEntityNumber"),
    ] {
        if let Some(value) = link.remove(v12) {
            link.entry(v13).or_insert(value);
        }
    }
    if link
        .get("Type")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        link.insert("Type".into(), json!("AccountLink"));
    }
    link
}

/// (kind, client entity id, managing customer id).
pub(crate) fn parties(link: &Object) -> (Kind, Option<i64>, Option<i64>) {
    let kind = match link.get("Type").and_then(Value::as_str) {
        Some("CustomerLink") => Kind::Customer,
        _ => Kind::Account,
    };
    (
        kind,
        long(link, "ClientEntityId"),
        long(link, "ManagingCustomerId"),
    )
}

pub(super) fn status(link: &Object) -> &str {
    link.get("Status").and_then(Value::as_str).unwrap_or("")
}

impl Store {
    /// The customers that manage `entity` through an active link, agencies of agencies
    /// included (the service caps the chain at five levels).
    pub(super) fn managers_of(&self, kind: Kind, entity: i64) -> Vec<i64> {
        let mut found = Vec::new();
        let mut frontier = vec![(kind, entity)];
        for _ in 0..5 {
            let mut next = Vec::new();
            for (kind, entity) in frontier {
                for link in self.latest_links() {
                    if status(link) == "Active" && parties(link).0 == kind {
                        if let (_, Some(e), Some(manager)) = parties(link) {
                            if e == entity && !found.contains(&manager) {
                                found.push(manager);
                                next.push((Kind::Customer, manager));
                            }
                        }
                    }
                }
            }
            frontier = next;
        }
        found
    }

    /// The most recent link of every (kind, client, manager): what the service reports.
    pub(super) fn latest_links(&self) -> impl Iterator<Item = &Object> {
        self.client_links
            .iter()
            .enumerate()
            .filter_map(|(i, link)| {
                let key = parties(link);
                let newer = self.client_links[i + 1..].iter().any(|l| parties(l) == key);
                (!newer).then_some(link)
            })
    }

    pub(super) fn latest_link_index(&self, key: (Kind, Option<i64>, Option<i64>)) -> Option<usize> {
        self.client_links.iter().rposition(|l| parties(l) == key)
    }

    /// `customer` and the customers under it through active customer links, depth first.
    pub(super) fn managed_customers(&self, customer: i64) -> Vec<i64> {
        let mut out = vec![customer];
        let mut i = 0;
        while i < out.len() && out.len() < 10_000 {
            let manager = out[i];
            for link in self.latest_links() {
                if let (Kind::Customer, Some(client), Some(m)) = parties(link) {
                    if m == manager && status(link) == "Active" && !out.contains(&client) {
                        out.push(client);
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// The accounts whose parent is one of `customers`, then (unless `only_parent`) those
    /// linked to one of them through active account links.
    pub(super) fn accounts_of(&self, customers: &[i64], only_parent: bool) -> Vec<i64> {
        let mut out: Vec<i64> = self
            .accounts
            .iter()
            .filter(|(_, a)| long(a, "ParentCustomerId").is_some_and(|p| customers.contains(&p)))
            .map(|(id, _)| *id)
            .collect();
        if !only_parent {
            for link in self.latest_links() {
                if let (Kind::Account, Some(account), Some(m)) = parties(link) {
                    if customers.contains(&m) && status(link) == "Active" && !out.contains(&account)
                    {
                        out.push(account);
                    }
                }
            }
        }
        out
    }
}
