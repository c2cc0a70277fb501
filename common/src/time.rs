//! Unix timestamps as APIs send them.
//!
//! [`UnixTime`] accepts seconds or milliseconds, told apart by magnitude
//! (values of 10¹¹ and above are milliseconds, which covers every date after
//! 1973 in milliseconds and every date before 5138 in seconds), as a JSON
//! number or a numeric string. It remembers the unit it arrived in and
//! serializes back in that unit, so a value read from an API is sent back
//! exactly as it came.

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
        if raw.abs() >= MILLIS_THRESHOLD {
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

    /// As a [`SystemTime`].
    pub fn to_system_time(&self) -> SystemTime {
        let d = Duration::from_millis(self.millis.unsigned_abs());
        if self.millis >= 0 {
            UNIX_EPOCH + d
        } else {
            UNIX_EPOCH - d
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

impl Serialize for UnixTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.wire_value())
    }
}

impl<'de> Deserialize<'de> for UnixTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match crate::lenient::option_i64(d)? {
            Some(raw) => Ok(UnixTime::from_raw(raw)),
            None => Err(serde::de::Error::custom(
                "expected a Unix timestamp, got an empty value",
            )),
        }
    }
}

/// Reads an optional [`UnixTime`]: `null`, `""` and a missing key are
/// `None`. Use with `#[serde(default, deserialize_with = "...")]`.
///
/// # Errors
/// A value that is present but not a number.
pub fn option_unix_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<UnixTime>, D::Error> {
    Ok(crate::lenient::option_i64(d)?.map(UnixTime::from_raw))
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
}
