//! The sandbox's main resources round-trip through the typed client: a
//! list is created and listed; a subscriber is created (into the new list),
//! read, updated, listed and deleted; a referred subscriber shows among its
//! referrer's referrals.

use referralhero::models::{Identifier, NewList, NewSubscriber, UpdateSubscriber};

#[tokio::test]
async fn lists_subscribers_and_referrals_round_trip() {
    let running = referralhero::sandbox::start().await.unwrap();
    let c = &running.client;

    let list = c.lists().create(&NewList::new("Round trip")).await.unwrap();
    let lists = c.lists().list().collect_all().await.unwrap();
    assert!(lists.iter().any(|l| l.uuid == list.uuid));

    let subs = c.subscribers(&list.uuid);
    let ada = subs
        .create(&NewSubscriber::new(Identifier::email("ada@example.com")).name("Ada"))
        .await
        .unwrap();
    let got = subs.get(&ada.id).await.unwrap();
    assert_eq!(got.email.as_deref(), Some("ada@example.com"));
    subs.update(&ada.id, &UpdateSubscriber::default().name("Ada L."))
        .await
        .unwrap();
    assert_eq!(
        subs.get(&ada.id).await.unwrap().name.as_deref(),
        Some("Ada L.")
    );

    let code = got.code.clone().expect("a referral code");
    let bob = subs
        .create(
            &NewSubscriber::new(Identifier::email("bob@example.com"))
                .name("Bob")
                .referrer(&code),
        )
        .await
        .unwrap();
    let referred = c
        .referrals(&list.uuid, &ada.id)
        .referred()
        .collect_all()
        .await
        .unwrap();
    assert!(referred.iter().any(|s| s.id == bob.id));

    let all = subs.list().collect_all().await.unwrap();
    assert_eq!(all.len(), 2);
    subs.delete(&bob.id).await.unwrap();
    let gone = subs.get(&bob.id).await.unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404), "{gone}");
    assert_eq!(subs.list().collect_all().await.unwrap().len(), 1);
}
