//! Partner Center offboarding as partners run it, against a fake Partner Center on 127.0.0.1
//! written here from Microsoft's documentation (not the emulator, so the client and the
//! emulator cannot merely agree with each other), and once end to end over the emulator:
//!
//! - listing: `GET /v1/customers/{id}/users?size=N`, a `PagedResourceCollection` whose
//!   `links.next` carries `MS-ContinuationToken` in `headers`
//!   (learn.microsoft.com/partner-center/developer/get-a-list-of-all-user-accounts-for-a-customer;
//!   the .NET SDK's CustomerUsersCollectionOperations.cs). The fake serves at most 3 users a
//!   page whatever `size` asks, and its links also name `Authorization` and `Host`, which a
//!   client must not send.
//! - delete: `DELETE …/users/{id}` → 204; restore: `PATCH …/users/{id}` with
//!   `{"State":"active",…}` → 200 with the user; get: 200 with the user.
//! - errors: `{code, description, data, source}`; 60002 user not found (404), 60003 tenant
//!   not found (404) (learn.microsoft.com/partner-center/developer/error-codes); an App+User
//!   token without MFA: 401 with code 900421 (third-party reports, see
//!   src/partner_center/error.rs); `ValidateMfa: true` answered with an `isMfaCompliant`
//!   header.

mod common;

use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use bingads::partner_center::{DeleteOutcome, PartnerCenterClient};
use common::cli::{json_lines, stderr, temp_dir};
use common::server::{serve, Reply, Seen, TestServer};
use serde_json::{json, Value};

const CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
const OTHER_CUSTOMER: &str = "00000000-1111-4222-8333-444444444444";
const PAGE_MAX: usize = 3;

fn user_id(i: usize) -> String {
    format!("4f5e6d7c-0000-4000-8000-{i:012x}")
}

/// Mixed case, as Entra ID keeps what the admin typed; files and options name it in any case.
fn upn(i: usize) -> String {
    format!("User{i}@Contoso.onmicrosoft.com")
}

struct Fake {
    users: Vec<Value>,
    /// Every call is refused as a token without MFA.
    refuse_mfa: bool,
}

type Shared = Arc<Mutex<Fake>>;

fn fake(active: usize) -> Shared {
    let users = (0..active)
        .map(|i| {
            json!({
                "id": user_id(i), "userPrincipalName": upn(i),
                "firstName": "User", "lastName": format!("{i}"), "displayName": format!("User {i}"),
                "userDomainType": "none", "state": "active", "usageLocation": "US",
                "links": {"self": {"uri": format!("/customers/{CUSTOMER}/users/{}", user_id(i)), "method": "GET", "headers": []}},
                "attributes": {"objectType": "CustomerUser"}
            })
        })
        .collect();
    Arc::new(Mutex::new(Fake {
        users,
        refuse_mfa: false,
    }))
}

fn error(status: u16, code: i64, description: &str) -> Reply {
    Reply::json(
        status,
        json!({"code": code, "description": description, "data": [], "source": "PartnerFD"})
            .to_string(),
    )
}

fn handle(fake: &Shared, req: &Seen) -> Reply {
    let mut f = fake.lock().unwrap();
    if f.refuse_mfa {
        return error(
            401,
            900_421,
            "Multi-factor authentication is required for this request.",
        );
    }
    let (path, query) = req.path.split_once('?').unwrap_or((&req.path, ""));
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (customer, user) = match segments.as_slice() {
        ["v1", "customers", c, "users"] => (*c, None),
        ["v1", "customers", c, "users", u] => (*c, Some(*u)),
        _ => return error(404, 1000, "Not found"),
    };
    if customer != CUSTOMER {
        // The live service answers 404 for an unknown customer's user too, so a user-level
        // call gets a bare 404 here: only the customer's collection says 60003.
        return match user {
            None => error(404, 60_003, "Tenant not found"),
            Some(_) => Reply::json(404, "{}"),
        };
    }
    let mut reply = match (req.method.as_str(), user) {
        ("GET", None) => {
            let deleted = query.contains("filter=");
            let matching: Vec<&Value> = f
                .users
                .iter()
                .filter(|u| (u["state"] == "inactive") == deleted)
                .collect();
            let offset: usize = req
                .header("MS-ContinuationToken")
                .and_then(|t| t.strip_prefix("opaque-"))
                .and_then(|t| t.parse().ok())
                .unwrap_or(0);
            let size: usize = query
                .split('&')
                .find_map(|p| p.strip_prefix("size="))
                .and_then(|s| s.parse().ok())
                .unwrap_or(PAGE_MAX);
            let size = size.clamp(1, PAGE_MAX);
            let items: Vec<&Value> = matching.iter().skip(offset).take(size).copied().collect();
            let mut page = json!({"totalCount": matching.len(), "items": items, "attributes": {"objectType": "Collection"}});
            if offset + items.len() < matching.len() {
                page["links"] = json!({"next": {
                    "uri": format!("/customers/{CUSTOMER}/users?{query}"),
                    "method": "GET",
                    "headers": [
                        {"key": "MS-ContinuationToken", "value": format!("opaque-{}", offset + items.len())},
                        {"key": "Authorization", "value": "Bearer injected-by-link"},
                        {"key": "Host", "value": "evil.example"}
                    ]
                }});
            }
            Reply::json(200, page.to_string())
        }
        (method, Some(id)) => {
            let Some(user) = f.users.iter_mut().find(|u| u["id"] == id) else {
                return error(404, 60_002, "User object ID isn't found");
            };
            match method {
                "GET" => Reply::json(200, user.to_string()),
                "DELETE" if user["state"] == "active" => {
                    user["state"] = json!("inactive");
                    user["softDeletionTime"] = json!("2026-11-20T10:00:00.1234567Z");
                    Reply::new(204, "")
                }
                "DELETE" => error(404, 60_002, "User object ID isn't found"),
                "PATCH" if user["state"] == "inactive" => {
                    user["state"] = json!("active");
                    user.as_object_mut().unwrap().remove("softDeletionTime");
                    Reply::json(200, user.to_string())
                }
                "PATCH" => error(400, 800_002, "Invalid request input"),
                _ => error(405, 1, "method"),
            }
        }
        _ => error(405, 1, "method"),
    };
    if req
        .header("ValidateMfa")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        reply.headers.push(("ismfacompliant", "true".into()));
    }
    reply
}

/// The fake on its own runtime, alive as long as the returned value.
fn start(fake: Shared) -> (tokio::runtime::Runtime, TestServer) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(serve(move |req, _| {
        let fake = fake.clone();
        async move { handle(&fake, &req) }
    }));
    (rt, server)
}

fn pc(base: &str, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bingads"));
    command
        .arg("pc")
        .args(args)
        .args([
            "--customer",
            CUSTOMER,
            "--base-url",
            base,
            "--max-attempts",
            "1",
        ])
        .env_clear()
        .env("PARTNER_CENTER_TOKEN", "pc-secret-token");
    command.output().unwrap()
}

fn sent(server: &TestServer, method: &str) -> Vec<String> {
    server
        .seen()
        .iter()
        .filter(|s| s.method == method)
        .map(|s| s.path.rsplit('/').next().unwrap().to_string())
        .collect()
}

#[test]
fn list_reads_every_page_and_finds_names_in_any_case() {
    let (_rt, server) = start(fake(8));
    let out = pc(&server.url, &["users", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ids: Vec<String> = json_lines(&out.stdout)
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, (0..8).map(user_id).collect::<Vec<_>>());
    assert_eq!(server.hits(), 3, "3 pages of at most 3");
    for (i, seen) in server.seen().iter().enumerate() {
        // Only the continuation header comes from the link: never its Authorization or Host.
        assert_eq!(seen.header("authorization"), Some("Bearer pc-secret-token"));
        assert_ne!(seen.header("host"), Some("evil.example"));
        let want = (i > 0).then(|| format!("opaque-{}", i * PAGE_MAX));
        assert_eq!(seen.header("ms-continuationtoken"), want.as_deref());
    }
    assert!(server.seen().iter().all(|s| s
        .headers
        .iter()
        .filter(|(k, _)| k == "authorization")
        .count()
        == 1));

    // Names in any case; each user once; across pages.
    let out = pc(
        &server.url,
        &[
            "users",
            "list",
            "--upn",
            "USER7@Contoso.OnMicrosoft.com",
            "--upn",
            "user1@contoso.onmicrosoft.com",
            "--upn",
            "User1@contoso.onmicrosoft.com",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let found: Vec<Value> = json_lines(&out.stdout);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0]["id"], user_id(7).as_str());
    assert_eq!(found[1]["id"], user_id(1).as_str());

    let out = pc(
        &server.url,
        &[
            "users",
            "list",
            "--upn",
            "user2@contoso.onmicrosoft.com",
            "--upn",
            "nobody@contoso.onmicrosoft.com",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("nobody@contoso.onmicrosoft.com"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn library_finds_a_user_by_name_in_any_case() {
    let server = {
        let fake = fake(5);
        serve(move |req, _| {
            let fake = fake.clone();
            async move { handle(&fake, &req) }
        })
        .await
    };
    let pc = PartnerCenterClient::builder()
        .base_url(&server.url)
        .access_token("t")
        .no_proxy()
        .build()
        .unwrap();
    let user = pc
        .find_user_by_upn(CUSTOMER, "USER4@CONTOSO.onmicrosoft.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.id.as_deref(), Some(user_id(4).as_str()));
    assert!(pc
        .find_user_by_upn(CUSTOMER, "user9@contoso.onmicrosoft.com")
        .await
        .unwrap()
        .is_none());
}

#[test]
fn a_token_without_mfa_is_told_and_a_bulk_run_deletes_nothing() {
    let fake = fake(3);
    fake.lock().unwrap().refuse_mfa = true;
    let (_rt, server) = start(fake);
    let dir = temp_dir("pc-mfa");
    let csv = dir.join("users.csv");
    std::fs::write(&csv, format!("{}\n{}\n", user_id(0), upn(1))).unwrap();
    let out = pc(
        &server.url,
        &["users", "delete", "--from", csv.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("nothing was changed"), "{text}");
    assert!(
        text.contains("bingads auth login --partner-center"),
        "{text}"
    );
    assert!(
        text.contains("900421") && text.contains("MS-RequestId"),
        "{text}"
    );
    assert!(sent(&server, "DELETE").is_empty());
    assert_eq!(server.hits(), 1, "only the check");
    assert!(!text.contains("pc-secret-token"));

    let out = pc(&server.url, &["check-mfa"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(json_lines(&out.stdout)[0]["mfa_compliant"], false);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_mfa_reports_a_compliant_sign_in() {
    let (_rt, server) = start(fake(1));
    let out = pc(&server.url, &["check-mfa"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_lines(&out.stdout)[0]["mfa_compliant"], true);
    assert_eq!(server.seen()[0].header("validatemfa"), Some("true"));
}

/// A CSV of names (one twice in another case, one unknown) deletes exactly the resolved ids;
/// the report holds each user as it was; `restore --from` brings back only those still
/// deleted, one PATCH each.
#[test]
fn names_in_a_csv_delete_exactly_those_users_and_the_report_undoes_it() {
    let (_rt, server) = start(fake(7));
    let dir = temp_dir("pc-upn");
    let csv = dir.join("leavers.csv");
    std::fs::write(
        &csv,
        format!(
            "name,userPrincipalName\nOne,{}\nFive,{}\nOne again,{}\nGhost,nobody@contoso.onmicrosoft.com\n",
            upn(1).to_uppercase(),
            upn(5),
            upn(1)
        ),
    )
    .unwrap();
    let csv_arg = csv.to_str().unwrap();

    // The dry run resolves and prints, and deletes nothing.
    let out = pc(
        &server.url,
        &["users", "delete", "--from", csv_arg, "--dry-run"],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "the unknown name: {}",
        stderr(&out)
    );
    let listed = json_lines(&out.stdout);
    assert_eq!(listed.len(), 3);
    assert_eq!(listed[0]["user"], user_id(1).as_str());
    assert_eq!(listed[0]["display_name"], "User 1");
    assert_eq!(listed[1]["user"], user_id(5).as_str());
    assert!(listed[2]["error"].as_str().unwrap().contains("nobody@"));
    assert!(sent(&server, "DELETE").is_empty());
    assert!(!dir.join("leavers.csv.report.jsonl").exists());

    let out = pc(
        &server.url,
        &["users", "delete", "--from", csv_arg, "--concurrency", "2"],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "one name failed: {}",
        stderr(&out)
    );
    let mut deleted = sent(&server, "DELETE");
    deleted.sort();
    assert_eq!(deleted, vec![user_id(1), user_id(5)]);
    let report = dir.join("leavers.csv.report.jsonl");
    let text = std::fs::read_to_string(&report).unwrap();
    let report_lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(report_lines.len(), 3);
    for i in [1, 5] {
        let line = report_lines
            .iter()
            .find(|l| l["user"] == user_id(i).as_str())
            .unwrap();
        assert_eq!(line["outcome"], "deleted");
        assert_eq!(line["customer"], CUSTOMER);
        let before = &line["before"];
        assert_eq!(before["id"], user_id(i).as_str());
        assert_eq!(before["userPrincipalName"], upn(i).as_str());
        assert_eq!(before["displayName"], format!("User {i}").as_str());
        assert_eq!(before["state"], "active");
        assert_eq!(before["usageLocation"], "US", "whatever else GET returns");
        assert!(line["request_id"].is_string());
    }
    let ghost = report_lines
        .iter()
        .find(|l| l["upn"] == "nobody@contoso.onmicrosoft.com")
        .unwrap();
    assert_eq!(ghost["outcome"], "failed");
    assert!(ghost["error"].as_str().unwrap().contains("no active user"));

    // User 5 came back some other way: the restore leaves it alone and says so.
    let patch_before = sent(&server, "PATCH").len();
    assert_eq!(patch_before, 0);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let lib = PartnerCenterClient::builder()
        .base_url(&server.url)
        .access_token("t")
        .no_proxy()
        .build()
        .unwrap();
    rt.block_on(lib.restore_user(CUSTOMER, &user_id(5)))
        .unwrap();

    let out = pc(
        &server.url,
        &["users", "restore", "--from", report.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let patched = sent(&server, "PATCH");
    assert_eq!(
        patched,
        vec![user_id(5), user_id(1)],
        "one PATCH for user 1, none else"
    );
    let restore_report = dir.join("leavers.csv.report.jsonl.restore.jsonl");
    let outcomes: Vec<(String, String)> = std::fs::read_to_string(&restore_report)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|l| {
            (
                l["user"].as_str().unwrap().to_string(),
                l["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        outcomes.contains(&(user_id(1), "restored".into())),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&(user_id(5), "already_active".into())),
        "{outcomes:?}"
    );
    assert_eq!(outcomes.len(), 2);

    // Resumed, nothing is sent again.
    let hits = server.hits();
    let out = pc(
        &server.url,
        &[
            "users",
            "restore",
            "--from",
            report.to_str().unwrap(),
            "--resume",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(server.hits(), hits);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_report_changes_nothing() {
    let (_rt, server) = start(fake(2));
    let dir = temp_dir("pc-bad-report");
    let line = |customer: &str| {
        json!({"user": user_id(0), "customer": customer, "outcome": "deleted"}).to_string()
    };
    for (name, text, says) in [
        ("empty.jsonl", String::new(), "empty"),
        ("other.jsonl", line(OTHER_CUSTOMER), OTHER_CUSTOMER),
        (
            "malformed.jsonl",
            format!("{}\n[1, 2]\n{}\n", line(CUSTOMER), line(CUSTOMER)),
            "line 2",
        ),
        ("garbage.jsonl", "hello\n".into(), "line 1"),
        (
            "none.jsonl",
            json!({"user": user_id(0), "customer": CUSTOMER, "outcome": "failed"}).to_string(),
            "no deleted user",
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let out = pc(
            &server.url,
            &["users", "restore", "--from", path.to_str().unwrap()],
        );
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{name}: {}", stderr(&out));
    }
    assert_eq!(server.hits(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The live service answers 404 for an unknown customer's user too: the library reads the
/// customer (once) before calling such a 404 "already deleted".
#[tokio::test]
async fn a_wrong_customer_is_never_already_deleted() {
    let fake = fake(3);
    let server = {
        let fake = fake.clone();
        serve(move |req, _| {
            let fake = fake.clone();
            async move { handle(&fake, &req) }
        })
        .await
    };
    let pc = PartnerCenterClient::builder()
        .base_url(&server.url)
        .access_token("t")
        .treat_already_deleted_as_success(true)
        .no_proxy()
        .build()
        .unwrap();
    let e = pc
        .delete_user(OTHER_CUSTOMER, &user_id(0))
        .await
        .unwrap_err();
    assert!(e.is_customer_not_found(), "{e}");
    assert!(e.to_string().contains("60003"), "{e}");

    pc.delete_user(CUSTOMER, &user_id(0)).await.unwrap();
    for _ in 0..2 {
        assert_eq!(
            pc.delete_user(CUSTOMER, &user_id(0)).await.unwrap().body,
            DeleteOutcome::AlreadyDeleted
        );
    }
    let listings = server
        .seen()
        .iter()
        .filter(|s| s.method == "GET" && s.path.contains(CUSTOMER))
        .count();
    assert_eq!(listings, 1, "the customer is read once");
}

/// The quickstart's round trip over the emulator: delete by name, list the deleted users,
/// restore from the report.
#[test]
fn offboarding_round_trip_over_the_emulator() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let emulator = rt
        .block_on(bingads::emulator::Emulator::builder().start())
        .unwrap();
    let url = emulator.url().to_string();
    let dir = temp_dir("pc-emulator");
    let csv = dir.join("leavers.csv");
    std::fs::write(
        &csv,
        "upn\nJORDAN@contoso.onmicrosoft.com\ntaylor@contoso.onmicrosoft.com\n",
    )
    .unwrap();
    let out = pc(&url, &["check-mfa"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_lines(&out.stdout)[0]["mfa_compliant"], true);

    let out = pc(&url, &["users", "delete", "--from", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = pc(&url, &["users", "deleted"]);
    let deleted: Vec<String> = json_lines(&out.stdout)
        .iter()
        .map(|u| u["userPrincipalName"].as_str().unwrap().to_string())
        .collect();
    assert!(
        deleted.contains(&"jordan@contoso.onmicrosoft.com".to_string()),
        "{deleted:?}"
    );
    assert!(
        deleted.contains(&"taylor@contoso.onmicrosoft.com".to_string()),
        "{deleted:?}"
    );

    let report = dir.join("leavers.csv.report.jsonl");
    let out = pc(
        &url,
        &["users", "restore", "--from", report.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = pc(&url, &["users", "list"]);
    let active: Vec<String> = json_lines(&out.stdout)
        .iter()
        .map(|u| u["userPrincipalName"].as_str().unwrap().to_string())
        .collect();
    assert!(
        active.contains(&"jordan@contoso.onmicrosoft.com".to_string()),
        "{active:?}"
    );
    assert!(
        active.contains(&"taylor@contoso.onmicrosoft.com".to_string()),
        "{active:?}"
    );

    // The emulator answers a token without the MFA claim as the service does, and an unknown
    // customer with the documented code.
    use base64::Engine as _;
    let b = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let no_mfa = format!("{}.{}.sig", b.encode("{}"), b.encode(r#"{"amr":["pwd"]}"#));
    let lib = PartnerCenterClient::builder()
        .base_url(&url)
        .access_token(no_mfa)
        .no_proxy()
        .build()
        .unwrap();
    let e = rt.block_on(lib.check_mfa(CUSTOMER)).unwrap_err();
    assert!(e.is_mfa_required(), "{e}");
    assert!(e.ids().is_some());
    let lib = PartnerCenterClient::builder()
        .base_url(&url)
        .access_token("t")
        .no_proxy()
        .build()
        .unwrap();
    let e = rt.block_on(lib.check_mfa(OTHER_CUSTOMER)).unwrap_err();
    assert!(e.is_customer_not_found(), "{e}");
    assert_eq!(e.code(), Some(60003));
    let answer = rt
        .block_on(
            reqwest::Client::builder()
                .no_proxy()
                .build()
                .unwrap()
                .get(format!("{url}/v1/customers/not-a-guid/users"))
                .bearer_auth("t")
                .send(),
        )
        .unwrap();
    assert_eq!(answer.status().as_u16(), 400);
    let body: Value = serde_json::from_slice(&rt.block_on(answer.bytes()).unwrap()).unwrap();
    assert_eq!(body["code"], 900118);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Secrets come from the environment, a file or standard input, never from an option's value;
/// the token endpoint must be https (http only to loopback).
#[test]
fn secrets_stay_off_the_command_line() {
    let (_rt, server) = start(fake(1));
    let dir = temp_dir("pc-secrets");
    let token_file = dir.join("token");
    std::fs::write(&token_file, "from-a-file\n").unwrap();
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_bingads"));
        command
            .args([
                "pc",
                "users",
                "list",
                "--customer",
                CUSTOMER,
                "--base-url",
                &server.url,
            ])
            .args(args)
            .env_clear()
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().unwrap();
        if let Some(text) = stdin {
            use std::io::Write;
            // A command refused before it reads standard input has closed it: not a failure.
            let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
        }
        drop(child.stdin.take());
        child.wait_with_output().unwrap()
    };
    for gone in ["--token", "--refresh-token", "--client-secret"] {
        let out = run(&[gone, "secret-value"], None);
        assert_eq!(out.status.code(), Some(2), "{gone}");
    }
    assert_eq!(server.hits(), 0);
    let out = run(&["--token-file", token_file.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(&["--token-stdin"], Some("from-stdin\n"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bearers: Vec<String> = server
        .seen()
        .iter()
        .filter_map(|s| s.header("authorization").map(str::to_string))
        .collect();
    assert_eq!(bearers, ["Bearer from-a-file", "Bearer from-stdin"]);
    let out = run(&["--token-stdin", "--client-secret-stdin"], Some("x"));
    assert_eq!(
        out.status.code(),
        Some(2),
        "one secret from standard input at most"
    );

    let mut command = Command::new(env!("CARGO_BIN_EXE_bingads"));
    let out = command
        .args([
            "pc",
            "users",
            "list",
            "--customer",
            CUSTOMER,
            "--base-url",
            &server.url,
        ])
        .args([
            "--client-id",
            "app",
            "--token-url",
            "http://login.example/token",
        ])
        .env_clear()
        .env("PARTNER_CENTER_REFRESH_TOKEN", "refresh-secret")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("https"), "{}", stderr(&out));
    let out = Command::new(env!("CARGO_BIN_EXE_bingads"))
        .args(["pc", "users", "list", "--customer", CUSTOMER])
        .args(["--base-url", "http://api.partnercenter.microsoft.com"])
        .env_clear()
        .env("PARTNER_CENTER_TOKEN", "t")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A listing that stops at a next link to another host says so with the ids of the page that
/// sent it.
#[tokio::test]
async fn a_listing_error_keeps_the_request_ids() {
    let server = serve(|_, _| async {
        let page = json!({"totalCount": 2, "items": [{"id": user_id(0), "state": "active"}],
            "links": {"next": {"uri": "https://evil.example/v1/customers/x/users", "headers": []}}});
        let mut reply = Reply::json(200, page.to_string());
        reply.headers.push(("ms-requestid", "page-one-request".into()));
        reply
    })
    .await;
    let pc = PartnerCenterClient::builder()
        .base_url(&server.url)
        .access_token("t")
        .no_proxy()
        .build()
        .unwrap();
    use futures_util::StreamExt;
    let items: Vec<_> = pc.users(CUSTOMER).collect().await;
    assert_eq!(items.len(), 2);
    let e = items[1].as_ref().unwrap_err();
    assert!(
        matches!(e.kind(), bingads::partner_center::ErrorKind::ForeignLink(_)),
        "{e}"
    );
    assert_eq!(e.ids().unwrap().request_id, "page-one-request");
    assert_eq!(server.hits(), 1);
}
