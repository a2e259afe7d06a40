//! Users and their roles: GetUser, GetCurrentUser, GetUsersInfo, UpdateUser (TimeStamp
//! concurrency), DeleteUser (soft: the user stays, Deleted), UpdateUserRoles,
//! GetUserMFAStatus.

use serde_json::{json, Value};

use super::access::{role, Action, Target};
use super::{as_long, long, missing, Object, OpError, OpResult, Store};
use crate::emulator::seed::SeedUser;
use crate::time::format_rfc3339;

/// `User` fields an update never changes (user.md: "Update: Read-only"), with the system
/// fields the service stamps itself.
const READ_ONLY: &[&str] = &[
    "Id",
    "CustomerId",
    "TimeStamp",
    "LastModifiedTime",
    "LastModifiedByUserId",
    "UserLifeCycleStatus",
    "UserName",
    "Password",
];

fn ids(request: &Object, key: &str) -> Option<Vec<i64>> {
    match request.get(key) {
        Some(Value::Array(ids)) => Some(ids.iter().filter_map(as_long).collect()),
        _ => None,
    }
}

impl Store {
    pub(super) fn user(&self, id: i64) -> Result<&SeedUser, Vec<OpError>> {
        self.users
            .get(&id)
            .ok_or_else(|| vec![OpError::new(210, format!("UserId {id}"))])
    }

    /// The customer a user belongs to (`User.CustomerId`).
    fn customer_of_user(&self, id: i64) -> Result<i64, Vec<OpError>> {
        long(&self.user(id)?.user, "CustomerId")
            .ok_or_else(|| vec![OpError::new(210, format!("UserId {id} has no customer"))])
    }

    /// The caller with a nil `UserId`. Another user when the caller may read the users of a
    /// customer the user has a role on; its roles are then those on customers the caller may
    /// read (getuser.md:35,47; account hierarchy guide l.259-260).
    pub(super) fn get_user(&mut self, request: &Object) -> OpResult {
        let id = match long(request, "UserId") {
            Some(id) => id,
            None => self.caller().ok_or_else(|| missing("UserId"))?,
        };
        let user = self.user(id)?;
        if self.caller().is_some_and(|me| me == id) {
            return Ok(json!({"User": user.user, "CustomerRoles": user.customer_roles}));
        }
        let customer_of = |r: &Value| r.get("CustomerId").and_then(as_long);
        let mut customers: Vec<i64> = long(&user.user, "CustomerId").into_iter().collect();
        customers.extend(user.customer_roles.iter().filter_map(customer_of));
        if !customers
            .iter()
            .any(|c| self.may(Action::Read, Target::UsersOf(*c)))
        {
            return Err(vec![OpError::new(106, format!("UserId {id}"))]);
        }
        let roles: Vec<&Value> = user
            .customer_roles
            .iter()
            .filter(|r| customer_of(r).is_some_and(|c| self.may(Action::Read, Target::Customer(c))))
            .collect();
        Ok(json!({"User": user.user, "CustomerRoles": roles}))
    }

    pub(super) fn get_current_user(&mut self) -> OpResult {
        self.permit(Action::Read, Target::Caller)?;
        let id = self.caller().ok_or_else(|| missing("UserId"))?;
        let user = self.user(id)?;
        Ok(json!({"User": user.user}))
    }

    pub(super) fn get_user_mfa_status(&mut self) -> OpResult {
        self.permit(Action::Read, Target::Caller)?;
        let id = self.caller().ok_or_else(|| missing("UserId"))?;
        Ok(json!({"MFAStatus": self.user(id)?.mfa_status}))
    }

    pub(super) fn get_users_info(&mut self, request: &Object) -> OpResult {
        let customer = long(request, "CustomerId").ok_or_else(|| missing("CustomerId"))?;
        if !self.customers.contains_key(&customer) {
            return Err(vec![OpError::new(210, format!("CustomerId {customer}"))]);
        }
        self.permit(Action::Read, Target::UsersOf(customer))?;
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
        let by = self.caller();
        if let Some(user) = self.users.get_mut(&id) {
            user.user.insert("TimeStamp".into(), stamp);
            user.user.insert("LastModifiedTime".into(), now.clone());
            if let Some(by) = by {
                user.user.insert("LastModifiedByUserId".into(), json!(by));
            }
        }
        now
    }

    /// [`crate::emulator::Injection::EditedFirst`]: when one is waiting for `operation`, the
    /// user it names (`UserId`, or `User.Id` of UpdateUser) gets a new TimeStamp first, as if
    /// someone else had updated it between the caller's read and this call.
    pub(super) fn edit_first_when_asked(&mut self, operation: &str, request: &Object) {
        let Some(i) = self
            .edited_first
            .iter()
            .position(|(op, n)| op == operation && *n > 0)
        else {
            return;
        };
        self.edited_first[i].1 -= 1;
        if self.edited_first[i].1 == 0 {
            self.edited_first.remove(i);
        }
        let user = long(request, "UserId").or_else(|| match request.get("User") {
            Some(Value::Object(user)) => long(user, "Id"),
            _ => None,
        });
        if let Some(id) = user.filter(|id| self.users.contains_key(id)) {
            self.touch_user(id);
        }
    }

    /// Super Admin or Standard of the user's customer (updateuser.md:21). The fields the
    /// request sets replace the stored ones; nil ones and read-only ones (`UserName`,
    /// `CustomerId`, …) are kept, as user.md documents per field.
    pub(super) fn update_user(&mut self, request: &Object) -> OpResult {
        let Some(Value::Object(changes)) = request.get("User") else {
            return Err(missing("User"));
        };
        let id = long(changes, "Id").ok_or_else(|| missing("User.Id"))?;
        let customer = self.customer_of_user(id)?;
        self.permit(Action::ManageUsers, Target::UsersOf(customer))?;
        self.check_time_stamp(id, changes.get("TimeStamp"))?;
        if let Some(user) = self.users.get_mut(&id) {
            user.user = super::updated(&user.user, changes, READ_ONLY);
        }
        let now = self.touch_user(id);
        Ok(json!({"LastModifiedTime": now}))
    }

    /// Super Admin only (deleteuser.md:21).
    pub(super) fn delete_user(&mut self, request: &Object) -> OpResult {
        let id = long(request, "UserId").ok_or_else(|| missing("UserId"))?;
        let customer = self.customer_of_user(id)?;
        self.permit(Action::ManageSuperAdmins, Target::UsersOf(customer))?;
        self.check_time_stamp(id, request.get("TimeStamp"))?;
        if let Some(user) = self.users.get_mut(&id) {
            user.user
                .insert("UserLifeCycleStatus".into(), json!("Deleted"));
        }
        self.touch_user(id);
        Ok(json!({}))
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
        let new_role = long(request, "NewRoleId");
        let delete_role = long(request, "DeleteRoleId");
        // A Standard user cannot set or modify the Super Admin role (updateuserroles.md:21).
        let touches_super_admin = [new_role, delete_role]
            .iter()
            .any(|r| *r == Some(i64::from(role::SUPER_ADMIN)));
        let action = if touches_super_admin {
            Action::ManageSuperAdmins
        } else {
            Action::ManageUsers
        };
        self.permit(action, Target::UsersOf(customer))?;
        if new_role.is_none() && delete_role.is_none() {
            return Err(missing("NewRoleId or DeleteRoleId"));
        }
        for r in [new_role, delete_role].into_iter().flatten() {
            if !role::ALL.contains(&(r as i32)) {
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
