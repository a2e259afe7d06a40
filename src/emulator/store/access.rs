//! Who may do what: one access model, from the signed-in user's `CustomerRoles`, that every
//! operation applies through [`Store::permit`] (or, to filter a search, [`Store::may`]).
//! docs/emulator-access.md has the model as a table, with its sources.
//!
//! - A role names a customer and either the accounts it reaches (`AccountIds`) or, when
//!   `AccountIds` is nil or empty, every account of that customer, current and future
//!   (CustomerRole and UserInvitation pages: "NULL means all current and future accounts";
//!   the account hierarchy guide's samples have a Super Admin with empty and an aggregator
//!   with nil `AccountIds`). A customer-level role (Super Admin 41, Aggregator 33) is never
//!   restricted, whatever it lists (UserInvitation page: asking for it "will not fail").
//! - The customer a role covers reaches, through its active client links, the client accounts
//!   (account links) and the client customers with all their accounts (customer links, up to
//!   five levels); under a link whose `CustomerLinkPermission` is `Standard` a Super Admin acts
//!   as a Standard user (account hierarchy guide, l.40).
//! - A role restricted to accounts, or reaching an account through an account link, may read
//!   the account's customer record (the CustomerRole page: a user who manages linked accounts
//!   under customer 234 gets a CustomerRole on 234); users and invitations of a customer need a
//!   role of the user's own on it.

use serde_json::Value;

use super::link_graph::{self as links, Kind};
use super::{as_long, long, OpError, Store};

/// Role ids of the service (`CustomerRole.RoleId`; customerrole.md, userinvitation.md).
pub(crate) mod role {
    pub const ADVERTISER_CAMPAIGN_MANAGER: i32 = 16;
    pub const AGGREGATOR: i32 = 33;
    pub const SUPER_ADMIN: i32 = 41;
    pub const VIEWER: i32 = 100;
    pub const STANDARD: i32 = 203;
    /// Every role the service documents.
    pub const ALL: &[i32] = &[
        ADVERTISER_CAMPAIGN_MANAGER,
        AGGREGATOR,
        SUPER_ADMIN,
        VIEWER,
        STANDARD,
    ];
    /// Roles that apply to a whole customer and cannot be restricted to accounts.
    pub const CUSTOMER_LEVEL: &[i32] = &[SUPER_ADMIN, AGGREGATOR];
}

/// What an operation does; each names the roles that may do it (docs/emulator-access.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Every read operation: any role (account hierarchy guide l.27-38: every role reads).
    Read,
    /// UpdateAccount, UpdatePrepayAccount, MapAccountIdToExternalAccountIds: Super Admin,
    /// Standard (updateaccount.md:21) and Aggregator (reads and writes all but DeleteCustomer).
    EditAccount,
    /// AddAccount, AddPrepayAccount: Super Admin (addaccount.md:20) and Aggregator.
    AddAccount,
    /// DeleteAccount: Super Admin only (deleteaccount.md:21).
    DeleteAccount,
    /// UpdateCustomer, UpgradeCustomerToAgency, MapCustomerIdToExternalCustomerId: Super Admin
    /// only (updatecustomer.md:21).
    EditCustomer,
    /// DeleteCustomer: no role (the guide: every role may write "except DeleteCustomer").
    DeleteCustomer,
    /// SignupCustomer: Aggregator (signupcustomer.md:20; the official customer_signup example
    /// refuses to run without role 33).
    SignUpCustomer,
    /// SendUserInvitation, UpdateUser, UpdateUserRoles that touch no Super Admin: Super Admin
    /// or Standard (senduserinvitation.md, updateuser.md, updateuserroles.md, line 21).
    ManageUsers,
    /// Inviting a Super Admin, giving or taking the role, DeleteUser: Super Admin only
    /// (the same pages; deleteuser.md:21).
    ManageSuperAdmins,
    /// Add/Update/SearchClientLinks of account links: Super Admin or Standard.
    LinkAccounts,
    /// Add/Update/SearchClientLinks of customer links: Super Admin only (addclientlinks.md:21).
    LinkCustomers,
}

impl Action {
    /// The roles that may do it.
    pub(crate) fn roles(self) -> &'static [i32] {
        use role::*;
        match self {
            Action::Read => ALL,
            Action::EditAccount => &[SUPER_ADMIN, STANDARD, AGGREGATOR],
            Action::AddAccount => &[SUPER_ADMIN, AGGREGATOR],
            Action::DeleteAccount | Action::EditCustomer | Action::ManageSuperAdmins => {
                &[SUPER_ADMIN]
            }
            Action::LinkCustomers => &[SUPER_ADMIN],
            Action::DeleteCustomer => &[],
            Action::SignUpCustomer => &[AGGREGATOR],
            Action::ManageUsers | Action::LinkAccounts => &[SUPER_ADMIN, STANDARD],
        }
    }
}

/// What an action is done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The caller alone (its own notifications, MFA status, ValidateAddress).
    Caller,
    /// A customer's own record.
    Customer(i64),
    /// A customer's users and invitations.
    UsersOf(i64),
    /// An account.
    Account(i64),
}

/// What one role reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The customer and every account of it.
    Customer(i64),
    /// One account.
    Account(i64),
    /// The customer's record, to read; `own` when the role is the user's own on it (its users
    /// may be read too), not one reached through an account link.
    Member { customer: i64, own: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Grant {
    role: i32,
    scope: Scope,
}

/// Client links never nest deeper than this (the service's documented limit).
const MAX_LINK_DEPTH: usize = 5;

impl Store {
    /// The signed-in user; `None` when the seed has no users (then everyone may do anything).
    pub(super) fn caller(&self) -> Option<i64> {
        self.signed_in_user_id
    }

    /// The customer the caller belongs to (what a nil `CustomerId` means).
    pub(super) fn caller_customer(&self) -> Option<i64> {
        let user = self.users.get(&self.caller()?)?;
        long(&user.user, "CustomerId")
    }

    /// Everything `user`'s roles reach, client links followed.
    fn grants(&self, user: i64) -> Vec<Grant> {
        let Some(user) = self.users.get(&user) else {
            return Vec::new();
        };
        if user.user.get("UserLifeCycleStatus").and_then(Value::as_str) == Some("Deleted") {
            return Vec::new();
        }
        let mut grants = Vec::new();
        for r in &user.customer_roles {
            let (Some(role), Some(customer)) = (
                r.get("RoleId").and_then(as_long),
                r.get("CustomerId").and_then(as_long),
            ) else {
                continue;
            };
            let role = role as i32;
            let ids = |key: &str| -> Vec<i64> {
                r.get(key)
                    .and_then(Value::as_array)
                    .map(|ids| ids.iter().filter_map(as_long).collect())
                    .unwrap_or_default()
            };
            let accounts = ids("AccountIds");
            if accounts.is_empty() || role::CUSTOMER_LEVEL.contains(&role) {
                grants.push(Grant {
                    role,
                    scope: Scope::Customer(customer),
                });
            } else {
                grants.push(Grant {
                    role,
                    scope: Scope::Member {
                        customer,
                        own: true,
                    },
                });
                grants.extend(accounts.into_iter().map(|a| Grant {
                    role,
                    scope: Scope::Account(a),
                }));
            }
            grants.extend(ids("LinkedAccountIds").into_iter().map(|a| Grant {
                role,
                scope: Scope::Account(a),
            }));
        }
        self.follow_links(&mut grants);
        grants
    }

    /// Adds what the customers of `grants` manage through active client links.
    fn follow_links(&self, grants: &mut Vec<Grant>) {
        let mut frontier: Vec<Grant> = grants.clone();
        for _ in 0..MAX_LINK_DEPTH {
            let mut next = Vec::new();
            for grant in &frontier {
                let Scope::Customer(manager) = grant.scope else {
                    continue;
                };
                for link in self.latest_links() {
                    let (kind, Some(client), Some(m)) = links::parties(link) else {
                        continue;
                    };
                    if m != manager || link.get("Status").and_then(Value::as_str) != Some("Active")
                    {
                        continue;
                    }
                    let standard_only = link.get("CustomerLinkPermission").and_then(Value::as_str)
                        == Some("Standard");
                    let role = if standard_only && grant.role == role::SUPER_ADMIN {
                        role::STANDARD
                    } else {
                        grant.role
                    };
                    let mut add = |scope| {
                        let g = Grant { role, scope };
                        if !grants.contains(&g) {
                            grants.push(g);
                            next.push(g);
                        }
                    };
                    match kind {
                        Kind::Customer => add(Scope::Customer(client)),
                        Kind::Account => {
                            add(Scope::Account(client));
                            if let Some(parent) = self.parent_of(client) {
                                add(Scope::Member {
                                    customer: parent,
                                    own: false,
                                });
                            }
                        }
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
    }

    fn parent_of(&self, account: i64) -> Option<i64> {
        self.accounts
            .get(&account)
            .and_then(|a| long(a, "ParentCustomerId"))
    }

    /// Whether `user`'s roles let it do `action` to `target`.
    pub(super) fn user_may(&self, user: i64, action: Action, target: Target) -> bool {
        let allowed = action.roles();
        let read = action == Action::Read;
        self.grants(user).iter().any(|g| {
            allowed.contains(&g.role)
                && match (g.scope, target) {
                    (_, Target::Caller) => true,
                    (Scope::Customer(c), Target::Customer(t) | Target::UsersOf(t)) => c == t,
                    (Scope::Customer(c), Target::Account(a)) => self.parent_of(a) == Some(c),
                    (Scope::Account(x), Target::Account(a)) => x == a,
                    (Scope::Member { customer, .. }, Target::Customer(t)) => read && customer == t,
                    (Scope::Member { customer, own }, Target::UsersOf(t)) => {
                        read && own && customer == t
                    }
                    _ => false,
                }
        })
    }

    /// The one access check: whether the caller may do `action` to `target`. Without users
    /// in the seed everyone may do everything.
    pub(super) fn may(&self, action: Action, target: Target) -> bool {
        match self.caller() {
            None => true,
            Some(me) => self.user_may(me, action, target),
        }
    }

    /// [`Store::may`] as an operation answers it when denied: 106 UserIsNotAuthorized when
    /// the caller cannot reach the target at all ("the user doesn't have access to one of the
    /// entities specified in the request", operation-error-codes.md l.68-75); 1001 ("The user
    /// is not authorized to perform this action.", l.1526) when it reaches the target but its
    /// role may not do this. The live service answers 1001 there: AddClientLinks by a user who
    /// can SearchClientLinks
    /// (<https://learn.microsoft.com/answers/questions/1124088/bing-ads-api-getting-error-code-1001-the-user-is-n>),
    /// SignupCustomer by a manager account's Super Admin
    /// (<https://learn.microsoft.com/answers/questions/690845/bing-ads-api-v13-customermanagementservice-signupc>,
    /// <https://learn.microsoft.com/answers/questions/1668186/error-with-signupcustomer-method-in-the-customer-m>),
    /// AddAccount under an agency
    /// (<https://learn.microsoft.com/answers/questions/1505615/api-the-user-is-not-authorized-to-perform-this-act>).
    pub(super) fn permit(&self, action: Action, target: Target) -> Result<(), Vec<OpError>> {
        if self.may(action, target) {
            Ok(())
        } else if action != Action::Read && self.may(Action::Read, target) {
            Err(vec![OpError::new(1001, "")])
        } else {
            Err(vec![OpError::new(106, "")])
        }
    }

    /// The accounts `user` reaches (SearchAccounts' `UserId` predicate), in id order.
    pub(super) fn accounts_reached_by(&self, user: i64) -> Vec<i64> {
        self.accounts
            .keys()
            .copied()
            .filter(|a| self.user_may(user, Action::Read, Target::Account(*a)))
            .collect()
    }

    /// Whether the caller may touch the link, by its kind (the managing or the client side).
    pub(super) fn may_on_link(&self, link: &super::Object) -> bool {
        let (kind, client, manager) = links::parties(link);
        let action = match kind {
            Kind::Account => Action::LinkAccounts,
            Kind::Customer => Action::LinkCustomers,
        };
        let client_side = client.is_some_and(|c| match kind {
            Kind::Account => self.may(action, Target::Account(c)),
            Kind::Customer => self.may(action, Target::Customer(c)),
        });
        client_side || manager.is_some_and(|m| self.may(action, Target::Customer(m)))
    }
}
