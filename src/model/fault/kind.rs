use serde::Serialize;

/// Which detail a fault carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum FaultKind {
    /// `AdApiFaultDetail` (namespace `https://adapi.microsoft.com`): request-level errors such as
    /// invalid credentials or throttling.
    AdApiFaultDetail,
    /// `ApiFault` (the service's `/Exception` namespace): operation errors.
    ApiFault,
    /// `ApiFaultDetail` (Campaign Management, Bulk, Reporting, Ad Insight): batch and
    /// operation errors.
    ApiFaultDetail,
    /// `EditorialApiFaultDetail` (Campaign Management): batch, editorial and operation errors.
    EditorialApiFaultDetail,
    /// `ApiBatchFault` (Customer Billing): batch and operation errors.
    ApiBatchFault,
    /// A detail these bindings do not know, or none.
    Unknown,
}

impl FaultKind {
    /// The detail element's name (`AdApiFaultDetail`), or `Unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            FaultKind::AdApiFaultDetail => "AdApiFaultDetail",
            FaultKind::ApiFault => "ApiFault",
            FaultKind::ApiFaultDetail => "ApiFaultDetail",
            FaultKind::EditorialApiFaultDetail => "EditorialApiFaultDetail",
            FaultKind::ApiBatchFault => "ApiBatchFault",
            FaultKind::Unknown => "Unknown",
        }
    }
}
