//! Load held: 1,000 concurrent calls through one client per transport to the emulator, 2% of
//! them meeting an injected 117 or 503, plus Partner Center with injected 429s. Every call
//! ends in its expected result, and the emulator's count of executed operations equals the
//! successes its callers saw: nothing lost, nothing done twice; and each client keeps within
//! its connection bound (the emulator counts connections and the requests it answers at
//! once). Sized for 2 cores; prints the time, the connections and the process's peak memory
//! (reported in `docs/testing.md`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use bingads::client::{RetryConfig, Transport};
use bingads::emulator::{Emulator, Injection, ManualClock};
use bingads::partner_center::PartnerCenterClient;
use bingads::time::parse_rfc3339;
use bingads::v13::customer_management as v13;
use bingads::v13::CustomerManagementClient;
use futures_util::StreamExt;

fn retry() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(5)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(50))
        .with_throttle_wait(Duration::from_millis(20))
}

fn client(emulator: &Emulator, transport: Transport) -> CustomerManagementClient {
    let endpoint = match transport {
        Transport::Rest => emulator.url().to_string(),
        Transport::Soap => emulator.endpoint(&v13::SERVICE),
    };
    CustomerManagementClient::builder()
        .transport(transport)
        .endpoint(endpoint)
        .developer_token("dev")
        .access_token("token")
        .retry(retry())
        .max_connections(MAX_CONNECTIONS)
        .no_proxy()
        .build()
        .unwrap()
}

/// The connection bound of each client.
const MAX_CONNECTIONS: usize = 16;

/// The most connections `clients` bounded clients may use at once.
fn bound(clients: u64) -> u64 {
    clients * MAX_CONNECTIONS as u64
}

fn invitation(i: usize) -> v13::SendUserInvitationRequest {
    v13::SendUserInvitationRequest {
        user_invitation: Some(v13::entities::UserInvitation {
            first_name: Some(format!("Load{i}")),
            last_name: Some("Test".into()),
            email: Some(format!("load{i}@contoso.com")),
            customer_id: Some(1001),
            role_id: Some(16),
            account_ids: Some(vec![2001]),
            lcid: Some(v13::entities::LCID::EnglishUs),
            ..Default::default()
        }),
    }
}

/// Peak resident memory of this process (Linux), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[derive(Debug, PartialEq)]
enum Outcome {
    ReadOk,
    WriteOk,
    /// A write refused by an injected 503: not retried, and the emulator did not execute it.
    WriteMaybeApplied,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_calls_with_injected_faults_lose_and_repeat_nothing() {
    let clock = Arc::new(ManualClock::new(
        parse_rfc3339("2026-11-23T12:00:00Z").unwrap(),
    ));
    let emulator = Emulator::builder().clock(clock).start().await.unwrap();
    let rest = client(&emulator, Transport::Rest);
    let soap = client(&emulator, Transport::Soap);
    // 2% of 1,000: ten throttled (117) and ten 503 pages, taken by whichever calls come first.
    emulator.inject_throttling(10);
    emulator.inject_server_errors(10, 503);
    // Every read answered 2 ms late, so that requests overlap in the emulator and the
    // connection bounds are what limits how many it answers at once.
    emulator.inject("GetUser", Injection::Delay(Duration::from_millis(2)), 700);
    let started = Instant::now();
    let outcomes: Vec<(Outcome, &str)> = futures_util::stream::iter(0..1_000usize)
        .map(|i| {
            let (client, transport) = if i % 2 == 0 {
                (rest.clone(), "rest")
            } else {
                (soap.clone(), "soap")
            };
            let outcome = async move {
                // Seven reads for every three writes.
                if i % 10 < 7 {
                    let out = client
                        .get_user(v13::GetUserRequest {
                            user_id: Some(3001),
                        })
                        .await
                        .unwrap_or_else(|e| panic!("read {i}: {e}"));
                    assert_eq!(out.body.user.and_then(|u| u.id), Some(3001));
                    Outcome::ReadOk
                } else {
                    match client.send_user_invitation(invitation(i)).await {
                        Ok(out) => {
                            assert!(out.body.user_invitation_id.is_some());
                            Outcome::WriteOk
                        }
                        Err(e) if e.is_maybe_applied() && e.http_status() == Some(503) => {
                            Outcome::WriteMaybeApplied
                        }
                        Err(e) => panic!("write {i}: {e}"),
                    }
                }
            };
            async move { (outcome.await, transport) }
        })
        .buffer_unordered(1_000)
        .collect()
        .await;
    let elapsed = started.elapsed();
    let count = |o: Outcome| outcomes.iter().filter(|(x, _)| *x == o).count();
    let (reads, writes, refused) = (
        count(Outcome::ReadOk),
        count(Outcome::WriteOk),
        count(Outcome::WriteMaybeApplied),
    );
    assert_eq!(
        reads, 700,
        "every read succeeds, retried through the faults"
    );
    assert_eq!(writes + refused, 300);
    // Every write that met a 503 was refused, not retried: as many refused writes as the
    // emulator's calls log shows 503s answered to writes (a retried write would succeed and
    // leave a logged 503 without a refusal).
    let calls = emulator.calls();
    let writes_answered_503 = calls
        .iter()
        .filter(|c| {
            c.operation == "SendUserInvitation"
                && c.outcome
                    == (bingads::emulator::CallOutcome::Injected {
                        what: "http 503".into(),
                    })
        })
        .count();
    assert_eq!(refused, writes_answered_503, "writes refused by a 503");
    // The emulator executed exactly what its callers saw succeed, per transport: its calls
    // log has one `ok` per success and one `injected` per injected fault, nothing else.
    assert_eq!(emulator.executed("GetUser"), 700);
    assert_eq!(emulator.executed("SendUserInvitation"), writes as u64);
    for transport in ["rest", "soap"] {
        for (operation, outcome) in [
            ("GetUser", Outcome::ReadOk),
            ("SendUserInvitation", Outcome::WriteOk),
        ] {
            let seen = outcomes
                .iter()
                .filter(|(o, t)| *o == outcome && *t == transport)
                .count();
            let logged = calls
                .iter()
                .filter(|c| {
                    c.operation == operation
                        && c.transport == transport
                        && c.outcome == bingads::emulator::CallOutcome::Ok
                })
                .count();
            assert_eq!(logged, seen, "{operation} over {transport}");
        }
    }
    let injected = calls
        .iter()
        .filter(|c| matches!(c.outcome, bingads::emulator::CallOutcome::Injected { .. }))
        .count();
    assert_eq!(injected, 20, "ten 117s and ten 503s");
    // A write refused by a 503 was not repeated: its only entry is the injection.
    assert_eq!(
        calls.len(),
        reads + writes + injected,
        "nothing else reached the emulator"
    );
    // Two clients, each within its bound: never more requests at once than their connection
    // bounds allow, and connections reused rather than one per concurrent call (1,072 when
    // measured without the bound). hyper may dial a spare connection while a request waits for
    // an idle one and drop the surplus, so the connections accepted get a wide margin, and the
    // connections open (which count a closed one until the server notices) are only reported.
    let customer_management = emulator.connections();
    assert!(
        customer_management.peak_requests <= bound(2),
        "{customer_management:?}"
    );
    assert!(
        customer_management.accepted <= 4 * bound(2),
        "{customer_management:?}"
    );

    // Partner Center through one client: 100 concurrent reads, two answered 429 first.
    let pc = PartnerCenterClient::builder()
        .base_url(emulator.url())
        .access_token("pc")
        .retry(retry())
        .max_connections(MAX_CONNECTIONS)
        .no_proxy()
        .build()
        .unwrap();
    emulator.inject_partner_center_throttling(2);
    let users: Vec<_> = futures_util::stream::iter(0..100)
        .map(|_| {
            let pc = pc.clone();
            async move {
                pc.get_user(
                    "0c39d6d5-c70d-4c55-bc02-f620844f3fd1",
                    "4f5e6d7c-0000-4000-8000-000000000001",
                )
                .await
            }
        })
        .buffer_unordered(100)
        .collect()
        .await;
    for user in &users {
        let user = user.as_ref().expect("every Partner Center read succeeds");
        assert_eq!(
            user.body.id.as_deref(),
            Some("4f5e6d7c-0000-4000-8000-000000000001")
        );
    }
    // Its answers do not wait, so they hardly overlap: the bound shows in the connections it
    // opened for 100 concurrent calls.
    let all = emulator.connections();
    assert!(
        all.accepted - customer_management.accepted <= 4 * bound(1),
        "{all:?}"
    );
    eprintln!(
        "load: 1,000 Customer Management calls ({reads} reads, {writes} writes, {refused} writes refused by a 503) in {elapsed:?}; 100 Partner Center calls; {} connections accepted, at most {} open and {} in use at once; peak RSS {} KiB",
        all.accepted,
        all.peak_open,
        all.peak_requests,
        peak_rss_kib().unwrap_or(0)
    );
    emulator.shutdown().await;
}

#[test]
fn a_connection_bound_of_zero_is_refused_when_building() {
    let e = CustomerManagementClient::builder()
        .endpoint("http://127.0.0.1:9/")
        .developer_token("dev")
        .access_token("token")
        .max_connections(0)
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("max_connections"), "{e}");
}
