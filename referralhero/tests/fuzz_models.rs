//! Property tests over every public `Deserialize` type of the crate: mutated
//! wire payloads (seeded from `tests/fixtures`) decode to a value or to a
//! decode error with a JSON path, never panic, and decoded values survive
//! encode → decode → encode unchanged.
//!
//! A long soak:
//! `PROPTEST_CASES=200000 cargo test --release -p referralhero --test fuzz_models`.

use std::path::PathBuf;
use std::sync::LazyLock;

use affiliate_common::fuzz::proptest::prelude::*;
use affiliate_common::fuzz::proptest::proptest;
use affiliate_common::fuzz::{self, Corpus, Pool};
use affiliate_common::reqwest::StatusCode;
use referralhero::envelope::{
    BonusesKey, CouponGroupsKey, CouponsKey, Envelope, ListsKey, PageData, Pagination, RewardsKey,
    SubscribersKey,
};
use referralhero::flavor::ErrorCode;
use referralhero::flavor::ReferralHeroFlavor;
use referralhero::models::coupon::{Coupon, CouponGroup};
use referralhero::models::list::{Bonus, Leaderboard, List, ListType};
use referralhero::models::reward::{Reward, RewardStatus};
use referralhero::models::subscriber::{ReferralStatus, ReferredBy, SortBy, Subscriber};
use referralhero::webhooks::{NewRegistration, Referral, WebhookEventType, WebhookReferrer};

fn path(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// The `Deserialize` types declared in the model sources.
fn models() -> Vec<fuzz::Model> {
    let mut files = fuzz::rust_files(path("src/models"));
    files.push(path("src/generated/models.rs"));
    files.push(path("src/webhooks.rs"));
    files.push(path("src/envelope.rs"));
    files.push(path("src/flavor.rs"));
    fuzz::scan_models("", &files, &["open_enum"])
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let targets = affiliate_common::fuzz_targets![
        eq: [
            CouponGroup, Coupon, ListType, List, Leaderboard, Bonus, RewardStatus, Reward,
            ReferralStatus, SortBy, ReferredBy, Subscriber, WebhookEventType, ErrorCode,
            WebhookReferrer, Referral, NewRegistration,
        ],
        de: [
            Pagination,
            Envelope<Subscriber>,
            Envelope<PageData<Subscriber, SubscribersKey>>,
            PageData<List, ListsKey>,
            PageData<Reward, RewardsKey>,
            PageData<CouponGroup, CouponGroupsKey>,
            PageData<Coupon, CouponsKey>,
            PageData<Bonus, BonusesKey>,
        ],
    ];
    // Hand-written decoders have no field list to build seeds from: give
    // them the fixtures they decode in the tests.
    let fixture = |name: &str| affiliate_common::test_util::fixture(path("tests/fixtures"), name);
    let named = [
        (
            "PageData<List,ListsKey>",
            fixture("lists/page1.json")["data"].clone(),
        ),
        (
            "PageData<Reward,RewardsKey>",
            fixture("rewards/list.json")["data"].clone(),
        ),
        (
            "PageData<CouponGroup,CouponGroupsKey>",
            fixture("coupons/groups.json")["data"].clone(),
        ),
        (
            "PageData<Coupon,CouponsKey>",
            fixture("coupons/group.json")["data"].clone(),
        ),
        (
            "PageData<Bonus,BonusesKey>",
            fixture("lists/bonuses.json")["data"].clone(),
        ),
        (
            "Envelope<PageData<Subscriber,SubscribersKey>>",
            fixture("subscribers/list_page1.json"),
        ),
        (
            "Envelope<Subscriber>",
            fixture("subscribers/subscriber.json"),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    Corpus::build(
        targets,
        &models(),
        &Pool::from_dirs(&[path("tests/fixtures")]),
        &named,
    )
});

#[test]
fn every_deserialize_model_is_fuzzed() {
    fuzz::assert_covered(&CORPUS, &models());
}

#[test]
fn every_target_has_a_seed_that_decodes() {
    assert_eq!(CORPUS.unseeded(), Vec::<&str>::new());
}

#[test]
fn every_target_survives_every_kind_of_mutation() {
    fuzz::assert_sweep(&CORPUS, 3);
}

proptest! {
    #![proptest_config(fuzz::config(1000))]

    #[test]
    fn mutated_payloads_decode_or_fail_with_a_path(
        target in any::<usize>(),
        seed in any::<usize>(),
        muts in fuzz::mutations(),
    ) {
        CORPUS.check_case(target, seed, &muts).map_err(TestCaseError::fail)?;
    }
}

/// The crate's error fixtures, as seeds of the error bodies.
fn error_fixtures() -> Vec<serde_json::Value> {
    [
        "errors/invalid_token.json",
        "errors/too_many_calls.json",
        "errors/unknown_code.json",
    ]
    .iter()
    .map(|f| affiliate_common::test_util::fixture(path("tests/fixtures"), f))
    .collect()
}

proptest! {
    #![proptest_config(fuzz::config(500))]

    /// Error responses of any shape, with any headers, through the flavor:
    /// no panic, the status kept, a message, valid header names.
    #[test]
    fn error_responses_read_through_the_flavor(
        body in fuzz::error_body_from(error_fixtures()),
        headers in fuzz::header_map(),
        status in 100u16..1000,
    ) {
        let status = StatusCode::from_u16(status).expect("100..1000 is a status");
        fuzz::check_flavor(&ReferralHeroFlavor::default(), status, &headers, &body).map_err(TestCaseError::fail)?;
    }
}

/// A bare code string `""` in a group's `coupons` used to decode as
/// `Some("")`, which encodes as `""` and decodes again as `None`.
#[test]
fn an_empty_bare_coupon_code_is_no_code() {
    let body = br#"{"id":"18","coupons":["","SPR-1"]}"#;
    let group: CouponGroup = serde_json::from_slice(body).expect("decodes");
    let codes: Vec<Option<&str>> = group
        .coupons
        .iter()
        .flatten()
        .map(|c| c.code.as_deref())
        .collect();
    assert_eq!(codes, [None, Some("SPR-1")]);
    let target = affiliate_common::fuzz_targets![eq: [CouponGroup]];
    target[0].check(body).expect("round trip");
}
