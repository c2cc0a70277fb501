//! The typed filters of `list_records`, and the date-time parsing they need.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Resource;
use crate::error::ToolError;

/// Filters of `list_records`. Each resource accepts a subset
/// (`describe_resource` lists it); a filter the resource does not take is
/// refused, never silently ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Filters {
    /// Only records updated at or after this time (RFC 3339, e.g. `2026-01-31T00:00:00Z`).
    #[schemars(extend("format" = "date-time"))]
    pub updated_since: Option<String>,
    /// Only records created at or after this time (RFC 3339).
    #[schemars(extend("format" = "date-time"))]
    pub created_since: Option<String>,
    /// Only records created before this time (RFC 3339).
    #[schemars(extend("format" = "date-time"))]
    pub created_before: Option<String>,
    /// A status or state, as the API spells it (`approved`, `PENDING`, ...).
    pub status: Option<String>,
    /// An exact email address.
    pub email: Option<String>,
    /// Free-text search, where the API offers it.
    pub search: Option<String>,
    /// A partner's key or id.
    pub partner: Option<String>,
    /// A customer's key or id.
    pub customer: Option<String>,
    /// A group's key.
    pub group: Option<String>,
    /// impact.com: a campaign (program) id.
    #[schemars(range(min = 1))]
    pub campaign_id: Option<u64>,
    /// impact.com actions: start of the event-date window (RFC 3339).
    #[schemars(extend("format" = "date-time"))]
    pub start_date: Option<String>,
    /// impact.com actions: end of the event-date window (RFC 3339).
    #[schemars(extend("format" = "date-time"))]
    pub end_date: Option<String>,
    /// ReferralHero: the list (campaign) uuid.
    pub list_uuid: Option<String>,
}

impl Filters {
    /// The names of the filters that are set.
    pub fn set_names(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        macro_rules! push {
            ($($f:ident),*) => { $( if self.$f.is_some() { v.push(stringify!($f)); } )* };
        }
        push!(
            updated_since,
            created_since,
            created_before,
            status,
            email,
            search,
            partner,
            customer,
            group,
            campaign_id,
            start_date,
            end_date,
            list_uuid
        );
        v
    }

    /// Refuses a filter `r` does not take, naming the ones it does.
    pub(crate) fn check_allowed(&self, r: &Resource) -> Result<(), ToolError> {
        for name in self.set_names() {
            if !r.filters.iter().any(|f| f.name == name) {
                let known: Vec<&str> = r.filters.iter().map(|f| f.name).collect();
                return Err(ToolError::invalid(format!(
                    "{}.{} has no filter `{name}`; its filters: {}",
                    r.api,
                    r.name,
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                )));
            }
        }
        Ok(())
    }
}

/// Parses an RFC 3339 date-time (`2026-01-31T12:00:00Z`,
/// `2026-01-31T12:00:00.250+02:00`) or a plain date (`2026-01-31`, midnight
/// UTC) into Unix milliseconds.
///
/// # Errors
/// A [`ToolError`] naming `what` when `s` is not one.
pub fn rfc3339_to_millis(what: &str, s: &str) -> Result<i64, ToolError> {
    parse_rfc3339(s.trim()).ok_or_else(|| {
        ToolError::invalid(format!(
            "`{what}` must be an RFC 3339 date-time such as 2026-01-31T00:00:00Z, got `{s}`"
        ))
    })
}

fn num(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(b).ok()?.parse().ok()
}

fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (num(&b[..4])?, num(&b[5..7])?, num(&b[8..10])?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    if b.len() == 10 {
        return Some(days * 86_400_000);
    }
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (hh, mm, ss) = (num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?);
    if hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let mut rest = &b[19..];
    let mut millis = 0;
    if rest.first() == Some(&b'.') {
        let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        let frac = &rest[1..1 + digits];
        let mut ms = [b'0'; 3];
        for (i, c) in frac.iter().take(3).enumerate() {
            ms[i] = *c;
        }
        millis = num(&ms)?;
        rest = &rest[1 + digits..];
    }
    let offset_secs = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let v = num(&[*h1, *h2])? * 3600 + num(&[*m1, *m2])? * 60;
            if *sign == b'+' { v } else { -v }
        }
        _ => return None,
    };
    let secs = days * 86_400 + hh * 3600 + mm * 60 + ss - offset_secs;
    Some(secs * 1000 + millis)
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

    #[test]
    fn parses_rfc3339_and_dates() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2024-01-31"), Some(1_706_659_200_000));
        assert_eq!(
            parse_rfc3339("2024-01-31T12:00:00.25+02:00"),
            Some(1_706_659_200_000 + 10 * 3_600_000 + 250)
        );
        assert_eq!(parse_rfc3339("2000-02-29T00:00:00Z"), Some(951_782_400_000));
        for bad in [
            "",
            "yesterday",
            "2024-13-01",
            "2024-01-31T12:00",
            "2024-01-31T12:00:00+2",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}
