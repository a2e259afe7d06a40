//! Paging of the other services' paged reads against a real HTTP server on 127.0.0.1: every
//! page is read, each keeps its TrackingId and its `PartialErrors`, the items stream yields
//! those errors after their page's items instead of dropping them, and a page longer than
//! asked (PageInfo ignored) is the last.

use bingads::client::{Environment, Error, StreamExt, TrackingId, TryStreamExt};
use bingads::v13::campaign_management as cm;
use bingads::v13::campaign_management::CampaignManagementClient;

use crate::common::server::{serve, Reply, Seen};

fn client(url: &str) -> CampaignManagementClient {
    CampaignManagementClient::builder()
        .environment(Environment::custom(url))
        .developer_token("dev")
        .access_token("token")
        .customer(1, 2)
        .no_proxy()
        .build()
        .unwrap()
}

/// The `PageInfo.Index` the request asked for.
fn page_index(seen: &Seen) -> i64 {
    let body: serde_json::Value = serde_json::from_slice(&seen.body).unwrap_or_default();
    body["PageInfo"]["Index"].as_i64().unwrap_or(-1)
}

/// Labels `first..first + n` as a GetLabelsByIds answer, with partial errors of these codes.
fn labels(first: i64, n: i64, errors: &[i32]) -> Reply {
    let labels: Vec<_> = (first..first + n)
        .map(|id| serde_json::json!({"Id": id, "Name": format!("label {id}")}))
        .collect();
    let errors: Vec<_> = errors
        .iter()
        .enumerate()
        .map(|(i, code)| {
            serde_json::json!({"Type": "BatchError", "Code": code, "ErrorCode": "LabelIdInvalid",
                               "Index": i, "Message": "The label id is invalid."})
        })
        .collect();
    let mut reply = Reply::json(
        200,
        serde_json::json!({"Labels": labels, "PartialErrors": errors}).to_string(),
    );
    reply.headers.push(("trackingid", format!("t-{first}")));
    reply
}

fn request() -> cm::GetLabelsByIdsRequest {
    cm::GetLabelsByIdsRequest {
        page_info: Some(cm::Paging {
            index: None,
            size: Some(2),
        }),
        ..Default::default()
    }
}

/// Page 0: labels 1-2 and one partial error; page 1: labels 3-4; page 2: label 5 (short).
async fn three_pages() -> crate::common::server::TestServer {
    serve(|seen, _| async move {
        match page_index(&seen) {
            0 => labels(1, 2, &[4800]),
            1 => labels(3, 2, &[]),
            2 => labels(5, 1, &[]),
            _ => Reply::new(500, "no such page"),
        }
    })
    .await
}

#[tokio::test]
async fn every_page_keeps_its_partial_errors_and_tracking_id() {
    let server = three_pages().await;
    let pages: Vec<_> = client(&server.url)
        .get_labels_by_ids_pages(request())
        .try_collect()
        .await
        .unwrap();
    let shape: Vec<(i32, usize, usize, Option<&str>)> = pages
        .iter()
        .map(|p| {
            (
                p.index,
                p.items.len(),
                p.partial_errors.len(),
                p.tracking_id.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            (0, 2, 1, Some("t-1")),
            (1, 2, 0, Some("t-3")),
            (2, 1, 0, Some("t-5"))
        ]
    );
    let e = &pages[0].partial_errors[0];
    assert_eq!(
        (e.code, e.error_code.as_deref(), e.index),
        (Some(4800), Some("LabelIdInvalid"), Some(0))
    );
    let asked: Vec<i64> = server.seen().iter().map(page_index).collect();
    assert_eq!(asked, [0, 1, 2]);
}

#[tokio::test]
async fn the_items_stream_yields_a_pages_partial_errors_after_its_items_and_goes_on() {
    let server = three_pages().await;
    let c = client(&server.url);
    let all: Vec<Result<cm::Label, Error>> = c.get_labels_by_ids_items(request()).collect().await;
    let shown: Vec<String> = all
        .iter()
        .map(|r| match r {
            Ok(label) => label.id.unwrap().to_string(),
            Err(e) => format!("error {:?} {:?}", e.codes(), e.tracking_id()),
        })
        .collect();
    assert_eq!(
        shown,
        ["1", "2", "error [4800] Some(\"t-1\")", "3", "4", "5"]
    );
    match &all[2] {
        Err(Error::PartialErrors {
            operation,
            page,
            errors,
            ..
        }) => {
            assert_eq!(
                (operation.to_string(), page.to_owned(), errors.len()),
                ("GetLabelsByIds".to_string(), 0, 1)
            );
        }
        other => panic!("{other:?}"),
    }
    let text = all[2].as_ref().unwrap_err().to_string();
    assert!(
        text.contains("GetLabelsByIds page 0: 1 partial error(s): 4800 LabelIdInvalid (Index 0)")
            && text.contains("t-1"),
        "{text}"
    );
    // try_collect stops at the partial errors: nothing after them is read as if it were all.
    let collected: Result<Vec<_>, _> = c.get_labels_by_ids_items(request()).try_collect().await;
    assert!(matches!(collected, Err(Error::PartialErrors { .. })));
}

#[tokio::test]
async fn a_page_longer_than_asked_is_the_last() {
    // GetExperimentsByIds: PageInfo is "Reserved for future use"; the service sends all.
    let server = serve(|seen, _| async move {
        match page_index(&seen) {
            0 => Reply::json(
                200,
                r#"{"Experiments": [{"Id": 1}, {"Id": 2}, {"Id": 3}], "PartialErrors": []}"#,
            ),
            // Asking again would read the same items again.
            _ => Reply::new(400, "asked for a second page"),
        }
    })
    .await;
    let request = cm::GetExperimentsByIdsRequest {
        page_info: Some(cm::Paging {
            index: Some(0),
            size: Some(2),
        }),
        ..Default::default()
    };
    let items: Vec<_> = client(&server.url)
        .get_experiments_by_ids_items(request)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn customer_billing_pages_at_its_documented_100() {
    use bingads::v13::customer_billing as cb;
    let server = serve(|seen, _| async move {
        let body: serde_json::Value = serde_json::from_slice(&seen.body).unwrap_or_default();
        let size = body["PageInfo"]["Size"].as_i64().unwrap_or(0);
        Reply::json(200, format!(r#"{{"Coupons": [], "Asked": {size}}}"#))
    })
    .await;
    let client = cb::CustomerBillingClient::builder()
        .environment(Environment::custom(&server.url))
        .developer_token("dev")
        .access_token("token")
        .customer(1, 2)
        .no_proxy()
        .build()
        .unwrap();
    let items: Vec<_> = client
        .search_coupons_items(cb::SearchCouponsRequest::default())
        .try_collect()
        .await
        .unwrap();
    assert!(items.is_empty());
    let body: serde_json::Value = serde_json::from_slice(&server.seen()[0].body).unwrap();
    assert_eq!(body["PageInfo"]["Size"], 100);
}
