//! The generator's intermediate form of one WSDL: schema types, top-level elements and the
//! operations of the service, with every QName already resolved to (namespace, local name).

use std::collections::BTreeMap;
use std::fmt;

pub const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";
pub const SERIALIZATION_NS: &str = "http://schemas.microsoft.com/2003/10/Serialization/";

/// A namespace-qualified name. Ordered, so every map over it iterates deterministically.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QName {
    pub ns: String,
    pub name: String,
}

impl QName {
    pub fn new(ns: impl Into<String>, name: impl Into<String>) -> Self {
        QName {
            ns: ns.into(),
            name: name.into(),
        }
    }
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}{}", self.ns, self.name)
    }
}

/// One `xs:element` inside a sequence.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    /// The element's own namespace: the target namespace of the schema that declared it
    /// (every schema here is `elementFormDefault="qualified"`).
    pub ns: String,
    pub ty: QName,
    pub min_occurs: u32,
    pub unbounded: bool,
    pub nillable: bool,
    /// False when the data contract says `EmitDefaultValue="false"`: the service leaves the
    /// member out when it is null instead of writing `i:nil` (e.g. `ClientLink`'s
    /// `ClientEntityCustomerNumber`).
    pub emit_default: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ComplexType {
    pub name: QName,
    /// `xs:extension base`: the base type's fields come first on the wire.
    pub base: Option<QName>,
    pub fields: Vec<Field>,
    pub is_abstract: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SimpleType {
    /// `xs:restriction` with `xs:enumeration` values.
    Enum { name: QName, values: Vec<String> },
    /// `xs:list` of an enumeration: a space-separated set of flags.
    Flags { name: QName, values: Vec<String> },
    /// A restriction without enumerations (patterns, ranges): represented as its base.
    Restriction { name: QName, base: QName },
}

impl SimpleType {
    pub fn name(&self) -> &QName {
        match self {
            SimpleType::Enum { name, .. }
            | SimpleType::Flags { name, .. }
            | SimpleType::Restriction { name, .. } => name,
        }
    }
}

/// A global `xs:element` (operation wrappers, header parts, fault details).
#[derive(Clone, Debug, PartialEq)]
pub struct ElementDecl {
    pub name: QName,
    pub ty: QName,
    pub nillable: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    pub name: String,
    pub soap_action: String,
    pub input: QName,
    pub output: QName,
    pub input_headers: Vec<QName>,
    pub output_headers: Vec<QName>,
    pub faults: Vec<QName>,
    /// The operation's `wsdl:documentation`, if any.
    pub documentation: Option<String>,
}

/// Everything the emitter needs from one WSDL file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Wsdl {
    pub service_name: String,
    pub target_ns: String,
    pub endpoint: Option<String>,
    pub complex_types: BTreeMap<QName, ComplexType>,
    pub simple_types: BTreeMap<QName, SimpleType>,
    pub elements: BTreeMap<QName, ElementDecl>,
    /// In portType order.
    pub operations: Vec<Operation>,
    /// Every `targetNamespace` of the embedded schemas, in document order.
    pub schema_namespaces: Vec<String>,
    /// What the WSDL's own `xs:documentation` says, by type name (rustdoc, not yet escaped).
    pub documentation: crate::docs::Docs,
}

impl Wsdl {
    /// The single element of an `ArrayOfX` wrapper: `Some(item field)` when the type is a list.
    pub fn array_item(&self, ty: &QName) -> Option<&Field> {
        let ct = self.complex_types.get(ty)?;
        if ct.base.is_some() || ct.fields.len() != 1 || !ct.name.name.starts_with("ArrayOf") {
            return None;
        }
        let item = &ct.fields[0];
        item.unbounded.then_some(item)
    }

    /// Types derived from `base`, directly or not, sorted by name.
    pub fn derived_types(&self, base: &QName) -> Vec<&ComplexType> {
        let mut out: Vec<&ComplexType> = self
            .complex_types
            .values()
            .filter(|ct| {
                let mut cur = ct.base.as_ref();
                while let Some(b) = cur {
                    if b == base {
                        return true;
                    }
                    cur = self.complex_types.get(b).and_then(|t| t.base.as_ref());
                }
                false
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// The fields of a complex type with its bases' fields first, as they appear on the wire.
    pub fn all_fields(&self, ty: &ComplexType) -> Vec<Field> {
        let mut chain = vec![ty];
        let mut cur = ty.base.as_ref();
        while let Some(b) = cur {
            match self.complex_types.get(b) {
                Some(t) if !chain.iter().any(|c| c.name == t.name) => {
                    chain.push(t);
                    cur = t.base.as_ref();
                }
                _ => break,
            }
        }
        chain
            .iter()
            .rev()
            .flat_map(|t| t.fields.iter().cloned())
            .collect()
    }
}
