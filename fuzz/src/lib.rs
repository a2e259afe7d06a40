//! What the envelope targets share: the first input byte picks the operation.

use bingads::dynamic::DynOperation;

/// Bit 0 of the first byte picks the version (v12, v13), the other bits the operation in
/// WSDL order; `fuzz/run.sh` seeds each docs template with the byte that picks its operation.
/// `None` for an empty input.
pub fn pick_operation(data: &[u8]) -> Option<(&'static DynOperation, &[u8])> {
    let (&pick, body) = data.split_first()?;
    let services = [
        &bingads::v12::customer_management::SERVICE,
        &bingads::v13::customer_management::SERVICE,
    ];
    let service = services[usize::from(pick & 1)];
    let op = &service.operations[usize::from(pick >> 1) % service.operations.len()];
    Some((op, body))
}
