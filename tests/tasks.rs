//! The everyday tasks of issue 30 against the emulator, over both wire forms: one
//! `Environment` for REST and SOAP, errors to match on (credentials apart from permission, a
//! stale TimeStamp in one shape, not found), visible retry waits, paging streams and the
//! helpers built on them.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bingads::client::{Environment, Error, RetryConfig, Transport};
use bingads::emulator::{Emulator, Injection};
use bingads::model::error_codes;
use bingads::v13::customer_management as v13;
use bingads::v13::CustomerManagementClient;

const BOTH: [Transport; 2] = [Transport::Rest, Transport::Soap];

fn fast_retry() -> RetryConfig {
    RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
        .with_throttle_wait(Duration::from_millis(20))
}

fn client(environment: Environment, transport: Transport) -> CustomerManagementClient {
    CustomerManagementClient::builder()
        .environment(environment)
        .transport(transport)
        .developer_token("dev")
        .access_token("token")
        .retry(fast_retry())
        .no_proxy()
        .build()
        .unwrap()
}

#[tokio::test]
async fn one_environment_serves_both_wire_forms() {
    let emulator = Emulator::builder().start().await.unwrap();
    for transport in BOTH {
        let c = client(emulator.environment(), transport);
        let user = c
            .get_user(v13::GetUserRequest {
                user_id: Some(3002),
            })
            .await
            .unwrap_or_else(|e| panic!("{transport:?}: {e}"));
        assert_eq!(user.body.user.and_then(|u| u.id), Some(3002));
    }
    // The host given once, with a trailing slash, is the same environment.
    let custom = Environment::custom(format!("{}/", emulator.url()));
    assert_eq!(custom, emulator.environment());
    assert_eq!(
        custom.soap_endpoint(&v13::SERVICE).unwrap(),
        emulator.endpoint(&v13::SERVICE)
    );
}

#[tokio::test]
async fn a_stale_time_stamp_has_one_shape_over_both_wire_forms() {
    let emulator = Emulator::builder().start().await.unwrap();
    for transport in BOTH {
        let c = client(emulator.environment(), transport);
        let e = c
            .delete_user(v13::DeleteUserRequest {
                user_id: Some(3002),
                time_stamp: Some(vec![0, 0, 0, 0, 0, 0, 0, 1].into()),
            })
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::StaleTimeStamp(_)) && e.is_stale_timestamp(),
            "{transport:?}: {e:?}"
        );
        assert_eq!(e.codes(), [error_codes::TIMESTAMP_NOT_MATCH]);
        assert!(e.to_string().contains("TrackingId"), "{e}");
        assert!(!e.is_not_found() && !e.is_auth());
    }
    assert_eq!(emulator.executed("DeleteUser"), 0);
}

#[tokio::test]
async fn not_authorized_is_not_an_auth_error_even_with_http_401() {
    let emulator = Emulator::builder().start().await.unwrap();
    for transport in BOTH {
        let c = client(emulator.environment(), transport);
        emulator.inject("GetUser", Injection::Fault(106), 1);
        let e = c
            .get_user(v13::GetUserRequest::default())
            .await
            .unwrap_err();
        assert!(e.is_not_authorized(), "{transport:?}: {e}");
        assert!(
            !e.is_auth(),
            "{transport:?}: 106 is not a credentials problem: {e}"
        );
        if transport == Transport::Rest {
            assert_eq!(e.http_status(), Some(401));
        }
        emulator.inject("GetUser", Injection::Fault(105), 1);
        let e = c
            .get_user(v13::GetUserRequest::default())
            .await
            .unwrap_err();
        assert!(e.is_auth() && !e.is_not_authorized(), "{transport:?}: {e}");
        assert!(e.has_code(error_codes::INVALID_CREDENTIALS));
    }
}

#[tokio::test]
async fn a_missing_user_is_not_found() {
    let emulator = Emulator::builder().start().await.unwrap();
    for transport in BOTH {
        let c = client(emulator.environment(), transport);
        emulator.inject("GetUser", Injection::Fault(210), 1);
        let e = c
            .get_user(v13::GetUserRequest::default())
            .await
            .unwrap_err();
        assert!(e.is_not_found(), "{transport:?}: {e}");
    }
}

#[tokio::test]
async fn every_retry_wait_is_told_with_its_reason_and_tracking_id() {
    let emulator = Emulator::builder().start().await.unwrap();
    for transport in BOTH {
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let events = seen.clone();
        let c = CustomerManagementClient::builder()
            .environment(emulator.environment())
            .transport(transport)
            .developer_token("dev")
            .access_token("token")
            .retry(fast_retry())
            .on_retry(move |event| {
                let line = format!(
                    "{}|{}|{}|{}",
                    event.attempt,
                    event.reason(),
                    event.tracking_id().is_some(),
                    event
                );
                events.lock().unwrap().push(line);
            })
            .build()
            .unwrap();
        emulator.inject("GetUser", Injection::Fault(117), 2);
        c.get_user(v13::GetUserRequest::default())
            .await
            .unwrap_or_else(|e| panic!("{transport:?}: {e}"));
        let seen = seen.lock().unwrap().clone();
        assert_eq!(seen.len(), 2, "{transport:?}: {seen:?}");
        for (i, line) in seen.iter().enumerate() {
            let fields: Vec<_> = line.splitn(4, '|').collect();
            assert_eq!(fields[0], (i + 1).to_string());
            assert_eq!(fields[1], "throttled (117)", "{transport:?}");
            assert_eq!(fields[2], "true", "{transport:?}: no TrackingId: {line}");
            assert!(
                fields[3].starts_with("throttled (117): waiting ")
                    && fields[3].contains("TrackingId"),
                "{line}"
            );
        }
    }
}

fn accounts_of(user_id: i64) -> v13::SearchAccountsRequest {
    v13::SearchAccountsRequest {
        predicates: Some(vec![v13::entities::Predicate {
            field: Some("UserId".into()),
            operator: Some(v13::entities::PredicateOperator::Equals),
            value: Some(user_id.to_string()),
        }]),
        ..Default::default()
    }
}

#[tokio::test]
async fn paging_reads_every_page_until_a_short_one_with_each_tracking_id() {
    use bingads::client::TryStreamExt;
    let emulator = Emulator::builder().start().await.unwrap();
    let mut calls = 0;
    for transport in BOTH {
        let c = client(emulator.environment(), transport);
        // Pages of one: 2001, 2002, then an empty page ends it.
        let mut request = accounts_of(3001);
        request.page_info = Some(v13::entities::Paging {
            index: Some(0),
            size: Some(1),
        });
        let pages: Vec<_> = c
            .search_accounts_pages(request.clone())
            .try_collect()
            .await
            .unwrap_or_else(|e| panic!("{transport:?}: {e}"));
        let sizes: Vec<_> = pages.iter().map(|p| (p.index, p.items.len())).collect();
        assert_eq!(sizes, [(0, 1), (1, 1), (2, 0)], "{transport:?}");
        assert!(pages.iter().all(|p| p.tracking_id.is_some()));
        calls += 3;
        let ids: Vec<_> = c
            .search_accounts_items(request)
            .try_collect::<Vec<_>>()
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(ids, [Some(2001), Some(2002)], "{transport:?}");
        calls += 3;
        // The documented size (1,000): one short page is all.
        let all: Vec<_> = c
            .search_accounts_items(accounts_of(3001))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(all.len(), 2);
        calls += 1;
        assert_eq!(emulator.executed("SearchAccounts"), calls);
    }
}

#[tokio::test]
async fn paging_stops_at_the_first_error_and_keeps_its_tracking_id() {
    use bingads::client::TryStreamExt;
    let emulator = Emulator::builder().start().await.unwrap();
    let c = client(emulator.environment(), Transport::Rest);
    emulator.inject("SearchAccounts", Injection::Fault(106), 1);
    let mut items = c.search_accounts_items(accounts_of(3001));
    let e = items.try_next().await.unwrap_err();
    assert!(e.is_not_authorized() && bingads::client::TrackingId::tracking_id(&e).is_some());
    assert!(
        items.try_next().await.unwrap().is_none(),
        "nothing after an error"
    );
}

#[test]
fn paging_orders_by_id_only_when_the_request_has_no_ordering() {
    use bingads::client::paging::PagedRequest;
    use v13::entities::{OrderBy, OrderByField, SortOrder};
    let mut request = accounts_of(1);
    request.order_by_id_when_unordered();
    assert_eq!(
        request.ordering,
        Some(vec![OrderBy {
            field: Some(OrderByField::Id),
            order: Some(SortOrder::Ascending),
        }])
    );
    let by_name = vec![OrderBy {
        field: Some(OrderByField::Name),
        order: Some(SortOrder::Descending),
    }];
    request.ordering = Some(by_name.clone());
    request.order_by_id_when_unordered();
    assert_eq!(request.ordering, Some(by_name));
    assert_eq!(v13::SearchAccountsRequest::MAX_PAGE_SIZE, Some(1000));
    assert_eq!(v13::SearchClientLinksRequest::MAX_PAGE_SIZE, Some(100));
    assert_eq!(v13::SearchCustomersRequest::MAX_PAGE_SIZE, Some(1024));
}

#[tokio::test]
async fn the_common_paths_over_both_wire_forms() {
    use bingads::client::TryStreamExt;
    let emulator = Emulator::builder().start().await.unwrap();
    for transport in BOTH {
        let c = client(emulator.environment(), transport);
        let accounts: Vec<_> = c
            .accounts_of_user(None)
            .try_collect()
            .await
            .unwrap_or_else(|e| panic!("{transport:?}: {e}"));
        let ids: Vec<_> = accounts.iter().map(|a| a.id).collect();
        assert_eq!(ids, [Some(2001), Some(2002)], "{transport:?}");
        let found = c.users_by_email(1001, " PAT@contoso.com").await.unwrap();
        let ids: Vec<_> = found.iter().map(|u| u.id).collect();
        assert_eq!(ids, [Some(3002)], "{transport:?}");
        assert!(c
            .users_by_email(1001, "nobody@contoso.com")
            .await
            .unwrap()
            .is_empty());
    }
}

#[test]
fn typed_predicates_build_the_documented_pairs() {
    use v13::search::{ClientLinksBy, CustomersBy};
    let market = v13::SearchCustomersRequest::by([CustomersBy::Market {
        country: "US".into(),
        language: "English".into(),
    }]);
    let fields: Vec<_> = market
        .predicates
        .unwrap()
        .into_iter()
        .map(|p| (p.field.unwrap(), p.value.unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("MarketCountry".to_string(), "US".to_string()),
            ("MarketLanguage".to_string(), "English".to_string())
        ]
    );
    let links = v13::SearchClientLinksRequest::by([ClientLinksBy::DirectManagingCustomerId(7)]);
    let p = &links.predicates.unwrap()[0];
    assert_eq!(p.field.as_deref(), Some("DirectManagingCustomerId"));
    assert_eq!(p.operator, Some(v13::entities::PredicateOperator::Equals));
}
