//! Property tests of webhook parsing: mutated deliveries (seeded from
//! `tests/fixtures/webhooks`) and arbitrary bytes parse into an event or
//! `Error::InvalidInput`, never panic, and a parsed event reads the same
//! again from its own `raw` body. The API signs nothing, so there is no
//! signature to verify.
//!
//! A long soak:
//! `PROPTEST_CASES=200000 cargo test --release -p partnerstack --test fuzz_webhooks`.

use std::path::PathBuf;
use std::sync::LazyLock;

use affiliate_common::fuzz::proptest::prelude::*;
use affiliate_common::fuzz::proptest::proptest;
use affiliate_common::fuzz::{self, no_panic};
use partnerstack::Error;
use partnerstack::webhooks;
use serde_json::Value;

/// The delivery fixtures (`event_*.json`; the others are REST responses
/// of the webhooks resource).
static BODIES: LazyLock<Vec<Value>> = LazyLock::new(|| {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/webhooks");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("event_"))
        })
        .collect();
    files.sort();
    let bodies: Vec<Value> = files
        .iter()
        .map(|f| serde_json::from_slice(&std::fs::read(f).expect("read")).expect("JSON"))
        .collect();
    assert!(
        !bodies.is_empty(),
        "no webhook fixtures in {}",
        dir.display()
    );
    bodies
});

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        5 => (0..BODIES.len(), fuzz::mutations())
            .prop_map(|(i, m)| fuzz::mutate(&BODIES[i], &m)),
        1 => (0..BODIES.len()).prop_map(|i| serde_json::to_vec(&BODIES[i]).expect("JSON")),
        1 => prop::collection::vec(any::<u8>(), 0..300),
    ]
}

proptest! {
    #![proptest_config(fuzz::config(600))]

    #[test]
    fn deliveries_parse_or_fail_with_invalid_input(body in body()) {
        let got = no_panic(|| Ok(webhooks::parse(&body))).map_err(TestCaseError::fail)?;
        match got {
            Ok(event) => {
                let _ = format!("{event:?}");
                let raw = serde_json::to_vec(&event.raw).expect("raw is JSON");
                let again = webhooks::parse(&raw)
                    .map_err(|e| TestCaseError::fail(format!("its own raw body fails: {e}")))?;
                prop_assert_eq!(again, event);
            }
            Err(Error::InvalidInput { .. }) => {}
            Err(other) => prop_assert!(false, "not InvalidInput: {:?}", other),
        }
    }
}

#[test]
fn every_fixture_parses() {
    for b in BODIES.iter() {
        webhooks::parse(&serde_json::to_vec(b).expect("JSON")).expect("a fixture parses");
    }
}
