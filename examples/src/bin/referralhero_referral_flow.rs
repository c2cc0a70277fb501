//! The ReferralHero referral flow: add a subscriber with a referrer, track
//! a conversion, confirm the referral, and read the referrer's rewards.
//!
//! Runs against the live API when `REFERRALHERO_API_TOKEN` is set (it then
//! creates, and finally deletes, one `@example.com` subscriber in the first
//! list), otherwise against the in-process sandbox.
//!
//! ```text
//! cargo run -p examples --bin referralhero_referral_flow
//! ```

use std::error::Error;
use std::time::{SystemTime, UNIX_EPOCH};

use referralhero::models::{Identifier, NewSubscriber, Subscriber, TrackConversion};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();

    let conn = referralhero::sandbox::connect().await?;
    let client = &conn.client;
    println!("ReferralHero referral flow ({} API)", conn.mode());

    let lists = client.lists().list().send().await?;
    let list = lists.items.first().ok_or("the account has no list")?;
    println!(
        "list: {} ({})",
        list.name.as_deref().unwrap_or("(unnamed)"),
        list.uuid
    );
    let subs = client.subscribers(&list.uuid);

    // The referrer: the leaderboard's first entry, or the first subscriber
    // when the list type has no leaderboard.
    let referrer: Subscriber = match client.lists().leaderboard(&list.uuid).send().await {
        Ok(board) if !board.ranking.is_empty() => {
            board.ranking.into_iter().next().ok_or("empty")?
        }
        _ => subs
            .list()
            .send()
            .await?
            .items
            .into_iter()
            .next()
            .ok_or("the list has no subscriber")?,
    };
    let code = referrer
        .code
        .clone()
        .ok_or("the referrer has no referral code")?;
    println!(
        "referrer: {} ({}) with {} confirmed referrals, code {code}",
        referrer.id,
        referrer.email.as_deref().unwrap_or("-"),
        referrer.people_referred.unwrap_or(0)
    );
    let rewards_before = client
        .rewards(&list.uuid)
        .of_subscriber(&referrer.id)
        .collect_all()
        .await?
        .len();

    // 1. A new subscriber signs up through the referral link.
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    let email = format!("referral-flow-{stamp}@example.com");
    let new = subs
        .create(
            &NewSubscriber::new(Identifier::email(&email))
                .name("Flow Example")
                .referrer(&code)
                .source("sdk-example"),
        )
        .await?;
    println!(
        "1. added {} ({email}): referral {:?}, referred by {:?}",
        new.id,
        new.referral_status.as_ref().map(|s| s.as_str()),
        new.referred_by.as_ref().and_then(|r| r.id.as_deref())
    );

    // 2. They buy something: track the conversion.
    let tracked = subs
        .track_conversion(
            &TrackConversion::new(Identifier::email(&email))
                .conversion_value(49.0)
                .conversion_category("subscription")
                .transaction_id(format!("ord_{stamp}")),
        )
        .await?;
    println!(
        "2. conversion tracked: amount {:?}, referral {:?}",
        tracked.conversion_amount,
        tracked.referral_status.as_ref().map(|s| s.as_str())
    );

    // 3. Confirm the referral.
    let confirmed = subs.confirm(&new.id).await?;
    println!(
        "3. confirmed: verified {:?} at {}",
        confirmed.verified,
        confirmed.verified_at.map_or("-".into(), |t| t.to_string())
    );

    // 4. The referrer's counts and rewards.
    let after = subs.get(&referrer.id).await?;
    println!(
        "4. referrer now has {} confirmed referrals (was {})",
        after.people_referred.unwrap_or(0),
        referrer.people_referred.unwrap_or(0)
    );
    let rewards = client
        .rewards(&list.uuid)
        .of_subscriber(&referrer.id)
        .collect_all()
        .await?;
    println!(
        "   rewards of the referrer: {} (was {rewards_before})",
        rewards.len()
    );
    for r in &rewards {
        println!(
            "   - {} {:?}: {:?}{}",
            r.id,
            r.name.as_deref().unwrap_or("-"),
            r.status.as_ref().map(|s| s.as_str()),
            r.coupon_code
                .as_deref()
                .map(|c| format!(", coupon {c}"))
                .unwrap_or_default()
        );
    }

    // Leave the account as it was.
    subs.delete(&new.id).await?;
    println!("cleaned up: deleted {}", new.id);
    println!(
        "calls left in this window: {:?}",
        client.last_rate_limit().and_then(|r| r.remaining)
    );
    Ok(())
}
