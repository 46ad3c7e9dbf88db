//! `client-codegen`: turns the hand-written ECS spec (`spec/`) into the `otc-ecs` crate
//! (`generated/`).
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! 1. [`load`]: read the YAML files and deserialize them into [`spec`] types (a file with problems
//!    item by item, so that each problem is reported);
//! 2. [`check`]: every rule the types cannot express, all problems of a run at once, on every
//!    type expression parsed once ([`model::TypeTable`], which the lowering reads too);
//! 3. [`model`]: resolve references and fix every Rust name; [`model::lower`] is the one point
//!    where a run stops on the spec's problems (`front`, shared by every mode);
//! 4. the backends, each reading the model: [`emit`] (one token stream per item, one small
//!    `quote!` function per kind of item), [`openapi`](mod@openapi) (the OpenAPI document) and
//!    [`docs::against`] (the spec held against the published pages, which also reads the files'
//!    places);
//! 5. [`format`]: prettyplease, plus the `@generated` header;
//! 6. [`write`]: compare with the output folder, then switch to the new tree at once, or not at all.
//!
//! One entry per mode: [`generate`] and [`run`] (the Rust crate; `--check` too), [`openapi()`] and
//! [`docs_check`]. Beside the pipeline, [`docs_diff`] compares two versions of a page.

pub mod check;
pub mod diag;
pub mod docs;
pub mod emit;
pub mod format;
pub mod graph;
pub mod limits;
pub mod load;
pub mod locate;
pub mod model;
pub mod module;
pub mod names;
pub mod openapi;
pub mod spec;
pub mod text;
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
    generate_with(spec, true)
}

/// Stages 1 to 3 for the Rust crate: the model of a spec without problems.
pub fn checked_model(spec: &Path) -> Result<model::Model, Failure> {
    front(spec, model::Keep::default()).map(|lowered| lowered.model)
}

/// Stages 1 to 3, the same for every mode: load, parse every type expression once, check, then
/// lower, which is the one point where a run stops on the spec's problems (those of the load,
/// the check and the lowering, at once). `keep` says what a mode needs beyond the Rust crate's
/// model: the examples (the OpenAPI document), the files (`--docs`, whose findings point at
/// their places).
fn front(spec: &Path, keep: model::Keep) -> Result<model::Lowered, Failure> {
    let mut diags = diag::Diagnostics::default();
    let files = load::load(spec, &mut diags).map_err(|e| Failure::Io(e.0))?;
    let types = model::TypeTable::parse(&files);
    check::check(&files, &types, &mut diags);
    model::lower(files, &types, keep, diags).map_err(Failure::Spec)
}

/// `items`: also keep each item's text (only the snapshots need them).
fn generate_with(spec: &Path, items: bool) -> Result<Generated, Failure> {
    let model = checked_model(spec)?;
    let formatted = emit_and_format(&model, items)?;
    Ok(Generated {
        operations: model.operations.len(),
        types: model.schemas.len(),
        files: formatted.files,
        items: formatted.items,
    })
}

/// `--openapi`: the spec as an OpenAPI 3.1 document (pretty-printed JSON), nothing written.
pub fn openapi(spec: &Path) -> Result<String, Failure> {
    let keep = model::Keep {
        examples: true,
        files: false,
    };
    Ok(openapi::render(&front(spec, keep)?.model))
}

/// What stages 4 and 5 make.
pub struct Formatted {
    /// Every output file, sorted by path, the runtime's text files included.
    pub files: Vec<Output>,
    /// With `items`: each emitted item formatted on its own, in order.
    pub items: Vec<(String, String)>,
}

/// Stages 4 and 5, one file at a time: each file's token streams are formatted as soon as they are
/// emitted and then dropped, so that the whole crate is never held as tokens; files are shared out
/// over the machine's cores.
pub fn emit_and_format(model: &model::Model, items: bool) -> Result<Formatted, Failure> {
    let jobs = emit::file_jobs(model);
    let done = each_in_parallel(jobs.len(), |i| {
        let file = emit::rust_file(model, &jobs[i]);
        let names: Vec<String> = match items {
            true => file.items.iter().map(|item| item.name.clone()).collect(),
            false => Vec::new(),
        };
        let (output, texts) = format::into_rust_file(file, items)?;
        Ok((output, names.into_iter().zip(texts).collect()))
    });
    let mut formatted = Formatted {
        files: Vec::with_capacity(done.len() + 16),
        items: Vec::new(),
    };
    for result in done {
        let (output, texts): (Output, Vec<(String, String)>) = result.map_err(Failure::Io)?;
        formatted.files.push(output);
        formatted.items.extend(texts);
    }
    let text_files = emit::crate_files();
    formatted
        .files
        .extend(text_files.iter().map(format::text_file));
    formatted.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(formatted)
}

/// `work(0..count)` in order, shared out over up to four threads (a spec file or an output file is
/// a few hundred microseconds of work, a thread a few dozen to start); each thread takes the next
/// index as it finishes one.
pub(crate) fn each_in_parallel<T: Send>(count: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if threads < 2 || count < 2 {
        return (0..count).map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if i >= count {
                return done;
            }
            done.push((i, work(i)));
        }
    };
    let mut all = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let mut all = worker();
        for helper in helpers {
            match helper.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, t)| t).collect()
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
/// A writing run first finishes or undoes a switch a killed run left; each file is compared, and
/// staged in the new tree, as soon as it is formatted; only when all are staged is the new tree
/// switched in, at once.
pub fn run(spec: &Path, out: &Path, check: bool) -> Result<Summary, Failure> {
    let target = Target {
        spec: spec.to_path_buf(),
        out: out.to_path_buf(),
        shape: Shape::Crate,
    };
    run_all(&[target], check).map(|mut done| done.remove(0))
}

/// What a spec is generated into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A crate of its own (`generated/`): `Cargo.toml`, `src/lib.rs`, `src/client.rs`, ...
    Crate,
    /// A module of the runtime crate (`generator/runtime/src/iam/`, see [`module`]).
    RuntimeModule,
}

/// One spec and the folder it is generated into.
#[derive(Clone, Debug)]
pub struct Target {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub shape: Shape,
}

/// The output files of one target, by index: its emitter jobs, then its text files (a crate's
/// manifest and example) or its `mod.rs` (a runtime module).
struct Plan<'m> {
    model: &'m model::Model,
    shape: Shape,
    jobs: Vec<emit::FileJob<'m>>,
    text_files: Vec<emit::TextFile>,
    /// A runtime module's spec folder, by its name (`iam`), for the `@generated` lines.
    folder: String,
}

impl<'m> Plan<'m> {
    fn new(model: &'m model::Model, target: &Target) -> Plan<'m> {
        let folder = match target.spec.file_name() {
            Some(name) if target.spec.is_dir() => name.to_string_lossy().into_owned(),
            _ => String::new(),
        };
        match target.shape {
            Shape::Crate => Plan {
                model,
                shape: target.shape,
                jobs: emit::file_jobs(model),
                text_files: emit::crate_files(),
                folder,
            },
            Shape::RuntimeModule => Plan {
                model,
                shape: target.shape,
                jobs: module::file_jobs(model),
                text_files: Vec::new(),
                folder,
            },
        }
    }

    fn len(&self) -> usize {
        match self.shape {
            Shape::Crate => self.jobs.len() + self.text_files.len(),
            Shape::RuntimeModule => self.jobs.len() + 1,
        }
    }

    fn output(&self, i: usize) -> Result<Output, String> {
        let file = match (self.jobs.get(i), self.shape) {
            (Some(job), Shape::Crate) => emit::rust_file(self.model, job),
            (Some(job), Shape::RuntimeModule) => module::rust_file(self.model, job, &self.folder),
            (None, Shape::Crate) => {
                return Ok(format::text_file(&self.text_files[i - self.jobs.len()]));
            }
            (None, Shape::RuntimeModule) => module::mod_rs(self.model),
        };
        Ok(format::into_rust_file(file, false)?.0)
    }

    fn producer(&self, i: usize) -> String {
        match self.shape {
            Shape::RuntimeModule if i == self.jobs.len() => "the module root (mod.rs)".into(),
            _ => write::producer(&self.jobs, &self.text_files, i),
        }
    }
}

/// [`run`] for several targets at once (`spec/` into `generated/` and `spec/iam/` into the
/// runtime): [`prepare_all`], then [`Prepared::switch`]. Every output folder changes, or none.
pub fn run_all(targets: &[Target], check: bool) -> Result<Vec<Summary>, Failure> {
    prepare_all(targets, check)?.switch()
}

/// Every target up to the switch: every spec is checked before any folder is opened, so one
/// spec's problems leave every output folder untouched; then each target's files are staged
/// and its new tree made beside its folder. No output folder has changed yet.
pub fn prepare_all(targets: &[Target], check: bool) -> Result<Prepared, Failure> {
    let mut models = Vec::with_capacity(targets.len());
    let mut problems = Vec::new();
    for target in targets {
        match checked_model(&target.spec) {
            Ok(model) => models.push(model),
            Err(Failure::Spec(diags)) => problems.extend(diags),
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        return Err(Failure::Spec(problems));
    }
    let mut writers = Vec::with_capacity(targets.len());
    for target in targets {
        writers.push(write::Writer::open(&target.out, !check).map_err(Failure::Io)?);
    }
    let plans: Vec<Plan> = models
        .iter()
        .zip(targets)
        .map(|(model, target)| Plan::new(model, target))
        .collect();
    let staged: Vec<_> = plans
        .iter()
        .zip(&writers)
        .map(|(plan, writer)| each_in_parallel(plan.len(), |i| Ok(writer.stage(&plan.output(i)?))))
        .collect();
    let mut prepared = Prepared {
        ready: Vec::with_capacity(targets.len()),
        check,
    };
    for (((writer, results), plan), target) in
        writers.into_iter().zip(staged).zip(&plans).zip(targets)
    {
        let producer = |i| plan.producer(i);
        match writer.prepare(results, &producer) {
            Ok(ready) => prepared.ready.push(ReadyTarget {
                ready,
                target: target.clone(),
                operations: plan.model.operations.len(),
                types: plan.model.schemas.len(),
            }),
            Err(e) => {
                prepared.ready.into_iter().for_each(|r| r.ready.discard());
                return Err(Failure::Io(e));
            }
        }
    }
    Ok(prepared)
}

/// The targets of a run with their new trees made beside their folders ([`prepare_all`]),
/// waiting to be switched in. Dropped, it leaves every folder as it was.
pub struct Prepared {
    ready: Vec<ReadyTarget>,
    check: bool,
}

/// One target of a [`Prepared`] run, with what its summary needs.
struct ReadyTarget {
    ready: write::Ready,
    target: Target,
    operations: usize,
    types: usize,
}

impl Prepared {
    /// Switches every target's folder to its new tree, all or nothing (see
    /// [`write::switch_all`]); with `check`, only says which files differ.
    pub fn switch(self) -> Result<Vec<Summary>, Failure> {
        let check = self.check;
        let counts: Vec<(Target, usize, usize)> = self
            .ready
            .iter()
            .map(|r| (r.target.clone(), r.operations, r.types))
            .collect();
        let done = write::switch_all(self.ready.into_iter().map(|r| r.ready).collect())
            .map_err(Failure::Io)?;
        let mut summaries = Vec::with_capacity(done.len());
        let mut stale_files = Vec::new();
        for (done, (target, operations, types)) in done.iter().zip(counts) {
            if check && (!done.changed.is_empty() || !done.stale.is_empty()) {
                let shown = |f: &String| match target.shape {
                    Shape::Crate => f.clone(),
                    Shape::RuntimeModule => target.out.join(f).display().to_string(),
                };
                stale_files.extend(done.changed.iter().map(shown));
                stale_files.extend(
                    done.stale
                        .iter()
                        .map(|s| format!("{} (no longer generated)", shown(s))),
                );
            }
            summaries.push(Summary {
                operations,
                types,
                written: if check { 0 } else { done.changed.len() },
                unchanged: done.unchanged,
                removed: if check { 0 } else { done.stale.len() },
            });
        }
        if !stale_files.is_empty() {
            return Err(Failure::Stale { files: stale_files });
        }
        Ok(summaries)
    }
}

/// The targets of the workspace at or above the current folder: its `spec/` into `generated/`,
/// and each of [`module::RUNTIME_MODULES`] whose spec folder is there.
pub fn default_targets() -> Option<Vec<Target>> {
    let here = std::env::current_dir().ok()?;
    let root = workspace_root(&here)?;
    let mut targets = vec![Target {
        spec: root.join("spec"),
        out: root.join("generated"),
        shape: Shape::Crate,
    }];
    for (spec, out) in module::RUNTIME_MODULES {
        if root.join(spec).is_dir() {
            targets.push(Target {
                spec: root.join(spec),
                out: root.join(out),
                shape: Shape::RuntimeModule,
            });
        }
    }
    Some(targets)
}

/// `--docs`: the spec (checked as for generation) held against the pages its sources name, read
/// from the `docs/` folder beside the spec files. Writes nothing.
pub fn docs_check(spec: &Path) -> Result<docs::Report, Failure> {
    let keep = model::Keep {
        examples: false,
        files: true,
    };
    let lowered = front(spec, keep)?;
    Ok(docs::against::check(
        &lowered.files,
        &lowered.model,
        &docs_folder(spec),
    ))
}

/// The pages of a spec: the `docs/` folder beside its files, else, for a spec in a folder of
/// the spec (`spec/iam/`), the `docs/` folder beside that folder (`spec/docs/`, whose `iam/`
/// holds the IAM pages).
pub fn docs_folder(spec: &Path) -> PathBuf {
    let dir = if spec.is_dir() {
        spec.to_path_buf()
    } else {
        spec.parent().unwrap_or(Path::new(".")).to_path_buf()
    };
    let beside = dir.join("docs");
    match dir.parent().map(|parent| parent.join("docs")) {
        Some(above) if !beside.is_dir() && above.is_dir() => above,
        _ => beside,
    }
}

/// `--docs-diff`: what changed from the page `old` to the page `new`, in the terms that matter.
pub fn docs_diff(old: &Path, new: &Path) -> Result<Vec<docs::diff::Change>, Failure> {
    let read = |p: &Path| {
        std::fs::read(p)
            .map(|b| docs::rst::read(&b))
            .map_err(|e| Failure::Io(format!("cannot read page `{}`: {e}", p.display())))
    };
    Ok(docs::diff::diff(&read(old)?, &read(new)?))
}

/// `--draft`: a first spec, in the spec's YAML, for the page at `page` (a page the spec does not
/// have yet). A file that is no page (empty, binary, without a URI line) is an I/O failure
/// (exit 2) naming the file and, where it can, the line.
pub fn draft(page: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(page)
        .map_err(|e| Failure::Io(format!("cannot read page `{}`: {e}", page.display())))?;
    docs::draft::draft(&bytes, &docs::draft::page_name(page)).map_err(|e| {
        Failure::Io(match e.line {
            0 => format!("{}: {}", page.display(), e.message),
            n => format!("{}:{n}: {}", page.display(), e.message),
        })
    })
}

/// The workspace's `spec/` and `generated/`, found from the current folder: the nearest folder
/// at or above it that holds a `Cargo.toml` and a `spec/` folder. `None` outside a workspace
/// (the paths are never taken from where the binary was built).
pub fn default_paths() -> Option<(PathBuf, PathBuf)> {
    let here = std::env::current_dir().ok()?;
    let root = workspace_root(&here)?;
    Some((root.join("spec"), root.join("generated")))
}

/// The nearest of `from` and its ancestors that holds a `Cargo.toml` and a `spec/` folder.
pub fn workspace_root(from: &Path) -> Option<PathBuf> {
    from.ancestors()
        .find(|dir| dir.join("Cargo.toml").is_file() && dir.join("spec").is_dir())
        .map(Path::to_path_buf)
}
