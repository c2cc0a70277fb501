//! [`Timestamp`]: the one date-time type of every model.
//!
//! APIs write instants in three ways: RFC 3339 text (`2024-01-31T12:00:00Z`,
//! `2024-01-31T04:00:00-08:00`), epoch seconds and epoch milliseconds (as
//! numbers or numeric strings). A `Timestamp` reads all three, and:
//!
//! - remembers how the value came, so writing it back sends exactly what was
//!   read (the same text, or the same number in the same unit);
//! - never fails to decode: text it cannot read (`"soon"`, `"31/01/2024"`)
//!   is kept as it came, with no instant ([`Timestamp::instant`] is `None`),
//!   so one odd value never fails a page;
//! - reads `2024-01-31` as midnight UTC, and a date-time without an offset
//!   (`2024-01-31 12:00:00`) as UTC;
//! - tells seconds from milliseconds by magnitude, like [`UnixTime`].
//!
//! ```
//! use affiliate_common::Timestamp;
//!
//! let a: Timestamp = serde_json::from_str(r#""2024-01-31T12:00:00.250+01:00""#).unwrap();
//! let b: Timestamp = serde_json::from_str("1706698800250").unwrap();
//! assert_eq!(a.unix_millis(), b.unix_millis());
//! assert_eq!(a, b); // the same instant
//! assert_eq!(serde_json::to_string(&a).unwrap(), r#""2024-01-31T12:00:00.250+01:00""#);
//! assert_eq!(serde_json::to_string(&b).unwrap(), "1706698800250");
//!
//! let odd: Timestamp = serde_json::from_str(r#""sometime soon""#).unwrap();
//! assert_eq!(odd.instant(), None);
//! assert_eq!(odd.raw(), Some("sometime soon"));
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::time::SystemTime;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::time::UnixTime;

/// A point in time as an API wrote it. See the [module docs](self).
///
/// Equality, ordering and hashing compare the instant; two unreadable values
/// compare by their text, and sort after every readable one.
#[derive(Clone)]
pub struct Timestamp {
    instant: Option<UnixTime>,
    /// The text as it came, when it came as text (a number has none).
    text: Option<Box<str>>,
}

impl Timestamp {
    /// Reads `text`: RFC 3339 (or a date, or a date-time without an offset,
    /// read as UTC), or a numeric string of epoch seconds or milliseconds.
    /// Never fails: unreadable text is kept with no instant.
    pub fn parse(text: &str) -> Self {
        let t = text.trim();
        let instant = parse_rfc3339(t).or_else(|| numeric(t));
        Timestamp {
            instant,
            text: Some(text.into()),
        }
    }

    /// From a [`UnixTime`] (written back as that number, in its unit).
    pub fn from_unix(t: UnixTime) -> Self {
        Timestamp {
            instant: Some(t),
            text: None,
        }
    }

    /// From milliseconds since the epoch (written as milliseconds).
    pub fn from_millis(millis: i64) -> Self {
        Self::from_unix(UnixTime::from_millis(millis))
    }

    /// From seconds since the epoch (written as seconds).
    pub fn from_secs(secs: i64) -> Self {
        Self::from_unix(UnixTime::from_secs(secs))
    }

    /// From a [`SystemTime`], written as RFC 3339 UTC text with milliseconds.
    pub fn from_system_time(t: SystemTime) -> Self {
        let unix = UnixTime::from_system_time(t);
        Timestamp {
            instant: Some(unix),
            text: Some(unix.to_string().into()),
        }
    }

    /// The current time, written as RFC 3339 UTC text.
    pub fn now() -> Self {
        Self::from_system_time(SystemTime::now())
    }

    /// The instant, or `None` when the value could not be read.
    pub fn instant(&self) -> Option<UnixTime> {
        self.instant
    }

    /// Milliseconds since the epoch, or `None` when unreadable.
    pub fn unix_millis(&self) -> Option<i64> {
        self.instant.map(|t| t.as_millis())
    }

    /// Whole seconds since the epoch (rounded down), or `None` when
    /// unreadable.
    pub fn unix_secs(&self) -> Option<i64> {
        self.instant.map(|t| t.as_secs())
    }

    /// As a [`SystemTime`], or `None` when unreadable.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        self.instant.map(|t| t.to_system_time())
    }

    /// The instant as RFC 3339 UTC text with milliseconds
    /// (`2024-01-31T11:00:00.250Z`), or `None` when unreadable.
    pub fn to_rfc3339(&self) -> Option<String> {
        self.instant.map(|t| t.to_string())
    }

    /// The text as the API sent it, when it came as text.
    pub fn raw(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// Whether the value was read as an instant.
    pub fn is_readable(&self) -> bool {
        self.instant.is_some()
    }

    fn from_json(v: Value) -> Option<Self> {
        match v {
            Value::Null => None,
            Value::String(s) if s.trim().is_empty() || s.trim() == "null" => None,
            Value::String(s) => Some(Self::parse(&s)),
            Value::Number(n) => {
                let instant = serde_json::from_value::<UnixTime>(Value::Number(n.clone())).ok();
                Some(match instant {
                    Some(t) => Self::from_unix(t),
                    None => Timestamp {
                        instant: None,
                        text: Some(n.to_string().into()),
                    },
                })
            }
            other => Some(Timestamp {
                instant: None,
                text: Some(other.to_string().into()),
            }),
        }
    }
}

/// A numeric string as epoch seconds or milliseconds.
fn numeric(t: &str) -> Option<UnixTime> {
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
    {
        return None;
    }
    serde_json::from_value::<UnixTime>(Value::String(t.to_owned())).ok()
}

fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(b).ok()?.parse().ok()
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DD`, optionally followed by `T` (or a space) and
/// `HH:MM[:SS[.fraction]]` and an optional `Z` or `±HH[:MM]` offset.
fn parse_rfc3339(s: &str) -> Option<UnixTime> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(&b[..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let mut millis = days_from_civil(y, m, d) * 86_400_000;
    let rest = &b[10..];
    if rest.is_empty() {
        return Some(UnixTime::from_millis(millis));
    }
    if !matches!(rest[0], b'T' | b't' | b' ') || rest.len() < 6 || rest[3] != b':' {
        return None;
    }
    let (hh, mm) = (digits(&rest[1..3])?, digits(&rest[4..6])?);
    let mut i = 6;
    let mut ss = 0;
    if rest.get(i) == Some(&b':') {
        ss = digits(rest.get(i + 1..i + 3)?)?;
        i += 3;
    }
    if hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    millis += (hh * 3600 + mm * 60 + ss.min(59)) * 1000;
    if rest.get(i) == Some(&b'.') || rest.get(i) == Some(&b',') {
        let start = i + 1;
        let mut end = start;
        while rest.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        if end == start {
            return None;
        }
        let frac = &rest[start..end.min(start + 3)];
        let mut ms = digits(frac)?;
        for _ in frac.len()..3 {
            ms *= 10;
        }
        millis += ms;
        i = end;
    }
    match &rest[i..] {
        [] | [b'Z'] | [b'z'] => {}
        [sign @ (b'+' | b'-'), tz @ ..] => {
            let (oh, om) = match tz {
                [a, b] => (digits(&[*a, *b])?, 0),
                [a, b, b':', c, d] | [a, b, c, d] => (digits(&[*a, *b])?, digits(&[*c, *d])?),
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let offset = (oh * 3600 + om * 60) * 1000;
            millis += if *sign == b'+' { -offset } else { offset };
        }
        _ => return None,
    }
    Some(UnixTime::from_millis(millis))
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.instant, other.instant) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => self.text.cmp(&other.text),
        }
    }
}

impl std::hash::Hash for Timestamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self.instant {
            Some(t) => t.hash(state),
            None => self.text.hash(state),
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.text, self.instant) {
            (Some(text), Some(t)) => write!(f, "Timestamp({text:?} = {t})"),
            (Some(text), None) => write!(f, "Timestamp({text:?}, unreadable)"),
            (None, Some(t)) => write!(f, "Timestamp({t:?})"),
            (None, None) => f.write_str("Timestamp(?)"),
        }
    }
}

impl fmt::Display for Timestamp {
    /// The instant as RFC 3339 UTC text, or the raw text when unreadable.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.instant, &self.text) {
            (Some(t), _) => fmt::Display::fmt(&t, f),
            (None, Some(text)) => f.write_str(text),
            (None, None) => Ok(()),
        }
    }
}

impl From<UnixTime> for Timestamp {
    fn from(t: UnixTime) -> Self {
        Self::from_unix(t)
    }
}

/// Reads the text as [`Timestamp::parse`] does (a setter can take `"NOW"`
/// or `"2024-01-31"`; unreadable text is sent as given).
impl From<&str> for Timestamp {
    fn from(text: &str) -> Self {
        Self::parse(text)
    }
}

/// As `From<&str>`.
impl From<&String> for Timestamp {
    fn from(text: &String) -> Self {
        Self::parse(text)
    }
}

/// As `From<&str>`.
impl From<String> for Timestamp {
    fn from(text: String) -> Self {
        Self::parse(&text)
    }
}

impl From<SystemTime> for Timestamp {
    fn from(t: SystemTime) -> Self {
        Self::from_system_time(t)
    }
}

/// Writes the value as it came: the same text, or the same number.
impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (&self.text, self.instant) {
            (Some(text), _) => s.serialize_str(text),
            (None, Some(t)) => t.serialize(s),
            (None, None) => s.serialize_none(),
        }
    }
}

/// Never fails on a present value (see the [module docs](self)); `null` and
/// `""` are an error here, and `None` for `Option<Timestamp>` fields read
/// with [`option_timestamp`].
impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Timestamp::from_json(Value::deserialize(d)?)
            .ok_or_else(|| serde::de::Error::custom("expected a timestamp, got an empty value"))
    }
}

/// Reads an optional [`Timestamp`]: `null`, `""` and a missing key are
/// `None`; any other value is `Some` (unreadable text kept as it came). Use
/// with `#[serde(default, deserialize_with = "...")]`.
///
/// # Errors
/// Only when the underlying deserializer fails (malformed JSON).
pub fn option_timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    Ok(Timestamp::from_json(Value::deserialize(d)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Timestamp {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    #[test]
    fn reads_rfc3339_in_its_forms() {
        let utc = 1_706_702_400_000; // 2024-01-31T12:00:00Z
        for (text, want) in [
            ("2024-01-31T12:00:00Z", utc),
            ("2024-01-31t12:00:00z", utc),
            ("2024-01-31T12:00:00.250Z", utc + 250),
            ("2024-01-31T12:00:00.2Z", utc + 200),
            ("2024-01-31T12:00:00.123456789Z", utc + 123),
            ("2024-01-31T13:00:00+01:00", utc),
            ("2024-01-31T04:00:00-08:00", utc),
            ("2024-01-31T04:00:00-0800", utc),
            ("2024-01-31T17:30:00+05:30", utc),
            ("2024-01-31 12:00:00", utc),
            ("2024-01-31T12:00", utc),
            ("2024-01-31", utc - 12 * 3_600_000),
            ("1970-01-01T00:00:00Z", 0),
            ("1969-12-31T23:59:59Z", -1000),
            ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ] {
            let t = read(&format!("{text:?}"));
            assert_eq!(t.unix_millis(), Some(want), "{text}");
            assert_eq!(t.raw(), Some(text));
        }
    }

    #[test]
    fn reads_epoch_seconds_and_milliseconds() {
        let s = read("1706702400");
        let ms = read("1706702400000");
        let text = read(r#""1706702400""#);
        assert_eq!(s, ms);
        assert_eq!(s, text);
        assert_eq!(s.unix_millis(), Some(1_706_702_400_000));
        assert_eq!(s.to_rfc3339().unwrap(), "2024-01-31T12:00:00.000Z");
    }

    #[test]
    fn writes_back_exactly_what_it_read() {
        for json in [
            r#""2024-01-31T04:00:00-08:00""#,
            r#""2024-01-31 12:00:00""#,
            "1706702400",
            "1706702400000",
            r#""1706702400""#,
            r#""not a date""#,
            r#""2024-02-30T00:00:00Z""#,
        ] {
            assert_eq!(serde_json::to_string(&read(json)).unwrap(), json);
        }
    }

    #[test]
    fn unreadable_values_are_kept_not_refused() {
        for json in [
            r#""soon""#,
            r#""31/01/2024""#,
            r#""2024-13-01""#,
            r#""2024-02-30""#,
            r#""2024-01-31T25:00:00Z""#,
            r#""2024-01-31T12:00:00+99:00""#,
            r#""2024-01-31T12:00:00Zjunk""#,
            r#""2024-01-31T12:00:00.Z""#,
            r#""２０２４-01-31""#,
            "true",
            r#"{"seconds":1}"#,
            "[1]",
        ] {
            let t = read(json);
            assert!(!t.is_readable(), "{json} read as {t:?}");
            assert!(t.raw().is_some());
            let _ = (t.to_string(), format!("{t:?}"));
        }
    }

    #[test]
    fn empty_values_are_none_in_the_optional_form() {
        #[derive(serde::Deserialize)]
        struct Opt {
            #[serde(default, deserialize_with = "option_timestamp")]
            at: Option<Timestamp>,
        }
        for j in [r#"{"at":null}"#, r#"{"at":""}"#, r#"{"at":"  "}"#, "{}"] {
            assert!(serde_json::from_str::<Opt>(j).unwrap().at.is_none(), "{j}");
        }
        let t = serde_json::from_str::<Opt>(r#"{"at":"x"}"#)
            .unwrap()
            .at
            .unwrap();
        assert_eq!(t.raw(), Some("x"));
    }

    #[test]
    fn extreme_values_never_panic() {
        for json in [
            "1e300",
            "-1e300",
            "18446744073709551615",
            r#""9999-12-31T23:59:59.999-23:59""#,
            r#""0000-01-01T00:00:00+23:59""#,
        ] {
            let t = read(json);
            let _ = (
                t.to_string(),
                t.to_system_time(),
                t.to_rfc3339(),
                format!("{t:?}"),
            );
        }
    }

    #[test]
    fn orders_by_instant_and_puts_unreadable_last() {
        let mut v = [
            read(r#""zzz""#),
            read("1706702400"),
            read(r#""2024-01-31T11:00:00Z""#),
        ];
        v.sort();
        assert_eq!(v[0].raw(), Some("2024-01-31T11:00:00Z"));
        assert_eq!(v[1].unix_millis(), Some(1_706_702_400_000));
        assert_eq!(v[2].raw(), Some("zzz"));
    }
}
