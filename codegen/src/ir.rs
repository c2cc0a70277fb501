//! The intermediate model: what the core extracted from the document,
//! independent of the output language.

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A string (any `format`).
    String,
    /// An integer.
    Integer,
    /// A number (may be fractional).
    Number,
    /// A boolean.
    Boolean,
    /// Anything (`{}`, an untyped schema, an undiscriminated union).
    Any,
    /// A free-form JSON object.
    Object,
    /// A named type defined in [`Model::types`].
    Named(String),
    /// An array.
    Array(Box<TypeRef>),
    /// A map with string keys (`additionalProperties: <schema>`).
    Map(Box<TypeRef>),
    /// `T | T[]` (sent as a list, accepted in either form).
    OneOrMany(Box<TypeRef>),
}

/// Where a named type is used, which decides how strictly it is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Usage {
    /// Only sent by the caller (request bodies): required fields stay required.
    Request,
    /// Received from the API (or both ways): every field optional.
    #[default]
    Response,
}

/// One struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// The name on the wire.
    pub wire: String,
    /// The Rust (or target language) name.
    pub name: String,
    /// The type.
    pub ty: TypeRef,
    /// Whether the key is in the schema's `required` list.
    pub required: bool,
    /// Whether the value may be `null`.
    pub nullable: bool,
    /// The description the project wrote, if any (never vendor prose).
    pub doc: Option<String>,
    /// The facts of the schema in our words: type, format, unit,
    /// constraints, allowed values (`string; format \`uri\``).
    pub facts: String,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Whether the field is the record's own id (`x-id: true`).
    pub id: bool,
    /// The timestamp encoding (`x-time`: `unix-s`, `unix-ms`, `rfc3339`).
    pub time: Option<String>,
    /// Other spellings of the key that are read too (`x-aliases`).
    pub aliases: Vec<String>,
    /// Whether an integer is documented as never negative (`minimum: 0`).
    pub unsigned: bool,
}

/// A named type.
#[derive(Debug, Clone)]
pub enum TypeDef {
    /// An object with known properties.
    Struct {
        /// The type name.
        name: String,
        /// The description.
        doc: Option<String>,
        /// The fields, in spec order.
        fields: Vec<Field>,
        /// Where it is used.
        usage: Usage,
        /// Whether unknown keys are kept in an `extra` map.
        keep_extra: bool,
    },
    /// A string enum (always open).
    Enum {
        /// The type name.
        name: String,
        /// The description.
        doc: Option<String>,
        /// The wire values.
        values: Vec<String>,
    },
    /// A union of objects told apart by a property with a fixed value.
    Union {
        /// The type name.
        name: String,
        /// The description.
        doc: Option<String>,
        /// The discriminating property.
        tag: String,
        /// `(wire value, variant name, payload struct name)`.
        variants: Vec<(String, String, String)>,
    },
    /// A name for another type (maps, arrays, scalars).
    Alias {
        /// The type name.
        name: String,
        /// The description.
        doc: Option<String>,
        /// The aliased type.
        ty: TypeRef,
    },
}

impl TypeDef {
    /// The type's name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct { name, .. }
            | TypeDef::Enum { name, .. }
            | TypeDef::Union { name, .. }
            | TypeDef::Alias { name, .. } => name,
        }
    }
}

/// A parameter of an operation.
#[derive(Debug, Clone)]
pub struct Param {
    /// The name on the wire.
    pub wire: String,
    /// The target-language name.
    pub name: String,
    /// The type.
    pub ty: TypeRef,
    /// Whether it must be given.
    pub required: bool,
    /// The description the project wrote, if any (never vendor prose).
    pub doc: Option<String>,
    /// The facts of the schema in our words (see [`Field::facts`]).
    pub facts: String,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// The default value, as text.
    pub default: Option<String>,
    /// The documented `(minimum, maximum)` of an integer, as text.
    pub range: Option<(String, String)>,
}

/// What a successful response carries.
#[derive(Debug, Clone)]
pub enum ResponseBody {
    /// JSON of this type.
    Json(TypeRef),
    /// Bytes of this content type (`image/png`).
    Binary(String),
    /// No body.
    Empty,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyEncoding {
    /// `application/json`.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data` (only when the spec lists nothing else).
    Multipart,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The vendor's operationId (`x-vendor-operation-id`, else
    /// `operationId`): the configs derive Rust names from it.
    pub id: String,
    /// Our `operationId` (snake case).
    pub operation_id: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template (`/links/{linkId}`).
    pub path: String,
    /// The vendor's tag (`x-vendor-tag`, else the first tag): the configs
    /// group operations into handlers by it.
    pub tag: String,
    /// `summary` (our words).
    pub summary: Option<String>,
    /// `description` (our words), if any.
    pub description: Option<String>,
    /// `externalDocs.url`: the vendor's page for the operation.
    pub doc_url: Option<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// Path parameters, in template order.
    pub path_params: Vec<Param>,
    /// Query parameters, in spec order.
    pub query: Vec<Param>,
    /// The body type, if any.
    pub body: Option<TypeRef>,
    /// How the body is encoded: form where the spec lists form, JSON where
    /// it lists only JSON.
    pub body_encoding: BodyEncoding,
    /// The success status.
    pub status: u16,
    /// The success body.
    pub response: ResponseBody,
    /// Whether the operation needs no auth (`security: []`).
    pub public: bool,
    /// A second method for the JSON form of a body the spec also lists as
    /// form-encoded (`x-sdk-json-method`): its name and body type.
    pub json_alternative: Option<(String, TypeRef)>,
    /// `x-sdk-method`: how the crate reaches the operation
    /// (`client.deals().update(key, body)`), where the description says.
    pub sdk_method: Option<String>,
    /// The component a JSON success answer names (`ActionEnvelope`), when it
    /// names one: a hand-written envelope lowers to an untyped value.
    pub response_component: Option<String>,
    /// `x-idempotent`: whether repeating the call is safe, where the
    /// description says.
    pub idempotent: Option<bool>,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Named types, in the order they were found.
    pub types: Vec<TypeDef>,
    /// Operations, in document order.
    pub ops: Vec<Operation>,
}

impl Model {
    /// The type called `name`.
    pub fn find(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name() == name)
    }
}
