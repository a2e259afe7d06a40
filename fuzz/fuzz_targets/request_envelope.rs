//! Request envelopes as a server (the emulator) reads them: the first byte picks the operation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((op, body)) = bingads_fuzz::pick_operation(data) else {
        return;
    };
    let _ = (op.samples().reserialize_request)(body);
    // What the emulator does with a request body: headers and the JSON view.
    let _ = op.read_request_json(body, &bingads::xml::Limits::default());
});
