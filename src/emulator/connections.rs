//! Counts the connections the emulator accepts, how many are open at once, and how many
//! requests it answers at once, so a load test can show that a client stays within its
//! connection bound; and closes connections that hold it up: one idle between requests longer
//! than the idle timeout, one whose request has not fully arrived within the request-read
//! timeout (a half-sent header; the body's own bound is in `route`).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// How long a connection may wait for a request, and a request take to arrive.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timeouts {
    /// From the end of one answer (or the connection's start) to the next request's first byte.
    pub idle: Duration,
    /// From a request's first byte to its last.
    pub request_read: Duration,
}

/// What the emulator's listener has seen (see [`Emulator::connections`](super::Emulator::connections)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConnectionStats {
    /// Connections accepted since the start.
    pub accepted: u64,
    /// Connections open now.
    pub open: u64,
    /// The most connections that were open at the same time. A connection its client has
    /// closed counts until the emulator notices, so this can briefly exceed what the clients
    /// hold.
    pub peak_open: u64,
    /// The most requests being answered at the same time. Over HTTP/1.1 each holds a
    /// connection of its own, so this is the most connections in use at once, without the
    /// idle ones and the closed ones not yet noticed.
    pub peak_requests: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Counters {
    accepted: AtomicU64,
    open: AtomicU64,
    peak_open: AtomicU64,
    requests: AtomicU64,
    peak_requests: AtomicU64,
}

impl Counters {
    pub fn stats(&self) -> ConnectionStats {
        ConnectionStats {
            accepted: self.accepted.load(Ordering::SeqCst),
            open: self.open.load(Ordering::SeqCst),
            peak_open: self.peak_open.load(Ordering::SeqCst),
            peak_requests: self.peak_requests.load(Ordering::SeqCst),
        }
    }

    /// Counts a request as being answered until the returned guard is dropped.
    pub fn request(&self) -> RequestInProgress<'_> {
        let now = self.requests.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak_requests.fetch_max(now, Ordering::SeqCst);
        RequestInProgress(self)
    }
}

/// A request the emulator is answering (see [`Counters::request`]).
pub(crate) struct RequestInProgress<'a>(&'a Counters);

impl Drop for RequestInProgress<'_> {
    fn drop(&mut self) {
        self.0.requests.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One connection's requests being answered, shared by its stream and the handlers: while
/// one runs, the connection is not idle (hyper may poll it for reads meanwhile).
#[derive(Debug, Default)]
pub(crate) struct Connection {
    answering: AtomicU32,
    answered: AtomicU64,
    /// The reader to wake when an answer is done, so that its idle time starts counting.
    reader: std::sync::Mutex<Option<std::task::Waker>>,
}

impl Connection {
    /// Marks a request of this connection as being answered until the guard is dropped.
    pub fn answering(&self) -> Answering<'_> {
        self.answering.fetch_add(1, Ordering::SeqCst);
        Answering(self)
    }
}

/// A request being answered on a [`Connection`].
pub(crate) struct Answering<'a>(&'a Connection);

impl Drop for Answering<'_> {
    fn drop(&mut self) {
        self.0.answered.fetch_add(1, Ordering::SeqCst);
        self.0.answering.fetch_sub(1, Ordering::SeqCst);
        let reader = self
            .0
            .reader
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(reader) = reader {
            reader.wake();
        }
    }
}

/// What a handler learns of its connection (axum's `ConnectInfo`).
#[derive(Debug, Clone)]
pub(crate) struct ConnectionInfo(pub Arc<Connection>);

impl axum::extract::connect_info::Connected<axum::serve::IncomingStream<'_, CountingListener>>
    for ConnectionInfo
{
    fn connect_info(stream: axum::serve::IncomingStream<'_, CountingListener>) -> Self {
        ConnectionInfo(stream.io().connection.clone())
    }
}

/// A TCP listener that counts what it accepts.
pub(crate) struct CountingListener {
    pub inner: tokio::net::TcpListener,
    pub counters: Arc<Counters>,
    pub timeouts: Timeouts,
}

impl axum::serve::Listener for CountingListener {
    type Io = CountedStream;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (stream, addr) = axum::serve::Listener::accept(&mut self.inner).await;
        let c = &self.counters;
        c.accepted.fetch_add(1, Ordering::SeqCst);
        let open = c.open.fetch_add(1, Ordering::SeqCst) + 1;
        c.peak_open.fetch_max(open, Ordering::SeqCst);
        let stream = CountedStream {
            stream,
            counters: c.clone(),
            connection: Arc::default(),
            timeouts: self.timeouts,
            deadline: Box::pin(tokio::time::sleep(self.timeouts.idle)),
            receiving: false,
            answered: 0,
        };
        (stream, addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// A connection that counts itself closed when dropped, and ends itself (a read error, on
/// which hyper closes it) when it idles or a request stalls past its [`Timeouts`].
pub(crate) struct CountedStream {
    stream: tokio::net::TcpStream,
    counters: Arc<Counters>,
    connection: Arc<Connection>,
    timeouts: Timeouts,
    /// When the connection is closed unless something happens first.
    deadline: Pin<Box<Sleep>>,
    /// A request has started arriving (its first byte was read) and is not being answered yet.
    receiving: bool,
    /// Requests answered when last looked at: a change means the connection went idle.
    answered: u64,
}

impl CountedStream {
    fn restart(&mut self, after: Duration) {
        self.deadline.as_mut().reset(Instant::now() + after);
    }
}

impl Drop for CountedStream {
    fn drop(&mut self) {
        self.counters.open.fetch_sub(1, Ordering::SeqCst);
    }
}

impl AsyncRead for CountedStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let answered = this.connection.answered.load(Ordering::SeqCst);
        if answered != this.answered {
            // An answer went out: the connection is idle from here.
            this.answered = answered;
            this.receiving = false;
            this.restart(this.timeouts.idle);
        }
        let before = buf.filled().len();
        let read = Pin::new(&mut this.stream).poll_read(cx, buf);
        if read.is_pending() {
            // The end of an answer wakes this reader, so that the idle time starts counting
            // even if nothing else polls the connection.
            *this
                .connection
                .reader
                .lock()
                .unwrap_or_else(|e| e.into_inner()) = Some(cx.waker().clone());
        }
        if this.connection.answering.load(Ordering::SeqCst) > 0 {
            // A handler holds the request (and bounds reading its body itself).
            this.receiving = false;
            return read;
        }
        match read {
            Poll::Ready(Ok(())) if buf.filled().len() > before && !this.receiving => {
                // A request's first byte: the whole of it must follow within the bound,
                // however slowly it trickles in.
                this.receiving = true;
                this.restart(this.timeouts.request_read);
                Poll::Ready(Ok(()))
            }
            Poll::Ready(result) => Poll::Ready(result),
            Poll::Pending => match this.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    if this.receiving {
                        "the request did not arrive within the emulator's request-read timeout"
                    } else {
                        "the connection was idle past the emulator's idle timeout"
                    },
                ))),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl AsyncWrite for CountedStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}
