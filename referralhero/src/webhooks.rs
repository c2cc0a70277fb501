//! Typed webhook events and `X-ReferralHero-Signature` verification.
//!
//! ReferralHero posts a JSON body to the URL configured per campaign in the
//! dashboard (PRO plans and up). Its webhooks page names the event in a
//! `response` key and shows one payload, `new_registration`: the
//! subscriber's fields at the top level (`subscriber_id`, `email`, `name`,
//! `code`, `referral_link`, `people_ahead`, `created_at`, ...) and a
//! `referral` that is the referrer (an object), `""` (nobody referred the
//! subscriber) or `"subscriber_deleted"`. That payload decodes into
//! [`NewRegistration`] and, as for every event, into [`WebhookEvent`].
//!
//! The payloads of the other event names are not published, so [`parse`]
//! reads them defensively: the event name from `event`, `response`, `type`,
//! `event_type` or `action`; the subscriber from `subscriber`,
//! `data.subscriber`, `data`, or the top level when it carries
//! `subscriber_id`; the referrer from `referrer` or the subscriber's
//! `referred_by` (the documented payload's referrer carries no id, so it is
//! in [`NewRegistration::referral`] instead); the reward from `reward`; the list from
//! `list_uuid`, `uuid` or `list.uuid`. Whatever is present decodes as the
//! same [`Subscriber`] and [`Reward`] types as the REST responses, and the
//! whole body stays available in [`WebhookEvent::raw`].
//!
//! When the campaign's payload verification is on, each delivery carries
//! `X-ReferralHero-Signature`: an HMAC-SHA256 of the raw body keyed with the
//! webhook secret. The page does not state the encoding, so
//! [`verify_signature`] accepts lowercase hex and base64, compares in
//! constant time, and fails closed (a missing header is an error) whenever
//! the caller asks for verification.
//!
//! ```
//! use referralhero::webhooks::{self, WebhookEventType};
//!
//! let secret = "whsec_demo";
//! let body = br#"{"response":"new_registration","subscriber_id":"sub_1","email":"ada@example.com",
//!                 "referral":"","people_ahead":12,"created_at":1700000000}"#;
//! let header = webhooks::sign(secret, body); // what ReferralHero would send
//! let event = webhooks::verify_and_parse(secret, body, Some(&header))?;
//! assert_eq!(event.event_type, WebhookEventType::NewRegistration);
//! assert_eq!(event.subscriber.unwrap().id, "sub_1");
//! assert_eq!(event.registration.unwrap().people_ahead, Some(12));
//! # Ok::<(), referralhero::webhooks::WebhookError>(())
//! ```

use std::fmt;

use affiliate_common::{Error, Result, Timestamp, lenient};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::models::{Reward, Subscriber};

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "X-ReferralHero-Signature";

affiliate_common::open_enum! {
    /// What happened. Names this version does not know arrive as
    /// `Unknown`, and the event still decodes.
    ///
    /// The names on ReferralHero's webhooks pages are documented; only
    /// `new_registration` comes with a payload. The variants marked
    /// "Inferred" are names this crate accepted before the pages were
    /// checked; ReferralHero does not document them.
    pub enum WebhookEventType {
        /// A subscriber signed up. Documented as `new_registration`, with its
        /// payload ([`NewRegistration`]).
        NewRegistration = "new_registration",
        /// A subscriber moved up (promoted). Documented as
        /// `subscriber_promoted`; the payload is not published.
        SubscriberPromoted = "subscriber_promoted",
        /// A subscriber's details changed. Documented as
        /// `subscriber_updated`; the payload is not published.
        SubscriberUpdated = "subscriber_updated",
        /// A subscriber was deleted. Documented as `subscriber_deleted`; the
        /// payload is not published. The dotted alias `subscriber.deleted`
        /// is inferred.
        SubscriberDeleted = "subscriber_deleted" | "subscriber.deleted",
        /// A reward was unlocked. Documented as `reward_unlocked`; the
        /// payload is not published. The aliases `milestone_unlocked`,
        /// `milestone_reached` and `reward.unlocked` are inferred.
        RewardUnlocked = "reward_unlocked" | "milestone_unlocked" | "milestone_reached" | "reward.unlocked",
        /// A reward was sent. Documented as `reward_sent`; the payload is not
        /// published.
        RewardSent = "reward_sent",
        /// A bonus was unlocked. Listed as `bonus_unlocked` on the older
        /// webhooks page; the payload is not published.
        BonusUnlocked = "bonus_unlocked",
        /// A subscriber signed up. Inferred: `new_subscriber`,
        /// `subscriber_created` and `subscriber.created` are not in the
        /// vendor's docs (the documented name is `new_registration`).
        NewSubscriber = "new_subscriber" | "subscriber_created" | "subscriber.created",
        /// A subscriber (or their referral) was confirmed. Inferred:
        /// `subscriber_confirmed`, `subscriber_verified` and
        /// `subscriber.confirmed` are not in the vendor's docs.
        SubscriberConfirmed = "subscriber_confirmed" | "subscriber_verified" | "subscriber.confirmed",
        /// A new subscriber was attributed to a referrer. Inferred:
        /// `referral_attributed`, `new_referral` and `referral.created` are
        /// not in the vendor's docs.
        ReferralAttributed = "referral_attributed" | "new_referral" | "referral.created",
    }
}

/// The referrer in a `new_registration` payload.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookReferrer {
    /// The referrer's name.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub name: Option<String>,
    /// The referrer's email.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub email: Option<String>,
    /// The referrer's referral code.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub code: Option<String>,
    /// How many subscribers the referrer has referred.
    #[serde(default, deserialize_with = "lenient::option_u64")]
    pub people_referred: Option<u64>,
    /// The referrer's points.
    #[serde(default, deserialize_with = "lenient::option_f64")]
    pub points: Option<f64>,
    /// Every other key, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Who referred a new subscriber (`referral` of a `new_registration`).
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub enum Referral {
    /// The referrer (sent as an object).
    Referrer(Box<WebhookReferrer>),
    /// Nobody referred the subscriber (sent as `""` or `null`).
    #[default]
    NotReferred,
    /// The referrer no longer exists (sent as `"subscriber_deleted"`).
    ReferrerDeleted,
    /// Any other string, as sent.
    Other(String),
}

impl<'de> Deserialize<'de> for Referral {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(Referral::NotReferred),
            Value::String(s) => Ok(match s.trim() {
                "" => Referral::NotReferred,
                "subscriber_deleted" => Referral::ReferrerDeleted,
                other => Referral::Other(other.to_owned()),
            }),
            v @ Value::Object(_) => serde_json::from_value(v)
                .map(|r| Referral::Referrer(Box::new(r)))
                .map_err(serde::de::Error::custom),
            other => Err(serde::de::Error::custom(format!(
                "expected a referrer object or a string, got {other}"
            ))),
        }
    }
}

impl Serialize for Referral {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Referral::Referrer(r) => r.serialize(s),
            Referral::NotReferred => s.serialize_str(""),
            Referral::ReferrerDeleted => s.serialize_str("subscriber_deleted"),
            Referral::Other(o) => s.serialize_str(o),
        }
    }
}

/// The documented `new_registration` payload: the new subscriber's fields
/// at the top level of the body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewRegistration {
    /// The new subscriber's id.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub subscriber_id: Option<String>,
    /// The list (campaign) uuid.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub list_uuid: Option<String>,
    /// The subscriber's email.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub email: Option<String>,
    /// The subscriber's full name.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub name: Option<String>,
    /// The subscriber's first name.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub first_name: Option<String>,
    /// The subscriber's last name.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub last_name: Option<String>,
    /// The subscriber's referral code.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub code: Option<String>,
    /// The subscriber's referral link.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub referral_link: Option<String>,
    /// Whether someone referred the subscriber.
    #[serde(default, deserialize_with = "lenient::option_bool")]
    pub referred: Option<bool>,
    /// Who referred the subscriber.
    #[serde(default)]
    pub referral: Referral,
    /// How many subscribers rank before this one (waitlists only).
    #[serde(default, deserialize_with = "lenient::option_u64")]
    pub people_ahead: Option<u64>,
    /// The sign-up source (`direct_visit` when there is none).
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub source: Option<String>,
    /// Custom field 1.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub extra_field: Option<String>,
    /// Custom field 2.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub extra_field_2: Option<String>,
    /// When the subscriber signed up.
    #[serde(
        default,
        deserialize_with = "affiliate_common::timestamp::option_timestamp"
    )]
    pub created_at: Option<Timestamp>,
    /// Every other key (`response` included), as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Why a delivery's signature was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// The `X-ReferralHero-Signature` header was absent or empty.
    Missing,
    /// The header is neither a hex nor a base64 SHA-256 digest.
    Malformed,
    /// The signature does not match the body and secret.
    Mismatch,
    /// The webhook secret is empty.
    EmptySecret,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SignatureError::Missing => "the X-ReferralHero-Signature header is missing",
            SignatureError::Malformed => {
                "the X-ReferralHero-Signature header is not a hex or base64 HMAC-SHA256 digest"
            }
            SignatureError::Mismatch => "the X-ReferralHero-Signature does not match the body",
            SignatureError::EmptySecret => "the webhook secret is empty",
        })
    }
}

impl std::error::Error for SignatureError {}

/// Why [`verify_and_parse`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signature was missing, malformed or wrong; the body was not read.
    Signature(SignatureError),
    /// The signature matched, but the body does not decode (see [`parse`]).
    Body(Error),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::Signature(e) => write!(f, "webhook rejected: {e}"),
            WebhookError::Body(e) => write!(f, "webhook body: {e}"),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Signature(e) => Some(e),
            WebhookError::Body(e) => Some(e),
        }
    }
}

fn mac(secret: &str, body: &[u8]) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    mac
}

/// The signature of `body` as lowercase hex HMAC-SHA256 keyed with
/// `secret` (for tests and local senders).
pub fn sign(secret: &str, body: &[u8]) -> String {
    hex::encode(mac(secret, body).finalize().into_bytes())
}

/// The same signature in standard base64 (with padding), the other
/// encoding [`verify_signature`] accepts.
pub fn sign_base64(secret: &str, body: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(mac(secret, body).finalize().into_bytes())
}

/// Reads a header value as a 32-byte digest: 64 hex digits, or base64
/// (standard or URL-safe alphabet, padded or not).
fn digest(header: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let bytes = if header.len() == 64 {
        hex::decode(header).ok()?
    } else {
        [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|e| e.decode(header).ok())?
    };
    (bytes.len() == 32).then_some(bytes)
}

/// Checks a delivery's `X-ReferralHero-Signature` header against the raw
/// body, in constant time. Accepts the digest as hex or base64. Fails
/// closed: a missing header is an error, so call this only for campaigns
/// with payload verification on, and then on every delivery.
///
/// # Errors
/// [`SignatureError`] naming what was wrong.
pub fn verify_signature(
    secret: &str,
    raw_body: &[u8],
    header: Option<&str>,
) -> std::result::Result<(), SignatureError> {
    if secret.is_empty() {
        return Err(SignatureError::EmptySecret);
    }
    let header = header
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .ok_or(SignatureError::Missing)?;
    let given = digest(header).ok_or(SignatureError::Malformed)?;
    let expected = mac(secret, raw_body).finalize().into_bytes();
    if bool::from(expected.as_slice().ct_eq(&given)) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// Verifies the signature, then parses the body.
///
/// # Errors
/// [`WebhookError::Signature`] before the body is read;
/// [`WebhookError::Body`] for the errors of [`parse`].
pub fn verify_and_parse(
    secret: &str,
    raw_body: &[u8],
    header: Option<&str>,
) -> std::result::Result<WebhookEvent, WebhookError> {
    verify_signature(secret, raw_body, header).map_err(WebhookError::Signature)?;
    parse(raw_body).map_err(WebhookError::Body)
}

/// One webhook delivery.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WebhookEvent {
    /// What happened (`Unknown("")` when the body names no event).
    pub event_type: WebhookEventType,
    /// The list (campaign) uuid, when the body names it.
    pub list_uuid: Option<String>,
    /// The subscriber the event is about.
    pub subscriber: Option<Subscriber>,
    /// The referrer, for referral events.
    pub referrer: Option<Subscriber>,
    /// The reward, for reward events.
    pub reward: Option<Reward>,
    /// When the event happened, when the body says.
    pub occurred_at: Option<Timestamp>,
    /// The documented payload, for `new_registration` events.
    pub registration: Option<NewRegistration>,
    /// The whole body.
    pub raw: Value,
}

/// Parses a webhook body.
///
/// # Errors
/// [`Error::InvalidInput`] when the body is not a JSON object, when a
/// subscriber or reward object is present but does not decode, or when a
/// `new_registration` body does not decode (the message names the JSON
/// path).
pub fn parse(body: &[u8]) -> Result<WebhookEvent> {
    let raw: Value = serde_json::from_slice(body)
        .map_err(|e| Error::invalid_input(format!("the webhook body is not JSON: {e}")))?;
    from_value(raw)
}

/// Reads an already decoded webhook body; see [`parse`].
///
/// # Errors
/// As for [`parse`].
pub fn from_value(raw: Value) -> Result<WebhookEvent> {
    let obj = raw
        .as_object()
        .ok_or_else(|| Error::invalid_input("the webhook body is not a JSON object"))?;
    let data = obj.get("data").filter(|d| d.is_object());
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    };
    let pick = |keys: &[&str]| -> Option<&Value> {
        keys.iter().find_map(|k| {
            obj.get(*k)
                .or_else(|| data.and_then(|d| d.get(*k)))
                .filter(|v| !v.is_null())
        })
    };
    let event_type = text(pick(&["event", "response", "type", "event_type", "action"]))
        .map(|s| WebhookEventType::from(s.as_str()))
        .unwrap_or_else(|| WebhookEventType::Unknown(String::new()));
    let list_uuid = text(pick(&["list_uuid", "uuid", "campaign_uuid"]))
        .or_else(|| text(pick(&["list"]).and_then(|l| l.get("uuid"))));

    let registration = if event_type == WebhookEventType::NewRegistration {
        Some(
            serde_path_to_error::deserialize::<_, NewRegistration>(&raw).map_err(|e| {
                Error::invalid_input(format!(
                    "the new_registration webhook does not decode at `{}`: {}",
                    e.path(),
                    e.inner()
                ))
            })?,
        )
    } else {
        None
    };

    let subscriber_value = pick(&["subscriber"])
        .cloned()
        .or_else(|| {
            data.filter(|d| d.get("id").is_some() && d.get("reward").is_none())
                .cloned()
        })
        .or_else(|| flat_subscriber(obj));
    let subscriber = decode::<Subscriber>(subscriber_value, "subscriber")?;
    let referrer = match pick(&["referrer"]) {
        Some(v @ Value::Object(_)) => decode::<Subscriber>(Some(v.clone()), "referrer")?,
        _ => None,
    }
    .or_else(|| {
        let by = subscriber.as_ref()?.referred_by.as_ref()?;
        let v = serde_json::to_value(by).ok()?;
        v.get("id").filter(|id| !id.is_null())?;
        serde_json::from_value(v).ok()
    });
    let reward = decode::<Reward>(pick(&["reward"]).cloned(), "reward")?;
    let occurred_at = pick(&["created_at", "timestamp", "occurred_at"]).and_then(|v| {
        affiliate_common::timestamp::option_timestamp(v.clone())
            .ok()
            .flatten()
    });
    Ok(WebhookEvent {
        event_type,
        list_uuid,
        subscriber,
        referrer,
        reward,
        occurred_at,
        registration,
        raw,
    })
}

/// The subscriber of a flat payload (the documented `new_registration`):
/// the top level, with `subscriber_id` as the id.
fn flat_subscriber(obj: &Map<String, Value>) -> Option<Value> {
    let id = obj.get("subscriber_id").filter(|v| !v.is_null())?.clone();
    let mut flat = obj.clone();
    flat.remove("referral");
    flat.remove("response");
    flat.insert("id".to_owned(), id);
    Some(Value::Object(flat))
}

fn decode<T: serde::de::DeserializeOwned>(v: Option<Value>, what: &str) -> Result<Option<T>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) if m.is_empty() => Ok(None),
        Some(v) => serde_json::from_value(v).map(Some).map_err(|e| {
            Error::invalid_input(format!("the webhook's {what} does not decode: {e}"))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referral_event_with_nested_data() {
        let e = parse(
            br#"{"type":"new_referral","timestamp":"1700000000","data":{"list":{"uuid":"MF1"},
                "subscriber":{"id":"sub_2","referred_by":{"id":"sub_1","email":"a@x.io"}}}}"#,
        )
        .unwrap();
        assert_eq!(e.event_type, WebhookEventType::ReferralAttributed);
        assert_eq!(e.list_uuid.as_deref(), Some("MF1"));
        assert_eq!(e.referrer.unwrap().id, "sub_1");
        assert_eq!(
            e.occurred_at.unwrap().unix_millis(),
            Some(1_700_000_000_000)
        );
    }

    #[test]
    fn reward_and_unknown_events() {
        let e = parse(br#"{"event":"reward_unlocked","subscriber":{"id":"s"},"reward":{"id":7,"status":"unlocked"}}"#)
            .unwrap();
        assert_eq!(e.event_type, WebhookEventType::RewardUnlocked);
        assert_eq!(e.reward.unwrap().id, "7");
        let e = parse(br#"{"event":"brand_new_thing","extra":1}"#).unwrap();
        assert_eq!(
            e.event_type,
            WebhookEventType::Unknown("brand_new_thing".into())
        );
        assert!(e.subscriber.is_none());
        assert!(parse(b"[1]").is_err());
        assert!(parse(b"not json").is_err());
    }
}
