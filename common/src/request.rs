//! One API request, before it is sent: method, path, query, headers, body
//! and per-request overrides of the client's retry, timeout and limits.

use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName};
use http::{HeaderMap, HeaderValue, Method};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::path::ApiPath;
use crate::retry::{Idempotency, RetryPolicy};

/// A request body, already serialized so every attempt sends the same bytes.
#[derive(Debug, Clone)]
pub struct Body {
    pub(crate) bytes: Bytes,
    pub(crate) content_type: &'static str,
}

/// Overrides that apply to one request only.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    /// Replaces the client's retry policy.
    pub retry: Option<RetryPolicy>,
    /// Replaces the client's per-attempt timeout.
    pub timeout: Option<Duration>,
    /// Whether the request may be repeated after it may have reached the server.
    pub idempotency: Idempotency,
    /// A named rate-limit bucket the request also passes through (for
    /// endpoints with their own quota, such as Dub's analytics).
    pub bucket: Option<&'static str>,
}

/// A request under construction.
///
/// API crates build these in their endpoint methods; users reach for them
/// only through the raw escape hatches (`client.get_json(...)`).
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: ApiPath,
    pub(crate) absolute: Option<url::Url>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Body>,
    pub(crate) options: RequestOptions,
    pub(crate) send_auth: bool,
}

impl Request {
    /// A request for `path`, relative to the client's base URL.
    pub fn new(method: Method, path: ApiPath) -> Self {
        Request {
            method,
            path,
            absolute: None,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            options: RequestOptions::default(),
            send_auth: true,
        }
    }

    /// A `GET` request.
    pub fn get(path: ApiPath) -> Self {
        Self::new(Method::GET, path)
    }

    /// A `POST` request.
    pub fn post(path: ApiPath) -> Self {
        Self::new(Method::POST, path)
    }

    /// A `PUT` request.
    pub fn put(path: ApiPath) -> Self {
        Self::new(Method::PUT, path)
    }

    /// A `PATCH` request.
    pub fn patch(path: ApiPath) -> Self {
        Self::new(Method::PATCH, path)
    }

    /// A `DELETE` request.
    pub fn delete(path: ApiPath) -> Self {
        Self::new(Method::DELETE, path)
    }

    /// Sends the request to an absolute URL instead of `base_url + path`
    /// (a next-page link). The transport refuses URLs on another origin
    /// than the client's base URL; `template` names the endpoint in logs.
    pub(crate) fn with_absolute(mut self, url: url::Url) -> Self {
        self.query.clear();
        self.absolute = Some(url);
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path (also used as the tracing template).
    pub fn path(&self) -> &ApiPath {
        &self.path
    }

    /// The query pairs, in order.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// Appends a query parameter.
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((key.into(), value.to_string()));
        self
    }

    /// Appends a query parameter when `value` is `Some`.
    pub fn query_opt(self, key: impl Into<String>, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// Sets a query parameter, replacing every earlier value of `key`.
    pub fn set_query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.retain(|(k, _)| k != key);
        self.query.push((key.to_owned(), value.to_string()));
        self
    }

    /// Removes every value of the query parameter `key`.
    pub fn remove_query(mut self, key: &str) -> Self {
        self.query.retain(|(k, _)| k != key);
        self
    }

    /// The first value of the query parameter `key`.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Adds a header.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the name or value is not valid in a header.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_input(format!("`{name}` is not a valid header name")))?;
        let value = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid_input(format!("the value of header `{name}` is not valid"))
        })?;
        self.headers.insert(name, value);
        Ok(self)
    }

    /// Sends `body` as JSON.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `body` cannot be serialized.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::invalid_input(format!("cannot serialize the JSON body: {e}")))?;
        self.body = Some(Body {
            bytes: Bytes::from(bytes),
            content_type: "application/json",
        });
        Ok(self)
    }

    /// Sends `body` as `application/x-www-form-urlencoded`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `body` cannot be form-encoded (nested
    /// objects, for instance).
    pub fn form<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self> {
        let text = serde_urlencoded::to_string(body)
            .map_err(|e| Error::invalid_input(format!("cannot form-encode the body: {e}")))?;
        self.body = Some(Body {
            bytes: Bytes::from(text),
            content_type: "application/x-www-form-urlencoded",
        });
        Ok(self)
    }

    /// Sends raw bytes with the given content type.
    pub fn bytes(mut self, bytes: impl Into<Bytes>, content_type: &'static str) -> Self {
        self.body = Some(Body {
            bytes: bytes.into(),
            content_type,
        });
        self
    }

    /// The serialized body, if any.
    pub fn body_bytes(&self) -> Option<&[u8]> {
        self.body.as_ref().map(|b| b.bytes.as_ref())
    }

    /// Overrides the retry policy for this request.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Overrides the per-attempt timeout for this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Marks the request safe to repeat: it carries a stable idempotency key,
    /// or the API de-duplicates it. Retries then apply even to `POST`.
    pub fn idempotent(mut self) -> Self {
        self.options.idempotency = Idempotency::Idempotent;
        self
    }

    /// Sets whether the request may be repeated.
    pub fn idempotency(mut self, idempotency: Idempotency) -> Self {
        self.options.idempotency = idempotency;
        self
    }

    /// Also passes the request through the client's named rate-limit bucket.
    pub fn bucket(mut self, name: &'static str) -> Self {
        self.options.bucket = Some(name);
        self
    }

    /// Sends this request without the client's credentials: the transport
    /// leaves out the auth header (and only it; default headers such as a
    /// version pin still go). For endpoints that take no credentials, such
    /// as impact.com's `PageLoad`, so the secret is not handed to a service
    /// that has no use for it.
    pub fn without_auth(mut self) -> Self {
        self.send_auth = false;
        self
    }

    /// Whether the transport adds the client's credentials (false after
    /// [`Request::without_auth`]).
    pub fn sends_auth(&self) -> bool {
        self.send_auth
    }

    /// Applies a set of per-request options at once.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    pub(crate) fn content_type(&self) -> Option<(HeaderName, HeaderValue)> {
        self.body
            .as_ref()
            .map(|b| (CONTENT_TYPE, HeaderValue::from_static(b.content_type)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_query_replaces_every_value() {
        let r = Request::get(ApiPath::new("x"))
            .query("page", 1)
            .query("page", 2)
            .query("q", "a")
            .set_query("page", 3);
        assert_eq!(
            r.query_pairs(),
            [
                ("q".to_owned(), "a".to_owned()),
                ("page".to_owned(), "3".to_owned())
            ]
        );
        assert_eq!(r.query_value("page"), Some("3"));
    }

    #[test]
    fn form_body_is_urlencoded() {
        let r = Request::post(ApiPath::new("x"))
            .form(&[("EventDate", "2024-01-01 10:00"), ("Amount", "1.5")])
            .unwrap();
        assert_eq!(
            r.body_bytes().unwrap(),
            b"EventDate=2024-01-01+10%3A00&Amount=1.5"
        );
    }

    #[test]
    fn without_auth_survives_other_settings() {
        let r = Request::post(ApiPath::new("x"));
        assert!(r.sends_auth());
        let r = r
            .without_auth()
            .options(RequestOptions::default())
            .query("a", 1);
        assert!(!r.sends_auth());
    }

    #[test]
    fn bad_header_is_invalid_input() {
        let err = Request::get(ApiPath::new("x"))
            .header("bad header", "v")
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }));
    }
}
