//! The service root: the descriptor, one request/response pair per operation, and the typed
//! client methods.

use proc_macro2::TokenStream;
use quote::quote;

use super::{bytes_lit, doc, ident, Emitter};
use crate::model::QName;
use crate::names::{to_snake, to_upper_camel};
use crate::Error;

impl Emitter<'_> {
    pub(super) fn service(&self) -> Result<TokenStream, Error> {
        let w = self.wsdl;
        let mut impls = Vec::new();
        let mut dyn_ops = Vec::new();
        let mut info_ops = Vec::new();
        let header_names =
            |els: &[QName]| -> Vec<String> { els.iter().map(|q| q.name.clone()).collect() };
        let first = w.operations.first();
        let request_headers = first
            .map(|o| header_names(&o.input_headers))
            .unwrap_or_default();
        let response_headers = first
            .map(|o| header_names(&o.output_headers))
            .unwrap_or_default();
        for op in &w.operations {
            if header_names(&op.input_headers) != request_headers {
                return Err(Error::new(
                    self.target.source_name,
                    format!(
                        "operation {} declares other request headers than the rest",
                        op.name
                    ),
                ));
            }
            let req = self.type_path(&w.elements[&op.input].ty)?;
            let resp = self.type_path(&w.elements[&op.output].ty)?;
            let (name, action) = (&op.name, &op.soap_action);
            let (req_el, resp_el) = (&op.input.name, &op.output.name);
            // Microsoft's REST API exists for v13 only.
            let route = match self.target.version {
                "v13" => crate::rest::route(&w.service_name, self.target.version, name),
                _ => None,
            };
            let rest = match route {
                Some(crate::rest::Route { method, path }) => {
                    quote!(Some(crate::model::RestRoute { method: #method, path: #path }))
                }
                None => quote!(None),
            };
            let safe = crate::repeat::safe_to_repeat(name);
            let description = self.operation_description(name);
            let errors = self.documented_errors(name);
            impls.push(quote! {
                impl crate::model::OperationRequest for #req {
                    const OPERATION: &'static str = #name;
                    const SOAP_ACTION: &'static str = #action;
                    const REST: ::std::option::Option<crate::model::RestRoute> = #rest;
                    const SAFE_TO_REPEAT: bool = #safe;
                    const DESCRIPTION: &'static str = #description;
                    const DOCUMENTED_ERRORS: &'static [i32] = &[#(#errors),*];
                    const ELEMENT: &'static str = #req_el;
                    type Response = #resp;
                    fn service() -> &'static crate::model::ServiceInfo {
                        &SERVICE_INFO
                    }
                }
                impl crate::model::OperationResponse for #resp {
                    const ELEMENT: &'static str = #resp_el;
                    fn service() -> &'static crate::model::ServiceInfo {
                        &SERVICE_INFO
                    }
                }
            });
            info_ops.push(quote!(crate::model::OperationInfo::of::<#req>()));
            dyn_ops.push(quote!(crate::dynamic::DynOperation::of::<#req>()));
        }
        let client = ident(&to_upper_camel(&format!(
            "{}Client",
            w.service_name
                .strip_suffix("Service")
                .unwrap_or(&w.service_name)
        )));
        let mut methods = Vec::new();
        let mut paged_impls = Vec::new();
        for op in &w.operations {
            let paged = self.paging(op)?;
            let d = doc(&self.operation_doc(op, paged.is_some()));
            if let Some(paged) = paged {
                paged_impls.push(paged.impl_tokens);
                methods.push(paged.methods);
            }
            let method = ident(&to_snake(&op.name));
            let req = self.type_path(&w.elements[&op.input].ty)?;
            let resp = self.type_path(&w.elements[&op.output].ty)?;
            methods.push(quote! {
                #d
                pub async fn #method(&self, request: #req) -> ::std::result::Result<crate::model::Response<#resp>, crate::client::Error> {
                    self.inner.call(&request).await
                }
            });
        }
        let client_doc = doc(&format!(
            "Async client of `{}` {}: one method per operation, built with [`{}::builder`].",
            w.service_name, self.target.version, client
        ));
        let client_tokens = quote! {
            #client_doc
            #[cfg(feature = "client")]
            #[derive(Clone, Debug)]
            pub struct #client {
                inner: crate::client::ServiceClient,
            }

            #[cfg(feature = "client")]
            impl ::std::convert::From<crate::client::ServiceClient> for #client {
                fn from(inner: crate::client::ServiceClient) -> Self {
                    Self { inner }
                }
            }

            #[cfg(feature = "client")]
            impl #client {
                /// Starts a builder: environment or endpoint, credentials, retry and timeouts.
                pub fn builder() -> crate::client::ClientBuilder<Self> {
                    crate::client::ClientBuilder::new(&SERVICE_INFO)
                }

                /// The shared machinery, for calling operations generically.
                pub fn service_client(&self) -> &crate::client::ServiceClient {
                    &self.inner
                }

                #(#methods)*
            }
        };
        let mut fault_arms = Vec::new();
        let mut fault_elements: Vec<&QName> = w.operations.iter().flat_map(|o| &o.faults).collect();
        fault_elements.sort();
        fault_elements.dedup();
        for el in fault_elements {
            let local = bytes_lit(&el.name);
            let el_name = &el.name;
            let ty_name = &w.elements[el].ty;
            let ty = self.type_path(ty_name)?;
            // The WSDL puts the element in its own namespace (`tns:ApiFault`); a serializer that
            // writes the data contract's namespace instead is read the same way.
            let mut namespaces = vec![self.ns_const(&el.ns)?];
            if ty_name.ns != el.ns && ty_name.name == el.name {
                namespaces.push(self.ns_const(&ty_name.ns)?);
            }
            fault_arms.push(quote! {
                (#(#namespaces)|*, #local) => Ok(Some(crate::model::FaultDetail::from_generated(#el_name, &r.complex::<#ty>(c)?.unwrap_or_default()))),
            });
        }
        let fault_match = if fault_arms.is_empty() {
            quote! {
                let _ = (r, c);
                Ok(None)
            }
        } else {
            quote! {
                match (c.ns, c.local) {
                    #(#fault_arms)*
                    _ => Ok(None),
                }
            }
        };
        let mut round_trips = Vec::new();
        for q in &self.complex {
            let path = self.type_path(q)?;
            let label = path.to_string().replace(' ', "");
            round_trips
                .push(quote!((#label, || crate::xml::round_trip::<#path>(&xmlns::NAMESPACES))));
        }
        // Every type that can stand in each base-typed slot, written with `i:type` and read
        // back through the slot's dispatch.
        for base in &self.poly {
            let any = self.any_path(base)?;
            let keep_tag = self.has_type_element(base);
            for m in self.poly_members(base) {
                let variant = ident(&to_upper_camel(&m.name.name));
                let label = format!("{}::{}", any.to_string().replace(' ', ""), variant);
                let sample = if !keep_tag {
                    quote!(crate::xml::Sample::sample())
                } else if m.name == *base {
                    quote!(crate::xml::poly::with_type_field(
                        crate::xml::Sample::sample(),
                        None
                    ))
                } else {
                    let rest_name = crate::rest::rest_type_name(&base.name, &m.name.name);
                    quote!(crate::xml::poly::with_type_field(crate::xml::Sample::sample(), Some(#rest_name)))
                };
                round_trips.push(quote!((#label, || crate::xml::round_trip_poly(#any::#variant(#sample), &xmlns::NAMESPACES))));
            }
        }
        let (svc_name, version, tns) = (&w.service_name, self.target.version, &w.target_ns);
        let endpoint = match &w.endpoint {
            Some(e) => quote!(Some(#e)),
            None => quote!(None),
        };
        Ok(quote! {
            /// This service version, with its operations addressed by name (JSON in and out, over
            /// either wire form); derefs to its [`ServiceInfo`](crate::model::ServiceInfo).
            pub static SERVICE: crate::dynamic::Service = crate::dynamic::Service {
                info: &SERVICE_INFO,
                operations: &[#(#dyn_ops),*],
            };

            /// Descriptor of this service version: namespaces, headers and operations in WSDL order.
            static SERVICE_INFO: crate::model::ServiceInfo = crate::model::ServiceInfo {
                name: #svc_name,
                version: #version,
                namespace: #tns,
                namespaces: &xmlns::NAMESPACES,
                request_headers: &[#(#request_headers),*],
                response_headers: &[#(#response_headers),*],
                production_endpoint: #endpoint,
                operations: &[#(#info_ops),*],
                read_fault_detail,
            };

            /// Reads a known fault detail element; `Ok(None)` (nothing consumed) for any other.
            fn read_fault_detail<'a>(
                r: &mut crate::xml::XmlReader<'a>,
                c: &crate::xml::Child<'a>,
            ) -> ::std::result::Result<::std::option::Option<crate::model::FaultDetail>, crate::xml::XmlError> {
                #fault_match
            }

            /// Every generated complex type with a check that its sample survives XML and JSON
            /// round trips (feature `samples`).
            #[cfg(feature = "samples")]
            pub static ALL_TYPES: &[(&str, fn() -> ::std::result::Result<(), ::std::string::String>)] = &[#(#round_trips),*];

            #(#impls)*

            #(#paged_impls)*

            #client_tokens
        })
    }
}
