//! Four ways to parse the same GetUserResponse envelope (see README.md):
//! `bingads` (generated quick-xml event loop), a raw quick-xml event scan, quick-xml's serde
//! deserializer over hand-written mirror structs, and yaserde over the same mirror structs.
//!
//! The mirrors follow the WSDL (`i64` for `xs:long`, `i32` for `xs:int`, `bool` for
//! `xs:boolean`, `String` for `xs:string`) except that enumerations (`LCID`, `EmailFormat`,
//! `SecretQuestion`, `UserLifeCycleStatus`), `xs:dateTime` and `xs:base64Binary` stay `String`:
//! the mirrors do not decode them, while `bingads` does.

use std::path::PathBuf;

/// The bytes every stack parses: `tests/fixtures/responses/v13_GetUser.xml` of the main crate.
pub fn fixture() -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/responses/v13_GetUser.xml");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// 1. `bingads`: the generated parser, namespace-aware, with the crate's default limits.
pub fn parse_bingads(
    bytes: &[u8],
) -> bingads::model::Response<bingads::v13::customer_management::GetUserResponse> {
    bingads::soap::parse_response::<bingads::v13::customer_management::GetUserResponse>(
        bytes,
        &bingads::xml::Limits::default(),
    )
    .expect("bingads parses GetUserResponse")
}

/// 2. Every event of the document, no namespace resolution, nothing kept: the floor.
/// Returns the number of Start + Empty events.
pub fn raw_scan(bytes: &[u8]) -> usize {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_reader(bytes);
    let mut n = 0;
    loop {
        match r.read_event().expect("raw scan") {
            Event::Eof => return n,
            Event::Start(_) | Event::Empty(_) => n += 1,
            _ => {}
        }
    }
}

/// 3. quick-xml 0.38 `serialize` (serde) over [`serde_mirror`]. `quick_xml::de` takes `&str`
/// (or a `BufRead`), so UTF-8 validation of the bytes is part of the measured work, as it is
/// for `bingads`.
pub fn parse_quick_xml_serde(bytes: &[u8]) -> Result<serde_mirror::Envelope, quick_xml::DeError> {
    let s = std::str::from_utf8(bytes).expect("UTF-8");
    quick_xml::de::from_str(s)
}

/// 4. yaserde 0.13 (xml-rs underneath) over [`ya_mirror`], reading the bytes directly.
pub fn parse_yaserde(bytes: &[u8]) -> Result<ya_mirror::Envelope, yaserde::Error> {
    yaserde::de::from_reader(bytes)
}

/// Mirror structs for quick-xml's serde deserializer.
///
/// quick-xml's deserializer matches element names by *local name*: the prefix is stripped and
/// the namespace is never looked at, so `rename = "ContactInfo"` matches `a:ContactInfo`,
/// `b:ContactInfo` or a `ContactInfo` in any namespace alike, and `rename = "a:ContactInfo"`
/// matches nothing (see tests/correctness.rs). `xsi:nil` is the one thing it resolves by
/// namespace URI: an element carrying it becomes `None`.
pub mod serde_mirror {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    pub struct Envelope {
        #[serde(rename = "Header")]
        pub header: Option<Header>,
        #[serde(rename = "Body")]
        pub body: Option<Body>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    pub struct Header {
        #[serde(rename = "TrackingId")]
        pub tracking_id: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    pub struct Body {
        #[serde(rename = "GetUserResponse")]
        pub get_user_response: Option<GetUserResponse>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    pub struct GetUserResponse {
        #[serde(rename = "User")]
        pub user: Option<User>,
        #[serde(rename = "CustomerRoles")]
        pub customer_roles: Option<ArrayOfCustomerRole>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    pub struct User {
        #[serde(rename = "ContactInfo")]
        pub contact_info: Option<ContactInfo>,
        #[serde(rename = "CustomerId")]
        pub customer_id: Option<i64>,
        #[serde(rename = "Id")]
        pub id: Option<i64>,
        #[serde(rename = "JobTitle")]
        pub job_title: Option<String>,
        #[serde(rename = "LastModifiedByUserId")]
        pub last_modified_by_user_id: Option<i64>,
        /// xs:dateTime, kept as text.
        #[serde(rename = "LastModifiedTime")]
        pub last_modified_time: Option<String>,
        /// enum LCID, kept as text.
        #[serde(rename = "Lcid")]
        pub lcid: Option<String>,
        #[serde(rename = "Name")]
        pub name: Option<PersonName>,
        #[serde(rename = "Password")]
        pub password: Option<String>,
        #[serde(rename = "SecretAnswer")]
        pub secret_answer: Option<String>,
        /// enum SecretQuestion, kept as text.
        #[serde(rename = "SecretQuestion")]
        pub secret_question: Option<String>,
        /// enum UserLifeCycleStatus, kept as text.
        #[serde(rename = "UserLifeCycleStatus")]
        pub user_life_cycle_status: Option<String>,
        /// xs:base64Binary, kept as text (not decoded).
        #[serde(rename = "TimeStamp")]
        pub time_stamp: Option<String>,
        #[serde(rename = "UserName")]
        pub user_name: Option<String>,
        #[serde(rename = "ForwardCompatibilityMap")]
        pub forward_compatibility_map: Option<ArrayOfKeyValuePairOfstringstring>,
        #[serde(rename = "AuthenticationToken")]
        pub authentication_token: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    pub struct ContactInfo {
        #[serde(rename = "Address")]
        pub address: Option<Address>,
        #[serde(rename = "ContactByPhone")]
        pub contact_by_phone: Option<bool>,
        #[serde(rename = "ContactByPostalMail")]
        pub contact_by_postal_mail: Option<bool>,
        #[serde(rename = "Email")]
        pub email: Option<String>,
        /// enum EmailFormat, kept as text.
        #[serde(rename = "EmailFormat")]
        pub email_format: Option<String>,
        #[serde(rename = "Fax")]
        pub fax: Option<String>,
        #[serde(rename = "HomePhone")]
        pub home_phone: Option<String>,
        #[serde(rename = "Id")]
        pub id: Option<i64>,
        #[serde(rename = "Mobile")]
        pub mobile: Option<String>,
        #[serde(rename = "Phone1")]
        pub phone1: Option<String>,
        #[serde(rename = "Phone2")]
        pub phone2: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    pub struct Address {
        #[serde(rename = "City")]
        pub city: Option<String>,
        #[serde(rename = "CountryCode")]
        pub country_code: Option<String>,
        #[serde(rename = "Id")]
        pub id: Option<i64>,
        #[serde(rename = "Line1")]
        pub line1: Option<String>,
        #[serde(rename = "Line2")]
        pub line2: Option<String>,
        #[serde(rename = "Line3")]
        pub line3: Option<String>,
        #[serde(rename = "Line4")]
        pub line4: Option<String>,
        #[serde(rename = "PostalCode")]
        pub postal_code: Option<String>,
        #[serde(rename = "StateOrProvince")]
        pub state_or_province: Option<String>,
        /// xs:base64Binary, kept as text (not decoded).
        #[serde(rename = "TimeStamp")]
        pub time_stamp: Option<String>,
        #[serde(rename = "BusinessName")]
        pub business_name: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    pub struct PersonName {
        #[serde(rename = "FirstName")]
        pub first_name: Option<String>,
        #[serde(rename = "LastName")]
        pub last_name: Option<String>,
        #[serde(rename = "MiddleInitial")]
        pub middle_initial: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    pub struct ArrayOfKeyValuePairOfstringstring {
        #[serde(rename = "KeyValuePairOfstringstring", default)]
        pub items: Vec<KeyValuePairOfstringstring>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    pub struct KeyValuePairOfstringstring {
        pub key: Option<String>,
        pub value: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    pub struct ArrayOfCustomerRole {
        #[serde(rename = "CustomerRole", default)]
        pub items: Vec<CustomerRole>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    pub struct CustomerRole {
        #[serde(rename = "RoleId")]
        pub role_id: Option<i32>,
        #[serde(rename = "CustomerId")]
        pub customer_id: Option<i64>,
        #[serde(rename = "AccountIds")]
        pub account_ids: Option<ArrayOflong>,
        #[serde(rename = "LinkedAccountIds")]
        pub linked_account_ids: Option<ArrayOflong>,
        #[serde(rename = "CustomerLinkPermission")]
        pub customer_link_permission: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    pub struct ArrayOflong {
        #[serde(rename = "long", default)]
        pub items: Vec<i64>,
    }
}

/// Mirror structs for yaserde 0.13.
///
/// yaserde matches a child element by (namespace URI, local name): a field's `prefix` is only a
/// key into the struct's own `namespaces = {...}` table, which gives the URI. The prefix the
/// document uses does not matter (the default-namespace elements of the Customer namespace are
/// matched here through the made-up key `tns`).
pub mod ya_mirror {
    use yaserde::YaDeserialize;

    #[derive(Debug, Default, PartialEq, YaDeserialize)]
    #[yaserde(
        rename = "Envelope",
        prefix = "s",
        namespaces = {
            "s" = "http://schemas.xmlsoap.org/soap/envelope/"
        }
    )]
    pub struct Envelope {
        #[yaserde(rename = "Header", prefix = "s")]
        pub header: Option<Header>,
        #[yaserde(rename = "Body", prefix = "s")]
        pub body: Option<Body>,
    }

    #[derive(Debug, Default, PartialEq, YaDeserialize)]
    #[yaserde(namespaces = { "tns" = "https://bingads.microsoft.com/Customer/v13" })]
    pub struct Header {
        #[yaserde(rename = "TrackingId", prefix = "tns")]
        pub tracking_id: Option<String>,
    }

    #[derive(Debug, Default, PartialEq, YaDeserialize)]
    #[yaserde(namespaces = { "tns" = "https://bingads.microsoft.com/Customer/v13" })]
    pub struct Body {
        #[yaserde(rename = "GetUserResponse", prefix = "tns")]
        pub get_user_response: Option<GetUserResponse>,
    }

    #[derive(Debug, Default, PartialEq, YaDeserialize)]
    #[yaserde(namespaces = { "tns" = "https://bingads.microsoft.com/Customer/v13" })]
    pub struct GetUserResponse {
        #[yaserde(rename = "User", prefix = "tns")]
        pub user: Option<User>,
        #[yaserde(rename = "CustomerRoles", prefix = "tns")]
        pub customer_roles: Option<ArrayOfCustomerRole>,
    }

    #[derive(Debug, Default, PartialEq, YaDeserialize)]
    #[yaserde(namespaces = { "a" = "https://bingads.microsoft.com/Customer/v13/Entities" })]
    pub struct User {
        #[yaserde(rename = "ContactInfo", prefix = "a")]
        pub contact_info: Option<ContactInfo>,
        #[yaserde(rename = "CustomerId", prefix = "a")]
        pub customer_id: Option<i64>,
        #[yaserde(rename = "Id", prefix = "a")]
        pub id: Option<i64>,
        #[yaserde(rename = "JobTitle", prefix = "a")]
        pub job_title: Option<String>,
        #[yaserde(rename = "LastModifiedByUserId", prefix = "a")]
        pub last_modified_by_user_id: Option<i64>,
        #[yaserde(rename = "LastModifiedTime", prefix = "a")]
        pub last_modified_time: Option<String>,
        #[yaserde(rename = "Lcid", prefix = "a")]
        pub lcid: Option<String>,
        #[yaserde(rename = "Name", prefix = "a")]
        pub name: Option<PersonName>,
        #[yaserde(rename = "Password", prefix = "a")]
        pub password: Option<String>,
        #[yaserde(rename = "SecretAnswer", prefix = "a")]
        pub secret_answer: Option<String>,
        #[yaserde(rename = "SecretQuestion", prefix = "a")]
        pub secret_question: Option<String>,
        #[yaserde(rename = "UserLifeCycleStatus", prefix = "a")]
        pub user_life_cycle_status: Option<String>,
        #[yaserde(rename = "TimeStamp", prefix = "a")]
        pub time_stamp: Option<String>,
        #[yaserde(rename = "UserName", prefix = "a")]
        pub user_name: Option<String>,
        #[yaserde(rename = "ForwardCompatibilityMap", prefix = "a")]
        pub forward_compatibility_map: Option<ArrayOfKeyValuePairOfstringstring>,
        #[yaserde(rename = "AuthenticationToken", prefix = "a")]
        pub authentication_token: Option<String>,
    }

    #[derive(Debug, Default, PartialEq, YaDeserialize)]
    #[yaserde(namespaces = { "a" = "https://bingads.microsoft.com/Customer/v13/Entities" })]
    pub struct ContactInfo {
        #[yaserde(rename = "Address", prefix = "a")]
        pub address: Option<Address>,
        #[yaserde(rename = "ContactByPhone", prefix = "a")]
        pub contact_by_phone: Option<bool>,
        #[yaserde(rename = "ContactByPostalMail", prefix = "a")]
        pub contact_by_postal_mail: Option<bool>,
        #[yaserde(rename = "Email", prefix = "a")]
        pub email: Option<String>,
        #[yaserde(rename = "EmailFormat", prefix = "a")]
        pub email_format: Option<String>,
        #[yaserde(rename = "Fax", prefix = "a")]
        pub fax: Option<String>,
        #[yaserde(rename = "HomePhone", prefix = "a")]
        pub home_phone: Option<String>,
        #[yaserde(rename = "Id", prefix = "a")]
        pub id: Option<i64>,
        #[yaserde(rename = "Mobile", prefix = "a")]
        pub mobile: Option<String>,
        #[yaserde(rename = "Phone1", prefix = "a")]
        pub phone1: Option<String>,
        #[yaserde(rename = "Phone2", prefix = "a")]
        pub phone2: Option<String>,
    }

    #[derive(Debug, Default, PartialEq, YaDeserialize)]
    #[yaserde(namespaces = { "a" = "https://bingads.microsoft.com/Customer/v13/Entities" })]
    pub struct Address {
        #[yaserde(rename = "City", prefix = "a")]
        pub city: Option<String>,
        #[yaserde(rename = "CountryCode", prefix = "a")]
        pub country_code: Option<String>,
        #[yaserde(rename = "Id", prefix = "a")]
        pub id: Option<i64>,
        #[yaserde(rename = "Line1", prefix = "a")]
        pub line1: Option<String>,
        #[yaserde(rename = "Line2", prefix = "a")]
        pub line2: Option<String>,
        #[yaserde(rename = "Line3", prefix = "a")]
        pub line3: Option<String>,
        #[yaserde(rename = "Line4", prefix = "a")]
        pub line4: Option<String>,
        #[yaserde(rename = "PostalCode", prefix = "a")]
        pub postal_code: Option<String>,
        #[yaserde(rename = "StateOrProvince", prefix = "a")]
        pub state_or_province: Option<String>,
        #[yaserde(rename = "TimeStamp", prefix = "a")]
        pub time_stamp: Option<String>,
        #[yaserde(rename = "BusinessName", prefix = "a")]
        pub business_name: Option<String>,
    }

    #[derive(Debug, Default, PartialEq, YaDeserialize)]
    #[yaserde(namespaces = { "a" = "https://bingads.microsoft.com/Customer/v13/Entities" })]
    pub struct PersonName {
        #[yaserde(rename = "FirstName", prefix = "a")]
        pub first_name: Option<String>,
        #[yaserde(rename = "LastName", prefix = "a")]
        pub last_name: Option<String>,
        #[yaserde(rename = "MiddleInitial", prefix = "a")]
        pub middle_initial: Option<String>,
    }

    #[derive(Debug, Default, PartialEq, YaDeserialize)]
    #[yaserde(namespaces = {
        "b" = "http://schemas.datacontract.org/2004/07/System.Collections.Generic"
    })]
    pub struct ArrayOfKeyValuePairOfstringstring {
        #[yaserde(rename = "KeyValuePairOfstringstring", prefix = "b")]
        pub items: Vec<KeyValuePairOfstringstring>,
    }

    #[derive(Debug, Default, PartialEq, YaDeserialize)]
    #[yaserde(namespaces = {
        "b" = "http://schemas.datacontract.org/2004/07/System.Collections.Generic"
    })]
    pub struct KeyValuePairOfstringstring {
        #[yaserde(rename = "key", prefix = "b")]
        pub key: Option<String>,
        #[yaserde(rename = "value", prefix = "b")]
        pub value: Option<String>,
    }

    #[derive(Debug, Default, PartialEq, YaDeserialize)]
    #[yaserde(namespaces = { "a" = "https://bingads.microsoft.com/Customer/v13/Entities" })]
    pub struct ArrayOfCustomerRole {
        #[yaserde(rename = "CustomerRole", prefix = "a")]
        pub items: Vec<CustomerRole>,
    }

    #[derive(Debug, Default, PartialEq, YaDeserialize)]
    #[yaserde(namespaces = { "a" = "https://bingads.microsoft.com/Customer/v13/Entities" })]
    pub struct CustomerRole {
        #[yaserde(rename = "RoleId", prefix = "a")]
        pub role_id: Option<i32>,
        #[yaserde(rename = "CustomerId", prefix = "a")]
        pub customer_id: Option<i64>,
        #[yaserde(rename = "AccountIds", prefix = "a")]
        pub account_ids: Option<ArrayOflong>,
        #[yaserde(rename = "LinkedAccountIds", prefix = "a")]
        pub linked_account_ids: Option<ArrayOflong>,
        #[yaserde(rename = "CustomerLinkPermission", prefix = "a")]
        pub customer_link_permission: Option<String>,
    }

    #[derive(Debug, Default, PartialEq, YaDeserialize)]
    #[yaserde(namespaces = { "b" = "http://schemas.microsoft.com/2003/10/Serialization/Arrays" })]
    pub struct ArrayOflong {
        #[yaserde(rename = "long", prefix = "b")]
        pub items: Vec<i64>,
    }
}
