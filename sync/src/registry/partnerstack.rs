//! PartnerStack: the resources a sync copies, from the vendor API
//! (`partnerstack.*`) and the partner API (`partnerstack.partner.*`).
//!
//! Every list pages by cursor (`starting_after` = the last record's key),
//! so an interrupted run resumes after the last stored record, except the
//! deal and lead form templates (a bare array) and the team members (read
//! per team, see [`ps_team_members`]).

use std::collections::HashSet;

use affiliate_common::UnixTime;
use affiliate_common::pagination::{PageStream, RawItem};
use futures_util::StreamExt as _;
use serde_json::Value;

use super::{
    Account, Api, CheckFn, Clients, FetchArgs, FetchFn, MarkFormat, Mode, Resource, check, child,
    res,
};

use Mode::FullRefresh as FULL;

/// PartnerStack list: `min_updated` when incremental, `starting_after` on resume.
macro_rules! ps {
    ($name:ident, |$c:ident| $list:expr, incremental) => {
        fn $name(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
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
        fn $name(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
            let $c = clients.partnerstack.as_ref()?;
            let mut b = $list;
            if let Some(k) = &a.resume_after {
                b = b.starting_after(k.clone());
            }
            Some(b.raw_pages())
        }
    };
    // A list read with the partner API's client.
    ($name:ident, partner |$c:ident| $list:expr) => {
        fn $name(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
            let $c = clients.partnerstack_partner.as_ref()?;
            let mut b = $list;
            if let Some(k) = &a.resume_after {
                b = b.starting_after(k.clone());
            }
            Some(b.raw_pages())
        }
    };
    // A list of one partnership (`FetchArgs::parent` is its key).
    ($name:ident, child |$c:ident, $key:ident| $list:expr) => {
        fn $name(clients: &Clients, a: &FetchArgs) -> Option<PageStream<RawItem>> {
            let $c = clients.partnerstack.as_ref()?;
            let $key = a.parent.as_deref().unwrap_or_default();
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
ps!(ps_webhooks, |c| c.webhooks().list());
ps!(ps_deal_form_templates, |c| c.deals().form_templates());
ps!(ps_lead_form_templates, |c| c.leads().form_templates());
ps!(
    ps_partnership_links,
    child | c,
    key | c.partnerships().links(key)
);
ps!(
    ps_partner_partnerships,
    partner | c | c.partnerships().list()
);
ps!(ps_partner_customers, partner | c | c.customers().list());
ps!(
    ps_partner_transactions,
    partner | c | c.transactions().list()
);
ps!(ps_partner_rewards, partner | c | c.rewards().list());
ps!(ps_partner_actions, partner | c | c.actions().list());
ps!(ps_partner_payouts, partner | c | c.payouts().list());
ps!(
    ps_partner_marketplace_programs,
    partner | c | c.marketplace().list()
);

/// The members of every partner team: the teams are the distinct
/// `team.key` values of the partnerships (nested, so the registry's
/// parent fan-out, which reads a top-level field, cannot supply them), and
/// each team is read with `GET /partner-team/{team_key}`. The partnership
/// pages read to find the teams are not counted as this resource's
/// requests. A failed partnership page fails the resource.
pub(crate) fn ps_team_members(clients: &Clients, _: &FetchArgs) -> Option<PageStream<RawItem>> {
    let c = clients.partnerstack.as_ref()?.clone();
    let teams = async move {
        let mut seen = HashSet::new();
        let mut keys = Vec::new();
        let mut pages = c.partnerships().list().raw_pages();
        while let Some(page) = pages.next().await {
            for p in &page?.items {
                let Ok(p) = serde_json::from_str::<Value>(p.get()) else {
                    continue;
                };
                if let Some(k) = p.pointer("/team/key").and_then(Value::as_str)
                    && seen.insert(k.to_owned())
                {
                    keys.push(k.to_owned());
                }
            }
        }
        Ok::<_, affiliate_common::Error>((c, keys))
    };
    Some(Box::pin(futures_util::stream::once(teams).flat_map(
        |read| -> PageStream<RawItem> {
            match read {
                Ok((c, keys)) => Box::pin(
                    futures_util::stream::iter(keys)
                        .map(move |k| c.partnerships().team_members(&k).raw_pages())
                        .flatten(),
                ),
                Err(e) => affiliate_common::pagination::failed_pages(e),
            }
        },
    )))
}

const PS_UPDATED: Mode = Mode::Incremental {
    field: "updated_at",
    filter: "min_updated",
    format: MarkFormat::EpochMillis,
};

/// A resource without resume (its list does not page by cursor).
const fn no_resume(mut r: Resource) -> Resource {
    r.resume_key = None;
    r
}

/// A partner-API resource.
const fn partner(mut r: Resource) -> Resource {
    r.account = Account::PartnerStackPartner;
    r
}

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
    ps_res(
        "partnerstack.webhooks",
        "GET /v2/webhooks",
        FULL,
        ps_webhooks,
        check::<partnerstack::Webhook>,
    ),
    no_resume(ps_res(
        "partnerstack.deal_form_templates",
        "GET /v2/deals/form-templates",
        FULL,
        ps_deal_form_templates,
        check::<partnerstack::FormTemplate>,
    )),
    no_resume(ps_res(
        "partnerstack.lead_form_templates",
        "GET /v2/leads/form-templates",
        FULL,
        ps_lead_form_templates,
        check::<partnerstack::FormTemplate>,
    )),
    child(
        ps_res(
            "partnerstack.partnership_links",
            "GET /v2/links/{partnership_key}",
            FULL,
            ps_partnership_links,
            check::<partnerstack::Link>,
        ),
        "partnerstack.partnerships",
        "key",
    ),
    no_resume(ps_res(
        "partnerstack.team_members",
        "GET /v2/partner-team/{team_key} (every partnership's team.key)",
        FULL,
        ps_team_members,
        check::<partnerstack::TeamMember>,
    )),
    partner(ps_res(
        "partnerstack.partner.partnerships",
        "GET /v2/partnerships (partner API)",
        FULL,
        ps_partner_partnerships,
        check::<partnerstack::PartnerPartnership>,
    )),
    partner(ps_res(
        "partnerstack.partner.customers",
        "GET /v2/customers (partner API)",
        FULL,
        ps_partner_customers,
        check::<partnerstack::PartnerCustomer>,
    )),
    partner(ps_res(
        "partnerstack.partner.transactions",
        "GET /v2/transactions (partner API)",
        FULL,
        ps_partner_transactions,
        check::<partnerstack::Transaction>,
    )),
    partner(ps_res(
        "partnerstack.partner.rewards",
        "GET /v2/rewards (partner API)",
        FULL,
        ps_partner_rewards,
        check::<partnerstack::Reward>,
    )),
    partner(ps_res(
        "partnerstack.partner.actions",
        "GET /v2/actions (partner API)",
        FULL,
        ps_partner_actions,
        check::<partnerstack::Action>,
    )),
    partner(ps_res(
        "partnerstack.partner.payouts",
        "GET /v2/payouts (partner API)",
        FULL,
        ps_partner_payouts,
        check::<partnerstack::Payout>,
    )),
    partner(ps_res(
        "partnerstack.partner.marketplace_programs",
        "GET /v2/marketplace/programs (partner API)",
        FULL,
        ps_partner_marketplace_programs,
        check::<partnerstack::MarketplaceProgram>,
    )),
];
