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

/// What an operation page says about its operation, as rustdoc text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OperationDoc {
    /// The text between the page's title and "Request Elements".
    pub description: String,
    /// The page's "Remarks" section (without its heading), or empty.
    pub remarks: String,
    /// The page it came from (`getuser.md`), for the attribution.
    pub source: String,
}

/// One entry of the guide "Operation Error Codes" (`operation-error-codes.md`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorEntry {
    pub code: i32,
    /// The symbolic code, where the entry has one ("Not applicable" for Customer Management).
    pub symbol: Option<String>,
    /// The entry's description as one rustdoc paragraph.
    pub description: String,
    /// The entry as written, to find the operations it names.
    raw: String,
}

impl ErrorEntry {
    /// Whether the entry names `operation` (as a word, or as its request: `GetUserRequest`).
    pub fn names(&self, operation: &str) -> bool {
        let text = self.raw.as_str();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        text.match_indices(operation).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = &text[at + operation.len()..];
            let after = after.strip_prefix("Request").unwrap_or(after);
            !word(before) && !word(after.chars().next())
        })
    }
}

/// Documentation by WSDL type name (`User`, `GetUserRequest`) and by operation name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs {
    pub types: BTreeMap<String, TypeDoc>,
    pub operations: BTreeMap<String, OperationDoc>,
    /// The vendored entries of "Operation Error Codes" (those naming one of the service's
    /// operations), in page order; `None` when none were vendored.
    pub errors: Option<Vec<ErrorEntry>>,
}

impl Docs {
    /// The documented error-code entries that name `operation`.
    pub fn errors_of(&self, operation: &str) -> Vec<&ErrorEntry> {
        self.errors
            .iter()
            .flatten()
            .filter(|e| e.names(operation))
            .collect()
    }
}

impl Docs {
    /// Reads `dir/objects/*.md` (when there is such a folder), `dir/*.elements.md`,
    /// `dir/*.operation.md` and `dir/operation-error-codes.md`, in name order (deterministic).
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
        let objects = dir.join("objects");
        for path in if objects.is_dir() {
            read_dir(&objects)?
        } else {
            Vec::new()
        } {
            let text = read(&path)?;
            let name = stem(&path, ".md");
            docs.types.insert(name, object_page(&text));
        }
        for path in read_dir(dir)? {
            let file = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if file.as_deref() == Some("operation-error-codes.md") {
                docs.errors = Some(error_entries(&read(&path)?));
                continue;
            }
            if let Some(operation) = file
                .as_deref()
                .and_then(|f| f.strip_suffix(".operation.md"))
            {
                docs.operations
                    .insert(operation.to_string(), operation_page(&read(&path)?));
                continue;
            }
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
        if docs.types.is_empty() && docs.operations.is_empty() {
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

/// An operation page's description and Remarks (`<Op>.operation.md`: the title, the text
/// under it, and an optional `## Remarks` section).
pub fn operation_page(text: &str) -> OperationDoc {
    let body: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("# "))
        .skip(1)
        .collect();
    let split = body
        .iter()
        .position(|l| l.starts_with("## ") && l.trim_end().ends_with("Remarks"));
    let (description, remarks) = match split {
        Some(at) => (&body[..at], &body[at + 1..]),
        None => (&body[..], &[][..]),
    };
    OperationDoc {
        description: rustdoc_blocks(&description.join("\n")),
        remarks: rustdoc_blocks(&remarks.join("\n")),
        source: source_page(text),
    }
}

/// The entries of "Operation Error Codes": `**Numeric Code**`, `**Symbolic Error Code**` and
/// `**Description**`, each followed by its text, entries separated by `***`.
pub fn error_entries(text: &str) -> Vec<ErrorEntry> {
    let mut entries = Vec::new();
    for raw in text.split("\n***") {
        let field = |name: &str| -> Option<String> {
            let start = raw.find(&format!("**{name}**"))? + name.len() + 4;
            let rest = &raw[start..];
            let end = rest.find("\n**").unwrap_or(rest.len());
            Some(rest[..end].trim().to_string())
        };
        let Some(code) = field("Numeric Code").and_then(|c| c.parse().ok()) else {
            continue;
        };
        let symbol = field("Symbolic Error Code").filter(|s| !s.starts_with("Not applicable"));
        let description = field("Description").unwrap_or_default();
        // One paragraph: notes lose their marker, lines are joined.
        let description = rustdoc_blocks(&description)
            .lines()
            .map(|l| l.trim_start_matches('>').trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        entries.push(ErrorEntry {
            code,
            symbol,
            description,
            raw: raw.to_string(),
        });
    }
    entries
}

/// Several paragraphs of a page as rustdoc: blockquotes stay blockquotes, the docs' alert
/// markers (`> [!NOTE]`) become a bold word, headings inside become bold lines, and every
/// line's text goes through [`rustdoc_text`].
pub fn rustdoc_blocks(markdown: &str) -> String {
    let mut out = Vec::new();
    for line in markdown.lines() {
        let trimmed = line.trim();
        let (quote, text) = match trimmed.strip_prefix('>') {
            Some(rest) => ("> ", rest.trim()),
            None => ("", trimmed),
        };
        let alert = text
            .strip_prefix("[!")
            .and_then(|r| r.strip_suffix(']'))
            .filter(|a| a.chars().all(|c| c.is_ascii_alphabetic()));
        let rendered = if let Some(alert) = alert {
            let mut word = alert.to_ascii_lowercase();
            if let Some(first) = word.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            format!("**{word}:**")
        } else if let Some(heading) = text.strip_prefix('#') {
            format!(
                "**{}**",
                rustdoc_text(heading.trim_start_matches('#').trim())
            )
        } else if text.starts_with('|') {
            // A table row: the cells' text, pipes kept.
            text.split('|')
                .map(|cell| rustdoc_text(cell).replace('\n', " "))
                .collect::<Vec<_>>()
                .join("|")
        } else if let Some(item) = text.strip_prefix("- ") {
            format!("- {}", rustdoc_text(item).replace('\n', " "))
        } else {
            rustdoc_text(text)
        };
        out.push(format!("{quote}{rendered}").trim_end().to_string());
    }
    // No runs of blank lines, none at either end.
    let mut joined = Vec::new();
    for line in out {
        if line.is_empty() && joined.last().is_none_or(|l: &String| l.is_empty()) {
            continue;
        }
        joined.push(line);
    }
    while joined.last().is_some_and(|l| l.is_empty()) {
        joined.pop();
    }
    joined.join("\n")
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
