//! A human-readable API diff between two WSDLs of a service: what a maintainer reads when
//! Microsoft ships a new WSDL (`bingads-codegen diff OLD NEW`). Types and operations are
//! matched by local name, so two versions with different namespaces (v12, v13) compare.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{ComplexType, Field, SimpleType, Wsdl};

/// One difference inside an operation or a type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// `+ Field: type`, `- Field: type`, `~ Field: …`.
    pub text: String,
    /// Code written against the old WSDL may stop compiling or stop working.
    pub breaking: bool,
}

/// Everything that differs between two WSDLs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiDiff {
    pub old_service: String,
    pub new_service: String,
    pub old_namespace: String,
    pub new_namespace: String,
    pub operations_added: Vec<String>,
    pub operations_removed: Vec<String>,
    pub operations_changed: BTreeMap<String, Vec<Change>>,
    pub types_added: Vec<String>,
    pub types_removed: Vec<String>,
    pub types_changed: BTreeMap<String, Vec<Change>>,
}

impl ApiDiff {
    /// How many changes break code written against the old WSDL.
    pub fn breaking_count(&self) -> usize {
        let nested = |m: &BTreeMap<String, Vec<Change>>| {
            m.values()
                .flat_map(|c| c.iter())
                .filter(|c| c.breaking)
                .count()
        };
        usize::from(self.old_namespace != self.new_namespace)
            + self.operations_removed.len()
            + self.types_removed.len()
            + nested(&self.operations_changed)
            + nested(&self.types_changed)
    }

    pub fn is_empty(&self) -> bool {
        self.old_namespace == self.new_namespace
            && self.operations_added.is_empty()
            && self.operations_removed.is_empty()
            && self.operations_changed.is_empty()
            && self.types_added.is_empty()
            && self.types_removed.is_empty()
            && self.types_changed.is_empty()
    }
}

/// A type as the diff sees it.
enum Ty<'a> {
    Complex(&'a ComplexType),
    Simple(&'a SimpleType),
}

fn types(w: &Wsdl) -> BTreeMap<&str, Ty<'_>> {
    let mut out = BTreeMap::new();
    for ct in w.complex_types.values() {
        out.insert(ct.name.name.as_str(), Ty::Complex(ct));
    }
    for st in w.simple_types.values() {
        out.insert(st.name().name.as_str(), Ty::Simple(st));
    }
    out
}

fn describe(f: &Field) -> String {
    let mut text = format!("{}: {}", f.name, f.ty.name);
    if f.unbounded {
        text.push_str("[]");
    }
    if f.nillable {
        text.push_str(", nillable");
    }
    if f.min_occurs > 0 {
        text.push_str(", required");
    }
    text
}

fn change(text: String, breaking: bool) -> Change {
    Change { text, breaking }
}

fn diff_fields(old: &[Field], new: &[Field]) -> Vec<Change> {
    let mut out = Vec::new();
    for f in old {
        match new.iter().find(|n| n.name == f.name) {
            None => out.push(change(format!("- {}", describe(f)), true)),
            Some(n) => {
                if n.ty.name != f.ty.name || n.unbounded != f.unbounded {
                    out.push(change(
                        format!("~ {}: type {} -> {}", f.name, f.ty.name, n.ty.name),
                        true,
                    ));
                }
                if n.nillable != f.nillable {
                    // Losing nillable refuses the nil a client may send.
                    out.push(change(
                        format!("~ {}: nillable {} -> {}", f.name, f.nillable, n.nillable),
                        f.nillable,
                    ));
                }
                if n.min_occurs != f.min_occurs {
                    out.push(change(
                        format!(
                            "~ {}: minOccurs {} -> {}",
                            f.name, f.min_occurs, n.min_occurs
                        ),
                        n.min_occurs > f.min_occurs,
                    ));
                }
            }
        }
    }
    for n in new {
        if !old.iter().any(|f| f.name == n.name) {
            // A new required element breaks requests that do not send it.
            out.push(change(format!("+ {}", describe(n)), n.min_occurs > 0));
        }
    }
    // Elements are read and written in sequence order: a reordering is a wire change.
    let common_old: Vec<&str> = old
        .iter()
        .filter(|f| new.iter().any(|n| n.name == f.name))
        .map(|f| f.name.as_str())
        .collect();
    let common_new: Vec<&str> = new
        .iter()
        .filter(|n| old.iter().any(|f| f.name == n.name))
        .map(|n| n.name.as_str())
        .collect();
    if common_old != common_new {
        out.push(change(
            format!(
                "~ element order: {} -> {}",
                common_old.join(", "),
                common_new.join(", ")
            ),
            true,
        ));
    }
    out
}

fn diff_type(old_w: &Wsdl, old: &Ty<'_>, new_w: &Wsdl, new: &Ty<'_>) -> Vec<Change> {
    match (old, new) {
        (Ty::Complex(o), Ty::Complex(n)) => {
            let mut out = Vec::new();
            let base = |t: &ComplexType| t.base.as_ref().map(|b| b.name.clone());
            if base(o) != base(n) {
                out.push(change(
                    format!(
                        "~ base: {} -> {}",
                        base(o).unwrap_or_else(|| "(none)".into()),
                        base(n).unwrap_or_else(|| "(none)".into())
                    ),
                    true,
                ));
            }
            if o.is_abstract != n.is_abstract {
                out.push(change(
                    format!("~ abstract: {} -> {}", o.is_abstract, n.is_abstract),
                    n.is_abstract,
                ));
            }
            // Own fields only: a change in a base type is reported once, on the base.
            let _ = (old_w, new_w);
            out.extend(diff_fields(&o.fields, &n.fields));
            out
        }
        (Ty::Simple(o), Ty::Simple(n)) => match (o, n) {
            (
                SimpleType::Enum { values: a, .. } | SimpleType::Flags { values: a, .. },
                SimpleType::Enum { values: b, .. } | SimpleType::Flags { values: b, .. },
            ) => {
                let mut out = Vec::new();
                for v in a.iter().filter(|v| !b.contains(v)) {
                    out.push(change(format!("- value {v}"), true));
                }
                for v in b.iter().filter(|v| !a.contains(v)) {
                    // Unknown values are kept as text, so a new value breaks nothing.
                    out.push(change(format!("+ value {v}"), false));
                }
                if matches!(o, SimpleType::Flags { .. }) != matches!(n, SimpleType::Flags { .. }) {
                    out.push(change("~ list of flags <-> single value".into(), true));
                }
                out
            }
            (SimpleType::Restriction { base: a, .. }, SimpleType::Restriction { base: b, .. })
                if a.name == b.name =>
            {
                Vec::new()
            }
            _ => vec![change("~ kind of simple type changed".into(), true)],
        },
        _ => vec![change(
            "~ changed between a complex and a simple type".into(),
            true,
        )],
    }
}

/// Compares two parsed WSDLs.
pub fn diff(old: &Wsdl, new: &Wsdl) -> ApiDiff {
    let mut d = ApiDiff {
        old_service: old.service_name.clone(),
        new_service: new.service_name.clone(),
        old_namespace: old.target_ns.clone(),
        new_namespace: new.target_ns.clone(),
        ..ApiDiff::default()
    };
    for op in &old.operations {
        match new.operations.iter().find(|n| n.name == op.name) {
            None => d.operations_removed.push(op.name.clone()),
            Some(n) => {
                let mut changes = Vec::new();
                if n.soap_action != op.soap_action {
                    changes.push(change(
                        format!("~ SOAPAction {} -> {}", op.soap_action, n.soap_action),
                        true,
                    ));
                }
                let names = |h: &[crate::model::QName]| {
                    h.iter().map(|q| q.name.clone()).collect::<Vec<_>>()
                };
                let (a, b) = (names(&op.input_headers), names(&n.input_headers));
                for h in a.iter().filter(|h| !b.contains(h)) {
                    changes.push(change(format!("- request header {h}"), false));
                }
                for h in b.iter().filter(|h| !a.contains(h)) {
                    changes.push(change(format!("+ request header {h}"), false));
                }
                let (a, b) = (names(&op.faults), names(&n.faults));
                for h in b.iter().filter(|h| !a.contains(h)) {
                    changes.push(change(format!("+ fault {h}"), false));
                }
                if !changes.is_empty() {
                    d.operations_changed.insert(op.name.clone(), changes);
                }
            }
        }
    }
    for op in &new.operations {
        if !old.operations.iter().any(|o| o.name == op.name) {
            d.operations_added.push(op.name.clone());
        }
    }
    let (old_types, new_types) = (types(old), types(new));
    for (name, ty) in &old_types {
        match new_types.get(name) {
            None => d.types_removed.push(name.to_string()),
            Some(n) => {
                let changes = diff_type(old, ty, new, n);
                if !changes.is_empty() {
                    d.types_changed.insert(name.to_string(), changes);
                }
            }
        }
    }
    for name in new_types.keys() {
        if !old_types.contains_key(name) {
            d.types_added.push(name.to_string());
        }
    }
    d
}

impl fmt::Display for ApiDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "API diff {} ({}) -> {} ({})",
            self.old_service, self.old_namespace, self.new_service, self.new_namespace
        )?;
        if self.is_empty() {
            return writeln!(f, "no differences");
        }
        let mark = |breaking: bool| if breaking { "  [breaking]" } else { "" };
        if self.old_namespace != self.new_namespace {
            writeln!(
                f,
                "\n! namespace changed: every element moves to {}{}",
                self.new_namespace,
                mark(true)
            )?;
        }
        writeln!(
            f,
            "\nOperations: {} added, {} removed, {} changed",
            self.operations_added.len(),
            self.operations_removed.len(),
            self.operations_changed.len()
        )?;
        for op in &self.operations_added {
            writeln!(f, "  + {op}")?;
        }
        for op in &self.operations_removed {
            writeln!(f, "  - {op}{}", mark(true))?;
        }
        for (op, changes) in &self.operations_changed {
            writeln!(f, "  ~ {op}")?;
            for c in changes {
                writeln!(f, "      {}{}", c.text, mark(c.breaking))?;
            }
        }
        writeln!(
            f,
            "\nTypes: {} added, {} removed, {} changed",
            self.types_added.len(),
            self.types_removed.len(),
            self.types_changed.len()
        )?;
        for t in &self.types_added {
            writeln!(f, "  + {t}")?;
        }
        for t in &self.types_removed {
            writeln!(f, "  - {t}{}", mark(true))?;
        }
        for (t, changes) in &self.types_changed {
            writeln!(f, "  ~ {t}")?;
            for c in changes {
                writeln!(f, "      {}{}", c.text, mark(c.breaking))?;
            }
        }
        writeln!(f, "\n{} breaking changes", self.breaking_count())
    }
}
