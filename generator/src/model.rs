//! Stage 3: the model the emitters read: references resolved, Rust names final, docs rendered.
//!
//! Built only from a spec that `check` accepted; where something is still off, the model falls back
//! to a harmless value instead of panicking, since `check` has already reported it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Mutex;

use crate::load::LoadedFile;
use crate::names;
use crate::spec;

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

#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    String,
    Integer,
    Number,
    Boolean,
    Json,
    EmptyString,
    Named(String),
    Array(Box<Ty>),
    Map(Box<Ty>),
}

impl Ty {
    /// Parses a type expression; the error says what was expected.
    pub fn parse(s: &str) -> Result<Ty, String> {
        let s = s.trim();
        let inner = |prefix: &str| s.strip_prefix(prefix).and_then(|r| r.strip_suffix('>'));
        if let Some(items) = inner("array<") {
            return Ok(Ty::Array(Box::new(Ty::parse(items)?)));
        }
        if let Some(values) = inner("map<") {
            return Ok(Ty::Map(Box::new(Ty::parse(values)?)));
        }
        Ok(match s {
            "string" => Ty::String,
            "integer" => Ty::Integer,
            "number" => Ty::Number,
            "boolean" => Ty::Boolean,
            "json" => Ty::Json,
            "empty_string" => Ty::EmptyString,
            name if names::is_identifier(name)
                && name.starts_with(|c: char| c.is_ascii_uppercase()) =>
            {
                Ty::Named(name.to_string())
            }
            _ => {
                return Err(format!(
                    "`{s}` is not a type: expected string, integer, number, boolean, json, empty_string, a schema name, array<T> or map<T>"
                ));
            }
        })
    }

    /// Every schema named inside this type.
    pub fn named(&self) -> Option<&str> {
        match self {
            Ty::Named(n) => Some(n),
            Ty::Array(t) | Ty::Map(t) => t.named(),
            _ => None,
        }
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
        presence(self.required, self.nullable)
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

/// The Fault members `Failed::Fault` reads, by wire name.
pub const FAULT_MEMBERS: [&str; 4] = ["code", "message", "details", "created"];

/// Follows a dotted path of wire names (`server.status`) from the object schema `root` through
/// object-typed fields; every field on the way, or what is wrong.
pub fn resolve_path<'a>(
    lookup: impl Fn(&str) -> Option<&'a spec::Schema>,
    root: &str,
    path: &str,
) -> Result<Vec<&'a spec::Field>, String> {
    let mut schema = root.to_string();
    let mut out: Vec<&'a spec::Field> = Vec::new();
    for segment in path.split('.') {
        let fields = lookup(&schema)
            .and_then(|s| s.fields.as_ref())
            .ok_or_else(|| {
                format!("`{schema}` is not an object schema, so `{segment}` cannot be read from it")
            })?;
        let field = fields
            .iter()
            .find(|f| f.name == segment)
            .ok_or_else(|| format!("`{segment}` is not a field of `{schema}`"))?;
        out.push(field);
        schema = match Ty::parse(&field.ty) {
            Ok(Ty::Named(n)) => n,
            _ => field.ty.clone(),
        };
    }
    Ok(out)
}

/// Builds the model of a checked spec.
pub fn build(files: &[LoadedFile]) -> Model {
    let (operations, request) = operations(files);
    let schemas = crate::each_in_parallel(files.len(), |i| file_schemas(&files[i], &request));
    assemble(schemas, operations)
}

/// [`build`], dropping each file as soon as its schemas are built, so that the spec and the model
/// are never both held whole (at 3,000 operations, some 80 MB less at the peak of the run).
pub fn build_from(files: Vec<LoadedFile>) -> Model {
    let (operations, request) = operations(&files);
    let slots: Vec<Mutex<Option<LoadedFile>>> =
        files.into_iter().map(|f| Mutex::new(Some(f))).collect();
    let schemas = crate::each_in_parallel(slots.len(), |i| {
        let file = slots[i].lock().ok().and_then(|mut slot| slot.take());
        file.map(|f| file_schemas(&f, &request)).unwrap_or_default()
    });
    assemble(schemas, operations)
}

/// Every file's operations (they look up schemas of every file), and the names of the schemas
/// reachable from a request body.
fn operations(files: &[LoadedFile]) -> (Vec<Vec<Operation>>, HashSet<String>) {
    let all: BTreeMap<&str, &spec::Schema> = files
        .iter()
        .flat_map(|f| f.spec.schemas.iter().map(|(n, s)| (n.as_str(), s)))
        .collect();
    let request_roots: Vec<&str> = files
        .iter()
        .flat_map(|f| f.spec.operations.values())
        .filter_map(|o| o.request.as_ref().map(|r| r.schema.as_str()))
        .collect();
    let request = reachable(&all, &request_roots)
        .into_iter()
        .map(str::to_string)
        .collect();
    // Files are independent once `all` is known: built on every core, kept in file order.
    let operations = crate::each_in_parallel(files.len(), |i| {
        let file = &files[i];
        let docs = DocSources(&file.spec.sources);
        file.spec
            .operations
            .iter()
            .map(|(id, o)| operation(id, o, file, &docs, &all))
            .collect()
    });
    (operations, request)
}

/// One file's schemas: each needs only its own file, and whether a request body reaches it.
fn file_schemas(file: &LoadedFile, request: &HashSet<String>) -> Vec<Schema> {
    let docs = DocSources(&file.spec.sources);
    let module = module_of(&file.name);
    file.spec
        .schemas
        .iter()
        .map(|(name, s)| schema(name, s, file, &module, &docs, request.contains(name)))
        .collect()
}

/// The model from the per-file parts, in file order; the lists are made at their final size.
fn assemble(built: Vec<Vec<Schema>>, operations: Vec<Vec<Operation>>) -> Model {
    let schemas: Vec<Schema> = flatten(built);
    let operations = flatten(operations);
    let mut by_name = HashMap::with_capacity(schemas.len());
    for (i, s) in schemas.iter().enumerate() {
        by_name.entry(s.name.clone()).or_insert(i);
    }
    Model {
        schemas,
        operations,
        by_name,
    }
}

fn flatten<T>(parts: Vec<Vec<T>>) -> Vec<T> {
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    parts.into_iter().for_each(|part| all.extend(part));
    all
}

/// Module name for a spec file, as written in Rust: its stem in snake case, escaped.
pub fn module_of(file_name: &str) -> String {
    names::escape(&names::file_module(file_name))
}

fn reachable<'a>(
    all: &BTreeMap<&'a str, &'a spec::Schema>,
    roots: &[&'a str],
) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&str> = roots.to_vec();
    while let Some(name) = todo.pop() {
        let Some((&key, s)) = all.get_key_value(name) else {
            continue;
        };
        if !seen.insert(key) {
            continue;
        }
        let types = s
            .fields
            .iter()
            .flatten()
            .map(|f| &f.ty)
            .chain(s.one_of.iter().flatten().map(|v| &v.ty));
        for ty in types {
            if let Ok(t) = Ty::parse(ty)
                && let Some(n) = t.named()
                && let Some((&k, _)) = all.get_key_value(n)
            {
                todo.push(k);
            }
        }
    }
    seen
}

/// Splits a citation `reinstall-doc, Table 3` (or `api-facts §1`) into the document key and the
/// place inside it.
pub fn source_key(source: &str) -> (&str, &str) {
    let source = source.trim();
    let end = source
        .bytes()
        .position(|b| b == b',' || b == b' ')
        .unwrap_or(source.len());
    (&source[..end], source[end..].trim_start_matches([',', ' ']))
}

/// A file's `sources`, to render its citations with the documents' titles.
pub struct DocSources<'a>(pub &'a BTreeMap<String, spec::Source>);

impl DocSources<'_> {
    /// `rebuild-doc, Table 2` → `Rebuilding an ECS, Table 2`; several citations joined by `; `.
    pub fn render(&self, source: &str) -> String {
        self.render_between(["", ""], source, "")
    }

    /// `before`, the rendered `source`, then `after`, made at its final size (the model keeps
    /// every one of these strings).
    fn render_between(&self, before: [&str; 2], source: &str, after: &str) -> String {
        let mut parts: Vec<[&str; 3]> = Vec::new();
        let single;
        let parts: &[[&str; 3]] = if source.contains(';') {
            parts.extend(source.split(';').map(|part| self.pieces(part)));
            &parts
        } else {
            single = [self.pieces(source)];
            &single
        };
        let len = before[0].len()
            + before[1].len()
            + after.len()
            + 2 * (parts.len() - 1)
            + parts.iter().flatten().map(|p| p.len()).sum::<usize>();
        let mut out = String::with_capacity(len);
        before.iter().for_each(|p| out.push_str(p));
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            part.iter().for_each(|p| out.push_str(p));
        }
        out.push_str(after);
        out
    }

    /// One citation rendered, in pieces: the document's title and the place inside it, or the
    /// citation as written when the document is unknown.
    fn pieces<'s>(&'s self, source: &'s str) -> [&'s str; 3] {
        let (key, place) = source_key(source);
        match self.0.get(key) {
            Some(s) if place.is_empty() => [&s.title, "", ""],
            Some(s) => [&s.title, ", ", place],
            None => [source, "", ""],
        }
    }

    fn doc(&self, text: &str, notes: &[spec::Note], source: &str) -> Doc {
        Doc {
            text: text.trim().to_string(),
            notes: notes
                .iter()
                .map(|n| self.render_between([n.text.trim(), " ("], &n.source, ")"))
                .collect(),
            source: self.render(source),
        }
    }
}

fn schema(
    name: &str,
    s: &spec::Schema,
    file: &LoadedFile,
    module: &str,
    docs: &DocSources,
    request: bool,
) -> Schema {
    let kind = if let Some(values) = &s.values {
        SchemaKind::Enum(
            values
                .iter()
                .map(|v| EnumValue {
                    wire: v.value.clone(),
                    rust: v
                        .rust_name
                        .clone()
                        .unwrap_or_else(|| names::escape(&variant_name(&v.value))),
                    doc: v.description.trim().to_string(),
                })
                .collect(),
        )
    } else if let Some(variants) = &s.one_of {
        SchemaKind::OneOf(
            variants
                .iter()
                .map(|v| Variant {
                    rust: v.name.clone(),
                    ty: Ty::parse(&v.ty).unwrap_or(Ty::Json),
                    doc: v.description.trim().to_string(),
                })
                .collect(),
        )
    } else {
        let fields: Vec<Field> = s.fields.iter().flatten().map(|f| field(f, docs)).collect();
        let find = |wire: &str| {
            let f = fields.iter().find(|f| f.wire == wire);
            (
                f.map_or_else(|| wire.to_string(), |f| f.rust.clone()),
                f.map_or(Presence::Option, Field::presence),
            )
        };
        let rules = s
            .rules
            .iter()
            .map(|r| Rule {
                requires: r.kind == "requires",
                field: find(&r.field),
                other: find(&r.other),
            })
            .collect();
        SchemaKind::Object { fields, rules }
    };
    Schema {
        name: name.to_string(),
        file: file.name.clone(),
        module: module.to_string(),
        doc: docs.doc(&s.description, &s.notes, &s.source),
        kind,
        request,
    }
}

/// The variant name derived from an enum value; values that give none (`"0"`) need `rust_name`.
pub fn variant_name(value: &str) -> String {
    names::camel(value)
}

pub fn field_rust_name(f: &spec::Field) -> String {
    match &f.rust_name {
        Some(name) => names::escape(name),
        None => names::escape(&names::snake(&f.name)),
    }
}

fn field(f: &spec::Field, docs: &DocSources) -> Field {
    let mut doc = docs.doc(&f.description, &f.notes, &f.source);
    if f.ignored {
        doc.notes.insert(
            0,
            "The service ignores this field, by the document's own account.".to_string(),
        );
    }
    if let Some(v) = &f.since {
        doc.notes.insert(0, format!("Accepted from microversion {v} on; setting it makes the client ask for that version."));
    }
    Field {
        wire: f.name.clone(),
        rust: field_rust_name(f),
        ty: Ty::parse(&f.ty).unwrap_or(Ty::Json),
        required: f.required,
        nullable: f.nullable,
        secret: f.secret,
        since: f.since.as_deref().and_then(parse_microversion),
        checks: Checks {
            min_length: f.min_length,
            max_length: f.max_length,
            base64: f.format.as_deref() == Some("base64"),
            uuid: f.format.as_deref() == Some("uuid"),
            max_decoded_bytes: f.max_decoded_bytes,
            password: f
                .password
                .as_ref()
                .map(|p| (p.min_classes, p.specials.clone())),
        },
        doc,
    }
}

/// `2.54` → `(2, 54)`.
pub fn parse_microversion(s: &str) -> Option<(u16, u16)> {
    let (major, minor) = s.split_once('.')?;
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(major) || !digits(minor) {
        return None;
    }
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// Splits `/v2/{project_id}/x` into segments; `None` for a malformed template.
pub fn parse_template(template: &str) -> Option<Vec<(bool, String)>> {
    let rest = template.strip_prefix('/')?;
    rest.split('/')
        .map(
            |seg| match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(p) if names::is_identifier(p) => Some((true, p.to_string())),
                Some(_) => None,
                None if seg.is_empty() || seg.contains(['{', '}', '?', '#']) => None,
                None => Some((false, seg.to_string())),
            },
        )
        .collect()
}

fn operation(
    id: &str,
    o: &spec::Operation,
    file: &LoadedFile,
    docs: &DocSources,
    all: &BTreeMap<&str, &spec::Schema>,
) -> Operation {
    let from_client: BTreeSet<&str> = o
        .path_params
        .iter()
        .filter(|p| p.from.as_deref() == Some("client"))
        .map(|p| p.name.as_str())
        .collect();
    let paths: Vec<PathTemplate> = o
        .paths
        .iter()
        .map(|p| PathTemplate {
            variant: p.variant.clone(),
            segments: parse_template(&p.template)
                .unwrap_or_default()
                .into_iter()
                .map(|(param, s)| match param {
                    true => Segment::Param {
                        rust: names::escape(&names::snake(&s)),
                        from_client: from_client.contains(s.as_str()),
                        wire: s,
                    },
                    false => Segment::Literal(s),
                })
                .collect(),
        })
        .collect();
    let mut args = Vec::new();
    for seg in paths
        .first()
        .map(|p| p.segments.as_slice())
        .unwrap_or_default()
    {
        if let Segment::Param {
            wire,
            rust,
            from_client: false,
        } = seg
        {
            let doc = o
                .path_params
                .iter()
                .find(|p| &p.name == wire)
                .map(|p| docs.doc(&p.description, &[], &p.source))
                .unwrap_or_default();
            args.push(PathArg {
                wire: wire.clone(),
                rust: rust.clone(),
                doc,
            });
        }
    }
    let waiter = o
        .waiter
        .as_ref()
        .map(|w| waiter(all, &o.response.schema, w, &args, docs));
    let has_since = |schema: &str| {
        all.get(schema)
            .and_then(|s| s.fields.as_ref())
            .is_some_and(|fs| fs.iter().any(|f| f.since.is_some()))
    };
    Operation {
        id: id.to_string(),
        method_name: names::escape(id),
        struct_name: names::camel(id),
        file: file.name.clone(),
        doc: docs.doc(
            &format!(
                "{}\n\n{}",
                o.summary.trim(),
                o.description.as_deref().unwrap_or("").trim()
            ),
            &o.notes,
            &o.source,
        ),
        http_method: o.method.to_ascii_uppercase(),
        paths,
        args,
        request: o.request.as_ref().map(|r| Request {
            wrapper: r.wrapper.clone(),
            schema: r.schema.clone(),
            content_type: r.content_type.clone(),
            has_since: has_since(&r.schema),
        }),
        statuses: o.response.statuses.clone(),
        response: o.response.schema.clone(),
        idempotent: o.idempotent,
        microversion_service: o.microversions.as_ref().map(|m| m.service.clone()),
        waiter,
    }
}

/// The Rust members and presences along a checked path (an empty list if it does not resolve).
fn members(all: &BTreeMap<&str, &spec::Schema>, root: &str, path: &str) -> Vec<(String, Presence)> {
    resolve_path(|n| all.get(n).copied(), root, path)
        .unwrap_or_default()
        .into_iter()
        .map(|f| (field_rust_name(f), presence(f.required, f.nullable)))
        .collect()
}

fn presence(required: bool, nullable: bool) -> Presence {
    match (required, nullable) {
        (_, true) => Presence::Nullable,
        (true, false) => Presence::Always,
        (false, false) => Presence::Option,
    }
}

fn waiter(
    all: &BTreeMap<&str, &spec::Schema>,
    root: &str,
    w: &spec::Waiter,
    args: &[PathArg],
    docs: &DocSources,
) -> Waiter {
    let failed = match &w.fault_field {
        Some(path) => {
            let fault = resolve_path(|n| all.get(n).copied(), root, path)
                .ok()
                .and_then(|fs| fs.last().copied())
                .and_then(|f| all.get(f.ty.as_str()))
                .and_then(|s| s.fields.as_ref());
            let member = |wire: &str| {
                let f = fault?.iter().find(|f| f.name == wire)?;
                Some((field_rust_name(f), presence(f.required, f.nullable)))
            };
            Failed::Fault {
                path: members(all, root, path),
                code: member("code"),
                message: member("message"),
                details: member("details"),
                created: member("created"),
            }
        }
        None => Failed::Job {
            error_code: w.error_code_field.as_ref().map(|p| members(all, root, p)),
            reason: w.reason_field.as_ref().map(|p| members(all, root, p)),
        },
    };
    let status = resolve_path(|n| all.get(n).copied(), root, &w.status_field).unwrap_or_default();
    let status_enum = status
        .last()
        .and_then(|f| all.get(f.ty.as_str()))
        .and_then(|s| s.values.as_ref());
    let targets = w.targets_method.as_ref().map(|method| Targets {
        method: names::escape(method),
        status_type: status_enum.and(status.last().map(|f| f.ty.clone())),
        defaults: w
            .success
            .iter()
            .map(|value| match status_enum {
                Some(values) => values
                    .iter()
                    .find(|v| &v.value == value)
                    .and_then(|v| v.rust_name.clone())
                    .unwrap_or_else(|| names::escape(&variant_name(value))),
                None => value.clone(),
            })
            .collect(),
    });
    Waiter {
        method: names::escape(&w.method),
        arg: args
            .first()
            .map_or_else(|| "id".to_string(), |a| a.rust.clone()),
        status: status
            .into_iter()
            .map(|f| (field_rust_name(f), presence(f.required, f.nullable)))
            .collect(),
        success: w.success.clone(),
        failure: w.failure.clone(),
        failed,
        targets,
        doc: docs.doc("", &[], &w.source),
    }
}
