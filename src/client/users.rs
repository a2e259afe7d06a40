//! Finding and offboarding users of Customer Management v13: the customers one can see, the
//! users of a customer with their roles, users found by e-mail or user name, and a DeleteUser
//! that takes a known TimeStamp and tells a stale one apart.
//!
//! `UserInfo` (GetUsersInfo) holds only a user's Id and UserName, so every helper that needs
//! more reads each user with GetUser: its `User` (e-mail, names, Lcid, TimeStamp) and its
//! `CustomerRoles` (customer, account ids, role id), at most four reads at once.
//!
//! ```
//! use bingads::v13::customer_management::users::UserDeletion;
//! use bingads::v13::CustomerManagementClient;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let emulator = bingads::emulator::Emulator::builder().start().await?;
//! let client = CustomerManagementClient::builder()
//!     .environment(emulator.environment())
//!     .developer_token("dev")
//!     .access_token("token")
//!     .build()?;
//! assert_eq!(client.visible_customer_ids().await?, [1001]);
//! // E-mail or user name, any case, across every customer one can see.
//! let found = client.find_users("PAT@Contoso.com").await?;
//! let [pat] = found.as_slice() else { panic!("one user, not {}", found.len()) };
//! assert_eq!((pat.id(), pat.customer_roles[0].role_id), (Some(3002), Some(16)));
//! // Delete with the TimeStamp just read. When someone changed the user in between, nothing is
//! // deleted: the user as it is now comes back, to check before deciding again.
//! match client.delete_user_at(3002, pat.user.time_stamp.clone()).await? {
//!     UserDeletion::Deleted { tracking_id } => println!("deleted (TrackingId {tracking_id:?})"),
//!     UserDeletion::AlreadyDeleted { .. } => println!("deleted earlier"),
//!     UserDeletion::Changed { now, stale } => println!("changed: {:?}; {stale}", now.user.time_stamp),
//!     _ => {}
//! }
//! assert!(client.user_details(Some(3002)).await?.is_deleted());
//! # Ok(()) }
//! ```

use futures_util::stream::{self, StreamExt, TryStreamExt};

use super::Error;
use crate::model::Fault;
use crate::v13::customer_management::entities::{CustomerRole, User};
use crate::v13::customer_management::{
    CustomerManagementClient, DeleteUserRequest, GetCustomersInfoRequest, GetUserRequest,
    GetUsersInfoRequest,
};
use crate::xml::{Base64Binary, XmlEnum};

/// GetCustomersInfo's `TopN` when asking for every customer. The operation has no paging and
/// its documentation gives no largest TopN
/// (<https://learn.microsoft.com/en-us/advertising/customer-management-service/getcustomersinfo?view=bingads-13>);
/// a first user's program asked for 5,000, and so do we. A full answer is logged as a warning.
const CUSTOMERS_TOP_N: i32 = 5000;

/// GetUser calls in flight at once when reading the users of a customer.
const USER_READS_AT_ONCE: usize = 4;

/// A user as GetUser answers it: the user, the roles the caller may see, and the read's
/// TrackingId.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UserDetails {
    /// The user: names, e-mail (`ContactInfo.Email`), `Lcid`, `TimeStamp`, life-cycle status.
    pub user: User,
    /// One per customer (or list of accounts) the user has a role on, as far as the caller
    /// may see: "you will only see the roles of other users as it pertains to customers that
    /// you can access" (GetUser, `wsdl/v13/docs/GetUser.elements.md`).
    pub customer_roles: Vec<CustomerRole>,
    /// The TrackingId of the GetUser answer.
    pub tracking_id: Option<String>,
}

impl UserDetails {
    /// The user's Id.
    pub fn id(&self) -> Option<i64> {
        self.user.id
    }

    /// The e-mail address (`ContactInfo.Email`).
    pub fn email(&self) -> Option<&str> {
        self.user.contact_info.as_ref()?.email.as_deref()
    }

    /// Whether the user's `UserLifeCycleStatus` is `Deleted`.
    pub fn is_deleted(&self) -> bool {
        self.user
            .user_life_cycle_status
            .as_ref()
            .is_some_and(|s| s.as_wire() == "Deleted")
    }

    /// The customers the user belongs to: `User.CustomerId`, then those of the roles, each
    /// once, in that order.
    pub fn customer_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.user.customer_id.into_iter().collect();
        for id in self.customer_roles.iter().filter_map(|r| r.customer_id) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }

    /// Whether the e-mail address or the user name is `email_or_name`, compared without case
    /// and surrounding spaces (Microsoft accounts' names are case-insensitive).
    pub fn matches(&self, email_or_name: &str) -> bool {
        let wanted = email_or_name.trim().to_lowercase();
        [self.email(), self.user.user_name.as_deref()]
            .into_iter()
            .flatten()
            .any(|s| s.trim().to_lowercase() == wanted)
    }
}

/// What [`CustomerManagementClient::delete_user_at`] did.
#[derive(Debug)]
#[non_exhaustive]
pub enum UserDeletion {
    /// DeleteUser succeeded.
    Deleted {
        /// The TrackingId of the DeleteUser answer.
        tracking_id: Option<String>,
    },
    /// The user was deleted before (by an earlier call whose answer was lost, or by someone
    /// else): nothing was done now.
    AlreadyDeleted {
        /// The TrackingId of the read that showed it.
        tracking_id: Option<String>,
    },
    /// The TimeStamp given was stale: someone changed the user since it was read. Nothing was
    /// deleted. `now` is the user read once more (roles and TimeStamp as they are now): check
    /// it is still the user to delete, then call again with `now.user.time_stamp`. If the
    /// TimeStamp changed again, stop: someone is editing the user.
    Changed {
        /// The user as it is now.
        now: Box<UserDetails>,
        /// The 209 TimestampNotMatch fault, with its TrackingId.
        stale: Box<Fault>,
    },
}

impl CustomerManagementClient {
    /// GetUser: a user (`None`: the signed-in one) with its CustomerRoles.
    pub async fn user_details(&self, user_id: Option<i64>) -> Result<UserDetails, Error> {
        let out = self.get_user(GetUserRequest { user_id }).await?;
        let user = out.body.user.ok_or_else(|| {
            Error::Construction(format!(
                "GetUser answered without a User (TrackingId {:?})",
                out.tracking_id
            ))
        })?;
        Ok(UserDetails {
            user,
            customer_roles: out.body.customer_roles.unwrap_or_default(),
            tracking_id: out.tracking_id,
        })
    }

    /// The customers one can see, in id order: those of the signed-in user's CustomerRoles
    /// (GetUser), and those the service lists with GetCustomersInfo without a name filter
    /// (the clients an agency reaches through customer links among them).
    ///
    /// Why GetCustomersInfo and not SearchCustomers: SearchCustomers takes one to ten
    /// predicates and none of them means "all" (`wsdl/v13/docs/SearchCustomers.elements.md`,
    /// Predicates; `wsdl/v13/docs/objects/Predicate.md`, SearchCustomers Predicates), while
    /// GetCustomersInfo documents an empty `CustomerNameFilter` as "no filter"
    /// (`wsdl/v13/docs/GetCustomersInfo.elements.md`).
    pub async fn visible_customer_ids(&self) -> Result<Vec<i64>, Error> {
        let me = self.user_details(None).await?;
        let listed = self
            .get_customers_info(GetCustomersInfoRequest {
                customer_name_filter: Some(String::new()),
                top_n: Some(CUSTOMERS_TOP_N),
            })
            .await?;
        let infos = listed.body.customers_info.unwrap_or_default();
        if infos.len() >= CUSTOMERS_TOP_N as usize {
            tracing::warn!(
                top_n = CUSTOMERS_TOP_N,
                "GetCustomersInfo answered with as many customers as asked for: there may be more"
            );
        }
        let mut ids: Vec<i64> = me
            .customer_ids()
            .into_iter()
            .chain(infos.iter().filter_map(|c| c.id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// The users of a customer, each with its details: GetUsersInfo, then GetUser for each
    /// (every status, deleted users included), in GetUsersInfo's order.
    pub async fn users_of_customer(&self, customer_id: i64) -> Result<Vec<UserDetails>, Error> {
        let infos = self
            .get_users_info(GetUsersInfoRequest {
                customer_id: Some(customer_id),
                ..Default::default()
            })
            .await?
            .body
            .users_info
            .unwrap_or_default();
        stream::iter(infos.into_iter().filter_map(|info| info.id))
            .map(|id| self.user_details(Some(id)))
            .buffered(USER_READS_AT_ONCE)
            .try_collect()
            .await
    }

    /// The users of every customer one can see ([`Self::visible_customer_ids`]), each once
    /// (a user with roles on two customers is listed under the first), deleted users
    /// included. A customer whose users the caller may not read (106 from GetUsersInfo: one
    /// where the caller only reaches linked accounts) is left out, with a warning event naming
    /// it and the TrackingId.
    pub async fn visible_users(&self) -> Result<Vec<UserDetails>, Error> {
        let mut all: Vec<UserDetails> = Vec::new();
        for customer in self.visible_customer_ids().await? {
            let users = match self.users_of_customer(customer).await {
                Ok(users) => users,
                Err(e) if e.is_not_authorized() => {
                    use crate::model::TrackingId as _;
                    tracing::warn!(
                        customer,
                        tracking_id = e.tracking_id(),
                        "the users of this customer may not be read (106): left out"
                    );
                    continue;
                }
                Err(e) => return Err(e),
            };
            for user in users {
                if !all.iter().any(|u| u.id() == user.id()) {
                    all.push(user);
                }
            }
        }
        Ok(all)
    }

    /// The users whose e-mail address or user name is `email_or_name` (without case), across
    /// every customer one can see ([`Self::visible_users`]), deleted users included (check
    /// [`UserDetails::is_deleted`]). More than one means the address is ambiguous: decide by
    /// id.
    pub async fn find_users(&self, email_or_name: &str) -> Result<Vec<UserDetails>, Error> {
        let mut users = self.visible_users().await?;
        users.retain(|u| u.matches(email_or_name));
        Ok(users)
    }

    /// DeleteUser with a TimeStamp read before (`User.TimeStamp` of GetUser). A stale one is
    /// never retried blindly: the user is read once more and comes back as
    /// [`UserDeletion::Changed`], nothing deleted; a user that reads as deleted then (or
    /// after a 210 answer) is [`UserDeletion::AlreadyDeleted`]. Any other failure is the error,
    /// with its TrackingId (106 UserIsNotAuthorized: [`Error::is_not_authorized`]).
    pub async fn delete_user_at(
        &self,
        user_id: i64,
        time_stamp: Option<Base64Binary>,
    ) -> Result<UserDeletion, Error> {
        let result = self
            .delete_user(DeleteUserRequest {
                user_id: Some(user_id),
                time_stamp,
            })
            .await;
        let error = match result {
            Ok(out) => {
                return Ok(UserDeletion::Deleted {
                    tracking_id: out.tracking_id,
                })
            }
            Err(e) if e.is_stale_timestamp() || e.is_not_found() => e,
            Err(e) => return Err(e),
        };
        let now = match self.user_details(Some(user_id)).await {
            Ok(now) => now,
            // Unreadable now: the delete's own error says most.
            Err(_) => return Err(error),
        };
        match error {
            _ if now.is_deleted() => Ok(UserDeletion::AlreadyDeleted {
                tracking_id: now.tracking_id,
            }),
            Error::StaleTimeStamp(stale) => Ok(UserDeletion::Changed {
                now: Box::new(now),
                stale,
            }),
            other => Err(other),
        }
    }

    /// The users of a customer whose e-mail address or user name is `email` (compared
    /// without case): GetUsersInfo, then GetUser for each (UserInfo holds only Id and
    /// UserName). An error names the failed call's TrackingId.
    pub async fn users_by_email(&self, customer_id: i64, email: &str) -> Result<Vec<User>, Error> {
        Ok(self
            .users_of_customer(customer_id)
            .await?
            .into_iter()
            .filter(|u| u.matches(email))
            .map(|u| u.user)
            .collect())
    }
}
