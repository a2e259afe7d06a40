//! Microsoft Advertising (Bing Ads) Customer Management for Rust: request and response types
//! generated from the service WSDL at build time, and the SOAP layer that puts them on the
//! wire and reads them back.
//!
//! ```
//! use bingads::v13::customer_management::DeleteUserRequest;
//! use bingads::soap::{write_envelope, EnvelopeOptions, RequestHeaders};
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

#![warn(missing_docs)]
#[cfg(feature = "client")]
pub mod auth;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "emulator")]
pub mod emulator;
#[cfg(feature = "partner-center")]
pub mod partner_center;
pub mod rest;
pub mod soap;
pub mod xml;

/// Customer Management v12 (retired by Microsoft in 2019; usable against the local emulator).
#[cfg(feature = "v12")]
pub mod v12 {
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

/// Bing Ads API v13, the version the live services speak: Customer Management (feature `v13`)
/// and, each behind its own feature, the other services.
#[cfg(any(
    feature = "v13",
    feature = "campaign-management",
    feature = "customer-billing",
    feature = "ad-insight",
    feature = "bulk",
    feature = "reporting"
))]
pub mod v13 {
    /// Generated from `wsdl/v13/CustomerManagementService.wsdl`.
    #[cfg(feature = "v13")]
    #[allow(clippy::all, clippy::pedantic)]
    pub mod customer_management {
        include!(concat!(env!("OUT_DIR"), "/v13_customer_management.rs"));
        crate::soap::customer_management_fault_writer!();
        #[cfg(feature = "client")]
        crate::client::customer_management_helpers!(CustomerManagementClient);
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
