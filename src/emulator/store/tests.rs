//! Unit tests of the store.

use super::*;
use crate::emulator::ManualClock;

fn store() -> Store {
    let now = crate::time::parse_rfc3339("2026-11-23T12:00:00Z").unwrap();
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

#[test]
fn updates_keep_read_only_fields_and_what_the_request_leaves_out() {
    let mut s = store();
    let user = s.get_user(&object(json!({"UserId": 3002}))).unwrap();
    s.update_user(&object(json!({"User": {
        "Id": 3002, "TimeStamp": user["User"]["TimeStamp"], "UserName": "renamed@contoso.com",
        "JobTitle": "Lead"}})))
        .unwrap();
    let user = s.get_user(&object(json!({"UserId": 3002}))).unwrap();
    assert_eq!(
        user["User"]["UserName"], "pat@contoso.com",
        "UserName is read-only"
    );
    assert_eq!(user["User"]["JobTitle"], "Lead");
    assert_eq!(user["User"]["Lcid"], "EnglishUS", "left out: kept");

    let account = s.get_account(&object(json!({"AccountId": 2002}))).unwrap()["Account"].clone();
    s.update_account(
        &object(json!({"Account": {
            "Id": 2002, "TimeStamp": account["TimeStamp"], "Name": "Contoso Outlet 2",
            "CurrencyCode": "EUR", "PaymentMethodType": "CreditCard"}})),
        false,
    )
    .unwrap();
    let after = s.get_account(&object(json!({"AccountId": 2002}))).unwrap()["Account"].clone();
    assert_eq!(after["Name"], "Contoso Outlet 2");
    assert_eq!(after["CurrencyCode"], "USD", "CurrencyCode is read-only");
    assert_eq!(
        after["PaymentMethodType"], "Invoice",
        "PaymentMethodType is read-only"
    );
    assert_eq!(after["TimeZone"], "EasternTimeUSCanada", "left out: kept");

    let customer = s
        .get_customer(&object(json!({"CustomerId": 1001})))
        .unwrap()["Customer"]
        .clone();
    s.update_customer(&object(json!({"Customer": {
        "Id": 1001, "TimeStamp": customer["TimeStamp"], "Name": "Contoso 2",
        "MarketCountry": "FR"}})))
        .unwrap();
    let after = s
        .get_customer(&object(json!({"CustomerId": 1001})))
        .unwrap()["Customer"]
        .clone();
    assert_eq!(after["Name"], "Contoso 2");
    assert_eq!(after["MarketCountry"], "US", "MarketCountry is read-only");
    assert_eq!(after["Industry"], "Retail", "left out: kept");
}

#[test]
fn invitations_need_lcid_and_a_known_role_and_search_takes_in() {
    let mut s = store();
    let invitation = |extra: Value| {
        let mut i = json!({"FirstName": "Kim", "LastName": "New", "Email": "kim@contoso.com",
                           "CustomerId": "1001", "RoleId": 16, "Lcid": "EnglishUS"});
        for (k, v) in extra.as_object().unwrap() {
            i[k] = v.clone();
        }
        object(json!({"UserInvitation": i}))
    };
    let codes = |r: OpResult| r.unwrap_err().iter().map(|e| e.code).collect::<Vec<_>>();
    assert_eq!(
        codes(s.send_user_invitation(&invitation(json!({"Lcid": null})))),
        [201]
    );
    assert_eq!(
        codes(s.send_user_invitation(&invitation(json!({"RoleId": 999})))),
        [201]
    );
    let long_name = "x".repeat(41);
    assert_eq!(
        codes(s.send_user_invitation(&invitation(json!({"FirstName": long_name})))),
        [201]
    );
    s.send_user_invitation(&invitation(json!({}))).unwrap();
    let found = s
        .search_user_invitations(&object(json!({"Predicates": [
            {"Field": "CustomerId", "Operator": "In", "Value": "1001"}]})))
        .unwrap();
    assert_eq!(found["UserInvitations"].as_array().unwrap().len(), 2);
    let two = json!({"Field": "CustomerId", "Operator": "Equals", "Value": "1001"});
    assert_eq!(
        codes(s.search_user_invitations(&object(json!({"Predicates": [two, two]})))),
        [3030]
    );
}

#[test]
fn additional_fields_are_a_list_and_only_asked_ones_are_answered() {
    let mut s = store();
    let mode = json!("Expert");
    s.accounts
        .get_mut(&2001)
        .unwrap()
        .insert("AccountMode".into(), mode.clone());
    let plain = s.get_account(&object(json!({"AccountId": 2001}))).unwrap();
    assert!(plain["Account"].get("AccountMode").is_none());
    let asked = s
        .get_account(&object(
            json!({"AccountId": 2001, "ReturnAdditionalFields": "AccountMode"}),
        ))
        .unwrap();
    assert_eq!(asked["Account"]["AccountMode"], mode);
    let found = s
        .find_accounts_or_customers(&object(json!({"Filter": "Contoso Main", "TopN": 5,
            "ReturnAdditionalFields": "AccountMode, TaxCertificate"})))
        .unwrap();
    assert_eq!(found["AccountInfoWithCustomerData"][0]["AccountMode"], mode);
}

#[test]
fn a_multi_byte_created_date_is_a_fault_not_a_panic() {
    let mut s = store();
    let err = s
        .search_customers(&object(json!({
            "Predicates": [{"Field": "CreatedDate", "Operator": "GreaterThanEquals",
                            "Value": "2026-11-2é"}],
            "PageInfo": {"Index": 0, "Size": 10}})))
        .unwrap_err();
    assert_eq!(err[0].code, 3030);
}
