//! SOAP faults: `s:Fault` read into the shared [`Fault`] model, and the fault envelope the
//! emulator and test servers answer with.

use crate::model::{Fault, FaultDetail, ServiceInfo};
use crate::xml::{Child, XmlError, XmlReader};

/// Reads `s:Fault`: `faultcode`, `faultstring`, and each element of `detail` through the
/// service's generated fault types, or as raw XML when the service does not declare it.
pub(crate) fn read_fault<'a>(
    r: &mut XmlReader<'a>,
    fault_el: &Child<'a>,
    service: &ServiceInfo,
) -> Result<Fault, XmlError> {
    let _ = fault_el;
    let mut fault = Fault::default();
    while let Some(c) = r.next_child()? {
        match c.local {
            b"faultcode" => fault.faultcode = r.read_text()?.trim().to_string(),
            b"faultstring" => fault.faultstring = r.read_text()?.into_owned(),
            b"detail" => {
                while let Some(d) = r.next_child()? {
                    let start = d.position;
                    match (service.read_fault_detail)(r, &d)? {
                        Some(detail) => fault.details.push(detail),
                        None => {
                            r.skip(&d)?;
                            let raw_xml =
                                String::from_utf8_lossy(r.slice(start, r.position())).into_owned();
                            fault.details.push(FaultDetail::Unknown {
                                element: d.name(),
                                namespace: r.namespace_uri(d.ns),
                                raw_xml,
                            });
                        }
                    }
                }
            }
            _ => r.skip(&c)?,
        }
    }
    fault.tracking_id = fault
        .details
        .iter()
        .find_map(|d| d.tracking_id().map(str::to_string));
    Ok(fault)
}

/// Adds `fault_envelope` to a generated Customer Management module: faults written through
/// that version's generated fault types (`adapi::AdApiFaultDetail`, `exception::ApiFault`).
macro_rules! customer_management_fault_writer {
    () => {
        /// The fault envelope this service sends for `fault` (the emulator and test servers
        /// answer with it); details are written through the generated fault types.
        pub fn fault_envelope(fault: &$crate::model::Fault) -> ::std::vec::Vec<u8> {
            $crate::soap::write_fault_envelope(&SERVICE, fault, |w, detail| match detail {
                $crate::model::FaultDetail::AdApiFaultDetail {
                    tracking_id,
                    errors,
                } => w.complex_element(
                    xmlns::ADAPI,
                    "AdApiFaultDetail",
                    &adapi::AdApiFaultDetail {
                        tracking_id: tracking_id.clone(),
                        errors: Some(
                            errors
                                .iter()
                                .map(|e| adapi::AdApiError {
                                    code: e.code,
                                    detail: e.detail.clone(),
                                    error_code: e.error_code.clone(),
                                    message: e.message.clone(),
                                })
                                .collect(),
                        ),
                    },
                ),
                $crate::model::FaultDetail::ApiFault {
                    tracking_id,
                    operation_errors,
                } => w.default_ns_element(
                    SERVICE.namespace,
                    "ApiFault",
                    &exception::ApiFault {
                        tracking_id: tracking_id.clone(),
                        operation_errors: Some(
                            operation_errors
                                .iter()
                                .map(|e| exception::OperationError {
                                    code: e.code,
                                    details: e.details.clone(),
                                    message: e.message.clone(),
                                })
                                .collect(),
                        ),
                    },
                ),
                $crate::model::FaultDetail::Unknown { raw_xml, .. } => w.raw(raw_xml.as_bytes()),
                // Not a Customer Management detail: this service never sends one.
                $crate::model::FaultDetail::Batch { .. } => {}
            })
        }
    };
}
pub(crate) use customer_management_fault_writer;
