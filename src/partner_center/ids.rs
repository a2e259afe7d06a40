//! The ids every Partner Center call carries (`MS-RequestId`, `MS-CorrelationId`, `MS-CV`),
//! and how they are made.

/// `MS-RequestId`, `MS-CorrelationId` and `MS-CV` of a call. On success and on error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestIds {
    /// The response's `MS-RequestId`, or the one we sent when the service sent none.
    pub request_id: String,
    /// The response's `MS-CorrelationId`, or the one we sent when the service sent none.
    pub correlation_id: String,
    /// The response's `MS-CV` (correlation vector), when it sent one.
    pub cv: Option<String>,
}

/// A result with the ids of the call that produced it.
#[derive(Clone, Debug, PartialEq)]
pub struct PcResponse<T> {
    /// The decoded result.
    pub body: T,
    /// The ids of the call.
    pub ids: RequestIds,
}

/// A random version-4 GUID for `MS-RequestId` / `MS-CorrelationId`.
pub(crate) fn new_guid() -> String {
    let (a, b) = (fastrand::u64(..), fastrand::u64(..));
    let b = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    let a = (a & 0xffff_ffff_ffff_0fff) | 0x4000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids() {
        let g = new_guid();
        assert!(crate::xml::Guid::new(g.as_str()).is_ok(), "{g}");
        assert_eq!(&g[14..15], "4");
        assert_ne!(new_guid(), new_guid());
    }
}
