//! Wire-format benchmarks, each beside a raw quick-xml baseline over the same bytes:
//! W1 build + serialize a DeleteUser envelope (vs a quick-xml `Writer` writing the same bytes);
//! W2 parse a full GetUserResponse; W3 parse a 5,000-item GetAccountsInfoResponse (~1 MB);
//! W4 parse both fault kinds (vs a raw event scan: `Reader`, and `NsReader` which also
//! resolves namespaces as our parser must).
//! REST: W1R builds the DeleteUser REST body (vs `serde_json::to_vec` of the same JSON as a
//! `serde_json::Value`); W2R and W3R parse the W2 and W3 data as REST bodies, as the service
//! sends them (longs as strings, explicit nulls), vs `serde_json::from_slice::<IgnoredAny>`;
//! W3R also beside two typed floors (derived structs of the same members, borrowing every
//! string, or allocating the two `String`s per account an owned result needs).
//!
//! Run: `cargo bench --bench wire` (not part of `cargo test`).

use std::hint::black_box;
use std::time::Duration;

use bingads::soap::{
    parse_response, write_envelope, write_response_envelope, EnvelopeOptions, RequestHeaders,
    SoapError,
};
use bingads::v13::customer_management::{self as v13, entities};
use bingads::xml::{Base64Binary, Limits};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

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
        b.iter(|| {
            serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&get_user_rest)).unwrap()
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
        b.iter(|| {
            serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&accounts_rest)).unwrap()
        })
    });
    // Two floors for any typed reader of these bytes over serde_json: the same members read
    // into derived structs borrowing every string (no allocation), and the same with the two
    // `String`s per account an owned result must allocate (Name, Number).
    let parsed: FloorResponse<BorrowedAccount> = serde_json::from_slice(&accounts_rest).unwrap();
    assert_eq!(parsed.accounts_info.len(), 5_000);
    let parsed: FloorResponse<OwnedAccount> = serde_json::from_slice(&accounts_rest).unwrap();
    assert_eq!(parsed.accounts_info.len(), 5_000);
    g.bench_function("floor_typed_borrowed", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(&accounts_rest)).unwrap();
            serde_json::from_str::<FloorResponse<BorrowedAccount>>(text).unwrap()
        })
    });
    g.bench_function("floor_typed_owned_strings", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(&accounts_rest)).unwrap();
            serde_json::from_str::<FloorResponse<OwnedAccount>>(text).unwrap()
        })
    });
    g.finish();
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FloorResponse<A> {
    accounts_info: Vec<A>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)] // read, never looked at: the floor is the reading
struct BorrowedAccount<'a> {
    id: Option<&'a str>,
    name: Option<&'a str>,
    number: Option<&'a str>,
    account_life_cycle_status: Option<&'a str>,
    pause_reason: Option<i32>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct OwnedAccount<'a> {
    id: Option<&'a str>,
    name: Option<String>,
    number: Option<String>,
    account_life_cycle_status: Option<&'a str>,
    pause_reason: Option<i32>,
}

/// The REST form of `body` as the service writes it: every member present, `null` where
/// there is no value (our writer leaves those out; a reader must take both).
fn rest_body_with_nulls<T: serde::Serialize + Default>(body: &T) -> Vec<u8> {
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
    let template = full_template(&value);
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
