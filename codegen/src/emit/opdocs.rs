//! The rustdoc of each generated operation method: the operation page's description and
//! remarks, its paging limits and the error codes the documentation ties to it (the vendored
//! `<Op>.operation.md` and `operation-error-codes.md`, see `docs`).

use proc_macro2::TokenStream;
use quote::quote;

use super::Emitter;
use crate::model::Operation;
use crate::names::to_snake;

impl Emitter<'_> {
    /// The method's whole doc text.
    pub(super) fn operation_doc(&self, op: &Operation, paged: bool) -> String {
        let wire = format!("`{}` (SOAPAction `{}`).", op.name, op.soap_action);
        let page = self.target.docs.and_then(|d| d.operations.get(&op.name));
        let mut text = String::new();
        match (page, &op.documentation) {
            (Some(page), _) => text.push_str(&page.description),
            (None, Some(own)) => text.push_str(&crate::docs::rustdoc_text(own)),
            (None, None) if self.target.docs.is_some() => text.push_str(&format!(
                "Microsoft's API documentation has no page for `{}`.",
                op.name
            )),
            (None, None) => {}
        }
        if let Some(page) = page.filter(|p| !p.remarks.is_empty()) {
            text.push_str("\n\n# Remarks\n\n");
            text.push_str(&page.remarks);
        }
        if paged {
            let snake = to_snake(&op.name);
            let limit = match self.max_page_size(&op.name) {
                Some(n) => format!("`PageInfo.Size` is at most {n} (the documented maximum)"),
                None => "the documentation gives no largest `PageInfo.Size`".to_string(),
            };
            text.push_str(&format!(
                "\n\n# Paging\n\nOne call returns one page: {limit}, and no total comes back. \
                 [`Self::{snake}_pages`] and [`Self::{snake}_items`] read every page."
            ));
        }
        if let Some(errors) = self.error_section(&op.name) {
            text.push_str("\n\n# Errors\n\n");
            text.push_str(&errors);
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&wire);
        if let Some(page) = page {
            text.push_str(&format!(
                " *From the Microsoft Advertising API documentation (`{}`), CC BY 4.0.*",
                page.source
            ));
        }
        text
    }

    /// The "Errors" section, when the service's documentation is vendored: the entries of
    /// "Operation Error Codes" that name the operation, or a link to the catalogue saying
    /// that none does.
    fn error_section(&self, operation: &str) -> Option<String> {
        let docs = self.target.docs?;
        docs.errors.as_ref()?;
        let catalogue = format!(
            "[Operation Error Codes](https://learn.microsoft.com/en-us/advertising/guides/operation-error-codes?view=bingads-{})",
            self.target.version.trim_start_matches('v')
        );
        let intro = "A service error is [`Error::Fault`](crate::client::Error::Fault); match \
                     its codes with [`ErrorCode`](crate::model::ErrorCode).";
        let entries = docs.errors_of(operation);
        if entries.is_empty() {
            return Some(format!(
                "{intro} The operation's page lists no error codes, and no entry of the \
                 documentation's {catalogue} names this operation: any code there may come back."
            ));
        }
        let mut text = format!(
            "{intro} The operation's page lists no error codes; these entries of the \
             documentation's {catalogue} name this operation:\n"
        );
        for e in entries {
            let symbol = e
                .symbol
                .as_deref()
                .map(|s| format!(" `{s}`"))
                .unwrap_or_default();
            text.push_str(&format!("\n- **{}**{symbol}: {}", e.code, e.description));
        }
        Some(text)
    }

    /// The operation page's description, for `OperationRequest::DESCRIPTION` ("" without one).
    pub(super) fn operation_description(&self, operation: &str) -> String {
        self.target
            .docs
            .and_then(|d| d.operations.get(operation))
            .map(|p| p.description.clone())
            .unwrap_or_default()
    }

    /// The codes of the error entries that name the operation, for
    /// `OperationRequest::DOCUMENTED_ERRORS`.
    pub(super) fn documented_errors(&self, operation: &str) -> Vec<TokenStream> {
        let Some(docs) = self.target.docs else {
            return Vec::new();
        };
        let mut codes: Vec<i32> = docs.errors_of(operation).iter().map(|e| e.code).collect();
        codes.dedup();
        codes.iter().map(|c| quote!(#c)).collect()
    }
}
