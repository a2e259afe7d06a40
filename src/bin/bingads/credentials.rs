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
        AuthError::InsecureUrl(_) => Failure::USAGE,
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

/// A secret's names on the command line: `--<option>-file PATH`, `--<option>-stdin`, and
/// the environment variable. The secret itself is never an option's value: any local user
/// reads a process's arguments (`ps`, `/proc/PID/cmdline`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct SecretName {
    /// `developer-token`: the stem of `--developer-token-file` / `--developer-token-stdin`.
    pub option: &'static str,
    /// `BINGADS_DEVELOPER_TOKEN`.
    pub env: &'static str,
}

impl SecretName {
    const fn new(option: &'static str, env: &'static str) -> Self {
        SecretName { option, env }
    }
}

pub(crate) const DEVELOPER_TOKEN: SecretName =
    SecretName::new("developer-token", "BINGADS_DEVELOPER_TOKEN");
pub(crate) const AUTHENTICATION_TOKEN: SecretName =
    SecretName::new("authentication-token", "BINGADS_AUTHENTICATION_TOKEN");
pub(crate) const REFRESH_TOKEN: SecretName =
    SecretName::new("refresh-token", "BINGADS_REFRESH_TOKEN");
pub(crate) const CLIENT_SECRET: SecretName =
    SecretName::new("client-secret", "BINGADS_CLIENT_SECRET");

/// Partner Center's (`bingads pc`): the same options, their own variables.
pub(crate) const PC_TOKEN: SecretName = SecretName::new("token", "PARTNER_CENTER_TOKEN");
pub(crate) const PC_REFRESH_TOKEN: SecretName =
    SecretName::new("refresh-token", "PARTNER_CENTER_REFRESH_TOKEN");
pub(crate) const PC_CLIENT_SECRET: SecretName =
    SecretName::new("client-secret", "PARTNER_CENTER_CLIENT_SECRET");

/// Options that used to take a secret as their value. Given now, the command stops with an
/// error that names the option and its replacements and never repeats the value.
const RETIRED_SECRET_OPTIONS: [SecretName; 4] = [
    DEVELOPER_TOKEN,
    AUTHENTICATION_TOKEN,
    REFRESH_TOKEN,
    CLIENT_SECRET,
];
/// The same for `bingads pc`, which named its variables after Partner Center.
const RETIRED_PC_SECRET_OPTIONS: [SecretName; 3] = [PC_TOKEN, PC_REFRESH_TOKEN, PC_CLIENT_SECRET];

/// The largest secret file or standard input read.
const MAX_SECRET: u64 = 64 * 1024;

/// Stops at a retired secret option (`--client-secret VALUE`, `--client-secret=VALUE`)
/// before the arguments are parsed (the parser's error would quote the argument).
pub(crate) fn refuse_secret_arguments(args: &[std::ffi::OsString]) -> Result<(), Failure> {
    let partner_center = args
        .iter()
        .skip(1)
        .find(|a| !a.to_string_lossy().starts_with('-'))
        .is_some_and(|a| a == "pc");
    let retired: &[SecretName] = if partner_center {
        &RETIRED_PC_SECRET_OPTIONS
    } else {
        &RETIRED_SECRET_OPTIONS
    };
    for arg in args.iter().skip(1) {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" {
            break;
        }
        for &name in retired {
            let option = format!("--{}", name.option);
            if arg == option || arg.starts_with(&format!("{option}=")) {
                return Err(Failure::usage(format!(
                    "{option} takes no value on the command line, where other local users can \
                     read it (the value given was not used; change the secret if it is real): \
                     set {}, or use {option}-file PATH or {option}-stdin",
                    name.env
                )));
            }
        }
    }
    Ok(())
}

/// At most one `--<name>-stdin` (and not with `--json -`): standard input is read once.
pub(crate) fn one_stdin(readers: &[(&str, bool)]) -> Result<(), Failure> {
    let named: Vec<&str> = readers
        .iter()
        .filter(|(_, on)| *on)
        .map(|(n, _)| *n)
        .collect();
    if named.len() > 1 {
        return Err(Failure::usage(format!(
            "standard input is read once: only one of {} may read it",
            named.join(", ")
        )));
    }
    Ok(())
}

/// A secret from `--<name>-file PATH`, else `--<name>-stdin`, else the environment
/// variable; `None` when none gives one. Surrounding whitespace (a file's final newline) is
/// dropped; an empty file or input is an error. Errors name the source, never the content.
pub(crate) fn read_secret(
    name: SecretName,
    file: Option<&std::path::Path>,
    stdin: bool,
) -> Result<Option<String>, Failure> {
    use std::io::Read as _;
    let (text, source) = if let Some(path) = file {
        let opened = std::fs::File::open(path).map_err(|e| {
            Failure::usage(format!(
                "--{}-file {}: cannot read: {e}",
                name.option,
                path.display()
            ))
        })?;
        let mut bytes = Vec::new();
        opened
            .take(MAX_SECRET + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                Failure::usage(format!(
                    "--{}-file {}: cannot read: {e}",
                    name.option,
                    path.display()
                ))
            })?;
        (bytes, format!("--{}-file {}", name.option, path.display()))
    } else if stdin {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_SECRET + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::usage(format!("cannot read standard input: {e}")))?;
        (bytes, format!("--{}-stdin", name.option))
    } else {
        return Ok(std::env::var(name.env).ok().filter(|v| !v.is_empty()));
    };
    if text.len() as u64 > MAX_SECRET {
        return Err(Failure::usage(format!(
            "{source}: larger than {MAX_SECRET} bytes; not a secret"
        )));
    }
    let text =
        String::from_utf8(text).map_err(|_| Failure::usage(format!("{source}: not UTF-8 text")))?;
    let text = text.trim();
    if text.is_empty() {
        return Err(Failure::usage(format!("{source}: empty")));
    }
    Ok(Some(text.to_string()))
}

/// Refuses, as a usage error before anything is sent, a token URL or authority that may not
/// carry credentials (plain http to another machine).
pub(crate) fn secure_url(what: &str, url: &str) -> Result<(), Failure> {
    bingads::auth::require_secure(url)
        .map(|_| ())
        .map_err(|e| Failure::usage(format!("{what}: {e}")))
}
