//! The service's official documentation, where a WSDL has none: the data-object and
//! value-set pages (`objects/<Type>.md`) and the operations' element tables
//! (`<Operation>.elements.md`) of the Microsoft Advertising API documentation (CC BY 4.0),
//! vendored beside the WSDL. Each becomes the rustdoc of the type, field or enum value it
//! describes, with its source named.

use std::collections::BTreeMap;
use std::path::Path;

use crate::Error;

/// What the documentation says about one type: a summary and one line per element or value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypeDoc {
    pub summary: String,
    pub members: BTreeMap<String, String>,
    /// The page it came from (`user.md`), for the attribution.
    pub source: String,
}

/// Documentation by WSDL type name (`User`, `GetUserRequest`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs {
    pub types: BTreeMap<String, TypeDoc>,
}

impl Docs {
    /// Reads `dir/objects/*.md` and `dir/*.elements.md`, in name order (deterministic).
    pub fn load(dir: &Path) -> Result<Docs, Error> {
        let display = dir.display().to_string();
        let read_dir = |d: &Path| -> Result<Vec<std::path::PathBuf>, Error> {
            let mut paths: Vec<_> = std::fs::read_dir(d)
                .map_err(|e| Error::new(&d.display().to_string(), format!("cannot read: {e}")))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .collect();
            paths.sort();
            Ok(paths)
        };
        let mut docs = Docs::default();
        for path in read_dir(&dir.join("objects"))? {
            let text = read(&path)?;
            let name = stem(&path, ".md");
            docs.types.insert(name, object_page(&text));
        }
        for path in read_dir(dir)? {
            let file = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let Some(operation) = file.as_deref().and_then(|f| f.strip_suffix(".elements.md"))
            else {
                continue;
            };
            let text = read(&path)?;
            let source = source_page(&text);
            for (section, suffix) in [
                ("Request Body Elements", "Request"),
                ("Response Body Elements", "Response"),
            ] {
                let members = table_after(&text, section);
                if !members.is_empty() {
                    docs.types.insert(
                        format!("{operation}{suffix}"),
                        TypeDoc {
                            summary: String::new(),
                            members,
                            source: source.clone(),
                        },
                    );
                }
            }
        }
        if docs.types.is_empty() {
            return Err(Error::new(&display, "no documentation pages found".into()));
        }
        Ok(docs)
    }
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path)
        .map_err(|e| Error::new(&path.display().to_string(), format!("cannot read: {e}")))
}

fn stem(path: &Path, suffix: &str) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.strip_suffix(suffix).unwrap_or(&name).to_string()
}

/// The page named in the provenance comment of the first line (`…/user.md @ 38df9bbd58f0`).
fn source_page(text: &str) -> String {
    text.lines()
        .next()
        .and_then(|line| line.split(" @ ").next())
        .and_then(|before| before.rsplit(['/', ':', ' ']).next())
        .filter(|page| page.ends_with(".md"))
        .unwrap_or("")
        .to_string()
}

/// A data-object or value-set page: the paragraph under the title, and the Elements or
/// Values table.
fn object_page(text: &str) -> TypeDoc {
    let mut lines = text.lines().skip_while(|l| !l.starts_with("# "));
    lines.next();
    let summary: Vec<&str> = lines
        .take_while(|l| !l.starts_with('#') && !l.starts_with('>') && !l.starts_with("```"))
        .map(str::trim)
        .collect();
    let summary = summary
        .split(|l| l.is_empty())
        .find(|p| !p.is_empty())
        .map(|p| p.join(" "))
        .unwrap_or_default();
    let mut members = table_after(text, "Elements");
    if members.is_empty() {
        members = table_after(text, "Values");
    }
    TypeDoc {
        summary: rustdoc_text(&summary),
        members,
        source: source_page(text),
    }
}

/// The first table after the heading that ends with `heading`: first column (anchor
/// removed) to the second, as rustdoc text.
fn table_after(text: &str, heading: &str) -> BTreeMap<String, String> {
    let mut members = BTreeMap::new();
    let mut lines = text
        .lines()
        .skip_while(|l| !(l.starts_with('#') && l.trim_end().ends_with(heading)));
    lines.next();
    let rows = lines
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'));
    for row in rows {
        let cells: Vec<&str> = row.trim().trim_matches('|').split('|').collect();
        let (Some(name), Some(description)) = (cells.first(), cells.get(1)) else {
            continue;
        };
        let name = without_anchors(name).trim().to_string();
        if name.is_empty() || name.starts_with('-') || name == "Element" || name == "Value" {
            continue;
        }
        members.insert(name, rustdoc_text(description));
    }
    members
}

fn without_anchors(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<a ") {
        out.push_str(&rest[..start]);
        match rest[start..].find("</a>") {
            Some(end) => rest = &rest[start + end + 4..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Markdown of the documentation as rustdoc reads it safely: line breaks for `<br/>`, link
/// text without its target, brackets and angle brackets escaped (no accidental intra-doc
/// links or HTML), URLs in code spans, and no leading spaces (no accidental code blocks).
pub fn rustdoc_text(markdown: &str) -> String {
    let text = without_anchors(markdown)
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("<br>", "\n");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('[') {
        out.push_str(&escape(&rest[..open]));
        let after = &rest[open + 1..];
        match after.find("](").and_then(|close| {
            after[close + 2..]
                .find(')')
                .map(|end| (close, close + 2 + end + 1))
        }) {
            // A link: its text only.
            Some((close, end)) if !after[..close].contains('[') => {
                out.push_str(&escape(&after[..close]));
                rest = &after[end..];
            }
            _ => {
                out.push_str("\\[");
                rest = after;
            }
        }
    }
    out.push_str(&escape(rest));
    let lines: Vec<String> = out.lines().map(|l| code_spans_for_urls(l.trim())).collect();
    lines.join("\n").trim().to_string()
}

fn escape(text: &str) -> String {
    text.replace('[', "\\[")
        .replace(']', "\\]")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `https://…` in backticks, so rustdoc does not warn about a bare URL.
fn code_spans_for_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 4);
    let mut in_code = false;
    let mut words = line.split(' ').peekable();
    while let Some(word) = words.next() {
        let ticks = word.matches('`').count();
        if !in_code && (word.starts_with("http://") || word.starts_with("https://")) {
            let end = word.trim_end_matches(['.', ',', ';', ')']);
            out.push('`');
            out.push_str(end);
            out.push('`');
            out.push_str(&word[end.len()..]);
        } else {
            out.push_str(word);
        }
        if ticks % 2 == 1 {
            in_code = !in_code;
        }
        if words.peek().is_some() {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_their_text_and_nothing_reads_as_html_or_a_link() {
        assert_eq!(
            rustdoc_text(
                "The [User](user.md) object.<br/><br/>**Add:** Required. See [docs] & <x>."
            ),
            "The User object.\n\n**Add:** Required. See \\[docs\\] & &lt;x&gt;."
        );
        assert_eq!(
            rustdoc_text("Go to https://ads.microsoft.com/x?cid={CustomerId}."),
            "Go to `https://ads.microsoft.com/x?cid={CustomerId}`."
        );
        assert_eq!(rustdoc_text("  indented<br/>    more"), "indented\nmore");
    }

    #[test]
    fn an_object_page_gives_its_summary_and_its_elements() {
        let page = "<!-- User Data Object: MicrosoftDocs/Advertising-docs:Advertising/bingads-13/customer-management-service/user.md @ 38df9bbd58f0 (CC BY 4.0) -->\n\n# User Data Object - Customer Management\nDefines a user.\n\nMore.\n\n## Syntax\n```xml\n```\n\n## <a name=\"elements\"></a>Elements\n\n|Element|Description|Data Type|\n|---|---|---|\n|<a name=\"id\"></a>Id|The user's [identifier](#id).|**long**|\n";
        let doc = object_page(page);
        assert_eq!(doc.summary, "Defines a user.");
        assert_eq!(doc.source, "user.md");
        assert_eq!(doc.members["Id"], "The user's identifier.");
        assert_eq!(doc.members.len(), 1);
    }
}
