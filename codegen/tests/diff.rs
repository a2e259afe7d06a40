//! `bingads-codegen diff` on Customer Management v12 -> v13, checked against the differences
//! `wsdl/README.md` lists (from `../shared/wsdl/README.md`).

use bingads_codegen::diff::{diff, Change};
use bingads_codegen::parse_wsdl;

fn wsdl(version: &str) -> bingads_codegen::model::Wsdl {
    let path = format!(
        "{}/../wsdl/{version}/CustomerManagementService.wsdl",
        env!("CARGO_MANIFEST_DIR")
    );
    parse_wsdl(&path, &std::fs::read(&path).unwrap()).unwrap()
}

fn has(changes: Option<&Vec<Change>>, text: &str, breaking: bool) -> bool {
    changes
        .into_iter()
        .flatten()
        .any(|c| c.text.starts_with(text) && c.breaking == breaking)
}

#[test]
fn v12_to_v13_customer_management() {
    let d = diff(&wsdl("v12"), &wsdl("v13"));
    assert_eq!(
        d.old_namespace,
        "https://bingads.microsoft.com/Customer/v12"
    );
    assert_eq!(
        d.new_namespace,
        "https://bingads.microsoft.com/Customer/v13"
    );

    // v12 has 34 operations, v13 39: five added, none removed.
    let mut added = d.operations_added.clone();
    added.sort();
    assert_eq!(
        added,
        [
            "DismissNotifications",
            "GetAccountPilotFeatures",
            "GetLinkedAccountsAndCustomersInfo",
            "GetNotifications",
            "GetUserMFAStatus"
        ]
    );
    assert!(d.operations_removed.is_empty());

    // Fields only in v12: removed in v13, so breaking.
    let t = |name: &str| d.types_changed.get(name);
    assert!(has(
        t("GetCustomerRequest"),
        "- IncludeCustomerAddress: boolean",
        true
    ));
    assert!(has(
        t("SearchCustomersRequest"),
        "- IncludeCustomerAddress: boolean",
        true
    ));
    assert!(has(
        t("GetUserRequest"),
        "- IncludeLinkedAccountIds: boolean",
        true
    ));
    assert!(has(t("ClientLink"), "- ClientAccountId: long", true));
    assert!(has(t("ClientLink"), "- ClientAccountNumber: string", true));
    // IsBillToClient becomes nillable only in v13: not breaking.
    assert!(has(
        t("ClientLink"),
        "~ IsBillToClient: nillable false -> true",
        false
    ));
    // A v13-only field, added as optional.
    assert!(has(t("AdvertiserAccount"), "+ AccountMode: string", false));
    assert!(!d.types_added.is_empty() && d.types_removed.is_empty());

    let text = d.to_string();
    assert!(text.contains("! namespace changed"), "{text}");
    assert!(text.contains("  + GetUserMFAStatus"), "{text}");
    assert!(
        text.contains("- IncludeLinkedAccountIds: boolean, nillable  [breaking]")
            || text.contains("- IncludeLinkedAccountIds: boolean  [breaking]"),
        "{text}"
    );
    assert!(d.breaking_count() >= 6);
}

#[test]
fn a_wsdl_against_itself_has_no_differences() {
    let d = diff(&wsdl("v13"), &wsdl("v13"));
    assert!(d.is_empty(), "{d}");
    assert_eq!(d.breaking_count(), 0);
    assert!(d.to_string().contains("no differences"));
}
