//! Complex types: the struct, its fields with their serde (JSON) attributes, and the
//! `write_fields` / `read_fields` bodies for the XML wire form.

use proc_macro2::TokenStream;
use quote::quote;

use super::{bytes_lit, enum_variants, ident, Emitter, FieldKind};
use crate::model::{ComplexType, Field, QName, SimpleType, XSD_NS};
use crate::names::{to_snake, to_upper_camel};
use crate::Error;

impl Emitter<'_> {
    pub(super) fn complex_type(&self, ct: &ComplexType) -> Result<TokenStream, Error> {
        let name = ident(&to_upper_camel(&ct.name.name));
        let fields = self.wsdl.all_fields(ct);
        let mut decls = Vec::new();
        let mut writes = Vec::new();
        let mut reads = Vec::new();
        let mut samples = Vec::new();
        // The second item of a sample list: every scalar differs from the first, so a
        // reordered or duplicated list item cannot go unnoticed.
        let mut seconds = Vec::new();
        for (index, f) in fields.iter().enumerate() {
            let (decl, write, read) = self.field(ct, f, index as u16)?;
            decls.push(decl);
            writes.push(write);
            reads.push(read);
            let member = ident(&to_snake(&f.name));
            // A recursive field stays empty, or the sample would never end.
            if matches!(
                self.field_kind(&f.ty)?,
                FieldKind::Complex(_) | FieldKind::Poly(_)
            ) && self.needs_box(&ct.name, &f.ty)
            {
                samples.push(quote!(#member: None));
            } else if let Some(SimpleType::Flags { values, .. }) = self.wsdl.simple_types.get(&f.ty)
            {
                // Two different flags, so the list separator is exercised.
                let path = self.type_path(&f.ty)?;
                let (variants, _) = enum_variants(values);
                let picked = variants.iter().take(2);
                samples.push(quote!(#member: Some(vec![#(#path::#picked),*])));
            } else {
                samples.push(quote!(#member: crate::xml::Sample::sample()));
                seconds.push(quote!(#member: crate::xml::Sample::sample_second()));
                continue;
            }
            seconds.push(samples[samples.len() - 1].clone());
        }
        let mut d = format!(
            "WSDL complex type `{}` in namespace `{}`.",
            ct.name.name, ct.name.ns
        );
        if let Some(base) = &ct.base {
            d.push_str(&format!(
                " Extends `{}`; the base fields come first.",
                base.name
            ));
        }
        let derived = self.wsdl.derived_types(&ct.name);
        if !derived.is_empty() {
            let names: Vec<&str> = derived.iter().map(|t| t.name.name.as_str()).collect();
            d.push_str(&format!(" Derived types: {}.", names.join(", ")));
        }
        if ct.is_abstract {
            d.push_str(" Abstract in the WSDL.");
        }
        let d = self.documented(&ct.name.name, None, d);
        let type_ns = self.ns_const(&ct.name.ns)?;
        let type_name = &ct.name.name;
        let w_param = if fields.is_empty() {
            quote!(_w)
        } else {
            quote!(w)
        };
        let read_body = if fields.is_empty() {
            quote! {
                while let Some(c) = r.next_child()? {
                    r.skip(&c)?;
                }
                Ok(Self::default())
            }
        } else {
            quote! {
                let mut out = Self::default();
                let mut order = crate::xml::Order::default();
                while let Some(c) = r.next_child()? {
                    match (c.ns, c.local) {
                        #(#reads)*
                        _ => r.skip(&c)?,
                    }
                }
                Ok(out)
            }
        };
        Ok(quote! {
            #d
            #[derive(Debug, Clone, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            pub struct #name {
                #(#decls)*
            }

            impl crate::xml::XmlComplex for #name {
                const TYPE_NAME: &'static str = #type_name;
                const TYPE_NS: crate::xml::Ns = #type_ns;

                fn write_fields(&self, #w_param: &mut crate::xml::XmlWriter<'_>) {
                    #(#writes)*
                }

                fn read_fields(r: &mut crate::xml::XmlReader<'_>) -> ::std::result::Result<Self, crate::xml::XmlError> {
                    #read_body
                }
            }

            #[cfg(feature = "samples")]
            impl crate::xml::Sample for #name {
                fn sample() -> Self {
                    Self { #(#samples,)* }
                }

                fn sample_second() -> Self {
                    Self { #(#seconds,)* }
                }
            }
        })
    }

    pub(super) fn field(
        &self,
        owner: &ComplexType,
        f: &Field,
        index: u16,
    ) -> Result<(TokenStream, TokenStream, TokenStream), Error> {
        let member = ident(&to_snake(&f.name));
        let kind = self.field_kind(&f.ty)?;
        let boxed = matches!(kind, FieldKind::Complex(_) | FieldKind::Poly(_))
            && self.needs_box(&owner.name, &f.ty);
        let mut ty = kind.rust_type();
        if boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let ns = self.ns_const(&f.ns)?;
        let wire_name = &f.name;
        let local = bytes_lit(&f.name);
        let mut d = format!("`{}`: WSDL type `{}` (`{}`)", f.name, f.ty.name, f.ty.ns);
        if f.nillable {
            d.push_str(", nillable");
        }
        if f.min_occurs == 0 {
            d.push_str(", optional");
        }
        d.push('.');
        if f.unbounded {
            return Err(Error::new(
                self.target.source_name,
                format!(
                    "{}.{}: repeated elements outside an ArrayOf wrapper are not supported",
                    owner.name.name, f.name
                ),
            ));
        }
        let d = self.documented(&owner.name.name, Some(&f.name), d);
        // The .NET `KeyValuePair` data contracts have lower-case `key` / `value` elements in
        // XML; the REST API (JSON) spells them `Key` / `Value`. The XML spelling is still read.
        let (json_name, alias) = if owner.name.name.starts_with("KeyValuePairOf") {
            let mut chars = f.name.chars();
            let upper: String = chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
                .collect();
            let alias = (upper != f.name).then(|| quote!(alias = #wire_name,));
            (upper, alias)
        } else {
            (f.name.clone(), None)
        };
        // A nillable member is `null` in the REST service's answers and left out of requests
        // (see `rest::json::skip_absent`); the others are left out whenever absent.
        let skip = if f.nillable && f.emit_default {
            "crate::rest::json::skip_absent"
        } else {
            "Option::is_none"
        };
        let serde_attr = match self.json_adapter(&f.ty)? {
            // Boxed fields are complex types, which need no adapter.
            Some(adapter) if !boxed => {
                let with = format!("crate::rest::json::As::<crate::rest::json::Opt<{adapter}>>")
                    .replace(' ', "");
                quote!(#[serde(rename = #json_name, #alias default, skip_serializing_if = #skip, with = #with)])
            }
            _ => {
                quote!(#[serde(rename = #json_name, #alias default, skip_serializing_if = #skip)])
            }
        };
        let decl = quote! {
            #d
            #serde_attr
            pub #member: ::std::option::Option<#ty>,
        };
        let value = if boxed { quote!(v.as_ref()) } else { quote!(v) };
        let write_value = self.write_expr(&kind, &ns, wire_name, &value);
        // A null the service writes as `i:nil` (WCF's DataContractSerializer writes every
        // member of a nillable type unless the contract says EmitDefaultValue="false"): the
        // writer emits it only in its response mode, so requests leave absent fields out.
        let write = if f.nillable && f.emit_default {
            quote! {
                match &self.#member {
                    Some(v) => #write_value,
                    None => w.absent_element(#ns, #wire_name),
                }
            }
        } else {
            quote! {
                if let Some(v) = &self.#member {
                    #write_value;
                }
            }
        };
        let mut read_value = self.read_expr(&kind, quote!(&c));
        if boxed {
            read_value = quote!(#read_value.map(::std::boxed::Box::new));
        }
        let read = quote! {
            (#ns, #local) => {
                order.check(#index, &c)?;
                out.#member = #read_value;
            }
        };
        Ok((decl, write, read))
    }

    /// The serde adapter a field of type `ty` needs for the JSON wire form (`None`: the type's
    /// own serde form): longs as strings, flag lists as one string, and nested lists whose
    /// `null` items hold their place.
    pub(super) fn json_adapter(&self, ty: &QName) -> Result<Option<TokenStream>, Error> {
        if self.poly.contains(ty)
            || self.wsdl.complex_types.contains_key(ty) && self.wsdl.array_item(ty).is_none()
        {
            return Ok(None);
        }
        if let Some(item) = self.wsdl.array_item(ty) {
            let inner = self.json_adapter(&item.ty)?;
            return Ok(if self.positional_nil(ty) {
                // A nil item is `null` in its position.
                let inner = inner.unwrap_or(quote!(crate::rest::json::Same));
                Some(quote!(crate::rest::json::List<crate::rest::json::Opt<#inner>>))
            } else if self.wsdl.array_item(&item.ty).is_some() {
                let inner = inner.unwrap_or(quote!(crate::rest::json::Same));
                Some(quote!(crate::rest::json::List<crate::rest::json::NullAsEmpty<#inner>>))
            } else {
                inner.map(|a| quote!(crate::rest::json::List<#a>))
            });
        }
        let mut ty = ty.clone();
        loop {
            if ty.ns == XSD_NS && matches!(ty.name.as_str(), "long" | "unsignedLong") {
                return Ok(Some(quote!(crate::rest::json::Long)));
            }
            if ty.ns == XSD_NS && matches!(ty.name.as_str(), "double" | "float") {
                return Ok(Some(quote!(crate::rest::json::Double)));
            }
            match self.wsdl.simple_types.get(&ty) {
                Some(SimpleType::Flags { .. }) => {
                    return Ok(Some(quote!(crate::rest::json::Flags)))
                }
                Some(SimpleType::Restriction { base, .. }) => ty = base.clone(),
                _ => return Ok(None),
            }
        }
    }

    pub(super) fn write_expr(
        &self,
        kind: &FieldKind,
        ns: &TokenStream,
        name: &str,
        value: &TokenStream,
    ) -> TokenStream {
        match kind {
            FieldKind::Text(_) => quote!(w.text_element(#ns, #name, #value)),
            FieldKind::Complex(_) => quote!(w.complex_element(#ns, #name, #value)),
            FieldKind::Poly(_) => quote!(w.poly_element(#ns, #name, #value)),
            FieldKind::List {
                item_ns,
                item_name,
                item,
                positional_nil,
            } => {
                let item_ns = self.ns_path(item_ns);
                let inner = self.write_expr(item, &item_ns, item_name, &quote!(v));
                if *positional_nil {
                    quote!(w.list_element(#ns, #name, #item_ns, #value, |w, v| match v {
                        Some(v) => #inner,
                        None => w.nil_element(#item_ns, #item_name),
                    }))
                } else {
                    quote!(w.list_element(#ns, #name, #item_ns, #value, |w, v| #inner))
                }
            }
        }
    }

    pub(super) fn read_expr(&self, kind: &FieldKind, child: TokenStream) -> TokenStream {
        match kind {
            FieldKind::Text(_) => quote!(r.text(#child)?),
            FieldKind::Complex(_) => quote!(r.complex(#child)?),
            FieldKind::Poly(_) => quote!(r.poly(#child)?),
            FieldKind::List {
                item_ns,
                item_name,
                item,
                positional_nil,
            } => {
                let item_ns = self.ns_path(item_ns);
                let local = bytes_lit(item_name);
                let inner = match item.as_ref() {
                    // A nil item holds its place: the position says which request item it
                    // is about (the ids of an Add… response, per-item partial errors).
                    FieldKind::Text(_) if *positional_nil => quote!(Ok(Some(r.text(c)?))),
                    FieldKind::Text(_) => quote!(r.text(c)),
                    FieldKind::Complex(_) => quote!(r.complex(c)),
                    FieldKind::Poly(_) => quote!(r.poly(c)),
                    nested => {
                        let e = self.read_expr(nested, quote!(c));
                        if *positional_nil {
                            quote!(Ok(Some(#e)))
                        } else {
                            quote!(Ok(Some(#e.unwrap_or_default())))
                        }
                    }
                };
                quote!(r.list(#child, #item_ns, #local, |r, c| #inner)?)
            }
        }
    }
}
