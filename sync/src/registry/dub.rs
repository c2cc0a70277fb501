//! Dub: the resources a sync copies.
//!
//! Links, customers and commissions are cursor lists (`startingAfter`, sorted
//! by `createdAt`), so an interrupted run resumes after the last stored id.
//! The page/pageSize lists read again from the start. Events are immutable
//! and filtered by `start`, so they are incremental on `timestamp`; no other
//! list filters on an update time.

use affiliate_common::pagination::PageStream;
use affiliate_common::pagination::RawItem;

use super::{Api, Clients, FetchArgs, MarkFormat, Mode, Resource, check, res};
use crate::time::format_rfc3339_secs;

use Mode::FullRefresh as FULL;

macro_rules! dub_list {
    ($name:ident, |$c:ident| $list:expr) => {
        fn $name(clients: &Clients, _: &FetchArgs) -> Option<PageStream<RawItem>> {
            let $c = clients.dub.as_ref()?;
            Some($list.raw_pages())
        }
    };
    // A cursor list: `startingAfter` resumes an interrupted run.
    ($name:ident, |$c:ident| $list:expr, cursor) => {
        fn $name(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
            let $c = clients.dub.as_ref()?;
            let mut b = $list;
            if let Some(id) = &a.resume_after {
                b = b.starting_after(id.clone());
            }
            Some(b.raw_pages())
        }
    };
}

dub_list!(dub_partners, |c| c.partners().list().sort_by("createdAt"));
dub_list!(dub_partner_applications, |c| c
    .partner_applications()
    .list());
dub_list!(dub_links, |c| c.links().list(), cursor);
dub_list!(dub_customers, |c| c.customers().list(), cursor);
dub_list!(dub_commissions, |c| c.commissions().list(), cursor);
dub_list!(dub_payouts, |c| c.payouts().list());
dub_list!(dub_tags, |c| c.tags().list().sort_by("createdAt"));
dub_list!(dub_folders, |c| c.folders().list());
dub_list!(dub_domains, |c| c.domains().list());
dub_list!(dub_discount_codes, |c| c.discount_codes().list());

/// `GET /events` of one kind, oldest first: `start`/`end` when incremental,
/// `interval=all` on a first run (the API's default is the last 24 hours).
fn events(clients: &Clients, a: &FetchArgs, kind: &str) -> Option<PageStream<RawItem>> {
    let c = clients.dub.as_ref()?;
    let b = c
        .events()
        .list()
        .event(kind)
        .sort_by("timestamp")
        .sort_order("asc")
        .end(format_rfc3339_secs(a.until_ms));
    let b = match a.since_ms {
        Some(s) => b.start(format_rfc3339_secs(s)),
        None => b.interval("all"),
    };
    Some(b.raw_pages())
}

fn dub_click_events(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
    events(clients, a, "clicks")
}

fn dub_lead_events(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
    events(clients, a, "leads")
}

fn dub_sale_events(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
    events(clients, a, "sales")
}

const EVENTS: Mode = Mode::Incremental {
    field: "timestamp",
    filter: "start (interval=all on a first run)",
    format: MarkFormat::Rfc3339,
};

const fn cursor(mut r: Resource) -> Resource {
    r.resume_key = Some("id");
    r
}

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
        "dub.partner_applications",
        Api::Dub,
        "GET /partners/applications",
        &["id"],
        FULL,
        dub_partner_applications,
        check::<dub::models::PartnerApplication>,
    ),
    cursor(res(
        "dub.links",
        Api::Dub,
        "GET /links",
        &["id"],
        FULL,
        dub_links,
        check::<dub::models::Link>,
    )),
    cursor(res(
        "dub.customers",
        Api::Dub,
        "GET /customers",
        &["id"],
        FULL,
        dub_customers,
        check::<dub::models::Customer>,
    )),
    cursor(res(
        "dub.commissions",
        Api::Dub,
        "GET /commissions",
        &["id"],
        FULL,
        dub_commissions,
        check::<dub::models::Commission>,
    )),
    res(
        "dub.payouts",
        Api::Dub,
        "GET /payouts",
        &["id"],
        FULL,
        dub_payouts,
        check::<dub::models::Payout>,
    ),
    res(
        "dub.tags",
        Api::Dub,
        "GET /tags",
        &["id"],
        FULL,
        dub_tags,
        check::<dub::models::Tag>,
    ),
    res(
        "dub.folders",
        Api::Dub,
        "GET /folders",
        &["id"],
        FULL,
        dub_folders,
        check::<dub::models::Folder>,
    ),
    res(
        "dub.domains",
        Api::Dub,
        "GET /domains",
        &["id"],
        FULL,
        dub_domains,
        check::<dub::models::Domain>,
    ),
    res(
        "dub.discount_codes",
        Api::Dub,
        "GET /discount-codes",
        &["id"],
        FULL,
        dub_discount_codes,
        check::<dub::models::DiscountCode>,
    ),
    res(
        "dub.click_events",
        Api::Dub,
        "GET /events?event=clicks",
        &["click_id"],
        EVENTS,
        dub_click_events,
        check::<dub::models::Event>,
    ),
    res(
        "dub.lead_events",
        Api::Dub,
        "GET /events?event=leads",
        &["eventId"],
        EVENTS,
        dub_lead_events,
        check::<dub::models::Event>,
    ),
    res(
        "dub.sale_events",
        Api::Dub,
        "GET /events?event=sales",
        &["eventId"],
        EVENTS,
        dub_sale_events,
        check::<dub::models::Event>,
    ),
];
