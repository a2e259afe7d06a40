//! The generated enums: `Any{Base}` for base-typed slots and the simple types' values.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, enum_variants, ident, Emitter};
use crate::model::{QName, SimpleType};
use crate::names::to_upper_camel;
use crate::Error;

impl Emitter<'_> {
    /// `Any{Base}`: the base (unless abstract), each derived type, and an `Unknown` arm that
    /// keeps a newer service's derived type as its base fields plus the raw XML.
    pub(super) fn any_enum(&self, base: &QName) -> Result<TokenStream, Error> {
        let ct = &self.wsdl.complex_types[base];
        let any = ident(&self.any_name(base));
        let base_ty = self.type_path(base)?;

        let base_name = &base.name;
        let mut variants = Vec::new();
        let mut reads = Vec::new();
        let mut writes = Vec::new();
        let mut tags = Vec::new();
        let mut from_json = Vec::new();
        let members = self.poly_members(base);
        for m in &members {
            let variant = ident(&to_upper_camel(&m.name.name));
            let ty = self.type_path(&m.name)?;
            let ns = self.ns_const(&m.name.ns)?;
            let name = &m.name.name;
            let d = doc(&format!("`{name}` (`{}`).", m.name.ns));
            variants.push(quote!(#d #variant(#ty)));
            reads.push(quote!(Some((#ns, #name)) => Ok(Self::#variant(<#ty as crate::xml::XmlComplex>::read_fields(r)?)),));
            let rest_name = crate::rest::rest_type_name(&base.name, name);
            if rest_name == name {
                from_json.push(
                    quote!(Some(#name) => ::serde_json::from_value(value).map(Self::#variant),),
                );
            } else {
                from_json.push(quote!(Some(#name | #rest_name) => ::serde_json::from_value(value).map(Self::#variant),));
            }
            if m.name == *base {
                writes.push(quote!(Self::#variant(v) => w.complex_element(ns, local, v),));
                tags.push(
                    quote!(Self::#variant(v) => crate::xml::poly::serialize_tagged(s, None, v),),
                );
            } else {
                writes.push(quote!(Self::#variant(v) => w.derived_element(ns, local, v),));
                tags.push(quote!(Self::#variant(v) => crate::xml::poly::serialize_tagged(s, Some(#rest_name), v),));
            }
        }
        // No `i:type`: the declared type itself (for an abstract base, an unknown value).
        let untyped = if ct.is_abstract {
            quote!(None => Ok(Self::Unknown { type_name: ::std::string::String::new(), base: <#base_ty as crate::xml::XmlComplex>::read_fields(r)?, raw_xml: ::std::string::String::new(), raw_json: None }),)
        } else {
            let variant = ident(&to_upper_camel(&ct.name.name));
            quote!(None => Ok(Self::#variant(<#base_ty as crate::xml::XmlComplex>::read_fields(r)?)),)
        };
        let untagged_json = if ct.is_abstract {
            quote!(None => return Err(<D::Error as ::serde::de::Error>::custom(concat!("abstract type ", #base_name, " needs \"Type\""))),)
        } else {
            let variant = ident(&to_upper_camel(&ct.name.name));
            quote!(None => ::serde_json::from_value(value).map(Self::#variant),)
        };
        let keep_tag = self.has_type_element(base);
        let first = members.iter().find(|m| m.name != *base).or(members.first());
        let sample_with = |f: TokenStream| match first {
            Some(m) if keep_tag && m.name != *base => {
                let v = ident(&to_upper_camel(&m.name.name));
                let rest_name = crate::rest::rest_type_name(&base.name, &m.name.name);
                quote!(Self::#v(crate::xml::poly::with_type_field(crate::xml::Sample::#f(), Some(#rest_name))))
            }
            Some(m) => {
                let v = ident(&to_upper_camel(&m.name.name));
                quote!(Self::#v(crate::xml::Sample::#f()))
            }
            None => quote!(Self::Unknown {
                type_name: "Sample".into(),
                base: crate::xml::Sample::#f(),
                raw_xml: ::std::string::String::new(),
                raw_json: None,
            }),
        };
        let sample = sample_with(quote!(sample));
        let second = sample_with(quote!(sample_second));
        let d = doc(&format!(
            "A slot declared as `{base_name}` (`{}`): the value's own type, written and read as `i:type`.",
            base.ns
        ));
        Ok(quote! {
            #d
            #[derive(Debug, Clone, PartialEq)]
            pub enum #any {
                #(#variants,)*
                /// A derived type these bindings do not know (a newer service): its name, the
                /// base fields, and the value as it came (raw XML, or the JSON object, which
                /// is written back unchanged).
                Unknown {
                    /// The type's name as the service sent it (`i:type` or the JSON `Type`).
                    type_name: ::std::string::String,
                    /// The fields of the base type, read as usual.
                    base: #base_ty,
                    /// The element as it came over SOAP (empty over REST).
                    raw_xml: ::std::string::String,
                    /// The object as it came over REST (`None` over SOAP).
                    raw_json: ::std::option::Option<::serde_json::Value>,
                },
            }

            impl crate::xml::XmlPoly for #any {
                fn read_poly(r: &mut crate::xml::XmlReader<'_>, c: &crate::xml::Child<'_>) -> ::std::result::Result<Self, crate::xml::XmlError> {
                    match c.xsi_type {
                        #untyped
                        #(#reads)*
                        Some((_, type_name)) => {
                            let type_name = type_name.to_string();
                            let base = <#base_ty as crate::xml::XmlComplex>::read_fields(r)?;
                            let raw_xml = ::std::string::String::from_utf8_lossy(r.slice(c.position, r.position())).into_owned();
                            Ok(Self::Unknown { type_name, base, raw_xml, raw_json: None })
                        }
                    }
                }

                fn write_poly(&self, w: &mut crate::xml::XmlWriter<'_>, ns: crate::xml::Ns, local: &str) {
                    match self {
                        #(#writes)*
                        Self::Unknown { type_name, base, .. } => {
                            // Its own fields are not known: written as its base it would
                            // arrive as something else.
                            w.refuse(format!(concat!("a ", #base_name, " of type {:?}, which these bindings do not know, cannot be written back as XML without losing its own fields"), type_name));
                            w.complex_element(ns, local, base)
                        }
                    }
                }
            }

            impl ::serde::Serialize for #any {
                fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                    match self {
                        #(#tags)*
                        Self::Unknown { raw_json: Some(raw), .. } => ::serde::Serialize::serialize(raw, s),
                        Self::Unknown { type_name, base, .. } => crate::xml::poly::serialize_tagged(s, Some(type_name), base),
                    }
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #any {
                fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                    let (tag, value) = crate::xml::poly::split_tag(value, #keep_tag).map_err(<D::Error as ::serde::de::Error>::custom)?;
                    let parsed = match tag.as_deref() {
                        #untagged_json
                        #(#from_json)*
                        Some(other) => {
                            let raw = crate::xml::poly::with_tag(value.clone(), other);
                            let base = ::serde_json::from_value::<#base_ty>(value).map_err(<D::Error as ::serde::de::Error>::custom)?;
                            return Ok(Self::Unknown { type_name: other.to_string(), base, raw_xml: ::std::string::String::new(), raw_json: Some(raw) });
                        }
                    };
                    parsed.map_err(<D::Error as ::serde::de::Error>::custom)
                }
            }

            #[cfg(feature = "samples")]
            impl crate::xml::Sample for #any {
                fn sample() -> Self {
                    #sample
                }

                fn sample_second() -> Self {
                    #second
                }
            }
        })
    }

    pub(super) fn simple_type(&self, st: &SimpleType) -> Result<Option<TokenStream>, Error> {
        let (name, values, flags) = match st {
            SimpleType::Enum { name, values } => (name, values, false),
            SimpleType::Flags { name, values } => (name, values, true),
            SimpleType::Restriction { .. } => return Ok(None),
        };
        let ty = ident(&to_upper_camel(&name.name));
        let (variants, unknown) = enum_variants(values);
        let sample = match (variants.first(), values.first()) {
            (Some(v), _) => quote!(Self::#v),
            _ => quote!(Self::#unknown("Sample".to_string())),
        };
        let second = match variants.get(1) {
            Some(v) => quote!(Self::#v),
            None => sample.clone(),
        };
        let kind = if flags {
            "`xs:list` flag enum (a field holds a list of these)"
        } else {
            "enumeration"
        };
        let d = self.documented(
            &name.name,
            None,
            format!(
                "WSDL simple type `{}` in namespace `{}`: {kind}.",
                name.name, name.ns
            ),
        );
        let docs = values
            .iter()
            .map(|v| self.documented(&name.name, Some(v), format!("`{v}`")));
        Ok(Some(quote! {
            #d
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            pub enum #ty {
                #(#docs #variants,)*
                /// A value these bindings do not know, kept as its text (the service adds values over time).
                #unknown(::std::string::String),
            }

            // By hand rather than derived: serde's derive for an enum with a catch-all
            // (untagged) variant buffers every value before matching it.
            impl ::serde::Serialize for #ty {
                fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                    s.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #ty {
                fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                    crate::rest::json::wire_enum(d)
                }
            }

            impl #ty {
                /// The value as it appears on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#variants => #values,)*
                        Self::#unknown(other) => other,
                    }
                }
            }

            #[cfg(feature = "samples")]
            impl crate::xml::Sample for #ty {
                fn sample() -> Self {
                    #sample
                }

                fn sample_second() -> Self {
                    #second
                }
            }

            impl crate::xml::XmlEnum for #ty {
                fn from_wire(text: &str) -> Self {
                    match text {
                        #(#values => Self::#variants,)*
                        other => Self::#unknown(other.to_owned()),
                    }
                }

                fn as_wire(&self) -> &str {
                    self.as_str()
                }
            }
        }))
    }
}
