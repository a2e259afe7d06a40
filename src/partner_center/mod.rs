//! Partner Center REST: the customer-user lifecycle. A deleted user is inactive for 30 days,
//! then purged; within those 30 days it can be listed and restored.
//!
//! The token provider and the retry loop are the ones the Customer Management client uses.
//! Since 2026-04-01 every App+User call needs a token with an MFA claim; one without it is
//! [`ErrorKind::MfaRequired`], and [`PartnerCenterClient::check_mfa`] asks before a long run.
//!
//! ```
//! use bingads::client::TryStreamExt; // the streams' try_next / try_collect
//! use bingads::partner_center::PartnerCenterClient;
//!
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let emulator = bingads::emulator::Emulator::builder().start().await?;
//! let pc = PartnerCenterClient::builder()
//! #   .base_url(emulator.url())
//!     .access_token("partner-center-token")
//!     .build()?;
//! let customer = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
//! let mut deleted = std::pin::pin!(pc.deleted_users(customer));
//! while let Some(user) = deleted.try_next().await? {
//!     println!("{:?} is purged at {:?}", user.user_principal_name, user.purge_at_text());
//! }
//! # Ok(()) }
//! ```

mod builder;
mod client;
mod error;
mod ids;
mod paging;
mod types;

pub use builder::{PartnerCenterClientBuilder, DEFAULT_BASE_URL};
pub use client::{
    DeleteOutcome, PartnerCenterClient, RestoreOutcome, MFA_COMPLIANT_FIELD, VALIDATE_MFA_HEADER,
};
pub use error::{
    ErrorKind, PartnerCenterError, CUSTOMER_NOT_FOUND_CODES, MFA_REQUIRED_CODE, USER_NOT_FOUND_CODE,
};
pub use ids::{PcResponse, RequestIds};
pub use paging::CONTINUATION_HEADER;
pub use types::{CustomerUser, Link, LinkHeader, Page, UserState, SOFT_DELETE_RETENTION};

pub(crate) use ids::new_guid;
pub(crate) use paging::INACTIVE_FILTER;

/// Fuzzing entry point (`fuzz/`): reads `body` as each kind of Partner Center answer (a user,
/// a page, an error with every status class) the way the client does, and derives the purge
/// dates. Must never panic.
#[doc(hidden)]
pub fn fuzz_read_bodies(body: &[u8]) {
    let reply = |status| client::Reply {
        status,
        body: body.to_vec(),
        ids: RequestIds::default(),
        mfa_header: None,
    };
    if let Ok((user, _)) = client::decode::<CustomerUser>(reply(200)) {
        let _ = (
            user.purge_at_text(),
            user.is_restorable(std::time::SystemTime::now()),
        );
    }
    if let Ok((page, _)) = client::decode::<types::RawPage>(reply(200)) {
        for user in &page.items {
            let _ = user.purge_at_text();
        }
    }
    for status in [400, 401, 404, 429, 500] {
        let _ = error::error_reply(status, body, RequestIds::default(), None).to_string();
    }
}
