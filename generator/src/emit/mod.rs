//! Stage 4: token streams for every output file, one small emitter per kind of item.

mod crate_files;
mod docs;
mod enums;
mod objects;
mod operations;
mod wire;

use proc_macro2::TokenStream;

use crate::model::{Model, SchemaKind};

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
    pub tokens: TokenStream,
}

/// The types file of every spec file and the file of every operation.
pub fn rust_files(model: &Model) -> Vec<RustFile> {
    let mut files: Vec<RustFile> = Vec::new();
    let mut modules: Vec<(String, String)> = Vec::new();
    for schema in &model.schemas {
        if !modules.iter().any(|(m, _)| m == &schema.module) {
            modules.push((schema.module.clone(), schema.file.clone()));
        }
    }
    for (module, origin) in &modules {
        let mut items = vec![Item {
            name: format!("types::{module}::imports"),
            tokens: objects::imports(model, module),
        }];
        for schema in model.schemas.iter().filter(|s| &s.module == module) {
            let tokens = match &schema.kind {
                SchemaKind::Object { fields, rules } => {
                    objects::object(model, schema, fields, rules)
                }
                SchemaKind::Enum(values) => enums::enumeration(schema, values),
                SchemaKind::OneOf(variants) => enums::one_of(schema, variants),
            };
            items.push(Item {
                name: format!("types::{}", schema.name),
                tokens,
            });
        }
        files.push(RustFile {
            path: format!("src/types/{module}.rs"),
            origin: origin.clone(),
            inner_doc: Some(format!("Types of `{origin}`.")),
            items,
        });
    }
    files.push(crate_files::types_mod(&modules));
    for op in &model.operations {
        files.push(RustFile {
            path: format!("src/operations/{}.rs", op.id),
            origin: op.file.clone(),
            inner_doc: None,
            items: vec![Item {
                name: format!("operations::{}", op.id),
                tokens: operations::operation(op),
            }],
        });
    }
    files.push(crate_files::operations_mod(model));
    files.push(crate_files::lib_rs(model));
    files
}
