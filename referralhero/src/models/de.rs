//! Tolerant field readers shared by the models.

use affiliate_common::UnixTime;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A Unix timestamp (seconds or milliseconds by magnitude) from a number or
/// a numeric string. `null`, `""` and text that is not a number (one SDK
/// models these fields as free strings) read as `None`.
pub(crate) fn time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<UnixTime>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
            .map(UnixTime::from_raw),
        Value::String(s) => {
            let t = s.trim();
            t.parse::<i64>()
                .ok()
                .or_else(|| {
                    t.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite())
                        .map(|f| f as i64)
                })
                .map(UnixTime::from_raw)
        }
        _ => None,
    })
}

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
