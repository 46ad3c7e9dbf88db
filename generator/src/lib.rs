//! `client-codegen`: turns the hand-written ECS spec (`spec/`) into the `otc-ecs` crate
//! (`generated/`).
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! 1. [`load`]: read the YAML files and deserialize them item by item into [`spec`] types;
//! 2. [`check`]: every rule the types cannot express, all problems of a run at once;
//! 3. [`model`]: resolve references and fix every Rust name;
//! 4. [`emit`]: one token stream per item, one small `quote!` function per kind of item;
//! 5. [`format`]: prettyplease, plus the `@generated` header;
//! 6. [`write`]: compare with the output folder, then write all of it or nothing.

pub mod check;
pub mod diag;
pub mod emit;
pub mod format;
pub mod load;
pub mod locate;
pub mod model;
pub mod names;
pub mod spec;
pub mod write;

use std::path::{Path, PathBuf};

pub use diag::Diagnostic;
pub use format::Output;

/// Why a run did not succeed; each maps to its own exit code.
#[derive(Debug)]
pub enum Failure {
    /// The spec is wrong (exit 1): every problem found, sorted by file and line.
    Spec(Vec<Diagnostic>),
    /// A path, a file or the output folder could not be used (exit 2).
    Io(String),
    /// `--check`: the output folder is not what the spec makes (exit 3).
    Stale { files: Vec<String> },
}

impl Failure {
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Spec(_) => 1,
            Failure::Io(_) => 2,
            Failure::Stale { .. } => 3,
        }
    }
}

/// Everything a run makes, in memory.
pub struct Generated {
    pub operations: usize,
    pub types: usize,
    pub files: Vec<Output>,
    /// Each emitted item formatted on its own (`types::Server`), for snapshots.
    pub items: Vec<(String, String)>,
}

/// Stages 1 to 5: from a spec file or folder to the formatted output, nothing written.
pub fn generate(spec: &Path) -> Result<Generated, Failure> {
    let mut diags = diag::Diagnostics::default();
    let files = load::load(spec, &mut diags).map_err(|e| Failure::Io(e.0))?;
    check::check(&files, &mut diags);
    if !diags.is_empty() {
        return Err(Failure::Spec(diags.sorted()));
    }
    let model = model::build(&files);
    let rust = emit::rust_files(&model);
    let (files, items) = format_all(&rust)?;
    Ok(Generated {
        operations: model.operations.len(),
        types: model.schemas.len(),
        files,
        items,
    })
}

/// Stage 5 for the whole crate: every file formatted (sorted by path, with the runtime's text
/// files), and each item alone for the snapshots.
pub fn format_all(
    rust: &[emit::RustFile],
) -> Result<(Vec<Output>, Vec<(String, String)>), Failure> {
    let mut outputs = Vec::with_capacity(rust.len() + 16);
    let mut items = Vec::new();
    for file in rust {
        let (output, texts) = format::rust_file(file).map_err(Failure::Io)?;
        outputs.push(output);
        items.extend(file.items.iter().map(|i| i.name.clone()).zip(texts));
    }
    outputs.extend(emit::crate_files().iter().map(format::text_file));
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((outputs, items))
}

/// What `run` did, for its one summary line.
pub struct Summary {
    pub operations: usize,
    pub types: usize,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// The whole pipeline: generate, then write the output folder (or, with `check`, only compare).
pub fn run(spec: &Path, out: &Path, check: bool) -> Result<Summary, Failure> {
    let generated = generate(spec)?;
    let plan = write::plan(out, &generated.files);
    if check {
        if !plan.changed.is_empty() || !plan.stale.is_empty() {
            let mut files = plan.changed.clone();
            files.extend(
                plan.stale
                    .iter()
                    .map(|s| format!("{s} (no longer generated)")),
            );
            return Err(Failure::Stale { files });
        }
    } else {
        write::apply(out, &generated.files, &plan).map_err(Failure::Io)?;
    }
    Ok(Summary {
        operations: generated.operations,
        types: generated.types,
        written: if check { 0 } else { plan.changed.len() },
        unchanged: plan.unchanged.len(),
        removed: if check { 0 } else { plan.stale.len() },
    })
}

/// The workspace's own `spec/` and `generated/`, whatever the working directory.
pub fn default_paths() -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    (root.join("spec"), root.join("generated"))
}
