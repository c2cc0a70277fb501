//! Typed webhook events.
//!
//! ReferralHero posts a JSON body to the URL configured in the dashboard
//! (PRO plans and up) when a subscriber signs up, is confirmed, is
//! attributed to a referrer, unlocks a reward or milestone, or is deleted.
//! The payload schema is not published, so [`parse`] reads it defensively:
//! the event name from `event`, `type`, `event_type` or `action`; the
//! subscriber from `subscriber`, `data.subscriber` or `data`; the referrer
//! from `referrer` or the subscriber's `referred_by`; the reward from
//! `reward`; the list from `list_uuid`, `uuid` or `list.uuid`. Whatever is
//! present decodes as the same [`Subscriber`] and [`Reward`] types as the
//! REST responses, and the whole body stays available in
//! [`WebhookEvent::raw`]. ReferralHero documents no signature header, so
//! authenticate the endpoint itself (a secret path, an allow-list).
//!
//! ```
//! use referralhero::webhooks::{self, WebhookEventType};
//!
//! let body = br#"{"event":"subscriber_confirmed","list_uuid":"MF078d000987",
//!                 "subscriber":{"id":"sub_1","email":"ada@example.com"}}"#;
//! let event = webhooks::parse(body)?;
//! assert_eq!(event.event_type, WebhookEventType::SubscriberConfirmed);
//! assert_eq!(event.subscriber.unwrap().id, "sub_1");
//! # Ok::<(), referralhero::Error>(())
//! ```

use affiliate_common::{Error, Result, UnixTime};
use serde_json::Value;

use crate::models::{Reward, Subscriber};

affiliate_common::open_enum! {
    /// What happened. Names this version does not know arrive as
    /// `Unknown`, the event still decodes.
    pub enum WebhookEventType {
        /// A subscriber signed up.
        NewSubscriber = "new_subscriber" | "subscriber_created" | "subscriber.created",
        /// A subscriber (or their referral) was confirmed.
        SubscriberConfirmed = "subscriber_confirmed" | "subscriber_verified" | "subscriber.confirmed",
        /// A new subscriber was attributed to a referrer.
        ReferralAttributed = "referral_attributed" | "new_referral" | "referral.created",
        /// A reward or milestone was unlocked.
        RewardUnlocked = "reward_unlocked" | "milestone_unlocked" | "milestone_reached" | "reward.unlocked",
        /// A subscriber was deleted.
        SubscriberDeleted = "subscriber_deleted" | "subscriber.deleted",
    }
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
    pub occurred_at: Option<UnixTime>,
    /// The whole body.
    pub raw: Value,
}

/// Parses a webhook body.
///
/// # Errors
/// [`Error::InvalidInput`] when the body is not a JSON object, or when a
/// subscriber or reward object is present but lacks its id.
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
    let event_type = text(pick(&["event", "type", "event_type", "action"]))
        .map(|s| WebhookEventType::from(s.as_str()))
        .unwrap_or_else(|| WebhookEventType::Unknown(String::new()));
    let list_uuid = text(pick(&["list_uuid", "uuid", "campaign_uuid"]))
        .or_else(|| text(pick(&["list"]).and_then(|l| l.get("uuid"))));

    let subscriber_value = pick(&["subscriber"]).cloned().or_else(|| {
        data.filter(|d| d.get("id").is_some() && d.get("reward").is_none())
            .cloned()
    });
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
    let occurred_at = pick(&["created_at", "timestamp", "occurred_at"]).and_then(|v| match v {
        Value::Number(n) => n.as_i64().map(UnixTime::from_raw),
        Value::String(s) => s.trim().parse::<i64>().ok().map(UnixTime::from_raw),
        _ => None,
    });
    Ok(WebhookEvent {
        event_type,
        list_uuid,
        subscriber,
        referrer,
        reward,
        occurred_at,
        raw,
    })
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
        assert_eq!(e.occurred_at.unwrap().as_secs(), 1_700_000_000);
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
