//! The role matrix: for every user of the three seeds (the default one, examples/emulator-seed.json,
//! examples/emulator-agency-seed.json), signed in, and every one of the 39 v13 operations
//! aimed at the user's own customer (an account its role reaches, another user of it), the
//! operation is allowed or refused with 1001 as the documented roles say (docs/emulator-access.md),
//! over SOAP and over REST. Each case runs on a fresh emulator, so no write changes another.
//! The table of who may do what below is written from the documentation, apart from the
//! emulator's code, so a change to the emulator's access model that the table does not share
//! fails here.

use std::sync::Arc;

use bingads::client::{RetryConfig, ServiceClient, Transport};
use bingads::emulator::{Emulator, ManualClock, Seed};
use bingads::time::parse_rfc3339;
use bingads::v13::customer_management as v13;
use serde_json::{json, Map, Value};

const SA: i64 = 41;
const AGG: i64 = 33;
const STD: i64 = 203;

/// Who may, per operation: the roles (on the target's customer) that may call it; `ANY` for
/// the reads every role may do. From the user-roles documentation (account hierarchy guide
/// l.27-38 and each operation page's line 21).
const ANY: &[i64] = &[16, 33, 41, 100, 203];
const MATRIX: &[(&str, &[i64])] = &[
    ("AddAccount", &[SA, AGG]),
    ("AddClientLinks", &[SA, STD]),
    ("AddPrepayAccount", &[SA, AGG]),
    ("DeleteAccount", &[SA]),
    ("DeleteCustomer", &[]),
    ("DeleteUser", &[SA]),
    ("DismissNotifications", ANY),
    ("FindAccounts", ANY),
    ("FindAccountsOrCustomersInfo", ANY),
    ("GetAccessibleCustomer", ANY),
    ("GetAccount", ANY),
    ("GetAccountPilotFeatures", ANY),
    ("GetAccountsInfo", ANY),
    ("GetCurrentUser", ANY),
    ("GetCustomer", ANY),
    ("GetCustomerPilotFeatures", ANY),
    ("GetCustomersInfo", ANY),
    ("GetLinkedAccountsAndCustomersInfo", ANY),
    ("GetNotifications", ANY),
    ("GetPilotFeaturesCountries", ANY),
    ("GetUser", ANY),
    ("GetUserMFAStatus", ANY),
    ("GetUsersInfo", ANY),
    ("MapAccountIdToExternalAccountIds", &[SA, STD, AGG]),
    ("MapCustomerIdToExternalCustomerId", &[SA]),
    ("SearchAccounts", ANY),
    ("SearchClientLinks", ANY),
    ("SearchCustomers", ANY),
    ("SearchUserInvitations", ANY),
    ("SendUserInvitation", &[SA, STD]),
    ("SignupCustomer", &[AGG]),
    ("UpdateAccount", &[SA, STD, AGG]),
    ("UpdateClientLinks", &[SA, STD]),
    ("UpdateCustomer", &[SA]),
    ("UpdatePrepayAccount", &[SA, STD, AGG]),
    ("UpdateUser", &[SA, STD]),
    ("UpdateUserRoles", &[SA, STD]),
    ("UpgradeCustomerToAgency", &[SA]),
    ("ValidateAddress", ANY),
];

fn start_time() -> std::time::SystemTime {
    parse_rfc3339("2026-11-23T12:00:00Z").unwrap()
}

fn seeds() -> Vec<(&'static str, Seed)> {
    vec![
        ("default", Seed::default_data(start_time())),
        (
            "emulator-seed.json",
            Seed::from_json(include_str!("../examples/emulator-seed.json")).unwrap(),
        ),
        (
            "emulator-agency-seed.json",
            Seed::from_json(include_str!("../examples/emulator-agency-seed.json")).unwrap(),
        ),
    ]
}

fn long(v: &Value) -> i64 {
    match v {
        Value::String(s) => s.parse().unwrap(),
        other => other.as_i64().unwrap(),
    }
}

/// What one case aims at: the caller, its customer, an account its role reaches, another
/// user of the customer (the caller when alone), and the caller's roles on the customer.
struct Case {
    me: i64,
    customer: i64,
    account: i64,
    other_user: i64,
    roles: Vec<i64>,
}

fn case_for(seed: &Seed, me: i64) -> Case {
    let user = seed
        .users
        .iter()
        .find(|u| long(&u.user["Id"]) == me)
        .unwrap();
    let customer = long(&user.user["CustomerId"]);
    let own: Vec<&Value> = user
        .customer_roles
        .iter()
        .filter(|r| long(&r["CustomerId"]) == customer)
        .collect();
    let listed = own
        .iter()
        .filter(|r| ![SA, AGG].contains(&long(&r["RoleId"])))
        .filter_map(|r| r["AccountIds"].as_array().and_then(|a| a.first()))
        .map(long)
        .next();
    let account = listed.unwrap_or_else(|| {
        seed.accounts
            .iter()
            .filter(|a| long(&a["ParentCustomerId"]) == customer)
            .map(|a| long(&a["Id"]))
            .min()
            .unwrap()
    });
    let other_user = seed
        .users
        .iter()
        .map(|u| (long(&u.user["Id"]), long(&u.user["CustomerId"])))
        .find(|(id, c)| *c == customer && *id != me)
        .map_or(me, |(id, _)| id);
    Case {
        me,
        customer,
        account,
        other_user,
        roles: own.iter().map(|r| long(&r["RoleId"])).collect(),
    }
}

fn object_of(list: &[Map<String, Value>], id: i64) -> &Map<String, Value> {
    list.iter().find(|o| long(&o["Id"]) == id).unwrap()
}

/// The seed a case starts from (what the operation needs to exist) and its request.
fn prepare(operation: &str, seed: &mut Seed, c: &Case) -> Value {
    let (customer, account, other) = (
        c.customer.to_string(),
        c.account.to_string(),
        c.other_user.to_string(),
    );
    let link = |status: &str| {
        json!({"Type": "AccountLink", "ClientEntityId": account, "ManagingCustomerId": customer,
               "Status": status})
    };
    match operation {
        "AddAccount" | "AddPrepayAccount" => json!({"Account": {
            "Name": "Matrix account", "CurrencyCode": "USD", "ParentCustomerId": customer}}),
        "AddClientLinks" => {
            seed.client_links.clear();
            json!({"ClientLinks": [{"Type": "AccountLink", "ClientEntityId": account,
                                    "ManagingCustomerId": customer, "IsBillToClient": true}]})
        }
        "DeleteAccount" => json!({"AccountId": account,
            "TimeStamp": object_of(&seed.accounts, c.account).get("TimeStamp")}),
        "DeleteCustomer" => json!({"CustomerId": customer,
            "TimeStamp": object_of(&seed.customers, c.customer).get("TimeStamp")}),
        "DeleteUser" => {
            let user = seed
                .users
                .iter()
                .find(|u| long(&u.user["Id"]) == c.other_user);
            json!({"UserId": other, "TimeStamp": user.unwrap().user.get("TimeStamp")})
        }
        "DismissNotifications" | "GetNotifications" => {
            seed.notifications = vec![json!({"Id": 9001, "TypeId": 1, "Title": "t"})
                .as_object()
                .cloned()
                .unwrap()];
            if operation == "GetNotifications" {
                json!({})
            } else {
                json!({"NotificationTypePairs": [{"Key": "9001", "Value": 1}]})
            }
        }
        "FindAccounts" => json!({"CustomerId": customer, "TopN": 10}),
        "FindAccountsOrCustomersInfo" => json!({"Filter": "", "TopN": 10}),
        "GetAccessibleCustomer"
        | "GetCustomer"
        | "GetCustomerPilotFeatures"
        | "GetAccountsInfo"
        | "GetLinkedAccountsAndCustomersInfo"
        | "UpgradeCustomerToAgency" => json!({"CustomerId": customer}),
        "GetUsersInfo" => json!({"CustomerId": customer}),
        "GetAccount" | "GetAccountPilotFeatures" => json!({"AccountId": account}),
        "GetCustomersInfo" => json!({"TopN": 10}),
        "GetUser" => json!({"UserId": other}),
        "MapAccountIdToExternalAccountIds" => {
            json!({"AccountId": account, "ExternalAccountIds": ["ext-1"]})
        }
        "MapCustomerIdToExternalCustomerId" => {
            json!({"CustomerId": customer, "ExternalCustomerId": "ext-1"})
        }
        "SearchAccounts" => json!({
            "Predicates": [{"Field": "UserId", "Operator": "Equals", "Value": c.me.to_string()}],
            "PageInfo": {"Index": 0, "Size": 100}}),
        "SearchClientLinks" => json!({
            "Predicates": [{"Field": "ClientAccountId", "Operator": "In", "Value": account}],
            "PageInfo": {"Index": 0, "Size": 100}}),
        "SearchCustomers" => json!({
            "Predicates": [{"Field": "CustomerId", "Operator": "Equals", "Value": customer}],
            "PageInfo": {"Index": 0, "Size": 100}}),
        "SearchUserInvitations" => json!({
            "Predicates": [{"Field": "CustomerId", "Operator": "In", "Value": customer}]}),
        "SendUserInvitation" => json!({"UserInvitation": {
            "FirstName": "New", "LastName": "User", "Email": "new@example.com",
            "CustomerId": customer, "RoleId": 16, "Lcid": "EnglishUS"}}),
        "SignupCustomer" => json!({
            "Customer": {"Name": "Matrix client", "Industry": "Other", "MarketCountry": "US",
                         "MarketLanguage": "English"},
            "Account": {"Name": "Matrix client account", "CurrencyCode": "USD"},
            "ParentCustomerId": customer}),
        "UpdateAccount" | "UpdatePrepayAccount" => {
            if operation == "UpdatePrepayAccount" {
                seed.prepay_accounts.push(c.account);
            }
            let mut changed = object_of(&seed.accounts, c.account).clone();
            changed.insert("Name".into(), json!("Renamed account"));
            json!({"Account": changed})
        }
        "UpdateClientLinks" => {
            seed.client_links = vec![link("LinkPending").as_object().cloned().unwrap()];
            let mut update = link("LinkCanceled");
            update["ClientEntityId"] = json!(account);
            json!({"ClientLinks": [update]})
        }
        "UpdateCustomer" => {
            let mut changed = object_of(&seed.customers, c.customer).clone();
            changed.insert("Name".into(), json!("Renamed customer"));
            json!({"Customer": changed})
        }
        "UpdateUser" => {
            let user = seed
                .users
                .iter()
                .find(|u| long(&u.user["Id"]) == c.other_user);
            json!({"User": {"Id": other, "TimeStamp": user.unwrap().user.get("TimeStamp"),
                            "JobTitle": "Renamed"}})
        }
        "UpdateUserRoles" => json!({"CustomerId": customer, "UserId": other, "NewRoleId": 100}),
        "GetCurrentUser" | "GetUserMFAStatus" | "GetPilotFeaturesCountries" => json!({}),
        "ValidateAddress" => json!({"Address": {"Line1": "1 Microsoft Way", "City": "Redmond",
            "StateOrProvince": "WA", "CountryCode": "US", "PostalCode": "98052"}}),
        other => panic!("no request for {other}"),
    }
}

/// Starts an emulator on `seed` (TimeStamps issued, so requests can carry them) and a client.
async fn start(seed: Seed, transport: Transport) -> (Emulator, ServiceClient) {
    let token = |list: &[String], default: &str| list.first().map_or(default.into(), String::clone);
    let developer = token(&seed.developer_tokens, "dev");
    let access = token(&seed.authentication_tokens, "token");
    let emulator = Emulator::builder()
        .clock(Arc::new(ManualClock::new(start_time())))
        .seed(seed)
        .start()
        .await
        .unwrap();
    let endpoint = match transport {
        Transport::Soap => emulator.endpoint(&v13::SERVICE),
        _ => emulator.url().to_string(),
    };
    let client = v13::CustomerManagementClient::builder()
        .transport(transport)
        .endpoint(endpoint)
        .developer_token(developer)
        .access_token(access)
        .retry(RetryConfig::disabled())
        .no_proxy()
        .build()
        .unwrap();
    (emulator, client.service_client().clone())
}

/// `Ok(body)`, or the fault's codes; a batch's per-item errors (PartialErrors) count as the
/// operation's own.
async fn call(client: &ServiceClient, operation: &str, request: &Value) -> Result<Value, Vec<i32>> {
    let op = v13::SERVICE.operation(operation).unwrap();
    let request = op.request_from_json(&request.to_string()).unwrap();
    match client.call_json(&request).await {
        Ok(out) => {
            let partial: Vec<i32> = out.body["PartialErrors"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|entry| entry.as_array().cloned().unwrap_or_default())
                .filter_map(|e| e["Code"].as_i64().map(|c| c as i32))
                .collect();
            if partial.is_empty() {
                Ok(out.body)
            } else {
                Err(partial)
            }
        }
        Err(e) => Err(e
            .fault()
            .map(|f| f.error_codes().iter().map(|c| c.code()).collect())
            .unwrap_or_else(|| panic!("{operation}: not a fault: {e}"))),
    }
}

#[tokio::test]
async fn every_role_of_the_seeds_against_every_operation_over_both_transports() {
    let names: Vec<&str> = v13::SERVICE.operations.iter().map(|o| o.name).collect();
    let mut tabled: Vec<&str> = MATRIX.iter().map(|(n, _)| *n).collect();
    tabled.sort_unstable();
    let mut all = names.clone();
    all.sort_unstable();
    assert_eq!(tabled, all, "the matrix names every v13 operation once");

    let mut failures = Vec::new();
    let (mut allowed_runs, mut denied_runs) = (0, 0);
    for (seed_name, seed) in seeds() {
        // TimeStamps are issued at start: read them back through a started emulator's state.
        let (stamped, _) = start(seed.clone(), Transport::Rest).await;
        let seed = stamped.state();
        stamped.shutdown().await;
        let users: Vec<i64> = seed.users.iter().map(|u| long(&u.user["Id"])).collect();
        for me in users {
            let case = case_for(&seed, me);
            for (operation, may) in MATRIX {
                let expect_allowed = case.roles.iter().any(|r| may.contains(r));
                for transport in [Transport::Soap, Transport::Rest] {
                    let mut seed = seed.clone();
                    seed.signed_in_user_id = Some(me);
                    let request = prepare(operation, &mut seed, &case);
                    let (emulator, client) = start(seed, transport).await;
                    let outcome = call(&client, operation, &request).await;
                    let what = format!(
                        "{seed_name} user {me} (roles {:?}) {operation} over {transport:?}",
                        case.roles
                    );
                    match (&outcome, expect_allowed) {
                        (Ok(body), true) => {
                            allowed_runs += 1;
                            // The official auth helper takes accounts[0] of this search.
                            if *operation == "SearchAccounts"
                                && body["Accounts"].as_array().is_none_or(Vec::is_empty)
                            {
                                failures.push(format!("{what}: no accounts"));
                            }
                        }
                        // The case's target is the caller's own customer, which it reaches:
                        // what the role may not do there is 1001 (106 is for a target out
                        // of reach, tested below).
                        (Err(codes), false) if codes == &[1001] => denied_runs += 1,
                        (got, _) => failures.push(format!(
                            "{what}: expected {}, got {got:?}",
                            if expect_allowed { "success" } else { "1001" }
                        )),
                    }
                    emulator.shutdown().await;
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        allowed_runs > 0 && denied_runs > 0,
        "{allowed_runs} {denied_runs}"
    );
}

/// Reaching across customers: the agency seed's Viewer of Tailspin (3301) and Super Admin of
/// Northwind (3201) against another customer's users, customer and accounts: 106 for a named
/// target, nothing for a search; 1001 for what the role may not do on its own customer. Over
/// both transports.
#[tokio::test]
async fn another_customers_users_and_data_are_out_of_reach() {
    let seed = Seed::from_json(include_str!("../examples/emulator-agency-seed.json")).unwrap();
    let (stamped, _) = start(seed, Transport::Rest).await;
    let seed = stamped.state();
    stamped.shutdown().await;
    let stamp_of = |user: i64| {
        let u = seed.users.iter().find(|u| long(&u.user["Id"]) == user);
        u.unwrap().user["TimeStamp"].clone()
    };
    let denied: &[(i64, &str, Value)] = &[
        (3301, "GetUser", json!({"UserId": "3201"})),
        (3301, "GetUsersInfo", json!({"CustomerId": "1201"})),
        (3301, "GetCustomer", json!({"CustomerId": "1201"})),
        (3301, "GetAccount", json!({"AccountId": "2201"})),
        (
            3301,
            "DeleteUser",
            json!({"UserId": "3101", "TimeStamp": stamp_of(3101)}),
        ),
        (
            3301,
            "UpdateUser",
            json!({"User": {"Id": "3201", "TimeStamp": stamp_of(3201),
                            "ContactInfo": {"Email": "taken@example.com"}}}),
        ),
        (3201, "GetCustomer", json!({"CustomerId": "1101"})),
        (3201, "GetAccount", json!({"AccountId": "2101"})),
        (
            3201,
            "FindAccounts",
            json!({"CustomerId": "1101", "TopN": 10}),
        ),
        (3201, "GetUser", json!({"UserId": "3101"})),
    ];
    // On its own customer, what the role may not do: 1001.
    let not_allowed: &[(i64, &str, Value)] = &[
        (
            3301,
            "SendUserInvitation",
            json!({"UserInvitation": {"FirstName": "Eve", "LastName": "Intruder",
                   "Email": "eve@example.com", "CustomerId": "1301", "RoleId": 41,
                   "Lcid": "EnglishUS"}}),
        ),
        // Standard may not invite a Super Admin (senduserinvitation.md:21).
        (
            3102,
            "SendUserInvitation",
            json!({"UserInvitation": {"FirstName": "Sue", "LastName": "Admin",
                   "Email": "sue@example.com", "CustomerId": "1101", "RoleId": 41,
                   "Lcid": "EnglishUS"}}),
        ),
    ];
    let empty: &[(i64, &str, Value, &str)] = &[
        (
            3301,
            "SearchUserInvitations",
            json!({"Predicates": [{"Field": "CustomerId", "Operator": "In", "Value": "1101"}]}),
            "UserInvitations",
        ),
        (
            3201,
            "SearchAccounts",
            json!({"Predicates": [{"Field": "CustomerId", "Operator": "Equals", "Value": "1101"}],
                   "PageInfo": {"Index": 0, "Size": 10}}),
            "Accounts",
        ),
        (
            3301,
            "SearchClientLinks",
            json!({"Predicates": [{"Field": "DirectManagingCustomerId", "Operator": "Equals",
                                   "Value": "1101"}],
                   "PageInfo": {"Index": 0, "Size": 10}}),
            "ClientLinks",
        ),
    ];
    for transport in [Transport::Soap, Transport::Rest] {
        let refusals = denied
            .iter()
            .map(|d| (d, 106))
            .chain(not_allowed.iter().map(|d| (d, 1001)));
        for ((me, operation, request), code) in refusals {
            let mut seed = seed.clone();
            seed.signed_in_user_id = Some(*me);
            let (emulator, client) = start(seed, transport).await;
            let before = emulator.state();
            let outcome = call(&client, operation, request).await;
            assert_eq!(
                outcome,
                Err(vec![code]),
                "user {me} {operation} {request} over {transport:?}"
            );
            assert_eq!(emulator.state(), before, "{operation}: nothing changes");
            emulator.shutdown().await;
        }
        for (me, operation, request, list) in empty {
            let mut seed = seed.clone();
            seed.signed_in_user_id = Some(*me);
            let (emulator, client) = start(seed, transport).await;
            let body = call(&client, operation, request).await.unwrap();
            assert!(
                body[list].as_array().is_none_or(Vec::is_empty),
                "user {me} {operation} over {transport:?}: {body}"
            );
            emulator.shutdown().await;
        }
    }
}

/// Without users in the seed nobody is signed in and every operation is open: DeleteCustomer,
/// which no role may call, runs.
#[tokio::test]
async fn without_users_everything_is_open() {
    let mut seed = Seed::default_data(start_time());
    seed.users.clear();
    seed.signed_in_user_id = None;
    let (stamped, _) = start(seed, Transport::Rest).await;
    let seed = stamped.state();
    stamped.shutdown().await;
    for transport in [Transport::Soap, Transport::Rest] {
        let (emulator, client) = start(seed.clone(), transport).await;
        let request = json!({"CustomerId": "1001",
                             "TimeStamp": object_of(&seed.customers, 1001)["TimeStamp"]});
        call(&client, "DeleteCustomer", &request).await.unwrap();
        emulator.shutdown().await;
    }
}
