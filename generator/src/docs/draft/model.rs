//! What a draft says, before it is written: the operation, its schemas, examples and the
//! deviations a person must confirm.

use crate::docs::rst::ExampleKind;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Request,
    Response,
}

pub struct Drafted {
    pub key: String,
    pub page: String,
    pub title: String,
    pub id: String,
    pub summary: String,
    pub description: Option<String>,
    pub method: String,
    /// Template, variant.
    pub paths: Vec<(String, Option<String>)>,
    pub path_params: Vec<Param>,
    /// The query string's parameters: name, type, required, description placeholder, source.
    pub query: Vec<Query>,
    pub request: Option<Request>,
    /// Schema and the table it cites; `None` for a page whose response has no body.
    pub response: (String, String, bool),
    pub errors: &'static str,
    pub examples: Vec<Example>,
    /// What the draft states as deviations of the operation, for a person to confirm.
    pub deviations: Vec<Dev>,
    pub schemas: Vec<Schema>,
    /// Comments on the operation.
    pub comments: Vec<String>,
}

/// A deviation: its kind, what the page says, why (for the reason's placeholder), its source.
pub struct Dev {
    pub kind: &'static str,
    pub says: String,
    pub why: String,
    pub source: String,
}

pub struct Param {
    pub name: String,
    pub description: String,
    pub source: String,
}

pub struct Query {
    pub name: String,
    pub ty: String,
    pub required: bool,
    pub description: String,
    pub source: String,
}

pub struct Request {
    pub wrapper: Option<String>,
    pub schema: String,
    pub source: String,
}

pub struct Example {
    pub name: String,
    pub source: String,
    pub kind: ExampleKind,
    pub value: serde_json::Value,
}

pub struct Schema {
    pub name: String,
    pub description: String,
    pub source: String,
    pub fields: Option<Vec<Field>>,
    /// Value, its own Rust name where the value gives none, description.
    pub values: Vec<(String, Option<String>, String)>,
    /// The values are integers (written unquoted: an integer enum).
    pub integer: bool,
    pub comments: Vec<String>,
}

pub struct Field {
    pub name: String,
    pub ty: String,
    pub required: bool,
    pub nullable: bool,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// Bounds and default of a number, as the spec writes them (`1`, `0.5`).
    pub minimum: Option<String>,
    pub maximum: Option<String>,
    pub default: Option<String>,
    pub description: String,
    pub source: String,
    pub notes: Vec<String>,
    pub comments: Vec<String>,
}
