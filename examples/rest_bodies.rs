//! Prints, one JSON line per Customer Management v13 operation, the REST request this crate
//! sends for a fully populated sample request (`method`, `path`, `body`) and the sample
//! response body in the REST form (`response`). The interop check (`interop/`) validates them
//! with Microsoft's official REST SDK models.
//!
//! Run: `cargo run --example rest_bodies`

use bingads::xml::Limits;

fn main() {
    for op in bingads::v13::customer_management::SERVICE.operations {
        let samples = op.samples();
        let Some(route) = op.rest else { continue };
        let body: serde_json::Value =
            serde_json::from_str(&(samples.request_json)()).unwrap_or_default();
        // The request as the client sends it: the typed request written in the REST form.
        let request = op
            .request_from_json(&body.to_string())
            .expect("a sample request reads back");
        let sent: serde_json::Value =
            serde_json::from_slice(request.rest_body()).unwrap_or_default();
        let envelope = (samples.response_envelope)(Some("t"));
        let response = op
            .parse_to_json(&envelope, &Limits::default())
            .map(|parsed| parsed.body)
            .unwrap_or_default();
        println!(
            "{}",
            serde_json::json!({
                "operation": op.name,
                "method": route.method,
                "path": route.path,
                "body": sent,
                "response": response,
            })
        );
    }
}
