//! `bingads-codegen`: compiles Microsoft Advertising (Bing Ads) WSDLs, in the single-file layout
//! WCF produces, into Rust types plus generated XML readers and writers for the `bingads` crate.
//!
//! Like `prost-build`, it is driven from `build.rs` with a [`Config`] builder and one terminal
//! call; the output is deterministic (same WSDL, same bytes) and written only when it changed.
//!
//! ```no_run
//! bingads_codegen::Config::new()
//!     .service("wsdl/v13/CustomerManagementService.wsdl", "crate::v13::customer_management", "v13")
//!     .compile()
//!     .unwrap();
//! ```

pub mod diff;
pub mod docs;
mod emit;
pub mod model;
pub mod names;
pub mod parse;
pub mod repeat;
pub mod rest;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use parse::parse_wsdl;

/// A generator failure that names the file and, where known, the byte position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{file}{}: {message}",
    position.map(|p| format!(" (byte {p})")).unwrap_or_default()
)]
pub struct Error {
    /// The file that could not be read or compiled.
    pub file: String,
    /// The byte offset of the problem in it, when known.
    pub position: Option<u64>,
    /// What is wrong.
    pub message: String,
}

impl Error {
    pub fn new(file: &str, message: String) -> Self {
        Error {
            file: file.to_string(),
            position: None,
            message,
        }
    }

    pub fn at(file: &str, position: u64, message: String) -> Self {
        Error {
            file: file.to_string(),
            position: Some(position),
            message,
        }
    }
}

#[derive(Clone, Debug)]
struct ServiceSpec {
    wsdl: PathBuf,
    module_path: String,
    version: String,
    /// The official documentation pages for the types the WSDL leaves undocumented.
    docs: Option<PathBuf>,
}

/// Generator configuration: which WSDLs, into which modules, written where.
#[derive(Clone, Debug, Default)]
pub struct Config {
    services: Vec<ServiceSpec>,
    out_dir: Option<PathBuf>,
}

impl Config {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a service: its WSDL, the absolute module path the generated file is included at
    /// (e.g. `crate::v13::customer_management`) and the API version (`v13`).
    pub fn service(
        &mut self,
        wsdl: impl AsRef<Path>,
        module_path: &str,
        version: &str,
    ) -> &mut Self {
        self.services.push(ServiceSpec {
            wsdl: wsdl.as_ref().to_path_buf(),
            module_path: module_path.to_string(),
            version: version.to_string(),
            docs: None,
        });
        self
    }

    /// Documents the service at `module_path` from the official documentation's pages in
    /// `dir` (`objects/<Type>.md`, `<Operation>.elements.md`; see [`docs`]).
    pub fn docs(&mut self, module_path: &str, dir: impl AsRef<Path>) -> &mut Self {
        for spec in &mut self.services {
            if spec.module_path == module_path {
                spec.docs = Some(dir.as_ref().to_path_buf());
            }
        }
        self
    }

    /// Where [`Config::compile`] writes; defaults to `$OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The pure core: file name -> Rust source, writing nothing. The file name is the module
    /// path without `crate::`, joined with `_`, plus `.rs` (`v13_customer_management.rs`).
    pub fn generate(&self) -> Result<BTreeMap<String, String>, Error> {
        let mut out = BTreeMap::new();
        for spec in &self.services {
            let display = spec.wsdl.display().to_string();
            let bytes = std::fs::read(&spec.wsdl)
                .map_err(|e| Error::new(&display, format!("cannot read: {e}")))?;
            let source_name = spec
                .wsdl
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or(display.clone());
            let docs = spec.docs.as_deref().map(docs::Docs::load).transpose()?;
            let code =
                generate_with_docs(&display, &source_name, &bytes, &spec.version, docs.as_ref())?;
            out.insert(file_name_for(&spec.module_path), code);
        }
        Ok(out)
    }

    /// Generates and writes every file whose content changed (so cargo does not rebuild needlessly).
    pub fn compile(&self) -> Result<(), Error> {
        let dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => PathBuf::from(std::env::var_os("OUT_DIR").ok_or_else(|| {
                Error::new("OUT_DIR", "OUT_DIR is not set; call out_dir()".into())
            })?),
        };
        for (name, code) in self.generate()? {
            let path = dir.join(&name);
            if std::fs::read_to_string(&path).ok().as_deref() == Some(code.as_str()) {
                continue;
            }
            std::fs::write(&path, code).map_err(|e| {
                Error::new(&path.display().to_string(), format!("cannot write: {e}"))
            })?;
        }
        Ok(())
    }
}

/// `crate::v13::customer_management` -> `v13_customer_management.rs`.
pub fn file_name_for(module_path: &str) -> String {
    let trimmed = module_path.trim_start_matches("crate::");
    format!("{}.rs", trimmed.replace("::", "_"))
}

/// Generates the Rust source for one WSDL held in memory. `file` names it in errors. The code
/// uses paths relative to the module it is included in, and `crate::xml` / `crate::soap` for
/// the runtime.
pub fn generate_from_bytes(
    file: &str,
    source_name: &str,
    wsdl: &[u8],
    version: &str,
) -> Result<String, Error> {
    generate_with_docs(file, source_name, wsdl, version, None)
}

/// [`generate_from_bytes`], with the official documentation for what the WSDL leaves
/// undocumented.
pub fn generate_with_docs(
    file: &str,
    source_name: &str,
    wsdl: &[u8],
    version: &str,
    docs: Option<&docs::Docs>,
) -> Result<String, Error> {
    let model = parse_wsdl(file, wsdl)?;
    emit::emit(
        &model,
        &emit::Target {
            version,
            source_name,
            docs,
        },
    )
    .map_err(|mut e| {
        e.file = file.to_string();
        e
    })
}
