//! `bingads pc users …`: Partner Center customer users, one at a time or in bulk.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bingads::auth::{OAuthRefreshToken, TokenProvider};
use bingads::client::RetryConfig;
use bingads::partner_center::{
    format_rfc3339, CustomerUser, DeleteOutcome, PartnerCenterClient, PartnerCenterError,
    RequestIds, DEFAULT_BASE_URL,
};
use clap::{Args, Subcommand};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};

use crate::{print_json, Failure};

#[derive(Subcommand)]
pub(crate) enum PcCommand {
    /// Customer users: get, delete (soft: restorable for 30 days), list deleted, restore.
    Users {
        #[command(subcommand)]
        action: UsersAction,
    },
}

#[derive(Subcommand)]
pub(crate) enum UsersAction {
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
        /// A CSV file of user ids: one column, or a header row with a `user`, `userId` or
        /// `id` column.
        #[arg(long)]
        from: Option<PathBuf>,
        /// Deletions in flight at once.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
        concurrency: u16,
        /// Where to write one JSON line per user as it is done (default: FROM.report.jsonl).
        #[arg(long, requires = "from")]
        report: Option<PathBuf>,
        /// Skip the users the report already lists as deleted; append to it.
        #[arg(long, requires = "from")]
        resume: bool,
    },
    /// Print the deleted (restorable) users, one JSON object per line, each with `purgeAt`.
    Deleted {
        #[command(flatten)]
        common: Common,
    },
    /// Restore a deleted user (within its 30 days) and print it.
    Restore {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        user: String,
    },
}

#[derive(Args)]
pub(crate) struct Common {
    /// The customer (tenant) id, a GUID.
    #[arg(long)]
    customer: String,
    /// The host root; the client adds /v1/… (e.g. the emulator's URL).
    #[arg(long, env = "PARTNER_CENTER_BASE_URL", default_value = DEFAULT_BASE_URL)]
    base_url: String,
    /// Print the requests that would be sent, and send nothing.
    #[arg(long)]
    dry_run: bool,
    /// Bearer token (default: $PARTNER_CENTER_TOKEN).
    #[arg(long, env = "PARTNER_CENTER_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Without a token: the app id whose refresh token gets one.
    #[arg(long, env = "PARTNER_CENTER_CLIENT_ID")]
    client_id: Option<String>,
    #[arg(long, env = "PARTNER_CENTER_REFRESH_TOKEN", hide_env_values = true)]
    refresh_token: Option<String>,
    #[arg(long, env = "PARTNER_CENTER_CLIENT_SECRET", hide_env_values = true)]
    client_secret: Option<String>,
    /// The OAuth token endpoint, when not Microsoft's.
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
fn exit_code(error: &PartnerCenterError) -> u8 {
    match error {
        PartnerCenterError::InvalidId { .. } | PartnerCenterError::Construction(_) => {
            Failure::USAGE
        }
        PartnerCenterError::Api { .. } | PartnerCenterError::Throttled { .. } => Failure::FAULT,
        _ => Failure::TRANSPORT,
    }
}

fn failure(error: PartnerCenterError) -> Failure {
    Failure::new(exit_code(&error), error.to_string())
}

fn client(common: &Common, idempotent_delete: bool) -> Result<PartnerCenterClient, Failure> {
    let mut builder = PartnerCenterClient::builder()
        .base_url(common.base_url.clone())
        .retry(RetryConfig::standard().with_max_attempts(common.max_attempts))
        .treat_already_deleted_as_success(idempotent_delete);
    // No token variable: a Partner Center sign-in from the store, if there is one.
    let stored = if common.token.as_deref().is_none_or(str::is_empty)
        && common.refresh_token.is_none()
        && !common.dry_run
    {
        crate::credentials::stored_provider(
            common.token_store.as_ref(),
            bingads::auth::OAuthEnvironment::Production,
            true,
            common.client_id.as_deref(),
            common.client_secret.clone(),
            common.token_url.clone(),
        )?
    } else {
        None
    };
    match (
        common.token.clone().filter(|t| !t.is_empty()),
        common.client_id.clone(),
        common.refresh_token.clone(),
    ) {
        (Some(token), _, _) => builder = builder.access_token(token),
        (None, Some(client_id), Some(refresh_token)) => {
            let mut oauth = OAuthRefreshToken::builder(client_id, refresh_token).partner_center();
            if let Some(secret) = common.client_secret.clone() {
                oauth = oauth.client_secret(secret);
            }
            if let Some(url) = common.token_url.clone() {
                oauth = oauth.token_url(url);
            }
            let provider: Arc<dyn TokenProvider> = Arc::new(oauth.build());
            builder = builder.token_provider(provider);
        }
        // A dry run sends nothing, so it needs no token.
        _ if common.dry_run => builder = builder.access_token("dry-run"),
        (None, _, None) if stored.is_some() => {
            if let Some(provider) = stored {
                let provider: Arc<dyn TokenProvider> = provider;
                builder = builder.token_provider(provider);
            }
        }
        _ => {
            return Err(Failure::usage(
                "no Partner Center credentials: set PARTNER_CENTER_TOKEN, or PARTNER_CENTER_CLIENT_ID and PARTNER_CENTER_REFRESH_TOKEN, or sign in with bingads auth login --partner-center",
            ))
        }
    }
    builder.build().map_err(failure)
}

/// The user as JSON, with `purgeAt` when it is deleted.
fn user_json(user: &CustomerUser) -> Value {
    let mut value = json!(user);
    if let (Some(purge), Value::Object(map)) = (user.purge_at_text(), &mut value) {
        map.insert("purgeAt".into(), json!(purge));
    }
    value
}

fn ids_json(ids: &RequestIds) -> Value {
    json!({"request_id": ids.request_id, "correlation_id": ids.correlation_id})
}

fn dry_run(method: &str, url: &str) -> Result<(), Failure> {
    print_json(
        &json!({"dry_run": true, "method": method, "url": url}),
        false,
    )
}

pub(crate) fn run(command: PcCommand) -> Result<(), Failure> {
    let PcCommand::Users { action } = command;
    match action {
        UsersAction::Get { common, user } => {
            let client = client(&common, false)?;
            let url = client.user_url(&common.customer, &user).map_err(failure)?;
            if common.dry_run {
                return dry_run("GET", &url);
            }
            let out = crate::runtime()?
                .block_on(client.get_user(&common.customer, &user))
                .map_err(failure)?;
            print_json(&user_json(&out.body), true)
        }
        UsersAction::Restore { common, user } => {
            let client = client(&common, false)?;
            let url = client.user_url(&common.customer, &user).map_err(failure)?;
            if common.dry_run {
                return dry_run("PATCH", &url);
            }
            let out = crate::runtime()?
                .block_on(client.restore_user(&common.customer, &user))
                .map_err(failure)?;
            print_json(&user_json(out.body.user()), true)
        }
        UsersAction::Deleted { common } => {
            let client = client(&common, false)?;
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
            let client = client(&common, false)?;
            let url = client.user_url(&common.customer, &user).map_err(failure)?;
            if common.dry_run {
                return dry_run("DELETE", &url);
            }
            let out = crate::runtime()?
                .block_on(client.delete_user(&common.customer, &user))
                .map_err(failure)?;
            let mut doc = json!({"user": user, "outcome": outcome_name(out.body)});
            merge(&mut doc, ids_json(&out.ids));
            print_json(&doc, false)
        }
        UsersAction::Delete {
            common,
            from: Some(from),
            concurrency,
            report,
            resume,
            ..
        } => {
            let report = report.unwrap_or_else(|| {
                let mut name = from.clone().into_os_string();
                name.push(".report.jsonl");
                PathBuf::from(name)
            });
            bulk_delete(&common, &from, usize::from(concurrency), &report, resume)
        }
        UsersAction::Delete { .. } => Err(Failure::usage("give --user or --from")),
    }
}

fn outcome_name(outcome: DeleteOutcome) -> &'static str {
    match outcome {
        DeleteOutcome::Deleted => "deleted",
        DeleteOutcome::AlreadyDeleted => "already_deleted",
    }
}

fn merge(doc: &mut Value, more: Value) {
    if let (Value::Object(a), Value::Object(b)) = (doc, more) {
        a.extend(b);
    }
}

/// The user ids of a CSV file, in order, without duplicates. Every id must be a GUID.
fn read_user_ids(path: &Path) -> Result<Vec<String>, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let is_guid = |s: &str| bingads::xml::Guid::new(s).is_ok();
    let mut column = 0;
    let mut ids = Vec::new();
    let mut seen = HashSet::new();
    let mut bad = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 1;
        let record =
            record.map_err(|e| Failure::usage(format!("{}: line {line}: {e}", path.display())))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if index == 0 && !record.iter().any(is_guid) {
            // A header row: find the user id column.
            column = record
                .iter()
                .position(|h| {
                    matches!(
                        h.to_ascii_lowercase().as_str(),
                        "user" | "userid" | "user_id" | "user id" | "id"
                    )
                })
                .ok_or_else(|| {
                    Failure::usage(format!(
                        "{}: the header row has no user, userId or id column",
                        path.display()
                    ))
                })?;
            continue;
        }
        let id = record.get(column).unwrap_or("");
        if !is_guid(id) {
            bad.push(format!("line {line}: {id:?}"));
        } else if seen.insert(id.to_ascii_lowercase()) {
            ids.push(id.to_string());
        }
    }
    if !bad.is_empty() {
        return Err(Failure::usage(format!(
            "{}: not GUIDs (nothing was sent): {}",
            path.display(),
            bad.join(", ")
        )));
    }
    Ok(ids)
}

/// The users an earlier run's report lists as done.
fn done_in_report(report: &Path) -> Result<HashSet<String>, Failure> {
    let text = match std::fs::read_to_string(report) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(e) => {
            return Err(Failure::usage(format!(
                "cannot read report {}: {e}",
                report.display()
            )))
        }
    };
    // A run killed mid-write may leave a partial last line; it is ignored (that user is
    // tried again, and deleting twice is harmless).
    Ok(text
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|v| matches!(v["outcome"].as_str(), Some("deleted" | "already_deleted")))
        .filter_map(|v| v["user"].as_str().map(str::to_ascii_lowercase))
        .collect())
}

fn bulk_delete(
    common: &Common,
    from: &Path,
    concurrency: usize,
    report: &Path,
    resume: bool,
) -> Result<(), Failure> {
    let client = client(common, true)?;
    let all = read_user_ids(from)?;
    let done = if resume {
        done_in_report(report)?
    } else {
        if std::fs::metadata(report).is_ok_and(|m| m.len() > 0) {
            return Err(Failure::usage(format!(
                "report {} exists: add --resume to continue that run, or choose another --report",
                report.display()
            )));
        }
        HashSet::new()
    };
    let todo: Vec<String> = all
        .into_iter()
        .filter(|u| !done.contains(&u.to_ascii_lowercase()))
        .collect();
    if common.dry_run {
        for user in &todo {
            let url = client.user_url(&common.customer, user).map_err(failure)?;
            dry_run("DELETE", &url)?;
        }
        eprintln!(
            "dry run: {} to delete, {} already done",
            todo.len(),
            done.len()
        );
        return Ok(());
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(report)
        .map_err(|e| Failure::usage(format!("cannot write report {}: {e}", report.display())))?;
    // A run killed mid-write leaves a partial last line: end it, so new lines stay whole.
    let partial = std::fs::read(report).is_ok_and(|b| b.last().is_some_and(|&c| c != b'\n'));
    let mut file = file;
    if partial {
        writeln!(file).map_err(|e| {
            Failure::new(
                Failure::INTERNAL,
                format!("cannot write report {}: {e}", report.display()),
            )
        })?;
    }
    let file = Mutex::new(file);
    let bar = indicatif::ProgressBar::new(todo.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    #[derive(Default)]
    struct Tally {
        deleted: usize,
        already: usize,
        service_errors: usize,
        transport_errors: usize,
        write_error: Option<String>,
    }
    let tally = Mutex::new(Tally::default());
    let customer = common.customer.as_str();
    let runtime = crate::runtime()?;
    // One read first: a mistyped or unreachable customer stops the run before any delete,
    // instead of turning every user into a 404 "already deleted".
    if todo.is_empty() {
        eprintln!("nothing to do: {} already done", done.len());
        return Ok(());
    }
    if let Err(e) = runtime.block_on(client.users_page(customer, None)) {
        return Err(Failure::new(
            Failure::FAULT,
            format!("customer {customer} cannot be read, so nothing was deleted: {e}"),
        ));
    }
    runtime.block_on(
        futures_util::stream::iter(todo.iter())
            .map(|user| {
                let client = &client;
                async move { (user, client.delete_user(customer, user).await) }
            })
            .buffer_unordered(concurrency)
            .for_each(|(user, result)| {
                let mut line =
                    json!({"user": user, "at": format_rfc3339(std::time::SystemTime::now())});
                let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
                match &result {
                    Ok(out) => {
                        merge(&mut line, json!({"outcome": outcome_name(out.body)}));
                        merge(&mut line, ids_json(&out.ids));
                        match out.body {
                            DeleteOutcome::Deleted => t.deleted += 1,
                            DeleteOutcome::AlreadyDeleted => t.already += 1,
                        }
                    }
                    Err(e) => {
                        merge(
                            &mut line,
                            json!({"outcome": "failed", "error": e.to_string()}),
                        );
                        if let Some(ids) = e.ids() {
                            merge(&mut line, ids_json(ids));
                        }
                        if exit_code(e) == Failure::FAULT {
                            t.service_errors += 1;
                        } else {
                            t.transport_errors += 1;
                        }
                        bar.println(format!("{user}: {e}"));
                    }
                }
                // One line per user, flushed before the next: an interrupted run loses nothing.
                let mut f = file.lock().unwrap_or_else(|e| e.into_inner());
                if let Err(e) = writeln!(f, "{line}").and_then(|_| f.flush()) {
                    t.write_error.get_or_insert_with(|| e.to_string());
                }
                bar.inc(1);
                std::future::ready(())
            }),
    );
    bar.finish_and_clear();
    let t = tally.into_inner().unwrap_or_else(|e| e.into_inner());
    eprintln!(
        "deleted {}, already deleted {}, failed {}, skipped (done earlier) {}; report: {}",
        t.deleted,
        t.already,
        t.service_errors + t.transport_errors,
        done.len(),
        report.display()
    );
    if let Some(e) = t.write_error {
        return Err(Failure::new(
            Failure::INTERNAL,
            format!("cannot write report {}: {e}", report.display()),
        ));
    }
    if t.transport_errors > 0 {
        return Err(Failure::new(
            Failure::TRANSPORT,
            "some deletions could not reach Partner Center; run again with --resume",
        ));
    }
    if t.service_errors > 0 {
        return Err(Failure::new(
            Failure::FAULT,
            "Partner Center refused some deletions; see the report",
        ));
    }
    Ok(())
}
