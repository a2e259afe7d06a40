use std::fmt;

/// Why a document could not be read, and where (byte offset into the body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// What went wrong.
    pub kind: XmlErrorKind,
    /// Byte offset into the body where it went wrong.
    pub position: u64,
}

/// What went wrong. Match on this to tell a truncated body from a forged one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum XmlErrorKind {
    /// Not well-formed XML (unclosed tags, bad attributes, mismatched end tags, ...).
    Syntax(String),
    /// The body ends before the document does.
    UnexpectedEof,
    /// An empty body.
    Empty,
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// `<!DOCTYPE`: refused, so entity declarations are never expanded.
    DoctypeRefused,
    /// An entity reference other than the five predefined ones and character references.
    UnknownEntity(String),
    /// Elements nested deeper than [`super::Limits::max_depth`].
    DepthLimit {
        /// The configured maximum depth.
        limit: u32,
    },
    /// A body larger than [`super::Limits::max_body_bytes`].
    SizeLimit {
        /// The configured maximum, in bytes.
        limit: usize,
        /// The body's size, in bytes.
        actual: usize,
    },
    /// Element text that is not a valid value of the element's type.
    InvalidValue {
        /// The element's local name.
        element: String,
        /// What the text must be (`xs:long`).
        expected: &'static str,
        /// The text found, cut to its first 64 characters (then `…`).
        text: String,
    },
    /// A known element that appears twice.
    DuplicateElement(String),
    /// A known element before one that precedes it in the schema sequence.
    OutOfOrder(String),
    /// An element where another was required (e.g. `html` instead of `s:Envelope`).
    UnexpectedElement {
        /// What was required.
        expected: String,
        /// What was there instead.
        found: String,
    },
    /// The right element name in the wrong namespace (e.g. a v12 response read as v13).
    WrongNamespace {
        /// The element's local name.
        element: String,
        /// The namespace URI required.
        expected: String,
        /// The namespace URI found.
        found: String,
    },
    /// A child element inside an element whose type is a simple value.
    ElementInText(String),
    /// An element name with a prefix that no `xmlns:` declares.
    UnboundPrefix(String),
    /// The envelope has no `s:Body`.
    MissingBody,
    /// A character XML 1.0 does not allow (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F,
    /// U+FFFE, U+FFFF), raw or as a character reference.
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

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use XmlErrorKind::*;
        match &self.kind {
            Syntax(m) => write!(f, "malformed XML: {m}")?,
            UnexpectedEof => {
                f.write_str("the body ends before the XML document does (truncated?)")?
            }
            Empty => f.write_str("the body is empty")?,
            NotUtf8 => f.write_str("the body is not valid UTF-8")?,
            DoctypeRefused => {
                f.write_str("DOCTYPE declarations are refused (no entity expansion)")?
            }
            UnknownEntity(e) => write!(f, "unknown entity reference &{e};")?,
            DepthLimit { limit } => {
                write!(f, "elements are nested deeper than the limit of {limit}")?
            }
            SizeLimit { limit, actual } => write!(
                f,
                "the body has {actual} bytes, more than the limit of {limit}"
            )?,
            InvalidValue {
                element,
                expected,
                text,
            } => write!(f, "element {element}: {text:?} is not a valid {expected}")?,
            DuplicateElement(e) => write!(f, "element {e} appears more than once")?,
            OutOfOrder(e) => write!(f, "element {e} is out of schema order")?,
            UnexpectedElement { expected, found } => {
                write!(f, "expected {expected}, found {found}")?
            }
            WrongNamespace {
                element,
                expected,
                found,
            } => write!(
                f,
                "element {element} is in namespace {found:?}, expected {expected:?}"
            )?,
            ElementInText(e) => write!(f, "unexpected element {e} inside a text value")?,
            UnboundPrefix(p) => write!(f, "namespace prefix {p:?} is not declared")?,
            MissingBody => f.write_str("the SOAP envelope has no Body")?,
            ForbiddenChar { code } => write!(f, "U+{code:04X} is not a character XML 1.0 allows")?,
        }
        write!(f, " (at byte {})", self.position)
    }
}

impl std::error::Error for XmlError {}
