//! SOAP faults: the body is wrapped in a fault envelope so the fuzzer starts inside `detail`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut body = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>x</faultstring><detail>"#.to_vec();
    body.extend_from_slice(data);
    body.extend_from_slice(b"</detail></s:Fault></s:Body></s:Envelope>");
    for bytes in [data, &body[..]] {
        if let Err(bingads::soap::SoapError::Fault(fault)) = bingads::soap::parse_response::<
            bingads::v13::customer_management::GetUserResponse,
        >(bytes, &Default::default())
        {
            let _ = (
                fault.to_string(),
                fault.to_json(),
                fault.is_retryable(),
                fault.is_auth(),
                fault.is_throttle(),
            );
        }
    }
});
