//! impact.com's error body, request-id and rate-limit headers, and the XML
//! guard.
//!
//! Error bodies look like
//! `{"Status":"ERROR","Message":"Validation Failed","Errors":[{"Field":"AccountId","Message":"Not a numeric value"}]}`;
//! they become an [`ApiError`] whose `message` is `Message` and whose
//! `field_errors` hold `Errors`. `Status` is the outcome word (`ERROR`), not
//! an error code, so it is not reported as one: impact.com documents no error
//! codes, and `code` is set only when a body (a gateway's) carries a
//! `code`, `Code` or `errorCode` that is more than a restatement of the
//! status. Empty or non-JSON error bodies fall back to the status text.
//! `X-RateLimit-Reset` is read as seconds until the window resets.

use affiliate_common::error::DecodeSource;
use affiliate_common::flavor::is_status_word;
use affiliate_common::reqwest::StatusCode;
use affiliate_common::{ApiError, Error, Flavor};

/// The impact.com [`Flavor`].
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct ImpactFlavor;

impl Flavor for ImpactFlavor {
    fn parse_error(&self, status: StatusCode, body: &[u8]) -> ApiError {
        parse_error(status, body)
    }

    fn request_id_headers(&self) -> &[&'static str] {
        &["x-request-id", "x-ir-request-id", "request-id"]
    }

    fn reset_headers(&self) -> &[&'static str] {
        &["x-ratelimit-reset"]
    }

    fn name(&self) -> &'static str {
        "impact"
    }
}

/// Reads an impact.com error body: `Message` and `Errors`; a code only from
/// `code`, `Code` or `errorCode`, never from `Status`.
pub fn parse_error(status: StatusCode, body: &[u8]) -> ApiError {
    let mut err = affiliate_common::flavor::parse_error_generic(status, body);
    if err.code.is_none()
        && let Ok(serde_json::Value::Object(obj)) = serde_json::from_slice(body)
        && let Some(serde_json::Value::String(s)) = obj.get("errorCode")
        && !is_status_word(s, status)
    {
        err.code = Some(s.clone());
    }
    err
}

/// Whether a body looks like XML (or HTML): its first non-blank byte is `<`.
pub fn looks_like_xml(body: &[u8]) -> bool {
    body.iter()
        .find(|b| !b.is_ascii_whitespace() && **b != 0xEF && **b != 0xBB && **b != 0xBF)
        == Some(&b'<')
}

/// Turns a JSON decode failure on a body that is XML into a clear
/// [`DecodeSource::NotJson`] error. impact.com answers in XML when the
/// `Accept` header is lost on the way (a proxy); this crate never parses it.
pub fn xml_error(err: Error) -> Error {
    match err {
        Error::Decode(mut d)
            if matches!(d.source, DecodeSource::Json(_))
                && looks_like_xml(d.body_excerpt.as_bytes()) =>
        {
            d.path = ".".to_owned();
            d.source = DecodeSource::NotJson {
                content_type: "an XML body (impact.com's default representation; \
                               this client only reads JSON)"
                    .to_owned(),
            };
            Error::Decode(d)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impact_error_body_maps_message_and_fields_but_no_status_code() {
        let e = parse_error(
            StatusCode::BAD_REQUEST,
            br#"{"Status":"ERROR","Message":"Validation Failed","Errors":[{"Field":"AccountId","Message":"Not a numeric value"}]}"#,
        );
        assert_eq!(e.message, "Validation Failed");
        // `Status: ERROR` is an outcome word, not a code.
        assert_eq!(e.code, None);
        assert_eq!(e.field_errors.len(), 1);
        assert_eq!(e.field_errors[0].field, "AccountId");
        assert_eq!(e.field_errors[0].message, "Not a numeric value");
    }

    #[test]
    fn empty_and_text_bodies_fall_back_to_status_text() {
        let e = parse_error(StatusCode::UNAUTHORIZED, b"");
        assert_eq!(e.message, "Unauthorized");
        let e = parse_error(StatusCode::BAD_GATEWAY, b"upstream timed out");
        assert_eq!(e.message, "Bad Gateway");
        assert!(e.code.is_none());
    }

    #[test]
    fn a_gateway_error_code_is_kept() {
        let e = parse_error(
            StatusCode::FORBIDDEN,
            br#"{"status":"ERROR","message":"Scope missing","errorCode":"INSUFFICIENT_SCOPE"}"#,
        );
        assert_eq!(e.message, "Scope missing");
        assert_eq!(e.code.as_deref(), Some("INSUFFICIENT_SCOPE"));
    }

    #[test]
    fn xml_sniffing() {
        assert!(looks_like_xml(
            b"  <?xml version=\"1.0\"?><ImpactRadiusResponse/>"
        ));
        assert!(looks_like_xml(b"\xEF\xBB\xBF<ImpactRadiusResponse/>"));
        assert!(!looks_like_xml(b"{\"a\":1}"));
        assert!(!looks_like_xml(b""));
    }
}
