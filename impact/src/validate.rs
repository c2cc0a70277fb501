//! Client-side checks of impact.com's documented request rules, run before
//! anything is sent so a bad query fails fast with [`Error::InvalidInput`].
//!
//! Actions and ActionUpdates (Brand and Partner) have these rules:
//!
//! - `PageSize` at least [`MIN_ACTION_PAGE_SIZE`] (2,000);
//! - `EndDate` is required when `StartDate` is given;
//! - `StartDate..EndDate` spans at most [`MAX_ACTION_WINDOW_DAYS`] (45) days,
//!   and `StartDate` is at most three years back;
//! - a query needing more than [`MAX_ACTION_PAGES`] (10) pages is rejected:
//!   [`check_action_page_count`] checks the `@numpages` of the first page,
//!   and list streams are capped at 10 pages.

use std::time::{SystemTime, UNIX_EPOCH};

use affiliate_common::{Error, Request, Result};

/// The smallest `PageSize` Actions and ActionUpdates accept.
pub const MIN_ACTION_PAGE_SIZE: u64 = 2_000;
/// The widest `StartDate..EndDate` window of Actions and ActionUpdates.
pub const MAX_ACTION_WINDOW_DAYS: i64 = 45;
/// The most pages an Actions or ActionUpdates query may need.
pub const MAX_ACTION_PAGES: u64 = 10;
/// How far back `StartDate` may reach on Actions and ActionUpdates.
pub const MAX_ACTION_LOOKBACK_DAYS: i64 = 3 * 365 + 1;

const DAY: i64 = 86_400;

/// The kind of list a path template addresses, for its page-size default
/// and rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListKind {
    /// `.../Actions` or `.../ActionUpdates`: 20,000 per page, Actions rules.
    Actions,
    /// `.../Reports/{id}` (a report run): 20,000 per page.
    ReportRun,
    /// Everything else: 1,000 per page.
    Other,
}

impl ListKind {
    /// Classifies a path or path template.
    ///
    /// ```
    /// use impact_com::validate::ListKind;
    /// assert_eq!(ListKind::of("/Advertisers/{AccountSID}/Actions"), ListKind::Actions);
    /// assert_eq!(ListKind::of("/Mediapartners/{AccountSID}/ActionUpdates"), ListKind::Actions);
    /// assert_eq!(ListKind::of("/Advertisers/{AccountSID}/Reports/{ReportId}"), ListKind::ReportRun);
    /// assert_eq!(ListKind::of("/Advertisers/{AccountSID}/Actions/{ActionId}/Items"), ListKind::Other);
    /// assert_eq!(ListKind::of("/Advertisers/{AccountSID}/Campaigns"), ListKind::Other);
    /// ```
    pub fn of(path: &str) -> ListKind {
        let path = path.split('?').next().unwrap_or(path);
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segs.as_slice() {
            [_, _, last] if matches!(*last, "Actions" | "ActionUpdates") => ListKind::Actions,
            [_, _, "Reports", id] if *id != "MetaData" => ListKind::ReportRun,
            _ => ListKind::Other,
        }
    }

    /// The `PageSize` sent when the caller sets none.
    pub fn default_page_size(self) -> u64 {
        match self {
            ListKind::Actions | ListKind::ReportRun => crate::client::LARGE_PAGE_SIZE,
            ListKind::Other => crate::client::DEFAULT_PAGE_SIZE,
        }
    }
}

/// Checks an Actions / ActionUpdates list request (its `StartDate`,
/// `EndDate` and `PageSize` query values) against the documented rules.
///
/// # Errors
/// [`Error::InvalidInput`] naming the broken rule.
pub fn check_actions_request(req: &Request) -> Result<()> {
    let page_size = match req.query_value("PageSize") {
        Some(v) => Some(v.trim().parse::<u64>().map_err(|_| {
            Error::invalid_input(format!("PageSize must be a whole number, got `{v}`"))
        })?),
        None => None,
    };
    check_action_query(
        req.query_value("StartDate"),
        req.query_value("EndDate"),
        page_size,
        SystemTime::now(),
    )
}

/// Checks the Actions / ActionUpdates rules for explicit values, with `now`
/// as the current time (for the three-year look-back).
///
/// ```
/// use impact_com::validate::check_action_query;
/// use std::time::SystemTime;
/// let now = SystemTime::now();
/// assert!(check_action_query(None, None, Some(5_000), now).is_ok());
/// assert!(check_action_query(None, None, Some(100), now).is_err());
/// assert!(check_action_query(Some("2025-01-01"), None, None, now).is_err());
/// ```
///
/// # Errors
/// [`Error::InvalidInput`] naming the broken rule.
pub fn check_action_query(
    start: Option<&str>,
    end: Option<&str>,
    page_size: Option<u64>,
    now: SystemTime,
) -> Result<()> {
    if let Some(size) = page_size
        && size < MIN_ACTION_PAGE_SIZE
    {
        return Err(Error::invalid_input(format!(
            "PageSize {size} is below the minimum of {MIN_ACTION_PAGE_SIZE} for Actions and ActionUpdates"
        )));
    }
    let start = start.map(str::trim).filter(|s| !s.is_empty());
    let end = end.map(str::trim).filter(|s| !s.is_empty());
    let Some(start) = start else {
        if let Some(e) = end {
            parse_datetime(e)?;
        }
        return Ok(());
    };
    let Some(end) = end else {
        return Err(Error::invalid_input(
            "EndDate is required when StartDate is given (Actions and ActionUpdates)",
        ));
    };
    let s = parse_datetime(start)?;
    let e = parse_datetime(end)?;
    if e < s {
        return Err(Error::invalid_input(format!(
            "EndDate `{end}` is before StartDate `{start}`"
        )));
    }
    if e - s > MAX_ACTION_WINDOW_DAYS * DAY {
        return Err(Error::invalid_input(format!(
            "StartDate..EndDate spans more than {MAX_ACTION_WINDOW_DAYS} days \
             (`{start}` to `{end}`); split the range"
        )));
    }
    let now = now
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    if now - s > MAX_ACTION_LOOKBACK_DAYS * DAY {
        return Err(Error::invalid_input(format!(
            "StartDate `{start}` is more than three years back"
        )));
    }
    Ok(())
}

/// Checks the `@numpages` an Actions / ActionUpdates query reported.
///
/// # Errors
/// [`Error::InvalidInput`] when the query needs more than
/// [`MAX_ACTION_PAGES`] pages: narrow the date window or raise `PageSize`.
pub fn check_action_page_count(num_pages: u64) -> Result<()> {
    if num_pages > MAX_ACTION_PAGES {
        return Err(Error::invalid_input(format!(
            "the query needs {num_pages} pages, more than the {MAX_ACTION_PAGES} impact.com \
             allows for Actions and ActionUpdates; narrow the date window or raise PageSize"
        )));
    }
    Ok(())
}

/// Parses an ISO-8601 date (`2025-01-31`) or date-time
/// (`2025-01-31T10:30:01-07:00`, `...Z`, fractions allowed) into Unix
/// seconds. A time without an offset is read as UTC.
///
/// # Errors
/// [`Error::InvalidInput`] when the value is not such a date.
pub fn parse_datetime(value: &str) -> Result<i64> {
    let bad = || {
        Error::invalid_input(format!(
            "`{value}` is not an ISO-8601 date or date-time (e.g. 2025-01-31T10:30:01-07:00)"
        ))
    };
    let v = value.trim().as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let s = v.get(from..from + len)?;
        if !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(s).ok()?.parse().ok()
    };
    let year = num(0, 4).ok_or_else(bad)?;
    if v.get(4) != Some(&b'-') || v.get(7) != Some(&b'-') {
        return Err(bad());
    }
    let month = num(5, 2).ok_or_else(bad)?;
    let day = num(8, 2).ok_or_else(bad)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(bad());
    }
    let mut secs = days_from_civil(year, month, day) * DAY;
    if v.len() == 10 {
        return Ok(secs);
    }
    if !matches!(v.get(10), Some(b'T' | b't' | b' ')) || v.get(13) != Some(&b':') {
        return Err(bad());
    }
    let h = num(11, 2).ok_or_else(bad)?;
    let m = num(14, 2).ok_or_else(bad)?;
    let mut i = 16;
    let mut s = 0;
    if v.get(16) == Some(&b':') {
        s = num(17, 2).ok_or_else(bad)?;
        i = 19;
    }
    if h > 23 || m > 59 || s > 60 {
        return Err(bad());
    }
    secs += h * 3600 + m * 60 + s;
    if v.get(i) == Some(&b'.') {
        i += 1;
        while v.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    match v.get(i) {
        None => Ok(secs),
        Some(b'Z' | b'z') if v.len() == i + 1 => Ok(secs),
        Some(sign @ (b'+' | b'-')) => {
            let oh = num(i + 1, 2).ok_or_else(bad)?;
            let rest = if v.get(i + 3) == Some(&b':') {
                i + 4
            } else {
                i + 3
            };
            let om = num(rest, 2).ok_or_else(bad)?;
            if v.len() != rest + 2 {
                return Err(bad());
            }
            let off = oh * 3600 + om * 60;
            Ok(if *sign == b'+' {
                secs - off
            } else {
                secs + off
            })
        }
        _ => Err(bad()),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(date: &str) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(parse_datetime(date).unwrap() as u64)
    }

    #[test]
    fn parses_dates_and_offsets() {
        assert_eq!(parse_datetime("1970-01-01").unwrap(), 0);
        assert_eq!(parse_datetime("2000-03-01T00:00:00Z").unwrap(), 951_868_800);
        assert_eq!(
            parse_datetime("2020-10-09T10:30:01-07:00").unwrap(),
            parse_datetime("2020-10-09T17:30:01Z").unwrap()
        );
        assert_eq!(
            parse_datetime("2020-10-09T10:30:01.123+0200").unwrap(),
            parse_datetime("2020-10-09T08:30:01Z").unwrap()
        );
        assert_eq!(
            parse_datetime("2020-10-09 10:30").unwrap(),
            parse_datetime("2020-10-09T10:30:00Z").unwrap()
        );
        for bad in [
            "",
            "2020",
            "2020-13-01",
            "2020-01-01T25:00",
            "yesterday",
            "2020-01-01T10:00:00+07",
            "2020-01-01Tx",
        ] {
            assert!(parse_datetime(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn action_rules() {
        let now = at("2026-01-31T00:00:00Z");
        let ok = check_action_query(Some("2026-01-01"), Some("2026-01-30"), Some(2_000), now);
        assert!(ok.is_ok());
        let msg = |r: Result<()>| r.unwrap_err().to_string();
        assert!(msg(check_action_query(None, None, Some(1_999), now)).contains("minimum of 2000"));
        assert!(
            msg(check_action_query(Some("2026-01-01"), None, None, now))
                .contains("EndDate is required")
        );
        assert!(
            msg(check_action_query(
                Some("2025-11-01"),
                Some("2026-01-01"),
                None,
                now
            ))
            .contains("45 days")
        );
        assert!(
            msg(check_action_query(
                Some("2026-01-02"),
                Some("2026-01-01"),
                None,
                now
            ))
            .contains("before")
        );
        assert!(
            msg(check_action_query(
                Some("2022-01-01"),
                Some("2022-01-10"),
                None,
                now
            ))
            .contains("three years")
        );
        assert!(
            msg(check_action_query(
                Some("soon"),
                Some("2022-01-10"),
                None,
                now
            ))
            .contains("ISO-8601")
        );
        // Exactly 45 days is allowed.
        assert!(
            check_action_query(
                Some("2025-12-01T00:00:00Z"),
                Some("2026-01-15T00:00:00Z"),
                None,
                now
            )
            .is_ok()
        );
        assert!(check_action_page_count(10).is_ok());
        assert!(matches!(
            check_action_page_count(11),
            Err(Error::InvalidInput { .. })
        ));
    }

    #[test]
    fn request_level_check_reads_the_query() {
        let path = affiliate_common::ApiPath::new("Advertisers/IR1/Actions");
        let r = Request::get(path.clone()).query("PageSize", "abc");
        assert!(
            check_actions_request(&r)
                .unwrap_err()
                .to_string()
                .contains("whole number")
        );
        let r = Request::get(path).query("StartDate", "2026-01-01");
        assert!(check_actions_request(&r).is_err());
    }
}
