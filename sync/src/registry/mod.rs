//! The resources a sync copies: every list endpoint of the four APIs that
//! returns records (and that the sync covers today; see `sync/README.md`
//! for those left out), with its primary key, its sync mode and, where the
//! API needs one, the parent resource its required parameter comes from.
//!
//! Each resource reads its pages through the API crate's own list builder
//! (`raw_pages()`: the crate's pagination with the records left as JSON),
//! then decodes every record into the crate's typed model to validate it.
//!
//! Where things go: the shared types and the selection live here; each
//! API's resources (its fetch functions and its table of [`Resource`]s) live
//! in a file of their own, `registry/<api>.rs`.

use std::sync::LazyLock;

use affiliate_common::pagination::{PageStream, RawItem};
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::time::parse_rfc3339_millis;

mod dub;
mod impact;
mod partnerstack;
mod referralhero;

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
/// resource of that account (so they share its rate limiter). `None` skips
/// the account's resources.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Clients {
    /// PartnerStack vendor client (`partnerstack.*`).
    pub partnerstack: Option<::partnerstack::Client>,
    /// PartnerStack partner-API client (`partnerstack.partner.*`).
    pub partnerstack_partner: Option<::partnerstack::PartnerClient>,
    /// impact.com client of a Brand account (`impact.brand.*`, read under
    /// its own account SID).
    pub impact: Option<::impact_com::Client>,
    /// impact.com client of a Partner account (`impact.partner.*`).
    pub impact_partner: Option<::impact_com::Client>,
    /// impact.com client of an Agency account (`impact.agency.*`).
    pub impact_agency: Option<::impact_com::Client>,
    /// ReferralHero client.
    pub referralhero: Option<::referralhero::Client>,
    /// Dub client.
    pub dub: Option<::dub::Client>,
}

impl Clients {
    /// Whether any client for `api` is set.
    pub fn has(&self, api: Api) -> bool {
        match api {
            Api::PartnerStack => self.partnerstack.is_some() || self.partnerstack_partner.is_some(),
            Api::Impact => {
                self.impact.is_some()
                    || self.impact_partner.is_some()
                    || self.impact_agency.is_some()
            }
            Api::ReferralHero => self.referralhero.is_some(),
            Api::Dub => self.dub.is_some(),
        }
    }

    /// The shared transport of the client `res` is read with (its account's
    /// rate limiter included), if that client is set.
    pub fn http_of(&self, res: &Resource) -> Option<&affiliate_common::Client> {
        match (res.account, res.api) {
            (Account::PartnerStackPartner, _) => {
                self.partnerstack_partner.as_ref().map(|c| c.http())
            }
            (Account::ImpactPartner, _) => self.impact_partner.as_ref().map(|c| c.http()),
            (Account::ImpactAgency, _) => self.impact_agency.as_ref().map(|c| c.http()),
            (_, Api::PartnerStack) => self.partnerstack.as_ref().map(|c| c.http()),
            (_, Api::Impact) => self.impact.as_ref().map(|c| c.http()),
            (_, Api::ReferralHero) => self.referralhero.as_ref().map(|c| c.http()),
            (_, Api::Dub) => self.dub.as_ref().map(|c| c.http()),
        }
    }

    /// Whether `res` can be read: `Err` says which client is missing.
    ///
    /// # Errors
    /// The reason, when the client of the resource's account is not set.
    pub fn serves(&self, res: &Resource) -> Result<(), String> {
        if self.http_of(res).is_some() {
            return Ok(());
        }
        Err(match (res.account, res.api) {
            (Account::PartnerStackPartner, _) => {
                "no credentials for the PartnerStack partner API".to_owned()
            }
            (Account::ImpactPartner, _) => {
                "no impact.com Partner account (IMPACT_PERSONA=partner)".to_owned()
            }
            (Account::ImpactAgency, _) => {
                "no impact.com Agency account (IMPACT_PERSONA=agency)".to_owned()
            }
            (_, Api::PartnerStack) => "no credentials for the PartnerStack vendor API".to_owned(),
            (_, Api::Impact) => {
                "no impact.com Brand account (IMPACT_PERSONA=brand, the default)".to_owned()
            }
            (_, api) => format!("no credentials for {}", api.name()),
        })
    }
}

/// Which account of its API a resource is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Account {
    /// The API's main client: PartnerStack's vendor API, impact.com's
    /// Brand account, ReferralHero, Dub.
    Main,
    /// PartnerStack's partner API ([`Clients::partnerstack_partner`]).
    PartnerStackPartner,
    /// An impact.com Partner account ([`Clients::impact_partner`]).
    ImpactPartner,
    /// An impact.com Agency account ([`Clients::impact_agency`]).
    ImpactAgency,
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

pub(super) type FetchFn = fn(&Clients, &FetchArgs) -> Option<PageStream<RawItem>>;
pub(super) type CheckFn = fn(&RawValue) -> Result<(), BadRecord>;

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
    /// The account it is read with.
    pub account: Account,
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
    pub fn fetch(&self, clients: &Clients, args: &FetchArgs) -> Option<PageStream<RawItem>> {
        (self.fetch)(clients, args)
    }

    /// Decodes `record` (its JSON text) into the crate's typed model; the
    /// path and error of the first value that does not fit otherwise.
    ///
    /// # Errors
    /// [`BadRecord`] when the record does not decode.
    pub fn check(&self, record: &RawValue) -> Result<(), BadRecord> {
        (self.check)(record)
    }

    /// Whether this is a full-refresh resource.
    pub fn is_full_refresh(&self) -> bool {
        matches!(self.mode, Mode::FullRefresh)
    }
}

pub(super) fn check<T: DeserializeOwned>(raw: &RawValue) -> Result<(), BadRecord> {
    // The fast path: almost every record decodes, straight from its text.
    // Only a record that does not is parsed into a `Value` and decoded
    // again from it, with the path tracking that names the value (and the
    // error as it reads without a position in the text).
    if serde_json::from_str::<T>(raw.get()).is_ok() {
        return Ok(());
    }
    match serde_json::from_str::<Value>(raw.get()) {
        Ok(v) => check_value::<T>(&v),
        Err(e) => Err(BadRecord {
            path: "$".to_owned(),
            error: e.to_string(),
        }),
    }
}

fn check_value<T: DeserializeOwned>(v: &Value) -> Result<(), BadRecord> {
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

pub(super) const fn res(
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
        account: Account::Main,
        fetch,
        check,
    }
}

pub(super) const fn child(mut r: Resource, parent: &'static str, field: &'static str) -> Resource {
    r.parent = Some((parent, field));
    r
}

/// Every API's resources, in the order of [`Api::ALL`].
static RESOURCES: LazyLock<Vec<Resource>> = LazyLock::new(|| {
    [
        partnerstack::RESOURCES,
        impact::RESOURCES,
        referralhero::RESOURCES,
        dub::RESOURCES,
    ]
    .concat()
});

/// Every resource, in a stable order (parents before their children).
pub fn resources() -> &'static [Resource] {
    &RESOURCES
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
        assert!(dub.iter().all(|r| r.api == Api::Dub) && dub.len() == dub::RESOURCES.len());
        assert_eq!(select(&["dub.partners".into()]).unwrap().len(), 1);
        assert_eq!(
            select(&["nope".into()]).unwrap_err(),
            vec!["nope".to_owned()]
        );
    }

    /// With no clients, every resource is skipped, and the reason names the
    /// account it needs: the API, and for impact.com the persona to set.
    #[test]
    fn a_skipped_resource_names_the_account_it_needs() {
        let none = Clients::default();
        let wants = [
            ("partnerstack.partnerships", "PartnerStack vendor API"),
            ("partnerstack.partner.customers", "PartnerStack partner API"),
            ("impact.brand.actions", "IMPACT_PERSONA=brand"),
            ("impact.partner.actions", "IMPACT_PERSONA=partner"),
            ("impact.agency.advertisers", "IMPACT_PERSONA=agency"),
            ("referralhero.lists", "referralhero"),
            ("dub.partners", "dub"),
        ];
        for (selector, want) in wants {
            let [res] = select(&[selector.to_owned()]).unwrap()[..] else {
                panic!("{selector} is not one resource");
            };
            let why = none.serves(res).unwrap_err();
            assert!(why.contains(want), "{selector}: {why}");
        }
        // Every resource of the registry gets a reason.
        for r in RESOURCES.iter() {
            assert!(none.serves(r).is_err(), "{}", r.selector);
        }
    }

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_owned()).unwrap()
    }

    #[test]
    fn a_bad_record_names_its_path() {
        type List = ::referralhero::models::List;
        let bad = check::<List>(&raw(r#"{"uuid": {"not": "an id"}}"#)).unwrap_err();
        assert_eq!(bad.path, "$.uuid", "{bad:?}");
        // The error reads as it did from a parsed value: no position in
        // the record's text.
        assert!(!bad.error.contains("line"), "{bad:?}");
        let bad = check::<List>(&raw("17")).unwrap_err();
        assert_eq!(bad.path, "$");
        // Whitespace in the record's text changes nothing.
        let bad = check::<List>(&raw("{ \"uuid\" :\n {\"not\": \"an id\"} }")).unwrap_err();
        assert_eq!(bad.path, "$.uuid", "{bad:?}");
        assert!(check::<List>(&raw(r#"{"uuid": "l1", "name": "x"}"#)).is_ok());
    }
}
