//! A record on its way to a sink: its JSON text as the API sent it, with
//! the place of each top-level field, so that sinks read fields without
//! building a `serde_json::Value` tree.
//!
//! - Fields come in the record's own order (the API's), repeated keys
//!   included: [`Row::get`] returns the last one, as a parsed object
//!   would, and the sinks store the last one too.
//! - A field's value is a [`FieldValue`]: its type ([`FieldValue::column_type`],
//!   the same as [`ColumnType::of`] on the parsed value), its scalar
//!   ([`FieldValue::as_str`], [`FieldValue::number`], [`FieldValue::as_bool`]),
//!   or, for objects and arrays, its JSON text without the whitespace
//!   outside strings ([`FieldValue::write_compact`]): what a JSON column
//!   holds. Keys keep the API's order and strings their escapes.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer as _, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Number, Value};

use super::{ColumnType, looks_like_timestamp};

/// One record: its JSON text, and where each top-level field is in it.
///
/// Rows wait in batches of thousands on their way to a sink, so a field's
/// place takes 16 bytes: four `u32`s (a record's text is far below 4 GiB:
/// responses are capped at 64 MiB by default).
#[derive(Clone)]
pub struct Row {
    text: Box<RawValue>,
    fields: Box<[Span]>,
    /// The keys that had escapes, unescaped (see [`Span::key_len`]).
    escaped_keys: Box<[Box<str>]>,
}

#[derive(Clone, Copy)]
struct Span {
    /// Where the key is in the text, or, with `key_len == ESCAPED`, its
    /// index in `escaped_keys`.
    key_at: u32,
    key_len: u32,
    value_at: u32,
    value_len: u32,
}

/// [`Span::key_len`] of a key that had escapes.
const ESCAPED: u32 = u32::MAX;

impl fmt::Debug for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Row").field(&self.text.get()).finish()
    }
}

impl PartialEq for Row {
    fn eq(&self, other: &Self) -> bool {
        self.text.get() == other.text.get()
    }
}

/// A field name read borrowed when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// The fields of a record: their spans, and the keys that had escapes.
struct Spans {
    fields: Vec<Span>,
    escaped_keys: Vec<Box<str>>,
}

/// Collects the spans of an object's fields.
struct Fields<'t> {
    base: &'t str,
}

impl<'de> Visitor<'de> for Fields<'de> {
    type Value = Spans;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let start = self.base.as_ptr() as usize;
        let at = |s: &str| -> Result<(u32, u32), A::Error> {
            let from = s.as_ptr() as usize - start;
            match (u32::try_from(from), u32::try_from(s.len())) {
                (Ok(at), Ok(len)) if len != ESCAPED => Ok((at, len)),
                _ => Err(de::Error::custom("a record of 4 GiB or more")),
            }
        };
        let mut out = Spans {
            fields: Vec::with_capacity(32),
            escaped_keys: Vec::new(),
        };
        while let Some(k) = map.next_key_seed(KeySeed)? {
            let v: &'de RawValue = map.next_value()?;
            let (key_at, key_len) = match k {
                Cow::Borrowed(k) => at(k)?,
                Cow::Owned(k) => {
                    out.escaped_keys.push(k.into_boxed_str());
                    let i = u32::try_from(out.escaped_keys.len() - 1)
                        .map_err(|_| de::Error::custom("too many fields"))?;
                    (i, ESCAPED)
                }
            };
            let (value_at, value_len) = at(v.get())?;
            out.fields.push(Span {
                key_at,
                key_len,
                value_at,
                value_len,
            });
        }
        Ok(out)
    }
}

/// The spans of the fields of the object `text`.
fn spans(text: &str) -> serde_json::Result<Spans> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.deserialize_map(Fields { base: text })
}

/// The key of `span` in `text`.
fn key_in<'a>(text: &'a str, escaped: &'a [Box<str>], span: &Span) -> &'a str {
    if span.key_len == ESCAPED {
        &escaped[span.key_at as usize]
    } else {
        let at = span.key_at as usize;
        &text[at..at + span.key_len as usize]
    }
}

/// The value of `span` in `text`.
fn value_in<'a>(text: &'a str, span: &Span) -> FieldValue<'a> {
    let at = span.value_at as usize;
    FieldValue(&text[at..at + span.value_len as usize])
}

/// The value of the top-level field `key` of the JSON object `text` (the
/// last one, should the key repeat); `None` when `text` is not an object
/// or has no such field.
pub fn find_field<'a>(text: &'a str, key: &str) -> Option<FieldValue<'a>> {
    let Spans {
        fields,
        escaped_keys,
    } = spans(text).ok()?;
    fields
        .iter()
        .rev()
        .find(|s| key_in(text, &escaped_keys, s) == key)
        .map(|s| value_in(text, s))
}

impl Row {
    /// The record `text`, when it is a JSON object; the text back otherwise
    /// (or when it is 4 GiB or more).
    ///
    /// # Errors
    /// The text itself, when it is not an object.
    pub fn from_raw(text: Box<RawValue>) -> Result<Row, Box<RawValue>> {
        match spans(text.get()) {
            Ok(Spans {
                fields,
                escaped_keys,
            }) => Ok(Row {
                text,
                fields: fields.into_boxed_slice(),
                escaped_keys: escaped_keys.into_boxed_slice(),
            }),
            Err(_) => Err(text),
        }
    }

    /// A row of the fields of `map` (written as compact JSON first).
    pub fn from_map(map: &Map<String, Value>) -> Row {
        let text = serde_json::value::to_raw_value(map).expect("a JSON map always serializes");
        Row::from_raw(text).expect("a JSON map is an object")
    }

    /// The record's JSON text, as sent.
    pub fn text(&self) -> &str {
        self.text.get()
    }

    /// The memory the row takes, in bytes: its text, the places of its
    /// fields, and the row itself (allocator overhead left out).
    pub fn memory(&self) -> usize {
        std::mem::size_of::<Row>()
            + self.text.get().len()
            + std::mem::size_of_val::<[Span]>(&self.fields)
            + self
                .escaped_keys
                .iter()
                .map(|k| std::mem::size_of::<Box<str>>() + k.len())
                .sum::<usize>()
    }

    /// How many fields the record has (a repeated key counts each time).
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether the record has no field.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    fn key_of(&self, span: &Span) -> &str {
        key_in(self.text.get(), &self.escaped_keys, span)
    }

    /// The `i`-th field (name and value), in the record's order.
    pub fn field(&self, i: usize) -> Option<(&str, FieldValue<'_>)> {
        let span = self.fields.get(i)?;
        Some((self.key_of(span), value_in(self.text.get(), span)))
    }

    /// Every field (name and value), in the record's order.
    pub fn fields(&self) -> impl Iterator<Item = (&str, FieldValue<'_>)> + '_ {
        self.fields
            .iter()
            .map(|s| (self.key_of(s), value_in(self.text.get(), s)))
    }

    /// The value of the field `key` (the last one, should the key repeat).
    pub fn get(&self, key: &str) -> Option<FieldValue<'_>> {
        self.fields
            .iter()
            .rev()
            .find(|s| self.key_of(s) == key)
            .map(|s| value_in(self.text.get(), s))
    }

    /// The record parsed (for the rare reader that needs the tree).
    pub fn to_value(&self) -> Value {
        serde_json::from_str(self.text.get()).unwrap_or(Value::Null)
    }
}

/// The JSON text of one top-level field's value, as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldValue<'a>(&'a str);

impl<'a> FieldValue<'a> {
    /// The value's JSON text, as sent.
    pub fn text(self) -> &'a str {
        self.0
    }

    /// Whether it is `null`.
    pub fn is_null(self) -> bool {
        self.0.as_bytes().first() == Some(&b'n')
    }

    /// Whether it is an object or an array.
    pub fn is_json(self) -> bool {
        matches!(self.0.as_bytes().first(), Some(b'{' | b'['))
    }

    /// `true` or `false`, when it is a boolean.
    pub fn as_bool(self) -> Option<bool> {
        match self.0.as_bytes().first() {
            Some(b't') => Some(true),
            Some(b'f') => Some(false),
            _ => None,
        }
    }

    /// The string, unescaped, when it is a string (borrowed when it has no
    /// escapes).
    pub fn as_str(self) -> Option<Cow<'a, str>> {
        let b = self.0.as_bytes();
        if b.first() != Some(&b'"') {
            return None;
        }
        let inner = &self.0[1..self.0.len() - 1];
        if !inner.as_bytes().contains(&b'\\') {
            return Some(Cow::Borrowed(inner));
        }
        serde_json::from_str::<String>(self.0).ok().map(Cow::Owned)
    }

    /// The number, when it is one (read as `serde_json` reads it).
    pub fn number(self) -> Option<Number> {
        match self.0.as_bytes().first() {
            Some(b'-' | b'0'..=b'9') => serde_json::from_str(self.0).ok(),
            _ => None,
        }
    }

    /// The number as an `i64`, when it is an integer that fits (exactly
    /// when [`Number::as_i64`] of [`FieldValue::number`] gives one).
    pub fn as_i64(self) -> Option<i64> {
        let b = self.0.as_bytes();
        // Up to 18 digits always fit; anything else takes serde_json's
        // reading (signs, `-0`, fractions, exponents, large values).
        if !b.is_empty() && b.len() <= 18 && b.iter().all(u8::is_ascii_digit) {
            return self.0.parse().ok();
        }
        self.number()?.as_i64()
    }

    /// The column type of the value: as [`ColumnType::of`] on the parsed
    /// value (`None` for `null`).
    pub fn column_type(self) -> Option<ColumnType> {
        match self.0.as_bytes().first()? {
            b'n' => None,
            b't' | b'f' => Some(ColumnType::Boolean),
            b'"' => Some(match self.as_str() {
                Some(s) if looks_like_timestamp(&s) => ColumnType::Timestamp,
                _ => ColumnType::Text,
            }),
            b'{' | b'[' => Some(ColumnType::Json),
            _ => Some(if self.as_i64().is_some() {
                ColumnType::Integer
            } else {
                ColumnType::Real
            }),
        }
    }

    /// The value parsed.
    pub fn to_value(self) -> Value {
        serde_json::from_str(self.0).unwrap_or(Value::Null)
    }

    /// The value's JSON text without the whitespace outside strings (keys
    /// in the order sent, strings as sent): borrowed when there was none.
    pub fn compact<'b>(self, buf: &'b mut String) -> &'b str
    where
        'a: 'b,
    {
        let b = self.0.as_bytes();
        if !b.iter().any(|c| matches!(c, b' ' | b'\n' | b'\r' | b'\t')) {
            return self.0;
        }
        buf.clear();
        self.write_compact(buf);
        buf
    }

    /// Appends [`FieldValue::compact`]'s text to `out`.
    pub fn write_compact(self, out: &mut String) {
        let mut in_string = false;
        let mut escaped = false;
        let mut from = 0;
        for (i, &c) in self.0.as_bytes().iter().enumerate() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == b'\\' {
                    escaped = true;
                } else if c == b'"' {
                    in_string = false;
                }
            } else if c == b'"' {
                in_string = true;
            } else if matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                out.push_str(&self.0[from..i]);
                from = i + 1;
            }
        }
        out.push_str(&self.0[from..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(text: &str) -> Row {
        Row::from_raw(RawValue::from_string(text.to_owned()).unwrap()).unwrap()
    }

    #[test]
    fn fields_keep_their_order_and_the_last_repeat_wins() {
        let r = row(r#" { "b" : 1, "a\u0041" : "x", "b": {"z": 1, "y" : [ 1 , 2 ]} } "#);
        let keys: Vec<&str> = r.fields().map(|(k, _)| k).collect();
        assert_eq!(keys, ["b", "aA", "b"]);
        assert_eq!(r.get("aA").unwrap().as_str().unwrap(), "x");
        let b = r.get("b").unwrap();
        assert!(b.is_json());
        let mut buf = String::new();
        assert_eq!(b.compact(&mut buf), r#"{"z":1,"y":[1,2]}"#);
        assert!(r.get("c").is_none());
        assert_eq!(find_field(r.text(), "b"), r.get("b"));
        assert_eq!(find_field(r.text(), "aA").unwrap().text(), "\"x\"");
        assert_eq!(find_field("[1]", "b"), None);
    }

    #[test]
    fn a_record_that_is_not_an_object_is_handed_back() {
        for text in ["42", "[1]", "\"s\"", "null"] {
            let back = Row::from_raw(RawValue::from_string(text.to_owned()).unwrap()).unwrap_err();
            assert_eq!(back.get(), text);
        }
    }

    #[test]
    fn column_types_match_those_of_parsed_values() {
        let texts = [
            "null",
            "true",
            "false",
            "0",
            "-0",
            "7",
            "-7",
            "123456789012345678",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "18446744073709551616",
            "1.5",
            "1e3",
            "-2.5E-3",
            "\"\"",
            "\"text\"",
            "\"2024-01-31T12:00:00Z\"",
            "\"2024-01-31T12:00:00.123+02:00\"",
            "\"2024-01-31\"",
            "\"with \\\"escape\\\" and \\u00e9\"",
            "{}",
            "[]",
            "{\"a\": [1, {\"b\": null}]}",
        ];
        for t in texts {
            let v: Value = serde_json::from_str(t).unwrap();
            let f = FieldValue(t);
            assert_eq!(f.column_type(), ColumnType::of(&v), "{t}");
            assert_eq!(f.as_i64(), v.as_i64(), "{t}");
            assert_eq!(f.number(), v.as_number().cloned(), "{t}");
            assert_eq!(f.as_bool(), v.as_bool(), "{t}");
            assert_eq!(f.as_str().as_deref(), v.as_str(), "{t}");
            assert_eq!(f.is_null(), v.is_null(), "{t}");
            assert_eq!(f.to_value(), v, "{t}");
        }
    }

    #[test]
    fn compact_json_removes_whitespace_outside_strings_only() {
        let t = "{ \"a b\" : \"x \\\" y\\\\\" ,\n\t\"c\" : [ 1 , 2 ] }";
        let mut buf = String::new();
        let c = FieldValue(t).compact(&mut buf).to_owned();
        assert_eq!(c, r#"{"a b":"x \" y\\","c":[1,2]}"#);
        let parsed: Value = serde_json::from_str(&c).unwrap();
        assert_eq!(parsed, serde_json::from_str::<Value>(t).unwrap());
        // Already compact: the text itself.
        assert_eq!(FieldValue("[1,2]").compact(&mut buf), "[1,2]");
    }

    #[test]
    fn a_row_from_a_map_reads_back_the_same_fields() {
        let m = serde_json::json!({"id": 1, "name": "x", "tags": ["a"]});
        let r = Row::from_map(m.as_object().unwrap());
        assert_eq!(r.to_value(), m);
        assert_eq!(r.len(), 3);
        assert_eq!(r.get("id").unwrap().as_i64(), Some(1));
    }
}
