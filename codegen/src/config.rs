//! The per-API rules the core and the emitter ask about. Everything specific
//! to one API (type names, which operations are paginated or hand-written,
//! grouping into resources) lives in an implementation of [`ApiConfig`] under
//! `apis/`, never in the core.

use crate::ir::{Operation, TypeRef};
use crate::names;

/// How the Rust emitter treats an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The handler method and its terminal `send()` are generated.
    Generated,
    /// A request builder with every query setter is generated; the
    /// hand-written code adds `into_paginator` and `list_methods!`.
    List,
    /// Only the request builder (when the operation has optional query
    /// parameters) is generated; the handler method is hand-written.
    Manual,
}

/// Where an operation goes in the Rust client.
#[derive(Debug, Clone)]
pub struct OpPlan {
    /// The handler type the method is added to (`crate::resources::Links`).
    pub handler: String,
    /// The expression that reaches the handler in examples (`client.links()`).
    pub accessor: String,
    /// The method name (`create`, `list`, ...).
    pub method: String,
    /// The request builder's type name.
    pub builder: String,
    /// Generated, list or hand-written.
    pub mode: Mode,
    /// Extra calls on the `Request` (`.bucket("analytics")`, `.idempotent()`).
    pub request_calls: Vec<String>,
    /// A link to the vendor's documentation of the operation.
    pub doc_url: String,
}

/// How the generated models type and read their fields, where an API's
/// crate keeps conventions of its own (PartnerStack's `UnixTime`
/// timestamps and plain `key`). The default is the Dub/impact.com style.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelStyle {
    /// Unix timestamps (`x-time: unix-s` or `unix-ms`) become
    /// `affiliate_common::UnixTime`, read by this function.
    pub unix_time: Option<&'static str>,
    /// Integers documented as never negative (`minimum: 0`, counts) are
    /// `u64`, read by this function.
    pub unsigned: Option<&'static str>,
    /// `(wire name, reader)`: the record's own id (`x-id: true`, required,
    /// never null, a string) under this wire name is a plain `String` read by the
    /// reader function (a missing or null id reads as `""`).
    pub plain_id: &'static [(&'static str, &'static str)],
    /// A record without its plain id fails to decode (the id has no
    /// default; such structs do not implement `Default`).
    pub id_required: bool,
    /// Reader of optional free-form objects (`[]` and `""` accepted); with
    /// it, maps of typed values are free-form objects too, so a value of
    /// another type never fails the record.
    pub object: Option<&'static str>,
    /// Reader of optional lists of strings (one bare string accepted).
    pub strings: Option<&'static str>,
    /// Reader of other optional lists (`null` entries dropped).
    pub list: Option<&'static str>,
    /// Only response models keep unknown keys in `extra`; request bodies
    /// never have one.
    pub extra_on_responses_only: bool,
}

/// The per-API rules.
pub trait ApiConfig {
    /// The API's short name (`dub`).
    fn name(&self) -> &'static str;

    /// The crate the generated code lives in (`dub`), for doc examples.
    fn crate_name(&self) -> &'static str;

    /// The final name for a candidate type name (a rename table).
    fn rename(&self, _candidate: &str) -> Option<String> {
        None
    }

    /// Use this existing type instead of generating the candidate (for an
    /// inline copy of a shared schema that differs only in details).
    fn replace(&self, _candidate: &str) -> Option<String> {
        None
    }

    /// Replace the candidate's type with a fixed one (an untyped escape hatch
    /// for shapes handled by hand).
    fn override_type(&self, _candidate: &str) -> Option<TypeRef> {
        None
    }

    /// The Rust name of the field `wire` of the type `type_name`, where the
    /// derived one reads badly (`type` -> `kind`).
    fn field_name(&self, _type_name: &str, _wire: &str) -> Option<String> {
        None
    }

    /// Hand-written types the generated models may name (through
    /// [`ApiConfig::override_type`]); the models file imports them from
    /// `crate::models`.
    fn external_types(&self) -> &'static [&'static str] {
        &[]
    }

    /// How the models type and read their fields.
    fn model_style(&self) -> ModelStyle {
        ModelStyle::default()
    }

    /// The reader (`deserialize_with`) of one field, where the field needs
    /// one of its own (a value of several shapes).
    fn field_reader(&self, _type_name: &str, _wire: &str) -> Option<&'static str> {
        None
    }

    /// Whether a request body's constructor and setters are hand-written
    /// (the generated struct gets none).
    fn custom_constructor(&self, _type_name: &str) -> bool {
        false
    }

    /// Whether only the models are generated (the endpoint methods are
    /// hand-written).
    fn models_only(&self) -> bool {
        false
    }

    /// Components left to hand-written code.
    fn skip_component(&self, _name: &str) -> bool {
        false
    }

    /// Whether objects of the same shape share one type (the first name
    /// found); `false` gives every component its own.
    fn share_shapes(&self) -> bool {
        true
    }

    /// Whether a struct keeps unknown keys in an `extra` map.
    fn keep_extra(&self, _type_name: &str) -> bool {
        false
    }

    /// The candidate name of an operation's response type.
    fn response_name(&self, op_id: &str) -> String {
        format!("{}Response", names::pascal(op_id))
    }

    /// The candidate name of an operation's request body type.
    fn body_name(&self, op_id: &str) -> String {
        format!("{}Body", names::pascal(op_id))
    }

    /// Where and how an operation is emitted.
    fn plan(&self, op: &Operation) -> OpPlan;
}
