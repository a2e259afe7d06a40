//! Unit tests of the store.

use super::*;
use crate::emulator::ManualClock;

fn store() -> Store {
    let now = crate::partner_center::parse_rfc3339("2026-11-23T12:00:00Z").unwrap();
    Store::from_seed(Seed::default_data(now), Arc::new(ManualClock::new(now))).unwrap()
}

fn object(v: Value) -> Object {
    match v {
        Value::Object(m) => m,
        _ => unreachable!("test input is an object"),
    }
}

#[test]
fn stale_time_stamp_is_209_and_every_update_issues_a_new_one() {
    let mut s = store();
    let user = s.get_user(&object(json!({"UserId": 3002}))).unwrap();
    let stamp = user["User"]["TimeStamp"].clone();
    s.update_user(&object(
        json!({"User": {"Id": 3002, "TimeStamp": stamp, "JobTitle": "Lead"}}),
    ))
    .unwrap();
    let after = s.get_user(&object(json!({"UserId": 3002}))).unwrap();
    assert_ne!(after["User"]["TimeStamp"], stamp);
    assert_eq!(after["User"]["JobTitle"], "Lead");
    assert_eq!(after["User"]["LastModifiedTime"], "2026-11-23T12:00:00Z");
    let err = s
        .delete_user(&object(json!({"UserId": 3002, "TimeStamp": stamp})))
        .unwrap_err();
    assert_eq!(
        err,
        vec![OpError {
            code: 209,
            details: "TimestampNotMatch".into(),
            message: "The time stamp does not match.".into()
        }]
    );
}

#[test]
fn search_accounts_predicates_ordering_and_paging() {
    let mut s = store();
    let search = |s: &mut Store, v: Value| s.search_accounts(&object(v));
    let out = search(
        &mut s,
        json!({"Predicates": [{"Field": "CustomerId", "Operator": "Equals", "Value": "1001"}],
               "Ordering": [{"Field": "Name", "Order": "Descending"}],
               "PageInfo": {"Index": 0, "Size": 1}}),
    )
    .unwrap();
    assert_eq!(out["Accounts"][0]["Name"], "Contoso Outlet");
    assert_eq!(out["Accounts"].as_array().unwrap().len(), 1);
    let out = search(
        &mut s,
        json!({"Predicates": [{"Field": "UserId", "Operator": "Equals", "Value": "3003"}],
               "PageInfo": {"Index": 0, "Size": 10}}),
    )
    .unwrap();
    assert_eq!(out["Accounts"].as_array().unwrap().len(), 1);
    assert_eq!(out["Accounts"][0]["Id"], 2001);
    let err = search(&mut s, json!({"PageInfo": {"Index": 0, "Size": 10}})).unwrap_err();
    assert_eq!(err[0].code, 474);
    let err = search(
        &mut s,
        json!({"Predicates": [{"Field": "Color", "Operator": "Equals", "Value": "x"}],
               "PageInfo": {"Index": 0, "Size": 10}}),
    )
    .unwrap_err();
    assert_eq!(err[0].code, 3030);
}
