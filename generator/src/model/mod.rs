//! Stage 3: the model every backend reads (the Rust emitter, the OpenAPI export, the docs
//! check): references resolved (a type names its schema by [`SchemaId`], which only the lowering
//! makes, and [`Model::schema_of`] reads), Rust names final, docs and citations rendered, the
//! words the YAML spells (`ecs`, `client`, `base64`) decided into enums.
//!
//! Lowered right after the check, from the same parsed types (`parsed`, the one table of every
//! type expression, which the check reads too), and the one point where a run stops on the
//! spec's problems: [`lower`] gives a model only for a spec without any (those of the load, the
//! check and the lowering, at once), so a model is never of a refused spec. Where the lowering
//! meets what the check refuses, it says so in a diagnostic of its own (a rule the check lacks)
//! and gives no model; a schema name that resolves to none it reports itself, with the check's
//! own diagnostic.
//!
//! - `lower`: the spec, file by file, into this model (`operation`: an operation's part);
//! - `parsed`: every type expression of the spec, parsed once;
//! - `ty`: the spec's small languages: type expressions, microversions, path templates;
//! - `cite`: citations rendered with their documents' titles;
//! - `waiter`: dotted field paths and the waiters that read them;
//! - `examples`: the examples as JSON, for the backends that show them.

mod cite;
mod error_codes;
mod examples;
mod headers;
mod lower;
mod operation;
mod paging;
mod parsed;
mod query;
mod ty;
mod waiter;

use crate::spec;

pub use cite::{DocSources, source_key};
pub use error_codes::DocumentedCode;
pub use headers::{Header, Headers, header_rust_name, headers_struct_name};
pub use lower::{Lowered, field_rust_name, lower, module_of, variant_name};
pub use paging::{Paging, PagingStyle, PagingWire, STYLES, paging_method};
pub use parsed::{FileTypes, Parsed, TypeTable, member_types};
pub use query::{ArrayStyle, Query, QueryParam, query_rust_name, query_struct_name, scalar};
pub use ty::{SchemaId, Ty, TyExpr, parse_microversion, parse_template};
pub use waiter::FAULT_MEMBERS;

pub struct Model {
    pub schemas: Vec<Schema>,
    pub operations: Vec<Operation>,
    /// The documents the spec cites, one per title (the last file's wins), by title.
    pub documents: Vec<Document>,
    /// The documented error codes, sorted for lookup (`error_codes`).
    pub error_codes: Vec<DocumentedCode>,
}

/// What a lowering keeps beyond what the Rust crate needs.
#[derive(Clone, Copy, Default)]
pub struct Keep {
    /// The examples, as JSON (the OpenAPI document shows them; the crate does not).
    pub examples: bool,
    /// The files, whole, beside the model ([`Lowered::files`]): `--docs` reads their places.
    /// Without it, each file's text is freed once the spec is known to be without problems.
    pub files: bool,
}

/// A document cited by `source` strings, its texts trimmed.
pub struct Document {
    pub title: String,
    pub publisher: String,
    pub location: Option<String>,
}

/// A note on a quirk of the documents: its text (trimmed), and its citation rendered.
pub struct Note {
    pub text: String,
    pub source: String,
}

/// A schema's example, as JSON: its name (trimmed), its citation rendered, the value.
pub struct Example {
    pub name: String,
    pub source: String,
    pub value: serde_json::Value,
}

/// An operation's example, as JSON: the whole request body, and the response's status and body.
pub struct OperationExample {
    pub name: String,
    pub source: String,
    pub request: Option<serde_json::Value>,
    pub response: Option<(u16, serde_json::Value)>,
}

impl Model {
    /// The id of the schema named `name`, found by scanning them all: for the tests, which start
    /// from the spec's names. The generator's own stages are given ids, never names.
    pub fn id_of(&self, name: &str) -> Option<SchemaId> {
        let i = self.schemas.iter().position(|s| s.name == name)?;
        Some(SchemaId(u32::try_from(i).ok()?))
    }

    /// The schema a type refers to by `id`: the lowering resolved it, so it is there.
    pub fn schema_of(&self, id: SchemaId) -> &Schema {
        &self.schemas[id.index()]
    }

    /// The schema `ty` names, if it names one (an array's or a map's items included).
    pub fn referenced(&self, ty: &Ty) -> Option<&Schema> {
        ty.reference().map(|id| self.schema_of(*id))
    }

    /// Whether a value of `ty` is checked for what its type is: a schema that
    /// [`Schema::has_checks`], or an array or a map of one (each item, each value checked).
    pub fn ty_has_checks(&self, ty: &Ty) -> bool {
        let named = match ty {
            Ty::Named(n) => n,
            Ty::Array(inner) | Ty::Map(inner) => match inner.as_ref() {
                Ty::Named(n) => n,
                _ => return false,
            },
            _ => return false,
        };
        self.schema_of(*named).has_checks
    }

    /// Whether a field is checked before sending: a bound or a length, an item count, a format, a
    /// password policy, or a type that [`Model::ty_has_checks`].
    pub fn field_has_checks(&self, f: &Field) -> bool {
        f.constraints.checked() || !f.checks.is_empty() || self.ty_has_checks(&f.ty)
    }
}

/// Text for a doc comment: our description, then the notes, then where it comes from.
#[derive(Clone, Default)]
pub struct Doc {
    pub text: String,
    pub notes: Vec<String>,
    pub source: String,
}

pub struct Schema {
    pub name: String,
    /// The spec file it came from and the module it is emitted into.
    pub file: String,
    pub module: String,
    pub doc: Doc,
    pub kind: SchemaKind,
    /// Reachable from a request body: gets `validate`, and `Default` when it `has_default`.
    pub request: bool,
    /// A value of it has something to check before sending: an enum (its known values), or an
    /// object with a cross-field rule or a field that [`Model::field_has_checks`]. Decided once,
    /// through every schema a field names (cycles included); an object without checks gets no
    /// `check` function, and nothing calls into one.
    pub has_checks: bool,
    /// A value can be made without arguments: an object every required field of which
    /// [`Field::has_default`]. An enum, an integer enum and a one_of have no default. A request
    /// type derives `Default` exactly when this holds; one that lacks it gets a constructor `new`
    /// that takes the fields that lack a default.
    pub has_default: bool,
    /// The spec's notes, each with its citation (`doc.notes` holds them as one text each).
    pub notes: Vec<Note>,
    /// Only with [`Keep::examples`].
    pub examples: Vec<Example>,
}

pub enum SchemaKind {
    Object {
        fields: Vec<Field>,
        rules: Vec<Rule>,
    },
    Enum(Vec<EnumValue>),
    /// An enum whose values are integers (`power_state`: 0, 1, 3).
    IntEnum(Vec<IntValue>),
    OneOf(Vec<Variant>),
}

pub struct Field {
    pub wire: String,
    /// As written in Rust (`r#type` for a keyword).
    pub rust: String,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    pub secret: bool,
    pub since: Option<(u16, u16)>,
    /// Bounds, lengths and default, as a query parameter has them.
    pub constraints: Constraints,
    /// The checks only a field has: items, formats, passwords.
    pub checks: Checks,
    pub doc: Doc,
    /// The document says the service ignores the field.
    pub ignored: bool,
    /// `since` as the spec writes it (`2.54`).
    pub since_text: Option<String>,
    /// The spec's notes, each with its citation (`doc.notes` adds the model's own).
    pub notes: Vec<Note>,
    /// Its Rust value has a default (`Default`; not to be confused with `default`, the
    /// service's): an optional or nullable field, or a required one of a type that has one, which
    /// is every type but `number`, an enum, a one_of and an object that lacks
    /// [`Schema::has_default`]. A required request field without one is an argument of its type's
    /// `new`.
    pub has_default: bool,
}

/// The bounds, lengths and default of a value, decided once for a field and a query parameter
/// alike (a query parameter's apply to each value of an array).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// The smallest and the largest value of an `integer` or `number`, both included.
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    /// The fewest and most characters of a string.
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// What the service assumes when the value is not sent (a scalar, an enum's value, or for
    /// an array parameter a list of them), as JSON: documentation only, never sent.
    pub default: Option<serde_json::Value>,
}

impl Constraints {
    /// The constraints `c` sets on values of `scalar`: bounds only of a number (whole for an
    /// integer), as [`Bound::of`] decides, and a default that JSON can hold. `Err` (with what
    /// does not fit left out) for any other pairing, which the check refuses.
    pub fn lower<N>(c: spec::Constraints, scalar: &Ty<N>) -> Result<Constraints, Constraints> {
        let mut fits = true;
        let mut bound = |n: Option<&serde_yaml::Number>| {
            let b = n.and_then(|n| Bound::of(scalar, n));
            fits &= n.is_none() || b.is_some();
            b
        };
        let (minimum, maximum) = (bound(c.minimum), bound(c.maximum));
        let default = c.default.map(serde_json::to_value);
        fits &= default.as_ref().is_none_or(Result::is_ok);
        let lowered = Constraints {
            minimum,
            maximum,
            min_length: c.min_length,
            max_length: c.max_length,
            default: default.and_then(Result::ok),
        };
        if fits { Ok(lowered) } else { Err(lowered) }
    }

    /// Whether a value is checked before sending: it has a bound or a length.
    pub fn checked(&self) -> bool {
        self.minimum.is_some()
            || self.maximum.is_some()
            || self.min_length.is_some()
            || self.max_length.is_some()
    }

    /// `from 1 to 500`, `at least 1`, `at most 500`; `None` without a bound.
    pub fn range(&self) -> Option<String> {
        span(self.minimum, self.maximum, ("from ", ""))
    }

    /// `1 to 64 characters long`, `at least 1 ...`, `at most 64 ...`; `None` without a length.
    pub fn length(&self) -> Option<String> {
        span(self.min_length, self.max_length, ("", " characters long"))
    }
}

/// `{from}{lo} to {hi}{unit}`, `at least {lo}{unit}`, `at most {hi}{unit}`, or `None`.
fn span<T: std::fmt::Display>(
    lo: Option<T>,
    hi: Option<T>,
    (from, unit): (&str, &str),
) -> Option<String> {
    match (lo, hi) {
        (Some(lo), Some(hi)) => Some(format!("{from}{lo} to {hi}{unit}")),
        (Some(lo), None) => Some(format!("at least {lo}{unit}")),
        (None, Some(hi)) => Some(format!("at most {hi}{unit}")),
        (None, None) => None,
    }
}

/// The checks of a field beyond its [`Constraints`].
#[derive(Default)]
pub struct Checks {
    /// The fewest and most items of an array.
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub base64: bool,
    pub uuid: bool,
    pub max_decoded_bytes: Option<u64>,
    pub password: Option<(u8, String)>,
}

impl Checks {
    pub fn is_empty(&self) -> bool {
        self.min_items.is_none()
            && self.max_items.is_none()
            && !self.base64
            && !self.uuid
            && self.password.is_none()
    }
}

/// A bound of a numeric field: whole for an `integer` field, and for a `number` field whatever
/// the spec writes (`1` stays whole, `0.5` is a float).
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Bound {
    Int(i64),
    Float(f64),
}

impl Bound {
    /// The bound `n` sets on a value of `scalar`: a whole number for `integer`, any finite number
    /// for `number`; `None` for any other pairing (the check reports it).
    pub fn of<N>(scalar: &Ty<N>, n: &serde_yaml::Number) -> Option<Bound> {
        match scalar {
            Ty::Integer => n.as_i64().map(Bound::Int),
            Ty::Number => match n.as_i64() {
                Some(i) => Some(Bound::Int(i)),
                None => n.as_f64().filter(|f| f.is_finite()).map(Bound::Float),
            },
            _ => None,
        }
    }

    pub fn as_f64(self) -> f64 {
        match self {
            Bound::Int(n) => n as f64,
            Bound::Float(x) => x,
        }
    }

    /// As JSON: a whole bound as an integer.
    pub fn to_json(self) -> serde_json::Value {
        match self {
            Bound::Int(n) => n.into(),
            Bound::Float(x) => {
                serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, Into::into)
            }
        }
    }
}

impl std::fmt::Display for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bound::Int(n) => write!(f, "{n}"),
            Bound::Float(x) => write!(f, "{x}"),
        }
    }
}

pub struct Rule {
    pub requires: bool,
    pub field: (String, Presence),
    pub other: (String, Presence),
    /// The wire names of `field` and `other`.
    pub wires: (String, String),
    pub source: String,
}

/// How a field's presence is tested in Rust.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Always,
    Option,
    Nullable,
}

impl Field {
    pub fn presence(&self) -> Presence {
        waiter::presence(self.required, self.nullable)
    }
}

pub struct EnumValue {
    pub wire: String,
    pub rust: String,
    pub doc: String,
}

pub struct IntValue {
    pub value: i64,
    pub rust: String,
    pub doc: String,
}

pub struct Variant {
    pub rust: String,
    pub ty: Ty,
    pub doc: String,
}

pub struct Operation {
    pub id: String,
    pub method_name: String,
    pub struct_name: String,
    pub file: String,
    pub doc: Doc,
    pub http_method: String,
    /// The default path first.
    pub paths: Vec<PathTemplate>,
    /// Path parameters passed as method arguments, in the order of the default path.
    pub args: Vec<PathArg>,
    /// The query parameters, when the operation has any.
    pub query: Option<Query>,
    pub request: Option<Request>,
    pub statuses: Vec<u16>,
    /// The response body's schema; `None` when the operation answers without a body.
    pub response: Option<SchemaId>,
    /// The answer's headers the caller gets beside the body, when the spec names any.
    pub response_headers: Option<Headers>,
    pub idempotent: bool,
    /// The service named in `OpenStack-API-Version`, for microversioned operations.
    pub microversion_service: Option<String>,
    pub waiter: Option<Waiter>,
    /// The stream that walks every page, for a paged list.
    pub paging: Option<Paging>,
    /// The summary and the description, each trimmed (`doc.text` joins them).
    pub summary: String,
    pub description: String,
    pub notes: Vec<Note>,
    /// The module of the file's types (the operation's tag).
    pub module: String,
    /// Every path parameter, in the order the spec declares them.
    pub params: Vec<PathParam>,
    pub errors: ErrorDialect,
    /// False for `auth: none`: the request carries no credential.
    pub sends_credential: bool,
    pub microversions: Option<Microversions>,
    /// The response's citation, rendered.
    pub response_source: String,
    /// Only with [`Keep::examples`].
    pub examples: Vec<OperationExample>,
}

/// Which error body the service answers with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ErrorDialect {
    Ecs,
    Nova,
}

impl ErrorDialect {
    /// As the spec writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorDialect::Ecs => "ecs",
            ErrorDialect::Nova => "nova",
        }
    }

    /// The dialect the spec names; `None` for a word that is none (the check reports it).
    pub fn parse(s: &str) -> Option<ErrorDialect> {
        [ErrorDialect::Ecs, ErrorDialect::Nova]
            .into_iter()
            .find(|d| d.as_str() == s)
    }
}

/// Where a path parameter's value comes from, when the spec says.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ParamFrom {
    /// The client's configuration (the project ID).
    Client,
    /// A method argument.
    Argument,
}

impl ParamFrom {
    pub fn as_str(self) -> &'static str {
        match self {
            ParamFrom::Client => "client",
            ParamFrom::Argument => "argument",
        }
    }

    /// Where the spec's `from:` says; `None` for a word that is neither (the check reports it).
    pub fn parse(s: &str) -> Option<ParamFrom> {
        [ParamFrom::Client, ParamFrom::Argument]
            .into_iter()
            .find(|f| f.as_str() == s)
    }
}

/// A string field's `format:`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Base64,
    Uuid,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Base64 => "base64",
            Format::Uuid => "uuid",
        }
    }

    /// The format the spec names; `None` for a word that is none (the check reports it).
    pub fn parse(s: &str) -> Option<Format> {
        [Format::Base64, Format::Uuid]
            .into_iter()
            .find(|f| f.as_str() == s)
    }
}

/// A cross-field rule's `kind:`: `requires` (true) or `excludes` (false); `None` for another word
/// (the check reports it).
pub fn rule_requires(kind: &str) -> Option<bool> {
    match kind {
        "requires" => Some(true),
        "excludes" => Some(false),
        _ => None,
    }
}

pub struct PathParam {
    pub wire: String,
    /// As the spec states it (`None`: not stated, which means an argument).
    pub from: Option<ParamFrom>,
    /// The description and the citation; no notes.
    pub doc: Doc,
}

pub struct Microversions {
    /// The version the service assumes without a header, as written (`2.1`).
    pub default: String,
    pub service: String,
    pub source: String,
    /// The highest `since` of the request's fields, as written.
    pub highest_since: Option<String>,
}

pub struct PathTemplate {
    pub variant: Option<String>,
    pub segments: Vec<Segment>,
    /// As the spec writes it (`/v2/{project_id}/servers`), and its citation rendered.
    pub template: String,
    pub source: String,
}

pub enum Segment {
    Literal(String),
    /// Wire name, and whether the client fills it (the project ID).
    Param {
        wire: String,
        rust: String,
        from_client: bool,
    },
}

pub struct PathArg {
    pub wire: String,
    pub rust: String,
    pub doc: Doc,
}

pub struct Request {
    pub wrapper: Option<String>,
    /// The body's object; `None` for a body of constants only.
    pub schema: Option<SchemaId>,
    /// Fixed members beside the wrapper key or the schema's fields, in the spec's order.
    pub constants: Vec<Constant>,
    pub content_type: String,
    pub has_since: bool,
    /// The body's schema [`Schema::has_checks`]: `to_request` validates it before sending.
    pub has_checks: bool,
    /// The request's citation, rendered.
    pub source: String,
}

/// A fixed member of a request body.
pub struct Constant {
    pub wire: String,
    pub value: ConstantValue,
    /// Its citation, rendered.
    pub source: String,
}

/// A constant's value: the scalars the check lets a constant be.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstantValue {
    Null,
    Bool(bool),
    Integer(i64),
    String(String),
}

impl ConstantValue {
    /// The value a spec's YAML scalar stands for; `None` for any other value (the check reports
    /// it).
    pub fn parse(value: &serde_yaml::Value) -> Option<ConstantValue> {
        use serde_yaml::Value;
        match value {
            Value::Null => Some(ConstantValue::Null),
            Value::Bool(b) => Some(ConstantValue::Bool(*b)),
            Value::Number(n) => n.as_i64().map(ConstantValue::Integer),
            Value::String(s) => Some(ConstantValue::String(s.clone())),
            _ => None,
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        match self {
            ConstantValue::Null => serde_json::Value::Null,
            ConstantValue::Bool(b) => (*b).into(),
            ConstantValue::Integer(i) => (*i).into(),
            ConstantValue::String(s) => s.as_str().into(),
        }
    }
}

pub struct Waiter {
    pub method: String,
    pub arg: String,
    /// The Rust members leading from the response to the state, outermost first.
    pub status: Vec<(String, Presence)>,
    pub success: Vec<String>,
    pub failure: Vec<String>,
    pub failed: Failed,
    pub targets: Option<Targets>,
    pub doc: Doc,
}

/// What a waiter's failure error carries.
pub enum Failed {
    /// `Error::JobFailed` with a flat error code and reason (paths from the response).
    Job {
        error_code: Option<Vec<(String, Presence)>>,
        reason: Option<Vec<(String, Presence)>>,
    },
    /// `Error::ResourceFailed` with the fault object at `path`, read member by member.
    Fault {
        path: Vec<(String, Presence)>,
        code: Option<(String, Presence)>,
        message: Option<(String, Presence)>,
        details: Option<(String, Presence)>,
        created: Option<(String, Presence)>,
    },
}

/// The method that waits for states its caller names.
pub struct Targets {
    pub method: String,
    /// The enum schema of the state, or `None` for a plain string.
    pub status_type: Option<SchemaId>,
    /// The `success` states as that enum's variants (or as strings).
    pub defaults: Vec<String>,
}
