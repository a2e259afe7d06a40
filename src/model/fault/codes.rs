//! The error-code catalogue. The same number can mean different things in different fault
//! kinds, so a code is always looked up together with the kind that carried it.

use super::kind::FaultKind;

/// What a caller can do about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// A passing server-side problem: retry with backoff.
    Transient,
    /// Too many calls: wait (the documented window is 60 s) and retry.
    Throttle,
    /// The credentials: missing, invalid or expired (sign in again, or with another identity).
    Auth,
    /// Signed in, but this user may not do this (106 UserIsNotAuthorized, 1001): signing in
    /// again does not help; ask for a role that allows it.
    NotAuthorized,
    /// Something in the request; retrying the same request will not help.
    Client,
}

/// A documented code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCodeInfo {
    /// The numeric code.
    pub code: i32,
    /// The symbolic error code (`CallRateExceeded`); empty where the official page lists none.
    pub name: &'static str,
    /// What a caller can do about it.
    pub class: ErrorClass,
    /// The official page's description.
    pub description: &'static str,
}

/// A code as read from a fault: documented, or not (yet) in this catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// In the catalogue: the kind of fault that carried it, and the documented code.
    Known(FaultKind, ErrorCodeInfo),
    /// Not in the catalogue for this kind: the kind of fault that carried it, and the code.
    Unknown(FaultKind, i32),
}

include!("codes_table.rs");

impl ErrorCode {
    /// Looks `code` up in the catalogue of the fault kind that carried it.
    pub fn lookup(kind: FaultKind, code: i32) -> Self {
        // Both fault kinds of Customer Management draw on the one operation error code list;
        // a future kind with its own numbering gets its own table here.
        let table = match kind {
            FaultKind::AdApiFaultDetail | FaultKind::ApiFault => OPERATION_ERROR_CODES,
            // The other services share only the general API codes (0-125) with this list; their
            // own numbers mean other things (1133 is a Campaign Management ad extension error).
            FaultKind::ApiFaultDetail
            | FaultKind::EditorialApiFaultDetail
            | FaultKind::ApiBatchFault
                if code <= 125 =>
            {
                OPERATION_ERROR_CODES
            }
            _ => &[],
        };
        match table.binary_search_by_key(&code, |row| row.0) {
            Ok(i) => {
                let (code, name, class, description) = table[i];
                ErrorCode::Known(
                    kind,
                    ErrorCodeInfo {
                        code,
                        name,
                        class,
                        description,
                    },
                )
            }
            Err(_) => ErrorCode::Unknown(kind, code),
        }
    }

    /// The numeric code.
    pub fn code(&self) -> i32 {
        match self {
            ErrorCode::Known(_, info) => info.code,
            ErrorCode::Unknown(_, code) => *code,
        }
    }

    /// The symbolic name (`CallRateExceeded`), when the catalogue has one.
    pub fn name(&self) -> Option<&'static str> {
        match self {
            // Customer Management operation codes have no symbol on the official page ("").
            ErrorCode::Known(_, info) if !info.name.is_empty() => Some(info.name),
            _ => None,
        }
    }

    /// What a caller can do about it; `None` for an unknown code.
    pub fn class(&self) -> Option<ErrorClass> {
        match self {
            ErrorCode::Known(_, info) => Some(info.class),
            ErrorCode::Unknown(..) => None,
        }
    }

    /// Transient or throttling: worth retrying.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.class(),
            Some(ErrorClass::Transient | ErrorClass::Throttle)
        )
    }

    /// The credentials: missing, invalid or expired (105, 109, …). Not 106: see
    /// [`ErrorCode::is_not_authorized`].
    pub fn is_auth(&self) -> bool {
        self.class() == Some(ErrorClass::Auth)
    }

    /// Signed in, but not allowed to do this (106 UserIsNotAuthorized, 1001).
    pub fn is_not_authorized(&self) -> bool {
        self.class() == Some(ErrorClass::NotAuthorized)
    }

    /// Too many calls (117 CallRateExceeded): wait and retry.
    pub fn is_throttle(&self) -> bool {
        self.class() == Some(ErrorClass::Throttle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(OPERATION_ERROR_CODES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn well_known_codes() {
        let c = ErrorCode::lookup(FaultKind::AdApiFaultDetail, 117);
        assert!(c.is_throttle() && c.is_retryable());
        assert_eq!(c.name(), Some("CallRateExceeded"));
        assert!(ErrorCode::lookup(FaultKind::AdApiFaultDetail, 105).is_auth());
        assert!(ErrorCode::lookup(FaultKind::AdApiFaultDetail, 109).is_auth());
        assert!(!ErrorCode::lookup(FaultKind::AdApiFaultDetail, 105).is_retryable());
        assert!(ErrorCode::lookup(FaultKind::ApiFault, 0).is_retryable());
        assert_eq!(
            ErrorCode::lookup(FaultKind::ApiFault, 987_654),
            ErrorCode::Unknown(FaultKind::ApiFault, 987_654)
        );
        assert_eq!(ErrorCode::lookup(FaultKind::Unknown, 117).name(), None);
        let not_authorized = ErrorCode::lookup(FaultKind::AdApiFaultDetail, 106);
        assert!(not_authorized.is_not_authorized() && !not_authorized.is_auth());
    }

    /// Every row with a symbolic name has its constant in `error_codes`, with its number.
    #[test]
    fn every_named_code_has_its_constant() {
        let source = include_str!("codes_table.rs");
        let named: Vec<_> = OPERATION_ERROR_CODES
            .iter()
            .filter(|row| !row.1.is_empty())
            .collect();
        assert!(named.len() > 20);
        for (code, name, ..) in named {
            let mut constant = String::new();
            for (i, c) in name.char_indices() {
                let after_lower = i > 0 && name[..i].ends_with(|p: char| !p.is_ascii_uppercase());
                if c.is_ascii_uppercase() && after_lower {
                    constant.push('_');
                }
                constant.push(c.to_ascii_uppercase());
            }
            let line = format!("pub const {constant}: i32 = {code};");
            assert!(source.contains(&line), "missing: {line}");
        }
        assert_eq!(error_codes::CALL_RATE_EXCEEDED, 117);
        assert_eq!(error_codes::TIMESTAMP_NOT_MATCH, 209);
    }
}
