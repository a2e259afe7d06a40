//! Typed predicates for the Customer Management v13 searches. Each enum holds only the
//! Field and Operator pairs the documentation lists for its operation, with typed values, so
//! an unsupported pair cannot be built; the raw
//! [`Predicate`](crate::v13::customer_management::entities::Predicate) stays available for anything
//! else. The `In` operator is left out: its value format is not documented.
//!
//! From the Remarks of the Predicate data object
//! (<https://learn.microsoft.com/en-us/advertising/customer-management-service/predicate?view=bingads-13>,
//! vendored in `wsdl/v13/docs/objects/Predicate.md`):
//! - a string value must be four characters or longer, except MarketCountry and MarketLanguage;
//! - SearchAccounts takes exactly one predicate, or AccountLifeCycleStatus with one more;
//! - SearchClientLinks: not both DirectManagingCustomerId and ManagingCustomerId, not both
//!   ClientAccountId and ClientCustomerId;
//! - SearchCustomers: MarketCountry and MarketLanguage go together
//!   ([`CustomersBy::Market`](crate::v13::customer_management::search::CustomersBy::Market)).
//!
//! ```
//! use bingads::v13::customer_management::search::{AccountsBy, CustomersBy};
//! use bingads::v13::customer_management::{SearchAccountsRequest, SearchCustomersRequest};
//!
//! let mine = SearchAccountsRequest::by([AccountsBy::UserId(3001)]);
//! let p = &mine.predicates.as_ref().unwrap()[0];
//! assert_eq!((p.field.as_deref(), p.value.as_deref()), (Some("UserId"), Some("3001")));
//! let named = SearchCustomersRequest::by([CustomersBy::NameContains("Contoso".into())]);
//! assert_eq!(named.predicates.unwrap()[0].field.as_deref(), Some("CustomerName"));
//! ```

use crate::v13::customer_management::entities::{
    AccountLifeCycleStatus, Predicate, PredicateOperator,
};
use crate::v13::customer_management::{
    SearchAccountsRequest, SearchClientLinksRequest, SearchCustomersRequest,
    SearchUserInvitationsRequest,
};
use crate::xml::{DateTime, XmlEnum};

fn predicate(field: &str, operator: PredicateOperator, value: impl ToString) -> Predicate {
    Predicate {
        field: Some(field.to_string()),
        operator: Some(operator),
        value: Some(value.to_string()),
    }
}

use PredicateOperator::{Contains, Equals, GreaterThanEquals, LessThanEquals};

/// A SearchAccounts predicate.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AccountsBy {
    /// `AccountId Equals`: the account's Id.
    AccountId(i64),
    /// `AccountLifeCycleStatus Equals`. "Active" also returns accounts paused by billing
    /// (PauseReason 2); "Pause" returns those paused by the user (1) or both (4). Needs one
    /// more predicate (UserId, say).
    LifeCycleStatus(AccountLifeCycleStatus),
    /// `AccountName Contains`.
    NameContains(String),
    /// `AccountName Equals`.
    NameEquals(String),
    /// `AccountNumber Contains`.
    NumberContains(String),
    /// `AccountNumber Equals`.
    NumberEquals(String),
    /// `CustomerId Equals`: the accounts of a customer.
    CustomerId(i64),
    /// `UserId Equals`: the accounts a user can reach.
    UserId(i64),
}

impl From<AccountsBy> for Predicate {
    fn from(p: AccountsBy) -> Predicate {
        match p {
            AccountsBy::AccountId(id) => predicate("AccountId", Equals, id),
            AccountsBy::LifeCycleStatus(s) => {
                predicate("AccountLifeCycleStatus", Equals, s.as_wire())
            }
            AccountsBy::NameContains(s) => predicate("AccountName", Contains, s),
            AccountsBy::NameEquals(s) => predicate("AccountName", Equals, s),
            AccountsBy::NumberContains(s) => predicate("AccountNumber", Contains, s),
            AccountsBy::NumberEquals(s) => predicate("AccountNumber", Equals, s),
            AccountsBy::CustomerId(id) => predicate("CustomerId", Equals, id),
            AccountsBy::UserId(id) => predicate("UserId", Equals, id),
        }
    }
}

/// A SearchCustomers predicate.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CustomersBy {
    /// `AccountId Equals`: the customer of an account.
    AccountId(i64),
    /// `AccountName Contains`.
    AccountNameContains(String),
    /// `AccountName Equals`.
    AccountNameEquals(String),
    /// `AccountNumber Contains`.
    AccountNumberContains(String),
    /// `AccountNumber Equals`.
    AccountNumberEquals(String),
    /// `CreatedDate GreaterThanEquals` (UTC; only the date counts).
    CreatedOnOrAfter(DateTime),
    /// `CreatedDate LessThanEquals` (UTC; only the date counts).
    CreatedOnOrBefore(DateTime),
    /// `CustomerId Equals`.
    CustomerId(i64),
    /// `CustomerName Contains`.
    NameContains(String),
    /// `CustomerName Equals`.
    NameEquals(String),
    /// `MarketCountry Equals` and `MarketLanguage Equals`: the service wants both or neither.
    Market {
        /// The MarketCountry value.
        country: String,
        /// The MarketLanguage value.
        language: String,
    },
    /// `UserName Equals`: the customers of a user.
    UserName(String),
}

impl CustomersBy {
    fn into_predicates(self) -> Vec<Predicate> {
        vec![match self {
            CustomersBy::AccountId(id) => predicate("AccountId", Equals, id),
            CustomersBy::AccountNameContains(s) => predicate("AccountName", Contains, s),
            CustomersBy::AccountNameEquals(s) => predicate("AccountName", Equals, s),
            CustomersBy::AccountNumberContains(s) => predicate("AccountNumber", Contains, s),
            CustomersBy::AccountNumberEquals(s) => predicate("AccountNumber", Equals, s),
            CustomersBy::CreatedOnOrAfter(d) => predicate("CreatedDate", GreaterThanEquals, d),
            CustomersBy::CreatedOnOrBefore(d) => predicate("CreatedDate", LessThanEquals, d),
            CustomersBy::CustomerId(id) => predicate("CustomerId", Equals, id),
            CustomersBy::NameContains(s) => predicate("CustomerName", Contains, s),
            CustomersBy::NameEquals(s) => predicate("CustomerName", Equals, s),
            CustomersBy::Market { country, language } => {
                return vec![
                    predicate("MarketCountry", Equals, country),
                    predicate("MarketLanguage", Equals, language),
                ]
            }
            CustomersBy::UserName(s) => predicate("UserName", Equals, s),
        }]
    }
}

/// A SearchClientLinks predicate.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ClientLinksBy {
    /// `ClientAccountId Equals`: account links of a client account.
    ClientAccountId(i64),
    /// `ClientCustomerId Equals`: customer links of a client customer.
    ClientCustomerId(i64),
    /// `DirectManagingCustomerId Equals`: links of the agency itself (not other managers').
    DirectManagingCustomerId(i64),
    /// `ManagingCustomerId Equals` (deprecated in favour of DirectManagingCustomerId).
    ManagingCustomerId(i64),
}

impl From<ClientLinksBy> for Predicate {
    fn from(p: ClientLinksBy) -> Predicate {
        match p {
            ClientLinksBy::ClientAccountId(id) => predicate("ClientAccountId", Equals, id),
            ClientLinksBy::ClientCustomerId(id) => predicate("ClientCustomerId", Equals, id),
            ClientLinksBy::DirectManagingCustomerId(id) => {
                predicate("DirectManagingCustomerId", Equals, id)
            }
            ClientLinksBy::ManagingCustomerId(id) => predicate("ManagingCustomerId", Equals, id),
        }
    }
}

impl SearchAccountsRequest {
    /// A SearchAccounts request with these predicates (no paging set: the `_pages` /
    /// `_items` streams set it).
    pub fn by(predicates: impl IntoIterator<Item = AccountsBy>) -> Self {
        SearchAccountsRequest {
            predicates: Some(predicates.into_iter().map(Predicate::from).collect()),
            ..Default::default()
        }
    }
}

impl SearchCustomersRequest {
    /// A SearchCustomers request with these predicates.
    pub fn by(predicates: impl IntoIterator<Item = CustomersBy>) -> Self {
        SearchCustomersRequest {
            predicates: Some(
                predicates
                    .into_iter()
                    .flat_map(CustomersBy::into_predicates)
                    .collect(),
            ),
            ..Default::default()
        }
    }
}

impl SearchClientLinksRequest {
    /// A SearchClientLinks request with these predicates.
    pub fn by(predicates: impl IntoIterator<Item = ClientLinksBy>) -> Self {
        SearchClientLinksRequest {
            predicates: Some(predicates.into_iter().map(Predicate::from).collect()),
            ..Default::default()
        }
    }
}

impl SearchUserInvitationsRequest {
    /// The pending invitations of a customer (`CustomerId Equals`, the one predicate the
    /// operation takes).
    pub fn of_customer(customer_id: i64) -> Self {
        SearchUserInvitationsRequest {
            predicates: Some(vec![predicate("CustomerId", Equals, customer_id)]),
        }
    }
}

use super::paging::ItemStream;
use super::Error;
use crate::v13::customer_management::entities::AdvertiserAccount;
use crate::v13::customer_management::{CustomerManagementClient, GetUserRequest};
use futures_util::stream::{self, StreamExt, TryStreamExt};

impl CustomerManagementClient {
    /// Every account a user can reach, over all pages: GetUser (`None`: the signed-in user),
    /// then SearchAccounts by UserId, ordered by Id, at the documented page size.
    pub fn accounts_of_user(&self, user_id: Option<i64>) -> ItemStream<AdvertiserAccount> {
        let client = self.clone();
        stream::once(async move {
            let me = client.get_user(GetUserRequest { user_id }).await?;
            let id = me.body.user.and_then(|u| u.id).ok_or_else(|| {
                Error::Construction("GetUser answered without the user's Id".into())
            })?;
            Ok::<_, Error>(
                client.search_accounts_items(SearchAccountsRequest::by([AccountsBy::UserId(id)])),
            )
        })
        .try_flatten()
        .boxed()
    }
}
