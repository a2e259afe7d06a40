//! Helpers shared by the integration tests: an XML outline (names, namespaces, order, text)
//! and an indenting pretty-printer for snapshots. Both use quick-xml directly, not the code
//! under test.
#![allow(dead_code)]

pub mod cli;
pub mod idp;
pub mod server;
pub mod users_seed;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// One element of a document: its depth, namespace, local name and text (when it has any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub depth: usize,
    pub ns: String,
    pub local: String,
    pub text: Option<String>,
}

impl Node {
    /// Depth, namespace and name: what must agree between two documents of the same shape.
    pub fn key(&self) -> String {
        format!("{}{{{}}}{}", "  ".repeat(self.depth), self.ns, self.local)
    }
}

/// Every element in document order.
pub fn outline(xml: &[u8]) -> Vec<Node> {
    let mut r = NsReader::from_reader(xml);
    let mut out: Vec<Node> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    loop {
        let (ns, event) = r.read_resolved_event().expect("well-formed XML");
        let ns = match ns {
            ResolveResult::Bound(ns) => String::from_utf8(ns.into_inner().to_vec()).unwrap(),
            _ => String::new(),
        };
        match event {
            Event::Start(e) => {
                let local = String::from_utf8(e.local_name().into_inner().to_vec()).unwrap();
                out.push(Node {
                    depth: stack.len(),
                    ns,
                    local,
                    text: None,
                });
                stack.push(out.len() - 1);
            }
            Event::Empty(e) => {
                let local = String::from_utf8(e.local_name().into_inner().to_vec()).unwrap();
                out.push(Node {
                    depth: stack.len(),
                    ns,
                    local,
                    text: None,
                });
            }
            Event::Text(t) => {
                let text = t.decode().unwrap().into_owned();
                if let Some(&i) = stack.last() {
                    if !text.trim().is_empty() || out[i].text.is_some() {
                        out[i].text.get_or_insert_with(String::new).push_str(&text);
                    }
                }
            }
            Event::GeneralRef(g) => {
                let name = g.decode().unwrap().into_owned();
                let resolved = match g.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&name)
                        .unwrap()
                        .to_string(),
                };
                if let Some(&i) = stack.last() {
                    out[i]
                        .text
                        .get_or_insert_with(String::new)
                        .push_str(&resolved);
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The outline below the first element named `local` (exclusive), with depths made relative.
pub fn subtree(nodes: &[Node], local: &str) -> Vec<Node> {
    let Some(start) = nodes.iter().position(|n| n.local == local) else {
        return Vec::new();
    };
    let depth = nodes[start].depth;
    nodes[start + 1..]
        .iter()
        .take_while(|n| n.depth > depth)
        .map(|n| Node {
            depth: n.depth - depth - 1,
            ..n.clone()
        })
        .collect()
}

/// Keys with repeated list items collapsed: a sibling subtree identical in shape to the one
/// before it is dropped (our samples hold two items where the documentation shows one).
pub fn collapsed_keys(nodes: &[Node]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    let mut last_sibling: Vec<Option<(usize, Vec<String>)>> = Vec::new();
    while i < nodes.len() {
        let depth = nodes[i].depth;
        let end = i
            + 1
            + nodes[i + 1..]
                .iter()
                .take_while(|n| n.depth > depth)
                .count();
        let keys: Vec<String> = nodes[i..end].iter().map(Node::key).collect();
        last_sibling.truncate(depth + 1);
        last_sibling.resize(depth + 1, None);
        if matches!(&last_sibling[depth], Some((_, prev)) if *prev == keys) {
            i = end;
            continue;
        }
        last_sibling[depth] = Some((i, keys));
        out.push(nodes[i].key());
        i += 1;
    }
    out
}

/// Indents a compact document, one element per line, for snapshots a person can read.
pub fn pretty(xml: &[u8]) -> String {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut writer = quick_xml::Writer::new_with_indent(Vec::new(), b' ', 2);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            e => writer.write_event(e).unwrap(),
        }
    }
    String::from_utf8(writer.into_inner()).unwrap()
}

/// The lines `reader` (a child process's output) gives, read on a thread of their own, so that
/// a test waits for a line with `recv_timeout` and fails, rather than hangs, when none comes.
pub fn lines_of(reader: impl std::io::Read + Send + 'static) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead as _;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(reader).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// How long a test waits for a child process's line (a loaded CI runner is slow, never this slow).
pub const LINE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);
