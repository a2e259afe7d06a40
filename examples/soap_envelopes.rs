//! Prints, one JSON line per Customer Management operation of v12 and v13, the SOAP request
//! envelope this crate writes (`envelope`) for a fully populated sample request (`json`, the
//! request's JSON view, as `bingads envelope --json` takes it). The interop check
//! (`interop/check_envelopes.py`) parses each envelope with zeep against the WSDL and compares
//! its values with `json`: an oracle that is not ours for the envelopes no documentation
//! template shows.
//!
//! Run: `cargo run --example soap_envelopes`

use bingads::model::RequestHeaders;
use bingads::soap::EnvelopeOptions;

fn main() {
    let headers = RequestHeaders {
        authentication_token: Some("interop-authentication-token".into()),
        developer_token: Some("interop-developer-token".into()),
        ..Default::default()
    };
    for (version, service) in [
        ("v12", &bingads::v12::customer_management::SERVICE),
        ("v13", &bingads::v13::customer_management::SERVICE),
    ] {
        for op in service.operations {
            let json = (op.samples().request_json)();
            let envelope = op
                .envelope_from_json(&json, &headers, &EnvelopeOptions::default())
                .expect("a sample request reads back");
            println!(
                "{}",
                serde_json::json!({
                    "version": version,
                    "operation": op.name,
                    "json": serde_json::from_str::<serde_json::Value>(&json).expect("JSON"),
                    "envelope": String::from_utf8(envelope).expect("UTF-8"),
                })
            );
        }
    }
}
