//! PartnerStack (vendor API): the resources a sync copies.

use affiliate_common::UnixTime;
use affiliate_common::pagination::PageStream;
use serde_json::Value;

use super::{Api, CheckFn, Clients, FetchArgs, FetchFn, MarkFormat, Mode, Resource, check, res};

use Mode::FullRefresh as FULL;

/// PartnerStack list: `min_updated` when incremental, `starting_after` on resume.
macro_rules! ps {
    ($name:ident, |$c:ident| $list:expr, incremental) => {
        fn $name(clients: &Clients, a: &FetchArgs) -> Option<PageStream<Value>> {
            let $c = clients.partnerstack.as_ref()?;
            let mut b = $list;
            if let Some(s) = a.since_ms {
                b = b.min_updated(UnixTime::from_millis(s));
            }
            if let Some(k) = &a.resume_after {
                b = b.starting_after(k.clone());
            }
            Some(b.raw_pages())
        }
    };
    ($name:ident, |$c:ident| $list:expr) => {
        fn $name(clients: &Clients, a: &FetchArgs) -> Option<PageStream<Value>> {
            let $c = clients.partnerstack.as_ref()?;
            let mut b = $list;
            if let Some(k) = &a.resume_after {
                b = b.starting_after(k.clone());
            }
            Some(b.raw_pages())
        }
    };
}

ps!(ps_partnerships, |c| c.partnerships().list(), incremental);
ps!(ps_customers, |c| c.customers().list(), incremental);
ps!(ps_transactions, |c| c.transactions().list(), incremental);
ps!(ps_deals, |c| c.deals().list(), incremental);
ps!(ps_leads, |c| c.leads().list(), incremental);
ps!(ps_actions, |c| c.actions().list(), incremental);
ps!(ps_groups, |c| c.groups().list(), incremental);
ps!(ps_rewards, |c| c.rewards().list());
ps!(ps_form_templates, |c| c.form_templates().list());
ps!(ps_applications, |c| c.applications().list());
ps!(ps_tiers, |c| c.tiers().list());
ps!(ps_tier_collections, |c| c.tiers().list_collections());
ps!(ps_product_books, |c| c.product_books().list());
ps!(ps_products, |c| c.products().list());
ps!(ps_report_configurations, |c| c.reports().list());

const PS_UPDATED: Mode = Mode::Incremental {
    field: "updated_at",
    filter: "min_updated",
    format: MarkFormat::EpochMillis,
};

const fn ps_res(
    selector: &'static str,
    endpoint: &'static str,
    mode: Mode,
    fetch: FetchFn,
    check: CheckFn,
) -> Resource {
    let mut r = res(
        selector,
        Api::PartnerStack,
        endpoint,
        &["key"],
        mode,
        fetch,
        check,
    );
    r.resume_key = Some("key");
    r
}

/// This API's resources, parents before their children.
pub(super) static RESOURCES: &[Resource] = &[
    ps_res(
        "partnerstack.partnerships",
        "GET /v2/partnerships",
        PS_UPDATED,
        ps_partnerships,
        check::<partnerstack::Partnership>,
    ),
    ps_res(
        "partnerstack.customers",
        "GET /v2/customers",
        PS_UPDATED,
        ps_customers,
        check::<partnerstack::Customer>,
    ),
    ps_res(
        "partnerstack.transactions",
        "GET /v2/transactions",
        PS_UPDATED,
        ps_transactions,
        check::<partnerstack::Transaction>,
    ),
    ps_res(
        "partnerstack.deals",
        "GET /v2/deals",
        PS_UPDATED,
        ps_deals,
        check::<partnerstack::Deal>,
    ),
    ps_res(
        "partnerstack.leads",
        "GET /v2/leads",
        PS_UPDATED,
        ps_leads,
        check::<partnerstack::Lead>,
    ),
    ps_res(
        "partnerstack.actions",
        "GET /v2/actions",
        PS_UPDATED,
        ps_actions,
        check::<partnerstack::Action>,
    ),
    ps_res(
        "partnerstack.groups",
        "GET /v2/groups",
        PS_UPDATED,
        ps_groups,
        check::<partnerstack::Group>,
    ),
    ps_res(
        "partnerstack.rewards",
        "GET /v2/rewards",
        FULL,
        ps_rewards,
        check::<partnerstack::Reward>,
    ),
    ps_res(
        "partnerstack.form_templates",
        "GET /v2/form-templates",
        FULL,
        ps_form_templates,
        check::<partnerstack::FormTemplate>,
    ),
    ps_res(
        "partnerstack.applications",
        "GET /v2/applications",
        FULL,
        ps_applications,
        check::<partnerstack::Application>,
    ),
    ps_res(
        "partnerstack.tiers",
        "GET /v2/tiers",
        FULL,
        ps_tiers,
        check::<partnerstack::Tier>,
    ),
    ps_res(
        "partnerstack.tier_collections",
        "GET /v2/tiers/collection",
        FULL,
        ps_tier_collections,
        check::<partnerstack::TierCollection>,
    ),
    ps_res(
        "partnerstack.product_books",
        "GET /v2/product-book",
        FULL,
        ps_product_books,
        check::<partnerstack::ProductBook>,
    ),
    ps_res(
        "partnerstack.products",
        "GET /v2/products",
        FULL,
        ps_products,
        check::<partnerstack::Product>,
    ),
    ps_res(
        "partnerstack.report_configurations",
        "GET /v2/vendor-report-configuration",
        FULL,
        ps_report_configurations,
        check::<partnerstack::ReportConfiguration>,
    ),
];
