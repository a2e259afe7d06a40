//! The whole story in one command, offline: the emulator starts in this process, and the real
//! clients talk to it over HTTP on 127.0.0.1.
//!
//! 1. Customer Management v13 over REST (the default): GetUser, then DeleteUser with the
//!    user's TimeStamp.
//! 2. Someone edits a user over SOAP (same store), and the DeleteUser with the TimeStamp read
//!    before that earns a typed fault.
//! 3. Partner Center: delete a customer user, list the deleted ones with their purge dates,
//!    restore the user.
//!
//! Run: `cargo run --example quickstart`

use bingads::client::{Error, TrackingId, Transport};
use bingads::emulator::Emulator;
use bingads::partner_center::PartnerCenterClient;
use bingads::v13::customer_management::{DeleteUserRequest, GetUserRequest, UpdateUserRequest};
use bingads::v13::CustomerManagementClient;
use bingads::xml::XmlEnum;
use futures_util::TryStreamExt;

/// The Partner Center customer and user of the emulator's default data set.
const CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
const PC_USER: &str = "4f5e6d7c-0000-4000-8000-000000000001";

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("\nquickstart failed: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::builder().start().await?;
    let soap_endpoint = emulator.endpoint(&bingads::v13::customer_management::SERVICE);
    println!("Emulator listening on {}", emulator.url());
    println!("  Customer Management v13 REST root: {}", emulator.url());
    println!("  Customer Management v13 SOAP:      {soap_endpoint}\n");

    // REST is the default transport for v13; the emulator's environment knows both URLs.
    let client = CustomerManagementClient::builder()
        .environment(emulator.environment())
        .developer_token("my-developer-token")
        .access_token("my-oauth-access-token")
        .build()?;
    // The same types and policy over SOAP: one builder line.
    let soap = CustomerManagementClient::builder()
        .environment(emulator.environment())
        .transport(Transport::Soap)
        .developer_token("my-developer-token")
        .access_token("my-oauth-access-token")
        .build()?;

    println!("1. GetUser, then DeleteUser with its TimeStamp (REST)");
    let got = client
        .get_user(GetUserRequest {
            user_id: Some(3002),
        })
        .await?;
    let user = got.body.user.clone().unwrap_or_default();
    let name = user.name.clone().unwrap_or_default();
    println!(
        "   user {} {} {} <{}>, status {}",
        user.id.unwrap_or_default(),
        name.first_name.as_deref().unwrap_or("?"),
        name.last_name.as_deref().unwrap_or("?"),
        user.user_name.as_deref().unwrap_or("?"),
        user.user_life_cycle_status
            .as_ref()
            .map_or("?", |s| s.as_wire()),
    );
    println!("   TrackingId {}", got.tracking_id().unwrap_or("(none)"));
    let deleted = client
        .delete_user(DeleteUserRequest {
            user_id: user.id,
            time_stamp: user.time_stamp.clone(),
        })
        .await?;
    println!(
        "   deleted; TrackingId {}\n",
        deleted.tracking_id().unwrap_or("(none)")
    );

    println!("2. An edit over SOAP, then DeleteUser over REST with the older TimeStamp");
    let sam = client
        .get_user(GetUserRequest {
            user_id: Some(3003),
        })
        .await?
        .body
        .user
        .unwrap_or_default();
    let old_time_stamp = sam.time_stamp.clone();
    // Someone else edits the user in between: the service issues a new TimeStamp.
    let mut edited = sam.clone();
    edited.job_title = Some("Analyst".into());
    let updated = soap
        .update_user(UpdateUserRequest { user: Some(edited) })
        .await?;
    println!(
        "   updated over SOAP; TrackingId {}",
        updated.tracking_id().unwrap_or("(none)")
    );
    match client
        .delete_user(DeleteUserRequest {
            user_id: sam.id,
            time_stamp: old_time_stamp,
        })
        .await
    {
        // A stale TimeStamp always comes back as this variant, over REST and SOAP alike.
        Err(Error::StaleTimeStamp(fault)) => {
            for code in fault.error_codes() {
                println!(
                    "   refused: {} {} ({:?})",
                    code.code(),
                    code.name().unwrap_or(""),
                    code.class()
                );
            }
            println!("   {fault}\n");
        }
        Ok(_) => return Err("a stale TimeStamp was accepted".into()),
        Err(e) => return Err(e.into()),
    }

    println!("3. Partner Center: delete, list deleted, restore");
    let pc = PartnerCenterClient::builder()
        .base_url(emulator.url())
        .access_token("my-partner-center-token")
        .build()?;
    let out = pc.delete_user(CUSTOMER, PC_USER).await?;
    println!(
        "   deleted {PC_USER} ({:?}, MS-RequestId {})",
        out.body, out.ids.request_id
    );
    let deleted: Vec<_> = pc.deleted_users(CUSTOMER).try_collect().await?;
    println!(
        "   {} deleted users, restorable until purged:",
        deleted.len()
    );
    for user in &deleted {
        println!(
            "     {:<32} deleted {}  purged {}",
            user.user_principal_name.as_deref().unwrap_or("?"),
            user.soft_deletion_time
                .map(bingads::time::format_rfc3339)
                .as_deref()
                .unwrap_or("?"),
            user.purge_at_text().as_deref().unwrap_or("?"),
        );
    }
    let restored = pc.restore_user(CUSTOMER, PC_USER).await?;
    println!(
        "   restored {} (state {})",
        restored.body.user().display_name.as_deref().unwrap_or("?"),
        restored
            .body
            .user()
            .state
            .as_ref()
            .map_or("?", |s| s.as_str()),
    );

    emulator.shutdown().await;
    println!(
        "\nDone. Point the same code at Microsoft with Environment::Production and real tokens."
    );
    Ok(())
}
