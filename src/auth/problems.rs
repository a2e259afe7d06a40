//! The Microsoft identity platform's sign-in errors that users of every Microsoft Advertising
//! SDK meet, as typed problems with what to do about each. The `AADSTS…` codes are the
//! platform's own (its "Microsoft Entra authentication and authorization error codes" page).

use std::fmt;

/// A sign-in or token problem the identity platform named, with its remedy
/// ([`SignInProblem::remediation`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignInProblem {
    /// The answer carried no refresh token: the scope lacks `offline_access`.
    NoRefreshToken,
    /// AADSTS7000218: the app is confidential; the request needs its client secret.
    ClientSecretRequired,
    /// AADSTS700025: the app is public (a desktop or mobile registration); no secret may be
    /// sent.
    ClientSecretNotAllowed,
    /// AADSTS7000215 / AADSTS7000222: the client secret is wrong or has expired.
    InvalidClientSecret,
    /// AADSTS70002: the client's credentials could not be validated (a secret sent by, or
    /// missing from, the wrong kind of app; public client flows not allowed).
    InvalidClient,
    /// AADSTS700016: no application with this client id in the tenant.
    UnknownApplication,
    /// AADSTS50194: a single-tenant app signed in through `common`.
    SingleTenantApp,
    /// AADSTS50020: the account is not in the tenant (a personal Microsoft account where a
    /// work or school account is needed, or a user never invited).
    AccountNotInTenant,
    /// AADSTS50011: the redirect URI is not registered for the app.
    RedirectUriMismatch,
    /// AADSTS65001: the user (or an admin) has not consented to the app.
    ConsentRequired,
    /// AADSTS650052 / AADSTS90094: only an administrator can grant the consent.
    AdminConsentRequired,
    /// AADSTS700082: the refresh token expired (90 days without use).
    RefreshTokenExpired,
    /// AADSTS70000 / AADSTS50173 / AADSTS70008: the grant was revoked or has expired (a
    /// password change, a revoked session, a code used twice).
    GrantRevoked,
    /// AADSTS50076 / AADSTS50079 / AADSTS50158: multi-factor authentication or another
    /// interactive step is required.
    InteractionRequired,
    /// The device code expired before the user signed in (`expired_token`).
    DeviceCodeExpired,
    /// The user declined the sign-in or the consent (`access_denied`,
    /// `authorization_declined`).
    Declined,
}

impl SignInProblem {
    /// What to do, in one line.
    pub fn remediation(&self) -> &'static str {
        use SignInProblem::*;
        match self {
            NoRefreshToken => "add offline_access to the scope (bingads auth login always asks for it)",
            ClientSecretRequired => "this app is confidential: pass its client secret (BINGADS_CLIENT_SECRET, --client-secret-file or --client-secret-stdin), or register a public client (mobile and desktop) app",
            ClientSecretNotAllowed => "this app is public: send no client secret (unset BINGADS_CLIENT_SECRET, no --client-secret-file)",
            InvalidClientSecret => "create a new client secret under Certificates & secrets of the app registration and pass it",
            InvalidClient => "check the client id; a public app needs \"Allow public client flows\" on, a confidential one its secret",
            UnknownApplication => "check --client-id and --tenant: the app is not registered in that tenant",
            SingleTenantApp => "this app is single-tenant: pass its tenant id (--tenant) instead of common",
            AccountNotInTenant => "sign in with a work or school account of the tenant, or use --tenant common (or consumers) for a personal Microsoft account",
            RedirectUriMismatch => "add http://127.0.0.1 as a redirect URI (Mobile and desktop applications) of the app registration, or use --device-code",
            ConsentRequired => "sign in again and accept the consent prompt",
            AdminConsentRequired => "ask an administrator to grant admin consent for the app (Enterprise applications > Permissions > Grant admin consent)",
            RefreshTokenExpired => "sign in again (bingads auth login): the refresh token expired after 90 days without use",
            GrantRevoked => "sign in again (bingads auth login): the grant was revoked or has expired",
            InteractionRequired => "sign in again interactively (bingads auth login) to complete multi-factor authentication",
            DeviceCodeExpired => "run bingads auth login --device-code again and enter the code within its lifetime",
            Declined => "sign in again and accept the consent prompt",
        }
    }

    /// Whether only a new sign-in fixes it (the refresh token will not work again).
    pub fn needs_sign_in(&self) -> bool {
        use SignInProblem::*;
        matches!(
            self,
            ConsentRequired
                | AdminConsentRequired
                | RefreshTokenExpired
                | GrantRevoked
                | InteractionRequired
                | AccountNotInTenant
                | Declined
        )
    }

    /// The problem of an AADSTS code, when it is one of these.
    pub fn from_aadsts(code: u32) -> Option<SignInProblem> {
        use SignInProblem::*;
        Some(match code {
            7_000_218 => ClientSecretRequired,
            700_025 => ClientSecretNotAllowed,
            7_000_215 | 7_000_222 => InvalidClientSecret,
            70_002 => InvalidClient,
            700_016 => UnknownApplication,
            50_194 => SingleTenantApp,
            50_020 => AccountNotInTenant,
            50_011 => RedirectUriMismatch,
            65_001 => ConsentRequired,
            650_052 | 90_094 => AdminConsentRequired,
            700_082 => RefreshTokenExpired,
            70_000 | 50_173 | 70_008 => GrantRevoked,
            50_076 | 50_079 | 50_158 => InteractionRequired,
            _ => return None,
        })
    }

    /// The problem an OAuth `error` names by itself (device flow, authorize redirects).
    pub(crate) fn from_oauth_error(error: &str) -> Option<SignInProblem> {
        match error {
            "expired_token" => Some(SignInProblem::DeviceCodeExpired),
            "access_denied" | "authorization_declined" => Some(SignInProblem::Declined),
            "interaction_required" => Some(SignInProblem::InteractionRequired),
            "consent_required" => Some(SignInProblem::ConsentRequired),
            _ => None,
        }
    }
}

impl fmt::Display for SignInProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use SignInProblem::*;
        f.write_str(match self {
            NoRefreshToken => "no refresh token came back",
            ClientSecretRequired => "the app needs its client secret",
            ClientSecretNotAllowed => "a public app sent a client secret",
            InvalidClientSecret => "the client secret is wrong or expired",
            InvalidClient => "the client could not be validated",
            UnknownApplication => "the application is not in the tenant",
            SingleTenantApp => "a single-tenant app cannot sign in through common",
            AccountNotInTenant => "the account is not in the tenant",
            RedirectUriMismatch => "the redirect URI is not registered",
            ConsentRequired => "consent has not been granted",
            AdminConsentRequired => "administrator consent is required",
            RefreshTokenExpired => "the refresh token expired",
            GrantRevoked => "the grant was revoked or has expired",
            InteractionRequired => {
                "an interactive sign-in (multi-factor authentication) is required"
            }
            DeviceCodeExpired => "the device code expired",
            Declined => "the sign-in was declined",
        })
    }
}

/// The first `AADSTS<digits>` in `text`.
pub(crate) fn aadsts_in(text: &str) -> Option<u32> {
    let at = text.find("AADSTS")?;
    let digits: String = text[at + 6..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The first line of an `error_description` (the rest is trace and correlation ids and a
/// timestamp, which the error carries separately).
pub(crate) fn first_line(description: &str) -> String {
    description
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .chars()
        .take(300)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_from_descriptions() {
        assert_eq!(
            aadsts_in("AADSTS700082: The refresh token has expired due to inactivity."),
            Some(700_082)
        );
        assert_eq!(aadsts_in("no code here"), None);
        assert_eq!(
            SignInProblem::from_aadsts(7_000_218),
            Some(SignInProblem::ClientSecretRequired)
        );
        assert!(SignInProblem::RefreshTokenExpired.needs_sign_in());
        assert!(!SignInProblem::ClientSecretRequired.needs_sign_in());
    }
}
