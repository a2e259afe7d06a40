//! The tokenizer under [`super::XmlReader`]: one pass over a body already in memory and already
//! checked as UTF-8, giving start tags, end tags, text and CDATA as slices of the input.
//!
//! It does only what the reader cannot do better with the schema in hand: find where each
//! markup construct ends (quote-aware inside tags), check that end tags match their start tags,
//! skip comments and processing instructions, and refuse a DOCTYPE before reading into it.
//! Attributes, namespaces and references are left to the reader, which decodes only what it
//! uses. Every delimiter it splits on is ASCII, so each slice starts and ends on a character
//! boundary of the input.

use std::borrow::Cow;

use super::{XmlError, XmlErrorKind};

/// One markup construct, borrowed from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// `<name attrs>` or, with `empty`, `<name attrs/>`. `attrs` is everything between the name
    /// and the closing `>` (or `/>`), unparsed.
    Start {
        name: &'a [u8],
        /// Where the local name starts: one past the first `:`, or 0.
        local_start: usize,
        attrs: &'a [u8],
        empty: bool,
    },
    /// An end tag, already matched against its start tag.
    End,
    /// Character data up to the next `<`, as written (references not yet resolved). `plain`:
    /// nothing in it needs decoding (no reference, carriage return or suspect byte), so it is
    /// its own value.
    Text { raw: &'a [u8], plain: bool },
    /// The content of `<![CDATA[…]]>`.
    CData(&'a [u8]),
    /// A comment, a processing instruction or the XML declaration: never data.
    Other,
    /// The end of the input.
    Eof,
}

pub(crate) struct Scanner<'a> {
    input: &'a [u8],
    /// Offset of the next byte to read: the end of the last token.
    pos: usize,
    /// Names of the open elements, innermost last, for matching end tags.
    open: Vec<&'a [u8]>,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Scanner {
            input,
            pos: 0,
            open: Vec::with_capacity(16),
        }
    }

    /// The offset just past the last token read.
    #[inline]
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    #[inline]
    pub(crate) fn next(&mut self) -> Result<Token<'a>, XmlError> {
        let input = self.input;
        let start = self.pos;
        match input.get(start) {
            None => Ok(Token::Eof),
            Some(b'<') => match input.get(start + 1) {
                Some(b'/') => self.end_tag(start),
                Some(b'!') => self.bang(start),
                Some(b'?') => {
                    // A processing instruction (or the declaration) names its target.
                    if let Some(b'?' | b'>') | Some(b' ' | b'\t' | b'\r' | b'\n') =
                        input.get(start + 2)
                    {
                        return Err(syntax(
                            "a processing instruction without a target".into(),
                            start,
                        ));
                    }
                    self.pos = find(input, start + 2, b"?>", start)? + 2;
                    Ok(Token::Other)
                }
                Some(_) => self.start_tag(start),
                None => Err(eof(start)),
            },
            Some(_) => {
                // One pass finds the end and whether anything needs decoding: values are short,
                // and a table load a byte beats a search plus a second scan.
                let mut i = start;
                let mut plain = true;
                while let Some(&b) = input.get(i) {
                    match TEXT_BYTE[b as usize] {
                        PLAIN => {}
                        ENDS_TEXT => break,
                        _ => plain = false,
                    }
                    i += 1;
                }
                self.pos = i;
                Ok(Token::Text {
                    raw: &input[start..i],
                    plain,
                })
            }
        }
    }

    fn start_tag(&mut self, start: usize) -> Result<Token<'a>, XmlError> {
        let input = self.input;
        let name_start = start + 1;
        let mut i = name_start;
        // The name runs to white space, `/` or `>`; most tags end right there.
        let mut local_start = 0;
        while let Some(&b) = input.get(i) {
            match NAME_BYTE[b as usize] {
                IN_NAME => i += 1,
                ENDS_NAME => break,
                COLON => {
                    if local_start == 0 {
                        local_start = i + 1 - name_start;
                    }
                    i += 1;
                }
                _ => return Err(syntax(format!("{:?} in an element name", b as char), i)),
            }
        }
        let name = &input[name_start..i];
        if name.is_empty() {
            return Err(match input.get(i) {
                None => eof(start),
                Some(_) => syntax("an element without a name".into(), start),
            });
        }
        if input.get(i) == Some(&b'/') && input.get(i + 1) != Some(&b'>') {
            return Err(match input.get(i + 1) {
                None => eof(start),
                Some(_) => syntax("'/' inside a tag".into(), i),
            });
        }
        // Most tags end right after the name (`<x>`, `<x/>`): no search.
        let close = match input.get(i) {
            Some(b'>') => i,
            Some(b'/') => i + 1,
            _ => self.tag_end(i, start)?,
        };
        let empty = close > i && input[close - 1] == b'/';
        let attrs = &input[i..if empty { close - 1 } else { close }];
        self.pos = close + 1;
        if !empty {
            self.open.push(name);
        }
        Ok(Token::Start {
            name,
            local_start,
            attrs,
            empty,
        })
    }

    /// The offset of the `>` that closes the tag, skipping any inside quoted values. Between
    /// values a byte loop (a few bytes: ` i:nil=`); a value is jumped over by `memchr` (it may be
    /// a long namespace URI).
    #[inline]
    fn tag_end(&self, mut i: usize, start: usize) -> Result<usize, XmlError> {
        let input = self.input;
        while let Some(&b) = input.get(i) {
            match b {
                b'>' => return Ok(i),
                b'"' | b'\'' => {
                    let rest = &input[i + 1..];
                    i += 2 + memchr::memchr(b, rest).ok_or_else(|| eof(start))?;
                }
                _ => i += 1,
            }
        }
        Err(eof(start))
    }

    fn end_tag(&mut self, start: usize) -> Result<Token<'a>, XmlError> {
        let input = self.input;
        let name_start = start + 2;
        let Some(&expected) = self.open.last() else {
            return Err(syntax("an end tag with no element open".into(), start));
        };
        // The usual case: exactly the open name, then `>`.
        let close = name_start + expected.len();
        if input.get(close) == Some(&b'>') && same(&input[name_start..close], expected) {
            self.open.pop();
            self.pos = close + 1;
            return Ok(Token::End);
        }
        let close = memchr::memchr(b'>', &input[name_start..]).ok_or_else(|| eof(start))?;
        let found = input[name_start..name_start + close].trim_ascii_end();
        if found != expected {
            return Err(syntax(
                format!(
                    "expected </{}>, found </{}>",
                    String::from_utf8_lossy(expected),
                    String::from_utf8_lossy(found)
                ),
                start,
            ));
        }
        self.open.pop();
        self.pos = name_start + close + 1;
        Ok(Token::End)
    }

    /// `<!--…-->`, `<![CDATA[…]]>`, or a `<!DOCTYPE`, which is refused unread.
    fn bang(&mut self, start: usize) -> Result<Token<'a>, XmlError> {
        let rest = &self.input[start..];
        if rest.starts_with(b"<!--") {
            self.pos = find(self.input, start + 4, b"-->", start)? + 3;
            return Ok(Token::Other);
        }
        if rest.starts_with(b"<![CDATA[") {
            let end = find(self.input, start + 9, b"]]>", start)?;
            self.pos = end + 3;
            return Ok(Token::CData(&self.input[start + 9..end]));
        }
        if rest.len() >= 9 && rest[2..9].eq_ignore_ascii_case(b"DOCTYPE") {
            return Err(XmlError::new(XmlErrorKind::DoctypeRefused, start as u64));
        }
        if b"<!DOCTYPE".starts_with(rest) || b"<![CDATA[".starts_with(rest) {
            return Err(eof(start));
        }
        Err(syntax("unknown markup after <!".into(), start))
    }
}

const IN_NAME: u8 = 0;
const ENDS_NAME: u8 = 1;
const NOT_IN_NAME: u8 = 2;
const COLON: u8 = 3;

/// What each byte is to an element name: one table load per byte, not seven compares.
static NAME_BYTE: [u8; 256] = {
    let mut table = [IN_NAME; 256];
    table[b' ' as usize] = ENDS_NAME;
    table[b'\t' as usize] = ENDS_NAME;
    table[b'\n' as usize] = ENDS_NAME;
    table[b'\r' as usize] = ENDS_NAME;
    table[0x0C] = ENDS_NAME;
    table[b'/' as usize] = ENDS_NAME;
    table[b'>' as usize] = ENDS_NAME;
    table[b'<' as usize] = NOT_IN_NAME;
    table[b'"' as usize] = NOT_IN_NAME;
    table[b'\'' as usize] = NOT_IN_NAME;
    table[b'=' as usize] = NOT_IN_NAME;
    table[b':' as usize] = COLON;
    table
};

const PLAIN: u8 = 0;
const ENDS_TEXT: u8 = 1;
const NEEDS_DECODING: u8 = 2;

/// What each byte is to character data; [`needs_decoding`] says the same of a whole string.
static TEXT_BYTE: [u8; 256] = {
    let mut table = [PLAIN; 256];
    let mut b = 0;
    while b < 0x20 {
        if b != b'\t' as usize && b != b'\n' as usize {
            table[b] = NEEDS_DECODING;
        }
        b += 1;
    }
    table[0xEF] = NEEDS_DECODING;
    table[b'&' as usize] = NEEDS_DECODING;
    table[b'<' as usize] = ENDS_TEXT;
    table
};

/// Equality of two short names (prefixes, element names) without a call to `memcmp`, which
/// costs more than the compare itself at these lengths.
#[inline(always)]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && if a.len() <= 32 {
            a.iter().zip(b).all(|(x, y)| x == y)
        } else {
            a == b
        }
}

/// The offset of `pattern` at or after `from`; the input ending first is truncation.
fn find(input: &[u8], from: usize, pattern: &[u8], start: usize) -> Result<usize, XmlError> {
    memchr::memmem::find(input.get(from..).unwrap_or_default(), pattern)
        .map(|i| from + i)
        .ok_or_else(|| eof(start))
}

fn eof(position: usize) -> XmlError {
    XmlError::new(XmlErrorKind::UnexpectedEof, position as u64)
}

fn syntax(message: String, position: usize) -> XmlError {
    XmlError::new(XmlErrorKind::Syntax(message), position as u64)
}

/// A character XML 1.0 does not allow in a document.
fn forbidden_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Whether literal text may need work: a reference, a carriage return, or a byte that can
/// start a forbidden character (controls, and 0xEF, the lead byte of U+FFFE / U+FFFF).
#[inline]
pub(crate) fn needs_decoding(text: &str) -> bool {
    // The scanner's table, so the rule is written once (`<` in CDATA needs no decoding).
    text.bytes()
        .any(|b| TEXT_BYTE[b as usize] == NEEDS_DECODING)
}

/// Character data as XML reads it: references resolved, line ends normalised (CR LF and a
/// lone CR become LF; a CR written `&#13;` stays), refused where it holds a character XML
/// forbids. Borrowed when there is nothing to do, which is almost always.
#[inline]
pub(crate) fn decode_text(text: &str, position: u64) -> Result<Cow<'_, str>, XmlError> {
    if !needs_decoding(text) {
        return Ok(Cow::Borrowed(text));
    }
    decode(text, true, position)
}

/// The same, for CDATA: no references, the line ends and characters alike.
pub(crate) fn decode_cdata(text: &str, position: u64) -> Result<Cow<'_, str>, XmlError> {
    if !needs_decoding(text) {
        return Ok(Cow::Borrowed(text));
    }
    decode(text, false, position)
}

/// An attribute value with its references resolved (line ends are left as they are: the
/// reader only looks at namespace URIs and `i:nil` / `i:type`).
pub(crate) fn decode_attr(value: &str, position: u64) -> Result<Cow<'_, str>, XmlError> {
    if !value.contains('&') {
        return Ok(Cow::Borrowed(value));
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = reference(&rest[at..], &mut out, position)?;
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// One pass over the bytes: runs of plain text are copied whole, and nothing is allocated
/// until something changes.
fn decode(text: &str, references: bool, position: u64) -> Result<Cow<'_, str>, XmlError> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    // Start of the literal run not yet copied to `out`.
    let mut run = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'&' if references => {
                out.reserve(text.len());
                out.push_str(&text[run..i]);
                let rest = reference(&text[i..], &mut out, position)?;
                i = text.len() - rest.len();
                run = i;
            }
            b'\r' => {
                out.reserve(text.len());
                out.push_str(&text[run..i]);
                out.push('\n');
                i += 1;
                if bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                run = i;
            }
            b'\t' | b'\n' => i += 1,
            0..=0x1F => {
                return Err(XmlError::new(
                    XmlErrorKind::ForbiddenChar { code: b.into() },
                    position,
                ))
            }
            // U+FFFE and U+FFFF are EF BF BE / EF BF BF.
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                return Err(XmlError::new(
                    XmlErrorKind::ForbiddenChar {
                        code: 0xFF00 | u32::from(bytes[i + 2]),
                    },
                    position,
                ))
            }
            _ => i += 1,
        }
    }
    if run == 0 {
        return Ok(Cow::Borrowed(text));
    }
    out.push_str(&text[run..]);
    Ok(Cow::Owned(out))
}

/// Resolves the reference at the start of `text` (`&name;`, `&#N;`, `&#xH;`) into `out`;
/// returns what follows it.
fn reference<'t>(text: &'t str, out: &mut String, position: u64) -> Result<&'t str, XmlError> {
    let bad = |message: String| XmlError::new(XmlErrorKind::Syntax(message), position);
    // Longer than any predefined name or character reference: not one.
    let semicolon = text
        .bytes()
        .take(12)
        .position(|b| b == b';')
        .ok_or_else(|| bad("a '&' that starts no reference (write &amp;)".into()))?;
    let name = &text[1..semicolon];
    let c = if let Some(number) = name.strip_prefix('#') {
        let (digits, radix) = match number.strip_prefix('x') {
            Some(hex) => (hex, 16),
            None => (number, 10),
        };
        let code = u32::from_str_radix(digits, radix)
            .ok()
            .filter(|_| digits.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(code) = code else {
            return Err(bad(format!("invalid character reference &{name};")));
        };
        match char::from_u32(code) {
            Some('\0') | None => {
                return Err(bad(format!(
                    "character reference &{name}; is not a character"
                )))
            }
            Some(c) if forbidden_char(c) => {
                return Err(XmlError::new(
                    XmlErrorKind::ForbiddenChar { code },
                    position,
                ))
            }
            Some(c) => c,
        }
    } else {
        match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => {
                return Err(XmlError::new(
                    XmlErrorKind::UnknownEntity(name.to_string()),
                    position,
                ))
            }
        }
    };
    out.push(c);
    Ok(&text[semicolon + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(input: &str) -> Result<Vec<Token<'_>>, XmlErrorKind> {
        let mut s = Scanner::new(input.as_bytes());
        let mut out = Vec::new();
        loop {
            match s.next().map_err(|e| e.kind)? {
                Token::Eof => return Ok(out),
                t => out.push(t),
            }
        }
    }

    #[test]
    fn splits_markup_and_text() {
        let got = tokens(
            r#"<?xml version="1.0"?><a x='>' y="/>"><b/>t&amp;<!-- c --><![CDATA[<]]></a >"#,
        )
        .unwrap();
        assert_eq!(
            got,
            [
                Token::Other,
                Token::Start {
                    name: b"a",
                    local_start: 0,
                    attrs: br#" x='>' y="/>""#,
                    empty: false
                },
                Token::Start {
                    name: b"b",
                    local_start: 0,
                    attrs: b"",
                    empty: true
                },
                Token::Text {
                    raw: b"t&amp;",
                    plain: false
                },
                Token::Other,
                Token::CData(b"<"),
                Token::End,
            ]
        );
    }

    #[test]
    fn refuses_what_is_not_well_formed() {
        use XmlErrorKind::*;
        for (input, expected) in [
            ("<a></b>", "mismatch"),
            ("</a>", "no element"),
            ("<>", "no name"),
            ("<a", "eof"),
            ("<a x=\"1", "eof"),
            ("<!-- x", "eof"),
            ("<![CDATA[x", "eof"),
            ("<?pi", "eof"),
            ("<!DOC", "eof"),
            ("<!doctype x>", "doctype"),
            ("<!ELEMENT x>", "unknown"),
            ("<a\"b>", "name"),
        ] {
            let kind = tokens(input).unwrap_err();
            let ok = match expected {
                "eof" => kind == UnexpectedEof,
                "doctype" => kind == DoctypeRefused,
                _ => matches!(kind, Syntax(_)),
            };
            assert!(ok, "{input}: {kind:?}");
        }
    }

    #[test]
    fn decodes_references_line_ends_and_refuses_forbidden_characters() {
        let text = |s: &str| decode_text(s, 0).map(Cow::into_owned).map_err(|e| e.kind);
        assert_eq!(text("plain").unwrap(), "plain");
        assert!(matches!(decode_text("plain", 0), Ok(Cow::Borrowed(_))));
        assert_eq!(text("a&lt;b&gt;&amp;&apos;&quot;").unwrap(), "a<b>&'\"");
        assert_eq!(text("&#65;&#x42;&#x1F600;").unwrap(), "AB\u{1F600}");
        assert_eq!(text("a\r\nb\rc&#13;\nd").unwrap(), "a\nb\nc\r\nd");
        assert_eq!(
            text("&nbsp;").unwrap_err(),
            XmlErrorKind::UnknownEntity("nbsp".into())
        );
        assert_eq!(
            text("a&#1;").unwrap_err(),
            XmlErrorKind::ForbiddenChar { code: 1 }
        );
        assert_eq!(
            text("a\u{1b}").unwrap_err(),
            XmlErrorKind::ForbiddenChar { code: 0x1b }
        );
        for bad in [
            "&#0;",
            "&#x110000;",
            "&#xD800;",
            "&#;",
            "&#x;",
            "&#-1;",
            "&#x+1;",
            "a & b",
            "&amp",
        ] {
            assert!(matches!(text(bad), Err(XmlErrorKind::Syntax(_))), "{bad}");
        }
        assert_eq!(decode_cdata("&amp;\r\n", 0).unwrap(), "&amp;\n");
        assert_eq!(decode_attr("a&amp;b&#x20;", 0).unwrap(), "a&b ");
    }
}
