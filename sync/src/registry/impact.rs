//! impact.com (Brand API of the client's own account): the resources a sync copies.

use affiliate_common::pagination::PageStream;
use futures_util::StreamExt as _;
use serde_json::Value;

use super::{Api, Clients, FetchArgs, MarkFormat, Mode, Resource, check, child, res};
use crate::time::format_rfc3339_secs;

use Mode::FullRefresh as FULL;

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

/// This API's resources, parents before their children.
pub(super) static RESOURCES: &[Resource] = &[
    res(
        "impact.brand.campaigns",
        Api::Impact,
        "GET /Advertisers/{sid}/Campaigns",
        &["Id"],
        FULL,
        impact_campaigns,
        check::<impact_com::models::brand::Program>,
    ),
    res(
        "impact.brand.media_partners",
        Api::Impact,
        "GET /Advertisers/{sid}/MediaPartners",
        &["Id"],
        FULL,
        impact_media_partners,
        check::<impact_com::models::brand::Partner>,
    ),
    res(
        "impact.brand.reports",
        Api::Impact,
        "GET /Advertisers/{sid}/Reports",
        &["Id"],
        FULL,
        impact_reports,
        check::<impact_com::models::brand::Report>,
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
            check::<impact_com::models::brand::Action>,
        ),
        "impact.brand.campaigns",
        "Id",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impact_windows_cover_the_range_in_45_day_steps() {
        let day = 86_400_000;
        let w = impact_windows(Some(0), 100 * day);
        assert_eq!(w.first().unwrap().0, 0);
        assert_eq!(w.last().unwrap().1, 100 * day);
        assert!(w.iter().all(|(s, e)| e - s < 45 * day));
        assert!(w.windows(2).all(|p| p[1].0 == p[0].1 + 1000));
    }
}
