//! The round-trip test: every schema's sample survives decode and re-encode.

use std::fmt::Write as _;

use super::Header;
use crate::ir::Model;

/// `roundtrip.rs`.
pub fn roundtrip_rs(model: &Model, h: &Header) -> String {
    let mut out = h.comment();
    out.push_str(
        "//! Every schema's sample (every property filled) survives decode and re-encode.\n\n",
    );
    out.push_str("use super::models::*;\n\n");
    out.push_str(
        "fn check<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str) {\n    let samples: serde_json::Value = serde_json::from_str(include_str!(\"samples.json\")).expect(\"samples.json\");\n    let sample = samples[\"types\"].get(name).unwrap_or_else(|| panic!(\"no sample for {name}\"));\n    let value: T = serde_json::from_value(sample.clone()).unwrap_or_else(|e| panic!(\"{name} does not decode its sample: {e}\"));\n    let back = serde_json::to_value(&value).expect(\"re-encode\");\n    assert_eq!(&back, sample, \"{name} lost or changed a field\");\n}\n\n",
    );
    out.push_str("#[test]\nfn every_schema_round_trips() {\n");
    for t in &model.types {
        let _ = writeln!(out, "    check::<{}>({:?});", t.name(), t.name());
    }
    out.push_str("}\n");
    out
}
