//! No sandbox fakes a 404 (issue 14, item 2): a request a sandbox does not
//! model answers `501` with the code `sandbox_unsupported`, in the API's own
//! error shape so the crate decodes the code, while an unknown id of a
//! modelled resource stays the API's real `404`.

use affiliate_common::Error;

/// Checks that `result` is the sandbox's 501 `sandbox_unsupported`.
fn assert_unsupported(api: &str, result: Result<serde_json::Value, Error>) {
    let err = result.expect_err("an unmodelled route must fail");
    let e = err
        .api_error()
        .unwrap_or_else(|| panic!("{api}: not an API error: {err:?}"));
    assert_eq!(e.status.as_u16(), 501, "{api}: {err}");
    assert_eq!(
        e.code.as_deref(),
        Some("sandbox_unsupported"),
        "{api}: {err}"
    );
    assert!(
        e.message.starts_with("The sandbox does not serve GET /"),
        "{api}: {err}"
    );
    assert!(!err.is_retryable(), "{api}: a 501 is not retried");
}

fn assert_real_404(api: &str, result: Result<serde_json::Value, Error>) {
    let err = result.expect_err("an unknown id must fail");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{api}: {err}");
    assert_ne!(
        err.api_error().and_then(|e| e.code.as_deref()),
        Some("sandbox_unsupported"),
        "{api}"
    );
}

#[tokio::test]
async fn partnerstack_unmodelled_routes_are_501_and_unknown_ids_404() {
    let ps = partnerstack::sandbox::start().await.unwrap();
    assert_unsupported(
        "partnerstack",
        ps.client.get_json("no-such-collection", &[]).await,
    );
    assert_unsupported(
        "partnerstack",
        ps.client
            .get_json("partnerships/x/no-such-child/y", &[])
            .await,
    );
    assert_unsupported(
        "partnerstack partner",
        ps.partner.get_json("no-such", &[]).await,
    );
    assert_real_404(
        "partnerstack",
        ps.client.get_json("partnerships/part_missing", &[]).await,
    );
}

#[tokio::test]
async fn impact_unmodelled_routes_are_501_and_unknown_ids_404() {
    let im = impact_com::sandbox::start().await.unwrap();
    let sid = im.client.account_sid().to_owned();
    assert_unsupported("impact", im.client.get_json("NoSuchRoot", &[]).await);
    assert_unsupported(
        "impact",
        im.client
            .get_json(&format!("Advertisers/{sid}/NoSuchResource"), &[])
            .await,
    );
    assert_real_404(
        "impact",
        im.client
            .get_json(&format!("Advertisers/{sid}/Campaigns/999999999"), &[])
            .await,
    );
}

#[tokio::test]
async fn referralhero_unmodelled_routes_are_501_and_unknown_ids_404() {
    let rh = referralhero::sandbox::start().await.unwrap();
    let list = rh.api.list_uuids()[0].clone();
    assert_unsupported("referralhero", rh.client.get_json("no-such", &[]).await);
    assert_unsupported(
        "referralhero",
        rh.client
            .get_json(&format!("lists/{list}/no-such-child"), &[])
            .await,
    );
    assert_real_404(
        "referralhero",
        rh.client
            .get_json(&format!("lists/{list}/subscribers/sub_missing"), &[])
            .await,
    );
}

#[tokio::test]
async fn dub_unmodelled_routes_are_501_and_unknown_ids_404() {
    let dub = dub::sandbox::start().await.unwrap();
    assert_unsupported("dub", dub.client.get_json("no-such", &[]).await);
    assert_real_404(
        "dub",
        dub.client.get_json("customers/cus_missing", &[]).await,
    );
    assert_real_404(
        "dub",
        dub.client
            .get_json("links/info", &[("linkId", "link_missing")])
            .await,
    );
}
