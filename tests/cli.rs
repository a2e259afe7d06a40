//! The `bingads` binary: output and exit codes of `operations`, `envelope` and `parse`.

mod common;

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
fn operations_describe_themselves_from_the_documentation() {
    let out = bingads(&["operations", "--api-version", "v13", "--describe"], b"");
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 39);
    let op = |name: &str| lines.iter().find(|l| l["operation"] == name).unwrap();
    // getuser.md: "Gets the details of a user."
    let get_user = op("GetUser");
    assert!(
        get_user["description"]
            .as_str()
            .unwrap()
            .contains("Gets the details of a user"),
        "{get_user}"
    );
    assert_eq!(get_user["safe_to_repeat"], true);
    // The operation error codes guide ties 3086 to SendUserInvitation.
    let invite = op("SendUserInvitation");
    assert!(invite["documented_errors"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!(3086)));
    assert_eq!(invite["safe_to_repeat"], false);
}

#[test]
fn envelope_from_json_argument_and_stdin() {
    let json = r#"{"UserId":123,"TimeStamp":"AAAAAAAAB9E="}"#;
    let out = bingads(
        &[
            "envelope",
            "--transport",
            "soap",
            "--api-version",
            "v13",
            "DeleteUser",
            "--json",
            json,
            "--developer-token-stdin",
        ],
        b"dt\n",
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
            "--transport",
            "soap",
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
        &[
            "envelope",
            "--transport",
            "soap",
            "--api-version",
            "v13",
            "NoSuchOperation",
        ][..],
        &[
            "envelope",
            "--transport",
            "soap",
            "--api-version",
            "v13",
            "DeleteUser",
            "--json",
            "{not json",
        ],
        &[
            "envelope",
            "--transport",
            "soap",
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
        &[
            "parse",
            "--transport",
            "soap",
            "--api-version",
            "v13",
            "GetUser",
        ],
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
    assert_eq!(user["Id"], "170123456", "a long is a JSON string");
    assert_eq!(user["TimeStamp"], "AAAAAAAAB9E=");
    assert_eq!(user["LastModifiedTime"], "2024-05-06T07:08:09.123");
    assert_eq!(user["UserLifeCycleStatus"], "Active");
    assert!(
        user["ContactInfo"]["Address"].get("Line2").is_none(),
        "nil is omitted, never null"
    );
    assert_eq!(
        json["body"]["CustomerRoles"][0]["AccountIds"],
        serde_json::json!(["180123456", "180123457"])
    );
    assert!(!String::from_utf8(out.stdout).unwrap().contains("null"));
}

#[test]
fn parse_fault_exits_3_with_the_fault_as_json() {
    let out = bingads(
        &[
            "parse",
            "--transport",
            "soap",
            "--api-version",
            "v13",
            "GetUser",
        ],
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
        let out = bingads(
            &[
                "parse",
                "--transport",
                "soap",
                "--api-version",
                "v13",
                "GetUser",
            ],
            body,
        );
        assert_eq!(
            out.status.code(),
            Some(2),
            "{:?}",
            String::from_utf8_lossy(body)
        );
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
    }
}

// ---- `call`, `pc users` and `emulator`, against the emulator on 127.0.0.1 ----

use bingads::emulator::Emulator;

/// The emulator on its own runtime, alive as long as the returned value.
fn start_emulator() -> (tokio::runtime::Runtime, Emulator) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let emulator = rt.block_on(Emulator::builder().start()).unwrap();
    (rt, emulator)
}

/// Runs the binary with exactly these environment variables (tokens included).
fn bingads_with_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bingads"));
    command.args(args).env_clear();
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

const TOKENS: &[(&str, &str)] = &[
    ("BINGADS_DEVELOPER_TOKEN", "dev-secret-1"),
    ("BINGADS_AUTHENTICATION_TOKEN", "auth-secret-2"),
    ("PARTNER_CENTER_TOKEN", "pc-secret-3"),
];

fn assert_no_secret(out: &Output) {
    common::cli::assert_no_secret(out, TOKENS);
}

fn json_out(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn call_prints_json_faults_and_exit_codes() {
    let (_rt, emulator) = start_emulator();
    let endpoint = emulator.endpoint(&bingads::v13::customer_management::SERVICE);
    let call = |op: &str, json: &str, extra: &[&str]| {
        let mut args = vec![
            "call",
            "--transport",
            "soap",
            "--api-version",
            "v13",
            op,
            "--json",
            json,
            "--endpoint",
            &endpoint,
        ];
        args.extend_from_slice(extra);
        bingads_with_env(&args, TOKENS)
    };
    let out = call("GetUser", r#"{"UserId":3002}"#, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let doc = json_out(&out);
    assert_eq!(doc["body"]["User"]["Id"], "3002");
    assert!(doc["tracking_id"].as_str().is_some_and(|t| t.len() == 36));
    assert_no_secret(&out);

    let out = call(
        "DeleteUser",
        r#"{"UserId":3002,"TimeStamp":"AAAAAAAAB9E="}"#,
        &[],
    );
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let doc = json_out(&out);
    assert_eq!(doc["fault"]["kind"], "ApiFault");
    assert_eq!(doc["fault"]["errors"][0]["Code"], 209);
    assert_eq!(doc["fault"]["errors"][0]["Details"], "TimestampNotMatch");
    assert!(doc["tracking_id"].is_string());
    assert!(String::from_utf8_lossy(&out.stderr).contains("TrackingId"));
    assert_no_secret(&out);

    // A 117 is retried after --throttle-wait; with one attempt it is the answer.
    emulator.inject_throttling(1);
    let before = emulator.requests_served();
    let out = call("GetUser", "{}", &["--throttle-wait", "0"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(emulator.requests_served() - before, 2);
    emulator.inject_throttling(1);
    let out = call("GetUser", "{}", &["--max-attempts", "1"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(json_out(&out)["fault"]["errors"][0]["Code"], 117);

    // --timeout bounds the whole call, waits included: a 117 with a 30 s throttle wait ends
    // at the limit, exit 4; --attempt-timeout is one attempt's.
    emulator.inject_throttling(1);
    let started = std::time::Instant::now();
    let out = call(
        "GetUser",
        "{}",
        &["--throttle-wait", "30", "--timeout", "0.5"],
    );
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did not finish within --timeout 0.5 s"));
    let out = call(
        "GetUser",
        "{}",
        &["--attempt-timeout", "5", "--timeout", "10"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = call("GetUser", "{}", &["--attempt-timeout", "-1"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");

    let out = call("GetUser", r#"{"UserId":"three"}"#, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid JSON for GetUserRequest"));
    let out = call("NoSuchOperation", "{}", &[]);
    assert_eq!(out.status.code(), Some(2));

    emulator.inject_server_errors(1, 502);
    let out = call("GetUser", "{}", &["--max-attempts", "1"]);
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("502"));
}

#[test]
fn call_to_a_closed_port_exits_4() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    drop(listener);
    let out = bingads_with_env(
        &[
            "call",
            "--api-version",
            "v12",
            "GetUser",
            "--endpoint",
            &url,
            "--max-attempts",
            "1",
        ],
        TOKENS,
    );
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    assert_no_secret(&out);
}

const PC_CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";

fn pc(emulator: &Emulator, args: &[&str]) -> Output {
    let mut all = vec!["pc", "users"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--customer", PC_CUSTOMER, "--base-url", emulator.url()]);
    bingads_with_env(&all, TOKENS)
}

#[test]
fn pc_users_get_delete_deleted_restore() {
    let (_rt, emulator) = start_emulator();
    let jordan = "4f5e6d7c-0000-4000-8000-000000000001";
    let out = pc(&emulator, &["delete", "--user", jordan]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let doc = json_out(&out);
    assert_eq!(doc["outcome"], "deleted");
    assert!(doc["request_id"].is_string());

    let out = pc(&emulator, &["deleted"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for user in &lines {
        let deleted =
            bingads::time::parse_rfc3339(user["softDeletionTime"].as_str().unwrap()).unwrap();
        let purge = bingads::time::parse_rfc3339(user["purgeAt"].as_str().unwrap()).unwrap();
        assert_eq!(
            purge.duration_since(deleted).unwrap().as_secs(),
            30 * 86_400
        );
    }
    assert_no_secret(&out);

    let out = pc(&emulator, &["restore", "--user", jordan]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(json_out(&out)["state"], "active");
    let out = pc(&emulator, &["get", "--user", jordan]);
    assert_eq!(json_out(&out)["id"], jordan);
    assert!(json_out(&out).get("purgeAt").is_none());

    // Errors: a service error response exits 3 with the request ids; a bad GUID exits 2
    // before anything is sent; a dry run sends nothing.
    let out = pc(&emulator, &["restore", "--user", jordan]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("MS-RequestId"));
    let before = emulator.requests_served();
    let out = pc(&emulator, &["get", "--user", "not-a-guid"]);
    assert_eq!(out.status.code(), Some(2));
    let out = pc(&emulator, &["delete", "--user", jordan, "--dry-run"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_out(&out)["method"], "DELETE");
    assert_eq!(emulator.requests_served(), before);
    let out = bingads_with_env(
        &[
            "pc",
            "users",
            "deleted",
            "--customer",
            PC_CUSTOMER,
            "--base-url",
            emulator.url(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PARTNER_CENTER_TOKEN"));
}

#[test]
fn bulk_delete_writes_a_report_and_resumes() {
    let (_rt, emulator) = start_emulator();
    let dir = std::env::temp_dir().join(format!("bingads-bulk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("users.csv");
    let report = dir.join("users.csv.report.jsonl");
    let _ = std::fs::remove_file(&report);
    let (a, b) = (
        "4f5e6d7c-0000-4000-8000-000000000001",
        "4f5e6d7c-0000-4000-8000-000000000002",
    );
    std::fs::write(
        &csv,
        format!("\u{feff}name,userId\r\nJordan,{a}\r\nTaylor,\"{b}\"\r\nagain,{a}\r\n"),
    )
    .unwrap();
    let csv_arg = csv.to_str().unwrap();

    // An earlier run was interrupted after the first user.
    std::fs::write(
        &report,
        format!("{{\"user\":\"{a}\",\"outcome\":\"deleted\"}}\n{{\"user\":\"{b}\",\"outc"),
    )
    .unwrap();
    let out = pc(&emulator, &["delete", "--from", csv_arg]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an existing report needs --resume"
    );
    let before = emulator.requests_served();
    let out = pc(
        &emulator,
        &[
            "delete",
            "--from",
            csv_arg,
            "--resume",
            "--concurrency",
            "2",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        emulator.requests_served() - before,
        3,
        "the MFA and customer check, then the user not done yet: read (its `before`), deleted"
    );
    let text = std::fs::read_to_string(&report).unwrap();
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["user"], b);
    assert_eq!(last["outcome"], "deleted");
    assert!(last["request_id"].is_string());
    assert!(String::from_utf8_lossy(&out.stderr).contains("deleted 1"));

    // Everything done: a resumed run sends nothing.
    let before = emulator.requests_served();
    let out = pc(&emulator, &["delete", "--from", csv_arg, "--resume"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(emulator.requests_served(), before);

    // A file with a bad id is refused whole, before any request.
    std::fs::write(&csv, format!("{a}\nnot-a-guid\n")).unwrap();
    let out = pc(
        &emulator,
        &[
            "delete",
            "--from",
            csv_arg,
            "--report",
            dir.join("other.jsonl").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"));
    assert_eq!(emulator.requests_served(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn emulator_command_prints_where_it_listens() {
    let seed = format!("{}/examples/emulator-seed.json", env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_bingads"))
        .args(["emulator", "--port", "0", "--seed", &seed])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let first = common::lines_of(child.stdout.take().unwrap()).recv_timeout(common::LINE_TIMEOUT);
    let Ok(first) = first else {
        let _ = child.kill();
        panic!("the emulator printed no line: {first:?}");
    };
    let url = first
        .strip_prefix("listening on http://127.0.0.1:")
        .map(|port| format!("http://127.0.0.1:{port}"))
        .unwrap_or_else(|| panic!("first line: {first:?}"));
    let endpoint = format!("{url}/Api/CustomerManagement/v13/CustomerManagementService.svc");
    let out = bingads_with_env(
        &[
            "call",
            "--transport",
            "soap",
            "--api-version",
            "v13",
            "GetUser",
            "--endpoint",
            &endpoint,
        ],
        &[
            ("BINGADS_DEVELOPER_TOKEN", "BBD37VB98"),
            ("BINGADS_AUTHENTICATION_TOKEN", "good-token"),
        ],
    );
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        json_out(&out)["body"]["User"]["UserName"],
        "owner@fabrikam.example"
    );
}

#[test]
fn emulator_command_injects_faults_per_operation() {
    let seed = format!(
        "{}/examples/emulator-agency-seed.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_bingads"))
        .args(["emulator", "--seed", &seed])
        .args([
            "--inject",
            "GetUser=117:2",
            "--inject",
            "GetAccount=http503",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let first = common::lines_of(child.stdout.take().unwrap()).recv_timeout(common::LINE_TIMEOUT);
    let Ok(first) = first else {
        let _ = child.kill();
        panic!("the emulator printed no line: {first:?}");
    };
    let url = first
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line: {first:?}"))
        .to_string();
    let call = |operation: &str, json: &str| {
        bingads_with_env(
            &[
                "call",
                "--api-version",
                "v13",
                operation,
                "--json",
                json,
                "--endpoint",
                &url,
                "--max-attempts",
                "1",
            ],
            TOKENS,
        )
    };
    let throttled = [call("GetUser", "{}"), call("GetUser", "{}")];
    let answered = call("GetUser", "{}");
    let unavailable = call("GetAccount", r#"{"AccountId": "2101"}"#);
    let account = call("GetAccount", r#"{"AccountId": "2101"}"#);
    let _ = child.kill();
    let _ = child.wait();
    for out in &throttled {
        assert_eq!(out.status.code(), Some(3), "{out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("117"),
            "{out:?}"
        );
    }
    assert_eq!(answered.status.code(), Some(0), "{answered:?}");
    assert_eq!(json_out(&answered)["body"]["User"]["Id"], "3101");
    assert_eq!(unavailable.status.code(), Some(4), "{unavailable:?}");
    assert!(String::from_utf8_lossy(&unavailable.stderr).contains("503"));
    assert_eq!(
        json_out(&account)["body"]["Account"]["Name"],
        "Fabrikam House Ads"
    );
    // A bad injection is a usage error naming the operation.
    let out = bingads_with_env(&["emulator", "--inject", "GetUsr=117"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("GetUsr"));
}

#[test]
fn rest_is_the_v13_default_of_call_envelope_and_parse() {
    let (_rt, emulator) = start_emulator();
    // call: --endpoint is the service root; the route is appended.
    let out = bingads_with_env(
        &[
            "call",
            "--api-version",
            "v13",
            "GetUser",
            "--json",
            r#"{"UserId": "3002"}"#,
            "--endpoint",
            emulator.url(),
        ],
        TOKENS,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let doc = json_out(&out);
    assert_eq!(doc["body"]["User"]["Id"], "3002");
    assert!(doc["tracking_id"].as_str().is_some_and(|t| t.len() == 36));
    let out = bingads_with_env(
        &[
            "call",
            "--api-version",
            "v13",
            "DeleteUser",
            "--json",
            r#"{"UserId": "3002", "TimeStamp": "AAAAAAAAAAE="}"#,
            "--endpoint",
            emulator.url(),
        ],
        TOKENS,
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "a stale TimeStamp is a fault: {out:?}"
    );
    let doc = json_out(&out);
    assert_eq!(doc["fault"]["kind"], "ApiFault");
    assert_eq!(doc["fault"]["errors"][0]["Code"], 209);
    assert!(
        doc["fault"].get("faultcode").is_none(),
        "a REST fault has no faultcode"
    );

    // envelope: the request that would be sent.
    let out = bingads(
        &[
            "envelope",
            "--api-version",
            "v13",
            "DeleteUser",
            "--json",
            r#"{"UserId": 5, "TimeStamp": "AAAAAAAAB9E="}"#,
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        json_out(&out),
        serde_json::json!({"method": "DELETE", "path": "/CustomerManagement/v13/User",
                           "body": {"UserId": "5", "TimeStamp": "AAAAAAAAB9E="}})
    );
    // parse: a REST body, and a REST fault body (exit 3).
    let out = bingads(
        &["parse", "--api-version", "v13", "GetUser"],
        br#"{"User": {"Id": 7, "UserName": "x", "Unknown": true}, "CustomerRoles": null}"#,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(json_out(&out)["body"]["User"]["Id"], "7");
    let out = bingads(
        &["parse", "--api-version", "v13", "GetUser"],
        br#"{"Type":"AdApiFaultDetail","TrackingId":"t","Errors":[{"Code":105,"ErrorCode":"InvalidCredentials","Message":"m"}]}"#,
    );
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert_eq!(json_out(&out)["fault"]["kind"], "AdApiFaultDetail");
    // v12 has no REST.
    let out = bingads(
        &[
            "envelope",
            "--api-version",
            "v12",
            "GetUser",
            "--transport",
            "rest",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
}

/// A mistyped customer must not make every user "already deleted": the bulk run reads the
/// customer first and stops (exit 3) before any delete.
#[test]
fn bulk_delete_with_a_wrong_customer_deletes_nothing_and_exits_3() {
    let (_rt, emulator) = start_emulator();
    let dir = std::env::temp_dir().join(format!("bingads-bulk-wrong-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("users.csv");
    let report = dir.join("report.jsonl");
    let _ = std::fs::remove_file(&report);
    std::fs::write(&csv, "4f5e6d7c-0000-4000-8000-000000000001\n").unwrap();
    let before = emulator.requests_served();
    let out = bingads_with_env(
        &[
            "pc",
            "users",
            "delete",
            "--from",
            csv.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
            "--customer",
            "00000000-1111-4222-8333-444444444444",
            "--base-url",
            emulator.url(),
        ],
        TOKENS,
    );
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot be read, so nothing was changed"),
        "{stderr}"
    );
    assert_eq!(
        emulator.requests_served() - before,
        1,
        "only the check was sent"
    );
    // The user is untouched.
    let out = pc(
        &emulator,
        &["get", "--user", "4f5e6d7c-0000-4000-8000-000000000001"],
    );
    assert_eq!(json_out(&out)["state"], "active");
    let _ = std::fs::remove_dir_all(&dir);
}
