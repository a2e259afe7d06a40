//! Where the CLI's credentials come from: the environment chosen (production or sandbox) and
//! the token store that `bingads auth login` fills, shared by `auth`, `call` and `pc`.

use std::path::PathBuf;
use std::sync::Arc;

use bingads::auth::{
    AuthError, FileTokenStore, OAuthEnvironment, OAuthRefreshToken, StoreKey, TokenStore,
};
use clap::ValueEnum;

use crate::Failure;

/// Microsoft's environment a command signs in to or calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Target {
    Production,
    Sandbox,
}

/// The store a command uses.
pub(crate) fn open_store(path: Option<&PathBuf>) -> Result<FileTokenStore, Failure> {
    let path = path
        .cloned()
        .or_else(FileTokenStore::default_path)
        .ok_or_else(|| {
            Failure::usage("no configuration directory is known: pass --token-store PATH")
        })?;
    Ok(FileTokenStore::new(path))
}

pub(crate) fn auth_failure(error: AuthError) -> Failure {
    let code = match error {
        AuthError::Timeout | AuthError::Transport(_) | AuthError::Http { .. } => Failure::TRANSPORT,
        AuthError::Store { .. } => Failure::INTERNAL,
        _ => Failure::FAULT,
    };
    Failure::new(code, error.to_string())
}

/// A token provider from the store, for `call` and `pc` when no token variable is set: the
/// one sign-in for `environment` (and `client_id`, when given).
pub(crate) fn stored_provider(
    path: Option<&PathBuf>,
    environment: OAuthEnvironment,
    partner_center: bool,
    client_id: Option<&str>,
    client_secret: Option<String>,
    token_url: Option<String>,
) -> Result<Option<Arc<OAuthRefreshToken>>, Failure> {
    // No store named and no configuration directory: there is nothing to read.
    if path.is_none() && FileTokenStore::default_path().is_none() {
        return Ok(None);
    }
    let store = open_store(path)?;
    if !store.path().exists() {
        return Ok(None);
    }
    let matching: Vec<StoreKey> = store
        .list()
        .map_err(auth_failure)?
        .into_iter()
        .map(|(key, _)| key)
        .filter(|k| {
            k.environment == environment
                && k.partner_center == partner_center
                && client_id.is_none_or(|c| c == k.client_id)
        })
        .collect();
    let key = match matching.as_slice() {
        [] => return Ok(None),
        [one] => one.clone(),
        many => {
            let names: Vec<String> = many.iter().map(StoreKey::as_text).collect();
            return Err(Failure::usage(format!(
                "{} sign-ins in {} fit; choose one with --client-id: {}",
                many.len(),
                store.path().display(),
                names.join(", ")
            )));
        }
    };
    let store: Arc<dyn TokenStore> = Arc::new(store);
    let mut builder = OAuthRefreshToken::from_store(store, key).map_err(auth_failure)?;
    if let Some(secret) = client_secret.filter(|s| !s.is_empty()) {
        builder = builder.client_secret(secret);
    }
    if let Some(url) = token_url {
        builder = builder.token_url(url);
    }
    Ok(Some(Arc::new(builder.build())))
}
