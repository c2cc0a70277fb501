//! Typed webhook events.
//!
//! PartnerStack posts JSON with an `"event"` field naming what happened.
//! Two generations of names exist: the older `snake_case`
//! (`partnership_created`) and the current dotted form
//! (`partnership.created`). [`EventType`] reads both into the same variant.
//! The record itself may sit under `"data"` or beside `"event"` at the top
//! level; [`parse`] accepts either and decodes it into the model of the
//! resource the event names ([`EventData`]). Payload scalars are read
//! leniently (a sample sends `"archived": "false"` as a string).
//!
//! ```
//! use partnerstack::webhooks::{self, EventData, EventType};
//!
//! let body = br#"{"event": "partnership_created",
//!                 "data": {"key": "part_1", "email": "ada@example.com", "archived": "false"}}"#;
//! let event = webhooks::parse(body)?;
//! assert_eq!(event.event, EventType::PartnershipCreated);
//! match event.data {
//!     EventData::Partnership(p) => assert_eq!(p.key, "part_1"),
//!     other => panic!("unexpected {other:?}"),
//! }
//! # Ok::<(), partnerstack::Error>(())
//! ```

use serde_json::{Map, Value};

use crate::Error;
use crate::models::{Action, Customer, Deal, Group, Lead, Partnership, Reward, Transaction};

affiliate_common::open_enum! {
    /// The name of a webhook event. Both spellings decode into the same
    /// variant; serializing writes the current dotted name.
    ///
    /// Nine variants are documented by PartnerStack (11 names between the
    /// two spellings); each says which spelling the docs show, the other
    /// being the same name in the other style. The ten others are marked
    /// "Inferred": PartnerStack's docs do not list them, and they are named
    /// after the documented `resource.verb` pattern. Any other name decodes
    /// as `Unknown`, with the name as sent.
    pub enum EventType {
        /// A partner accepted the program agreement. Documented as `agreement.accepted`.
        AgreementAccepted = "agreement.accepted" | "agreement_accepted",
        /// A partnership was created. Documented as `partnership.created` and `partnership_created`.
        PartnershipCreated = "partnership.created" | "partnership_created",
        /// A partnership was updated. Documented as `partnership.updated` and `partnership_updated`.
        PartnershipUpdated = "partnership.updated" | "partnership_updated",
        /// A partnership was deleted (archived). Documented as `partnership_deleted`.
        PartnershipDeleted = "partnership.deleted" | "partnership_deleted",
        /// A partnership moved to another group. Documented as `partnership_group_updated`.
        PartnershipGroupUpdated = "partnership.group_updated" | "partnership_group_updated",
        /// A partnership's tags changed. Documented as `partnership.tags_updated`.
        PartnershipTagsUpdated = "partnership.tags_updated" | "partnership_tags_updated",
        /// A customer was created. Documented as `customer_created`.
        CustomerCreated = "customer.created" | "customer_created",
        /// A customer was updated. Documented as `customer_updated`.
        CustomerUpdated = "customer.updated" | "customer_updated",
        /// A customer was deleted. Documented as `customer_deleted`.
        CustomerDeleted = "customer.deleted" | "customer_deleted",
        /// A transaction was created. Inferred: `transaction.created` / `transaction_created` is not in the
        /// vendor's docs.
        TransactionCreated = "transaction.created" | "transaction_created",
        /// A transaction was deleted. Inferred: `transaction.deleted` / `transaction_deleted` is not in the
        /// vendor's docs.
        TransactionDeleted = "transaction.deleted" | "transaction_deleted",
        /// A reward was created. Inferred: `reward.created` / `reward_created` is not in the
        /// vendor's docs.
        RewardCreated = "reward.created" | "reward_created",
        /// A reward was updated. Inferred: `reward.updated` / `reward_updated` is not in the
        /// vendor's docs.
        RewardUpdated = "reward.updated" | "reward_updated",
        /// A deal was created. Inferred: `deal.created` / `deal_created` is not in the
        /// vendor's docs.
        DealCreated = "deal.created" | "deal_created",
        /// A deal was updated. Inferred: `deal.updated` / `deal_updated` is not in the
        /// vendor's docs.
        DealUpdated = "deal.updated" | "deal_updated",
        /// A deal was archived. Inferred: `deal.archived` / `deal_archived` is not in the
        /// vendor's docs.
        DealArchived = "deal.archived" | "deal_archived",
        /// A lead was created. Inferred: `lead.created` / `lead_created` is not in the
        /// vendor's docs.
        LeadCreated = "lead.created" | "lead_created",
        /// A lead was updated. Inferred: `lead.updated` / `lead_updated` is not in the
        /// vendor's docs.
        LeadUpdated = "lead.updated" | "lead_updated",
        /// An action was created. Inferred: `action.created` / `action_created` is not in the
        /// vendor's docs.
        ActionCreated = "action.created" | "action_created",
    }
}

impl EventType {
    /// The resource the event is about (`partnership`, `customer`, ...),
    /// read from the name, so it works for names this version does not know.
    pub fn resource(&self) -> &str {
        let name = self.as_str();
        name.split(['.', '_']).next().unwrap_or(name)
    }
}

/// The record an event carries, decoded by the resource its name gives.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EventData {
    /// `partnership.*` events.
    Partnership(Box<Partnership>),
    /// `customer.*` events.
    Customer(Box<Customer>),
    /// `transaction.*` events.
    Transaction(Box<Transaction>),
    /// `reward.*` events.
    Reward(Box<Reward>),
    /// `deal.*` events.
    Deal(Box<Deal>),
    /// `lead.*` events.
    Lead(Box<Lead>),
    /// `action.*` events.
    Action(Box<Action>),
    /// `group.*` events.
    Group(Box<Group>),
    /// Any other event (`agreement.*`, new resources), as sent.
    Other(Value),
}

/// A parsed webhook delivery.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WebhookEvent {
    /// What happened.
    pub event: EventType,
    /// The record, typed by resource.
    pub data: EventData,
    /// The whole body as sent, for fields outside the record.
    pub raw: Value,
}

/// Parses a webhook body.
///
/// # Errors
/// [`Error::InvalidInput`] when the body is not a JSON object with an
/// `event` string, or when the record does not decode into its resource's
/// model (the message names the field).
pub fn parse(body: &[u8]) -> Result<WebhookEvent, Error> {
    let raw: Value = serde_json::from_slice(body)
        .map_err(|e| Error::invalid_input(format!("the webhook body is not JSON: {e}")))?;
    let obj = raw
        .as_object()
        .ok_or_else(|| Error::invalid_input("the webhook body is not a JSON object"))?;
    let name = obj
        .get("event")
        .or_else(|| obj.get("event_type"))
        .or_else(|| obj.get("type"))
        .and_then(Value::as_str)
        .ok_or_else(|| Error::invalid_input("the webhook body has no `event` name"))?;
    let event = EventType::from(name.trim());
    let record = match obj.get("data") {
        Some(Value::Object(m)) => Value::Object(m.clone()),
        _ => {
            let mut m: Map<String, Value> = obj.clone();
            m.remove("event");
            Value::Object(m)
        }
    };
    let data = decode(event.resource(), record)?;
    Ok(WebhookEvent { event, data, raw })
}

fn decode(resource: &str, record: Value) -> Result<EventData, Error> {
    fn typed<T: serde::de::DeserializeOwned>(v: Value) -> Result<Box<T>, Error> {
        serde_path_to_value::<T>(v).map(Box::new)
    }
    Ok(match resource {
        "partnership" => EventData::Partnership(typed(record)?),
        "customer" => EventData::Customer(typed(record)?),
        "transaction" => EventData::Transaction(typed(record)?),
        "reward" => EventData::Reward(typed(record)?),
        "deal" => EventData::Deal(typed(record)?),
        "lead" => EventData::Lead(typed(record)?),
        "action" => EventData::Action(typed(record)?),
        "group" => EventData::Group(typed(record)?),
        _ => EventData::Other(record),
    })
}

fn serde_path_to_value<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, Error> {
    serde_json::from_value(v)
        .map_err(|e| Error::invalid_input(format!("the webhook record does not decode: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_and_snake_names_are_one_variant() {
        assert_eq!(
            EventType::from("partnership.created"),
            EventType::PartnershipCreated
        );
        assert_eq!(
            EventType::from("partnership_created"),
            EventType::PartnershipCreated
        );
        assert_eq!(
            EventType::PartnershipCreated.as_str(),
            "partnership.created"
        );
        let unknown = EventType::from("customer.merged");
        assert!(unknown.is_unknown());
        assert_eq!(unknown.resource(), "customer");
    }

    #[test]
    fn top_level_record_and_unknown_resource() {
        let e =
            parse(br#"{"event":"customer.merged","key":"cus_1","email":"a@b.c","test":"true"}"#)
                .unwrap();
        match e.data {
            EventData::Customer(c) => {
                assert_eq!(c.key, "cus_1");
                assert_eq!(c.test, Some(true));
            }
            other => panic!("{other:?}"),
        }
        let e = parse(br#"{"event":"agreement.accepted","data":{"agreement":"v2"}}"#).unwrap();
        assert!(matches!(e.data, EventData::Other(_)));
        assert!(parse(b"[1]").is_err());
        assert!(parse(br#"{"data":{}}"#).is_err());
    }
}
