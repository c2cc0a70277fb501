//! The builder settings every API crate's `ClientBuilder` shares.
//!
//! Each crate's builder holds one [`ClientSettings`] and gets the same ten
//! setters from one definition, [`builder_settings!`](crate::builder_settings):
//! `base_url(Url)`, `user_agent`, `timeout`, `connect_timeout`, `retry`,
//! `rate_limit`, `http_client`, `max_response_size`, `follow_redirects` and
//! `allow_insecure_http`. The macro writes them as inherent methods, so a
//! caller imports no trait to use them. At `build`, the crate starts a
//! [`ClientBuilder`] with its own defaults (base URL, User-Agent, rate limit,
//! retry policy) and [`ClientSettings::apply`] lays the caller's choices over
//! them.
//!
//! ```
//! use affiliate_common::{ClientBuilder, ClientSettings};
//! use std::time::Duration;
//!
//! struct MyBuilder {
//!     settings: ClientSettings,
//! }
//!
//! impl MyBuilder {
//!     affiliate_common::builder_settings!(settings);
//! }
//!
//! let b = MyBuilder { settings: ClientSettings::default() }.timeout(Duration::from_secs(5));
//! let client = b
//!     .settings
//!     .apply(ClientBuilder::new("https://api.example.com".parse()?))
//!     .build()?;
//! assert_eq!(client.base_url().as_str(), "https://api.example.com/");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::time::Duration;

use url::Url;

use crate::client::ClientBuilder;
use crate::rate_limit::RateLimit;
use crate::retry::RetryPolicy;

/// The transport settings a caller may change on any API crate's builder.
/// `None` keeps the crate's default.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct ClientSettings {
    /// Replaces the crate's default base URL.
    pub base_url: Option<Url>,
    /// Replaces the crate's `User-Agent` (`<crate>/<version>`).
    pub user_agent: Option<String>,
    /// The per-attempt timeout.
    pub timeout: Option<Duration>,
    /// The connect timeout.
    pub connect_timeout: Option<Duration>,
    /// The retry policy.
    pub retry: Option<RetryPolicy>,
    /// The client-side rate limit of the API's main bucket.
    pub rate_limit: Option<RateLimit>,
    /// The caller's own `reqwest::Client`.
    pub http_client: Option<reqwest::Client>,
    /// The largest response body read into memory, in bytes.
    pub max_response_size: Option<u64>,
    /// Whether redirects (same-origin only) are followed.
    pub follow_redirects: Option<bool>,
    /// Whether credentials may travel over plain `http` off the loopback.
    pub allow_insecure_http: Option<bool>,
}

impl fmt::Debug for ClientSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientSettings")
            .field("base_url", &self.base_url.as_ref().map(Url::as_str))
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("http_client", &self.http_client.is_some())
            .field("max_response_size", &self.max_response_size)
            .field("follow_redirects", &self.follow_redirects)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

impl ClientSettings {
    /// No setting changed: every crate default applies.
    pub fn new() -> Self {
        Self::default()
    }

    /// Lays the settings that were set over `builder` (which carries the
    /// crate's defaults); the others leave it as it is.
    pub fn apply(self, mut builder: ClientBuilder) -> ClientBuilder {
        if let Some(u) = self.base_url {
            builder = builder.base_url(u);
        }
        if let Some(ua) = self.user_agent {
            builder = builder.user_agent(ua);
        }
        if let Some(t) = self.timeout {
            builder = builder.timeout(t);
        }
        if let Some(t) = self.connect_timeout {
            builder = builder.connect_timeout(t);
        }
        if let Some(r) = self.retry {
            builder = builder.retry(r);
        }
        if let Some(l) = self.rate_limit {
            builder = builder.rate_limit(l);
        }
        if let Some(h) = self.http_client {
            builder = builder.http_client(h);
        }
        if let Some(n) = self.max_response_size {
            builder = builder.max_response_size(n);
        }
        if let Some(f) = self.follow_redirects {
            builder = builder.follow_redirects(f);
        }
        if let Some(a) = self.allow_insecure_http {
            builder = builder.allow_insecure_http(a);
        }
        builder
    }
}

/// Writes the ten shared builder setters as inherent methods of the builder
/// whose `impl` block it is called in, storing into the named
/// [`ClientSettings`] field: `affiliate_common::builder_settings!(settings);`.
///
/// One definition for every API crate, so the setters have the same names,
/// argument types and meaning everywhere (see the module docs of
/// [`settings`](crate::settings)).
#[macro_export]
macro_rules! builder_settings {
    ($field:ident) => {
        /// Replaces the base URL (a proxy, a mock server or the sandbox).
        /// Paths are appended to it, so keep the API's path prefix.
        #[must_use]
        pub fn base_url(mut self, url: $crate::url::Url) -> Self {
            self.$field.base_url = Some(url);
            self
        }

        /// Replaces the `User-Agent` (default `<crate>/<version>`).
        #[must_use]
        pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
            self.$field.user_agent = Some(ua.into());
            self
        }

        /// Sets the per-attempt timeout: connect, send and read the body
        /// (default 30 s).
        #[must_use]
        pub fn timeout(mut self, d: ::std::time::Duration) -> Self {
            self.$field.timeout = Some(d);
            self
        }

        /// Sets the connect timeout (default 10 s). No effect on a client
        /// given with `http_client`: configure it there.
        #[must_use]
        pub fn connect_timeout(mut self, d: ::std::time::Duration) -> Self {
            self.$field.connect_timeout = Some(d);
            self
        }

        /// Replaces the retry policy. Writes are never repeated once they
        /// may have reached the server unless they are idempotent.
        #[must_use]
        pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
            self.$field.retry = Some(policy);
            self
        }

        /// Replaces the client-side rate limit of the API's main bucket
        /// (default: the crate's `default_rate_limit` or plan limit).
        #[must_use]
        pub fn rate_limit(mut self, limit: $crate::RateLimit) -> Self {
            self.$field.rate_limit = Some(limit);
            self
        }

        /// Uses the caller's own `reqwest::Client` (shared pool, proxy,
        /// TLS). Build it with [`affiliate_common::redirect_policy`] or
        /// `reqwest::redirect::Policy::none()`: its redirect policy is its
        /// own (see [`affiliate_common::ClientBuilder::http_client`]).
        #[must_use]
        pub fn http_client(mut self, client: $crate::reqwest::Client) -> Self {
            self.$field.http_client = Some(client);
            self
        }

        /// The largest response body read into memory, in bytes (default
        /// [`DEFAULT_MAX_RESPONSE_SIZE`](affiliate_common::DEFAULT_MAX_RESPONSE_SIZE),
        /// 64 MiB); a larger one is an `Error::ResponseTooLarge`.
        #[must_use]
        pub fn max_response_size(mut self, bytes: u64) -> Self {
            self.$field.max_response_size = Some(bytes);
            self
        }

        /// Whether redirects are followed (default `true`: only within the
        /// origin of the request, never to `http`, at most
        /// [`MAX_REDIRECTS`](affiliate_common::client::MAX_REDIRECTS) hops).
        /// `false` follows none. A refused redirect is an `Error::Redirect`.
        #[must_use]
        pub fn follow_redirects(mut self, follow: bool) -> Self {
            self.$field.follow_redirects = Some(follow);
            self
        }

        /// Allows the credentials to travel over plain `http` to a host
        /// other than the loopback (default `false`: `build` refuses such a
        /// base URL).
        #[must_use]
        pub fn allow_insecure_http(mut self, allow: bool) -> Self {
            self.$field.allow_insecure_http = Some(allow);
            self
        }
    };
}
