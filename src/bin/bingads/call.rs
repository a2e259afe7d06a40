//! `bingads call`: any operation, JSON view in and out, with the client's retry policy.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bingads::auth::{OAuthEnvironment, OAuthRefreshToken, TokenProvider};
use bingads::client::{ClientBuilder, Environment, Error, RetryConfig, ServiceClient};
use clap::Args;
use serde_json::{json, Map, Value};

use crate::credentials::{
    one_stdin, read_secret, secure_url, Target, AUTHENTICATION_TOKEN, CLIENT_SECRET,
    DEVELOPER_TOKEN, REFRESH_TOKEN,
};
use crate::{fault_document, find_operation, print_json, read_stdin_text, ApiVersion, Failure};

/// Secrets never come from an option's value (other local users can read a process's
/// arguments): each comes from its environment variable, `--<name>-file PATH`,
/// `--<name>-stdin` (one per command), or the token store `bingads auth login` fills.
#[derive(Args)]
pub(crate) struct CallArgs {
    #[arg(long, value_enum)]
    api_version: ApiVersion,
    /// Operation name, e.g. GetUser.
    operation: String,
    /// The request body as JSON (WSDL element names); `-` reads standard input.
    #[arg(long, default_value = "{}")]
    json: String,
    #[command(flatten)]
    connection: Connection,
    /// Also retry writes (Add…, Update…, Delete…) after a failure that may have reached the
    /// service (a timeout, a 5xx): they may then run twice. Without it a write is retried only
    /// when it provably was not processed (connection refused, 429, fault 117).
    #[arg(long)]
    retry_writes: bool,
    /// Seconds for the whole call: every attempt and every wait between them.
    #[arg(long)]
    timeout: Option<f64>,
    /// Seconds for one attempt (default 120).
    #[arg(long)]
    attempt_timeout: Option<f64>,
    /// Add the optional `<Action mustUnderstand="1">` header.
    #[arg(long)]
    with_action_header: bool,
}

/// Where a command calls Microsoft Advertising and with which credentials and retries: shared
/// by `call` and `users`.
#[derive(Args)]
pub(crate) struct Connection {
    /// Which Microsoft environment to call (ignored with --endpoint).
    #[arg(long, value_enum, default_value = "production")]
    environment: Target,
    /// Any endpoint URL instead, e.g. the emulator's.
    #[arg(long)]
    endpoint: Option<String>,
    /// The DeveloperToken header, read from PATH (default: $BINGADS_DEVELOPER_TOKEN).
    #[arg(long, value_name = "PATH")]
    developer_token_file: Option<PathBuf>,
    /// The DeveloperToken header, read from standard input.
    #[arg(long)]
    developer_token_stdin: bool,
    /// The AuthenticationToken header, an OAuth access token, read from PATH (default:
    /// $BINGADS_AUTHENTICATION_TOKEN).
    #[arg(long, value_name = "PATH")]
    authentication_token_file: Option<PathBuf>,
    /// The AuthenticationToken header, read from standard input.
    #[arg(long)]
    authentication_token_stdin: bool,
    /// Without an access token: the OAuth client id whose refresh token gets one.
    #[arg(long, env = "BINGADS_CLIENT_ID")]
    client_id: Option<String>,
    /// A refresh token, read from PATH (default: $BINGADS_REFRESH_TOKEN; else the token
    /// store).
    #[arg(long, value_name = "PATH")]
    refresh_token_file: Option<PathBuf>,
    /// A refresh token, read from standard input.
    #[arg(long)]
    refresh_token_stdin: bool,
    /// Only for confidential (web) applications: the client secret, read from PATH
    /// (default: $BINGADS_CLIENT_SECRET).
    #[arg(long, value_name = "PATH")]
    client_secret_file: Option<PathBuf>,
    /// The client secret, read from standard input.
    #[arg(long)]
    client_secret_stdin: bool,
    /// The OAuth token endpoint, when not Microsoft's (tests, sovereign clouds); https, or
    /// http to this machine only.
    #[arg(long, env = "BINGADS_OAUTH_TOKEN_URL")]
    token_url: Option<String>,
    /// With --endpoint: send the token store's sign-in (a Microsoft Advertising access token)
    /// to that endpoint too. Without it a stored sign-in goes to Microsoft's hosts only.
    #[arg(long)]
    stored_sign_in: bool,
    /// Without a token variable: the token store `bingads auth login` wrote (default:
    /// $BINGADS_TOKEN_STORE, else bingads/tokens.json in your configuration directory).
    #[arg(long)]
    token_store: Option<std::path::PathBuf>,
    /// Total attempts, the first included.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    max_attempts: u32,
    /// Seconds to wait after a 117 CallRateExceeded fault before trying again.
    #[arg(long, default_value_t = 60.0)]
    throttle_wait: f64,
    /// rest (default for v13) or soap. A bare --endpoint host (http://127.0.0.1:8080) serves
    /// both; a URL with a path is the service root (REST) or the .svc URL (SOAP).
    #[arg(long, value_enum)]
    transport: Option<crate::WireArg>,
}

fn seconds(what: &str, value: f64) -> Result<Duration, Failure> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| Failure::usage(format!("{what} must be a number of seconds, not {value}")))
}

/// `--endpoint`: a bare host (`http://127.0.0.1:8080`) stands in for Microsoft's for both wire
/// forms (the SOAP `.svc` path is added); a URL with a path is used as given.
pub(crate) fn endpoint_environment(url: &str) -> Environment {
    let bare = url::Url::parse(url).is_ok_and(|u| u.path() == "/" && u.query().is_none());
    if bare {
        Environment::custom(url)
    } else {
        Environment::Endpoint(url.to_string())
    }
}

/// A retry wait on stderr when a person watches it (`throttled (117): waiting 60 s …`), so a
/// long wait is not mistaken for a hang; pipes and logs get the tracing event only.
pub(crate) fn print_retry(event: &bingads::client::RetryEvent<'_>) {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        eprintln!("{event}");
    }
}

/// What an error from the client means for the exit code.
pub(crate) fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Fault(_) | Error::StaleTimeStamp(_) => Failure::FAULT,
        Error::Construction(_) => Failure::USAGE,
        _ => Failure::TRANSPORT,
    }
}

impl Connection {
    /// The options that read standard input, for [`one_stdin`].
    pub(crate) fn stdin_readers(&self) -> [(&'static str, bool); 4] {
        [
            ("--developer-token-stdin", self.developer_token_stdin),
            (
                "--authentication-token-stdin",
                self.authentication_token_stdin,
            ),
            ("--refresh-token-stdin", self.refresh_token_stdin),
            ("--client-secret-stdin", self.client_secret_stdin),
        ]
    }

    /// A client builder with the environment, transport, retries (`retry_writes`: also after
    /// a failure that may have reached the service) and credentials these options name. Reads
    /// the secrets (standard input too: check [`Self::stdin_readers`] first).
    pub(crate) fn builder<C: From<ServiceClient>>(
        &self,
        service: &'static bingads::dynamic::Service,
        retry_writes: bool,
    ) -> Result<ClientBuilder<C>, Failure> {
        if let Some(url) = &self.token_url {
            secure_url("--token-url (BINGADS_OAUTH_TOKEN_URL)", url)?;
        }
        let developer_token = read_secret(
            DEVELOPER_TOKEN,
            self.developer_token_file.as_deref(),
            self.developer_token_stdin,
        )?;
        let authentication_token = read_secret(
            AUTHENTICATION_TOKEN,
            self.authentication_token_file.as_deref(),
            self.authentication_token_stdin,
        )?;
        let refresh_token = read_secret(
            REFRESH_TOKEN,
            self.refresh_token_file.as_deref(),
            self.refresh_token_stdin,
        )?;
        let client_secret = read_secret(
            CLIENT_SECRET,
            self.client_secret_file.as_deref(),
            self.client_secret_stdin,
        )?;
        let retry = RetryConfig::standard()
            .with_max_attempts(self.max_attempts)
            .with_retry_writes(retry_writes)
            .with_throttle_wait(seconds("--throttle-wait", self.throttle_wait)?);
        let environment = match (&self.endpoint, self.environment) {
            (Some(url), _) => endpoint_environment(url),
            (None, Target::Production) => Environment::Production,
            (None, Target::Sandbox) => Environment::Sandbox,
        };
        let mut builder = ClientBuilder::<C>::new(service)
            .transport(crate::WireArg::resolve(self.transport, service)?)
            .environment(environment)
            .retry(retry)
            .on_retry(print_retry);
        if let Some(token) = developer_token {
            builder = builder.developer_token(token);
        }
        match (authentication_token, self.client_id.clone(), refresh_token) {
            (Some(token), _, _) => builder = builder.access_token(token),
            (None, Some(client_id), Some(refresh_token)) => {
                let mut oauth = OAuthRefreshToken::builder(client_id, refresh_token);
                if matches!(self.environment, Target::Sandbox) && self.endpoint.is_none() {
                    oauth = oauth.environment(OAuthEnvironment::Sandbox);
                }
                if let Some(secret) = client_secret {
                    oauth = oauth.client_secret(secret);
                }
                if let Some(url) = self.token_url.clone() {
                    oauth = oauth.token_url(url);
                }
                let provider: Arc<dyn TokenProvider> = Arc::new(oauth.build());
                builder = builder.token_provider(provider);
            }
            (None, None, Some(_)) => {
                return Err(Failure::usage(
                    "a refresh token needs both BINGADS_CLIENT_ID and BINGADS_REFRESH_TOKEN",
                ))
            }
            // No token variable: a sign-in from the store. Without one either, the service
            // answers 105 InvalidCredentials, which is the honest report.
            (None, client_id, None) => {
                // With --endpoint, Microsoft's host named there says the environment.
                let named = self
                    .endpoint
                    .as_deref()
                    .and_then(bingads::auth::environment_of_url);
                let environment = match (named, self.environment) {
                    (Some(environment), _) => environment,
                    (None, Target::Sandbox) if self.endpoint.is_none() => OAuthEnvironment::Sandbox,
                    _ => OAuthEnvironment::Production,
                };
                if let Some(provider) = crate::credentials::stored_provider(
                    self.token_store.as_ref(),
                    environment,
                    false,
                    client_id.as_deref(),
                    client_secret,
                    self.token_url.clone(),
                )? {
                    // A stored sign-in is Microsoft's: it goes to another endpoint only when the
                    // user says so (Microsoft's own hosts named with --endpoint are fine).
                    if let Some(endpoint) = &self.endpoint {
                        if !self.stored_sign_in && named.is_none() {
                            return Err(Failure::usage(format!(
                                "the token store's sign-in is for Microsoft's hosts, and --endpoint \
                                 {} is not one: give that endpoint its own token \
                                 (BINGADS_AUTHENTICATION_TOKEN, --authentication-token-file or \
                                 --authentication-token-stdin), or pass --stored-sign-in to send \
                                 the stored one there",
                                url::Url::parse(endpoint)
                                    .ok()
                                    .and_then(|u| u.host_str().map(str::to_string))
                                    .unwrap_or_else(|| "(not a URL)".into())
                            )));
                        }
                    }
                    let provider: Arc<dyn TokenProvider> = provider;
                    builder = builder.token_provider(provider);
                }
            }
        }
        Ok(builder)
    }
}

pub(crate) fn run(args: CallArgs) -> Result<(), Failure> {
    let service = args.api_version.service();
    let op = find_operation(service, &args.operation)?;
    let mut readers = vec![("--json -", args.json == "-")];
    readers.extend(args.connection.stdin_readers());
    one_stdin(&readers)?;
    let mut builder = args
        .connection
        .builder::<ServiceClient>(service, args.retry_writes)?
        .with_action_header(args.with_action_header);
    let json = if args.json == "-" {
        read_stdin_text()?
    } else {
        args.json.clone()
    };
    let request = op
        .request_from_json(&json)
        .map_err(|e| Failure::usage(format!("invalid JSON for {}Request: {e}", op.name)))?;
    if let Some(timeout) = args.attempt_timeout {
        builder = builder.timeout(seconds("--attempt-timeout", timeout)?);
    }
    let whole_call = args.timeout.map(|t| seconds("--timeout", t)).transpose()?;
    let client = builder
        .build()
        .map_err(|e| Failure::new(exit_code(&e), e.to_string()))?;
    let result = crate::runtime()?.block_on(async {
        match whole_call {
            Some(limit) => tokio::time::timeout(limit, client.call_json(&request)).await,
            None => Ok(client.call_json(&request).await),
        }
    });
    let Ok(result) = result else {
        return Err(Failure::new(
            Failure::TRANSPORT,
            format!(
                "the call did not finish within --timeout {} s (every attempt and wait included); a write may have reached the service",
                args.timeout.unwrap_or_default()
            ),
        ));
    };
    match result {
        Ok(response) => {
            let mut doc = Map::new();
            if let Some(id) = &response.tracking_id {
                doc.insert("tracking_id".into(), json!(id));
            }
            doc.insert("body".into(), response.body);
            print_json(&Value::Object(doc), true)
        }
        Err(error) => {
            if let Some(fault) = error.fault() {
                print_json(&fault_document(fault), true)?;
            }
            Err(Failure::new(exit_code(&error), error.to_string()))
        }
    }
}
