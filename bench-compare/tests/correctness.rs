//! Every stack parses the fixture, and the values the benchmark depends on are right. The
//! `*_probe` tests pin what each stack does with `i:nil`, namespaces and `i:type`, as recorded
//! in README.md; they describe behaviour, they do not endorse it.

use bench_compare::*;
use bingads::v13::customer_management::GetUserResponse;
use serde::Deserialize;
use yaserde::YaDeserialize;

const USER_ID: i64 = 170123456;
const ACCOUNT_IDS: [i64; 2] = [180123456, 180123457];

fn doc() -> String {
    String::from_utf8(fixture()).unwrap()
}

/// The fixture with one substring replaced; panics if it was not there.
fn edited(from: &str, to: &str) -> String {
    let d = doc();
    assert!(d.contains(from), "{from}");
    d.replacen(from, to, 1)
}

fn bingads_try(
    bytes: &[u8],
) -> Result<bingads::model::Response<GetUserResponse>, bingads::soap::SoapError> {
    bingads::soap::parse_response::<GetUserResponse>(bytes, &bingads::xml::Limits::default())
}

fn serde_user(bytes: &[u8]) -> Result<serde_mirror::User, quick_xml::DeError> {
    parse_quick_xml_serde(bytes).map(|e| e.body.unwrap().get_user_response.unwrap().user.unwrap())
}

fn ya_user(bytes: &[u8]) -> Result<ya_mirror::User, yaserde::Error> {
    parse_yaserde(bytes).map(|e| e.body.unwrap().get_user_response.unwrap().user.unwrap())
}

#[test]
fn raw_scan_counts_elements() {
    assert_eq!(raw_scan(&fixture()), 57);
}

#[test]
fn bingads_parses() {
    let r = parse_bingads(&fixture());
    assert_eq!(
        r.tracking_id.as_deref(),
        Some("b8f2c4d6-1a3e-4f5b-8c7d-9e0f1a2b3c4d")
    );
    let user = r.body.user.unwrap();
    assert_eq!(user.id, Some(USER_ID));
    assert_eq!(user.name.unwrap().first_name.as_deref(), Some("Ada"));
    let roles = r.body.customer_roles.unwrap();
    assert_eq!(roles[0].account_ids.as_deref(), Some(&ACCOUNT_IDS[..]));
    assert_eq!(roles[0].linked_account_ids, None);
}

#[test]
fn quick_xml_serde_parses() {
    let env = parse_quick_xml_serde(&fixture()).expect("quick-xml serde parses the fixture");
    assert_eq!(
        env.header.unwrap().tracking_id.as_deref(),
        Some("b8f2c4d6-1a3e-4f5b-8c7d-9e0f1a2b3c4d")
    );
    let resp = env.body.unwrap().get_user_response.unwrap();
    let user = resp.user.unwrap();
    assert_eq!(user.id, Some(USER_ID));
    let name = user.name.unwrap();
    assert_eq!(name.first_name.as_deref(), Some("Ada"));
    // i:nil="true" -> None, like bingads.
    assert_eq!(name.middle_initial, None);
    assert_eq!(user.contact_info.unwrap().address.unwrap().line2, None);
    assert_eq!(user.password, None);
    assert_eq!(
        user.secret_question.as_deref(),
        Some("None"),
        "enum kept as text"
    );
    let role = &resp.customer_roles.unwrap().items[0];
    assert_eq!(role.account_ids.as_ref().unwrap().items, ACCOUNT_IDS);
    assert_eq!(role.linked_account_ids, None, "nil complex element -> None");
    assert_eq!(role.customer_link_permission, None);
}

#[test]
fn yaserde_parses() {
    let env = parse_yaserde(&fixture()).expect("yaserde parses the fixture");
    assert_eq!(
        env.header.unwrap().tracking_id.as_deref(),
        Some("b8f2c4d6-1a3e-4f5b-8c7d-9e0f1a2b3c4d")
    );
    let resp = env.body.unwrap().get_user_response.unwrap();
    let user = resp.user.unwrap();
    assert_eq!(user.id, Some(USER_ID));
    let name = user.name.unwrap();
    assert_eq!(name.first_name.as_deref(), Some("Ada"));
    // i:nil="true" on a string element -> Some(""), not None: yaserde ignores i:nil.
    assert_eq!(name.middle_initial.as_deref(), Some(""));
    assert_eq!(
        user.contact_info.unwrap().address.unwrap().line2.as_deref(),
        Some("")
    );
    assert_eq!(user.password.as_deref(), Some(""));
    let role = &resp.customer_roles.unwrap().items[0];
    assert_eq!(role.account_ids.as_ref().unwrap().items, ACCOUNT_IDS);
    // A nil complex element becomes an empty value, not None.
    assert_eq!(
        role.linked_account_ids,
        Some(ya_mirror::ArrayOflong::default())
    );
    assert_eq!(role.customer_link_permission.as_deref(), Some(""));
}

/// `<a:Id i:nil="true"/>` (xs:long) and `<a:ContactByPhone i:nil="true"/>` (xs:boolean).
#[test]
fn nil_numeric_and_bool_probe() {
    let id_nil = edited("<a:Id>170123456</a:Id>", r#"<a:Id i:nil="true"/>"#);
    assert_eq!(
        bingads_try(id_nil.as_bytes())
            .unwrap()
            .body
            .user
            .unwrap()
            .id,
        None
    );
    assert_eq!(serde_user(id_nil.as_bytes()).unwrap().id, None);
    let e = ya_user(id_nil.as_bytes()).unwrap_err();
    assert!(
        format!("{e:?}").contains("cannot parse integer from empty string"),
        "{e:?}"
    );

    let bool_nil = edited(
        "<a:ContactByPhone>false</a:ContactByPhone>",
        r#"<a:ContactByPhone i:nil="true"/>"#,
    );
    assert_eq!(
        serde_user(bool_nil.as_bytes())
            .unwrap()
            .contact_info
            .unwrap()
            .contact_by_phone,
        None
    );
    let e = ya_user(bool_nil.as_bytes()).unwrap_err();
    assert!(format!("{e:?}").contains("not `true` or `false`"), "{e:?}");
}

/// quick-xml's serde resolves `i:nil` by namespace URI: an `i` bound elsewhere is no nil.
#[test]
fn nil_needs_the_xsi_namespace_probe() {
    let d = edited(
        r#"xmlns:i="http://www.w3.org/2001/XMLSchema-instance""#,
        r#"xmlns:i="urn:not-xsi""#,
    );
    assert_eq!(
        serde_user(d.as_bytes()).unwrap().password.as_deref(),
        Some("")
    );
}

/// The `a:` prefix of User's children bound to the wrong namespace URI.
#[test]
fn wrong_namespace_probe() {
    let d = edited(
        r#"<User xmlns:a="https://bingads.microsoft.com/Customer/v13/Entities""#,
        r#"<User xmlns:a="urn:wrong""#,
    );
    // bingads and yaserde match by namespace: the children are unknown elements, skipped.
    assert_eq!(
        bingads_try(d.as_bytes()).unwrap().body.user.unwrap().id,
        None
    );
    assert_eq!(ya_user(d.as_bytes()).unwrap().id, None);
    // quick-xml serde matches by local name only and reads them as if nothing were wrong.
    assert_eq!(serde_user(d.as_bytes()).unwrap().id, Some(USER_ID));
}

/// The same namespace under another prefix (`ent:` instead of `a:`): all three still match.
#[test]
fn other_prefix_probe() {
    let d = doc()
        .replace("a:", "ent:")
        .replace("xmlns:a=", "xmlns:ent=");
    assert_eq!(
        bingads_try(d.as_bytes()).unwrap().body.user.unwrap().id,
        Some(USER_ID)
    );
    assert_eq!(serde_user(d.as_bytes()).unwrap().id, Some(USER_ID));
    assert_eq!(ya_user(d.as_bytes()).unwrap().id, Some(USER_ID));
}

/// quick-xml serde: `rename = "a:Id"` never matches, the prefix is stripped before matching.
#[test]
fn serde_prefixed_rename_probe() {
    #[derive(Debug, Deserialize)]
    struct P {
        #[serde(rename = "a:Id")]
        prefixed: Option<i64>,
        #[serde(rename = "Id")]
        local: Option<i64>,
    }
    let p: P = quick_xml::de::from_str(r#"<User xmlns:a="urn:x"><a:Id>5</a:Id></User>"#).unwrap();
    assert_eq!((p.prefixed, p.local), (None, Some(5)));
}

const ITYPE_A: &str = r#"<H xmlns:a="urn:x" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Item i:type="a:Derived"><X>5</X></Item></H>"#;
const ITYPE_E: &str = r#"<H xmlns:e="urn:x" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Item i:type="e:Derived"><X>5</X></Item></H>"#;

/// `i:type`: the attribute can be captured as raw text ("a:Derived", prefix unresolved), but
/// dispatching on it through serde's internally tagged enum fails.
#[test]
fn serde_itype_probe() {
    #[derive(Debug, Deserialize)]
    struct T {
        #[serde(rename = "@type")]
        ty: Option<String>,
        #[serde(rename = "X")]
        x: Option<i64>,
    }
    #[derive(Debug, Deserialize)]
    struct H {
        #[serde(rename = "Item")]
        item: T,
    }
    let h: H = quick_xml::de::from_str(ITYPE_A).unwrap();
    assert_eq!(
        (h.item.ty.as_deref(), h.item.x),
        (Some("a:Derived"), Some(5))
    );

    #[derive(Debug, Deserialize)]
    #[serde(tag = "@type")]
    enum Poly {
        #[serde(rename = "a:Derived")]
        Derived {
            #[serde(rename = "X")]
            #[allow(dead_code)]
            x: Option<i64>,
        },
    }
    #[derive(Debug, Deserialize)]
    struct H2 {
        #[serde(rename = "Item")]
        #[allow(dead_code)]
        item: Poly,
    }
    let e = quick_xml::de::from_str::<H2>(ITYPE_A).unwrap_err();
    assert!(
        e.to_string().contains("invalid type: map, expected i64"),
        "{e}"
    );
    let e = quick_xml::de::from_str::<H2>(ITYPE_E).unwrap_err();
    assert!(e.to_string().contains("unknown variant `e:Derived`"), "{e}");
}

#[derive(Debug, Default, PartialEq, YaDeserialize)]
pub struct DerivedT {
    #[yaserde(rename = "X")]
    pub x: Option<i64>,
}
#[derive(Debug, Default, PartialEq, YaDeserialize)]
#[yaserde(tag = "type")]
pub enum Poly {
    #[default]
    #[yaserde(rename = "unknown")]
    Unknown,
    #[yaserde(rename = "a:Derived")]
    Derived(DerivedT),
}
#[derive(Debug, Default, PartialEq, YaDeserialize)]
#[yaserde(rename = "H")]
pub struct HPoly {
    #[yaserde(rename = "Item")]
    pub item: Option<Poly>,
}
#[derive(Debug, Default, PartialEq, YaDeserialize)]
pub struct WithType {
    #[yaserde(attribute = true, rename = "type")]
    pub ty: Option<String>,
    #[yaserde(rename = "X")]
    pub x: Option<i64>,
}
#[derive(Debug, Default, PartialEq, YaDeserialize)]
#[yaserde(rename = "H")]
pub struct HAttr {
    #[yaserde(rename = "Item")]
    pub item: Option<WithType>,
}

/// yaserde: same picture. The raw attribute text can be captured; its `tag = "type"` enum
/// (matched on the raw text) did not parse a struct variant here.
#[test]
fn yaserde_itype_probe() {
    let h: HAttr = yaserde::de::from_str(ITYPE_A).unwrap();
    let item = h.item.unwrap();
    assert_eq!((item.ty.as_deref(), item.x), (Some("a:Derived"), Some(5)));

    let e = yaserde::de::from_str::<HPoly>(ITYPE_A).unwrap_err();
    assert!(
        format!("{e:?}").contains("End of document, missing some content"),
        "{e:?}"
    );
    let e = yaserde::de::from_str::<HPoly>(ITYPE_E).unwrap_err();
    assert!(
        format!("{e:?}").contains("Expected enum tagged with type"),
        "{e:?}"
    );
}
