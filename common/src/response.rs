//! Successful responses and what they tell besides the body.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

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
