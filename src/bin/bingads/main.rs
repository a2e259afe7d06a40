//! `bingads`: the command-line face of the library.
//!
//! Exit codes: 0 success; 1 unexpected internal error; 2 bad arguments or malformed input;
//! 3 SOAP fault (or Partner Center error response); 4 transport or HTTP error without a SOAP
//! fault. Secrets come from the environment, files (`--<name>-file`), standard input
//! (`--<name>-stdin`) or the token store, never from an option's value, and are never printed.

mod auth;
mod bulk;
mod call;
mod credentials;
mod emulator;
mod pc;
mod users;

use std::io::{Read, Write};
use std::process::ExitCode;

use bingads::dynamic::Service;
use bingads::model::RequestHeaders;
use bingads::soap::{EnvelopeOptions, SoapError};
use bingads::xml::Limits;
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "bingads",
    version,
    about = "Microsoft Advertising Customer Management from the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The versions compiled in (cargo features `v12`, `v13`).
#[derive(Clone, Copy, Debug, ValueEnum)]
enum ApiVersion {
    #[cfg(feature = "v12")]
    V12,
    #[cfg(feature = "v13")]
    V13,
}

impl ApiVersion {
    fn service(self) -> &'static Service {
        match self {
            #[cfg(feature = "v12")]
            ApiVersion::V12 => &bingads::v12::customer_management::SERVICE,
            #[cfg(feature = "v13")]
            ApiVersion::V13 => &bingads::v13::customer_management::SERVICE,
        }
    }
}

/// `--transport rest|soap`; without it, REST where the version has it (v13), else SOAP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum WireArg {
    Rest,
    Soap,
}

impl WireArg {
    pub(crate) fn resolve(
        choice: Option<WireArg>,
        service: &Service,
    ) -> Result<bingads::client::Transport, Failure> {
        let has_rest = service.operations.iter().any(|op| op.rest.is_some());
        match choice {
            Some(WireArg::Rest) if !has_rest => Err(Failure::usage(format!(
                "{} {} has no REST API; use --transport soap",
                service.name, service.version
            ))),
            Some(WireArg::Rest) => Ok(bingads::client::Transport::Rest),
            Some(WireArg::Soap) => Ok(bingads::client::Transport::Soap),
            None if has_rest => Ok(bingads::client::Transport::Rest),
            None => Ok(bingads::client::Transport::Soap),
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Print the operation names, one per line, in WSDL order.
    Operations {
        #[arg(long, value_enum)]
        api_version: ApiVersion,
        /// One JSON line per operation instead: its name, the description from Microsoft's
        /// documentation, the error codes the documentation ties to it, and whether the client
        /// may repeat it after a failure.
        #[arg(long)]
        describe: bool,
    },
    /// Print the SOAP request envelope for an operation, from the JSON view of its request.
    Envelope {
        #[arg(long, value_enum)]
        api_version: ApiVersion,
        /// Operation name, e.g. DeleteUser.
        operation: String,
        /// The request body as JSON (WSDL element names); `-` reads standard input.
        #[arg(long, default_value = "{}")]
        json: String,
        /// The DeveloperToken header, read from PATH (default: $BINGADS_DEVELOPER_TOKEN).
        /// Secrets are never an option's value: other local users can read a process's
        /// arguments.
        #[arg(long, value_name = "PATH")]
        developer_token_file: Option<std::path::PathBuf>,
        /// The DeveloperToken header, read from standard input.
        #[arg(long)]
        developer_token_stdin: bool,
        /// The AuthenticationToken header, read from PATH (default:
        /// $BINGADS_AUTHENTICATION_TOKEN).
        #[arg(long, value_name = "PATH")]
        authentication_token_file: Option<std::path::PathBuf>,
        /// The AuthenticationToken header, read from standard input.
        #[arg(long)]
        authentication_token_stdin: bool,
        /// Add the optional `<Action mustUnderstand="1">` header of the documentation templates.
        #[arg(long)]
        with_action_header: bool,
        /// rest (default for v13): print `{"method","path","body"}`; soap: the envelope.
        #[arg(long, value_enum)]
        transport: Option<WireArg>,
    },
    /// Parse a response (envelope or REST body) from standard input and print it as JSON.
    Parse {
        #[arg(long, value_enum)]
        api_version: ApiVersion,
        /// Operation name, e.g. GetUser.
        operation: String,
        /// rest (default for v13): a JSON body; soap: an envelope.
        #[arg(long, value_enum)]
        transport: Option<WireArg>,
    },
    /// Send any operation (JSON view in, JSON view out) to production, sandbox or --endpoint.
    Call(call::CallArgs),
    /// Run the local emulator of Customer Management and Partner Center.
    Emulator(emulator::EmulatorArgs),
    /// Partner Center.
    Pc {
        #[command(subcommand)]
        command: pc::PcCommand,
    },
    /// Microsoft Advertising users across every customer you can see: list, find by e-mail,
    /// delete (one, or a CSV file with a report), invite again from that report.
    Users {
        #[command(subcommand)]
        command: users::UsersCommand,
    },
    /// Sign in, see who is signed in, sign out (the token store `call` and `pc` read).
    Auth {
        #[command(subcommand)]
        command: auth::AuthCommand,
    },
}

/// A failure with its exit code; the message never contains a secret.
pub(crate) struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    pub(crate) const INTERNAL: u8 = 1;
    pub(crate) const USAGE: u8 = 2;
    pub(crate) const FAULT: u8 = 3;
    pub(crate) const TRANSPORT: u8 = 4;

    pub(crate) fn new(code: u8, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }

    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Failure::new(Self::USAGE, message)
    }
}

/// Text for a terminal: control characters (ESC, CR, BEL, the C1 range, bidi overrides) are
/// written as `\u{1b}` escapes, so text a server sent (an OAuth `error_description`, a fault
/// message) cannot clear the screen, set the window title or hide what precedes it. Newlines
/// and tabs stay.
pub(crate) fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if (c.is_control() && c != '\n' && c != '\t') || bidi {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Prints a JSON document on its own line(s) to standard output.
pub(crate) fn print_json(value: &serde_json::Value, pretty: bool) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    let text = if pretty {
        format!("{value:#}\n")
    } else {
        format!("{value}\n")
    };
    stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| Failure::new(Failure::INTERNAL, format!("cannot write output: {e}")))
}

/// The `{"tracking_id": …, "fault": {…}}` document `parse` and `call` print for a fault.
pub(crate) fn fault_document(fault: &bingads::model::Fault) -> serde_json::Value {
    let mut doc = serde_json::Map::new();
    if let Some(id) = &fault.tracking_id {
        doc.insert("tracking_id".into(), id.clone().into());
    }
    doc.insert("fault".into(), fault.to_json());
    serde_json::Value::Object(doc)
}

/// A multi-threaded tokio runtime for the commands that talk HTTP.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            Failure::new(
                Failure::INTERNAL,
                format!("cannot start the async runtime: {e}"),
            )
        })
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Err(f) = credentials::refuse_secret_arguments(&args) {
        eprintln!("error: {}", f.message);
        return ExitCode::from(f.code);
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("error: {}", terminal_safe(&f.message));
            }
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    let out = |stdout: &mut std::io::StdoutLock<'_>, bytes: &[u8]| {
        stdout
            .write_all(bytes)
            .and_then(|_| stdout.flush())
            .map_err(|e| Failure {
                code: 1,
                message: format!("cannot write output: {e}"),
            })
    };
    match cli.command {
        Command::Operations {
            api_version,
            describe,
        } => {
            let mut text = String::new();
            for op in api_version.service().operations {
                if describe {
                    let line = serde_json::json!({
                        "operation": op.name,
                        "description": op.description,
                        "documented_errors": op.documented_errors,
                        "safe_to_repeat": op.safe_to_repeat,
                    });
                    text.push_str(&line.to_string());
                } else {
                    text.push_str(op.name);
                }
                text.push('\n');
            }
            out(&mut stdout, text.as_bytes())
        }
        Command::Envelope {
            api_version,
            operation,
            json,
            developer_token_file,
            developer_token_stdin,
            authentication_token_file,
            authentication_token_stdin,
            with_action_header,
            transport,
        } => {
            let service = api_version.service();
            let op = find_operation(service, &operation)?;
            credentials::one_stdin(&[
                ("--json -", json == "-"),
                ("--developer-token-stdin", developer_token_stdin),
                ("--authentication-token-stdin", authentication_token_stdin),
            ])?;
            let developer_token = credentials::read_secret(
                credentials::DEVELOPER_TOKEN,
                developer_token_file.as_deref(),
                developer_token_stdin,
            )?;
            let authentication_token = credentials::read_secret(
                credentials::AUTHENTICATION_TOKEN,
                authentication_token_file.as_deref(),
                authentication_token_stdin,
            )?;
            let json = if json == "-" {
                read_stdin_text()?
            } else {
                json
            };
            if WireArg::resolve(transport, service)? == bingads::client::Transport::Rest {
                let request = op.request_from_json(&json).map_err(|e| {
                    Failure::usage(format!("invalid JSON for {}Request: {e}", op.name))
                })?;
                let route = op.rest.ok_or_else(|| {
                    Failure::usage(format!(
                        "{} has no REST route; use --transport soap",
                        op.name
                    ))
                })?;
                let body: serde_json::Value = serde_json::from_slice(request.rest_body())
                    .map_err(|e| Failure::new(Failure::INTERNAL, e.to_string()))?;
                return print_json(
                    &serde_json::json!({"method": route.method, "path": route.path, "body": body}),
                    true,
                );
            }
            let headers = RequestHeaders {
                developer_token: developer_token.map(Into::into),
                authentication_token: authentication_token.map(Into::into),
                ..RequestHeaders::default()
            };
            let options = EnvelopeOptions { with_action_header };
            let mut xml = op
                .envelope_from_json(&json, &headers, &options)
                .map_err(|e| Failure::usage(format!("invalid JSON for {}Request: {e}", op.name)))?;
            xml.push(b'\n');
            out(&mut stdout, &xml)
        }
        Command::Parse {
            api_version,
            operation,
            transport,
        } => {
            let service = api_version.service();
            let op = find_operation(service, &operation)?;
            let mut body = Vec::new();
            std::io::stdin()
                .read_to_end(&mut body)
                .map_err(|e| Failure::usage(format!("cannot read standard input: {e}")))?;
            if WireArg::resolve(transport, service)? == bingads::client::Transport::Rest {
                drop(stdout);
                if let Some(fault) = bingads::rest::parse_fault(&body, None) {
                    print_json(&fault_document(&fault), true)?;
                    return Err(Failure::new(Failure::FAULT, fault.to_string()));
                }
                let parsed = op
                    .parse_rest_to_json(&body)
                    .map_err(|e| Failure::usage(format!("not a {} REST body: {e}", op.name)))?;
                return print_json(&serde_json::json!({"body": parsed}), true);
            }
            match op.parse_to_json(&body, &Limits::default()) {
                Ok(parsed) => out(&mut stdout, format!("{:#}\n", parsed.to_json()).as_bytes()),
                Err(SoapError::Fault(fault)) => {
                    drop(stdout);
                    print_json(&fault_document(&fault), true)?;
                    Err(Failure::new(Failure::FAULT, fault.to_string()))
                }
                Err(e) => Err(Failure::usage(e.to_string())),
            }
        }
        Command::Call(args) => call::run(args),
        Command::Emulator(args) => emulator::run(args),
        Command::Pc { command } => pc::run(command),
        Command::Users { command } => users::run(command),
        Command::Auth { command } => auth::run(command),
    }
}

pub(crate) fn find_operation(
    service: &'static Service,
    name: &str,
) -> Result<&'static bingads::dynamic::DynOperation, Failure> {
    service.operation(name).ok_or_else(|| {
        Failure::usage(format!(
            "{} {} has no operation {name:?} (see `bingads operations --api-version {}`)",
            service.name, service.version, service.version
        ))
    })
}

pub(crate) fn read_stdin_text() -> Result<String, Failure> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure::usage(format!("cannot read standard input: {e}")))?;
    Ok(text)
}
