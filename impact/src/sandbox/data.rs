//! Seeded, deterministic data of the simulated impact.com, shaped like the
//! real API: every scalar a string, `""` for empty values.

use std::collections::HashMap;

use serde_json::{Value, json};

/// A tiny deterministic generator (xorshift).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A queued export job.
#[derive(Debug, Clone)]
pub(crate) struct JobState {
    pub persona: &'static str,
    pub report: String,
    pub polls: u32,
    pub format: String,
    pub created: String,
}

pub(crate) struct State {
    pub brand_campaigns: Vec<Value>,
    pub partner_campaigns: Vec<Value>,
    pub media_partners: Vec<Value>,
    pub actions: Vec<Value>,
    pub deals: Vec<Value>,
    pub reports: Vec<Value>,
    /// The simple lists (`super::lists`), by collection name.
    pub lists: HashMap<&'static str, Vec<Value>>,
    pub jobs: HashMap<String, JobState>,
    pub conversions: Vec<Vec<(String, String)>>,
    pub polls_to_complete: u32,
    pub next_id: u64,
}

const STATES: [&str; 3] = ["APPROVED", "PENDING", "REVERSED"];
const COUNTRIES: [&str; 4] = ["US", "GB", "DE", "CA"];

fn date(day: u64, hour: u64) -> String {
    // Days counted back from 2026-01-31 within January 2026.
    let d = 31 - (day % 30);
    format!(
        "2026-01-{d:02}T{:02}:{:02}:00-08:00",
        hour % 24,
        (day * 7) % 60
    )
}

impl State {
    pub(crate) fn seed(sid: &str, actions: usize, partners: usize, seed: u64, polls: u32) -> State {
        let mut rng = Rng::new(seed);
        let campaign_names = ["Acme Outdoor US", "Acme Outdoor UK", "Acme Gift Cards"];
        let brand_campaigns = campaign_names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let id = 1000 + i as u64;
                json!({
                    "Id": id.to_string(), "Name": name, "State": if i == 2 { "PAUSED" } else { "ACTIVE" },
                    "Type": "PERFORMANCE",
                    "ShortDescription": format!("{name} affiliate program"), "LongDescription": "",
                    "ListInMarketplace": if i == 0 { "true" } else { "false" },
                    "DisplayServicingAgency": "false", "Rating": (3 + i % 2).to_string(),
                    "SearchKeywords": "", "ShippingRegions": ["US"],
                    "GiftCardPayouts": "false", "TrademarkBidding": "false",
                    "ThirdPartyImpressionPixel": "", "MobileReadyAds": "true",
                    "DisplayFutureAds": "true", "PromoCodeTracking": "true",
                    "TrackingDomain": "acme.sjv.io", "SiteDefinition": "", "ImpressionTracking": "false",
                    "ViewThroughCrediting": "false", "IdentityMatching": "", "HasStandDownPolicy": "false",
                    "Uri": format!("/Advertisers/{sid}/Campaigns/{id}"),
                })
            })
            .collect();
        let partner_campaigns = campaign_names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let id = 1000 + i as u64;
                json!({
                    "AdvertiserId": "2001", "AdvertiserName": "Acme Inc.",
                    "AdvertiserUrl": "https://www.acme.com",
                    "CampaignId": id.to_string(), "CampaignName": name,
                    "CampaignUrl": "https://www.acme.com", "CampaignDescription": "",
                    "Type": "PERFORMANCE", "ShippingRegions": ["US"],
                    "CampaignLogoUri": format!("/Mediapartners/{sid}/Campaigns/{id}/Logo"),
                    "PublicTermsUri": "", "ContractStatus": if i == 2 { "EXPIRED" } else { "Active" },
                    "ContractUri": "", "TrackingLink": format!("https://acme.sjv.io/c/1/{id}/1"),
                    "HasStandDownPolicy": "false", "AllowsDeeplinking": "true",
                    "DeeplinkDomains": ["acme.com"],
                    "Uri": format!("/Mediapartners/{sid}/Campaigns/{id}"),
                })
            })
            .collect();
        let media_partners: Vec<Value> = (0..partners as u64)
            .map(|i| {
                let id = 50_000 + i;
                json!({
                    "Id": id.to_string(), "Name": format!("Partner {id}"), "Description": "",
                    "Website": format!("https://partner{id}.example"),
                    "State": "ACTIVE",
                    "Address": {"Country": COUNTRIES[(i % 4) as usize], "Address1": "", "Address2": "",
                                "City": "", "State": "", "PostalCode": ""},
                    "Phone": {"Country": "", "Number": ""},
                    "Currency": "USD", "Timezone": "America/Los_Angeles",
                    "PartnerType": if i % 3 == 0 { "CONTENT" } else { "DEAL_COUPON" },
                    "PromotionalMethods": [{"Type": "CONTENT_REVIEWS", "IsPrimary": "true"}],
                    "PromotionalCountries": [COUNTRIES[(i % 4) as usize]],
                    "Programs": [{"Id": "1000", "Name": "Acme Outdoor US", "ContractId": (7000 + i).to_string(),
                                  "ContractName": "Default", "JoinDate": date(i, 9), "ExpirationDate": ""}],
                    "PartnerValues": {"Value1": "", "Value2": "", "Value3": ""},
                    "AccountManager": "", "DateCreated": date(i, 8), "DateLastUpdated": "",
                    "Uri": format!("/Advertisers/{sid}/MediaPartners/{id}"),
                })
            })
            .collect();
        let actions = (0..actions as u64)
            .map(|i| {
                let amount = 20 + rng.below(200);
                let cents = rng.below(100);
                let payout = (amount * 8) / 100;
                let partner = 50_000 + rng.below(partners.max(1) as u64);
                let day = i % 30;
                json!({
                    "Id": format!("1000.{:04}.{i}", 4000 + (i % 7)),
                    "CampaignId": "1000", "CampaignName": "Acme Outdoor US",
                    "ActionTrackerId": super::SANDBOX_EVENT_TYPE_ID, "ActionTrackerName": "Online Sale", "EventCode": "",
                    "MediaPartnerId": partner.to_string(), "MediaPartnerName": format!("Partner {partner}"),
                    "State": STATES[(i % 3) as usize], "AdId": if i % 4 == 0 { String::new() } else { "88".to_owned() },
                    "ClientCost": "", "Payout": format!("{payout}.{cents:02}"), "DeltaPayout": "0.00",
                    "IntendedPayout": format!("{payout}.{cents:02}"),
                    "Amount": format!("{amount}.{cents:02}"), "DeltaAmount": "0.00",
                    "IntendedAmount": format!("{amount}.{cents:02}"), "Currency": "USD",
                    "ReferringDate": date(day, 10), "EventDate": date(day, 11), "CreationDate": date(day, 11),
                    "LockingDate": "", "ClearedDate": "",
                    "ReferringType": "CLICK_COOKIE", "ReferringDomain": "partner.example",
                    "PromoCode": "", "Oid": format!("ORD-{i}"), "CustomerId": format!("cust-{}", i % 500),
                    "CustomerStatus": if i % 5 == 0 { "New" } else { "Returning" },
                    "CustomerPostCode": "", "CustomerArea": "", "CustomerCity": "", "CustomerRegion": "",
                    "CustomerCountry": COUNTRIES[(i % 4) as usize], "IpAddress": "", "SharedId": "",
                    "CallerId": "", "Note": "",
                    "Uri": format!("/Advertisers/{sid}/Actions/1000.{:04}.{i}", 4000 + (i % 7)),
                })
            })
            .collect();
        let deals = (0..6u64)
            .map(|i| {
                let campaign = 1000 + i % 3;
                json!({
                    "Id": (300 + i).to_string(), "Name": format!("Deal {i}: {}% off", 10 + i * 5),
                    "Description": "", "Public": "true", "CampaignId": campaign.to_string(),
                    "State": "ACTIVE", "Type": "GENERAL_SALE", "Scope": "ENTIRE_STORE",
                    "DiscountType": "PERCENT", "DiscountAmount": "", "DiscountCurrency": "",
                    "DiscountPercent": (10 + i * 5).to_string(), "DefaultPromoCode": if i % 2 == 0 { format!("SAVE{}", 10 + i * 5) } else { String::new() },
                    "StartDate": "2026-01-01T00:00:00-08:00", "EndDate": "",
                    "DateCreated": "2025-12-20T09:00:00-08:00", "DateLastUpdated": "",
                    "Uri": format!("/Mediapartners/{sid}/Campaigns/{campaign}/Deals/{}", 300 + i),
                })
            })
            .collect();
        let reports = [
            ("adv_performance_by_day", "Performance by Day"),
            ("adv_action_listing", "Action Listing"),
            ("mp_performance_by_day", "Partner Performance by Day"),
        ]
        .iter()
        .map(|(id, name)| {
            json!({
                "Id": id, "Name": name, "Category": "Performance", "Description": "",
                "ApiAccessible": "true",
                "ApiRunUri": format!("/Advertisers/{sid}/Reports/{id}"),
                "DeferredApiRunUri": format!("/Advertisers/{sid}/ReportExport/{id}"),
                "MetaDataUri": format!("/Advertisers/{sid}/Reports/{id}/MetaData"),
            })
        })
        .collect();
        // Two finished export jobs per persona, so that the Jobs lists have
        // history before anything is exported.
        let mut jobs = HashMap::new();
        for (n, persona) in ["Advertisers", "Mediapartners", "Agencies"]
            .iter()
            .enumerate()
        {
            for k in 0..2u64 {
                jobs.insert(
                    format!(
                        "{:08x}-5a1d-4b0c-9e3f-{:012x}",
                        0x5eed_0000_u64 + n as u64,
                        k
                    ),
                    JobState {
                        persona,
                        report: "adv_performance_by_day".into(),
                        polls: polls.max(2),
                        format: "CSV".into(),
                        created: format!("2026-01-0{}T00:00:00-08:00", 1 + k),
                    },
                );
            }
        }
        State {
            brand_campaigns,
            partner_campaigns,
            media_partners,
            actions,
            deals,
            reports,
            lists: super::lists::seed(sid),
            jobs,
            conversions: Vec::new(),
            polls_to_complete: polls,
            next_id: 1,
        }
    }

    /// Rows of a performance report by day, from the actions.
    pub(crate) fn report_rows(&self) -> Vec<(String, u64, String, String)> {
        let mut by_day: std::collections::BTreeMap<String, (u64, f64, f64)> = Default::default();
        for a in &self.actions {
            let day = a["EventDate"]
                .as_str()
                .unwrap_or("")
                .get(..10)
                .unwrap_or("")
                .to_owned();
            let amount: f64 = a["Amount"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0.0);
            let payout: f64 = a["Payout"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0.0);
            let e = by_day.entry(day).or_default();
            e.0 += 1;
            e.1 += amount;
            e.2 += payout;
        }
        by_day
            .into_iter()
            .map(|(d, (n, a, p))| (d, n, format!("{a:.2}"), format!("{p:.2}")))
            .collect()
    }
}
