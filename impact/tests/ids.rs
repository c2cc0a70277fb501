//! One Rust type per kind of id (issue 14, item 4): every impact.com id is
//! a `String`, as the wire sends it; a record's own id is not optional (a
//! record without it is a decode error naming the path); and the same
//! campaign id flows from a listed campaign into the endpoint methods and
//! the conversion payload without conversion.

mod common;

use affiliate_common::test_util::MockApi;
use impact_com::Error;
use impact_com::models::{brand, partner};
use impact_com::sandbox::{SANDBOX_ACCOUNT_SID, SANDBOX_EVENT_TYPE_ID, start};
use serde_json::json;

/// A page of campaigns as impact.com sends it.
fn page(campaigns: serde_json::Value) -> serde_json::Value {
    json!({
        "@page": "1", "@numpages": "1", "@pagesize": "1000", "@total": "2",
        "@start": "0", "@end": "1", "@nextpageuri": "",
        "Campaigns": campaigns,
    })
}

#[tokio::test]
async fn a_listed_campaign_without_its_id_is_a_decode_error_at_its_path() {
    let api = MockApi::start().await;
    let body = page(json!([{"Id": "1000", "Name": "Acme"}, {"Name": "No id"}]));
    common::expect("GET", "/Advertisers/IR1/Campaigns", body)
        .query(&[("PageSize", "1000")])
        .mount(&api)
        .await;
    let err = common::client(&api)
        .brand(common::SID)
        .campaigns()
        .list()
        .send()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.path, "Campaigns[1]", "{err}");
    assert!(err.to_string().contains("missing field `Id`"), "{err}");
}

#[tokio::test]
async fn a_fetched_record_without_its_id_fails_and_a_null_id_too() {
    let api = MockApi::start().await;
    common::expect(
        "GET",
        "/Advertisers/IR1/Campaigns/1000",
        json!({"Name": "Acme"}),
    )
    .mount(&api)
    .await;
    common::expect("GET", "/Advertisers/IR1/Actions/A-1", json!({"Id": null}))
        .mount(&api)
        .await;
    let brand = common::client(&api).brand(common::SID);
    let err = brand.campaigns().get(1000).await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(err.to_string().contains("missing field `Id`"), "{err}");
    let err = brand.actions().get("A-1").await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.path, "Id", "{err}");
}

#[test]
fn ids_read_from_text_or_numbers_into_one_string_type() {
    // The wire sends `"1000"`; a number is read as its text.
    let a: brand::Program = serde_json::from_value(json!({"Id": "1000"})).unwrap();
    let b: brand::Program = serde_json::from_value(json!({"Id": 1000})).unwrap();
    assert_eq!(a.id, "1000");
    assert_eq!(a.id, b.id);
    let action: brand::Action = serde_json::from_value(json!({
        "Id": "1000.4000.1", "CampaignId": 1000, "ActionTrackerId": "12345",
        "MediaPartnerId": 50000, "AdId": "88"
    }))
    .unwrap();
    assert_eq!(action.campaign_id.as_deref(), Some(a.id.as_str()));
    assert_eq!(action.action_tracker_id.as_deref(), Some("12345"));
    assert_eq!(action.media_partner_id.as_deref(), Some("50000"));
    // The Partner API's program is keyed by its campaign id.
    let err =
        serde_json::from_value::<partner::Program>(json!({"CampaignName": "Acme"})).unwrap_err();
    assert!(
        err.to_string().contains("missing field `CampaignId`"),
        "{err}"
    );
    let p: partner::Program = serde_json::from_value(json!({"CampaignId": 1000})).unwrap();
    assert_eq!(p.campaign_id, a.id);
}

/// The campaign id of a listed campaign goes as it is (`&campaign.id`) into
/// `campaigns().get`, `actions().list` and `ConversionPayload::new`, and
/// comes back as the same `String` in the actions and the conversion sent.
#[tokio::test]
async fn a_listed_campaign_id_flows_into_get_actions_and_a_conversion() {
    let running = start().await.unwrap();
    let brand = running.client.brand(SANDBOX_ACCOUNT_SID);
    let campaigns = brand.campaigns().list().collect_all().await.unwrap();
    let campaign: &brand::Program = campaigns
        .iter()
        .find(|c| c.id == "1000")
        .expect("the sandbox's campaign 1000");
    let id: &String = &campaign.id;

    let again = brand.campaigns().get(id).await.unwrap();
    assert_eq!(&again.id, id);

    let actions = brand
        .actions()
        .list(id)
        .start_date("2026-01-01T00:00:00Z")
        .end_date("2026-02-01T00:00:00Z")
        .collect_all()
        .await
        .unwrap();
    assert!(!actions.is_empty(), "the sandbox's campaign has actions");
    assert!(
        actions.iter().all(|a| a.campaign_id.as_ref() == Some(id)),
        "{actions:?}"
    );
    // The event type an action reports goes back the same way.
    let tracker = actions[0]
        .action_tracker_id
        .as_ref()
        .expect("an action names its event type");
    assert_eq!(tracker, SANDBOX_EVENT_TYPE_ID);

    let payload = brand::ConversionPayload::new(tracker, "NOW", id, "ORDER-IDS-1");
    assert_eq!(&payload.campaign_id, id);
    let queued = brand.conversions().submit(&payload).await.unwrap();
    assert_eq!(queued.status, Some(impact_com::WriteStatus::Queued));
    let sent = running.api.conversions();
    let form = sent.last().expect("the conversion reached the sandbox");
    assert!(
        form.iter().any(|(k, v)| k == "CampaignId" && v == id),
        "{form:?}"
    );
    assert!(
        form.iter().any(|(k, v)| k == "EventTypeId" && v == "12345"),
        "{form:?}"
    );

    // A number and the text of the id reach the same campaign.
    let by_number = brand.campaigns().get(1000).await.unwrap();
    let by_text = brand.campaigns().get("1000").await.unwrap();
    assert_eq!((&by_number.id, &by_text.id), (id, id));
}
