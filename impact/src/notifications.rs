//! Partner event notifications: the requests impact.com sends to a URL the
//! partner configures when an action is tracked or changes status.
//!
//! impact.com delivers them two ways, both decoded here into one
//! [`EventNotification`]:
//!
//! - a `POST` with a JSON body ([`parse`]);
//! - a `GET` with the values in the query string ([`parse_query`]).
//!
//! The partner chooses which values a notification carries (a template of
//! placeholders), so every field is optional. The documented ones are
//! typed: `campaign_id`, `action_id`, `status`, `payout` and the `items`
//! (`sku`, `qty`, `amt`). Values arrive as strings; numbers are accepted
//! and kept as their decimal text, so an amount is never rounded. Any other
//! key is kept in `extra`. A documented key holding something that cannot
//! be its type (an object where text belongs, `items` that is not a list)
//! is an error naming the JSON path ([`NotificationError::Field`]), never
//! silently dropped. A `status` this version does not know decodes as
//! [`NotificationStatus::Unknown`].
//!
//! impact.com documents no signature for notifications: put a secret in
//! the configured URL (or restrict the sender) if the endpoint must be
//! authenticated.
//!
//! ```
//! use impact_com::notifications::{self, NotificationStatus};
//!
//! let body = br#"{"campaign_id": "10306", "action_id": "1234567890", "status": "APPROVED",
//!                 "payout": "5.00", "items": [{"sku": "APP-0016", "qty": "1", "amt": "719.10"}]}"#;
//! let n = notifications::parse(body)?;
//! assert_eq!(n.status, Some(NotificationStatus::Approved));
//! assert_eq!(n.items[0].amt.as_deref(), Some("719.10"));
//!
//! let n = notifications::parse_query("campaign_id=10306&action_id=42&status=REVERSED&payout=0.00")?;
//! assert_eq!(n.action_id.as_deref(), Some("42"));
//! # Ok::<(), impact_com::notifications::NotificationError>(())
//! ```

use std::fmt;

use serde_json::{Map, Value};

affiliate_common::open_enum! {
    /// The action's status when the notification was sent.
    pub enum NotificationStatus {
        /// Approved: the payout will be paid.
        Approved = "APPROVED",
        /// Pending: still in its locking period.
        Pending = "PENDING",
        /// Reversed: the payout was withdrawn.
        Reversed = "REVERSED",
    }
}

/// One product line of a notification.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct NotificationItem {
    /// The product's SKU.
    pub sku: Option<String>,
    /// The quantity, as sent (decimal text).
    pub qty: Option<String>,
    /// The line amount in the program's currency, as sent (decimal text,
    /// not cents).
    pub amt: Option<String>,
    /// Every other key of the item, as sent.
    pub extra: Map<String, Value>,
}

/// A parsed event notification.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct EventNotification {
    /// The brand program (campaign) id.
    pub campaign_id: Option<String>,
    /// The tracked action's id.
    pub action_id: Option<String>,
    /// The action's status.
    pub status: Option<NotificationStatus>,
    /// The partner's payout for the action in the program's currency, as
    /// sent (decimal text such as `5.00`, not cents).
    pub payout: Option<String>,
    /// The product lines (empty when none were sent).
    pub items: Vec<NotificationItem>,
    /// Every other key the configured template sends, as sent (query values
    /// as strings).
    pub extra: Map<String, Value>,
}

/// Why a notification could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotificationError {
    /// The body is not JSON, or not a JSON object.
    NotAnObject(String),
    /// A documented key holds a value of the wrong shape.
    Field {
        /// The JSON path (`items[1].amt`) or query key that failed.
        path: String,
        /// What was expected there.
        expected: &'static str,
    },
}

impl fmt::Display for NotificationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotificationError::NotAnObject(why) => {
                write!(f, "the notification is not a JSON object: {why}")
            }
            NotificationError::Field { path, expected } => {
                write!(f, "the notification's `{path}` is not {expected}")
            }
        }
    }
}

impl std::error::Error for NotificationError {}

const TEXT: &str = "a string or a number";

/// Reads a documented scalar: a string, a number (kept as its text), or
/// `null`/absent.
fn text(
    obj: &mut Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<String>, NotificationError> {
    match obj.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(NotificationError::Field {
            path: path.to_owned(),
            expected: TEXT,
        }),
    }
}

/// Parses the JSON body of a `POST` notification.
///
/// # Errors
/// [`NotificationError::NotAnObject`] when the body is not a JSON object;
/// [`NotificationError::Field`] naming the path of a documented key whose
/// value has the wrong shape.
pub fn parse(body: &[u8]) -> Result<EventNotification, NotificationError> {
    let v: Value =
        serde_json::from_slice(body).map_err(|e| NotificationError::NotAnObject(e.to_string()))?;
    from_value(v)
}

/// Decodes a notification already parsed as JSON.
///
/// # Errors
/// As [`parse`].
pub fn from_value(v: Value) -> Result<EventNotification, NotificationError> {
    let Value::Object(mut obj) = v else {
        return Err(NotificationError::NotAnObject(
            "the top-level value is not an object".to_owned(),
        ));
    };
    let campaign_id = text(&mut obj, "campaign_id", "campaign_id")?;
    let action_id = text(&mut obj, "action_id", "action_id")?;
    let status = text(&mut obj, "status", "status")?.map(|s| NotificationStatus::from(s.trim()));
    let payout = text(&mut obj, "payout", "payout")?;
    let items = match obj.remove("items") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list
            .into_iter()
            .enumerate()
            .filter(|(_, v)| !v.is_null())
            .map(|(i, v)| item(i, v))
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(NotificationError::Field {
                path: "items".to_owned(),
                expected: "a list of objects",
            });
        }
    };
    Ok(EventNotification {
        campaign_id,
        action_id,
        status,
        payout,
        items,
        extra: obj,
    })
}

fn item(i: usize, v: Value) -> Result<NotificationItem, NotificationError> {
    let Value::Object(mut obj) = v else {
        return Err(NotificationError::Field {
            path: format!("items[{i}]"),
            expected: "an object",
        });
    };
    Ok(NotificationItem {
        sku: text(&mut obj, "sku", &format!("items[{i}].sku"))?,
        qty: text(&mut obj, "qty", &format!("items[{i}].qty"))?,
        amt: text(&mut obj, "amt", &format!("items[{i}].amt"))?,
        extra: obj,
    })
}

/// Parses the query string of a `GET` notification (with or without the
/// leading `?`). Values are percent-decoded; keys other than the documented
/// ones land in `extra` as strings.
///
/// # Errors
/// [`NotificationError::Field`] when a documented key appears more than
/// once (which value is meant cannot be told).
pub fn parse_query(query: &str) -> Result<EventNotification, NotificationError> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut obj = Map::new();
    for (k, v) in affiliate_common::url::form_urlencoded::parse(query.as_bytes()) {
        let k = k.into_owned();
        let documented = matches!(
            k.as_str(),
            "campaign_id" | "action_id" | "status" | "payout"
        );
        if documented && obj.contains_key(&k) {
            return Err(NotificationError::Field {
                path: k,
                expected: "given once",
            });
        }
        obj.insert(k, Value::String(v.into_owned()));
    }
    // `items` has no query form: a key of that name is kept as text.
    let items = obj.remove("items");
    let mut n = from_value(Value::Object(obj))?;
    if let Some(items) = items {
        n.extra.insert("items".to_owned(), items);
    }
    Ok(n)
}
