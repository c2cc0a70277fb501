//! The simple lists of the simulated impact.com: seeded records of the
//! Brand, Partner and Agency lists that have no behaviour of their own,
//! served with impact.com's paging.
//!
//! A route is a persona, a path whose `{}` segment is a parent id (the
//! record's hidden `_parent`, never served), an optional required query
//! parameter matched against a record field (`CampaignId`), and, where the
//! API filters on an update time, the parameter and field it compares.

use std::collections::HashMap;

use affiliate_common::Timestamp;
use affiliate_common::sandbox::{SandboxRequest, SandboxResponse};
use serde_json::{Value, json};

/// One simple list.
struct ListRoute {
    persona: &'static str,
    path: &'static [&'static str],
    /// The collection key of the response (`None`: a bare array).
    key: Option<&'static str>,
    /// The seeded collection.
    name: &'static str,
    /// A query parameter the API requires, and the record field it matches.
    required: Option<(&'static str, &'static str)>,
    /// A query parameter selecting records updated at or after a time, and
    /// the record field it compares.
    updated_after: Option<(&'static str, &'static str)>,
}

const fn route(
    persona: &'static str,
    path: &'static [&'static str],
    key: &'static str,
    name: &'static str,
) -> ListRoute {
    ListRoute {
        persona,
        path,
        key: Some(key),
        name,
        required: None,
        updated_after: None,
    }
}

const fn by_campaign(mut r: ListRoute) -> ListRoute {
    r.required = Some(("CampaignId", "CampaignId"));
    r
}

const fn updated(mut r: ListRoute, param: &'static str) -> ListRoute {
    r.updated_after = Some((param, "DateLastUpdated"));
    r
}

const B: &str = "Advertisers";
const P: &str = "Mediapartners";
const A: &str = "Agencies";

static ROUTES: &[ListRoute] = &[
    route(B, &["LegalEntities"], "LegalEntities", "legal_entities"),
    by_campaign(route(
        B,
        &["ActionInquiries"],
        "ActionInquiries",
        "action_inquiries",
    )),
    by_campaign(route(
        B,
        &["ActionUpdates"],
        "ActionUpdates",
        "action_updates",
    )),
    updated(
        route(B, &["Ads"], "Ads", "brand_ads"),
        "DateLastUpdatedStart",
    ),
    route(B, &["Catalogs"], "Catalogs", "catalogs"),
    route(B, &["Catalogs", "{}", "Items"], "Items", "catalog_items"),
    route(B, &["Campaigns", "{}", "Contacts"], "Contacts", "contacts"),
    updated(
        route(
            B,
            &["Campaigns", "{}", "Contracts"],
            "Contracts",
            "contracts",
        ),
        "DateLastUpdatedAfter",
    ),
    route(B, &["Deals"], "Deals", "brand_deals"),
    route(B, &["ExceptionLists"], "ExceptionLists", "exception_lists"),
    route(
        B,
        &["ExceptionLists", "{}", "Items"],
        "Items",
        "exception_list_items",
    ),
    route(B, &["Invoices"], "Invoices", "invoices"),
    route(B, &["Campaigns", "{}", "Notes"], "Notes", "notes"),
    route(
        B,
        &["Campaigns", "{}", "MediaPartnerGroups"],
        "MediaPartnerGroups",
        "partner_groups",
    ),
    route(B, &["PhoneNumbers"], "PhoneNumbers", "phone_numbers"),
    route(B, &["PromoCodes"], "PromoCodes", "brand_promo_codes"),
    updated(
        route(
            B,
            &["Programs", "{}", "BlockRedirectRules"],
            "BlockRedirectRules",
            "routing_rules",
        ),
        "DateLastUpdatedAfter",
    ),
    route(B, &["APISubmissions"], "APISubmissions", "api_submissions"),
    route(
        B,
        &["FTPFileSubmissions"],
        "FTPFileSubmissions",
        "ftp_submissions",
    ),
    updated(
        route(B, &["Programs", "{}", "Tasks"], "Tasks", "brand_tasks"),
        "DateLastUpdatedAfter",
    ),
    route(
        B,
        &["TrackingValueRequests"],
        "TrackingValueRequests",
        "tracking_value_requests",
    ),
    route(
        P,
        &["ActionInquiries"],
        "ActionInquiries",
        "partner_action_inquiries",
    ),
    route(
        P,
        &["ActionUpdates"],
        "ActionUpdates",
        "partner_action_updates",
    ),
    route(P, &["Ads"], "Ads", "partner_ads"),
    route(P, &["Catalogs"], "Catalogs", "partner_catalogs"),
    route(
        P,
        &["Catalogs", "{}", "Items"],
        "Items",
        "partner_catalog_items",
    ),
    updated(
        route(P, &["Contracts"], "Contracts", "partner_contracts"),
        "DateLastUpdatedAfter",
    ),
    route(P, &["Invoices"], "Invoices", "partner_invoices"),
    route(
        P,
        &["MediaProperties"],
        "MediaProperties",
        "media_properties",
    ),
    route(P, &["PromoCodes"], "PromoCodes", "partner_promo_codes"),
    route(P, &["Promotions"], "Promotions", "promotions"),
    route(P, &["Stores"], "Stores", "stores"),
    updated(
        route(P, &["Tasks"], "Tasks", "partner_tasks"),
        "DateLastUpdatedAfter",
    ),
    route(P, &["TaxDocuments"], "TaxDocuments", "tax_documents"),
    route(P, &["Users"], "Users", "users"),
    ListRoute {
        persona: A,
        path: &["Advertisers"],
        key: None,
        name: "advertisers",
        required: None,
        updated_after: None,
    },
];

/// The answer to `GET /{persona}/{sid}/{rest}` when it is a simple list;
/// `None` when no simple list has this path.
pub(super) fn serve(
    lists: &HashMap<&'static str, Vec<Value>>,
    persona: &str,
    rest: &[&str],
    req: &SandboxRequest,
) -> Option<SandboxResponse> {
    let (route, parent) = ROUTES.iter().find_map(|r| {
        if r.persona != persona || r.path.len() != rest.len() {
            return None;
        }
        let mut parent = None;
        for (want, got) in r.path.iter().zip(rest) {
            if *want == "{}" {
                parent = Some(*got);
            } else if want != got {
                return None;
            }
        }
        Some((r, parent))
    })?;
    let wanted = match route.required {
        Some((param, field)) => match req.query(param) {
            Some(v) if !v.is_empty() => Some((field, v)),
            _ => {
                return Some(super::routes::field_errors(
                    "Validation Failed",
                    &[(param, "Required")],
                ));
            }
        },
        None => None,
    };
    let after = match route.updated_after {
        Some((param, field)) => match req.query(param) {
            Some(v) => match Timestamp::parse(v).unix_millis() {
                Some(ms) => Some((field, ms)),
                None => {
                    return Some(super::routes::field_errors(
                        "Validation Failed",
                        &[(param, "Not a valid date")],
                    ));
                }
            },
            None => None,
        },
        None => None,
    };
    let rows: Vec<Value> = lists
        .get(route.name)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|r| parent.is_none_or(|p| r["_parent"] == p))
        .filter(|r| wanted.is_none_or(|(f, v)| r[f] == v))
        .filter(|r| {
            after.is_none_or(|(f, ms)| {
                r[f].as_str()
                    .and_then(|t| Timestamp::parse(t).unix_millis())
                    .is_some_and(|t| t >= ms)
            })
        })
        .map(|r| {
            let mut r = r.clone();
            if let Some(m) = r.as_object_mut() {
                m.remove("_parent");
            }
            r
        })
        .collect();
    Some(match route.key {
        Some(key) => match super::routes::paginate(req, &rows, key, 100) {
            Ok(v) => SandboxResponse::json(200, &v),
            Err(e) => e,
        },
        None => SandboxResponse::json(200, &Value::Array(rows)),
    })
}

/// An impact.com date of the seeded month (January 2026), Pacific time.
fn day(n: u64) -> String {
    format!("2026-01-{:02}T09:{:02}:00-08:00", 1 + n % 28, n % 60)
}

fn many(n: u64, f: impl Fn(u64) -> Value) -> Vec<Value> {
    (0..n).map(f).collect()
}

/// The seeded records of every simple list (`campaigns` are the Brand
/// campaign ids, 1000 to 1002).
pub(super) fn seed(sid: &str) -> HashMap<&'static str, Vec<Value>> {
    let campaigns = [1000u64, 1001, 1002];
    let campaign = |i: u64| campaigns[(i % 3) as usize];
    let mut m: HashMap<&'static str, Vec<Value>> = HashMap::new();
    let b = format!("/Advertisers/{sid}");
    let p = format!("/Mediapartners/{sid}");
    m.insert("legal_entities", many(2, |i| json!({
        "Id": (10 + i).to_string(), "Name": format!("Acme Entity {i}"), "RegisteredForIndirectTax": "false",
        "IndirectTaxNumber": "", "OrganizationType": "CORP", "Uri": format!("{b}/LegalEntities/{}", 10 + i)})));
    m.insert("action_inquiries", many(12, |i| json!({
        "Id": (7100 + i).to_string(), "CampaignId": campaign(i).to_string(), "CampaignName": "Acme",
        "MediaPartnerId": (50_000 + i).to_string(), "MediaPartnerName": format!("Partner {}", 50_000 + i),
        "OrderId": format!("ORD-{i}"), "TransactionDate": day(i), "TransactionAmount": "49.00",
        "InquiryType": "NOT_TRACKED", "ExpectedPayout": "3.92", "ResolutionStatus": "UNRESOLVED",
        "Uri": format!("{b}/ActionInquiries/{}", 7100 + i)})));
    m.insert("action_updates", many(30, |i| json!({
        "Id": format!("1000.4000.{i}.1"), "ActionId": format!("1000.4000.{i}"), "CampaignId": campaign(i).to_string(),
        "State": if i % 4 == 0 { "REVERSED" } else { "APPROVED" }, "DeltaPayout": "-1.00", "DeltaAmount": "-10.00",
        "Currency": "USD", "UpdateDate": day(i), "Uri": format!("{b}/ActionUpdates/1000.4000.{i}.1")})));
    m.insert("brand_ads", many(25, |i| json!({
        "Id": (88 + i).to_string(), "Name": format!("Banner {i}"), "Description": "",
        "CampaignId": campaign(i).to_string(), "CampaignName": "Acme", "AdType": if i % 2 == 0 { "BANNER" } else { "TEXT_LINK" },
        "LandingPage": "https://www.acme.com", "DateCreated": day(i), "DateLastUpdated": day(i + 3),
        "Uri": format!("{b}/Ads/{}", 88 + i)})));
    m.insert("catalogs", many(3, |i| json!({
        "Id": (500 + i).to_string(), "Name": format!("Catalog {i}"), "Filename": format!("catalog{i}.csv"),
        "AdvertiserId": "2001", "CampaignId": campaign(i).to_string(), "Status": "COMPLETE", "NumberOfItems": "10",
        "DateLastUpdated": day(i), "Currency": "USD",
        "ItemsUri": format!("{b}/Catalogs/{}/Items", 500 + i), "Uri": format!("{b}/Catalogs/{}", 500 + i)})));
    m.insert("catalog_items", many(30, |i| json!({
        "_parent": (500 + i % 3).to_string(), "CatalogItemId": format!("SKU-{i:04}"), "Name": format!("Tent {i}"),
        "Description": "", "Manufacturer": "Acme", "Url": format!("https://www.acme.com/p/{i}"),
        "CurrentPrice": "199.00", "OriginalPrice": "249.00", "Currency": "USD",
        "Uri": format!("{b}/Catalogs/{}/Items/SKU-{i:04}", 500 + i % 3)})));
    m.insert("contacts", many(9, |i| json!({
        "_parent": campaign(i).to_string(), "Id": (900 + i).to_string(), "FirstName": format!("Ada{i}"),
        "LastName": "Lovelace", "EmailAddress": format!("contact{i}@acme.example"), "Title": "Manager",
        "Editable": "true", "Uri": format!("{b}/Campaigns/{}/Contacts/{}", campaign(i), 900 + i)})));
    m.insert("contracts", many(15, |i| json!({
        "_parent": campaign(i).to_string(), "Id": (7000 + i).to_string(), "PartnerId": (50_000 + i).to_string(),
        "Status": "ACTIVE", "StartDate": day(i), "EndDate": "", "DateCreated": day(i), "DateLastUpdated": day(i + 2),
        "Uri": format!("{b}/Campaigns/{}/Contracts/{}", campaign(i), 7000 + i)})));
    m.insert("brand_deals", many(6, |i| json!({
        "Id": (300 + i).to_string(), "Name": format!("Deal {i}: {}% off", 10 + i * 5), "Description": "",
        "CampaignId": campaign(i).to_string(), "State": "ACTIVE", "Type": "GENERAL_SALE", "Scope": "ENTIRE_STORE",
        "DiscountType": "PERCENT", "DiscountPercent": (10 + i * 5).to_string(),
        "StartDate": "2026-01-01T00:00:00-08:00", "EndDate": "", "Uri": format!("{b}/Deals/{}", 300 + i)})));
    m.insert("exception_lists", many(2, |i| json!({
        "Id": (40 + i).to_string(), "Name": format!("Blocked codes {i}"), "State": "ACTIVE",
        "CampaignId": "1000", "Type": "PROMO_CODE", "CreatedDate": day(i), "NumberOfItems": "5",
        "ItemsUri": format!("{b}/ExceptionLists/{}/Items", 40 + i), "Uri": format!("{b}/ExceptionLists/{}", 40 + i)})));
    m.insert("exception_list_items", many(10, |i| json!({
        "_parent": (40 + i % 2).to_string(), "Id": (4000 + i).to_string(), "Value": format!("LEAKED{i}"),
        "Name": "", "MatchMode": "EXACT", "ListId": (40 + i % 2).to_string(), "CreatedDate": day(i),
        "Uri": format!("{b}/ExceptionLists/{}/Items/{}", 40 + i % 2, 4000 + i)})));
    m.insert("invoices", many(4, |i| json!({
        "Id": format!("INV-{i:04}"), "CreatedDate": day(i * 7), "TotalAmount": "1200.00", "Currency": "USD",
        "PDF": format!("{b}/Invoices/INV-{i:04}/PDF"), "Uri": format!("{b}/Invoices/INV-{i:04}")})));
    m.insert("notes", many(6, |i| json!({
        "_parent": campaign(i).to_string(), "Id": (600 + i).to_string(), "MediaId": (50_000 + i).to_string(),
        "MediaName": format!("Partner {}", 50_000 + i), "Creator": "sandbox", "CreationDate": day(i),
        "Content": "Followed up by email", "Type": "NOTE",
        "Uri": format!("{b}/Campaigns/{}/Notes/{}", campaign(i), 600 + i)})));
    m.insert("partner_groups", many(6, |i| json!({
        "_parent": campaign(i).to_string(), "Id": (20 + i).to_string(), "Name": format!("Group {i}"),
        "Uri": format!("{b}/Campaigns/{}/MediaPartnerGroups/{}", campaign(i), 20 + i)})));
    m.insert("phone_numbers", many(3, |i| json!({
        "Id": (70 + i).to_string(), "Country": "US", "Number": format!("41555501{i:02}"),
        "InternationalNumber": format!("+141555501{i:02}"), "DateCreated": day(i), "Uri": format!("{b}/PhoneNumbers/{}", 70 + i)})));
    m.insert("brand_promo_codes", many(20, |i| json!({
        "Id": (8000 + i).to_string(), "Code": format!("ACME{i:03}"), "Type": "SINGLE_USE",
        "CampaignId": campaign(i).to_string(), "CampaignName": "Acme", "CreatedDate": day(i), "State": "ACTIVE",
        "Uri": format!("{b}/PromoCodes/{}", 8000 + i)})));
    m.insert("routing_rules", many(6, |i| json!({
        "_parent": campaign(i).to_string(), "Id": (30 + i).to_string(), "Name": format!("Rule {i}"),
        "Condition": [{"SubConditions": [{"Variable": "COUNTRY", "Operator": "EQUALS", "Values": ["FR"]}]}], "Action": "BLOCK", "Rank": "HIGH", "State": "RUNNING",
        "DateCreated": day(i), "DateLastUpdated": day(i + 1),
        "Uri": format!("{b}/Programs/{}/BlockRedirectRules/{}", campaign(i), 30 + i)})));
    m.insert("api_submissions", many(8, |i| json!({
        "BatchId": format!("A-{i:08x}-seed"), "AccountId": "1234", "SubmissionDate": day(i), "CampaignId": "1000",
        "OrderId": format!("ORD-{i}"), "Type": "CONVERSION", "Status": "COMPLETED", "CompletionDate": day(i),
        "Uri": format!("{b}/APISubmissions/A-{i:08x}-seed")})));
    m.insert("ftp_submissions", many(3, |i| json!({
        "BatchId": format!("F-{i:08x}-seed"), "AccountId": "1234", "SubmissionDate": day(i),
        "FileName": format!("actions{i}.csv"), "Type": "ACTIONS", "Status": "COMPLETED", "TotalRecords": "100",
        "TotalErrors": "0", "Uri": format!("{b}/FTPFileSubmissions/F-{i:08x}-seed")})));
    m.insert("brand_tasks", many(6, |i| json!({
        "_parent": campaign(i).to_string(), "Id": (1200 + i).to_string(), "Reference": {"PartnerId": (50_000 + i).to_string(), "PartnerValue1": format!("T-{i}")},
        "Details": {"Summary": "Review the partner's content", "Description": "", "Urgent": false, "State": "NEW", "Type": "COMPLIANCE"}, "DueDate": day(i + 10), "TotalActions": "0", "TotalComments": "0",
        "DateCreated": day(i), "DateLastUpdated": day(i + 4),
        "Uri": format!("{b}/Programs/{}/Tasks/{}", campaign(i), 1200 + i)})));
    m.insert("tracking_value_requests", many(4, |i| json!({
        "Id": (1300 + i).to_string(), "CampaignId": "1000", "MediaPartnerId": (50_000 + i).to_string(),
        "RequestType": "PROMO_CODE", "NumberRequested": "5", "State": "COMPLETED", "DatePlaced": day(i),
        "Uri": format!("{b}/TrackingValueRequests/{}", 1300 + i)})));
    // The Partner persona.
    m.insert("partner_action_inquiries", many(5, |i| json!({
        "Id": (7200 + i).to_string(), "MediaPartnerInquiryId": format!("MY-{i}"), "CampaignId": campaign(i).to_string(),
        "CampaignName": "Acme", "OrderId": format!("ORD-{i}"), "TransactionDate": day(i), "TransactionAmount": "49.00",
        "InquiryType": "NOT_TRACKED", "Uri": format!("{p}/ActionInquiries/{}", 7200 + i)})));
    m.insert("partner_action_updates", many(12, |i| json!({
        "Id": format!("1000.4000.{i}.1"), "ActionId": format!("1000.4000.{i}"), "CampaignId": campaign(i).to_string(),
        "State": "APPROVED", "DeltaPayout": "-1.00", "DeltaAmount": "-10.00", "Currency": "USD",
        "Uri": format!("{p}/ActionUpdates/1000.4000.{i}.1")})));
    m.insert("partner_ads", many(10, |i| json!({
        "Id": (88 + i).to_string(), "Name": format!("Banner {i}"), "CampaignId": campaign(i).to_string(),
        "CampaignName": "Acme", "Type": "BANNER", "TrackingLink": format!("https://acme.sjv.io/c/1/{}/1", 88 + i),
        "AdvertiserId": "2001", "AdvertiserName": "Acme Inc.", "Uri": format!("{p}/Ads/{}", 88 + i)})));
    m.insert("partner_catalogs", many(2, |i| json!({
        "Id": (500 + i).to_string(), "Name": format!("Catalog {i}"), "AdvertiserId": "2001",
        "CampaignId": "1000", "NumberOfItems": "10", "ItemsUri": format!("{p}/Catalogs/{}/Items", 500 + i),
        "Uri": format!("{p}/Catalogs/{}", 500 + i)})));
    m.insert("partner_catalog_items", many(20, |i| json!({
        "_parent": (500 + i % 2).to_string(), "Id": format!("{}-SKU-{i:04}", 500 + i % 2),
        "CatalogId": (500 + i % 2).to_string(), "CampaignId": "1000", "CampaignName": "Acme",
        "CatalogItemId": format!("SKU-{i:04}"), "Name": format!("Tent {i}"), "CurrentPrice": "199.00",
        "Uri": format!("{p}/Catalogs/{}/Items/{}-SKU-{i:04}", 500 + i % 2, 500 + i % 2)})));
    m.insert(
        "partner_contracts",
        many(3, |i| {
            json!({
        "Id": (7000 + i).to_string(), "CampaignId": campaign(i).to_string(), "Status": "ACTIVE",
        "StartDate": day(i), "EndDate": "", "DateCreated": day(i), "DateLastUpdated": day(i + 2),
        "Uri": format!("{p}/Contracts/{}", 7000 + i)})
        }),
    );
    m.insert("partner_invoices", many(2, |i| json!({
        "Id": format!("PINV-{i:04}"), "CreatedDate": day(i * 7), "TotalAmount": "310.00", "Currency": "USD",
        "PDF": format!("{p}/Invoices/PINV-{i:04}/PDF"), "Uri": format!("{p}/Invoices/PINV-{i:04}")})));
    m.insert("media_properties", many(3, |i| json!({
        "Id": (3300 + i).to_string(), "Name": format!("Review site {i}"), "Description": "",
        "Url": format!("https://reviews{i}.example"), "Type": "WEBSITE", "OwnershipVerified": "true",
        "Uri": format!("{p}/MediaProperties/{}", 3300 + i)})));
    m.insert("partner_promo_codes", many(6, |i| json!({
        "Id": (8000 + i).to_string(), "Code": format!("ACME{i:03}"), "State": "ACTIVE",
        "Program": {"Id": campaign(i).to_string(), "Name": "Acme"}, "Advertiser": {"Id": "2001", "Name": "Acme Inc."},
        "MatchMode": "EXACT", "CreditRule": "ONLY_ASSIGNED_PARTNER", "CreatedDate": day(i),
        "Uri": format!("{p}/PromoCodes/{}", 8000 + i)})));
    m.insert("promotions", many(3, |i| json!({
        "AdvertiserId": "2001", "AdvertiserName": "Acme Inc.", "PromotionFileId": (60 + i).to_string(),
        "PromotionTitle": format!("Spring sale {i}"), "NumberOfProducts": "12",
        "PromotionItemsUri": format!("{p}/Promotions/{}/Items", 60 + i), "Uri": format!("{p}/Promotions/{}", 60 + i)})));
    m.insert("stores", many(2, |i| json!({
        "Id": (90 + i).to_string(), "Name": format!("Store {i}"), "NumberOfGroups": "1", "DateLastUpdated": day(i),
        "Uri": format!("{p}/Stores/{}", 90 + i)})));
    m.insert("partner_tasks", many(3, |i| json!({
        "Id": (1250 + i).to_string(), "Reference": {"PartnerId": "77", "PartnerValue1": format!("PT-{i}")}, "Details": {"Summary": "Add the new banner", "Description": "", "Urgent": false, "State": "NEW", "Type": "CREATIVE"},
        "DueDate": day(i + 10), "DateCreated": day(i), "DateLastUpdated": day(i + 4),
        "Uri": format!("{p}/Tasks/{}", 1250 + i)})));
    m.insert("tax_documents", many(2, |i| json!({
        "Id": (20 + i).to_string(), "UserId": "77", "Email": "partner@example.com", "Status": "APPROVED",
        "Type": "W9", "SubmitDate": day(i), "UpdateDate": day(i + 1), "Uri": format!("{p}/TaxDocuments/{}", 20 + i)})));
    m.insert(
        "users",
        many(3, |i| {
            json!({
        "Id": (77 + i).to_string(), "FirstName": format!("User{i}"), "LastName": "Partner",
        "Username": format!("user{i}@partner.example"), "State": "ACTIVE", "JoinedDate": day(i),
        "Uri": format!("{p}/Users/{}", 77 + i)})
        }),
    );
    // The Agency persona: advertisers come as a bare array.
    m.insert("advertisers", many(4, |i| json!({
        "Id": (1_048_291 + i).to_string(), "Name": format!("Advertiser {i}"), "State": "ACTIVE",
        "Website": format!("www.advertiser{i}.example"), "Country": "US", "OrganizationType": "CORP",
        "Currency": "USD", "DateCreated": day(i)})));
    m
}
