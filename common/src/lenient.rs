//! Lenient deserializers for APIs whose scalars arrive in looser types than
//! documented: numbers as strings (`"1000"`, `"0.88"`), booleans as strings
//! (`"true"`, `"1"`), and `""` or `null` for "no value".
//!
//! Use them on `Option` fields together with `#[serde(default)]`, so a
//! missing key decodes as `None` too:
//!
//! ```
//! use serde::Deserialize;
//! use affiliate_common::lenient;
//!
//! #[derive(Deserialize)]
//! struct Action {
//!     #[serde(default, deserialize_with = "lenient::option_f64")]
//!     amount: Option<f64>,
//!     #[serde(default, deserialize_with = "lenient::option_i64")]
//!     quantity: Option<i64>,
//!     #[serde(default, deserialize_with = "lenient::option_bool")]
//!     locked: Option<bool>,
//!     #[serde(default, deserialize_with = "lenient::option_string")]
//!     id: Option<String>,
//! }
//!
//! let a: Action = serde_json::from_str(
//!     r#"{"amount":"0.88","quantity":"","locked":"true","id":1234}"#,
//! ).unwrap();
//! assert_eq!(a.amount, Some(0.88));
//! assert_eq!(a.quantity, None);
//! assert_eq!(a.locked, Some(true));
//! assert_eq!(a.id.as_deref(), Some("1234"));
//! ```
//!
//! Values that are present but cannot be read as the target type (`"abc"`
//! for a number) are errors, so real contract breaks stay visible.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// A JSON scalar in whatever form it came.
enum Scalar {
    None,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(String),
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, boolean, string or null")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::I64(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::U64(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::F64(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::None)
    }
    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

/// Reads an integer from a number, a numeric string (`"42"`, `"42.0"`), `""` or `null`.
///
/// # Errors
/// A string that is not an integer, a fractional number, or a boolean.
pub fn option_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match scalar(d)? {
        Scalar::None => Ok(None),
        Scalar::I64(v) => Ok(Some(v)),
        Scalar::U64(v) => i64::try_from(v)
            .map(Some)
            .map_err(|_| de::Error::custom(format!("{v} does not fit in i64"))),
        Scalar::F64(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => Ok(Some(v as i64)),
        Scalar::F64(v) => Err(de::Error::custom(format!("expected an integer, got {v}"))),
        Scalar::Str(s) => parse_int(&s).map_err(de::Error::custom),
        Scalar::Bool(b) => Err(de::Error::custom(format!("expected an integer, got {b}"))),
    }
}

fn parse_int(s: &str) -> Result<Option<i64>, String> {
    let t = s.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("null") {
        return Ok(None);
    }
    if let Ok(v) = t.parse::<i64>() {
        return Ok(Some(v));
    }
    match t.parse::<f64>() {
        Ok(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => Ok(Some(v as i64)),
        _ => Err(format!("expected an integer, got {s:?}")),
    }
}

/// Reads a non-negative integer the same way as [`option_i64`].
///
/// # Errors
/// As for [`option_i64`], plus negative values.
pub fn option_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match scalar(d)? {
        Scalar::U64(v) => Ok(Some(v)),
        // Above i64::MAX only u64 itself reads the text.
        Scalar::Str(s) if s.trim().parse::<u64>().is_ok() => Ok(s.trim().parse::<u64>().ok()),
        other => {
            let v = match other {
                Scalar::None => None,
                Scalar::I64(v) => Some(v),
                Scalar::F64(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => Some(v as i64),
                Scalar::F64(v) => {
                    return Err(de::Error::custom(format!("expected an integer, got {v}")));
                }
                Scalar::Str(s) => parse_int(&s).map_err(de::Error::custom)?,
                Scalar::Bool(b) => {
                    return Err(de::Error::custom(format!("expected an integer, got {b}")));
                }
                Scalar::U64(_) => unreachable!("handled above"),
            };
            v.map(|v| {
                u64::try_from(v).map_err(|_| {
                    de::Error::custom(format!("expected a non-negative integer, got {v}"))
                })
            })
            .transpose()
        }
    }
}

/// Reads a float from a number, a numeric string (`"0.88"`), `""` or `null`.
///
/// # Errors
/// A string that is not a finite number (`"abc"`, `"NaN"`, `"inf"`,
/// `"1e400"`), or a boolean.
pub fn option_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    match scalar(d)? {
        Scalar::None => Ok(None),
        Scalar::I64(v) => Ok(Some(v as f64)),
        Scalar::U64(v) => Ok(Some(v as f64)),
        Scalar::F64(v) => Ok(Some(v)),
        Scalar::Str(s) => {
            let t = s.trim();
            if t.is_empty() || t.eq_ignore_ascii_case("null") {
                return Ok(None);
            }
            // `"NaN"`, `"inf"` and overflowing text (`"1e400"`) are not
            // numbers a JSON API can mean.
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map(Some)
                .ok_or_else(|| de::Error::custom(format!("expected a number, got {s:?}")))
        }
        Scalar::Bool(b) => Err(de::Error::custom(format!("expected a number, got {b}"))),
    }
}

/// Reads a boolean from `true`/`false`, `"true"`/`"false"` (any case),
/// `"1"`/`"0"`, `1`/`0`, `""` or `null`.
///
/// # Errors
/// Any other value.
pub fn option_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match scalar(d)? {
        Scalar::None => Ok(None),
        Scalar::Bool(b) => Ok(Some(b)),
        Scalar::I64(0) | Scalar::U64(0) => Ok(Some(false)),
        Scalar::I64(1) | Scalar::U64(1) => Ok(Some(true)),
        Scalar::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
            "" | "null" => Ok(None),
            "true" | "1" | "yes" => Ok(Some(true)),
            "false" | "0" | "no" => Ok(Some(false)),
            _ => Err(de::Error::custom(format!("expected a boolean, got {s:?}"))),
        },
        _ => Err(de::Error::custom("expected a boolean")),
    }
}

/// Reads a string from a string or a number (`1234` becomes `"1234"`);
/// `""` and `null` become `None`.
///
/// # Errors
/// Objects and arrays.
pub fn option_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match scalar(d)? {
        Scalar::None => Ok(None),
        Scalar::Str(s) if s.is_empty() => Ok(None),
        Scalar::Str(s) => Ok(Some(s)),
        Scalar::I64(v) => Ok(Some(v.to_string())),
        Scalar::U64(v) => Ok(Some(v.to_string())),
        Scalar::F64(v) => Ok(Some(v.to_string())),
        Scalar::Bool(b) => Ok(Some(b.to_string())),
    }
}

/// Reads a required id that may arrive as a string or a number.
///
/// # Errors
/// `null`, objects and arrays.
pub fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    option_string(d)?.ok_or_else(|| de::Error::custom("expected a string or number, got null"))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct S {
        #[serde(default, deserialize_with = "super::option_i64")]
        i: Option<i64>,
        #[serde(default, deserialize_with = "super::option_u64")]
        u: Option<u64>,
        #[serde(default, deserialize_with = "super::option_f64")]
        f: Option<f64>,
        #[serde(default, deserialize_with = "super::option_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "super::option_string")]
        s: Option<String>,
    }

    fn s(json: &str) -> S {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn strings_become_scalars() {
        let v = s(r#"{"i":"-1000","u":"1000","f":"0.88","b":"TRUE","s":42}"#);
        assert_eq!(
            (v.i, v.u, v.f, v.b),
            (Some(-1000), Some(1000), Some(0.88), Some(true))
        );
        assert_eq!(v.s.as_deref(), Some("42"));
    }

    #[test]
    fn empty_null_and_missing_are_none() {
        for json in [
            r#"{"i":"","u":"","f":"","b":"","s":""}"#,
            r#"{"i":null,"u":null,"f":null,"b":null,"s":null}"#,
            "{}",
        ] {
            let v = s(json);
            assert_eq!(
                (v.i, v.u, v.f, v.b, v.s),
                (None, None, None, None, None),
                "{json}"
            );
        }
    }

    #[test]
    fn native_types_pass_through() {
        let v = s(r#"{"i":7,"u":8,"f":1,"b":false,"s":"x"}"#);
        assert_eq!(
            (v.i, v.u, v.f, v.b),
            (Some(7), Some(8), Some(1.0), Some(false))
        );
        let v = s(r#"{"i":"3.0","b":0}"#);
        assert_eq!((v.i, v.b), (Some(3), Some(false)));
    }

    #[test]
    fn extreme_numbers_are_values_or_errors_never_panics() {
        let ok = |json: &str| serde_json::from_str::<S>(json).unwrap();
        let err = |json: &str| assert!(serde_json::from_str::<S>(json).is_err(), "{json}");
        assert_eq!(ok(r#"{"i":-9223372036854775808}"#).i, Some(i64::MIN));
        assert_eq!(ok(r#"{"i":"-9223372036854775808"}"#).i, Some(i64::MIN));
        assert_eq!(ok(r#"{"i":"-0"}"#).i, Some(0));
        assert_eq!(ok(r#"{"u":18446744073709551615}"#).u, Some(u64::MAX));
        assert_eq!(ok(r#"{"u":"18446744073709551615"}"#).u, Some(u64::MAX));
        assert_eq!(ok(r#"{"f":1e300}"#).f, Some(1e300));
        assert_eq!(ok(r#"{"f":"-0"}"#).f, Some(0.0));
        err(r#"{"i":18446744073709551615}"#);
        err(r#"{"i":"9223372036854775808"}"#);
        err(r#"{"i":1e300}"#);
        err(r#"{"i":"1e300"}"#);
        err(r#"{"i":"NaN"}"#);
        err(r#"{"i":"inf"}"#);
        err(r#"{"u":"18446744073709551616"}"#);
        err(r#"{"u":-9223372036854775808}"#);
        err(r#"{"f":"NaN"}"#);
        err(r#"{"f":"inf"}"#);
        err(r#"{"f":"1e400"}"#);
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(serde_json::from_str::<S>(r#"{"i":"abc"}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"i":"1.5"}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"u":"-1"}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"f":"x"}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"b":"maybe"}"#).is_err());
    }
}
