//! Each generated operation method carries its operation page's description, its remarks,
//! its paging limit and the error codes the documentation ties to it. The vendored pages are
//! the oracle, read here independently of the generator's parser, for every service; the
//! output stays deterministic.

use std::path::Path;

const SERVICES: &[(&str, &str, &str)] = &[
    ("v13", "CustomerManagementService.wsdl", "docs"),
    ("v12", "CustomerManagementService.wsdl", "docs"),
    (
        "v13",
        "CampaignManagementService.wsdl",
        "docs-campaign-management",
    ),
    (
        "v13",
        "CustomerBillingService.wsdl",
        "docs-customer-billing",
    ),
    ("v13", "AdInsightService.wsdl", "docs-ad-insight"),
    ("v13", "BulkService.wsdl", "docs-bulk"),
    ("v13", "ReportingService.wsdl", "docs-reporting"),
];

fn generate(version: &str, wsdl: &str, docs: &str) -> String {
    let path = format!("../wsdl/{version}/{wsdl}");
    let docs =
        bingads_codegen::docs::Docs::load(Path::new(&format!("../wsdl/{version}/{docs}"))).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    bingads_codegen::generate_with_docs(&path, wsdl, &bytes, version, Some(&docs)).unwrap()
}

/// The doc lines right above `pub async fn <method>(`, joined by newlines.
fn method_doc(code: &str, method: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let signature = format!("pub async fn {method}(");
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(&signature))
        .unwrap_or_else(|| panic!("no method {method}"));
    let mut docs: Vec<&str> = lines[..at]
        .iter()
        .rev()
        .map(|l| l.trim())
        .take_while(|l| l.starts_with("///"))
        .map(|l| l.trim_start_matches("///").trim())
        .collect();
    docs.reverse();
    docs.join("\n")
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let prev_lower = i > 0 && chars[i - 1].is_lowercase();
        if c.is_uppercase() && i > 0 && (prev_lower || next_lower) {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The first words of the page's description: the line under the title, up to the first
/// link, period or emphasis.
fn first_words(page: &str) -> String {
    let title = page.lines().position(|l| l.starts_with("# ")).unwrap();
    let line = page.lines().nth(title + 1).unwrap_or("").trim();
    line.split(['[', '(', '.', '*', '<'])
        .next()
        .unwrap()
        .trim()
        .to_string()
}

#[test]
fn every_operation_page_description_is_its_methods_rustdoc() {
    let mut checked = 0;
    for (version, wsdl, dir) in SERVICES {
        let code = generate(version, wsdl, dir);
        assert_eq!(code, generate(version, wsdl, dir), "deterministic");
        for entry in std::fs::read_dir(format!("../wsdl/{version}/{dir}")).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let Some(op) = file.strip_suffix(".operation.md") else {
                continue;
            };
            let page = std::fs::read_to_string(&path).unwrap();
            let words = first_words(&page);
            assert!(!words.is_empty(), "{file}: no description");
            let doc = method_doc(&code, &snake(op));
            assert!(
                doc.contains(&words),
                "{version} {op}: {words:?} not in {doc:?}"
            );
            // The attribution names the page the first line of the file names.
            let source = page.lines().next().unwrap();
            let page_name = source
                .split(" @ ")
                .next()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap();
            assert!(doc.contains(&format!("(`{page_name}`)")), "{op}: {doc}");
            if page.contains("Remarks\n") {
                assert!(doc.contains("\n# Remarks\n"), "{op}: remarks missing");
            }
            assert!(doc.contains("\n# Errors\n"), "{op}: no Errors section");
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} pages checked");
}

/// The numbers of the vendored error entries, each with the text of its entry.
fn error_entries(version: &str, dir: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(format!("../wsdl/{version}/{dir}/operation-error-codes.md"))
        .unwrap();
    text.split("\n***\n")
        .filter_map(|entry| {
            let after = entry.split("**Numeric Code**").nth(1)?;
            let code = after.split_whitespace().next()?.to_string();
            Some((code, entry.to_string()))
        })
        .collect()
}

#[test]
fn the_errors_the_documentation_ties_to_an_operation_are_in_its_rustdoc() {
    let mut tied = 0;
    for (version, wsdl, dir) in SERVICES {
        let code = generate(version, wsdl, dir);
        let entries = error_entries(version, dir);
        let wsdl_text = std::fs::read_to_string(format!("../wsdl/{version}/{wsdl}")).unwrap();
        let operations: Vec<&str> = wsdl_text
            .split("<wsdl:portType")
            .nth(1)
            .unwrap()
            .split("<wsdl:operation name=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
            .collect();
        for op in operations {
            let doc = method_doc(&code, &snake(op));
            let named: Vec<&String> = entries
                .iter()
                .filter(|(_, text)| {
                    text.contains(&format!("[{op}]"))
                        || text.contains(&format!("[{op}Request]"))
                        || text.contains(&format!(" {op} "))
                        || text.contains(&format!("*{op}*"))
                })
                .map(|(code, _)| code)
                .collect();
            for code in &named {
                assert!(
                    doc.contains(&format!("- **{code}**")),
                    "{op}: {code} not in {doc}"
                );
                tied += 1;
            }
            if named.is_empty() {
                assert!(
                    doc.contains("no entry of the documentation's [Operation Error Codes]"),
                    "{op}: {doc}"
                );
            }
        }
    }
    // 1472, 2203, 3086 (twice: v12 and v13), 518? no: 4007, 3207 x2, 3216, 106.
    assert!(tied >= 10, "only {tied} ties");
}

#[test]
fn a_paged_operation_says_its_largest_page_and_its_streams() {
    let code = generate("v13", "CustomerManagementService.wsdl", "docs");
    let doc = method_doc(&code, "search_accounts");
    assert!(
        doc.starts_with("Searches for accounts that match the request criteria."),
        "{doc}"
    );
    assert!(doc.contains("`PageInfo.Size` is at most 1000"), "{doc}");
    assert!(doc.contains("[`Self::search_accounts_pages`]"), "{doc}");
    let doc = method_doc(&code, "search_client_links");
    assert!(doc.contains("`PageInfo.Size` is at most 100 "), "{doc}");
    let doc = method_doc(&code, "get_user");
    assert!(!doc.contains("# Paging"), "{doc}");
    let doc = method_doc(&code, "get_current_user");
    assert!(
        doc.starts_with("Microsoft's API documentation has no page for `GetCurrentUser`."),
        "{doc}"
    );
    // The other services' vendored Paging pages: 1,000 and 100.
    let code = generate(
        "v13",
        "CampaignManagementService.wsdl",
        "docs-campaign-management",
    );
    let doc = method_doc(&code, "get_labels_by_ids");
    assert!(doc.contains("`PageInfo.Size` is at most 1000 "), "{doc}");
    assert!(code.contains("pub fn get_labels_by_ids_pages("));
    assert!(code.contains("Page::partial_errors"));
    let code = generate(
        "v13",
        "CustomerBillingService.wsdl",
        "docs-customer-billing",
    );
    let doc = method_doc(&code, "search_coupons");
    assert!(doc.contains("`PageInfo.Size` is at most 100 "), "{doc}");
}

#[test]
fn remarks_and_notes_render_as_rustdoc_not_as_escaped_markdown() {
    let code = generate("v13", "CustomerManagementService.wsdl", "docs");
    let doc = method_doc(&code, "update_user_roles");
    assert!(doc.contains("> **Note:**"), "{doc}");
    assert!(!doc.contains("[!NOTE]"), "{doc}");
    assert!(!doc.contains("&gt;"), "{doc}");
    assert!(doc.contains("# Remarks\n\nAs an example use case"), "{doc}");
    assert!(doc.contains("\n- Set the *NewRoleId* element"), "{doc}");
}
