use std::fmt;

use super::Secret;

/// The credentials and ids a request carries, named as the WSDL names its headers. SOAP writes
/// them in the envelope header (only those the service declares, in WSDL order, and only those
/// that are set); REST sends them as HTTP headers.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RequestHeaders {
    /// `ApplicationToken` (optional).
    pub application_token: Option<Secret>,
    /// `AuthenticationToken`: the OAuth access token.
    pub authentication_token: Option<Secret>,
    /// `DeveloperToken` (required by the live service).
    pub developer_token: Option<Secret>,
    /// Legacy credentials; Microsoft asks for OAuth (`authentication_token`) instead.
    pub password: Option<Secret>,
    /// Legacy `UserName`, sent with `password`.
    pub user_name: Option<String>,
    /// Declared by the other Bing Ads services (Campaign Management, …), not by Customer Management.
    pub customer_id: Option<String>,
    /// `CustomerAccountId`; like `customer_id`, only for the services that declare it.
    pub customer_account_id: Option<String>,
}

impl RequestHeaders {
    /// The value for a header named as in the WSDL.
    pub fn value(&self, header: &str) -> Option<&str> {
        match header {
            "ApplicationToken" => self.application_token.as_ref().map(Secret::expose),
            "AuthenticationToken" => self.authentication_token.as_ref().map(Secret::expose),
            "DeveloperToken" => self.developer_token.as_ref().map(Secret::expose),
            "Password" => self.password.as_ref().map(Secret::expose),
            "UserName" => self.user_name.as_deref(),
            "CustomerId" => self.customer_id.as_deref(),
            "CustomerAccountId" => self.customer_account_id.as_deref(),
            _ => None,
        }
    }

    pub(crate) fn set(&mut self, header: &str, value: String) {
        match header {
            "ApplicationToken" => self.application_token = Some(value.into()),
            "AuthenticationToken" => self.authentication_token = Some(value.into()),
            "DeveloperToken" => self.developer_token = Some(value.into()),
            "Password" => self.password = Some(value.into()),
            "UserName" => self.user_name = Some(value),
            "CustomerId" => self.customer_id = Some(value),
            "CustomerAccountId" => self.customer_account_id = Some(value),
            _ => {}
        }
    }
}

impl fmt::Debug for RequestHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestHeaders")
            .field("application_token", &self.application_token)
            .field("authentication_token", &self.authentication_token)
            .field("developer_token", &self.developer_token)
            .field("password", &self.password)
            .field("user_name", &self.user_name)
            .field("customer_id", &self.customer_id)
            .field("customer_account_id", &self.customer_account_id)
            .finish()
    }
}
