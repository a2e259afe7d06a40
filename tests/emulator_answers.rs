//! The emulator writes its answers as the live service does: WCF's DataContractSerializer puts
//! every member of every type on the wire, in WSDL order, a null one as `<X i:nil="true"/>`
//! (the documentation's response templates; live answers recorded in Effilab/bing_ads_ruby_sdk
//! `spec/fixtures/customer_management/*/standard_response.xml`), and the REST service writes
//! every member, `null` when absent. Requests keep leaving absent members out.
//!
//! The member lists come from the vendored WSDLs, read with the generator's own parser.

use std::collections::BTreeMap;

use bingads::dynamic::Service;
use bingads_codegen::model::{QName, Wsdl};
use serde_json::Value;

/// An element of a written document: local name, `i:nil`, `i:type` (local part), children.
#[derive(Debug)]
struct Node {
    local: String,
    nil: bool,
    xsi_type: Option<String>,
    children: Vec<Node>,
}

fn tree(xml: &[u8]) -> Node {
    use quick_xml::events::{BytesStart, Event};
    let mut reader = quick_xml::Reader::from_reader(xml);
    let node = |e: &BytesStart<'_>| {
        let mut n = Node {
            local: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
            nil: false,
            xsi_type: None,
            children: Vec::new(),
        };
        for a in e.attributes().flatten() {
            let value = String::from_utf8_lossy(&a.value).into_owned();
            match a.key.as_ref() {
                b"i:nil" => n.nil = value == "true",
                b"i:type" => n.xsi_type = Some(value.rsplit(':').next().unwrap().to_string()),
                _ => {}
            }
        }
        n
    };
    let mut stack = vec![Node {
        local: String::new(),
        nil: false,
        xsi_type: None,
        children: Vec::new(),
    }];
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .expect("well-formed answer")
        {
            Event::Start(e) => stack.push(node(&e)),
            Event::Empty(e) => {
                let n = node(&e);
                stack.last_mut().unwrap().children.push(n);
            }
            Event::End(_) => {
                let n = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(n);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    stack.pop().unwrap().children.remove(0)
}

/// The body's first element: `s:Envelope/s:Body/*[1]`.
fn body_element(envelope: &Node) -> &Node {
    let body = envelope
        .children
        .iter()
        .find(|c| c.local == "Body")
        .expect("s:Body");
    &body.children[0]
}

fn type_named<'w>(wsdl: &'w Wsdl, name: &str) -> &'w bingads_codegen::model::ComplexType {
    wsdl.complex_types
        .values()
        .find(|t| t.name.name == name)
        .unwrap_or_else(|| panic!("no complex type {name}"))
}

/// Checks `node` as a value of type `ty`: every member the service always writes is there
/// (`every_member`: each one; otherwise each nillable one without EmitDefaultValue="false"),
/// in WSDL order; nested values are checked the same way. Problems go to `out`.
fn check(
    wsdl: &Wsdl,
    ty: &QName,
    node: &Node,
    every_member: bool,
    path: &str,
    out: &mut Vec<String>,
) {
    let ct = match &node.xsi_type {
        Some(derived) => type_named(wsdl, derived),
        None => &wsdl.complex_types[ty],
    };
    let fields = wsdl.all_fields(ct);
    let mut last = None;
    for child in &node.children {
        let Some(i) = fields.iter().position(|f| f.name == child.local) else {
            out.push(format!(
                "{path}: {} is not a member of {}",
                child.local, ct.name.name
            ));
            continue;
        };
        if last.is_some_and(|l| i <= l) {
            out.push(format!("{path}: {} is out of WSDL order", child.local));
        }
        last = Some(i);
    }
    for f in &fields {
        let child = node.children.iter().find(|c| c.local == f.name);
        let Some(child) = child else {
            if every_member || (f.nillable && f.emit_default) {
                out.push(format!("{path}: {}.{} is missing", ct.name.name, f.name));
            }
            continue;
        };
        if child.nil {
            continue;
        }
        check_value(
            wsdl,
            &f.ty,
            child,
            every_member,
            &format!("{path}/{}", f.name),
            out,
        );
    }
}

/// A non-nil value of type `ty`: a list's items (lists of lists too), or a complex value.
fn check_value(
    wsdl: &Wsdl,
    ty: &QName,
    node: &Node,
    every_member: bool,
    path: &str,
    out: &mut Vec<String>,
) {
    if let Some(item) = wsdl.array_item(ty) {
        for (n, c) in node.children.iter().enumerate() {
            if !c.nil {
                check_value(
                    wsdl,
                    &item.ty,
                    c,
                    every_member,
                    &format!("{path}[{n}]"),
                    out,
                );
            }
        }
    } else if wsdl.complex_types.contains_key(ty) {
        check(wsdl, ty, node, every_member, path, out);
    }
}

/// Every scalar of a JSON view set to `null`, objects and lists kept: each nested type is
/// then written with its members absent.
fn hollow(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::Object(_) | Value::Array(_) => hollow(v),
                        _ => Value::Null,
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(hollow).collect()),
        other => other.clone(),
    }
}

fn services() -> Vec<(&'static Service, &'static str)> {
    vec![
        (
            &bingads::v13::customer_management::SERVICE,
            include_str!("../wsdl/v13/CustomerManagementService.wsdl"),
        ),
        (
            &bingads::v12::customer_management::SERVICE,
            include_str!("../wsdl/v12/CustomerManagementService.wsdl"),
        ),
    ]
}

/// For every operation of both versions: the fully populated sample, the same with every
/// scalar absent at every depth, and an empty answer, each written as the emulator answers.
#[test]
fn every_soap_answer_carries_every_member_in_wsdl_order() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (service, wsdl_text) in services() {
        let wsdl = bingads_codegen::parse_wsdl("wsdl", wsdl_text.as_bytes()).unwrap();
        let outputs: BTreeMap<&str, &QName> = wsdl
            .operations
            .iter()
            .map(|o| (o.name.as_str(), &o.output))
            .collect();
        for op in service.operations {
            let element = &wsdl.elements[outputs[op.name]];
            let sample = (op.samples().response_envelope)(None);
            let json = op.parse_to_json(&sample, &Default::default()).unwrap().body;
            for (what, value, every_member) in [
                ("sample", json.clone(), true),
                ("hollow", hollow(&json), false),
                ("empty", serde_json::json!({}), false),
            ] {
                let xml = op.response_envelope_from_json(value, Some("t")).unwrap();
                let root = tree(&xml);
                let path = format!("{} {} ({what})", service.version, op.name);
                check(
                    &wsdl,
                    &element.ty,
                    body_element(&root),
                    every_member,
                    &path,
                    &mut problems,
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// An absent nillable member is `<X i:nil="true"/>` in an answer and not sent in a request.
#[test]
fn a_null_is_nil_in_answers_and_absent_from_requests() {
    let op = bingads::v13::customer_management::SERVICE
        .operation("GetUser")
        .unwrap();
    let answer = serde_json::json!({"User": {"Id": "7", "ContactInfo": {"Email": "a@b.c"}}});
    let xml = String::from_utf8(op.response_envelope_from_json(answer, None).unwrap()).unwrap();
    assert!(xml.contains(r#"<e:Address i:nil="true"/>"#), "{xml}");
    assert!(xml.contains(r#"<e:JobTitle i:nil="true"/>"#), "{xml}");
    assert!(xml.contains(r#"<CustomerRoles i:nil="true"/>"#), "{xml}");
    let request = op.request_from_json("{}").unwrap();
    let envelope = request
        .envelope(&Default::default(), &Default::default())
        .unwrap();
    let envelope = String::from_utf8(envelope).unwrap();
    assert!(!envelope.contains("i:nil"), "{envelope}");
    assert!(!envelope.contains("UserId"), "{envelope}");
}

/// REST answers carry every nillable member, `null` when absent; requests leave them out.
#[test]
fn rest_answers_carry_every_member_as_null_and_requests_leave_them_out() {
    let op = bingads::v13::customer_management::SERVICE
        .operation("GetUser")
        .unwrap();
    let answer = serde_json::json!({"User": {"Id": "7", "ContactInfo": {"Email": "a@b.c"}}});
    let body: Value = serde_json::from_slice(&op.rest_response_from_json(answer).unwrap()).unwrap();
    assert_eq!(body["CustomerRoles"], Value::Null);
    assert!(
        body.as_object().unwrap().contains_key("CustomerRoles"),
        "{body}"
    );
    let contact = body["User"]["ContactInfo"].as_object().unwrap();
    assert!(
        contact.contains_key("Address") && contact["Address"].is_null(),
        "{body}"
    );
    assert_eq!(contact["Email"], "a@b.c");
    let request = op.request_from_json(r#"{"UserId": null}"#).unwrap();
    assert_eq!(request.rest_body(), b"{}");
}
