//! The lowering: a checked spec, file by file, into the [`Model`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
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
    let (ids, broken) = names(files);
    let names = Names {
        ids: &ids,
        broken: &broken,
    };
    let schemas = crate::each_in_parallel(files.len(), |i| file_schemas(&files[i], keep, &names));
    assemble(
        schemas,
        (ids, &broken),
        |model, names| operations(files, model, names, keep),
        documents(files),
    )
    .0
}

/// [`build`], dropping each file as soon as it is lowered, so that the spec and the model are
/// never both held whole (at 3,000 operations, some 80 MB less at the peak of the run).
pub fn build_from(files: Vec<LoadedFile>) -> Model {
    // Without examples the lowering finds nothing wrong: there is nothing to report.
    lower(files, Keep::default()).0
}

/// Lowers a checked spec into the model, keeping what `keep` asks for; with the problems only the
/// lowering can find (an example that JSON cannot hold), located in the spec.
///
/// The schemas first, each file's on its own (a file's spec schemas are freed once lowered);
/// then the operations, which read the lowered schemas (their types parsed and their names
/// decided once); then the files are dropped.
pub fn lower(files: Vec<LoadedFile>, keep: Keep) -> (Model, Vec<Diagnostic>) {
    let documents = documents(&files);
    let (ids, broken) = names(&files);
    let names = Names {
        ids: &ids,
        broken: &broken,
    };
    let slots: Vec<Mutex<LoadedFile>> = files.into_iter().map(Mutex::new).collect();
    let schemas = crate::each_in_parallel(slots.len(), |i| match slots[i].lock() {
        Ok(mut file) => {
            let part = file_schemas(&file, keep, &names);
            file.spec.schemas = BTreeMap::new();
            part
        }
        Err(_) => Part::default(),
    });
    let files: Vec<LoadedFile> = slots
        .into_iter()
        .filter_map(|slot| slot.into_inner().ok())
        .collect();
    assemble(
        schemas,
        (ids, &broken),
        |model, names| operations(&files, model, names, keep),
        documents,
    )
}

/// A file's part of the model, and what lowering it found wrong.
type Part<T> = (Vec<T>, Vec<Diagnostic>);

/// Every schema's id by its name, decided before any schema is lowered: its index in
/// [`Model::schemas`], which holds every file's schemas in file order and each file's in name
/// order (a name's first definition wins, as the check's lookups do); and the names of the
/// schemas that did not load.
fn names(files: &[LoadedFile]) -> (HashMap<String, SchemaId>, HashSet<String>) {
    let count = files.iter().map(|f| f.spec.schemas.len()).sum();
    let mut ids = HashMap::with_capacity(count);
    let all = files.iter().flat_map(|f| f.spec.schemas.keys());
    for (i, name) in all.enumerate() {
        let id = SchemaId(u32::try_from(i).expect("fewer than 2^32 schemas"));
        ids.entry(name.clone()).or_insert(id);
    }
    let broken = files
        .iter()
        .flat_map(|f| f.broken.iter().cloned())
        .collect();
    (ids, broken)
}

/// What a type's schema names resolve against: [`names`].
pub(super) struct Names<'a> {
    ids: &'a HashMap<String, SchemaId>,
    broken: &'a HashSet<String>,
}

impl Names<'_> {
    /// The type the text `ty` at `path` of `file` stands for, every schema it names resolved.
    /// A name no schema has gets the check's own diagnostic (the same one, so it is shown once)
    /// into `problems`, unless the load has reported that schema as broken; a type that does not
    /// parse has been reported by the check. Either way the type is `json` in its place, and the
    /// run stops on the diagnostic before a backend reads the model.
    pub(super) fn ty(
        &self,
        file: &LoadedFile,
        path: &dyn Fn() -> String,
        ty: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Ty {
        match TyExpr::parse(ty) {
            Ok(expr) => self.resolve(file, path, &expr, problems),
            Err(_) => Ty::Json,
        }
    }

    /// The schema named `name` at `path` of `file` (a body's), resolved as [`Names::ty`] does;
    /// `None`, with the diagnostic, for a name that resolves to none.
    pub(super) fn schema(
        &self,
        file: &LoadedFile,
        path: &dyn Fn() -> String,
        name: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<SchemaId> {
        let id = self.ids.get(name).copied();
        if id.is_none() {
            self.unresolved(file, path, name, problems);
        }
        id
    }

    /// `expr` at `path` of `file`, every schema it names resolved, as [`Names::ty`] does.
    pub(super) fn resolve(
        &self,
        file: &LoadedFile,
        path: &dyn Fn() -> String,
        expr: &TyExpr,
        problems: &mut Vec<Diagnostic>,
    ) -> Ty {
        expr.try_map(&mut |name| self.ids.get(name).copied())
            .unwrap_or_else(|name| {
                self.unresolved(file, path, name, problems);
                Ty::Json
            })
    }

    /// The check's diagnostic for `name`, which no schema has, unless the load has reported that
    /// schema as broken.
    fn unresolved(
        &self,
        file: &LoadedFile,
        path: &dyn Fn() -> String,
        name: &str,
        problems: &mut Vec<Diagnostic>,
    ) {
        if !self.broken.contains(name) {
            let known = self.ids.keys().map(String::as_str);
            problems.push(crate::check::unknown_schema(file, &path(), name, known));
        }
    }
}

/// Every file's operations, which read the lowered schemas of every file.
fn operations(
    files: &[LoadedFile],
    model: &Model,
    names: &Names,
    keep: Keep,
) -> Vec<Part<Operation>> {
    // Files are independent once the schemas are lowered: built on every core, in file order.
    crate::each_in_parallel(files.len(), |i| {
        let file = &files[i];
        let docs = DocSources(&file.spec.sources);
        let mut problems = Vec::new();
        let built = file
            .spec
            .operations
            .iter()
            .map(|(id, o)| {
                let mut op = operation(id, o, file, &docs, model, names, &mut problems);
                if keep.examples {
                    op.examples = examples::of_operation(file, id, o, &docs, &mut problems);
                }
                op
            })
            .collect();
        (built, problems)
    })
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
fn file_schemas(file: &LoadedFile, keep: Keep, names: &Names) -> Part<Schema> {
    let docs = DocSources(&file.spec.sources);
    let module = module_of(&file.name);
    let mut problems = Vec::new();
    let built = file
        .spec
        .schemas
        .iter()
        .map(|(name, s)| {
            let mut schema = schema(name, s, file, &module, &docs, names, &mut problems);
            if keep.examples {
                schema.examples = examples::of_schema(file, name, s, &docs, &mut problems);
            }
            schema
        })
        .collect();
    (built, problems)
}

/// The model from the per-file parts, in file order, with the operations `operations` lowers
/// from the schemas; the lists are made at their final size.
fn assemble(
    built: Vec<Part<Schema>>,
    (ids, broken): (HashMap<String, SchemaId>, &HashSet<String>),
    operations: impl FnOnce(&Model, &Names) -> Vec<Part<Operation>>,
    documents: Vec<Document>,
) -> (Model, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let schemas: Vec<Schema> = split(built, &mut problems);
    let mut model = Model {
        schemas,
        operations: Vec::new(),
        by_name: ids,
        documents,
        error_codes: Vec::new(),
    };
    let names = Names {
        ids: &model.by_name,
        broken,
    };
    let lowered = operations(&model, &names);
    model.operations = split(lowered, &mut problems);
    mark_requests(&mut model);
    mark_defaults(&mut model);
    mark_checks(&mut model);
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
    let mut todo: Vec<SchemaId> = model
        .operations
        .iter()
        .filter_map(|o| o.request.as_ref()?.schema)
        .collect();
    while let Some(id) = todo.pop() {
        let schema = &mut model.schemas[id.index()];
        if schema.request {
            continue;
        }
        schema.request = true;
        let types: Vec<&Ty> = match &schema.kind {
            SchemaKind::Object { fields, .. } => fields.iter().map(|f| &f.ty).collect(),
            SchemaKind::OneOf(variants) => variants.iter().map(|v| &v.ty).collect(),
            SchemaKind::Enum(_) | SchemaKind::IntEnum(_) => Vec::new(),
        };
        todo.extend(types.into_iter().filter_map(Ty::reference).copied());
    }
}

/// Applies `flip` to every schema for which `flips` holds, round after round, until it holds for
/// none: how a flag that depends on the schemas a schema names is decided through cycles.
fn settle(model: &mut Model, flips: impl Fn(&Model, &Schema) -> bool, flip: impl Fn(&mut Schema)) {
    loop {
        let flipping: Vec<usize> = (0..model.schemas.len())
            .filter(|&i| flips(model, &model.schemas[i]))
            .collect();
        if flipping.is_empty() {
            break;
        }
        for i in flipping {
            flip(&mut model.schemas[i]);
        }
    }
}

/// Decides [`Schema::has_checks`]: every enum has them; an object gains them once a rule or a
/// field does, until nothing changes (so an object that reaches a checked one, through a cycle
/// too, has them).
fn mark_checks(model: &mut Model) {
    for s in &mut model.schemas {
        s.has_checks = matches!(s.kind, SchemaKind::Enum(_) | SchemaKind::IntEnum(_));
    }
    settle(
        model,
        |model, s| {
            !s.has_checks
                && matches!(&s.kind, SchemaKind::Object { fields, rules }
                    if !rules.is_empty() || fields.iter().any(|f| model.field_has_checks(f)))
        },
        |s| s.has_checks = true,
    );
    let Model {
        operations,
        schemas,
        ..
    } = model;
    for r in operations.iter_mut().filter_map(|o| o.request.as_mut()) {
        r.has_checks = r.schema.is_some_and(|id| schemas[id.index()].has_checks);
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
                Ty::Named(id) => model.schema_of(*id).has_default,
                _ => true,
            }
    };
    settle(
        model,
        |model, s| {
            s.has_default
                && matches!(&s.kind, SchemaKind::Object { fields, .. }
                    if fields.iter().any(|f| !field_default(model, f)))
        },
        |s| s.has_default = false,
    );
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
    names: &Names,
    problems: &mut Vec<Diagnostic>,
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
                .enumerate()
                .map(|(i, v)| Variant {
                    rust: v.name.clone(),
                    ty: names.ty(
                        file,
                        &|| format!("schemas.{name}.one_of[{i}].type"),
                        &v.ty,
                        problems,
                    ),
                    doc: v.description.trim().to_string(),
                })
                .collect(),
        )
    } else {
        let fields: Vec<Field> = s
            .fields
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, f)| {
                let path = || format!("schemas.{name}.fields[{i}].type");
                field(f, docs, names.ty(file, &path, &f.ty, problems))
            })
            .collect();
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
        // Set once every schema is lowered (`mark_requests`, `mark_defaults`, `mark_checks`).
        request: false,
        has_default: false,
        has_checks: false,
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

/// A field, its type `ty` resolved.
fn field(f: &spec::Field, docs: &DocSources, ty: Ty) -> Field {
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
    let constraints = Constraints::lower(f.constraints(), &ty);
    if let Some(v) = &constraints.default {
        // As JSON, on one line whatever a string holds (`"SOFT"`, `1`, `false`).
        doc.notes.insert(
            0,
            format!("The service assumes `{v}` when the field is left out."),
        );
    }
    if let Some(range) = constraints.range() {
        // `From 1 to 500.`: the range begins with an ASCII word.
        doc.notes
            .insert(0, format!("{}{}.", range[..1].to_uppercase(), &range[1..]));
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
        constraints,
        checks: Checks {
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
        // Set once every schema is lowered (`mark_defaults`).
        has_default: true,
    }
}

fn operation(
    id: &str,
    o: &spec::Operation,
    file: &LoadedFile,
    docs: &DocSources,
    model: &Model,
    names: &Names,
    problems: &mut Vec<Diagnostic>,
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
    let response = o.response.schema.as_deref().and_then(|name| {
        let path = || format!("operations.{id}.response.schema");
        names.schema(file, &path, name, problems)
    });
    let request_schema = o.request.as_ref().and_then(|r| {
        let path = || format!("operations.{id}.request.schema");
        names.schema(file, &path, r.schema.as_deref()?, problems)
    });
    // A waiter reads a response body (the check refuses one without).
    let waiter = o
        .waiter
        .as_ref()
        .zip(response)
        .map(|(w, root)| waiter(model, model.schema_of(root), w, &args, docs));
    let body = request_schema.map(|id| model.schema_of(id));
    let request_fields: &[Field] = match body.map(|s| &s.kind) {
        Some(SchemaKind::Object { fields, .. }) => fields,
        _ => &[],
    };
    let has_since = request_fields.iter().any(|f| f.since_text.is_some());
    let query = super::query::query(id, o, file, docs, names, problems);
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
        paging: o.paging.as_ref().map(|p| {
            let response = response.map(|id| model.schema_of(id));
            super::paging::paging(model, response, id, query.as_ref(), p, docs)
        }),
        query,
        request: o.request.as_ref().map(|r| Request {
            wrapper: r.wrapper.clone(),
            schema: request_schema,
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
            // Set once every schema is lowered (`mark_checks`).
            has_checks: false,
            source: docs.render(&r.source),
        }),
        statuses: o.response.statuses.clone(),
        response,
        response_headers: super::headers::headers(&names::camel(id), o, docs),
        idempotent: o.idempotent,
        microversion_service: o.microversions.as_ref().map(|m| m.service.clone()),
        waiter,
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
            highest_since: request_fields
                .iter()
                .filter_map(|f| Some((f.since?, f.since_text.as_deref()?)))
                .max()
                .map(|(_, v)| v.to_string()),
        }),
        response_source: docs.render(&o.response.source),
        examples: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    /// A field of `ty` (optional) in the YAML of a spec's `schemas`.
    fn field(name: &str, ty: &str, extra: &str) -> String {
        format!(
            "      - name: {name}\n        type: {ty}\n{extra}        description: A field.\n        source: doc, Table 1\n"
        )
    }

    #[test]
    fn a_name_no_schema_has_is_reported_by_the_lowering_itself_not_lowered_silently() {
        let spec = format!(
            "sources:\n  doc:\n    title: Doc\n    publisher: Us\nschemas:\n  A:\n    description: An object.\n    source: doc, Table 1\n    fields:\n{}{}",
            field("b", "array<Missing>", ""),
            field("c", "map<A>", "")
        );
        let dir = std::env::temp_dir().join(format!("unresolved-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("t.yaml"), spec).unwrap();
        let mut diags = crate::diag::Diagnostics::default();
        // Without the check: the lowering alone must refuse the name.
        let files = crate::load::load(&dir, &mut diags).unwrap_or_else(|e| panic!("{:?}", e.0));
        let (model, problems) = super::lower(files, super::Keep::default());
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(diags.is_empty());
        let found: Vec<(&str, &str, usize)> = problems
            .iter()
            .map(|d| (d.message.as_str(), d.path.as_str(), d.line))
            .collect();
        assert_eq!(
            found,
            [(
                "no schema is named `Missing`",
                "schemas.A.fields.b.type",
                11
            )]
        );
        // The name that resolves is the schema's id.
        let super::SchemaKind::Object { fields, .. } = &model.schemas[0].kind else {
            panic!("A is an object");
        };
        let Some(named) = model.referenced(&fields[1].ty) else {
            panic!("`map<A>` names A");
        };
        assert_eq!(named.name, "A");
    }

    #[test]
    fn a_schema_has_checks_through_the_schemas_it_names_and_around_cycles() {
        let object = |name: &str, fields: &[String]| {
            format!(
                "  {name}:\n    description: An object.\n    source: doc, Table 1\n    fields:\n{}",
                fields.concat()
            )
        };
        let schemas = [
            // A reaches a bound through an array of B, which names C.
            object("A", &[field("b", "array<B>", "")]),
            object("B", &[field("c", "C", "")]),
            object("C", &[field("n", "integer", "        minimum: 1\n")]),
            // D names itself (through an array) and nothing checked; E names D; M is a map of C, whose values
            // are not walked.
            object("D", &[field("d", "array<D>", ""), field("s", "string", "")]),
            object("E", &[field("d", "array<D>", "")]),
            object("M", &[field("m", "map<C>", "")]),
            // F and G name each other (G through an array); G has a length.
            object("F", &[field("g", "G", "")]),
            object("G", &[field("f", "array<F>", ""), field("x", "string", "        min_length: 1\n")]),
            // H names an enum, whose known values are checked.
            object("H", &[field("s", "S", "")]),
            "  S:\n    description: An enum.\n    source: doc, Table 1\n    values:\n      - value: ON\n        description: On.\n".to_string(),
        ];
        let spec = format!(
            "sources:\n  doc:\n    title: Doc\n    publisher: Us\nschemas:\n{}",
            schemas.concat()
        );
        let dir = std::env::temp_dir().join(format!("has-checks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("t.yaml"), spec).unwrap();
        let model = crate::checked_model(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        let model = model.unwrap_or_else(|f| panic!("{f:?}"));
        let checked: Vec<&str> = model
            .schemas
            .iter()
            .filter(|s| s.has_checks)
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(checked, ["A", "B", "C", "F", "G", "H", "S"]);
    }
}
