//! Stage 2: every rule of the spec format that serde's shape cannot express, all reported at once.
//!
//! `keys` checks the keys that tie the spec to the published pages (`page`, `doc_deviations`).

mod constraints;
mod headers;
pub(crate) mod keys;
mod paging;
pub mod placeholder;
mod query;

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Display;

use serde_yaml::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{LoadedFile, edit_distance};
use crate::model::{
    ConstantValue, ErrorDialect, FAULT_MEMBERS, Format, ParamFrom, Parsed, TyExpr, TypeTable,
    field_rust_name, headers_struct_name, paging_method, parse_microversion, parse_template,
    query_struct_name, rule_requires, variant_name,
};
use crate::names;
use crate::spec;

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/// What every rule may look up: all schemas of the spec, and the items that did not load.
#[derive(Default)]
struct Known<'a> {
    schemas: HashMap<&'a str, (&'a LoadedFile, &'a spec::Schema)>,
    broken: BTreeSet<&'a str>,
    types: Types<'a>,
}

/// The parsed types of each schema's members (its fields, then its `one_of` variants; see
/// [`crate::model::member_types`]), from the table, by schema name: those of the schema's first
/// definition, the one `Known::schemas` holds.
type Types<'a> = HashMap<&'a str, &'a [Parsed]>;

struct Ctx<'a> {
    schemas: &'a HashMap<&'a str, (&'a LoadedFile, &'a spec::Schema)>,
    broken: &'a BTreeSet<&'a str>,
    types: &'a Types<'a>,
    diags: &'a mut Diagnostics,
}

/// A spec path under a parent (`{parent}.{key}` or `{parent}.{key}[{index}]`), made into text only
/// when a diagnostic shows it: a valid spec never needs the text of any.
#[derive(Clone, Copy)]
struct Sub<'a>(&'a dyn Display, &'a str, Option<usize>);

impl Display for Sub<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}.{}", self.0, self.1)?;
        match self.2 {
            Some(i) => write!(f, "[{i}]"),
            None => Ok(()),
        }
    }
}

impl<'a> Ctx<'a> {
    /// The parsed type of member `i` of the schema `name` that rules look up (its first
    /// definition), if it parses.
    fn schema_member_ty(&self, name: &str, i: usize) -> Option<&'a TyExpr> {
        self.types.get(name)?.get(i)?.as_ref().ok()
    }

    fn err(&mut self, file: &LoadedFile, path: &dyn Display, message: impl Into<String>) {
        self.diags.push(file.diag(&path.to_string(), message));
    }

    fn err_help(
        &mut self,
        file: &LoadedFile,
        path: &dyn Display,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diags
            .push(file.diag(&path.to_string(), message).with_help(help));
    }
}

/// Checks `files`, whose type expressions `table` holds (parsed from these files, in this order).
pub fn check(files: &[LoadedFile], table: &TypeTable, diags: &mut Diagnostics) {
    let mut known = Known::default();
    let mut operations: HashMap<&str, &LoadedFile> = HashMap::new();
    for (i, file) in files.iter().enumerate() {
        known.broken.extend(file.broken.iter().map(String::as_str));
        let types = table.file(i);
        for (k, (name, s)) in file.spec.schemas.iter().enumerate() {
            if let Some((first, _)) = known.schemas.get(name.as_str()) {
                let msg = format!(
                    "schema `{name}` is defined twice (also in {})",
                    place(first, &format!("schemas.{name}"))
                );
                diags.push(file.diag(&format!("schemas.{name}"), msg));
            } else {
                known.schemas.insert(name, (file, s));
                known.types.insert(name, types.schema(k));
            }
        }
        for id in file.spec.operations.keys() {
            if let Some(first) = operations.insert(id, file) {
                let msg = format!(
                    "operation `{id}` is defined twice (also in {})",
                    place(first, &format!("operations.{id}"))
                );
                diags.push(file.diag(&format!("operations.{id}"), msg));
            }
        }
    }
    // The rules within one file read only `known`: files are checked on every core, and their
    // problems kept in file order (the diagnostics are sorted by place in the end anyway).
    let per_file = crate::each_in_parallel(files.len(), |i| {
        let (file, types) = (&files[i], table.file(i));
        let mut own = Diagnostics::default();
        let mut ctx = Ctx {
            schemas: &known.schemas,
            broken: &known.broken,
            types: &known.types,
            diags: &mut own,
        };
        for (k, (name, s)) in file.spec.schemas.iter().enumerate() {
            schema(&mut ctx, file, (name, types.schema(k)), s);
        }
        for (k, (id, o)) in file.spec.operations.iter().enumerate() {
            operation(&mut ctx, file, id, o, types.query(k));
            let struct_name = names::camel(id);
            if ctx.schemas.contains_key(struct_name.as_str()) {
                ctx.err(
                    file,
                    &format!("operations.{id}"),
                    format!(
                        "operation `{id}` becomes the type `{struct_name}`, which is also a schema"
                    ),
                );
            }
            let headers = headers_struct_name(&struct_name);
            if !o.response.headers.is_empty() && ctx.schemas.contains_key(headers.as_str()) {
                ctx.err(
                    file,
                    &format!("operations.{id}.response.headers"),
                    format!("the answer headers of `{id}` become the type `{headers}`, which is also a schema"),
                );
            }
            let query = query_struct_name(&struct_name);
            if !o.query_params.is_empty() && ctx.schemas.contains_key(query.as_str()) {
                ctx.err(
                    file,
                    &format!("operations.{id}.query_params"),
                    format!("the query parameters of `{id}` become the type `{query}`, which is also a schema"),
                );
            }
        }
        sources(&mut ctx, file);
        crate::limits::wire(file, ctx.diags);
        keys::check(file, ctx.diags);
        placeholder::check(file, ctx.diags);
        own
    });
    per_file
        .into_iter()
        .flat_map(|own| own.0)
        .for_each(|d| diags.push(d));
    let mut ctx = Ctx {
        schemas: &known.schemas,
        broken: &known.broken,
        types: &known.types,
        diags,
    };
    // Client methods and request types are claimed across files, in file order.
    let mut methods: HashMap<String, String> = HashMap::new();
    let mut types: HashMap<String, &str> = HashMap::new();
    for file in files {
        for (id, o) in &file.spec.operations {
            let path = format!("operations.{id}");
            let struct_name = names::camel(id);
            if let Some(other) = types.insert(struct_name.clone(), id)
                && other != id
            {
                ctx.err_help(
                    file,
                    &path,
                    format!("operations `{other}` and `{id}` both become the type `{struct_name}`"),
                    "rename one of them",
                );
            }
            let headers = headers_struct_name(&struct_name);
            if !o.response.headers.is_empty()
                && let Some(other) = types.insert(headers.clone(), id)
                && other != id
            {
                ctx.err_help(
                    file,
                    &path,
                    format!("the answer headers of `{id}` and the operation `{other}` both become the type `{headers}`"),
                    "rename one of the operations",
                );
            }
            let query = query_struct_name(&struct_name);
            if !o.query_params.is_empty()
                && let Some(other) = types.insert(query.clone(), id)
                && other != id
            {
                ctx.err_help(
                    file,
                    &path,
                    format!("the query parameters of `{id}` and the operation `{other}` both become the type `{query}`"),
                    "rename one of the operations",
                );
            }
            let mut claim = |ctx: &mut Ctx, method: &str, what: String| {
                if names::CLIENT_METHODS.contains(&method) {
                    ctx.err_help(
                        file,
                        &path,
                        format!("{what} becomes the client method `{method}`, which `Client` already has"),
                        "give the operation (or the waiter's `method`) another name",
                    );
                } else if let Some(prev) = methods.insert(method.to_string(), what.clone())
                    && prev != what
                {
                    ctx.err(
                        file,
                        &path,
                        format!("{what} and {prev} both become the client method `{method}`"),
                    );
                }
            };
            claim(&mut ctx, id, format!("operation `{id}`"));
            if o.paging.is_some() {
                let stream = paging_method(id);
                claim(&mut ctx, &stream, format!("the stream of `{id}`"));
            }
            if let Some(w) = &o.waiter {
                claim(&mut ctx, &w.method, format!("the waiter of `{id}`"));
                if let Some(method) = &w.targets_method {
                    claim(&mut ctx, method, format!("the targets waiter of `{id}`"));
                }
            }
        }
    }
    told_apart(&mut ctx, files);
    // The module of each file's types (located at its `schemas`): a Rust name, one per file.
    let mut modules: HashMap<String, &LoadedFile> = HashMap::new();
    for file in files.iter().filter(|f| !f.spec.schemas.is_empty()) {
        let module = names::file_module(&file.name);
        if let Some(problem) = names::module_problem(&module) {
            let msg = format!(
                "the file name {} gives its types the module `{module}`, which {problem}",
                crate::text::file_name(&file.name)
            );
            let help = "rename the file: a letter first, then ASCII letters, digits, `_` or `-`, and not `mod` (`jobs.yaml`)";
            ctx.diags.push(file.diag("schemas", msg).with_help(help));
        } else if let Some(first) = modules.insert(module.clone(), file) {
            let msg = format!(
                "this file's types and those of {} both become the module `{module}`",
                first.display
            );
            ctx.diags.push(
                file.diag("schemas", msg)
                    .with_help("rename one of the files"),
            );
        }
    }
    cycles(&mut ctx);
    crate::limits::nesting(ctx.schemas, ctx.types, ctx.diags);
}

/// Operations on one method and path (`POST .../action`) are told apart by their bodies: the
/// service reads the wrapper key and the constants (`os-start`, `action: create`), so two
/// operations that send the same are refused, located at the later one's path.
fn told_apart(ctx: &mut Ctx, files: &[LoadedFile]) {
    let mut sent: HashMap<(&str, String, String), &str> = HashMap::new();
    let mut reported = BTreeSet::new();
    for file in files {
        for (id, o) in &file.spec.operations {
            let body = match &o.request {
                None => String::new(),
                Some(r) => {
                    let mut constants: Vec<_> = r
                        .constants
                        .iter()
                        .map(|c| format!("{:?}={}", c.name, show(&c.value)))
                        .collect();
                    constants.sort();
                    format!("{:?} {}", r.wrapper, constants.join(","))
                }
            };
            for (i, p) in o.paths.iter().enumerate() {
                let Some(segments) = parse_template(&p.template) else {
                    continue;
                };
                let shape: String = segments
                    .iter()
                    .map(|(param, s)| {
                        if *param {
                            "/{}".into()
                        } else {
                            format!("/{s}")
                        }
                    })
                    .collect();
                let key = (o.method.as_str(), shape, body.clone());
                match sent.get(&key) {
                    Some(&other) if other != id => {
                        if reported.insert((other, id.as_str())) {
                            ctx.err_help(
                                file,
                                &format!("operations.{id}.paths[{i}]"),
                                format!("operations `{other}` and `{id}` both send `{} {}` with the same wrapper key and constants, so the service cannot tell them apart", o.method, p.template),
                                "give each its own `wrapper` or `constants` (`constants: [{name: action, value: create, source: ...}]`), as the page's request body tells them apart",
                            );
                        }
                    }
                    Some(_) => {}
                    None => {
                        sent.insert(key, id);
                    }
                }
            }
        }
    }
}

/// `spec/jobs.yaml:12`: where `path` stands, for a message that names a second place.
fn place(file: &LoadedFile, path: &str) -> String {
    match file.locator.exact(path) {
        Some(s) => format!("{}:{}", file.display, s.line + 1),
        None => file.display.clone(),
    }
}

/// The rules of one schema, `name`, whose members' types are `types` (its own definition's).
fn schema(ctx: &mut Ctx, file: &LoadedFile, (name, types): (&str, &[Parsed]), s: &spec::Schema) {
    let path = Sub(&"schemas", name, None);
    if !names::is_identifier(name)
        || !name.starts_with(|c: char| c.is_ascii_uppercase())
        || name.contains('_')
    {
        ctx.err_help(
            file,
            &path,
            format!("schema name `{name}` is not an UpperCamelCase Rust type name"),
            "write it like `OsReinstallMetadata`",
        );
    } else if names::BARE_TYPES.contains(&name) {
        ctx.err(
            file,
            &path,
            format!("schema name `{name}` would shadow the `{name}` that the generated code names unqualified"),
        );
    }
    let kinds = [s.fields.is_some(), s.values.is_some(), s.one_of.is_some()]
        .iter()
        .filter(|k| **k)
        .count();
    if kinds != 1 {
        ctx.err_help(file, &path, "a schema needs exactly one of `fields`, `values` or `one_of`", "`fields` for an object, `values` for a string enum, `one_of` for a value of several shapes");
    }
    if let Some(fields) = &s.fields {
        object(ctx, file, (&path, types), fields, &s.rules);
    } else if !s.rules.is_empty() {
        ctx.err(
            file,
            &format!("{path}.rules"),
            "`rules` apply only to schemas with `fields`",
        );
    }
    if let Some(values) = &s.values {
        enumeration(ctx, file, &path, values);
    }
    if let Some(variants) = &s.one_of {
        if variants.is_empty() {
            ctx.err(file, &format!("{path}.one_of"), "`one_of` lists no variant");
        }
        let mut seen = BTreeSet::new();
        for (i, v) in variants.iter().enumerate() {
            let vp = Sub(&path, "one_of", Some(i));
            if !names::is_identifier(&v.name)
                || !v.name.starts_with(|c: char| c.is_ascii_uppercase())
            {
                ctx.err(
                    file,
                    &format!("{vp}.name"),
                    format!(
                        "variant name `{}` is not an UpperCamelCase identifier",
                        v.name
                    ),
                );
            }
            if !seen.insert(v.name.as_str()) {
                ctx.err(
                    file,
                    &format!("{vp}.name"),
                    format!("variant `{}` is listed twice", v.name),
                );
            }
            let at = s.fields.as_ref().map_or(0, Vec::len) + i;
            type_expr(ctx, file, &Sub(&vp, "type", None), &v.ty, types.get(at));
        }
    }
    for (i, ex) in s.examples.iter().enumerate() {
        let mut problems = Vec::new();
        conforms(ctx, name, &ex.value, "", false, &mut problems);
        for p in problems {
            ctx.err(
                file,
                &format!("{path}.examples[{i}].value"),
                format!("example `{}` does not match `{name}`: {p}", ex.name),
            );
        }
    }
}

/// The rules of an object schema at `path`, whose members' types are `types`.
fn object(
    ctx: &mut Ctx,
    file: &LoadedFile,
    (path, types): (&dyn Display, &[Parsed]),
    fields: &[spec::Field],
    rules: &[spec::Rule],
) {
    // A schema has a few dozen fields at most: ordered maps, no hashing.
    let mut wire: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rust: BTreeMap<String, &str> = BTreeMap::new();
    rust.insert("extra".into(), "the field that keeps unknown fields");
    rust.insert(
        "nulls".into(),
        "the field that records which optional fields arrived as null",
    );
    for (i, f) in fields.iter().enumerate() {
        let fp = Sub(path, "fields", Some(i));
        if wire.insert(&f.name, i).is_some() {
            ctx.err(
                file,
                &format!("{fp}.name"),
                format!("field `{}` is listed twice", f.name),
            );
            continue;
        }
        let rust_name = field_rust_name(f);
        let bare = rust_name.trim_start_matches("r#").trim_end_matches('_');
        if let Some(r) = &f.rust_name {
            if !names::is_identifier(r) || r.chars().any(|c| c.is_ascii_uppercase()) {
                ctx.err(
                    file,
                    &format!("{fp}.rust_name"),
                    format!("`{r}` is not a snake_case Rust identifier"),
                );
            } else if r.starts_with("__") {
                ctx.err(
                    file,
                    &format!("{fp}.rust_name"),
                    format!(
                        "`{r}` begins with `__`, which the generated code keeps for its own names"
                    ),
                );
            }
        } else if bare.is_empty() || !names::is_identifier(bare) {
            ctx.err_help(
                file,
                &format!("{fp}.name"),
                format!("`{}` gives no Rust field name", f.name),
                "add `rust_name:`",
            );
        }
        match rust.entry(rust_name) {
            Entry::Vacant(slot) => {
                slot.insert(&f.name);
            }
            Entry::Occupied(mut slot) => {
                let other = std::mem::replace(slot.get_mut(), &f.name);
                let msg = format!(
                    "fields `{other}` and `{}` both become the Rust field `{}`",
                    f.name,
                    slot.key()
                );
                ctx.err_help(file, &fp, msg, "give one of them a `rust_name`");
            }
        }
        let ty = type_expr(ctx, file, &Sub(&fp, "type", None), &f.ty, types.get(i));
        field_constraints(ctx, file, &fp, f, ty);
    }
    for (i, r) in rules.iter().enumerate() {
        let rp = Sub(path, "rules", Some(i));
        if rule_requires(&r.kind).is_none() {
            ctx.err_help(
                file,
                &format!("{rp}.kind"),
                format!("unknown rule kind `{}`", r.kind),
                "expected `requires` or `excludes`",
            );
        }
        for (key, name) in [("field", &r.field), ("other", &r.other)] {
            if !wire.contains_key(name.as_str()) {
                ctx.err(
                    file,
                    &format!("{rp}.{key}"),
                    format!("rule names `{name}`, which is not a field of this schema"),
                );
            }
        }
        if r.field == r.other {
            ctx.err(file, &rp, format!("rule relates `{}` to itself", r.field));
        }
    }
}

fn field_constraints(
    ctx: &mut Ctx,
    file: &LoadedFile,
    fp: &dyn Display,
    f: &spec::Field,
    ty: Option<&TyExpr>,
) {
    let is_string = ty == Some(&TyExpr::String);
    let string_only = [
        ("format", f.format.is_some()),
        ("password", f.password.is_some()),
        ("max_decoded_bytes", f.max_decoded_bytes.is_some()),
    ];
    for (key, set) in string_only {
        if set && ty.is_some() && !is_string {
            ctx.err(
                file,
                &format!("{fp}.{key}"),
                format!("`{key}` applies to strings, but `{}` is `{}`", f.name, f.ty),
            );
        }
    }
    if let Some(ty) = ty {
        let subject = constraints::Subject {
            at: fp,
            name: &f.name,
            ty_text: &f.ty,
            ty,
            each: false,
            secret: f.secret,
        };
        constraints::constraints(ctx, file, &subject, f.constraints());
    }
    let is_array = matches!(ty, Some(TyExpr::Array(_)));
    for (key, set) in [
        ("min_items", f.min_items.is_some()),
        ("max_items", f.max_items.is_some()),
    ] {
        if set && ty.is_some() && !is_array {
            ctx.err(
                file,
                &format!("{fp}.{key}"),
                format!("`{key}` applies to arrays, but `{}` is `{}`", f.name, f.ty),
            );
        }
    }
    if let (Some(min), Some(max)) = (f.min_items, f.max_items)
        && min > max
    {
        ctx.err(
            file,
            &format!("{fp}.min_items"),
            format!("min_items {min} is above max_items {max}"),
        );
    }
    let known_format = f.format.as_deref().and_then(Format::parse);
    if let Some(format) = &f.format
        && known_format.is_none()
    {
        ctx.err_help(
            file,
            &format!("{fp}.format"),
            format!("unknown format `{format}`"),
            "expected `base64` or `uuid`",
        );
    }
    if f.max_decoded_bytes.is_some() && known_format != Some(Format::Base64) {
        ctx.err(
            file,
            &format!("{fp}.max_decoded_bytes"),
            "`max_decoded_bytes` needs `format: base64`",
        );
    }
    if let Some(p) = &f.password {
        if !(1..=4).contains(&p.min_classes) {
            ctx.err(
                file,
                &format!("{fp}.password.min_classes"),
                format!(
                    "min_classes is {}, but there are 4 classes (upper, lower, digit, special)",
                    p.min_classes
                ),
            );
        }
        if p.specials.is_empty() {
            ctx.err(
                file,
                &format!("{fp}.password.specials"),
                "the list of special characters is empty",
            );
        }
    }
    if let Some(v) = &f.since
        && parse_microversion(v).is_none()
    {
        ctx.err_help(
            file,
            &format!("{fp}.since"),
            format!("`{v}` is not a microversion"),
            "write MAJOR.MINOR, quoted: \"2.54\"",
        );
    }
}

fn enumeration(ctx: &mut Ctx, file: &LoadedFile, path: &dyn Display, values: &[spec::EnumValue]) {
    if values.is_empty() {
        ctx.err(file, &format!("{path}.values"), "the enum lists no value");
    }
    let mut wire = BTreeSet::new();
    let mut rust: BTreeMap<String, String> = BTreeMap::new();
    rust.insert(
        "Other".into(),
        "the variant that keeps unknown values".into(),
    );
    // The first value decides the enum's kind; a value of the other kind is refused.
    let integer = values.first().is_some_and(|v| v.value.as_int().is_some());
    let kind = |integer: bool| if integer { "an integer" } else { "a string" };
    for (i, v) in values.iter().enumerate() {
        let vp = Sub(path, "values", Some(i));
        if (v.value.as_int().is_some()) != integer {
            ctx.err_help(
                file,
                &format!("{vp}.value"),
                format!(
                    "value `{}` is {}, but the enum's first value `{}` is {}: an enum holds strings or integers, not both",
                    v.value,
                    kind(!integer),
                    values[0].value,
                    kind(integer)
                ),
                "quote a number that is a string value (`\"1\"`), or write every value as an integer",
            );
            continue;
        }
        if !wire.insert(&v.value) {
            ctx.err(
                file,
                &format!("{vp}.value"),
                format!("value `{}` is listed twice", v.value),
            );
            continue;
        }
        let name = v
            .rust_name
            .clone()
            .unwrap_or_else(|| variant_name(&v.value.to_string()));
        if !names::is_identifier(&name) || !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            let at = if v.rust_name.is_some() {
                "rust_name"
            } else {
                "value"
            };
            ctx.err_help(
                file,
                &format!("{vp}.{at}"),
                format!("`{}` gives no UpperCamelCase variant name", v.value),
                "add `rust_name:`",
            );
        } else if let Some(other) = rust.insert(name.clone(), v.value.to_string()) {
            let msg = format!(
                "values `{other}` and `{}` both become the variant `{name}`",
                v.value
            );
            ctx.err_help(file, &vp, msg, "give one of them a `rust_name`");
        }
    }
}

/// Reports why the type expression `ty` (`parsed`, as the table holds it) does not parse, or a
/// schema it names that does not exist; the type, if it parses.
fn type_expr<'t>(
    ctx: &mut Ctx,
    file: &LoadedFile,
    path: &dyn Display,
    ty: &str,
    parsed: Option<&'t Parsed>,
) -> Option<&'t TyExpr> {
    match parsed? {
        Err(e) => {
            // `array<widget_part>` naming a schema whose own name is refused: reported there.
            let mut inner = ty.trim();
            while let Some(rest) = inner
                .strip_prefix("array<")
                .or(inner.strip_prefix("map<"))
                .and_then(|r| r.strip_suffix('>'))
            {
                inner = rest;
            }
            // (Wrapped around a name that parses, it would have parsed.)
            if !ctx.schemas.contains_key(inner) {
                ctx.err(file, path, e.as_str());
            }
            None
        }
        Ok(t) => {
            if let Some(n) = t.named()
                && !ctx.schemas.contains_key(n)
                && !ctx.broken.contains(n)
            {
                let d = unknown_schema(file, &path.to_string(), n, ctx.schemas.keys().copied());
                ctx.diags.push(d);
            }
            Some(t)
        }
    }
}

/// The problem of a type at `path` that names `name`, which none of `schemas` is, with the
/// closest of them as a hint. The lowering gives the same for a name it cannot resolve.
pub(crate) fn unknown_schema<'a>(
    file: &LoadedFile,
    path: &str,
    name: &str,
    schemas: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let help = closest(name, schemas).map(|c| format!("did you mean `{c}`?"));
    let d = file.diag(path, format!("no schema is named `{name}`"));
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// The schema name a typo most likely meant: fewest edits (case aside), within a quarter of the name.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    candidates
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= 1.max(name.len() / 4))
        .min()
        .map(|(_, c)| c)
}

/// The rules of operation `id`, whose query parameters' types are `queries`.
fn operation(ctx: &mut Ctx, file: &LoadedFile, id: &str, o: &spec::Operation, queries: &[Parsed]) {
    let path = format!("operations.{id}");
    if !names::is_identifier(id) || id.chars().any(|c| c.is_ascii_uppercase()) {
        ctx.err(
            file,
            &path,
            format!("operation id `{id}` is not a snake_case Rust identifier"),
        );
    } else if !names::camel(id).starts_with(|c: char| c.is_ascii_alphabetic()) {
        ctx.err_help(
            file,
            &path,
            format!("operation id `{id}` gives no Rust type name"),
            "name it with a letter first, in snake_case (`show_server`)",
        );
    } else if names::escape(id) != id {
        // The id names the operation's module (`mod type;` does not compile) and its type.
        ctx.err_help(
            file,
            &path,
            format!("operation id `{id}` is a Rust keyword"),
            "rename it; the id names the client method, the module and the request type",
        );
    } else if let Some(problem) = names::module_problem(id) {
        ctx.err(
            file,
            &path,
            format!("operation id `{id}` names its module, and `{id}` {problem}"),
        );
    }
    if !METHODS.contains(&o.method.as_str()) {
        ctx.err_help(
            file,
            &format!("{path}.method"),
            format!("unknown HTTP method `{}`", o.method),
            format!("expected one of {}", METHODS.join(", ")),
        );
    }
    if let Some(auth) = &o.auth
        && auth != "none"
    {
        ctx.err_help(
            file,
            &format!("{path}.auth"),
            format!("unknown auth `{auth}`"),
            "expected `none` (the request carries no credential), or leave the key out (it carries the client's)",
        );
    }
    if ErrorDialect::parse(&o.errors).is_none() {
        ctx.err_help(
            file,
            &format!("{path}.errors"),
            format!("unknown error dialect `{}`", o.errors),
            "expected `ecs` or `nova`",
        );
    }
    let mut declared = BTreeSet::new();
    let mut rust_names: HashMap<String, &str> = HashMap::new();
    for (i, p) in o.path_params.iter().enumerate() {
        let pp = format!("{path}.path_params[{i}].name");
        // The Rust argument the parameter becomes (as the model names it): `_` and `_1` give
        // none, `a__b` the same as `a_b`.
        let rust = names::snake(&p.name);
        if !names::is_identifier(&p.name) || p.name.chars().any(|c| c.is_ascii_uppercase()) {
            ctx.err(
                file,
                &pp,
                format!("path parameter `{}` is not a snake_case identifier", p.name),
            );
        } else if !rust.starts_with(|c: char| c.is_ascii_alphabetic()) {
            ctx.err_help(
                file,
                &pp,
                format!("path parameter `{}` gives no Rust argument name", p.name),
                "name it with a letter first, in snake_case (`server_id`); its name in the template is only a placeholder",
            );
        } else if let Some(other) = rust_names.insert(rust.clone(), &p.name)
            && other != p.name
        {
            ctx.err_help(
                file,
                &pp,
                format!(
                    "path parameters `{other}` and `{}` both become the Rust argument `{rust}`",
                    p.name
                ),
                "rename one of them",
            );
        } else if [
            "ctx",
            "path",
            "body",
            "query",
            "paging",
            "self",
            "poll_interval",
            "timeout",
        ]
        .contains(&rust.as_str())
        {
            let msg = format!(
                "path parameter `{}` would clash with a name of the generated code",
                p.name
            );
            ctx.err_help(
                file,
                &pp,
                msg,
                "rename it; its name in the template is only a placeholder",
            );
        }
        if !declared.insert(p.name.as_str()) {
            ctx.err(
                file,
                &format!("{path}.path_params[{i}]"),
                format!("path parameter `{}` is declared twice", p.name),
            );
        }
        if let Some(from) = &p.from
            && ParamFrom::parse(from).is_none()
        {
            ctx.err_help(
                file,
                &format!("{path}.path_params[{i}].from"),
                format!("unknown `from: {from}`"),
                "expected `client` or `argument`",
            );
        }
    }
    if o.paths.is_empty() {
        ctx.err(
            file,
            &format!("{path}.paths"),
            "an operation needs at least one path",
        );
    }
    let mut variants = BTreeSet::new();
    for (i, p) in o.paths.iter().enumerate() {
        let pp = format!("{path}.paths[{i}]");
        match (i, &p.variant) {
            (0, Some(_)) => ctx.err(
                file,
                &format!("{pp}.variant"),
                "the first path is the default and takes no `variant`",
            ),
            (1.., None) => ctx.err_help(
                file,
                &pp,
                "only the first path is the default",
                "name this one with `variant:`",
            ),
            (_, Some(v)) if !variants.insert(v.as_str()) => ctx.err(
                file,
                &format!("{pp}.variant"),
                format!("variant `{v}` is used twice"),
            ),
            _ => {}
        }
        let Some(segments) = parse_template(&p.template) else {
            ctx.err_help(file, &format!("{pp}.template"), format!("`{}` is not a path template", p.template), "write `/v2/{project_id}/servers/{server_id}`: a leading `/`, no empty segment, no query, `{name}` as a whole segment");
            continue;
        };
        let used: BTreeSet<&str> = segments
            .iter()
            .filter(|(param, _)| *param)
            .map(|(_, s)| s.as_str())
            .collect();
        for missing in declared.difference(&used) {
            ctx.err(
                file,
                &format!("{pp}.template"),
                format!(
                    "path parameter `{missing}` is declared but not in `{}`",
                    p.template
                ),
            );
        }
        for extra in used.difference(&declared) {
            ctx.err_help(
                file,
                &format!("{pp}.template"),
                format!(
                    "`{{{extra}}}` in `{}` is not a declared path parameter",
                    p.template
                ),
                "add it to `path_params`",
            );
        }
    }
    query::query_params(ctx, file, &path, o, queries);
    paging::paging(ctx, file, &path, o);
    headers::headers(ctx, file, &path, o);
    let object_ref = |ctx: &mut Ctx, at: String, schema: &str| match ctx.schemas.get(schema) {
        Some((_, s)) if s.fields.is_none() => {
            ctx.err(file, &at, format!("`{schema}` is not an object schema"))
        }
        None if !ctx.broken.contains(schema) => {
            let d = unknown_schema(file, &at, schema, ctx.schemas.keys().copied());
            ctx.diags.push(d);
        }
        _ => {}
    };
    if let Some(r) = &o.request {
        if let Some(schema) = &r.schema {
            object_ref(ctx, format!("{path}.request.schema"), schema);
        }
        constants(ctx, file, &format!("{path}.request"), r);
    }
    if let Some(schema) = &o.response.schema {
        object_ref(ctx, format!("{path}.response.schema"), schema);
    }
    if o.response.statuses.is_empty() {
        ctx.err(
            file,
            &format!("{path}.response.statuses"),
            "no success status is listed",
        );
    }
    for (i, s) in o.response.statuses.iter().enumerate() {
        if !(100..=599).contains(s) {
            ctx.err(
                file,
                &format!("{path}.response.statuses[{i}]"),
                format!("{s} is not an HTTP status"),
            );
        }
    }
    if let Some(m) = &o.microversions
        && parse_microversion(&m.default).is_none()
    {
        ctx.err_help(
            file,
            &format!("{path}.microversions.default"),
            format!("`{}` is not a microversion", m.default),
            "write MAJOR.MINOR, quoted: \"2.1\"",
        );
    }
    let since_used = o
        .request
        .as_ref()
        .and_then(|r| ctx.schemas.get(r.schema.as_deref()?))
        .is_some_and(|(_, s)| s.fields.iter().flatten().any(|f| f.since.is_some()));
    if since_used && o.microversions.is_none() {
        ctx.err(
            file,
            &path,
            "the request has fields with `since`, but the operation declares no `microversions`",
        );
    }
    if let Some(w) = &o.waiter {
        waiter(ctx, file, &path, o, w);
    }
    for (i, ex) in o.examples.iter().enumerate() {
        example(ctx, file, &format!("{path}.examples[{i}]"), o, ex);
    }
}

/// A request sends a schema's object, constants or both; a wrapper wraps the object, and no two
/// members of the body share a wire name.
fn constants(ctx: &mut Ctx, file: &LoadedFile, rp: &str, r: &spec::RequestBody) {
    match (&r.schema, &r.wrapper) {
        (None, _) if r.constants.is_empty() => ctx.err_help(
            file,
            &rp,
            "a request needs a `schema`, `constants` or both",
            "leave out `request` for an operation that sends no body",
        ),
        (None, Some(_)) => ctx.err_help(
            file,
            &format!("{rp}.wrapper"),
            "a `wrapper` wraps the schema's object, but this request has no `schema`",
            "write a wrapper that holds nothing as a constant: `{name: os-start, value: null}`",
        ),
        _ => {}
    }
    // The members beside the constants: the wrapper key, or the fields of an unwrapped schema.
    let fields: Vec<&str> = match (&r.wrapper, &r.schema) {
        (Some(w), _) => vec![w.as_str()],
        (None, Some(schema)) => ctx
            .schemas
            .get(schema.as_str())
            .and_then(|(_, s)| s.fields.as_ref())
            .into_iter()
            .flatten()
            .map(|f| f.name.as_str())
            .collect(),
        (None, None) => Vec::new(),
    };
    let mut seen = BTreeSet::new();
    for (i, c) in r.constants.iter().enumerate() {
        let at = Sub(&rp, "constants", Some(i));
        if !seen.insert(c.name.as_str()) {
            ctx.err(file, &at, format!("constant `{}` is listed twice", c.name));
        } else if fields.contains(&c.name.as_str()) {
            let beside = match &r.wrapper {
                Some(_) => "the wrapper key".to_string(),
                None => format!("a field of `{}`", r.schema.as_deref().unwrap_or_default()),
            };
            ctx.err(
                file,
                &at,
                format!(
                    "constant `{}` is also {beside}: the body would hold the member twice",
                    c.name
                ),
            );
        }
        if ConstantValue::parse(&c.value).is_none() {
            ctx.err_help(
                file,
                &Sub(&at, "value", None),
                format!("the value of constant `{}` is not a string, a whole number, a boolean or `null`", c.name),
                "a constant is one fixed scalar, such as `create`",
            );
        }
    }
}

/// Follows a dotted path of wire names (`server.status`) from the object schema `root` through
/// object-typed fields; every field on the way, or what is wrong.
fn resolve_path<'a>(ctx: &Ctx<'a>, root: &str, path: &str) -> Result<Vec<&'a spec::Field>, String> {
    let mut schema = root.to_string();
    let mut out: Vec<&'a spec::Field> = Vec::new();
    for segment in path.split('.') {
        let fields = ctx
            .schemas
            .get(schema.as_str())
            .and_then(|(_, s)| s.fields.as_ref())
            .ok_or_else(|| {
                format!("`{schema}` is not an object schema, so `{segment}` cannot be read from it")
            })?;
        let (i, field) = fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.name == segment)
            .ok_or_else(|| format!("`{segment}` is not a field of `{schema}`"))?;
        out.push(field);
        schema = match ctx.schema_member_ty(&schema, i) {
            Some(TyExpr::Named(n)) => n.clone(),
            _ => field.ty.clone(),
        };
    }
    Ok(out)
}

fn waiter(ctx: &mut Ctx, file: &LoadedFile, path: &str, o: &spec::Operation, w: &spec::Waiter) {
    let wp = format!("{path}.waiter");
    let Some(root) = o.response.schema.as_deref() else {
        return ctx.err_help(
            file,
            &wp,
            "a waiter reads the state from the response body, but the response has no `schema`",
            "put the waiter on the operation that reads the state, such as a GET",
        );
    };
    let resolve = |ctx: &Ctx, field: &str| {
        resolve_path(ctx, root, field).map(|fs| fs.last().map(|f| f.ty.clone()).unwrap_or_default())
    };
    let known = ctx.schemas.contains_key(root) && !ctx.broken.contains(root);
    let fields = [
        ("status_field", Some(&w.status_field)),
        ("error_code_field", w.error_code_field.as_ref()),
        ("reason_field", w.reason_field.as_ref()),
        ("fault_field", w.fault_field.as_ref()),
    ];
    for (key, field) in fields {
        let Some(field) = field else { continue };
        match resolve(ctx, field) {
            Err(problem) if known => ctx.err_help(
                file,
                &format!("{wp}.{key}"),
                problem,
                "name a field of the response, or a dotted path through object fields (`server.status`)",
            ),
            Ok(ty) if key == "fault_field" => fault_schema(ctx, file, &format!("{wp}.{key}"), &ty),
            Ok(ty) if key == "status_field" => status_values(ctx, file, &wp, w, &ty),
            _ => {}
        }
    }
    if w.fault_field.is_some() && (w.error_code_field.is_some() || w.reason_field.is_some()) {
        ctx.err(
            file,
            &wp,
            "a waiter reports a failure either as a job (`error_code_field`, `reason_field`) or by a `fault_field`, not both",
        );
    }
    if let Some(method) = &w.targets_method {
        snake_method(ctx, file, &format!("{wp}.targets_method"), method);
    }
    if w.success.is_empty() || w.failure.is_empty() {
        ctx.err(
            file,
            &wp,
            "a waiter needs at least one `success` and one `failure` state",
        );
    }
    let arguments = o
        .path_params
        .iter()
        .filter(|p| p.from.as_deref().and_then(ParamFrom::parse) != Some(ParamFrom::Client))
        .count();
    if arguments != 1 {
        ctx.err(file, &wp, format!("a waiter polls by one identifier, but the operation takes {arguments} path arguments"));
    }
    if o.query_params.iter().any(|q| q.required) {
        ctx.err(
            file,
            &wp,
            "a waiter sends its operation again at every poll with no query, so the operation may not have a required query parameter",
        );
    }
    if o.request.is_some() {
        ctx.err_help(
            file,
            &wp,
            "a waiter sends its operation again at every poll, so the operation may not have a request body",
            "put the waiter on the operation that reads the state, such as a GET",
        );
    }
    snake_method(ctx, file, &format!("{wp}.method"), &w.method);
}

fn snake_method(ctx: &mut Ctx, file: &LoadedFile, at: &str, method: &str) {
    if !names::is_identifier(method) || method.chars().any(|c| c.is_ascii_uppercase()) {
        ctx.err(
            file,
            &at,
            format!("`{method}` is not a snake_case method name"),
        );
    }
}

/// The state is compared as text: a string, or an enum whose values include every state named.
fn status_values(ctx: &mut Ctx, file: &LoadedFile, wp: &str, w: &spec::Waiter, ty: &str) {
    if ty == "string" || ctx.broken.contains(ty) {
        return;
    }
    let values = ctx.schemas.get(ty).and_then(|(_, s)| s.values.as_ref());
    // An integer enum's states are not text (its first value decides its kind).
    let strings = values.filter(|vs| vs.first().is_none_or(|v| v.value.as_str().is_some()));
    let Some(values) = strings.map(|vs| {
        vs.iter()
            .filter_map(|v| v.value.as_str().map(str::to_string))
            .collect::<Vec<_>>()
    }) else {
        return ctx.err(
            file,
            &format!("{wp}.status_field"),
            format!(
                "the state must be a string or a string enum, but `{}` is `{ty}`",
                w.status_field
            ),
        );
    };
    for (key, states) in [("success", &w.success), ("failure", &w.failure)] {
        for (i, state) in states.iter().enumerate() {
            if !values.contains(state) {
                ctx.err_help(
                    file,
                    &format!("{wp}.{key}[{i}]"),
                    format!("`{state}` is not a value of `{ty}`"),
                    format!("expected one of: {}", values.join(", ")),
                );
            }
        }
    }
}

/// A fault is an object with at least one of the members `Error::ResourceFailed` carries.
fn fault_schema(ctx: &mut Ctx, file: &LoadedFile, at: &str, ty: &str) {
    let fields = ctx.schemas.get(ty).and_then(|(_, s)| s.fields.as_ref());
    let usable =
        fields.is_some_and(|fs| fs.iter().any(|f| FAULT_MEMBERS.contains(&f.name.as_str())));
    if !usable && !ctx.broken.contains(ty) {
        ctx.err(
            file,
            &at,
            format!(
                "a fault must be an object schema with at least one of the fields {}, but this field is `{ty}`",
                FAULT_MEMBERS.join(", ")
            ),
        );
    }
}

fn example(
    ctx: &mut Ctx,
    file: &LoadedFile,
    ep: &str,
    o: &spec::Operation,
    ex: &spec::OperationExample,
) {
    let mut problems = Vec::new();
    if let (Some(body), Some(r)) = (&ex.request, &o.request) {
        // The constants first, each with its value; then what is left is the wrapped or plain
        // object.
        let mut rest = body.clone();
        if let Value::Mapping(m) = &mut rest {
            for c in &r.constants {
                match m.remove(c.name.as_str()) {
                    Some(v) if v == c.value => {}
                    Some(v) => problems.push(format!(
                        "constant `{}` is {}, not {}",
                        c.name,
                        show(&v),
                        show(&c.value)
                    )),
                    None => problems.push(format!("the body lacks constant `{}`", c.name)),
                }
            }
        }
        match (&r.wrapper, &r.schema, &rest) {
            (Some(w), Some(schema), Value::Mapping(m))
                if m.len() == 1 && m.get(w.as_str()).is_some() =>
            {
                conforms(ctx, schema, &m[w.as_str()], w, true, &mut problems);
            }
            (Some(w), _, _) => {
                problems.push(format!("the request body must be `{{{w}: {{...}}}}`"))
            }
            (None, Some(schema), v) => conforms(ctx, schema, v, "", true, &mut problems),
            (None, None, Value::Mapping(m)) if m.is_empty() => {}
            (None, None, _) => problems.push("the body holds more than its constants".into()),
        }
    } else if ex.request.is_some() {
        problems.push("the operation takes no request body".into());
    }
    if let Some(resp) = &ex.response {
        if !o.response.statuses.contains(&resp.status) {
            problems.push(format!(
                "status {} is not one of the response statuses",
                resp.status
            ));
        }
        match &o.response.schema {
            Some(schema) => conforms(ctx, schema, &resp.body, "", false, &mut problems),
            None if !resp.body.is_null() => problems
                .push("the response has no `schema`, so the example's body must be `null`".into()),
            None => {}
        }
    }
    for p in problems {
        ctx.err(
            file,
            &ep,
            format!("example `{}` does not match the spec: {p}", ex.name),
        );
    }
}

/// Whether `value` fits `schema`; request examples may not carry fields the schema lacks.
fn conforms(ctx: &Ctx, schema: &str, value: &Value, at: &str, strict: bool, out: &mut Vec<String>) {
    let Some((_, s)) = ctx.schemas.get(schema) else {
        return;
    };
    let here = |key: &str| {
        if at.is_empty() {
            key.to_string()
        } else {
            format!("{at}.{key}")
        }
    };
    if let Some(fields) = &s.fields {
        let Value::Mapping(m) = value else {
            out.push(format!(
                "`{}` should be an object ({schema})",
                if at.is_empty() { "the body" } else { at }
            ));
            return;
        };
        for (i, f) in fields.iter().enumerate() {
            match m.get(f.name.as_str()) {
                None if f.required => out.push(format!("`{}` is required", here(&f.name))),
                None => {}
                Some(Value::Null) if f.nullable => {}
                Some(v) => {
                    if let Some(t) = ctx.schema_member_ty(schema, i) {
                        conforms_ty(ctx, t, v, &here(&f.name), strict, out);
                    }
                }
            }
        }
        if strict {
            for k in m.keys().filter_map(Value::as_str) {
                if !fields.iter().any(|f| f.name == k) {
                    out.push(format!("`{}` is not a field of `{schema}`", here(k)));
                }
            }
        }
    } else if let Some(values) = &s.values {
        let listed = |e: &spec::EnumValue| match &e.value {
            spec::EnumLiteral::Str(s) => value.as_str() == Some(s),
            spec::EnumLiteral::Int(n) => value.as_i64() == Some(*n),
        };
        match () {
            _ if values.is_empty() => {}
            _ if values.iter().any(listed) => {}
            _ => out.push(format!(
                "`{at}` is {}, not one of the values of `{schema}`",
                show(value)
            )),
        }
    } else if let Some(variants) = &s.one_of {
        let first = s.fields.as_ref().map_or(0, Vec::len);
        let fits = (0..variants.len()).any(|i| {
            let mut p = Vec::new();
            if let Some(t) = ctx.schema_member_ty(schema, first + i) {
                conforms_ty(ctx, t, value, at, strict, &mut p);
            }
            p.is_empty()
        });
        if !fits {
            out.push(format!(
                "`{at}` is {}, which fits no variant of `{schema}`",
                show(value)
            ));
        }
    }
}

fn conforms_ty(ctx: &Ctx, ty: &TyExpr, v: &Value, at: &str, strict: bool, out: &mut Vec<String>) {
    let ok = match ty {
        TyExpr::String => v.is_string(),
        TyExpr::Integer => v.is_i64() || v.is_u64(),
        TyExpr::Number => v.is_number(),
        TyExpr::Boolean => v.is_bool(),
        TyExpr::Json => true,
        TyExpr::EmptyString => v.as_str() == Some(""),
        TyExpr::Named(n) => return conforms(ctx, n, v, at, strict, out),
        TyExpr::Array(t) => match v {
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    conforms_ty(ctx, t, item, &format!("{at}[{i}]"), strict, out);
                }
                true
            }
            _ => false,
        },
        TyExpr::Map(t) => match v {
            Value::Mapping(m) => {
                for (k, item) in m {
                    conforms_ty(
                        ctx,
                        t,
                        item,
                        &format!("{at}.{}", k.as_str().unwrap_or("?")),
                        strict,
                        out,
                    );
                }
                true
            }
            _ => false,
        },
    };
    if !ok {
        out.push(format!("`{at}` is {}, expected {}", show(v), describe(ty)));
    }
}

fn describe(ty: &TyExpr) -> String {
    match ty {
        TyExpr::String => "a string".into(),
        TyExpr::Integer => "an integer".into(),
        TyExpr::Number => "a number".into(),
        TyExpr::Boolean => "a boolean".into(),
        TyExpr::Json => "any value".into(),
        TyExpr::EmptyString => "the empty string".into(),
        TyExpr::Named(n) => format!("a `{n}`"),
        TyExpr::Array(_) => "an array".into(),
        TyExpr::Map(_) => "an object".into(),
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("\"{s}\""),
        Value::Sequence(_) => "an array".into(),
        Value::Mapping(_) => "an object".into(),
        Value::Tagged(_) => "a tagged value".into(),
    }
}

/// Every `source` must name a document declared in the same file's `sources`.
fn sources(ctx: &mut Ctx, file: &LoadedFile) {
    for (path, source) in file.spec.cited() {
        for part in source.split(';') {
            let key = crate::model::source_key(part).0;
            // A declared source that did not load has its own diagnostic already.
            let broken = || file.locator.exact(&format!("sources.{key}")).is_some();
            if key.is_empty() {
                let example = file
                    .spec
                    .sources
                    .keys()
                    .next()
                    .map_or("doc", String::as_str);
                ctx.err_help(
                    file,
                    &path,
                    "the source is empty",
                    format!("name a document of this file's `sources` and a place in it: `{example}, Table 2`"),
                );
            } else if !file.spec.sources.contains_key(key) && !broken() {
                let known: Vec<&str> = file.spec.sources.keys().map(String::as_str).collect();
                let help = if known.is_empty() {
                    "this file declares no `sources`; add it there".to_string()
                } else {
                    format!("declared: {}", known.join(", "))
                };
                ctx.err_help(
                    file,
                    &path,
                    format!("source `{key}` is not declared in this file's `sources`"),
                    help,
                );
            }
        }
    }
}

/// A schema that contains itself other than through an array or a map would have infinite size.
fn cycles(ctx: &mut Ctx) {
    let direct = |name: &str| -> Vec<String> {
        let own = ctx.types.get(name).copied().unwrap_or_default();
        let named = own.iter().filter_map(|t| match t {
            Ok(TyExpr::Named(n)) => Some(n.clone()),
            _ => None,
        });
        named.collect()
    };
    let graph: BTreeMap<&str, Vec<String>> = ctx.schemas.keys().map(|n| (*n, direct(n))).collect();
    // A cycle lies inside one strongly connected component: only schemas of a component with a
    // cycle are searched, and only within it, so a spec without cycles costs one linear pass.
    let component = components(&graph);
    let mut reported = BTreeSet::new();
    let mut size: HashMap<usize, usize> = HashMap::new();
    component
        .values()
        .for_each(|c| *size.entry(*c).or_default() += 1);
    for start in graph.keys() {
        let Some(&own) = component.get(start) else {
            continue;
        };
        if large_cycle(ctx, start, (own, size[&own]), &mut reported) {
            continue;
        }
        let mut stack = vec![(start.to_string(), vec![start.to_string()])];
        let mut seen = BTreeSet::new();
        while let Some((node, trail)) = stack.pop() {
            let inside = |n: &&String| component.get(n.as_str()) == Some(&own);
            for next in graph
                .get(node.as_str())
                .into_iter()
                .flatten()
                .filter(inside)
            {
                if next == start {
                    let mut members = trail.clone();
                    members.sort();
                    if reported.insert(members) {
                        let (file, _) = ctx.schemas[start];
                        let cycle = format!("{} → {start}", trail.join(" → "));
                        ctx.err_help(
                            file,
                            &format!("schemas.{start}"),
                            format!("schemas contain each other without end: {cycle}"),
                            "break the cycle with an `array<...>` or `map<...>` field",
                        );
                    }
                } else if seen.insert(next.clone()) {
                    let mut t = trail.clone();
                    t.push(next.clone());
                    stack.push((next.clone(), t));
                }
            }
        }
    }
}

/// A component too large to search for its cycles (the search takes time in the square of its
/// size, and each trail is as long as the component) is reported once, from its first schema.
fn large_cycle(
    ctx: &mut Ctx,
    start: &str,
    (component, size): (usize, usize),
    reported: &mut BTreeSet<Vec<String>>,
) -> bool {
    if size <= crate::limits::MAX_CYCLE_SEARCH {
        return false;
    }
    // Member lists have names, which hold no space: this key is no schema's.
    if reported.insert(vec![format!("component {component}")]) {
        let (file, _) = ctx.schemas[start];
        ctx.err_help(
            file,
            &format!("schemas.{start}"),
            format!("schemas contain each other without end: `{start}` and {} others, each containing another", size - 1),
            "break the cycle with an `array<...>` or `map<...>` field",
        );
    }
    true
}

/// Each schema that lies on a cycle (a component of several schemas, or one that names itself)
/// mapped to its component's number (`graph::components`).
fn components<'a>(graph: &BTreeMap<&'a str, Vec<String>>) -> HashMap<&'a str, usize> {
    let names: Vec<&str> = graph.keys().copied().collect();
    let index_of: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            graph[n]
                .iter()
                .filter_map(|t| index_of.get(t.as_str()).copied())
                .collect()
        })
        .collect();
    let (component, _) = crate::graph::components(&edges);
    let mut size = vec![0usize; names.len()];
    component.iter().for_each(|&c| size[c] += 1);
    (0..names.len())
        .filter(|&n| size[component[n]] > 1 || edges[n].contains(&n))
        .map(|n| (names[n], component[n]))
        .collect()
}
