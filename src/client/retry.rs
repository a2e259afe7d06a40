use std::fmt::Display;
use std::future::Future;
use std::time::{Duration, Instant};

/// When and how long to retry. On by default ([`RetryConfig::standard`]).
///
/// Retried: transport errors (connection refused or reset, timeouts), HTTP 5xx, 408 and 429
/// without a SOAP fault, faults whose every code is transient, and fault 117 CallRateExceeded, which waits at
/// least [`RetryConfig::throttle_wait`] (the service counts calls in 60 s windows). A fault
/// that is not retryable is never retried. Fault 109 (token expired) gets one token refresh and
/// one more attempt, outside this budget.
///
/// ```
/// use std::time::Duration;
/// use bingads::client::RetryConfig;
/// let retry = RetryConfig::standard()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(200))
///     .with_total_budget(Duration::from_secs(300));
/// assert_eq!(retry.max_attempts(), 5);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    throttle_wait: Duration,
    total_budget: Option<Duration>,
    retry_writes: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// 3 attempts, backoff from 500 ms doubling up to 20 s with full jitter, 60 s after a 117
    /// fault, at most 5 minutes in all.
    pub fn standard() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(20),
            throttle_wait: Duration::from_secs(60),
            total_budget: Some(Duration::from_secs(300)),
            retry_writes: false,
        }
    }

    /// One attempt, no retry.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Total attempts, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The longest wait before the first retry (default 500 ms); it doubles per attempt, and
    /// each wait is drawn at random below it (full jitter).
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The cap on any backoff wait (default 20 s).
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The wait after fault 117 CallRateExceeded (default 60 s, the documented window).
    pub fn with_throttle_wait(mut self, wait: Duration) -> Self {
        self.throttle_wait = wait;
        self
    }

    /// No new attempt starts once this much time has passed since the first (`None`: no limit).
    pub fn with_total_budget(mut self, budget: impl Into<Option<Duration>>) -> Self {
        self.total_budget = budget.into();
        self
    }

    /// Also retry writes (Add…, Update…, Delete…, SignupCustomer, …) after a failure that may
    /// have reached the service: a timeout, a reset after sending, a 5xx. Off by default: such a
    /// retry can apply the write twice. Writes are always retried when the request provably did
    /// not reach the service (connection refused, DNS, TLS handshake, a 429 / 117 throttle).
    pub fn with_retry_writes(mut self, on: bool) -> Self {
        self.retry_writes = on;
        self
    }

    /// Whether writes are retried after a failure that may have reached the service.
    pub fn retry_writes(&self) -> bool {
        self.retry_writes
    }

    /// Total attempts, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The least wait after fault 117 CallRateExceeded.
    pub fn throttle_wait(&self) -> Duration {
        self.throttle_wait
    }

    /// Time after the first attempt past which no new attempt starts (`None`: no limit).
    pub fn total_budget(&self) -> Option<Duration> {
        self.total_budget
    }

    /// Exponential backoff with full jitter before attempt `attempt + 1`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self.initial_backoff.saturating_mul(
            1u32.checked_shl(attempt.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        let cap = exp.min(self.max_backoff);
        cap.mul_f64(fastrand::f64())
    }

    /// What a failure calls for.
    pub(crate) fn wait_for(&self, class: RetryClass, attempt: u32) -> Option<Duration> {
        match class {
            RetryClass::Never => None,
            RetryClass::Backoff => Some(self.backoff(attempt)),
            RetryClass::Throttle => Some(self.throttle_wait.max(self.backoff(attempt))),
        }
    }
}

/// What to do after a failed attempt. (The SOAP client decides by error class only; `Stop`
/// and `RetryAfter` are Partner Center's.)
#[cfg_attr(not(feature = "partner-center"), allow(dead_code))]
pub(crate) enum Decision {
    Stop,
    /// Try again at once, without counting the attempt (after a token refresh).
    Again,
    /// Retry as the policy says for this class.
    Retry(RetryClass),
    /// The server said when (`Retry-After`); still bounded by attempts and budget.
    RetryAfter(Duration),
}

/// The one retry loop of the crate (SOAP and Partner Center alike): runs `attempt(n)` until it
/// succeeds, `decide` says stop, the attempts run out or the next wait would pass the budget.
#[cfg_attr(not(feature = "partner-center"), allow(dead_code))]
pub(crate) async fn run<T, E, Fut>(
    config: &RetryConfig,
    attempt: impl FnMut(u32) -> Fut,
    decide: impl FnMut(&mut E, u32) -> Decision,
) -> Result<T, E>
where
    Fut: Future<Output = Result<T, E>>,
    E: Display,
{
    run_observed(config, attempt, decide, |_, _, _| {}).await
}

/// [`run`], telling `observe(error, attempt, wait)` before each wait.
pub(crate) async fn run_observed<T, E, Fut>(
    config: &RetryConfig,
    mut attempt: impl FnMut(u32) -> Fut,
    mut decide: impl FnMut(&mut E, u32) -> Decision,
    mut observe: impl FnMut(&E, u32, Duration),
) -> Result<T, E>
where
    Fut: Future<Output = Result<T, E>>,
    E: Display,
{
    let started = Instant::now();
    let mut n = 0u32;
    loop {
        n += 1;
        tracing::Span::current().record("attempt", n);
        let mut error = match attempt(n).await {
            Ok(value) => return Ok(value),
            Err(e) => e,
        };
        let wait = match decide(&mut error, n) {
            Decision::Stop => return Err(error),
            Decision::Again => {
                n -= 1;
                continue;
            }
            Decision::Retry(class) => match config.wait_for(class, n) {
                Some(wait) => wait,
                None => return Err(error),
            },
            Decision::RetryAfter(wait) => wait,
        };
        let over_budget = config
            .total_budget
            .is_some_and(|b| started.elapsed().saturating_add(wait) > b);
        if n >= config.max_attempts || over_budget {
            return Err(error);
        }
        tracing::info!(error = %error, wait_ms = wait.as_millis() as u64, "retrying");
        observe(&error, n, wait);
        tokio::time::sleep(wait).await;
    }
}

/// One wait before a retry, as told to the callback of
/// [`ClientBuilder::on_retry`](crate::client::ClientBuilder::on_retry): which attempt failed,
/// why, and how long the client now sleeps. `Display` prints
/// `throttled (117): waiting 60 s (attempt 1 failed, TrackingId …)`.
#[derive(Debug)]
#[non_exhaustive]
pub struct RetryEvent<'a> {
    /// The attempt that failed (1 for the first).
    pub attempt: u32,
    /// How long the client waits before the next attempt.
    pub wait: Duration,
    /// Why the attempt failed.
    pub error: &'a super::Error,
}

impl RetryEvent<'_> {
    /// A few words on why: `throttled (117)`, `fault 0`, `HTTP 503`, `timeout`,
    /// `connection failed`.
    pub fn reason(&self) -> String {
        use super::Error;
        let codes = self.error.codes();
        let list = || {
            codes
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self.error {
            _ if self.error.is_throttle() => format!("throttled ({})", list()),
            Error::Http { status: 429, .. } => "throttled (HTTP 429)".into(),
            Error::Fault(_) => format!("fault {}", list()),
            Error::Http { status, .. } => format!("HTTP {status}"),
            Error::Timeout { .. } => "timeout".into(),
            Error::Dispatch { .. } => "connection failed".into(),
            other => match other.http_status() {
                Some(status) => format!("HTTP {status}"),
                None => "error".into(),
            },
        }
    }

    /// The TrackingId of the failed attempt's answer, when there was one.
    pub fn tracking_id(&self) -> Option<&str> {
        crate::model::TrackingId::tracking_id(self.error)
    }
}

impl std::fmt::Display for RetryEvent<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: waiting ", self.reason())?;
        if self.wait >= Duration::from_secs(1) {
            write!(f, "{} s", self.wait.as_secs_f64().round())?;
        } else {
            write!(f, "{} ms", self.wait.as_millis())?;
        }
        write!(f, " (attempt {} failed", self.attempt)?;
        if let Some(id) = self.tracking_id() {
            write!(f, ", TrackingId {id}")?;
        }
        f.write_str(")")
    }
}

/// What the client calls before each retry wait.
pub(crate) type RetryCallback = std::sync::Arc<dyn Fn(&RetryEvent<'_>) + Send + Sync>;

/// How a failed attempt may be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RetryClass {
    Never,
    Backoff,
    Throttle,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let r = RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350));
        for _ in 0..100 {
            assert!(r.backoff(1) <= Duration::from_millis(100));
            assert!(r.backoff(2) <= Duration::from_millis(200));
            assert!(r.backoff(3) <= Duration::from_millis(350));
            assert!(r.backoff(40) <= Duration::from_millis(350));
        }
        let throttle = r.clone().with_throttle_wait(Duration::from_secs(60));
        assert!(throttle.wait_for(RetryClass::Throttle, 1).unwrap() >= Duration::from_secs(60));
        assert_eq!(throttle.wait_for(RetryClass::Never, 1), None);
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
    }

    #[test]
    fn backoff_is_drawn_from_the_whole_window() {
        // Full jitter: below the cap, yet not stuck at zero, and the window doubles per attempt.
        let r = RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_secs(10));
        let longest = |attempt| (0..200).map(|_| r.backoff(attempt)).max().unwrap();
        assert!(longest(1) > Duration::ZERO);
        assert!(longest(3) > Duration::from_millis(200), "{:?}", longest(3));
    }

    #[test]
    fn a_retry_event_says_why_and_how_long() {
        use crate::client::Error;
        let http = |status| Error::Http {
            status,
            body_excerpt: String::new(),
            attempts: 1,
            tracking_id: Some("t-1".into()),
            retry_after: None,
        };
        let said = |error: &Error, wait| {
            let event = RetryEvent {
                attempt: 2,
                wait,
                error,
            };
            (event.reason(), event.to_string())
        };
        let (reason, text) = said(&http(429), Duration::from_secs(3));
        assert_eq!(reason, "throttled (HTTP 429)");
        assert_eq!(
            text,
            "throttled (HTTP 429): waiting 3 s (attempt 2 failed, TrackingId t-1)"
        );
        let (reason, text) = said(&http(503), Duration::from_millis(250));
        assert_eq!(reason, "HTTP 503");
        assert_eq!(
            text,
            "HTTP 503: waiting 250 ms (attempt 2 failed, TrackingId t-1)"
        );
        let fault = |code| {
            Error::Fault(Box::new(crate::model::Fault {
                details: vec![crate::model::FaultDetail::AdApiFaultDetail {
                    tracking_id: Some("t-2".into()),
                    errors: vec![crate::model::AdApiError {
                        code: Some(code),
                        error_code: None,
                        message: None,
                        detail: None,
                    }],
                }],
                tracking_id: Some("t-2".into()),
                ..Default::default()
            }))
        };
        assert_eq!(
            said(&fault(117), Duration::from_secs(60)).1,
            "throttled (117): waiting 60 s (attempt 2 failed, TrackingId t-2)"
        );
        assert_eq!(said(&fault(0), Duration::ZERO).0, "fault 0");
        let timeout = Error::Timeout {
            attempts: 1,
            request_sent: true,
        };
        assert_eq!(said(&timeout, Duration::ZERO).0, "timeout");
        let dispatch = Error::Dispatch {
            message: "refused".into(),
            attempts: 1,
            request_sent: false,
        };
        assert_eq!(
            said(&dispatch, Duration::ZERO).1,
            "connection failed: waiting 0 ms (attempt 2 failed)"
        );
    }

    #[test]
    fn accessors_report_what_was_set() {
        let r = RetryConfig::standard()
            .with_max_attempts(7)
            .with_throttle_wait(Duration::from_secs(61))
            .with_total_budget(Duration::from_secs(42))
            .with_retry_writes(true);
        assert_eq!(r.max_attempts(), 7);
        assert_eq!(r.throttle_wait(), Duration::from_secs(61));
        assert_eq!(r.total_budget(), Some(Duration::from_secs(42)));
        assert!(r.retry_writes());
        let standard = RetryConfig::standard();
        assert_eq!(standard.throttle_wait(), Duration::from_secs(60));
        assert_eq!(standard.total_budget(), Some(Duration::from_secs(300)));
        assert!(!standard.retry_writes());
        assert_eq!(r.with_total_budget(None).total_budget(), None);
    }
}
