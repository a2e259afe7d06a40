//! The emulator where the live service's behaviour is known from its answers to real programs:
//! suds' empty enum element refused as WCF refuses it, 1001 for what a role may not do on an
//! entity it reaches (106 for an entity out of reach), invitations that are accepted, and the
//! SOAP endpoints at each service's `soap_path`.

use std::sync::Arc;
use std::time::Duration;

use bingads::client::{RetryConfig, ServiceClient, Transport};
use bingads::emulator::{AcceptInvitationError, Emulator, ManualClock, Seed};
use bingads::time::parse_rfc3339;
use bingads::v13::customer_management as v13;
use serde_json::{json, Value};

fn agency_seed(signed_in: i64) -> Seed {
    let mut seed = Seed::from_json(include_str!("../examples/emulator-agency-seed.json")).unwrap();
    seed.signed_in_user_id = Some(signed_in);
    seed
}

async fn start(seed: Seed) -> (Emulator, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(
        parse_rfc3339("2026-11-23T12:00:00Z").unwrap(),
    ));
    let emulator = Emulator::builder()
        .clock(clock.clone())
        .seed(seed)
        .start()
        .await
        .unwrap();
    (emulator, clock)
}

fn client_of(emulator: &Emulator, transport: Transport) -> ServiceClient {
    let endpoint = match transport {
        Transport::Soap => emulator.endpoint(&v13::SERVICE),
        _ => emulator.url().to_string(),
    };
    v13::CustomerManagementClient::builder()
        .transport(transport)
        .endpoint(endpoint)
        .developer_token("dev")
        .access_token("token")
        .retry(RetryConfig::disabled())
        .no_proxy()
        .build()
        .unwrap()
        .service_client()
        .clone()
}

/// `Ok(body)` or the fault's error codes.
async fn call(client: &ServiceClient, operation: &str, request: Value) -> Result<Value, Vec<i32>> {
    let op = v13::SERVICE.operation(operation).unwrap();
    let request = op.request_from_json(&request.to_string()).unwrap();
    match client.call_json(&request).await {
        Ok(out) => Ok(out.body),
        Err(e) => Err(e
            .fault()
            .map(|f| f.error_codes().iter().map(|c| c.code()).collect())
            .unwrap_or_else(|| panic!("{operation}: not a fault: {e}"))),
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

/// SignupCustomer as Microsoft's suds example sends it (BingAds-Python-SDK
/// examples/v13/customer_signup.py, the last suds generation, on bingads 13.0.30.1): every
/// member the factory made, the empty ones as empty elements; `tax_certificate` is what it
/// sends for the factory's AccountTaxCertificate.
fn suds_signup(tax_certificate: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns0="https://bingads.microsoft.com/Customer/v13" xmlns:ns1="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns2="https://bingads.microsoft.com/Customer/v13/Entities" xmlns:tns="https://bingads.microsoft.com/Customer/v13">
<SOAP-ENV:Header><tns:AuthenticationToken>token</tns:AuthenticationToken><tns:DeveloperToken>dev</tns:DeveloperToken></SOAP-ENV:Header>
<ns1:Body><ns0:SignupCustomerRequest>
<ns0:Customer><ns2:Industry>Other</ns2:Industry><ns2:MarketCountry>US</ns2:MarketCountry><ns2:ForwardCompatibilityMap/><ns2:MarketLanguage>English</ns2:MarketLanguage><ns2:Name>Child Customer</ns2:Name><ns2:CustomerAddress/></ns0:Customer>
<ns0:Account><ns2:CurrencyCode>USD</ns2:CurrencyCode><ns2:Name>Child Account</ns2:Name><ns2:ParentCustomerId>1101</ns2:ParentCustomerId><ns2:TimeZone>PacificTimeUSCanadaTijuana</ns2:TimeZone><ns2:ForwardCompatibilityMap/><ns2:LinkedAgencies/>
<ns2:BusinessAddress><ns2:City>Redmond</ns2:City><ns2:CountryCode>US</ns2:CountryCode><ns2:Line1>One Microsoft Way</ns2:Line1><ns2:PostalCode>98052</ns2:PostalCode><ns2:StateOrProvince>WA</ns2:StateOrProvince></ns2:BusinessAddress>{tax_certificate}</ns0:Account>
<ns0:ParentCustomerId>1101</ns0:ParentCustomerId>
</ns0:SignupCustomerRequest></ns1:Body></SOAP-ENV:Envelope>"#
    )
}

/// The live service refuses suds' `<Status/>` (an empty enum value) before the operation
/// runs, with WCF's DeserializationFailed fault (BingAds-Python-SDK issues #64, #258), and
/// takes the rest of what suds sends: empty collections and complex members.
#[tokio::test]
async fn an_empty_enum_element_is_refused_as_wcf_refuses_it_and_the_rest_of_suds_is_taken() {
    let (emulator, _) = start(agency_seed(3101)).await;
    let post = |body: String| {
        http()
            .post(emulator.endpoint(&v13::SERVICE))
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", "\"SignupCustomer\"")
            .body(body)
            .send()
    };
    let refused = post(suds_signup(
        "<ns2:TaxCertificate><ns2:TaxCertificates/><ns2:Status/></ns2:TaxCertificate>",
    ))
    .await
    .unwrap();
    assert_eq!(refused.status(), 500);
    let text = refused.text().await.unwrap();
    assert!(
        text.contains(
            "<faultcode xmlns:a=\"http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher\">a:DeserializationFailed</faultcode>"
        ),
        "{text}"
    );
    assert!(
        text.contains("The formatter threw an exception while trying to deserialize the message")
            && text.contains("Invalid enum value")
            && text.contains("element 'Status'"),
        "{text}"
    );
    assert_eq!(
        emulator.executed("SignupCustomer"),
        0,
        "refused before it ran"
    );

    let taken = post(suds_signup("")).await.unwrap();
    assert_eq!(taken.status(), 200);
    let text = taken.text().await.unwrap();
    assert!(text.contains("<AccountNumber>"), "{text}");
    assert_eq!(emulator.executed("SignupCustomer"), 1);
}

/// 1001 where the role may not do what it asks on an entity it reaches (the live answers to
/// AddClientLinks, SignupCustomer and AddAccount, src/emulator/store/access.rs), 106 where the
/// entity is out of the caller's reach; over both transports.
#[tokio::test]
async fn a_role_that_may_not_answers_1001_an_entity_out_of_reach_106() {
    for transport in [Transport::Soap, Transport::Rest] {
        // 3301: Viewer of Tailspin (1301), nothing on Northwind (1201).
        let (emulator, _) = start(agency_seed(3301)).await;
        let client = client_of(&emulator, transport);
        let account = |parent: &str| json!({"Account": {"Name": "New", "CurrencyCode": "GBP", "ParentCustomerId": parent}});
        assert_eq!(
            call(&client, "AddAccount", account("1301")).await,
            Err(vec![1001]),
            "{transport:?}: a Viewer adds an account to its own customer"
        );
        assert_eq!(
            call(&client, "AddAccount", account("1201")).await,
            Err(vec![106]),
            "{transport:?}: an account under a customer it cannot see"
        );
        assert_eq!(
            call(&client, "GetCustomer", json!({"CustomerId": "1201"})).await,
            Err(vec![106]),
            "{transport:?}"
        );
        emulator.shutdown().await;

        // 3102: Standard on Fabrikam (1101), not an aggregator.
        let (emulator, _) = start(agency_seed(3102)).await;
        let client = client_of(&emulator, transport);
        let signup = json!({
            "Customer": {"Name": "Child", "Industry": "Other", "MarketCountry": "US",
                         "MarketLanguage": "English"},
            "Account": {"Name": "Child account", "CurrencyCode": "USD"},
            "ParentCustomerId": "1101"});
        assert_eq!(
            call(&client, "SignupCustomer", signup).await,
            Err(vec![1001]),
            "{transport:?}"
        );
        emulator.shutdown().await;
    }
}

fn invitation_ids(body: &Value) -> Vec<i64> {
    body["UserInvitations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            i["Id"]
                .as_str()
                .map_or_else(|| i["Id"].as_i64().unwrap(), |s| s.parse().unwrap())
        })
        .collect()
}

fn long(value: &Value) -> i64 {
    value
        .as_str()
        .map_or_else(|| value.as_i64().unwrap(), |s| s.parse().unwrap())
}

/// An accepted invitation leaves SearchUserInvitations and its user shows in GetUser and
/// GetUsersInfo with the invitation's role (a new user, or one more role of an existing one);
/// an expired or accepted one cannot be accepted.
#[tokio::test]
async fn accepted_invitations_leave_the_search_and_their_users_show() {
    for transport in [Transport::Soap, Transport::Rest] {
        let (emulator, clock) = start(agency_seed(3101)).await;
        let client = client_of(&emulator, transport);
        let search =
            json!({"Predicates": [{"Field": "CustomerId", "Operator": "In", "Value": "1101"}]});
        let pending = call(&client, "SearchUserInvitations", search.clone())
            .await
            .unwrap();
        assert_eq!(invitation_ids(&pending), [4101], "{transport:?}");

        let ira = emulator.accept_user_invitation(4101, None).unwrap();
        let pending = call(&client, "SearchUserInvitations", search.clone())
            .await
            .unwrap();
        assert_eq!(invitation_ids(&pending), Vec::<i64>::new(), "{transport:?}");
        let got = call(&client, "GetUser", json!({"UserId": ira.to_string()}))
            .await
            .unwrap();
        assert_eq!(
            got["User"]["UserName"], "ira@fabrikam.example",
            "{transport:?}"
        );
        assert_eq!(long(&got["User"]["CustomerId"]), 1101);
        let roles: Vec<(i64, i64, Value)> = got["CustomerRoles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    long(&r["RoleId"]),
                    long(&r["CustomerId"]),
                    r["AccountIds"].clone(),
                )
            })
            .collect();
        assert_eq!(roles, [(203, 1101, Value::Null)], "{transport:?}");
        let info = call(&client, "GetUsersInfo", json!({"CustomerId": "1101"}))
            .await
            .unwrap();
        assert!(
            info["UsersInfo"]
                .as_array()
                .unwrap()
                .iter()
                .any(|u| long(&u["Id"]) == ira),
            "{transport:?}: {info}"
        );
        assert_eq!(
            emulator.accept_user_invitation(4101, None),
            Err(AcceptInvitationError::NoSuchInvitation(4101))
        );

        // Nora (3201, Super Admin of Northwind) accepts a Viewer invitation to Fabrikam with
        // her own credentials: one more CustomerRole.
        let sent = call(
            &client,
            "SendUserInvitation",
            json!({"UserInvitation": {
            "FirstName": "Nora", "LastName": "Northwind", "Email": "nora@northwind.example",
            "CustomerId": "1101", "RoleId": 100, "Lcid": "EnglishUS"}}),
        )
        .await
        .unwrap();
        let sent = long(&sent["UserInvitationId"]);
        assert_eq!(emulator.accept_user_invitation(sent, Some(3201)), Ok(3201));
        let nora = call(&client, "GetUser", json!({"UserId": "3201"}))
            .await
            .unwrap();
        let customers: Vec<(i64, i64)> = nora["CustomerRoles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (long(&r["RoleId"]), long(&r["CustomerId"])))
            .collect();
        assert!(
            customers.contains(&(100, 1101)),
            "{transport:?}: {customers:?}"
        );

        // Invitations are valid for 30 days (userinvitation.md).
        let late = call(
            &client,
            "SendUserInvitation",
            json!({"UserInvitation": {
            "FirstName": "Late", "LastName": "Comer", "Email": "late@example.com",
            "CustomerId": "1101", "RoleId": 16, "Lcid": "EnglishUS"}}),
        )
        .await
        .unwrap();
        let late = long(&late["UserInvitationId"]);
        clock.advance(Duration::from_secs(31 * 24 * 60 * 60));
        assert!(
            matches!(emulator.accept_user_invitation(late, None), Err(AcceptInvitationError::Expired(id, _)) if id == late)
        );
        emulator.shutdown().await;
    }
}

/// Each compiled version's SOAP endpoint is at its service's `soap_path` (the production
/// endpoint's path), where the WSDL is served too.
#[tokio::test]
async fn soap_endpoints_are_at_each_services_soap_path() {
    let (emulator, _) = start(agency_seed(3101)).await;
    for service in [&*bingads::v12::customer_management::SERVICE, &*v13::SERVICE] {
        let url = format!("{}{}?wsdl", emulator.url(), service.soap_path());
        let answer = http().get(&url).send().await.unwrap();
        assert_eq!(answer.status(), 200, "{url}");
        let text = answer.text().await.unwrap();
        assert!(text.contains(service.namespace), "{url}");
    }
}
