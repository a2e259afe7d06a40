//! `bingads users`: list, find, delete (one, or a CSV file with a report and --resume) and
//! reinvite, the real binary against an emulator started here (tests/common/users_seed.rs:
//! customer 1002, where the signed-in user may not delete; an e-mail two users share).

mod common;

use std::process::{Command, Output};

use bingads::emulator::{Emulator, Injection};
use bingads::v13::customer_management::SearchUserInvitationsRequest;
use bingads::xml::XmlEnum;
use common::cli::{json_lines, stderr, temp_dir};
use serde_json::Value;

const TOKENS: &[(&str, &str)] = &[
    ("BINGADS_DEVELOPER_TOKEN", "dev-secret-1"),
    ("BINGADS_AUTHENTICATION_TOKEN", "auth-secret-2"),
];

fn start() -> (tokio::runtime::Runtime, Emulator) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let emulator = rt
        .block_on(Emulator::builder().seed(common::users_seed::seed()).start())
        .unwrap();
    (rt, emulator)
}

/// `bingads users ARGS --endpoint EMULATOR` with only the tokens in its environment.
fn users(emulator: &Emulator, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_bingads"))
        .arg("users")
        .args(args)
        .args(["--endpoint", emulator.url()])
        .env_clear()
        .envs(TOKENS.iter().copied())
        .output()
        .unwrap();
    common::cli::assert_no_secret(&out, TOKENS);
    out
}

#[test]
fn list_and_find_across_customers() {
    let (_rt, emulator) = start();
    let out = users(&emulator, &["list"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let all = json_lines(&out.stdout);
    let ids: Vec<&str> = all.iter().filter_map(|u| u["user"].as_str()).collect();
    assert_eq!(ids, ["3001", "3002", "3003", "3005", "3004", "3006"]);
    let pat = &all[1];
    assert_eq!(pat["email"], "pat@contoso.com");
    assert_eq!(pat["user_name"], "pat@contoso.com");
    assert_eq!(pat["customer_ids"], serde_json::json!(["1001", "1002"]));
    assert_eq!(pat["CustomerRoles"][1]["RoleId"], 100);
    assert_eq!(
        pat["CustomerRoles"][1]["AccountIds"],
        serde_json::json!(["2003"])
    );

    let out = users(&emulator, &["find", "--email", "PAT@Contoso.COM"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_lines(&out.stdout).len(), 1);
    let out = users(&emulator, &["find", "--email", "lee.FABRIKAM"]);
    assert_eq!(json_lines(&out.stdout)[0]["user"], "3004", "by user name");
    let out = users(&emulator, &["find", "--email", "kim@contoso.com"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        json_lines(&out.stdout).len(),
        2,
        "both users that share the address"
    );
    let out = users(&emulator, &["find", "--email", "nobody@contoso.com"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("nobody@contoso.com"),
        "{}",
        stderr(&out)
    );
    assert_eq!(emulator.executed("DeleteUser"), 0);
}

#[test]
fn delete_one_by_email_refuses_two_matches_and_a_user_one_may_not_delete() {
    let (_rt, emulator) = start();
    let out = users(&emulator, &["delete", "--email", "kim@contoso.com"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("2 users"), "{}", stderr(&out));

    let out = users(&emulator, &["delete", "--email", "lee@fabrikam.com"]);
    assert_eq!(out.status.code(), Some(3));
    let line = &json_lines(&out.stdout)[0];
    assert_eq!(line["outcome"], "failed");
    assert!(line["tracking_id"].as_str().is_some_and(|t| !t.is_empty()));
    // The user is in reach but the caller's role may not delete: 1001, as the service answers.
    assert!(line["error"].as_str().unwrap().contains("1001"), "{line}");
    assert_eq!(emulator.executed("DeleteUser"), 0, "nothing deleted");

    let out = users(
        &emulator,
        &["delete", "--email", "sam@contoso.com", "--dry-run"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_lines(&out.stdout)[0]["operation"], "DeleteUser");
    assert_eq!(
        emulator.executed("DeleteUser"),
        0,
        "a dry run deletes nothing"
    );

    let out = users(&emulator, &["delete", "--email", "SAM@contoso.com"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let line = &json_lines(&out.stdout)[0];
    assert_eq!(line["outcome"], "deleted");
    assert_eq!(line["before"]["CustomerRoles"][0]["RoleId"], 100);
    assert_eq!(line["before"]["User"]["Lcid"], "EnglishUS");
    assert!(line["tracking_id"].is_string());
    assert_eq!(emulator.executed("DeleteUser"), 1);
}

#[test]
fn a_stale_time_stamp_is_read_again_once_and_twice_is_an_error() {
    let (_rt, emulator) = start();
    emulator.inject("DeleteUser", Injection::EditedFirst, 1);
    let out = users(&emulator, &["delete", "--email", "pat@contoso.com"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let line = &json_lines(&out.stdout)[0];
    assert_eq!(line["outcome"], "deleted");
    assert_eq!(line["stale_tracking_ids"].as_array().map(Vec::len), Some(1));

    emulator.inject("DeleteUser", Injection::EditedFirst, 2);
    let out = users(&emulator, &["delete", "--email", "sam@contoso.com"]);
    assert_eq!(out.status.code(), Some(3));
    let line = &json_lines(&out.stdout)[0];
    assert_eq!(line["outcome"], "failed");
    assert!(
        line["error"].as_str().unwrap().contains("changed twice"),
        "{line}"
    );
    assert!(line["tracking_id"].is_string());
    assert_eq!(line["stale_tracking_ids"].as_array().map(Vec::len), Some(2));
    assert_eq!(emulator.executed("DeleteUser"), 1, "only Pat's");
    let sam = emulator
        .state()
        .users
        .into_iter()
        .find(|u| u.user["Id"] == 3003);
    assert_eq!(sam.unwrap().user["UserLifeCycleStatus"], "Active");
}

#[test]
fn bulk_delete_with_report_resume_then_reinvite_with_the_same_roles() {
    let (rt, emulator) = start();
    let dir = temp_dir("users-bulk");
    let csv = dir.join("leavers.csv");
    std::fs::write(
        &csv,
        "name,email\nPat,pat@contoso.com\nLee,lee@fabrikam.com\nKim,kim@contoso.com\nSam,3003\n",
    )
    .unwrap();
    let csv_arg = csv.to_str().unwrap();
    let report = dir.join("leavers.csv.report.jsonl");

    let out = users(&emulator, &["delete", "--from", csv_arg, "--dry-run"]);
    assert_eq!(out.status.code(), Some(3), "Kim's address is ambiguous");
    assert_eq!(json_lines(&out.stdout).len(), 4);
    assert!(!report.exists());
    assert_eq!(emulator.executed("DeleteUser"), 0);

    let out = users(
        &emulator,
        &["delete", "--from", csv_arg, "--concurrency", "2"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let by_user = |report: &[Value], email: &str| -> Value {
        report
            .iter()
            .find(|l| l["email"] == email)
            .cloned()
            .unwrap()
    };
    let written = json_lines(&std::fs::read(&report).unwrap());
    assert_eq!(written.len(), 4);
    let pat = by_user(&written, "pat@contoso.com");
    assert_eq!(pat["outcome"], "deleted");
    assert_eq!(
        pat["before"]["CustomerRoles"].as_array().map(Vec::len),
        Some(2)
    );
    let lee = by_user(&written, "lee@fabrikam.com");
    assert_eq!(lee["outcome"], "failed");
    assert!(lee["tracking_id"].is_string());
    assert_eq!(by_user(&written, "kim@contoso.com")["outcome"], "failed");
    assert_eq!(by_user(&written, "sam@contoso.com")["outcome"], "deleted");
    assert_eq!(emulator.executed("DeleteUser"), 2);

    // The report is never overwritten; an interrupted line is ended; --resume skips the done.
    let out = users(&emulator, &["delete", "--from", csv_arg]);
    assert_eq!(out.status.code(), Some(2));
    let mut text = std::fs::read_to_string(&report).unwrap();
    text.push_str("{\"user\":\"3004\",\"outc");
    std::fs::write(&report, text).unwrap();
    let out = users(&emulator, &["delete", "--from", csv_arg, "--resume"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("deleted 0"), "{}", stderr(&out));
    assert_eq!(
        emulator.executed("DeleteUser"),
        2,
        "the deleted ones are not tried again"
    );

    let report_arg = report.to_str().unwrap();
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"user\":\"3002\",\"outcome\":\"deleted\"}\n").unwrap();
    let out = users(&emulator, &["reinvite", "--from", bad.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a deleted line without its roles"
    );
    assert!(stderr(&out).contains("line 1"), "{}", stderr(&out));
    let out = users(&emulator, &["reinvite", "--from", report_arg, "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        json_lines(&out.stdout).len(),
        3,
        "Pat's two roles, Sam's one"
    );
    assert_eq!(emulator.executed("SendUserInvitation"), 0);
    let out = users(&emulator, &["reinvite", "--from", report_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(emulator.executed("SendUserInvitation"), 3);
    let out = users(&emulator, &["reinvite", "--from", report_arg, "--resume"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        emulator.executed("SendUserInvitation"),
        3,
        "nothing sent twice"
    );

    let client = common::users_seed::client(&emulator);
    let invited = |customer: i64| {
        let out = rt
            .block_on(
                client.search_user_invitations(SearchUserInvitationsRequest::of_customer(customer)),
            )
            .unwrap();
        let mut found: Vec<(String, i32, Option<Vec<i64>>, String)> = out
            .body
            .user_invitations
            .unwrap_or_default()
            .into_iter()
            .filter(|i| i.email.as_deref() != Some("robin@contoso.com"))
            .map(|i| {
                let lcid = i.lcid.map(|l| l.as_wire().to_string()).unwrap_or_default();
                (
                    i.email.unwrap_or_default(),
                    i.role_id.unwrap_or_default(),
                    i.account_ids,
                    lcid,
                )
            })
            .collect();
        found.sort();
        found
    };
    assert_eq!(
        invited(1001),
        [
            (
                "pat@contoso.com".to_string(),
                16,
                Some(vec![2001, 2002]),
                "FrenchFrance".to_string()
            ),
            (
                "sam@contoso.com".to_string(),
                100,
                Some(vec![2001]),
                "EnglishUS".to_string()
            ),
        ]
    );
    assert_eq!(
        invited(1002),
        [(
            "pat@contoso.com".to_string(),
            100,
            Some(vec![2003]),
            "FrenchFrance".to_string()
        )]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
