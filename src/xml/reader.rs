use std::borrow::Cow;

use super::scan::{decode_attr, decode_cdata, decode_text, same, Scanner, Token};
use super::XmlPoly;
use super::{
    Namespaces, Ns, XmlComplex, XmlError, XmlErrorKind, XmlText, SOAP12_ENV_NS, SOAP_ENV_NS, XSI_NS,
};

/// Bounds on what one response may cost to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest body read, in bytes. Default 64 MiB (a 5,000-account GetAccountsInfo is ~1 MB).
    pub max_body_bytes: usize,
    /// Deepest element nesting. Default 64 (Customer Management bodies nest about 10 deep).
    pub max_depth: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 64 * 1024 * 1024,
            max_depth: 64,
        }
    }
}

/// A child element the reader has just entered. The generated code matches on
/// `(ns, local)` and hands the child back to exactly one of [`XmlReader::text`],
/// [`XmlReader::complex`], [`XmlReader::list`] or [`XmlReader::skip`].
#[derive(Debug, Clone)]
pub struct Child<'a> {
    /// The element's namespace.
    pub ns: Ns,
    /// The element's local name, as bytes.
    pub local: &'a [u8],
    /// `i:nil="true"`.
    pub nil: bool,
    /// `i:type`, resolved where it stood: the namespace of its prefix and the type name.
    pub xsi_type: Option<(Ns, &'a str)>,
    /// Byte offset of the start tag.
    pub position: u64,
}

impl Child<'_> {
    /// The local name as text (invalid UTF-8 replaced).
    pub fn name(&self) -> String {
        String::from_utf8_lossy(self.local).into_owned()
    }
}

/// A pull reader over a complete body held in memory. Text is borrowed from the body where it
/// needs no unescaping.
pub struct XmlReader<'a> {
    scan: Scanner<'a>,
    input: &'a [u8],
    /// The same bytes, checked as UTF-8 once, so text is sliced out without re-validation.
    text: &'a str,
    namespaces: &'static Namespaces,
    limits: Limits,
    depth: u32,
    /// The element last returned by `next_child` was `<x/>`: it has no content to read.
    pending_empty: bool,
    /// URI of the last namespace that resolved to [`Ns::UNKNOWN`], for error messages.
    last_unknown_ns: Option<String>,
    /// In-scope `xmlns` declarations, innermost last. Each URI is interned once, where it is
    /// declared, so resolving an element is a short scan of a few prefixes.
    bindings: Vec<Binding<'a>>,
    /// Bumped whenever `bindings` changes, so a cached resolution knows it is stale.
    scope: u32,
    /// Resolutions of the empty and the one-letter prefixes (what services write: `s:`, `a:`,
    /// `i:`), by their byte, each valid while its scope stamp is current.
    resolved: [(u32, Ns); 128],
    /// Attributes of the current tag (reused, so reading allocates nothing per element).
    attrs: Vec<(&'a [u8], &'a [u8])>,
}

struct Binding<'a> {
    /// Empty for the default namespace.
    prefix: &'a [u8],
    ns: Ns,
    uri: Cow<'a, str>,
    /// The element depth that declared it; it goes out of scope when that element ends.
    depth: u32,
}

impl<'a> XmlReader<'a> {
    /// Fails at once on a body over the size limit or an empty one.
    pub fn new(
        input: &'a [u8],
        namespaces: &'static Namespaces,
        limits: Limits,
    ) -> Result<Self, XmlError> {
        if input.len() > limits.max_body_bytes {
            return Err(XmlError::new(
                XmlErrorKind::SizeLimit {
                    limit: limits.max_body_bytes,
                    actual: input.len(),
                },
                0,
            ));
        }
        if input.iter().all(u8::is_ascii_whitespace) {
            return Err(XmlError::new(XmlErrorKind::Empty, 0));
        }
        // A UTF-8 byte order mark is allowed; positions count from after it.
        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        let text = std::str::from_utf8(input)
            .map_err(|e| XmlError::new(XmlErrorKind::NotUtf8, e.valid_up_to() as u64))?;
        Ok(XmlReader {
            scan: Scanner::new(input),
            input,
            text,
            namespaces,
            limits,
            depth: 0,
            pending_empty: false,
            last_unknown_ns: None,
            bindings: Vec::new(),
            scope: 1,
            resolved: [(0, Ns::UNKNOWN); 128],
            attrs: Vec::new(),
        })
    }

    /// The service's namespace table the reader resolves against.
    pub fn namespaces(&self) -> &'static Namespaces {
        self.namespaces
    }

    /// The URI for a namespace index, including one the service does not declare.
    pub fn namespace_uri(&self, ns: Ns) -> String {
        match (ns, &self.last_unknown_ns) {
            (Ns::UNKNOWN, Some(uri)) => uri.clone(),
            _ => self.namespaces.uri(ns).to_string(),
        }
    }

    /// The current byte offset.
    pub fn position(&self) -> u64 {
        self.scan.position() as u64
    }

    /// The raw bytes between two offsets (used to keep an unknown fault detail as XML).
    pub fn slice(&self, start: u64, end: u64) -> &'a [u8] {
        let len = self.input.len();
        let end = (end as usize).min(len);
        &self.input[(start as usize).min(end)..end]
    }

    fn err(&self, kind: XmlErrorKind) -> XmlError {
        XmlError::new(kind, self.position())
    }

    #[inline]
    fn read_token(&mut self) -> Result<Token<'a>, XmlError> {
        self.scan.next()
    }

    #[inline]
    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.pop_bindings();
    }

    #[inline]
    fn enter(&mut self) -> Result<(), XmlError> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(self.err(XmlErrorKind::DepthLimit {
                limit: self.limits.max_depth,
            }));
        }
        Ok(())
    }

    fn intern(&self, uri: &str) -> Ns {
        if let Some(i) = self.namespaces.uris.iter().position(|u| *u == uri) {
            return Ns(i as u8);
        }
        match uri {
            SOAP_ENV_NS => Ns::SOAP_ENV,
            XSI_NS => Ns::XSI,
            SOAP12_ENV_NS => Ns::SOAP12_ENV,
            "" => Ns::NONE,
            _ => Ns::UNKNOWN,
        }
    }

    /// The namespace of a prefix: a scan of the few declarations in scope, innermost first.
    #[inline(always)]
    fn resolve(&mut self, prefix: &[u8], position: u64) -> Result<Ns, XmlError> {
        // The empty prefix takes slot 0 (no prefix byte is NUL).
        let slot = match prefix {
            [] => Some(0),
            [b] if *b < 128 => Some(*b as usize),
            _ => None,
        };
        if let Some(slot) = slot {
            let (stamp, ns) = self.resolved[slot];
            if stamp == self.scope {
                return Ok(ns);
            }
        }
        for b in self.bindings.iter().rev() {
            if same(b.prefix, prefix) {
                if b.ns == Ns::UNKNOWN {
                    // Not cached: each use names its URI for error messages.
                    self.last_unknown_ns = Some(b.uri.to_string());
                } else if let Some(slot) = slot {
                    self.resolved[slot] = (self.scope, b.ns);
                }
                return Ok(b.ns);
            }
        }
        undeclared(prefix, position)
    }

    /// The declarations in scope changed: every cached resolution is stale.
    #[inline]
    fn rescope(&mut self) {
        if self.scope == u32::MAX {
            self.resolved = [(0, Ns::UNKNOWN); 128];
            self.scope = 0;
        }
        self.scope += 1;
    }

    /// Drops the declarations of elements that have ended.
    #[inline]
    fn pop_bindings(&mut self) {
        while self.bindings.last().is_some_and(|b| b.depth > self.depth) {
            self.bindings.pop();
            self.rescope();
        }
    }

    /// Builds the child for a start tag at `depth` (already entered for `<x>`, one below the
    /// current depth for `<x/>`): applies its `xmlns` declarations and reads `i:nil` /
    /// `i:type` from its attributes.
    fn child(
        &mut self,
        name: &'a [u8],
        local_start: usize,
        rest: &'a [u8],
        position: u64,
        depth: u32,
    ) -> Result<Child<'a>, XmlError> {
        let prefix = &name[..local_start.saturating_sub(1)];
        let local = &name[local_start..];
        let mut nil = false;
        let mut xsi_type = None;
        if rest.iter().any(|b| !b.is_ascii_whitespace()) {
            let mut attrs = std::mem::take(&mut self.attrs);
            attrs.clear();
            let scanned = scan_attributes(rest, &mut attrs);
            if let Err(message) = scanned {
                self.attrs = attrs;
                return Err(XmlError::new(XmlErrorKind::Syntax(message), position));
            }
            for &(key, value) in &attrs {
                let declared = match key {
                    b"xmlns" => Some(&b""[..]),
                    k if k.starts_with(b"xmlns:") => Some(&k[6..]),
                    _ => None,
                };
                if let Some(declared) = declared {
                    if self.bindings.len() >= MAX_BINDINGS {
                        self.attrs = attrs;
                        return Err(XmlError::new(
                            XmlErrorKind::Syntax(format!(
                                "more than {MAX_BINDINGS} namespace declarations in scope"
                            )),
                            position,
                        ));
                    }
                    let uri = decode_attr(self.str_at(value, position)?, position)?;
                    let ns = self.intern(&uri);
                    self.rescope();
                    self.bindings.push(Binding {
                        prefix: declared,
                        ns,
                        uri,
                        depth,
                    });
                }
            }
            for &(key, value) in &attrs {
                let (attr_prefix, attr_local) = split_qname(key);
                if attr_prefix.is_empty()
                    || attr_prefix == b"xmlns"
                    || !matches!(attr_local, b"nil" | b"type")
                {
                    continue;
                }
                if self.resolve(attr_prefix, position)? != Ns::XSI {
                    continue;
                }
                if attr_local == b"nil" {
                    nil = matches!(value, b"true" | b"1");
                } else {
                    let (type_prefix, type_name) = split_qname(value.trim_ascii());
                    let type_name = self.str_at(type_name, position)?;
                    xsi_type = Some((self.resolve(type_prefix, position)?, type_name));
                }
            }
            self.attrs = attrs;
        }
        let ns = self.resolve(prefix, position)?;
        Ok(Child {
            ns,
            local,
            nil,
            xsi_type,
            position,
        })
    }

    #[inline]
    fn start_child(
        &mut self,
        name: &'a [u8],
        local_start: usize,
        attrs: &'a [u8],
        empty: bool,
        position: u64,
    ) -> Result<Child<'a>, XmlError> {
        if empty {
            let child = self.child(name, local_start, attrs, position, self.depth + 1);
            self.pop_bindings();
            self.pending_empty = true;
            return child;
        }
        self.enter()?;
        self.child(name, local_start, attrs, position, self.depth)
    }

    /// Reads up to the first element of the document (the root), skipping the XML declaration,
    /// comments and processing instructions.
    pub fn root(&mut self) -> Result<Child<'a>, XmlError> {
        loop {
            let position = self.position();
            match self.read_token()? {
                Token::Start {
                    name,
                    local_start,
                    attrs,
                    empty,
                } => return self.start_child(name, local_start, attrs, empty, position),
                Token::Text { raw, .. } if raw.iter().all(u8::is_ascii_whitespace) => {}
                Token::Text { .. } | Token::CData(_) => {
                    return Err(XmlError::new(
                        XmlErrorKind::UnexpectedElement {
                            expected: "an XML element".into(),
                            found: "text".into(),
                        },
                        position,
                    ))
                }
                Token::Eof => return Err(self.err(XmlErrorKind::UnexpectedEof)),
                // The scanner refuses an end tag with no element open.
                Token::End | Token::Other => {}
            }
        }
    }

    /// Checks that nothing but comments and white space follow the root element.
    pub fn finish(&mut self) -> Result<(), XmlError> {
        loop {
            let position = self.position();
            match self.read_token()? {
                Token::Eof => return Ok(()),
                Token::Text { raw, .. } if raw.iter().all(u8::is_ascii_whitespace) => {}
                Token::Other => {}
                _ => {
                    return Err(XmlError::new(
                        XmlErrorKind::Syntax("content after the root element".into()),
                        position,
                    ))
                }
            }
        }
    }

    /// The next child element of the current element, or `None` at its end tag.
    #[inline]
    pub fn next_child(&mut self) -> Result<Option<Child<'a>>, XmlError> {
        if std::mem::take(&mut self.pending_empty) {
            return Ok(None);
        }
        loop {
            let position = self.position();
            match self.read_token()? {
                Token::Start {
                    name,
                    local_start,
                    attrs,
                    empty,
                } => {
                    return self
                        .start_child(name, local_start, attrs, empty, position)
                        .map(Some)
                }
                Token::End => {
                    self.leave();
                    return Ok(None);
                }
                Token::Eof => return Err(self.err(XmlErrorKind::UnexpectedEof)),
                // Text between elements (indentation), comments, CDATA, PIs: not data here.
                Token::Text { .. } | Token::CData(_) | Token::Other => {}
            }
        }
    }

    /// Skips the rest of `child`, however deep.
    pub fn skip(&mut self, _child: &Child<'a>) -> Result<(), XmlError> {
        if std::mem::take(&mut self.pending_empty) {
            return Ok(());
        }
        let mut open = 1u32;
        loop {
            match self.read_token()? {
                Token::Start { empty: false, .. } => {
                    self.enter()?;
                    open += 1;
                }
                Token::End => {
                    self.leave();
                    open -= 1;
                    if open == 0 {
                        return Ok(());
                    }
                }
                Token::Eof => return Err(self.err(XmlErrorKind::UnexpectedEof)),
                Token::Start { empty: true, .. }
                | Token::Text { .. }
                | Token::CData(_)
                | Token::Other => {}
            }
        }
    }

    /// The text content of the element just entered, borrowed when it needs no unescaping.
    #[inline]
    pub fn read_text(&mut self) -> Result<Cow<'a, str>, XmlError> {
        if std::mem::take(&mut self.pending_empty) {
            return Ok(Cow::Borrowed(""));
        }
        let mut text: Option<Cow<'a, str>> = None;
        loop {
            let position = self.position();
            let piece: Cow<'a, str> = match self.read_token()? {
                Token::Text { raw, plain: true } => Cow::Borrowed(self.str_at(raw, position)?),
                Token::Text { raw, .. } => decode_text(self.str_at(raw, position)?, position)?,
                Token::CData(t) => decode_cdata(self.str_at(t, position)?, position)?,
                Token::End => {
                    self.leave();
                    return Ok(text.unwrap_or(Cow::Borrowed("")));
                }
                Token::Start { name, .. } => {
                    let name = String::from_utf8_lossy(name).into_owned();
                    return Err(XmlError::new(XmlErrorKind::ElementInText(name), position));
                }
                Token::Eof => return Err(self.err(XmlErrorKind::UnexpectedEof)),
                Token::Other => continue,
            };
            text = Some(match text {
                None => piece,
                Some(prev) => {
                    let mut joined = prev.into_owned();
                    joined.push_str(&piece);
                    Cow::Owned(joined)
                }
            });
        }
    }

    /// A simple-typed field: `None` for `i:nil="true"`.
    #[inline]
    pub fn text<T: XmlText>(&mut self, c: &Child<'a>) -> Result<Option<T>, XmlError> {
        if c.nil {
            self.skip(c)?;
            return Ok(None);
        }
        let parsed = match self.read_text()? {
            Cow::Borrowed(text) => T::parse_text(text).map_err(|_| Cow::Borrowed(text)),
            Cow::Owned(text) => T::from_owned(text).map_err(|(_, text)| Cow::Owned(text)),
        };
        match parsed {
            Ok(v) => Ok(Some(v)),
            Err(text) => {
                let shown = super::shown(&text);
                Err(XmlError::new(
                    XmlErrorKind::InvalidValue {
                        element: c.name(),
                        expected: T::EXPECTED,
                        text: shown,
                    },
                    c.position,
                ))
            }
        }
    }

    /// A complex-typed field: `None` for `i:nil="true"`.
    #[inline]
    pub fn complex<T: XmlComplex>(&mut self, c: &Child<'a>) -> Result<Option<T>, XmlError> {
        if c.nil {
            self.skip(c)?;
            return Ok(None);
        }
        T::read_fields(self).map(Some)
    }

    /// An `ArrayOfX` field: the items named `(item_ns, item)`; other children are skipped and
    /// `i:nil` items dropped.
    pub fn list<T>(
        &mut self,
        c: &Child<'a>,
        item_ns: Ns,
        item: &[u8],
        mut read_item: impl FnMut(&mut Self, &Child<'a>) -> Result<Option<T>, XmlError>,
    ) -> Result<Option<Vec<T>>, XmlError> {
        if c.nil {
            self.skip(c)?;
            return Ok(None);
        }
        let mut out = Vec::new();
        while let Some(child) = self.next_child()? {
            if child.ns == item_ns && child.local == item {
                out.extend(read_item(self, &child)?);
            } else {
                self.skip(&child)?;
            }
        }
        Ok(Some(out))
    }
}

impl<'a> XmlReader<'a> {
    /// A slice of the input as text: the input was checked as UTF-8 once, and every slice the
    /// scanner makes starts and ends at an ASCII delimiter, so this re-checks nothing.
    #[inline]
    fn str_at(&self, bytes: &'a [u8], position: u64) -> Result<&'a str, XmlError> {
        let offset = (bytes.as_ptr() as usize).wrapping_sub(self.input.as_ptr() as usize);
        self.text
            .get(offset..offset + bytes.len())
            .ok_or_else(|| XmlError::new(XmlErrorKind::NotUtf8, position))
    }
}

/// Attributes on one element, and `xmlns` declarations in scope: far above what any service
/// sends, low enough that the linear scans over them stay cheap on hostile input.
const MAX_ATTRIBUTES: usize = 256;
const MAX_BINDINGS: usize = 1024;

/// A prefix no declaration in scope binds: only `xml` (and no prefix) need none.
#[cold]
fn undeclared(prefix: &[u8], position: u64) -> Result<Ns, XmlError> {
    match prefix {
        b"" | b"xml" => Ok(Ns::NONE),
        _ => Err(XmlError::new(
            XmlErrorKind::UnboundPrefix(String::from_utf8_lossy(prefix).into_owned()),
            position,
        )),
    }
}

fn split_qname(name: &[u8]) -> (&[u8], &[u8]) {
    match name.iter().position(|&b| b == b':') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => (&b""[..], name),
    }
}

/// Splits `key="value" key2='value2'` into raw pairs; anything else is malformed.
fn scan_attributes<'a>(
    mut rest: &'a [u8],
    out: &mut Vec<(&'a [u8], &'a [u8])>,
) -> Result<(), String> {
    loop {
        let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        rest = &rest[skip..];
        match rest.first() {
            None => return Ok(()),
            // The scanner has taken the `/` of `<x/>` off already.
            Some(b'/') => return Err("'/' inside a tag".into()),
            Some(_) if skip == 0 && !out.is_empty() => {
                return Err("attributes must be separated by white space".into())
            }
            Some(_) => {}
        }
        let key_len = rest
            .iter()
            .position(|b| *b == b'=' || b.is_ascii_whitespace())
            .ok_or("attribute without a value")?;
        let key = &rest[..key_len];
        rest = &rest[key_len..];
        rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        let Some((b'=', after)) = rest.split_first() else {
            return Err("attribute without =".into());
        };
        rest = &after[after.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        let quote = match rest.first() {
            Some(q @ (b'"' | b'\'')) => *q,
            _ => return Err("attribute value is not quoted".into()),
        };
        // One pass finds the closing quote and refuses a `<` before it.
        let len = memchr::memchr2(quote, b'<', &rest[1..]).ok_or("unterminated attribute value")?;
        if rest[1 + len] == b'<' {
            return Err("'<' in an attribute value".into());
        }
        let value = &rest[1..1 + len];
        // Bounded, so the duplicate check below stays cheap on hostile input.
        if out.len() >= MAX_ATTRIBUTES {
            return Err(format!(
                "more than {MAX_ATTRIBUTES} attributes on one element"
            ));
        }
        if out.iter().any(|(k, _)| same(k, key)) {
            return Err(format!(
                "duplicate attribute {}",
                String::from_utf8_lossy(key)
            ));
        }
        out.push((key, value));
        rest = &rest[2 + len..];
    }
}

impl<'a> XmlReader<'a> {
    /// A base-typed field that may hold a derived type (`i:type`): `None` for `i:nil="true"`.
    pub fn poly<T: XmlPoly>(&mut self, c: &Child<'a>) -> Result<Option<T>, XmlError> {
        if c.nil {
            self.skip(c)?;
            return Ok(None);
        }
        T::read_poly(self, c).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static NAMESPACES: Namespaces = Namespaces {
        uris: &["urn:one", "urn:two"],
        prefixes: &["", "t"],
    };

    /// The namespaces of every element, in document order.
    fn namespaces_of(xml: &str) -> Vec<(String, Ns)> {
        fn walk(r: &mut XmlReader<'_>, c: &Child<'_>, out: &mut Vec<(String, Ns)>) {
            out.push((c.name(), c.ns));
            while let Some(child) = r.next_child().unwrap() {
                walk(r, &child, out);
            }
        }
        let mut r = XmlReader::new(xml.as_bytes(), &NAMESPACES, Limits::default()).unwrap();
        let root = r.root().unwrap();
        let mut out = Vec::new();
        walk(&mut r, &root, &mut out);
        r.finish().unwrap();
        out
    }

    /// A prefix rebound in an inner scope, and the default namespace undeclared there, come back
    /// to their outer meaning when that scope ends (the resolution cache follows every change).
    #[test]
    fn prefixes_resolve_by_the_declarations_in_scope() {
        let got = namespaces_of(
            r#"<r xmlns="urn:one" xmlns:a="urn:one"><a:x/><y xmlns:a="urn:two" xmlns=""><a:x/><z/><q xmlns:a="urn:other"><a:x/></q><a:x/></y><a:x/><z/><ab:w xmlns:ab="urn:two"/></r>"#,
        );
        let (one, two) = (Ns(0), Ns(1));
        let expected = [
            ("r", one),
            ("x", one),
            ("y", Ns::NONE),
            ("x", two),
            ("z", Ns::NONE),
            ("q", Ns::NONE),
            ("x", Ns::UNKNOWN),
            ("x", two),
            ("x", one),
            ("z", one),
            ("w", two),
        ];
        let got: Vec<(&str, Ns)> = got.iter().map(|(n, ns)| (n.as_str(), *ns)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn a_prefix_out_of_scope_is_unbound_again() {
        let xml = r#"<r><y xmlns:a="urn:one"><a:x/></y><a:x/></r>"#;
        let mut r = XmlReader::new(xml.as_bytes(), &NAMESPACES, Limits::default()).unwrap();
        r.root().unwrap();
        let y = r.next_child().unwrap().unwrap();
        assert_eq!(y.name(), "y");
        let x = r.next_child().unwrap().unwrap();
        assert_eq!(x.ns, Ns(0));
        r.skip(&x).unwrap();
        assert!(r.next_child().unwrap().is_none(), "</y>");
        let err = r.next_child().unwrap_err();
        assert_eq!(err.kind, XmlErrorKind::UnboundPrefix("a".into()));
    }
}
