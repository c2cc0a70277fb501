//! The success envelope `{status, data, calls_left, timestamp}` and the
//! list pages inside it.
//!
//! Every success response wraps its payload:
//!
//! ```json
//! { "status": "ok",
//!   "data": { "response": "subscribers_retrieved", "subscribers": [], "pagination": {} },
//!   "calls_left": 4999,
//!   "timestamp": 1487675505 }
//! ```
//!
//! [`Envelope`] unwraps `data` and reports `calls_left` (a number, or a
//! string as one SDK models it) to the common rate limiter, which exposes it
//! as `meta.rate_limit.remaining`. List responses decode `data` as a
//! [`PageData`]: the records under their collection key plus the
//! [`Pagination`] object.
//!
//! # How a list page is read
//!
//! - `pagination` fields are numbers or numeric strings (`"3"` reads as 3);
//!   a value that cannot be a count (`"-1"`, `"many"`) fails the page with
//!   [`Error::Decode`](affiliate_common::Error::Decode) naming the path
//!   (`data.pagination.total_objects`), never a silently shortened list.
//!   `null`, `""` and `[]` read as no `pagination` object.
//! - Without a `pagination` object (or with one that reports neither
//!   `total_pages` nor `total_objects`), a page is the last one unless it is
//!   full: as many records as the endpoint's fixed page size
//!   ([`CollectionKey::PAGE_SIZE`]: 10 for lists, 50 for subscribers and
//!   referrals). A full page is not trusted to be the last: the next page
//!   is requested, and the stream ends on an empty or shorter page (or fails
//!   loudly if the API answers with the same page again). Endpoints without
//!   a fixed page size (rewards of a subscriber, coupon groups) are one
//!   page when they send no `pagination`.
//! - The repeated-page guard compares pages by their records' ids and count
//!   ([`RecordId`]), since `calls_left` and `timestamp` make every body
//!   different even when the API sends the same page twice.

use std::borrow::Cow;
use std::fmt;
use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::marker::PhantomData;

use affiliate_common::{PageBody, PageParts, UnixTime};
use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// The success envelope of every ReferralHero response.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Envelope<T> {
    /// `"ok"` on success.
    #[serde(default, deserialize_with = "affiliate_common::lenient::option_string")]
    pub status: Option<String>,
    /// The payload.
    pub data: T,
    /// Calls left in the current rate window (a number or a numeric string
    /// on the wire; anything else reads as `None`).
    #[serde(default, deserialize_with = "calls_left")]
    pub calls_left: Option<u64>,
    /// When the response was produced.
    #[serde(default, deserialize_with = "lenient_time")]
    pub timestamp: Option<UnixTime>,
}

impl<T: DeserializeOwned + Send + 'static> affiliate_common::Envelope for Envelope<T> {
    type Payload = T;

    fn into_payload(self) -> T {
        self.data
    }

    fn remaining_calls(&self) -> Option<u64> {
        self.calls_left
    }
}

/// Reads `calls_left` leniently: a non-negative number or numeric string;
/// any other value (a negative number, `"unlimited"`, an object) is `None`,
/// never a decode failure.
///
/// # Errors
/// Never for well-formed JSON.
pub fn calls_left<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| *f >= 0.0 && f.is_finite())
                .map(|f| f as u64)
        }),
        Value::String(s) => {
            let t = s.trim();
            t.parse::<u64>().ok().or_else(|| {
                t.parse::<f64>()
                    .ok()
                    .filter(|f| *f >= 0.0 && f.is_finite())
                    .map(|f| f as u64)
            })
        }
        _ => None,
    })
}

/// An envelope timestamp that never fails the whole response.
fn lenient_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<UnixTime>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Number(n) => n.as_i64().map(UnixTime::from_raw),
        Value::String(s) => s.trim().parse::<i64>().ok().map(UnixTime::from_raw),
        _ => None,
    })
}

/// The `pagination` object of list responses. Every field is read
/// leniently (numbers or numeric strings, `null` or `""` for none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Pagination {
    /// The number of pages.
    #[serde(default, deserialize_with = "affiliate_common::lenient::option_u64")]
    pub total_pages: Option<u64>,
    /// This page (1-based).
    #[serde(default, deserialize_with = "affiliate_common::lenient::option_u64")]
    pub current_page: Option<u64>,
    /// The page size.
    #[serde(default, deserialize_with = "affiliate_common::lenient::option_u64")]
    pub per_page: Option<u64>,
    /// The number of records across all pages.
    #[serde(default, deserialize_with = "affiliate_common::lenient::option_u64")]
    pub total_objects: Option<u64>,
    /// The next page number, which some responses carry (unverified).
    #[serde(default, deserialize_with = "affiliate_common::lenient::option_u64")]
    pub next_page: Option<u64>,
}

/// Names the key under which a list response holds its records.
pub trait CollectionKey: Send + Sync + 'static {
    /// The expected key inside `data`.
    const KEY: &'static str;
    /// The fixed page size of the endpoints listing these records, when the
    /// API has one. A page this full that comes without a `pagination`
    /// object is not taken as the last page (see the [module docs](self)).
    const PAGE_SIZE: Option<u64> = None;
}

macro_rules! keys {
    ($($(#[$m:meta])* $name:ident = $key:literal $(, page_size = $size:literal)?;)+) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, Default)]
        #[non_exhaustive]
        pub struct $name;
        impl CollectionKey for $name {
            const KEY: &'static str = $key;
            $(const PAGE_SIZE: Option<u64> = Some($size);)?
        }
    )+};
}

keys! {
    /// `data.lists` (10 per page).
    ListsKey = "lists", page_size = 10;
    /// `data.subscribers` (also the expected key of referral listings; 50
    /// per page).
    SubscribersKey = "subscribers", page_size = 50;
    /// `data.rewards`.
    RewardsKey = "rewards";
    /// `data.coupon_groups`.
    CouponGroupsKey = "coupon_groups";
    /// `data.coupons`.
    CouponsKey = "coupons";
    /// `data.bonuses` (the documented shape is a bare array in `data`).
    BonusesKey = "bonuses";
}

/// The id a record is known by, which tells one list page from another.
///
/// List envelopes hash the ids of a page's records (with their count) into
/// [`PageParts::identity`], so the pagination engine can see that the API
/// sent the same page twice even though `calls_left` and `timestamp` differ.
pub trait RecordId {
    /// The record's id; `None` (or an empty id) when it has none, which
    /// leaves the page without an identity.
    fn record_id(&self) -> Option<Cow<'_, str>>;
}

macro_rules! record_ids {
    ($($ty:ty => |$r:ident| $e:expr;)+) => {$(
        impl RecordId for $ty {
            fn record_id(&self) -> Option<Cow<'_, str>> {
                let $r = self;
                $e
            }
        }
    )+};
}

record_ids! {
    crate::models::Subscriber => |r| Some(Cow::Borrowed(r.id.as_str()));
    crate::models::List => |r| Some(Cow::Borrowed(r.uuid.as_str()));
    crate::models::Reward => |r| Some(Cow::Borrowed(r.id.as_str()));
    crate::models::CouponGroup => |r| Some(Cow::Borrowed(r.id.as_str()));
    crate::models::Coupon => |r| r.code.as_deref().map(Cow::Borrowed);
    crate::models::Bonus => |r| Some(Cow::Borrowed(r.id.as_str()));
}

/// An untyped record: its `id`, else `uuid`, else `code` (a string or a
/// number).
impl RecordId for Value {
    fn record_id(&self) -> Option<Cow<'_, str>> {
        let v = ["id", "uuid", "code"].iter().find_map(|k| self.get(*k))?;
        match v {
            Value::String(s) => Some(Cow::Borrowed(s.as_str())),
            Value::Number(n) => Some(Cow::Owned(n.to_string())),
            _ => None,
        }
    }
}

/// A raw record (its JSON text): the same fields as for [`Value`], read
/// from the text without building the record.
impl RecordId for affiliate_common::pagination::RawItem {
    fn record_id(&self) -> Option<Cow<'_, str>> {
        #[derive(Deserialize)]
        struct Ids<'a> {
            #[serde(borrow)]
            id: Option<&'a serde_json::value::RawValue>,
            #[serde(borrow)]
            uuid: Option<&'a serde_json::value::RawValue>,
            #[serde(borrow)]
            code: Option<&'a serde_json::value::RawValue>,
        }
        let ids: Ids<'_> = serde_json::from_str(self.get()).ok()?;
        let v: Value = serde_json::from_str(ids.id.or(ids.uuid).or(ids.code)?.get()).ok()?;
        match v {
            Value::String(s) => Some(Cow::Owned(s)),
            Value::Number(n) => Some(Cow::Owned(n.to_string())),
            _ => None,
        }
    }
}

/// A hash of the record count and every record's id, or `None` when a
/// record has no id.
fn page_identity<T: RecordId>(items: &[T]) -> Option<u64> {
    let mut h = DefaultHasher::new();
    items.len().hash(&mut h);
    for item in items {
        let id = item.record_id().filter(|id| !id.is_empty())?;
        id.hash(&mut h);
    }
    Some(h.finish())
}

/// The `pagination` value: an object, or `null`, `""` or `[]` for none.
/// The object is read in place, so a bad field fails the page with its
/// full path.
struct PaginationSlot(Option<Pagination>);

impl<'de> Deserialize<'de> for PaginationSlot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PaginationSlotVisitor)
    }
}

struct PaginationSlotVisitor;

impl<'de> Visitor<'de> for PaginationSlotVisitor {
    type Value = PaginationSlot;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a pagination object, or null")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PaginationSlot, A::Error> {
        Pagination::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|p| PaginationSlot(Some(p)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PaginationSlot, A::Error> {
        // `[]` is how some serializers write an empty object.
        match seq.next_element::<de::IgnoredAny>()? {
            None => Ok(PaginationSlot(None)),
            Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<PaginationSlot, E> {
        if v.trim().is_empty() {
            Ok(PaginationSlot(None))
        } else {
            Err(E::invalid_type(de::Unexpected::Str(v), &self))
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<PaginationSlot, E> {
        Ok(PaginationSlot(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<PaginationSlot, E> {
        Ok(PaginationSlot(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<PaginationSlot, D::Error> {
        d.deserialize_any(self)
    }
}

/// The `data` object of a list response.
///
/// The records are read from the key `K::KEY`; when that key is absent, from
/// the single array `data` holds (the collection key of several endpoints is
/// undocumented); when `data` is itself an array, from `data`. Two or more
/// candidate arrays without the expected key are a decode error rather than
/// a guess.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PageData<T, K> {
    /// The records of this page.
    pub items: Vec<T>,
    /// The key the records were read from (`None` when `data` was an array).
    pub items_key: Option<String>,
    /// The `pagination` object, when the response has one.
    pub pagination: Option<Pagination>,
    /// The outcome code (`subscribers_retrieved`, ...).
    pub response: Option<String>,
    /// Every other key of `data`.
    pub extra: Map<String, Value>,
    _key: PhantomData<fn() -> K>,
}

impl<'de, T: DeserializeOwned, K: CollectionKey> Deserialize<'de> for PageData<T, K> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PageDataVisitor::<T, K>(PhantomData))
    }
}

struct PageDataVisitor<T, K>(PhantomData<fn() -> (T, K)>);

impl<T, K> PageDataVisitor<T, K> {
    fn empty() -> PageData<T, K> {
        PageData {
            items: Vec::new(),
            items_key: None,
            pagination: None,
            response: None,
            extra: Map::new(),
            _key: PhantomData,
        }
    }
}

impl<'de, T: DeserializeOwned, K: CollectionKey> Visitor<'de> for PageDataVisitor<T, K> {
    type Value = PageData<T, K>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object holding `{}` or an array", K::KEY)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Self::empty())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Self::empty())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Self::empty();
        while let Some(item) = seq.next_element::<T>()? {
            out.items.push(item);
        }
        Ok(out)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Self::empty();
        let mut found = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == K::KEY {
                out.items = map.next_value::<Option<Vec<T>>>()?.unwrap_or_default();
                out.items_key = Some(key);
                found = true;
            } else if key == "pagination" {
                out.pagination = map.next_value::<PaginationSlot>()?.0;
            } else if key == "response" {
                match map.next_value::<Value>()? {
                    Value::String(s) => out.response = Some(s),
                    other => {
                        out.extra.insert(key, other);
                    }
                }
            } else {
                let v: Value = map.next_value()?;
                out.extra.insert(key, v);
            }
        }
        if !found {
            let arrays: Vec<String> = out
                .extra
                .iter()
                .filter(|(_, v)| v.is_array())
                .map(|(k, _)| k.clone())
                .collect();
            match arrays.as_slice() {
                [] => {}
                [only] => {
                    let v = out.extra.remove(only).unwrap_or_default();
                    out.items = serde_path_to_error::deserialize::<_, Vec<T>>(v).map_err(|e| {
                        de::Error::custom(format!("{only}{}: {}", path_suffix(e.path()), e.inner()))
                    })?;
                    out.items_key = Some(only.clone());
                }
                many => {
                    return Err(de::Error::custom(format!(
                        "no `{}` array, and {} candidate arrays ({}): cannot tell which holds the records",
                        K::KEY,
                        many.len(),
                        many.join(", ")
                    )));
                }
            }
        }
        Ok(out)
    }
}

fn path_suffix(p: &serde_path_to_error::Path) -> String {
    let s = p.to_string();
    if s == "." {
        String::new()
    } else if s.starts_with('[') {
        s
    } else {
        format!(".{s}")
    }
}

/// A list response: the envelope around a [`PageData`].
pub type ListPage<T, K> = Envelope<PageData<T, K>>;

impl<T, K> PageBody for Envelope<PageData<T, K>>
where
    T: DeserializeOwned + RecordId + Send + 'static,
    K: CollectionKey,
{
    type Item = T;

    /// Items, `total_objects` as the total, `total_pages` as the page count,
    /// `calls_left`, and the records' ids as the page identity. Without
    /// paging facts, a page is the last one unless it is full (see the
    /// [module docs](self)).
    fn into_parts(self) -> PageParts<T> {
        let calls = self.calls_left;
        let data = self.data;
        let identity = page_identity(&data.items);
        let full = K::PAGE_SIZE.is_some_and(|size| data.items.len() as u64 >= size);
        let unpaged = data.items_key.is_none();
        let parts = PageParts::new(data.items)
            .remaining_calls(calls)
            .identity(identity);
        let pagination = data
            .pagination
            .filter(|p| p.total_pages.is_some() || p.total_objects.is_some());
        match pagination {
            // A bare array in `data` is never paged; a full page may have
            // more behind it: the engine asks for the next page and ends on
            // an empty or short one.
            None if full && !unpaged => parts.has_more(None),
            None => parts.has_more(Some(false)),
            Some(p) => {
                let more = match (p.current_page, p.total_pages) {
                    (Some(c), Some(t)) => Some(c < t),
                    _ => None,
                };
                parts
                    .total_items(p.total_objects)
                    .total_pages(p.total_pages)
                    .has_more(more)
            }
        }
    }
}

impl<T, K> affiliate_common::pagination::RawPageBody for Envelope<PageData<T, K>>
where
    T: DeserializeOwned + RecordId + Send + 'static,
    K: CollectionKey,
{
    type Raw = Envelope<PageData<affiliate_common::pagination::RawItem, K>>;
}

/// The reply of calls that answer with a status rather than a record
/// (delete, qualify, bulk transactions, ...).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Ack {
    /// The outcome code from `data.response`, when sent.
    pub response: Option<String>,
    /// `data` as sent (`Null` when absent).
    pub data: Value,
}

impl Ack {
    pub(crate) fn from_data(data: Option<Value>) -> Self {
        let data = data.unwrap_or_default();
        let response = data
            .get("response")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ack { response, data }
    }

    /// `data` read as a subscriber, for calls that return one on some
    /// accounts (a transaction, for instance).
    pub fn subscriber(&self) -> Option<crate::models::Subscriber> {
        self.data.get("id")?;
        serde_json::from_value(self.data.clone()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Rec {
        id: String,
    }

    impl RecordId for Rec {
        fn record_id(&self) -> Option<Cow<'_, str>> {
            Some(Cow::Borrowed(&self.id))
        }
    }

    type P = ListPage<Rec, SubscribersKey>;

    #[test]
    fn expected_key_single_array_and_bare_array() {
        let p: P = serde_json::from_str(
            r#"{"status":"ok","data":{"subscribers":[{"id":"a"}],"other":[1],"pagination":{"total_pages":"3","total_objects":101}},"calls_left":"42"}"#,
        )
        .unwrap();
        assert_eq!(p.data.items, [Rec { id: "a".into() }]);
        assert_eq!(p.calls_left, Some(42));
        let parts = p.into_parts();
        assert_eq!(parts.total_pages, Some(3));
        assert_eq!(parts.total_items, Some(101));

        let p: P = serde_json::from_str(r#"{"data":{"referrals":[{"id":"b"}],"pagination":null}}"#)
            .unwrap();
        assert_eq!(p.data.items_key.as_deref(), Some("referrals"));
        assert_eq!(p.into_parts().has_more, Some(false));

        let p: P = serde_json::from_str(r#"{"data":[{"id":"c"}],"calls_left":null}"#).unwrap();
        assert_eq!(p.data.items.len(), 1);
        assert_eq!(p.calls_left, None);
    }

    #[test]
    fn ambiguous_arrays_fail_loudly_with_the_path() {
        let e = serde_json::from_str::<P>(r#"{"data":{"a":[],"b":[]}}"#).unwrap_err();
        assert!(e.to_string().contains("cannot tell"), "{e}");
        let e =
            serde_json::from_str::<P>(r#"{"data":{"refs":[{"id":"x"},{"nope":1}]}}"#).unwrap_err();
        assert!(e.to_string().contains("refs[1]"), "{e}");
    }

    #[test]
    fn loose_counts_are_read_and_impossible_ones_fail_with_the_path() {
        let p: P = serde_json::from_str(
            r#"{"data":{"subscribers":[{"id":"a"}],"pagination":{"total_pages":"3","current_page":"1","total_objects":" 101 "}}}"#,
        )
        .unwrap();
        let parts = p.into_parts();
        assert_eq!(
            (parts.total_pages, parts.total_items, parts.has_more),
            (Some(3), Some(101), Some(true))
        );
        let body = r#"{"status":"ok","data":{"subscribers":[{"id":"a"}],"pagination":{"total_objects":"-1","total_pages":"3"}},"calls_left":9}"#;
        let mut de = serde_json::Deserializer::from_str(body);
        let err = serde_path_to_error::deserialize::<_, P>(&mut de).unwrap_err();
        assert_eq!(err.path().to_string(), "data.pagination.total_objects");
        for bad in [r#""many""#, "[1]", "7"] {
            let body = format!(r#"{{"data":{{"subscribers":[],"pagination":{bad}}}}}"#);
            assert!(serde_json::from_str::<P>(&body).is_err(), "{bad}");
        }
        for none in ["null", r#""""#, "[]"] {
            let body = format!(r#"{{"data":{{"subscribers":[],"pagination":{none}}}}}"#);
            let p: P = serde_json::from_str(&body).unwrap();
            assert_eq!(p.data.pagination, None, "{none}");
        }
    }

    #[test]
    fn a_full_page_without_pagination_is_not_the_last() {
        let page = |n: usize| -> P {
            let recs: Vec<Value> = (0..n)
                .map(|i| serde_json::json!({"id": format!("s{i}")}))
                .collect();
            serde_json::from_value(serde_json::json!({"data": {"subscribers": recs}})).unwrap()
        };
        assert_eq!(page(50).into_parts().has_more, None, "full: ask for more");
        assert_eq!(page(49).into_parts().has_more, Some(false), "short: last");
        // No fixed size: one page.
        let p: ListPage<Rec, RewardsKey> =
            serde_json::from_str(r#"{"data":{"rewards":[{"id":"r"}]}}"#).unwrap();
        assert_eq!(p.into_parts().has_more, Some(false));
        // An empty pagination object reports nothing either.
        let recs: Vec<Value> = (0..50)
            .map(|i| serde_json::json!({"id": format!("s{i}")}))
            .collect();
        let p: P = serde_json::from_value(
            serde_json::json!({"data": {"subscribers": recs, "pagination": {}}}),
        )
        .unwrap();
        assert_eq!(p.into_parts().has_more, None);
    }

    #[test]
    fn identity_ignores_calls_left_and_timestamp() {
        let body = |calls: u32, ts: u64, ids: &[&str]| -> P {
            let recs: Vec<Value> = ids.iter().map(|i| serde_json::json!({"id": i})).collect();
            serde_json::from_value(serde_json::json!({
                "data": {"subscribers": recs, "pagination": {"total_pages": 3}},
                "calls_left": calls, "timestamp": ts
            }))
            .unwrap()
        };
        let a = body(10, 1_700_000_000, &["x", "y"]).into_parts().identity;
        let b = body(9, 1_700_000_001, &["x", "y"]).into_parts().identity;
        let c = body(9, 1_700_000_001, &["x", "z"]).into_parts().identity;
        let d = body(9, 1_700_000_001, &["x"]).into_parts().identity;
        assert!(a.is_some());
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
        // A record without an id leaves the page to the body fingerprint.
        let v: ListPage<Value, SubscribersKey> =
            serde_json::from_str(r#"{"data":{"subscribers":[{"id":"x"},{"name":"n"}]}}"#).unwrap();
        assert_eq!(v.into_parts().identity, None);
    }

    #[test]
    fn calls_left_never_fails() {
        for (json, want) in [
            ("5", Some(5)),
            ("\"7\"", Some(7)),
            ("-1", None),
            ("\"lots\"", None),
            ("{}", None),
        ] {
            let e: Envelope<Option<Value>> =
                serde_json::from_str(&format!(r#"{{"data":null,"calls_left":{json}}}"#)).unwrap();
            assert_eq!(e.calls_left, want, "{json}");
        }
    }
}
