//! A response envelope of any operation of either version: the first byte picks the operation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    let services = [&bingads::v12::customer_management::SERVICE, &bingads::v13::customer_management::SERVICE];
    let service = services[usize::from(pick & 1)];
    let op = &service.operations[usize::from(pick >> 1) % service.operations.len()];
    if let Ok(parsed) = op.parse_to_json(body, &bingads::xml::Limits::default()) {
        // What parsed must write back and parse again.
        let again = (op.samples().reserialize_response)(body).expect("a parsed response writes back");
        assert!(op.parse_to_json(&again, &Default::default()).is_ok());
        let _ = parsed.to_json();
    }
});
