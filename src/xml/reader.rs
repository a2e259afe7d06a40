use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

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
    pub ns: Ns,
    pub local: &'a [u8],
    /// `i:nil="true"`.
    pub nil: bool,
    /// The value of `i:type`, when present.
    pub xsi_type: Option<String>,
    /// Byte offset of the start tag.
    pub position: u64,
}

impl Child<'_> {
    pub fn name(&self) -> String {
        String::from_utf8_lossy(self.local).into_owned()
    }
}

/// A pull reader over a complete body held in memory. Text is borrowed from the body where it
/// needs no unescaping.
pub struct XmlReader<'a> {
    inner: NsReader<&'a [u8]>,
    input: &'a [u8],
    namespaces: &'static Namespaces,
    limits: Limits,
    depth: u32,
    /// The element last returned by `next_child` was `<x/>`: it has no content to read.
    pending_empty: bool,
    /// URI of the last namespace that resolved to [`Ns::UNKNOWN`], for error messages.
    last_unknown_ns: Option<String>,
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
        let mut inner = NsReader::from_reader(input);
        let config = inner.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        Ok(XmlReader {
            inner,
            input,
            namespaces,
            limits,
            depth: 0,
            pending_empty: false,
            last_unknown_ns: None,
        })
    }

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
        self.inner.buffer_position()
    }

    /// The raw bytes between two offsets (used to keep an unknown fault detail as XML).
    pub fn slice(&self, start: u64, end: u64) -> &'a [u8] {
        let len = self.input.len();
        &self.input[(start as usize).min(len)..(end as usize).min(len)]
    }

    fn err(&self, kind: XmlErrorKind) -> XmlError {
        XmlError::new(kind, self.inner.buffer_position())
    }

    fn syntax(&self, e: quick_xml::Error) -> XmlError {
        let kind = match &e {
            quick_xml::Error::Syntax(_)
                if self.inner.buffer_position() as usize >= self.input.len() =>
            {
                XmlErrorKind::UnexpectedEof
            }
            quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::MissingEndTag(_)) => {
                XmlErrorKind::UnexpectedEof
            }
            quick_xml::Error::Encoding(_) => XmlErrorKind::NotUtf8,
            quick_xml::Error::Escape(quick_xml::escape::EscapeError::UnrecognizedEntity(
                _,
                name,
            )) => XmlErrorKind::UnknownEntity(name.clone()),
            _ => XmlErrorKind::Syntax(e.to_string()),
        };
        XmlError::new(kind, self.inner.error_position())
    }

    fn read_event(&mut self) -> Result<Event<'a>, XmlError> {
        match self.inner.read_event() {
            Ok(Event::DocType(_)) => Err(self.err(XmlErrorKind::DoctypeRefused)),
            Ok(event) => Ok(event),
            Err(e) => Err(self.syntax(e)),
        }
    }

    fn enter(&mut self) -> Result<(), XmlError> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(self.err(XmlErrorKind::DepthLimit {
                limit: self.limits.max_depth,
            }));
        }
        Ok(())
    }

    fn resolve_ns(&mut self, start: &BytesStart<'a>, position: u64) -> Result<Ns, XmlError> {
        let namespaces = self.namespaces;
        let (resolved, _) = self.inner.resolve_element(start.name());
        let uri = match resolved {
            ResolveResult::Bound(ns) => ns.into_inner(),
            ResolveResult::Unbound => return Ok(Ns::NONE),
            ResolveResult::Unknown(prefix) => {
                let prefix = String::from_utf8_lossy(&prefix).into_owned();
                return Err(XmlError::new(XmlErrorKind::UnboundPrefix(prefix), position));
            }
        };
        if let Some(i) = namespaces.uris.iter().position(|u| u.as_bytes() == uri) {
            return Ok(Ns(i as u8));
        }
        Ok(match uri {
            u if u == SOAP_ENV_NS.as_bytes() => Ns::SOAP_ENV,
            u if u == XSI_NS.as_bytes() => Ns::XSI,
            u if u == SOAP12_ENV_NS.as_bytes() => Ns::SOAP12_ENV,
            u => {
                let unknown = String::from_utf8_lossy(u).into_owned();
                self.last_unknown_ns = Some(unknown);
                Ns::UNKNOWN
            }
        })
    }

    fn child(&mut self, start: BytesStart<'a>, position: u64) -> Result<Child<'a>, XmlError> {
        let ns = self.resolve_ns(&start, position)?;
        let mut nil = false;
        let mut xsi_type = None;
        if start
            .attributes_raw()
            .iter()
            .any(|b| !b.is_ascii_whitespace() && *b != b'/')
        {
            for attr in start.attributes() {
                let attr =
                    attr.map_err(|e| XmlError::new(XmlErrorKind::Syntax(e.to_string()), position))?;
                let (resolved, local) = self.inner.resolve_attribute(attr.key);
                if !matches!(resolved, ResolveResult::Bound(ns) if ns.into_inner() == XSI_NS.as_bytes())
                {
                    continue;
                }
                match local.into_inner() {
                    b"nil" => nil = matches!(&*attr.value, b"true" | b"1"),
                    b"type" => xsi_type = Some(String::from_utf8_lossy(&attr.value).into_owned()),
                    _ => {}
                }
            }
        }
        // The name as a slice of the input, so it lives as long as the body: the start tag
        // begins at `position` with `<`.
        let name_len = start.name().into_inner().len();
        let from = position as usize + 1;
        let name: &'a [u8] = match self.input.get(from..from + name_len) {
            Some(name) if self.input[from - 1] == b'<' => name,
            _ => {
                return Err(XmlError::new(
                    XmlErrorKind::Syntax("cannot locate the tag name".into()),
                    position,
                ))
            }
        };
        let local = match name.iter().position(|&b| b == b':') {
            Some(i) => &name[i + 1..],
            None => name,
        };
        Ok(Child {
            ns,
            local,
            nil,
            xsi_type,
            position,
        })
    }

    /// Reads up to the first element of the document (the root), skipping the XML declaration,
    /// comments and processing instructions.
    pub fn root(&mut self) -> Result<Child<'a>, XmlError> {
        loop {
            let position = self.inner.buffer_position();
            match self.read_event()? {
                Event::Start(s) => {
                    self.enter()?;
                    return self.child(s, position);
                }
                Event::Empty(s) => {
                    self.pending_empty = true;
                    return self.child(s, position);
                }
                Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => {}
                Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                    return Err(XmlError::new(
                        XmlErrorKind::UnexpectedElement {
                            expected: "an XML element".into(),
                            found: "text".into(),
                        },
                        position,
                    ))
                }
                Event::Eof => return Err(self.err(XmlErrorKind::UnexpectedEof)),
                Event::End(_) => {
                    return Err(self.err(XmlErrorKind::Syntax("end tag before any element".into())))
                }
                _ => {}
            }
        }
    }

    /// Checks that nothing but comments and white space follow the root element.
    pub fn finish(&mut self) -> Result<(), XmlError> {
        loop {
            let position = self.inner.buffer_position();
            match self.read_event()? {
                Event::Eof => return Ok(()),
                Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => {}
                Event::Comment(_) | Event::PI(_) => {}
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
    pub fn next_child(&mut self) -> Result<Option<Child<'a>>, XmlError> {
        if std::mem::take(&mut self.pending_empty) {
            return Ok(None);
        }
        loop {
            let position = self.inner.buffer_position();
            match self.read_event()? {
                Event::Start(s) => {
                    self.enter()?;
                    return self.child(s, position).map(Some);
                }
                Event::Empty(s) => {
                    let child = self.child(s, position)?;
                    self.pending_empty = true;
                    return Ok(Some(child));
                }
                Event::End(_) => {
                    self.depth -= 1;
                    return Ok(None);
                }
                Event::Eof => return Err(self.err(XmlErrorKind::UnexpectedEof)),
                // Text between elements (indentation), comments, CDATA, PIs: not data here.
                _ => {}
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
            match self.read_event()? {
                Event::Start(_) => {
                    self.enter()?;
                    open += 1;
                }
                Event::End(_) => {
                    self.depth -= 1;
                    open -= 1;
                    if open == 0 {
                        return Ok(());
                    }
                }
                Event::Eof => return Err(self.err(XmlErrorKind::UnexpectedEof)),
                _ => {}
            }
        }
    }

    /// The text content of the element just entered, borrowed when it needs no unescaping.
    pub fn read_text(&mut self) -> Result<Cow<'a, str>, XmlError> {
        if std::mem::take(&mut self.pending_empty) {
            return Ok(Cow::Borrowed(""));
        }
        let mut text: Option<Cow<'a, str>> = None;
        loop {
            let position = self.inner.buffer_position();
            let piece: Cow<'a, str> = match self.read_event()? {
                Event::Text(t) => utf8(t.into_inner(), position)?,
                Event::CData(t) => utf8(t.into_inner(), position)?,
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(ch)) => ch.to_string(),
                        Ok(None) => {
                            let name = utf8(r.into_inner(), position)?;
                            match quick_xml::escape::resolve_predefined_entity(&name) {
                                Some(s) => s.to_string(),
                                None => {
                                    return Err(XmlError::new(
                                        XmlErrorKind::UnknownEntity(name.into_owned()),
                                        position,
                                    ))
                                }
                            }
                        }
                        Err(e) => {
                            return Err(XmlError::new(
                                XmlErrorKind::Syntax(e.to_string()),
                                position,
                            ))
                        }
                    };
                    Cow::Owned(resolved)
                }
                Event::End(_) => {
                    self.depth -= 1;
                    return Ok(text.unwrap_or(Cow::Borrowed("")));
                }
                Event::Start(s) | Event::Empty(s) => {
                    let name = String::from_utf8_lossy(s.name().into_inner()).into_owned();
                    return Err(XmlError::new(XmlErrorKind::ElementInText(name), position));
                }
                Event::Eof => return Err(self.err(XmlErrorKind::UnexpectedEof)),
                _ => continue,
            };
            text = Some(match text {
                None => piece,
                Some(prev) => Cow::Owned(prev.into_owned() + &piece),
            });
        }
    }

    /// A simple-typed field: `None` for `i:nil="true"`.
    pub fn text<T: XmlText>(&mut self, c: &Child<'a>) -> Result<Option<T>, XmlError> {
        if c.nil {
            self.skip(c)?;
            return Ok(None);
        }
        let text = self.read_text()?;
        match T::parse_text(&text) {
            Ok(v) => Ok(Some(v)),
            Err(_) => {
                let mut shown: String = text.chars().take(64).collect();
                if shown.len() < text.len() {
                    shown.push('…');
                }
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

fn utf8(bytes: Cow<'_, [u8]>, position: u64) -> Result<Cow<'_, str>, XmlError> {
    match bytes {
        Cow::Borrowed(b) => std::str::from_utf8(b).map(Cow::Borrowed),
        Cow::Owned(b) => String::from_utf8(b)
            .map(Cow::Owned)
            .map_err(|e| e.utf8_error()),
    }
    .map_err(|_| XmlError::new(XmlErrorKind::NotUtf8, position))
}
