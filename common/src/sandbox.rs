//! A tiny in-process HTTP server for the API crates' simulated APIs.
//!
//! Each API crate implements [`Handler`] with its seeded data and real
//! envelopes; [`Sandbox::start`] serves it on `127.0.0.1` on a free port.
//! [`Faults`] switch on 429s, 5xx responses and latency at run time, so
//! examples and tests can show retries and rate limiting without a network.
//!
//! ```
//! use affiliate_common::sandbox::{Sandbox, SandboxRequest, SandboxResponse};
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let sandbox = Sandbox::start(|req: SandboxRequest| {
//!     SandboxResponse::json(200, &serde_json::json!({ "path": req.path }))
//! })
//! .await
//! .unwrap();
//! println!("serving on {}", sandbox.url());
//! # }
//! ```

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use http_body_util::{BodyExt as _, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use url::Url;

/// A request as the sandbox sees it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SandboxRequest {
    /// The method.
    pub method: Method,
    /// The percent-decoded path, starting with `/`.
    pub path: String,
    /// The raw (still encoded) path.
    pub raw_path: String,
    /// The decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    /// The request headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl SandboxRequest {
    /// The first value of a query parameter.
    pub fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The decoded path segments (each raw segment percent-decoded on its
    /// own, so an encoded `/` stays inside its segment).
    pub fn segments(&self) -> Vec<String> {
        self.raw_path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect()
    }

    /// The body as JSON.
    ///
    /// # Errors
    /// When the body is not valid JSON for `T`.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// The body as form pairs.
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(&self.body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

/// A response from a sandbox handler.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SandboxResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl SandboxResponse {
    /// A JSON response.
    pub fn json(status: u16, value: &serde_json::Value) -> Self {
        Self::bytes(
            status,
            "application/json",
            serde_json::to_vec(value).unwrap_or_default(),
        )
    }

    /// A response with raw bytes.
    pub fn bytes(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static(content_type),
        );
        SandboxResponse {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            headers,
            body: body.into(),
        }
    }

    /// Adds a header (ignored when the name or value is invalid).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            self.headers.insert(n, v);
        }
        self
    }
}

/// A simulated API.
pub trait Handler: Send + Sync + 'static {
    /// Answers one request.
    fn handle(&self, req: SandboxRequest) -> SandboxResponse;

    /// The response for an injected fault, in the API's own error format.
    fn fault(&self, fault: &Fault) -> SandboxResponse {
        match fault {
            Fault::RateLimited { retry_after } => {
                SandboxResponse::json(429, &serde_json::json!({ "message": "Too Many Requests" }))
                    .header("retry-after", retry_after)
            }
            Fault::Status(code) => {
                SandboxResponse::json(*code, &serde_json::json!({ "message": "injected fault" }))
            }
        }
    }
}

impl<F> Handler for F
where
    F: Fn(SandboxRequest) -> SandboxResponse + Send + Sync + 'static,
{
    fn handle(&self, req: SandboxRequest) -> SandboxResponse {
        self(req)
    }
}

/// A fault the sandbox can inject.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// 429 with this `Retry-After` value.
    RateLimited {
        /// The `Retry-After` header value.
        retry_after: String,
    },
    /// An error status (500, 502, 503, ...).
    Status(u16),
}

impl Fault {
    /// A 429 asking to wait `secs` seconds.
    pub fn rate_limited(secs: u64) -> Self {
        Fault::RateLimited {
            retry_after: secs.to_string(),
        }
    }
}

#[derive(Debug, Default)]
struct FaultState {
    next: Vec<Fault>,
    every: Option<(u64, Fault)>,
    latency: Duration,
}

/// Switchable faults of a running sandbox; clones share the switches.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    state: Arc<Mutex<FaultState>>,
    requests: Arc<AtomicU64>,
    injected: Arc<AtomicU64>,
}

impl Faults {
    /// The next `n` requests get `fault`.
    pub fn fail_next(&self, n: usize, fault: Fault) {
        let mut st = self.lock();
        st.next.extend(std::iter::repeat_n(fault, n));
    }

    /// Every `n`-th request gets `fault` (0 turns it off).
    pub fn fail_every(&self, n: u64, fault: Fault) {
        self.lock().every = (n > 0).then_some((n, fault));
    }

    /// Adds `latency` to every response.
    pub fn set_latency(&self, latency: Duration) {
        self.lock().latency = latency;
    }

    /// Turns every fault and the latency off.
    pub fn clear(&self) {
        *self.lock() = FaultState::default();
    }

    /// Requests served so far (faults included).
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Faults injected so far.
    pub fn injected(&self) -> u64 {
        self.injected.load(Ordering::Relaxed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn on_request(&self) -> (Duration, Option<Fault>) {
        let n = self.requests.fetch_add(1, Ordering::Relaxed) + 1;
        let mut st = self.lock();
        let fault = if st.next.is_empty() {
            match &st.every {
                Some((every, f)) if n.is_multiple_of(*every) => Some(f.clone()),
                _ => None,
            }
        } else {
            Some(st.next.remove(0))
        };
        if fault.is_some() {
            self.injected.fetch_add(1, Ordering::Relaxed);
        }
        (st.latency, fault)
    }
}

/// A running sandbox server; it stops when dropped.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    url: Url,
    faults: Faults,
    task: JoinHandle<()>,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Sandbox {
    /// Serves `handler` on `127.0.0.1` on a free port. Must be called inside
    /// a Tokio runtime.
    ///
    /// # Errors
    /// When no local port can be bound.
    pub async fn start(handler: impl Handler) -> std::io::Result<Sandbox> {
        Self::start_with_prefix(handler, "").await
    }

    /// Like [`Sandbox::start`], with [`Sandbox::url`] ending in `prefix`
    /// (e.g. `/api/v2`), so a client's base URL looks like the real one.
    ///
    /// # Errors
    /// When no local port can be bound.
    pub async fn start_with_prefix(
        handler: impl Handler,
        prefix: &str,
    ) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let url = Url::parse(&format!("http://{addr}{prefix}"))
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        let faults = Faults::default();
        let handler: Arc<dyn Handler> = Arc::new(handler);
        let task = tokio::spawn(accept_loop(listener, handler, faults.clone()));
        Ok(Sandbox {
            addr,
            url,
            faults,
            task,
        })
    }

    /// The base URL to point a client at.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The fault switches.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }
}

async fn accept_loop(listener: TcpListener, handler: Arc<dyn Handler>, faults: Faults) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let handler = handler.clone();
        let faults = faults.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req: http::Request<hyper::body::Incoming>| {
                let handler = handler.clone();
                let faults = faults.clone();
                async move { Ok::<_, Infallible>(serve(req, handler, faults).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn serve(
    req: http::Request<hyper::body::Incoming>,
    handler: Arc<dyn Handler>,
    faults: Faults,
) -> http::Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let raw_path = parts.uri.path().to_owned();
    let path = percent_encoding::percent_decode_str(&raw_path)
        .decode_utf8_lossy()
        .into_owned();
    let query = parts
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    let request = SandboxRequest {
        method: parts.method,
        path,
        raw_path,
        query,
        headers: parts.headers,
        body,
    };
    let (latency, fault) = faults.on_request();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let resp = match fault {
        Some(f) => handler.fault(&f),
        None => handler.handle(request),
    };
    let mut out = http::Response::new(Full::new(resp.body));
    *out.status_mut() = resp.status;
    *out.headers_mut() = resp.headers;
    out
}
