//! The library in one minute, offline: build a request envelope from generated types, read a
//! response (with its TrackingId), and see a SOAP fault come back as a typed error.
//!
//! Run: `cargo run --example quickstart`

use bingads::soap::{parse_response, write_envelope, EnvelopeOptions, RequestHeaders, SoapError};
use bingads::v13::customer_management::{DeleteUserRequest, GetUserResponse};
use bingads::xml::{Base64Binary, Limits};

/// A GetUser response as the live service sends it (prefixes, `i:nil`, a field newer than
/// the WSDL, which is skipped).
const GET_USER_RESPONSE: &[u8] = include_bytes!("../tests/fixtures/responses/v13_GetUser.xml");
/// A stale-TimeStamp DeleteUser answer: an `ApiFault` with its operation errors.
const DELETE_USER_FAULT: &[u8] = include_bytes!("../tests/fixtures/faults/api_fault.xml");

fn main() {
    println!("1. Read a GetUser response");
    let response = match parse_response::<GetUserResponse>(GET_USER_RESPONSE, &Limits::default()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("   could not read the response: {e}");
            std::process::exit(1);
        }
    };
    let user = response.body.user.unwrap_or_default();
    let name = user.name.clone().unwrap_or_default();
    println!(
        "   user {} ({} {}), status {}, TrackingId {}",
        user.id.unwrap_or_default(),
        name.first_name.as_deref().unwrap_or("?"),
        name.last_name.as_deref().unwrap_or("?"),
        user.user_life_cycle_status
            .as_ref()
            .map_or("?", |s| s.as_str()),
        response.tracking_id.as_deref().unwrap_or("-"),
    );
    let time_stamp = user
        .time_stamp
        .clone()
        .unwrap_or_else(|| Base64Binary(Vec::new()));
    println!(
        "   its TimeStamp (the row version DeleteUser must echo): {}",
        time_stamp.to_base64()
    );

    println!("\n2. Build the DeleteUser request with that TimeStamp");
    let request = DeleteUserRequest {
        user_id: user.id,
        time_stamp: Some(time_stamp),
    };
    let headers = RequestHeaders {
        developer_token: Some("YOUR-DEVELOPER-TOKEN".into()),
        authentication_token: Some("YOUR-OAUTH-ACCESS-TOKEN".into()),
        ..RequestHeaders::default()
    };
    println!("   headers: {headers:?}");
    let envelope = write_envelope(&request, &headers, &EnvelopeOptions::default());
    println!(
        "   POST with SOAPAction: DeleteUser, {} bytes:",
        envelope.len()
    );
    let shown = String::from_utf8_lossy(&envelope)
        .replace("YOUR-OAUTH-ACCESS-TOKEN", "…")
        .replace("YOUR-DEVELOPER-TOKEN", "…");
    println!("   {shown}");

    println!("\n3. When the TimeStamp is stale, the service answers with a fault");
    match parse_response::<GetUserResponse>(DELETE_USER_FAULT, &Limits::default()) {
        Err(SoapError::Fault(fault)) => {
            println!("   {fault}");
            println!(
                "   kind {:?}, retryable: {}, has code 209: {}",
                fault.kind(),
                fault.is_retryable(),
                fault.has_code(209)
            );
        }
        other => println!("   unexpected: {other:?}"),
    }
}
