//! Compiles the vendored WSDLs into Rust (see `codegen/`). Output goes to `OUT_DIR` only.

use std::process::ExitCode;

fn main() -> ExitCode {
    let services: &[(&str, &str, &str, &str)] = &[
        (
            "CARGO_FEATURE_V12",
            "wsdl/v12/CustomerManagementService.wsdl",
            "crate::v12::customer_management",
            "v12",
        ),
        (
            "CARGO_FEATURE_V13",
            "wsdl/v13/CustomerManagementService.wsdl",
            "crate::v13::customer_management",
            "v13",
        ),
        (
            "CARGO_FEATURE_CAMPAIGN_MANAGEMENT",
            "wsdl/v13/CampaignManagementService.wsdl",
            "crate::v13::campaign_management",
            "v13",
        ),
        (
            "CARGO_FEATURE_CUSTOMER_BILLING",
            "wsdl/v13/CustomerBillingService.wsdl",
            "crate::v13::customer_billing",
            "v13",
        ),
        (
            "CARGO_FEATURE_AD_INSIGHT",
            "wsdl/v13/AdInsightService.wsdl",
            "crate::v13::ad_insight",
            "v13",
        ),
        (
            "CARGO_FEATURE_BULK",
            "wsdl/v13/BulkService.wsdl",
            "crate::v13::bulk",
            "v13",
        ),
        (
            "CARGO_FEATURE_REPORTING",
            "wsdl/v13/ReportingService.wsdl",
            "crate::v13::reporting",
            "v13",
        ),
    ];
    let mut config = bingads_codegen::Config::new();
    for (feature, wsdl, module, version) in services {
        println!("cargo:rerun-if-changed={wsdl}");
        if std::env::var_os(feature).is_some() {
            config.service(wsdl, module, version);
        }
    }
    // The official documentation: Customer Management's pages for the types' rustdoc, and
    // every service's operation pages and error entries for the methods' (wsdl/DOCS-SOURCES.md).
    for (module, dir) in [
        ("crate::v12::customer_management", "wsdl/v12/docs"),
        ("crate::v13::customer_management", "wsdl/v13/docs"),
        (
            "crate::v13::campaign_management",
            "wsdl/v13/docs-campaign-management",
        ),
        (
            "crate::v13::customer_billing",
            "wsdl/v13/docs-customer-billing",
        ),
        ("crate::v13::ad_insight", "wsdl/v13/docs-ad-insight"),
        ("crate::v13::bulk", "wsdl/v13/docs-bulk"),
        ("crate::v13::reporting", "wsdl/v13/docs-reporting"),
    ] {
        println!("cargo:rerun-if-changed={dir}");
        config.docs(module, dir);
    }
    // A small service with derived types in base-typed slots, for the tests (feature `samples`).
    let polymorphic = "tests/fixtures/wsdl/Polymorphic.wsdl";
    println!("cargo:rerun-if-changed={polymorphic}");
    if std::env::var_os("CARGO_FEATURE_SAMPLES").is_some() {
        config.service(polymorphic, "crate::testing::polymorphic", "v1");
    }
    println!("cargo:rerun-if-changed=codegen/src");
    println!("cargo:rerun-if-changed=build.rs");
    match config.compile() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A clear one-line message naming the file and element, not a panic backtrace.
            eprintln!("error: cannot generate bindings: {e}");
            println!("cargo:warning=cannot generate bindings: {e}");
            ExitCode::FAILURE
        }
    }
}
