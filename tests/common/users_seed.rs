//! The default emulator data plus a second customer for the `users` helpers and CLI: 1002
//! (Fabrikam), where the signed-in user 3001 is only a Standard user (it may read and invite
//! there, but DeleteUser needs a Super Admin: 106), a user whose user name is not its e-mail,
//! one e-mail held by two users, and Pat (3002) with roles on both customers.

use bingads::emulator::{Seed, SeedUser};
use serde_json::{json, Map, Value};

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn user(id: i64, customer: i64, user_name: &str, email: &str, roles: Value) -> SeedUser {
    let mut seed_user = SeedUser::default();
    seed_user.user = object(json!({
            "ContactInfo": {"Email": email}, "CustomerId": customer, "Id": id,
            "Lcid": "FrenchFrance", "Name": {"FirstName": format!("First{id}"), "LastName": format!("Last{id}")},
            "UserLifeCycleStatus": "Active", "UserName": user_name
    }));
    seed_user.customer_roles = roles.as_array().cloned().unwrap_or_default();
    seed_user
}

pub fn seed() -> Seed {
    let mut seed = Seed::default_data(std::time::SystemTime::UNIX_EPOCH);
    seed.customers.push(object(json!({
        "Id": 1002, "Name": "Fabrikam Inc", "Number": "C1002", "MarketCountry": "US",
        "MarketLanguage": "English", "CustomerLifeCycleStatus": "Active", "Industry": "Retail"
    })));
    seed.accounts.push(object(json!({
        "Id": 2003, "Name": "Fabrikam Main", "Number": "F1002003", "ParentCustomerId": 1002,
        "BillToCustomerId": 1002, "CurrencyCode": "USD", "AccountLifeCycleStatus": "Active"
    })));
    for u in &mut seed.users {
        match u.user.get("Id").and_then(Value::as_i64) {
            Some(3001) => u
                .customer_roles
                .push(json!({"RoleId": 203, "CustomerId": 1002})),
            Some(3002) => {
                u.customer_roles
                    .push(json!({"RoleId": 100, "CustomerId": 1002, "AccountIds": [2003]}));
                u.user.insert("Lcid".into(), json!("FrenchFrance"));
            }
            _ => {}
        }
    }
    // (id, customer, user name, e-mail, role on the customer, its accounts)
    let more = [
        (
            3004,
            1002,
            "lee.fabrikam",
            "lee@fabrikam.com",
            16,
            json!([2003]),
        ),
        (
            3005,
            1001,
            "kim@contoso.com",
            "kim@contoso.com",
            100,
            Value::Null,
        ),
        (3006, 1002, "kim.other", "KIM@Contoso.com", 100, Value::Null),
    ];
    for (id, customer, user_name, email, role, accounts) in more {
        let role = json!([{"RoleId": role, "CustomerId": customer, "AccountIds": accounts}]);
        seed.users.push(user(id, customer, user_name, email, role));
    }
    seed
}

/// A v13 client of `emulator`.
pub fn client(emulator: &bingads::emulator::Emulator) -> bingads::v13::CustomerManagementClient {
    bingads::v13::CustomerManagementClient::builder()
        .environment(emulator.environment())
        .developer_token("dev")
        .access_token("token")
        .build()
        .unwrap()
}
