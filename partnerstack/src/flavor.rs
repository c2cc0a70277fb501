//! How PartnerStack reports errors: `{"message": "...", "status": 404}`.

use affiliate_common::flavor::is_status_word;
use affiliate_common::reqwest::StatusCode;
use affiliate_common::{ApiError, Flavor};
use serde_json::Value;

/// PartnerStack's error format.
///
/// Error bodies are `{"message": "...", "status": 4xx}`, with `status` as a
/// number or a numeric string. Some clients also see an `error` string
/// instead of `message`, which is accepted as the message. PartnerStack
/// documents no error codes: the error's `code` is set only when a body
/// carries a `code`, or an `error` string beside `message`, that is more
/// than a restatement of the status (the body's `status` never becomes a
/// code; the HTTP status of the response is the one reported). Empty and
/// non-JSON bodies (a proxy's HTML page) fall back to the status text.
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct PartnerStackFlavor;

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl Flavor for PartnerStackFlavor {
    fn parse_error(&self, status: StatusCode, body: &[u8]) -> ApiError {
        let fallback = || {
            ApiError::new(
                status,
                status.canonical_reason().unwrap_or("unexpected status"),
            )
        };
        let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(body) else {
            return fallback();
        };
        let message = text(obj.get("message"))
            .or_else(|| text(obj.get("error")))
            .or_else(|| obj.get("error").and_then(|e| text(e.get("message"))));
        let mut err = match message {
            Some(m) => ApiError::new(status, m),
            None => fallback(),
        };
        // `{"message": "...", "error": "code"}`: keep the extra string as the code.
        let code = obj
            .get("message")
            .and(text(obj.get("error")))
            .or_else(|| text(obj.get("code")));
        err.code = code.filter(|c| !is_status_word(c, status) && c.parse::<u16>().is_err());
        err
    }

    fn name(&self) -> &'static str {
        "partnerstack"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_and_numeric_or_string_status() {
        let f = PartnerStackFlavor;
        let e = f.parse_error(
            StatusCode::NOT_FOUND,
            br#"{"message":"Not Found","status":404}"#,
        );
        assert_eq!(e.message, "Not Found");
        assert_eq!(e.code, None);
        let e = f.parse_error(
            StatusCode::BAD_REQUEST,
            br#"{"message":"Bad","status":"400"}"#,
        );
        assert_eq!(e.message, "Bad");
        assert_eq!(e.code, None);
    }

    #[test]
    fn a_body_status_or_status_word_is_never_a_code() {
        let f = PartnerStackFlavor;
        // A body status that differs from the HTTP status is still a status.
        let e = f.parse_error(StatusCode::NOT_FOUND, br#"{"message":"Gone","status":410}"#);
        assert_eq!(e.code, None);
        let e = f.parse_error(
            StatusCode::NOT_FOUND,
            br#"{"message":"No such partnership","error":"Not Found"}"#,
        );
        assert_eq!(e.code, None);
        let e = f.parse_error(
            StatusCode::BAD_REQUEST,
            br#"{"message":"Bad key","error":"invalid_key"}"#,
        );
        assert_eq!(e.code.as_deref(), Some("invalid_key"));
    }

    #[test]
    fn error_string_fallback_and_html() {
        let f = PartnerStackFlavor;
        let e = f.parse_error(StatusCode::UNAUTHORIZED, br#"{"error":"Invalid key"}"#);
        assert_eq!(e.message, "Invalid key");
        let e = f.parse_error(StatusCode::BAD_GATEWAY, b"<html>bad gateway</html>");
        assert_eq!(e.message, "Bad Gateway");
    }
}
