//! Credentials never follow a redirect: the SOAP and REST clients, the token provider and
//! the Partner Center client answer a 3xx with an error that names the status and the host,
//! and the other server never receives a request (reqwest would re-send a 307 / 308 body,
//! which carries the tokens).

mod common;

use bingads::auth::{OAuthRefreshToken, TokenProvider};
use bingads::client::{Error, RetryConfig, Transport};
use bingads::partner_center::PartnerCenterClient;
use bingads::v13::customer_management as v13;
use bingads::v13::CustomerManagementClient;
use common::server::{serve, Reply, TestServer};

/// A server that sends every request on to `target` with `status`.
async fn redirecting_to(target: &TestServer, status: u16) -> TestServer {
    let location = format!("{}/elsewhere", target.url);
    serve(move |_, _| {
        let location = location.clone();
        async move {
            let mut reply = Reply::new(status, "");
            reply.headers.push(("location", location));
            reply
        }
    })
    .await
}

#[tokio::test]
async fn the_service_clients_do_not_follow_redirects() {
    let other = serve(|_, _| async { Reply::json(200, "{}") }).await;
    for status in [301, 302, 307, 308] {
        let redirect = redirecting_to(&other, status).await;
        for transport in [Transport::Rest, Transport::Soap] {
            let client = CustomerManagementClient::builder()
                .transport(transport)
                .endpoint(&redirect.url)
                .developer_token("dev")
                .access_token("secret-token")
                .retry(RetryConfig::standard())
                .no_proxy()
                .build()
                .unwrap();
            let e = client
                .delete_user(v13::DeleteUserRequest::default())
                .await
                .unwrap_err();
            assert!(
                matches!(e, Error::Http { status: s, .. } if s == status),
                "{e:?}"
            );
            let text = e.to_string();
            assert!(
                text.contains(&status.to_string()) && text.contains("127.0.0.1"),
                "{text}"
            );
            assert!(!text.contains("secret-token"));
        }
        assert_eq!(
            redirect.hits(),
            2,
            "one request per transport, never repeated"
        );
    }
    assert_eq!(other.hits(), 0, "nothing reached the other server");
}

#[tokio::test]
async fn the_token_request_does_not_follow_redirects() {
    let other =
        serve(|_, _| async { Reply::json(200, r#"{"access_token":"x","expires_in":3600}"#) }).await;
    let redirect = redirecting_to(&other, 307).await;
    let provider = OAuthRefreshToken::builder("client", "refresh-secret")
        .client_secret("client-secret")
        .token_url(format!("{}/token", redirect.url))
        .build();
    let e = provider.access_token().await.unwrap_err();
    assert!(e.to_string().contains("307"), "{e}");
    assert_eq!(other.hits(), 0);
}

#[tokio::test]
async fn partner_center_does_not_follow_redirects() {
    let other = serve(|_, _| async { Reply::json(200, "{}") }).await;
    let redirect = redirecting_to(&other, 308).await;
    let pc = PartnerCenterClient::builder()
        .base_url(&redirect.url)
        .access_token("pc-secret")
        .retry(RetryConfig::disabled())
        .no_proxy()
        .build()
        .unwrap();
    let e = pc
        .delete_user(
            "6a3cf2b1-8d7e-4f60-9a1b-2c3d4e5f6a7b",
            "11111111-2222-4333-8444-555555555555",
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(308), "{e:?}");
    assert_eq!(other.hits(), 0);
}

#[test]
fn plain_http_is_refused_for_microsofts_hosts() {
    let e = CustomerManagementClient::builder()
        .endpoint("http://clientcenter.api.bingads.microsoft.com")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("https only"), "{e}");
    // Loopback and other named hosts may be plain http (the emulator, a test proxy).
    assert!(CustomerManagementClient::builder()
        .endpoint("http://127.0.0.1:8080")
        .build()
        .is_ok());
}
