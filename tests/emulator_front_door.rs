//! The emulator's front door, over real connections to 127.0.0.1: the WSDL at `?wsdl` with
//! the emulator's own address, the `Host` check (DNS rebinding), idle and half-sent
//! connections closed, the body limit applied before the body is read, no panic on request
//! data, SOAP's Content-Type, UserName/Password refused, and seeded token expiry.

use std::sync::Arc;
use std::time::Duration;

use bingads::emulator::{Emulator, ManualClock, Seed};
use bingads::model::RequestHeaders;
use bingads::soap::EnvelopeOptions;
use bingads::time::parse_rfc3339;
use bingads::v13::customer_management::SERVICE;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long a test waits for something that must happen far sooner: a bound against hanging,
/// not a measured time.
const GUARD: Duration = Duration::from_secs(20);

fn http() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

fn headers(token: Option<&str>) -> RequestHeaders {
    RequestHeaders {
        developer_token: Some("dev".into()),
        authentication_token: token.map(Into::into),
        ..RequestHeaders::default()
    }
}

/// A SOAP request of `operation` with the request JSON `json`.
fn envelope(operation: &str, json: &str, headers: &RequestHeaders) -> Vec<u8> {
    SERVICE
        .operation(operation)
        .unwrap()
        .request_from_json(json)
        .unwrap()
        .envelope(headers, &EnvelopeOptions::default())
        .unwrap()
}

async fn post_soap(
    emulator: &Emulator,
    operation: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, String) {
    let response = http()
        .post(emulator.endpoint(&SERVICE))
        .header("Content-Type", content_type)
        .header("SOAPAction", operation)
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Everything the server sends until it closes the connection; a failure if it does not
/// close it within [`GUARD`].
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let read = tokio::time::timeout(GUARD, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "the emulator kept the connection open; it sent {:?}",
        String::from_utf8_lossy(&out)
    );
    String::from_utf8_lossy(&out).into_owned()
}

fn host_port(emulator: &Emulator) -> String {
    emulator.url().trim_start_matches("http://").to_string()
}

#[tokio::test]
async fn the_wsdl_is_served_with_the_emulators_own_address() {
    let emulator = Emulator::builder().start().await.unwrap();
    for service in [
        &*bingads::v13::customer_management::SERVICE,
        &*bingads::v12::customer_management::SERVICE,
    ] {
        let endpoint = emulator.endpoint(service);
        for query in ["wsdl", "singleWsdl"] {
            let response = http()
                .get(format!("{endpoint}?{query}"))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{endpoint}?{query}");
            let text = response.text().await.unwrap();
            assert!(text.contains("<wsdl:definitions"), "{text:.200}");
            assert!(
                text.contains(&format!("<soap:address location=\"{endpoint}\"")),
                "{endpoint}?{query} does not name the emulator"
            );
            assert!(!text.contains("clientcenter.api.bingads.microsoft.com"));
        }
    }
}

#[tokio::test]
async fn a_host_that_names_another_server_is_misdirected() {
    let emulator = Emulator::builder().start().await.unwrap();
    let port = host_port(&emulator);
    let port = port.rsplit(':').next().unwrap();
    let body = envelope("GetUser", "{}", &headers(Some("token")));
    for (host, expected) in [
        ("attacker.example".to_string(), "421"),
        (format!("attacker.example:{port}"), "421"),
        (format!("localhost:{port}"), "200"),
        (format!("127.0.0.1:{port}"), "200"),
    ] {
        let mut stream = TcpStream::connect(host_port(&emulator)).await.unwrap();
        let head = format!(
            "POST /Api/CustomerManagement/v13/CustomerManagementService.svc HTTP/1.1\r\nHost: {host}\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: GetUser\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(&body).await.unwrap();
        let answer = read_until_closed(&mut stream).await;
        assert!(
            answer.starts_with(&format!("HTTP/1.1 {expected} ")),
            "Host {host}: {answer:.300}"
        );
    }
    // Only the two loopback requests reached the service.
    assert_eq!(emulator.calls().len(), 2);
}

#[tokio::test]
async fn an_idle_connection_is_closed() {
    let emulator = Emulator::builder()
        .idle_timeout(Duration::from_millis(200))
        .start()
        .await
        .unwrap();
    let mut stream = TcpStream::connect(host_port(&emulator)).await.unwrap();
    assert_eq!(read_until_closed(&mut stream).await, "");
    // And after an answer, the kept-alive connection is closed the same way.
    let mut stream = TcpStream::connect(host_port(&emulator)).await.unwrap();
    let request = format!(
        "GET /_emulator/calls HTTP/1.1\r\nHost: {}\r\n\r\n",
        host_port(&emulator)
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer:.200}");
}

#[tokio::test]
async fn a_half_sent_request_is_closed_however_slowly_it_trickles() {
    let emulator = Emulator::builder()
        .idle_timeout(Duration::from_secs(600))
        .request_read_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    // A header that never ends.
    let mut stream = TcpStream::connect(host_port(&emulator)).await.unwrap();
    let head = format!(
        "GET /_emulator/calls HTTP/1.1\r\nHost: {}\r\n",
        host_port(&emulator)
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    assert_eq!(read_until_closed(&mut stream).await, "");

    // A header sent one byte at a time, each byte within the bound: closed all the same,
    // long before the 400 bytes are out.
    let mut stream = TcpStream::connect(host_port(&emulator)).await.unwrap();
    let mut sent = 0;
    for _ in 0..400 {
        if stream.write_all(b"X").await.is_err() {
            break;
        }
        sent += 1;
        tokio::time::sleep(Duration::from_millis(25)).await;
        let mut probe = [0u8; 1];
        if let Ok(Ok(0) | Err(_)) =
            tokio::time::timeout(Duration::from_millis(1), stream.read(&mut probe)).await
        {
            break;
        }
    }
    assert!(sent < 400, "the trickling connection stayed open");

    // A body that stops halfway: 408, and the connection is closed.
    let mut stream = TcpStream::connect(host_port(&emulator)).await.unwrap();
    let head = format!(
        "POST /Api/CustomerManagement/v13/CustomerManagementService.svc HTTP/1.1\r\nHost: {}\r\nContent-Type: text/xml\r\nSOAPAction: GetUser\r\nContent-Length: 100\r\n\r\n<s:Envelope",
        host_port(&emulator)
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer:.200}");
}

#[tokio::test]
async fn an_oversized_content_length_is_refused_before_the_body_is_read() {
    let emulator = Emulator::builder()
        .request_read_timeout(Duration::from_secs(5))
        .start()
        .await
        .unwrap();
    let mut stream = TcpStream::connect(host_port(&emulator)).await.unwrap();
    // 100 MB announced, not one byte of it sent: the answer comes anyway.
    let head = format!(
        "POST /Api/CustomerManagement/v13/CustomerManagementService.svc HTTP/1.1\r\nHost: {}\r\nContent-Type: text/xml\r\nSOAPAction: GetUser\r\nContent-Length: 100000000\r\n\r\n",
        host_port(&emulator)
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 413 "), "{answer:.200}");
    assert!(answer.contains("8388608 bytes"), "{answer}");
    assert!(emulator.calls().is_empty());
}

#[tokio::test]
async fn multi_byte_text_in_a_created_date_gets_a_fault_not_an_empty_reply() {
    let emulator = Emulator::builder().start().await.unwrap();
    // Each cuts a character at the tenth byte.
    for value in ["2024-01-0é", "日本語日本語日本語"] {
        let json = serde_json::json!({
            "Predicates": [{"Field": "CreatedDate", "Operator": "GreaterThanEquals", "Value": value}],
            "PageInfo": {"Index": 0, "Size": 10},
        });
        let body = envelope(
            "SearchCustomers",
            &json.to_string(),
            &headers(Some("token")),
        );
        let (status, text) = post_soap(
            &emulator,
            "SearchCustomers",
            "text/xml; charset=utf-8",
            body,
        )
        .await;
        assert_eq!(status, 500, "{value}: {text}");
        assert!(text.contains("<s:Fault>"), "{value}: {text}");
    }
    // The emulator still answers.
    let body = envelope("GetUser", "{}", &headers(Some("token")));
    let (status, _) = post_soap(&emulator, "GetUser", "text/xml; charset=utf-8", body).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn soap_refuses_a_content_type_other_than_text_xml() {
    let emulator = Emulator::builder().start().await.unwrap();
    let body = envelope("GetUser", "{}", &headers(Some("token")));
    for content_type in ["application/json", "application/soap+xml; charset=utf-8"] {
        let (status, text) = post_soap(&emulator, "GetUser", content_type, body.clone()).await;
        assert_eq!(status, 415, "{content_type}: {text}");
    }
    let (status, _) = post_soap(&emulator, "GetUser", "text/xml", body.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(emulator.calls().len(), 1);
}

#[tokio::test]
async fn user_name_and_password_in_place_of_a_token_are_invalid_credentials() {
    let emulator = Emulator::builder().start().await.unwrap();
    let with_password = RequestHeaders {
        user_name: Some("pat@contoso.com".into()),
        password: Some("secret".into()),
        ..headers(None)
    };
    let body = envelope("GetUser", "{}", &with_password);
    let (status, text) = post_soap(&emulator, "GetUser", "text/xml; charset=utf-8", body).await;
    assert_eq!(status, 500, "{text}");
    assert!(text.contains(":Code>105</"), "{text}");
}

#[tokio::test]
async fn a_seeded_token_expires_at_its_time() {
    let now = parse_rfc3339("2026-11-23T12:00:00Z").unwrap();
    let clock = Arc::new(ManualClock::new(now));
    let mut seed = Seed::default_data(now);
    seed.authentication_token_expiry
        .insert("short-lived".into(), "PT1H".into());
    let emulator = Emulator::builder()
        .seed(seed)
        .clock(clock.clone())
        .start()
        .await
        .unwrap();
    let call = || async {
        let body = envelope("GetUser", "{}", &headers(Some("short-lived")));
        post_soap(&emulator, "GetUser", "text/xml; charset=utf-8", body).await
    };
    let rest = || async {
        http()
            .post(format!(
                "{}/CustomerManagement/v13/User/Query",
                emulator.url()
            ))
            .header("Authorization", "Bearer short-lived")
            .header("DeveloperToken", "dev")
            .header("Content-Type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap()
    };
    assert_eq!(call().await.0, 200);
    assert_eq!(rest().await.status(), 200);
    clock.advance(Duration::from_secs(3601));
    let (status, text) = call().await;
    assert_eq!(status, 500, "{text}");
    assert!(text.contains(":Code>109</"), "{text}");
    let response = rest().await;
    assert_eq!(response.status(), 401);
    assert!(response.text().await.unwrap().contains("109"));
    // The state keeps the expiry, as an absolute time.
    assert_eq!(
        emulator.state().authentication_token_expiry["short-lived"],
        "2026-11-23T13:00:00Z"
    );
}
