//! `sandbox_ops.json`: every operation of a description with an example
//! answer (method, path template, documented success status, content type
//! and a body built from the response schema, as `samples.json` builds its
//! samples). The crate's sandbox loads it (`include_str!`) into
//! `affiliate_common::sandbox::ops::Operations` and answers from it every
//! documented operation its own routes do not model. Data, not Rust: the
//! table does not count toward the generated lines.

use serde_json::json;

use super::{File, Header};
use crate::ir::{Model, ResponseBody};
use crate::samples::sample;

/// The table, one operation a line (in document order).
pub fn sandbox_ops_json(model: &Model, h: &Header, name: String) -> File {
    let mut lines = Vec::new();
    for op in &model.ops {
        // Written by hand so the keys keep this order (the body last).
        let mut line = format!(
            "{{\"id\":{},\"method\":{},\"path\":{},\"status\":{}",
            json!(op.operation_id),
            json!(op.method),
            json!(op.path),
            op.status
        );
        match &op.response {
            ResponseBody::Json(t) => {
                line.push_str(&format!(",\"body\":{}", sample(model, t, 0)));
            }
            ResponseBody::Binary(ct) => {
                line.push_str(&format!(
                    ",\"content_type\":{},\"body\":\"sample\"",
                    json!(ct)
                ));
            }
            ResponseBody::Empty => {}
        }
        line.push('}');
        lines.push(line);
    }
    let text = format!(
        "{{\n\"_generated\": {},\n\"operations\": [\n{}\n]\n}}\n",
        json!(h.line()),
        lines.join(",\n")
    );
    File { name, text }
}
