//! The resources the tools can read: what each one is, its fields, its
//! filters, and how one page of it is fetched through its crate's client.
//!
//! The catalog is small on purpose (three or four resources per API, the
//! ones people ask about); anything else stays reachable through the
//! synced database and `sql_query`.

use std::fmt;

use serde_json::Value;

use crate::error::ToolError;
use crate::filters::{Filters, rfc3339_to_millis};

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
    /// All four, in the order the tools list them.
    pub const ALL: [Api; 4] = [Api::PartnerStack, Api::Impact, Api::ReferralHero, Api::Dub];

    /// The name used in tool arguments and in `--apis`: `partnerstack`,
    /// `impact`, `referralhero`, `dub` (also the prefix of the sync's tables).
    pub fn name(self) -> &'static str {
        match self {
            Api::PartnerStack => "partnerstack",
            Api::Impact => "impact",
            Api::ReferralHero => "referralhero",
            Api::Dub => "dub",
        }
    }

    /// The API of a name given by [`Api::name`] (case-insensitive).
    pub fn parse(name: &str) -> Option<Api> {
        Api::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name.trim()))
    }
}

impl fmt::Display for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One documented field of a resource.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The field's name as it appears in a record.
    pub name: &'static str,
    /// Its JSON type: `string`, `integer`, `number`, `boolean`, `object`, `array`.
    pub ty: &'static str,
    /// What it holds, with its unit where it has one.
    pub doc: &'static str,
}

const fn f(name: &'static str, ty: &'static str, doc: &'static str) -> Field {
    Field { name, ty, doc }
}

/// A filter of `list_records`, by its name in [`Filters`].
#[derive(Debug, Clone, Copy)]
pub struct FilterDoc {
    /// The filter's name (a key of the `filters` argument).
    pub name: &'static str,
    /// What it does for this resource.
    pub doc: &'static str,
}

const fn flt(name: &'static str, doc: &'static str) -> FilterDoc {
    FilterDoc { name, doc }
}

/// A resource of the catalog.
#[derive(Debug)]
pub struct Resource {
    /// Its API.
    pub api: Api,
    /// Its name within the API (`partnerships`, `actions`, ...).
    pub name: &'static str,
    /// One sentence on what a record is.
    pub summary: &'static str,
    /// The field that identifies a record (what `get_record` takes).
    pub id_field: &'static str,
    /// Whether the API can fetch one record by id.
    pub gettable: bool,
    /// The documented fields (records may carry more; they pass through).
    pub fields: &'static [Field],
    /// The filters this resource accepts.
    pub filters: &'static [FilterDoc],
    /// The filter that must be given (a parent id), if any.
    pub required_filter: Option<&'static str>,
    /// The resource's selector and table in the sync (`<api>.<resource>`,
    /// table `<api>_<resource>`).
    pub sync_selector: &'static str,
}

impl Resource {
    /// The sync's table name for this resource.
    pub fn table(&self) -> String {
        self.sync_selector.replace('.', "_")
    }
}

const PS_TIME: &[FilterDoc] = &[
    flt(
        "updated_since",
        "updated at or after this time (RFC 3339; sent as min_updated)",
    ),
    flt(
        "created_since",
        "created at or after this time (RFC 3339; sent as min_created)",
    ),
    flt(
        "created_before",
        "created before this time (RFC 3339; sent as max_created)",
    ),
];

/// Every resource of the catalog.
pub static RESOURCES: &[Resource] = &[
    Resource {
        api: Api::PartnerStack,
        name: "partnerships",
        summary: "A partner's membership in your program, newest first.",
        id_field: "key",
        gettable: true,
        fields: &[
            f("key", "string", "the partnership key (part_...)"),
            f("email", "string", "the partner's email"),
            f("first_name", "string", "first name"),
            f("last_name", "string", "last name"),
            f("partner_key", "string", "your own key for the partner"),
            f("group", "object", "the partner's group ({key, name, ...})"),
            f("created_at", "integer", "creation time, Unix milliseconds"),
            f("updated_at", "integer", "last update, Unix milliseconds"),
            f(
                "joined_at",
                "integer",
                "when the partner joined, Unix milliseconds",
            ),
            f("stats", "object", "latest statistics, name to number"),
            f("archived", "boolean", "whether the partnership is archived"),
        ],
        filters: &[
            PS_TIME[0],
            PS_TIME[1],
            PS_TIME[2],
            flt("group", "group key (sent as group_key)"),
        ],
        required_filter: None,
        sync_selector: "partnerstack.partnerships",
    },
    Resource {
        api: Api::PartnerStack,
        name: "customers",
        summary: "A customer a partner referred.",
        id_field: "key",
        gettable: true,
        fields: &[
            f("key", "string", "PartnerStack's customer key (cus_...)"),
            f(
                "customer_key",
                "string",
                "your external key for the customer",
            ),
            f("email", "string", "email address"),
            f("name", "string", "customer or company name"),
            f("partner_key", "string", "the referring partner's key"),
            f(
                "partnership_key",
                "string",
                "the referring partnership's key",
            ),
            f("created_at", "integer", "creation time, Unix milliseconds"),
            f("updated_at", "integer", "last update, Unix milliseconds"),
            f("test", "boolean", "a test customer"),
        ],
        filters: &[
            PS_TIME[0],
            PS_TIME[1],
            PS_TIME[2],
            flt("partner", "the referring partner's key (partner_key)"),
            flt("group", "group key (sent as group_key)"),
        ],
        required_filter: None,
        sync_selector: "partnerstack.customers",
    },
    Resource {
        api: Api::PartnerStack,
        name: "transactions",
        summary: "A payment by a customer; rewards are computed from it.",
        id_field: "key",
        gettable: true,
        fields: &[
            f("key", "string", "the transaction key"),
            f(
                "amount",
                "integer",
                "amount in integer cents of `currency`; negative for refunds",
            ),
            f("amount_usd", "integer", "amount in US dollar cents"),
            f("currency", "string", "ISO 4217 code"),
            f("customer_key", "string", "the customer's key"),
            f("product_key", "string", "the product"),
            f("approved", "boolean", "approved"),
            f("created_at", "integer", "creation time, Unix milliseconds"),
            f("updated_at", "integer", "last update, Unix milliseconds"),
        ],
        filters: &[
            PS_TIME[0],
            PS_TIME[1],
            PS_TIME[2],
            flt("customer", "the customer's key (customer_key)"),
            flt("group", "group key (sent as group_key)"),
        ],
        required_filter: None,
        sync_selector: "partnerstack.transactions",
    },
    Resource {
        api: Api::Impact,
        name: "campaigns",
        summary: "A program (campaign) of the brand account.",
        id_field: "Id",
        gettable: true,
        fields: &[
            f("Id", "integer", "the campaign id"),
            f("Name", "string", "the campaign name"),
            f("State", "string", "ACTIVE, CLOSED, ..."),
            f("Type", "string", "the program type"),
            f("ShortDescription", "string", "one-line description"),
            f("TrackingDomain", "string", "the tracking link domain"),
            f(
                "ListInMarketplace",
                "boolean",
                "listed in the partner marketplace",
            ),
        ],
        filters: &[flt(
            "status",
            "campaign state: ACTIVE, CLOSED, ... (sent as State)",
        )],
        required_filter: None,
        sync_selector: "impact.brand.campaigns",
    },
    Resource {
        api: Api::Impact,
        name: "media_partners",
        summary: "A media partner (affiliate) of the brand account.",
        id_field: "Id",
        gettable: true,
        fields: &[
            f("Id", "string", "the partner id"),
            f("Name", "string", "the partner name"),
            f("State", "string", "partner state (ACTIVE, ...)"),
            f("PartnerType", "string", "CONTENT, ..."),
            f("Currency", "string", "ISO 4217 code of its payouts"),
            f("Address", "object", "address ({Country, ...})"),
            f(
                "DateCreated",
                "string",
                "when it joined (ISO 8601 with offset)",
            ),
            f("Website", "string", "its website"),
            f("Programs", "array", "the campaigns it belongs to"),
        ],
        filters: &[
            flt("campaign_id", "only partners of this campaign"),
            flt("status", "partner state (sent as State)"),
        ],
        required_filter: None,
        sync_selector: "impact.brand.media_partners",
    },
    Resource {
        api: Api::Impact,
        name: "actions",
        summary: "A conversion (sale, lead, ...) tracked for a campaign.",
        id_field: "Id",
        gettable: true,
        fields: &[
            f("Id", "string", "the action id"),
            f("CampaignId", "integer", "the campaign"),
            f("State", "string", "PENDING, APPROVED or REVERSED"),
            f(
                "Amount",
                "number",
                "sale amount in major units of `Currency` (89.35 = 89.35 USD)",
            ),
            f(
                "Payout",
                "number",
                "partner payout in major units of `Currency`",
            ),
            f("Currency", "string", "ISO 4217 code"),
            f("MediaPartnerId", "integer", "the credited partner"),
            f("Oid", "string", "your order id"),
            f(
                "EventDate",
                "string",
                "when the event happened (ISO 8601 with offset)",
            ),
            f(
                "CreationDate",
                "string",
                "when impact.com recorded it (ISO 8601)",
            ),
        ],
        filters: &[
            flt("campaign_id", "the campaign (required)"),
            flt("status", "PENDING, APPROVED or REVERSED (sent as State)"),
            flt(
                "start_date",
                "window start (RFC 3339; with end_date, at most 45 days)",
            ),
            flt("end_date", "window end (RFC 3339)"),
        ],
        required_filter: Some("campaign_id"),
        sync_selector: "impact.brand.actions",
    },
    Resource {
        api: Api::ReferralHero,
        name: "lists",
        summary: "A campaign (list) of the account.",
        id_field: "uuid",
        gettable: false,
        fields: &[
            f("uuid", "string", "the list id (MF...)"),
            f("name", "string", "the list name"),
            f("type", "string", "waitlist, sweepstake, ..."),
            f("subscribers", "integer", "number of subscribers"),
            f("created_at", "integer", "creation time, Unix seconds"),
        ],
        filters: &[],
        required_filter: None,
        sync_selector: "referralhero.lists",
    },
    Resource {
        api: Api::ReferralHero,
        name: "subscribers",
        summary: "A subscriber (participant) of one list.",
        id_field: "id",
        gettable: true,
        fields: &[
            f("id", "string", "the subscriber id (sub_...)"),
            f("email", "string", "email address"),
            f("name", "string", "name"),
            f("code", "string", "the subscriber's referral code"),
            f("points", "integer", "points earned"),
            f("people_referred", "integer", "referrals made"),
            f(
                "pending_referrals",
                "integer",
                "referrals not confirmed yet",
            ),
            f("status", "string", "subscriber status"),
            f(
                "referral_status",
                "string",
                "whether its own referral is confirmed",
            ),
            f("created_at", "integer", "sign-up time, Unix seconds"),
            f("last_updated_at", "integer", "last change, Unix seconds"),
        ],
        filters: &[flt("list_uuid", "the list (required)")],
        required_filter: Some("list_uuid"),
        sync_selector: "referralhero.subscribers",
    },
    Resource {
        api: Api::ReferralHero,
        name: "rewards",
        summary: "A reward issued to a subscriber of one list.",
        id_field: "id",
        gettable: false,
        fields: &[
            f("id", "integer", "the reward id"),
            f("name", "string", "the reward name"),
            f(
                "status",
                "string",
                "pending, unlocked, sent, resent, canceled",
            ),
            f("subscriber_id", "string", "the subscriber"),
            f("subscriber_email", "string", "the subscriber's email"),
            f(
                "value",
                "number",
                "the reward's value, as configured in the list",
            ),
            f("created_at", "integer", "creation time, Unix seconds"),
            f(
                "unlocked_date",
                "integer",
                "when it was unlocked, Unix seconds",
            ),
        ],
        filters: &[
            flt("list_uuid", "the list (required)"),
            flt("status", "pending, unlocked, sent, resent or canceled"),
        ],
        required_filter: Some("list_uuid"),
        sync_selector: "referralhero.rewards",
    },
    Resource {
        api: Api::Dub,
        name: "partners",
        summary: "A partner of the program, with its totals.",
        id_field: "id",
        gettable: false,
        fields: &[
            f("id", "string", "the partner id (pn_...)"),
            f("name", "string", "name"),
            f("email", "string", "email"),
            f("status", "string", "approved, pending, banned, ..."),
            f("country", "string", "ISO country code"),
            f("totalClicks", "number", "clicks on the partner's links"),
            f("totalLeads", "number", "leads"),
            f("totalSales", "number", "sales"),
            f("totalSaleAmount", "number", "sales total, cents (USD)"),
            f(
                "totalCommissions",
                "number",
                "commissions earned, cents (USD)",
            ),
            f(
                "netRevenue",
                "number",
                "sales less commissions, cents (USD)",
            ),
            f("links", "array", "the partner's links with their counts"),
            f("createdAt", "string", "creation time (RFC 3339)"),
        ],
        filters: &[
            flt("status", "approved, pending, banned, ..."),
            flt("email", "exact email"),
            flt("search", "search in name and email"),
        ],
        required_filter: None,
        sync_selector: "dub.partners",
    },
    Resource {
        api: Api::Dub,
        name: "customers",
        summary: "A customer attributed to a link or partner.",
        id_field: "id",
        gettable: true,
        fields: &[
            f("id", "string", "the customer id"),
            f("externalId", "string", "your id for the customer"),
            f("name", "string", "name"),
            f("email", "string", "email"),
            f("country", "string", "ISO country code"),
            f("sales", "number", "sales"),
            f("saleAmount", "number", "sales total, cents (USD)"),
            f("createdAt", "string", "creation time (RFC 3339)"),
        ],
        filters: &[
            flt("email", "exact email"),
            flt("search", "search in name, email and external id"),
            flt("partner", "the partner id (partnerId)"),
        ],
        required_filter: None,
        sync_selector: "dub.customers",
    },
    Resource {
        api: Api::Dub,
        name: "commissions",
        summary: "A commission earned by a partner for a click, lead or sale.",
        id_field: "id",
        gettable: false,
        fields: &[
            f("id", "string", "the commission id"),
            f("type", "string", "click, lead, sale or custom"),
            f("amount", "number", "the sale amount, cents of `currency`"),
            f(
                "earnings",
                "number",
                "the partner's earnings, cents of `currency`",
            ),
            f("currency", "string", "ISO 4217 code (lower case)"),
            f(
                "status",
                "string",
                "pending, processed, paid, refunded, duplicate, fraud, canceled",
            ),
            f("invoiceId", "string", "the sale's invoice id"),
            f(
                "partner",
                "object",
                "the partner ({id, name, email, country})",
            ),
            f("customer", "object", "the customer, if any"),
            f("createdAt", "string", "creation time (RFC 3339)"),
        ],
        filters: &[
            flt("status", "pending, processed, paid, refunded, ..."),
            flt("partner", "the partner id (partnerId)"),
            flt("customer", "the customer id (customerId)"),
        ],
        required_filter: None,
        sync_selector: "dub.commissions",
    },
    Resource {
        api: Api::Dub,
        name: "links",
        summary: "A short link with its click, lead and sale counts.",
        id_field: "id",
        gettable: true,
        fields: &[
            f("id", "string", "the link id"),
            f("domain", "string", "the short domain"),
            f("key", "string", "the slug"),
            f("url", "string", "the destination"),
            f("shortLink", "string", "the full short URL"),
            f("clicks", "number", "clicks"),
            f("leads", "number", "leads"),
            f("sales", "number", "sales"),
            f("saleAmount", "number", "sales total, cents (USD)"),
            f("partnerId", "string", "the partner it belongs to, if any"),
            f("createdAt", "string", "creation time (RFC 3339)"),
        ],
        filters: &[flt("search", "search in the slug and destination URL")],
        required_filter: None,
        sync_selector: "dub.links",
    },
];

/// The resource `name` of `api`.
pub fn find(api: Api, name: &str) -> Option<&'static Resource> {
    RESOURCES.iter().find(|r| r.api == api && r.name == name)
}

/// The resources of `api`.
pub fn of(api: Api) -> impl Iterator<Item = &'static Resource> {
    RESOURCES.iter().filter(move |r| r.api == api)
}

/// One page as an API returned it: the records as JSON, and where the
/// next page starts (an API-level token: a key, a page number).
#[derive(Debug)]
pub(crate) struct ApiPage {
    pub items: Vec<Value>,
    pub next: Option<String>,
    pub total: Option<u64>,
}

/// The configured clients, one per API the server exposes.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct Clients {
    /// The PartnerStack vendor client.
    pub partnerstack: Option<partnerstack::Client>,
    /// The impact.com client (its account SID is used as the brand).
    pub impact: Option<impact_com::Client>,
    /// The ReferralHero client.
    pub referralhero: Option<referralhero::Client>,
    /// The Dub client.
    pub dub: Option<dub::Client>,
}

impl fmt::Debug for Clients {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.apis()).finish()
    }
}

impl Clients {
    /// No client.
    pub fn new() -> Self {
        Self::default()
    }

    /// The APIs that have a client.
    pub fn apis(&self) -> Vec<Api> {
        Api::ALL
            .into_iter()
            .filter(|a| match a {
                Api::PartnerStack => self.partnerstack.is_some(),
                Api::Impact => self.impact.is_some(),
                Api::ReferralHero => self.referralhero.is_some(),
                Api::Dub => self.dub.is_some(),
            })
            .collect()
    }

    /// Keeps only the clients of `apis`.
    pub fn retain(&mut self, apis: &[Api]) {
        if !apis.contains(&Api::PartnerStack) {
            self.partnerstack = None;
        }
        if !apis.contains(&Api::Impact) {
            self.impact = None;
        }
        if !apis.contains(&Api::ReferralHero) {
            self.referralhero = None;
        }
        if !apis.contains(&Api::Dub) {
            self.dub = None;
        }
    }

    pub(crate) fn partnerstack(&self) -> Result<&partnerstack::Client, ToolError> {
        self.partnerstack
            .as_ref()
            .ok_or_else(|| ToolError::not_configured(Api::PartnerStack))
    }

    pub(crate) fn impact(&self) -> Result<impact_com::BrandClient, ToolError> {
        let c = self
            .impact
            .as_ref()
            .ok_or_else(|| ToolError::not_configured(Api::Impact))?;
        Ok(c.brand(c.account_sid()))
    }

    pub(crate) fn referralhero(&self) -> Result<&referralhero::Client, ToolError> {
        self.referralhero
            .as_ref()
            .ok_or_else(|| ToolError::not_configured(Api::ReferralHero))
    }

    pub(crate) fn dub(&self) -> Result<&dub::Client, ToolError> {
        self.dub
            .as_ref()
            .ok_or_else(|| ToolError::not_configured(Api::Dub))
    }
}

fn to_values<T: serde::Serialize>(items: Vec<T>) -> Result<Vec<Value>, ToolError> {
    items
        .into_iter()
        .map(|i| serde_json::to_value(i).map_err(|e| ToolError::internal(e.to_string())))
        .collect()
}

fn value_of<T: serde::Serialize>(item: T) -> Result<Value, ToolError> {
    serde_json::to_value(item).map_err(|e| ToolError::internal(e.to_string()))
}

/// The smallest page the impact.com Actions list accepts.
const ACTIONS_PAGE: u64 = 2_000;

/// Records, whether more follow (`@page < @numpages`, else a full page),
/// and the total.
fn impact_page<T: serde::Serialize>(
    page: affiliate_common::Page<T>,
    asked: u64,
) -> Result<(Vec<Value>, bool, Option<u64>), ToolError> {
    let more = page
        .has_more
        .unwrap_or(page.items.len() as u64 >= asked && !page.items.is_empty());
    Ok((to_values(page.items)?, more, page.total_items))
}

fn page_token(token: Option<&str>) -> Result<u64, ToolError> {
    match token {
        None => Ok(1),
        Some(t) => t
            .parse::<u64>()
            .ok()
            .filter(|p| *p >= 1)
            .ok_or_else(|| ToolError::bad_cursor("its page number is not a positive integer")),
    }
}

/// A path segment from the caller (a list uuid): letters, digits, `-`, `_`.
fn segment<'a>(what: &str, v: &'a str) -> Result<&'a str, ToolError> {
    if !v.is_empty()
        && v.len() <= 100
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Ok(v)
    } else {
        Err(ToolError::invalid(format!(
            "`{what}` must be letters, digits, `-` or `_` (1 to 100 characters)"
        )))
    }
}

fn required<'a>(r: &Resource, v: &'a Option<String>, name: &str) -> Result<&'a str, ToolError> {
    v.as_deref()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            ToolError::invalid(format!(
                "{}.{} needs the filter `{name}`{}",
                r.api,
                r.name,
                match (r.api, name) {
                    (Api::ReferralHero, _) =>
                        "; list the lists with list_records(api=referralhero, resource=lists)",
                    (Api::Impact, _) =>
                        "; list the campaigns with list_records(api=impact, resource=campaigns)",
                    _ => "",
                }
            ))
        })
}

/// Fetches one API page of `r` with up to `size` records, starting at the
/// API-level `token` (from a previous [`ApiPage::next`]).
pub(crate) async fn list_page(
    clients: &Clients,
    r: &Resource,
    filters: &Filters,
    token: Option<&str>,
    size: u64,
) -> Result<ApiPage, ToolError> {
    list_page_inner(clients, r, filters, token, size)
        .await
        .map_err(|f| f.into_tool(r.api))
}

/// A tool error, or an API error still to be worded for its API.
#[derive(Debug)]
pub(crate) enum Failure {
    Tool(ToolError),
    Api(affiliate_common::Error),
}

impl Failure {
    pub(crate) fn into_tool(self, api: Api) -> ToolError {
        match self {
            Failure::Tool(t) => t,
            Failure::Api(e) => ToolError::api(api, &e),
        }
    }
}

impl From<ToolError> for Failure {
    fn from(e: ToolError) -> Self {
        Failure::Tool(e)
    }
}

impl From<affiliate_common::Error> for Failure {
    fn from(e: affiliate_common::Error) -> Self {
        Failure::Api(e)
    }
}

async fn list_page_inner(
    clients: &Clients,
    r: &Resource,
    filters: &Filters,
    token: Option<&str>,
    size: u64,
) -> Result<ApiPage, Failure> {
    filters.check_allowed(r)?;
    match (r.api, r.name) {
        (Api::PartnerStack, name) => {
            let ps = clients.partnerstack()?;
            macro_rules! ps_list {
                ($builder:expr,) => {{
                    let mut b = $builder.limit(size);
                    if let Some(t) = token {
                        b = b.starting_after(t);
                    }
                    if let Some(t) = &filters.updated_since {
                        b = b.min_updated(affiliate_common::UnixTime::from_millis(
                            rfc3339_to_millis("updated_since", t)?,
                        ));
                    }
                    if let Some(t) = &filters.created_since {
                        b = b.min_created(affiliate_common::UnixTime::from_millis(
                            rfc3339_to_millis("created_since", t)?,
                        ));
                    }
                    if let Some(t) = &filters.created_before {
                        b = b.max_created(affiliate_common::UnixTime::from_millis(
                            rfc3339_to_millis("created_before", t)?,
                        ));
                    }
                    if let Some(g) = &filters.group {
                        b = b.group_key(g.clone());
                    }
                    let page = b.send().await?;
                    let next = match page.has_more {
                        Some(true) => page
                            .items
                            .last()
                            .map(|i| i.key.clone())
                            .filter(|k| !k.is_empty()),
                        _ => None,
                    };
                    ApiPage {
                        total: page.total_items,
                        next,
                        items: to_values(page.items)?,
                    }
                }};
            }
            Ok(match name {
                "partnerships" => ps_list!(ps.partnerships().list(),),
                "customers" => {
                    let b = ps.customers().list();
                    ps_list!(match &filters.partner {
                        Some(p) => b.partner_key(p.clone()),
                        None => b,
                    },)
                }
                "transactions" => {
                    let b = ps.transactions().list();
                    ps_list!(match &filters.customer {
                        Some(c) => b.customer_key(c.clone()),
                        None => b,
                    },)
                }
                _ => return Err(ToolError::unknown_resource(r.api, name).into()),
            })
        }
        (Api::Impact, name) => {
            let brand = clients.impact()?;
            let page_no = page_token(token)?;
            let (items, next, total) = match name {
                "campaigns" => {
                    let mut b = brand.campaigns().list().page_size(size);
                    if let Some(s) = &filters.status {
                        b = b.state(s.as_str());
                    }
                    let page = b.query_param("Page", page_no.to_string()).send().await?;
                    impact_page(page, size)?
                }
                "media_partners" => {
                    let mut b = brand.media_partners().list().page_size(size);
                    if let Some(s) = &filters.status {
                        b = b.state(s.as_str());
                    }
                    if let Some(c) = filters.campaign_id {
                        b = b.campaign_id(c);
                    }
                    let page = b.query_param("Page", page_no.to_string()).send().await?;
                    impact_page(page, size)?
                }
                "actions" => {
                    let campaign = filters.campaign_id.ok_or_else(|| {
                        Failure::Tool(ToolError::invalid(
                            "impact.actions needs the filter `campaign_id`; list the campaigns with list_records(api=impact, resource=campaigns)",
                        ))
                    })?;
                    // The Actions list refuses pages under 2,000 records:
                    // the caller's limit is applied to the page afterwards.
                    let mut b = brand.actions().list(campaign).page_size(ACTIONS_PAGE);
                    if let Some(s) = &filters.status {
                        b = b.state(s.as_str());
                    }
                    if let Some(s) = &filters.start_date {
                        b = b.start_date(s.clone());
                    }
                    if let Some(s) = &filters.end_date {
                        b = b.end_date(s.clone());
                    }
                    let page = b.query_param("Page", page_no.to_string()).send().await?;
                    impact_page(page, ACTIONS_PAGE)?
                }
                _ => return Err(ToolError::unknown_resource(r.api, name).into()),
            };
            Ok(ApiPage {
                items,
                next: next.then(|| (page_no + 1).to_string()),
                total,
            })
        }
        (Api::ReferralHero, name) => {
            let rh = clients.referralhero()?;
            let page_no = page_token(token)?;
            let page = page_no.to_string();
            let (path, key, mut query) = match name {
                "lists" => ("lists".to_owned(), "lists", vec![]),
                "subscribers" => {
                    let uuid = segment("list_uuid", required(r, &filters.list_uuid, "list_uuid")?)?;
                    (format!("lists/{uuid}/subscribers"), "subscribers", vec![])
                }
                "rewards" => {
                    let uuid = segment("list_uuid", required(r, &filters.list_uuid, "list_uuid")?)?;
                    let mut q = vec![("per_page", size.to_string())];
                    if let Some(s) = &filters.status {
                        q.push(("status", s.clone()));
                    }
                    (format!("lists/{uuid}/rewards"), "rewards", q)
                }
                _ => return Err(ToolError::unknown_resource(r.api, name).into()),
            };
            query.push(("page", page));
            let q: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let data = rh.get_json(&path, &q).await?;
            let items = data
                .get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let pagination = data.get("pagination");
            let num = |k: &str| {
                pagination.and_then(|p| p.get(k)).and_then(|v| match v {
                    Value::Number(n) => n.as_u64(),
                    Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                })
            };
            let more = match num("total_pages") {
                Some(pages) => page_no < pages,
                None => !items.is_empty() && items.len() as u64 >= size,
            };
            Ok(ApiPage {
                next: more.then(|| (page_no + 1).to_string()),
                total: num("total_objects"),
                items,
            })
        }
        (Api::Dub, name) => {
            let dub = clients.dub()?;
            let page_no = page_token(token)?;
            let items = match name {
                "partners" => {
                    let mut b = dub.partners().list().page(page_no).page_size(size);
                    if let Some(s) = &filters.status {
                        b = b.status(s.as_str());
                    }
                    if let Some(s) = &filters.email {
                        b = b.email(s.clone());
                    }
                    if let Some(s) = &filters.search {
                        b = b.search(s.clone());
                    }
                    to_values(b.send().await?.items)?
                }
                "customers" => {
                    let mut b = dub.customers().list().page(page_no).page_size(size);
                    if let Some(s) = &filters.email {
                        b = b.email(s.clone());
                    }
                    if let Some(s) = &filters.search {
                        b = b.search(s.clone());
                    }
                    if let Some(s) = &filters.partner {
                        b = b.partner_id(s.clone());
                    }
                    to_values(b.send().await?.items)?
                }
                "commissions" => {
                    let mut b = dub.commissions().list().page(page_no).page_size(size);
                    if let Some(s) = &filters.status {
                        b = b.status(s.as_str());
                    }
                    if let Some(s) = &filters.partner {
                        b = b.partner_id(s.clone());
                    }
                    if let Some(s) = &filters.customer {
                        b = b.customer_id(s.clone());
                    }
                    to_values(b.send().await?.items)?
                }
                "links" => {
                    let mut b = dub.links().list().page(page_no).page_size(size);
                    if let Some(s) = &filters.search {
                        b = b.search(s.clone());
                    }
                    to_values(b.send().await?.items)?
                }
                _ => return Err(ToolError::unknown_resource(r.api, name).into()),
            };
            // Dub's lists end on a short page.
            let more = items.len() as u64 >= size;
            Ok(ApiPage {
                items,
                next: more.then(|| (page_no + 1).to_string()),
                total: None,
            })
        }
    }
}

/// Fetches one record of `r` by its id.
pub(crate) async fn get_record(
    clients: &Clients,
    r: &Resource,
    id: &str,
    filters: &Filters,
) -> Result<Value, ToolError> {
    get_inner(clients, r, id, filters)
        .await
        .map_err(|f| f.into_tool(r.api))
}

async fn get_inner(
    clients: &Clients,
    r: &Resource,
    id: &str,
    filters: &Filters,
) -> Result<Value, Failure> {
    if id.trim().is_empty() {
        return Err(ToolError::invalid("`id` must not be empty").into());
    }
    if !r.gettable {
        return Err(Failure::Tool(ToolError::invalid(format!(
            "{}.{} cannot be fetched by id through the API; use list_records with a filter ({}) or sql_query on the table {}",
            r.api,
            r.name,
            r.filters
                .iter()
                .map(|f| f.name)
                .collect::<Vec<_>>()
                .join(", "),
            r.table()
        ))));
    }
    match (r.api, r.name) {
        (Api::PartnerStack, "partnerships") => Ok(value_of(
            clients.partnerstack()?.partnerships().get(id).await?,
        )?),
        (Api::PartnerStack, "customers") => Ok(value_of(
            clients.partnerstack()?.customers().get(id).await?,
        )?),
        (Api::PartnerStack, "transactions") => Ok(value_of(
            clients.partnerstack()?.transactions().get(id).await?,
        )?),
        (Api::Impact, "campaigns") => Ok(value_of(clients.impact()?.campaigns().get(id).await?)?),
        (Api::Impact, "media_partners") => {
            Ok(value_of(clients.impact()?.media_partners().get(id).await?)?)
        }
        (Api::Impact, "actions") => Ok(value_of(clients.impact()?.actions().get(id).await?)?),
        (Api::ReferralHero, "subscribers") => {
            let uuid = segment("list_uuid", required(r, &filters.list_uuid, "list_uuid")?)?;
            Ok(value_of(
                clients.referralhero()?.subscribers(uuid).get(id).await?,
            )?)
        }
        (Api::Dub, "customers") => Ok(value_of(clients.dub()?.customers().get(id).await?)?),
        (Api::Dub, "links") => Ok(value_of(clients.dub()?.links().get().link_id(id).await?)?),
        _ => Err(ToolError::unknown_resource(r.api, r.name).into()),
    }
}
