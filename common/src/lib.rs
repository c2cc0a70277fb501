//! Shared runtime of the affiliate-rs clients (`partnerstack`, `impact-com`,
//! `referralhero`, `dub`).
//!
//! - [`auth`]: Bearer, Basic and header API keys, with secrets that never print.
//! - [`client`]: the transport: base URL, User-Agent, timeouts, retries, rate
//!   limits, an optional caller-supplied `reqwest::Client`, tracing spans.
//! - [`error`]: one error type with status, provider code, request id, body
//!   excerpt and JSON decode paths.
//! - [`retry`]: full-jitter exponential backoff and `Retry-After` handling.
//! - [`rate_limit`]: a client-side limiter shared across clones and streams.
//! - [`pagination`]: lazy cursor, page-number, offset and next-link streams
//!   with stop guards, read-ahead and concurrent page fetch.
//! - [`lenient`]: deserializers for APIs that send numbers as strings.
//! - [`open_enum!`]: wire enums with an `Unknown(String)` fallback.
//! - [`time`]: Unix timestamps in seconds or milliseconds.
//! - [`settings`]: the builder settings every API crate shares
//!   ([`ClientSettings`], [`builder_settings!`]).
//!
//! ```
//! use affiliate_common::{ApiPath, Auth, Client, Request};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), affiliate_common::Error> {
//! let client = Client::builder("https://api.example.com/v2".parse().unwrap())
//!     .auth(Auth::bearer("token"))
//!     .build()?;
//! # use affiliate_common::test_util::{Expect, MockApi};
//! # let api = MockApi::start().await;
//! # let body = serde_json::json!({"id": "part_123"});
//! # Expect::new("GET", "/v2/partners/part_123", body)
//! #     .header("authorization", "Bearer token")
//! #     .mount(&api)
//! #     .await;
//! # let client = Client::builder(api.url_with("/v2")).auth(Auth::bearer("token")).build()?;
//! // (this example runs against a local mock API: `client` is rebuilt on its URL)
//! let path = ApiPath::new("partners").param("id", "part_123")?;
//! let partner: serde_json::Value = client.send_json(Request::get(path)).await?.into_inner();
//! println!("{partner}");
//! # assert_eq!(partner["id"], "part_123");
//! # Ok(())
//! # }
//! ```

pub mod auth;
pub mod client;
pub mod error;
pub mod flavor;
#[cfg(feature = "test-util")]
pub mod fuzz;
pub mod lenient;
pub mod op;
pub mod open_enum;
pub mod pagination;
pub mod path;
pub mod rate_limit;
pub mod request;
pub mod response;
pub mod retry;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod settings;
#[cfg(feature = "test-util")]
pub mod test_util;
pub mod time;
pub mod timestamp;

pub use auth::Auth;
pub use client::{
    Client, ClientBuilder, DEFAULT_MAX_RESPONSE_SIZE, redirect_allowed, redirect_policy,
};
pub use error::{
    ApiError, DecodeError, Error, FieldError, IncompleteData, IncompleteKind, RedirectReason,
    Result, TimeoutKind,
};
pub use flavor::{Bare, Envelope, Flavor, GenericFlavor};
pub use pagination::{Page, PageBody, PageParts, Paginator, Strategy};
pub use path::ApiPath;
pub use rate_limit::{RateLimit, RateLimitInfo, RateLimiter};
pub use request::Request;
pub use response::{RawResponse, Response, ResponseMeta, StreamingResponse};
pub use retry::{Idempotency, RetryPolicy};
pub use settings::ClientSettings;
pub use time::UnixTime;
pub use timestamp::Timestamp;

#[doc(hidden)]
pub use serde as __serde;

/// Re-exported for the chunks of a [`StreamingResponse`].
pub use bytes;
/// Re-exported so callers can pass their own client to
/// [`ClientBuilder::http_client`] without a version mismatch.
pub use reqwest;
/// Re-exported so the API crates hold credentials as `SecretString` without
/// a version mismatch.
pub use secrecy;
/// Re-exported for `Url` base URLs.
pub use url;
