//! Rust identifiers from WSDL names: case conversion plus keyword sanitizing (prost-build's rules).

use heck::{ToSnakeCase, ToUpperCamelCase};
use unicode_ident::{is_xid_continue, is_xid_start};

/// `ContactInfo` -> `contact_info`, `type` -> `r#type`.
pub fn to_snake(name: &str) -> String {
    sanitize_identifier(name.to_snake_case())
}

/// `long` -> `Long`, `KeyValuePairOfstringstring` keeps its capitals where they are.
pub fn to_upper_camel(name: &str) -> String {
    // heck would fold `MFAStatus` into `MfaStatus`; WSDL type names are already PascalCase,
    // so only the first letter is raised and characters Rust rejects are dropped.
    let mut out = String::with_capacity(name.len());
    for (i, ch) in name.chars().filter(|c| is_xid_continue(*c)).enumerate() {
        if i == 0 {
            out.extend(ch.to_uppercase());
        } else {
            out.push(ch);
        }
    }
    if out.is_empty() {
        return "Unnamed".to_string();
    }
    sanitize_identifier(out)
}

/// An enum variant from an enumeration value: `en-US` -> `EnUs`, `1` -> `_1`.
pub fn to_variant(value: &str) -> String {
    let camel = value.to_upper_camel_case();
    if camel.is_empty() {
        return "Empty".to_string();
    }
    sanitize_identifier(camel)
}

/// Module names from namespace URIs: the last path segment, snake-cased.
/// `https://bingads.microsoft.com/Customer/v13/Entities` -> `entities`,
/// `https://adapi.microsoft.com` -> `adapi`,
/// `http://schemas.datacontract.org/2004/07/System.Collections.Generic` -> `system_collections_generic`.
pub fn module_from_namespace(ns: &str) -> String {
    let trimmed = ns.trim_end_matches('/');
    let without_scheme = trimmed.split("://").nth(1).unwrap_or(trimmed);
    let mut segments = without_scheme.split('/');
    let host = segments.next().unwrap_or_default();
    let last = segments
        .next_back()
        .unwrap_or_else(|| host.split('.').next().unwrap_or(host));
    let snake = last.replace('.', "_").to_snake_case();
    sanitize_identifier(if snake.is_empty() {
        "ns".to_string()
    } else {
        snake
    })
}

const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords become raw identifiers; the ones that cannot be raw get a trailing `_`; a name
/// that cannot start an identifier (a digit, a combining mark) gets a `_` prefix. Characters
/// Rust rejects are dropped: XML names allow more (`¹`, `-`), and the generator must never panic.
pub fn sanitize_identifier(ident: String) -> String {
    let mut ident: String = ident.chars().filter(|c| is_xid_continue(*c)).collect();
    if ident.is_empty() {
        return "unnamed".to_string();
    }
    if !ident.starts_with(|c: char| is_xid_start(c) || c == '_') {
        ident.insert(0, '_');
    }
    match ident.as_str() {
        "self" | "super" | "crate" | "Self" | "extern" | "_" => return format!("{ident}_"),
        _ => {}
    }
    if KEYWORDS.contains(&ident.as_str()) {
        return format!("r#{ident}");
    }
    ident
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake() {
        for (input, want) in [
            ("ContactInfo", "contact_info"),
            ("Id", "id"),
            ("type", "r#type"),
            ("Type", "r#type"),
            ("self", "self_"),
            ("MFAStatus", "mfa_status"),
            ("a.b-c", "a_b_c"),
            ("\u{b2}", "unnamed"),
            ("key", "key"),
            ("TopN", "top_n"),
        ] {
            assert_eq!(to_snake(input), want, "{input}");
        }
    }

    #[test]
    fn upper_camel() {
        for (input, want) in [
            ("long", "Long"),
            ("GetUserMFAStatusRequest", "GetUserMFAStatusRequest"),
            ("KeyValuePairOfstringstring", "KeyValuePairOfstringstring"),
            ("Self", "Self_"),
            ("AdSe?viceClient", "AdSeviceClient"),
            ("Caf\u{e9}\u{b7}2", "Caf\u{e9}\u{b7}2"),
            ("\u{b2}x", "X"),
            ("\u{b2}", "Unnamed"),
            ("\u{300}a", "_\u{300}a"),
        ] {
            assert_eq!(to_upper_camel(input), want, "{input}");
        }
    }

    #[test]
    fn variants() {
        for (input, want) in [
            ("Active", "Active"),
            ("en-US", "EnUs"),
            ("1", "_1"),
            ("", "Empty"),
        ] {
            assert_eq!(to_variant(input), want, "{input:?}");
        }
    }

    #[test]
    fn modules() {
        for (input, want) in [
            (
                "https://bingads.microsoft.com/Customer/v13/Entities",
                "entities",
            ),
            (
                "https://bingads.microsoft.com/Customer/v13/Exception",
                "exception",
            ),
            ("https://adapi.microsoft.com", "adapi"),
            (
                "http://schemas.microsoft.com/2003/10/Serialization/Arrays",
                "arrays",
            ),
            (
                "http://schemas.microsoft.com/2003/10/Serialization/",
                "serialization",
            ),
            (
                "http://schemas.datacontract.org/2004/07/System.Collections.Generic",
                "system_collections_generic",
            ),
        ] {
            assert_eq!(module_from_namespace(input), want, "{input}");
        }
    }
}
