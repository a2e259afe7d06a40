//! The other Bing Ads v13 services (features `campaign-management`, `customer-billing`,
//! `ad-insight`, `bulk`, `reporting`; run with `--features all-services`): request envelopes
//! of a few operations per service, polymorphic ones included, reviewed as snapshots; every
//! type, and every derived type in each base-typed slot, round-trips; the CustomerId and
//! CustomerAccountId headers the WSDLs declare are written; their fault details are typed;
//! their paged reads page (`services/paging.rs`).

mod common;
#[path = "services/paging.rs"]
mod paging;

use bingads::dynamic::Service;
use bingads::model::{FaultDetail, FaultKind, RequestHeaders};
use bingads::soap::EnvelopeOptions;
use bingads::v13::{ad_insight, bulk, campaign_management as cm, customer_billing, reporting};

fn headers() -> RequestHeaders {
    RequestHeaders {
        authentication_token: Some("token".into()),
        developer_token: Some("dev".into()),
        customer_id: Some("1001".into()),
        customer_account_id: Some("2001".into()),
        ..Default::default()
    }
}

fn sample_envelope(service: &Service, operation: &str) -> String {
    let op = service
        .operation(operation)
        .unwrap_or_else(|| panic!("{} has no {operation}", service.name));
    let xml = (op.samples().request_envelope)(&headers(), &EnvelopeOptions::default());
    common::pretty(&xml)
}

#[test]
fn request_headers_come_from_each_wsdl() {
    for service in [
        &cm::SERVICE,
        &ad_insight::SERVICE,
        &bulk::SERVICE,
        &reporting::SERVICE,
    ] {
        assert_eq!(
            service.request_headers,
            [
                "ApplicationToken",
                "AuthenticationToken",
                "CustomerAccountId",
                "CustomerId",
                "DeveloperToken",
                "Password",
                "UserName"
            ],
            "{}",
            service.name
        );
    }
    // Customer Billing declares no CustomerId / CustomerAccountId: they are not written even
    // when the client has them.
    assert!(!customer_billing::SERVICE
        .request_headers
        .contains(&"CustomerId"));
    let billing = sample_envelope(&customer_billing::SERVICE, "GetAccountMonthlySpend");
    assert!(!billing.contains("CustomerId") && !billing.contains("CustomerAccountId"));
    // The portType of the vendored WSDL (the issue counted 192).
    assert_eq!(cm::SERVICE.operations.len(), 195);
}

#[test]
fn add_ads_with_two_ad_types() {
    let request = cm::AddAdsRequest {
        ad_group_id: Some(77),
        ads: Some(vec![
            cm::AnyAd::ExpandedTextAd(cm::ExpandedTextAd {
                final_urls: Some(vec!["https://contoso.com/shoes".into()]),
                title_part1: Some("Shoes".into()),
                title_part2: Some("On sale".into()),
                text: Some("Free delivery".into()),
                ..Default::default()
            }),
            cm::AnyAd::ResponsiveSearchAd(cm::ResponsiveSearchAd {
                final_urls: Some(vec!["https://contoso.com/boots".into()]),
                headlines: Some(vec![cm::AssetLink {
                    asset: Some(cm::AnyAsset::TextAsset(cm::TextAsset {
                        text: Some("Boots".into()),
                        ..Default::default()
                    })),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
        ]),
    };
    let xml = bingads::soap::write_envelope(&request, &headers(), &EnvelopeOptions::default());
    insta::assert_snapshot!("campaign_AddAds_two_ad_types", common::pretty(&xml));
    let back =
        bingads::soap::parse_request::<cm::AddAdsRequest>(&xml, &Default::default()).unwrap();
    assert_eq!(back.body, request);
    assert_eq!(back.headers.customer_account_id.as_deref(), Some("2001"));
}

#[test]
fn add_ad_extensions_with_two_extension_types() {
    let request = cm::AddAdExtensionsRequest {
        account_id: Some(2001),
        ad_extensions: Some(vec![
            cm::AnyAdExtension::CallAdExtension(cm::CallAdExtension {
                country_code: Some("US".into()),
                phone_number: Some("555-0100".into()),
                ..Default::default()
            }),
            cm::AnyAdExtension::LocationAdExtension(cm::LocationAdExtension {
                company_name: Some("Contoso".into()),
                ..Default::default()
            }),
        ]),
    };
    let xml = bingads::soap::write_envelope(&request, &headers(), &EnvelopeOptions::default());
    insta::assert_snapshot!("campaign_AddAdExtensions_two_types", common::pretty(&xml));
    let back =
        bingads::soap::parse_request::<cm::AddAdExtensionsRequest>(&xml, &Default::default())
            .unwrap();
    assert_eq!(back.body, request);
}

#[test]
fn sample_envelopes_of_each_service() {
    for (service, operation) in [
        (&cm::SERVICE, "GetCampaignsByAccountId"),
        (&cm::SERVICE, "DeleteCampaigns"),
        (&customer_billing::SERVICE, "GetAccountMonthlySpend"),
        (&ad_insight::SERVICE, "GetKeywordIdeaCategories"),
        (&bulk::SERVICE, "GetBulkUploadUrl"),
        (&bulk::SERVICE, "GetBulkDownloadStatus"),
        (&reporting::SERVICE, "SubmitGenerateReport"),
        (&reporting::SERVICE, "PollGenerateReport"),
    ] {
        let name = format!("{}_{operation}_sample", service.name);
        insta::assert_snapshot!(name, sample_envelope(service, operation));
    }
}

#[test]
fn every_type_and_every_derived_type_in_its_slot_round_trips() {
    let mut checked = 0;
    for all in [
        cm::ALL_TYPES,
        customer_billing::ALL_TYPES,
        ad_insight::ALL_TYPES,
        bulk::ALL_TYPES,
        reporting::ALL_TYPES,
    ] {
        for (name, check) in all {
            check().unwrap_or_else(|e| panic!("{name}: {e}"));
            checked += 1;
        }
    }
    let derived = cm::ALL_TYPES
        .iter()
        .filter(|(name, _)| name.contains("Any") && name.contains("::"))
        .count();
    assert!(derived > 100, "{derived} derived-in-slot checks");
    assert!(checked > 1000, "{checked}");
}

#[test]
fn every_response_envelope_reads_back_byte_identical() {
    for service in [
        &cm::SERVICE,
        &customer_billing::SERVICE,
        &ad_insight::SERVICE,
        &bulk::SERVICE,
        &reporting::SERVICE,
    ] {
        for op in service.operations {
            let xml = (op.samples().response_envelope)(Some("t"));
            let again = (op.samples().reserialize_response)(&xml)
                .unwrap_or_else(|e| panic!("{} {}: {e}", service.name, op.name));
            assert_eq!(again, xml, "{} {}", service.name, op.name);
        }
    }
}

#[test]
fn campaign_faults_keep_batch_and_editorial_errors() {
    let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><h:TrackingId xmlns:h="https://bingads.microsoft.com/CampaignManagement/v13">t-9</h:TrackingId></s:Header><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>Invalid client data.</faultstring><detail><EditorialApiFaultDetail xmlns="https://bingads.microsoft.com/CampaignManagement/v13" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><TrackingId xmlns="https://adapi.microsoft.com">t-9</TrackingId><BatchErrors><BatchError><Code>1001</Code><Details i:nil="true"/><ErrorCode>CampaignServiceInvalidAdGroupId</ErrorCode><FieldPath i:nil="true"/><ForwardCompatibilityMap xmlns:a="http://schemas.datacontract.org/2004/07/System.Collections.Generic"/><Index>1</Index><Message>The ad group is not valid.</Message><Type>BatchError</Type></BatchError></BatchErrors><EditorialErrors><EditorialError><Code>1016</Code><Details i:nil="true"/><ErrorCode>CampaignServiceEditorialValidationError</ErrorCode><FieldPath i:nil="true"/><ForwardCompatibilityMap xmlns:a="http://schemas.datacontract.org/2004/07/System.Collections.Generic"/><Index>0</Index><Message>Editorial.</Message><Type>EditorialError</Type><Appealable>true</Appealable><DisapprovedText>free</DisapprovedText><Location>Title</Location><PublisherCountry>US</PublisherCountry><ReasonCode>17</ReasonCode></EditorialError></EditorialErrors><OperationErrors/></EditorialApiFaultDetail></detail></s:Fault></s:Body></s:Envelope>"#;
    let e =
        bingads::soap::parse_response::<cm::AddAdsResponse>(xml, &Default::default()).unwrap_err();
    let fault = e.fault().unwrap();
    assert_eq!(fault.kind(), FaultKind::EditorialApiFaultDetail);
    assert_eq!(fault.tracking_id.as_deref(), Some("t-9"));
    let codes: Vec<i32> = fault.error_codes().iter().map(|c| c.code()).collect();
    assert_eq!(codes, vec![1001, 1016]);
    // Campaign codes are not Customer Management's: no borrowed names.
    assert!(fault.error_codes().iter().all(|c| c.name().is_none()));
    let json = fault.to_json();
    assert_eq!(json["kind"], "EditorialApiFaultDetail");
    assert_eq!(json["errors"][1]["DisapprovedText"], "free");
    assert_eq!(json["errors"][1]["Index"], 0);
    assert!(fault
        .to_string()
        .contains("1016 CampaignServiceEditorialValidationError at index 0"));

    // The generated type and its JSON (the REST form) read alike, editorial members included.
    use bingads::xml::Sample;
    let detail = cm::EditorialApiFaultDetail::sample();
    let json = serde_json::to_value(&detail).unwrap();
    let from_type = FaultDetail::from_generated("EditorialApiFaultDetail", &detail);
    assert_eq!(
        from_type,
        FaultDetail::from_generated("EditorialApiFaultDetail", &json)
    );
    let FaultDetail::Batch { batch_errors, .. } = &from_type else {
        panic!("{from_type:?}")
    };
    let editorial = json["EditorialErrors"].as_array().unwrap().last().unwrap();
    let last = batch_errors.last().unwrap();
    assert_eq!(last.extra.get("ReasonCode"), editorial.get("ReasonCode"));
    assert!(last.extra.contains_key("DisapprovedText"));
    assert!(
        !last.extra.contains_key("Code"),
        "known members are not extra"
    );
}

/// Every operation of the six v13 services has the REST method and path of Microsoft's
/// official REST SDK (`tests/fixtures/rest/routes.tsv`, read from msads 13.0.30.1), and the
/// SDK has no operation the WSDLs lack.
#[test]
fn rest_routes_of_every_operation_match_the_official_sdk() {
    let services = all_services();
    let table = include_str!("fixtures/rest/routes.tsv");
    let mut expected = std::collections::BTreeMap::new();
    for line in table.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        expected.insert((cols[0], cols[1]), (cols[2], cols[3]));
    }
    assert_eq!(expected.len(), 291);
    let mut seen = 0;
    for service in services {
        let short = service.name.strip_suffix("Service").unwrap();
        for op in service.operations {
            let Some(route) = op.rest else {
                // The one WSDL operation the REST API does not serve.
                assert_eq!((short, op.name), ("AdInsight", "PutMetricData"));
                continue;
            };
            assert_eq!(
                Some(&(route.method, route.path)),
                expected.get(&(short, op.name)),
                "{short} {}",
                op.name
            );
            seen += 1;
        }
    }
    assert_eq!(
        seen,
        expected.len(),
        "the SDK has operations the WSDLs lack"
    );
    // v12 has no REST API.
    assert!(bingads::v12::customer_management::SERVICE
        .operations
        .iter()
        .all(|op| op.rest.is_none()));
}

/// Every operation's retry class: `read` (safe to repeat after a lost answer) or `write`
/// (repeated only when the request provably did not reach the service). Reviewed by hand.
#[test]
fn every_operation_is_classed_as_read_or_write() {
    let services = all_services();
    let mut listing = String::new();
    for service in services {
        for op in service.operations {
            let class = if op.safe_to_repeat { "read" } else { "write" };
            listing.push_str(&format!("{} {} {class}\n", service.name, op.name));
        }
    }
    insta::assert_snapshot!("operation_classes", listing);
}

/// The six v13 services, Customer Management first.
fn all_services() -> [&'static Service; 6] {
    [
        &bingads::v13::customer_management::SERVICE,
        &customer_billing::SERVICE,
        &cm::SERVICE,
        &bulk::SERVICE,
        &reporting::SERVICE,
        &ad_insight::SERVICE,
    ]
}

/// A double JSON has no number for is named, never written as a silent `null`.
#[test]
fn non_finite_doubles_are_named_in_json() {
    let bid = cm::Bid {
        amount: Some(f64::NAN),
    };
    assert_eq!(serde_json::to_string(&bid).unwrap(), r#"{"Amount":"NaN"}"#);
    let back: cm::Bid = serde_json::from_str(r#"{"Amount":"Infinity"}"#).unwrap();
    assert_eq!(back.amount, Some(f64::INFINITY));
    let plain: cm::Bid = serde_json::from_str(r#"{"Amount":0.35}"#).unwrap();
    assert_eq!(plain.amount, Some(0.35));
}
