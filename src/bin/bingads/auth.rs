//! `bingads auth login | status | logout`: from an app registration to a stored refresh
//! token, and what is stored. Progress goes to standard error; the result is JSON on standard
//! output. No token or secret is ever printed.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use bingads::auth::{
    AuthError, AuthorizationCodeFlow, DeviceCodeFlow, FileTokenStore, OAuthEnvironment,
    SignInConfig, SignedIn, StoreKey, TokenStore,
};
use bingads::time::format_rfc3339;
use clap::{Args, Subcommand};
use serde_json::{json, Value};

use crate::credentials::{
    auth_failure, open_store, read_secret, secure_url, Target, CLIENT_SECRET,
};
use crate::Failure;

/// How long a refresh token lives without use.
const REFRESH_TOKEN_LIFETIME: Duration = Duration::from_secs(90 * 24 * 60 * 60);

#[derive(Subcommand)]
pub(crate) enum AuthCommand {
    /// Sign in (browser with PKCE, or --device-code) and keep the refresh token.
    Login(LoginArgs),
    /// Who is signed in, to what, and when the tokens expire (no secret is printed).
    Status(StoreArgs),
    /// Forget stored sign-ins.
    Logout(LogoutArgs),
}

#[derive(Args)]
pub(crate) struct StoreArgs {
    /// The token store (default: $BINGADS_TOKEN_STORE, else bingads/tokens.json in your
    /// configuration directory).
    #[arg(long)]
    token_store: Option<PathBuf>,
}

#[derive(Args)]
pub(crate) struct LoginArgs {
    /// The app registration's Application (client) id.
    #[arg(long, env = "BINGADS_CLIENT_ID")]
    client_id: String,
    /// Only for a confidential (web) app registration (public apps send none): the client
    /// secret, read from PATH (default: $BINGADS_CLIENT_SECRET). Never an option's value:
    /// other local users can read a process's arguments.
    #[arg(long, value_name = "PATH")]
    client_secret_file: Option<PathBuf>,
    /// The client secret, read from standard input.
    #[arg(long)]
    client_secret_stdin: bool,
    /// The tenant: common (any account), organizations, consumers, or your tenant id.
    #[arg(long, default_value = "common")]
    tenant: String,
    #[arg(long, value_enum, default_value = "production")]
    environment: Target,
    /// Sign in for Partner Center (App+User) instead of Microsoft Advertising.
    #[arg(long)]
    partner_center: bool,
    /// Show a code to enter at a URL on any device (machines without a browser).
    #[arg(long)]
    device_code: bool,
    /// Print the sign-in URL only; do not try to open a browser.
    #[arg(long)]
    no_browser: bool,
    /// How long to wait for the sign-in, in seconds.
    #[arg(long, default_value_t = 300)]
    timeout: u64,
    /// The identity platform's base URL instead of Microsoft's (sovereign clouds, tests);
    /// https, or http to this machine only.
    #[arg(long, env = "BINGADS_AUTHORITY", hide = true)]
    authority: Option<String>,
    #[command(flatten)]
    store: StoreArgs,
}

#[derive(Args)]
pub(crate) struct LogoutArgs {
    /// Only this client id's sign-ins.
    #[arg(long)]
    client_id: Option<String>,
    /// Only this environment's.
    #[arg(long, value_enum)]
    environment: Option<Target>,
    /// Every sign-in in the store.
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    store: StoreArgs,
}

fn environment_of(target: Target) -> OAuthEnvironment {
    match target {
        Target::Production => OAuthEnvironment::Production,
        Target::Sandbox => OAuthEnvironment::Sandbox,
    }
}

pub(crate) fn run(command: AuthCommand) -> Result<(), Failure> {
    match command {
        AuthCommand::Login(args) => login(args),
        AuthCommand::Status(args) => status(args),
        AuthCommand::Logout(args) => logout(args),
    }
}

fn login(args: LoginArgs) -> Result<(), Failure> {
    let store = open_store(args.store.token_store.as_ref())?;
    // A store that cannot take the new refresh token is refused before the sign-in starts.
    store.check().map_err(auth_failure)?;
    let client_secret = read_secret(
        CLIENT_SECRET,
        args.client_secret_file.as_deref(),
        args.client_secret_stdin,
    )?;
    let mut config = SignInConfig::new(args.client_id)
        .tenant(args.tenant)
        .environment(environment_of(args.environment));
    if let Some(secret) = client_secret {
        config = config.client_secret(secret);
    }
    if args.partner_center {
        config = config.partner_center();
    }
    if let Some(authority) = args.authority {
        secure_url("--authority (BINGADS_AUTHORITY)", &authority)?;
        config = config.authority(authority);
    }
    let key = config.key();
    let timeout = Duration::from_secs(args.timeout);
    let signed_in = crate::runtime()?.block_on(async {
        if args.device_code {
            let code = DeviceCodeFlow::new(config).start().await?;
            eprintln!("{}", crate::terminal_safe(&code.message));
            match tokio::time::timeout(timeout, code.finish()).await {
                Ok(result) => result,
                Err(_) => Err(AuthError::SignInFailed(format!(
                    "no sign-in within {} s",
                    timeout.as_secs()
                ))),
            }
        } else {
            let pending = AuthorizationCodeFlow::new(config).start().await?;
            eprintln!("Open this URL in a browser to sign in:");
            eprintln!("{}", pending.authorize_url());
            eprintln!("Waiting for the browser at {} …", pending.redirect_uri());
            if !args.no_browser {
                open_browser(pending.authorize_url());
            }
            pending.finish(timeout).await
        }
    });
    let signed_in = signed_in.map_err(auth_failure)?;
    if let Err(error) = signed_in.save(&store, &key) {
        return Err(keep_beside(&store, &key, &signed_in, error));
    }
    crate::print_json(
        &json!({
            "signed_in": signed_in.account,
            "client_id": key.client_id,
            "environment": environment_name(key.environment),
            "tenant": key.tenant,
            "partner_center": key.partner_center,
            "token_store": store.path().display().to_string(),
            "access_token_expires_at": format_rfc3339(signed_in.expires_at),
            "refresh_token_expires_by": format_rfc3339(SystemTime::now() + REFRESH_TOKEN_LIFETIME),
        }),
        true,
    )
}

/// The store refused a sign-in that just succeeded (it changed since the check, or cannot
/// be written): the new refresh token is written to a new file beside it rather than lost.
fn keep_beside(
    store: &FileTokenStore,
    key: &StoreKey,
    signed_in: &SignedIn,
    error: AuthError,
) -> Failure {
    let name = store
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "tokens.json".into());
    let beside = store.path().with_file_name(format!(
        "{name}.signed-in-{}.json",
        format_rfc3339(SystemTime::now()).replace(':', "")
    ));
    let kept = FileTokenStore::new(&beside);
    match signed_in.save(&kept, key) {
        Ok(()) => Failure::new(
            Failure::INTERNAL,
            format!(
                "{error}. The sign-in succeeded and its tokens were written to {} instead; \
                 fix the store, then use that file with --token-store (or move it in place)",
                beside.display()
            ),
        ),
        Err(also) => Failure::new(
            Failure::INTERNAL,
            format!("{error}; writing the sign-in beside it failed too: {also}"),
        ),
    }
}

/// Opens `url` in the user's browser when one can be found; never required (the URL is
/// printed), and failures are ignored. The `open` crate starts the browser without a shell
/// (ShellExecuteW on Windows, where `cmd /C start` would split the URL at its `&`s).
fn open_browser(url: &str) {
    // Elsewhere than Windows and macOS only with a display (or $BROWSER): without one a text
    // browser would take over the terminal the sign-in is waiting in.
    let can_open = cfg!(any(windows, target_os = "macos"))
        || ["DISPLAY", "WAYLAND_DISPLAY", "BROWSER"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|v| !v.is_empty()));
    if can_open {
        let _ = open::that_detached(url);
    }
}

fn environment_name(environment: OAuthEnvironment) -> &'static str {
    match environment {
        OAuthEnvironment::Production => "production",
        OAuthEnvironment::Sandbox => "sandbox",
    }
}

fn status(args: StoreArgs) -> Result<(), Failure> {
    let store = open_store(args.token_store.as_ref())?;
    let now = SystemTime::now();
    let entries: Vec<Value> = store
        .list()
        .map_err(auth_failure)?
        .into_iter()
        .map(|(key, token)| {
            let refresh_expires = token.refresh_issued_at + REFRESH_TOKEN_LIFETIME;
            json!({
                "client_id": key.client_id,
                "environment": environment_name(key.environment),
                "tenant": key.tenant,
                "partner_center": key.partner_center,
                "account": token.account,
                "scope": token.scope,
                "access_token_expires_at": token.access_token.as_ref().map(|(_, at)| format_rfc3339(*at)),
                "access_token_valid": token.access_token.as_ref().is_some_and(|(_, at)| *at > now),
                "refresh_token_issued_at": format_rfc3339(token.refresh_issued_at),
                "refresh_token_expires_by": format_rfc3339(refresh_expires),
                "refresh_token_valid": refresh_expires > now,
            })
        })
        .collect();
    crate::print_json(
        &json!({"token_store": store.path().display().to_string(), "sign_ins": entries}),
        true,
    )
}

fn logout(args: LogoutArgs) -> Result<(), Failure> {
    if !args.all && args.client_id.is_none() && args.environment.is_none() {
        return Err(Failure::usage(
            "name what to forget: --client-id, --environment, or --all",
        ));
    }
    let store = open_store(args.store.token_store.as_ref())?;
    let environment = args.environment.map(environment_of);
    let mut removed = 0;
    for (key, _) in store.list().map_err(auth_failure)? {
        let matches = args.client_id.as_ref().is_none_or(|c| *c == key.client_id)
            && environment.is_none_or(|e| e == key.environment);
        if matches && store.remove(&key).map_err(auth_failure)? {
            removed += 1;
        }
    }
    crate::print_json(
        &json!({"token_store": store.path().display().to_string(), "removed": removed}),
        true,
    )
}
