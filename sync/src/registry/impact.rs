//! impact.com: the resources a sync copies, per persona.
//!
//! An impact.com account SID belongs to one persona, and its credentials
//! open only that persona's paths. So each persona has its own selectors and
//! its own client in [`Clients`]: `impact.brand.*` read
//! `/Advertisers/{sid}` with [`Clients::impact`], `impact.partner.*` read
//! `/Mediapartners/{sid}` with [`Clients::impact_partner`], and
//! `impact.agency.*` read `/Agencies/{sid}` with [`Clients::impact_agency`];
//! each under its client's own account SID. A persona without a client is
//! skipped, with the reason.
//!
//! Lists that page by number have no cursor to resume from: an interrupted
//! run reads them again from the start (rows are upserted, not duplicated).

use affiliate_common::pagination::PageStream;
use affiliate_common::pagination::RawItem;
use futures_util::StreamExt as _;

use super::{
    Account, Api, Clients, FetchArgs, FetchFn, MarkFormat, Mode, Resource, check, child, res,
};
use crate::time::format_rfc3339_secs;

use Mode::FullRefresh as FULL;

/// A list of one persona's client: `$s` is the persona scope (`c.brand(sid)`,
/// ...); with `$id`, the list is fanned out over a parent (`FetchArgs::parent`);
/// with `since $setter`, an incremental run passes its start time to the
/// builder's update-time filter.
macro_rules! list {
    ($name:ident, $client:ident . $persona:ident, |$s:ident| $list:expr) => {
        fn $name(clients: &Clients, _: &FetchArgs) -> Option<PageStream<RawItem>> {
            let c = clients.$client.as_ref()?;
            let $s = c.$persona(c.account_sid());
            Some($list.raw_pages())
        }
    };
    ($name:ident, $client:ident . $persona:ident, |$s:ident| $list:expr, since $setter:ident) => {
        fn $name(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
            let c = clients.$client.as_ref()?;
            let $s = c.$persona(c.account_sid());
            let mut b = $list;
            if let Some(s) = a.since_ms {
                b = b.$setter(format_rfc3339_secs(s));
            }
            Some(b.raw_pages())
        }
    };
    ($name:ident, $client:ident . $persona:ident, |$s:ident, $id:ident| $list:expr) => {
        fn $name(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
            let c = clients.$client.as_ref()?;
            let $s = c.$persona(c.account_sid());
            let $id = a.parent.clone().unwrap_or_default();
            Some($list.raw_pages())
        }
    };
    ($name:ident, $client:ident . $persona:ident, |$s:ident, $id:ident| $list:expr, since $setter:ident) => {
        fn $name(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
            let c = clients.$client.as_ref()?;
            let $s = c.$persona(c.account_sid());
            let $id = a.parent.clone().unwrap_or_default();
            let mut b = $list;
            if let Some(s) = a.since_ms {
                b = b.$setter(format_rfc3339_secs(s));
            }
            Some(b.raw_pages())
        }
    };
    // A list whose parent id is a number (`CampaignId` of the Actions lists).
    ($name:ident, $client:ident . $persona:ident, |$s:ident, $id:ident: u64| $list:expr) => {
        fn $name(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
            let c = clients.$client.as_ref()?;
            let $s = c.$persona(c.account_sid());
            let Some($id) = a.parent.as_deref().and_then(|p| p.parse::<u64>().ok()) else {
                return Some(affiliate_common::pagination::failed_pages(
                    affiliate_common::Error::invalid_input(format!(
                        "{} needs a numeric campaign id, got {:?}",
                        stringify!($name),
                        a.parent
                    )),
                ));
            };
            Some($list.raw_pages())
        }
    };
}

// Brand (`/Advertisers/{sid}`).
list!(brand_campaigns, impact.brand, |s| s.campaigns().list());
list!(brand_media_partners, impact.brand, |s| s
    .media_partners()
    .list());
list!(brand_reports, impact.brand, |s| s.reports().list());
list!(brand_legal_entities, impact.brand, |s| s
    .legal_entities()
    .list());
list!(brand_ads, impact.brand, |s| s.ads().list(), since date_last_updated_start);
list!(brand_catalogs, impact.brand, |s| s.catalogs().list());
list!(brand_catalog_items, impact.brand, |s, id| s
    .catalog_items()
    .list(id));
list!(brand_deals, impact.brand, |s| s.deals().list());
list!(brand_exception_lists, impact.brand, |s| s
    .exception_lists()
    .list());
list!(brand_exception_list_items, impact.brand, |s, id| s
    .exception_list_items()
    .list(id));
list!(brand_invoices, impact.brand, |s| s.invoices().list());
list!(brand_jobs, impact.brand, |s| s.jobs().list());
list!(brand_phone_numbers, impact.brand, |s| s
    .phone_numbers()
    .list());
list!(brand_promo_codes, impact.brand, |s| s.promo_codes().list());
list!(brand_api_submissions, impact.brand, |s| s
    .api_submissions()
    .list());
list!(brand_ftp_submissions, impact.brand, |s| s
    .ftp_submissions()
    .list());
list!(brand_tracking_value_requests, impact.brand, |s| s
    .tracking_value_requests()
    .list());
list!(brand_action_inquiries, impact.brand, |s, id: u64| s
    .action_inquiries()
    .list(id));
list!(brand_action_updates, impact.brand, |s, id: u64| s
    .action_updates()
    .list(id));
list!(brand_contacts, impact.brand, |s, id| s.contacts().list(id));
list!(
    brand_contracts,
    impact.brand,
    |s, id| s.contracts().list(id),
    since date_last_updated_after
);
list!(brand_notes, impact.brand, |s, id| s.notes().list(id));
list!(brand_partner_groups, impact.brand, |s, id| s
    .partner_groups()
    .list(id));
list!(
    brand_routing_rules,
    impact.brand,
    |s, id| s.routing_rules().list(id),
    since date_last_updated_after
);
list!(
    brand_tasks,
    impact.brand,
    |s, id| s.tasks().list(id),
    since date_last_updated_after
);

// Partner (`/Mediapartners/{sid}`).
list!(partner_campaigns, impact_partner.partner, |s| s
    .campaigns()
    .list());
list!(partner_action_inquiries, impact_partner.partner, |s| s
    .action_inquiries()
    .list());
list!(partner_action_updates, impact_partner.partner, |s| s
    .actions()
    .list_updates());
list!(partner_ads, impact_partner.partner, |s| s.ads().list());
list!(partner_catalogs, impact_partner.partner, |s| s
    .catalogs()
    .list());
list!(partner_catalog_items, impact_partner.partner, |s, id| s
    .catalogs()
    .list_items(id));
list!(
    partner_contracts,
    impact_partner.partner,
    |s| s.contracts().list(),
    since date_last_updated_after
);
list!(partner_deals, impact_partner.partner, |s, id| s
    .deals()
    .list(id));
list!(partner_invoices, impact_partner.partner, |s| s
    .invoices()
    .list());
list!(partner_jobs, impact_partner.partner, |s| s.jobs().list());
list!(partner_media_properties, impact_partner.partner, |s| s
    .media_properties()
    .list());
list!(partner_promo_codes, impact_partner.partner, |s| s
    .promo_codes()
    .list());
list!(partner_promotions, impact_partner.partner, |s| s
    .promotions()
    .list());
list!(partner_reports, impact_partner.partner, |s| s
    .reports()
    .list());
list!(partner_stores, impact_partner.partner, |s| s
    .stores()
    .list());
list!(
    partner_tasks,
    impact_partner.partner,
    |s| s.tasks().list(),
    since date_last_updated_after
);
list!(partner_tax_documents, impact_partner.partner, |s| s
    .tax_documents()
    .list());
list!(partner_users, impact_partner.partner, |s| s.users().list());

// Agency (`/Agencies/{sid}`).
list!(agency_advertisers, impact_agency.agency, |s| s
    .advertisers()
    .list());
list!(agency_jobs, impact_agency.agency, |s| s.jobs().list());
list!(agency_reports, impact_agency.agency, |s| s.reports().list());

/// impact.com's Actions filter window may span at most 45 days and start at
/// most 3 years back (API.md); without a filter only recent actions come.
const IMPACT_WINDOW_MS: i64 = 45 * 86_400_000;
const IMPACT_LOOKBACK_MS: i64 = 3 * 365 * 86_400_000;

/// The `StartDate`/`EndDate` windows covering `since..=until`, oldest first.
pub(crate) fn impact_windows(since_ms: Option<i64>, until_ms: i64) -> Vec<(i64, i64)> {
    let floor = until_ms - IMPACT_LOOKBACK_MS + 86_400_000;
    let mut start = since_ms.unwrap_or(floor).max(floor);
    let mut out = Vec::new();
    while start <= until_ms {
        let end = (start + IMPACT_WINDOW_MS - 1000).min(until_ms);
        out.push((start, end));
        start = end + 1000;
    }
    out
}

/// The pages of `list(start, end)` for each date window covering `a`'s
/// range, one window after the other (`start` and `end` are the window's
/// `StartDate` and `EndDate`).
fn windowed(
    a: &FetchArgs,
    list: impl Fn(String, String) -> PageStream<RawItem> + Send + 'static,
) -> PageStream<RawItem> {
    Box::pin(
        futures_util::stream::iter(impact_windows(a.since_ms, a.until_ms))
            .map(move |(start, end)| list(format_rfc3339_secs(start), format_rfc3339_secs(end)))
            .flatten(),
    )
}

fn brand_actions(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
    let c = clients.impact.as_ref()?.clone();
    let campaign: u64 = match a.parent.as_deref().map(str::parse) {
        Some(Ok(id)) => id,
        _ => {
            return Some(affiliate_common::pagination::failed_pages(
                affiliate_common::Error::invalid_input("impact actions need a numeric campaign id"),
            ));
        }
    };
    Some(windowed(a, move |start, end| {
        c.brand(c.account_sid())
            .actions()
            .list(campaign)
            .start_date(start)
            .end_date(end)
            .raw_pages()
    }))
}

/// The partner's actions of every campaign it joined, in the same date
/// windows as the Brand's (the Partner list takes no campaign).
fn partner_actions(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
    let c = clients.impact_partner.as_ref()?.clone();
    Some(windowed(a, move |start, end| {
        c.partner(c.account_sid())
            .actions()
            .list()
            .start_date(start)
            .end_date(end)
            .raw_pages()
    }))
}

const ACTIONS: Mode = Mode::Incremental {
    field: "EventDate",
    filter: "StartDate/EndDate (45-day windows)",
    format: MarkFormat::Rfc3339,
};

/// The update-time filter `filter` on `DateLastUpdated`.
const fn updated(filter: &'static str) -> Mode {
    Mode::Incremental {
        field: "DateLastUpdated",
        filter,
        format: MarkFormat::Rfc3339,
    }
}

/// A resource of `account`'s persona.
const fn im(
    account: Account,
    selector: &'static str,
    endpoint: &'static str,
    primary_key: &'static [&'static str],
    mode: Mode,
    fetch: FetchFn,
    check: super::CheckFn,
) -> Resource {
    let mut r = res(
        selector,
        Api::Impact,
        endpoint,
        primary_key,
        mode,
        fetch,
        check,
    );
    r.account = account;
    r
}

use Account::{ImpactAgency as AGENCY, ImpactPartner as PARTNER, Main as BRAND};
use impact_com::models::{agency as ag, brand as br, partner as pa};

/// This API's resources, parents before their children.
pub(super) static RESOURCES: &[Resource] = &[
    im(
        BRAND,
        "impact.brand.campaigns",
        "GET /Advertisers/{sid}/Campaigns",
        &["Id"],
        FULL,
        brand_campaigns,
        check::<br::Program>,
    ),
    im(
        BRAND,
        "impact.brand.media_partners",
        "GET /Advertisers/{sid}/MediaPartners",
        &["Id"],
        FULL,
        brand_media_partners,
        check::<br::Partner>,
    ),
    im(
        BRAND,
        "impact.brand.reports",
        "GET /Advertisers/{sid}/Reports",
        &["Id"],
        FULL,
        brand_reports,
        check::<br::Report>,
    ),
    im(
        BRAND,
        "impact.brand.legal_entities",
        "GET /Advertisers/{sid}/LegalEntities",
        &["Id"],
        FULL,
        brand_legal_entities,
        check::<br::LegalEntity>,
    ),
    im(
        BRAND,
        "impact.brand.ads",
        "GET /Advertisers/{sid}/Ads",
        &["Id"],
        updated("DateLastUpdatedStart"),
        brand_ads,
        check::<br::Ad>,
    ),
    im(
        BRAND,
        "impact.brand.catalogs",
        "GET /Advertisers/{sid}/Catalogs",
        &["Id"],
        FULL,
        brand_catalogs,
        check::<br::Catalog>,
    ),
    child(
        im(
            BRAND,
            "impact.brand.catalog_items",
            "GET /Advertisers/{sid}/Catalogs/{id}/Items",
            &["CatalogItemId"],
            FULL,
            brand_catalog_items,
            check::<br::CatalogItem>,
        ),
        "impact.brand.catalogs",
        "Id",
    ),
    im(
        BRAND,
        "impact.brand.deals",
        "GET /Advertisers/{sid}/Deals",
        &["Id"],
        FULL,
        brand_deals,
        check::<br::Deal>,
    ),
    im(
        BRAND,
        "impact.brand.exception_lists",
        "GET /Advertisers/{sid}/ExceptionLists",
        &["Id"],
        FULL,
        brand_exception_lists,
        check::<br::ExceptionList>,
    ),
    child(
        im(
            BRAND,
            "impact.brand.exception_list_items",
            "GET /Advertisers/{sid}/ExceptionLists/{id}/Items",
            &["Id"],
            FULL,
            brand_exception_list_items,
            check::<br::ExceptionListItem>,
        ),
        "impact.brand.exception_lists",
        "Id",
    ),
    im(
        BRAND,
        "impact.brand.invoices",
        "GET /Advertisers/{sid}/Invoices",
        &["Id"],
        FULL,
        brand_invoices,
        check::<br::Invoice>,
    ),
    im(
        BRAND,
        "impact.brand.jobs",
        "GET /Advertisers/{sid}/Jobs",
        &["Id"],
        FULL,
        brand_jobs,
        check::<br::Job>,
    ),
    im(
        BRAND,
        "impact.brand.phone_numbers",
        "GET /Advertisers/{sid}/PhoneNumbers",
        &["Id"],
        FULL,
        brand_phone_numbers,
        check::<br::PhoneNumber>,
    ),
    im(
        BRAND,
        "impact.brand.promo_codes",
        "GET /Advertisers/{sid}/PromoCodes",
        &["Id"],
        FULL,
        brand_promo_codes,
        check::<br::PromoCode>,
    ),
    im(
        BRAND,
        "impact.brand.api_submissions",
        "GET /Advertisers/{sid}/APISubmissions",
        &["BatchId"],
        FULL,
        brand_api_submissions,
        check::<br::ApiSubmission>,
    ),
    im(
        BRAND,
        "impact.brand.ftp_submissions",
        "GET /Advertisers/{sid}/FTPFileSubmissions",
        &["BatchId"],
        FULL,
        brand_ftp_submissions,
        check::<br::FtpSubmission>,
    ),
    im(
        BRAND,
        "impact.brand.tracking_value_requests",
        "GET /Advertisers/{sid}/TrackingValueRequests",
        &["Id"],
        FULL,
        brand_tracking_value_requests,
        check::<br::TrackingValueRequest>,
    ),
    child(
        im(
            BRAND,
            "impact.brand.actions",
            "GET /Advertisers/{sid}/Actions?CampaignId=",
            &["Id"],
            ACTIONS,
            brand_actions,
            check::<br::Action>,
        ),
        "impact.brand.campaigns",
        "Id",
    ),
    child(
        im(
            BRAND,
            "impact.brand.action_inquiries",
            "GET /Advertisers/{sid}/ActionInquiries?CampaignId=",
            &["Id"],
            FULL,
            brand_action_inquiries,
            check::<br::ActionInquiry>,
        ),
        "impact.brand.campaigns",
        "Id",
    ),
    child(
        im(
            BRAND,
            "impact.brand.action_updates",
            "GET /Advertisers/{sid}/ActionUpdates?CampaignId=",
            &["Id"],
            FULL,
            brand_action_updates,
            check::<br::ActionUpdate>,
        ),
        "impact.brand.campaigns",
        "Id",
    ),
    child(
        im(
            BRAND,
            "impact.brand.contacts",
            "GET /Advertisers/{sid}/Campaigns/{id}/Contacts",
            &["Id"],
            FULL,
            brand_contacts,
            check::<br::ContactsContact>,
        ),
        "impact.brand.campaigns",
        "Id",
    ),
    child(
        im(
            BRAND,
            "impact.brand.contracts",
            "GET /Advertisers/{sid}/Campaigns/{id}/Contracts",
            &["Id"],
            updated("DateLastUpdatedAfter"),
            brand_contracts,
            check::<br::Contract>,
        ),
        "impact.brand.campaigns",
        "Id",
    ),
    child(
        im(
            BRAND,
            "impact.brand.notes",
            "GET /Advertisers/{sid}/Campaigns/{id}/Notes",
            &["Id"],
            FULL,
            brand_notes,
            check::<br::Note>,
        ),
        "impact.brand.campaigns",
        "Id",
    ),
    child(
        im(
            BRAND,
            "impact.brand.partner_groups",
            "GET /Advertisers/{sid}/Campaigns/{id}/MediaPartnerGroups",
            &["Id"],
            FULL,
            brand_partner_groups,
            check::<br::PartnerGroup>,
        ),
        "impact.brand.campaigns",
        "Id",
    ),
    child(
        im(
            BRAND,
            "impact.brand.routing_rules",
            "GET /Advertisers/{sid}/Programs/{id}/BlockRedirectRules",
            &["Id"],
            updated("DateLastUpdatedAfter"),
            brand_routing_rules,
            check::<br::RoutingRule>,
        ),
        "impact.brand.campaigns",
        "Id",
    ),
    child(
        im(
            BRAND,
            "impact.brand.tasks",
            "GET /Advertisers/{sid}/Programs/{id}/Tasks",
            &["Id"],
            updated("DateLastUpdatedAfter"),
            brand_tasks,
            check::<br::Task>,
        ),
        "impact.brand.campaigns",
        "Id",
    ),
    im(
        PARTNER,
        "impact.partner.campaigns",
        "GET /Mediapartners/{sid}/Campaigns",
        &["CampaignId"],
        FULL,
        partner_campaigns,
        check::<pa::Program>,
    ),
    im(
        PARTNER,
        "impact.partner.actions",
        "GET /Mediapartners/{sid}/Actions",
        &["Id"],
        ACTIONS,
        partner_actions,
        check::<pa::Action>,
    ),
    im(
        PARTNER,
        "impact.partner.action_inquiries",
        "GET /Mediapartners/{sid}/ActionInquiries",
        &["Id"],
        FULL,
        partner_action_inquiries,
        check::<pa::ActionInquiry>,
    ),
    im(
        PARTNER,
        "impact.partner.action_updates",
        "GET /Mediapartners/{sid}/ActionUpdates",
        &["Id"],
        FULL,
        partner_action_updates,
        check::<pa::ActionUpdate>,
    ),
    im(
        PARTNER,
        "impact.partner.ads",
        "GET /Mediapartners/{sid}/Ads",
        &["Id"],
        FULL,
        partner_ads,
        check::<pa::Ad>,
    ),
    im(
        PARTNER,
        "impact.partner.catalogs",
        "GET /Mediapartners/{sid}/Catalogs",
        &["Id"],
        FULL,
        partner_catalogs,
        check::<pa::Catalog>,
    ),
    child(
        im(
            PARTNER,
            "impact.partner.catalog_items",
            "GET /Mediapartners/{sid}/Catalogs/{id}/Items",
            &["Id"],
            FULL,
            partner_catalog_items,
            check::<pa::CatalogsItem>,
        ),
        "impact.partner.catalogs",
        "Id",
    ),
    im(
        PARTNER,
        "impact.partner.contracts",
        "GET /Mediapartners/{sid}/Contracts",
        &["Id"],
        updated("DateLastUpdatedAfter"),
        partner_contracts,
        check::<pa::Contract>,
    ),
    child(
        im(
            PARTNER,
            "impact.partner.deals",
            "GET /Mediapartners/{sid}/Campaigns/{id}/Deals",
            &["Id"],
            FULL,
            partner_deals,
            check::<pa::Deal>,
        ),
        "impact.partner.campaigns",
        "CampaignId",
    ),
    im(
        PARTNER,
        "impact.partner.invoices",
        "GET /Mediapartners/{sid}/Invoices",
        &["Id"],
        FULL,
        partner_invoices,
        check::<pa::Invoice>,
    ),
    im(
        PARTNER,
        "impact.partner.jobs",
        "GET /Mediapartners/{sid}/Jobs",
        &["Id"],
        FULL,
        partner_jobs,
        check::<pa::Job>,
    ),
    im(
        PARTNER,
        "impact.partner.media_properties",
        "GET /Mediapartners/{sid}/MediaProperties",
        &["Id"],
        FULL,
        partner_media_properties,
        check::<pa::MediaProperty>,
    ),
    im(
        PARTNER,
        "impact.partner.promo_codes",
        "GET /Mediapartners/{sid}/PromoCodes",
        &["Id"],
        FULL,
        partner_promo_codes,
        check::<pa::PromoCode>,
    ),
    im(
        PARTNER,
        "impact.partner.promotions",
        "GET /Mediapartners/{sid}/Promotions",
        &["PromotionFileId"],
        FULL,
        partner_promotions,
        check::<pa::Promotion>,
    ),
    im(
        PARTNER,
        "impact.partner.reports",
        "GET /Mediapartners/{sid}/Reports",
        &["Id"],
        FULL,
        partner_reports,
        check::<pa::Report>,
    ),
    im(
        PARTNER,
        "impact.partner.stores",
        "GET /Mediapartners/{sid}/Stores",
        &["Id"],
        FULL,
        partner_stores,
        check::<pa::Store>,
    ),
    im(
        PARTNER,
        "impact.partner.tasks",
        "GET /Mediapartners/{sid}/Tasks",
        &["Id"],
        updated("DateLastUpdatedAfter"),
        partner_tasks,
        check::<pa::Task>,
    ),
    im(
        PARTNER,
        "impact.partner.tax_documents",
        "GET /Mediapartners/{sid}/TaxDocuments",
        &["Id"],
        FULL,
        partner_tax_documents,
        check::<pa::TaxDocument>,
    ),
    im(
        PARTNER,
        "impact.partner.users",
        "GET /Mediapartners/{sid}/Users",
        &["Id"],
        FULL,
        partner_users,
        check::<pa::UsersUser>,
    ),
    im(
        AGENCY,
        "impact.agency.advertisers",
        "GET /Agencies/{sid}/Advertisers",
        &["Id"],
        FULL,
        agency_advertisers,
        check::<ag::Advertiser>,
    ),
    im(
        AGENCY,
        "impact.agency.jobs",
        "GET /Agencies/{sid}/Jobs",
        &["Id"],
        FULL,
        agency_jobs,
        check::<ag::Job>,
    ),
    im(
        AGENCY,
        "impact.agency.reports",
        "GET /Agencies/{sid}/Reports",
        &["Id"],
        FULL,
        agency_reports,
        check::<ag::Report>,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impact_windows_cover_the_range_in_45_day_steps() {
        let day = 86_400_000;
        let w = impact_windows(Some(0), 100 * day);
        assert_eq!(w.first().unwrap().0, 0);
        assert_eq!(w.last().unwrap().1, 100 * day);
        assert!(w.iter().all(|(s, e)| e - s < 45 * day));
        assert!(w.windows(2).all(|p| p[1].0 == p[0].1 + 1000));
    }

    #[test]
    fn every_persona_reads_with_its_own_client() {
        for r in RESOURCES {
            let want = if r.selector.starts_with("impact.brand.") {
                Account::Main
            } else if r.selector.starts_with("impact.partner.") {
                Account::ImpactPartner
            } else {
                assert!(r.selector.starts_with("impact.agency."), "{}", r.selector);
                Account::ImpactAgency
            };
            assert_eq!(r.account, want, "{}", r.selector);
            // A brand-only set of clients serves exactly the brand resources.
            let brand_only = Clients {
                impact: Some(
                    impact_com::Client::builder("IRsid", "token")
                        .build()
                        .unwrap(),
                ),
                ..Clients::default()
            };
            assert_eq!(
                brand_only.serves(r).is_ok(),
                want == Account::Main,
                "{}",
                r.selector
            );
        }
    }
}
