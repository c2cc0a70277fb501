//! Form encoding of write bodies that `serde_urlencoded` cannot express.
//!
//! Most impact.com writes are `application/x-www-form-urlencoded`, and a few
//! of their bodies hold arrays (`TargetMediaPartners`, `Bullets`) or small
//! objects (`MobileFallbacks`). The specs give no `encoding` object, so the
//! OpenAPI default applies (style `form`, `explode: true`):
//!
//! - an array sends its key once per element: `Bullets=a&Bullets=b`;
//! - an object sends each of its properties as a key of its own:
//!   `MobileFallbacks: {Android, IOS}` becomes `Android=...&IOS=...`;
//! - `null` (an unset `Option`) sends nothing; booleans send `true` /
//!   `false`; numbers send their decimal text.
//!
//! ```
//! # fn main() -> Result<(), impact_com::Error> {
//! use serde_json::json;
//! let pairs = impact_com::form::pairs(&json!({
//!     "Name": "Spring banner",
//!     "TargetMediaPartners": ["50001", "50002"],
//!     "MobileFallbacks": {"Android": "11", "IOS": null},
//!     "Active": true,
//!     "Note": null,
//! }))?;
//! let mut sorted = pairs.clone();
//! sorted.sort();
//! let expected = [
//!     ("Active", "true"),
//!     ("Android", "11"),
//!     ("Name", "Spring banner"),
//!     ("TargetMediaPartners", "50001"),
//!     ("TargetMediaPartners", "50002"),
//! ];
//! assert!(sorted.iter().map(|(k, v)| (k.as_str(), v.as_str())).eq(expected));
//! // Send them with `Request::form`:
//! let req = impact_com::Request::post(impact_com::ApiPath::new("Advertisers/IR1/Ads")).form(&pairs)?;
//! assert!(req.body_bytes().is_some());
//! # Ok(())
//! # }
//! ```

use affiliate_common::{Error, Result};
use serde::Serialize;
use serde_json::Value;

/// Flattens a write body into form pairs (see the module docs for the
/// rules). Keys come in `serde_json::Map` order (alphabetical unless
/// serde_json's `preserve_order` feature is on); values of one array keep
/// their order. impact.com does not depend on the order of form keys.
///
/// # Errors
/// [`Error::InvalidInput`] when `body` does not serialize to a JSON object,
/// or holds an array of arrays or of objects (no form encoding exists for
/// those).
pub fn pairs<B: Serialize + ?Sized>(body: &B) -> Result<Vec<(String, String)>> {
    let value = serde_json::to_value(body)
        .map_err(|e| Error::invalid_input(format!("cannot serialize the form body: {e}")))?;
    let Value::Object(obj) = value else {
        return Err(Error::invalid_input("a form body must be an object"));
    };
    let mut out = Vec::with_capacity(obj.len());
    for (key, value) in obj {
        push(&mut out, key, value)?;
    }
    Ok(out)
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn push(out: &mut Vec<(String, String)>, key: String, value: Value) -> Result<()> {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Null => {}
                    other => match scalar(&other) {
                        Some(s) => out.push((key.clone(), s)),
                        None => {
                            return Err(Error::invalid_input(format!(
                                "`{key}` holds nested arrays or objects, which a form body cannot carry"
                            )));
                        }
                    },
                }
            }
        }
        Value::Object(obj) => {
            for (k, v) in obj {
                push(out, k, v)?;
            }
        }
        other => {
            if let Some(s) = scalar(&other) {
                out.push((key, s));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flattens_arrays_objects_and_skips_nulls() {
        let p = pairs(
            &json!({"A": 1.5, "B": [1, 2], "C": {"D": false, "E": null}, "F": null, "G": ""}),
        )
        .unwrap();
        let mut p: Vec<(&str, &str)> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        p.sort();
        assert_eq!(
            p,
            [
                ("A", "1.5"),
                ("B", "1"),
                ("B", "2"),
                ("D", "false"),
                ("G", "")
            ]
        );
    }

    #[test]
    fn rejects_what_forms_cannot_carry() {
        assert!(pairs(&json!([1, 2])).is_err());
        assert!(pairs(&json!({"A": [[1]]})).is_err());
        assert!(pairs(&json!({"A": [{"B": 1}]})).is_err());
    }
}
