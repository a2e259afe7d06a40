//! A fake Microsoft identity platform on 127.0.0.1 (a real HTTP server): `authorize`
//! (answers the browser with the redirect), `token` (authorization code with PKCE, refresh
//! with rotation, device code) and `devicecode`, with errors a test can switch on.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64::Engine as _;

use super::server::{serve, Reply, Seen, TestServer};

#[derive(Default)]
pub struct IdpState {
    /// Issued codes: code -> (PKCE challenge, redirect URI).
    codes: HashMap<String, (String, String)>,
    /// The one refresh token that works; each refresh rotates it.
    pub current_refresh: String,
    issued: u32,
    /// Every token request answers this instead (status, JSON body).
    pub token_error: Option<(u16, String)>,
    /// The authorize redirect carries this error instead of a code.
    pub authorize_error: Option<(String, String)>,
    /// Token answers leave out the refresh token (a scope without offline_access).
    pub omit_refresh_token: bool,
    /// `expires_in` of access tokens.
    pub expires_in: u64,
    /// Device flow: polls answered authorization_pending before the outcome.
    pub pending_polls: u32,
    /// Device flow: the final error instead of tokens (`expired_token`, `authorization_declined`).
    pub device_error: Option<String>,
    /// PKCE verifications that passed.
    pub pkce_verified: u32,
    /// Refresh tokens presented, in order.
    pub refreshes: Vec<String>,
    /// The query of each authorize request, in order: the tests check them (a handler's
    /// assert would only surface as a dropped connection).
    pub authorize_queries: Vec<HashMap<String, String>>,
}

pub struct Idp {
    pub server: TestServer,
    pub state: Arc<Mutex<IdpState>>,
}

impl Idp {
    pub fn url(&self) -> &str {
        &self.server.url
    }

    pub fn state(&self) -> std::sync::MutexGuard<'_, IdpState> {
        self.state.lock().unwrap()
    }

    /// Asserts that there were `count` authorize requests, each with a PKCE S256 challenge and
    /// the offline_access scope.
    pub fn assert_authorize_requests(&self, count: usize) {
        let queries = self.state().authorize_queries.clone();
        assert_eq!(queries.len(), count, "authorize requests: {queries:?}");
        for q in &queries {
            assert_eq!(
                q.get("code_challenge_method").map(String::as_str),
                Some("S256"),
                "{q:?}"
            );
            assert!(
                q.get("scope").is_some_and(|s| s.contains("offline_access")),
                "{q:?}"
            );
        }
    }
}

fn form(text: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn id_token() -> String {
    format!(
        "{}.{}.sig",
        b64(br#"{"alg":"none"}"#),
        b64(br#"{"preferred_username":"dana@fabrikam.example","tid":"t"}"#)
    )
}

fn tokens(state: &mut IdpState) -> Reply {
    state.issued += 1;
    let refresh = format!("rt-{}", state.issued);
    state.current_refresh = refresh.clone();
    let mut body = serde_json::json!({
        "token_type": "Bearer",
        "access_token": format!("at-{}", state.issued),
        "expires_in": state.expires_in,
        "scope": "https://ads.microsoft.com/msads.manage",
        "id_token": id_token(),
    });
    if !state.omit_refresh_token {
        body["refresh_token"] = refresh.into();
    }
    Reply::json(200, body.to_string())
}

fn oauth_error(error: &str, code: u32, description: &str) -> Reply {
    Reply::json(
        400,
        serde_json::json!({
            "error": error,
            "error_description": format!("AADSTS{code}: {description}\r\nTrace ID: 1\r\nCorrelation ID: c-1\r\nTimestamp: x"),
            "error_codes": [code],
            "correlation_id": "5b9f1c1e-0000-4000-8000-00000000c0de",
        })
        .to_string(),
    )
}

fn handle(state: &Mutex<IdpState>, request: Seen) -> Reply {
    let mut state = state.lock().unwrap();
    let (path, query) = request
        .path
        .split_once('?')
        .unwrap_or((request.path.as_str(), ""));
    if path.ends_with("/oauth2/v2.0/authorize") {
        let q = form(query);
        let redirect = q.get("redirect_uri").cloned().unwrap_or_default();
        let state_param = q.get("state").cloned().unwrap_or_default();
        state.authorize_queries.push(q.clone());
        let location = match &state.authorize_error {
            Some((error, description)) => format!(
                "{redirect}?error={error}&error_description={}&state={state_param}",
                url::form_urlencoded::byte_serialize(description.as_bytes()).collect::<String>()
            ),
            None => {
                let code = format!("code-{}", state.codes.len() + 1);
                let challenge = q.get("code_challenge").cloned().unwrap_or_default();
                state
                    .codes
                    .insert(code.clone(), (challenge, redirect.clone()));
                format!("{redirect}?code={code}&state={state_param}")
            }
        };
        let mut reply = Reply::new(302, "");
        reply.headers.push(("location", location));
        return reply;
    }
    if path.ends_with("/oauth2/v2.0/devicecode") {
        return Reply::json(
            200,
            serde_json::json!({
                "device_code": "dc-secret", "user_code": "ABCD-EFGH",
                "verification_uri": "https://microsoft.com/devicelogin",
                "expires_in": 900, "interval": 0,
                "message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ABCD-EFGH to authenticate."
            })
            .to_string(),
        );
    }
    if !path.ends_with("/oauth2/v2.0/token") {
        return Reply::new(404, "no such endpoint");
    }
    if let Some((status, body)) = &state.token_error {
        return Reply::json(*status, body.clone());
    }
    let f = form(&request.text());
    match f.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let code = f.get("code").cloned().unwrap_or_default();
            let Some((challenge, redirect)) = state.codes.remove(&code) else {
                return oauth_error(
                    "invalid_grant",
                    70008,
                    "The provided authorization code or refresh token has expired.",
                );
            };
            let verifier = f.get("code_verifier").cloned().unwrap_or_default();
            let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
            if b64(digest.as_ref()) != challenge || f.get("redirect_uri") != Some(&redirect) {
                return oauth_error("invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
            }
            state.pkce_verified += 1;
            tokens(&mut state)
        }
        Some("refresh_token") => {
            let presented = f.get("refresh_token").cloned().unwrap_or_default();
            state.refreshes.push(presented.clone());
            if presented != state.current_refresh {
                return oauth_error(
                    "invalid_grant",
                    70000,
                    "The provided grant has been revoked.",
                );
            }
            tokens(&mut state)
        }
        Some("urn:ietf:params:oauth:grant-type:device_code") => {
            if state.pending_polls > 0 {
                state.pending_polls -= 1;
                return oauth_error(
                    "authorization_pending",
                    70016,
                    "The provided request has not yet been authorized by the user.",
                );
            }
            if let Some(error) = state.device_error.clone() {
                return Reply::json(
                    400,
                    serde_json::json!({"error": error, "error_description": "done"}).to_string(),
                );
            }
            tokens(&mut state)
        }
        other => Reply::json(
            400,
            format!(r#"{{"error":"unsupported_grant_type","error_description":"{other:?}"}}"#),
        ),
    }
}

pub async fn start() -> Idp {
    let state = Arc::new(Mutex::new(IdpState {
        current_refresh: "rt-0".into(),
        expires_in: 3600,
        ..IdpState::default()
    }));
    let shared = state.clone();
    let server = serve(move |request, _| {
        let shared = shared.clone();
        async move { handle(&shared, request) }
    })
    .await;
    Idp { server, state }
}
