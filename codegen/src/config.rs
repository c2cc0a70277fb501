//! The per-API rules the core and the emitter ask about. Everything specific
//! to one API (type names, which operations are paginated or hand-written,
//! grouping into resources) lives in an implementation of [`ApiConfig`] under
//! `apis/`, never in the core.

use crate::ir::{Model, Operation, Param, ResponseBody, TypeDef, TypeRef};
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
    /// Generated, list or hand-written.
    pub mode: Mode,
    /// Extra calls on the `Request` (`.bucket("analytics")`, `.idempotent()`).
    pub request_calls: Vec<String>,
    /// A link to the vendor's documentation of the operation.
    pub doc_url: String,
}

/// What a generated endpoint method answers, which decides how its
/// builder sends.
#[derive(Debug, Clone, PartialEq)]
pub enum Returns {
    /// Pages of these items: a list builder (`send` is its first page).
    List(TypeRef),
    /// JSON of this type.
    Json(TypeRef),
    /// Nothing (`()`).
    Empty,
    /// The API's write acknowledgement (impact.com's `WriteResult`).
    Write,
    /// Raw bytes (PDFs, images, job downloads).
    Bytes,
}

/// The shape of an API crate's runtime that the generated endpoint methods
/// call into: everything that differs between APIs in `operations.rs`.
#[derive(Debug, Clone, Default)]
pub struct OpsStyle {
    /// The builders' sender type (`Client`, or impact.com's `Scope`).
    pub sender: &'static str,
    /// The handler field that holds the sender (`client`, `scope`).
    pub field: &'static str,
    /// `use` lines of `operations.rs`.
    pub imports: &'static str,
    /// Handlers are generated (struct and accessor) on this client type
    /// (`BrandClient`); `None`: the crate defines its handlers by hand.
    pub handlers_on: Option<&'static str>,
    /// Every path starts with this prefix, which the sender adds
    /// (`self.scope.path(rest)`); `None`: paths are built from the root.
    pub path_prefix: Option<&'static str>,
    /// The Rust path of the models in examples (`dub::models`).
    pub models_path: String,
    /// A sentence added after an endpoint's method and path.
    pub path_note: &'static str,
    /// The `# Errors` section's text.
    pub errors: &'static str,
    /// A response enum field reads `""` (and `null`) as `None`.
    pub empty_enum_none: bool,
    /// The module the files go to under the output folder (a persona).
    pub module: Option<&'static str>,
    /// The generated module's doc line (`//!`).
    pub title: String,
    /// The client type of each example receiver other than `client`
    /// (`("partner", "PartnerClient")`).
    pub receivers: &'static [(&'static str, &'static str)],
    /// A prefix some paths carry that the base URL already holds
    /// (PartnerStack's partner paths, `/v2/...`), dropped from the request.
    pub strip_path: &'static str,
    /// A hand-written (`Manual`) operation gets no generated builder, even
    /// with optional query parameters (the crate's own builder has them).
    pub no_manual_builders: bool,
    /// Wiremock tests and their fixtures are generated too.
    pub wiremock_tests: bool,
    /// A round-trip test of every schema's sample is generated.
    pub roundtrip: bool,
    /// A function `(name, value: String) -> Result<String>` every required
    /// text query argument passes through before it is sent (ReferralHero
    /// refuses a blank one and trims it).
    pub text_check: Option<&'static str>,
    /// A function `(&Request, name, min, max) -> Result<()>` a builder calls
    /// before sending, for each query parameter with a documented range.
    pub range_check: Option<&'static str>,
    /// The every-operation test stays hand-written (none is generated).
    pub hand_written_every_op: bool,
}

/// A body the endpoint method builds from its own arguments instead of
/// taking it whole (`add_bulk_transactions(transactions)`).
#[derive(Debug, Clone, PartialEq)]
pub struct BodyArgs {
    /// `(name, Rust type, example value)` of each argument, after the path
    /// ids.
    pub args: Vec<(String, String, String)>,
    /// The expression building the body from the arguments (`?` passes
    /// on the body's own checks).
    pub expr: String,
}

/// How the generated models type and read their fields, where an API's
/// crate keeps conventions of its own (PartnerStack's plain `key`). The default is the Dub/impact.com style.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelStyle {
    /// Integers documented as never negative (`minimum: 0`, counts) are
    /// `u64`, read by this function.
    pub unsigned: Option<&'static str>,
    /// `(wire name, reader)`: the record's own id (`x-id: true`, required,
    /// never null, a string) under this wire name is a plain `String` read by the
    /// reader function (a missing or null id reads as `""`).
    pub plain_id: &'static [(&'static str, &'static str)],
    /// The names in `plain_id` are the record's own id wherever a response
    /// schema requires them and never allows null, without `x-id` (Dub's
    /// `id`).
    pub id_by_name: bool,
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

/// How runnable examples (and the every-operation test) reach an API's
/// sandbox: the hidden set-up of each endpoint method's example.
#[derive(Debug, Clone, Copy)]
pub struct ExampleSetup {
    /// The call that starts the sandbox, awaited into `running`
    /// (`dub::sandbox::start()`).
    pub start: &'static str,
    /// `(variable, expression)`: the receivers calls start from (`client`,
    /// impact.com's `brand`), bound from `running`.
    pub receivers: &'static [(&'static str, &'static str)],
    /// `(variable, expression)`: a value read from the sandbox's data right
    /// before a call that names the variable (the first id it holds in a
    /// collection, a list's uuid); an expression may name an earlier
    /// variable.
    pub held: &'static [(&'static str, &'static str)],
    /// `(collection segment, variable)`: a path parameter right after the
    /// segment is that [`ExampleSetup::held`] variable.
    pub path_ids: &'static [(&'static str, &'static str)],
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

    /// An example value of a request body whose constructor is hand-written
    /// ([`ApiConfig::custom_constructor`]), as Rust source for doc examples.
    fn example_body(&self, _type_name: &str) -> Option<&'static str> {
        None
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

    /// The path parameters (wire names) the handler `handler` holds as
    /// fields of the same name (`client.subscribers(uuid)`): its methods
    /// fill them in and never take them as arguments.
    fn handler_fields(&self, _handler: &str) -> &'static [&'static str] {
        &[]
    }

    /// A body the method builds from arguments of its own (`None`: the
    /// method takes the body, if any).
    fn body_args(&self, _op: &Operation) -> Option<BodyArgs> {
        None
    }

    /// The builder's name where the naming scheme would change a name the
    /// crate already has (`None`: [`names::builder_name`]).
    fn builder_name(&self, _op: &Operation, _plan: &OpPlan) -> Option<String> {
        None
    }

    /// How the endpoint methods call the crate's runtime.
    fn ops_style(&self) -> OpsStyle {
        OpsStyle::default()
    }

    /// What an operation answers. The default: a list where the plan says
    /// so (a bare array of items), else the documented body.
    fn returns(&self, op: &Operation, plan: &OpPlan, _model: &Model) -> Returns {
        match &op.response {
            ResponseBody::Json(TypeRef::Array(item)) if plan.mode == Mode::List => {
                Returns::List((**item).clone())
            }
            _ if plan.mode == Mode::List => Returns::List(TypeRef::Any),
            ResponseBody::Json(t) => Returns::Json(t.clone()),
            ResponseBody::Empty => Returns::Empty,
            ResponseBody::Binary(_) => Returns::Bytes,
        }
    }

    /// The body of a builder's send, from `sender` and `request` (`None`:
    /// the crate writes the send by hand).
    fn send_expr(&self, returns: &Returns) -> Option<String> {
        match returns {
            Returns::Json(_) => Some("sender.send_json(request).await".into()),
            Returns::Empty => Some("sender.send_empty(request).await".into()),
            _ => None,
        }
    }

    /// The code of a list builder's `into_paginator` (and the
    /// `list_builder!` line); `None`: the crate writes it by hand.
    fn list_paginator(
        &self,
        _op: &Operation,
        _builder: &str,
        _optional: &[Param],
        _item: &str,
    ) -> Option<String> {
        None
    }

    /// A check the body passes before the request is built: the name of
    /// a method on the body answering `Result<()>` (`validate`), for rules
    /// a description cannot state (exactly one of three fields).
    fn body_check(&self, _op: &Operation) -> Option<&'static str> {
        None
    }

    /// How the endpoint methods' examples start the crate's sandbox and
    /// bind what a call needs (`None`: the examples are compiled, not run).
    fn example_setup(&self) -> Option<ExampleSetup> {
        None
    }

    /// Notes about one operation, added to its method's doc.
    fn op_notes(&self, _op: &Operation, _returns: &Returns) -> Vec<String> {
        Vec::new()
    }

    /// The page size a list asks for when the caller sets none (what the
    /// generated tests expect in the query).
    fn default_page_size(&self, _op: &Operation) -> Option<u64> {
        None
    }

    /// Whether a list checks rules of its own before sending (impact.com's
    /// Actions); the generated tests then check they are enforced.
    fn checks_list_rules(&self, _op: &Operation) -> bool {
        false
    }

    /// The JSON field that holds a list's items (`.` for a bare array).
    fn list_items_key(&self, op: &Operation, model: &Model) -> Option<String> {
        let _ = (op, model);
        None
    }
}

/// The fields of a named struct.
pub fn struct_fields<'m>(model: &'m Model, t: &TypeRef) -> Option<&'m [crate::ir::Field]> {
    match t {
        TypeRef::Named(n) => match model.find(n) {
            Some(TypeDef::Struct { fields, .. }) => Some(fields),
            _ => None,
        },
        _ => None,
    }
}
