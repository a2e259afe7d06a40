/// A response body read from either wire form, with the TrackingId the service sent (the
/// SOAP header, or the REST `TrackingId` HTTP header) and the HTTP status.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    /// The parsed response body.
    pub body: T,
    /// The TrackingId the service sent, if any.
    pub tracking_id: Option<String>,
    /// The HTTP status, when the response came over HTTP (the client sets it).
    pub http_status: Option<u16>,
}

/// Anything that may carry the service's TrackingId: outputs and errors alike.
pub trait TrackingId {
    /// The service's TrackingId, when it sent one (for support requests and log correlation).
    fn tracking_id(&self) -> Option<&str>;
}

impl<T> TrackingId for Response<T> {
    fn tracking_id(&self) -> Option<&str> {
        self.tracking_id.as_deref()
    }
}

impl<T, E: TrackingId> TrackingId for Result<T, E>
where
    T: TrackingId,
{
    fn tracking_id(&self) -> Option<&str> {
        match self {
            Ok(t) => t.tracking_id(),
            Err(e) => e.tracking_id(),
        }
    }
}
