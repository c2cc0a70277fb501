//! RFC 3339 date-times to and from Unix milliseconds, without a calendar
//! crate: the engine only needs to compare marks and step date windows.

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

/// The date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]` (a missing
/// offset reads as UTC) into Unix milliseconds.
pub fn parse_rfc3339_millis(s: &str) -> Option<i64> {
    let s = s.trim();
    let date = s.get(..10)?;
    let (y, m, d) = (
        num(&date[..4])?,
        num(date.get(5..7)?)?,
        num(date.get(8..10)?)?,
    );
    if date.as_bytes()[4] != b'-'
        || date.as_bytes()[7] != b'-'
        || !(1..=12).contains(&m)
        || !(1..=31).contains(&d)
    {
        return None;
    }
    let mut ms = days_from_civil(y, m, d) * 86_400_000;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(ms);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (hh, mm, ss) = (
        num(rest.get(..2)?)?,
        num(rest.get(3..5)?)?,
        num(rest.get(6..8)?)?,
    );
    ms += (hh * 3600 + mm * 60 + ss) * 1000;
    let mut tail = &rest[8..];
    if let Some(frac) = tail.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        let f = &frac[..digits];
        let millis = format!("{:0<3}", &f[..f.len().min(3)]);
        ms += num(&millis).unwrap_or(0);
        tail = &frac[digits..];
    }
    match tail {
        "" | "Z" | "z" => Some(ms),
        t if t.len() == 6 && (t.starts_with('+') || t.starts_with('-')) => {
            let off = (num(&t[1..3])? * 60 + num(&t[4..6])?) * 60_000;
            Some(if t.starts_with('+') {
                ms - off
            } else {
                ms + off
            })
        }
        _ => None,
    }
}

/// Formats Unix milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn format_rfc3339_millis(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

/// Formats Unix milliseconds as `YYYY-MM-DDTHH:MM:SSZ` (whole seconds, for
/// APIs that refuse fractions).
pub fn format_rfc3339_secs(ms: i64) -> String {
    let mut s = format_rfc3339_millis(ms.div_euclid(1000) * 1000);
    s.replace_range(19..23, "");
    s
}

/// Now, in Unix milliseconds.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Now as RFC 3339 with milliseconds.
pub fn now_rfc3339() -> String {
    format_rfc3339_millis(now_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_offsets() {
        let ms = parse_rfc3339_millis("2026-01-31T11:07:00-08:00").unwrap();
        assert_eq!(format_rfc3339_millis(ms), "2026-01-31T19:07:00.000Z");
        assert_eq!(parse_rfc3339_millis("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339_millis("2024-02-29"), Some(1_709_164_800_000));
        assert_eq!(
            parse_rfc3339_millis("2024-02-29T00:00:00.5Z"),
            Some(1_709_164_800_500)
        );
        assert_eq!(
            format_rfc3339_secs(1_709_164_800_500),
            "2024-02-29T00:00:00Z"
        );
        assert_eq!(parse_rfc3339_millis("not a date"), None);
        assert_eq!(parse_rfc3339_millis("2024-13-01"), None);
    }
}
