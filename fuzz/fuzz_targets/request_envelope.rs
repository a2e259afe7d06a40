//! Request envelopes as a server (the emulator) reads them: the first byte picks the operation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    let services = [&bingads::v12::customer_management::SERVICE, &bingads::v13::customer_management::SERVICE];
    let service = services[usize::from(pick & 1)];
    let op = &service.operations[usize::from(pick >> 1) % service.operations.len()];
    let _ = (op.samples().reserialize_request)(body);
    // What the emulator does with a request body: headers and the JSON view.
    let _ = op.read_request_json(body, &bingads::xml::Limits::default());
});
