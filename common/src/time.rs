//! Unix timestamps as APIs send them.
//!
//! [`UnixTime`] accepts seconds or milliseconds, told apart by magnitude
//! (values of 10¹¹ and above are milliseconds, which covers every date after
//! 1973 in milliseconds and every date before 5138 in seconds), as a JSON
//! number or a numeric string. It remembers the unit it arrived in and
//! serializes back in that unit, so a value read from an API is sent back
//! exactly as it came.
//!
//! Reading never panics and never fails on a number, however extreme:
//! integers beyond the `i64` range (`18446744073709551615`) and huge floats
//! (`1e300`) saturate to the earliest or latest representable instant
//! (`i64::MIN` or `i64::MAX` milliseconds), a fraction of a second is kept to
//! the millisecond, and `null` or `""` is no value. Only a value that is not
//! a number at all (`"soon"`, `true`, `"NaN"`) is a decode error.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The unit a [`UnixTime`] is written in on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeUnit {
    /// Whole seconds.
    Seconds,
    /// Milliseconds.
    Millis,
}

/// A point in time as a Unix timestamp.
///
/// Equality and ordering compare the instant, not the wire unit.
#[derive(Clone, Copy)]
pub struct UnixTime {
    millis: i64,
    unit: TimeUnit,
}

const MILLIS_THRESHOLD: i64 = 100_000_000_000;

impl UnixTime {
    /// From milliseconds since the epoch (serialized as milliseconds).
    pub fn from_millis(millis: i64) -> Self {
        UnixTime {
            millis,
            unit: TimeUnit::Millis,
        }
    }

    /// From seconds since the epoch (serialized as seconds).
    pub fn from_secs(secs: i64) -> Self {
        UnixTime {
            millis: secs.saturating_mul(1000),
            unit: TimeUnit::Seconds,
        }
    }

    /// From a raw number, seconds or milliseconds by magnitude.
    pub fn from_raw(raw: i64) -> Self {
        if raw.unsigned_abs() >= MILLIS_THRESHOLD.unsigned_abs() {
            Self::from_millis(raw)
        } else {
            Self::from_secs(raw)
        }
    }

    /// From a [`SystemTime`] (serialized as milliseconds).
    pub fn from_system_time(t: SystemTime) -> Self {
        let millis = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
        };
        Self::from_millis(millis)
    }

    /// The current time (serialized as milliseconds).
    pub fn now() -> Self {
        Self::from_system_time(SystemTime::now())
    }

    /// Milliseconds since the epoch.
    pub fn as_millis(&self) -> i64 {
        self.millis
    }

    /// Whole seconds since the epoch.
    pub fn as_secs(&self) -> i64 {
        self.millis.div_euclid(1000)
    }

    /// The unit the value is written in.
    pub fn unit(&self) -> TimeUnit {
        self.unit
    }

    /// The same instant, written in `unit`.
    pub fn with_unit(mut self, unit: TimeUnit) -> Self {
        self.unit = unit;
        self
    }

    /// As a [`SystemTime`]. An instant the platform's clock cannot
    /// represent is moved toward the epoch until it can be (on Linux and
    /// macOS every `UnixTime` fits).
    pub fn to_system_time(&self) -> SystemTime {
        let mut d = Duration::from_millis(self.millis.unsigned_abs());
        loop {
            let t = if self.millis >= 0 {
                UNIX_EPOCH.checked_add(d)
            } else {
                UNIX_EPOCH.checked_sub(d)
            };
            match t {
                Some(t) => return t,
                None => d /= 2,
            }
        }
    }

    /// From a JSON float: seconds or milliseconds by magnitude, fractions of
    /// a second kept to the millisecond, out-of-range values saturated.
    /// `None` for NaN and infinities.
    fn from_f64(v: f64) -> Option<Self> {
        if !v.is_finite() {
            return None;
        }
        // `as` saturates at the bounds of i64.
        if v.abs() >= MILLIS_THRESHOLD as f64 {
            Some(Self::from_millis(v as i64))
        } else if v.fract() == 0.0 {
            Some(Self::from_secs(v as i64))
        } else {
            Some(UnixTime {
                millis: (v * 1000.0).round() as i64,
                unit: TimeUnit::Seconds,
            })
        }
    }

    /// From a numeric string (whitespace around it allowed); `Ok(None)` for
    /// `""` and `"null"`.
    fn from_text(s: &str) -> Result<Option<Self>, String> {
        let t = s.trim();
        if t.is_empty() || t.eq_ignore_ascii_case("null") {
            return Ok(None);
        }
        if let Ok(v) = t.parse::<i64>() {
            return Ok(Some(Self::from_raw(v)));
        }
        let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            // An integer beyond i64: saturate.
            let raw = if t.starts_with('-') {
                i64::MIN
            } else {
                i64::MAX
            };
            return Ok(Some(Self::from_raw(raw)));
        }
        let numeric = t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
        match t.parse::<f64>() {
            Ok(v) if numeric && v.is_infinite() => {
                let raw = if v < 0.0 { i64::MIN } else { i64::MAX };
                Ok(Some(Self::from_raw(raw)))
            }
            Ok(v) if numeric => Ok(Self::from_f64(v)),
            _ => Err(format!("expected a Unix timestamp, got {s:?}")),
        }
    }

    /// The value as written on the wire.
    pub fn wire_value(&self) -> i64 {
        match self.unit {
            TimeUnit::Millis => self.millis,
            TimeUnit::Seconds => self.as_secs(),
        }
    }
}

impl PartialEq for UnixTime {
    fn eq(&self, other: &Self) -> bool {
        self.millis == other.millis
    }
}

impl Eq for UnixTime {}

impl std::hash::Hash for UnixTime {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.millis.hash(state);
    }
}

impl PartialOrd for UnixTime {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for UnixTime {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.millis.cmp(&other.millis)
    }
}

impl From<SystemTime> for UnixTime {
    fn from(t: SystemTime) -> Self {
        Self::from_system_time(t)
    }
}

impl From<UnixTime> for SystemTime {
    fn from(t: UnixTime) -> Self {
        t.to_system_time()
    }
}

impl fmt::Debug for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnixTime({}", self.wire_value())?;
        f.write_str(match self.unit {
            TimeUnit::Millis => " ms)",
            TimeUnit::Seconds => " s)",
        })
    }
}

impl fmt::Display for UnixTime {
    /// Formats as an RFC 3339-style UTC date-time with milliseconds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.as_secs();
        let ms = self.millis.rem_euclid(1000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Writes the unit it was read in. A seconds value read with a fraction
/// (`1700000000.25`) is written with its fraction, so decoding what was
/// written gives the same instant.
impl Serialize for UnixTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.unit {
            TimeUnit::Seconds if self.millis % 1000 != 0 => {
                s.serialize_f64(self.millis as f64 / 1000.0)
            }
            _ => s.serialize_i64(self.wire_value()),
        }
    }
}

/// Reads a timestamp from a JSON number or string; `None` for `null` and
/// `""`.
struct TimestampVisitor;

impl<'de> serde::de::Visitor<'de> for TimestampVisitor {
    type Value = Option<UnixTime>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Unix timestamp (a number or a numeric string)")
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(UnixTime::from_raw(v)))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(UnixTime::from_raw(
            i64::try_from(v).unwrap_or(i64::MAX),
        )))
    }
    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Self::Value, E> {
        let raw = i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX });
        Ok(Some(UnixTime::from_raw(raw)))
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Self::Value, E> {
        Ok(Some(UnixTime::from_raw(
            i64::try_from(v).unwrap_or(i64::MAX),
        )))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        UnixTime::from_f64(v)
            .map(Some)
            .ok_or_else(|| E::custom(format!("expected a Unix timestamp, got {v}")))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        UnixTime::from_text(v).map_err(E::custom)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(TimestampVisitor)
    }
}

impl<'de> Deserialize<'de> for UnixTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_any(TimestampVisitor)? {
            Some(t) => Ok(t),
            None => Err(serde::de::Error::custom(
                "expected a Unix timestamp, got an empty value",
            )),
        }
    }
}

/// Reads an optional [`UnixTime`]: `null`, `""` and a missing key are
/// `None`. Use with `#[serde(default, deserialize_with = "...")]`. Numbers
/// out of range saturate (see the [module docs](self)).
///
/// # Errors
/// A value that is present but not a number.
pub fn option_unix_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<UnixTime>, D::Error> {
    d.deserialize_any(TimestampVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magnitude_decides_the_unit() {
        let s: UnixTime = serde_json::from_str("1487675505").unwrap();
        let ms: UnixTime = serde_json::from_str("1487675505000").unwrap();
        assert_eq!(s.as_millis(), ms.as_millis());
        assert_eq!(s.unit(), TimeUnit::Seconds);
        assert_eq!(ms.unit(), TimeUnit::Millis);
        assert_eq!(serde_json::to_string(&s).unwrap(), "1487675505");
        assert_eq!(serde_json::to_string(&ms).unwrap(), "1487675505000");
        let st: UnixTime = serde_json::from_str(r#""1487675505""#).unwrap();
        assert_eq!(st, s);
    }

    #[test]
    fn displays_as_utc() {
        assert_eq!(
            UnixTime::from_millis(1_487_675_505_123).to_string(),
            "2017-02-21T11:11:45.123Z"
        );
        assert_eq!(
            UnixTime::from_secs(0).to_string(),
            "1970-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn converts_to_system_time() {
        let t = UnixTime::from_secs(10);
        assert_eq!(t.to_system_time(), UNIX_EPOCH + Duration::from_secs(10));
        assert_eq!(UnixTime::from(t.to_system_time()).as_millis(), 10_000);
    }

    #[test]
    fn extreme_numbers_saturate_and_never_fail() {
        let max = Some(i64::MAX);
        let min = Some(i64::MIN);
        for (json, want) in [
            ("-9223372036854775808", min),
            ("9223372036854775807", max),
            ("18446744073709551615", max),
            ("1e300", max),
            ("-1e300", min),
            ("-5", Some(-5_000)),
            ("-100000000000", Some(-100_000_000_000)),
            ("1487675505.25", Some(1_487_675_505_250)),
            (r#""-9223372036854775808""#, min),
            (r#""9223372036854775807""#, max),
            (r#""18446744073709551615""#, max),
            (r#""-18446744073709551615""#, min),
            (r#""1e300""#, max),
            (r#""1e400""#, max),
            (r#""-5""#, Some(-5_000)),
            (r#"" 1487675505 ""#, Some(1_487_675_505_000)),
            (r#""""#, None),
            ("null", None),
        ] {
            let body = format!(r#"{{"at":{json}}}"#);
            let got = serde_json::from_str::<Opt>(&body)
                .unwrap_or_else(|e| panic!("{json}: {e}"))
                .at;
            assert_eq!(got.map(|t| t.as_millis()), want, "{json}");
            if let Some(t) = got {
                // Every accessor works on the extremes too.
                let _ = (t.to_string(), t.to_system_time(), t.as_secs());
                let _ = format!("{t:?}");
                let _ = serde_json::to_string(&t).unwrap();
                let required: UnixTime = serde_json::from_str(json).unwrap();
                assert_eq!(required, t);
            }
        }
        assert_eq!(UnixTime::from_raw(i64::MIN).as_millis(), i64::MIN);
        assert_eq!(UnixTime::from_raw(i64::MIN).unit(), TimeUnit::Millis);
        assert_eq!(UnixTime::from_raw(-1).unit(), TimeUnit::Seconds);
    }

    #[test]
    fn text_that_is_not_a_number_is_an_error() {
        for json in [r#""soon""#, r#""NaN""#, r#""inf""#, "true", r#""1.2.3""#] {
            let body = format!(r#"{{"at":{json}}}"#);
            assert!(serde_json::from_str::<Opt>(&body).is_err(), "{json}");
        }
    }

    #[derive(serde::Deserialize)]
    struct Opt {
        #[serde(default, deserialize_with = "option_unix_time")]
        at: Option<UnixTime>,
    }

    #[test]
    fn optional_form_accepts_null_and_empty() {
        for j in [r#"{"at":null}"#, r#"{"at":""}"#, "{}"] {
            assert!(serde_json::from_str::<Opt>(j).unwrap().at.is_none());
        }
    }

    #[test]
    fn a_fractional_seconds_value_round_trips() {
        for raw in ["-288034.6099350578", "1700000000.25", "1700000000.001"] {
            let t: UnixTime = serde_json::from_str(raw).unwrap();
            let written = serde_json::to_string(&t).unwrap();
            let back: UnixTime = serde_json::from_str(&written).unwrap();
            assert_eq!(back, t, "{raw} was written as {written}");
        }
        // Whole seconds are still written as an integer.
        let t: UnixTime = serde_json::from_str("1700000000.0").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "1700000000");
    }
}
