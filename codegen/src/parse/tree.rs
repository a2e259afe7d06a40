//! The document tree: every element with its attributes, its QName-valued attributes resolved
//! while its namespace bindings are in scope, and its character data.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{QName as XmlQName, ResolveResult};
use quick_xml::reader::NsReader;

use crate::model::QName;
use crate::Error;

/// Attributes whose values are QNames and must be resolved where they stand.
const QNAME_ATTRIBUTES: &[&str] = &[
    "type", "base", "element", "message", "binding", "itemType", "ref",
];

#[derive(Debug)]
pub(super) struct Node {
    pub(super) ns: String,
    pub(super) local: String,
    pub(super) position: u64,
    pub(super) attrs: Vec<(String, String)>,
    pub(super) qnames: Vec<(String, QName)>,
    pub(super) children: Vec<Node>,
    /// Character data directly inside (what `xs:documentation` holds).
    pub(super) text: String,
}

impl Node {
    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn qname(&self, name: &str) -> Option<&QName> {
        self.qnames.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    pub(super) fn is(&self, ns: &str, local: &str) -> bool {
        self.ns == ns && self.local == local
    }

    pub(super) fn children<'a, 'b>(
        &'a self,
        ns: &'b str,
        local: &'b str,
    ) -> impl Iterator<Item = &'a Node> + use<'a, 'b> {
        self.children.iter().filter(move |c| c.is(ns, local))
    }

    pub(super) fn child(&self, ns: &str, local: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.is(ns, local))
    }
}

pub(super) fn read_tree(file: &str, bytes: &[u8]) -> Result<Node, Error> {
    let mut reader = NsReader::from_reader(bytes);
    reader.config_mut().expand_empty_elements = true;
    let mut stack: Vec<Node> = Vec::new();
    loop {
        let position = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            Error::at(
                file,
                reader.error_position(),
                format!("XML syntax error: {e}"),
            )
        })?;
        match event {
            Event::Start(start) => stack.push(node(file, &reader, &start, position)?),
            Event::End(_) => {
                let done = stack
                    .pop()
                    .ok_or_else(|| Error::at(file, position, "unbalanced end tag".into()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Ok(done),
                }
            }
            Event::Text(text) => {
                if let (Some(parent), Ok(text)) = (stack.last_mut(), text.decode()) {
                    let text = quick_xml::escape::unescape(&text)
                        .map(|t| t.into_owned())
                        .unwrap_or_else(|_| text.into_owned());
                    parent.text.push_str(&text);
                }
            }
            Event::CData(data) => {
                if let (Some(parent), Ok(text)) = (stack.last_mut(), std::str::from_utf8(&data)) {
                    parent.text.push_str(text);
                }
            }
            Event::GeneralRef(entity) => {
                // `&amp;` and friends arrive as references in quick-xml 0.38.
                if let (Some(parent), Ok(name)) = (stack.last_mut(), entity.decode()) {
                    let text = match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    };
                    parent.text.push_str(text);
                }
            }
            Event::DocType(_) => {
                return Err(Error::at(
                    file,
                    position,
                    "DOCTYPE declarations are refused".into(),
                ))
            }
            Event::Eof => {
                return Err(Error::at(
                    file,
                    position,
                    "unexpected end of document".into(),
                ))
            }
            _ => {}
        }
    }
}

fn node(
    file: &str,
    reader: &NsReader<&[u8]>,
    start: &BytesStart<'_>,
    position: u64,
) -> Result<Node, Error> {
    let utf8 = |b: &[u8]| {
        std::str::from_utf8(b)
            .map(str::to_string)
            .map_err(|_| Error::at(file, position, "name or value is not UTF-8".into()))
    };
    // The namespace a prefix is bound to, or an error naming `what` used the undeclared prefix.
    let namespace = |resolved: ResolveResult<'_>, what: &dyn Fn(&str) -> String| match resolved {
        ResolveResult::Bound(ns) => utf8(ns.as_ref()),
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(prefix) => Err(Error::at(
            file,
            position,
            what(&String::from_utf8_lossy(&prefix)),
        )),
    };
    let (resolved, local) = reader.resolve_element(start.name());
    let ns = namespace(resolved, &|prefix| {
        format!("undeclared namespace prefix {prefix}")
    })?;
    let mut out = Node {
        ns,
        local: utf8(local.as_ref())?,
        position,
        attrs: Vec::new(),
        qnames: Vec::new(),
        children: Vec::new(),
        text: String::new(),
    };
    for attr in start.attributes() {
        let attr = attr.map_err(|e| Error::at(file, position, format!("bad attribute: {e}")))?;
        let key = utf8(attr.key.as_ref())?;
        let value = attr
            .unescape_value()
            .map_err(|e| Error::at(file, position, format!("bad attribute value: {e}")))?
            .into_owned();
        if QNAME_ATTRIBUTES.contains(&key.as_str()) && !key.contains(':') {
            let (resolved, local) = reader.resolve_element(XmlQName(value.as_bytes()));
            let ns = namespace(resolved, &|prefix| {
                format!("{key}=\"{value}\" uses undeclared prefix {prefix}")
            })?;
            out.qnames
                .push((key.clone(), QName::new(ns, utf8(local.as_ref())?)));
        }
        out.attrs.push((key, value));
    }
    Ok(out)
}
