//! `bingads emulator`: the emulator as a standalone server, for apps in any language.

use std::io::Write;
use std::path::PathBuf;

use bingads::emulator::{Emulator, Injection, Seed};
use clap::Args;

use crate::Failure;

#[derive(Args)]
pub(crate) struct EmulatorArgs {
    /// Port on 127.0.0.1; 0 picks a free one (the first line printed says which).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// A JSON seed file (format in docs/emulator.md; example: examples/emulator-seed.json).
    /// Without it the emulator starts with its default data set.
    #[arg(long)]
    seed: Option<PathBuf>,
    /// HTTP status of SOAP faults: 500 (as the service) or 200.
    #[arg(long, default_value_t = 500, value_parser = fault_status)]
    fault_status: u16,
    /// OPERATION=WHAT[:TIMES]: the next TIMES calls (default 1) of OPERATION get WHAT: a fault
    /// code (GetUser=117:2), an HTTP status (GetUser=http503), a delay (GetUser=delay2s,
    /// delay250ms) or an edit by someone else just before the call (DeleteUser=edited: the
    /// user's TimeStamp changes). Repeat for more; one operation's injections queue in order.
    #[arg(long, value_parser = injection, value_name = "OPERATION=WHAT[:TIMES]")]
    inject: Vec<(String, Injection, u32)>,
}

fn injection(text: &str) -> Result<(String, Injection, u32), String> {
    let (operation, what) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?}: expected OPERATION=WHAT[:TIMES], e.g. GetUser=117:2"))?;
    let known = bingads::emulator::OPERATIONS.contains(&operation);
    if !known {
        return Err(format!(
            "{operation:?} is not a Customer Management operation (names as in the WSDL: GetUser, SearchAccounts, …)"
        ));
    }
    let (what, times) = match what.rsplit_once(':') {
        Some((what, times)) => (
            what,
            times
                .parse::<u32>()
                .map_err(|_| format!("{times:?} is not a number of calls"))?,
        ),
        None => (what, 1),
    };
    Ok((operation.to_string(), what.parse()?, times))
}

fn fault_status(text: &str) -> Result<u16, String> {
    match text {
        "500" => Ok(500),
        "200" => Ok(200),
        _ => Err("must be 500 or 200".into()),
    }
}

pub(crate) fn run(args: EmulatorArgs) -> Result<(), Failure> {
    let seed = match &args.seed {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Failure::usage(format!("cannot read seed file {}: {e}", path.display()))
            })?;
            Some(
                Seed::from_json(&text)
                    .map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?,
            )
        }
        None => None,
    };
    let runtime = crate::runtime()?;
    runtime.block_on(async move {
        let mut builder = Emulator::builder()
            .port(args.port)
            .fault_status(args.fault_status);
        if let Some(seed) = seed {
            builder = builder.seed(seed);
        }
        let emulator = builder
            .start()
            .await
            .map_err(|e| Failure::usage(e.to_string()))?;
        for (operation, injection, times) in args.inject {
            emulator.inject(&operation, injection, times);
        }
        // The first line is for scripts: `listening on http://127.0.0.1:PORT`.
        let mut out = std::io::stdout().lock();
        let mut lines = format!("listening on {}\n", emulator.url());
        #[cfg(feature = "v12")]
        lines.push_str(&format!(
            "Customer Management v12: {}\n",
            emulator.endpoint(&bingads::v12::customer_management::SERVICE)
        ));
        #[cfg(feature = "v13")]
        lines.push_str(&format!(
            "Customer Management v13: {}\n",
            emulator.endpoint(&bingads::v13::customer_management::SERVICE)
        ));
        lines.push_str(&format!(
            "Partner Center base URL: {}\nPress Ctrl+C to stop.\n",
            emulator.url()
        ));
        out.write_all(lines.as_bytes())
            .and_then(|_| out.flush())
            .map_err(|e| Failure::new(Failure::INTERNAL, format!("cannot write output: {e}")))?;
        drop(out);
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = emulator.run_forever() => {}
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injections_read_from_the_command_line() {
        assert_eq!(
            injection("DeleteUser=edited:2"),
            Ok(("DeleteUser".into(), Injection::EditedFirst, 2))
        );
        assert_eq!(
            injection("GetUser=117"),
            Ok(("GetUser".into(), Injection::Fault(117), 1))
        );
        assert!(injection("DeleteUser=editedd").is_err());
    }
}
