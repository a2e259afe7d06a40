use super::fault::read_fault;
use crate::model::{
    Fault, OperationRequest, OperationResponse, RequestHeaders, Response, ServiceInfo,
};
use crate::xml::writer::{escape_attr_into, escape_into};
use crate::xml::{
    Child, Limits, Ns, XmlComplex, XmlError, XmlErrorKind, XmlReader, XmlWriter, SOAP_ENV_NS,
};

/// Envelope choices that are not part of the request data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvelopeOptions {
    /// Adds `<Action mustUnderstand="1">Operation</Action>` first in the header, as the service
    /// documentation's templates show. The WSDL does not declare it and the official SDKs do
    /// not send it, so it is off by default.
    pub with_action_header: bool,
}

const ENVELOPE_OPEN: &str = concat!(
    "<s:Envelope xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" ",
    "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
);

/// The complete request envelope for `request`.
pub fn write_envelope<R: OperationRequest>(
    request: &R,
    headers: &RequestHeaders,
    options: &EnvelopeOptions,
) -> Vec<u8> {
    write_envelope_checked(request, headers, options).0
}

/// [`write_envelope`], or why the request cannot be written as it is: a value of a derived
/// type these bindings do not know (read from a newer service) would lose its own fields.
/// The client sends only what this accepts.
pub fn try_write_envelope<R: OperationRequest>(
    request: &R,
    headers: &RequestHeaders,
    options: &EnvelopeOptions,
) -> Result<Vec<u8>, String> {
    match write_envelope_checked(request, headers, options) {
        (bytes, None) => Ok(bytes),
        (_, Some(why)) => Err(why),
    }
}

fn write_envelope_checked<R: OperationRequest>(
    request: &R,
    headers: &RequestHeaders,
    options: &EnvelopeOptions,
) -> (Vec<u8>, Option<String>) {
    let service = R::service();
    let mut out = Vec::with_capacity(1024);
    out.extend_from_slice(ENVELOPE_OPEN.as_bytes());
    let declared = service
        .request_headers
        .iter()
        .filter_map(|h| Some((*h, headers.value(h)?)));
    let mut header_open = false;
    let mut open_header = |out: &mut Vec<u8>| {
        if !std::mem::replace(&mut header_open, true) {
            out.extend_from_slice(b"<s:Header xmlns=\"");
            escape_attr_into(out, service.namespace);
            out.extend_from_slice(b"\">");
        }
    };
    if options.with_action_header {
        open_header(&mut out);
        out.extend_from_slice(b"<Action mustUnderstand=\"1\">");
        escape_into(&mut out, R::OPERATION);
        out.extend_from_slice(b"</Action>");
    }
    for (name, value) in declared {
        open_header(&mut out);
        out.push(b'<');
        out.extend_from_slice(name.as_bytes());
        out.push(b'>');
        escape_into(&mut out, value);
        out.extend_from_slice(b"</");
        out.extend_from_slice(name.as_bytes());
        out.push(b'>');
    }
    if header_open {
        out.extend_from_slice(b"</s:Header>");
    }
    write_body(out, service, XmlWriter::new, R::ELEMENT, request)
}

/// A response envelope holding the members that are set (test servers, round trips).
pub fn write_response_envelope<T: OperationResponse>(
    response: &T,
    tracking_id: Option<&str>,
) -> Vec<u8> {
    let service = T::service();
    let out = open_response_envelope(service, tracking_id);
    write_body(out, service, XmlWriter::new, T::ELEMENT, response).0
}

/// A response envelope as the service writes it (the emulator's answers): every member of
/// every type in WSDL order, an absent nillable one as `<X i:nil="true"/>` (see
/// [`XmlWriter::for_response`]).
pub fn write_service_response_envelope<T: OperationResponse>(
    response: &T,
    tracking_id: Option<&str>,
) -> Vec<u8> {
    let service = T::service();
    let out = open_response_envelope(service, tracking_id);
    write_body(out, service, XmlWriter::for_response, T::ELEMENT, response).0
}

/// `<s:Envelope …>` with the `TrackingId` header, as the service starts every answer.
fn open_response_envelope(service: &ServiceInfo, tracking_id: Option<&str>) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    out.extend_from_slice(ENVELOPE_OPEN.as_bytes());
    if let Some(id) = tracking_id {
        out.extend_from_slice(b"<s:Header><h:TrackingId xmlns:h=\"");
        escape_attr_into(&mut out, service.namespace);
        out.extend_from_slice(b"\">");
        escape_into(&mut out, id);
        out.extend_from_slice(b"</h:TrackingId></s:Header>");
    }
    out
}

/// A fault envelope as the service sends it: `faultcode`, `faultstring` (`xml:lang="en-US"`)
/// and each detail, written by `write_detail` through the service's generated fault types.
/// Each generated module wraps this as `fault_envelope`.
pub fn write_fault_envelope(
    service: &ServiceInfo,
    fault: &Fault,
    write_detail: impl Fn(&mut XmlWriter<'_>, &crate::model::FaultDetail),
) -> Vec<u8> {
    let mut out = open_response_envelope(service, fault.tracking_id.as_deref());
    out.extend_from_slice(b"<s:Body><s:Fault><faultcode");
    if fault.faultcode.starts_with("a:") {
        // WCF's dispatcher faults (`a:DeserializationFailed`) declare their prefix here.
        out.extend_from_slice(
            b" xmlns:a=\"http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher\"",
        );
    }
    out.extend_from_slice(b">");
    escape_into(&mut out, &fault.faultcode);
    out.extend_from_slice(b"</faultcode><faultstring xml:lang=\"en-US\">");
    escape_into(&mut out, &fault.faultstring);
    out.extend_from_slice(b"</faultstring>");
    if !fault.details.is_empty() {
        out.extend_from_slice(b"<detail>");
        let mut w = XmlWriter::for_response(out, service.namespaces);
        for detail in &fault.details {
            write_detail(&mut w, detail);
        }
        out = w.into_inner();
        out.extend_from_slice(b"</detail>");
    }
    out.extend_from_slice(b"</s:Fault></s:Body></s:Envelope>");
    out
}

/// The body element of `value` after the envelope written so far; `writer` makes the writer
/// (requests: [`XmlWriter::new`]; the service's answers: [`XmlWriter::for_response`]).
fn write_body<'n, T: XmlComplex>(
    mut out: Vec<u8>,
    service: &'n ServiceInfo,
    writer: fn(Vec<u8>, &'n crate::xml::Namespaces) -> XmlWriter<'n>,
    element: &str,
    value: &T,
) -> (Vec<u8>, Option<String>) {
    out.extend_from_slice(b"<s:Body><");
    out.extend_from_slice(element.as_bytes());
    out.extend_from_slice(b" xmlns=\"");
    escape_attr_into(&mut out, service.namespace);
    out.extend_from_slice(b"\">");
    let mut w = writer(out, service.namespaces);
    value.write_fields(&mut w);
    let (mut out, refusal) = w.finish();
    out.extend_from_slice(b"</");
    out.extend_from_slice(element.as_bytes());
    out.extend_from_slice(b"></s:Body></s:Envelope>");
    (out, refusal)
}

/// A response that could not be turned into its body type.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SoapError {
    /// The body is not a readable response envelope of this operation.
    #[error(
        "cannot read the SOAP response: {error}{}",
        tracking_id.as_deref().map(|id| format!(" (TrackingId {id})")).unwrap_or_default()
    )]
    Xml {
        /// What could not be read, and where.
        #[source]
        error: XmlError,
        /// The `TrackingId` header, when it was read before the error.
        tracking_id: Option<String>,
    },
    /// The service answered with a SOAP fault.
    #[error(transparent)]
    Fault(Box<Fault>),
}

impl SoapError {
    /// The TrackingId the service sent, if it could be read.
    pub fn tracking_id(&self) -> Option<&str> {
        match self {
            SoapError::Xml { tracking_id, .. } => tracking_id.as_deref(),
            SoapError::Fault(f) => f.tracking_id.as_deref(),
        }
    }

    /// The fault, for `Fault`.
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            SoapError::Fault(f) => Some(f),
            SoapError::Xml { .. } => None,
        }
    }

    /// The read error, for `Xml`.
    pub fn xml_error(&self) -> Option<&XmlError> {
        match self {
            SoapError::Xml { error, .. } => Some(error),
            SoapError::Fault(_) => None,
        }
    }
}

/// Reads a response envelope: the `TrackingId` wherever it sits in `s:Header`, then the body
/// element of `T` or an `s:Fault`. Faults are recognised whatever the HTTP status was.
pub fn parse_response<T: OperationResponse>(
    body: &[u8],
    limits: &Limits,
) -> Result<Response<T>, SoapError> {
    let service = T::service();
    let mut tracking_id = None;
    let result = (|| {
        let mut r = XmlReader::new(body, service.namespaces, *limits)?;
        let mut on_header = |name: &str, value: String| {
            if name == "TrackingId" {
                tracking_id = Some(value);
            }
        };
        read_envelope(
            &mut r,
            &|name| name == "TrackingId",
            &mut on_header,
            |r, child| {
                if child.ns == Ns::SOAP_ENV && child.local == b"Fault" {
                    return read_fault(r, child, service).map(Err);
                }
                expect_element(r, child, service, T::ELEMENT)?;
                T::read_fields(r).map(Ok)
            },
        )
    })();
    match result {
        Ok(Ok(body)) => Ok(Response {
            body,
            tracking_id,
            http_status: None,
        }),
        Ok(Err(mut fault)) => {
            if fault.tracking_id.is_none() {
                fault.tracking_id = tracking_id;
            }
            Err(SoapError::Fault(Box::new(fault)))
        }
        Err(error) => Err(SoapError::Xml { error, tracking_id }),
    }
}

/// A request envelope as a server (the emulator) reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRequest<T> {
    /// The request body.
    pub body: T,
    /// The headers the service declares, as sent.
    pub headers: RequestHeaders,
    /// The optional `Action` header, when sent.
    pub action: Option<String>,
}

/// Reads a request envelope of operation `T`: the declared headers and the body.
pub fn parse_request<T: OperationRequest>(
    body: &[u8],
    limits: &Limits,
) -> Result<ParsedRequest<T>, XmlError> {
    let service = T::service();
    let mut headers = RequestHeaders::default();
    let mut action = None;
    let mut r = XmlReader::new(body, service.namespaces, *limits)?;
    let body = read_envelope(
        &mut r,
        &|name| name == "Action" || service.request_headers.contains(&name),
        &mut |name, value| match name {
            "Action" => action = Some(value),
            _ if service.request_headers.contains(&name) => headers.set(name, value),
            _ => {}
        },
        |r, child| {
            expect_element(r, child, service, T::ELEMENT)?;
            T::read_fields(r)
        },
    )?;
    Ok(ParsedRequest {
        body,
        headers,
        action,
    })
}

fn expect_element(
    r: &XmlReader<'_>,
    child: &Child<'_>,
    service: &ServiceInfo,
    element: &str,
) -> Result<(), XmlError> {
    if child.local != element.as_bytes() {
        let found = child.name();
        return Err(XmlError::new(
            XmlErrorKind::UnexpectedElement {
                expected: element.to_string(),
                found,
            },
            child.position,
        ));
    }
    if child.ns != Ns(0) {
        let found = r.namespace_uri(child.ns);
        return Err(XmlError::new(
            XmlErrorKind::WrongNamespace {
                element: element.to_string(),
                expected: service.namespace.to_string(),
                found,
            },
            child.position,
        ));
    }
    Ok(())
}

/// Walks `s:Envelope`: the header elements `wanted` accepts are reported to `on_header` by
/// local name (so `<h:TrackingId xmlns:h="…">` is found whatever its prefix), others are
/// skipped, and the first element of `s:Body` goes to `on_body`.
fn read_envelope<'a, T>(
    r: &mut XmlReader<'a>,
    wanted: &dyn Fn(&str) -> bool,
    on_header: &mut dyn FnMut(&str, String),
    mut on_body: impl FnMut(&mut XmlReader<'a>, &Child<'a>) -> Result<T, XmlError>,
) -> Result<T, XmlError> {
    let mut body = None;
    let root = walk_envelope(r, wanted, on_header, &mut |r, child| {
        body = Some(on_body(r, child)?);
        Ok(())
    })?;
    body.ok_or_else(|| XmlError::new(XmlErrorKind::MissingBody, root))
}

/// The walk itself, not generic so that it is compiled once (generic over the body type, it
/// was copied into every request and response type: 146 copies, 72 k lines of LLVM IR).
/// Returns the root's position, where a missing `s:Body` is reported.
fn walk_envelope<'a>(
    r: &mut XmlReader<'a>,
    wanted: &dyn Fn(&str) -> bool,
    on_header: &mut dyn FnMut(&str, String),
    on_body: &mut dyn FnMut(&mut XmlReader<'a>, &Child<'a>) -> Result<(), XmlError>,
) -> Result<u64, XmlError> {
    let root = r.root()?;
    check_soap_element(r, &root, "Envelope")?;
    while let Some(child) = r.next_child()? {
        match (child.ns, child.local) {
            (Ns::SOAP_ENV, b"Header") => {
                while let Some(h) = r.next_child()? {
                    let name = h.name();
                    // Only the service's own headers: a `TrackingId` in another namespace is
                    // someone else's element.
                    if h.nil || h.ns != Ns(0) || !wanted(&name) {
                        r.skip(&h)?;
                        continue;
                    }
                    let value = r.read_text()?.into_owned();
                    on_header(&name, value);
                }
            }
            (Ns::SOAP_ENV, b"Body") => {
                let Some(first) = r.next_child()? else {
                    return Err(XmlError::new(XmlErrorKind::MissingBody, child.position));
                };
                on_body(r, &first)?;
                while let Some(extra) = r.next_child()? {
                    r.skip(&extra)?;
                }
            }
            _ => r.skip(&child)?,
        }
    }
    r.finish()?;
    Ok(root.position)
}

fn check_soap_element(r: &XmlReader<'_>, child: &Child<'_>, local: &str) -> Result<(), XmlError> {
    if child.local != local.as_bytes() {
        return Err(XmlError::new(
            XmlErrorKind::UnexpectedElement {
                expected: format!("s:{local}"),
                found: child.name(),
            },
            child.position,
        ));
    }
    if child.ns != Ns::SOAP_ENV {
        return Err(XmlError::new(
            XmlErrorKind::WrongNamespace {
                element: local.to_string(),
                expected: SOAP_ENV_NS.to_string(),
                found: r.namespace_uri(child.ns),
            },
            child.position,
        ));
    }
    Ok(())
}
