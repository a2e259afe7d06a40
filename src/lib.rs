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

#[cfg(feature = "client")]
pub mod auth;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "emulator")]
pub mod emulator;
#[cfg(feature = "partner-center")]
pub mod partner_center;
pub mod soap;
pub mod xml;

/// Customer Management v12 (retired by Microsoft in 2019; usable against the local emulator).
#[cfg(feature = "v12")]
pub mod v12 {
    /// Generated from `wsdl/v12/CustomerManagementService.wsdl`.
    #[allow(clippy::all, clippy::pedantic)]
    pub mod customer_management {
        include!(concat!(env!("OUT_DIR"), "/v12_customer_management.rs"));
        crate::soap::fault_detail_from_generated!(self);
        #[cfg(feature = "client")]
        crate::client::customer_management_helpers!(CustomerManagementClient);
    }

    #[cfg(feature = "client")]
    pub use customer_management::CustomerManagementClient;
}

/// Customer Management v13, the version the live service speaks.
#[cfg(feature = "v13")]
pub mod v13 {
    /// Generated from `wsdl/v13/CustomerManagementService.wsdl`.
    #[allow(clippy::all, clippy::pedantic)]
    pub mod customer_management {
        include!(concat!(env!("OUT_DIR"), "/v13_customer_management.rs"));
        crate::soap::fault_detail_from_generated!(self);
        #[cfg(feature = "client")]
        crate::client::customer_management_helpers!(CustomerManagementClient);
    }

    #[cfg(feature = "client")]
    pub use customer_management::CustomerManagementClient;
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
