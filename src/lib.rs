//! Microsoft Advertising (Bing Ads) for Rust: Customer Management and the other v13 services,
//! with request and response types generated from the WSDLs at build time, one async method
//! per operation over **REST/JSON** (the v13 default) or **SOAP** (Microsoft turns SOAP off on
//! 2027-01-31 and, until then, ships new features on both), Partner Center customer-user
//! deletion, and a local emulator of both services.
//!
//! The [`guides`] cover each topic at length: signing in, REST and SOAP, the CLI, the emulator,
//! Partner Center, testing, benchmarks and the design.
//!
//! # Quickstart
//!
//! ```
//! use bingads::client::{Environment, Transport};
//! use bingads::v13::customer_management::GetUserRequest;
//! use bingads::v13::CustomerManagementClient;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let emulator = bingads::emulator::Emulator::builder().start().await?;
//! // Environment::Production (the default) or Environment::Sandbox against Microsoft; here
//! // the built-in emulator stands in.
//! let environment: Environment = emulator.environment();
//! // REST: the default for v13.
//! let client = CustomerManagementClient::builder()
//!     .environment(environment.clone())
//!     .developer_token("your-developer-token")
//!     .access_token("an OAuth access token")
//!     .build()?;
//! let me = client.get_user(GetUserRequest { user_id: None }).await?;
//! println!("{:?} (TrackingId {:?})", me.body.user, me.tracking_id);
//!
//! // SOAP: the same types and methods, one builder line apart.
//! let soap = CustomerManagementClient::builder()
//!     .environment(environment)
//!     .transport(Transport::Soap)
//!     .developer_token("your-developer-token")
//!     .access_token("an OAuth access token")
//!     .build()?;
//! let same = soap.get_user(GetUserRequest { user_id: None }).await?;
//! assert_eq!(me.body.user, same.body.user);
//! # Ok(()) }
//! ```
//!
//! Against the built-in emulator instead of Microsoft (no network, no account), see
//! [`emulator`]; refresh tokens and their rotation, see [`auth`].
//!
//! The SOAP layer works without the client, for tools that build or read envelopes:
//!
//! ```
//! use bingads::v13::customer_management::DeleteUserRequest;
//! use bingads::model::RequestHeaders;
//! use bingads::soap::{write_envelope, EnvelopeOptions};
//! use bingads::xml::Base64Binary;
//!
//! let request = DeleteUserRequest {
//!     user_id: Some(123),
//!     time_stamp: Some(Base64Binary(vec![0, 0, 0, 0, 0, 0, 7, 209])),
//! };
//! let headers = RequestHeaders { developer_token: Some("my-token".into()), ..Default::default() };
//! let xml = write_envelope(&request, &headers, &EnvelopeOptions::default());
//! assert!(String::from_utf8(xml).unwrap().contains("<UserId>123</UserId>"));
//! ```
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `v13` | yes | Customer Management v13 ([`v13`]) |
//! | `v12` | yes | Customer Management v12 (retired by Microsoft in 2019; for the emulator and old tools) |
//! | `client` | yes | the async HTTP client (reqwest, tokio): [`client`], [`auth`] |
//! | `partner-center` | yes | Partner Center customer users: [`partner_center`] |
//! | `emulator` | yes | the local emulator of both services: [`emulator`] |
//! | `cli` | yes | the `bingads` command-line tool |
//! | `campaign-management`, `customer-billing`, `ad-insight`, `bulk`, `reporting` | no | the other v13 services (each adds compile time) |
//! | `all-services` | no | `v13` and the five above |
//! | `samples` | no | deterministic, fully populated values of every generated type (`xml::Sample`) |
//!
//! Generated types carry the descriptions of Microsoft's API documentation (CC BY 4.0) where it
//! has them, and what the WSDL says about each element.

#![warn(missing_docs)]
#[cfg(feature = "client")]
pub mod auth;
#[cfg(feature = "client")]
pub mod client;
pub mod dynamic;
#[cfg(feature = "emulator")]
pub mod emulator;
#[cfg(feature = "client")]
mod http;
pub mod model;
#[cfg(all(feature = "v12", feature = "v13", feature = "emulator"))]
pub mod guides {
    // Docs only, no code: each page is a file of `docs/`, so the same text reads on GitHub and
    // on docs.rs, and every Rust example in it is compiled and run as a doctest (the model is
    // clap's `_tutorial` modules).
    #![doc = include_str!("../docs/README.md")]

    #[doc = include_str!("../docs/signing-in.md")]
    pub mod signing_in {}

    #[doc = include_str!("../docs/rest-and-soap.md")]
    pub mod rest_and_soap {}

    #[doc = include_str!("../docs/cli.md")]
    pub mod cli {}

    #[doc = include_str!("../docs/emulator.md")]
    pub mod emulator {}

    #[doc = include_str!("../docs/emulator-access.md")]
    pub mod emulator_access {}

    #[doc = include_str!("../docs/partner-center.md")]
    pub mod partner_center {}

    #[doc = include_str!("../docs/partner-center-offboarding.md")]
    pub mod partner_center_offboarding {}

    #[doc = include_str!("../docs/testing.md")]
    pub mod testing {}

    #[doc = include_str!("../docs/testing-mutants.md")]
    pub mod testing_mutants {}

    #[doc = include_str!("../docs/benchmarks.md")]
    pub mod benchmarks {}

    #[doc = include_str!("../docs/design.md")]
    pub mod design {}

    /// The README's examples, compiled as doctests so they cannot drift from the API.
    #[cfg(doctest)]
    #[doc = include_str!("../README.md")]
    pub struct ReadmeDoctests;
}
#[cfg(feature = "partner-center")]
pub mod partner_center;
pub mod rest;
pub mod soap;
pub mod time;
pub mod xml;

#[cfg(feature = "v12")]
pub mod v12 {
    //! Customer Management v12 (retired by Microsoft in 2019; usable against the local emulator).
    //!
    //! ```
    //! use bingads::v12::customer_management::{GetUserRequest, SERVICE};
    //!
    //! assert_eq!(SERVICE.version, "v12");
    //! let op = SERVICE.operation("GetUser").unwrap();
    //! assert!(op.rest.is_none(), "v12 is SOAP only");
    //! // v12 shapes differ from v13 where the WSDLs do.
    //! let _ = GetUserRequest { user_id: Some(1), include_linked_account_ids: None };
    //! ```

    /// Generated from `wsdl/v12/CustomerManagementService.wsdl`.
    #[allow(clippy::all, clippy::pedantic)]
    pub mod customer_management {
        include!(concat!(env!("OUT_DIR"), "/v12_customer_management.rs"));
        crate::soap::customer_management_fault_writer!();
        #[cfg(feature = "client")]
        crate::client::customer_management_helpers!(CustomerManagementClient);
    }

    #[cfg(feature = "client")]
    pub use customer_management::CustomerManagementClient;
}

#[cfg(any(
    feature = "v13",
    feature = "campaign-management",
    feature = "customer-billing",
    feature = "ad-insight",
    feature = "bulk",
    feature = "reporting"
))]
pub mod v13 {
    //! Bing Ads API v13, the version the live services speak: Customer Management (feature `v13`)
    //! and, each behind its own feature, the other services.
    //!
    //! ```
    //! use bingads::v13::customer_management::SERVICE;
    //!
    //! // Every operation, with its REST route and whether a retry may repeat it.
    //! let op = SERVICE.operation("DeleteUser").unwrap();
    //! assert_eq!(op.rest.unwrap().method, "DELETE");
    //! assert!(!op.safe_to_repeat);
    //! assert_eq!(SERVICE.operations.len(), 39);
    //! ```

    /// Generated from `wsdl/v13/CustomerManagementService.wsdl`.
    #[cfg(feature = "v13")]
    #[allow(clippy::all, clippy::pedantic)]
    pub mod customer_management {
        include!(concat!(env!("OUT_DIR"), "/v13_customer_management.rs"));
        crate::soap::customer_management_fault_writer!();
        #[cfg(feature = "client")]
        crate::client::customer_management_helpers!(CustomerManagementClient);
        #[cfg(feature = "client")]
        pub use crate::client::search;
        #[cfg(feature = "client")]
        pub use crate::client::users;
    }

    #[cfg(all(feature = "v13", feature = "client"))]
    pub use customer_management::CustomerManagementClient;

    /// Generated from `wsdl/v13/CampaignManagementService.wsdl` (feature `campaign-management`).
    #[cfg(feature = "campaign-management")]
    #[allow(clippy::all, clippy::pedantic)]
    pub mod campaign_management {
        include!(concat!(env!("OUT_DIR"), "/v13_campaign_management.rs"));
    }

    /// Generated from `wsdl/v13/CustomerBillingService.wsdl` (feature `customer-billing`).
    #[cfg(feature = "customer-billing")]
    #[allow(clippy::all, clippy::pedantic)]
    pub mod customer_billing {
        include!(concat!(env!("OUT_DIR"), "/v13_customer_billing.rs"));
    }

    /// Generated from `wsdl/v13/AdInsightService.wsdl` (feature `ad-insight`).
    #[cfg(feature = "ad-insight")]
    #[allow(clippy::all, clippy::pedantic)]
    pub mod ad_insight {
        include!(concat!(env!("OUT_DIR"), "/v13_ad_insight.rs"));
    }

    /// Generated from `wsdl/v13/BulkService.wsdl` (feature `bulk`).
    #[cfg(feature = "bulk")]
    #[allow(clippy::all, clippy::pedantic)]
    pub mod bulk {
        include!(concat!(env!("OUT_DIR"), "/v13_bulk.rs"));
    }

    /// Generated from `wsdl/v13/ReportingService.wsdl` (feature `reporting`).
    #[cfg(feature = "reporting")]
    #[allow(clippy::all, clippy::pedantic)]
    pub mod reporting {
        include!(concat!(env!("OUT_DIR"), "/v13_reporting.rs"));
    }
}

/// Test support (feature `samples`): a small generated service with derived types in
/// base-typed slots, which Customer Management does not have.
#[cfg(feature = "samples")]
#[doc(hidden)]
pub mod testing {
    #[allow(clippy::all, clippy::pedantic)]
    pub mod polymorphic {
        include!(concat!(env!("OUT_DIR"), "/testing_polymorphic.rs"));
    }
}
