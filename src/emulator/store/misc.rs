//! FindAccountsOrCustomersInfo, GetNotifications / DismissNotifications, and ValidateAddress
//! (a documented, deterministic rule set).

use serde_json::{json, Value};

use super::access::{Action, Target};
use super::query::additional_fields;
use super::{as_long, long, missing, Object, OpError, OpResult, Store};

/// The most results FindAccountsOrCustomersInfo returns in one call.
const MAX_TOP_N: i64 = 5000;

impl Store {
    /// Accounts whose name or number starts with the filter, then (while fewer than TopN)
    /// customers whose name does; any case, within what the caller can see.
    pub(super) fn find_accounts_or_customers(&mut self, request: &Object) -> OpResult {
        let filter = request
            .get("Filter")
            .and_then(Value::as_str)
            .ok_or_else(|| missing("Filter"))?
            .to_lowercase();
        let top_n = long(request, "TopN").ok_or_else(|| missing("TopN"))?;
        if !(1..=MAX_TOP_N).contains(&top_n) {
            return Err(vec![OpError::new(
                201,
                format!("TopN must be from 1 through {MAX_TOP_N}"),
            )]);
        }
        // "AccountMode, TaxCertificate" (REST) and "AccountMode TaxCertificate" (SOAP) alike.
        let wants_mode = additional_fields(request)
            .iter()
            .any(|f| f == "AccountMode");
        let starts = |o: &Object, key: &str| {
            o.get(key)
                .and_then(Value::as_str)
                .is_some_and(|v| v.to_lowercase().starts_with(&filter))
        };
        let mut found: Vec<Value> = Vec::new();
        for (id, account) in &self.accounts {
            if found.len() as i64 == top_n {
                break;
            }
            if !self.may(Action::Read, Target::Account(*id))
                || !(starts(account, "Name") || starts(account, "Number"))
            {
                continue;
            }
            let customer = long(account, "ParentCustomerId");
            let customer_name = customer
                .and_then(|c| self.customers.get(&c))
                .and_then(|c| c.get("Name").cloned());
            let mut info = json!({
                "CustomerId": customer, "CustomerName": customer_name,
                "AccountId": id, "AccountName": account.get("Name"),
                "AccountNumber": account.get("Number"),
                "AccountLifeCycleStatus": account.get("AccountLifeCycleStatus"),
                "PauseReason": account.get("PauseReason"),
            });
            if wants_mode {
                info["AccountMode"] = account.get("AccountMode").cloned().unwrap_or(Value::Null);
            }
            found.push(info);
        }
        for (id, customer) in &self.customers {
            if found.len() as i64 == top_n {
                break;
            }
            if self.may(Action::Read, Target::Customer(*id)) && starts(customer, "Name") {
                // AccountId and AccountLifeCycleStatus are value types (not nillable in the
                // WSDL): WCF writes their defaults, 0 and the enum's first member, on a
                // customer's row.
                found.push(
                    json!({"CustomerId": id, "CustomerName": customer.get("Name"),
                                  "AccountId": 0, "AccountLifeCycleStatus": "Draft"}),
                );
            }
        }
        Ok(json!({"AccountInfoWithCustomerData": found}))
    }

    /// The caller's notifications it has not dismissed, of the given types (all without).
    pub(super) fn get_notifications(&mut self, request: &Object) -> OpResult {
        let user = self.notification_user(request)?;
        let dismissed = self
            .users
            .get(&user)
            .map(|u| u.dismissed_notifications.clone())
            .unwrap_or_default();
        let types: Option<Vec<i64>> = match request.get("TypeIds") {
            Some(Value::Array(ids)) if !ids.is_empty() => {
                Some(ids.iter().filter_map(as_long).collect())
            }
            _ => None,
        };
        let found: Vec<&Object> = self
            .notifications
            .iter()
            .filter(|n| long(n, "Id").is_none_or(|id| !dismissed.contains(&id)))
            .filter(|n| {
                types
                    .as_ref()
                    .is_none_or(|t| long(n, "TypeId").is_some_and(|id| t.contains(&id)))
            })
            .collect();
        Ok(json!({"Notifications": found}))
    }

    /// `NotificationTypePairs`: `Key` the notification's Id, `Value` its TypeId.
    pub(super) fn dismiss_notifications(&mut self, request: &Object) -> OpResult {
        let user = self.notification_user(request)?;
        let pairs = match request.get("NotificationTypePairs") {
            Some(Value::Array(pairs)) if !pairs.is_empty() => pairs.clone(),
            _ => return Err(vec![OpError::new(3087, "NotificationTypePairs")]),
        };
        let mut ids = Vec::new();
        for (i, pair) in pairs.iter().enumerate() {
            let id = pair.get("Key").and_then(as_long);
            let type_id = pair.get("Value").and_then(as_long);
            let known = self
                .notifications
                .iter()
                .any(|n| long(n, "Id") == id && long(n, "TypeId") == type_id);
            match id {
                Some(id) if known => ids.push(id),
                _ => {
                    return Err(vec![OpError::new(
                        210,
                        format!(
                        "NotificationTypePairs[{i}]: no notification {id:?} of type {type_id:?}"
                    ),
                    )])
                }
            }
        }
        if let Some(u) = self.users.get_mut(&user) {
            for id in ids {
                if !u.dismissed_notifications.contains(&id) {
                    u.dismissed_notifications.push(id);
                }
            }
        }
        Ok(json!({}))
    }

    /// `UserId` when given (it must exist), else the caller.
    fn notification_user(&self, request: &Object) -> Result<i64, Vec<OpError>> {
        let id = match long(request, "UserId") {
            Some(id) => id,
            None => self.caller().ok_or_else(|| missing("UserId"))?,
        };
        self.user(id)?;
        // Notifications are the caller's own: another user's are not its to read or dismiss.
        self.permit(Action::Read, Target::Caller)?;
        if self.caller().is_some_and(|c| c != id) {
            return Err(vec![OpError::new(106, format!("UserId {id}"))]);
        }
        Ok(id)
    }
}

/// ValidateAddress, deterministically: Line1, City and a two-letter CountryCode are needed
/// (else `AddressInvalidWithoutSuggestions`); US, CA and GB postal codes and US / CA states
/// are checked by shape (else invalid); an address that is valid but not in its canonical
/// form (lower-case state or country, a nine-digit ZIP without its dash, a Canadian or
/// British code without its space or in lower case, spaces around fields) is
/// `AddressValidWithSuggestions` with the canonical form; otherwise
/// `AddressValidWithoutSuggestions`.
pub(super) fn validate_address(request: &Object) -> OpResult {
    let Some(Value::Object(address)) = request.get("Address") else {
        return Err(missing("Address"));
    };
    let text = |key: &str| {
        address
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let invalid = || {
        Ok(json!({
            "OriginalAddress": address, "Status": "AddressInvalidWithoutSuggestions",
            "SuggestedAddresses": null
        }))
    };
    let country = text("CountryCode").trim().to_uppercase();
    if text("Line1").trim().is_empty()
        || text("City").trim().is_empty()
        || country.len() != 2
        || !country.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return invalid();
    }
    let state = text("StateOrProvince").trim().to_uppercase();
    let postal: String = text("PostalCode").trim().to_uppercase();
    let compact: String = postal
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let canonical_postal = match country.as_str() {
        "US" if compact.len() == 5 && compact.bytes().all(|b| b.is_ascii_digit()) => compact,
        "US" if compact.len() == 9 && compact.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}-{}", &compact[..5], &compact[5..])
        }
        "CA" if compact.len() == 6
            && compact.bytes().enumerate().all(|(i, b)| {
                if i % 2 == 0 {
                    b.is_ascii_alphabetic()
                } else {
                    b.is_ascii_digit()
                }
            }) =>
        {
            format!("{} {}", &compact[..3], &compact[3..])
        }
        "GB" if (5..=7).contains(&compact.len())
            && compact.bytes().all(|b| b.is_ascii_alphanumeric())
            && compact.as_bytes()[compact.len() - 3].is_ascii_digit() =>
        {
            format!(
                "{} {}",
                &compact[..compact.len() - 3],
                &compact[compact.len() - 3..]
            )
        }
        "US" | "CA" | "GB" => return invalid(),
        _ => postal.clone(),
    };
    if matches!(country.as_str(), "US" | "CA")
        && (state.len() != 2 || !state.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        return invalid();
    }
    let mut suggested = address.clone();
    for key in ["City", "Line1", "Line2", "Line3", "Line4", "BusinessName"] {
        if let Some(Value::String(v)) = suggested.get_mut(key) {
            *v = v.trim().to_string();
        }
    }
    suggested.insert("CountryCode".into(), json!(country));
    if !state.is_empty() {
        suggested.insert("StateOrProvince".into(), json!(state));
    }
    if !canonical_postal.is_empty() {
        suggested.insert("PostalCode".into(), json!(canonical_postal));
    }
    if suggested == *address {
        Ok(json!({
            "OriginalAddress": address, "Status": "AddressValidWithoutSuggestions",
            "SuggestedAddresses": null
        }))
    } else {
        Ok(json!({
            "OriginalAddress": address, "Status": "AddressValidWithSuggestions",
            "SuggestedAddresses": [suggested]
        }))
    }
}
