//! The everyday tasks of a Microsoft Advertising integration, against the built-in emulator,
//! over REST and then SOAP (one builder line apart):
//!
//! 1. every account the signed-in user can reach (all pages);
//! 2. offboard a person by e-mail from every customer one can see: find the user, delete with
//!    the TimeStamp just read (a stale one is told apart, never retried blindly);
//! 3. Partner Center: find the user by UPN, delete, list the deleted with purge dates, restore.
//!
//! Run: `cargo run --example tasks`

use bingads::client::{Environment, Transport, TryStreamExt};
use bingads::emulator::Emulator;
use bingads::partner_center::PartnerCenterClient;
use bingads::v13::customer_management::users::UserDeletion;
use bingads::v13::CustomerManagementClient;

const PC_CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::builder().start().await?;
    // Against Microsoft: Environment::Production (or Sandbox) and real tokens.
    let environment: Environment = emulator.environment();
    for (transport, email) in [
        (Transport::Rest, "pat@contoso.com"),
        (Transport::Soap, "sam@contoso.com"),
    ] {
        println!("== {transport:?}");
        let client = CustomerManagementClient::builder()
            .environment(environment.clone())
            .transport(transport)
            .developer_token("developer-token")
            .access_token("access-token")
            .on_retry(|wait| eprintln!("{wait}"))
            .build()?;

        let accounts: Vec<_> = client.accounts_of_user(None).try_collect().await?;
        for account in &accounts {
            println!("account {:?} {:?}", account.id, account.name);
        }

        let users = client.find_users(email).await?;
        let [user] = users.as_slice() else {
            return Err(format!("{email}: {} users match, expected one", users.len()).into());
        };
        let id = user.id().ok_or("a user without an id")?;
        match client
            .delete_user_at(id, user.user.time_stamp.clone())
            .await
        {
            Ok(UserDeletion::Changed { stale, .. }) => println!("{email} changed: {stale}"),
            Ok(done) => println!("{email}: {done:?}"),
            Err(e) if e.is_not_authorized() => println!("not allowed to delete {email}: {e}"),
            Err(e) => return Err(e.into()),
        }
    }

    println!("== Partner Center");
    let pc = PartnerCenterClient::builder()
        .base_url(emulator.url())
        .access_token("partner-center-token")
        .build()?;
    let upn = "TAYLOR@contoso.onmicrosoft.com";
    let user = pc
        .find_user_by_upn(PC_CUSTOMER, upn) // any case, as Entra ID compares names
        .await?
        .ok_or(format!("no user {upn}"))?;
    let id = user.id.clone().ok_or("a user without an id")?;
    pc.delete_user(PC_CUSTOMER, &id).await?;
    for deleted in pc
        .deleted_users(PC_CUSTOMER)
        .try_collect::<Vec<_>>()
        .await?
    {
        println!(
            "deleted {:?}, purged {:?}",
            deleted.user_principal_name,
            deleted.purge_at_text()
        );
    }
    pc.restore_user(PC_CUSTOMER, &id).await?;
    println!("restored {upn}");
    emulator.shutdown().await;
    Ok(())
}
