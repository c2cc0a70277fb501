//! Successful responses and what they tell besides the body.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use tokio::io::{AsyncWrite, AsyncWriteExt as _};

use crate::error::{Error, Result, TimeoutKind};
use crate::rate_limit::RateLimitInfo;

/// What a response said besides its body: status, headers, request id and
/// rate-limit figures.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// The HTTP status.
    pub status: StatusCode,
    /// All response headers.
    pub headers: HeaderMap,
    /// The provider's request id, if it sent one.
    pub request_id: Option<String>,
    /// Rate-limit figures from the headers (and the body, for APIs that put
    /// them there).
    pub rate_limit: RateLimitInfo,
    /// How many attempts the call took (1 when it succeeded at once).
    pub attempts: u32,
}

impl ResponseMeta {
    /// Whether this is a `DELETE` reported as done although the last attempt
    /// was answered 404 or 410: an earlier attempt may have reached the
    /// server (it timed out, the connection broke after sending, or the
    /// server answered 5xx), so the resource is taken to be deleted by it.
    /// [`status`](ResponseMeta::status) keeps the 404 or 410 and
    /// [`attempts`](ResponseMeta::attempts) the number of attempts. See
    /// [`Idempotency`](crate::Idempotency).
    pub fn already_gone(&self) -> bool {
        matches!(self.status, StatusCode::NOT_FOUND | StatusCode::GONE)
    }
}

/// A decoded response body together with its [`ResponseMeta`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded body.
    pub body: T,
    /// Status, headers, request id and rate-limit figures.
    pub meta: ResponseMeta,
}

impl<T> Response<T> {
    /// The decoded body, dropping the metadata.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// Maps the body, keeping the metadata.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            body: f(self.body),
            meta: self.meta,
        }
    }
}

/// A successful response whose body has not been decoded.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RawResponse {
    /// The body bytes.
    pub body: Bytes,
    /// Status, headers, request id and rate-limit figures.
    pub meta: ResponseMeta,
}

impl RawResponse {
    /// The declared `Content-Type`, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.meta
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }
}

/// A successful response whose body is read chunk by chunk, made by
/// [`Client::execute_streaming`](crate::Client::execute_streaming).
///
/// The status was checked, and retries and rate limiting were applied,
/// before the body started; nothing is retried once it has. The client's
/// per-attempt timeout becomes an idle timeout: each chunk must arrive
/// within it, however long the whole download takes. A body that ends early
/// (a broken connection, fewer bytes than `Content-Length`) is an error,
/// never a silently short result.
///
/// The body is not subject to the client's
/// [`max_response_size`](crate::ClientBuilder::max_response_size): the bytes
/// are handed to the caller as they come and never held in memory as a
/// whole, so their total size is the caller's to judge.
pub struct StreamingResponse {
    meta: ResponseMeta,
    source: Source,
    idle_timeout: Duration,
    received: u64,
}

enum Source {
    Http(reqwest::Response),
    /// A body that was already read (or is empty).
    Read(Option<Bytes>),
}

impl fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.meta.status)
            .field("request_id", &self.meta.request_id)
            .field("idle_timeout", &self.idle_timeout)
            .field("received", &self.received)
            .finish_non_exhaustive()
    }
}

impl StreamingResponse {
    pub(crate) fn new(meta: ResponseMeta, resp: reqwest::Response, idle_timeout: Duration) -> Self {
        StreamingResponse {
            meta,
            source: Source::Http(resp),
            idle_timeout,
            received: 0,
        }
    }

    pub(crate) fn from_bytes(meta: ResponseMeta, body: Bytes, idle_timeout: Duration) -> Self {
        StreamingResponse {
            meta,
            source: Source::Read((!body.is_empty()).then_some(body)),
            idle_timeout,
            received: 0,
        }
    }

    /// Status, headers, request id and rate-limit figures.
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }

    /// The declared `Content-Length`, if any (a promise of the server, not
    /// a count of what arrived).
    pub fn content_length(&self) -> Option<u64> {
        self.meta
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok())
    }

    /// How many body bytes [`next_chunk`](StreamingResponse::next_chunk)
    /// has handed out so far.
    pub fn bytes_received(&self) -> u64 {
        self.received
    }

    /// The next chunk of the body, or `None` once it is complete.
    ///
    /// # Errors
    /// [`Error::Timeout`] with [`TimeoutKind::Idle`] when no data arrived
    /// within the idle timeout; [`Error::Transport`] when the connection
    /// broke or the body ended before its declared length.
    pub async fn next_chunk(&mut self) -> Result<Option<Bytes>> {
        let chunk = match &mut self.source {
            Source::Read(body) => body.take(),
            Source::Http(resp) => match tokio::time::timeout(self.idle_timeout, resp.chunk()).await
            {
                Err(_) => {
                    return Err(Error::Timeout {
                        kind: TimeoutKind::Idle,
                        elapsed: self.idle_timeout,
                    });
                }
                Ok(Err(e)) => return Err(Error::Transport(e.without_url())),
                Ok(Ok(chunk)) => chunk,
            },
        };
        if let Some(c) = &chunk {
            self.received += c.len() as u64;
        }
        Ok(chunk)
    }

    /// Writes the whole body to `w` as it arrives, then flushes `w`, and
    /// returns the number of bytes written. Memory use stays at one chunk.
    ///
    /// # Errors
    /// As for [`next_chunk`](StreamingResponse::next_chunk); [`Error::Io`]
    /// when writing to `w` fails. On error, `w` holds a partial body.
    pub async fn copy_to<W: AsyncWrite + Unpin + ?Sized>(mut self, w: &mut W) -> Result<u64> {
        let mut written = 0u64;
        while let Some(chunk) = self.next_chunk().await? {
            w.write_all(&chunk).await.map_err(Error::Io)?;
            written += chunk.len() as u64;
        }
        w.flush().await.map_err(Error::Io)?;
        Ok(written)
    }
}
