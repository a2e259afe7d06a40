//! The `bingads` binary: output and exit codes of `operations`, `envelope` and `parse`.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn bingads(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bingads"))
        .args(args)
        .env_remove("BINGADS_DEVELOPER_TOKEN")
        .env_remove("BINGADS_AUTHENTICATION_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn operations_in_wsdl_order() {
    let out = bingads(&["operations", "--api-version", "v12"], b"");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let names: Vec<&str> = text.lines().collect();
    assert_eq!(names.len(), 34);
    assert_eq!(names[0], "GetAccountsInfo");
    assert!(!names.contains(&"GetUserMFAStatus"));
}

#[test]
fn envelope_from_json_argument_and_stdin() {
    let json = r#"{"UserId":123,"TimeStamp":"AAAAAAAAB9E="}"#;
    let out = bingads(
        &[
            "envelope",
            "--api-version",
            "v13",
            "DeleteUser",
            "--json",
            json,
            "--developer-token",
            "dt",
        ],
        b"",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xml = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        xml.trim_end(),
        concat!(
            r#"<s:Envelope xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">"#,
            r#"<s:Header xmlns="https://bingads.microsoft.com/Customer/v13"><DeveloperToken>dt</DeveloperToken></s:Header>"#,
            r#"<s:Body><DeleteUserRequest xmlns="https://bingads.microsoft.com/Customer/v13"><UserId>123</UserId><TimeStamp>AAAAAAAAB9E=</TimeStamp></DeleteUserRequest></s:Body></s:Envelope>"#
        )
    );
    let from_stdin = bingads(
        &[
            "envelope",
            "--api-version",
            "v13",
            "DeleteUser",
            "--json",
            "-",
            "--with-action-header",
        ],
        json.as_bytes(),
    );
    assert_eq!(from_stdin.status.code(), Some(0));
    assert!(String::from_utf8(from_stdin.stdout)
        .unwrap()
        .contains(r#"<Action mustUnderstand="1">DeleteUser</Action>"#));
}

#[test]
fn envelope_bad_input_exits_2() {
    for args in [
        &["envelope", "--api-version", "v13", "NoSuchOperation"][..],
        &[
            "envelope",
            "--api-version",
            "v13",
            "DeleteUser",
            "--json",
            "{not json",
        ],
        &[
            "envelope",
            "--api-version",
            "v13",
            "DeleteUser",
            "--json",
            r#"{"UserId":"abc"}"#,
        ],
        &["envelope", "--api-version", "v99", "DeleteUser"],
    ] {
        let out = bingads(args, b"");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn parse_success_prints_tracking_id_and_body() {
    let out = bingads(
        &["parse", "--api-version", "v13", "GetUser"],
        &fixture("responses/v13_GetUser.xml"),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["tracking_id"], "b8f2c4d6-1a3e-4f5b-8c7d-9e0f1a2b3c4d");
    let user = &json["body"]["User"];
    assert_eq!(user["Id"], 170123456);
    assert_eq!(user["TimeStamp"], "AAAAAAAAB9E=");
    assert_eq!(user["LastModifiedTime"], "2024-05-06T07:08:09.123");
    assert_eq!(user["UserLifeCycleStatus"], "Active");
    assert!(
        user["ContactInfo"]["Address"].get("Line2").is_none(),
        "nil is omitted, never null"
    );
    assert_eq!(
        json["body"]["CustomerRoles"][0]["AccountIds"],
        serde_json::json!([180123456, 180123457])
    );
    assert!(!String::from_utf8(out.stdout).unwrap().contains("null"));
}

#[test]
fn parse_fault_exits_3_with_the_fault_as_json() {
    let out = bingads(
        &["parse", "--api-version", "v13", "GetUser"],
        &fixture("faults/api_fault.xml"),
    );
    assert_eq!(out.status.code(), Some(3));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["tracking_id"], "0d8e7f6a-5b4c-4d3e-9f2a-1b0c9d8e7f6a");
    assert_eq!(json["fault"]["kind"], "ApiFault");
    assert_eq!(json["fault"]["errors"][0]["Code"], 209);
    assert!(String::from_utf8_lossy(&out.stderr).contains("209"));
}

#[test]
fn parse_malformed_exits_2() {
    for body in [
        &b"<html><body>502 Bad Gateway</body></html>"[..],
        b"",
        b"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>",
        b"\xff\xfe<",
    ] {
        let out = bingads(&["parse", "--api-version", "v13", "GetUser"], body);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{:?}",
            String::from_utf8_lossy(body)
        );
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
    }
}
