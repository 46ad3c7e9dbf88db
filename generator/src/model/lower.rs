//! The lowering: a checked spec, file by file, into the [`Model`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use super::waiter::waiter;
use super::*;
use crate::diag::Diagnostic;
use crate::load::LoadedFile;
use crate::names;
use crate::spec;

/// Builds the model of a checked spec, without its examples.
pub fn build(files: &[LoadedFile]) -> Model {
    let keep = Keep::default();
    let (operations, documents) = operations(files, keep);
    let schemas = crate::each_in_parallel(files.len(), |i| file_schemas(&files[i], keep));
    assemble(schemas, operations, documents).0
}

/// [`build`], dropping each file as soon as its schemas are built, so that the spec and the model
/// are never both held whole (at 3,000 operations, some 80 MB less at the peak of the run).
pub fn build_from(files: Vec<LoadedFile>) -> Model {
    // Without examples the lowering finds nothing wrong: there is nothing to report.
    lower(files, Keep::default()).0
}

/// Lowers a checked spec into the model, dropping each file as soon as its schemas are built,
/// keeping what `keep` asks for; with the problems only the lowering can find (an example that
/// JSON cannot hold), located in the spec.
pub fn lower(files: Vec<LoadedFile>, keep: Keep) -> (Model, Vec<Diagnostic>) {
    let (operations, documents) = operations(&files, keep);
    let slots: Vec<Mutex<Option<LoadedFile>>> =
        files.into_iter().map(|f| Mutex::new(Some(f))).collect();
    let schemas = crate::each_in_parallel(slots.len(), |i| {
        let file = slots[i].lock().ok().and_then(|mut slot| slot.take());
        file.map(|f| file_schemas(&f, keep)).unwrap_or_default()
    });
    assemble(schemas, operations, documents)
}

/// A file's part of the model, and what lowering it found wrong.
type Part<T> = (Vec<T>, Vec<Diagnostic>);

/// Every file's operations (they look up schemas of every file), and the documents cited.
fn operations(files: &[LoadedFile], keep: Keep) -> (Vec<Part<Operation>>, Vec<Document>) {
    let all: BTreeMap<&str, &spec::Schema> = files
        .iter()
        .flat_map(|f| f.spec.schemas.iter().map(|(n, s)| (n.as_str(), s)))
        .collect();
    // Files are independent once `all` is known: built on every core, kept in file order.
    let operations = crate::each_in_parallel(files.len(), |i| {
        let file = &files[i];
        let docs = DocSources(&file.spec.sources);
        let mut problems = Vec::new();
        let built = file
            .spec
            .operations
            .iter()
            .map(|(id, o)| {
                let mut op = operation(id, o, file, &docs, &all);
                if keep.examples {
                    op.examples = examples::of_operation(file, id, o, &docs, &mut problems);
                }
                op
            })
            .collect();
        (built, problems)
    });
    (operations, documents(files))
}

/// The documents of every file's `sources`, one per title (a later file's wins), by title.
fn documents(files: &[LoadedFile]) -> Vec<Document> {
    let mut by_title: BTreeMap<&str, &spec::Source> = BTreeMap::new();
    for source in files.iter().flat_map(|f| f.spec.sources.values()) {
        by_title.insert(&source.title, source);
    }
    by_title
        .into_values()
        .map(|s| Document {
            title: s.title.trim().to_string(),
            publisher: s.publisher.trim().to_string(),
            location: s.location.as_deref().map(|l| l.trim().to_string()),
        })
        .collect()
}

/// One file's schemas: each needs only its own file.
fn file_schemas(file: &LoadedFile, keep: Keep) -> Part<Schema> {
    let docs = DocSources(&file.spec.sources);
    let module = module_of(&file.name);
    let mut problems = Vec::new();
    let built = file
        .spec
        .schemas
        .iter()
        .map(|(name, s)| {
            let mut schema = schema(name, s, file, &module, &docs);
            if keep.examples {
                schema.examples = examples::of_schema(file, name, s, &docs, &mut problems);
            }
            schema
        })
        .collect();
    (built, problems)
}

/// The model from the per-file parts, in file order; the lists are made at their final size.
fn assemble(
    built: Vec<Part<Schema>>,
    operations: Vec<Part<Operation>>,
    documents: Vec<Document>,
) -> (Model, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let schemas: Vec<Schema> = split(built, &mut problems);
    let operations: Vec<Operation> = split(operations, &mut problems);
    let mut by_name = HashMap::with_capacity(schemas.len());
    for (i, s) in schemas.iter().enumerate() {
        by_name.entry(s.name.clone()).or_insert(i);
    }
    let mut model = Model {
        schemas,
        operations,
        by_name,
        documents,
        error_codes: Vec::new(),
    };
    mark_requests(&mut model);
    mark_defaults(&mut model);
    (model, problems)
}

/// The items of every part, in order; their problems into `problems`.
fn split<T>(parts: Vec<Part<T>>, problems: &mut Vec<Diagnostic>) -> Vec<T> {
    let (items, found): (Vec<Vec<T>>, Vec<Vec<Diagnostic>>) = parts.into_iter().unzip();
    problems.extend(found.into_iter().flatten());
    flatten(items)
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

/// Marks every schema reachable from a request body, following the lowered types.
fn mark_requests(model: &mut Model) {
    let mut todo: Vec<usize> = model
        .operations
        .iter()
        .filter_map(|o| o.request.as_ref()?.schema.as_ref())
        .filter_map(|schema| model.by_name.get(schema).copied())
        .collect();
    while let Some(i) = todo.pop() {
        let schema = &mut model.schemas[i];
        if schema.request {
            continue;
        }
        schema.request = true;
        let types: Vec<&Ty> = match &schema.kind {
            SchemaKind::Object { fields, .. } => fields.iter().map(|f| &f.ty).collect(),
            SchemaKind::OneOf(variants) => variants.iter().map(|v| &v.ty).collect(),
            SchemaKind::Enum(_) | SchemaKind::IntEnum(_) => Vec::new(),
        };
        let named = types.into_iter().filter_map(Ty::named);
        todo.extend(named.filter_map(|n| model.by_name.get(n).copied()));
    }
}

/// Decides [`Schema::has_default`] and [`Field::has_default`]: every object starts with a default
/// and loses it while one of its required fields lacks one, until nothing changes (so a field
/// whose type is an object that reaches an enum through required fields lacks it too).
fn mark_defaults(model: &mut Model) {
    for s in &mut model.schemas {
        s.has_default = matches!(s.kind, SchemaKind::Object { .. });
    }
    let field_default = |model: &Model, f: &Field| {
        !f.required
            || f.nullable
            || match &f.ty {
                Ty::Number => false,
                Ty::Named(n) => model.schema(n).is_some_and(|s| s.has_default),
                _ => true,
            }
    };
    loop {
        let lacking: Vec<usize> = (0..model.schemas.len())
            .filter(|&i| match &model.schemas[i].kind {
                SchemaKind::Object { fields, .. } if model.schemas[i].has_default => {
                    fields.iter().any(|f| !field_default(model, f))
                }
                _ => false,
            })
            .collect();
        if lacking.is_empty() {
            break;
        }
        for i in lacking {
            model.schemas[i].has_default = false;
        }
    }
    for i in 0..model.schemas.len() {
        let SchemaKind::Object { fields, .. } = &model.schemas[i].kind else {
            continue;
        };
        let defaults: Vec<bool> = fields.iter().map(|f| field_default(model, f)).collect();
        if let SchemaKind::Object { fields, .. } = &mut model.schemas[i].kind {
            fields
                .iter_mut()
                .zip(defaults)
                .for_each(|(f, d)| f.has_default = d);
        }
    }
}

fn schema(
    name: &str,
    s: &spec::Schema,
    file: &LoadedFile,
    module: &str,
    docs: &DocSources,
) -> Schema {
    let rust_of = |v: &spec::EnumValue| {
        v.rust_name
            .clone()
            .unwrap_or_else(|| names::escape(&variant_name(&v.value.to_string())))
    };
    // An enum whose every value is an integer is an integer enum (the check refuses a mix).
    let integers: Option<Vec<i64>> = s
        .values
        .as_ref()
        .filter(|vs| !vs.is_empty())
        .and_then(|vs| vs.iter().map(|v| v.value.as_int()).collect());
    let kind = if let (Some(values), Some(integers)) = (&s.values, integers) {
        SchemaKind::IntEnum(
            values
                .iter()
                .zip(integers)
                .map(|(v, value)| IntValue {
                    value,
                    rust: rust_of(v),
                    doc: v.description.trim().to_string(),
                })
                .collect(),
        )
    } else if let Some(values) = &s.values {
        SchemaKind::Enum(
            values
                .iter()
                .map(|v| EnumValue {
                    wire: v.value.to_string(),
                    rust: rust_of(v),
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
                requires: rule_requires(&r.kind) == Some(true),
                field: find(&r.field),
                other: find(&r.other),
                wires: (r.field.clone(), r.other.clone()),
                source: docs.render(&r.source),
            })
            .collect();
        SchemaKind::Object { fields, rules }
    };
    let (doc, notes) = docs.doc_and_notes(&s.description, &s.notes, &s.source);
    Schema {
        name: name.to_string(),
        file: file.name.clone(),
        module: module.to_string(),
        doc,
        kind,
        // Set once every schema is lowered (`mark_requests`, `mark_defaults`).
        request: false,
        has_default: false,
        notes,
        examples: Vec::new(),
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
    let (mut doc, notes) = docs.doc_and_notes(&f.description, &f.notes, &f.source);
    if f.ignored {
        doc.notes.insert(
            0,
            "The service ignores this field, by the document's own account.".to_string(),
        );
    }
    if let Some(v) = &f.since {
        doc.notes.insert(0, format!("Accepted from microversion {v} on; setting it makes the client ask for that version."));
    }
    let ty = Ty::parse(&f.ty).unwrap_or(Ty::Json);
    // Bounds only of numeric fields (the check refuses others), whole for an integer.
    let bound = |n: &Option<serde_yaml::Number>| {
        let n = n.as_ref()?;
        match (&ty, n.as_i64()) {
            (Ty::Integer | Ty::Number, Some(i)) => Some(Bound::Int(i)),
            (Ty::Number, None) => n.as_f64().filter(|x| x.is_finite()).map(Bound::Float),
            _ => None,
        }
    };
    let (minimum, maximum) = (bound(&f.minimum), bound(&f.maximum));
    let default = f
        .default
        .as_ref()
        .and_then(|v| serde_json::to_value(v).ok());
    let range = match (minimum, maximum) {
        (Some(lo), Some(hi)) => Some(format!("From {lo} to {hi}.")),
        (Some(lo), None) => Some(format!("At least {lo}.")),
        (None, Some(hi)) => Some(format!("At most {hi}.")),
        (None, None) => None,
    };
    if let Some(v) = &default {
        // As JSON, on one line whatever a string holds (`"SOFT"`, `1`, `false`).
        doc.notes.insert(
            0,
            format!("The service assumes `{v}` when the field is left out."),
        );
    }
    if let Some(range) = range {
        doc.notes.insert(0, range);
    }
    let format = f.format.as_deref().and_then(Format::parse);
    Field {
        wire: f.name.clone(),
        rust: field_rust_name(f),
        ty,
        required: f.required,
        nullable: f.nullable,
        secret: f.secret,
        since: f.since.as_deref().and_then(parse_microversion),
        checks: Checks {
            minimum,
            maximum,
            min_length: f.min_length,
            max_length: f.max_length,
            min_items: f.min_items,
            max_items: f.max_items,
            base64: format == Some(Format::Base64),
            uuid: format == Some(Format::Uuid),
            max_decoded_bytes: f.max_decoded_bytes,
            password: f
                .password
                .as_ref()
                .map(|p| (p.min_classes, p.specials.clone())),
        },
        doc,
        ignored: f.ignored,
        since_text: f.since.as_deref().map(|v| v.trim().to_string()),
        notes,
        default,
        // Set once every schema is lowered (`mark_defaults`).
        has_default: true,
    }
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
        .filter(|p| p.from.as_deref().and_then(ParamFrom::parse) == Some(ParamFrom::Client))
        .map(|p| p.name.as_str())
        .collect();
    let paths: Vec<PathTemplate> = o
        .paths
        .iter()
        .map(|p| PathTemplate {
            variant: p.variant.clone(),
            template: p.template.clone(),
            source: docs.render(&p.source),
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
    let params: Vec<PathParam> = o
        .path_params
        .iter()
        .map(|p| PathParam {
            wire: p.name.clone(),
            from: p.from.as_deref().and_then(ParamFrom::parse),
            doc: docs.doc(&p.description, &[], &p.source),
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
            let doc = params
                .iter()
                .find(|p| &p.wire == wire)
                .map(|p| p.doc.clone())
                .unwrap_or_default();
            args.push(PathArg {
                wire: wire.clone(),
                rust: rust.clone(),
                doc,
            });
        }
    }
    // A waiter reads a response body (the check refuses one without).
    let waiter = o
        .waiter
        .as_ref()
        .zip(o.response.schema.as_deref())
        .map(|(w, root)| waiter(all, root, w, &args, docs));
    let request_fields = || {
        o.request
            .as_ref()
            .and_then(|r| all.get(r.schema.as_deref()?))
            .and_then(|s| s.fields.as_ref())
            .into_iter()
            .flatten()
    };
    let has_since = request_fields().any(|f| f.since.is_some());
    let (summary, description) = (
        o.summary.trim(),
        o.description.as_deref().unwrap_or("").trim(),
    );
    let (doc, notes) =
        docs.doc_and_notes(&format!("{summary}\n\n{description}"), &o.notes, &o.source);
    Operation {
        id: id.to_string(),
        method_name: names::escape(id),
        struct_name: names::camel(id),
        file: file.name.clone(),
        doc,
        http_method: o.method.to_ascii_uppercase(),
        paths,
        args,
        query: super::query::query(&names::camel(id), o, docs),
        request: o.request.as_ref().map(|r| Request {
            wrapper: r.wrapper.clone(),
            schema: r.schema.clone(),
            constants: r
                .constants
                .iter()
                .map(|c| Constant {
                    wire: c.name.clone(),
                    value: ConstantValue::parse(&c.value).unwrap_or(ConstantValue::Null),
                    source: docs.render(&c.source),
                })
                .collect(),
            content_type: r.content_type.clone(),
            has_since,
            source: docs.render(&r.source),
        }),
        statuses: o.response.statuses.clone(),
        response: o.response.schema.clone(),
        response_headers: super::headers::headers(&names::camel(id), o, docs),
        idempotent: o.idempotent,
        microversion_service: o.microversions.as_ref().map(|m| m.service.clone()),
        waiter,
        paging: o
            .paging
            .as_ref()
            .map(|p| super::paging::paging(all, id, o, p, docs)),
        summary: summary.to_string(),
        description: description.to_string(),
        notes,
        module: module_of(&file.name),
        params,
        errors: ErrorDialect::parse(&o.errors).unwrap_or(ErrorDialect::Ecs),
        sends_credential: o.auth.as_deref() != Some("none"),
        microversions: o.microversions.as_ref().map(|m| Microversions {
            default: m.default.clone(),
            service: m.service.clone(),
            source: docs.render(&m.source),
            highest_since: request_fields()
                .filter_map(|f| f.since.as_deref())
                .filter_map(|v| parse_microversion(v).map(|n| (n, v)))
                .max()
                .map(|(_, v)| v.to_string()),
        }),
        response_source: docs.render(&o.response.source),
        examples: Vec::new(),
    }
}
