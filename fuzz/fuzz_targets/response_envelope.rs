//! A response envelope of any operation of either version: the first byte picks the operation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((op, body)) = bingads_fuzz::pick_operation(data) else {
        return;
    };
    if let Ok(parsed) = op.parse_to_json(body, &bingads::xml::Limits::default()) {
        // What parsed must write back and parse again.
        let again =
            (op.samples().reserialize_response)(body).expect("a parsed response writes back");
        assert!(op.parse_to_json(&again, &Default::default()).is_ok());
        let _ = parsed.to_json();
    }
});
