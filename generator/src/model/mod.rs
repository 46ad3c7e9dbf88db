//! Stage 3: the model the emitters read: references resolved, Rust names final, docs rendered.
//!
//! Built only from a spec that `check` accepted; where something is still off, the model falls back
//! to a harmless value instead of panicking, since `check` has already reported it.
//!
//! - [`lower`]: the spec, file by file, into this model;
//! - [`ty`]: the spec's small languages: type expressions, microversions, path templates;
//! - [`cite`]: citations rendered with their documents' titles;
//! - [`waiter`]: dotted field paths and the waiters that read them.

mod cite;
mod lower;
mod ty;
mod waiter;

use std::collections::HashMap;

pub use cite::{DocSources, source_key};
pub use lower::{build, build_from, field_rust_name, module_of, variant_name};
pub use ty::{Ty, parse_microversion, parse_template};
pub use waiter::{FAULT_MEMBERS, resolve_path};

pub struct Model {
    pub schemas: Vec<Schema>,
    pub operations: Vec<Operation>,
    /// Where each schema name first stands in `schemas`, for [`Model::schema`].
    pub by_name: HashMap<String, usize>,
}

impl Model {
    /// The schema named `name`, found without scanning them all.
    pub fn schema(&self, name: &str) -> Option<&Schema> {
        self.by_name.get(name).map(|i| &self.schemas[*i])
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
    /// Reachable from a request body: gets `Default` and `validate`.
    pub request: bool,
}

pub enum SchemaKind {
    Object {
        fields: Vec<Field>,
        rules: Vec<Rule>,
    },
    Enum(Vec<EnumValue>),
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
    pub checks: Checks,
    pub doc: Doc,
}

#[derive(Default)]
pub struct Checks {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub base64: bool,
    pub uuid: bool,
    pub max_decoded_bytes: Option<u64>,
    pub password: Option<(u8, String)>,
}

impl Checks {
    pub fn is_empty(&self) -> bool {
        self.min_length.is_none()
            && self.max_length.is_none()
            && !self.base64
            && !self.uuid
            && self.password.is_none()
    }
}

pub struct Rule {
    pub requires: bool,
    pub field: (String, Presence),
    pub other: (String, Presence),
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
    pub request: Option<Request>,
    pub statuses: Vec<u16>,
    pub response: String,
    pub idempotent: bool,
    /// The service named in `OpenStack-API-Version`, for microversioned operations.
    pub microversion_service: Option<String>,
    pub waiter: Option<Waiter>,
}

pub struct PathTemplate {
    pub variant: Option<String>,
    pub segments: Vec<Segment>,
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
    pub schema: String,
    pub content_type: String,
    pub has_since: bool,
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
    /// The enum type of the state, or `None` for a plain string.
    pub status_type: Option<String>,
    /// The `success` states as that enum's variants (or as strings).
    pub defaults: Vec<String>,
}
