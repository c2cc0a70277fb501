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

#[cfg(test)]
mod tests {
    #[test]
    fn iso_dates() {
        assert_eq!(super::iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(super::iso(super::BASE), "2026-01-01T00:00:00.000Z");
    }
}
