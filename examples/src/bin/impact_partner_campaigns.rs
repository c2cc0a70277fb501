//! A partner's impact.com campaigns and the deals each one offers.
//!
//! Runs against the live API when `IMPACT_ACCOUNT_SID` and
//! `IMPACT_AUTH_TOKEN` are set (the account is used as a partner, under
//! `/Mediapartners/{sid}`), otherwise against the in-process sandbox.
//!
//! ```text
//! cargo run -p examples --bin impact_partner_campaigns
//! ```

use std::error::Error;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();

    let conn = impact_com::sandbox::connect().await?;
    let partner = conn.client.partner(conn.client.account_sid());
    println!("impact.com partner campaigns ({} API)", conn.mode());

    let campaigns = partner.campaigns().list().collect_all().await?;
    println!("{} campaigns", campaigns.len());
    let mut deal_total = 0usize;
    for c in &campaigns {
        let id = &c.campaign_id;
        println!(
            "- {id} {} by {} (contract {}){}",
            c.campaign_name.as_deref().unwrap_or("(unnamed)"),
            c.advertiser_name.as_deref().unwrap_or("?"),
            c.contract_status.as_ref().map_or("?", |s| s.as_str()),
            c.tracking_link
                .as_deref()
                .map_or(String::new(), |l| format!(", link {l}")),
        );
        let deals = partner.deals().list(id).collect_all().await?;
        deal_total += deals.len();
        if deals.is_empty() {
            println!("    no deals");
        }
        for d in &deals {
            let discount = match (d.discount_percent.as_deref(), d.discount_amount.as_deref()) {
                (Some(p), _) => format!("{p}% off"),
                (None, Some(a)) => {
                    format!("{a} {} off", d.discount_currency.as_deref().unwrap_or(""))
                }
                (None, None) => "no discount".to_owned(),
            };
            println!(
                "    deal {} {}: {discount}, {}{}",
                d.id,
                d.name.as_deref().unwrap_or("(unnamed)"),
                d.state.as_ref().map_or("?", |s| s.as_str()),
                d.default_promo_code
                    .as_deref()
                    .map_or(String::new(), |code| format!(", code {code}")),
            );
        }
    }
    println!("done: {} campaigns, {deal_total} deals", campaigns.len());
    Ok(())
}
