//! The sandbox's seeded data set (deterministic).

use serde_json::{Value, json};

const NAMES: [&str; 10] = [
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim",
];
const COUNTRIES: [&str; 5] = ["US", "DE", "FR", "GB", "IN"];
const STATUSES: [&str; 4] = ["pending", "processed", "paid", "refunded"];

/// An ISO-8601 timestamp for Unix seconds.
pub(super) fn iso(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.000Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

const BASE: u64 = 1_767_225_600; // 2026-01-01

/// A link as Dub returns it.
pub(super) fn link(id: &str, domain: &str, key: &str, url: &str, created: u64) -> Value {
    json!({
        "id": id, "domain": domain, "key": key, "url": url, "trackConversion": false,
        "externalId": null, "tenantId": null, "programId": null, "partnerId": null, "archived": false,
        "expiresAt": null, "expiredUrl": null, "disabledAt": null, "password": null, "proxy": false,
        "title": null, "description": null, "image": null, "video": null, "rewrite": false, "doIndex": false,
        "ios": null, "android": null, "geo": null, "publicStats": false, "tags": [], "folderId": null,
        "webhookIds": [], "comments": null, "shortLink": format!("https://{domain}/{key}"),
        "qrCode": format!("https://api.dub.co/qr?url=https://{domain}/{key}"),
        "utm_source": null, "utm_medium": null, "utm_campaign": null, "utm_term": null, "utm_content": null,
        "userId": "user_sandbox", "workspaceId": "ws_sandbox", "clicks": 0, "leads": 0, "conversions": 0,
        "sales": 0, "saleAmount": 0, "lastClicked": null, "createdAt": iso(created), "updatedAt": iso(created),
        "tagId": null, "projectId": "ws_sandbox"
    })
}

/// The seeded records of each resource.
pub(super) type Seed = (Vec<Value>, Vec<Value>, Vec<Value>, Vec<Value>, Vec<Value>);

/// Partners, links, customers, commissions and payouts, newest first where
/// Dub sorts by creation.
pub(super) fn seed() -> Seed {
    let mut partners = Vec::new();
    let mut links = Vec::new();
    for i in 0..230u64 {
        let name = format!("{} {i}", NAMES[i as usize % NAMES.len()]);
        let id = format!("pn_{i:06}");
        let clicks = 40 + (i * 37) % 900;
        let sales = clicks / 25;
        let sale_amount = sales * 4_900;
        let link_id = format!("link_{i:020}");
        let key = format!("p{i}");
        let mut l = link(
            &link_id,
            "dub.sh",
            &key,
            "https://acme.example/pricing",
            BASE + i * 3_600,
        );
        l["partnerId"] = json!(id);
        l["programId"] = json!("prog_sandbox");
        l["clicks"] = json!(clicks);
        l["sales"] = json!(sales);
        l["saleAmount"] = json!(sale_amount);
        links.push(l);
        partners.push(json!({
            "id": id, "name": name, "username": null, "email": format!("partner{i}@example.com"), "image": null,
            "description": null, "country": COUNTRIES[i as usize % COUNTRIES.len()], "companyName": null,
            "networkStatus": "approved", "defaultPayoutMethod": "paypal", "paypalEmail": null, "stripeConnectId": null,
            "payoutsEnabledAt": null, "identityVerifiedAt": null, "programId": "prog_sandbox", "groupId": "grp_default",
            "partnerId": id, "tenantId": format!("tenant_{i}"), "createdAt": iso(BASE + i * 3_600),
            "status": if i % 23 == 0 { "pending" } else { "approved" },
            "links": [{"id": link_id, "domain": "dub.sh", "key": key, "shortLink": format!("https://dub.sh/{key}"),
                       "url": "https://acme.example/pricing", "clicks": clicks, "leads": clicks / 8,
                       "conversions": sales, "sales": sales, "saleAmount": sale_amount}],
            "totalCommissions": sale_amount / 5, "totalClicks": clicks, "totalLeads": clicks / 8,
            "totalConversions": sales, "totalSales": sales, "totalSaleAmount": sale_amount,
            "netRevenue": sale_amount - sale_amount / 5
        }));
    }
    links.reverse();
    let mut customers = Vec::new();
    for i in 0..150u64 {
        customers.push(json!({
            "id": format!("cus_{i:020}"), "name": format!("Customer {i}"), "email": format!("c{i}@example.com"),
            "avatar": null, "externalId": format!("user_{i}"), "stripeCustomerId": null,
            "country": COUNTRIES[i as usize % COUNTRIES.len()], "sales": i % 4, "saleAmount": (i % 4) * 4_900,
            "createdAt": iso(BASE + i * 7_200), "firstSaleAt": null, "subscriptionCanceledAt": null
        }));
    }
    customers.reverse();
    let mut commissions = Vec::new();
    for i in 0..320u64 {
        let p = &partners[(i * 7 % 230) as usize];
        commissions.push(json!({
            "id": format!("cm_{i:020}"), "type": "sale", "amount": 4_900, "earnings": 980, "currency": "usd",
            "status": STATUSES[i as usize % STATUSES.len()], "invoiceId": format!("in_{i}"), "description": null,
            "quantity": 1, "userId": null, "createdAt": iso(BASE + i * 1_800), "updatedAt": iso(BASE + i * 1_800),
            "partner": {"id": p["id"], "name": p["name"], "email": p["email"], "image": null,
                        "payoutsEnabledAt": null, "country": p["country"]},
            "customer": {"id": format!("cus_{:020}", i % 150), "externalId": format!("user_{}", i % 150),
                         "createdAt": iso(BASE)}
        }));
    }
    commissions.reverse();
    let mut payouts = Vec::new();
    for i in 0..45u64 {
        let p = &partners[(i * 5 % 230) as usize];
        payouts.push(json!({
            "id": format!("po_{i:06}"), "invoiceId": null, "amount": 980 * (1 + i % 5), "currency": "USD",
            "status": if i % 3 == 0 { "completed" } else { "pending" }, "description": null, "periodStart": null,
            "periodEnd": null, "createdAt": iso(BASE + i * 86_400), "initiatedAt": null, "paidAt": null,
            "mode": "internal", "method": "paypal",
            "partner": {"id": p["id"], "name": p["name"], "email": p["email"], "image": null,
                        "defaultPayoutMethod": "paypal", "payoutsEnabledAt": null, "country": p["country"],
                        "tenantId": p["tenantId"]}
        }));
    }
    (partners, links, customers, commissions, payouts)
}

/// The seeded lists that are not partners, links, customers, commissions or
/// payouts: tags, folders, domains, discount codes, partner applications
/// and events.
#[derive(Debug, Default)]
pub(super) struct Extra {
    pub(super) tags: Vec<Value>,
    pub(super) folders: Vec<Value>,
    pub(super) domains: Vec<Value>,
    pub(super) discount_codes: Vec<Value>,
    pub(super) applications: Vec<Value>,
    pub(super) events: Vec<Value>,
}

const COLORS: [&str; 8] = [
    "red", "yellow", "green", "blue", "purple", "brown", "gray", "pink",
];

/// The extra lists, built from the seeded partners and links (each partner
/// link has a discount code every third partner; every link gets clicks,
/// every fifth a lead and every tenth a sale). Events are oldest first.
pub(super) fn seed_extra(partners: &[Value], links: &[Value]) -> Extra {
    let mut x = Extra::default();
    // Tags: sorted by name (the API's default order).
    for i in 0..130u64 {
        x.tags.push(
            json!({"id": format!("tag_{i:06}"), "name": format!("tag-{i:03}"),
                           "color": COLORS[i as usize % COLORS.len()]}),
        );
    }
    for i in 0..57u64 {
        x.folders.push(
            json!({"id": format!("fold_{i:06}"), "name": format!("Folder {i}"),
            "description": null, "accessLevel": if i % 2 == 0 { "write" } else { "read" },
            "createdAt": iso(BASE + i * 86_400), "updatedAt": iso(BASE + i * 86_400)}),
        );
    }
    for (i, slug) in ["dub.sh", "acme.link", "go.acme.example"]
        .iter()
        .enumerate()
    {
        x.domains.push(
            json!({"id": format!("dom_{i:06}"), "slug": slug, "verified": true,
            "primary": i == 0, "archived": false, "placeholder": null, "expiredUrl": null,
            "notFoundUrl": null, "logo": null, "assetLinks": null, "appleAppSiteAssociation": null,
            "createdAt": iso(BASE), "updatedAt": iso(BASE), "registeredDomain": null}),
        );
    }
    for (i, p) in partners
        .iter()
        .enumerate()
        .filter(|(i, _)| i.is_multiple_of(3))
    {
        let link = &p["links"][0];
        x.discount_codes.push(
            json!({"id": format!("dcode_{i:06}"), "code": format!("ACME{i:04}"),
            "discountId": "disc_sandbox", "partnerId": p["id"], "linkId": link["id"],
            "createdAt": p["createdAt"], "disabledAt": null}),
        );
    }
    for i in 0..9u64 {
        x.applications.push(json!({"id": format!("pga_{i:06}"), "createdAt": iso(BASE + i * 3_600),
            "partner": {"id": format!("pn_app_{i:04}"), "name": format!("Applicant {i}"),
                        "email": format!("applicant{i}@example.com"), "country": COUNTRIES[i as usize % COUNTRIES.len()]},
            "applicationFormData": [{"label": "Website", "value": format!("https://applicant{i}.example")}]}));
    }
    // Links are stored newest first; events go oldest first.
    for (n, l) in links.iter().rev().enumerate() {
        let n = n as u64;
        let ts = iso(BASE + 400_000 + n * 600);
        let click_id = format!("clk_{n:020}");
        let short = json!({"id": l["id"], "domain": l["domain"], "key": l["key"], "url": l["url"],
                           "shortLink": l["shortLink"], "createdAt": l["createdAt"]});
        let click = json!({"id": click_id, "timestamp": ts, "url": l["url"], "country": "US",
            "city": "San Francisco", "region": "CA", "continent": "NA", "device": "Desktop",
            "browser": "Chrome", "os": "Mac OS", "trigger": "link", "referer": "(direct)",
            "refererUrl": "(direct)", "qr": false, "ip": "192.0.2.1"});
        x.events.push(
            json!({"event": "click", "timestamp": ts, "click": click, "link": short,
            "click_id": click_id, "link_id": l["id"], "domain": l["domain"], "key": l["key"],
            "url": l["url"], "continent": "NA", "country": "US", "city": "San Francisco",
            "device": "Desktop", "browser": "Chrome", "os": "Mac OS", "qr": 0, "ip": "192.0.2.1"}),
        );
        if n.is_multiple_of(5) {
            let customer = json!({"id": format!("cus_{:020}", n % 150), "externalId": format!("user_{}", n % 150),
                                  "name": null, "email": null, "avatar": null, "country": "US"});
            x.events.push(
                json!({"event": "lead", "timestamp": iso(BASE + 400_060 + n * 600),
                "eventId": format!("evt_lead_{n:06}"), "eventName": "Sign up", "metadata": null,
                "click": click, "link": short, "customer": customer}),
            );
            if n.is_multiple_of(10) {
                x.events.push(json!({"event": "sale", "timestamp": iso(BASE + 400_120 + n * 600),
                    "eventId": format!("evt_sale_{n:06}"), "eventName": "Purchase", "metadata": null,
                    "click": click, "link": short, "customer": customer,
                    "sale": {"amount": 4_900, "invoiceId": format!("inv_{n}"), "paymentProcessor": "stripe"}}));
            }
        }
    }
    x
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_dates() {
        assert_eq!(super::iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(super::iso(super::BASE), "2026-01-01T00:00:00.000Z");
    }
}
