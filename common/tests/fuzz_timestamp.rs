//! Property tests of [`Timestamp`]: any JSON value decodes (never an error,
//! never a panic), writes back what was read, and every valid RFC 3339
//! date-time reads as the instant it names.

use affiliate_common::{Timestamp, UnixTime};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn any_string_decodes_and_round_trips(s in any::<String>()) {
        let json = serde_json::to_string(&s).unwrap();
        if s.trim().is_empty() || s.trim() == "null" {
            prop_assert!(serde_json::from_str::<Timestamp>(&json).is_err());
        } else {
            let t: Timestamp = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(serde_json::to_string(&t).unwrap(), json);
            let _ = (t.to_string(), format!("{t:?}"), t.to_system_time());
        }
    }

    #[test]
    fn any_number_decodes(n in any::<f64>().prop_filter("finite", |v| v.is_finite()), i in any::<i64>()) {
        for json in [serde_json::to_string(&n).unwrap(), i.to_string()] {
            let t: Timestamp = serde_json::from_str(&json).unwrap();
            prop_assert!(t.is_readable(), "{}", json);
        }
    }

    #[test]
    fn a_valid_rfc3339_date_time_reads_as_its_instant(
        // 0001-01-02 to 9999-12-30: local time at any offset stays in years 1 to 9999.
        millis in -62_135_510_400_000i64..253_402_128_000_000,
        offset_min in -(23 * 60 + 59)..=(23 * 60 + 59i64),
    ) {
        // Write the instant in local time at `offset_min`, then read it back.
        let local = UnixTime::from_millis(millis + offset_min * 60_000).to_string();
        let local = local.trim_end_matches('Z');
        let sign = if offset_min < 0 { '-' } else { '+' };
        let text = format!("{local}{sign}{:02}:{:02}", offset_min.abs() / 60, offset_min.abs() % 60);
        let t = Timestamp::parse(&text);
        prop_assert_eq!(t.unix_millis(), Some(millis), "{}", text);
    }
}
