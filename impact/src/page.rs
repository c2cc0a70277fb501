//! The list envelope: `@`-prefixed paging metadata plus one collection array.
//!
//! ```json
//! {"@page":"1","@numpages":"3","@pagesize":"100","@total":"250","@start":"0","@end":"99",
//!  "@uri":"/Advertisers/IR1/Campaigns?PageSize=100&Page=1",
//!  "@nextpageuri":"/Advertisers/IR1/Campaigns?PageSize=100&Page=2", "Campaigns":[ ... ]}
//! ```
//!
//! Every metadata value is a string on the wire (`""` when absent). The
//! collection key differs per resource (`Campaigns`, `Actions`, `Partners`
//! or, on older API versions, `MediaPartners`, ...): [`ImpactPage`] takes the
//! items from whichever non-`@` key holds an array, so every generation
//! decodes.
//!
//! Pagination follows `@nextpageuri` (resolved against the API origin; a
//! link to another origin ends the stream with an error). `@total` is not
//! used to end or check a stream: catalog item listings report `0`.
//!
//! A page without `@nextpageuri` ends the stream only when it is the last
//! one: when `@page` is below `@numpages`, the missing link ends the stream
//! with [`IncompleteKind::MissingNextLink`](affiliate_common::IncompleteKind::MissingNextLink)
//! instead of a silently short list, whether pages are fetched one by one
//! or concurrently.

use std::fmt;
use std::marker::PhantomData;

use affiliate_common::lenient;
use affiliate_common::{PageBody, PageParts};
use serde::Deserialize;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor,
};
use serde_json::{Map, Value};

/// One page of an impact.com list.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ImpactPage<T> {
    /// The records of this page.
    pub items: Vec<T>,
    /// The key the records came under (`Campaigns`, `Partners`, ...).
    pub collection_key: Option<String>,
    /// `@page`: this page's number, 1-based.
    pub page: Option<u64>,
    /// `@numpages`: the number of pages.
    pub num_pages: Option<u64>,
    /// `@pagesize`: records per page.
    pub page_size: Option<u64>,
    /// `@total`: the number of records (unreliable: catalog items report 0).
    pub total: Option<u64>,
    /// `@start`: zero-based position of the first record of this page.
    pub start: Option<u64>,
    /// `@end`: zero-based position of the last record of this page.
    pub end: Option<u64>,
    /// `@uri`: this page's URI, relative to the API host.
    pub uri: Option<String>,
    /// `@firstpageuri`.
    pub first_page_uri: Option<String>,
    /// `@previouspageuri` (`None` on the first page).
    pub previous_page_uri: Option<String>,
    /// `@nextpageuri` (`None` on the last page).
    pub next_page_uri: Option<String>,
    /// `@lastpageuri`.
    pub last_page_uri: Option<String>,
    /// Every other key, as sent (unknown `@` keys included).
    pub extra: Map<String, Value>,
}

impl<T> Default for ImpactPage<T> {
    fn default() -> Self {
        ImpactPage {
            items: Vec::new(),
            collection_key: None,
            page: None,
            num_pages: None,
            page_size: None,
            total: None,
            start: None,
            end: None,
            uri: None,
            first_page_uri: None,
            previous_page_uri: None,
            next_page_uri: None,
            last_page_uri: None,
            extra: Map::new(),
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> PageBody for ImpactPage<T> {
    type Item = T;

    /// Items, `@numpages` as the page count, `@nextpageuri` as the next
    /// link, and `@page < @numpages` as `has_more` (unknown when either is
    /// missing, or when `@numpages` is `0` as on some catalog listings).
    fn into_parts(self) -> PageParts<T> {
        let has_more = match (self.page, self.num_pages) {
            (Some(page), Some(pages)) if pages > 0 => Some(page < pages),
            _ => None,
        };
        PageParts::new(self.items)
            .total_pages(self.num_pages)
            .next_link(self.next_page_uri)
            .has_more(has_more)
    }
}

impl<T: DeserializeOwned + Send + 'static> affiliate_common::pagination::RawPageBody
    for ImpactPage<T>
{
    type Raw = ImpactPage<affiliate_common::pagination::RawItem>;
}

#[derive(Deserialize)]
struct LenientU64(#[serde(deserialize_with = "lenient::option_u64")] Option<u64>);

#[derive(Deserialize)]
struct LenientString(#[serde(deserialize_with = "lenient::option_string")] Option<String>);

/// A value that is either the collection array (decoded straight into `T`s,
/// so decode errors keep their JSON path) or anything else.
enum Slot<T> {
    Items(Vec<T>),
    Other(Value),
}

struct SlotSeed<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for SlotSeed<T> {
    type Value = Slot<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Slot<T>, D::Error> {
        d.deserialize_any(SlotVisitor(PhantomData))
    }
}

struct SlotVisitor<T>(PhantomData<fn() -> T>);

macro_rules! other_scalar {
    ($($f:ident: $t:ty),*) => {
        $(fn $f<E: de::Error>(self, v: $t) -> Result<Slot<T>, E> {
            Ok(Slot::Other(Value::from(v)))
        })*
    };
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for SlotVisitor<T> {
    type Value = Slot<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Slot<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element::<T>()? {
            items.push(item);
        }
        Ok(Slot::Items(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Slot<T>, A::Error> {
        Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(Slot::Other)
    }
    other_scalar!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64, visit_str: &str, visit_string: String);
    fn visit_unit<E: de::Error>(self) -> Result<Slot<T>, E> {
        Ok(Slot::Other(Value::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Slot<T>, E> {
        Ok(Slot::Other(Value::Null))
    }
}

struct PageVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PageVisitor<T> {
    type Value = ImpactPage<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "an impact.com list object with `@` paging keys and a collection array, or a bare array",
        )
    }

    /// A bare array (the Agency API's `GET /Advertisers`): the whole list in
    /// one page, with no paging keys.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ImpactPage<T>, A::Error> {
        let mut page = ImpactPage::default();
        while let Some(item) = seq.next_element::<T>()? {
            page.items.push(item);
        }
        Ok(page)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ImpactPage<T>, A::Error> {
        let mut page = ImpactPage::default();
        let mut have_items = false;
        while let Some(key) = map.next_key::<String>()? {
            if let Some(meta) = key.strip_prefix('@') {
                let num = |m: &mut A| m.next_value::<LenientU64>().map(|v| v.0);
                let text = |m: &mut A| m.next_value::<LenientString>().map(|v| v.0);
                match meta {
                    "page" => page.page = num(&mut map)?,
                    "numpages" => page.num_pages = num(&mut map)?,
                    "pagesize" => page.page_size = num(&mut map)?,
                    "total" => page.total = num(&mut map)?,
                    "start" => page.start = num(&mut map)?,
                    "end" => page.end = num(&mut map)?,
                    "uri" => page.uri = text(&mut map)?,
                    "firstpageuri" => page.first_page_uri = text(&mut map)?,
                    "previouspageuri" => page.previous_page_uri = text(&mut map)?,
                    "nextpageuri" => page.next_page_uri = text(&mut map)?,
                    "lastpageuri" => page.last_page_uri = text(&mut map)?,
                    _ => {
                        let v: Value = map.next_value()?;
                        page.extra.insert(key, v);
                    }
                }
                continue;
            }
            if have_items && !page.items.is_empty() {
                // The collection is found; later arrays are kept as sent.
                let v: Value = map.next_value()?;
                page.extra.insert(key, v);
                continue;
            }
            match map.next_value_seed(SlotSeed::<T>(PhantomData))? {
                Slot::Items(items) => {
                    if have_items && let Some(prev) = page.collection_key.take() {
                        // An empty array came first: keep it as sent.
                        page.extra.insert(prev, Value::Array(Vec::new()));
                    }
                    page.items = items;
                    page.collection_key = Some(key);
                    have_items = true;
                }
                Slot::Other(v) => {
                    page.extra.insert(key, v);
                }
            }
        }
        Ok(page)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ImpactPage<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PageVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_metadata_and_any_collection_key() {
        let p: ImpactPage<Value> = serde_json::from_str(
            r#"{"@page":"2","@numpages":"3","@pagesize":"2","@total":"0","@start":"2","@end":"3",
                "@uri":"/x?Page=2","@firstpageuri":"/x?Page=1","@previouspageuri":"/x?Page=1",
                "@nextpageuri":"/x?Page=3","@lastpageuri":"/x?Page=3","@extra":"y",
                "MediaPartners":[{"Id":"1"},{"Id":"2"}]}"#,
        )
        .unwrap();
        assert_eq!(p.items.len(), 2);
        assert_eq!(p.collection_key.as_deref(), Some("MediaPartners"));
        assert_eq!(
            (p.page, p.num_pages, p.page_size, p.total),
            (Some(2), Some(3), Some(2), Some(0))
        );
        assert_eq!((p.start, p.end), (Some(2), Some(3)));
        assert_eq!(p.next_page_uri.as_deref(), Some("/x?Page=3"));
        assert_eq!(p.extra["@extra"], "y");
        let parts = p.into_parts();
        assert_eq!(parts.total_pages, Some(3));
        assert_eq!(parts.has_more, Some(true), "page 2 of 3");
        assert_eq!(
            parts.total_items, None,
            "@total must not end or check a stream"
        );
        assert_eq!(parts.next_link.as_deref(), Some("/x?Page=3"));
    }

    #[test]
    fn empty_strings_are_none_and_an_empty_first_array_yields() {
        let p: ImpactPage<Value> = serde_json::from_str(
            r#"{"@page":"1","@nextpageuri":"","@previouspageuri":"","Warnings":[],"Partners":[{"Id":"9"}],"Other":[1]}"#,
        )
        .unwrap();
        assert_eq!(p.next_page_uri, None);
        assert_eq!(p.collection_key.as_deref(), Some("Partners"));
        assert_eq!(p.items.len(), 1);
        assert_eq!(p.extra["Warnings"], Value::Array(vec![]));
        assert_eq!(p.extra["Other"], serde_json::json!([1]));
    }

    #[test]
    fn a_bare_array_is_one_page_without_paging_keys() {
        let p: ImpactPage<Value> = serde_json::from_str(r#"[{"Id":"1"},{"Id":"2"}]"#).unwrap();
        assert_eq!(p.items.len(), 2);
        assert_eq!(p.collection_key, None);
        assert_eq!(p.next_page_uri, None);
        let parts = p.into_parts();
        assert_eq!(parts.next_link, None);
        assert_ne!(parts.has_more, Some(true));
    }

    #[test]
    fn item_decode_errors_keep_their_path() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Item {
            #[serde(rename = "Id", deserialize_with = "lenient::string_or_number")]
            id: String,
        }
        let body = br#"{"@page":"1","Campaigns":[{"Id":"1"},{"Id":{}}]}"#;
        let mut de = serde_json::Deserializer::from_slice(body);
        let err = serde_path_to_error::deserialize::<_, ImpactPage<Item>>(&mut de).unwrap_err();
        assert_eq!(err.path().to_string(), "Campaigns[1].Id");
    }
}
