//! PartnerStack's success envelopes.
//!
//! Every response is `{"data": ..., "message": "...", "status": 200}`.
//! Lists put a page in `data`: `{"items": [...], "has_more": true, "total": 1234}`
//! (`total` is missing on some endpoints). A few endpoints (deal form
//! templates) send `data` as a bare array instead; [`ListData`] accepts both.

use std::fmt;
use std::marker::PhantomData;

use affiliate_common::{PageBody, PageParts, lenient};
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// The `{data, message, status}` success envelope.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Envelope<T> {
    /// The payload.
    pub data: T,
    /// A human-readable message (`"Page returned successfully"`).
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub message: Option<String>,
    /// The HTTP status repeated in the body, sent as a number or a numeric string.
    #[serde(default, deserialize_with = "lenient::option_i64")]
    pub status: Option<i64>,
}

impl<T: DeserializeOwned + Send + 'static> affiliate_common::Envelope for Envelope<T> {
    type Payload = T;
    fn into_payload(self) -> T {
        self.data
    }
}

/// The `data` of a list response: a page object, or a bare array.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ListData<T> {
    /// The records.
    pub items: Vec<T>,
    /// Whether more records follow (absent when `data` was a bare array).
    pub has_more: Option<bool>,
    /// The number of records matching the query, when the API reports it.
    pub total: Option<u64>,
}

/// A list response: `{"data": {"items": [...], "has_more": ..., "total": ...}}`.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct ListEnvelope<T> {
    /// The page.
    pub data: ListData<T>,
    /// A human-readable message.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub message: Option<String>,
    /// The HTTP status repeated in the body.
    #[serde(default, deserialize_with = "lenient::option_i64")]
    pub status: Option<i64>,
}

impl<T: DeserializeOwned + Send + 'static> PageBody for ListEnvelope<T> {
    type Item = T;
    fn into_parts(self) -> PageParts<T> {
        PageParts::new(self.data.items)
            .has_more(self.data.has_more)
            .total_items(self.data.total)
    }
}

impl<T: DeserializeOwned + Send + 'static> affiliate_common::pagination::RawPageBody
    for ListEnvelope<T>
{
    type Raw = ListEnvelope<affiliate_common::pagination::RawItem>;

    /// PartnerStack's cursor is the record's `key`.
    fn raw_cursor_key(record: &affiliate_common::pagination::RawItem) -> Option<String> {
        affiliate_common::pagination::raw_string_field(record, "key")
    }
}

#[derive(Deserialize)]
#[serde(transparent)]
struct LenientBool(#[serde(deserialize_with = "lenient::option_bool")] Option<bool>);

#[derive(Deserialize)]
#[serde(transparent)]
struct LenientU64(#[serde(deserialize_with = "lenient::option_u64")] Option<u64>);

#[derive(Deserialize)]
#[serde(transparent)]
struct NullableVec<T>(Option<Vec<T>>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ListData<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = ListData<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a page object {items, has_more, total} or an array")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(ListData {
                    items,
                    has_more: None,
                    total: None,
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = ListData {
                    items: Vec::new(),
                    has_more: None,
                    total: None,
                };
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "items" => {
                            out.items = map.next_value::<NullableVec<T>>()?.0.unwrap_or_default()
                        }
                        "has_more" => out.has_more = map.next_value::<LenientBool>()?.0,
                        "total" => out.total = map.next_value::<LenientU64>()?.0,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(out)
            }

            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(ListData {
                    items: Vec::new(),
                    has_more: Some(false),
                    total: None,
                })
            }
        }

        d.deserialize_any(V(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_object_with_string_total() {
        let e: ListEnvelope<serde_json::Value> = serde_json::from_str(
            r#"{"data":{"has_more":"true","items":[{"key":"a"}],"total":"12","extra":1},"message":"ok","status":"200"}"#,
        )
        .unwrap();
        assert_eq!(e.status, Some(200));
        let parts = e.into_parts();
        assert_eq!(parts.items.len(), 1);
        assert_eq!(parts.has_more, Some(true));
        assert_eq!(parts.total_items, Some(12));
    }

    #[test]
    fn bare_array_and_null() {
        let e: ListEnvelope<serde_json::Value> =
            serde_json::from_str(r#"{"data":[{"key":"a"},{"key":"b"}],"status":200}"#).unwrap();
        assert_eq!(e.data.items.len(), 2);
        assert_eq!(e.data.has_more, None);
        let e: ListEnvelope<serde_json::Value> =
            serde_json::from_str(r#"{"data":{"items":null,"has_more":false}}"#).unwrap();
        assert!(e.data.items.is_empty());
    }
}
