//! What every client of the family promises, checked across the crates
//! against their local sandboxes: secrets never print, unknown ids are
//! typed 404s, path parameters stay inside their segment, and lists offer
//! the same `send` / `stream` / `pages` / `collect_all` surface.

use affiliate_common::Error;
use futures::TryStreamExt;

const SECRET: &str = "sk_live_S3CR3T_do_not_print";

fn assert_redacted(what: &str, shown: &str) {
    assert!(!shown.contains(SECRET), "{what} leaks the secret: {shown}");
}

#[test]
fn no_client_prints_its_secret() {
    let ps = partnerstack::Client::new("pk_public", SECRET).unwrap();
    assert_redacted("partnerstack::Client", &format!("{ps:?}"));
    let ps_partner = partnerstack::PartnerClient::new(SECRET).unwrap();
    assert_redacted("partnerstack::PartnerClient", &format!("{ps_partner:?}"));
    let rh = referralhero::Client::new(SECRET).unwrap();
    assert_redacted("referralhero::Client", &format!("{rh:?}"));
    let dub = dub::Client::new(format!("dub_{SECRET}")).unwrap();
    assert_redacted("dub::Client", &format!("{dub:?}"));
    let impact = impact_com::Client::new("IRsid", SECRET).unwrap();
    assert_redacted("impact_com::Client", &format!("{impact:?}"));
}

fn assert_not_found(api: &str, result: Result<impl std::fmt::Debug, Error>) {
    let err = result.expect_err("an unknown id must fail");
    assert_eq!(
        err.status().map(|s| s.as_u16()),
        Some(404),
        "{api}: expected a 404, got {err:?}"
    );
    assert!(matches!(err, Error::Api(_)), "{api}: {err:?}");
    assert!(!err.is_retryable(), "{api}: a 404 is not retryable");
}

#[tokio::test]
async fn unknown_ids_are_typed_404s_and_ids_cannot_escape_their_segment() {
    let ps = partnerstack::sandbox::start().await.unwrap();
    let rh = referralhero::sandbox::start().await.unwrap();
    let dub = dub::sandbox::start().await.unwrap();
    // `../` would climb to the collection if it were not encoded: the API
    // would then answer with a list instead of a 404.
    for id in ["part_missing", "../partnerships", "a/b?c=d"] {
        assert_not_found("partnerstack", ps.client.partnerships().get(id).await);
    }
    for id in ["sub_missing", "../subscribers"] {
        let list = rh.api.list_uuids()[0].clone();
        assert_not_found("referralhero", rh.client.subscribers(list).get(id).await);
    }
    for id in ["cus_missing", "../customers"] {
        assert_not_found("dub", dub.client.customers().get(id).send().await);
    }
    for client_err in [
        ps.client.partnerships().get("").await.unwrap_err(),
        ps.client.partnerships().get("..").await.unwrap_err(),
    ] {
        assert!(
            matches!(client_err, Error::InvalidInput { .. }),
            "{client_err:?}"
        );
    }
}

#[tokio::test]
async fn every_list_offers_the_same_lazy_surface() {
    let ps = partnerstack::sandbox::start().await.unwrap();
    let first = ps
        .client
        .partnerships()
        .list()
        .limit(10)
        .send()
        .await
        .unwrap();
    assert_eq!(first.items.len(), 10);
    assert_eq!(first.has_more, Some(true));
    let streamed: Vec<_> = ps
        .client
        .partnerships()
        .list()
        .stream()
        .try_collect()
        .await
        .unwrap();
    let collected = ps.client.partnerships().list().collect_all().await.unwrap();
    assert_eq!(streamed.len(), collected.len());
    assert_eq!(Some(collected.len() as u64), first.total_items);

    let rh = referralhero::sandbox::start().await.unwrap();
    let list = rh.api.list_uuids()[0].clone();
    let pages: Vec<_> = rh
        .client
        .subscribers(list.clone())
        .list()
        .pages()
        .try_collect()
        .await
        .unwrap();
    let total = pages[0]
        .total_items
        .expect("ReferralHero reports total_objects");
    let from_pages: u64 = pages.iter().map(|p| p.items.len() as u64).sum();
    assert_eq!(from_pages, total);
    assert_eq!(
        rh.client
            .subscribers(list)
            .list()
            .collect_all()
            .await
            .unwrap()
            .len() as u64,
        total
    );

    let dub = dub::sandbox::start().await.unwrap();
    let partners = dub.client.partners().list().collect_all().await.unwrap();
    let streamed: Vec<_> = dub
        .client
        .partners()
        .list()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(partners.len(), streamed.len());
    assert!(!partners.is_empty());
}
