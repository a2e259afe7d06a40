/// Why a document could not be read, and where (byte offset into the body).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} (at byte {position})")]
pub struct XmlError {
    /// What went wrong.
    pub kind: XmlErrorKind,
    /// Byte offset into the body where it went wrong.
    pub position: u64,
}

/// What went wrong. Match on this to tell a truncated body from a forged one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum XmlErrorKind {
    /// Not well-formed XML (unclosed tags, bad attributes, mismatched end tags, ...).
    #[error("malformed XML: {0}")]
    Syntax(String),
    /// The body ends before the document does.
    #[error("the body ends before the XML document does (truncated?)")]
    UnexpectedEof,
    /// An empty body.
    #[error("the body is empty")]
    Empty,
    /// Bytes that are not UTF-8.
    #[error("the body is not valid UTF-8")]
    NotUtf8,
    /// `<!DOCTYPE`: refused, so entity declarations are never expanded.
    #[error("DOCTYPE declarations are refused (no entity expansion)")]
    DoctypeRefused,
    /// An entity reference other than the five predefined ones and character references.
    #[error("unknown entity reference &{0};")]
    UnknownEntity(String),
    /// Elements nested deeper than [`super::Limits::max_depth`].
    #[error("elements are nested deeper than the limit of {limit}")]
    DepthLimit {
        /// The configured maximum depth.
        limit: u32,
    },
    /// A body larger than [`super::Limits::max_body_bytes`].
    #[error("the body has {actual} bytes, more than the limit of {limit}")]
    SizeLimit {
        /// The configured maximum, in bytes.
        limit: usize,
        /// The body's size, in bytes.
        actual: usize,
    },
    /// Element text that is not a valid value of the element's type.
    #[error("element {element}: {text:?} is not a valid {expected}")]
    InvalidValue {
        /// The element's local name.
        element: String,
        /// What the text must be (`xs:long`).
        expected: &'static str,
        /// The text found, cut to its first 64 characters (then `…`).
        text: String,
    },
    /// A known element that appears twice.
    #[error("element {0} appears more than once")]
    DuplicateElement(String),
    /// A known element before one that precedes it in the schema sequence.
    #[error("element {0} is out of schema order")]
    OutOfOrder(String),
    /// An element where another was required (e.g. `html` instead of `s:Envelope`).
    #[error("expected {expected}, found {found}")]
    UnexpectedElement {
        /// What was required.
        expected: String,
        /// What was there instead.
        found: String,
    },
    /// The right element name in the wrong namespace (e.g. a v12 response read as v13).
    #[error("element {element} is in namespace {found:?}, expected {expected:?}")]
    WrongNamespace {
        /// The element's local name.
        element: String,
        /// The namespace URI required.
        expected: String,
        /// The namespace URI found.
        found: String,
    },
    /// A child element inside an element whose type is a simple value.
    #[error("unexpected element {0} inside a text value")]
    ElementInText(String),
    /// An element name with a prefix that no `xmlns:` declares.
    #[error("namespace prefix {0:?} is not declared")]
    UnboundPrefix(String),
    /// The envelope has no `s:Body`.
    #[error("the SOAP envelope has no Body")]
    MissingBody,
    /// A character XML 1.0 does not allow (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F,
    /// U+FFFE, U+FFFF), raw or as a character reference.
    #[error("U+{code:04X} is not a character XML 1.0 allows")]
    ForbiddenChar {
        /// The character's code point.
        code: u32,
    },
}

impl XmlError {
    /// An error of `kind` at byte `position`.
    pub fn new(kind: XmlErrorKind, position: u64) -> Self {
        XmlError { kind, position }
    }
}

/// The longest stretch of a bad value an error quotes, in characters.
const SHOWN_CHARS: usize = 64;

/// A value as an error quotes it: its first 64 characters, then `…` when there was more
/// (a 1 MB bad value makes a short error). XML's invalid values and JSON's share it.
pub(crate) fn shown(text: &str) -> String {
    let mut shown: String = text.chars().take(SHOWN_CHARS).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    shown
}

/// A serde_json error as text with the value it quotes cut by [`shown`] (serde_json's own
/// message quotes the whole string: `invalid type: string "…", expected u32 at line 1
/// column 9`), keeping where it is. (Only the HTTP client reads JSON it did not write.)
#[cfg(feature = "client")]
pub(crate) fn json_error_text(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let (message, position) = match full.rfind(" at line ") {
        Some(i) if error.line() > 0 => full.split_at(i),
        _ => (full.as_str(), ""),
    };
    let cut = match (message.find('"'), message.rfind('"')) {
        (Some(first), Some(last)) if last > first => format!(
            "{}\"{}\"{}",
            &message[..first],
            shown(&message[first + 1..last]),
            shown(&message[last + 1..])
        ),
        _ => shown(message),
    };
    format!("{cut}{position}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_json_error_quotes_a_cut_excerpt_and_keeps_the_position() {
        let huge = format!("\"{}\"", "v".repeat(1_000_000));
        let e = serde_json::from_str::<u32>(&huge).unwrap_err();
        assert!(
            e.to_string().len() > 1_000_000,
            "serde_json quotes it whole"
        );
        let text = super::json_error_text(&e);
        assert!(text.len() < 200, "{text}");
        assert!(
            text.contains("…") && text.contains("expected u32"),
            "{text}"
        );
        assert!(
            text.ends_with(&format!("at line 1 column {}", e.column())),
            "{text}"
        );
        let e = serde_json::from_str::<u32>("[1,").unwrap_err();
        assert_eq!(super::json_error_text(&e), e.to_string());
    }
}
