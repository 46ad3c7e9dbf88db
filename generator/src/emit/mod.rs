//! Stage 4: token streams for every output file, one small emitter per kind of item.

mod crate_files;
mod docs;
mod enums;
mod error_codes;
mod headers;
mod layout;
mod objects;
mod operations;
mod paging;
mod query;

use std::collections::HashMap;

use proc_macro2::TokenStream;

use crate::model::{Model, Operation, Schema, SchemaKind};

pub use crate::emit::crate_files::{TextFile, crate_files};

/// One Rust file to be formatted: its path under the output folder, the spec file it came from,
/// and its items, each kept apart so that tests can snapshot them one by one.
pub struct RustFile {
    pub path: String,
    pub origin: String,
    pub inner_doc: Option<String>,
    pub items: Vec<Item>,
}

pub struct Item {
    /// `types::OsReinstall`, `operations::reinstall_os`.
    pub name: String,
    /// Its text, in order.
    pub parts: Vec<Part>,
}

impl Item {
    pub fn tokens(name: String, tokens: TokenStream) -> Item {
        Item {
            name,
            parts: vec![Part::Tokens(tokens)],
        }
    }
}

/// A piece of an item's text.
#[derive(Clone)]
pub enum Part {
    /// Rust tokens, which prettyplease lays out.
    Tokens(TokenStream),
    /// Text in a layout the generator owns (see `layout`): an object or enum (a call of the
    /// runtime's `object!` or `string_enum!`, one member per line), a request value, a module
    /// list. It never goes through prettyplease.
    Text(String),
}

/// One output file still to be emitted; [`rust_file`] makes it. Each holds what it needs, so
/// that files can be emitted and formatted one at a time (and on several threads).
pub enum FileJob<'a> {
    /// The types of one spec file: its module, the file's name, its schemas in order.
    Types(&'a str, &'a str, Vec<&'a Schema>),
    /// `types/mod.rs`: every module and the spec file it comes from.
    TypesMod(Vec<(String, String)>),
    Operation(&'a Operation),
    /// An operation without `Client` methods (a module of the runtime crate).
    BareOperation(&'a Operation),
    OperationsMod,
    Lib,
    /// `client.rs`: the crate's `Client` and the re-exported runtime items.
    Client,
    /// `error_codes.rs`: the documented error codes (only for a spec that has some).
    ErrorCodes,
}

/// Every file [`rust_files`] makes, in its order.
pub fn file_jobs(model: &Model) -> Vec<FileJob<'_>> {
    let mut position: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<(&str, &str, Vec<&Schema>)> = Vec::new();
    for schema in &model.schemas {
        let at = *position.entry(&schema.module).or_insert_with(|| {
            groups.push((&schema.module, &schema.file, Vec::new()));
            groups.len() - 1
        });
        groups[at].2.push(schema);
    }
    let modules = groups
        .iter()
        .map(|(m, origin, _)| (m.to_string(), origin.to_string()))
        .collect();
    let mut jobs: Vec<FileJob> = groups
        .into_iter()
        .map(|(m, origin, schemas)| FileJob::Types(m, origin, schemas))
        .collect();
    jobs.push(FileJob::TypesMod(modules));
    jobs.extend(model.operations.iter().map(FileJob::Operation));
    jobs.push(FileJob::OperationsMod);
    jobs.push(FileJob::Lib);
    jobs.push(FileJob::Client);
    if !model.error_codes.is_empty() {
        jobs.push(FileJob::ErrorCodes);
    }
    jobs
}

/// The items of one output file.
pub fn rust_file(model: &Model, job: &FileJob) -> RustFile {
    match job {
        FileJob::Types(module, origin, schemas) => {
            let mut items = Vec::with_capacity(schemas.len() + 1);
            items.push(Item::tokens(
                format!("types::{module}::imports"),
                objects::imports(model, module, schemas),
            ));
            for schema in schemas {
                let parts = match &schema.kind {
                    SchemaKind::Object { fields, rules } => {
                        objects::object(model, schema, fields, rules)
                    }
                    SchemaKind::Enum(values) => enums::enumeration(schema, values),
                    SchemaKind::IntEnum(values) => enums::int_enumeration(schema, values),
                    SchemaKind::OneOf(variants) => enums::one_of(model, schema, variants),
                };
                items.push(Item {
                    name: format!("types::{}", schema.name),
                    parts,
                });
            }
            RustFile {
                // A raw module (`r#type`) lives in the file of its bare name (`type.rs`).
                path: format!("src/types/{}.rs", module.trim_start_matches("r#")),
                origin: origin.to_string(),
                inner_doc: Some(docs::file_doc(origin)),
                items,
            }
        }
        FileJob::TypesMod(modules) => crate_files::types_mod(model, modules),
        FileJob::Operation(op) | FileJob::BareOperation(op) => RustFile {
            path: format!("src/operations/{}.rs", op.id),
            origin: op.file.clone(),
            inner_doc: None,
            items: vec![Item {
                name: format!("operations::{}", op.id),
                parts: match job {
                    FileJob::BareOperation(_) => operations::bare_operation(model, op),
                    _ => operations::operation(model, op),
                },
            }],
        },
        FileJob::OperationsMod => crate_files::operations_mod(model),
        FileJob::Lib => crate_files::lib_rs(model),
        FileJob::Client => crate_files::client_rs(),
        FileJob::ErrorCodes => error_codes::file(&model.error_codes),
    }
}

/// The types file of every spec file and the file of every operation.
pub fn rust_files(model: &Model) -> Vec<RustFile> {
    let jobs = file_jobs(model);
    jobs.iter().map(|job| rust_file(model, job)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_the_generator_lays_out_itself_is_rust_that_syn_reads() {
        let model = crate::checked_model(&crate::default_paths().expect("inside the workspace").0)
            .expect("the spec is valid");
        let mut read = 0;
        for file in rust_files(&model) {
            for part in file.items.iter().flat_map(|i| &i.parts) {
                if let Part::Text(text) = part {
                    syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", file.path));
                    read += 1;
                }
            }
        }
        // Every object, enum and one-of, every request value, query struct and headers struct,
        // and the two module lists.
        let enums_and_objects = model.schemas.len();
        let ops = &model.operations;
        let queries = ops.iter().filter(|o| o.query.is_some()).count();
        let headers = ops.iter().filter(|o| o.response_headers.is_some()).count();
        let codes = usize::from(!model.error_codes.is_empty());
        assert_eq!(
            read,
            enums_and_objects + ops.len() + queries + headers + 2 + codes
        );
    }
}
