//! The spec's syntax: serde types that mirror the YAML one to one.
//!
//! Nothing here is checked beyond what serde's shape gives (unknown keys are refused by
//! `deny_unknown_fields`); every semantic rule lives in `check`, and every derived name in `model`.
//! The README's "Spec format" section documents each key.

mod cited;

use std::collections::BTreeMap;

use serde::Deserialize;

pub use cited::SourceAt;

/// One spec file. A spec folder is the union of its `*.yaml` files.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// The documents this file cites, by a short key used in every `source`.
    #[serde(default)]
    pub sources: BTreeMap<String, Source>,
    /// Operations by id (snake case; the id is the client method's name).
    #[serde(default)]
    pub operations: BTreeMap<String, Operation>,
    /// Named schemas by Rust type name (UpperCamelCase).
    #[serde(default)]
    pub schemas: BTreeMap<String, Schema>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub publisher: String,
    /// Where a copy of the document can be found (file name of the seed text, or a URL).
    #[serde(default)]
    pub location: Option<String>,
    /// The published page itself, vendored verbatim under `docs/` beside the spec files
    /// (`rebuilding_an_ecs.rst`); `client-codegen --docs` holds the spec against it.
    #[serde(default)]
    pub page: Option<String>,
    /// Differences about the page as a whole, where no operation owns it (a shared page's table
    /// that nothing transcribes: `uncited`).
    #[serde(default)]
    pub doc_deviations: Vec<Deviation>,
}

/// A deliberate difference from a published page, stated where it applies. `--docs` accepts a
/// finding it matches and reports it as stale once the page no longer says `page_says`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deviation {
    /// `mandatory`, `type`, `not_in_table`, `no_field`, `uri`, `example` or `uncited`.
    pub kind: String,
    /// What the page says: `Yes`, `String`, the row's name (`no_field`), the URI line the
    /// difference is about (`uri`), the table or example left out (`uncited`: `Table 6`); absent
    /// for `not_in_table` and `example`.
    #[serde(default)]
    pub page_says: Option<String>,
    /// Why the spec differs.
    pub reason: String,
    pub source: String,
}

/// A note on a quirk of the documents: what the table says, what the wire does, which wins.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub text: String,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub summary: String,
    #[serde(default)]
    pub description: Option<String>,
    pub source: String,
    pub method: String,
    /// Every documented path; the first is the default, the others need `variant`.
    pub paths: Vec<PathTemplate>,
    #[serde(default)]
    pub path_params: Vec<PathParam>,
    /// The query parameters, in the document's order.
    #[serde(default)]
    pub query_params: Vec<QueryParam>,
    #[serde(default)]
    pub request: Option<RequestBody>,
    pub response: ResponseBody,
    /// Which error body the service answers with: `ecs` or `nova`.
    pub errors: String,
    /// Safe to retry automatically (GETs); POSTs are never retried.
    #[serde(default)]
    pub idempotent: bool,
    #[serde(default)]
    pub microversions: Option<Microversions>,
    #[serde(default)]
    pub waiter: Option<Waiter>,
    #[serde(default)]
    pub paging: Option<Paging>,
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(default)]
    pub examples: Vec<OperationExample>,
    #[serde(default)]
    pub doc_deviations: Vec<Deviation>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathTemplate {
    pub template: String,
    /// Name under which a client selects this path instead of the default (`v2`).
    #[serde(default)]
    pub variant: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathParam {
    pub name: String,
    /// `client`: filled from the client's configuration (the project ID); `argument`: a method
    /// argument. Default `argument`.
    #[serde(default)]
    pub from: Option<String>,
    pub description: String,
    pub source: String,
}

/// A query parameter: a member of the operation's query struct, sent as `name=value` when set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryParam {
    /// The wire name, exactly as sent.
    pub name: String,
    /// Overrides the snake-case Rust name derived from `name`.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// `string`, `integer`, `number`, `boolean`, an enum schema's name, or `array<T>` of those.
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
    /// Bounds of an `integer` or `number` value, included; checked before sending.
    #[serde(default)]
    pub minimum: Option<serde_yaml::Number>,
    #[serde(default)]
    pub maximum: Option<serde_yaml::Number>,
    /// What the service assumes when the parameter is not sent (documentation only).
    #[serde(default)]
    pub default: Option<serde_yaml::Value>,
    /// Lengths of a `string` value, in characters; checked before sending.
    #[serde(default)]
    pub min_length: Option<u64>,
    #[serde(default)]
    pub max_length: Option<u64>,
    /// For arrays: `comma` (`tags=a,b`) or `repeat` (`tags=a&tags=b`).
    #[serde(default)]
    pub array_style: Option<String>,
    pub description: String,
    pub source: String,
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(default)]
    pub doc_deviations: Vec<Deviation>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    /// The key the body object is wrapped in on the wire (`os-reinstall`, `rebuild`).
    #[serde(default)]
    pub wrapper: Option<String>,
    /// The body's object; absent for a body of `constants` only.
    #[serde(default)]
    pub schema: Option<String>,
    /// Fixed members sent at the top level of the body, beside the wrapper key or the schema's
    /// fields (`action: create`); not fields of the Rust type.
    #[serde(default)]
    pub constants: Vec<Constant>,
    pub content_type: String,
    pub source: String,
}

/// A fixed member of a request body: its wire name and its value (a string, an integer, a
/// boolean or `null`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constant {
    pub name: String,
    pub value: serde_yaml::Value,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseBody {
    /// Statuses that mean success; the body of each is `schema`.
    pub statuses: Vec<u16>,
    /// Absent when the operation answers without a body (whatever body comes is ignored).
    #[serde(default)]
    pub schema: Option<String>,
    /// Headers of a success answer the caller gets beside the body.
    #[serde(default)]
    pub headers: Vec<ResponseHeader>,
    pub source: String,
}

/// A header of a success answer, read into the operation's headers struct.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseHeader {
    /// The header's name, as the document writes it (`Location`).
    pub name: String,
    /// Overrides the snake-case Rust name derived from `name`.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// A success answer without it is a decode error.
    #[serde(default)]
    pub required: bool,
    /// Never shown by `Debug`.
    #[serde(default)]
    pub secret: bool,
    pub description: String,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Microversions {
    /// Version the service assumes when no header is sent, `MAJOR.MINOR`.
    pub default: String,
    /// The service type named in `OpenStack-API-Version` (`compute`).
    pub service: String,
    pub source: String,
}

/// A polling method generated beside a query operation.
///
/// Every `*_field` is a dotted path of wire names through the response's object fields
/// (`status`, `server.status`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiter {
    /// Name of the generated method (`wait_for_job`); it waits for the `success` states.
    pub method: String,
    /// Name of a second method that waits for the states its caller names instead
    /// (`wait_for_server_status`). Needs a string or enum `status_field`.
    #[serde(default)]
    pub targets_method: Option<String>,
    /// Field of the response that holds the state.
    pub status_field: String,
    pub success: Vec<String>,
    pub failure: Vec<String>,
    /// Fields carried into `Error::JobFailed` when the state is a failure (a job's flat
    /// error code and reason).
    #[serde(default)]
    pub error_code_field: Option<String>,
    #[serde(default)]
    pub reason_field: Option<String>,
    /// An object field whose `code`, `message`, `details` and `created` are carried into
    /// `Error::ResourceFailed` when the state is a failure (a resource's fault). Not together
    /// with `error_code_field` or `reason_field`.
    #[serde(default)]
    pub fault_field: Option<String>,
    pub source: String,
}

/// How a list operation pages: a `<id>_stream` method is generated beside it that walks every
/// page. `limit`, `offset` and `marker` name query parameters; `items`, `count_field` fields of
/// the response and `marker_field` a field of an item (wire names).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    /// `offset` (the offset is a page number) or `marker` (the next page starts after an item).
    pub style: String,
    pub limit: String,
    #[serde(default)]
    pub offset: Option<String>,
    #[serde(default)]
    pub marker: Option<String>,
    /// The response's array of items.
    pub items: String,
    /// For `marker`: the item's field whose value asks for the page after it.
    #[serde(default)]
    pub marker_field: Option<String>,
    /// For `offset`: the number of the first page (default 1).
    #[serde(default)]
    pub first_offset: Option<i64>,
    /// The response's field stating how many items there are in all.
    #[serde(default)]
    pub count_field: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationExample {
    pub name: String,
    pub source: String,
    /// The whole request body as sent, wrapper included.
    #[serde(default)]
    pub request: Option<serde_yaml::Value>,
    #[serde(default)]
    pub response: Option<ResponseExample>,
    #[serde(default)]
    pub doc_deviations: Vec<Deviation>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseExample {
    pub status: u16,
    pub body: serde_yaml::Value,
}

/// A named schema: exactly one of `fields` (an object), `values` (an enum of strings or of integers) or `one_of`
/// (a value that is one of several shapes, tried in order).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    pub description: String,
    pub source: String,
    #[serde(default)]
    pub fields: Option<Vec<Field>>,
    #[serde(default)]
    pub values: Option<Vec<EnumValue>>,
    #[serde(default)]
    pub one_of: Option<Vec<Variant>>,
    #[serde(default)]
    pub rules: Vec<Rule>,
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(default)]
    pub examples: Vec<SchemaExample>,
    #[serde(default)]
    pub doc_deviations: Vec<Deviation>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The wire name, exactly as sent.
    pub name: String,
    /// Overrides the snake-case Rust name derived from `name`.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// A type expression: `string`, `integer`, `number`, `boolean`, `json`, `empty_string`, a schema
    /// name, `array<T>` or `map<T>` (string keys).
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
    /// `null` is a meaningful value, distinct from leaving the field out.
    #[serde(default)]
    pub nullable: bool,
    /// Never shown by `Debug`.
    #[serde(default)]
    pub secret: bool,
    /// The document says the service ignores the field.
    #[serde(default)]
    pub ignored: bool,
    /// Microversion from which the service accepts the field, `MAJOR.MINOR`.
    #[serde(default)]
    pub since: Option<String>,
    /// For `integer` (a whole number) and `number` fields: the smallest and the largest value
    /// allowed, both included.
    #[serde(default)]
    pub minimum: Option<serde_yaml::Number>,
    #[serde(default)]
    pub maximum: Option<serde_yaml::Number>,
    /// What the service assumes when the field is left out: a value of the field's type, within
    /// its bounds (documentation and the OpenAPI export; the client sends no default).
    #[serde(default)]
    pub default: Option<serde_yaml::Value>,
    #[serde(default)]
    pub min_length: Option<u64>,
    #[serde(default)]
    pub max_length: Option<u64>,
    /// For `array<T>`: the fewest and most items the array may hold.
    #[serde(default)]
    pub min_items: Option<u64>,
    #[serde(default)]
    pub max_items: Option<u64>,
    /// `base64` or `uuid`.
    #[serde(default)]
    pub format: Option<String>,
    /// For `format: base64`: the most bytes the decoded value may have.
    #[serde(default)]
    pub max_decoded_bytes: Option<u64>,
    #[serde(default)]
    pub password: Option<PasswordRule>,
    pub description: String,
    pub source: String,
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(default)]
    pub doc_deviations: Vec<Deviation>,
}

/// A password policy: a minimum number of character classes out of upper, lower, digit and
/// special, where the special characters are exactly `specials`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordRule {
    pub min_classes: u8,
    pub specials: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// A string, or an integer for an integer enum (every value of one enum is of one kind).
    pub value: EnumLiteral,
    /// Overrides the UpperCamelCase variant name derived from `value`.
    #[serde(default)]
    pub rust_name: Option<String>,
    pub description: String,
}

/// An enum value as the YAML writes it: `ACTIVE` (or `"0"`) is a string, `0` an integer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum EnumLiteral {
    Int(i64),
    Str(String),
}

impl EnumLiteral {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            EnumLiteral::Str(s) => Some(s),
            EnumLiteral::Int(_) => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            EnumLiteral::Int(n) => Some(*n),
            EnumLiteral::Str(_) => None,
        }
    }
}

impl std::fmt::Display for EnumLiteral {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnumLiteral::Int(n) => write!(f, "{n}"),
            EnumLiteral::Str(s) => f.write_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for EnumLiteral {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LiteralVisitor)
    }
}

/// Takes a string or a whole number and nothing else (no float, boolean or null), on the
/// loader's fast path and on its tolerant one alike.
struct LiteralVisitor;

impl serde::de::Visitor<'_> for LiteralVisitor {
    type Value = EnumLiteral;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string or an integer")
    }

    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<EnumLiteral, E> {
        Ok(EnumLiteral::Int(n))
    }

    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<EnumLiteral, E> {
        i64::try_from(n).map(EnumLiteral::Int).map_err(|_| {
            E::custom(format!(
                "{n} is too large: integer enum values fit in 64 bits, signed"
            ))
        })
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<EnumLiteral, E> {
        Ok(EnumLiteral::Str(s.to_string()))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub description: String,
}

/// A cross-field rule of an object schema.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// `requires`: when `field` is set, `other` must be set too. `excludes`: `field` and `other`
    /// are never set together.
    pub kind: String,
    pub field: String,
    pub other: String,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaExample {
    pub name: String,
    pub source: String,
    pub value: serde_yaml::Value,
}
