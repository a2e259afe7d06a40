//! The signed-in user and roles: GetCurrentUser, UpdateUserRoles, GetUserMFAStatus.

use serde_json::{json, Value};

use super::{as_long, long, missing, role, Object, OpError, OpResult, Store};

fn ids(request: &Object, key: &str) -> Option<Vec<i64>> {
    match request.get(key) {
        Some(Value::Array(ids)) => Some(ids.iter().filter_map(as_long).collect()),
        _ => None,
    }
}

impl Store {
    pub(super) fn get_current_user(&mut self) -> OpResult {
        let id = self.caller().ok_or_else(|| missing("UserId"))?;
        let user = self.user(id)?;
        Ok(json!({"User": user.user}))
    }

    pub(super) fn get_user_mfa_status(&mut self) -> OpResult {
        let id = self.caller().ok_or_else(|| missing("UserId"))?;
        Ok(json!({"MFAStatus": self.user(id)?.mfa_status}))
    }

    /// Removes `DeleteRoleId` from the listed accounts or customers (or from `CustomerId`),
    /// then grants `NewRoleId` on the listed ones (or on all of `CustomerId`'s accounts),
    /// as the operation documents. A customer-level role (Super Admin, Aggregator) cannot be
    /// restricted to accounts: asking for it grants the whole customer, as the service does.
    pub(super) fn update_user_roles(&mut self, request: &Object) -> OpResult {
        let customer = long(request, "CustomerId").ok_or_else(|| missing("CustomerId"))?;
        let user_id = long(request, "UserId").ok_or_else(|| missing("UserId"))?;
        if !self.customers.contains_key(&customer) {
            return Err(vec![OpError::new(210, format!("CustomerId {customer}"))]);
        }
        self.user(user_id)?;
        Self::authorize(self.may_on_customer(customer, &[role::SUPER_ADMIN]))?;
        let new_role = long(request, "NewRoleId");
        let delete_role = long(request, "DeleteRoleId");
        if new_role.is_none() && delete_role.is_none() {
            return Err(missing("NewRoleId or DeleteRoleId"));
        }
        let known = [
            role::ADVERTISER_CAMPAIGN_MANAGER,
            role::AGGREGATOR,
            role::SUPER_ADMIN,
            role::VIEWER,
            role::STANDARD,
        ];
        for r in [new_role, delete_role].into_iter().flatten() {
            if !known.contains(&(r as i32)) {
                return Err(vec![OpError::new(201, format!("RoleId {r} is not a role"))]);
            }
        }
        for account in ids(request, "NewAccountIds").into_iter().flatten() {
            if long(
                self.accounts.get(&account).unwrap_or(&Object::new()),
                "ParentCustomerId",
            ) != Some(customer)
            {
                return Err(vec![OpError::new(
                    106,
                    format!("account {account} is not under customer {customer}"),
                )]);
            }
        }
        let roles = &mut self
            .users
            .get_mut(&user_id)
            .ok_or_else(|| vec![OpError::new(210, format!("UserId {user_id}"))])?
            .customer_roles;
        let entry_of = |roles: &[Value], role_id: i64, customer: i64| {
            roles.iter().position(|r| {
                r.get("RoleId").and_then(as_long) == Some(role_id)
                    && r.get("CustomerId").and_then(as_long) == Some(customer)
            })
        };
        if let Some(role_id) = delete_role {
            let accounts = ids(request, "DeleteAccountIds");
            let customers = ids(request, "DeleteCustomerIds");
            match (accounts, customers) {
                (Some(accounts), _) if !accounts.is_empty() => {
                    if let Some(i) = entry_of(roles, role_id, customer) {
                        if let Some(Value::Array(list)) = roles[i].get_mut("AccountIds") {
                            list.retain(|a| as_long(a).is_none_or(|a| !accounts.contains(&a)));
                        }
                    }
                }
                (_, Some(customers)) if !customers.is_empty() => {
                    roles.retain(|r| {
                        r.get("RoleId").and_then(as_long) != Some(role_id)
                            || r.get("CustomerId")
                                .and_then(as_long)
                                .is_none_or(|c| !customers.contains(&c))
                    });
                }
                _ => {
                    if let Some(i) = entry_of(roles, role_id, customer) {
                        roles.remove(i);
                    }
                }
            }
        }
        if let Some(role_id) = new_role {
            let customer_level = role::CUSTOMER_LEVEL.contains(&(role_id as i32));
            let accounts =
                ids(request, "NewAccountIds").filter(|a| !a.is_empty() && !customer_level);
            let customers = ids(request, "NewCustomerIds")
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| vec![customer]);
            for c in customers {
                match (entry_of(roles, role_id, c), &accounts) {
                    (Some(i), Some(accounts)) => {
                        let list = roles[i]
                            .as_object_mut()
                            .map(|r| r.entry("AccountIds").or_insert(json!([])));
                        if let Some(Value::Array(list)) = list {
                            for a in accounts {
                                if !list.iter().any(|x| as_long(x) == Some(*a)) {
                                    list.push(json!(a));
                                }
                            }
                        }
                    }
                    // Unrestricted: the role applies to every account of the customer.
                    (Some(i), None) => {
                        if let Some(r) = roles[i].as_object_mut() {
                            r.remove("AccountIds");
                        }
                    }
                    (None, accounts) => {
                        let mut entry = json!({"RoleId": role_id, "CustomerId": c});
                        if let Some(accounts) = accounts {
                            entry["AccountIds"] = json!(accounts);
                        }
                        roles.push(entry);
                    }
                }
            }
        }
        let now = self.touch_user(user_id);
        Ok(json!({"LastModifiedTime": now}))
    }
}
