//! Fault parsing: both typed detail kinds with every error, the TrackingId, unknown details
//! kept as XML, and the errors a broken fault body produces.

use bingads::model::{FaultDetail, FaultKind};
use bingads::soap::{parse_response, SoapError};
use bingads::v13::customer_management as v13;
use bingads::xml::{Limits, XmlErrorKind};

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn fault_of(path: &str) -> bingads::model::Fault {
    match parse_response::<v13::GetUserResponse>(&fixture(path), &Limits::default()) {
        Err(SoapError::Fault(f)) => *f,
        other => panic!("{path}: expected a fault, got {other:?}"),
    }
}

#[test]
fn ad_api_fault_detail_with_two_errors() {
    let fault = fault_of("faults/adapi_two_errors.xml");
    assert_eq!(fault.kind(), FaultKind::AdApiFaultDetail);
    assert_eq!(fault.faultcode, "s:Server");
    assert_eq!(
        fault.tracking_id.as_deref(),
        Some("6a1f3b9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b")
    );
    let FaultDetail::AdApiFaultDetail { errors, .. } = &fault.details[0] else {
        panic!("{fault:?}")
    };
    assert_eq!(errors.len(), 2);
    assert_eq!(
        (
            errors[0].code,
            errors[0].error_code.as_deref(),
            errors[0].detail.as_deref()
        ),
        (Some(105), Some("InvalidCredentials"), None)
    );
    assert_eq!(
        (errors[1].code, errors[1].detail.as_deref()),
        (Some(117), Some("Retry after 60 seconds."))
    );
    assert!(fault.is_auth() && fault.is_throttle());
    assert!(
        !fault.is_retryable(),
        "an auth error in the same fault is not cured by retrying"
    );

    let text = fault.to_string();
    for needle in [
        "105 InvalidCredentials",
        "Authentication failed",
        "117 CallRateExceeded",
        "TrackingId 6a1f3b9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from {text}");
    }
    let json = fault.to_json();
    assert_eq!(json["kind"], "AdApiFaultDetail");
    assert_eq!(
        json["errors"][0],
        serde_json::json!({"Code": 105, "ErrorCode": "InvalidCredentials", "Message": "Authentication failed. Either supplied credentials are invalid or the account is inactive."})
    );
    assert!(json.get("raw_detail").is_none());
}

#[test]
fn api_fault_with_operation_errors() {
    let fault = fault_of("faults/api_fault.xml");
    assert_eq!(fault.kind(), FaultKind::ApiFault);
    assert_eq!(
        fault.tracking_id.as_deref(),
        Some("0d8e7f6a-5b4c-4d3e-9f2a-1b0c9d8e7f6a")
    );
    let FaultDetail::ApiFault {
        operation_errors,
        tracking_id,
    } = &fault.details[0]
    else {
        panic!("{fault:?}")
    };
    assert_eq!(
        tracking_id.as_deref(),
        Some("0d8e7f6a-5b4c-4d3e-9f2a-1b0c9d8e7f6a")
    );
    assert_eq!(operation_errors.len(), 2);
    assert_eq!(
        (
            operation_errors[0].code,
            operation_errors[0].details.as_deref()
        ),
        (Some(209), Some("TimestampNotMatch"))
    );
    assert_eq!(
        (
            operation_errors[1].code,
            operation_errors[1].details.as_deref()
        ),
        (Some(1030), None)
    );
    assert!(fault.has_code(209));
    let text = fault.to_string();
    assert!(
        text.contains("209")
            && text.contains("The time stamp does not match.")
            && text.contains("1030"),
        "{text}"
    );
    assert_eq!(
        fault.to_json()["errors"][0],
        serde_json::json!({"Code": 209, "Details": "TimestampNotMatch", "Message": "The time stamp does not match."})
    );
}

#[test]
fn api_fault_in_the_exception_namespace_is_read_too() {
    let body = String::from_utf8(fixture("faults/api_fault.xml"))
        .unwrap()
        .replace(
            r#"<ApiFault xmlns="https://bingads.microsoft.com/Customer/v13" "#,
            r#"<ApiFault xmlns="https://bingads.microsoft.com/Customer/v13/Exception" "#,
        );
    let err =
        parse_response::<v13::GetUserResponse>(body.as_bytes(), &Limits::default()).unwrap_err();
    assert_eq!(err.fault().unwrap().kind(), FaultKind::ApiFault);
}

#[test]
fn unknown_detail_is_kept_as_raw_xml() {
    let fault = fault_of("faults/unknown_detail.xml");
    assert_eq!(fault.kind(), FaultKind::Unknown);
    assert_eq!(fault.tracking_id, None);
    let FaultDetail::Unknown {
        element,
        namespace,
        raw_xml,
    } = &fault.details[0]
    else {
        panic!()
    };
    assert_eq!(
        (element.as_str(), namespace.as_str()),
        ("QuotaFault", "urn:example:quota")
    );
    assert_eq!(
        raw_xml,
        r#"<QuotaFault xmlns="urn:example:quota"><RetryAfter>30</RetryAfter></QuotaFault>"#
    );
    assert_eq!(fault.to_json()["raw_detail"], raw_xml.as_str());
    assert!(fault.to_string().contains("no TrackingId"));
}

#[test]
fn fault_without_detail() {
    let fault = fault_of("faults/no_detail.xml");
    assert_eq!(
        (fault.kind(), fault.faultcode.as_str()),
        (FaultKind::Unknown, "s:Client")
    );
    assert!(fault.details.is_empty() && !fault.is_retryable());
}

#[test]
fn fault_with_two_details_keeps_both() {
    let body = String::from_utf8(fixture("faults/adapi_two_errors.xml"))
        .unwrap()
        .replace(
            "</AdApiFaultDetail></detail>",
            "</AdApiFaultDetail><Extra xmlns=\"urn:x\">1</Extra></detail>",
        );
    let err =
        parse_response::<v13::GetUserResponse>(body.as_bytes(), &Limits::default()).unwrap_err();
    let fault = err.fault().unwrap();
    assert_eq!(fault.details.len(), 2);
    assert_eq!(fault.kind(), FaultKind::AdApiFaultDetail);
    assert_eq!(fault.details[1].kind(), FaultKind::Unknown);
}

#[test]
fn truncated_fault_is_an_eof_error_with_the_tracking_id_seen_so_far() {
    let err = parse_response::<v13::GetUserResponse>(
        &fixture("faults/truncated.xml"),
        &Limits::default(),
    )
    .unwrap_err();
    let SoapError::Xml { error, tracking_id } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(error.kind, XmlErrorKind::UnexpectedEof, "{error}");
    assert_eq!(
        tracking_id.as_deref(),
        Some("6a1f3b9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b")
    );
    assert!(err.to_string().contains("TrackingId 6a1f3b9e"), "{err}");
}

#[test]
fn live_get_user_response_parses_with_nil_and_unknown_elements() {
    let body = fixture("responses/v13_GetUser.xml");
    let resp = parse_response::<v13::GetUserResponse>(&body, &Limits::default()).unwrap();
    assert_eq!(
        resp.tracking_id.as_deref(),
        Some("b8f2c4d6-1a3e-4f5b-8c7d-9e0f1a2b3c4d")
    );
    let user = resp.body.user.unwrap();
    assert_eq!(user.id, Some(170123456));
    assert_eq!(user.time_stamp.unwrap().0, vec![0, 0, 0, 0, 0, 0, 7, 209]);
    assert_eq!(
        user.last_modified_time.unwrap().as_str(),
        "2024-05-06T07:08:09.123",
        "a naive time stays naive"
    );
    let contact = user.contact_info.unwrap();
    assert_eq!(
        contact.address.as_ref().unwrap().line2,
        None,
        "i:nil reads as absent"
    );
    assert_eq!(contact.phone1.as_deref(), Some("+1 425 555 0100"));
    assert_eq!(
        user.forward_compatibility_map,
        Some(vec![]),
        "an empty wrapper is an empty list"
    );
    assert_eq!(
        user.user_life_cycle_status,
        Some(v13::entities::UserLifeCycleStatus::Active)
    );
    let roles = resp.body.customer_roles.unwrap();
    assert_eq!(roles[0].account_ids, Some(vec![180123456, 180123457]));
    assert_eq!(roles[0].linked_account_ids, None);
}

#[test]
fn unknown_enum_values_are_kept() {
    let body = String::from_utf8(fixture("responses/v13_GetUser.xml"))
        .unwrap()
        .replace(">Active<", ">Hibernating<");
    let resp = parse_response::<v13::GetUserResponse>(body.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(
        resp.body.user.unwrap().user_life_cycle_status,
        Some(v13::entities::UserLifeCycleStatus::Unknown(
            "Hibernating".into()
        ))
    );
}

#[test]
fn v12_response_read_as_v13_is_a_namespace_error() {
    let body = String::from_utf8(fixture("responses/v13_GetUser.xml"))
        .unwrap()
        .replace("Customer/v13", "Customer/v12");
    let err =
        parse_response::<v13::GetUserResponse>(body.as_bytes(), &Limits::default()).unwrap_err();
    let SoapError::Xml { error, .. } = &err else {
        panic!("{err:?}")
    };
    match &error.kind {
        XmlErrorKind::WrongNamespace {
            element,
            expected,
            found,
        } => {
            assert_eq!(element, "GetUserResponse");
            assert_eq!(expected, "https://bingads.microsoft.com/Customer/v13");
            assert_eq!(found, "https://bingads.microsoft.com/Customer/v12");
        }
        other => panic!("{other:?}"),
    }
    // The same bytes are a valid v12 response, with the same user.
    let v12 = parse_response::<bingads::v12::customer_management::GetUserResponse>(
        body.as_bytes(),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(v12.body.user.and_then(|u| u.id), Some(170123456));
}

/// The generated fault writers (what the emulator answers with) produce what the readers
/// read back, with the documented namespaces: `AdApiFaultDetail` in adapi.microsoft.com,
/// `ApiFault` in the service namespace, `detail` unqualified.
#[test]
fn written_faults_read_back_with_the_documented_namespaces() {
    use bingads::model::{AdApiError, Fault, FaultDetail, OperationError};
    let fault = Fault {
        faultcode: "s:Server".into(),
        faultstring: "Invalid client data. <&>".into(),
        details: vec![
            FaultDetail::AdApiFaultDetail {
                tracking_id: Some("t-1".into()),
                errors: vec![AdApiError {
                    code: Some(117),
                    error_code: Some("CallRateExceeded".into()),
                    message: Some("Too many calls.".into()),
                    detail: Some("60".into()),
                }],
            },
            FaultDetail::ApiFault {
                tracking_id: Some("t-1".into()),
                operation_errors: vec![OperationError {
                    code: Some(209),
                    details: Some("TimestampNotMatch".into()),
                    message: Some("The time stamp does not match.".into()),
                }],
            },
        ],
        tracking_id: Some("t-1".into()),
        http_status: None,
    };
    let v13 = bingads::v13::customer_management::fault_envelope(&fault);
    let v12 = bingads::v12::customer_management::fault_envelope(&fault);
    let read_v13 =
        bingads::soap::parse_response::<bingads::v13::customer_management::GetUserResponse>;
    let read_v12 =
        bingads::soap::parse_response::<bingads::v12::customer_management::GetUserResponse>;
    for (xml, version, back) in [
        (&v13, "v13", read_v13(&v13, &Default::default()).map(|_| ())),
        (&v12, "v12", read_v12(&v12, &Default::default()).map(|_| ())),
    ] {
        let text = String::from_utf8(xml.clone()).unwrap();
        assert!(text.contains("<detail><"), "{text}");
        let api_fault =
            format!(r#"<ApiFault xmlns="https://bingads.microsoft.com/Customer/{version}""#);
        assert!(text.contains(&api_fault), "{text}");
        assert!(text.contains("AdApiFaultDetail xmlns:"), "{text}");
        assert_eq!(back.unwrap_err().fault(), Some(&fault), "{version}");
    }
}

/// A detail reads the same from its generated type (the SOAP path) as from its JSON (the REST
/// path), and what it holds is what the JSON view says, member by member.
#[test]
fn a_fault_detail_reads_the_same_from_its_type_and_from_its_json() {
    use bingads::xml::Sample;
    let text = |v: &serde_json::Value, key: &str| v[key].as_str().map(str::to_string);
    let code = |v: &serde_json::Value| v["Code"].as_i64().map(|c| c as i32);

    for detail in [
        v13::adapi::AdApiFaultDetail::sample(),
        v13::adapi::AdApiFaultDetail::sample_second(),
    ] {
        let json = serde_json::to_value(&detail).unwrap();
        let from_type = FaultDetail::from_generated("AdApiFaultDetail", &detail);
        assert_eq!(
            from_type,
            FaultDetail::from_generated("AdApiFaultDetail", &json)
        );
        let FaultDetail::AdApiFaultDetail {
            tracking_id,
            errors,
        } = from_type
        else {
            panic!("{from_type:?}")
        };
        assert_eq!(tracking_id, text(&json, "TrackingId"));
        let listed = json["Errors"].as_array().unwrap();
        assert_eq!(errors.len(), listed.len());
        assert!(errors.len() >= 2, "the sample lists two errors");
        for (e, v) in errors.iter().zip(listed) {
            assert!(e.code.is_some() && e.message.is_some() && e.detail.is_some());
            assert_eq!(e.code, code(v));
            assert_eq!(e.error_code, text(v, "ErrorCode"));
            assert_eq!(e.message, text(v, "Message"));
            assert_eq!(e.detail, text(v, "Detail"));
        }
    }

    for detail in [
        v13::exception::ApiFault::sample(),
        v13::exception::ApiFault::sample_second(),
    ] {
        let json = serde_json::to_value(&detail).unwrap();
        let from_type = FaultDetail::from_generated("ApiFault", &detail);
        assert_eq!(from_type, FaultDetail::from_generated("ApiFault", &json));
        let FaultDetail::ApiFault {
            tracking_id,
            operation_errors,
        } = from_type
        else {
            panic!("{from_type:?}")
        };
        assert_eq!(tracking_id, text(&json, "TrackingId"));
        let listed = json["OperationErrors"].as_array().unwrap();
        assert_eq!(operation_errors.len(), listed.len());
        assert!(operation_errors.len() >= 2);
        for (e, v) in operation_errors.iter().zip(listed) {
            assert!(e.code.is_some() && e.details.is_some());
            assert_eq!(e.code, code(v));
            assert_eq!(e.details, text(v, "Details"));
            assert_eq!(e.message, text(v, "Message"));
        }
    }

    // A REST body's `null`s, strings where numbers belong and numbers past i32 read as absent,
    // as they always have.
    let odd = serde_json::json!({
        "TrackingId": null,
        "Errors": [{"Code": "105", "Message": 7, "Detail": null}, {"Code": 4294967296_i64}],
    });
    assert_eq!(
        FaultDetail::from_generated("AdApiFaultDetail", &odd),
        FaultDetail::AdApiFaultDetail {
            tracking_id: None,
            errors: vec![Default::default(), Default::default()],
        }
    );
    // An element no service declares keeps its JSON view.
    assert!(matches!(
        FaultDetail::from_generated("SomethingElse", &odd),
        FaultDetail::Unknown { raw_xml, .. } if raw_xml.contains("4294967296")
    ));
}
