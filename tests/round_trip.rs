//! Every generated complex type of both versions: its fully populated sample survives
//! XML write -> read and JSON serialize -> deserialize unchanged.

#[test]
fn every_generated_type_round_trips() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (version, types) in [
        ("v12", bingads::v12::customer_management::ALL_TYPES),
        ("v13", bingads::v13::customer_management::ALL_TYPES),
    ] {
        for (name, check) in types {
            count += 1;
            if let Err(e) = check() {
                failures.push(format!("{version} {name}: {e}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(count > 150, "only {count} types");
}

#[test]
fn every_request_envelope_round_trips_through_the_server_side_parser() {
    use bingads::model::RequestHeaders;
    use bingads::soap::EnvelopeOptions;
    let headers = RequestHeaders {
        developer_token: Some("d".into()),
        authentication_token: Some("a".into()),
        ..Default::default()
    };
    for service in [
        &bingads::v12::customer_management::SERVICE,
        &bingads::v13::customer_management::SERVICE,
    ] {
        for op in service.operations {
            for options in [
                EnvelopeOptions::default(),
                EnvelopeOptions {
                    with_action_header: true,
                },
            ] {
                let xml = (op.samples().request_envelope)(&headers, &options);
                let again = (op.samples().reserialize_request)(&xml)
                    .unwrap_or_else(|e| panic!("{} {}: {e}", service.version, op.name));
                assert_eq!(
                    String::from_utf8(again).unwrap(),
                    String::from_utf8(xml).unwrap(),
                    "{} {}",
                    service.version,
                    op.name
                );
            }
        }
    }
}

#[test]
fn every_response_envelope_round_trips_byte_for_byte() {
    for service in [
        &bingads::v12::customer_management::SERVICE,
        &bingads::v13::customer_management::SERVICE,
    ] {
        for op in service.operations {
            let xml = (op.samples().response_envelope)(Some("0f4a5c2e-tracking"));
            let again = (op.samples().reserialize_response)(&xml)
                .unwrap_or_else(|e| panic!("{} {}: {e}", service.version, op.name));
            assert_eq!(again, xml, "{} {}", service.version, op.name);
        }
    }
}

/// The live service answers AddClientLinks with one `PartialErrors` entry per requested link,
/// nil for a link that was added: a nil entry must keep its place, or the errors would be
/// pinned on the wrong links.
#[test]
fn a_nil_inner_list_keeps_its_place() {
    let body = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><AddClientLinksResponse xmlns="https://bingads.microsoft.com/Customer/v13"><OperationErrors xmlns:e="https://bingads.microsoft.com/Customer/v13/Exception" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/><PartialErrors xmlns:e="https://bingads.microsoft.com/Customer/v13/Exception" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><e:ArrayOfOperationError i:nil="true"/><e:ArrayOfOperationError><e:OperationError><e:Code>3000</e:Code><e:Details i:nil="true"/><e:Message>Link already exists.</e:Message></e:OperationError></e:ArrayOfOperationError><e:ArrayOfOperationError i:nil="true"/></PartialErrors></AddClientLinksResponse></s:Body></s:Envelope>"#;
    let response = bingads::soap::parse_response::<
        bingads::v13::customer_management::AddClientLinksResponse,
    >(body, &Default::default())
    .unwrap()
    .body;
    let partial = response.partial_errors.clone().unwrap();
    assert_eq!(partial.len(), 3, "{partial:?}");
    assert!(partial[0].is_none() && partial[2].is_none(), "{partial:?}");
    assert_eq!(partial[1].as_ref().unwrap()[0].code, Some(3000));
    assert_eq!(response.operation_errors, Some(Vec::new()));

    // Written back, the nil entries are nil in their places again.
    let xml = bingads::soap::write_response_envelope(&response, None);
    let xml = String::from_utf8(xml).unwrap();
    let entries: Vec<&str> = xml
        .split("<ex:ArrayOfOperationError")
        .skip(1)
        .map(|rest| {
            if rest.starts_with(" i:nil=\"true\"/>") {
                "nil"
            } else {
                "errors"
            }
        })
        .collect();
    assert_eq!(entries, ["nil", "errors", "nil"], "{xml}");

    // In JSON (the REST form) a nil entry is null in its position, and reads back as one.
    let op = bingads::v13::customer_management::SERVICE
        .operation("AddClientLinks")
        .unwrap();
    let json = op.parse_to_json(body, &Default::default()).unwrap().body;
    assert_eq!(
        json["PartialErrors"],
        serde_json::json!([null, [{"Code": 3000, "Message": "Link already exists."}], null])
    );
    let from_rest: bingads::v13::customer_management::AddClientLinksResponse =
        serde_json::from_value(json).unwrap();
    assert_eq!(from_rest, response);
}
