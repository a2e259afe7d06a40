//! WSDL/XSD front end for the WCF single-file layout: schemas inlined in `wsdl:types`,
//! `xs:import` without `schemaLocation`, `tns` declared only on some roots, inline `qN:` prefixes
//! on the very element that uses them, and SOAP headers declared as `wsdl:message` parts.
//!
//! The document is first read into a small tree in which every QName-valued attribute is
//! resolved while its namespace bindings are in scope; the model is then built from the tree.

use std::collections::BTreeMap;

use crate::model::{ComplexType, ElementDecl, Field, Operation, QName, SimpleType, Wsdl, XSD_NS};
use crate::Error;

mod tree;

use tree::{read_tree, Node};

const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
const SOAP_BINDING_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";

/// Builds the model of one WSDL document. `file` names the document in error messages.
pub fn parse_wsdl(file: &str, bytes: &[u8]) -> Result<Wsdl, Error> {
    let root = read_tree(file, bytes)?;
    let err = |node: &Node, message: String| Error::at(file, node.position, message);
    if !root.is(WSDL_NS, "definitions") {
        return Err(err(
            &root,
            format!(
                "root element is {{{}}}{}, not wsdl:definitions",
                root.ns, root.local
            ),
        ));
    }
    let mut wsdl = Wsdl {
        service_name: root.attr("name").unwrap_or("Service").to_string(),
        target_ns: root
            .attr("targetNamespace")
            .ok_or_else(|| err(&root, "wsdl:definitions has no targetNamespace".into()))?
            .to_string(),
        ..Wsdl::default()
    };

    let types = root.child(WSDL_NS, "types");
    for schema in types.iter().flat_map(|t| t.children(XSD_NS, "schema")) {
        let tns = schema
            .attr("targetNamespace")
            .ok_or_else(|| err(schema, "xs:schema has no targetNamespace".into()))?;
        if schema.attr("elementFormDefault") != Some("qualified") {
            return Err(err(
                schema,
                format!("schema {tns}: only elementFormDefault=\"qualified\" is supported"),
            ));
        }
        wsdl.schema_namespaces.push(tns.to_string());
        for item in &schema.children {
            if item.ns != XSD_NS {
                continue;
            }
            match item.local.as_str() {
                "complexType" => {
                    let name = required_attr(file, item, "name")?;
                    let mut anonymous = Vec::new();
                    let ct = complex_type(file, QName::new(tns, name), item, &mut anonymous)?;
                    insert_unique(file, item, &mut wsdl.complex_types, ct.name.clone(), ct)?;
                    insert_anonymous(file, item, &mut wsdl.complex_types, anonymous)?;
                }
                "simpleType" => {
                    let name = required_attr(file, item, "name")?;
                    let st = simple_type(file, QName::new(tns, name), item)?;
                    insert_unique(file, item, &mut wsdl.simple_types, st.name().clone(), st)?;
                }
                "element" => {
                    let name = QName::new(tns, required_attr(file, item, "name")?);
                    let ty = if let Some(inline) = item.child(XSD_NS, "complexType") {
                        // Operation wrappers: the inline type takes the element's name.
                        let mut anonymous = Vec::new();
                        let ct = complex_type(file, name.clone(), inline, &mut anonymous)?;
                        insert_unique(file, item, &mut wsdl.complex_types, name.clone(), ct)?;
                        insert_anonymous(file, item, &mut wsdl.complex_types, anonymous)?;
                        name.clone()
                    } else if let Some(ty) = item.qname("type") {
                        ty.clone()
                    } else {
                        return Err(err(
                            item,
                            format!(
                                "element {} has neither a type nor an inline complexType",
                                name.name
                            ),
                        ));
                    };
                    let decl = ElementDecl {
                        name: name.clone(),
                        ty,
                        nillable: item.attr("nillable") == Some("true"),
                    };
                    insert_unique(file, item, &mut wsdl.elements, name, decl)?;
                }
                "import" | "attribute" | "annotation" => {}
                other => return Err(err(item, format!("unsupported schema item xs:{other}"))),
            }
        }
    }

    for schema in types.iter().flat_map(|t| t.children(XSD_NS, "schema")) {
        collect_documentation(schema, None, None, &mut wsdl.documentation);
    }

    let tns = wsdl.target_ns.clone();
    let messages: BTreeMap<String, &Node> = root
        .children(WSDL_NS, "message")
        .filter_map(|m| Some((m.attr("name")?.to_string(), m)))
        .collect();
    let message = |node: &Node, attr: &str| -> Result<&Node, Error> {
        let q = node
            .qname(attr)
            .ok_or_else(|| err(node, format!("wsdl:{} has no {attr} attribute", node.local)))?;
        messages
            .get(&q.name)
            .copied()
            .filter(|_| q.ns == tns)
            .ok_or_else(|| err(node, format!("message {q} is not declared")))
    };
    let part_element = |msg: &Node, part_name: Option<&str>| -> Result<QName, Error> {
        let part = msg
            .children(WSDL_NS, "part")
            .find(|p| part_name.is_none_or(|n| p.attr("name") == Some(n)))
            .ok_or_else(|| {
                err(
                    msg,
                    format!(
                        "message {} has no part {}",
                        msg.attr("name").unwrap_or("?"),
                        part_name.unwrap_or("")
                    ),
                )
            })?;
        part.qname("element").cloned().ok_or_else(|| {
            err(
                part,
                "only element-typed message parts (document/literal) are supported".into(),
            )
        })
    };

    let port_type = root
        .child(WSDL_NS, "portType")
        .ok_or_else(|| err(&root, "the WSDL declares no wsdl:portType".into()))?;
    let binding = root.child(WSDL_NS, "binding");
    for op in port_type.children(WSDL_NS, "operation") {
        let name = required_attr(file, op, "name")?.to_string();
        let input = op
            .child(WSDL_NS, "input")
            .ok_or_else(|| err(op, format!("operation {name} has no input")))?;
        let output = op
            .child(WSDL_NS, "output")
            .ok_or_else(|| err(op, format!("operation {name} has no output")))?;
        let mut operation = Operation {
            soap_action: name.clone(),
            input: part_element(message(input, "message")?, None)?,
            output: part_element(message(output, "message")?, None)?,
            input_headers: Vec::new(),
            output_headers: Vec::new(),
            faults: Vec::new(),
            documentation: documentation(op),
            name,
        };
        for fault in op.children(WSDL_NS, "fault") {
            operation
                .faults
                .push(part_element(message(fault, "message")?, None)?);
        }
        let bound = binding.and_then(|b| {
            b.children(WSDL_NS, "operation")
                .find(|o| o.attr("name") == Some(&operation.name))
        });
        if let Some(bound) = bound {
            if let Some(action) = bound
                .child(SOAP_BINDING_NS, "operation")
                .and_then(|o| o.attr("soapAction"))
            {
                operation.soap_action = action.to_string();
            }
            for (dir, headers) in [
                ("input", &mut operation.input_headers),
                ("output", &mut operation.output_headers),
            ] {
                for header in bound
                    .children(WSDL_NS, dir)
                    .flat_map(|d| d.children(SOAP_BINDING_NS, "header"))
                {
                    let part = header.attr("part");
                    headers.push(part_element(message(header, "message")?, part)?);
                }
            }
        }
        for element in [&operation.input, &operation.output]
            .into_iter()
            .chain(&operation.faults)
        {
            if !wsdl.elements.contains_key(element) {
                return Err(err(
                    op,
                    format!(
                        "operation {} refers to undeclared element {element}",
                        operation.name
                    ),
                ));
            }
        }
        wsdl.operations.push(operation);
    }
    wsdl.endpoint = root
        .child(WSDL_NS, "service")
        .and_then(|s| s.child(WSDL_NS, "port"))
        .and_then(|p| p.child(SOAP_BINDING_NS, "address"))
        .and_then(|a| a.attr("location"))
        .map(str::to_string);
    check_references(file, &wsdl)?;
    Ok(wsdl)
}

fn required_attr<'a>(file: &str, node: &'a Node, name: &str) -> Result<&'a str, Error> {
    node.attr(name).ok_or_else(|| {
        Error::at(
            file,
            node.position,
            format!("{}:{} has no {name} attribute", node.ns, node.local),
        )
    })
}

fn insert_unique<V>(
    file: &str,
    node: &Node,
    map: &mut BTreeMap<QName, V>,
    key: QName,
    value: V,
) -> Result<(), Error> {
    if map.contains_key(&key) {
        return Err(Error::at(
            file,
            node.position,
            format!("{key} is declared twice"),
        ));
    }
    map.insert(key, value);
    Ok(())
}

/// Adds the types of anonymous field elements; the same dictionary entry type declared in two
/// places with the same content is one type.
fn insert_anonymous(
    file: &str,
    node: &Node,
    map: &mut BTreeMap<QName, ComplexType>,
    types: Vec<ComplexType>,
) -> Result<(), Error> {
    for ct in types {
        match map.get(&ct.name) {
            Some(existing) if *existing == ct => {}
            _ => insert_unique(file, node, map, ct.name.clone(), ct)?,
        }
    }
    Ok(())
}

/// `anonymous` collects the inline complex types of field elements (WCF dictionaries:
/// `ArrayOfKeyValueOfstringstring` > `KeyValueOfstringstring` > Key, Value), each named after
/// its element.
fn complex_type(
    file: &str,
    name: QName,
    node: &Node,
    anonymous: &mut Vec<ComplexType>,
) -> Result<ComplexType, Error> {
    let mut ct = ComplexType {
        name,
        base: None,
        fields: Vec::new(),
        is_abstract: node.attr("abstract") == Some("true"),
    };
    let mut body = node;
    if let Some(content) = node.child(XSD_NS, "complexContent") {
        let ext = content.child(XSD_NS, "extension").ok_or_else(|| {
            Error::at(
                file,
                content.position,
                format!(
                    "complexType {}: only xs:extension is supported in complexContent",
                    ct.name.name
                ),
            )
        })?;
        ct.base = Some(
            ext.qname("base")
                .cloned()
                .ok_or_else(|| Error::at(file, ext.position, "xs:extension has no base".into()))?,
        );
        body = ext;
    }
    for child in &body.children {
        match (child.ns.as_str(), child.local.as_str()) {
            (XSD_NS, "sequence") => {
                for el in &child.children {
                    if !el.is(XSD_NS, "element") {
                        return Err(Error::at(
                            file,
                            el.position,
                            format!(
                                "complexType {}: unsupported particle {}",
                                ct.name.name, el.local
                            ),
                        ));
                    }
                    ct.fields.push(field(file, &ct.name.ns, el, anonymous)?);
                }
            }
            (XSD_NS, "annotation") | (XSD_NS, "attribute") => {}
            (XSD_NS, "complexContent") => {}
            (_, other) => {
                return Err(Error::at(
                    file,
                    child.position,
                    format!("complexType {}: unsupported content {other}", ct.name.name),
                ));
            }
        }
    }
    Ok(ct)
}

fn field(
    file: &str,
    ns: &str,
    el: &Node,
    anonymous: &mut Vec<ComplexType>,
) -> Result<Field, Error> {
    let name = required_attr(file, el, "name")?.to_string();
    let ty = match (el.qname("type"), el.child(XSD_NS, "complexType")) {
        (Some(ty), _) => ty.clone(),
        (None, Some(inline)) => {
            let ct = complex_type(file, QName::new(ns, name.clone()), inline, anonymous)?;
            let ty = ct.name.clone();
            anonymous.push(ct);
            ty
        }
        (None, None) => {
            return Err(Error::at(
                file,
                el.position,
                format!("element {name} has neither a type nor an inline complexType"),
            ))
        }
    };
    let occurs = |attr: &str, default: u32| -> Result<u32, Error> {
        match el.attr(attr) {
            None => Ok(default),
            Some("unbounded") => Ok(u32::MAX),
            Some(v) => v.parse().map_err(|_| {
                Error::at(
                    file,
                    el.position,
                    format!("element {name}: {attr}={v:?} is not a number"),
                )
            }),
        }
    };
    Ok(Field {
        ns: ns.to_string(),
        ty,
        min_occurs: occurs("minOccurs", 1)?,
        unbounded: occurs("maxOccurs", 1)? > 1,
        nillable: el.attr("nillable") == Some("true"),
        emit_default: !omits_default(el),
        name,
    })
}

/// Whether the element's annotation carries WCF's
/// `<DefaultValue EmitDefaultValue="false" xmlns="http://schemas.microsoft.com/2003/10/Serialization/"/>`.
fn omits_default(el: &Node) -> bool {
    const SERIALIZATION_NS: &str = "http://schemas.microsoft.com/2003/10/Serialization/";
    el.children(XSD_NS, "annotation")
        .flat_map(|a| a.children(XSD_NS, "appinfo"))
        .flat_map(|i| i.children(SERIALIZATION_NS, "DefaultValue"))
        .any(|d| d.attr("EmitDefaultValue") == Some("false"))
}

fn simple_type(file: &str, name: QName, node: &Node) -> Result<SimpleType, Error> {
    let enum_values = |restriction: &Node| -> Vec<String> {
        restriction
            .children(XSD_NS, "enumeration")
            .filter_map(|e| e.attr("value").map(str::to_string))
            .collect()
    };
    if let Some(list) = node.child(XSD_NS, "list") {
        let restriction = list
            .child(XSD_NS, "simpleType")
            .and_then(|s| s.child(XSD_NS, "restriction"))
            .ok_or_else(|| {
                Error::at(
                    file,
                    list.position,
                    format!(
                        "simpleType {}: only xs:list of an inline enumeration is supported",
                        name.name
                    ),
                )
            })?;
        return Ok(SimpleType::Flags {
            name,
            values: enum_values(restriction),
        });
    }
    let restriction = node.child(XSD_NS, "restriction").ok_or_else(|| {
        Error::at(
            file,
            node.position,
            format!(
                "simpleType {}: only xs:restriction and xs:list are supported",
                name.name
            ),
        )
    })?;
    let values = enum_values(restriction);
    if !values.is_empty() {
        return Ok(SimpleType::Enum { name, values });
    }
    let base = restriction.qname("base").cloned().ok_or_else(|| {
        Error::at(
            file,
            restriction.position,
            format!("simpleType {}: restriction has no base", name.name),
        )
    })?;
    Ok(SimpleType::Restriction { name, base })
}

/// Every referenced type must be declared (or be an XSD built-in), so the emitter never guesses.
fn check_references(file: &str, wsdl: &Wsdl) -> Result<(), Error> {
    let known = |q: &QName| {
        q.ns == XSD_NS || wsdl.complex_types.contains_key(q) || wsdl.simple_types.contains_key(q)
    };
    for ct in wsdl.complex_types.values() {
        for f in &ct.fields {
            if !known(&f.ty) {
                return Err(Error::new(
                    file,
                    format!(
                        "field {}.{} refers to undeclared type {}",
                        ct.name.name, f.name, f.ty
                    ),
                ));
            }
        }
        if let Some(base) = &ct.base {
            if !wsdl.complex_types.contains_key(base) {
                return Err(Error::new(
                    file,
                    format!(
                        "complexType {} extends undeclared type {base}",
                        ct.name.name
                    ),
                ));
            }
        }
    }
    // A derivation chain that loops would send the emitter round it forever.
    let loops = |start: &QName, base_of: &dyn Fn(&QName) -> Option<QName>| {
        let mut seen = vec![start.clone()];
        let mut cur = base_of(start);
        while let Some(q) = cur {
            if seen.contains(&q) {
                // Back at the start, or in a loop of other types (each reported as itself).
                return q == *start;
            }
            cur = base_of(&q);
            seen.push(q);
        }
        false
    };
    let complex_base = |q: &QName| wsdl.complex_types.get(q).and_then(|t| t.base.clone());
    let simple_base = |q: &QName| match wsdl.simple_types.get(q) {
        Some(SimpleType::Restriction { base, .. }) => Some(base.clone()),
        _ => None,
    };
    for name in wsdl.complex_types.keys() {
        if loops(name, &complex_base) {
            return Err(Error::new(
                file,
                format!("complexType {} derives from itself", name.name),
            ));
        }
    }
    for name in wsdl.simple_types.keys() {
        if loops(name, &simple_base) {
            return Err(Error::new(
                file,
                format!("simpleType {} restricts itself", name.name),
            ));
        }
    }
    for el in wsdl.elements.values() {
        if !known(&el.ty) {
            return Err(Error::new(
                file,
                format!(
                    "element {} refers to undeclared type {}",
                    el.name.name, el.ty
                ),
            ));
        }
    }
    Ok(())
}

/// The text of a node's `xs:annotation/xs:documentation` (or `wsdl:documentation`), each
/// line trimmed; `None` when there is none.
fn documentation(node: &Node) -> Option<String> {
    let texts: Vec<&str> = node
        .children(XSD_NS, "annotation")
        .flat_map(|a| a.children(XSD_NS, "documentation"))
        .chain(node.children(WSDL_NS, "documentation"))
        .map(|d| d.text.as_str())
        .collect();
    let text = texts
        .join("\n\n")
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Gathers the documentation a schema carries: of each named (or element-named) complex and
/// simple type, of its elements and of its enumeration values.
fn collect_documentation(
    node: &Node,
    name: Option<&str>,
    outer_doc: Option<String>,
    docs: &mut crate::docs::Docs,
) {
    let own = |node: &Node| node.attr("name").map(str::to_string);
    match (node.ns.as_str(), node.local.as_str()) {
        (XSD_NS, "complexType") | (XSD_NS, "simpleType") => {
            let Some(type_name) = own(node).or_else(|| name.map(str::to_string)) else {
                return;
            };
            let mut entry = crate::docs::TypeDoc {
                summary: documentation(node)
                    .or(outer_doc)
                    .map(|d| crate::docs::rustdoc_text(&d))
                    .unwrap_or_default(),
                ..Default::default()
            };
            let mut stack = vec![node];
            while let Some(n) = stack.pop() {
                for child in &n.children {
                    match (child.ns.as_str(), child.local.as_str()) {
                        (XSD_NS, "element") => {
                            let Some(field) = child.attr("name") else {
                                continue;
                            };
                            if let Some(doc) = documentation(child) {
                                let doc = crate::docs::rustdoc_text(&doc);
                                entry.members.insert(field.to_string(), doc);
                            }
                            for inline in child.children(XSD_NS, "complexType") {
                                collect_documentation(inline, Some(field), None, docs);
                            }
                        }
                        (XSD_NS, "enumeration") => {
                            if let (Some(value), Some(doc)) =
                                (child.attr("value"), documentation(child))
                            {
                                let doc = crate::docs::rustdoc_text(&doc);
                                entry.members.insert(value.to_string(), doc);
                            }
                        }
                        (XSD_NS, "annotation") => {}
                        _ => stack.push(child),
                    }
                }
            }
            if !entry.summary.is_empty() || !entry.members.is_empty() {
                docs.types.insert(type_name, entry);
            }
        }
        (XSD_NS, "element") => {
            let element = own(node);
            for inline in node.children(XSD_NS, "complexType") {
                collect_documentation(inline, element.as_deref(), documentation(node), docs);
            }
        }
        _ => {
            for child in &node.children {
                collect_documentation(child, None, None, docs);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"<?xml version="1.0"?>
<wsdl:definitions name="Mini" targetNamespace="urn:svc" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="urn:svc">
  <wsdl:types>
    <xs:schema elementFormDefault="qualified" targetNamespace="urn:svc" xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:element name="PingRequest"><xs:complexType><xs:sequence>
        <xs:element minOccurs="0" name="Thing" nillable="true" type="q1:Thing" xmlns:q1="urn:ent" />
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="PingResponse"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
    </xs:schema>
    <xs:schema elementFormDefault="qualified" targetNamespace="urn:ent" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:ent">
      <xs:complexType name="Thing"><xs:sequence>
        <xs:element minOccurs="0" name="Id" type="xs:long" />
      </xs:sequence></xs:complexType>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="PingRequest"><wsdl:part name="parameters" element="tns:PingRequest" /></wsdl:message>
  <wsdl:message name="PingResponse"><wsdl:part name="parameters" element="tns:PingResponse" /></wsdl:message>
  <wsdl:portType name="IMini">
    <wsdl:operation name="Ping">
      <wsdl:input message="tns:PingRequest" /><wsdl:output message="tns:PingResponse" />
    </wsdl:operation>
  </wsdl:portType>
</wsdl:definitions>"#;

    #[test]
    fn inline_prefixes_resolve_where_they_stand() {
        let wsdl = parse_wsdl("mini.wsdl", MINI.as_bytes()).unwrap();
        let req = &wsdl.complex_types[&QName::new("urn:svc", "PingRequest")];
        assert_eq!(req.fields[0].ty, QName::new("urn:ent", "Thing"));
        assert_eq!(req.fields[0].ns, "urn:svc");
        assert!(req.fields[0].nillable);
        assert_eq!(wsdl.operations[0].name, "Ping");
        assert_eq!(wsdl.operations[0].soap_action, "Ping");
        assert_eq!(wsdl.schema_namespaces, ["urn:svc", "urn:ent"]);
    }

    #[test]
    fn anonymous_field_types_become_named_types() {
        let dictionary = r#"<xs:complexType name="Thing"><xs:sequence>
        <xs:element minOccurs="0" name="Id" type="xs:long" />
        <xs:element minOccurs="0" name="Map" nillable="true" type="tns:ArrayOfKeyValueOfstringstring" />
      </xs:sequence></xs:complexType>
      <xs:complexType name="ArrayOfKeyValueOfstringstring"><xs:sequence>
        <xs:element minOccurs="0" maxOccurs="unbounded" name="KeyValueOfstringstring"><xs:complexType><xs:sequence>
          <xs:element name="Key" nillable="true" type="xs:string" /><xs:element name="Value" nillable="true" type="xs:string" />
        </xs:sequence></xs:complexType></xs:element>
      </xs:sequence></xs:complexType>"#;
        let doc = MINI.replace(
            r#"<xs:complexType name="Thing"><xs:sequence>
        <xs:element minOccurs="0" name="Id" type="xs:long" />
      </xs:sequence></xs:complexType>"#,
            dictionary,
        );
        assert_ne!(doc, MINI);
        let wsdl = parse_wsdl("mini.wsdl", doc.as_bytes()).unwrap();
        let entry = &wsdl.complex_types[&QName::new("urn:ent", "KeyValueOfstringstring")];
        assert_eq!(
            entry
                .fields
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>(),
            ["Key", "Value"]
        );
        let item = wsdl
            .array_item(&QName::new("urn:ent", "ArrayOfKeyValueOfstringstring"))
            .unwrap();
        assert_eq!(item.ty, QName::new("urn:ent", "KeyValueOfstringstring"));
    }

    #[test]
    fn undeclared_prefix_names_file_and_attribute() {
        let broken = MINI.replace(
            r#"type="q1:Thing" xmlns:q1="urn:ent""#,
            r#"type="q9:Thing""#,
        );
        let e = parse_wsdl("mini.wsdl", broken.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("mini.wsdl"), "{e}");
        assert!(
            e.contains(r#"type="q9:Thing" uses undeclared prefix q9"#),
            "{e}"
        );
        // An element name with an undeclared prefix is named too.
        let broken = MINI.replacen("<wsdl:types>", "<wsdl:types><q8:junk/>", 1);
        assert_ne!(broken, MINI);
        let e = parse_wsdl("mini.wsdl", broken.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.contains("undeclared namespace prefix q8"), "{e}");
    }

    #[test]
    fn undeclared_type_is_an_error() {
        let broken = MINI.replace(
            r#"name="Id" type="xs:long""#,
            r#"name="Id" type="tns:Nope""#,
        );
        let e = parse_wsdl("mini.wsdl", broken.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.contains("Thing.Id") && e.contains("Nope"), "{e}");
    }

    #[test]
    fn truncated_document_is_an_error() {
        let e = parse_wsdl("mini.wsdl", &MINI.as_bytes()[..400])
            .unwrap_err()
            .to_string();
        assert!(e.contains("mini.wsdl"), "{e}");
    }

    #[test]
    fn doctype_is_refused() {
        let doc = MINI.replacen(
            "<?xml version=\"1.0\"?>",
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]>",
            1,
        );
        let e = parse_wsdl("mini.wsdl", doc.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.contains("DOCTYPE"), "{e}");
    }
}
