//! Paging: every operation whose request has `PageInfo` gets two generated client methods,
//! `<operation>_pages` (a stream of [`Page`]s, each with its TrackingId) and
//! `<operation>_items` (the items of every page, one by one).
//!
//! The pages are asked for at the documented largest size (1,000 for SearchAccounts, 100 for
//! SearchClientLinks, 1,024 for SearchCustomers, 1,000 for Campaign Management, 100 for Customer Billing) unless the
//! request sets `PageInfo.Size`; the service sends no total, so the last page is the first one
//! shorter than the size asked for (an empty one included), or longer (the service ignored
//! `PageInfo` and sent everything). A request without `Ordering` is
//! ordered by Id, so an entity added while paging cannot shift another onto a page already
//! read.
//!
//! Some reads answer a page with `PartialErrors` beside its items (Campaign Management's
//! GetLabelsByIds, GetExperimentsByIds, …: an error per id that could not be read). Like an
//! AWS SDK paginator, whose pages are the whole output, each [`Page`] keeps them in
//! [`Page::partial_errors`] (one wire-neutral [`BatchError`] type for every service, codes
//! to match with [`crate::model::ErrorCode`]). The items stream cannot carry them beside an
//! item, and must not drop them: after the items of a page that had any, it yields one
//! [`Error::PartialErrors`] (with the page index and its TrackingId) and then goes on with the
//! next page. `try_collect` therefore stops there; read `_pages` to keep going past them.
//!
//! The streams are [`futures_util`] streams: consume them with `TryStreamExt`, re-exported as
//! [`crate::client::TryStreamExt`].
//!
//! ```
//! use bingads::client::TryStreamExt;
//! use bingads::v13::customer_management::{entities::Predicate, SearchAccountsRequest};
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
//! let request = SearchAccountsRequest {
//!     predicates: Some(vec![Predicate {
//!         field: Some("UserId".into()),
//!         operator: Some(bingads::v13::customer_management::entities::PredicateOperator::Equals),
//!         value: Some("3001".into()),
//!     }]),
//!     ..Default::default()
//! };
//! let accounts: Vec<_> = client.search_accounts_items(request.clone()).try_collect().await?;
//! assert!(!accounts.is_empty());
//! let mut pages = client.search_accounts_pages(request);
//! while let Some(page) = pages.try_next().await? {
//!     println!("page {}: {} accounts, TrackingId {:?}", page.index, page.items.len(), page.tracking_id);
//! }
//! # Ok(()) }
//! ```

use futures_util::stream::{self, BoxStream, StreamExt};

use super::{Error, ServiceClient};
use crate::model::{BatchError, OperationRequest};

/// A request that pages (generated for every operation with `PageInfo`).
pub trait PagedRequest:
    OperationRequest + serde::Serialize + Clone + Send + Sync + 'static
where
    Self::Response: serde::de::DeserializeOwned + Send,
{
    /// One item of a page.
    type Item: Send + 'static;
    /// The largest page the documentation allows for this operation (`None`: it gives none;
    /// set `PageInfo.Size` yourself).
    const MAX_PAGE_SIZE: Option<i32>;
    /// `PageInfo` as the caller set it: index and size.
    fn page(&self) -> Option<(Option<i32>, Option<i32>)>;
    /// Sets `PageInfo`.
    fn set_page(&mut self, index: i32, size: i32);
    /// Orders by Id ascending when the request has no `Ordering` (where the operation has one).
    fn order_by_id_when_unordered(&mut self) {}
    /// The page's items.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;
    /// The page's `PartialErrors`, for the operations whose response has them.
    fn partial_errors(_response: &Self::Response) -> Vec<BatchError> {
        Vec::new()
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The zero-based `PageInfo.Index` of this page.
    pub index: i32,
    /// The page's items, in the service's order.
    pub items: Vec<T>,
    /// The TrackingId of the answer that carried this page.
    pub tracking_id: Option<String>,
    /// The page's `PartialErrors` (empty for the operations that have none).
    pub partial_errors: Vec<BatchError>,
}

/// The pages of one paged call.
pub type PageStream<T> = BoxStream<'static, Result<Page<T>, Error>>;

/// The items of every page of one paged call.
pub type ItemStream<T> = BoxStream<'static, Result<T, Error>>;

/// Every page of `request`, from its `PageInfo.Index` (default 0).
pub fn pages<R>(client: ServiceClient, mut request: R) -> PageStream<R::Item>
where
    R: PagedRequest,
    R::Response: serde::de::DeserializeOwned + Send,
{
    let (index, size) = request.page().unwrap_or_default();
    let size = match size.filter(|s| *s > 0).or(R::MAX_PAGE_SIZE) {
        Some(size) => size,
        None => {
            let why = format!(
                "{}: the documentation gives no largest page; set PageInfo.Size",
                R::OPERATION
            );
            return stream::once(async move { Err(Error::Construction(why)) }).boxed();
        }
    };
    request.order_by_id_when_unordered();
    let start = index.unwrap_or(0).max(0);
    stream::try_unfold(Some(start), move |next| {
        let client = client.clone();
        let mut request = request.clone();
        async move {
            let Some(index) = next else {
                return Ok(None);
            };
            request.set_page(index, size);
            let response = client.call(&request).await?;
            let tracking_id = response.tracking_id;
            let partial_errors = R::partial_errors(&response.body);
            let items = R::into_items(response.body);
            // No total comes back: a short page is the last (the documented way to stop). A
            // page longer than asked means the service ignored PageInfo (GetExperimentsByIds:
            // "Reserved for future use") and sent everything: asking again would repeat it.
            let more = items.len() == size as usize && index < i32::MAX;
            let page = Page {
                index,
                items,
                tracking_id,
                partial_errors,
            };
            Ok(Some((page, more.then_some(index + 1))))
        }
    })
    .boxed()
}

/// The items of every page of `request`.
pub fn items<R>(client: ServiceClient, request: R) -> ItemStream<R::Item>
where
    R: PagedRequest,
    R::Response: serde::de::DeserializeOwned + Send,
{
    pages(client, request)
        .flat_map(|page| {
            let page = match page {
                Ok(page) => page,
                Err(e) => return stream::iter(vec![Err(e)]),
            };
            let mut out: Vec<Result<R::Item, Error>> = page.items.into_iter().map(Ok).collect();
            if !page.partial_errors.is_empty() {
                out.push(Err(Error::PartialErrors {
                    operation: R::OPERATION,
                    page: page.index,
                    errors: page.partial_errors,
                    tracking_id: page.tracking_id,
                }));
            }
            stream::iter(out)
        })
        .boxed()
}
