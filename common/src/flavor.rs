//! What differs between providers: error bodies, success envelopes,
//! request-id and rate-limit headers.
//!
//! Each API crate implements [`Flavor`] once (how its error body looks, which
//! headers carry the request id) and wraps its responses in an
//! [`Envelope`] type (PartnerStack's `{data, message, status}`,
//! ReferralHero's `{status, data, calls_left}`), or uses [`Bare`] when the
//! API sends the payload as is.

use std::fmt;
use std::time::SystemTime;

use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ApiError, FieldError};
use crate::rate_limit::RateLimitInfo;

/// Provider-specific rules of the transport. Every method has a default that
/// suits a plain JSON API.
pub trait Flavor: Send + Sync + fmt::Debug + 'static {
    /// Reads an error response into an [`ApiError`]. The transport fills in
    /// the request id and the body excerpt afterwards.
    ///
    /// The default understands the common shapes: `{"message", "code"}`,
    /// `{"error": {"code", "message"}}`, `{"error": "text"}`,
    /// `{"Message", "Errors": [{"Field", "Message"}]}`, and falls back to the
    /// status text for empty or non-JSON bodies (an HTML 502 page from a
    /// proxy).
    fn parse_error(&self, status: StatusCode, body: &[u8]) -> ApiError {
        parse_error_generic(status, body)
    }

    /// Response headers that may carry the provider's request id, in order
    /// of preference.
    fn request_id_headers(&self) -> &[&'static str] {
        &["x-request-id", "request-id", "x-correlation-id"]
    }

    /// Reads the rate-limit figures of a response.
    fn rate_limit_info(&self, headers: &HeaderMap, now: SystemTime) -> RateLimitInfo {
        RateLimitInfo::from_headers(headers, now)
    }

    /// Headers read (after `Retry-After`) for the wait before retrying a 429.
    fn reset_headers(&self) -> &[&'static str] {
        &["x-ratelimit-reset"]
    }

    /// How long to assume the rate window lasts when the API reports no
    /// calls left without saying when the window resets (ReferralHero's
    /// `calls_left: 0`). The client then pauses for this long (clamped to the
    /// retry policy's `max_retry_after`) instead of running into 429s.
    fn window_reset_hint(&self) -> Option<std::time::Duration> {
        None
    }

    /// A short name for logs (`partnerstack`, `dub`, ...).
    fn name(&self) -> &'static str {
        "api"
    }
}

/// The default [`Flavor`]: plain JSON with the common error shapes.
#[derive(Debug, Clone, Copy, Default)]
pub struct GenericFlavor;

impl Flavor for GenericFlavor {}

/// A success body that wraps the payload.
///
/// The transport decodes the whole envelope, so decode errors name the full
/// JSON path (`data.items[3].status`), then hands the payload to the caller.
pub trait Envelope: DeserializeOwned + Send + 'static {
    /// What the caller receives.
    type Payload: Send + 'static;

    /// Unwraps the payload.
    fn into_payload(self) -> Self::Payload;

    /// Calls left in the current rate window, when the body reports it
    /// (ReferralHero's `calls_left`).
    fn remaining_calls(&self) -> Option<u64> {
        None
    }
}

/// A payload sent without an envelope.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(transparent)]
pub struct Bare<T>(pub T);

impl<T: DeserializeOwned + Send + 'static> Envelope for Bare<T> {
    type Payload = T;
    fn into_payload(self) -> T {
        self.0
    }
}

/// The default error-body reader behind [`Flavor::parse_error`].
pub fn parse_error_generic(status: StatusCode, body: &[u8]) -> ApiError {
    let fallback = || {
        ApiError::new(
            status,
            status
                .canonical_reason()
                .unwrap_or("unexpected status")
                .to_owned(),
        )
    };
    let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(body) else {
        return fallback();
    };
    let text = |v: Option<&Value>| -> Option<String> {
        match v? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let nested = obj.get("error").and_then(Value::as_object);
    let message = nested
        .and_then(|e| text(e.get("message")))
        .or_else(|| text(obj.get("message")))
        .or_else(|| text(obj.get("Message")))
        .or_else(|| text(obj.get("error_description")))
        .or_else(|| text(obj.get("detail")))
        .or_else(|| text(obj.get("error")));
    let code = nested
        .and_then(|e| text(e.get("code")))
        .or_else(|| text(obj.get("code")))
        .or_else(|| text(obj.get("Code")))
        .or_else(|| {
            // `{"error": "not_found", "message": "..."}`: the string is a code.
            obj.get("message").and(text(obj.get("error")))
        });
    let field_errors = obj
        .get("Errors")
        .or_else(|| obj.get("errors"))
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|e| {
                    let e = e.as_object()?;
                    let field = text(e.get("Field")).or_else(|| text(e.get("field")))?;
                    let message = text(e.get("Message"))
                        .or_else(|| text(e.get("message")))
                        .unwrap_or_default();
                    Some(FieldError::new(field, message))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut err = match message {
        Some(m) => ApiError::new(status, m),
        None => fallback(),
    };
    err.code = code.filter(|c| !is_status_word(c, status));
    err.field_errors = field_errors;
    err
}

/// Whether a would-be error code only restates the status: the status
/// number (`"404"`), its reason phrase (`"Not Found"`, as gateways send in
/// `{"error": "Not Found", "message": ...}`), or a generic outcome word
/// (`"ERROR"`, `"error"`, `"fail"`, `"failed"`). Such a value is not a
/// provider code, and a flavor should not report it as one.
pub fn is_status_word(code: &str, status: StatusCode) -> bool {
    let code = code.trim();
    code.is_empty()
        || code == status.as_str()
        || status
            .canonical_reason()
            .is_some_and(|r| r.eq_ignore_ascii_case(code))
        || ["error", "fail", "failed", "failure"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> ApiError {
        parse_error_generic(StatusCode::BAD_REQUEST, body.as_bytes())
    }

    #[test]
    fn nested_error_object() {
        let e = parse(r#"{"error":{"code":"not_found","message":"Link not found","doc_url":"x"}}"#);
        assert_eq!(e.code.as_deref(), Some("not_found"));
        assert_eq!(e.message, "Link not found");
    }

    #[test]
    fn flat_message_and_code() {
        let e = parse(r#"{"status":"error","message":"Bad token","code":"invalid_token"}"#);
        assert_eq!(e.code.as_deref(), Some("invalid_token"));
        assert_eq!(e.message, "Bad token");
    }

    #[test]
    fn impact_style_field_errors() {
        let e = parse(
            r#"{"Status":"ERROR","Message":"Invalid","Errors":[{"Field":"EventDate","Message":"required"}]}"#,
        );
        assert_eq!(e.message, "Invalid");
        assert_eq!(
            e.field_errors,
            vec![FieldError::new("EventDate", "required")]
        );
    }

    #[test]
    fn html_and_empty_bodies_fall_back_to_status_text() {
        let e = parse_error_generic(StatusCode::BAD_GATEWAY, b"<html>502 Bad Gateway</html>");
        assert_eq!(e.status, StatusCode::BAD_GATEWAY);
        assert_eq!(e.message, "Bad Gateway");
        assert_eq!(e.code, None);
        let e = parse_error_generic(StatusCode::NOT_FOUND, b"");
        assert_eq!(e.message, "Not Found");
    }

    #[test]
    fn a_status_restated_is_not_a_code() {
        // An Express-style gateway body: `error` is the reason phrase.
        let e = parse_error_generic(
            StatusCode::NOT_FOUND,
            br#"{"statusCode":404,"error":"Not Found","message":"Cannot GET /x"}"#,
        );
        assert_eq!(e.message, "Cannot GET /x");
        assert_eq!(e.code, None);
        let e = parse_error_generic(StatusCode::NOT_FOUND, br#"{"message":"gone","code":404}"#);
        assert_eq!(e.code, None);
        let e = parse(r#"{"message":"Bad","code":"ERROR"}"#);
        assert_eq!(e.code, None);
        // A real code stays.
        let e = parse(r#"{"message":"Bad","code":"invalid_token"}"#);
        assert_eq!(e.code.as_deref(), Some("invalid_token"));
    }

    #[test]
    fn error_string_alone_is_the_message() {
        let e = parse(r#"{"error":"something broke"}"#);
        assert_eq!(e.message, "something broke");
        assert_eq!(e.code, None);
    }
}
