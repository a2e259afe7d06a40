// Source: the official Bing Ads API "Operation Error Codes" page
// (https://learn.microsoft.com/en-us/advertising/guides/operation-error-codes), read from the
// repository MicrosoftDocs/Advertising-docs:
//   Advertising/bingads-13/guides/operation-error-codes.md  @ 080ce3981ad2fc24efdab819c40d3a147552c820
//   Advertising/bingads-12/guides/operation-error-codes.md  @ 21e34ab1f65aeb84d30dc57a3344e8075981b0e7
// Both pages have the same rows for the codes below, except 2207 and 2208, which only the v13 page has.
// The page shows no date. Retry advice comes from the "Handling Service Errors and Exceptions" guide
// (guides/handle-service-errors-exceptions.md, same repository). It says: code 117, resubmit after
// waiting 60 seconds; code 0, may be a temporary system issue, so try again later.
//
// Notes on the columns:
// * The page lists codes under "Symbolic Error Code". Customer Management and Customer Billing
//   OperationError / BatchError objects (ApiFault, ApiBatchFault) have no ErrorCode element. The page
//   marks their codes "Not applicable", and this table uses "" for them. The named codes 0-125 reach
//   Customer Management callers through AdApiFaultDetail / AdApiError, which does carry ErrorCode.
// * The page lists some numeric codes twice, with a different meaning for each service. Here each
//   code gets one row. Codes 205 and 209 keep the general AdApiError meaning. Codes 207 and
//   1133-1410 keep the Customer Management meaning, because their other meaning belongs to another
//   service. A `//` comment on the row gives the other meaning, so read a code together with its
//   fault kind.
// * Rows cover the general codes and the Customer Management codes. The page also has insertion-order
//   codes 475-480, "Not applicable", which are Customer Billing. They are left out, along with all
//   Campaign, Bulk, Reporting and Ad Insight codes.
// * ErrorClass: Transient = try again later; Throttle = rate limit, back off and retry;
//   Auth = the credentials (sign in again or with another identity); NotAuthorized = signed in,
//   but the user may not do this (106, 1001); Client = the request must change, retrying won't fix it.
//   The page gives descriptions only. The class column is derived from the descriptions and the
//   error-handling guide.

/// (code, ErrorCode symbol, class, short description) from the official operation error codes page.
pub(crate) static OPERATION_ERROR_CODES: &[(i32, &str, ErrorClass, &str)] = &[
    // The guide says this can be a temporary system issue: try again later, contact support if it persists.
    (0, "InternalError", ErrorClass::Transient, "An unidentified error has occurred."),
    (100, "NullRequest", ErrorClass::Client, "The request message is null."),
    (105, "InvalidCredentials", ErrorClass::Auth, "Authentication failed because the supplied credentials are invalid or the account is inactive."),
    (106, "UserIsNotAuthorized", ErrorClass::NotAuthorized, "The user is not authorized to perform this action."),
    (108, "UserCompromised", ErrorClass::Auth, "Suspicious activity was detected on the account and the user must create a new password."),
    (109, "AuthenticationTokenExpired", ErrorClass::Auth, "The authentication token expired, so renew it or obtain a new token."),
    (113, "InvalidDateObject", ErrorClass::Client, "The date specified in the request is not valid."),
    (116, "RequestMissingHeaders", ErrorClass::Client, "One or more required header elements are missing from the request."),
    (117, "CallRateExceeded", ErrorClass::Throttle, "You have exceeded the number of calls allowed in a minute, so wait 60 seconds and retry."),
    (120, "UserLoginAccessDenied", ErrorClass::Auth, "The credentials are not valid for this person, so log in with their primary login credentials."),
    (122, "PersonalIdentityNotAvailable", ErrorClass::Auth, "You must use a work account to sign in to Microsoft Advertising."),
    (123, "WorkIdentityNotAvailable", ErrorClass::Auth, "You must use a personal Microsoft account to sign in to Microsoft Advertising."),
    (124, "PersonalIdentityMigratedToWork", ErrorClass::Auth, "This personal Microsoft account can no longer access Microsoft Advertising, so sign in with the work account."),
    (125, "PersonalIdentityNotAllowedByCustomer", ErrorClass::Auth, "Your organization requires you to sign in with your work account."),
    (200, "", ErrorClass::Client, "The Address City property is invalid."),
    (201, "ApiInputValidationError", ErrorClass::Client, "One or more input elements failed validation."),
    (202, "ApiExecutionError", ErrorClass::Client, "The operation cannot be completed."),
    (203, "NullParameter", ErrorClass::Client, "The parameter cannot be null."),
    (204, "OperationNotSupported", ErrorClass::Client, "The operation is not supported."),
    // Also 205 "Not applicable" (Customer Management / Billing OperationError): The Address Line1 property is invalid.
    (205, "InvalidVersion", ErrorClass::Client, "The specified version is not valid."),
    (206, "NullArrayArgument", ErrorClass::Client, "A null array argument is not allowed."),
    // Also 207 ConcurrentRequestOverLimit (Reporting): the maximum number of concurrent report requests
    // has been reached, wait for earlier reports to complete (Throttle in that context).
    (207, "", ErrorClass::Client, "The Address Line3 property is invalid."),
    (208, "InvalidAccount", ErrorClass::Client, "The account is not valid."),
    // Also 209 "Not applicable" (Customer Management / Billing OperationError): The Address PostalCode property is invalid.
    (209, "TimestampNotMatch", ErrorClass::Client, "The time stamp does not match."),
    (210, "EntityNotExistent", ErrorClass::Client, "The entity does not exist."),
    (211, "NameTooLong", ErrorClass::Client, "The specified name is too long."),
    (303, "ApiVersionNoLongerSupported", ErrorClass::Client, "This version of the Bing Ads API is no longer supported, so migrate to the latest version."),
    (310, "", ErrorClass::Client, "You should specify a Customer object, for example when creating or updating customers."),
    (474, "", ErrorClass::Client, "Required search predicate is missing."),
    (532, "", ErrorClass::Client, "A date or date/time is outside the supported range, or a time range ends before it starts."),
    // v13 adds: rarely returned when the customer enforces work accounts and the user signed in with a personal Microsoft account.
    (1001, "", ErrorClass::NotAuthorized, "The user is not authorized to perform this action."),
    (1132, "", ErrorClass::Client, "The tracking template is too long."),
    // Also 1133 CampaignServiceAdExtensionsArrayShouldNotBeNullOrEmpty (Campaign): The list of ad extensions cannot be null or empty.
    (1133, "", ErrorClass::Client, "Invalid tag in tracking template."),
    // Also 1134 CampaignServiceAdExtensionIsNull (Campaign): The list of ad extensions cannot contain a null extension.
    (1134, "", ErrorClass::Client, "Invalid URL scheme in tracking template."),
    // Also 1135 CampaignServiceAdExtensionsEntityLimitExceeded (Campaign): The list of ad extensions is too long.
    (1135, "", ErrorClass::Client, "Invalid URL in tracking template."),
    (1136, "", ErrorClass::Client, "Missing tag lpurl in tracking template."),
    // Also 1137 CampaignHasDraftStore (Campaign, v13 page only): This campaign has a draft store.
    (1137, "", ErrorClass::Client, "Invoice accounts are not allowed to add or update the TaxId."),
    (1138, "", ErrorClass::Client, "Invoice accounts are not allowed to add or update the business address."),
    (1139, "", ErrorClass::Client, "The business address of this account is required."),
    (1140, "", ErrorClass::Client, "The business address of this account is not valid."),
    (1141, "", ErrorClass::Client, "The business address country/region and currency of an account must match."),
    (1142, "", ErrorClass::Client, "Microsoft Advertising does not accept this currency in your business location."),
    (1143, "", ErrorClass::Client, "The payment option should be set for this account."),
    (1144, "", ErrorClass::Client, "The tax information is not applicable for the business address."),
    (1145, "", ErrorClass::Client, "The tax information has invalid or duplicate keys for the Account Business Address."),
    (1146, "", ErrorClass::Client, "The GSTIN number is not valid."),
    // Also 1147 CampaignServiceInvalidKeywordVariantMatchEnabledValue (Campaign): The value specified for Keyword Variant Match Type is Invalid.
    (1147, "", ErrorClass::Client, "The PAN number is not valid."),
    (1148, "", ErrorClass::Client, "The PAN number is required."),
    // Also 1410 CampaignServiceDuplicateMetroAreaLocationTarget (Campaign): The metro area target is a duplicate.
    (1410, "", ErrorClass::Client, "An invitation to manage the specified client account has already been sent."),
    (1424, "", ErrorClass::Client, "The client account is already managed by another agency."),
    (1471, "", ErrorClass::Client, "Prepaid client accounts cannot be managed by agencies and must use post-pay billing."),
    // The page says: check SearchClientLinks, and if the status is LinkInProgress/UnlinkInProgress wait 5 to 30 minutes and try again.
    (1472, "", ErrorClass::Transient, "You cannot get, delete, or update an account that is being linked or unlinked."),
    (2108, "", ErrorClass::Client, "The account identifier is invalid."),
    (2180, "", ErrorClass::Client, "You must specify at least three characters in the search filter."),
    (2192, "", ErrorClass::Client, "The account may not be updated given its current lifecycle status."),
    // The page notes that UpdateAccount may return this when the user cannot update the payment method.
    // Remove the optional fields and try again.
    (2203, "", ErrorClass::Client, "Customer Threshold can only be set by users belonging to the bill to customer."),
    // The page notes this can occur when deleting an account: the final billing must succeed first.
    (2204, "", ErrorClass::Client, "Billing of the balance amount in the account failed."),
    (2207, "", ErrorClass::Client, "The GSTIN does not match the business location on your registration."),
    (2208, "", ErrorClass::Transient, "Microsoft Advertising encountered a system issue, so try again later."),
    (3024, "", ErrorClass::Client, "The batch size exceeds the limit."),
    (3030, "", ErrorClass::Client, "The predicate passed in the search is invalid."),
    (3079, "", ErrorClass::Client, "At least one predicate is required to search for customers."),
    (3080, "", ErrorClass::Client, "Page Info must be present and have an index greater than zero."),
    (3083, "", ErrorClass::Client, "A specified element of the client link may not be updated."),
    (3086, "", ErrorClass::Client, "The UserInvitation field cannot be null or empty for the SendUserInvitation operation."),
    (3087, "", ErrorClass::Client, "The required list of elements is null or empty."),
];

/// The documented codes that have a symbolic name on the official page, as constants to match
/// on (`Some(codes::TIMESTAMP_NOT_MATCH)`); `codes::tests` checks each against
/// the catalogue. Codes the page lists without a name (Customer Management's
/// 1001-3087) are in the catalogue ([`ErrorCode::lookup`]) only.
pub mod error_codes {
    /// 0 InternalError: An unidentified error has occurred.
    pub const INTERNAL_ERROR: i32 = 0;
    /// 100 NullRequest: The request message is null.
    pub const NULL_REQUEST: i32 = 100;
    /// 105 InvalidCredentials: Authentication failed because the supplied credentials are invalid or the account is inactive.
    pub const INVALID_CREDENTIALS: i32 = 105;
    /// 106 UserIsNotAuthorized: The user is not authorized to perform this action.
    pub const USER_IS_NOT_AUTHORIZED: i32 = 106;
    /// 108 UserCompromised: Suspicious activity was detected on the account and the user must create a new password.
    pub const USER_COMPROMISED: i32 = 108;
    /// 109 AuthenticationTokenExpired: The authentication token expired, so renew it or obtain a new token.
    pub const AUTHENTICATION_TOKEN_EXPIRED: i32 = 109;
    /// 113 InvalidDateObject: The date specified in the request is not valid.
    pub const INVALID_DATE_OBJECT: i32 = 113;
    /// 116 RequestMissingHeaders: One or more required header elements are missing from the request.
    pub const REQUEST_MISSING_HEADERS: i32 = 116;
    /// 117 CallRateExceeded: You have exceeded the number of calls allowed in a minute, so wait 60 seconds and retry.
    pub const CALL_RATE_EXCEEDED: i32 = 117;
    /// 120 UserLoginAccessDenied: The credentials are not valid for this person, so log in with their primary login credentials.
    pub const USER_LOGIN_ACCESS_DENIED: i32 = 120;
    /// 122 PersonalIdentityNotAvailable: You must use a work account to sign in to Microsoft Advertising.
    pub const PERSONAL_IDENTITY_NOT_AVAILABLE: i32 = 122;
    /// 123 WorkIdentityNotAvailable: You must use a personal Microsoft account to sign in to Microsoft Advertising.
    pub const WORK_IDENTITY_NOT_AVAILABLE: i32 = 123;
    /// 124 PersonalIdentityMigratedToWork: This personal Microsoft account can no longer access Microsoft Advertising, so sign in with the work account.
    pub const PERSONAL_IDENTITY_MIGRATED_TO_WORK: i32 = 124;
    /// 125 PersonalIdentityNotAllowedByCustomer: Your organization requires you to sign in with your work account.
    pub const PERSONAL_IDENTITY_NOT_ALLOWED_BY_CUSTOMER: i32 = 125;
    /// 201 ApiInputValidationError: One or more input elements failed validation.
    pub const API_INPUT_VALIDATION_ERROR: i32 = 201;
    /// 202 ApiExecutionError: The operation cannot be completed.
    pub const API_EXECUTION_ERROR: i32 = 202;
    /// 203 NullParameter: The parameter cannot be null.
    pub const NULL_PARAMETER: i32 = 203;
    /// 204 OperationNotSupported: The operation is not supported.
    pub const OPERATION_NOT_SUPPORTED: i32 = 204;
    /// 205 InvalidVersion: The specified version is not valid.
    pub const INVALID_VERSION: i32 = 205;
    /// 206 NullArrayArgument: A null array argument is not allowed.
    pub const NULL_ARRAY_ARGUMENT: i32 = 206;
    /// 208 InvalidAccount: The account is not valid.
    pub const INVALID_ACCOUNT: i32 = 208;
    /// 209 TimestampNotMatch: The time stamp does not match.
    pub const TIMESTAMP_NOT_MATCH: i32 = 209;
    /// 210 EntityNotExistent: The entity does not exist.
    pub const ENTITY_NOT_EXISTENT: i32 = 210;
    /// 211 NameTooLong: The specified name is too long.
    pub const NAME_TOO_LONG: i32 = 211;
    /// 303 ApiVersionNoLongerSupported: This version of the Bing Ads API is no longer supported, so migrate to the latest version.
    pub const API_VERSION_NO_LONGER_SUPPORTED: i32 = 303;
}
