//! Whether an operation is safe to repeat: a read the service can answer twice without a
//! second effect. The client retries a write only when the request provably did not reach
//! the service, unless the caller opts in.

/// Verbs whose operations only read (or, for `Poll`/`Check`, report a state).
const READ_VERBS: &[&str] = &[
    "Get", "Search", "Find", "Poll", "Suggest", "Check", "Retrieve", "Estimate",
];

/// Reads whose names do not start with a read verb.
const READS: &[&str] = &["ValidateAddress"];

/// Operations that start with a read verb but change something: none in the vendored WSDLs;
/// the table is where a new one goes.
const WRITES: &[&str] = &[];

/// Whether `operation` may be sent again after an answer that may have been lost.
pub fn safe_to_repeat(operation: &str) -> bool {
    if WRITES.contains(&operation) {
        return false;
    }
    READS.contains(&operation)
        || READ_VERBS.iter().any(|verb| {
            operation
                .strip_prefix(verb)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes() {
        for read in [
            "GetUser",
            "SearchAccounts",
            "FindAccounts",
            "ValidateAddress",
            "PollGenerateReport",
            "GetUserMFAStatus",
        ] {
            assert!(safe_to_repeat(read), "{read}");
        }
        for write in [
            "AddAccount",
            "UpdateUser",
            "DeleteUser",
            "SignupCustomer",
            "SendUserInvitation",
            "MapAccountIdToExternalAccountIds",
            "SubmitGenerateReport",
            "Getaway",
        ] {
            assert!(!safe_to_repeat(write), "{write}");
        }
    }
}
