//! `bingads-codegen generate WSDL MODULE_PATH VERSION`: prints the Rust generated for a WSDL,
//! the same text `build.rs` writes into `OUT_DIR`.
//!
//! `bingads-codegen diff OLD.wsdl NEW.wsdl`: prints the API differences (operations, types,
//! fields, enum values added / removed / changed, breaking ones marked); exits 1 when any
//! change is breaking, so a maintainer's script notices.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate", wsdl, module_path, version] => {
            let mut config = bingads_codegen::Config::new();
            config.service(wsdl, module_path, version);
            match config.generate() {
                Ok(files) => {
                    for code in files.values() {
                        print!("{code}");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        ["diff", old, new] => {
            let read = |path: &str| {
                std::fs::read(path)
                    .map_err(|e| format!("{path}: {e}"))
                    .and_then(|bytes| {
                        bingads_codegen::parse_wsdl(path, &bytes).map_err(|e| e.to_string())
                    })
            };
            match (read(old), read(new)) {
                (Ok(old), Ok(new)) => {
                    let diff = bingads_codegen::diff::diff(&old, &new);
                    print!("{diff}");
                    if diff.breaking_count() > 0 {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                (Err(e), _) | (_, Err(e)) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        _ => {
            eprintln!(
                "usage: bingads-codegen generate WSDL MODULE_PATH VERSION\n       bingads-codegen diff OLD_WSDL NEW_WSDL"
            );
            ExitCode::from(2)
        }
    }
}
