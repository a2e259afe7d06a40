//! Counts the connections the emulator accepts, how many are open at once, and how many
//! requests it answers at once, so a load test can show that a client stays within its
//! connection bound.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

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

/// A TCP listener that counts what it accepts.
pub(crate) struct CountingListener {
    pub inner: tokio::net::TcpListener,
    pub counters: Arc<Counters>,
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
        };
        (stream, addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// A connection that counts itself closed when dropped.
pub(crate) struct CountedStream {
    stream: tokio::net::TcpStream,
    counters: Arc<Counters>,
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
        Pin::new(&mut self.stream).poll_read(cx, buf)
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
