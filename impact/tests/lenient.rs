//! Lenient scalars: string numbers, string booleans and `""` decode into
//! typed values, on payloads shaped like tap-impact's older generation.

mod common;

use affiliate_common::lenient;
use common::fixture;
use impact_com::ImpactPage;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// A local model in the style the generator emits: every field optional,
/// lenient, with a catch-all.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Action {
    #[serde(default, deserialize_with = "lenient::option_string")]
    id: Option<String>,
    #[serde(default, deserialize_with = "lenient::option_i64")]
    campaign_id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::option_u64")]
    action_tracker_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::option_u64")]
    ad_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::option_f64")]
    payout: Option<f64>,
    #[serde(default, deserialize_with = "lenient::option_f64")]
    amount: Option<f64>,
    #[serde(default, deserialize_with = "lenient::option_string")]
    locking_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::option_string")]
    media_partner_id: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MediaPartner {
    #[serde(default, deserialize_with = "lenient::option_u64")]
    id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::option_i64")]
    rating: Option<i64>,
    #[serde(default, deserialize_with = "lenient::option_string")]
    city: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Program {
    #[serde(default, deserialize_with = "lenient::option_u64")]
    id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::option_bool")]
    list_in_marketplace: Option<bool>,
    #[serde(default, deserialize_with = "lenient::option_i64")]
    rating: Option<i64>,
}

#[test]
fn tap_shaped_actions_decode_with_string_scalars_and_empties() {
    let page: ImpactPage<Action> =
        serde_json::from_value(fixture("actions_tap_page.json")).unwrap();
    let a = &page.items[0];
    assert_eq!(a.id.as_deref(), Some("1000.4000.1"));
    assert_eq!(a.campaign_id, Some(1000));
    assert_eq!(a.action_tracker_id, Some(12345));
    assert_eq!(a.ad_id, None, "\"\" is none");
    assert_eq!(a.payout, Some(8.40));
    assert_eq!(a.amount, Some(105.0));
    assert_eq!(a.locking_date, None);
    assert_eq!(a.extra["State"], "APPROVED");
    // The second record sends real numbers, null and an unknown key.
    let b = &page.items[1];
    assert_eq!(b.campaign_id, Some(1000));
    assert_eq!(b.payout, Some(0.88));
    assert_eq!(b.amount, Some(12.0));
    assert_eq!(b.ad_id, Some(88));
    assert_eq!(b.media_partner_id, None);
    assert_eq!(b.locking_date, None);
    assert_eq!(b.extra["NewFieldFromALaterVersion"], json!({"x": "1"}));
}

#[test]
fn tap_shaped_media_partners_decode_under_the_old_key() {
    let page: ImpactPage<MediaPartner> =
        serde_json::from_value(fixture("media_partners_tap_page.json")).unwrap();
    assert_eq!(page.collection_key.as_deref(), Some("MediaPartners"));
    assert_eq!(page.items[0].id, Some(50001));
    assert_eq!(page.items[0].rating, Some(4));
    assert_eq!(page.items[0].city.as_deref(), Some("Santa Barbara"));
    assert_eq!(page.items[1].rating, None);
    assert_eq!(page.items[1].city, None);
    assert_eq!(page.items[0].extra["RelationshipState"], "ACTIVE");
}

#[test]
fn every_scalar_kind() {
    let p: Program =
        serde_json::from_str(r#"{"Id":"1000","ListInMarketplace":"true","Rating":"3"}"#).unwrap();
    assert_eq!(
        (p.id, p.list_in_marketplace, p.rating),
        (Some(1000), Some(true), Some(3))
    );
    let p: Program =
        serde_json::from_str(r#"{"Id":1000,"ListInMarketplace":false,"Rating":-1}"#).unwrap();
    assert_eq!(
        (p.id, p.list_in_marketplace, p.rating),
        (Some(1000), Some(false), Some(-1))
    );
    let p: Program =
        serde_json::from_str(r#"{"Id":"","ListInMarketplace":"","Rating":null}"#).unwrap();
    assert_eq!((p.id, p.list_in_marketplace, p.rating), (None, None, None));
    let p: Program = serde_json::from_str(r#"{}"#).unwrap();
    assert_eq!((p.id, p.list_in_marketplace, p.rating), (None, None, None));
    let p: Program = serde_json::from_str(r#"{"ListInMarketplace":"false","Id":"7.0"}"#).unwrap();
    assert_eq!((p.id, p.list_in_marketplace), (Some(7), Some(false)));
    // A value that is not the type at all stays an error.
    assert!(serde_json::from_str::<Program>(r#"{"Id":"abc"}"#).is_err());
    assert!(serde_json::from_str::<Program>(r#"{"ListInMarketplace":"maybe"}"#).is_err());
}

#[test]
fn page_metadata_is_lenient_too() {
    let p: ImpactPage<Value> = serde_json::from_str(
        r#"{"@page":1,"@numpages":"2","@pagesize":"","@total":null,"Items":[]}"#,
    )
    .unwrap();
    assert_eq!(
        (p.page, p.num_pages, p.page_size, p.total),
        (Some(1), Some(2), None, None)
    );
    assert!(p.items.is_empty());
}
