//! Partner Center bodies: user, page, error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| bingads::partner_center::fuzz_read_bodies(data));
