//! Peak heap of parsing the W3 body (5,000 accounts) through the library call, both wire
//! forms, against the body's size: the parsed value included, at most 3x the body (issue's
//! bound). A counting allocator in this test binary only; the numbers are printed for the
//! benchmarks guide (`docs/benchmarks.md`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use bingads::soap::{parse_response, write_response_envelope};
use bingads::v13::customer_management::{self as v13, entities};
use bingads::xml::Limits;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator with the same layout; the counters
// only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(now, Ordering::SeqCst);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The heap `f` needs at its peak, beyond what was allocated before it, and its result.
fn peak_of<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = CURRENT.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let out = f();
    (PEAK.load(Ordering::SeqCst) - before, out)
}

fn response(n: usize) -> v13::GetAccountsInfoResponse {
    v13::GetAccountsInfoResponse {
        accounts_info: Some(
            (0..n)
                .map(|i| entities::AccountInfo {
                    id: Some(180_000_000 + i as i64),
                    name: Some(format!("Contoso account {i} & partners")),
                    number: Some(format!("F{i:07}")),
                    account_life_cycle_status: Some(entities::AccountLifeCycleStatus::Active),
                    pause_reason: if i % 7 == 0 { Some(4) } else { None },
                })
                .collect(),
        ),
    }
}

// One test, so no other test's allocations run beside it in this binary.
#[test]
fn parsing_the_w3_body_peaks_under_three_times_its_size() {
    let body = response(5_000);
    let xml = write_response_envelope(&body, Some("b8f2c4d6-1a3e-4f5b-8c7d-9e0f1a2b3c4d"));
    let json = serde_json::to_vec(&body).unwrap();
    let (soap_peak, parsed) =
        peak_of(|| parse_response::<v13::GetAccountsInfoResponse>(&xml, &Limits::default()));
    assert_eq!(parsed.unwrap().body, body);
    let (rest_peak, parsed) =
        peak_of(|| bingads::rest::read_body::<v13::GetAccountsInfoResponse>(&json));
    assert_eq!(parsed.unwrap(), body);
    let soap_ratio = soap_peak as f64 / xml.len() as f64;
    let rest_ratio = rest_peak as f64 / json.len() as f64;
    eprintln!(
        "memory: SOAP body {} bytes, peak {} bytes ({soap_ratio:.2}x); REST body {} bytes, peak {} bytes ({rest_ratio:.2}x)",
        xml.len(),
        soap_peak,
        json.len(),
        rest_peak
    );
    assert!(soap_ratio <= 3.0, "SOAP {soap_ratio:.2}x");
    assert!(rest_ratio <= 3.0, "REST {rest_ratio:.2}x");
}
