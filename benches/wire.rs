//! Wire-format benchmarks, each beside a raw quick-xml baseline over the same bytes:
//! W1 build + serialize a DeleteUser envelope (vs a quick-xml `Writer` writing the same bytes);
//! W2 parse a full GetUserResponse; W3 parse a 5,000-item GetAccountsInfoResponse (~1 MB);
//! W4 parse both fault kinds (vs a raw event scan: `Reader`, and `NsReader` which also
//! resolves namespaces as our parser must).
//! REST: W1R builds the DeleteUser REST body (vs `serde_json::to_vec` of the same JSON as a
//! `serde_json::Value`); W2R and W3R parse the W2 and W3 data as REST bodies, as the service
//! sends them (longs as strings, explicit nulls), vs `serde_json::from_slice::<IgnoredAny>`;
//! both beside two typed floors (derived structs of the same members, borrowing every string,
//! or allocating the `String`s an owned result needs: two per account in W3R).
//!
//! Run: `cargo bench --bench wire` (not part of `cargo test`).

use std::hint::black_box;
use std::time::Duration;

use bingads::model::RequestHeaders;
use bingads::soap::{
    parse_response, write_envelope, write_response_envelope, EnvelopeOptions, SoapError,
};
use bingads::v13::customer_management::{self as v13, entities};
use bingads::xml::{Base64Binary, Limits, Sample};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde::de::IgnoredAny;

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Every event of the document, no namespace resolution: the floor for any XML parser.
fn raw_scan(bytes: &[u8]) -> usize {
    let mut r = quick_xml::Reader::from_reader(bytes);
    let mut n = 0;
    loop {
        match r.read_event().unwrap() {
            Event::Eof => return n,
            Event::Start(_) | Event::Empty(_) => n += 1,
            _ => {}
        }
    }
}

/// The same with namespace resolution, which parsing by namespace (not prefix) needs.
fn raw_ns_scan(bytes: &[u8]) -> usize {
    let mut r = quick_xml::NsReader::from_reader(bytes);
    let mut n = 0;
    loop {
        match r.read_resolved_event().unwrap() {
            (_, Event::Eof) => return n,
            (_, Event::Start(_) | Event::Empty(_)) => n += 1,
            _ => {}
        }
    }
}

fn delete_user_request() -> v13::DeleteUserRequest {
    v13::DeleteUserRequest {
        user_id: Some(170123456),
        time_stamp: Some(Base64Binary(vec![0, 0, 0, 0, 0, 0, 7, 209])),
    }
}

fn headers() -> RequestHeaders {
    RequestHeaders {
        authentication_token: Some("EwBwA+l3BAAU...access-token...".into()),
        developer_token: Some("BBD37VB98".into()),
        ..RequestHeaders::default()
    }
}

/// The same bytes as `write_envelope` produces, written with quick-xml's `Writer`.
fn raw_writer_envelope() -> Vec<u8> {
    let mut w = quick_xml::Writer::new(Vec::with_capacity(1024));
    let svc = "https://bingads.microsoft.com/Customer/v13";
    let _ = BytesDecl::new("1.0", None, None);
    w.write_event(Event::Start(BytesStart::new("s:Envelope").with_attributes(
        [
            ("xmlns:i", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xmlns:s", "http://schemas.xmlsoap.org/soap/envelope/"),
        ],
    )))
    .unwrap();
    w.write_event(Event::Start(
        BytesStart::new("s:Header").with_attributes([("xmlns", svc)]),
    ))
    .unwrap();
    w.create_element("AuthenticationToken")
        .write_text_content(BytesText::new("EwBwA+l3BAAU...access-token..."))
        .unwrap();
    w.create_element("DeveloperToken")
        .write_text_content(BytesText::new("BBD37VB98"))
        .unwrap();
    w.write_event(Event::End(BytesEnd::new("s:Header")))
        .unwrap();
    w.write_event(Event::Start(BytesStart::new("s:Body")))
        .unwrap();
    w.write_event(Event::Start(
        BytesStart::new("DeleteUserRequest").with_attributes([("xmlns", svc)]),
    ))
    .unwrap();
    let id = 170123456i64.to_string();
    w.create_element("UserId")
        .write_text_content(BytesText::new(&id))
        .unwrap();
    w.create_element("TimeStamp")
        .write_text_content(BytesText::new("AAAAAAAAB9E="))
        .unwrap();
    w.write_event(Event::End(BytesEnd::new("DeleteUserRequest")))
        .unwrap();
    w.write_event(Event::End(BytesEnd::new("s:Body"))).unwrap();
    w.write_event(Event::End(BytesEnd::new("s:Envelope")))
        .unwrap();
    w.into_inner()
}

fn accounts_info_response(n: usize) -> Vec<u8> {
    let accounts = (0..n)
        .map(|i| entities::AccountInfo {
            id: Some(180_000_000 + i as i64),
            name: Some(format!("Contoso account {i} & partners")),
            number: Some(format!("F{i:07}")),
            account_life_cycle_status: Some(entities::AccountLifeCycleStatus::Active),
            pause_reason: if i % 7 == 0 { Some(4) } else { None },
        })
        .collect();
    let body = v13::GetAccountsInfoResponse {
        accounts_info: Some(accounts),
    };
    write_response_envelope(&body, Some("b8f2c4d6-1a3e-4f5b-8c7d-9e0f1a2b3c4d"))
}

fn benches(c: &mut Criterion) {
    // W1
    let request = delete_user_request();
    let headers = headers();
    let options = EnvelopeOptions::default();
    assert_eq!(
        write_envelope(&request, &headers, &options),
        raw_writer_envelope(),
        "W1 compares equal bytes"
    );
    let mut g = c.benchmark_group("W1_build_DeleteUser");
    g.bench_function("bingads", |b| {
        b.iter(|| {
            write_envelope(
                black_box(&delete_user_request()),
                black_box(&headers),
                &options,
            )
        })
    });
    g.bench_function("raw_quick_xml_writer", |b| b.iter(raw_writer_envelope));
    g.finish();

    // W2, W3: parse
    let get_user = fixture("responses/v13_GetUser.xml");
    let accounts = accounts_info_response(5_000);
    for (name, bytes) in [
        ("W2_parse_GetUserResponse", &get_user),
        ("W3_parse_GetAccountsInfo_5000", &accounts),
    ] {
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        if name.starts_with("W2") {
            g.bench_function("bingads", |b| {
                b.iter(|| {
                    parse_response::<v13::GetUserResponse>(black_box(bytes), &Limits::default())
                        .unwrap()
                })
            });
        } else {
            let parsed =
                parse_response::<v13::GetAccountsInfoResponse>(bytes, &Limits::default()).unwrap();
            assert_eq!(parsed.body.accounts_info.unwrap().len(), 5_000);
            g.bench_function("bingads", |b| {
                b.iter(|| {
                    parse_response::<v13::GetAccountsInfoResponse>(
                        black_box(bytes),
                        &Limits::default(),
                    )
                    .unwrap()
                })
            });
        }
        g.bench_function("raw_scan", |b| b.iter(|| raw_scan(black_box(bytes))));
        g.bench_function("raw_ns_scan", |b| b.iter(|| raw_ns_scan(black_box(bytes))));
        g.finish();
    }

    // W4: faults
    for (name, path) in [
        ("W4_parse_AdApiFaultDetail", "faults/adapi_two_errors.xml"),
        ("W4_parse_ApiFault", "faults/api_fault.xml"),
    ] {
        let bytes = fixture(path);
        assert!(matches!(
            parse_response::<v13::GetUserResponse>(&bytes, &Limits::default()),
            Err(SoapError::Fault(_))
        ));
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("bingads", |b| {
            b.iter(|| {
                parse_response::<v13::GetUserResponse>(black_box(&bytes), &Limits::default())
                    .unwrap_err()
            })
        });
        g.bench_function("raw_scan", |b| b.iter(|| raw_scan(black_box(&bytes))));
        g.bench_function("raw_ns_scan", |b| b.iter(|| raw_ns_scan(black_box(&bytes))));
        g.finish();
    }
    eprintln!("W3 body: {} bytes", accounts.len());

    // W1R: the REST body of the same DeleteUser.
    let equivalent: serde_json::Value =
        serde_json::json!({"UserId": "170123456", "TimeStamp": "AAAAAAAAB9E="});
    // The same document (serde_json's map orders the baseline's keys, so not the same bytes).
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(
            &serde_json::to_vec(&delete_user_request()).unwrap()
        )
        .unwrap(),
        equivalent,
        "W1R compares the same document"
    );
    // Both sides write data that already exists (the request, the Value).
    let request = delete_user_request();
    let mut g = c.benchmark_group("W1R_build_DeleteUser_rest");
    g.bench_function("bingads", |b| {
        b.iter(|| serde_json::to_vec(black_box(&request)).unwrap())
    });
    g.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::to_vec(black_box(&equivalent)).unwrap())
    });
    g.bench_function("bingads_soap_envelope", |b| {
        b.iter(|| write_envelope(black_box(&delete_user_request()), &headers, &options))
    });
    g.finish();

    // W2R, W3R: the same data as REST bodies.
    let get_user_rest = rest_body_with_nulls(
        &parse_response::<v13::GetUserResponse>(&get_user, &Limits::default())
            .unwrap()
            .body,
    );
    let accounts_rest = rest_body_with_nulls(
        &parse_response::<v13::GetAccountsInfoResponse>(&accounts, &Limits::default())
            .unwrap()
            .body,
    );
    eprintln!("W3R body: {} bytes", accounts_rest.len());
    keep_body("W2R.json", &get_user_rest);
    keep_body("W3R.json", &accounts_rest);
    let parsed: v13::GetAccountsInfoResponse = serde_json::from_slice(&accounts_rest).unwrap();
    assert_eq!(parsed.accounts_info.map(|a| a.len()), Some(5_000));
    let mut g = c.benchmark_group("W2R_parse_GetUserResponse_rest");
    g.throughput(Throughput::Bytes(get_user_rest.len() as u64));
    g.bench_function("bingads", |b| {
        b.iter(|| {
            bingads::rest::read_body::<v13::GetUserResponse>(black_box(&get_user_rest)).unwrap()
        })
    });
    g.bench_function("ignored_any", |b| {
        b.iter(|| serde_json::from_slice::<IgnoredAny>(black_box(&get_user_rest)).unwrap())
    });
    // The same two floors as W3R's below, over the GetUserResponse members.
    let parsed: FloorGetUser<&str> = serde_json::from_slice(&get_user_rest).unwrap();
    let user = parsed.user.unwrap();
    let contact = user.contact_info.unwrap();
    assert_eq!(
        (
            user.user_name,
            contact.phone1,
            contact.address.unwrap().city
        ),
        (
            Some("ada@example.com"),
            Some("+1 425 555 0100"),
            Some("Redmond")
        )
    );
    assert_eq!(user.name.unwrap().last_name, Some("Lovelace"));
    assert_eq!(parsed.customer_roles.map(|r| r.len()), Some(1));
    g.bench_function("floor_typed_borrowed", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(&get_user_rest)).unwrap();
            serde_json::from_str::<FloorGetUser<&str>>(text).unwrap()
        })
    });
    g.bench_function("floor_typed_owned_strings", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(&get_user_rest)).unwrap();
            serde_json::from_str::<FloorGetUser<String>>(text).unwrap()
        })
    });
    g.finish();
    let mut g = c.benchmark_group("W3R_parse_GetAccountsInfo_5000_rest");
    g.throughput(Throughput::Bytes(accounts_rest.len() as u64));
    g.bench_function("bingads", |b| {
        b.iter(|| {
            bingads::rest::read_body::<v13::GetAccountsInfoResponse>(black_box(&accounts_rest))
                .unwrap()
        })
    });
    g.bench_function("ignored_any", |b| {
        b.iter(|| serde_json::from_slice::<IgnoredAny>(black_box(&accounts_rest)).unwrap())
    });
    // Two floors for any typed reader of these bytes over serde_json: the same members read
    // into derived structs borrowing every string (no allocation), and the same with the two
    // `String`s per account an owned result must allocate (Name, Number).
    let parsed: FloorAccounts<&str> = serde_json::from_slice(&accounts_rest).unwrap();
    assert_eq!(parsed.accounts_info.len(), 5_000);
    g.bench_function("floor_typed_borrowed", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(&accounts_rest)).unwrap();
            serde_json::from_str::<FloorAccounts<&str>>(text).unwrap()
        })
    });
    g.bench_function("floor_typed_owned_strings", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(&accounts_rest)).unwrap();
            serde_json::from_str::<FloorAccounts<String>>(text).unwrap()
        })
    });
    g.finish();
}

// The floors' types: the members the service sends, read by serde_json's derive. `S` is the
// type of the strings an owned result must allocate (`&str` borrows them, `String` allocates
// them); longs, enumerations, dates and base64 are scanned and not kept, so a floor does less
// than bingads (no number, enum, date or base64 decoding).

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FloorAccounts<S> {
    accounts_info: Vec<FloorAccount<S>>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)] // read, never looked at: the floor is the reading
struct FloorAccount<S> {
    id: Option<IgnoredAny>,
    name: Option<S>,
    number: Option<S>,
    account_life_cycle_status: Option<IgnoredAny>,
    pause_reason: Option<i32>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct FloorGetUser<S> {
    user: Option<FloorUser<S>>,
    customer_roles: Option<Vec<FloorCustomerRole<S>>>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct FloorUser<S> {
    contact_info: Option<FloorContactInfo<S>>,
    customer_id: Option<IgnoredAny>,
    id: Option<IgnoredAny>,
    job_title: Option<S>,
    last_modified_by_user_id: Option<IgnoredAny>,
    last_modified_time: Option<IgnoredAny>,
    lcid: Option<IgnoredAny>,
    name: Option<FloorPersonName<S>>,
    password: Option<S>,
    secret_answer: Option<S>,
    secret_question: Option<IgnoredAny>,
    user_life_cycle_status: Option<IgnoredAny>,
    time_stamp: Option<IgnoredAny>,
    user_name: Option<S>,
    forward_compatibility_map: Option<Vec<FloorKeyValue<S>>>,
    authentication_token: Option<S>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct FloorContactInfo<S> {
    address: Option<FloorAddress<S>>,
    contact_by_phone: Option<bool>,
    contact_by_postal_mail: Option<bool>,
    email: Option<S>,
    email_format: Option<IgnoredAny>,
    fax: Option<S>,
    home_phone: Option<S>,
    id: Option<IgnoredAny>,
    mobile: Option<S>,
    phone1: Option<S>,
    phone2: Option<S>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct FloorAddress<S> {
    city: Option<S>,
    country_code: Option<S>,
    id: Option<IgnoredAny>,
    line1: Option<S>,
    line2: Option<S>,
    line3: Option<S>,
    line4: Option<S>,
    postal_code: Option<S>,
    state_or_province: Option<S>,
    time_stamp: Option<IgnoredAny>,
    business_name: Option<S>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct FloorPersonName<S> {
    first_name: Option<S>,
    last_name: Option<S>,
    middle_initial: Option<S>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct FloorKeyValue<S> {
    key: Option<S>,
    value: Option<S>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct FloorCustomerRole<S> {
    role_id: Option<i32>,
    customer_id: Option<IgnoredAny>,
    account_ids: Option<Vec<IgnoredAny>>,
    linked_account_ids: Option<Vec<IgnoredAny>>,
    customer_link_permission: Option<S>,
}

/// With `BINGADS_BENCH_BODIES=DIR`, a REST body measured here is also written to DIR, so that
/// `benches/python-sdk.sh` times Microsoft's Python SDK over the same bytes.
fn keep_body(name: &str, body: &[u8]) {
    if let Some(dir) = std::env::var_os("BINGADS_BENCH_BODIES") {
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(name), body).unwrap();
    }
}

/// The REST form of `body` as the service writes it: every member present, `null` where
/// there is no value (our writer leaves those out; a reader must take both).
fn rest_body_with_nulls<T: serde::Serialize + Sample>(body: &T) -> Vec<u8> {
    fn fill(value: &mut serde_json::Value, template: &serde_json::Value) {
        if let (Some(map), Some(keys)) = (value.as_object_mut(), template.as_object()) {
            for (key, t) in keys {
                let v = map.entry(key.clone()).or_insert(serde_json::Value::Null);
                fill(v, t);
            }
        } else if let (Some(items), Some(t)) = (value.as_array_mut(), template.as_array()) {
            if let Some(t) = t.first() {
                for item in items {
                    fill(item, t);
                }
            }
        }
    }
    let mut value = serde_json::to_value(body).unwrap();
    // The keys of a fully populated value of the same type are the members the service sends.
    let template = full_template(&serde_json::to_value(T::sample()).unwrap());
    fill(&mut value, &template);
    serde_json::to_vec(&value).unwrap()
}

/// Every key seen anywhere at each level (the union over list items).
fn full_template(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), full_template(v)))
                .collect(),
        ),
        serde_json::Value::Array(items) => {
            let mut merged = serde_json::Map::new();
            for item in items {
                if let serde_json::Value::Object(m) = full_template(item) {
                    merged.extend(m);
                }
            }
            serde_json::Value::Array(vec![serde_json::Value::Object(merged)])
        }
        other => other.clone(),
    }
}

criterion_group! {
    name = wire;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2)).sample_size(30);
    targets = benches
}
criterion_main!(wire);
