//! The resources a sync copies: every list endpoint of the four APIs that
//! returns records (and that the sync covers today; see `sync/README.md`
//! for those left out), with its primary key, its sync mode and, where the
//! API needs one, the parent resource its required parameter comes from.
//!
//! Each resource reads its pages through the API crate's own list builder
//! (`raw_pages()`: the crate's pagination with the records left as JSON),
//! then decodes every record into the crate's typed model to validate it.

use affiliate_common::UnixTime;
use affiliate_common::pagination::PageStream;
use futures_util::StreamExt as _;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::time::{format_rfc3339_secs, parse_rfc3339_millis};

/// One of the four APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Api {
    /// PartnerStack (vendor API).
    PartnerStack,
    /// impact.com (Brand API).
    Impact,
    /// ReferralHero.
    ReferralHero,
    /// Dub.
    Dub,
}

impl Api {
    /// Every API, in the order the CLI lists them.
    pub const ALL: [Api; 4] = [Api::PartnerStack, Api::Impact, Api::ReferralHero, Api::Dub];

    /// The selector prefix (`partnerstack`, `impact`, `referralhero`, `dub`).
    pub fn name(self) -> &'static str {
        match self {
            Api::PartnerStack => "partnerstack",
            Api::Impact => "impact",
            Api::ReferralHero => "referralhero",
            Api::Dub => "dub",
        }
    }
}

/// How the high-water mark of an incremental resource is written by the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MarkFormat {
    /// Unix epoch milliseconds, as a number (PartnerStack's `updated_at`).
    EpochMillis,
    /// An RFC 3339 date-time string (impact.com's dates).
    Rfc3339,
}

impl MarkFormat {
    /// The mark of a field value, in Unix milliseconds.
    pub fn millis(self, v: &Value) -> Option<i64> {
        match (self, v) {
            (MarkFormat::EpochMillis, Value::Number(n)) => n.as_i64(),
            (MarkFormat::EpochMillis, Value::String(s)) => s.trim().parse().ok(),
            (MarkFormat::Rfc3339, Value::String(s)) => parse_rfc3339_millis(s),
            _ => None,
        }
    }
}

/// How a resource is synced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mode {
    /// Only what changed since the stored mark (minus [`OVERLAP_MS`]) is
    /// requested, through the API filter `filter`.
    Incremental {
        /// The record field the mark is read from.
        field: &'static str,
        /// The API parameter(s) that filter on it.
        filter: &'static str,
        /// How the field is written.
        format: MarkFormat,
    },
    /// Every run reads the whole list (the API has no filter on a change
    /// time); rows the API no longer returns get `_deleted_at` after a
    /// complete run.
    FullRefresh,
}

impl Mode {
    /// `incremental` or `full refresh`.
    pub fn label(&self) -> &'static str {
        match self {
            Mode::Incremental { .. } => "incremental",
            Mode::FullRefresh => "full refresh",
        }
    }
}

/// How far before the stored mark an incremental run starts: 10 minutes, so
/// that a record updated while the previous run was paging (and written with
/// a change time a little before the mark) is read again rather than missed.
/// Records in the overlap are upserted again, never duplicated.
pub const OVERLAP_MS: i64 = 10 * 60 * 1000;

/// The clients a sync reads through: one per API account, shared by every
/// resource of that API (so they share its rate limiter). `None` skips the
/// API's resources.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Clients {
    /// PartnerStack vendor client.
    pub partnerstack: Option<partnerstack::Client>,
    /// impact.com client; the Brand API of its own account SID is synced.
    pub impact: Option<impact_com::Client>,
    /// ReferralHero client.
    pub referralhero: Option<referralhero::Client>,
    /// Dub client.
    pub dub: Option<dub::Client>,
}

impl Clients {
    /// Whether a client for `api` is set.
    pub fn has(&self, api: Api) -> bool {
        match api {
            Api::PartnerStack => self.partnerstack.is_some(),
            Api::Impact => self.impact.is_some(),
            Api::ReferralHero => self.referralhero.is_some(),
            Api::Dub => self.dub.is_some(),
        }
    }

    /// The shared transport of `api`'s client (its rate limiter included).
    pub fn http(&self, api: Api) -> Option<&affiliate_common::Client> {
        match api {
            Api::PartnerStack => self.partnerstack.as_ref().map(|c| c.http()),
            Api::Impact => self.impact.as_ref().map(|c| c.http()),
            Api::ReferralHero => self.referralhero.as_ref().map(|c| c.http()),
            Api::Dub => self.dub.as_ref().map(|c| c.http()),
        }
    }
}

/// What one fetch of a resource asks for.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct FetchArgs {
    /// Records changed at or after this time (Unix ms), for incremental
    /// resources; `None` reads everything.
    pub since_ms: Option<i64>,
    /// The end of the read, Unix ms (the run's start), for date windows.
    pub until_ms: i64,
    /// The parent record's id, for resources fanned out from a parent.
    pub parent: Option<String>,
    /// Resume after this record (cursor APIs), from an interrupted run.
    pub resume_after: Option<String>,
}

/// Why a record was refused: its JSON path and the decode error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRecord {
    /// The JSON path inside the record (`$.created_at`).
    pub path: String,
    /// The error.
    pub error: String,
}

type FetchFn = fn(&Clients, &FetchArgs) -> Option<PageStream<Value>>;
type CheckFn = fn(&Value) -> Result<(), BadRecord>;

/// One resource of the registry.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct Resource {
    /// `<api>.<resource>`, e.g. `partnerstack.partnerships`.
    pub selector: &'static str,
    /// The API.
    pub api: Api,
    /// The endpoint, for the table (`GET /v2/partnerships`).
    pub endpoint: &'static str,
    /// The primary-key field(s).
    pub primary_key: &'static [&'static str],
    /// Incremental or full refresh.
    pub mode: Mode,
    /// The resource whose records supply this one's required parameter, and
    /// the parent field used (`("referralhero.lists", "uuid")`).
    pub parent: Option<(&'static str, &'static str)>,
    /// The record field a cursor API resumes after (`starting_after`), when
    /// an interrupted run can continue where it stopped.
    pub resume_key: Option<&'static str>,
    fetch: FetchFn,
    check: CheckFn,
}

impl std::fmt::Debug for Resource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resource")
            .field("selector", &self.selector)
            .field("primary_key", &self.primary_key)
            .field("mode", &self.mode)
            .field("parent", &self.parent)
            .finish_non_exhaustive()
    }
}

impl Resource {
    /// The table (or file) name: the selector with dots turned into underscores.
    pub fn table(&self) -> String {
        self.selector.replace('.', "_")
    }

    /// The pages of one read, or `None` when the API has no client.
    pub fn fetch(&self, clients: &Clients, args: &FetchArgs) -> Option<PageStream<Value>> {
        (self.fetch)(clients, args)
    }

    /// Decodes `record` into the crate's typed model; the path and error of
    /// the first value that does not fit otherwise.
    ///
    /// # Errors
    /// [`BadRecord`] when the record does not decode.
    pub fn check(&self, record: &Value) -> Result<(), BadRecord> {
        (self.check)(record)
    }

    /// Whether this is a full-refresh resource.
    pub fn is_full_refresh(&self) -> bool {
        matches!(self.mode, Mode::FullRefresh)
    }
}

fn check<T: DeserializeOwned>(v: &Value) -> Result<(), BadRecord> {
    // The fast path: almost every record decodes. Only a record that does
    // not is decoded again, with the path tracking that names the value.
    if T::deserialize(v).is_ok() {
        return Ok(());
    }
    match serde_path_to_error::deserialize::<_, T>(v) {
        Ok(_) => Ok(()),
        Err(e) => {
            let p = e.path().to_string();
            let path = if p == "." || p.is_empty() {
                "$".to_owned()
            } else {
                format!("$.{p}")
            };
            Err(BadRecord {
                path,
                error: e.into_inner().to_string(),
            })
        }
    }
}

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

fn impact_campaigns(clients: &Clients, _: &FetchArgs) -> Option<PageStream<Value>> {
    let c = clients.impact.as_ref()?;
    Some(c.brand(c.account_sid()).campaigns().list().raw_pages())
}

fn impact_media_partners(clients: &Clients, _: &FetchArgs) -> Option<PageStream<Value>> {
    let c = clients.impact.as_ref()?;
    Some(c.brand(c.account_sid()).media_partners().list().raw_pages())
}

fn impact_reports(clients: &Clients, _: &FetchArgs) -> Option<PageStream<Value>> {
    let c = clients.impact.as_ref()?;
    Some(c.brand(c.account_sid()).reports().list().raw_pages())
}

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

fn impact_actions(clients: &Clients, a: &FetchArgs) -> Option<PageStream<Value>> {
    let c = clients.impact.as_ref()?.clone();
    let campaign: u64 = match a.parent.as_deref().map(str::parse) {
        Some(Ok(id)) => id,
        _ => {
            return Some(affiliate_common::pagination::failed_pages(
                affiliate_common::Error::invalid_input("impact actions need a numeric campaign id"),
            ));
        }
    };
    let windows = impact_windows(a.since_ms, a.until_ms);
    Some(Box::pin(
        futures_util::stream::iter(windows)
            .map(move |(start, end)| {
                c.brand(c.account_sid())
                    .actions()
                    .list(campaign)
                    .start_date(format_rfc3339_secs(start))
                    .end_date(format_rfc3339_secs(end))
                    .raw_pages()
            })
            .flatten(),
    ))
}

fn rh_lists(clients: &Clients, _: &FetchArgs) -> Option<PageStream<Value>> {
    Some(clients.referralhero.as_ref()?.lists().list().raw_pages())
}

macro_rules! rh_child {
    ($name:ident, |$c:ident, $uuid:ident| $list:expr) => {
        fn $name(clients: &Clients, a: &FetchArgs) -> Option<PageStream<Value>> {
            let $c = clients.referralhero.as_ref()?;
            let $uuid = a.parent.clone().unwrap_or_default();
            Some($list.raw_pages())
        }
    };
}

rh_child!(rh_subscribers, |c, uuid| c.subscribers(uuid).list());
rh_child!(rh_rewards, |c, uuid| c.rewards(uuid).list());
rh_child!(rh_coupon_groups, |c, uuid| c.coupons(uuid).list_groups());

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

const PS_UPDATED: Mode = Mode::Incremental {
    field: "updated_at",
    filter: "min_updated",
    format: MarkFormat::EpochMillis,
};

const fn res(
    selector: &'static str,
    api: Api,
    endpoint: &'static str,
    primary_key: &'static [&'static str],
    mode: Mode,
    fetch: FetchFn,
    check: CheckFn,
) -> Resource {
    Resource {
        selector,
        api,
        endpoint,
        primary_key,
        mode,
        parent: None,
        resume_key: None,
        fetch,
        check,
    }
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

const fn child(mut r: Resource, parent: &'static str, field: &'static str) -> Resource {
    r.parent = Some((parent, field));
    r
}

use Mode::FullRefresh as FULL;

static RESOURCES: &[Resource] = &[
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
    res(
        "impact.brand.campaigns",
        Api::Impact,
        "GET /Advertisers/{sid}/Campaigns",
        &["Id"],
        FULL,
        impact_campaigns,
        check::<impact_com::generated::brand::Program>,
    ),
    res(
        "impact.brand.media_partners",
        Api::Impact,
        "GET /Advertisers/{sid}/MediaPartners",
        &["Id"],
        FULL,
        impact_media_partners,
        check::<impact_com::generated::brand::Partner>,
    ),
    res(
        "impact.brand.reports",
        Api::Impact,
        "GET /Advertisers/{sid}/Reports",
        &["Id"],
        FULL,
        impact_reports,
        check::<impact_com::generated::brand::Report>,
    ),
    child(
        res(
            "impact.brand.actions",
            Api::Impact,
            "GET /Advertisers/{sid}/Actions?CampaignId=",
            &["Id"],
            Mode::Incremental {
                field: "EventDate",
                filter: "StartDate/EndDate (45-day windows)",
                format: MarkFormat::Rfc3339,
            },
            impact_actions,
            check::<impact_com::generated::brand::Action>,
        ),
        "impact.brand.campaigns",
        "Id",
    ),
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

/// Every resource, in a stable order (parents before their children).
pub fn resources() -> &'static [Resource] {
    RESOURCES
}

/// The resource named `selector`.
pub fn find(selector: &str) -> Option<&'static Resource> {
    RESOURCES.iter().find(|r| r.selector == selector)
}

/// Resolves selectors: `all` (or none) for every resource, an API name
/// (`dub`) for its resources, or exact selectors. Unknown names are
/// returned in `Err`.
///
/// # Errors
/// The selectors that name nothing.
pub fn select(selectors: &[String]) -> Result<Vec<&'static Resource>, Vec<String>> {
    if selectors.is_empty() || selectors.iter().any(|s| s == "all") {
        return Ok(RESOURCES.iter().collect());
    }
    let mut out: Vec<&'static Resource> = Vec::new();
    let mut unknown = Vec::new();
    for s in selectors {
        let matched: Vec<_> = RESOURCES
            .iter()
            .filter(|r| {
                r.selector == s || r.api.name() == s || r.selector.starts_with(&format!("{s}."))
            })
            .collect();
        if matched.is_empty() {
            unknown.push(s.clone());
        }
        for r in matched {
            if !out.iter().any(|o| o.selector == r.selector) {
                out.push(r);
            }
        }
    }
    if unknown.is_empty() {
        Ok(out)
    } else {
        Err(unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_are_unique_and_parents_come_first() {
        for (i, r) in RESOURCES.iter().enumerate() {
            assert!(r.selector.starts_with(r.api.name()), "{}", r.selector);
            assert_eq!(
                RESOURCES
                    .iter()
                    .filter(|o| o.selector == r.selector)
                    .count(),
                1
            );
            if let Some((parent, _)) = r.parent {
                let p = RESOURCES
                    .iter()
                    .position(|o| o.selector == parent)
                    .expect(parent);
                assert!(p < i, "{} before its parent", r.selector);
            }
        }
    }

    #[test]
    fn select_by_api_and_name() {
        let dub = select(&["dub".into()]).unwrap();
        assert!(dub.iter().all(|r| r.api == Api::Dub) && dub.len() == 5);
        assert_eq!(select(&["dub.partners".into()]).unwrap().len(), 1);
        assert_eq!(
            select(&["nope".into()]).unwrap_err(),
            vec!["nope".to_owned()]
        );
    }

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
    fn a_bad_record_names_its_path() {
        let bad =
            check::<referralhero::models::List>(&serde_json::json!({"uuid": {"not": "an id"}}))
                .unwrap_err();
        assert_eq!(bad.path, "$.uuid", "{bad:?}");
        let bad = check::<referralhero::models::List>(&serde_json::json!(17)).unwrap_err();
        assert_eq!(bad.path, "$");
    }
}
