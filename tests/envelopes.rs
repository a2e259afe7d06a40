//! The request envelope of every operation of both versions, with every field populated by
//! deterministic per-type values and every header set, pinned as reviewed snapshots.

mod common;

use bingads::dynamic::Service;
use bingads::model::RequestHeaders;
use bingads::soap::EnvelopeOptions;

fn services() -> [&'static Service; 2] {
    [
        &bingads::v12::customer_management::SERVICE,
        &bingads::v13::customer_management::SERVICE,
    ]
}

fn all_headers() -> RequestHeaders {
    RequestHeaders {
        application_token: Some("app-token".into()),
        authentication_token: Some("auth-token".into()),
        developer_token: Some("dev-token".into()),
        password: Some("p4ssw0rd".into()),
        user_name: Some("user@example.com".into()),
        ..RequestHeaders::default()
    }
}

#[test]
fn every_operation_request_envelope() {
    let mut count = 0;
    for service in services() {
        for op in service.operations {
            let xml = (op.samples().request_envelope)(&all_headers(), &EnvelopeOptions::default());
            insta::assert_snapshot!(
                format!("{}_{}_request", service.version, op.name),
                common::pretty(&xml)
            );
            count += 1;
        }
    }
    assert_eq!(count, 34 + 39);
}

#[test]
fn operation_counts_and_order() {
    let v12: Vec<&str> = bingads::v12::customer_management::SERVICE
        .operations
        .iter()
        .map(|o| o.name)
        .collect();
    let v13: Vec<&str> = bingads::v13::customer_management::SERVICE
        .operations
        .iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(v12.len(), 34);
    assert_eq!(v13.len(), 39);
    assert_eq!(&v13[..3], ["GetAccountsInfo", "FindAccounts", "AddAccount"]);
    let only_v13: Vec<&str> = v13.iter().copied().filter(|o| !v12.contains(o)).collect();
    assert_eq!(
        only_v13,
        [
            "GetAccountPilotFeatures",
            "GetLinkedAccountsAndCustomersInfo",
            "GetUserMFAStatus",
            "GetNotifications",
            "DismissNotifications"
        ]
    );
    for service in services() {
        for op in service.operations {
            assert_eq!(
                op.soap_action, op.name,
                "soapAction is the bare operation name"
            );
        }
    }
}

#[test]
fn headers_in_wsdl_order_only_when_set_and_action_opt_in() {
    use bingads::v13::customer_management::GetUserRequest;
    let request = GetUserRequest { user_id: Some(7) };
    let none = bingads::soap::write_envelope(
        &request,
        &RequestHeaders::default(),
        &EnvelopeOptions::default(),
    );
    let none = String::from_utf8(none).unwrap();
    assert!(
        !none.contains("<s:Header"),
        "no header element when no header is set: {none}"
    );

    let some = RequestHeaders {
        developer_token: Some("d".into()),
        application_token: Some("a".into()),
        ..Default::default()
    };
    let xml = String::from_utf8(bingads::soap::write_envelope(
        &request,
        &some,
        &EnvelopeOptions::default(),
    ))
    .unwrap();
    let app = xml.find("<ApplicationToken>a</ApplicationToken>").unwrap();
    let dev = xml.find("<DeveloperToken>d</DeveloperToken>").unwrap();
    assert!(app < dev);
    assert!(!xml.contains("AuthenticationToken") && !xml.contains("Action"));

    let with_action = bingads::soap::write_envelope(
        &request,
        &some,
        &EnvelopeOptions {
            with_action_header: true,
        },
    );
    let with_action = String::from_utf8(with_action).unwrap();
    assert!(with_action.contains(r#"<s:Header xmlns="https://bingads.microsoft.com/Customer/v13"><Action mustUnderstand="1">GetUser</Action><ApplicationToken>"#));
}

#[test]
fn header_values_are_escaped() {
    use bingads::v13::customer_management::GetUserRequest;
    let headers = RequestHeaders {
        authentication_token: Some("a<b&c".into()),
        ..Default::default()
    };
    let xml = bingads::soap::write_envelope(
        &GetUserRequest::default(),
        &headers,
        &EnvelopeOptions::default(),
    );
    assert!(String::from_utf8(xml)
        .unwrap()
        .contains("<AuthenticationToken>a&lt;b&amp;c</AuthenticationToken>"));
}

#[test]
fn empty_list_writes_the_empty_wrapper_and_absent_fields_nothing() {
    let json = r#"{"CustomerId": 5, "StatusFilter": null}"#;
    let op = bingads::v13::customer_management::SERVICE
        .operation("GetUsersInfo")
        .unwrap();
    let xml = String::from_utf8(
        op.envelope_from_json(
            json,
            &RequestHeaders::default(),
            &EnvelopeOptions::default(),
        )
        .unwrap(),
    )
    .unwrap();
    assert!(xml.contains("<GetUsersInfoRequest xmlns=\"https://bingads.microsoft.com/Customer/v13\"><CustomerId>5</CustomerId></GetUsersInfoRequest>"), "{xml}");

    let op = bingads::v13::customer_management::SERVICE
        .operation("GetUserMFAStatus")
        .unwrap();
    assert!(op
        .envelope_from_json(
            "{}",
            &RequestHeaders::default(),
            &EnvelopeOptions::default()
        )
        .is_ok());
    let op = bingads::v13::customer_management::SERVICE
        .operation("GetAccountsInfo")
        .unwrap();
    // The JSON view is the REST form, read leniently: members these bindings do not know
    // and explicit nulls are accepted and leave nothing in the envelope.
    let xml = op
        .envelope_from_json(
            r#"{"CustomerId": "1", "AddedLater": 2, "OnlyParentAccounts": null}"#,
            &RequestHeaders::default(),
            &EnvelopeOptions::default(),
        )
        .unwrap();
    let xml = String::from_utf8(xml).unwrap();
    assert!(xml.contains("<CustomerId>1</CustomerId>"), "{xml}");
    assert!(
        !xml.contains("AddedLater") && !xml.contains("OnlyParentAccounts"),
        "{xml}"
    );
}

#[test]
fn list_of_longs_gets_the_arrays_prefix() {
    let op = bingads::v13::customer_management::SERVICE
        .operation("UpdateUserRoles")
        .unwrap();
    let json = r#"{"CustomerId": 1, "UserId": 2, "NewRoleId": 3, "NewAccountIds": [10, 9007199254740993], "NewCustomerIds": []}"#;
    let xml = String::from_utf8(
        op.envelope_from_json(
            json,
            &RequestHeaders::default(),
            &EnvelopeOptions::default(),
        )
        .unwrap(),
    )
    .unwrap();
    assert!(
        xml.contains(r#"<NewAccountIds xmlns:ar="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><ar:long>10</ar:long><ar:long>9007199254740993</ar:long></NewAccountIds><NewCustomerIds/>"#),
        "{xml}"
    );
}

/// What the client sends is `try_write_envelope`'s output: the same bytes as `write_envelope`
/// for a request it can write.
#[test]
fn the_client_writer_writes_the_same_envelope() {
    use bingads::soap::{try_write_envelope, write_envelope};
    use bingads::v13::customer_management::GetUserRequest;
    let request = GetUserRequest { user_id: Some(7) };
    let options = EnvelopeOptions::default();
    let sent = try_write_envelope(&request, &all_headers(), &options).unwrap();
    assert_eq!(sent, write_envelope(&request, &all_headers(), &options));
    let text = String::from_utf8(sent).unwrap();
    assert!(text.starts_with("<s:Envelope"), "{text}");
    assert!(text.contains("<UserId>7</UserId>"), "{text}");
}

/// The emulator's answers: every member written, a null one as `i:nil="true"`, the TrackingId
/// in the header, and readable by the client's parser.
#[test]
fn a_service_response_envelope_has_every_member_and_reads_back() {
    use bingads::soap::{parse_response, write_service_response_envelope};
    use bingads::v13::customer_management::GetUserResponse;
    let written = write_service_response_envelope(&GetUserResponse::default(), Some("t-42"));
    let text = String::from_utf8(written.clone()).unwrap();
    assert!(text.contains("<User i:nil=\"true\"/>"), "{text}");
    assert!(text.contains(">t-42</h:TrackingId>"), "{text}");
    let read =
        parse_response::<GetUserResponse>(&written, &bingads::xml::Limits::default()).unwrap();
    assert_eq!(read.tracking_id.as_deref(), Some("t-42"));
    assert_eq!(read.body, GetUserResponse::default());
}

/// A SOAP fault is `s:Fault` in the SOAP envelope namespace only: an element named `Fault` in
/// the service's namespace is not one, and the error says what was read. A fault's error
/// carries its TrackingId; a malformed answer carries the read error.
#[test]
fn only_a_soap_envelope_fault_is_a_fault() {
    use bingads::soap::{parse_response, SoapError};
    use bingads::v13::customer_management::GetUserResponse;
    let limits = bingads::xml::Limits::default();
    let envelope = |header: &str, body: &str| {
        format!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>"#
        )
    };
    let tracking =
        r#"<h:TrackingId xmlns:h="https://bingads.microsoft.com/Customer/v13">t-7</h:TrackingId>"#;
    let fault = envelope(
        tracking,
        r#"<s:Fault><faultcode>s:Server</faultcode><faultstring>Invalid client data.</faultstring></s:Fault>"#,
    );
    let err = parse_response::<GetUserResponse>(fault.as_bytes(), &limits).unwrap_err();
    assert!(matches!(err, SoapError::Fault(_)), "{err:?}");
    assert_eq!(err.tracking_id(), Some("t-7"));
    assert_eq!(
        err.fault().map(|f| f.faultstring.as_str()),
        Some("Invalid client data.")
    );
    assert!(err.xml_error().is_none());

    let look_alike = envelope(
        tracking,
        r#"<Fault xmlns="https://bingads.microsoft.com/Customer/v13"><faultcode>s:Server</faultcode><faultstring>x</faultstring></Fault>"#,
    );
    let err = parse_response::<GetUserResponse>(look_alike.as_bytes(), &limits).unwrap_err();
    assert!(matches!(err, SoapError::Xml { .. }), "{err:?}");
    assert!(err.fault().is_none());
    assert!(err.xml_error().is_some());
    assert_eq!(err.tracking_id(), Some("t-7"));

    // Only the service's own TrackingId header counts: one in another namespace, or a nil one,
    // is somebody else's element.
    let body = r#"<GetUserResponse xmlns="https://bingads.microsoft.com/Customer/v13"/>"#;
    for header in [
        r#"<h:TrackingId xmlns:h="urn:someone-else">t-8</h:TrackingId>"#,
        r#"<h:TrackingId xmlns:h="https://bingads.microsoft.com/Customer/v13" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/>"#,
    ] {
        let read =
            parse_response::<GetUserResponse>(envelope(header, body).as_bytes(), &limits).unwrap();
        assert_eq!(read.tracking_id, None, "{header}");
    }
    let read =
        parse_response::<GetUserResponse>(envelope(tracking, body).as_bytes(), &limits).unwrap();
    assert_eq!(read.tracking_id.as_deref(), Some("t-7"));
}
