//! The same GetUserResponse bytes (tests/fixtures/responses/v13_GetUser.xml) parsed four ways:
//! bingads, a raw quick-xml event scan, quick-xml + serde, yaserde. See README.md.
//!
//! Run: `cd bench-compare && cargo bench`.

use std::hint::black_box;
use std::time::Duration;

use bench_compare::{fixture, parse_bingads, parse_quick_xml_serde, parse_yaserde, raw_scan};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn compare(c: &mut Criterion) {
    let bytes = fixture();

    // Each stack must have parsed the document before it is timed (tests/correctness.rs
    // checks more).
    assert_eq!(raw_scan(&bytes), 57);
    let b = parse_bingads(&bytes).body;
    assert_eq!(b.user.as_ref().unwrap().id, Some(170123456));
    assert_eq!(
        b.customer_roles.as_ref().unwrap()[0].account_ids.as_deref(),
        Some(&[180123456, 180123457][..])
    );
    // The two mirror stacks have types of the same shape, so the same checks read both.
    macro_rules! check_mirror {
        ($response:expr) => {
            let r = $response.unwrap().body.unwrap().get_user_response.unwrap();
            let user = r.user.as_ref().unwrap();
            assert_eq!(user.id, Some(170123456));
            assert_eq!(
                user.name.as_ref().unwrap().first_name.as_deref(),
                Some("Ada")
            );
            let role = &r.customer_roles.as_ref().unwrap().items[0];
            assert_eq!(
                role.account_ids.as_ref().unwrap().items,
                [180123456, 180123457]
            );
        };
    }
    check_mirror!(parse_quick_xml_serde(&bytes));
    check_mirror!(parse_yaserde(&bytes));

    let mut g = c.benchmark_group("GetUserResponse");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("bingads", |bench| {
        bench.iter(|| parse_bingads(black_box(&bytes)))
    });
    g.bench_function("raw_scan", |bench| {
        bench.iter(|| raw_scan(black_box(&bytes)))
    });
    g.bench_function("quick_xml_serde", |bench| {
        bench.iter(|| parse_quick_xml_serde(black_box(&bytes)).unwrap())
    });
    g.bench_function("yaserde", |bench| {
        bench.iter(|| parse_yaserde(black_box(&bytes)).unwrap())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = compare
}
criterion_main!(benches);
