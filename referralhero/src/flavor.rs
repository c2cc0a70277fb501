//! ReferralHero's error envelope and error codes.
//!
//! Every failed call answers with a non-2xx status and
//! `{"status": "error", "message": "<text>", "code": "<error_code>"}`. The
//! transport turns it into [`affiliate_common::Error::Api`] (or
//! [`affiliate_common::Error::RateLimited`] for 429 `too_many_calls`) whose
//! [`ApiError::code`] holds the code as sent; [`error_code`] and
//! [`ErrorExt::referralhero_code`] read it back as an [`ErrorCode`].

use affiliate_common::flavor::parse_error_generic;
use affiliate_common::reqwest::StatusCode;
use affiliate_common::{ApiError, Error, Flavor};
use serde::Deserialize;

affiliate_common::open_enum! {
    /// A ReferralHero error code (`code` of the error envelope).
    ///
    /// The published list is cut short in the available documentation, so
    /// codes this version does not know arrive as [`ErrorCode::Unknown`].
    pub enum ErrorCode {
        /// The API token is missing or blank (401).
        NoToken = "no_token",
        /// The API token does not exist.
        InvalidToken = "invalid_token",
        /// The account owning the token is inactive.
        InactiveAccount = "inactive_account",
        /// The hourly quota is spent (429); it resets within 60 minutes.
        TooManyCalls = "too_many_calls",
        /// The list `uuid` is missing or blank.
        NoListUuid = "no_list_uuid",
        /// The list `uuid` is invalid or not in this account.
        InvalidList = "invalid_list",
        /// The `subscriber_id` is missing or blank.
        NoSubscriberId = "no_subscriber_id",
        /// The subscriber does not exist.
        SubscriberNotFound = "subscriber_not_found",
        /// The `email` is missing or blank.
        NoEmailAddress = "no_email_address",
        /// The `email` is not valid (details in the message).
        InvalidEmailAddress = "invalid_email_address",
        /// The `name` is missing or blank.
        NoName = "no_name",
        /// The `points` are missing or blank.
        NoPoints = "no_points",
        /// The `hosting_url` is missing or blank.
        NoHostingUrl = "no_hosting_url",
        /// The list could not be created.
        ErrorListCreation = "error_list_creation",
        /// The subscriber is already promoted.
        SubscriberAlreadyPromoted = "subscriber_already_promoted",
        /// The subscriber is not promoted.
        SubscriberNotPromoted = "subscriber_not_promoted",
        /// The list `type` is missing (older API versions).
        NoListType = "no_list_type",
        /// The list `type` is not `waitlist`, `sweepstake` or `leadmagnet`
        /// (older API versions).
        UnknownListType = "unknown_list_type",
        /// The action is not allowed for this list type (a leaderboard of a
        /// sweepstake, for instance).
        WrongListType = "wrong_list_type",
    }
}

/// Every documented error code, in documentation order.
pub const DOCUMENTED_CODES: &[&str] = &[
    "no_token",
    "invalid_token",
    "inactive_account",
    "too_many_calls",
    "no_list_uuid",
    "invalid_list",
    "no_subscriber_id",
    "subscriber_not_found",
    "no_email_address",
    "invalid_email_address",
    "no_name",
    "no_points",
    "no_hosting_url",
    "error_list_creation",
    "subscriber_already_promoted",
    "subscriber_not_promoted",
    "no_list_type",
    "unknown_list_type",
    "wrong_list_type",
];

/// The ReferralHero error code carried by `err`, when it is an API error
/// with a code.
///
/// ```
/// use referralhero::flavor::{ErrorCode, error_code};
/// # fn check(err: &referralhero::Error) {
/// if error_code(err) == Some(ErrorCode::SubscriberNotFound) {
///     println!("no such subscriber");
/// }
/// # }
/// ```
pub fn error_code(err: &Error) -> Option<ErrorCode> {
    err.api_error()?.code.as_deref().map(ErrorCode::from)
}

/// Reads the ReferralHero error code of an [`affiliate_common::Error`].
pub trait ErrorExt {
    /// The [`ErrorCode`] of an API error, when it carried one.
    fn referralhero_code(&self) -> Option<ErrorCode>;
}

impl ErrorExt for Error {
    fn referralhero_code(&self) -> Option<ErrorCode> {
        error_code(self)
    }
}

/// ReferralHero's rules for the common transport.
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct ReferralHeroFlavor;

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default, deserialize_with = "affiliate_common::lenient::option_string")]
    message: Option<String>,
    #[serde(default, deserialize_with = "affiliate_common::lenient::option_string")]
    code: Option<String>,
}

impl Flavor for ReferralHeroFlavor {
    fn parse_error(&self, status: StatusCode, body: &[u8]) -> ApiError {
        match serde_json::from_slice::<ErrorBody>(body) {
            Ok(ErrorBody {
                message: Some(message),
                code,
            }) => {
                let err = ApiError::new(status, message);
                match code {
                    Some(c) => err.with_code(c),
                    None => err,
                }
            }
            Ok(ErrorBody {
                message: None,
                code: Some(code),
            }) => ApiError::new(status, code.replace('_', " ")).with_code(code),
            _ => parse_error_generic(status, body),
        }
    }

    fn name(&self) -> &'static str {
        "referralhero"
    }

    /// ReferralHero's quota is an hourly window whose reset it does not
    /// report: once `calls_left` hits 0, assume the hour (the client clamps
    /// the pause to its retry policy's `max_retry_after`).
    fn window_reset_hint(&self) -> Option<std::time::Duration> {
        Some(std::time::Duration::from_secs(3600))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_becomes_api_error() {
        let e = ReferralHeroFlavor.parse_error(
            StatusCode::UNAUTHORIZED,
            br#"{"status":"error","message":"The api_token is invalid","code":"invalid_token"}"#,
        );
        assert_eq!(e.code.as_deref(), Some("invalid_token"));
        assert_eq!(e.message, "The api_token is invalid");
    }

    #[test]
    fn every_documented_code_is_a_named_variant() {
        for code in DOCUMENTED_CODES {
            let c = ErrorCode::from(*code);
            assert!(!c.is_unknown(), "{code}");
            assert_eq!(c.as_str(), *code);
        }
        assert!(ErrorCode::from("brand_new").is_unknown());
    }

    #[test]
    fn html_and_code_only_bodies() {
        let e = ReferralHeroFlavor.parse_error(StatusCode::BAD_GATEWAY, b"<html>bad</html>");
        assert_eq!(e.message, "Bad Gateway");
        let e =
            ReferralHeroFlavor.parse_error(StatusCode::NOT_FOUND, br#"{"code":"invalid_list"}"#);
        assert_eq!(e.code.as_deref(), Some("invalid_list"));
        assert_eq!(e.message, "invalid list");
    }
}
