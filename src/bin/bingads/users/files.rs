//! The files of `users delete --from` and `users reinvite`: the CSV of users to delete, and
//! the invitations a delete report allows (the report itself: [`crate::bulk`]).

use std::path::Path;

use bingads::v13::customer_management::entities::{CustomerRole, UserInvitation};
use serde_json::json;

use crate::Failure;

/// A user named on the command line or in a CSV file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// An e-mail address or user name, compared without case.
    Email(String),
    /// A user id.
    Id(i64),
}

impl Target {
    /// What a report line knows it by (lower case), for `--resume`.
    pub(crate) fn key(&self) -> String {
        match self {
            Target::Email(e) => e.trim().to_lowercase(),
            Target::Id(id) => id.to_string(),
        }
    }
}

/// The users of a CSV file: user ids (digits) or e-mail addresses (values with `@`), in
/// order, each once; a header row names the column (`email`, `userName`, `user`, `userId`,
/// `id`). Any other value refuses the file whole, before anything is sent.
pub(crate) fn read_targets(path: &Path) -> Result<Vec<Target>, Failure> {
    crate::bulk::read_users(
        path,
        &["email", "username", "user_name", "user name"],
        "neither user ids nor e-mail addresses",
        |value| {
            if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
                value.parse().ok().map(Target::Id)
            } else if crate::bulk::is_address(value) {
                Some(Target::Email(value.to_string()))
            } else {
                None
            }
        },
    )
}

/// One invitation to send again: a deleted user's role on one customer.
#[derive(Clone, Debug)]
pub(crate) struct Invitation {
    /// `USER:CUSTOMER:ROLE`: what the reinvite report knows it by.
    pub key: String,
    pub user: String,
    pub invitation: UserInvitation,
}

fn bad_line(path: &Path, line: usize, why: &str) -> Failure {
    Failure::usage(format!(
        "{}: line {line} {why}; nothing was sent",
        path.display()
    ))
}

/// The invitations that give the users a `users delete` report lists as `deleted` their
/// roles back: one per CustomerRole the user had on a customer directly. A role reached
/// through a client link (`CustomerLinkPermission` Administrative or Standard) is not the
/// user's own on that customer: an invitation would grant more, so it is left out and named
/// on standard error. An absent, empty or malformed report is an error.
pub(crate) fn invitations_in_report(path: &Path) -> Result<Vec<Invitation>, Failure> {
    let lines = crate::bulk::report_lines(path)?
        .ok_or_else(|| Failure::usage(format!("report {} does not exist", path.display())))?;
    let mut invitations = Vec::new();
    for (n, line) in lines {
        let Some(outcome) = line["outcome"].as_str() else {
            return Err(bad_line(
                path,
                n,
                "has no outcome: not a `users delete` report",
            ));
        };
        if outcome != "deleted" {
            continue;
        }
        let user = &line["before"]["User"];
        let roles: Vec<CustomerRole> =
            serde_json::from_value(line["before"]["CustomerRoles"].clone())
                .map_err(|_| bad_line(path, n, "does not keep the user's CustomerRoles"))?;
        let email = user["ContactInfo"]["Email"]
            .as_str()
            .or(user["UserName"].as_str().filter(|u| u.contains('@')))
            .ok_or_else(|| bad_line(path, n, "keeps no e-mail address of the user"))?;
        let id = line["user"].as_str().unwrap_or("?");
        for role in roles {
            let customer = role.customer_id.unwrap_or_default();
            let through_link = role
                .customer_link_permission
                .as_deref()
                .is_some_and(|p| p == "Administrative" || p == "Standard");
            if through_link {
                eprintln!(
                    "note: user {id}'s role {:?} on customer {customer} came through a client link; not invited",
                    role.role_id
                );
                continue;
            }
            let invitation = json!({
                "FirstName": user["Name"]["FirstName"], "LastName": user["Name"]["LastName"],
                "Email": email, "Lcid": user["Lcid"], "CustomerId": customer.to_string(),
                "RoleId": role.role_id, "AccountIds": role.account_ids,
            });
            let invitation: UserInvitation = serde_json::from_value(invitation)
                .map_err(|e| bad_line(path, n, &format!("keeps no usable invitation: {e}")))?;
            invitations.push(Invitation {
                key: format!("{id}:{customer}:{}", role.role_id.unwrap_or_default()),
                user: id.to_string(),
                invitation,
            });
        }
    }
    if invitations.is_empty() {
        return Err(Failure::usage(format!(
            "report {} lists no deleted user with a role to give back: nothing to send",
            path.display()
        )));
    }
    Ok(invitations)
}
