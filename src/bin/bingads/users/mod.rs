//! `bingads users …`: the users of Microsoft Advertising (Customer Management v13) across every
//! customer one can see: list them, find them by e-mail, delete them (one, or a CSV file with a
//! report that keeps each user's roles), and invite them again from that report.

mod bulk;
mod files;

use std::path::PathBuf;

use bingads::client::Error;
use bingads::v13::customer_management::users::UserDetails;
use bingads::v13::CustomerManagementClient;
use clap::{Args, Subcommand};
use serde_json::{json, Value};

use crate::bulk::RunOptions;
use crate::call::Connection;
use crate::{print_json, Failure};

#[derive(Subcommand)]
pub(crate) enum UsersCommand {
    /// Print the users of every customer one can see, one JSON object per line: id, e-mail,
    /// user name, status, customer ids and CustomerRoles.
    List {
        #[command(flatten)]
        connection: Connection,
    },
    /// Print the users whose e-mail address or user name is EMAIL (any case), one per line.
    /// None is an error (exit 3).
    Find {
        #[arg(long)]
        email: String,
        #[command(flatten)]
        connection: Connection,
    },
    /// Delete the user whose e-mail address or user name is EMAIL (its report line goes to
    /// standard output), or every user of a CSV file (--from). An address two users share
    /// deletes neither: name the one by its id in the file.
    Delete {
        #[arg(long, required_unless_present = "from", conflicts_with = "from")]
        email: Option<String>,
        /// A CSV file of users: one column of e-mail addresses (or user names with `@`) or
        /// user ids, or a header row naming the column (`email`, `userName`, `user`, `userId`,
        /// `id`). Every address is resolved before anything is deleted.
        #[arg(long)]
        from: Option<PathBuf>,
        #[command(flatten)]
        changes: Changes,
    },
    /// Invite again, with the same roles (one SendUserInvitation per CustomerRole), every user
    /// a `users delete` report lists as deleted.
    Reinvite {
        /// The report of a `users delete` run.
        #[arg(long)]
        from: PathBuf,
        #[command(flatten)]
        changes: Changes,
    },
}

/// The options of a command that changes something.
#[derive(Args)]
pub(crate) struct Changes {
    /// Resolve the users and print what would be sent; change nothing.
    #[arg(long)]
    dry_run: bool,
    #[command(flatten)]
    run: RunOptions,
    #[command(flatten)]
    connection: Connection,
}

/// The Customer Management client the options name.
fn client(connection: &Connection) -> Result<CustomerManagementClient, Failure> {
    crate::credentials::one_stdin(&connection.stdin_readers())?;
    connection
        .builder::<CustomerManagementClient>(&bingads::v13::customer_management::SERVICE, false)?
        .build()
        .map_err(failure)
}

pub(crate) fn failure(error: Error) -> Failure {
    Failure::new(crate::call::exit_code(&error), error.to_string())
}

/// A user as `list` and `find` print it. Ids are strings, as `long`s are in the JSON view;
/// `CustomerRoles` is the JSON view of GetUser's.
fn user_json(user: &UserDetails) -> Value {
    let ids: Vec<String> = user.customer_ids().iter().map(i64::to_string).collect();
    json!({
        "user": user.id().map(|id| id.to_string()),
        "email": user.email(),
        "user_name": user.user.user_name,
        "status": user.user.user_life_cycle_status,
        "customer_ids": ids,
        "CustomerRoles": user.customer_roles,
    })
}

/// What a report keeps of a user before its delete: what `reinvite` needs (names, e-mail,
/// Lcid, CustomerRoles), in the JSON view.
fn before_json(user: &UserDetails) -> Value {
    let full = json!(user.user);
    let mut kept = serde_json::Map::new();
    for key in [
        "Id",
        "UserName",
        "CustomerId",
        "Name",
        "Lcid",
        "UserLifeCycleStatus",
    ] {
        if let Some(v) = full.get(key) {
            kept.insert(key.into(), v.clone());
        }
    }
    if let Some(email) = user.email() {
        kept.insert("ContactInfo".into(), json!({"Email": email}));
    }
    json!({"User": kept, "CustomerRoles": user.customer_roles})
}

pub(crate) fn run(command: UsersCommand) -> Result<(), Failure> {
    match command {
        UsersCommand::List { connection } => {
            let client = client(&connection)?;
            let users = crate::runtime()?
                .block_on(client.visible_users())
                .map_err(failure)?;
            users
                .iter()
                .try_for_each(|u| print_json(&user_json(u), false))
        }
        UsersCommand::Find { email, connection } => {
            let client = client(&connection)?;
            let users = crate::runtime()?
                .block_on(client.find_users(&email))
                .map_err(failure)?;
            if users.is_empty() {
                return Err(Failure::new(
                    Failure::FAULT,
                    format!("no user of the customers you can see has the e-mail address or user name {email}"),
                ));
            }
            users
                .iter()
                .try_for_each(|u| print_json(&user_json(u), false))
        }
        UsersCommand::Delete {
            email: Some(email),
            changes,
            ..
        } => bulk::delete_one_user(&client(&changes.connection)?, email, changes.dry_run),
        UsersCommand::Delete {
            from: Some(from),
            changes,
            ..
        } => {
            let report = changes.run.report_path(&from, ".report.jsonl");
            let targets = files::read_targets(&from)?;
            let client = client(&changes.connection)?;
            bulk::delete(&client, targets, changes.dry_run, &changes.run, &report)
        }
        UsersCommand::Delete { .. } => Err(Failure::usage("give --email or --from")),
        UsersCommand::Reinvite { from, changes } => {
            let report = changes.run.report_path(&from, ".reinvite.jsonl");
            if report == from {
                return Err(Failure::usage(
                    "--report must not be the report being re-invited from",
                ));
            }
            let invitations = files::invitations_in_report(&from)?;
            let client = client(&changes.connection)?;
            bulk::reinvite(&client, invitations, changes.dry_run, &changes.run, &report)
        }
    }
}
