//! Crate-private serde helpers for the models.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A record key: a string (or a number rendered as text); `null` or a
/// missing key becomes `""`, which the paginator reports as a broken cursor
/// instead of failing the whole page.
pub(crate) fn key<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(affiliate_common::lenient::option_string(d)?.unwrap_or_default())
}

/// A list that may be `null`, missing, or hold `null` entries (which are dropped).
pub(crate) fn vec<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    let v: Option<Vec<Option<T>>> = Option::deserialize(d)?;
    Ok(v.map(|v| v.into_iter().flatten().collect()))
}

/// A list of strings that may hold numbers, `null`s, or be one bare string.
pub(crate) fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => Some(
            items
                .into_iter()
                .filter_map(|i| match i {
                    Value::String(s) => Some(s),
                    Value::Null => None,
                    other => Some(other.to_string()),
                })
                .collect(),
        ),
        Some(Value::String(s)) if s.is_empty() => Some(Vec::new()),
        Some(Value::String(s)) => Some(s.split(',').map(|p| p.trim().to_owned()).collect()),
        Some(other) => Some(vec![other.to_string()]),
    })
}

/// A JSON object that may also arrive as `null`, `""` or `[]` (an empty PHP
/// array); anything else that is not an object is an error.
pub(crate) fn object<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<serde_json::Map<String, Value>>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::Array(a)) if a.is_empty() => Ok(Some(serde_json::Map::new())),
        Some(other) => Err(serde::de::Error::custom(format!(
            "expected an object, got {}",
            kind(&other)
        ))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
