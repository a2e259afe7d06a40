//! What every request meets before a service sees it: the `Host` check, the bounded body
//! read, and the service descriptions (`?wsdl`, `?singleWsdl`).

use axum::http::request::Parts;
use axum::http::{header, Method};

use super::soap::Endpoint;
use super::{http_response, plain, Shared};

/// `421 Misdirected Request` unless `Host` names the emulator: a loopback name or address, or
/// the address it bound, with its port. A web page that rebinds its own DNS name to 127.0.0.1
/// sends its own name here, so it cannot drive the emulator (DNS rebinding).
pub(crate) fn check_host(shared: &Shared, parts: &Parts) -> Option<axum::response::Response> {
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| parts.uri.authority().map(|a| a.as_str()));
    let Some(host) = host else {
        return Some(plain(
            400,
            "the request has no Host header (HTTP/1.1 requires one)".into(),
        ));
    };
    if names_emulator(host, shared.addr) {
        return None;
    }
    let mut refusal = plain(
        421,
        format!(
            "this is the emulator at {}; Host {host:?} names another server",
            shared.addr
        ),
    );
    refusal.headers_mut().insert(
        header::CONNECTION,
        axum::http::HeaderValue::from_static("close"),
    );
    Some(refusal)
}

/// Whether `host` (`name[:port]`, `[v6][:port]`) is a loopback name or address, or the bound
/// address, and its port (80 when left out) the bound port.
fn names_emulator(host: &str, bound: std::net::SocketAddr) -> bool {
    let host = host.trim();
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) if !port.contains(']') => (name, port.parse::<u16>().ok()),
        _ => (host, Some(80)),
    };
    if port != Some(bound.port()) {
        return false;
    }
    let name = name.trim_start_matches('[').trim_end_matches(']');
    if name.eq_ignore_ascii_case("localhost") || name.eq_ignore_ascii_case("localhost.") {
        return true;
    }
    name.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback() || ip == bound.ip())
}

/// The request body, read up to the emulator's limit and within its request-read timeout: a
/// larger `Content-Length` is refused before any of the body is read, a body that grows past
/// the limit as soon as it does, and the connection is then closed (the rest is not read).
pub(crate) async fn read_body(
    shared: &Shared,
    parts: &Parts,
    body: axum::body::Body,
) -> Result<axum::body::Bytes, axum::response::Response> {
    let limit = shared.max_body_bytes;
    let too_large = || {
        let mut refusal = plain(
            413,
            format!("the request body is larger than the emulator's limit of {limit} bytes"),
        );
        refusal.headers_mut().insert(
            header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
        refusal
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let read = axum::body::to_bytes(body, limit);
    match tokio::time::timeout(shared.request_read_timeout, read).await {
        Ok(Ok(body)) => Ok(body),
        Ok(Err(_)) => Err(too_large()),
        Err(_) => {
            let mut refusal = plain(
                408,
                format!(
                    "the request body did not arrive within {} ms",
                    shared.request_read_timeout.as_millis()
                ),
            );
            refusal.headers_mut().insert(
                header::CONNECTION,
                axum::http::HeaderValue::from_static("close"),
            );
            Err(refusal)
        }
    }
}

/// `GET <service>?wsdl` and `?singleWsdl`: the vendored WSDL, its `soap:address` naming this
/// emulator, as WCF serves its metadata (clients such as zeep and PHP's SoapClient start
/// from it). `None` for any other request.
pub(crate) fn wsdl(
    shared: &Shared,
    endpoint: &Endpoint,
    parts: &Parts,
) -> Option<axum::response::Response> {
    let query = parts.uri.query()?;
    let asked = query.eq_ignore_ascii_case("wsdl") || query.eq_ignore_ascii_case("singleWsdl");
    if parts.method != Method::GET || !asked {
        return None;
    }
    let production = endpoint.service.production_endpoint.unwrap_or_default();
    let own = format!("http://{}{}", shared.addr, endpoint.path);
    let text = endpoint.wsdl.replace(
        &format!("location=\"{production}\""),
        &format!("location=\"{own}\""),
    );
    Some(http_response(
        200,
        "text/xml; charset=UTF-8",
        Vec::new(),
        text.into_bytes(),
    ))
}

#[cfg(test)]
mod tests {
    use super::names_emulator;

    #[test]
    fn only_loopback_names_and_the_bound_port_name_the_emulator() {
        let bound: std::net::SocketAddr = "127.0.0.1:4100".parse().unwrap();
        for ok in [
            "127.0.0.1:4100",
            "localhost:4100",
            "LOCALHOST:4100",
            "[::1]:4100",
            "127.0.0.2:4100",
        ] {
            assert!(names_emulator(ok, bound), "{ok}");
        }
        for bad in [
            "attacker.example:4100",
            "attacker.example",
            "127.0.0.1:4101",
            "127.0.0.1",
            "localhost.attacker.example:4100",
            "[::1]",
            "10.0.0.1:4100",
            "",
            "é:4100",
        ] {
            assert!(!names_emulator(bad, bound), "{bad}");
        }
    }
}
