//! The lowering: a checked spec, file by file, into the [`Model`]; the one point where a run stops
//! on the spec's problems.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;

use super::*;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::LoadedFile;
use crate::names;
use crate::spec;

/// The model of a spec without problems, and (with [`Keep::files`]) the files it was lowered from.
pub struct Lowered {
    pub model: Model,
    pub files: Vec<LoadedFile>,
}

/// Lowers the spec of `files`, whose type expressions `table` holds, into the model: the one
/// point where a run stops on the spec's problems. `found` holds what loading and checking found
/// wrong; the lowering adds what only it finds (an error code entry that is not one, an example
/// that JSON cannot hold), and gives a model only when there is nothing at all: every problem of
/// the run otherwise, sorted by place.
///
/// What needs no type (the error codes, the examples) is lowered first, so that a refused spec
/// still shows those problems; a spec with any problem goes no further, so that the rest of the
/// lowering reads only a spec the check has passed. Then each file's text is freed (unless
/// [`Keep::files`]), the schemas lowered, each file's on its own (its spec schemas freed once
/// lowered), then the operations, which read the lowered schemas (their types parsed and their
/// names decided once); then the files are dropped.
pub fn lower(
    files: Vec<LoadedFile>,
    table: &TypeTable,
    keep: Keep,
    mut found: Diagnostics,
) -> Result<Lowered, Vec<Diagnostic>> {
    let (error_codes, problems) = error_codes::error_codes(&files);
    problems.into_iter().for_each(|d| found.push(d));
    let examples = match keep.examples {
        true => examples::of_files(&files, &mut found),
        false => Vec::new(),
    };
    if !found.is_empty() {
        return Err(found.sorted());
    }
    let mut files = files;
    if !keep.files {
        files.iter_mut().for_each(LoadedFile::release_after_check);
    }
    let documents = documents(&files);
    let (ids, broken) = names(&files);
    let names = Names {
        ids: &ids,
        broken: &broken,
    };
    let slots: Vec<Mutex<LoadedFile>> = files.into_iter().map(Mutex::new).collect();
    let schemas = crate::each_in_parallel(slots.len(), |i| match slots[i].lock() {
        Ok(mut file) => {
            let part = file_schemas(&file, table.file(i), &names);
            if !keep.files {
                file.spec.schemas = BTreeMap::new();
            }
            part
        }
        Err(_) => Part::default(),
    });
    let files: Vec<LoadedFile> = slots
        .into_iter()
        .filter_map(|slot| slot.into_inner().ok())
        .collect();
    let mut problems = Vec::new();
    let mut model = Model {
        schemas: split(schemas, &mut problems),
        operations: Vec::new(),
        documents,
        error_codes,
    };
    let operations = operations(&files, table, &model, &names);
    model.operations = split(operations, &mut problems);
    mark_requests(&mut model);
    mark_defaults(&mut model);
    mark_checks(&mut model);
    examples::attach(&mut model, examples);
    problems.into_iter().for_each(|d| found.push(d));
    if !found.is_empty() {
        return Err(found.sorted());
    }
    let files = if keep.files { files } else { Vec::new() };
    Ok(Lowered { model, files })
}

/// A file's part of the model, and what lowering it found wrong.
type Part<T> = (Vec<T>, Vec<Diagnostic>);

/// One file's lowering: the file, and what lowering it found wrong.
pub(super) struct Lowering<'f> {
    pub(super) file: &'f LoadedFile,
    pub(super) problems: Vec<Diagnostic>,
}

impl<'f> Lowering<'f> {
    pub(super) fn new(file: &'f LoadedFile) -> Lowering<'f> {
        Lowering {
            file,
            problems: Vec::new(),
        }
    }

    /// `stand_in`, in place of `what`, which the spec holds at `path` and the check refuses. The
    /// lowering reads only a spec the check has passed, so meeting one is a rule the check lacks:
    /// the diagnostic says so, and makes [`lower`] give no model, so the stand-in is never read
    /// (the lowering goes on, to find the rest).
    pub(super) fn refused<T>(&mut self, path: String, what: &str, stand_in: T) -> T {
        let message =
            format!("the generator cannot lower {what}, which its check should have refused");
        let help = "this is a defect of the generator: please report it, with this spec";
        self.problems
            .push(self.file.diag(&path, message).with_help(help));
        stand_in
    }

    /// The constraints `c` sets on values of `scalar` (see [`Constraints::lower`]), of the field
    /// or parameter at `path`; what does not fit is [`Lowering::refused`].
    pub(super) fn constraints<N>(
        &mut self,
        path: &dyn Fn() -> String,
        c: spec::Constraints,
        scalar: &Ty<N>,
    ) -> Constraints {
        Constraints::lower(c, scalar).unwrap_or_else(|c| {
            self.refused(path(), "a bound or a default that does not fit the type", c)
        })
    }
}

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
    /// The type `parsed` (the table's, of the type at `path`) stands for, every schema it names
    /// resolved. A name no schema has gets the check's own diagnostic (the same one, so it is
    /// shown once), unless the load has reported that schema as broken; a type that does not
    /// parse is [`Lowering::refused`]. Either way the type is `json` in its place, and [`lower`]
    /// gives no model.
    pub(super) fn ty(
        &self,
        lw: &mut Lowering,
        path: &dyn Fn() -> String,
        parsed: Option<&Parsed>,
    ) -> Ty {
        match parsed {
            Some(Ok(expr)) => self.resolve(lw, path, expr),
            _ => lw.refused(path(), "a type that does not parse", Ty::Json),
        }
    }

    /// The schema named `name` at `path` (a body's), resolved as [`Names::ty`] does; `None`, with
    /// the diagnostic, for a name that resolves to none.
    pub(super) fn schema(
        &self,
        lw: &mut Lowering,
        path: &dyn Fn() -> String,
        name: &str,
    ) -> Option<SchemaId> {
        let id = self.ids.get(name).copied();
        if id.is_none() {
            self.unresolved(lw, path, name);
        }
        id
    }

    /// `expr` at `path`, every schema it names resolved, as [`Names::ty`] does.
    fn resolve(&self, lw: &mut Lowering, path: &dyn Fn() -> String, expr: &TyExpr) -> Ty {
        expr.try_map(&mut |name| self.ids.get(name).copied())
            .unwrap_or_else(|name| {
                self.unresolved(lw, path, name);
                Ty::Json
            })
    }

    /// The check's diagnostic for `name`, which no schema has, unless the load has reported that
    /// schema as broken (then [`Lowering::refused`]: the load's diagnostic stops the run before).
    fn unresolved(&self, lw: &mut Lowering, path: &dyn Fn() -> String, name: &str) {
        if self.broken.contains(name) {
            return lw.refused(path(), "a type naming a schema that did not load", ());
        }
        let known = self.ids.keys().map(String::as_str);
        let d = crate::check::unknown_schema(lw.file, &path(), name, known);
        lw.problems.push(d);
    }
}

/// Every file's operations, which read the lowered schemas of every file.
fn operations(
    files: &[LoadedFile],
    table: &TypeTable,
    model: &Model,
    names: &Names,
) -> Vec<Part<Operation>> {
    // Files are independent once the schemas are lowered: built on every core, in file order.
    crate::each_in_parallel(files.len(), |i| {
        let mut lw = Lowering::new(&files[i]);
        let docs = DocSources(&files[i].spec.sources);
        let queries = table.file(i);
        let built = (files[i].spec.operations.iter().enumerate())
            .map(|(k, (id, o))| {
                let own = (id.as_str(), o, queries.query(k));
                super::operation::operation(&mut lw, own, &docs, model, names)
            })
            .collect();
        (built, lw.problems)
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

/// One file's schemas, whose member types `types` holds: each needs only its own file.
fn file_schemas(file: &LoadedFile, types: &FileTypes, names: &Names) -> Part<Schema> {
    let mut lw = Lowering::new(file);
    let docs = DocSources(&file.spec.sources);
    let module = module_of(&file.name);
    let built = (file.spec.schemas.iter().enumerate())
        .map(|(k, (name, s))| {
            let own = (name.as_str(), s, types.schema(k));
            schema(&mut lw, own, &module, &docs, names)
        })
        .collect();
    (built, lw.problems)
}

/// The items of every part, in order; their problems into `problems`.
fn split<T>(parts: Vec<Part<T>>, problems: &mut Vec<Diagnostic>) -> Vec<T> {
    let (items, found): (Vec<Vec<T>>, Vec<Vec<Diagnostic>>) = parts.into_iter().unzip();
    problems.extend(found.into_iter().flatten());
    flatten(items)
}

pub(super) fn flatten<T>(parts: Vec<Vec<T>>) -> Vec<T> {
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

/// Schema `name`, whose members' types `types` holds (see [`super::member_types`]).
fn schema(
    lw: &mut Lowering,
    (name, s, types): (&str, &spec::Schema, &[Parsed]),
    module: &str,
    docs: &DocSources,
    names: &Names,
) -> Schema {
    let rust_of = |v: &spec::EnumValue| {
        v.rust_name
            .clone()
            .unwrap_or_else(|| names::escape(&variant_name(&v.value.to_string())))
    };
    let kinds = [s.fields.is_some(), s.values.is_some(), s.one_of.is_some()];
    if kinds.iter().filter(|k| **k).count() != 1 {
        let what = "a schema without exactly one of `fields`, `values` and `one_of`";
        lw.refused(format!("schemas.{name}"), what, ());
    }
    let kind = if let Some(values) = &s.values {
        // The first value decides the enum's kind (the check refuses a mix).
        let integer = values.first().is_some_and(|v| v.value.as_int().is_some());
        if values.iter().any(|v| v.value.as_int().is_some() != integer) {
            lw.refused(
                format!("schemas.{name}.values"),
                "an enum of strings and integers",
                (),
            );
        }
        match integer {
            true => SchemaKind::IntEnum(
                values
                    .iter()
                    .map(|v| IntValue {
                        value: v.value.as_int().unwrap_or_default(),
                        rust: rust_of(v),
                        doc: v.description.trim().to_string(),
                    })
                    .collect(),
            ),
            false => SchemaKind::Enum(
                values
                    .iter()
                    .map(|v| EnumValue {
                        wire: v.value.to_string(),
                        rust: rust_of(v),
                        doc: v.description.trim().to_string(),
                    })
                    .collect(),
            ),
        }
    } else if let Some(variants) = &s.one_of {
        // A variant's type is its member's: after the fields' (none, for a one_of).
        let first = s.fields.as_ref().map_or(0, Vec::len);
        SchemaKind::OneOf(
            variants
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let path = || format!("schemas.{name}.one_of[{i}].type");
                    Variant {
                        rust: v.name.clone(),
                        ty: names.ty(lw, &path, types.get(first + i)),
                        doc: v.description.trim().to_string(),
                    }
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
                let path = || format!("schemas.{name}.fields[{i}]");
                let ty = names.ty(lw, &|| format!("{}.type", path()), types.get(i));
                field(lw, &path, f, docs, ty)
            })
            .collect();
        let rules = s
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let path = |key: &str| format!("schemas.{name}.rules[{i}].{key}");
                let mut find = |key: &str, wire: &str| match fields.iter().find(|f| f.wire == wire)
                {
                    Some(f) => (f.rust.clone(), f.presence()),
                    None => {
                        let stand_in = (wire.to_string(), Presence::Option);
                        lw.refused(path(key), "a rule naming no field", stand_in)
                    }
                };
                Rule {
                    field: find("field", &r.field),
                    other: find("other", &r.other),
                    requires: rule_requires(&r.kind).unwrap_or_else(|| {
                        lw.refused(path("kind"), "a rule of an unknown kind", false)
                    }),
                    wires: (r.field.clone(), r.other.clone()),
                    source: docs.render(&r.source),
                }
            })
            .collect();
        SchemaKind::Object { fields, rules }
    };
    let (doc, notes) = docs.doc_and_notes(&s.description, &s.notes, &s.source);
    Schema {
        name: name.to_string(),
        file: lw.file.name.clone(),
        module: module.to_string(),
        doc,
        kind,
        // Set once every schema is lowered (`mark_requests`, `mark_defaults`, `mark_checks`).
        request: false,
        has_default: false,
        has_checks: false,
        notes,
        // Set with [`Keep::examples`], once every schema is lowered.
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

/// A field, at `path`, its type `ty` resolved.
fn field(
    lw: &mut Lowering,
    path: &dyn Fn() -> String,
    f: &spec::Field,
    docs: &DocSources,
    ty: Ty,
) -> Field {
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
    let constraints = lw.constraints(path, f.constraints(), &ty);
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
    let format = f.format.as_deref().map(|word| {
        Format::parse(word).unwrap_or_else(|| {
            let at = format!("{}.format", path());
            lw.refused(at, "an unknown format", Format::Uuid)
        })
    });
    let since = f.since.as_deref().map(|v| {
        parse_microversion(v).unwrap_or_else(|| {
            let at = format!("{}.since", path());
            lw.refused(at, "a `since` that is no microversion", (0, 0))
        })
    });
    Field {
        wire: f.name.clone(),
        rust: field_rust_name(f),
        ty,
        required: f.required,
        nullable: f.nullable,
        secret: f.secret,
        since,
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

#[cfg(test)]
mod tests {
    /// A field of `ty` (optional) in the YAML of a spec's `schemas`.
    fn field(name: &str, ty: &str, extra: &str) -> String {
        format!(
            "      - name: {name}\n        type: {ty}\n{extra}        description: A field.\n        source: doc, Table 1\n"
        )
    }

    /// `spec` (one file) lowered without the check, as `keep` says: the model, or every problem
    /// as `(message, path, line)`.
    fn lower_unchecked(
        name: &str,
        spec: &str,
        keep: super::Keep,
    ) -> Result<super::Model, Vec<(String, String, usize)>> {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("t.yaml"), spec).unwrap();
        let mut diags = crate::diag::Diagnostics::default();
        let files = crate::load::load(&dir, &mut diags).unwrap_or_else(|e| panic!("{:?}", e.0));
        assert!(diags.is_empty(), "{:?}", diags.0);
        let table = super::TypeTable::parse(&files);
        // The files' texts are read again for the diagnostics' places.
        let lowered = super::lower(files, &table, keep, diags);
        std::fs::remove_dir_all(&dir).unwrap();
        lowered.map(|l| l.model).map_err(|problems| {
            let found = problems.into_iter();
            found.map(|d| (d.message, d.path, d.line)).collect()
        })
    }

    /// A spec of the schemas `schemas` (YAML under `schemas:`), citing the document `doc`.
    fn spec_of(schemas: &str) -> String {
        format!("sources:\n  doc:\n    title: Doc\n    publisher: Us\nschemas:\n{schemas}")
    }

    /// An object schema `name` with `fields` (see [`field`]) and the YAML `rest` after them.
    fn object(name: &str, fields: &[String], rest: &str) -> String {
        format!(
            "  {name}:\n    description: An object.\n    source: doc, Table 1\n    fields:\n{}{rest}",
            fields.concat()
        )
    }

    #[test]
    fn a_name_no_schema_has_is_reported_by_the_lowering_itself_not_lowered_silently() {
        let fields = [field("b", "array<Missing>", ""), field("c", "map<A>", "")];
        let schemas = object("A", &fields, "");
        // Without the check: the lowering alone must refuse the name, and give no model.
        let keep = super::Keep::default();
        let found = lower_unchecked("unresolved", &spec_of(&schemas), keep).err();
        let expected = (
            "no schema is named `Missing`",
            "schemas.A.fields.b.type",
            11,
        );
        let expected = (expected.0.to_string(), expected.1.to_string(), expected.2);
        assert_eq!(found, Some(vec![expected]));
        // The name that resolves is the schema's id.
        let schemas = object("A", &[field("c", "map<A>", "")], "");
        let model = lower_unchecked("resolved", &spec_of(&schemas), keep)
            .unwrap_or_else(|found| panic!("{found:?}"));
        let super::SchemaKind::Object { fields, .. } = &model.schemas[0].kind else {
            panic!("A is an object");
        };
        let Some(named) = model.referenced(&fields[0].ty) else {
            panic!("`map<A>` names A");
        };
        assert_eq!(named.name, "A");
    }

    #[test]
    fn what_only_the_check_refuses_gives_no_model_even_without_the_check() {
        // Each of these the check refuses; lowered without it, each is a located problem of the
        // lowering's own, never a stand-in in a model.
        let fields = [
            field("x", "array<", ""),
            field("y", "string", "        format: hex\n        minimum: 1\n"),
        ];
        let rule = "      - kind: implies\n        field: x\n        other: nothere\n        source: doc, Table 1\n";
        let schemas = object("A", &fields, &format!("    rules:\n{rule}"));
        let found = lower_unchecked("unchecked", &spec_of(&schemas), Default::default())
            .err()
            .unwrap_or_default();
        let paths: Vec<&str> = found.iter().map(|(_, path, _)| path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "schemas.A.fields.x.type",
                "schemas.A.fields.y",
                "schemas.A.fields.y.format",
                "schemas.A.rules[0].kind",
                "schemas.A.rules[0].other",
            ],
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .all(|(m, _, _)| m.ends_with("which its check should have refused")),
            "{found:?}"
        );
    }

    #[test]
    fn a_schema_has_checks_through_the_schemas_it_names_and_around_cycles() {
        let schemas = [
            // A reaches a bound through an array of B, which names C.
            object("A", &[field("b", "array<B>", "")], ""),
            object("B", &[field("c", "C", "")], ""),
            object("C", &[field("n", "integer", "        minimum: 1\n")], ""),
            // D names itself (through an array) and nothing checked; E names D; M is a map of C,
            // each value checked.
            object("D", &[field("d", "array<D>", ""), field("s", "string", "")], ""),
            object("E", &[field("d", "array<D>", "")], ""),
            object("M", &[field("m", "map<C>", "")], ""),
            // F and G name each other (G through an array); G has a length.
            object("F", &[field("g", "G", "")], ""),
            object("G", &[field("f", "array<F>", ""), field("x", "string", "        min_length: 1\n")], ""),
            // H names an enum, whose known values are checked.
            object("H", &[field("s", "S", "")], ""),
            "  S:\n    description: An enum.\n    source: doc, Table 1\n    values:\n      - value: ON\n        description: On.\n".to_string(),
        ];
        let spec = spec_of(&schemas.concat());
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
        assert_eq!(checked, ["A", "B", "C", "F", "G", "H", "M", "S"]);
    }
}
