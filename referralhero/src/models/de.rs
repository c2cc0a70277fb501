//! Tolerant field readers shared by the models.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::{Coupon, ReferredBy};

/// Tags as an array of strings (numbers turned to text, empty entries
/// dropped) or as one comma-separated string; `null` and `""` are `None`.
pub(crate) fn tags<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => Some(items.iter().filter_map(text).collect()),
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(
            s.split(',')
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect(),
        ),
        _ => None,
    })
}

/// `referred_by`: an object, `{}` or `null` when not referred (both read as
/// `None`), or a bare id string.
pub(crate) fn referred_by<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ReferredBy>, D::Error> {
    match Value::deserialize(d)? {
        Value::Object(m) if m.is_empty() => Ok(None),
        v @ Value::Object(_) => serde_json::from_value(v)
            .map(Some)
            .map_err(serde::de::Error::custom),
        Value::String(s) if !s.trim().is_empty() => Ok(Some(ReferredBy {
            id: Some(s),
            ..ReferredBy::default()
        })),
        Value::Number(n) => Ok(Some(ReferredBy {
            id: Some(n.to_string()),
            ..ReferredBy::default()
        })),
        _ => Ok(None),
    }
}

/// `coupons` of a coupon group: full coupon objects or bare code strings.
pub(crate) fn coupons<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Coupon>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Item {
        Code(String),
        Full(Coupon),
    }
    let items = Option::<Vec<Item>>::deserialize(d)?;
    Ok(items.map(|v| {
        v.into_iter()
            .map(|i| match i {
                Item::Full(c) => c,
                Item::Code(code) => Coupon::from_code(code),
            })
            .collect()
    }))
}
