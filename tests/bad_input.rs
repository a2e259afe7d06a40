//! Hostile and broken bodies: each case asserts the exact error kind (never a panic). The
//! HTTP-level cases (HTML pages with 200 / 500 / 502, an empty 200) run against a real server.

mod common;

use bingads::soap::{parse_response, SoapError};
use bingads::v13::customer_management as v13;
use bingads::xml::{Limits, XmlErrorKind};

const S: &str = r#"xmlns:s="http://schemas.xmlsoap.org/soap/envelope/""#;

fn fixture() -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/responses/v13_GetUser.xml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn body(inner: &str) -> String {
    format!(
        r#"<s:Envelope {S}><s:Body><GetUserResponse xmlns="https://bingads.microsoft.com/Customer/v13">{inner}</GetUserResponse></s:Body></s:Envelope>"#
    )
}

fn user(inner: &str) -> String {
    body(&format!(
        r#"<User xmlns:a="https://bingads.microsoft.com/Customer/v13/Entities" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">{inner}</User>"#
    ))
}

fn kind(bytes: &[u8]) -> Result<(), XmlErrorKind> {
    match parse_response::<v13::GetUserResponse>(bytes, &Limits::default()) {
        Ok(_) => Ok(()),
        Err(SoapError::Xml { error, .. }) => Err(error.kind),
        Err(SoapError::Fault(f)) => panic!("unexpected fault {f}"),
        Err(e) => panic!("{e:?}"),
    }
}

macro_rules! bad {
    ($cases:ident, $name:expr, $bytes:expr, $pattern:pat) => {
        $cases.push((
            $name.to_string(),
            $bytes.into(),
            |k: &Result<(), XmlErrorKind>| matches!(k, Err($pattern)),
        ));
    };
}

type Check = fn(&Result<(), XmlErrorKind>) -> bool;

#[test]
fn bad_input_corpus() {
    let full = fixture();
    let mut cases: Vec<(String, Vec<u8>, Check)> = Vec::new();
    use XmlErrorKind::*;

    // Truncation anywhere is an end-of-input error.
    for cut in [
        1,
        25,
        60,
        200,
        400,
        777,
        1200,
        1800,
        2300,
        full.trim_end().len() - 1,
    ] {
        bad!(
            cases,
            format!("truncated at byte {cut}"),
            full.as_bytes()[..cut].to_vec(),
            UnexpectedEof
        );
    }
    bad!(cases, "empty body", Vec::new(), Empty);
    bad!(cases, "white space only", b" \r\n\t ".to_vec(), Empty);
    bad!(
        cases,
        "missing Body",
        format!("<s:Envelope {S}><s:Header/></s:Envelope>"),
        MissingBody
    );
    bad!(
        cases,
        "empty Body",
        format!("<s:Envelope {S}><s:Body/></s:Envelope>"),
        MissingBody
    );
    bad!(
        cases,
        "Body without elements",
        format!("<s:Envelope {S}><s:Body> </s:Body></s:Envelope>"),
        MissingBody
    );
    bad!(
        cases,
        "SOAP 1.2 envelope",
        full.replace(
            "http://schemas.xmlsoap.org/soap/envelope/",
            "http://www.w3.org/2003/05/soap-envelope"
        ),
        WrongNamespace { .. }
    );
    bad!(
        cases,
        "envelope in no namespace",
        "<Envelope><Body/></Envelope>",
        WrongNamespace { .. }
    );
    bad!(
        cases,
        "HTML instead of SOAP",
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        UnexpectedElement { .. }
    );
    bad!(
        cases,
        "v12 response read as v13",
        full.replace("Customer/v13", "Customer/v12"),
        WrongNamespace { .. }
    );
    bad!(
        cases,
        "another operation's response",
        full.replace("GetUserResponse", "GetAccountResponse"),
        UnexpectedElement { .. }
    );
    bad!(
        cases,
        "duplicated User",
        body("<User/><User/>"),
        DuplicateElement(_)
    );
    bad!(
        cases,
        "duplicated field",
        user("<a:Id>1</a:Id><a:Id>2</a:Id>"),
        DuplicateElement(_)
    );
    bad!(
        cases,
        "fields out of order",
        user("<a:JobTitle>x</a:JobTitle><a:Id>2</a:Id>"),
        OutOfOrder(_)
    );
    bad!(
        cases,
        "elements out of order",
        body("<CustomerRoles/><User/>"),
        OutOfOrder(_)
    );
    bad!(
        cases,
        "long too large",
        user("<a:Id>9223372036854775808</a:Id>"),
        InvalidValue {
            expected: "xs:long",
            ..
        }
    );
    bad!(
        cases,
        "long not a number",
        user("<a:Id>12ab</a:Id>"),
        InvalidValue {
            expected: "xs:long",
            ..
        }
    );
    bad!(
        cases,
        "long empty",
        user("<a:Id/>"),
        InvalidValue {
            expected: "xs:long",
            ..
        }
    );
    bad!(
        cases,
        "int too large",
        body(
            r#"<CustomerRoles xmlns:a="https://bingads.microsoft.com/Customer/v13/Entities"><a:CustomerRole><a:RoleId>2147483648</a:RoleId></a:CustomerRole></CustomerRoles>"#
        ),
        InvalidValue {
            expected: "xs:int",
            ..
        }
    );
    bad!(
        cases,
        "long in a list too large",
        body(
            r#"<CustomerRoles xmlns:a="https://bingads.microsoft.com/Customer/v13/Entities"><a:CustomerRole><a:AccountIds xmlns:b="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><b:long>1e3</b:long></a:AccountIds></a:CustomerRole></CustomerRoles>"#
        ),
        InvalidValue {
            expected: "xs:long",
            ..
        }
    );
    bad!(
        cases,
        "invalid base64",
        user("<a:TimeStamp>not*base64</a:TimeStamp>"),
        InvalidValue {
            expected: "xs:base64Binary",
            ..
        }
    );
    bad!(
        cases,
        "invalid dateTime",
        user("<a:LastModifiedTime>2024-13-45T99:00:00</a:LastModifiedTime>"),
        InvalidValue {
            expected: "xs:dateTime",
            ..
        }
    );
    bad!(
        cases,
        "dateTime without time",
        user("<a:LastModifiedTime>2024-01-01</a:LastModifiedTime>"),
        InvalidValue {
            expected: "xs:dateTime",
            ..
        }
    );
    bad!(
        cases,
        "invalid boolean",
        user("<a:ContactInfo><a:ContactByPhone>yes</a:ContactByPhone></a:ContactInfo>"),
        InvalidValue {
            expected: "xs:boolean",
            ..
        }
    );
    bad!(
        cases,
        "enum text with spaces",
        user("<a:UserLifeCycleStatus>Not A Value</a:UserLifeCycleStatus>"),
        InvalidValue {
            expected: "enumeration value",
            ..
        }
    );
    bad!(
        cases,
        "empty enum",
        user("<a:UserLifeCycleStatus></a:UserLifeCycleStatus>"),
        InvalidValue {
            expected: "enumeration value",
            ..
        }
    );
    bad!(
        cases,
        "nil in a foreign namespace is not nil",
        user(r#"<a:Id x:nil="true" xmlns:x="urn:other"/>"#),
        InvalidValue { .. }
    );
    let mut latin1 = user("<a:JobTitle>caf_</a:JobTitle>").into_bytes();
    let at = latin1.iter().position(|b| *b == b'_').unwrap();
    latin1[at] = 0xE9;
    bad!(cases, "non-UTF-8 text", latin1, NotUtf8);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(full.encode_utf16().flat_map(u16::to_le_bytes));
    bad!(cases, "UTF-16 with BOM", utf16, NotUtf8);
    bad!(
        cases,
        "DOCTYPE with entities",
        format!(
            r#"<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY x "boom">]>{}"#,
            user("<a:JobTitle>&x;</a:JobTitle>")
        ),
        DoctypeRefused
    );
    let laughs = r#"<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>"#;
    bad!(
        cases,
        "billion laughs",
        format!("{laughs}{}", user("<a:JobTitle>&lol2;</a:JobTitle>")),
        DoctypeRefused
    );
    bad!(
        cases,
        "external entity",
        format!(
            r#"<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>{}"#,
            user("<a:JobTitle>&e;</a:JobTitle>")
        ),
        DoctypeRefused
    );
    bad!(
        cases,
        "undeclared entity",
        user("<a:JobTitle>&nbsp;</a:JobTitle>"),
        UnknownEntity(_)
    );
    bad!(
        cases,
        "invalid character reference",
        user("<a:JobTitle>&#0;</a:JobTitle>"),
        Syntax(_)
    );
    bad!(
        cases,
        "character reference out of range",
        user("<a:JobTitle>&#x110000;</a:JobTitle>"),
        Syntax(_)
    );
    let deep = format!("{}{}", "<a:Name>".repeat(100), "</a:Name>".repeat(100));
    bad!(
        cases,
        "elements nested 100 deep",
        user(&deep),
        DepthLimit { limit: 64 }
    );
    let mut huge = full.clone().into_bytes();
    huge.resize(100 * 1024 * 1024, b' ');
    bad!(
        cases,
        "100 MB body",
        huge,
        SizeLimit {
            limit: 67_108_864,
            ..
        }
    );
    bad!(
        cases,
        "mismatched end tag",
        user("<a:Id>1</a:Name>"),
        Syntax(_)
    );
    bad!(
        cases,
        "unquoted attribute",
        user("<a:Id i:nil=true>1</a:Id>"),
        Syntax(_)
    );
    bad!(
        cases,
        "unterminated attribute",
        user(r#"<a:Id i:nil="true>1</a:Id>"#),
        Syntax(_) | UnexpectedEof
    );
    bad!(
        cases,
        "duplicate attribute",
        user(r#"<a:Id i:nil="true" i:nil="false">1</a:Id>"#),
        Syntax(_)
    );
    bad!(
        cases,
        "'<' in an attribute",
        user(r#"<a:Id x="<">1</a:Id>"#),
        Syntax(_)
    );
    bad!(
        cases,
        "unbound element prefix",
        user("<zz:Id>1</zz:Id>"),
        UnboundPrefix(_)
    );
    bad!(
        cases,
        "unbound attribute prefix",
        user(r#"<a:Id zz:nil="true">1</a:Id>"#),
        UnboundPrefix(_)
    );
    bad!(
        cases,
        "element inside a number",
        user("<a:Id>1<b/>2</a:Id>"),
        ElementInText(_)
    );
    bad!(
        cases,
        "element inside a string",
        user("<a:JobTitle>x<b>y</b></a:JobTitle>"),
        ElementInText(_)
    );
    bad!(
        cases,
        "content after the root",
        format!("{full}<extra/>"),
        Syntax(_)
    );
    bad!(
        cases,
        "text before the root",
        format!("junk{full}"),
        UnexpectedElement { .. }
    );
    bad!(cases, "two roots", format!("{full}{full}"), Syntax(_));

    let mut failures = Vec::new();
    for (name, bytes, check) in &cases {
        let got = std::panic::catch_unwind(|| kind(bytes));
        match got {
            Err(_) => failures.push(format!("{name}: panicked")),
            Ok(result) if !check(&result) => failures.push(format!("{name}: got {result:?}")),
            Ok(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert!(cases.len() >= 50, "{} cases", cases.len());
}

#[test]
#[allow(clippy::vec_init_then_push)] // the cases are pushed by the `bad!` macro
fn strict_values_and_characters() {
    use XmlErrorKind::*;
    let mut cases: Vec<(String, Vec<u8>, Check)> = Vec::new();
    bad!(
        cases,
        "two signs on a long",
        user("<a:Id>++5</a:Id>"),
        InvalidValue {
            expected: "xs:long",
            ..
        }
    );
    bad!(
        cases,
        "a character reference to U+0001",
        user("<a:JobTitle>a&#1;b</a:JobTitle>"),
        ForbiddenChar { code: 1 }
    );
    bad!(
        cases,
        "a character reference to U+FFFE",
        user("<a:JobTitle>a&#xFFFE;b</a:JobTitle>"),
        ForbiddenChar { code: 0xFFFE }
    );
    bad!(
        cases,
        "a raw U+001B in text",
        user("<a:JobTitle>a\u{1b}b</a:JobTitle>"),
        ForbiddenChar { code: 0x1B }
    );
    bad!(
        cases,
        "a raw U+000C in CDATA",
        user("<a:JobTitle><![CDATA[a\u{c}b]]></a:JobTitle>"),
        ForbiddenChar { code: 0xC }
    );
    for (name, bytes, check) in &cases {
        let result = kind(bytes);
        assert!(check(&result), "{name}: {result:?}");
    }
    // Value types: an xs:duration needs a number before each designator, in order; a WCF
    // char is a UTF-16 code unit.
    for bad in [
        "PYMD", "P", "PT", "P1DT", "PT1D", "P1M1Y", "P1.5D", "P1H", "-PT.5S", "P1S",
    ] {
        assert!(bingads::xml::Duration::new(bad).is_err(), "{bad}");
    }
    for good in [
        "P1Y2M3DT4H5M6.789S",
        "-P10675199DT2H48M5.4775808S",
        "PT0S",
        "P30D",
        "PT1M",
    ] {
        assert!(bingads::xml::Duration::new(good).is_ok(), "{good}");
    }
    for bad in ["-1", "65536", "2147483647", "x"] {
        assert!(bingads::xml::Char::new(bad).is_err(), "{bad}");
    }
    assert!(bingads::xml::Char::new("65535").is_ok());
}

fn parsed_user(inner: &str) -> v13::entities::User {
    parse_response::<v13::GetUserResponse>(user(inner).as_bytes(), &Limits::default())
        .unwrap_or_else(|e| panic!("{inner}: {e}"))
        .body
        .user
        .unwrap()
}

/// What is tolerated is read as the value it means, not merely without an error.
#[test]
fn tolerated_input_reads_as_its_value() {
    assert_eq!(
        parsed_user("<a:Id> 42 </a:Id>").id,
        Some(42),
        "numbers are whitespace-collapsed"
    );
    assert_eq!(
        parsed_user("<a:Id>+42</a:Id>").id,
        Some(42),
        "one sign is allowed"
    );
    assert_eq!(
        parsed_user("<a:JobTitle><![CDATA[a<b]]></a:JobTitle>")
            .job_title
            .as_deref(),
        Some("a<b")
    );
    assert_eq!(
        parsed_user("<a:JobTitle>a<!-- c -->b</a:JobTitle>")
            .job_title
            .as_deref(),
        Some("ab"),
        "text split by a comment is joined"
    );
    assert_eq!(
        parsed_user("<a:JobTitle>x&amp;<![CDATA[&]]>y</a:JobTitle>")
            .job_title
            .as_deref(),
        Some("x&&y")
    );
    // XML's line-end rule: CR LF and a lone CR read as LF; a CR written as &#13; stays.
    assert_eq!(
        parsed_user("<a:JobTitle>a\r\nb\rc&#13;\nd</a:JobTitle>")
            .job_title
            .as_deref(),
        Some("a\nb\nc\r\nd")
    );
    let archived = parsed_user("<a:UserLifeCycleStatus>Archived</a:UserLifeCycleStatus>");
    assert_eq!(
        archived.user_life_cycle_status.as_ref().map(|s| s.as_str()),
        Some("Archived"),
        "unknown enum values are kept as their text"
    );
    // A header element in another namespace is not the service's TrackingId.
    let foreign = fixture().replacen(
        "<s:Header>",
        r#"<s:Header><TrackingId xmlns="urn:someone-else">not-ours</TrackingId>"#,
        1,
    );
    let parsed =
        parse_response::<v13::GetUserResponse>(foreign.as_bytes(), &Limits::default()).unwrap();
    assert_ne!(parsed.tracking_id.as_deref(), Some("not-ours"));
}

#[test]
fn tolerated_input() {
    let full = fixture();
    let ok = |bytes: &[u8]| kind(bytes).map_err(|e| format!("{e:?}"));
    assert_eq!(
        ok(format!("\u{feff}{full}").as_bytes()),
        Ok(()),
        "a UTF-8 BOM is allowed"
    );
    assert_eq!(
        ok(format!(r#"<?xml version="1.0" encoding="utf-8"?>{full}"#).as_bytes()),
        Ok(())
    );
    assert_eq!(
        ok(user("<a:Id> 42 </a:Id>").as_bytes()),
        Ok(()),
        "numbers are whitespace-collapsed"
    );
    assert_eq!(
        ok(user("<a:JobTitle><![CDATA[a<b]]></a:JobTitle>").as_bytes()),
        Ok(())
    );
    assert_eq!(
        ok(user("<a:JobTitle>a<!-- c -->b</a:JobTitle>").as_bytes()),
        Ok(())
    );
    assert_eq!(
        ok(user("<a:UserLifeCycleStatus>Archived</a:UserLifeCycleStatus>").as_bytes()),
        Ok(()),
        "unknown enum values are kept"
    );
    assert_eq!(
        ok(user("<a:Unknown><x:Deep xmlns:x=\"urn:x\"><y/></x:Deep></a:Unknown>").as_bytes()),
        Ok(()),
        "unknown elements are skipped"
    );
    let r = parse_response::<v13::GetUserResponse>(
        user("<a:JobTitle> a &amp; b&#x21;\n</a:JobTitle>").as_bytes(),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(
        r.body.user.unwrap().job_title.as_deref(),
        Some(" a & b!\n"),
        "strings keep every character"
    );
    // A smaller limit is enforced too.
    let small = Limits {
        max_body_bytes: 100,
        ..Limits::default()
    };
    assert!(matches!(
        parse_response::<v13::GetUserResponse>(full.as_bytes(), &small),
        Err(SoapError::Xml { error, .. }) if matches!(error.kind, XmlErrorKind::SizeLimit { limit: 100, .. })
    ));
}

#[tokio::test]
async fn html_pages_and_empty_bodies_over_http() {
    use bingads::client::{Error, RetryConfig};
    use common::server::{serve, Reply};
    for (status, page) in [
        (200u16, "<html><body>OK?</body></html>"),
        (500, "<html><body>Server Error</body></html>"),
        (502, "<html>Bad Gateway</html>"),
        (200, ""),
    ] {
        let server = serve(move |_, _| async move { Reply::new(status, page) }).await;
        let client = bingads::v13::CustomerManagementClient::builder()
            .transport(bingads::client::Transport::Soap)
            .endpoint(&server.url)
            .retry(RetryConfig::disabled())
            .no_proxy()
            .build()
            .unwrap();
        let err = client
            .get_user(v13::GetUserRequest { user_id: Some(1) })
            .await
            .unwrap_err();
        match (status, page.is_empty(), &err) {
            (200, true, Error::Parse { error, .. }) => assert_eq!(error.kind, XmlErrorKind::Empty),
            (200, false, Error::Parse { error, .. }) => {
                assert!(matches!(error.kind, XmlErrorKind::UnexpectedElement { .. }))
            }
            (
                500 | 502,
                _,
                Error::Http {
                    status: s,
                    body_excerpt,
                    ..
                },
            ) => {
                assert_eq!(*s, status);
                assert!(body_excerpt.contains("Error") || body_excerpt.contains("Gateway"));
            }
            other => panic!("{other:?}"),
        }
    }
}
