//! Listing a customer's users page by page (`links.next` and `MS-ContinuationToken`), as
//! streams, and finding users by their sign-in name.

use std::collections::{HashMap, VecDeque};

use futures_util::{Stream, TryStreamExt};

use super::client::{check_guid, decode, PartnerCenterClient};
use super::error::{ErrorKind, PartnerCenterError};
use super::ids::RequestIds;
use super::types::{CustomerUser, Link, Page, RawPage};

/// The filter for soft-deleted users, as the service documents it
/// (https://learn.microsoft.com/en-us/partner-center/developer/view-a-deleted-user).
pub(crate) const INACTIVE_FILTER: &str =
    r#"{"Field":"UserState","Value":"Inactive","Operator":"equals"}"#;

/// The only header taken from a next link: the one Partner Center documents for paging (the
/// .NET SDK's `GetCustomerUsers` configuration, `ContinuationToken: "MS-ContinuationToken"`,
/// microsoft/partner-center-sdk-for-dotNET Source/PartnerSDK/Configuration/PartnerSdkConfiguration.json).
/// Anything else a link names (Authorization, Host, Connection, …) is not sent.
pub const CONTINUATION_HEADER: &str = "MS-ContinuationToken";

impl PartnerCenterClient {
    /// One page of deleted users: the first when `continuation` is `None`, else the one the
    /// continuation (from an earlier [`Page`]) points at.
    pub async fn deleted_users_page(
        &self,
        customer: &str,
        continuation: Option<&Link>,
    ) -> Result<Page, PartnerCenterError> {
        self.page(customer, Some(INACTIVE_FILTER), continuation)
            .await
    }

    /// One page of active users.
    pub async fn users_page(
        &self,
        customer: &str,
        continuation: Option<&Link>,
    ) -> Result<Page, PartnerCenterError> {
        self.page(customer, None, continuation).await
    }

    /// Every deleted (inactive, restorable) user, across all pages. An error carries the ids
    /// of the call that failed, or of the last page read.
    pub fn deleted_users(
        &self,
        customer: &str,
    ) -> impl Stream<Item = Result<CustomerUser, PartnerCenterError>> + Send + 'static {
        self.stream(customer.to_string(), Some(INACTIVE_FILTER))
    }

    /// Every active user, across all pages. An error carries the ids of the call that failed,
    /// or of the last page read.
    pub fn users(
        &self,
        customer: &str,
    ) -> impl Stream<Item = Result<CustomerUser, PartnerCenterError>> + Send + 'static {
        self.stream(customer.to_string(), None)
    }

    /// The active users whose `userPrincipalName` is one of `upns`, compared without regard to
    /// case (Entra ID sign-in names are case-insensitive). Partner Center documents no filter
    /// by name (only `UserState`), so every page is read; Microsoft's own PowerShell module
    /// resolves a name through Graph instead (microsoft/Partner-Center-PowerShell
    /// src/PowerShell/Commands/GetPartnerCustomerUser.cs). Each name maps to its user, or to
    /// `None` when no active user has it.
    pub async fn find_users_by_upn<S: AsRef<str>>(
        &self,
        customer: &str,
        upns: &[S],
    ) -> Result<Vec<(String, Option<CustomerUser>)>, PartnerCenterError> {
        let mut wanted: HashMap<String, Option<CustomerUser>> = upns
            .iter()
            .map(|u| (u.as_ref().trim().to_lowercase(), None))
            .collect();
        let mut users = std::pin::pin!(self.users(customer));
        while let Some(user) = users.try_next().await? {
            let Some(upn) = user.user_principal_name.as_deref() else {
                continue;
            };
            if let Some(slot) = wanted.get_mut(&upn.to_lowercase()) {
                slot.get_or_insert(user);
            }
        }
        Ok(upns
            .iter()
            .map(|u| {
                let found = wanted
                    .get(&u.as_ref().trim().to_lowercase())
                    .cloned()
                    .flatten();
                (u.as_ref().to_string(), found)
            })
            .collect())
    }

    /// The active user whose `userPrincipalName` is `upn` (any case), if there is one.
    pub async fn find_user_by_upn(
        &self,
        customer: &str,
        upn: &str,
    ) -> Result<Option<CustomerUser>, PartnerCenterError> {
        let mut found = self.find_users_by_upn(customer, &[upn]).await?;
        Ok(found.pop().and_then(|(_, user)| user))
    }

    fn stream(
        &self,
        customer: String,
        filter: Option<&'static str>,
    ) -> impl Stream<Item = Result<CustomerUser, PartnerCenterError>> + Send + 'static {
        struct State {
            client: PartnerCenterClient,
            customer: String,
            buffer: VecDeque<CustomerUser>,
            next: Option<Link>,
            last_ids: Option<RequestIds>,
            started: bool,
            failed: bool,
        }
        let state = State {
            client: self.clone(),
            customer,
            buffer: VecDeque::new(),
            next: None,
            last_ids: None,
            started: false,
            failed: false,
        };
        futures_util::stream::unfold(state, move |mut s| async move {
            loop {
                if let Some(user) = s.buffer.pop_front() {
                    return Some((Ok(user), s));
                }
                if s.failed || (s.started && s.next.is_none()) {
                    return None;
                }
                let continuation = s.next.take();
                s.started = true;
                match s
                    .client
                    .page(&s.customer, filter, continuation.as_ref())
                    .await
                {
                    Ok(page) => {
                        s.buffer.extend(page.items);
                        s.next = page.continuation;
                        s.last_ids = Some(page.ids);
                    }
                    Err(e) => {
                        s.failed = true;
                        let e = e.or_ids(s.last_ids.as_ref());
                        return Some((Err(e), s));
                    }
                }
            }
        })
    }

    async fn page(
        &self,
        customer: &str,
        filter: Option<&str>,
        continuation: Option<&Link>,
    ) -> Result<Page, PartnerCenterError> {
        check_guid("customer id", customer)?;
        let (url, headers) = match continuation {
            Some(link) => (self.resolve_link(&link.uri)?, paging_headers(link)),
            None => (
                self.collection_url(customer, self.inner.page_size, filter),
                Vec::new(),
            ),
        };
        let reply = self
            .send("list_users", reqwest::Method::GET, &url, &headers, None)
            .await?;
        let (raw, ids) = decode::<RawPage>(reply)?;
        Ok(Page {
            items: raw.items,
            total_count: raw.total_count,
            continuation: raw.links.and_then(|l| l.next),
            ids,
        })
    }

    /// The first page of users: `…/v1/customers/{customer}/users?size=N`, with the inactive
    /// filter when `deleted`. Checks that the customer id is a GUID.
    pub fn users_url(&self, customer: &str, deleted: bool) -> Result<String, PartnerCenterError> {
        check_guid("customer id", customer)?;
        Ok(self.collection_url(
            customer,
            self.inner.page_size,
            deleted.then_some(INACTIVE_FILTER),
        ))
    }

    /// `links.next.uri` as given: `/v1/…` is host-relative; `/…` gets `/v1` in front; a bare
    /// path gets `/v1/`; an absolute URL is followed only on the base URL's host (the bearer
    /// token must not go elsewhere). Never `/v1//v1/`.
    pub fn resolve_link(&self, uri: &str) -> Result<String, PartnerCenterError> {
        let base = &self.inner.base;
        if uri.starts_with("/v1/") {
            return Ok(format!("{base}{uri}"));
        }
        if let Some(rest) = uri.strip_prefix('/') {
            // `//host/…` would be another host once joined: refused like any foreign link.
            if rest.starts_with('/') {
                return Err(ErrorKind::ForeignLink(uri.to_string()).into());
            }
            return Ok(format!("{base}/v1/{rest}"));
        }
        match url::Url::parse(uri) {
            Ok(absolute) if absolute.host_str().is_some() => {
                // Same scheme, host and port: the bearer token goes nowhere else, and never
                // over plain HTTP when the base is HTTPS.
                if absolute.origin() == self.inner.origin {
                    Ok(uri.to_string())
                } else {
                    Err(ErrorKind::ForeignLink(uri.to_string()).into())
                }
            }
            _ => Ok(format!(
                "{base}/v1/{}",
                uri.strip_prefix("v1/").unwrap_or(uri)
            )),
        }
    }
}

/// The headers of a next link that are sent: `MS-ContinuationToken` only.
fn paging_headers(link: &Link) -> Vec<(String, String)> {
    link.headers
        .iter()
        .filter(|h| h.key.trim().eq_ignore_ascii_case(CONTINUATION_HEADER))
        .map(|h| (CONTINUATION_HEADER.to_string(), h.value.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::types::LinkHeader;
    use super::*;

    fn client(base: &str) -> PartnerCenterClient {
        PartnerCenterClient::builder()
            .base_url(base)
            .access_token("t")
            .build()
            .unwrap()
    }

    #[test]
    fn next_links_resolve_without_double_v1() {
        let c = client("https://api.partnercenter.microsoft.com/");
        let base = "https://api.partnercenter.microsoft.com";
        for (uri, want) in [
            ("/v1/customers/x/users?a=1", "/v1/customers/x/users?a=1"),
            ("/customers/x/users", "/v1/customers/x/users"),
            ("customers/x/users", "/v1/customers/x/users"),
            ("v1/customers/x/users", "/v1/customers/x/users"),
        ] {
            assert_eq!(c.resolve_link(uri).unwrap(), format!("{base}{want}"));
        }
        assert_eq!(
            c.resolve_link(&format!("{base}/v1/customers/x")).unwrap(),
            format!("{base}/v1/customers/x")
        );
        for foreign in [
            "http://api.partnercenter.microsoft.com/v1/customers",
            "https://api.partnercenter.microsoft.com:8443/v1/customers",
            "https://evil.example/v1/customers",
            "//evil.example/v1/customers",
        ] {
            let e = c.resolve_link(foreign).unwrap_err();
            assert!(matches!(e.kind(), ErrorKind::ForeignLink(_)), "{foreign}");
        }
        // A base given with /v1 is the same host root.
        assert_eq!(
            client(&format!("{base}/v1"))
                .resolve_link("/customers/x")
                .unwrap(),
            format!("{base}/v1/customers/x")
        );
    }

    #[test]
    fn only_the_continuation_header_is_taken_from_a_link() {
        let header = |k: &str, v: &str| LinkHeader {
            key: k.into(),
            value: v.into(),
        };
        let link = Link {
            uri: "/customers/x/users".into(),
            method: Some("GET".into()),
            headers: vec![
                header("Authorization", "Bearer stolen"),
                header("Host", "evil.example"),
                header("Connection", "close"),
                header("ms-continuationtoken", "abc"),
                header("X-Locale", "fr-FR"),
            ],
        };
        assert_eq!(
            paging_headers(&link),
            vec![(CONTINUATION_HEADER.to_string(), "abc".to_string())]
        );
    }
}
