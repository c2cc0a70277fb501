//! Dub: the resources a sync copies.

use affiliate_common::pagination::PageStream;
use serde_json::Value;

use super::{Api, Clients, FetchArgs, Mode, Resource, check, res};

use Mode::FullRefresh as FULL;

macro_rules! dub_list {
    ($name:ident, |$c:ident| $list:expr) => {
        fn $name(clients: &Clients, _: &FetchArgs) -> Option<PageStream<Value>> {
            let $c = clients.dub.as_ref()?;
            Some($list.raw_pages())
        }
    };
}

dub_list!(dub_partners, |c| c.partners().list().sort_by("createdAt"));
dub_list!(dub_links, |c| c.links().list());
dub_list!(dub_customers, |c| c.customers().list());
dub_list!(dub_commissions, |c| c.commissions().list());
dub_list!(dub_payouts, |c| c.payouts().list());

/// This API's resources, parents before their children.
pub(super) static RESOURCES: &[Resource] = &[
    res(
        "dub.partners",
        Api::Dub,
        "GET /partners",
        &["id"],
        FULL,
        dub_partners,
        check::<dub::models::Partner>,
    ),
    res(
        "dub.links",
        Api::Dub,
        "GET /links",
        &["id"],
        FULL,
        dub_links,
        check::<dub::models::Link>,
    ),
    res(
        "dub.customers",
        Api::Dub,
        "GET /customers",
        &["id"],
        FULL,
        dub_customers,
        check::<dub::models::Customer>,
    ),
    res(
        "dub.commissions",
        Api::Dub,
        "GET /commissions",
        &["id"],
        FULL,
        dub_commissions,
        check::<dub::models::Commission>,
    ),
    res(
        "dub.payouts",
        Api::Dub,
        "GET /payouts",
        &["id"],
        FULL,
        dub_payouts,
        check::<dub::models::Payout>,
    ),
];
