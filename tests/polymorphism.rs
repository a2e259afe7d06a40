//! Derived types in base-typed slots (`i:type`), on a small generated service
//! (`tests/fixtures/wsdl/Polymorphic.wsdl`): Customer Management itself has no such slot.

mod common;

use bingads::model::RequestHeaders;
use bingads::soap::{parse_request, write_envelope, EnvelopeOptions};
use bingads::testing::polymorphic::entities::{
    Ad, AdStatus, AgeCriterion, AnyAd, AnyCriterion, Criterion, ExpandedTextAd, ImageAd, TextAd,
};
use bingads::testing::polymorphic::AddAdsRequest;
use bingads::xml::Limits;

fn text_ad() -> AnyAd {
    AnyAd::TextAd(TextAd {
        id: Some(1),
        status: Some(AdStatus::Active),
        title: Some("Shoes".into()),
    })
}

fn request() -> AddAdsRequest {
    AddAdsRequest {
        ads: Some(vec![
            text_ad(),
            AnyAd::ImageAd(ImageAd {
                id: Some(2),
                status: None,
                image_url: Some("https://example.com/a.png".into()),
            }),
            AnyAd::ExpandedTextAd(ExpandedTextAd {
                id: Some(3),
                status: Some(AdStatus::Paused),
                title: Some("Boots".into()),
                path1: Some("sale".into()),
            }),
        ]),
        primary: Some(text_ad()),
        criterion: Some(AnyCriterion::AgeCriterion(AgeCriterion {
            id: Some(9),
            age_range: Some("EighteenToTwentyFour".into()),
        })),
    }
}

fn headers() -> RequestHeaders {
    RequestHeaders {
        developer_token: Some("d".into()),
        customer_id: Some("123".into()),
        ..Default::default()
    }
}

#[test]
fn envelope_with_two_ad_types_and_a_derived_criterion() {
    let xml = write_envelope(&request(), &headers(), &EnvelopeOptions::default());
    insta::assert_snapshot!("polymorphic_AddAds_request", common::pretty(&xml));
}

#[test]
fn every_derived_type_round_trips_in_its_base_slot() {
    let ads = [
        text_ad(),
        AnyAd::ImageAd(ImageAd {
            id: Some(2),
            status: None,
            image_url: Some("u".into()),
        }),
        AnyAd::ExpandedTextAd(ExpandedTextAd {
            id: Some(3),
            status: None,
            title: None,
            path1: Some("p".into()),
        }),
    ];
    let criteria = [
        AnyCriterion::Criterion(Criterion { id: Some(1) }),
        AnyCriterion::AgeCriterion(AgeCriterion {
            id: Some(2),
            age_range: Some("x".into()),
        }),
    ];
    for ad in &ads {
        for criterion in &criteria {
            let request = AddAdsRequest {
                ads: Some(vec![ad.clone()]),
                primary: Some(ad.clone()),
                criterion: Some(criterion.clone()),
            };
            let xml = write_envelope(&request, &headers(), &EnvelopeOptions::default());
            let back = parse_request::<AddAdsRequest>(&xml, &Limits::default()).unwrap();
            assert_eq!(back.body, request, "{}", String::from_utf8_lossy(&xml));
            assert_eq!(
                back.headers.customer_id.as_deref(),
                Some("123"),
                "CustomerId header declared by this WSDL"
            );
            let json = serde_json::to_string(&request).unwrap();
            assert_eq!(
                serde_json::from_str::<AddAdsRequest>(&json).unwrap(),
                request,
                "{json}"
            );
        }
    }
    for (name, check) in bingads::testing::polymorphic::ALL_TYPES {
        check().unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn i_type_prefix_is_resolved_by_namespace_not_by_spelling() {
    let xml = String::from_utf8(write_envelope(
        &request(),
        &headers(),
        &EnvelopeOptions::default(),
    ))
    .unwrap();
    // Any prefix bound to the entities namespace works, and the base slot dispatches on it.
    let renamed = xml
        .replace(
            "xmlns:e=\"urn:example:ads/Entities\"",
            "xmlns:zz=\"urn:example:ads/Entities\"",
        )
        .replace("<e:", "<zz:")
        .replace("</e:", "</zz:")
        .replace("\"e:", "\"zz:");
    assert_eq!(
        parse_request::<AddAdsRequest>(renamed.as_bytes(), &Limits::default())
            .unwrap()
            .body,
        request()
    );
    // The right name in another namespace is not that type.
    let foreign = xml.replacen(
        r#"i:type="e:ImageAd""#,
        r#"i:type="x:ImageAd" xmlns:x="urn:other""#,
        1,
    );
    let parsed = parse_request::<AddAdsRequest>(foreign.as_bytes(), &Limits::default())
        .unwrap()
        .body;
    assert!(
        matches!(&parsed.ads.unwrap()[1], AnyAd::Unknown { type_name, .. } if type_name == "ImageAd")
    );
}

#[test]
fn unknown_derived_type_is_kept_as_base_and_raw_xml() {
    let xml = String::from_utf8(write_envelope(
        &request(),
        &headers(),
        &EnvelopeOptions::default(),
    ))
    .unwrap();
    let newer = xml.replacen(
        r#"<e:Ad i:type="e:ImageAd"><e:Id>2</e:Id><e:ImageUrl>https://example.com/a.png</e:ImageUrl></e:Ad>"#,
        r#"<e:Ad i:type="e:VideoAd"><e:Id>2</e:Id><e:VideoUrl>v.mp4</e:VideoUrl></e:Ad>"#,
        1,
    );
    assert_ne!(newer, xml, "the replacement applied");
    let parsed = parse_request::<AddAdsRequest>(newer.as_bytes(), &Limits::default())
        .unwrap()
        .body;
    match &parsed.ads.as_ref().unwrap()[1] {
        AnyAd::Unknown {
            type_name,
            base,
            raw_xml,
            raw_json: None,
        } => {
            assert_eq!(type_name, "VideoAd");
            assert_eq!(
                *base,
                Ad {
                    id: Some(2),
                    status: None
                }
            );
            assert_eq!(
                raw_xml,
                r#"<e:Ad i:type="e:VideoAd"><e:Id>2</e:Id><e:VideoUrl>v.mp4</e:VideoUrl></e:Ad>"#
            );
        }
        other => panic!("{other:?}"),
    }
    // The items around it are unaffected.
    assert_eq!(parsed.ads.unwrap()[0], text_ad());
}

#[test]
fn json_view_tags_only_derived_values_with_their_rest_names() {
    let json = serde_json::to_value(request()).unwrap();
    // Campaign Management's REST names: an Ad's Type is its AdType value.
    assert_eq!(json["Ads"][0]["Type"], "Text");
    assert_eq!(json["Ads"][2]["Type"], "ExpandedText");
    assert_eq!(json["Criterion"]["Type"], "AgeCriterion");
    assert!(json["Ads"][0].get("@type").is_none());
    let plain = serde_json::to_value(AnyCriterion::Criterion(Criterion { id: Some(1) })).unwrap();
    assert_eq!(
        plain,
        serde_json::json!({"Id": "1"}),
        "no Type when the value has the slot's own type"
    );
    // An abstract slot cannot be built without saying which type.
    let err = serde_json::from_str::<AnyAd>(r#"{"Id": "1"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("abstract type Ad"), "{err}");
    // Both names read, and the retired "@type" key; unknown members are accepted.
    for json in [
        r#"{"Type": "Text", "Id": "1"}"#,
        r#"{"Type": "TextAd", "Id": 1}"#,
        r#"{"@type": "TextAd", "Id": "1"}"#,
        r#"{"Type": "Text", "Id": "1", "AddedLater": {"X": 2}, "Status": null}"#,
    ] {
        let ad: AnyAd = serde_json::from_str(json).unwrap();
        assert!(
            matches!(&ad, AnyAd::TextAd(TextAd { id: Some(1), .. })),
            "{json}: {ad:?}"
        );
    }
}

#[test]
fn an_unknown_type_in_json_is_kept_and_written_back_unchanged() {
    let text = r#"{"Id":"2","Type":"VideoAd","VideoUrl":"v.mp4","Views":[1,2]}"#;
    let ad: AnyAd = serde_json::from_str(text).unwrap();
    match &ad {
        AnyAd::Unknown {
            type_name, base, ..
        } => {
            assert_eq!(type_name, "VideoAd");
            assert_eq!(base.id, Some(2));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(serde_json::to_string(&ad).unwrap(), text);
}

/// A derived type this crate does not know cannot be written back as XML without losing its
/// own fields: `try_write_envelope` (which the client uses) refuses it, naming the type, and
/// the client sends nothing.
#[tokio::test]
async fn an_unknown_type_is_refused_rather_than_downgraded_in_xml() {
    let mut request = request();
    let unknown: AnyAd =
        serde_json::from_str(r#"{"Type":"VideoAd","Id":"2","VideoUrl":"v.mp4"}"#).unwrap();
    request.ads.as_mut().unwrap()[1] = unknown;
    let e = bingads::soap::try_write_envelope(&request, &headers(), &EnvelopeOptions::default())
        .unwrap_err();
    assert!(
        e.contains("\"VideoAd\"") && e.contains("cannot be written back"),
        "{e}"
    );
    assert!(bingads::soap::try_write_envelope(
        &self::request(),
        &headers(),
        &EnvelopeOptions::default()
    )
    .is_ok());
    // The client refuses before sending: nothing reaches a listening server.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let client = bingads::testing::polymorphic::AdClient::builder()
        .endpoint(url)
        .no_proxy()
        .build()
        .unwrap();
    let e = client.add_ads(request).await.unwrap_err();
    assert!(
        matches!(e, bingads::client::Error::Construction(_)),
        "{e:?}"
    );
    assert!(e.to_string().contains("nothing was sent"), "{e}");
    let accepted =
        tokio::time::timeout(std::time::Duration::from_millis(100), listener.accept()).await;
    assert!(accepted.is_err(), "no connection was made");
}
