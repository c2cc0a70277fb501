//! ReferralHero: the resources a sync copies (every list, then each list's children).

use affiliate_common::pagination::PageStream;
use affiliate_common::pagination::RawItem;

use super::{Api, Clients, FetchArgs, Mode, Resource, check, child, res};

use Mode::FullRefresh as FULL;

fn rh_lists(clients: &Clients, _: &FetchArgs) -> Option<PageStream<RawItem>> {
    Some(clients.referralhero.as_ref()?.lists().list().raw_pages())
}

macro_rules! rh_child {
    ($name:ident, |$c:ident, $uuid:ident| $list:expr) => {
        fn $name(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
            let $c = clients.referralhero.as_ref()?;
            let $uuid = a.parent.clone().unwrap_or_default();
            Some($list.raw_pages())
        }
    };
}

rh_child!(rh_subscribers, |c, uuid| c.subscribers(uuid).list());
rh_child!(rh_rewards, |c, uuid| c.rewards(uuid).list());
rh_child!(rh_coupon_groups, |c, uuid| c.coupons(uuid).list_groups());

/// This API's resources, parents before their children.
pub(super) static RESOURCES: &[Resource] = &[
    res(
        "referralhero.lists",
        Api::ReferralHero,
        "GET /lists",
        &["uuid"],
        FULL,
        rh_lists,
        check::<referralhero::models::List>,
    ),
    child(
        res(
            "referralhero.subscribers",
            Api::ReferralHero,
            "GET /lists/{uuid}/subscribers",
            &["id"],
            FULL,
            rh_subscribers,
            check::<referralhero::models::Subscriber>,
        ),
        "referralhero.lists",
        "uuid",
    ),
    child(
        res(
            "referralhero.rewards",
            Api::ReferralHero,
            "GET /lists/{uuid}/rewards",
            &["id"],
            FULL,
            rh_rewards,
            check::<referralhero::models::Reward>,
        ),
        "referralhero.lists",
        "uuid",
    ),
    child(
        res(
            "referralhero.coupon_groups",
            Api::ReferralHero,
            "GET /lists/{uuid}/coupon_groups",
            &["id"],
            FULL,
            rh_coupon_groups,
            check::<referralhero::models::CouponGroup>,
        ),
        "referralhero.lists",
        "uuid",
    ),
];
