//! `bingads pc …`: Partner Center customer users, one at a time or in bulk (by id or by
//! sign-in name, with a report that can undo the run), and the MFA check.

mod bulk;
mod files;

use std::path::PathBuf;
use std::sync::Arc;

use bingads::auth::{OAuthRefreshToken, TokenProvider};
use bingads::client::RetryConfig;
use bingads::partner_center::{
    CustomerUser, DeleteOutcome, ErrorKind, PartnerCenterClient, PartnerCenterError, PcResponse,
    RequestIds, DEFAULT_BASE_URL,
};
use clap::{Args, Subcommand};
use futures_util::TryStreamExt;
use serde_json::{json, Value};

use crate::bulk::RunOptions;
use crate::{print_json, Failure};

#[derive(Subcommand)]
pub(crate) enum PcCommand {
    /// Customer users: list, get, delete (soft: restorable for 30 days), list deleted, restore.
    Users {
        #[command(subcommand)]
        action: UsersAction,
    },
    /// One cheap call with `ValidateMfa: true`: does the sign-in carry MFA, as Partner Center
    /// requires of App+User calls since 2026-04-01? Exit 0 yes, 3 no or refused.
    CheckMfa {
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Subcommand)]
pub(crate) enum UsersAction {
    /// Print the active users as JSON lines (all pages), or only those named with --upn.
    List {
        #[command(flatten)]
        common: Common,
        /// Only the user with this sign-in name (any case); repeatable. A name no active user
        /// has is an error naming it.
        #[arg(long)]
        upn: Vec<String>,
    },
    /// Print one user as JSON.
    Get {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        user: String,
    },
    /// Delete one user (--user) or every user listed in a CSV file (--from).
    Delete {
        #[command(flatten)]
        common: Common,
        #[arg(long, required_unless_present = "from", conflicts_with = "from")]
        user: Option<String>,
        /// A CSV file of users: one column of ids (GUIDs) or sign-in names (values with `@`),
        /// or a header row naming the column (`user`, `userId`, `id`, or `upn`,
        /// `userPrincipalName`, `email`). Names are resolved to ids before anything is deleted.
        #[arg(long)]
        from: Option<PathBuf>,
        #[command(flatten)]
        run: RunOptions,
    },
    /// Print the deleted (restorable) users, one JSON object per line, each with `purgeAt`.
    Deleted {
        #[command(flatten)]
        common: Common,
    },
    /// Restore a deleted user (--user), or every user a delete report lists as deleted (--from).
    Restore {
        #[command(flatten)]
        common: Common,
        #[arg(long, required_unless_present = "from", conflicts_with = "from")]
        user: Option<String>,
        /// The report of a `pc users delete --from` run (its users come back).
        #[arg(long)]
        from: Option<PathBuf>,
        #[command(flatten)]
        run: RunOptions,
    },
}

#[derive(Args)]
pub(crate) struct Common {
    /// The customer (tenant) id, a GUID.
    #[arg(long)]
    customer: String,
    /// The host root; the client adds /v1/… (e.g. the emulator's URL). https, or http to
    /// loopback only.
    #[arg(long, env = "PARTNER_CENTER_BASE_URL", default_value = DEFAULT_BASE_URL)]
    base_url: String,
    /// Print the requests that would change something, and send none of them.
    #[arg(long)]
    dry_run: bool,
    /// The bearer token from this file (else $PARTNER_CENTER_TOKEN, else the token store).
    #[arg(long)]
    token_file: Option<PathBuf>,
    /// The bearer token from standard input.
    #[arg(long, conflicts_with_all = ["refresh_token_stdin", "client_secret_stdin"])]
    token_stdin: bool,
    /// Without a token: the app id whose refresh token gets one.
    #[arg(long, env = "PARTNER_CENTER_CLIENT_ID")]
    client_id: Option<String>,
    /// The refresh token from this file (else $PARTNER_CENTER_REFRESH_TOKEN).
    #[arg(long)]
    refresh_token_file: Option<PathBuf>,
    /// The refresh token from standard input.
    #[arg(long, conflicts_with = "client_secret_stdin")]
    refresh_token_stdin: bool,
    /// The client secret from this file (else $PARTNER_CENTER_CLIENT_SECRET).
    #[arg(long)]
    client_secret_file: Option<PathBuf>,
    /// The client secret from standard input.
    #[arg(long)]
    client_secret_stdin: bool,
    /// The OAuth token endpoint, when not Microsoft's (https, or http to loopback).
    #[arg(long, env = "PARTNER_CENTER_OAUTH_TOKEN_URL")]
    token_url: Option<String>,
    /// Without a token variable: the token store `bingads auth login --partner-center` wrote.
    #[arg(long)]
    token_store: Option<std::path::PathBuf>,
    /// Total attempts per request, the first included.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    max_attempts: u32,
}

/// The exit code for a Partner Center error.
pub(crate) fn exit_code(error: &PartnerCenterError) -> u8 {
    match error.kind() {
        ErrorKind::InvalidId { .. } | ErrorKind::Construction(_) => Failure::USAGE,
        ErrorKind::Api { .. } | ErrorKind::Throttled { .. } | ErrorKind::MfaRequired { .. } => {
            Failure::FAULT
        }
        _ => Failure::TRANSPORT,
    }
}

pub(crate) fn failure(error: PartnerCenterError) -> Failure {
    Failure::new(exit_code(&error), error.to_string())
}

/// `reads` says the command reads from Partner Center even in a dry run (it resolves names or
/// lists users), so it needs credentials then too.
fn client(common: &Common, idempotent: bool, reads: bool) -> Result<PartnerCenterClient, Failure> {
    let mut builder = PartnerCenterClient::builder()
        .base_url(common.base_url.clone())
        .retry(RetryConfig::standard().with_max_attempts(common.max_attempts))
        .treat_already_deleted_as_success(idempotent)
        .treat_already_active_as_success(idempotent);
    if let Some(url) = &common.token_url {
        crate::credentials::secure_url("token URL", url)?;
    }
    use crate::credentials::{read_secret, PC_CLIENT_SECRET, PC_REFRESH_TOKEN, PC_TOKEN};
    let token = read_secret(PC_TOKEN, common.token_file.as_deref(), common.token_stdin)?;
    let refresh_token = read_secret(
        PC_REFRESH_TOKEN,
        common.refresh_token_file.as_deref(),
        common.refresh_token_stdin,
    )?;
    let client_secret = read_secret(
        PC_CLIENT_SECRET,
        common.client_secret_file.as_deref(),
        common.client_secret_stdin,
    )?;
    let offline = common.dry_run && !reads;
    match (token, common.client_id.clone(), refresh_token) {
        (Some(token), _, _) => builder = builder.access_token(token),
        (None, Some(client_id), Some(refresh_token)) => {
            let mut oauth = OAuthRefreshToken::builder(client_id, refresh_token).partner_center();
            if let Some(secret) = client_secret {
                oauth = oauth.client_secret(secret);
            }
            if let Some(url) = common.token_url.clone() {
                oauth = oauth.token_url(url);
            }
            let provider: Arc<dyn TokenProvider> = Arc::new(oauth.build());
            builder = builder.token_provider(provider);
        }
        // A dry run that only prints sends nothing, so it needs no token.
        _ if offline => builder = builder.access_token("dry-run"),
        (None, _, None) => {
            // No token variable: a Partner Center sign-in from the store, if there is one.
            let stored = crate::credentials::stored_provider(
                common.token_store.as_ref(),
                bingads::auth::OAuthEnvironment::Production,
                true,
                common.client_id.as_deref(),
                client_secret,
                common.token_url.clone(),
            )?;
            let Some(provider) = stored else {
                return Err(no_credentials());
            };
            let provider: Arc<dyn TokenProvider> = provider;
            builder = builder.token_provider(provider);
        }
        _ => return Err(no_credentials()),
    }
    builder.build().map_err(failure)
}

fn no_credentials() -> Failure {
    Failure::usage(
        "no Partner Center credentials: set PARTNER_CENTER_TOKEN (or --token-file / --token-stdin), or PARTNER_CENTER_CLIENT_ID and PARTNER_CENTER_REFRESH_TOKEN, or sign in with bingads auth login --partner-center",
    )
}

/// The user as JSON, with `purgeAt` when it is deleted.
pub(crate) fn user_json(user: &CustomerUser) -> Value {
    let mut value = json!(user);
    if let (Some(purge), Value::Object(map)) = (user.purge_at_text(), &mut value) {
        map.insert("purgeAt".into(), json!(purge));
    }
    value
}

pub(crate) fn ids_json(ids: &RequestIds) -> Value {
    json!({"request_id": ids.request_id, "correlation_id": ids.correlation_id})
}

pub(crate) fn merge(doc: &mut Value, more: Value) {
    if let (Value::Object(a), Value::Object(b)) = (doc, more) {
        a.extend(b);
    }
}

fn dry_run(method: &str, url: &str) -> Result<(), Failure> {
    print_json(
        &json!({"dry_run": true, "method": method, "url": url}),
        false,
    )
}

pub(crate) fn outcome_name(outcome: DeleteOutcome) -> &'static str {
    match outcome {
        DeleteOutcome::Deleted => "deleted",
        DeleteOutcome::AlreadyDeleted => "already_deleted",
    }
}

/// The MFA check before a run: a refused or non-MFA token stops it with nothing changed
/// (exit 3); an unreadable customer too.
pub(crate) async fn require_mfa(
    client: &PartnerCenterClient,
    customer: &str,
) -> Result<(), Failure> {
    mfa_verdict(client.check_mfa(customer).await, customer)
}

fn mfa_verdict(
    result: Result<PcResponse<Option<bool>>, PartnerCenterError>,
    customer: &str,
) -> Result<(), Failure> {
    match result {
        Ok(out) if out.body == Some(false) => Err(Failure::new(
            Failure::FAULT,
            format!(
                "Partner Center says this sign-in is not MFA-compliant (isMfaCompliant: false; MS-RequestId {}), so nothing was changed: App+User calls without MFA are refused since 2026-04-01. Sign in again interactively with MFA: bingads auth login --partner-center",
                out.ids.request_id
            ),
        )),
        Ok(out) => {
            if out.body.is_none() {
                eprintln!(
                    "note: Partner Center did not say whether the sign-in is MFA-compliant (no isMfaCompliant in its answer)"
                );
            }
            Ok(())
        }
        Err(e) if e.is_mfa_required() => Err(Failure::new(
            Failure::FAULT,
            format!("nothing was changed: {e}"),
        )),
        Err(e) => Err(Failure::new(
            exit_code(&e),
            format!("customer {customer} cannot be read, so nothing was changed: {e}"),
        )),
    }
}

/// One request about one user: on a dry run its method and URL are printed instead (`None`).
fn one_user<T>(
    common: &Common,
    user: &str,
    method: &str,
    send: impl AsyncFnOnce(&PartnerCenterClient, &str, &str) -> Result<T, PartnerCenterError>,
) -> Result<Option<T>, Failure> {
    let client = client(common, false, false)?;
    let url = client.user_url(&common.customer, user).map_err(failure)?;
    if common.dry_run {
        return dry_run(method, &url).map(|_| None);
    }
    crate::runtime()?
        .block_on(send(&client, &common.customer, user))
        .map(Some)
        .map_err(failure)
}

pub(crate) fn run(command: PcCommand) -> Result<(), Failure> {
    let action = match command {
        PcCommand::Users { action } => action,
        PcCommand::CheckMfa { common } => return check_mfa(&common),
    };
    match action {
        UsersAction::List { common, upn } => list(&common, &upn),
        UsersAction::Get { common, user } => {
            let Some(out) = one_user(&common, &user, "GET", async |c, customer, user| {
                c.get_user(customer, user).await
            })?
            else {
                return Ok(());
            };
            print_json(&user_json(&out.body), true)
        }
        UsersAction::Restore {
            common,
            user: Some(user),
            ..
        } => {
            let Some(out) = one_user(&common, &user, "PATCH", async |c, customer, user| {
                c.restore_user(customer, user).await
            })?
            else {
                return Ok(());
            };
            print_json(&user_json(out.body.user()), true)
        }
        UsersAction::Restore {
            common,
            from: Some(from),
            run,
            ..
        } => {
            let report = run.report_path(&from, ".restore.jsonl");
            bulk::restore(&common, &from, &run, &report)
        }
        UsersAction::Deleted { common } => {
            let client = client(&common, false, false)?;
            let url = client.users_url(&common.customer, true).map_err(failure)?;
            if common.dry_run {
                return dry_run("GET", &url);
            }
            crate::runtime()?.block_on(async {
                let mut users = std::pin::pin!(client.deleted_users(&common.customer));
                while let Some(user) = users.try_next().await.map_err(failure)? {
                    print_json(&user_json(&user), false)?;
                }
                Ok(())
            })
        }
        UsersAction::Delete {
            common,
            user: Some(user),
            ..
        } => {
            let Some(out) = one_user(&common, &user, "DELETE", async |c, customer, user| {
                c.delete_user(customer, user).await
            })?
            else {
                return Ok(());
            };
            let mut doc = json!({"user": user, "outcome": outcome_name(out.body)});
            merge(&mut doc, ids_json(&out.ids));
            print_json(&doc, false)
        }
        UsersAction::Delete {
            common,
            from: Some(from),
            run,
            ..
        } => {
            let report = run.report_path(&from, ".report.jsonl");
            bulk::delete(&common, &from, &run, &report)
        }
        UsersAction::Delete { .. } | UsersAction::Restore { .. } => {
            Err(Failure::usage("give --user or --from"))
        }
    }
}

/// `pc users list`: every active user, or the ones named.
fn list(common: &Common, upns: &[String]) -> Result<(), Failure> {
    let client = client(common, false, true)?;
    let customer = common.customer.as_str();
    crate::runtime()?.block_on(async {
        if upns.is_empty() {
            let mut users = std::pin::pin!(client.users(customer));
            while let Some(user) = users.try_next().await.map_err(failure)? {
                print_json(&user_json(&user), false)?;
            }
            return Ok(());
        }
        let found = client
            .find_users_by_upn(customer, upns)
            .await
            .map_err(failure)?;
        let mut missing = Vec::new();
        let mut printed = std::collections::HashSet::new();
        for (upn, user) in &found {
            match user {
                Some(user) if printed.insert(user.id.clone()) => {
                    print_json(&user_json(user), false)?
                }
                Some(_) => {}
                None => missing.push(upn.as_str()),
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Failure::new(
                Failure::FAULT,
                format!(
                    "no active user of customer {customer} has the sign-in name {}",
                    missing.join(", ")
                ),
            ))
        }
    })
}

/// `pc check-mfa`: prints `{"customer", "mfa_compliant": true|false|null, ids}`; exit 0
/// unless the token is refused or said not to be compliant.
fn check_mfa(common: &Common) -> Result<(), Failure> {
    let client = client(common, false, true)?;
    let customer = common.customer.as_str();
    let result = crate::runtime()?.block_on(client.check_mfa(customer));
    let (compliant, ids) = match &result {
        Ok(out) => (json!(out.body), Some(&out.ids)),
        Err(e) if e.is_mfa_required() => (json!(false), e.ids()),
        Err(_) => return mfa_verdict(result, customer),
    };
    let mut doc = json!({"customer": customer, "mfa_compliant": compliant});
    if let Some(ids) = ids {
        merge(&mut doc, ids_json(ids));
    }
    print_json(&doc, false)?;
    mfa_verdict(result, customer)
}
