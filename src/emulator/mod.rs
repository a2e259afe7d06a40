//! A local emulator of Customer Management (v12 and v13 over SOAP, v13 over REST) and of the
//! Partner Center customer-user endpoints (REST), for testing applications offline. It speaks
//! the real wire formats on 127.0.0.1, keeps its data in memory, runs on an injectable clock
//! and can be seeded from a JSON file (see [`Seed`]).
//!
//! ```
//! use bingads::emulator::Emulator;
//! use bingads::client::Transport;
//! use bingads::v13::customer_management::GetUserRequest;
//! use bingads::v13::CustomerManagementClient;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = Emulator::builder().start().await?;
//! // REST (the default for v13)...
//! let rest = CustomerManagementClient::builder()
//!     .environment(emulator.environment())
//!     .developer_token("any-developer-token")
//!     .access_token("any-access-token")
//!     .build()?;
//! // ...and SOAP: the same environment, one more line.
//! let soap = CustomerManagementClient::builder()
//!     .environment(emulator.environment())
//!     .transport(Transport::Soap)
//!     .developer_token("any-developer-token")
//!     .access_token("any-access-token")
//!     .build()?;
//! for client in [rest, soap] {
//!     let user = client.get_user(GetUserRequest { user_id: Some(3002) }).await?;
//!     assert_eq!(user.body.user.and_then(|u| u.id), Some(3002));
//! }
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! What it answers, and how, is listed in the emulator guide (`docs/emulator.md`, on docs.rs
//! `bingads::guides::emulator`).

mod connections;
mod front_door;
mod partner_center;
mod rest;
mod seed;
mod soap;
mod store;

use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU16, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

pub use connections::ConnectionStats;
pub use seed::{PartnerCenterCustomer, Seed, SeedError, SeedUser};
pub use store::{AcceptInvitationError, Call, CallOutcome, OPERATIONS};

use crate::model::ServiceInfo;
use store::Store;

/// The emulator's notion of "now": soft-delete times, purges, invitation expiry, timestamps.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time, as the emulator sees it.
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that moves only when told to (tests of the 30-day purge, expiry).
#[derive(Debug)]
pub struct ManualClock(Mutex<SystemTime>);

impl ManualClock {
    /// A clock standing at `start`.
    pub fn new(start: SystemTime) -> Self {
        ManualClock(Mutex::new(start))
    }

    /// Moves the clock to `now` (backwards too).
    pub fn set(&self, now: SystemTime) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = now;
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The emulator could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmulatorError {
    /// The port could not be bound.
    #[error("cannot listen on {addr}: {error}")]
    Bind {
        /// The address asked for: 127.0.0.1 and the configured port.
        addr: SocketAddr,
        /// Why binding (or reading back the bound address) failed.
        #[source]
        error: std::io::Error,
    },
    /// The seed data is unusable.
    #[error(transparent)]
    Seed(#[from] SeedError),
}

/// Faults and errors to inject into the next calls, for retry tests. Counters go down by one
/// per call they affect.
#[derive(Debug, Default)]
pub(crate) struct Injections {
    /// SOAP calls answered with an AdApiFaultDetail 117 CallRateExceeded.
    pub throttle: AtomicU32,
    /// SOAP calls answered with an HTML error page and `server_error_status`.
    pub server_errors: AtomicU32,
    pub server_error_status: AtomicU16,
    /// Partner Center calls answered with 429 and `Retry-After: 0`.
    pub partner_center_throttle: AtomicU32,
    /// The HTTP status of SOAP faults (500 like the service, or 200).
    pub fault_status: AtomicU16,
    /// Per operation: (operation, what, how many more calls).
    pub per_operation: Mutex<Vec<(String, Injection, u32)>>,
}

/// What an injected call gets instead of its answer (see [`Emulator::inject`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Injection {
    /// A fault with this error code, in the fault type the service uses for it: codes below
    /// 200 (credentials, throttling: 117 CallRateExceeded) as AdApiFaultDetail, the others as
    /// ApiFault. Over REST, 117 is HTTP 429, 105 / 106 / 109 are 401, the rest 400.
    Fault(i32),
    /// An HTML error page with this HTTP status (a 5xx, say); the operation does not run.
    HttpStatus(u16),
    /// The answer comes this much later; the operation then runs as usual (timeout tests).
    Delay(Duration),
    /// Someone else edits the user the call names just before it runs (DeleteUser's
    /// `UserId`, UpdateUser's `User.Id`, UpdateUserRoles' `UserId`): the user gets a new
    /// TimeStamp, so the TimeStamp the caller read is stale (209). The call then runs as sent.
    EditedFirst,
}

impl Injection {
    /// The calls log's words for it.
    fn describe(&self) -> String {
        match self {
            Injection::Fault(code) => format!("fault {code}"),
            Injection::HttpStatus(status) => format!("http {status}"),
            Injection::Delay(d) => format!("delay {} ms", d.as_millis()),
            Injection::EditedFirst => "edited first".into(),
        }
    }
}

impl std::str::FromStr for Injection {
    type Err = String;

    /// `117` (a fault code), `http503` (an HTTP status), `delay2s` / `delay250ms`, `edited`.
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || {
            format!("{text:?} is not an injection: give a fault code (117), http<status> (http503), delay<n>s / delay<n>ms or edited")
        };
        if text == "edited" {
            return Ok(Injection::EditedFirst);
        }
        if let Some(status) = text.strip_prefix("http") {
            let status: u16 = status.parse().map_err(|_| bad())?;
            if !(100..=599).contains(&status) {
                return Err(bad());
            }
            return Ok(Injection::HttpStatus(status));
        }
        if let Some(delay) = text.strip_prefix("delay") {
            let (number, scale) = match delay.strip_suffix("ms") {
                Some(ms) => (ms, 1),
                None => (delay.strip_suffix('s').ok_or_else(bad)?, 1000),
            };
            let n: u64 = number.parse().map_err(|_| bad())?;
            return Ok(Injection::Delay(Duration::from_millis(
                n.saturating_mul(scale),
            )));
        }
        text.parse().map(Injection::Fault).map_err(|_| bad())
    }
}

impl Injections {
    /// Takes one from `counter` when it is above zero.
    pub fn take(counter: &AtomicU32) -> bool {
        counter
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
    }

    /// The first injection waiting for `operation`, used up by one.
    pub fn take_for(&self, operation: &str) -> Option<Injection> {
        let mut list = self.per_operation.lock().unwrap_or_else(|e| e.into_inner());
        let i = list
            .iter()
            .position(|(op, _, n)| op == operation && *n > 0)?;
        let injection = list[i].1.clone();
        list[i].2 -= 1;
        if list[i].2 == 0 {
            list.remove(i);
        }
        Some(injection)
    }
}

pub(crate) struct Shared {
    pub store: Mutex<Store>,
    pub clock: Arc<dyn Clock>,
    pub injections: Injections,
    pub services: Vec<soap::Endpoint>,
    pub max_body_bytes: usize,
    pub connections: Arc<connections::Counters>,
    /// The bound on reading a request's body, as on its header (see [`connections::Timeouts`]).
    pub request_read_timeout: Duration,
    /// The address the emulator listens on: what a request's `Host` must name.
    pub addr: SocketAddr,
    /// Access tokens that stop working at a time (a seed's `authentication_token_expiry`).
    pub token_expiry: std::collections::BTreeMap<String, SystemTime>,
}

impl Shared {
    pub fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The store as a seed, with the token expiry times the front door keeps.
    pub fn state(&self) -> Seed {
        let mut seed = self.store().to_seed();
        seed.authentication_token_expiry = self
            .token_expiry
            .iter()
            .map(|(token, at)| (token.clone(), crate::time::format_rfc3339(*at)))
            .collect();
        seed
    }
}

/// Configures and starts an [`Emulator`].
#[derive(Debug)]
pub struct EmulatorBuilder {
    seed: Option<Seed>,
    clock: Arc<dyn Clock>,
    port: u16,
    fault_status: u16,
    max_body_bytes: usize,
    idle_timeout: Duration,
    request_read_timeout: Duration,
}

/// The emulator's default request body limit: 8 MiB. The live service takes far less (its
/// operations' inputs are small), and a body is refused before more than this is read.
pub const DEFAULT_MAX_BODY_BYTES: usize = 8 << 20;

impl Default for EmulatorBuilder {
    fn default() -> Self {
        EmulatorBuilder {
            seed: None,
            clock: Arc::new(SystemClock),
            port: 0,
            fault_status: 500,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            // IIS's defaults, which front the service: connectionTimeout 120 s; hyper's header
            // read timeout is 30 s.
            idle_timeout: Duration::from_secs(120),
            request_read_timeout: Duration::from_secs(30),
        }
    }
}

impl EmulatorBuilder {
    /// The data to start with; without it, [`Seed::default_data`] at the clock's now.
    pub fn seed(mut self, seed: Seed) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The clock for soft-delete times, purges, expiry and timestamps (default: the system clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The port on 127.0.0.1; 0 (the default) picks a free one.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The HTTP status of SOAP faults: 500 (what the service sends, the default) or 200.
    pub fn fault_status(mut self, status: u16) -> Self {
        self.fault_status = status;
        self
    }

    /// Larger request bodies get HTTP 413 (default [`DEFAULT_MAX_BODY_BYTES`]); a larger
    /// `Content-Length` is refused before the body is read, and reading stops at the limit.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// A connection that waits longer than this for its next request is closed (default
    /// 120 s). The time counts from the end of the last answer, or from the connection's start.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// A request must arrive whole, headers and body, within this much of its first byte, or
    /// its connection is closed (default 30 s): half-sent requests do not hold connections.
    pub fn request_read_timeout(mut self, timeout: Duration) -> Self {
        self.request_read_timeout = timeout;
        self
    }

    /// Binds 127.0.0.1 and serves on the current tokio runtime until the [`Emulator`] is
    /// dropped or shut down.
    pub async fn start(self) -> Result<Emulator, EmulatorError> {
        let seed = match self.seed {
            Some(seed) => seed,
            None => Seed::default_data(self.clock.now()),
        };
        let token_expiry = seed.token_expiry(self.clock.now())?;
        let store = Store::from_seed(seed, self.clock.clone())?;
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|error| EmulatorError::Bind { addr, error })?;
        let addr = listener
            .local_addr()
            .map_err(|error| EmulatorError::Bind { addr, error })?;
        let shared = Arc::new(Shared {
            store: Mutex::new(store),
            clock: self.clock,
            injections: Injections {
                fault_status: AtomicU16::new(self.fault_status),
                server_error_status: AtomicU16::new(503),
                ..Injections::default()
            },
            services: soap::endpoints(),
            max_body_bytes: self.max_body_bytes,
            connections: Arc::default(),
            request_read_timeout: self.request_read_timeout,
            addr,
            token_expiry,
        });
        let app = axum::Router::new()
            .fallback(route)
            .with_state(shared.clone())
            .into_make_service_with_connect_info::<connections::ConnectionInfo>();
        let listener = connections::CountingListener {
            inner: listener,
            counters: shared.connections.clone(),
            timeouts: connections::Timeouts {
                idle: self.idle_timeout,
                request_read: self.request_read_timeout,
            },
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Emulator {
            url: format!("http://{addr}"),
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

/// A running emulator. Dropping it stops the server.
pub struct Emulator {
    url: String,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// Starts configuring an emulator: default seed, system clock, a free port.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// `http://127.0.0.1:PORT`: the REST root of Customer Management v13 (the client appends
    /// the routes), the Partner Center base URL, and the host of the SOAP endpoints.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The SOAP endpoint of a service version, at its real path
    /// (`…/Api/CustomerManagement/v13/CustomerManagementService.svc`). For a client, prefer
    /// [`Emulator::environment`], which knows the REST root too.
    pub fn endpoint(&self, service: &ServiceInfo) -> String {
        format!("{}{}", self.url, service.soap_path())
    }

    /// The emulator as an [`Environment`](crate::client::Environment) for a client's
    /// `.environment(...)`: the REST root and every SOAP endpoint under [`Emulator::url`], so
    /// either transport works with no other change.
    pub fn environment(&self) -> crate::client::Environment {
        crate::client::Environment::custom(self.url.clone())
    }

    /// The clock the emulator runs on.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.shared.clock
    }

    /// The next `n` SOAP calls get AdApiFaultDetail 117 CallRateExceeded.
    pub fn inject_throttling(&self, n: u32) {
        self.shared.injections.throttle.store(n, Ordering::SeqCst);
    }

    /// The next `n` SOAP calls get an HTML error page with `status` (a 5xx).
    pub fn inject_server_errors(&self, n: u32, status: u16) {
        let i = &self.shared.injections;
        i.server_error_status.store(status, Ordering::SeqCst);
        i.server_errors.store(n, Ordering::SeqCst);
    }

    /// The next `n` Partner Center calls get 429 with `Retry-After: 0`.
    pub fn inject_partner_center_throttling(&self, n: u32) {
        self.shared
            .injections
            .partner_center_throttle
            .store(n, Ordering::SeqCst);
    }

    /// The next `times` calls of `operation` (over either transport) get `injection`
    /// instead of their answer (or, for a delay, their answer later). Injections for one
    /// operation queue up in the order given.
    pub fn inject(&self, operation: &str, injection: Injection, times: u32) {
        if times == 0 {
            return;
        }
        if injection == Injection::EditedFirst {
            // Applied by the store as the call runs: it needs the request's user.
            self.shared
                .store()
                .edited_first
                .push((operation.to_string(), times));
            return;
        }
        self.shared
            .injections
            .per_operation
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((operation.to_string(), injection, times));
    }

    /// Every call answered so far, oldest first (the most recent 100,000): operation,
    /// transport, version and outcome. `GET /_emulator/calls` serves the same list.
    pub fn calls(&self) -> Vec<Call> {
        self.shared.store().calls.iter().cloned().collect()
    }

    /// The store as a seed (`GET /_emulator/state` serves the same JSON): a test can assert
    /// on it, and a run can be saved and restarted with it.
    pub fn state(&self) -> Seed {
        self.shared.state()
    }

    /// The invitee accepts user invitation `invitation_id`, as the e-mailed link does on the
    /// live service: `as_user` an existing user (who then holds a role on one more customer),
    /// or `None` for a new user made from the invitation. The invitation leaves
    /// SearchUserInvitations; GetUser and GetUsersInfo show the user. Returns the user's id.
    /// Only in-process (a test's own emulator): no HTTP request can accept an invitation.
    pub fn accept_user_invitation(
        &self,
        invitation_id: i64,
        as_user: Option<i64>,
    ) -> Result<i64, AcceptInvitationError> {
        self.shared
            .store()
            .accept_user_invitation(invitation_id, as_user)
    }

    /// The HTTP status of SOAP faults from now on (500 or 200).
    pub fn set_fault_status(&self, status: u16) {
        self.shared
            .injections
            .fault_status
            .store(status, Ordering::SeqCst);
    }

    /// How many times `operation` was executed (answered without a fault), over any transport.
    pub fn executed(&self, operation: &str) -> u64 {
        self.shared
            .store()
            .executed
            .get(operation)
            .copied()
            .unwrap_or(0)
    }

    /// The connections accepted, open now and open at most at once, and the most requests
    /// answered at once.
    pub fn connections(&self) -> ConnectionStats {
        self.shared.connections.stats()
    }

    /// How many requests the emulator has answered (both services).
    pub fn requests_served(&self) -> u64 {
        self.shared.store().requests_served
    }

    /// Stops accepting connections and waits for the server task.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Serves until the process ends (the CLI's `bingads emulator`).
    pub async fn run_forever(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn route(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
    request: axum::extract::Request,
) -> axum::response::Response {
    let _in_progress = shared.connections.request();
    let connection = request
        .extensions()
        .get::<axum::extract::ConnectInfo<connections::ConnectionInfo>>()
        .map(|info| info.0 .0.clone());
    let _answering = connection
        .as_deref()
        .map(connections::Connection::answering);
    let (parts, body) = request.into_parts();
    if let Some(refusal) = front_door::check_host(&shared, &parts) {
        return refusal;
    }
    let body = match front_door::read_body(&shared, &parts, body).await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    shared.store().requests_served += 1;
    let path = parts.uri.path();
    if path.starts_with("/_emulator/") && parts.method == axum::http::Method::GET {
        return inspect(&shared, path);
    }
    if let Some(endpoint) = shared.services.iter().find(|e| e.path == path) {
        if let Some(wsdl) = front_door::wsdl(&shared, endpoint, &parts) {
            return wsdl;
        }
        return soap::handle(&shared, endpoint, &parts, &body).await;
    }
    if path.starts_with("/v1/") {
        return partner_center::handle(&shared, &parts, &body);
    }
    let op = rest::operation_for(&shared, &parts);
    if op.is_some() || rest::is_rest_path(&shared, path) {
        return rest::handle(&shared, op, &parts, &body).await;
    }
    plain(
        404,
        format!("the emulator has nothing at {path}; see the README (Emulator) for its endpoints"),
    )
}

/// The injection waiting for this call, logged as its outcome: the global ones first (an
/// error page, then a 117 throttle), then `operation`'s own. A delay is waited out here and
/// not returned: the call then runs as usual.
pub(crate) async fn injected(
    shared: &Shared,
    operation: &'static str,
    via: (&str, &str),
) -> Option<Injection> {
    let injections = &shared.injections;
    let next = if Injections::take(&injections.server_errors) {
        Injection::HttpStatus(injections.server_error_status.load(Ordering::SeqCst))
    } else if Injections::take(&injections.throttle) {
        Injection::Fault(117)
    } else {
        injections.take_for(operation)?
    };
    match next {
        Injection::Delay(d) => {
            tokio::time::sleep(d).await;
            None
        }
        other => {
            let what = other.describe();
            shared
                .store()
                .record(operation, via, store::CallOutcome::Injected { what });
            Some(other)
        }
    }
}

/// `GET /_emulator/state` (the store as a seed) and `GET /_emulator/calls` (the calls log).
fn inspect(shared: &Shared, path: &str) -> axum::response::Response {
    let body = match path {
        "/_emulator/state" => serde_json::to_vec_pretty(&shared.state()),
        "/_emulator/calls" => serde_json::to_vec_pretty(&shared.store().calls),
        _ => {
            return plain(
                404,
                format!(
                "the emulator has nothing at {path}; it has /_emulator/state and /_emulator/calls"
            ),
            )
        }
    };
    match body {
        Ok(body) => http_response(200, "application/json; charset=utf-8", Vec::new(), body),
        Err(e) => plain(500, format!("the emulator could not write {path}: {e}")),
    }
}

fn plain(status: u16, text: String) -> axum::response::Response {
    http_response(
        status,
        "text/plain; charset=utf-8",
        Vec::new(),
        text.into_bytes(),
    )
}

fn http_response(
    status: u16,
    content_type: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
) -> axum::response::Response {
    let mut response = axum::response::Response::new(axum::body::Body::from(body));
    *response.status_mut() = axum::http::StatusCode::from_u16(status)
        .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    let h = response.headers_mut();
    h.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static(content_type),
    );
    for (name, value) in headers {
        if let Ok(value) = axum::http::HeaderValue::from_str(&value) {
            h.insert(name, value);
        }
    }
    response
}
