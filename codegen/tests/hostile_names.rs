//! Names Rust cannot spell give valid identifiers, never a panic (found by the `wsdl` fuzz
//! target: a service named `AdSe?vice` panicked in `Ident::new`).

const POLYMORPHIC: &str = include_str!("../../tests/fixtures/wsdl/Polymorphic.wsdl");

fn generate(wsdl: &[u8]) -> Result<String, String> {
    bingads_codegen::generate_from_bytes("hostile.wsdl", "hostile.wsdl", wsdl, "v1")
        .map_err(|e| e.to_string())
}

#[test]
fn fuzz_crash_service_name_with_a_question_mark() {
    let code = generate(include_bytes!("fixtures/fuzz-wsdl-crash-f414b7ec.wsdl")).unwrap();
    assert!(code.contains("pub struct AdSeviceClient"), "{code}");
}

#[test]
fn characters_outside_rust_identifiers_are_dropped() {
    let wsdl = POLYMORPHIC
        .replace(r#"name="AdService""#, r#"name="Ad-S²é·rvice""#)
        .replace("urn:example:ads/Entities", "urn:example:ads/Éntités")
        .replace(r#"name="ImageUrl""#, r#"name="²Image.Url""#)
        .replace(
            r#"<xs:enumeration value="Paused" />"#,
            r#"<xs:enumeration value="Paused" /><xs:enumeration value="Unknown" /><xs:enumeration value="unknown value" /><xs:enumeration value="Unrecognized" />"#,
        );
    assert_ne!(wsdl, POLYMORPHIC);
    let code = generate(wsdl.as_bytes()).unwrap();
    assert!(code.contains("pub struct AdSé·rviceClient"), "{code}");
    // A module for the non-ASCII namespace, with an ASCII XML prefix.
    assert!(code.contains("pub mod éntités"), "{code}");
    assert!(code.contains(r#"prefixes: &["", "n"]"#), "{code}");
    assert!(code.contains("pub image_url:"), "{code}");
    // Every catch-all name is taken by a value: the catch-all still gets its own name.
    for variant in [
        "Unknown,",
        "UnknownValue,",
        "Unrecognized,",
        "Unrecognized_(",
    ] {
        assert!(code.contains(variant), "{variant} in {code}");
    }
}

#[test]
fn derivation_loops_are_errors() {
    // Criterion extends AgeCriterion, which extends Criterion.
    let complex = POLYMORPHIC.replace(
        r#"<xs:complexType name="Criterion">
        <xs:sequence>
          <xs:element minOccurs="0" name="Id" nillable="true" type="xs:long" />
        </xs:sequence>
      </xs:complexType>"#,
        r#"<xs:complexType name="Criterion">
        <xs:complexContent mixed="false">
          <xs:extension base="tns:AgeCriterion">
            <xs:sequence>
              <xs:element minOccurs="0" name="Id" nillable="true" type="xs:long" />
            </xs:sequence>
          </xs:extension>
        </xs:complexContent>
      </xs:complexType>"#,
    );
    assert_ne!(complex, POLYMORPHIC);
    let err = generate(complex.as_bytes()).unwrap_err();
    assert!(
        err.contains("complexType AgeCriterion derives from itself"),
        "{err}"
    );

    let simple = POLYMORPHIC.replace(
        r#"<xs:simpleType name="AdStatus">
        <xs:restriction base="xs:string">
          <xs:enumeration value="Active" />
          <xs:enumeration value="Paused" />
        </xs:restriction>"#,
        r#"<xs:simpleType name="AdStatus">
        <xs:restriction base="tns:AdStatus" />"#,
    );
    assert_ne!(simple, POLYMORPHIC);
    let err = generate(simple.as_bytes()).unwrap_err();
    assert!(
        err.contains("simpleType AdStatus restricts itself"),
        "{err}"
    );
}
