//! Paging for every operation whose request has `PageInfo` (a `Paging`): an impl of
//! `crate::client::paging::PagedRequest` and two client methods, `<op>_pages` and
//! `<op>_items`, each a stream over every page. A response's `PartialErrors` list is not an
//! item list: it is kept on each page (`PagedRequest::partial_errors`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{enum_variants, ident, Emitter, FieldKind};
use crate::model::{Operation, SimpleType};
use crate::names::to_snake;
use crate::Error;

/// What paging generates for one operation: the trait impl and the client methods.
pub(super) struct Paged {
    pub impl_tokens: TokenStream,
    pub methods: TokenStream,
}

impl Emitter<'_> {
    /// Paging for `op`, when its request has `PageInfo` and its response exactly one list
    /// besides `PartialErrors`.
    pub(super) fn paging(&self, op: &Operation) -> Result<Option<Paged>, Error> {
        let w = self.wsdl;
        let req_ty = &w.elements[&op.input].ty;
        let resp_ty = &w.elements[&op.output].ty;
        let (Some(req_ct), Some(resp_ct)) =
            (w.complex_types.get(req_ty), w.complex_types.get(resp_ty))
        else {
            return Ok(None);
        };
        let Some(page_field) = req_ct
            .fields
            .iter()
            .find(|f| f.name == "PageInfo" && f.ty.name == "Paging")
        else {
            return Ok(None);
        };
        let mut lists = Vec::new();
        let mut partial_errors = None;
        for f in &resp_ct.fields {
            if f.name == "PartialErrors" {
                partial_errors = Some(ident(&to_snake(&f.name)));
                continue;
            }
            if let FieldKind::List {
                item,
                positional_nil: false,
                ..
            } = self.field_kind(&f.ty)?
            {
                lists.push((f, item.rust_type()));
            }
        }
        let [(list_field, item)] = lists.as_slice() else {
            return Ok(None);
        };
        let req = self.type_path(req_ty)?;
        let paging = self.type_path(&page_field.ty)?;
        let page_member = ident(&to_snake(&page_field.name));
        let list_member = ident(&to_snake(&list_field.name));
        let max = match self.max_page_size(&op.name) {
            Some(n) => quote!(::std::option::Option::Some(#n)),
            None => quote!(::std::option::Option::None),
        };
        let order = self.order_by_id(req_ct)?;
        let op_name = &op.name;
        let partial = match &partial_errors {
            Some(member) => quote! {
                fn partial_errors(response: &Self::Response) -> ::std::vec::Vec<crate::model::BatchError> {
                    crate::model::BatchError::from_generated(response.#member.as_deref().unwrap_or_default())
                }
            },
            None => TokenStream::new(),
        };
        let impl_tokens = quote! {
            #[cfg(feature = "client")]
            impl crate::client::paging::PagedRequest for #req {
                type Item = #item;
                const MAX_PAGE_SIZE: ::std::option::Option<i32> = #max;
                fn page(&self) -> ::std::option::Option<(::std::option::Option<i32>, ::std::option::Option<i32>)> {
                    self.#page_member.as_ref().map(|p| (p.index, p.size))
                }
                fn set_page(&mut self, index: i32, size: i32) {
                    self.#page_member = ::std::option::Option::Some(#paging { index: Some(index), size: Some(size) });
                }
                #order
                fn into_items(response: Self::Response) -> ::std::vec::Vec<Self::Item> {
                    response.#list_member.unwrap_or_default()
                }
                #partial
            }
        };
        let pages = format_ident!("{}_pages", to_snake(&op.name));
        let items = format_ident!("{}_items", to_snake(&op.name));
        let limit = match self.max_page_size(&op.name) {
            Some(n) => format!("pages of {n} (the documented maximum)"),
            None => "pages of the size set in `PageInfo` (the documentation gives no maximum)"
                .to_string(),
        };
        let ordered = if order.is_empty() {
            String::new()
        } else {
            " Without an `Ordering`, the request is ordered by Id, so pages do not shift.".into()
        };
        let (pages_partial, items_partial) = if partial_errors.is_some() {
            (
                " and its `PartialErrors` ([`Page::partial_errors`](crate::client::paging::Page::partial_errors))",
                " A page that came with `PartialErrors` is followed by one \
                 [`Error::PartialErrors`](crate::client::Error::PartialErrors) (its index, \
                 errors and TrackingId), after which the stream goes on with the next page; \
                 `try_collect` stops there, so read [`Self::{pages}`] to keep going.",
            )
        } else {
            ("", "")
        };
        let items_partial = items_partial.replace("{pages}", &pages.to_string());
        let pages_doc = super::doc(&format!(
            "Every page of `{op_name}`, from `PageInfo.Index` (default 0), in {limit}; the \
             last page is the first short one.{ordered} Each [`Page`](crate::client::paging::Page) \
             keeps its TrackingId{pages_partial}. Consume with `futures_util::TryStreamExt` \
             (re-exported as `bingads::client::TryStreamExt`)."
        ));
        let items_doc = super::doc(&format!(
            "The items of every page of `{op_name}`, one by one (see [`Self::{pages}`]); an \
             error ends the stream and carries the failed page's TrackingId.{items_partial}"
        ));
        let methods = quote! {
            #pages_doc
            pub fn #pages(&self, request: #req) -> crate::client::paging::PageStream<#item> {
                crate::client::paging::pages(self.inner.clone(), request)
            }
            #items_doc
            pub fn #items(&self, request: #req) -> crate::client::paging::ItemStream<#item> {
                crate::client::paging::items(self.inner.clone(), request)
            }
        };
        Ok(Some(Paged {
            impl_tokens,
            methods,
        }))
    }

    /// The documented largest page: the vendored `Paging` page ("The maximum size for
    /// [SearchAccounts](searchaccounts.md) is 1,000.", "The maximum size is 1,000.").
    pub(super) fn max_page_size(&self, operation: &str) -> Option<i32> {
        let text = self
            .target
            .docs
            .and_then(|d| d.types.get("Paging"))
            .and_then(|t| t.members.get("Size"))?;
        max_size_in(text, operation)
    }

    /// `fn order_by_id_when_unordered`, when the request has `Ordering` (a list of `OrderBy`
    /// whose `Field` can be `Id`); else nothing (the trait's default does nothing).
    fn order_by_id(&self, req: &crate::model::ComplexType) -> Result<TokenStream, Error> {
        let w = self.wsdl;
        let Some(ordering) = req.fields.iter().find(|f| f.name == "Ordering") else {
            return Ok(TokenStream::new());
        };
        let Some(order_by) = w.array_item(&ordering.ty) else {
            return Ok(TokenStream::new());
        };
        let Some(order_by_ct) = w.complex_types.get(&order_by.ty) else {
            return Ok(TokenStream::new());
        };
        let enum_value = |field: &str, value: &str| -> Result<Option<TokenStream>, Error> {
            let Some(f) = order_by_ct.fields.iter().find(|f| f.name == field) else {
                return Ok(None);
            };
            let Some(SimpleType::Enum { values, .. }) = w.simple_types.get(&f.ty) else {
                return Ok(None);
            };
            let Some(i) = values.iter().position(|v| v == value) else {
                return Ok(None);
            };
            let path = self.type_path(&f.ty)?;
            let variant = &enum_variants(values).0[i];
            Ok(Some(quote!(#path::#variant)))
        };
        let (Some(id), Some(ascending)) = (
            enum_value("Field", "Id")?,
            enum_value("Order", "Ascending")?,
        ) else {
            return Ok(TokenStream::new());
        };
        let order_by_path = self.type_path(&order_by.ty)?;
        let member = ident(&to_snake(&ordering.name));
        Ok(quote! {
            fn order_by_id_when_unordered(&mut self) {
                if self.#member.as_ref().is_none_or(|o| o.is_empty()) {
                    self.#member = ::std::option::Option::Some(::std::vec![#order_by_path {
                        field: ::std::option::Option::Some(#id),
                        order: ::std::option::Option::Some(#ascending),
                        ..::std::default::Default::default()
                    }]);
                }
            }
        })
    }
}

/// "The maximum size for [Op](op.md) is 1,000." or "The maximum size is 1,000."
fn max_size_in(text: &str, operation: &str) -> Option<i32> {
    let number = |rest: &str| -> Option<i32> {
        let digits: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .filter(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    // The page's links (`[SearchAccounts](searchaccounts.md)`) read as their text.
    let mut plain = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("](") {
        let close = rest[open..].find(')').map_or(rest.len(), |c| open + c + 1);
        plain.push_str(&rest[..open]);
        rest = &rest[close..];
    }
    plain.push_str(rest);
    let text = plain.replace('[', "");
    let specific = format!("The maximum size for {operation} ");
    if let Some(at) = text.find(&specific) {
        let rest = &text[at + specific.len()..];
        return rest.find("is ").and_then(|i| number(&rest[i + 3..]));
    }
    text.find("The maximum size is ")
        .and_then(|at| number(&text[at + "The maximum size is ".len()..]))
}

#[cfg(test)]
mod tests {
    use super::max_size_in;

    #[test]
    fn reads_the_documented_sizes() {
        let cm = "The page size.<br/><br/>The maximum size for [SearchAccounts](searchaccounts.md) is 1,000. The maximum size for [SearchClientLinks](searchclientlinks.md) is 100. The maximum size for [SearchCustomers](searchcustomers.md) is 1,024. If you";
        assert_eq!(max_size_in(cm, "SearchAccounts"), Some(1000));
        assert_eq!(max_size_in(cm, "SearchClientLinks"), Some(100));
        assert_eq!(max_size_in(cm, "SearchCustomers"), Some(1024));
        assert_eq!(max_size_in(cm, "SearchUserInvitations"), None);
        assert_eq!(
            max_size_in("The maximum size is 1,000. If", "GetLabelsByIds"),
            Some(1000)
        );
        let rendered = "The maximum size for SearchAccounts is 1,000. The maximum";
        assert_eq!(max_size_in(rendered, "SearchAccounts"), Some(1000));
    }
}
