use super::{Namespaces, Ns, XmlComplex, XmlText};

/// Writes elements straight into a byte buffer. Namespace prefixes come from the service's
/// [`Namespaces`] table; a prefix is declared on the first element that needs it in each
/// subtree (the element whose content is in another namespace, as the service's own
/// documentation shows: `<User xmlns:e="…/Entities"><e:ContactInfo>…`).
pub struct XmlWriter<'n> {
    buf: Vec<u8>,
    namespaces: &'n Namespaces,
    /// Bit `i` set: namespace `i` is bound (as default or prefix) at the current element.
    in_scope: u64,
    /// Why the document cannot be written faithfully (the first reason), if it cannot.
    refusal: Option<String>,
    /// Response mode: absent nillable members are written `<X i:nil="true"/>`.
    nil_for_absent: bool,
}

impl<'n> XmlWriter<'n> {
    /// A writer inside an element on which the service namespace is the default namespace.
    pub fn new(buf: Vec<u8>, namespaces: &'n Namespaces) -> Self {
        XmlWriter {
            buf,
            namespaces,
            in_scope: 1,
            refusal: None,
            nil_for_absent: false,
        }
    }

    /// A writer of answers as the service writes them: WCF's DataContractSerializer writes
    /// every member, a null one as `<X i:nil="true"/>` (the documentation's response templates
    /// show every element; so do live answers recorded in Effilab/bing_ads_ruby_sdk
    /// `spec/fixtures/customer_management/*/standard_response.xml`). Requests are written
    /// with [`XmlWriter::new`], which leaves absent members out.
    pub fn for_response(buf: Vec<u8>, namespaces: &'n Namespaces) -> Self {
        XmlWriter {
            nil_for_absent: true,
            ..XmlWriter::new(buf, namespaces)
        }
    }

    /// An absent nillable member: `<local i:nil="true"/>` in response mode, nothing otherwise.
    pub fn absent_element(&mut self, ns: Ns, local: &str) {
        if self.nil_for_absent {
            self.nil_element(ns, local);
        }
    }

    /// The bytes written, dropping any refusal (`finish` keeps it).
    pub fn into_inner(self) -> Vec<u8> {
        self.buf
    }

    /// Marks the document as not faithful (a value that cannot be written as it came); the
    /// first reason is kept. Callers that send documents refuse to send such a one.
    pub fn refuse(&mut self, reason: impl Into<String>) {
        self.refusal.get_or_insert_with(|| reason.into());
    }

    /// The bytes and, if the document is not faithful, why.
    pub fn finish(self) -> (Vec<u8>, Option<String>) {
        (self.buf, self.refusal)
    }

    /// Raw markup, for the envelope around the generated body.
    pub fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    fn bit(ns: Ns) -> u64 {
        1u64.checked_shl(u32::from(ns.0)).unwrap_or(0)
    }

    fn name(&mut self, ns: Ns, local: &str) {
        let prefix = self
            .namespaces
            .prefixes
            .get(ns.0 as usize)
            .copied()
            .unwrap_or("");
        if !prefix.is_empty() {
            self.buf.extend_from_slice(prefix.as_bytes());
            self.buf.push(b':');
        }
        self.buf.extend_from_slice(local.as_bytes());
    }

    fn declare(&mut self, ns: Ns) {
        let bit = Self::bit(ns);
        if self.in_scope & bit != 0 || ns.0 == 0 {
            return;
        }
        let (Some(prefix), Some(uri)) = (
            self.namespaces.prefixes.get(ns.0 as usize),
            self.namespaces.uris.get(ns.0 as usize),
        ) else {
            return;
        };
        self.in_scope |= bit;
        self.buf.extend_from_slice(b" xmlns:");
        self.buf.extend_from_slice(prefix.as_bytes());
        self.buf.extend_from_slice(b"=\"");
        self.buf.extend_from_slice(uri.as_bytes());
        self.buf.push(b'"');
    }

    /// `<p:local` plus the declarations the element and its content need. Returns the scope
    /// to restore after the end tag.
    fn open(&mut self, ns: Ns, local: &str, content_ns: Ns) -> u64 {
        let saved = self.in_scope;
        self.buf.push(b'<');
        self.name(ns, local);
        self.declare(ns);
        self.declare(content_ns);
        saved
    }

    fn close(&mut self, ns: Ns, local: &str, saved: u64) {
        self.buf.extend_from_slice(b"</");
        self.name(ns, local);
        self.buf.push(b'>');
        self.in_scope = saved;
    }

    /// `<local>text</local>`.
    pub fn text_element<T: XmlText>(&mut self, ns: Ns, local: &str, value: &T) {
        let saved = self.open(ns, local, ns);
        self.buf.push(b'>');
        value.write_text(&mut self.buf);
        self.close(ns, local, saved);
    }

    /// `<local>fields</local>`, declaring the type's namespace when it is not in scope.
    pub fn complex_element<T: XmlComplex>(&mut self, ns: Ns, local: &str, value: &T) {
        let saved = self.open(ns, local, T::TYPE_NS);
        self.buf.push(b'>');
        value.write_fields(self);
        self.close(ns, local, saved);
    }

    /// `<local xmlns="uri">fields</local>` where the service namespace (index 0) is not the
    /// default yet, such as a fault's `ApiFault` under the unqualified SOAP `detail`.
    pub fn default_ns_element<T: XmlComplex>(&mut self, uri: &str, local: &str, value: &T) {
        let saved = self.in_scope;
        self.in_scope = 1;
        self.buf.push(b'<');
        self.buf.extend_from_slice(local.as_bytes());
        self.buf.extend_from_slice(b" xmlns=\"");
        escape_attr_into(&mut self.buf, uri);
        self.buf.push(b'"');
        self.declare(T::TYPE_NS);
        self.buf.push(b'>');
        value.write_fields(self);
        self.close(Ns(0), local, saved);
    }

    /// A base-typed slot: `v.write_poly` picks the element form.
    pub fn poly_element<T: super::XmlPoly>(&mut self, ns: Ns, local: &str, value: &T) {
        value.write_poly(self, ns, local);
    }

    /// `<local i:type="p:TypeName">fields</local>` for a derived type `T` in a base slot; the
    /// type's prefix is declared on the element when needed. `xmlns:i` must be in scope (the
    /// envelope declares it).
    pub fn derived_element<T: XmlComplex>(&mut self, ns: Ns, local: &str, value: &T) {
        let saved = self.open(ns, local, T::TYPE_NS);
        self.buf.extend_from_slice(b" i:type=\"");
        let prefix = self
            .namespaces
            .prefixes
            .get(T::TYPE_NS.0 as usize)
            .copied()
            .unwrap_or("");
        if !prefix.is_empty() {
            self.buf.extend_from_slice(prefix.as_bytes());
            self.buf.push(b':');
        }
        self.buf.extend_from_slice(T::TYPE_NAME.as_bytes());
        self.buf.extend_from_slice(b"\">");
        value.write_fields(self);
        self.close(ns, local, saved);
    }

    /// `<local i:nil="true"/>`: a nil item that holds its place in a list. `xmlns:i` must be
    /// in scope (the envelope declares it).
    pub fn nil_element(&mut self, ns: Ns, local: &str) {
        let saved = self.open(ns, local, ns);
        self.buf.extend_from_slice(b" i:nil=\"true\"/>");
        self.in_scope = saved;
    }

    /// `<local><item/>…</local>`; an empty list writes the empty wrapper `<local/>`.
    pub fn list_element<T>(
        &mut self,
        ns: Ns,
        local: &str,
        item_ns: Ns,
        items: &[T],
        mut write_item: impl FnMut(&mut Self, &T),
    ) {
        if items.is_empty() {
            let saved = self.open(ns, local, ns);
            self.buf.extend_from_slice(b"/>");
            self.in_scope = saved;
            return;
        }
        let saved = self.open(ns, local, item_ns);
        self.buf.push(b'>');
        for item in items {
            write_item(self, item);
        }
        self.close(ns, local, saved);
    }
}

/// The first character of a written document that XML 1.0 forbids (U+0000-U+0008, U+000B,
/// U+000C, U+000E-U+001F, U+FFFE, U+FFFF: no escape can carry them), with the name of the
/// element whose text holds it. One scan; text is written raw but for `&`, `<`, `>` and CR.
pub fn forbidden_char_in(xml: &[u8]) -> Option<(String, u32)> {
    let at = xml.iter().enumerate().find_map(|(i, &b)| {
        let forbidden = match b {
            b'\t' | b'\n' | b'\r' => false,
            0..=0x1F => true,
            // U+FFFE and U+FFFF are EF BF BE / EF BF BF in UTF-8.
            0xEF => xml.get(i + 1) == Some(&0xBF) && matches!(xml.get(i + 2), Some(0xBE | 0xBF)),
            _ => false,
        };
        forbidden.then_some(i)
    })?;
    let code = std::str::from_utf8(&xml[at..])
        .ok()
        .and_then(|s| s.chars().next())
        .map_or(u32::from(xml[at]), |c| c as u32);
    let open = xml[..at].iter().rposition(|&b| b == b'<')?;
    let name: Vec<u8> = xml[open + 1..at]
        .iter()
        .take_while(|&&b| !matches!(b, b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r'))
        .copied()
        .collect();
    let name = String::from_utf8_lossy(&name);
    let local = name.rsplit(':').next().unwrap_or(&name).to_string();
    Some((local, code))
}

/// Escapes `&`, `<`, `>` and carriage returns (which XML parsers would otherwise turn into
/// line feeds), copying runs of plain text in one go.
pub(crate) fn escape_into(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let replacement: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\r' => b"&#13;",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(replacement);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Escapes for a double-quoted attribute value.
pub(crate) fn escape_attr_into(out: &mut Vec<u8>, text: &str) {
    for ch in text.chars() {
        match ch {
            '"' => out.extend_from_slice(b"&quot;"),
            '\t' => out.extend_from_slice(b"&#9;"),
            '\n' => out.extend_from_slice(b"&#10;"),
            _ => {
                let mut tmp = [0u8; 4];
                let s = ch.encode_utf8(&mut tmp);
                escape_into(out, s);
            }
        }
    }
}
