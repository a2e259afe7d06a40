//! Calling the live service with an OAuth refresh token, persisting rotated refresh tokens.
//!
//! ```sh
//! export BINGADS_CLIENT_ID=…          # your Azure app registration
//! export BINGADS_REFRESH_TOKEN=…      # from the consent flow (stored in ./refresh_token.txt after the first run)
//! export BINGADS_DEVELOPER_TOKEN=…
//! export BINGADS_ENVIRONMENT=sandbox  # or production (default)
//! cargo run --example refresh_token
//! ```

use std::sync::Arc;

use bingads::auth::{OAuthEnvironment, OAuthRefreshToken};
use bingads::client::{Environment, RetryConfig, TrackingId};
use bingads::v13::customer_management::GetUserRequest;
use bingads::v13::CustomerManagementClient;

const STORE: &str = "refresh_token.txt";

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        eprintln!("set {name} (see the comment at the top of examples/refresh_token.rs)");
        std::process::exit(2);
    })
}

#[tokio::main]
async fn main() {
    let sandbox =
        std::env::var("BINGADS_ENVIRONMENT").is_ok_and(|e| e.eq_ignore_ascii_case("sandbox"));
    // A refresh token saved by an earlier run wins: the identity platform rotates them.
    let refresh_token = std::fs::read_to_string(STORE)
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| env("BINGADS_REFRESH_TOKEN"));
    let provider = OAuthRefreshToken::builder(env("BINGADS_CLIENT_ID"), refresh_token)
        .environment(if sandbox {
            OAuthEnvironment::Sandbox
        } else {
            OAuthEnvironment::Production
        })
        .on_refresh_token(|new| {
            if let Err(e) = std::fs::write(STORE, new.expose()) {
                eprintln!("could not save the new refresh token: {e}");
            }
        })
        .build();
    let client = CustomerManagementClient::builder()
        .environment(if sandbox {
            Environment::Sandbox
        } else {
            Environment::Production
        })
        .developer_token(env("BINGADS_DEVELOPER_TOKEN"))
        .token_provider(Arc::new(provider))
        .retry(RetryConfig::standard())
        .build()
        .unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(2);
        });
    // GetUser without a UserId returns the signed-in user.
    match client.get_user(GetUserRequest::default()).await {
        Ok(out) => {
            let user = out.body.user.clone().unwrap_or_default();
            println!(
                "signed in as {} (user {:?}), TrackingId {:?}",
                user.user_name.unwrap_or_default(),
                user.id,
                out.tracking_id()
            );
        }
        // The credentials themselves (105, 109, a refused token): a new sign-in may help.
        Err(e) if e.is_auth() => {
            eprintln!("{e}\nsign in again to get a new refresh token");
            std::process::exit(3);
        }
        // Signed in, but this user may not do it (106): a new sign-in would not help.
        Err(e) if e.is_not_authorized() => {
            eprintln!("{e}\nthe signed-in user lacks the role for this; ask a Super Admin");
            std::process::exit(3);
        }
        // The error's text already carries the codes, HTTP status and TrackingId.
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(if e.fault().is_some() { 3 } else { 4 });
        }
    }
}
