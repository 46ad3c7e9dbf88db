//! What a draft says, before it is written: the operation, its schemas, examples and the
//! deviations a person must confirm.

pub use super::cells::Limits;
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
    /// The query parameters: of the query table, the URI table's rows that name no path
    /// parameter, and the URI line's query string.
    pub query: Vec<Query>,
    pub paging: Option<PagingDraft>,
    /// Why the draft has no `paging` though the list looks like one.
    pub paging_comments: Vec<String>,
    pub request: Option<Request>,
    /// Schema and the table it cites, and whether there is a body (`false`: the page says the
    /// response has none, and the schema name is unused).
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
    /// `comma` for an array (the pages do not say how one is sent).
    pub array_style: Option<&'static str>,
    pub limits: Limits,
    pub description: String,
    pub source: String,
    pub comments: Vec<String>,
}

/// How a list pages, in the spec's `paging` keys (wire names).
pub struct PagingDraft {
    /// `offset` or `marker`.
    pub style: &'static str,
    /// The query parameter of the cursor (`offset`, `marker`).
    pub cursor: String,
    pub items: String,
    pub marker_field: Option<String>,
    pub first_offset: Option<String>,
    pub count_field: Option<String>,
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
    /// Lengths, bounds and default, as the spec writes them (`1`, `0.5`, `"SOFT"`).
    pub limits: Limits,
    pub description: String,
    pub source: String,
    pub notes: Vec<String>,
    pub comments: Vec<String>,
}
