//! `users delete` (one user, or a CSV file) and `users reinvite`: resolve every address with
//! one listing, then run with the shared bulk machinery ([`crate::bulk`]).

use std::collections::HashSet;
use std::path::Path;

use bingads::client::TrackingId;
use bingads::v13::customer_management::users::{UserDeletion, UserDetails};
use bingads::v13::customer_management::SendUserInvitationRequest;
use bingads::v13::CustomerManagementClient;
use serde_json::{json, Value};

use super::files::{Invitation, Target};
use super::{before_json, failure};
use crate::bulk::{
    done_in_report, dry_run_end, finish, open_report, run_jobs, still_to_do, Class, RunOptions,
    Words,
};
use crate::pc::merge;
use crate::{print_json, Failure};

const SERVICE: &str = "Microsoft Advertising";

/// One user to delete, as resolved: the target as given, and the user as read (or why it
/// cannot be deleted).
struct DeleteJob {
    target: Target,
    user: Option<UserDetails>,
    state: JobState,
}

impl DeleteJob {
    /// The user's id: as read, or as named.
    fn id(&self) -> Option<i64> {
        match (&self.user, &self.target) {
            (Some(u), _) => u.id(),
            (None, Target::Id(id)) => Some(*id),
            _ => None,
        }
    }
}

enum JobState {
    Ready,
    AlreadyDeleted,
    Refused(String),
}

/// Resolves every target with one listing of the users of the customers one can see. An
/// address that matches no active user, or more than one, is refused (nothing is deleted for
/// it); a user named twice is one job.
async fn resolve(
    client: &CustomerManagementClient,
    targets: Vec<Target>,
) -> Result<Vec<DeleteJob>, Failure> {
    let users = client.visible_users().await.map_err(failure)?;
    let mut ids = HashSet::new();
    let mut jobs = Vec::new();
    for target in targets {
        let found: Vec<&UserDetails> = match &target {
            Target::Email(e) => users.iter().filter(|u| u.matches(e)).collect(),
            Target::Id(id) => users.iter().filter(|u| u.id() == Some(*id)).collect(),
        };
        let active: Vec<&UserDetails> = found.iter().copied().filter(|u| !u.is_deleted()).collect();
        let job = |user: Option<&UserDetails>, state| DeleteJob {
            target: target.clone(),
            user: user.cloned(),
            state,
        };
        let job = match (active.as_slice(), found.first()) {
            ([one], _) => job(Some(one), JobState::Ready),
            ([], Some(deleted)) => job(Some(deleted), JobState::AlreadyDeleted),
            // An id not among the listed users: read it as the delete runs (106 or 210 then).
            ([], None) if matches!(target, Target::Id(_)) => job(None, JobState::Ready),
            ([], None) => job(
                None,
                JobState::Refused(
                    "no user of the customers you can see has this e-mail address or user name"
                        .into(),
                ),
            ),
            (many, _) => {
                let who: Vec<String> = many
                    .iter()
                    .map(|u| {
                        format!(
                            "{} (customer {})",
                            u.id().unwrap_or_default(),
                            u.user.customer_id.unwrap_or_default()
                        )
                    })
                    .collect();
                job(
                    None,
                    JobState::Refused(format!(
                        "{} users have this e-mail address or user name: {}; nothing deleted: name the one to delete by its user id in a --from file",
                        many.len(),
                        who.join(", ")
                    )),
                )
            }
        };
        if job.id().is_some_and(|id| !ids.insert(id)) {
            continue;
        }
        jobs.push(job);
    }
    Ok(jobs)
}

/// The line a job starts with: the user's id and the address it was named by.
fn line(job: &DeleteJob) -> Value {
    let email = match &job.target {
        Target::Email(e) => Some(e.clone()),
        Target::Id(_) => job
            .user
            .as_ref()
            .and_then(|u| u.email().map(str::to_string)),
    };
    let id = job.id().map(|i| i.to_string());
    json!({"user": id, "email": email, "at": crate::bulk::now_text()})
}

fn failed(mut line: Value, error: String, tracking_id: Option<&str>) -> Value {
    merge(
        &mut line,
        json!({"outcome": "failed", "error": error, "tracking_id": tracking_id}),
    );
    line
}

fn with_before(mut line: Value, user: &UserDetails) -> Value {
    merge(&mut line, json!({"before": before_json(user)}));
    line
}

/// Deletes one user at the TimeStamp read. A stale one (someone changed the user since) is
/// read once more: still the user named, it is deleted at the new TimeStamp; a TimeStamp that
/// changed again is a failure, and nothing is deleted.
async fn delete_one(client: &CustomerManagementClient, job: DeleteJob) -> (Value, Class) {
    let base = line(&job);
    let mut user = match (job.state, job.user) {
        (JobState::Refused(why), _) => return (failed(base, why, None), Class::ServiceError),
        (JobState::AlreadyDeleted, Some(user)) => {
            let mut line = with_before(base, &user);
            merge(&mut line, json!({"outcome": "already_deleted"}));
            return (line, Class::Skipped);
        }
        (_, Some(user)) => user,
        (_, None) => {
            let Target::Id(id) = job.target else {
                return (failed(base, "no user".into(), None), Class::ServiceError);
            };
            match client.user_details(Some(id)).await {
                Ok(user) => user,
                Err(e) => {
                    let why = format!("not deleted: the user could not be read first: {e}");
                    let class = Class::of_failure(crate::call::exit_code(&e));
                    return (failed(base, why, e.tracking_id()), class);
                }
            }
        }
    };
    let id = user.id().unwrap_or_default();
    let mut stale_ids: Vec<Option<String>> = Vec::new();
    loop {
        let result = client
            .delete_user_at(id, user.user.time_stamp.clone())
            .await;
        let mut line = with_before(base.clone(), &user);
        if !stale_ids.is_empty() {
            merge(&mut line, json!({"stale_tracking_ids": stale_ids}));
        }
        let (outcome, tracking_id, class) = match result {
            Ok(UserDeletion::Deleted { tracking_id }) => ("deleted", tracking_id, Class::Done),
            Ok(UserDeletion::AlreadyDeleted { tracking_id }) => {
                ("already_deleted", tracking_id, Class::Skipped)
            }
            Ok(UserDeletion::Changed { now, stale }) => {
                stale_ids.push(stale.tracking_id.clone());
                let still = match &job.target {
                    Target::Email(e) => now.matches(e),
                    Target::Id(_) => true,
                };
                let why = if stale_ids.len() > 1 {
                    Some(format!("the TimeStamp changed twice while deleting (someone is editing this user); nothing deleted: {stale}"))
                } else if !still {
                    Some("the user changed since it was read and no longer has this e-mail address or user name; nothing deleted".to_string())
                } else {
                    None
                };
                if let Some(why) = why {
                    let mut line =
                        with_before(failed(base, why, stale.tracking_id.as_deref()), &now);
                    merge(&mut line, json!({"stale_tracking_ids": stale_ids}));
                    return (line, Class::ServiceError);
                }
                user = *now;
                continue;
            }
            Ok(other) => {
                let why = format!("unexpected answer: {other:?}");
                return (failed(line, why, None), Class::ServiceError);
            }
            Err(e) => {
                let class = Class::of_failure(crate::call::exit_code(&e));
                return (failed(line, e.to_string(), e.tracking_id()), class);
            }
        };
        merge(
            &mut line,
            json!({"outcome": outcome, "tracking_id": tracking_id}),
        );
        return (line, class);
    }
}

/// The dry run's list: each user as resolved, and what cannot be deleted (then exit 3).
fn print_resolved(jobs: &[DeleteJob], done: usize) -> Result<(), Failure> {
    let mut refused = 0;
    for job in jobs {
        let mut doc = line(job);
        doc["dry_run"] = json!(true);
        if let Some(user) = &job.user {
            merge(&mut doc, json!({"before": before_json(user)}));
        }
        match &job.state {
            JobState::Ready => merge(&mut doc, json!({"operation": "DeleteUser"})),
            JobState::AlreadyDeleted => merge(&mut doc, json!({"outcome": "already_deleted"})),
            JobState::Refused(why) => {
                refused += 1;
                merge(&mut doc, json!({"error": why}));
            }
        }
        if let Some(map) = doc.as_object_mut() {
            map.remove("at");
        }
        print_json(&doc, false)?;
    }
    dry_run_end(jobs.len(), refused, done, "of the users cannot be deleted")
}

/// `users delete --email E`: the report line on standard output.
pub(crate) fn delete_one_user(
    client: &CustomerManagementClient,
    email: String,
    dry_run: bool,
) -> Result<(), Failure> {
    crate::runtime()?.block_on(async {
        let jobs = resolve(client, vec![Target::Email(email)]).await?;
        if dry_run {
            return print_resolved(&jobs, 0);
        }
        for job in jobs {
            let (line, class) = delete_one(client, job).await;
            print_json(&line, false)?;
            if matches!(class, Class::ServiceError | Class::TransportError) {
                let code = if class == Class::TransportError {
                    Failure::TRANSPORT
                } else {
                    Failure::FAULT
                };
                return Err(Failure::new(code, line["error"].as_str().unwrap_or("")));
            }
        }
        Ok(())
    })
}

/// `users delete --from FILE`.
pub(crate) fn delete(
    client: &CustomerManagementClient,
    targets: Vec<Target>,
    dry_run: bool,
    run: &RunOptions,
    report: &Path,
) -> Result<(), Failure> {
    let done = done_in_report(
        report,
        run.resume,
        &["deleted", "already_deleted"],
        &["email", "user"],
    )?;
    let todo = still_to_do(targets, &done, Target::key);
    if todo.is_empty() {
        return Ok(());
    }
    let file = open_report(report, run.resume, dry_run)?;
    crate::runtime()?.block_on(async {
        let jobs = resolve(client, todo).await?;
        let Some(file) = file else {
            return print_resolved(&jobs, done.len());
        };
        let tally = run_jobs(jobs, usize::from(run.concurrency), file, |job| {
            delete_one(client, job)
        })
        .await;
        let words = Words::new("deleted", "already deleted", "deletions", SERVICE);
        finish(tally, done.len(), report, &words)
    })
}

/// `users reinvite --from REPORT`: one SendUserInvitation per role a deleted user had.
pub(crate) fn reinvite(
    client: &CustomerManagementClient,
    invitations: Vec<Invitation>,
    dry_run: bool,
    run: &RunOptions,
    report: &Path,
) -> Result<(), Failure> {
    let done = done_in_report(report, run.resume, &["invited"], &["invitation"])?;
    let todo = still_to_do(invitations, &done, |i| i.key.to_lowercase());
    if todo.is_empty() {
        return Ok(());
    }
    let Some(file) = open_report(report, run.resume, dry_run)? else {
        for i in &todo {
            print_json(
                &json!({"dry_run": true, "invitation": i.key, "user": i.user,
                    "operation": "SendUserInvitation", "UserInvitation": i.invitation}),
                false,
            )?;
        }
        return Ok(());
    };
    crate::runtime()?.block_on(async {
        let tally = run_jobs(todo, usize::from(run.concurrency), file, |i| {
            invite_one(client, i)
        })
        .await;
        let words = Words::new("invited", "skipped", "invitations", SERVICE);
        finish(tally, done.len(), report, &words)
    })
}

async fn invite_one(client: &CustomerManagementClient, i: Invitation) -> (Value, Class) {
    let line = json!({
        "invitation": i.key, "user": i.user, "email": i.invitation.email,
        "customer": i.invitation.customer_id.map(|c| c.to_string()),
        "role_id": i.invitation.role_id, "at": crate::bulk::now_text(),
    });
    let request = SendUserInvitationRequest {
        user_invitation: Some(i.invitation),
    };
    match client.send_user_invitation(request).await {
        Ok(out) => {
            let mut line = line;
            merge(
                &mut line,
                json!({"outcome": "invited", "tracking_id": out.tracking_id,
                    "user_invitation_id": out.body.user_invitation_id.map(|id| id.to_string())}),
            );
            (line, Class::Done)
        }
        Err(e) => {
            let class = Class::of_failure(crate::call::exit_code(&e));
            (failed(line, e.to_string(), e.tracking_id()), class)
        }
    }
}
