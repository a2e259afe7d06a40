//! [`OAuthRefreshToken`]: the refresh-token grant, its cache, single flight, rotation callback
//! and token store, and its builder.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::store::{self, StoreKey, StoreLock, StoredToken, TokenStore};
use super::{post_token_form, AuthError, BoxFuture, OAuthEnvironment, TokenProvider};
use crate::model::Secret;

/// Called with each new refresh token the identity platform issues. Persist it: the old one
/// may stop working.
pub type RefreshTokenCallback = Arc<dyn Fn(&Secret) + Send + Sync>;

/// Refresh-token grant with proactive refresh, single flight and rotation callback.
///
/// ```no_run
/// use bingads::auth::{OAuthRefreshToken, OAuthEnvironment};
/// # async fn demo() -> Result<(), bingads::auth::AuthError> {
/// let provider = OAuthRefreshToken::builder("your-client-id", std::env::var("REFRESH_TOKEN").unwrap())
///     .client_secret("optional-for-web-apps")
///     .environment(OAuthEnvironment::Production)
///     .tenant("common")
///     .on_refresh_token(|new_token| {
///         // store new_token.expose() somewhere safe
///         let _ = new_token;
///     })
///     .build();
/// # Ok(()) }
/// ```
pub struct OAuthRefreshToken {
    /// `None` only when no HTTP client could be built (TLS could not start): every token
    /// request then fails with [`AuthError::Transport`] instead of panicking.
    http: Option<reqwest::Client>,
    token_url: String,
    client_id: String,
    client_secret: Option<Secret>,
    scope: String,
    /// v1 endpoint form: `resource=` instead of `scope=`.
    resource: Option<String>,
    refresh_early: Duration,
    on_refresh_token: Option<RefreshTokenCallback>,
    environment: OAuthEnvironment,
    /// Where every new token is saved before it is used, and under which key.
    store: Option<(Arc<dyn TokenStore>, StoreKey)>,
    state: Mutex<TokenState>,
    /// Held while a token request is in flight, so concurrent callers wait for it instead of
    /// sending their own.
    refresh: tokio::sync::Mutex<()>,
    /// Held while the rotation callback runs (outside `refresh`, so a slow callback stalls
    /// no caller), so rotated tokens are handed over one at a time and never out of order.
    persist: Mutex<()>,
}

struct TokenState {
    refresh_token: Secret,
    /// When the refresh token was issued (it expires after 90 days without use).
    refresh_issued_at: std::time::SystemTime,
    /// Who signed in, as the store knows it.
    account: Option<String>,
    /// The access token and when to fetch the next one.
    access: Option<(Secret, Instant)>,
    /// Token requests finished so far: a caller that waited for a request shares its outcome.
    fetches: u64,
    /// The last request's failure and until when it stands (`None`: until the refresh token
    /// is replaced, for `invalid_grant`), so a failing endpoint is not asked again at once.
    failure: Option<(AuthError, Option<Instant>)>,
    /// Consecutive failures, for the backoff.
    failures: u32,
}

/// How long a failed token request stands before the next one is sent: 1 s, doubling per
/// consecutive failure, at most 60 s.
fn failure_backoff(failures: u32) -> Duration {
    Duration::from_secs(1u64 << failures.saturating_sub(1).min(6)).min(Duration::from_secs(60))
}

impl fmt::Debug for OAuthRefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthRefreshToken")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// Builder for [`OAuthRefreshToken`].
pub struct OAuthRefreshTokenBuilder {
    client_id: String,
    refresh_token: Secret,
    client_secret: Option<Secret>,
    environment: OAuthEnvironment,
    tenant: String,
    token_url: Option<String>,
    scope: Option<String>,
    resource: Option<String>,
    timeout: Duration,
    refresh_early: Duration,
    on_refresh_token: Option<RefreshTokenCallback>,
    http: Option<reqwest::Client>,
    store: Option<(Arc<dyn TokenStore>, StoreKey)>,
    /// From the store: the entry's access token, issue time and account.
    stored: Option<StoredToken>,
}

impl OAuthRefreshToken {
    /// Starts a provider from a store's sign-in (`bingads auth login` writes one): its
    /// refresh token, the access token while it is valid, and the store to save every new
    /// token to. The environment and tenant come from `key`.
    pub fn from_store(
        store: Arc<dyn TokenStore>,
        key: StoreKey,
    ) -> Result<OAuthRefreshTokenBuilder, AuthError> {
        let entry = store.load(&key)?.ok_or_else(|| AuthError::Store {
            path: format!("{store:?}"),
            message: format!("no sign-in for {}: run bingads auth login", key.as_text()),
        })?;
        let mut builder =
            OAuthRefreshToken::builder(key.client_id.clone(), entry.refresh_token.clone())
                .environment(key.environment)
                .tenant(key.tenant.clone());
        if key.partner_center {
            builder = builder.partner_center();
        }
        builder.stored = Some(entry);
        builder.store = Some((store, key));
        Ok(builder)
    }

    /// Starts a provider for `client_id` from a refresh token; defaults: Production, tenant
    /// `common`, 30 s timeout, refresh 60 s before expiry.
    pub fn builder(
        client_id: impl Into<String>,
        refresh_token: impl Into<Secret>,
    ) -> OAuthRefreshTokenBuilder {
        OAuthRefreshTokenBuilder {
            client_id: client_id.into(),
            refresh_token: refresh_token.into(),
            client_secret: None,
            environment: OAuthEnvironment::Production,
            tenant: "common".into(),
            token_url: None,
            scope: None,
            resource: None,
            timeout: Duration::from_secs(30),
            refresh_early: Duration::from_secs(60),
            on_refresh_token: None,
            http: None,
            store: None,
            stored: None,
        }
    }

    /// The refresh token currently held (after any rotation).
    pub fn refresh_token(&self) -> Secret {
        self.lock().refresh_token.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, TokenState> {
        // A panic while holding this lock cannot leave the state half-written (plain
        // assignments), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn cached(&self) -> Option<Secret> {
        let state = self.lock();
        let (token, refresh_at) = state.access.as_ref()?;
        (Instant::now() < *refresh_at).then(|| token.clone())
    }

    /// The failure that still stands, if any.
    fn standing_failure(&self) -> Option<AuthError> {
        let state = self.lock();
        let (error, until) = state.failure.as_ref()?;
        until
            .is_none_or(|until| Instant::now() < until)
            .then(|| error.clone())
    }

    /// Replaces the refresh token (a new sign-in): the cached access token and any
    /// remembered failure (such as `invalid_grant`) are dropped.
    pub fn set_refresh_token(&self, refresh_token: impl Into<Secret>) {
        let mut state = self.lock();
        state.refresh_token = refresh_token.into();
        state.refresh_issued_at = std::time::SystemTime::now();
        state.access = None;
        state.failure = None;
        state.failures = 0;
    }

    /// Records a finished token request.
    fn record(&self, outcome: &Result<Secret, AuthError>) {
        let mut state = self.lock();
        state.fetches += 1;
        match outcome {
            Ok(_) => {
                state.failure = None;
                state.failures = 0;
            }
            Err(error) => {
                state.failures = state.failures.saturating_add(1);
                // Only a new refresh token fixes these: they stand until one is set.
                let until = if error.needs_consent() {
                    None
                } else {
                    Instant::now().checked_add(failure_backoff(state.failures))
                };
                state.failure = Some((error.clone(), until));
            }
        }
    }

    /// Hands a rotated refresh token to the callback, unless a newer one replaced it already.
    fn persist(&self, rotated: Secret) {
        let Some(callback) = &self.on_refresh_token else {
            return;
        };
        let _one_at_a_time = self.persist.lock().unwrap_or_else(|e| e.into_inner());
        if self.lock().refresh_token == rotated {
            callback(&rotated);
        }
    }

    /// One token request; returns the access token and the rotated refresh token, if any.
    async fn fetch(&self) -> Result<(Secret, Option<Secret>), AuthError> {
        // With a store, its lock is held from reading the newest refresh token to saving the
        // rotated one: another process refreshing the same sign-in waits, then reads ours.
        let store_lock = match &self.store {
            Some((store, key)) => {
                let lock = lock_store(store.as_ref()).await?;
                if let Some(entry) = store.load(key)? {
                    let mut state = self.lock();
                    if entry.refresh_token != state.refresh_token {
                        state.refresh_token = entry.refresh_token;
                        state.refresh_issued_at = entry.refresh_issued_at;
                    }
                }
                Some(lock)
            }
            None => None,
        };
        let refresh_token = self.lock().refresh_token.clone();
        let mut form: Vec<(&str, &str)> = vec![
            ("grant_type", "refresh_token"),
            ("client_id", &self.client_id),
            ("refresh_token", refresh_token.expose()),
        ];
        match &self.resource {
            Some(resource) => form.push(("resource", resource)),
            None => form.push(("scope", &self.scope)),
        }
        if let Some(secret) = &self.client_secret {
            form.push(("client_secret", secret.expose()));
        }
        let started = Instant::now();
        let http = self.http.as_ref().ok_or_else(|| {
            AuthError::Transport("no HTTP client could be built (TLS setup failed)".into())
        })?;
        let parsed = post_token_form(http, &self.token_url, &form).await;
        tracing::debug!(
            ok = parsed.is_ok(),
            duration_ms = started.elapsed().as_millis() as u64,
            "token request"
        );
        let parsed = parsed?;
        let access = parsed
            .access_token
            .ok_or_else(|| AuthError::Malformed("no access_token in the answer".into()))?;
        let access = Secret::new(access);
        // A day at most: a hostile or broken `expires_in` must not overflow the clock.
        let lifetime = Duration::from_secs(parsed.expires_in.map_or(3600, |e| e.0).min(86_400));
        // Refresh `refresh_early` before expiry, or at half the lifetime of a short-lived
        // token, which is still worth caching.
        let early = self.refresh_early.min(lifetime / 2);
        let rotated = parsed
            .refresh_token
            .filter(|new| new != self.lock().refresh_token.expose())
            .map(Secret::new);
        if let Some(new) = &rotated {
            let mut state = self.lock();
            state.refresh_token = new.clone();
            state.refresh_issued_at = std::time::SystemTime::now();
        }
        // Saved before the access token is used: a crash after this line cannot lose the
        // only valid refresh token. If the save fails the token is not handed out; the next
        // call fetches (and saves) again.
        if let Some((store, key)) = &self.store {
            let state = self.lock();
            let entry = StoredToken {
                refresh_token: state.refresh_token.clone(),
                access_token: Some((access.clone(), std::time::SystemTime::now() + lifetime)),
                refresh_issued_at: state.refresh_issued_at,
                account: state.account.clone(),
                scope: parsed.scope.clone().or_else(|| Some(self.scope.clone())),
            };
            drop(state);
            match &store_lock {
                Some(lock) => store.save_locked(lock, key, &entry)?,
                None => store.save(key, &entry)?,
            }
        }
        drop(store_lock);
        self.lock().access = Some((
            access.clone(),
            started.checked_add(lifetime - early).unwrap_or(started),
        ));
        Ok((access, rotated))
    }
}

/// Takes `store`'s lock, waiting (at most a minute, without blocking the runtime) while
/// another process holds it.
async fn lock_store(store: &dyn TokenStore) -> Result<StoreLock, AuthError> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(lock) = store.try_lock()? {
            return Ok(lock);
        }
        if Instant::now() >= deadline {
            return Err(AuthError::Store {
                path: format!("{store:?}"),
                message: "another process has held the store's lock for over 60 s".into(),
            });
        }
        tokio::time::sleep(store::LOCK_RETRY).await;
    }
}

impl TokenProvider for OAuthRefreshToken {
    fn access_token(&self) -> BoxFuture<'_, Result<Secret, AuthError>> {
        Box::pin(async move {
            if let Some(token) = self.cached() {
                return Ok(token);
            }
            if let Some(error) = self.standing_failure() {
                return Err(error);
            }
            let seen = self.lock().fetches;
            let flight = self.refresh.lock().await;
            // Whoever held the lock before us may have refreshed already, or failed: the
            // callers that waited for one request share its outcome.
            if let Some(token) = self.cached() {
                return Ok(token);
            }
            if self.lock().fetches != seen {
                if let Some(error) = self.standing_failure() {
                    return Err(error);
                }
            }
            let fetched = self.fetch().await;
            let outcome = fetched
                .as_ref()
                .map(|(access, _)| access.clone())
                .map_err(Clone::clone);
            self.record(&outcome);
            drop(flight);
            if let Ok((_, Some(rotated))) = fetched {
                self.persist(rotated);
            }
            outcome
        })
    }

    fn environment(&self) -> Option<OAuthEnvironment> {
        Some(self.environment)
    }

    fn invalidate(&self, token: &Secret) {
        let mut state = self.lock();
        if state
            .access
            .as_ref()
            .is_some_and(|(current, _)| current == token)
        {
            state.access = None;
        }
    }
}

impl OAuthRefreshTokenBuilder {
    /// For confidential (web) applications.
    pub fn client_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// Production (default) or Sandbox endpoints and scope.
    pub fn environment(mut self, environment: OAuthEnvironment) -> Self {
        self.environment = environment;
        self
    }

    /// Azure AD tenant for production: `common` (default), `organizations`, `consumers` or a tenant id.
    pub fn tenant(mut self, tenant: impl Into<String>) -> Self {
        self.tenant = tenant.into();
        self
    }

    /// Overrides the token URL (tests, sovereign clouds).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Overrides the scope.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    /// Partner Center (App+User) through the v2 endpoint: scope
    /// `https://api.partnercenter.microsoft.com/user_impersonation offline_access`.
    pub fn partner_center(self) -> Self {
        self.scope("https://api.partnercenter.microsoft.com/user_impersonation offline_access")
    }

    /// The v1 endpoint form (`/{tenant}/oauth2/token` with `resource=`), as Partner Center's
    /// older samples use (`resource=https://api.partnercenter.microsoft.com`). Its `expires_in`
    /// comes as a string, which is read the same.
    pub fn resource(mut self, resource: impl Into<String>) -> Self {
        self.resource = Some(resource.into());
        self
    }

    /// Timeout of one token request (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long before expiry a token is refreshed (default 60 s).
    pub fn refresh_early(mut self, margin: Duration) -> Self {
        self.refresh_early = margin;
        self
    }

    /// Called with each new refresh token (callers must persist rotated tokens).
    pub fn on_refresh_token(mut self, callback: impl Fn(&Secret) + Send + Sync + 'static) -> Self {
        self.on_refresh_token = Some(Arc::new(callback));
        self
    }

    /// Shares an existing HTTP client (its pool, proxy and TLS settings).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Saves every new token (a rotated refresh token above all) to `store` under `key`
    /// before the access token that came with it is used.
    pub fn store(mut self, store: Arc<dyn TokenStore>, key: StoreKey) -> Self {
        self.store = Some((store, key));
        self
    }

    /// The provider; no token is requested until the first call.
    pub fn build(self) -> OAuthRefreshToken {
        let (mut default_url, default_scope) = match self.environment {
            OAuthEnvironment::Production => (
                format!(
                    "https://login.microsoftonline.com/{}/oauth2/v2.0/token",
                    self.tenant
                ),
                "https://ads.microsoft.com/msads.manage offline_access",
            ),
            OAuthEnvironment::Sandbox => (
                "https://login.windows-ppe.net/consumers/oauth2/v2.0/token".to_string(),
                "https://api.ads.microsoft.com/msads.manage offline_access",
            ),
        };
        if self.resource.is_some() {
            default_url = format!(
                "https://login.microsoftonline.com/{}/oauth2/token",
                self.tenant
            );
        }
        let http = self.http.or_else(|| {
            crate::http::HttpOptions {
                timeouts: crate::http::TimeoutConfig {
                    total: self.timeout,
                    ..Default::default()
                },
                ..Default::default()
            }
            .build()
            .ok()
        });
        OAuthRefreshToken {
            http,
            token_url: self.token_url.unwrap_or(default_url),
            client_id: self.client_id,
            client_secret: self.client_secret,
            scope: self.scope.unwrap_or_else(|| default_scope.to_string()),
            resource: self.resource,
            refresh_early: self.refresh_early,
            on_refresh_token: self.on_refresh_token,
            environment: self.environment,
            store: self.store,
            state: Mutex::new(TokenState {
                refresh_token: self.refresh_token,
                refresh_issued_at: self
                    .stored
                    .as_ref()
                    .map_or_else(std::time::SystemTime::now, |s| s.refresh_issued_at),
                account: self.stored.as_ref().and_then(|s| s.account.clone()),
                // A stored access token is used while it has more than the margin left.
                access: self
                    .stored
                    .as_ref()
                    .and_then(|s| s.access_token.clone())
                    .and_then(|(token, expires)| {
                        let left = expires
                            .duration_since(std::time::SystemTime::now())
                            .ok()?
                            .checked_sub(self.refresh_early)?;
                        Some((token, Instant::now() + left))
                    }),
                fetches: 0,
                failure: None,
                failures: 0,
            }),
            refresh: tokio::sync::Mutex::new(()),
            persist: Mutex::new(()),
        }
    }
}
