//! The official documentation reaches the generated types: every data-object and value-set
//! page's summary, and every element's description, is in the rustdoc of the type, field or
//! value it names (the pages are the oracle, read here independently of the generator's
//! parser), and the output stays deterministic.

use std::path::Path;

fn generate(version: &str) -> String {
    let wsdl = format!("../wsdl/{version}/CustomerManagementService.wsdl");
    let docs =
        bingads_codegen::docs::Docs::load(Path::new(&format!("../wsdl/{version}/docs"))).unwrap();
    let bytes = std::fs::read(&wsdl).unwrap();
    bingads_codegen::generate_with_docs(
        &wsdl,
        "CustomerManagementService.wsdl",
        &bytes,
        version,
        Some(&docs),
    )
    .unwrap()
}

/// The doc lines right above `pub struct User {` / `pub enum X {` / a field or variant line.
fn doc_above(code: &str, item_line: &str) -> Option<String> {
    let lines: Vec<&str> = code.lines().collect();
    let at = lines.iter().position(|l| l.trim() == item_line)?;
    // Attributes (possibly over several lines) sit between the docs and the item; the
    // previous item (a `pub` line or a closing brace) ends the search.
    let mut above = lines[..at].iter().rev().map(|l| l.trim());
    let mut docs = Vec::new();
    for line in above.by_ref() {
        if line.starts_with("///") {
            docs.push(line.trim_start_matches("///").trim());
            break;
        }
        if line.starts_with("pub ") || line.starts_with('}') {
            return Some(String::new());
        }
    }
    docs.extend(
        above
            .take_while(|l| l.starts_with("///"))
            .map(|l| l.trim_start_matches("///").trim()),
    );
    docs.reverse();
    Some(docs.join(" "))
}

#[test]
fn every_object_page_summary_is_its_types_rustdoc() {
    for version in ["v12", "v13"] {
        let code = generate(version);
        assert_eq!(code, generate(version), "deterministic");
        let mut checked = 0;
        for entry in std::fs::read_dir(format!("../wsdl/{version}/docs/objects")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let page = std::fs::read_to_string(&path).unwrap();
            // The first sentence under the title, links reduced to their text.
            let title = page.lines().position(|l| l.starts_with("# ")).unwrap();
            let summary = page.lines().nth(title + 1).unwrap_or("").trim();
            let first_words: String = summary
                .split(['[', '(', '.'])
                .next()
                .unwrap()
                .trim()
                .to_string();
            if first_words.is_empty() {
                continue;
            }
            let doc = ["struct", "enum"]
                .iter()
                .find_map(|kind| doc_above(&code, &format!("pub {kind} {name} {{")));
            let Some(doc) = doc else {
                continue; // A page for a type this WSDL does not have, or an ArrayOf wrapper.
            };
            assert!(
                doc.contains(&first_words),
                "{version} {name}: {first_words:?} not in {doc:?}"
            );
            assert!(doc.contains("CC BY 4.0"), "{version} {name}: attribution");
            checked += 1;
        }
        assert!(checked >= 35, "{version}: only {checked} types documented");
    }
}

#[test]
fn element_descriptions_reach_fields_and_values() {
    let code = generate("v13");
    let user_id = doc_above(&code, "pub user_id: ::std::option::Option<i64>,");
    // GetUserRequest.UserId, from GetUser.elements.md; the first field of that name in the
    // file is GetUserRequest's (requests come first).
    assert!(
        user_id
            .as_deref()
            .is_some_and(|d| d.contains("The identifier of the user")),
        "{user_id:?}"
    );
    let deleted = doc_above(&code, "Deleted,").unwrap();
    assert!(deleted.contains("Reserved for internal use"), "{deleted}");
}

/// A WSDL's own `xs:documentation` / `wsdl:documentation` is used first, escaped for rustdoc.
#[test]
fn the_wsdls_own_documentation_comes_first() {
    let wsdl = r#"<?xml version="1.0"?>
<wsdl:definitions name="Mini" targetNamespace="urn:svc" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="urn:svc">
  <wsdl:types>
    <xs:schema elementFormDefault="qualified" targetNamespace="urn:svc" xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:element name="PingRequest">
        <xs:annotation><xs:documentation>Asks for a pong.</xs:documentation></xs:annotation>
        <xs:complexType><xs:sequence>
          <xs:element minOccurs="0" name="Thing" nillable="true" type="q1:Thing" xmlns:q1="urn:ent">
            <xs:annotation><xs:documentation>The thing to ping &amp; [echo] &lt;back&gt;.</xs:documentation></xs:annotation>
          </xs:element>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="PingResponse"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
    </xs:schema>
    <xs:schema elementFormDefault="qualified" targetNamespace="urn:ent" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:ent">
      <xs:complexType name="Thing">
        <xs:annotation><xs:documentation>A thing.
          Over two lines.</xs:documentation></xs:annotation>
        <xs:sequence>
          <xs:element minOccurs="0" name="Color" type="tns:Color" />
        </xs:sequence>
      </xs:complexType>
      <xs:simpleType name="Color"><xs:restriction base="xs:string">
        <xs:enumeration value="Red"><xs:annotation><xs:documentation>Warm.</xs:documentation></xs:annotation></xs:enumeration>
        <xs:enumeration value="Blue" />
      </xs:restriction></xs:simpleType>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="PingRequest"><wsdl:part name="parameters" element="tns:PingRequest" /></wsdl:message>
  <wsdl:message name="PingResponse"><wsdl:part name="parameters" element="tns:PingResponse" /></wsdl:message>
  <wsdl:portType name="IMini">
    <wsdl:operation name="Ping">
      <wsdl:documentation>Pings the service.</wsdl:documentation>
      <wsdl:input message="tns:PingRequest" /><wsdl:output message="tns:PingResponse" />
    </wsdl:operation>
  </wsdl:portType>
</wsdl:definitions>"#;
    // A vendored page says something else about Thing: the WSDL wins where it speaks.
    let mut vendored = bingads_codegen::docs::Docs::default();
    vendored.types.insert(
        "Thing".into(),
        bingads_codegen::docs::TypeDoc {
            summary: "From the pages.".into(),
            members: [(
                "Color".to_string(),
                "The colour, from the pages.".to_string(),
            )]
            .into(),
            source: "thing.md".into(),
        },
    );
    let code = bingads_codegen::generate_with_docs(
        "mini.wsdl",
        "mini.wsdl",
        wsdl.as_bytes(),
        "v1",
        Some(&vendored),
    )
    .unwrap();
    let thing = doc_above(&code, "pub struct Thing {").unwrap();
    assert!(thing.starts_with("A thing. Over two lines."), "{thing}");
    assert!(!thing.contains("From the pages"), "{thing}");
    let color = doc_above(
        &code,
        "pub color: ::std::option::Option<super::entities::Color>,",
    )
    .or_else(|| doc_above(&code, "pub color: ::std::option::Option<Color>,"))
    .unwrap_or_default();
    assert!(
        color.contains("The colour, from the pages."),
        "{color} in\n{code}"
    );
    let field = code
        .lines()
        .find(|l| l.contains("The thing to ping"))
        .unwrap_or_else(|| panic!("no field doc in\n{code}"));
    assert!(
        field.contains(r"The thing to ping & \[echo\] &lt;back&gt;."),
        "{field}"
    );
    assert!(doc_above(&code, "Red,").unwrap().contains("Warm."));
    assert!(code.contains("/// Asks for a pong."), "{code}");
    assert!(code.contains("/// Pings the service."), "{code}");
}
