//! A spec generated into a module of the runtime crate rather than into a crate of its own:
//! `spec/iam/` (IAM's sign-in) becomes `generator/runtime/src/iam/`, whose types and operations
//! the runtime's token source uses itself.
//!
//! The module holds what the crate's `src/` would hold but `lib.rs` and `client.rs`: `types/`,
//! `operations/` (each operation's value and `Operation` impl, without `Client` methods, since the
//! runtime's `Client` is not a generated crate's) and a `mod.rs` in place of `lib.rs`. There is no
//! manifest and no example. The emitted code is the same as a crate's: it names the runtime as
//! `::otc_runtime` (the runtime's `lib.rs` declares `extern crate self as otc_runtime`) and the
//! module's own items as `crate::types`, `crate::Operation`, ... (the runtime's root re-exports
//! the module's `types`).

use crate::emit::{self, FileJob, Item, RustFile};
use crate::model::Model;

/// The runtime modules of a workspace: the spec folder and the module folder it is generated
/// into, both relative to the workspace root.
pub const RUNTIME_MODULES: &[(&str, &str)] = &[("spec/iam", "generator/runtime/src/iam")];

/// Every file of the module but its `mod.rs`, as jobs of the crate emitter: the crate's jobs
/// without `lib.rs` and `client.rs`, each operation without `Client` methods.
pub fn file_jobs(model: &Model) -> Vec<FileJob<'_>> {
    emit::file_jobs(model)
        .into_iter()
        .filter_map(|job| match job {
            FileJob::Lib | FileJob::Client => None,
            FileJob::Operation(op) => Some(FileJob::BareOperation(op)),
            other => Some(other),
        })
        .collect()
}

/// One file of the module: the crate's file of `job`, its path below the module folder
/// (`types/tokens.rs` rather than `src/types/tokens.rs`), and a spec file it comes from named
/// with the spec's folder `folder` (`iam/tokens.yaml`, which the `@generated` line shows as
/// `spec/iam/tokens.yaml`).
pub fn rust_file(model: &Model, job: &FileJob, folder: &str) -> RustFile {
    let mut file = emit::rust_file(model, job);
    if let Some(path) = file.path.strip_prefix("src/") {
        file.path = path.to_string();
    }
    if file.origin.ends_with(".yaml") || file.origin.ends_with(".yml") {
        file.origin = format!("{folder}/{}", file.origin);
    }
    if let FileJob::OperationsMod = job {
        file.inner_doc = Some(
            "One value per operation that builds its HTTP request and parses its response without any network (see `Operation`); the runtime sends them itself.".to_string(),
        );
    }
    file
}

/// The module's `mod.rs`, in place of a crate's `lib.rs`.
pub fn mod_rs(model: &Model) -> RustFile {
    let count = model.operations.len();
    let doc = format!(
        "Types and operations generated from a spec that transcribes published pages ({count} operation(s)), for the runtime's own use; see `types` and `operations`."
    );
    let tokens = quote::quote! {
        #[rustfmt::skip]
        pub mod operations;
        #[rustfmt::skip]
        pub mod types;
    };
    RustFile {
        path: "mod.rs".to_string(),
        origin: "the spec".to_string(),
        inner_doc: Some(doc),
        items: vec![Item::tokens("mod".to_string(), tokens)],
    }
}
