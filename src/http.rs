//! The HTTP pieces every client shares (Microsoft Advertising over REST or SOAP, Partner
//! Center, the sign-in flows): timeouts, building the pooled reqwest client from the options,
//! reading a body under a size limit, and quoting a bad body.

use std::time::Duration;

/// Connect, read and total timeouts of one attempt.
///
/// ```
/// use std::time::Duration;
/// use bingads::client::TimeoutConfig;
/// let t = TimeoutConfig { connect: Duration::from_secs(5), ..TimeoutConfig::default() };
/// assert_eq!(t.total, Duration::from_secs(120));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutConfig {
    /// Establishing the connection (TCP and TLS). Default 10 s.
    pub connect: Duration,
    /// Between two reads of the response. Default 60 s.
    pub read: Duration,
    /// One whole attempt, from sending to the last byte. Default 120 s.
    pub total: Duration,
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        TimeoutConfig {
            connect: Duration::from_secs(10),
            read: Duration::from_secs(60),
            total: Duration::from_secs(120),
        }
    }
}

/// Connection options of a client builder.
#[derive(Clone, Debug, Default)]
pub(crate) struct HttpOptions {
    pub timeouts: TimeoutConfig,
    pub proxy: Option<String>,
    pub no_proxy: bool,
    /// A caller's own client, used as it is.
    pub client: Option<reqwest::Client>,
    /// At most this many requests in flight, so at most this many open connections.
    pub max_connections: Option<usize>,
}

/// A pooled reqwest client, and the permits that bound how many requests (so connections)
/// it has in flight when the caller set a limit.
#[derive(Clone, Debug)]
pub(crate) struct Http {
    pub client: reqwest::Client,
    permits: Option<std::sync::Arc<tokio::sync::Semaphore>>,
}

impl Http {
    /// Waits for a connection slot; hold it until the response body is read.
    pub async fn slot(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        match &self.permits {
            // The semaphore is never closed, so acquiring only waits.
            Some(permits) => permits.acquire().await.ok(),
            None => None,
        }
    }
}

impl HttpOptions {
    pub fn build_bounded(self) -> Result<Http, String> {
        if self.max_connections == Some(0) {
            return Err("max_connections must be at least 1".into());
        }
        let permits = self
            .max_connections
            .map(|n| std::sync::Arc::new(tokio::sync::Semaphore::new(n)));
        Ok(Http {
            client: self.build()?,
            permits,
        })
    }

    pub fn build(self) -> Result<reqwest::Client, String> {
        if let Some(client) = self.client {
            return Ok(client);
        }
        let mut builder = reqwest::Client::builder()
            .connect_timeout(self.timeouts.connect)
            .read_timeout(self.timeouts.read)
            .timeout(self.timeouts.total)
            // A redirect is never followed: reqwest would send the body again on 307 / 308,
            // and bodies carry tokens, passwords and refresh tokens.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("bingads-rs/", env!("CARGO_PKG_VERSION")));
        if let Some(n) = self.max_connections {
            // Idle connections beyond the in-flight bound would only be dropped later.
            builder = builder.pool_max_idle_per_host(n);
        }
        if self.no_proxy {
            builder = builder.no_proxy();
        } else if let Some(proxy) = &self.proxy {
            // Named for this client: it carries everything, loopback included.
            builder = builder
                .proxy(reqwest::Proxy::all(proxy).map_err(|e| format!("invalid proxy: {e}"))?);
        } else {
            for proxy in environment_proxies()? {
                builder = builder.proxy(proxy);
            }
        }
        builder.build().map_err(|e| e.to_string())
    }
}

/// The proxies the environment names (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, lower case
/// too, with `NO_PROXY`), as reqwest would use them, except that loopback never goes through
/// one (as curl's default): the emulator's and a local sign-in's tokens must not travel to a
/// proxy in clear text. (Adding any proxy turns reqwest's own reading of the environment off.)
fn environment_proxies() -> Result<Vec<reqwest::Proxy>, String> {
    let var = |names: [&str; 2]| {
        names
            .iter()
            .find_map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()))
    };
    let mut bypass = var(["NO_PROXY", "no_proxy"]).unwrap_or_default();
    bypass.push_str(",localhost,127.0.0.0/8,::1");
    let mut proxies = Vec::new();
    // CGI: HTTP_PROXY may come from a request's `Proxy:` header (httpoxy), as reqwest knows.
    let cgi = std::env::var_os("REQUEST_METHOD").is_some();
    for (scheme, names) in [
        ("https", ["HTTPS_PROXY", "https_proxy"]),
        ("http", ["HTTP_PROXY", "http_proxy"]),
        ("all", ["ALL_PROXY", "all_proxy"]),
    ] {
        if scheme == "http" && cgi {
            continue;
        }
        let Some(url) = var(names) else { continue };
        let proxy = match scheme {
            "https" => reqwest::Proxy::https(&url),
            "http" => reqwest::Proxy::http(&url),
            _ => reqwest::Proxy::all(&url),
        }
        .map_err(|e| format!("invalid proxy in {}: {e}", names[0]))?;
        proxies.push(proxy.no_proxy(reqwest::NoProxy::from_string(&bypass)));
    }
    Ok(proxies)
}

/// The host of `url` as hosts are compared: lower case, IDNA (punycode) form, without the
/// trailing dot of a fully qualified name (`clientcenter.api.bingads.microsoft.com.` is
/// `clientcenter.api.bingads.microsoft.com`). The `url` crate has lowered and IDNA-encoded
/// the host of an http(s) URL already.
pub(crate) fn normalized_host(url: &url::Url) -> Option<String> {
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_suffix('.').unwrap_or(&host);
    Some(host.to_string())
}

/// `host` is `domain` or one of its subdomains (both normalised).
pub(crate) fn host_within(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// 127.0.0.0/8, ::1 or `localhost`: this machine.
pub(crate) fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(_)) => {
            normalized_host(url).is_some_and(|h| host_within(&h, "localhost"))
        }
        None => false,
    }
}

/// `url` parsed, if it may carry credentials: https, or plain http to loopback only (the
/// emulator, a test identity platform). Otherwise a message naming the URL's scheme and
/// host (never its path or query).
pub(crate) fn require_secure_url(url: &str) -> Result<url::Url, String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("not a URL ({e})"))?;
    match parsed.scheme() {
        "https" if parsed.host_str().is_some() => Ok(parsed),
        "http" if is_loopback(&parsed) => Ok(parsed),
        scheme => Err(format!(
            "{scheme}://{} is not https: credentials go over https only (plain http only to \
             this machine: 127.0.0.1, ::1, localhost)",
            parsed.host_str().unwrap_or("")
        )),
    }
}

/// The timeout and connection setters both client builders offer, over their `http: HttpOptions` field.
macro_rules! http_option_setters {
    () => {
        /// Connect, read and total timeouts of each attempt, all at once.
        pub fn timeouts(mut self, timeouts: $crate::http::TimeoutConfig) -> Self {
            self.http.timeouts = timeouts;
            self
        }

        /// Establishing the connection, TCP and TLS (default 10 s).
        pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.http.timeouts.connect = timeout;
            self
        }

        /// Between two reads of the response (default 60 s).
        pub fn read_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.http.timeouts.read = timeout;
            self
        }

        /// One whole attempt.
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.http.timeouts.total = timeout;
            self
        }

        /// An HTTPS proxy for every request (the `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`
        /// environment variables are honoured without this).
        pub fn proxy(mut self, url: impl Into<String>) -> Self {
            self.http.proxy = Some(url.into());
            self
        }

        /// Ignore proxy settings from the environment.
        pub fn no_proxy(mut self) -> Self {
            self.http.no_proxy = true;
            self
        }

        /// At most `n` requests in flight at once, so at most `n` open connections: further
        /// calls wait for a slot (the wait is not part of an attempt's timeout, but is part of
        /// the whole call). Unbounded by default, as reqwest is.
        pub fn max_connections(mut self, n: usize) -> Self {
            self.http.max_connections = Some(n);
            self
        }

        /// Shares an existing reqwest client (its pool, proxy, TLS and timeout settings are
        /// used as they are; the timeout and proxy options here are then ignored).
        pub fn http_client(mut self, client: reqwest::Client) -> Self {
            self.http.client = Some(client);
            self
        }
    };
}
pub(crate) use http_option_setters;

pub(crate) enum BodyError {
    TooLarge,
    Transport(reqwest::Error),
}

/// Reads the body chunk by chunk, stopping as soon as it passes `limit`.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, BodyError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut body = Vec::with_capacity(response.content_length().map_or(8 * 1024, |n| n as usize));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The start of a body that is not what was expected, as one line of text, for messages.
pub(crate) fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A response header as text, if present and readable.
pub(crate) fn header_text(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// `Retry-After` in seconds (the HTTP-date form is not read).
pub(crate) fn retry_after(response: &reqwest::Response) -> Option<std::time::Duration> {
    header_text(response, "retry-after")
        .and_then(|v| retry_after_value(&v, std::time::SystemTime::now()))
}

/// A `Retry-After` value: seconds, or an HTTP-date (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110's
/// IMF-fixdate) read against `now`; a date already past is no wait.
fn retry_after_value(value: &str, now: std::time::SystemTime) -> Option<std::time::Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(std::time::Duration::from_secs(seconds));
    }
    let parts: Vec<&str> = value.split_whitespace().collect();
    let [_weekday, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? + 1;
    let day: u32 = day.parse().ok()?;
    let at = crate::time::parse_rfc3339(&format!("{year}-{month:02}-{day:02}T{time}Z"))?;
    Some(at.duration_since(now).unwrap_or_default())
}

/// The host a redirect answer points at (for the error message; never the path or query,
/// which may carry anything).
pub(crate) fn redirect_host(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|l| url::Url::parse(l).ok())
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "a relative or missing Location".into())
}

#[cfg(test)]
mod tests {
    use super::{is_loopback, normalized_host, require_secure_url, retry_after_value};

    #[test]
    fn hosts_compare_without_case_trailing_dot_or_unicode_forms() {
        let host = |u: &str| normalized_host(&url::Url::parse(u).unwrap()).unwrap();
        assert_eq!(
            host("https://ClientCenter.API.BingAds.Microsoft.com./x"),
            "clientcenter.api.bingads.microsoft.com"
        );
        assert_eq!(host("https://bücher.example/"), "xn--bcher-kva.example");
        for ok in [
            "https://login.microsoftonline.com/t",
            "http://127.0.0.1:8080/t",
            "http://127.1.2.3/t",
            "http://[::1]:9/t",
            "http://localhost:9/t",
            "http://LOCALHOST./t",
        ] {
            assert!(require_secure_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://login.microsoftonline.com/t",
            "http://login.microsoftonline.com./t",
            "http://127.0.0.1.example/t",
            "http://localhost.example/t",
            "ftp://127.0.0.1/t",
            "file:///etc/passwd",
            "not a url",
        ] {
            assert!(require_secure_url(bad).is_err(), "{bad}");
        }
        assert!(!is_loopback(&url::Url::parse("http://10.0.0.1/").unwrap()));
    }
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn retry_after_is_seconds_or_an_http_date() {
        // 1994-11-06T08:49:37Z, the RFC's example.
        let date = UNIX_EPOCH + Duration::from_secs(784_111_777);
        let at = |offset: i64| {
            let secs = 784_111_777i64 + offset;
            UNIX_EPOCH + Duration::from_secs(secs as u64)
        };
        assert_eq!(
            retry_after_value("120", date),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            retry_after_value("Sun, 06 Nov 1994 08:49:37 GMT", at(-30)),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after_value("Sun, 06 Nov 1994 08:49:37 GMT", at(5)),
            Some(Duration::ZERO),
            "a date already past is no wait"
        );
        for bad in [
            "soon",
            "-5",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            // A hostile server's absurd fields: refused, never an overflow (a panic in debug
            // builds, a silent wrap in release before the arithmetic was checked).
            "Sun, 06 Nov 1994 -9223372036854775808:49:37 GMT",
            "Sun, 06 Nov 1994 -99999999:49:37 GMT",
            "Sun, 06 Nov 1994 08:-9223372036854775808:37 GMT",
            "Sun, -9223372036854775808 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov -9223372036854775808 08:49:37 GMT",
            "Sun, 06 Nov 99999999999999 08:49:37 GMT",
        ] {
            assert_eq!(retry_after_value(bad, date), None, "{bad}");
        }
    }
}
