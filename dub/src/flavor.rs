//! Dub's error envelope, error codes and rate-limit headers.

use std::time::SystemTime;

use affiliate_common::{ApiError, Flavor, RateLimitInfo};
use http::{HeaderMap, StatusCode};

affiliate_common::open_enum! {
    /// The `error.code` of a Dub error response.
    ///
    /// Key your handling on the HTTP status first: a 403 can carry
    /// `forbidden` or `exceeded_limit`, a 409 `conflict` or `invite_pending`.
    pub enum ErrorCode {
        /// 400: malformed request (also a missing `Bearer ` prefix).
        BadRequest = "bad_request",
        /// 401: missing, invalid or expired API key.
        Unauthorized = "unauthorized",
        /// 403: the key lacks a permission.
        Forbidden = "forbidden",
        /// 403: a plan limit is reached.
        ExceededLimit = "exceeded_limit",
        /// 404: no such resource (or workspace).
        NotFound = "not_found",
        /// 409: a conflicting resource exists (a duplicate `externalId`, ...).
        Conflict = "conflict",
        /// 409: an invite is still pending.
        InvitePending = "invite_pending",
        /// 410: the invite expired.
        InviteExpired = "invite_expired",
        /// 422: validation failed; the message names the field.
        UnprocessableEntity = "unprocessable_entity",
        /// 429: rate limit exceeded.
        RateLimitExceeded = "rate_limit_exceeded",
        /// 500: server error.
        InternalServerError = "internal_server_error",
    }
}

impl ErrorCode {
    /// The code an error response with `status` carries when the body names
    /// none (the first code of that status).
    pub fn from_status(status: u16) -> Option<ErrorCode> {
        Some(match status {
            400 => ErrorCode::BadRequest,
            401 => ErrorCode::Unauthorized,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            409 => ErrorCode::Conflict,
            410 => ErrorCode::InviteExpired,
            422 => ErrorCode::UnprocessableEntity,
            429 => ErrorCode::RateLimitExceeded,
            500 => ErrorCode::InternalServerError,
            _ => return None,
        })
    }

    /// The code of an API error: the body's `error.code` when present, else
    /// the one implied by the status. `None` for errors without a response
    /// and for statuses Dub does not document (a 502 from the edge).
    pub fn of(err: &crate::Error) -> Option<ErrorCode> {
        let api = err.api_error()?;
        match &api.code {
            Some(code) => Some(ErrorCode::from(code.as_str())),
            None => ErrorCode::from_status(api.status.as_u16()),
        }
    }
}

/// The `error.doc_url` of a Dub error response, when the body had one.
pub fn doc_url(err: &crate::Error) -> Option<String> {
    let api = err.api_error()?;
    let body: serde_json::Value = serde_json::from_str(&api.body_excerpt).ok()?;
    body.get("error")?
        .get("doc_url")?
        .as_str()
        .map(str::to_owned)
}

/// Dub's [`Flavor`]: the `{error: {code, message, doc_url}}` envelope and the
/// `X-RateLimit-*` headers (the transport remembers the latest:
/// [`affiliate_common::Client::last_rate_limit`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DubFlavor;

impl Flavor for DubFlavor {
    fn parse_error(&self, status: StatusCode, body: &[u8]) -> ApiError {
        // The generic reader understands the nested envelope; a non-JSON
        // 502/504 from the edge keeps its status with the status text.
        affiliate_common::flavor::parse_error_generic(status, body)
    }

    fn rate_limit_info(&self, headers: &HeaderMap, now: SystemTime) -> RateLimitInfo {
        RateLimitInfo::from_headers(headers, now)
    }

    fn reset_headers(&self) -> &[&'static str] {
        &["x-ratelimit-reset"]
    }

    fn name(&self) -> &'static str {
        "dub"
    }
}
