//! How the generator scales: `cargo run --release -p client-codegen --example scale -- [N ...]`.
//!
//! For each N (default 1, 10, 100 and 1000) it writes N copies of the workspace's `spec/` into a
//! temporary folder, each copy's operations, schemas, source keys, waiter methods and paths renamed
//! (`show_job` → `show_job_c7`, `Job` → `JobC7`, `/v1/...` → `/c7/v1/...`) so that the copies live
//! side by side, then runs every stage of the pipeline on it and prints, per stage and in total,
//! the wall time and the process's peak resident memory (VmHWM, reset before each stage), then the
//! time of emitting and formatting apart (the generator
//! interleaves them, file by file, on every core), and the best of three whole runs (one above
//! N = 100) of `--check` and of a regeneration that changes nothing.
//! `--keep DIR` leaves each scaled spec and its output in `DIR/nN` (to profile
//! `client-codegen --spec DIR/nN/spec --out DIR/nN/out --check`).
//! `--build` also times compiling the generated crate alone, from scratch with its dependencies
//! already built (`cargo clean -p otc-ecs` before each): `cargo check` and `cargo build`, in a
//! workspace of its own beside the output, sharing one target folder between runs
//! (`$TMPDIR/client-codegen-scale-target`; the first run compiles the dependencies once).
//! Timings on a busy machine are noisy: compare the best of several runs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use client_codegen::{check, diag, emit, load, model, write};

/// The generator binary's allocator, so that the in-process runs measure what it does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut ns = Vec::new();
    let mut keep = None;
    let mut build = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--keep" {
            keep = args.next().map(PathBuf::from);
            continue;
        }
        if arg == "--build" {
            build = true;
            continue;
        }
        match arg.parse::<usize>() {
            Ok(n) if n > 0 => ns.push(n),
            _ => {
                eprintln!(
                    "usage: scale [--keep DIR] [--build] [N ...]  (N copies of spec/, each N > 0)"
                );
                return ExitCode::from(2);
            }
        }
    }
    if ns.is_empty() {
        ns = vec![1, 10, 100, 1000];
    }
    let Some(workspace) = std::env::current_dir()
        .ok()
        .and_then(|here| client_codegen::workspace_root(&here))
    else {
        eprintln!("scale: run it inside the workspace (a folder with Cargo.toml and spec/)");
        return ExitCode::from(2);
    };
    let originals = match read_spec(&workspace.join("spec")) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("scale: {e}");
            return ExitCode::from(2);
        }
    };
    for n in ns {
        let build = build.then_some(workspace.as_path());
        if let Err(e) = bench(&originals, n, keep.as_deref(), build) {
            eprintln!("scale: N = {n}: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn read_spec(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.extension().is_some_and(|x| x == "yaml") {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            files.push((stem.into_owned(), text));
        }
    }
    files.sort();
    Ok(files)
}

/// One stage's figures.
struct Stage {
    name: &'static str,
    wall: Duration,
    peak: usize,
}

fn stage<T>(stages: &mut Vec<Stage>, name: &'static str, f: impl FnOnce() -> T) -> T {
    reset_peak();
    let start = Instant::now();
    let value = f();
    stages.push(Stage {
        name,
        wall: start.elapsed(),
        peak: vm_hwm_kb().unwrap_or(0),
    });
    value
}

/// Linux: writing `5` to `clear_refs` resets the process's peak resident memory to what it holds
/// now, so that each stage reports its own peak (else the peaks only add up).
fn reset_peak() {
    let _ = fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident memory (VmHWM) in KiB.
fn vm_hwm_kb() -> Option<usize> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `keep`: the folder to leave the scaled spec and its output in (for a profiler), else a
/// temporary one that is removed.
/// `build`: the workspace whose manifest and lock file the crate is compiled with, if it is to be.
fn bench(
    originals: &[(String, String)],
    n: usize,
    keep: Option<&Path>,
    build: Option<&Path>,
) -> Result<(), String> {
    let temp = std::env::temp_dir().join(format!("client-codegen-scale-{}", std::process::id()));
    let root = keep.unwrap_or(&temp).join(format!("n{n}"));
    let _ = fs::remove_dir_all(&root);
    let (spec, out) = (root.join("spec"), root.join("out"));
    fs::create_dir_all(&spec).map_err(|e| e.to_string())?;
    let names = Names::of(originals);
    for copy in 1..=n {
        for (stem, text) in originals {
            // The service's error codes are one list, whatever the number of operations.
            if copy > 1 && text.lines().any(|l| l == "error_codes:") {
                continue;
            }
            let name = if n == 1 {
                format!("{stem}.yaml")
            } else {
                format!("{stem}_c{copy}.yaml")
            };
            let text = if n == 1 {
                text.clone()
            } else {
                renamed(text, copy, &names)
            };
            fs::write(spec.join(name), text).map_err(|e| e.to_string())?;
        }
    }
    let mut result = measure(&spec, &out, n);
    if let (Ok(()), Some(workspace)) = (&result, build) {
        result = compile_times(workspace, &root);
    }
    if keep.is_none() {
        let _ = fs::remove_dir_all(&temp);
    }
    result
}

fn measure(spec: &Path, out: &Path, n: usize) -> Result<(), String> {
    let mut stages = Vec::new();
    let mut diags = diag::Diagnostics::default();
    let started = Instant::now();
    let files = stage(&mut stages, "load", || load::load(spec, &mut diags)).map_err(|e| e.0)?;
    let types = stage(&mut stages, "check", || {
        let types = model::TypeTable::parse(&files);
        check::check(&files, &types, &mut diags);
        types
    });
    let lowered = stage(&mut stages, "model", || {
        model::lower(files, &types, model::Keep::default(), diags)
    });
    drop(types);
    let model = match lowered {
        Ok(lowered) => lowered.model,
        Err(problems) => {
            let shown: Vec<String> = problems.iter().take(5).map(|d| d.to_string()).collect();
            return Err(format!(
                "the scaled spec does not check:\n{}",
                shown.join("\n")
            ));
        }
    };
    let formatted = stage(&mut stages, "emit+fmt", || {
        client_codegen::emit_and_format(&model, false)
    })
    .map_err(|e| format!("{e:?}"))?;
    let outputs = formatted.files;
    stage(&mut stages, "write", || write::apply(out, &outputs))?;
    let plan = stage(&mut stages, "compare", || write::compare(out, &outputs))?;
    let total = started.elapsed();
    if !plan.changed.is_empty() || !plan.stale.is_empty() {
        return Err(format!("a second comparison differs: {:?}", plan.changed));
    }
    drop(outputs);
    let (operations, types) = (model.operations.len(), model.schemas.len());
    println!(
        "N = {n}: {operations} operations, {types} types, {} files",
        plan.unchanged
    );
    println!("  {:<8} {:>10} {:>12}", "stage", "wall", "peak RSS");
    for s in &stages {
        println!(
            "  {:<8} {:>8.1}ms {:>9.1} MB",
            s.name,
            ms(s.wall),
            s.peak as f64 / 1024.0
        );
    }
    let peak = stages.iter().map(|s| s.peak).max().unwrap_or(0);
    println!(
        "  {:<8} {:>8.1}ms {:>9.1} MB",
        "total",
        ms(total),
        peak as f64 / 1024.0
    );
    let (emit, format) = emit_then_format(&model)?;
    println!(
        "  emit+fmt apart, on one thread: emit {:.1} ms, format {:.1} ms",
        ms(emit),
        ms(format)
    );
    drop(model);
    let runs = if n > 100 { 1 } else { 3 };
    for (what, check) in [("--check", true), ("regenerate (no change)", false)] {
        let mut best = Duration::MAX;
        let mut peak = 0;
        for _ in 0..runs {
            reset_peak();
            let start = Instant::now();
            client_codegen::run(spec, out, check).map_err(|e| format!("{what}: {e:?}"))?;
            best = best.min(start.elapsed());
            peak = peak.max(vm_hwm_kb().unwrap_or(0));
        }
        println!(
            "  whole run, {what}: best of {runs} {:.1} ms, {:.3} ms per operation, peak RSS {:.1} MB",
            ms(best),
            ms(best) / operations as f64,
            peak as f64 / 1024.0
        );
    }
    Ok(())
}

/// Stages 4 and 5 apart, file by file on this thread: the time of each.
fn emit_then_format(model: &model::Model) -> Result<(Duration, Duration), String> {
    let (mut emit, mut format) = (Duration::ZERO, Duration::ZERO);
    for job in emit::file_jobs(model) {
        let start = Instant::now();
        let file = emit::rust_file(model, &job);
        let emitted = Instant::now();
        client_codegen::format::rust_file(&file)?;
        emit += emitted - start;
        format += emitted.elapsed();
    }
    Ok((emit, format))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The spec file `text` as copy number `copy`: every name the file declares gets a suffix, and
/// every reference to one follows.
fn renamed(text: &str, copy: usize, names: &Names) -> String {
    let Names {
        schemas,
        operations,
    } = names;
    let sources = declared_in(text, "sources");
    let mut section = "";
    // The indent of a `source: >-` key whose folded lines follow: they cite sources too.
    let mut folded_source: Option<usize> = None;
    let mut out = String::with_capacity(text.len() + text.len() / 10);
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let body = line.trim_start();
        match folded_source {
            Some(at) if indent > at || body.is_empty() => {
                out.push_str(&line[..indent]);
                out.push_str(&with_sources(body, &sources, copy));
                out.push('\n');
                continue;
            }
            _ => folded_source = None,
        }
        let (key, value) = body
            .trim_start_matches("- ")
            .split_once(": ")
            .unwrap_or((body, ""));
        let lead =
            &line[..line.len() - body.len() + (body.len() - body.trim_start_matches("- ").len())];
        let new = if !line.starts_with(' ') && line.ends_with(':') {
            section = line.trim_end_matches(':');
            line.to_string()
        } else if let Some(name) = declared(line) {
            let suffix = match section {
                "sources" => format!("-c{copy}"),
                "operations" => format!("_c{copy}"),
                _ => format!("C{copy}"),
            };
            format!(
                "{}{name}{suffix}:{}",
                &line[..indent],
                &body[name.len() + 1..]
            )
        } else {
            match key {
                "type" | "schema" => {
                    format!("{lead}{key}: {}", with_schemas(value, schemas, copy))
                }
                k if (k == "method" || k.ends_with("_method"))
                    && value.starts_with(|c: char| c.is_ascii_lowercase()) =>
                {
                    format!("{lead}{key}: {value}_c{copy}")
                }
                "template" => format!("{lead}{key}: /c{copy}{value}"),
                "source" if matches!(value, ">-" | ">" | "|" | "|-") => {
                    folded_source = Some(lead.len());
                    line.to_string()
                }
                "source" => format!("{lead}{key}: {}", with_sources(value, &sources, copy)),
                // Any other reference to a name this file declares (an operation named by another).
                "name" | "value" | "description" | "summary" | "text" | "title" => line.to_string(),
                _ if operations.iter().any(|o| o == value) => {
                    format!("{lead}{key}: {value}_c{copy}")
                }
                _ if schemas.iter().any(|s| s == value) => format!("{lead}{key}: {value}C{copy}"),
                _ => line.to_string(),
            }
        };
        out.push_str(&new);
        out.push('\n');
    }
    out
}

/// The schemas and operations of the whole spec: a file may name those of another.
struct Names {
    schemas: Vec<String>,
    operations: Vec<String>,
}

impl Names {
    fn of(files: &[(String, String)]) -> Names {
        let all = |section| {
            files
                .iter()
                .flat_map(|(_, t)| declared_in(t, section))
                .collect()
        };
        Names {
            schemas: all("schemas"),
            operations: all("operations"),
        }
    }
}

/// The names declared under `section` (`sources`, `operations`, `schemas`) of one file.
fn declared_in(text: &str, section: &str) -> Vec<String> {
    let mut current = "";
    let mut names = Vec::new();
    for line in text.lines() {
        if !line.starts_with(' ') && line.ends_with(':') {
            current = line.trim_end_matches(':');
        } else if let Some(key) = declared(line)
            && current == section
        {
            names.push(key.to_string());
        }
    }
    names
}

/// `  Name:` directly under a top-level section.
fn declared(line: &str) -> Option<&str> {
    let key = line.strip_prefix("  ")?.split_once(':')?.0;
    let plain = !key.is_empty() && !key.starts_with([' ', '-', '#']) && !key.contains(' ');
    plain.then_some(key)
}

fn with_schemas(ty: &str, schemas: &[String], copy: usize) -> String {
    let mut out = String::new();
    for part in ty.split_inclusive(['<', '>']) {
        let name = part.trim_end_matches(['<', '>']);
        out.push_str(name);
        if schemas.iter().any(|s| s == name) {
            out.push_str(&format!("C{copy}"));
        }
        out.push_str(&part[name.len()..]);
    }
    out
}

fn with_sources(value: &str, sources: &[String], copy: usize) -> String {
    let parts: Vec<String> = value
        .split("; ")
        .map(|part| {
            let end = part.find([',', ' ']).unwrap_or(part.len());
            let (key, rest) = part.split_at(end);
            if sources.iter().any(|s| s == key) {
                format!("{key}-c{copy}{rest}")
            } else {
                part.to_string()
            }
        })
        .collect();
    parts.join("; ")
}

/// Compiles the crate generated under `root/out` alone, dependencies already built: prints the
/// wall and CPU time of `cargo check` and of `cargo build`, each after `cargo clean -p otc-ecs`.
fn compile_times(workspace: &Path, root: &Path) -> Result<(), String> {
    let manifest = fs::read_to_string(workspace.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let runtime = format!("path = {:?}", workspace.join("generator/runtime"));
    let manifest: String = manifest
        .replace("path = \"generator/runtime\"", &runtime)
        .lines()
        .map(|line| match line.starts_with("members = ") {
            true => "members = [\"out\"]\n".to_string(),
            false => format!("{line}\n"),
        })
        .collect();
    fs::write(root.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    fs::copy(workspace.join("Cargo.lock"), root.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let target = std::env::temp_dir().join("client-codegen-scale-target");
    let cargo = |args: &[&str]| -> Result<(Duration, Option<f64>), String> {
        let started = Instant::now();
        let cpu_before = children_cpu();
        let status = std::process::Command::new(std::env::var("CARGO").unwrap_or("cargo".into()))
            .current_dir(root)
            .args(args)
            .args(["--offline", "--quiet", "-p", "otc-ecs"])
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let cpu = children_cpu()
            .zip(cpu_before)
            .map(|(after, before)| after - before);
        match status.success() {
            true => Ok((started.elapsed(), cpu)),
            false => Err(format!(
                "`cargo {}` of the generated crate failed",
                args.join(" ")
            )),
        }
    };
    // Dependencies first, for both profiles' needs; then the crate alone, from scratch.
    cargo(&["check"])?;
    cargo(&["build"])?;
    let mut line = String::from("  the crate alone, from scratch:");
    for what in ["check", "build"] {
        cargo(&["clean"])?;
        let (wall, cpu) = cargo(&[what])?;
        line.push_str(&format!(" cargo {what} {:.1} s", wall.as_secs_f64()));
        if let Some(cpu) = cpu {
            line.push_str(&format!(" ({cpu:.1} s CPU)"));
        }
    }
    println!("{line}");
    Ok(())
}

/// The CPU seconds (user and system) of this process's children that have ended, from
/// `/proc/self/stat` (Linux; `None` elsewhere): what a shared machine's wall time hides.
fn children_cpu() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // Past the command's name (in parentheses, which may hold spaces), the third field on.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // Fields 16 and 17, `cutime` and `cstime`, in clock ticks (100 per second on Linux).
    let ticks: f64 = fields.get(13)?.parse::<f64>().ok()? + fields.get(14)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
