//! The files of a Partner Center bulk run: the CSV of users to delete (ids or sign-in names)
//! and reading a delete report back to undo it (the report itself: [`crate::bulk`]).

use std::collections::HashSet;
use std::path::Path;

use crate::Failure;

/// A user named in a CSV file: by id or by sign-in name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Id(String),
    Upn(String),
}

fn is_guid(s: &str) -> bool {
    bingads::xml::Guid::new(s).is_ok()
}

/// The users of a CSV file, in order, each once (ids and names compared without case). A
/// header row names the column: `user`, `userId`, `id` (ids) or `upn`, `userPrincipalName`,
/// `email` (names); without one, the first column. A value with `@` is a name, anything else
/// must be a GUID: a file with other values is refused whole, before anything is sent.
pub(crate) fn read_targets(path: &Path) -> Result<Vec<Target>, Failure> {
    crate::bulk::read_users(
        path,
        &["upn", "userprincipalname", "user_principal_name", "email"],
        "neither GUIDs nor sign-in names",
        |value| {
            if is_guid(value) {
                Some(Target::Id(value.to_string()))
            } else if crate::bulk::is_address(value) {
                Some(Target::Upn(value.to_string()))
            } else {
                None
            }
        },
    )
}

/// A user a delete run deleted: what a restore brings back.
#[derive(Clone, Debug)]
pub(crate) struct Deleted {
    pub id: String,
    pub upn: Option<String>,
}

/// The users a delete report of `customer` lists as `deleted` (not `already_deleted`: those
/// were deleted before that run), each once. An absent, empty or malformed report, or one of
/// another customer, is an error.
pub(crate) fn deleted_in_report(path: &Path, customer: &str) -> Result<Vec<Deleted>, Failure> {
    let lines = crate::bulk::report_lines(path)?
        .ok_or_else(|| Failure::usage(format!("report {} does not exist", path.display())))?;
    if lines.is_empty() {
        return Err(Failure::usage(format!(
            "report {} is empty: nothing to restore",
            path.display()
        )));
    }
    let mut users = Vec::new();
    let mut seen = HashSet::new();
    for (line_no, line) in lines {
        let Some(outcome) = line["outcome"].as_str() else {
            return Err(Failure::usage(format!(
                "{}: line {line_no} has no outcome: not a `pc users delete` report; nothing was changed",
                path.display()
            )));
        };
        if outcome != "deleted" {
            continue;
        }
        match line["customer"].as_str() {
            Some(c) if c.eq_ignore_ascii_case(customer) => {}
            Some(c) => {
                return Err(Failure::usage(format!(
                    "{}: line {line_no} is of customer {c}, not {customer}; nothing was changed",
                    path.display()
                )))
            }
            None => {
                return Err(Failure::usage(format!(
                    "{}: line {line_no} does not say its customer (a report of an older bingads?); nothing was changed",
                    path.display()
                )))
            }
        }
        let Some(id) = line["user"].as_str().filter(|id| is_guid(id)) else {
            return Err(Failure::usage(format!(
                "{}: line {line_no} has no user id; nothing was changed",
                path.display()
            )));
        };
        if seen.insert(id.to_ascii_lowercase()) {
            users.push(Deleted {
                id: id.to_string(),
                upn: line["upn"].as_str().map(str::to_string),
            });
        }
    }
    if users.is_empty() {
        return Err(Failure::usage(format!(
            "report {} lists no deleted user: nothing to restore",
            path.display()
        )));
    }
    Ok(users)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn write(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bingads-pc-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn names_and_ids_each_once() {
        let id = "4f5e6d7c-0000-4000-8000-000000000001";
        let path = write(
            "mixed.csv",
            &format!("Name,userPrincipalName\nJ,Jane@Contoso.com\nj,jane@contoso.COM\nI,{id}\n"),
        );
        let targets = read_targets(&path).ok();
        assert_eq!(
            targets,
            Some(vec![
                Target::Upn("Jane@Contoso.com".into()),
                Target::Id(id.into())
            ])
        );
        let path = write("bare.csv", "a@x.com\nnot a user\n");
        assert!(read_targets(&path).is_err());
        let path = write("empty.csv", "");
        assert!(read_targets(&path).is_err());
    }
}
