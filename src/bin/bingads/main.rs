//! `bingads`: the command-line face of the library.
//!
//! Exit codes: 0 success; 1 unexpected internal error; 2 bad arguments or malformed input;
//! 3 SOAP fault; 4 transport or HTTP error without a SOAP fault.

use std::io::{Read, Write};
use std::process::ExitCode;

use bingads::soap::{EnvelopeOptions, RequestHeaders, ServiceInfo, SoapError};
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
#[derive(Clone, Copy, ValueEnum)]
enum ApiVersion {
    #[cfg(feature = "v12")]
    V12,
    #[cfg(feature = "v13")]
    V13,
}

impl ApiVersion {
    fn service(self) -> &'static ServiceInfo {
        match self {
            #[cfg(feature = "v12")]
            ApiVersion::V12 => &bingads::v12::customer_management::SERVICE,
            #[cfg(feature = "v13")]
            ApiVersion::V13 => &bingads::v13::customer_management::SERVICE,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Print the operation names, one per line, in WSDL order.
    Operations {
        #[arg(long, value_enum)]
        api_version: ApiVersion,
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
        /// Developer token header (default: $BINGADS_DEVELOPER_TOKEN).
        #[arg(long, env = "BINGADS_DEVELOPER_TOKEN", hide_env_values = true)]
        developer_token: Option<String>,
        /// AuthenticationToken header (default: $BINGADS_AUTHENTICATION_TOKEN).
        #[arg(long, env = "BINGADS_AUTHENTICATION_TOKEN", hide_env_values = true)]
        authentication_token: Option<String>,
        /// Add the optional `<Action mustUnderstand="1">` header of the documentation templates.
        #[arg(long)]
        with_action_header: bool,
    },
    /// Parse a response envelope from standard input and print it as JSON.
    Parse {
        #[arg(long, value_enum)]
        api_version: ApiVersion,
        /// Operation name, e.g. GetUser.
        operation: String,
    },
}

/// A failure with its exit code; the message never contains a secret.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
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
                eprintln!("error: {}", f.message);
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
        Command::Operations { api_version } => {
            let mut text = String::new();
            for op in api_version.service().operations {
                text.push_str(op.name);
                text.push('\n');
            }
            out(&mut stdout, text.as_bytes())
        }
        Command::Envelope {
            api_version,
            operation,
            json,
            developer_token,
            authentication_token,
            with_action_header,
        } => {
            let op = find_operation(api_version.service(), &operation)?;
            let json = if json == "-" {
                read_stdin_text()?
            } else {
                json
            };
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
        } => {
            let op = find_operation(api_version.service(), &operation)?;
            let mut body = Vec::new();
            std::io::stdin()
                .read_to_end(&mut body)
                .map_err(|e| Failure::usage(format!("cannot read standard input: {e}")))?;
            match op.parse_to_json(&body, &Limits::default()) {
                Ok(parsed) => out(&mut stdout, format!("{:#}\n", parsed.to_json()).as_bytes()),
                Err(SoapError::Fault(fault)) => {
                    let mut doc = serde_json::Map::new();
                    if let Some(id) = &fault.tracking_id {
                        doc.insert("tracking_id".into(), id.clone().into());
                    }
                    doc.insert("fault".into(), fault.to_json());
                    out(
                        &mut stdout,
                        format!("{:#}\n", serde_json::Value::Object(doc)).as_bytes(),
                    )?;
                    Err(Failure {
                        code: 3,
                        message: fault.to_string(),
                    })
                }
                Err(e) => Err(Failure::usage(e.to_string())),
            }
        }
    }
}

fn find_operation(
    service: &'static ServiceInfo,
    name: &str,
) -> Result<&'static bingads::soap::DynOperation, Failure> {
    service.operation(name).ok_or_else(|| {
        Failure::usage(format!(
            "{} {} has no operation {name:?} (see `bingads operations --api-version {}`)",
            service.name, service.version, service.version
        ))
    })
}

fn read_stdin_text() -> Result<String, Failure> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure::usage(format!("cannot read standard input: {e}")))?;
    Ok(text)
}
