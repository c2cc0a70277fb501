//! The one error type every client in the family returns.
//!
//! [`Error`] keeps the underlying cause as a `source` (never a string), the
//! HTTP status, the provider's error code, the request id and a short excerpt
//! of the body, so a failure can be matched on, logged and reported without
//! re-running the request.

use std::fmt;
use std::time::Duration;

use http::{Method, StatusCode};

/// How many bytes of a response body an error keeps.
pub const BODY_EXCERPT_LEN: usize = 512;

/// A result with the family's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every way a call can fail.
///
/// The enum is `#[non_exhaustive]`: match the variants you handle and keep a
/// `_` arm. The helpers [`Error::status`], [`Error::is_retryable`],
/// [`Error::request_id`] and [`Error::retry_after`] answer the common
/// questions without a match.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status (4xx or 5xx other than 429)
    /// and, usually, an error body: an unknown id (404), a rejected
    /// credential (401/403), a validation failure (400/422), a server error
    /// whose retries ran out. [`ApiError`] holds the request's method and
    /// path template, the status, the provider's code and message, field
    /// errors and the request id; `Display` shows them all.
    #[error("{0}")]
    Api(Box<ApiError>),

    /// The API answered 429 Too Many Requests, and retries (if any) ran
    /// out, or the wait it asked for was longer than the retry policy's
    /// `max_retry_after`.
    #[error("rate limited{}: {error}", fmt_retry_after(*.retry_after))]
    RateLimited {
        /// How long the API asked the caller to wait, when it said so.
        retry_after: Option<Duration>,
        /// The response itself.
        error: Box<ApiError>,
    },

    /// An attempt took longer than the per-attempt timeout, the call's
    /// total time budget ran out, or a streamed body stalled (see
    /// [`TimeoutKind`]).
    #[error("timed out after {elapsed:?} ({kind})")]
    Timeout {
        /// Which limit was hit.
        kind: TimeoutKind,
        /// How long the attempt or call had been running.
        elapsed: Duration,
    },

    /// The request could not be sent or the response could not be read
    /// (connection refused, TLS failure, reset connection, ...).
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),

    /// A success response arrived but its body did not match the expected
    /// shape: not JSON (an XML or HTML page), or a value of a type no
    /// lenient reading accepts. [`DecodeError`] names the JSON path.
    #[error(transparent)]
    Decode(Box<DecodeError>),

    /// The caller's input to one call was rejected before anything was
    /// sent: an empty or `..` id, an amount out of range, a page size the
    /// API would refuse, a rate-limit bucket that does not exist. The
    /// message says which argument and why.
    #[error("invalid input: {message}")]
    InvalidInput {
        /// What was wrong, in words a user can act on.
        message: String,
    },

    /// The client could not be built from its configuration, so nothing was
    /// sent: `Client::from_env` found no credentials (or only half of a
    /// pair), a credential is empty, or a setting read from the environment
    /// (a base URL, a plan) is malformed. Every API crate words it the same
    /// way, naming the environment variables to set and never their values:
    /// `configuration error: no Dub credentials in the environment; set
    /// DUB_API_KEY`.
    #[error("configuration error: {message}")]
    Config {
        /// What is missing or wrong, and which variables fix it.
        message: String,
        /// The environment variables to set (or correct), by name; empty
        /// when the configuration came from code rather than the environment.
        variables: Vec<String>,
    },

    /// A paginated read could not prove that it returned every record: the
    /// count differs from the reported total, a cursor or page repeated, a
    /// next link is missing or foreign, or the page cap was reached (see
    /// [`IncompleteKind`]).
    #[error("{0}")]
    Incomplete(Box<IncompleteData>),

    /// The API answered with a redirect the client would not follow, or the
    /// response came from another origin than the request went to. Nothing
    /// was sent to the redirect target by this client, and the response was
    /// not used.
    #[error(
        "refused a redirect ({}) to {}: {reason}",
        status.as_u16(),
        location.as_deref().unwrap_or("an unusable location")
    )]
    Redirect {
        /// The status of the response that redirected (or, for
        /// [`RedirectReason::FollowedElsewhere`], of the foreign response).
        status: StatusCode,
        /// Where the redirect pointed, as `scheme://host[:port]/path`: the
        /// query and any user info are left out, since they may carry tokens.
        /// `None` when the `Location` header was missing or unparseable.
        location: Option<String>,
        /// Why the redirect was refused.
        reason: RedirectReason,
    },

    /// The response body was larger than the client's
    /// [`max_response_size`](crate::ClientBuilder::max_response_size). The
    /// client stopped reading as soon as it knew: at once for a
    /// `Content-Length` above the limit, or when a streamed body passed it.
    #[error("the response body (status {}) is larger than the limit of {limit} bytes", status.as_u16())]
    ResponseTooLarge {
        /// The limit in bytes.
        limit: u64,
        /// The status of the response.
        status: StatusCode,
    },

    /// Writing a streamed response body to the caller's writer failed
    /// ([`StreamingResponse::copy_to`](crate::StreamingResponse::copy_to)).
    #[error("could not write the response body: {0}")]
    Io(#[source] std::io::Error),
}

impl Error {
    /// Builds an [`Error::InvalidInput`].
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Error::InvalidInput {
            message: message.into(),
        }
    }

    /// Builds an [`Error::Config`] for a configuration given in code (an
    /// empty key passed to a builder), naming no environment variable.
    pub fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
            variables: Vec::new(),
        }
    }

    /// Builds the [`Error::Config`] of a `from_env` that found no usable
    /// credentials. `api` is the provider's name (`"Dub"`); each entry of
    /// `alternatives` is a set of variables that together give credentials
    /// (`&[&["PARTNERSTACK_PUBLIC_KEY", "PARTNERSTACK_SECRET_KEY"],
    /// &["PARTNERSTACK_API_KEY"]]`). The message reads `no Dub credentials
    /// in the environment; set DUB_API_KEY`.
    pub fn missing_credentials(api: &str, alternatives: &[&[&str]]) -> Self {
        let set = alternatives
            .iter()
            .map(|vars| vars.join(" and "))
            .collect::<Vec<_>>()
            .join(", or ");
        Error::Config {
            message: format!("no {api} credentials in the environment; set {set}"),
            variables: alternatives
                .iter()
                .flat_map(|vars| vars.iter().map(|v| (*v).to_owned()))
                .collect(),
        }
    }

    /// Builds the [`Error::Config`] of an environment variable that is set
    /// but unusable: `DUB_BASE_URL is set but is not a valid URL (relative
    /// URL without a base); set DUB_BASE_URL to a valid value`. `problem`
    /// must not quote a secret's value.
    pub fn invalid_env(variable: &str, problem: impl fmt::Display) -> Self {
        Error::Config {
            message: format!("{variable} is set but {problem}; set {variable} to a valid value"),
            variables: vec![variable.to_owned()],
        }
    }

    /// The HTTP status of the response behind this error, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) | Error::RateLimited { error: e, .. } => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Transport(e) => e.status(),
            Error::Redirect { status, .. } | Error::ResponseTooLarge { status, .. } => {
                Some(*status)
            }
            Error::Timeout { .. }
            | Error::InvalidInput { .. }
            | Error::Config { .. }
            | Error::Incomplete(_)
            | Error::Io(_) => None,
        }
    }

    /// The provider's request id (from a response header), if the API sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) | Error::RateLimited { error: e, .. } => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// How long the API asked the caller to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The structured API error, for [`Error::Api`] and [`Error::RateLimited`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) | Error::RateLimited { error: e, .. } => Some(e),
            _ => None,
        }
    }

    /// Whether sending the same request again could succeed.
    ///
    /// True for 408, 429, 500, 502, 503 and 504 responses, for timeouts and
    /// for connection-level failures. False for everything the caller must
    /// fix first (4xx, decode errors, invalid input, configuration,
    /// incomplete data), for
    /// refused redirects, bodies over the size limit and failed writes to
    /// the caller's writer: sending the same request again would meet the
    /// same answer.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::RateLimited { .. } | Error::Timeout { .. } => true,
            Error::Api(e) => crate::retry::is_retryable_status(e.status),
            Error::Transport(e) => !e.is_builder() && !e.is_redirect(),
            Error::Decode(_)
            | Error::InvalidInput { .. }
            | Error::Config { .. }
            | Error::Incomplete(_)
            | Error::Redirect { .. }
            | Error::ResponseTooLarge { .. }
            | Error::Io(_) => false,
        }
    }
}

fn fmt_retry_after(d: Option<Duration>) -> String {
    match d {
        Some(d) => format!(" (retry after {:.1}s)", d.as_secs_f64()),
        None => String::new(),
    }
}

/// Which time limit a [`Error::Timeout`] hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// One attempt (connect, send and read the body) took longer than the per-attempt timeout.
    Attempt,
    /// Retries would have run past the call's total time budget.
    Budget,
    /// A streamed body ([`StreamingResponse`](crate::StreamingResponse))
    /// went longer than the per-attempt timeout without delivering a chunk.
    Idle,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutKind::Attempt => "per-attempt timeout",
            TimeoutKind::Budget => "total time budget",
            TimeoutKind::Idle => "idle timeout between body chunks",
        })
    }
}

/// Why a [`Error::Redirect`] was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectReason {
    /// The target is on another origin (scheme, host or port differ), where
    /// the client's credentials must not go.
    CrossOrigin,
    /// The target would move the request from `https` to plain `http`.
    Downgrade,
    /// The same-origin redirects went on for more than
    /// [`MAX_REDIRECTS`](crate::client::MAX_REDIRECTS) hops.
    TooManyRedirects,
    /// The client does not follow redirects: following is off
    /// ([`ClientBuilder::follow_redirects`](crate::ClientBuilder::follow_redirects)),
    /// or the caller's own `reqwest::Client` did not follow it.
    NotFollowed,
    /// The `Location` header was missing or not a usable URL.
    BadLocation,
    /// The caller's own `reqwest::Client` followed a redirect to another
    /// origin; the response from there was discarded. Build that client with
    /// [`redirect_policy`](crate::client::redirect_policy) or
    /// `reqwest::redirect::Policy::none()` so credentials never leave.
    FollowedElsewhere,
}

impl fmt::Display for RedirectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RedirectReason::CrossOrigin => "the target is on another origin",
            RedirectReason::Downgrade => "the target would downgrade https to http",
            RedirectReason::TooManyRedirects => "too many redirects",
            RedirectReason::NotFollowed => "this client does not follow redirects",
            RedirectReason::BadLocation => "the Location header is missing or not a URL",
            RedirectReason::FollowedElsewhere => {
                "the HTTP client followed a redirect to another origin; the response was discarded"
            }
        })
    }
}

/// An error response from the API.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The provider's machine-readable error code (e.g. `not_found`,
    /// `too_many_calls`), when the body carried one.
    pub code: Option<String>,
    /// The provider's human-readable message, or the status text when the
    /// body had none (an HTML error page from a proxy, an empty body).
    pub message: String,
    /// Field-level validation problems, when the provider reports them.
    pub field_errors: Vec<FieldError>,
    /// The request id the API sent back, if any.
    pub request_id: Option<String>,
    /// The first [`BODY_EXCERPT_LEN`] bytes of the body, lossily decoded.
    pub body_excerpt: String,
    /// The method of the request that was answered with this error, when
    /// the error came from the transport (always, for errors a client
    /// returns).
    pub method: Option<Method>,
    /// The path template of that request, with its parameters as `{name}`
    /// (`/v2/partnerships/{partnership_key}`), never the ids themselves: an
    /// id may be sensitive, and the template is what a log or an issue
    /// report needs. Relative to the client's base URL.
    pub path_template: Option<String>,
}

impl ApiError {
    /// Builds an API error with just a status and message; the flavour's
    /// parser fills in the rest.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: None,
            message: message.into(),
            field_errors: Vec::new(),
            request_id: None,
            body_excerpt: String::new(),
            method: None,
            path_template: None,
        }
    }

    /// Records the request this error answered: its method and its path
    /// template (`/links/{link_id}`, not the concrete path).
    pub fn with_request(mut self, method: Method, path_template: impl Into<String>) -> Self {
        self.method = Some(method);
        self.path_template = Some(path_template.into());
        self
    }

    /// Sets the provider error code.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Adds field-level errors.
    pub fn with_field_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.field_errors = errors;
        self
    }
}

impl fmt::Display for ApiError {
    /// `GET /links/{link_id} answered 404 Not Found with code not_found: The
    /// link was not found. [request id req_1]`: the request (method and path
    /// template), the status, the provider's code when the body carried one,
    /// the message (left out when it only repeats the status text), the
    /// field errors and the request id.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.method, &self.path_template) {
            (Some(m), Some(p)) => write!(f, "{m} {p} answered ")?,
            (Some(m), None) => write!(f, "{m} request answered ")?,
            (None, Some(p)) => write!(f, "{p} answered ")?,
            (None, None) => f.write_str("the API answered ")?,
        }
        let reason = self.status.canonical_reason();
        match reason {
            Some(r) => write!(f, "{} {r}", self.status.as_u16())?,
            None => write!(f, "{}", self.status.as_u16())?,
        }
        if let Some(code) = &self.code {
            write!(f, " with code {code}")?;
        }
        let message = self.message.trim();
        let repeats_status = reason.is_some_and(|r| r.eq_ignore_ascii_case(message));
        if !message.is_empty() && !repeats_status {
            write!(f, ": {message}")?;
        }
        for fe in &self.field_errors {
            write!(f, "; {}: {}", fe.field, fe.message)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// One field-level validation problem reported by the API.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldError {
    /// The field the API complained about.
    pub field: String,
    /// What was wrong with it.
    pub message: String,
}

impl FieldError {
    /// Builds a field error.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// A response body that did not decode into the expected type.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The JSON path of the value that failed, e.g. `data.items[3].status`
    /// (`.` for the document root).
    pub path: String,
    /// The HTTP status of the response.
    pub status: StatusCode,
    /// The request id the API sent back, if any.
    pub request_id: Option<String>,
    /// The first [`BODY_EXCERPT_LEN`] bytes of the body, lossily decoded.
    pub body_excerpt: String,
    /// What went wrong, as reported by the decoder.
    pub source: DecodeSource,
}

/// The underlying cause of a [`DecodeError`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeSource {
    /// The JSON decoder rejected the body.
    #[error(transparent)]
    Json(serde_json::Error),
    /// The body was not JSON at all (for example XML or HTML).
    #[error("expected a JSON body, got {content_type}")]
    NotJson {
        /// The `Content-Type` the response declared (or `unknown`).
        content_type: String,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode response (status {}) at `{}`: {}",
            self.status.as_u16(),
            self.path,
            self.source
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Why a paginated read could not prove it was complete.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IncompleteKind {
    /// The API reported a total, and the number of items received differs.
    TotalMismatch {
        /// The total the API reported.
        expected: u64,
        /// The number of items received.
        received: u64,
    },
    /// The API handed out a cursor (or next link) it had already handed out,
    /// which would loop forever.
    RepeatedCursor {
        /// The repeated cursor or link.
        cursor: String,
    },
    /// Two consecutive pages had byte-identical bodies: the API is ignoring
    /// the paging parameter.
    RepeatedPage {
        /// The 1-based number of the repeated page.
        page: u64,
    },
    /// A page came back empty although the API said more data follows.
    EmptyPageWithMore {
        /// The 1-based number of the empty page.
        page: u64,
    },
    /// The stream reached its page cap while the API still reported more data.
    PageCap {
        /// The configured cap.
        cap: u64,
    },
    /// The API's next-page link points at another origin; following it would
    /// send credentials to a third party.
    ForeignNextLink {
        /// The refused link.
        link: String,
    },
    /// A page carried no next link although the API reported that more
    /// pages follow (its page count, or `has_more`).
    MissingNextLink {
        /// The 1-based number of the page without a link.
        page: u64,
    },
    /// A page could not continue the stream (no cursor key on the last item,
    /// an unparseable next link, ...).
    BrokenContinuation {
        /// What was missing.
        reason: String,
    },
}

/// Details of an [`Error::Incomplete`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IncompleteData {
    /// What went wrong.
    pub kind: IncompleteKind,
    /// How many items the stream had yielded before it stopped.
    pub items_received: u64,
    /// How many pages the stream had fetched before it stopped.
    pub pages_fetched: u64,
}

impl IncompleteData {
    /// Wraps a kind into an [`Error::Incomplete`].
    pub fn error(kind: IncompleteKind, items_received: u64, pages_fetched: u64) -> Error {
        Error::Incomplete(Box::new(IncompleteData {
            kind,
            items_received,
            pages_fetched,
        }))
    }
}

impl fmt::Display for IncompleteData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("incomplete data: ")?;
        match &self.kind {
            IncompleteKind::TotalMismatch { expected, received } => write!(
                f,
                "the API reported {expected} items but {received} were received"
            )?,
            IncompleteKind::RepeatedCursor { cursor } => {
                write!(f, "the API repeated the cursor `{cursor}`")?
            }
            IncompleteKind::RepeatedPage { page } => {
                write!(f, "page {page} repeated the previous page byte for byte")?
            }
            IncompleteKind::EmptyPageWithMore { page } => write!(
                f,
                "page {page} was empty although the API said more data follows"
            )?,
            IncompleteKind::PageCap { cap } => write!(
                f,
                "stopped at the page cap of {cap} while more data was reported"
            )?,
            IncompleteKind::ForeignNextLink { link } => {
                write!(f, "refused a next-page link to another origin: {link}")?
            }
            IncompleteKind::MissingNextLink { page } => write!(
                f,
                "page {page} has no next link although the API reported more pages"
            )?,
            IncompleteKind::BrokenContinuation { reason } => {
                write!(f, "cannot continue paging: {reason}")?
            }
        }
        write!(
            f,
            " (after {} items in {} pages)",
            self.items_received, self.pages_fetched
        )
    }
}

/// Cuts a body down to [`BODY_EXCERPT_LEN`] bytes on a character boundary.
pub(crate) fn body_excerpt(body: &[u8]) -> String {
    let cut = body.len().min(BODY_EXCERPT_LEN);
    let mut s = String::from_utf8_lossy(&body[..cut]).into_owned();
    if cut < body.len() {
        // from_utf8_lossy may have turned a split character into U+FFFD; that is fine.
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_display_says_what_and_where() {
        let mut e = ApiError::new(StatusCode::NOT_FOUND, "Campaign not found").with_request(
            Method::GET,
            "/Advertisers/{account_sid}/Campaigns/{campaign_id}",
        );
        e.request_id = Some("req_9".to_owned());
        assert_eq!(
            e.to_string(),
            "GET /Advertisers/{account_sid}/Campaigns/{campaign_id} answered 404 Not Found: \
             Campaign not found [request id req_9]"
        );
    }

    #[test]
    fn a_message_that_only_repeats_the_status_text_is_left_out() {
        let e = ApiError::new(StatusCode::NOT_FOUND, "Not Found")
            .with_request(Method::GET, "/v2/partnerships/{partnership_key}");
        assert_eq!(
            e.to_string(),
            "GET /v2/partnerships/{partnership_key} answered 404 Not Found"
        );
    }

    #[test]
    fn code_and_field_errors_follow_the_status() {
        let e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "Validation failed")
            .with_code("unprocessable_entity")
            .with_field_errors(vec![FieldError::new("url", "Invalid URL")])
            .with_request(Method::POST, "/links");
        assert_eq!(
            e.to_string(),
            "POST /links answered 422 Unprocessable Entity with code unprocessable_entity: \
             Validation failed; url: Invalid URL"
        );
    }

    #[test]
    fn configuration_errors_name_the_variables() {
        let e = Error::missing_credentials(
            "PartnerStack",
            &[&["PS_PUBLIC", "PS_SECRET"], &["PS_TOKEN"]],
        );
        assert_eq!(
            e.to_string(),
            "configuration error: no PartnerStack credentials in the environment; \
             set PS_PUBLIC and PS_SECRET, or PS_TOKEN"
        );
        let Error::Config { variables, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(variables, &["PS_PUBLIC", "PS_SECRET", "PS_TOKEN"]);
        assert!(!e.is_retryable());
        assert_eq!(e.status(), None);
        let e = Error::invalid_env("X_BASE_URL", "is not a valid URL (empty host)");
        assert_eq!(
            e.to_string(),
            "configuration error: X_BASE_URL is set but is not a valid URL (empty host); \
             set X_BASE_URL to a valid value"
        );
    }

    #[test]
    fn an_error_built_without_a_request_still_reads() {
        let e = ApiError::new(StatusCode::from_u16(599).unwrap(), "odd");
        assert_eq!(e.to_string(), "the API answered 599: odd");
    }
}
