//! `bingads-codegen generate WSDL MODULE_PATH VERSION`: prints the Rust generated for a WSDL,
//! the same text `build.rs` writes into `OUT_DIR`.

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
        _ => {
            eprintln!("usage: bingads-codegen generate WSDL MODULE_PATH VERSION");
            ExitCode::from(2)
        }
    }
}
