//! Conformance with the official documentation's SOAP templates (tests/fixtures/docs-templates,
//! copied from MicrosoftDocs/Advertising-docs; see its SOURCES.md for provenance and licence).
//!
//! Requests: the body of our fully populated request has the same element names, namespaces
//! and order as the template. Responses: the template, with each `ValueHere` replaced by a
//! valid value of that element's type, parses, and writing the parsed value back yields every
//! element of the template (none was dropped as unknown).

mod common;

use std::collections::HashMap;
use std::path::Path;

use bingads::dynamic::Service;
use bingads::model::RequestHeaders;
use bingads::soap::EnvelopeOptions;
use common::{collapsed_keys, outline, subtree, Node};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/docs-templates");

fn templates(version: &str, suffix: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(FIXTURES).join(version);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            let name = path
                .file_name()?
                .to_str()?
                .strip_suffix(suffix)?
                .to_string();
            Some((name, std::fs::read(&path).unwrap()))
        })
        .collect();
    out.sort();
    out
}

fn service(version: &str) -> &'static Service {
    match version {
        "v12" => &bingads::v12::customer_management::SERVICE,
        _ => &bingads::v13::customer_management::SERVICE,
    }
}

fn body_keys(xml: &[u8]) -> Vec<String> {
    collapsed_keys(&subtree(&outline(xml), "Body"))
}

/// Elements the WSDL (SDK 13.0.30.1) has and the documentation snapshot (2024-11) does not
/// show yet: the service added them after the pages were last edited. Everything else must match.
/// Each was checked against `wsdl/v13/CustomerManagementService.wsdl`.
const NEWER_THAN_DOCS: &[&str] = &[
    "v13 AddAccount Account/ParentCustomerNumber",
    "v13 AddClientLinks ClientLink/ClientEntityCustomerNumber",
    "v13 SignupCustomer Account/ParentCustomerNumber",
    "v13 SignupCustomer SignupCustomerRequest/User",
    "v13 UpdateAccount Account/ParentCustomerNumber",
    "v13 UpdateClientLinks ClientLink/ClientEntityCustomerNumber",
    "v13 UpdateUser User/AuthenticationToken",
];

/// `docs` must be an ordered subsequence of `ours`; returns the elements only we have (the
/// top of each extra subtree, as `Parent/Element`).
fn extras(ours: &[String], docs: &[String]) -> Result<Vec<String>, String> {
    let depth = |k: &str| k.len() - k.trim_start().len();
    let local = |k: &str| k.rsplit('}').next().unwrap_or(k).to_string();
    let mut extra = Vec::new();
    let mut d = docs.iter().peekable();
    let mut inside_extra: Option<usize> = None;
    let mut parents: Vec<String> = Vec::new();
    for key in ours {
        let level = depth(key) / 2;
        parents.truncate(level);
        if inside_extra.is_some_and(|top| level > top) {
            parents.push(local(key));
            continue;
        }
        inside_extra = None;
        if d.peek() == Some(&key) {
            d.next();
        } else {
            extra.push(format!(
                "{}/{}",
                parents.last().map_or("", String::as_str),
                local(key)
            ));
            inside_extra = Some(level);
        }
        parents.push(local(key));
    }
    match d.next() {
        None => Ok(extra),
        Some(missing) => Err(format!(
            "the documentation has {} where we have nothing in that place",
            missing.trim()
        )),
    }
}

#[test]
fn request_bodies_match_the_documentation() {
    let mut problems = Vec::new();
    for (version, expected) in [("v12", 26), ("v13", 29)] {
        let docs = templates(version, ".request.xml");
        assert_eq!(docs.len(), expected, "{version} request templates");
        for (op_name, template) in docs {
            let op = service(version)
                .operation(&op_name)
                .unwrap_or_else(|| panic!("{version} {op_name} not generated"));
            let ours = (op.samples().request_envelope)(
                &RequestHeaders::default(),
                &EnvelopeOptions::default(),
            );
            match extras(&body_keys(&ours), &body_keys(&template)) {
                Ok(extra) => problems.extend(
                    extra
                        .into_iter()
                        .map(|e| format!("{version} {op_name} {e}"))
                        .filter(|e| !NEWER_THAN_DOCS.contains(&e.as_str())),
                ),
                Err(e) => problems.push(format!("{version} {op_name}: {e}")),
            }
        }
    }
    assert!(
        problems.is_empty(),
        "request bodies differ from the documentation:\n{}",
        problems.join("\n")
    );
}

/// Text of every element of our sample, by element path, to fill the template's `ValueHere`.
fn values_by_path(nodes: &[Node]) -> HashMap<String, String> {
    let mut path: Vec<String> = Vec::new();
    let mut out = HashMap::new();
    for n in nodes {
        path.truncate(n.depth);
        path.push(format!("{{{}}}{}", n.ns, n.local));
        if let Some(text) = &n.text {
            out.entry(path.join("/")).or_insert_with(|| text.clone());
        }
    }
    out
}

/// Replaces each `ValueHere` with the value our sample has at the same path.
fn fill_template(template: &[u8], values: &HashMap<String, String>) -> Result<Vec<u8>, String> {
    let nodes = outline(template);
    let mut path: Vec<String> = Vec::new();
    let mut fills = Vec::new();
    for n in &nodes {
        path.truncate(n.depth);
        path.push(format!("{{{}}}{}", n.ns, n.local));
        if n.text.as_deref() == Some("ValueHere") {
            let key = path.join("/");
            let value = values
                .get(&key)
                .ok_or_else(|| format!("the template has {key}, which our response does not"))?;
            fills.push(quick_xml::escape::escape(value.as_str()).into_owned());
        }
    }
    let text = String::from_utf8(template.to_vec()).unwrap();
    let mut pieces = text.split("ValueHere");
    let mut out = pieces.next().unwrap().to_string();
    for (piece, fill) in pieces.zip(fills) {
        out.push_str(&fill);
        out.push_str(piece);
    }
    Ok(out.into_bytes())
}

#[test]
fn response_templates_parse_with_every_element_accounted_for() {
    for (version, expected) in [("v12", 26), ("v13", 29)] {
        let docs = templates(version, ".response.xml");
        assert_eq!(docs.len(), expected, "{version} response templates");
        for (op_name, template) in docs {
            let op = service(version).operation(&op_name).unwrap();
            let ours = (op.samples().response_envelope)(Some("tracking"));
            let values = values_by_path(&outline(&ours));
            let filled = fill_template(&template, &values)
                .unwrap_or_else(|e| panic!("{version} {op_name}: {e}"));
            let reread = (op.samples().reserialize_response)(&filled).unwrap_or_else(|e| {
                panic!("{version} {op_name}: the filled template does not parse: {e}")
            });
            assert_eq!(
                body_keys(&reread),
                body_keys(&filled),
                "{version} {op_name}: an element of the template was not read"
            );
            let parsed = op.parse_to_json(&filled, &Default::default()).unwrap();
            // The template's header is `<TrackingId>` in the default namespace; ours wrote
            // `<h:TrackingId xmlns:h=…>`: found either way.
            assert_eq!(
                parsed.tracking_id.as_deref(),
                Some("tracking"),
                "{version} {op_name}"
            );
        }
    }
}
