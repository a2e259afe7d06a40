//! Bulk runs: delete every user of a CSV file (ids or sign-in names), restore every user a
//! delete report lists. Both check the sign-in's MFA and the customer first, then run with a
//! bounded concurrency, a progress bar and a report line per user written as it is done.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use bingads::partner_center::{CustomerUser, DeleteOutcome, PartnerCenterClient, RestoreOutcome};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};

use super::files::{self, Deleted, Target};
use super::{
    client, exit_code, failure, ids_json, merge, outcome_name, require_mfa, Common, RunOptions,
};
use crate::{print_json, Failure};

/// How one user's line counts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Done,
    Skipped,
    ServiceError,
    TransportError,
}

#[derive(Default)]
struct Tally {
    done: usize,
    skipped: usize,
    service_errors: usize,
    transport_errors: usize,
    write_error: Option<String>,
}

fn error_class(e: &bingads::partner_center::PartnerCenterError) -> Class {
    if exit_code(e) == Failure::TRANSPORT {
        Class::TransportError
    } else {
        Class::ServiceError
    }
}

/// Runs `work` on every job, `concurrency` at a time, writing each line to `report` (flushed
/// before the next: an interrupted run loses nothing) under a progress bar.
async fn run_jobs<T, F, Fut>(
    jobs: Vec<T>,
    concurrency: usize,
    report: std::fs::File,
    work: F,
) -> Tally
where
    F: Fn(T) -> Fut,
    Fut: Future<Output = (Value, Class)>,
{
    let bar = indicatif::ProgressBar::new(jobs.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let tally = Mutex::new(Tally::default());
    let file = Mutex::new(report);
    futures_util::stream::iter(jobs)
        .map(work)
        .buffer_unordered(concurrency)
        .for_each(|(line, class)| {
            let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
            match class {
                Class::Done => t.done += 1,
                Class::Skipped => t.skipped += 1,
                Class::ServiceError | Class::TransportError => {
                    if class == Class::ServiceError {
                        t.service_errors += 1;
                    } else {
                        t.transport_errors += 1;
                    }
                    let who = line["upn"]
                        .as_str()
                        .or(line["user"].as_str())
                        .unwrap_or("?");
                    bar.println(format!("{who}: {}", line["error"].as_str().unwrap_or("")));
                }
            }
            let mut f = file.lock().unwrap_or_else(|e| e.into_inner());
            if let Err(e) = writeln!(f, "{line}").and_then(|_| f.flush()) {
                t.write_error.get_or_insert_with(|| e.to_string());
            }
            bar.inc(1);
            std::future::ready(())
        })
        .await;
    bar.finish_and_clear();
    tally.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// The exit of a finished run: 4 when some calls did not reach Partner Center (run again with
/// --resume), 3 when it refused some, 1 when the report could not be written.
fn verdict(t: Tally, report: &Path, what: &str) -> Result<(), Failure> {
    if let Some(e) = t.write_error {
        return Err(Failure::new(
            Failure::INTERNAL,
            format!("cannot write report {}: {e}", report.display()),
        ));
    }
    if t.transport_errors > 0 {
        return Err(Failure::new(
            Failure::TRANSPORT,
            format!("some {what} could not reach Partner Center; run again with --resume"),
        ));
    }
    if t.service_errors > 0 {
        return Err(Failure::new(
            Failure::FAULT,
            format!("some {what} failed; see the report {}", report.display()),
        ));
    }
    Ok(())
}

fn line(customer: &str, id: Option<&str>, upn: Option<&str>) -> Value {
    json!({
        "user": id, "upn": upn, "customer": customer,
        "at": bingads::time::format_rfc3339(std::time::SystemTime::now())
    })
}

fn failed(
    mut line: Value,
    error: String,
    ids: Option<&bingads::partner_center::RequestIds>,
) -> Value {
    merge(&mut line, json!({"outcome": "failed", "error": error}));
    if let Some(ids) = ids {
        merge(&mut line, ids_json(ids));
    }
    line
}

/// One user to delete: its id (once resolved) and name, the user as read (when the listing
/// that resolved the name read it), or why it cannot be deleted.
struct DeleteJob {
    id: Option<String>,
    upn: Option<String>,
    before: Option<CustomerUser>,
    error: Option<String>,
}

/// Resolves the names among `targets` with one listing of the customer's active users. An id
/// named twice (directly and through a name) is one job.
async fn resolve(
    client: &PartnerCenterClient,
    customer: &str,
    targets: Vec<Target>,
) -> Result<Vec<DeleteJob>, Failure> {
    let upns: Vec<&str> = targets
        .iter()
        .filter_map(|t| match t {
            Target::Upn(u) => Some(u.as_str()),
            Target::Id(_) => None,
        })
        .collect();
    let found: HashMap<String, Option<CustomerUser>> = if upns.is_empty() {
        HashMap::new()
    } else {
        client
            .find_users_by_upn(customer, &upns)
            .await
            .map_err(failure)?
            .into_iter()
            .map(|(upn, user)| (upn.to_lowercase(), user))
            .collect()
    };
    let mut ids = HashSet::new();
    let mut jobs = Vec::new();
    for target in targets {
        let job = match target {
            Target::Id(id) => DeleteJob {
                id: Some(id),
                upn: None,
                before: None,
                error: None,
            },
            Target::Upn(upn) => match found.get(&upn.to_lowercase()).cloned().flatten() {
                Some(user) => DeleteJob {
                    id: user.id.clone(),
                    upn: Some(upn),
                    before: Some(user),
                    error: None,
                },
                None => DeleteJob {
                    error: Some(format!(
                        "no active user of customer {customer} has the sign-in name {upn}"
                    )),
                    id: None,
                    upn: Some(upn),
                    before: None,
                },
            },
        };
        if let Some(id) = &job.id {
            if !ids.insert(id.to_ascii_lowercase()) {
                continue;
            }
        }
        jobs.push(job);
    }
    Ok(jobs)
}

/// `pc users delete --from FILE`.
pub(crate) fn delete(
    common: &Common,
    from: &Path,
    run: &RunOptions,
    report: &Path,
) -> Result<(), Failure> {
    let targets = files::read_targets(from)?;
    let names = targets.iter().any(|t| matches!(t, Target::Upn(_)));
    let client = client(common, true, names)?;
    let customer = common.customer.as_str();
    let done = if run.resume {
        files::done_in_report(report, &["deleted", "already_deleted"])?
    } else {
        HashSet::new()
    };
    let todo: Vec<Target> = targets
        .into_iter()
        .filter(|t| {
            let (Target::Id(v) | Target::Upn(v)) = t;
            !done.contains(&v.to_lowercase())
        })
        .collect();
    if todo.is_empty() {
        eprintln!("nothing to do: {} already done", done.len());
        return Ok(());
    }
    let file = if common.dry_run {
        None
    } else {
        Some(files::open_report(report, run.resume)?)
    };
    let runtime = crate::runtime()?;
    runtime.block_on(async {
        if !common.dry_run {
            // MFA and the customer first: a refused token or a mistyped customer stops the
            // run here, before any delete.
            require_mfa(&client, customer).await?;
        }
        let jobs = resolve(&client, customer, todo).await?;
        let Some(file) = file else {
            return print_resolved(&client, customer, &jobs, done.len());
        };
        let client = &client;
        let tally = run_jobs(jobs, usize::from(run.concurrency), file, |job| async move {
            delete_one(client, customer, job).await
        })
        .await;
        eprintln!(
            "deleted {}, already deleted {}, failed {}, skipped (done earlier) {}; report: {}",
            tally.done,
            tally.skipped,
            tally.service_errors + tally.transport_errors,
            done.len(),
            report.display()
        );
        verdict(tally, report, "deletions")
    })
}

/// The dry run's list: each user as resolved (name, id, display name), and what is unknown.
fn print_resolved(
    client: &PartnerCenterClient,
    customer: &str,
    jobs: &[DeleteJob],
    done: usize,
) -> Result<(), Failure> {
    let mut unknown = 0;
    for job in jobs {
        let mut doc = json!({
            "dry_run": true, "upn": job.upn, "user": job.id,
            "display_name": job.before.as_ref().and_then(|u| u.display_name.clone()),
        });
        match (&job.id, &job.error) {
            (Some(id), _) => {
                let url = client.user_url(customer, id).map_err(failure)?;
                merge(&mut doc, json!({"method": "DELETE", "url": url}));
            }
            (None, error) => {
                unknown += 1;
                merge(&mut doc, json!({"error": error}));
            }
        }
        print_json(&doc, false)?;
    }
    eprintln!(
        "dry run: {} to delete, {unknown} unknown, {done} already done",
        jobs.len() - unknown
    );
    if unknown > 0 {
        return Err(Failure::new(
            Failure::FAULT,
            format!("{unknown} sign-in names match no active user (see the list)"),
        ));
    }
    Ok(())
}

async fn delete_one(
    client: &PartnerCenterClient,
    customer: &str,
    job: DeleteJob,
) -> (Value, Class) {
    let base = line(customer, job.id.as_deref(), job.upn.as_deref());
    let (Some(id), None) = (job.id.as_deref(), job.error.clone()) else {
        let why = job.error.unwrap_or_else(|| "the user has no id".into());
        return (failed(base, why, None), Class::ServiceError);
    };
    // The user as it is just before the delete: what an undo needs to know it by.
    let before = match job.before {
        Some(user) => Some(user),
        None => match client.get_user(customer, id).await {
            Ok(out) => Some(out.body),
            // Gone already (or never there): the delete says which.
            Err(e) if e.is_not_found() && !e.is_customer_not_found() => None,
            Err(e) => {
                let class = error_class(&e);
                let why = format!("not deleted: the user could not be read first: {e}");
                return (failed(base, why, e.ids()), class);
            }
        },
    };
    let mut line = base;
    if let Some(user) = &before {
        merge(&mut line, json!({"before": user}));
        if line["upn"].is_null() {
            line["upn"] = json!(user.user_principal_name);
        }
    }
    match client.delete_user(customer, id).await {
        Ok(out) => {
            merge(&mut line, json!({"outcome": outcome_name(out.body)}));
            merge(&mut line, ids_json(&out.ids));
            let class = match out.body {
                DeleteOutcome::Deleted => Class::Done,
                DeleteOutcome::AlreadyDeleted => Class::Skipped,
            };
            (line, class)
        }
        Err(e) => {
            let class = error_class(&e);
            (failed(line, e.to_string(), e.ids()), class)
        }
    }
}

/// `pc users restore --from REPORT`: every user the delete report lists as deleted comes
/// back; the ones already active are reported and left alone.
pub(crate) fn restore(
    common: &Common,
    from: &Path,
    run: &RunOptions,
    report: &Path,
) -> Result<(), Failure> {
    let customer = common.customer.as_str();
    bingads::xml::Guid::new(customer)
        .map_err(|_| Failure::usage(format!("customer id {customer:?} is not a GUID")))?;
    let deleted = files::deleted_in_report(from, customer)?;
    if report == from {
        return Err(Failure::usage(
            "--report must not be the report being restored",
        ));
    }
    let client = client(common, false, true)?;
    let done = if run.resume {
        files::done_in_report(report, &["restored", "already_active"])?
    } else {
        HashSet::new()
    };
    let todo: Vec<Deleted> = deleted
        .into_iter()
        .filter(|d| !done.contains(&d.id.to_lowercase()))
        .collect();
    if todo.is_empty() {
        eprintln!("nothing to do: {} already done", done.len());
        return Ok(());
    }
    let file = if common.dry_run {
        None
    } else {
        Some(files::open_report(report, run.resume)?)
    };
    crate::runtime()?.block_on(async {
        if !common.dry_run {
            require_mfa(&client, customer).await?;
        }
        // One listing says who is still deleted: only they get a PATCH.
        let inactive: HashSet<String> = client
            .deleted_users(customer)
            .try_filter_map(|u| async move { Ok(u.id.map(|id| id.to_ascii_lowercase())) })
            .try_collect()
            .await
            .map_err(failure)?;
        let Some(file) = file else {
            for user in &todo {
                let is_deleted = inactive.contains(&user.id.to_ascii_lowercase());
                let url = client.user_url(customer, &user.id).map_err(failure)?;
                print_json(
                    &json!({"dry_run": true, "user": user.id, "upn": user.upn,
                        "deleted": is_deleted, "method": if is_deleted { "PATCH" } else { "GET" }, "url": url}),
                    false,
                )?;
            }
            return Ok(());
        };
        let (client, inactive) = (&client, &inactive);
        let tally = run_jobs(todo, usize::from(run.concurrency), file, |user| async move {
            restore_one(client, customer, inactive, user).await
        })
        .await;
        eprintln!(
            "restored {}, already active {}, failed {}, skipped (done earlier) {}; report: {}",
            tally.done,
            tally.skipped,
            tally.service_errors + tally.transport_errors,
            done.len(),
            report.display()
        );
        verdict(tally, report, "restores")
    })
}

async fn restore_one(
    client: &PartnerCenterClient,
    customer: &str,
    inactive: &HashSet<String>,
    user: Deleted,
) -> (Value, Class) {
    let mut line = line(customer, Some(&user.id), user.upn.as_deref());
    if !inactive.contains(&user.id.to_ascii_lowercase()) {
        // Not among the deleted users: active again, or purged.
        match client.get_user(customer, &user.id).await {
            Ok(out) if !out.body.is_deleted() => {
                merge(&mut line, json!({"outcome": "already_active"}));
                merge(&mut line, ids_json(&out.ids));
                return (line, Class::Skipped);
            }
            Ok(_) => {}
            Err(e) if e.is_not_found() && !e.is_customer_not_found() => {
                let why = format!("the user is gone (purged 30 days after its deletion, or removed otherwise): {e}");
                return (failed(line, why, e.ids()), Class::ServiceError);
            }
            Err(e) => {
                let class = error_class(&e);
                return (failed(line, e.to_string(), e.ids()), class);
            }
        }
    }
    match client.restore_user(customer, &user.id).await {
        Ok(out) => {
            let outcome = match out.body {
                RestoreOutcome::Restored(_) => "restored",
                RestoreOutcome::AlreadyActive(_) => "already_active",
            };
            merge(&mut line, json!({"outcome": outcome}));
            merge(&mut line, ids_json(&out.ids));
            (line, Class::Done)
        }
        Err(e) => {
            let class = error_class(&e);
            (failed(line, e.to_string(), e.ids()), class)
        }
    }
}
