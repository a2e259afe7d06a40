//! The generator's WSDL front end and emitter: any bytes give code or a clear error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = bingads_codegen::generate_from_bytes("fuzz.wsdl", "fuzz.wsdl", data, "v1");
});
