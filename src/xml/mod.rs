//! The thin runtime under the generated bindings: a namespace-aware pull reader with depth and
//! size limits, a byte-buffer writer that places namespace prefixes, and the text codecs of the
//! XML Schema types. Generated `read_fields` / `write_fields` bodies are one call per field.
//!
//! ```
//! use bingads::xml::{Base64Binary, DateTime, Decimal};
//!
//! // The text types keep exactly what the service sent: no float, no time zone conversion.
//! let amount = Decimal::new("12345678901234567890.1234567").unwrap();
//! assert_eq!(amount.as_str(), "12345678901234567890.1234567");
//! assert!(DateTime::new("2024-02-29T13:45:30.1234567Z").is_ok());
//! assert!(Decimal::new("1e3").is_err());
//! // TimeStamps (row versions) are bytes, base64 on the wire.
//! assert_eq!(Base64Binary(vec![0, 0, 0, 0, 0, 0, 7, 209]).to_base64(), "AAAAAAAAB9E=");
//! ```

mod error;
mod reader;
#[cfg(feature = "samples")]
mod sample;
mod scan;
#[cfg(test)]
mod scan_oracle;
pub(crate) mod values;
pub(crate) mod writer;

#[cfg(feature = "client")]
pub(crate) use error::json_error_text;
pub(crate) use error::shown;
pub use error::{XmlError, XmlErrorKind};
pub use reader::{Child, Limits, XmlReader};
#[cfg(feature = "samples")]
pub use sample::{round_trip, round_trip_poly, Sample};
pub use values::{Base64Binary, Char, Date, DateTime, Decimal, Duration, Guid, Time, ValueError};
pub use writer::{forbidden_char_in, XmlWriter};

/// Support for the JSON view of polymorphic slots (`"Type"`).
pub mod poly;

/// The SOAP 1.1 envelope namespace.
pub const SOAP_ENV_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The SOAP 1.2 envelope namespace (recognised only to report it clearly).
pub const SOAP12_ENV_NS: &str = "http://www.w3.org/2003/05/soap-envelope";
/// `xmlns:i`, home of `i:nil` and `i:type`.
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// An XML namespace, as an index into a service's [`Namespaces`] table or one of the fixed
/// namespaces below. Comparing two `Ns` is one byte compare, which keeps the generated
/// `match (ns, local)` loops tight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ns(pub u8);

impl Ns {
    /// No namespace (`xmlns=""` or none declared), e.g. SOAP 1.1 `faultcode`.
    pub const NONE: Ns = Ns(250);
    /// The SOAP 1.1 envelope namespace, [`SOAP_ENV_NS`].
    pub const SOAP_ENV: Ns = Ns(251);
    /// The schema-instance namespace of `i:nil` and `i:type`, [`XSI_NS`].
    pub const XSI: Ns = Ns(252);
    /// The SOAP 1.2 envelope namespace, [`SOAP12_ENV_NS`] (recognised only to report it).
    pub const SOAP12_ENV: Ns = Ns(253);
    /// Any namespace this service does not declare.
    pub const UNKNOWN: Ns = Ns(255);
}

/// A service's namespaces (index 0 is the service namespace, written as the default
/// namespace) and the prefix each other namespace is written with.
#[derive(Debug)]
pub struct Namespaces {
    /// Namespace URIs by [`Ns`] index; index 0 is the service namespace.
    pub uris: &'static [&'static str],
    /// The prefix each namespace is written with, by the same index (`""` for index 0).
    pub prefixes: &'static [&'static str],
}

impl Namespaces {
    /// The URI of `ns`, for messages.
    pub fn uri(&self, ns: Ns) -> &'static str {
        match ns {
            Ns::NONE => "",
            Ns::SOAP_ENV => SOAP_ENV_NS,
            Ns::XSI => XSI_NS,
            Ns::SOAP12_ENV => SOAP12_ENV_NS,
            Ns(i) => self
                .uris
                .get(i as usize)
                .copied()
                .unwrap_or("(undeclared namespace)"),
        }
    }
}

/// A generated complex type: its fields are read and written in schema order.
pub trait XmlComplex: Sized + Default {
    /// The WSDL name of the type.
    const TYPE_NAME: &'static str;
    /// The namespace of the type, which is also the namespace of its fields' elements.
    const TYPE_NS: Ns;
    /// Writes the child elements (not the element that holds them).
    fn write_fields(&self, w: &mut XmlWriter<'_>);
    /// Reads the child elements of the element the reader has just entered, up to its end tag.
    fn read_fields(r: &mut XmlReader<'_>) -> Result<Self, XmlError>;
}

/// A slot declared with a base type that has derived types: the generated `Any{Base}` enums.
/// Reading dispatches on `i:type`; writing emits `i:type` for a derived value.
pub trait XmlPoly: Sized {
    /// Reads the element just entered (not nil), by its `i:type`.
    fn read_poly(r: &mut XmlReader<'_>, c: &Child<'_>) -> Result<Self, XmlError>;
    /// Writes the whole element `local` in `ns`.
    fn write_poly(&self, w: &mut XmlWriter<'_>, ns: Ns, local: &str);
}

/// A value carried as element text.
pub trait XmlText: Sized {
    /// What the text must be, for error messages (`"xs:long"`).
    const EXPECTED: &'static str;
    /// Reads a value from element text (already unescaped).
    fn parse_text(text: &str) -> Result<Self, ValueError>;
    /// Like [`XmlText::parse_text`] for text that was unescaped into a new `String`: strings
    /// keep that allocation. On error the text comes back for the message.
    fn from_owned(text: String) -> Result<Self, (ValueError, String)> {
        Self::parse_text(&text).map_err(|e| (e, text))
    }
    /// Appends the escaped text.
    fn write_text(&self, out: &mut Vec<u8>);
}

/// A generated enumeration: unknown wire values are kept, not rejected.
pub trait XmlEnum: Sized {
    /// The value for its wire text; an unknown text is kept as it came.
    fn from_wire(text: &str) -> Self;
    /// The wire text of the value.
    fn as_wire(&self) -> &str;
}

/// Rejects a known element seen twice, or after one that comes later in the sequence
/// (the service writes schema order; anything else is a corrupted or forged body).
#[derive(Default)]
pub struct Order {
    last: u32,
}

impl Order {
    /// Accepts the element at schema position `index`, or fails when it repeats or comes
    /// after a later one.
    #[inline]
    pub fn check(&mut self, index: u16, c: &Child<'_>) -> Result<(), XmlError> {
        let rank = u32::from(index) + 1;
        if rank > self.last {
            self.last = rank;
            return Ok(());
        }
        let name = String::from_utf8_lossy(c.local).into_owned();
        let kind = if rank == self.last {
            XmlErrorKind::DuplicateElement(name)
        } else {
            XmlErrorKind::OutOfOrder(name)
        };
        Err(XmlError::new(kind, c.position))
    }
}
