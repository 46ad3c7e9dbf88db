//! `cargo run -p client-codegen [-- --spec PATH] [--out DIR] [--check | --docs] [--openapi FILE]`,
//! `cargo run -p client-codegen -- --docs-diff OLD NEW`, `cargo run -p client-codegen -- --draft PAGE`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use client_codegen::Failure;

/// Half the generator's work is syn and prettyplease building and dropping small values; mimalloc
/// serves them faster than the system allocator (measured in the README's scale benchmark).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str =
    "usage: client-codegen [--spec PATH] [--out DIR] [--check | --docs] [--openapi FILE]
       client-codegen --docs-diff OLD.rst NEW.rst
       client-codegen --draft PAGE.rst

  --spec PATH  the spec: a folder of *.yaml files or one file (default: spec/ of the workspace
               at or above the current folder, and spec/iam/ into the runtime crate's
               src/iam/ module)
  --out DIR    the crate to write (default: the workspace's generated/)
  --check      write nothing; fail naming every file that differs from what the spec makes
  --docs       write nothing; hold the spec against the pages in the spec's docs/ folder
  --docs-diff  what changed between two versions of a page: tables, rows, mandatory flags,
               types, URIs and examples (re-wrapped tables and reworded prose are no change)
  --draft      print a spec draft (YAML) for a page the spec does not have yet: operation,
               paths, parameters, schemas, examples, each citing its table; every description
               a TODO(describe) placeholder that the check refuses until it is written
  --openapi FILE  write the spec as an OpenAPI 3.1 document (JSON) to FILE instead; the crate
               folder is neither read nor written

exit codes: 0 success, 1 the spec is wrong or disagrees with a page (--docs), or the page
changed (--docs-diff), 2 usage or I/O problem, 3 --check found differences";

fn main() -> ExitCode {
    let (mut spec, mut out) = (None, None);
    let mut check = false;
    let mut docs = false;
    let mut openapi = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--docs" => docs = true,
            "--docs-diff" => {
                let (Some(old), Some(new)) = (args.next(), args.next()) else {
                    return usage("--docs-diff needs two pages: OLD.rst NEW.rst");
                };
                if let Some(extra) = args.next() {
                    return usage(&format!("unexpected argument `{extra}` after --docs-diff"));
                }
                return docs_diff(&PathBuf::from(old), &PathBuf::from(new));
            }
            "--draft" => {
                let Some(page) = args.next() else {
                    return usage("--draft needs a page: PAGE.rst");
                };
                if let Some(extra) = args.next() {
                    return usage(&format!("unexpected argument `{extra}` after --draft"));
                }
                return draft(&PathBuf::from(page));
            }
            "--openapi" => match args.next() {
                Some(v) => openapi = Some(PathBuf::from(v)),
                None => return usage("--openapi needs a value"),
            },
            "--spec" | "--out" => match args.next() {
                Some(v) if arg == "--spec" => spec = Some(PathBuf::from(v)),
                Some(v) => out = Some(PathBuf::from(v)),
                None => return usage(&format!("{arg} needs a value")),
            },
            "-h" | "--help" => {
                say(format_args!("{USAGE}"));
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument `{other}`")),
        }
    }
    if docs && (check || openapi.is_some()) {
        return usage("--docs is a run of its own");
    }
    // Without --spec and --out, a run covers the workspace: `spec/` into `generated/` and each
    // runtime module's spec (`spec/iam/` into `generator/runtime/src/iam/`).
    if spec.is_none() && out.is_none() && openapi.is_none() {
        let Some(targets) = client_codegen::default_targets() else {
            return usage(
                "no workspace (a folder with Cargo.toml and spec/) at or above the current folder: run inside one, or name --spec and --out",
            );
        };
        if docs {
            return docs_check_all(&targets);
        }
        return generate(&targets, check);
    }
    let found = client_codegen::default_paths();
    let (spec, out) = match (spec, out, found) {
        (Some(spec), Some(out), _) => (spec, out),
        (spec, out, Some((default_spec, default_out))) => {
            (spec.unwrap_or(default_spec), out.unwrap_or(default_out))
        }
        (Some(spec), None, None) if docs || openapi.is_some() => (spec, PathBuf::new()),
        _ => {
            return usage(
                "no workspace (a folder with Cargo.toml and spec/) at or above the current folder: run inside one, or name --spec and --out",
            );
        }
    };
    if docs {
        return docs_check(&spec);
    }
    if let Some(file) = openapi {
        return export_openapi(&spec, &file);
    }
    let target = client_codegen::Target {
        spec,
        out,
        shape: client_codegen::Shape::Crate,
    };
    generate(&[target], check)
}

/// Generates (or, with `check`, compares) every target: one summary line each.
fn generate(targets: &[client_codegen::Target], check: bool) -> ExitCode {
    let outs: Vec<String> = targets
        .iter()
        .map(|t| t.out.display().to_string())
        .collect();
    match client_codegen::run_all(targets, check) {
        Ok(summaries) => {
            let action = if check { "checked" } else { "written" };
            for (s, out) in summaries.iter().zip(&outs) {
                say(format_args!(
                    "client-codegen: {} operations, {} types; {} files {action}, {} unchanged{} ({out})",
                    s.operations,
                    s.types,
                    s.written,
                    s.unchanged,
                    if s.removed > 0 {
                        format!(", {} removed", s.removed)
                    } else {
                        String::new()
                    },
                ));
            }
            ExitCode::SUCCESS
        }
        Err(failure @ Failure::Stale { .. }) => fail(&failure, &outs.join(", ")),
        Err(failure) => fail(&failure, &format!("{} left untouched", outs.join(" and "))),
    }
}

/// `--docs` for every target of the workspace, one report each; fails if any has findings.
fn docs_check_all(targets: &[client_codegen::Target]) -> ExitCode {
    let mut worst = ExitCode::SUCCESS;
    for target in targets {
        let code = docs_check(&target.spec);
        if code != ExitCode::SUCCESS {
            worst = code;
        }
    }
    worst
}

fn docs_check(spec: &std::path::Path) -> ExitCode {
    match client_codegen::docs_check(spec) {
        Ok(report) => {
            // A closed stdout (`| head`) ends the listing, not the program.
            let mut out = std::io::stdout().lock();
            for f in &report.findings {
                let _ = writeln!(out, "{f}");
            }
            for g in &report.gaps {
                let _ = writeln!(out, "{}", client_codegen::docs::Report::note(g));
            }
            let _ = writeln!(out, "{}", report.summary());
            ExitCode::from(u8::from(!report.findings.is_empty()))
        }
        Err(failure) => fail(&failure, "fix them before holding it against the pages"),
    }
}

fn docs_diff(old: &std::path::Path, new: &std::path::Path) -> ExitCode {
    match client_codegen::docs_diff(old, new) {
        Ok(changes) => {
            let (o, n) = (old.display().to_string(), new.display().to_string());
            let mut out = std::io::stdout().lock();
            for change in &changes {
                let shown = client_codegen::docs::diff::Shown {
                    change,
                    old: &o,
                    new: &n,
                };
                let _ = writeln!(out, "{shown}");
            }
            if changes.is_empty() {
                let _ = writeln!(
                    out,
                    "client-codegen --docs-diff: nothing that matters changed (same tables, rows, mandatory flags, types, URIs and examples)"
                );
                ExitCode::SUCCESS
            } else {
                let _ = writeln!(
                    out,
                    "client-codegen --docs-diff: {} change(s) that matter; run --docs against the new page and edit the spec",
                    changes.len()
                );
                ExitCode::from(1)
            }
        }
        Err(failure) => {
            if let Failure::Io(message) = &failure {
                eprintln!("client-codegen: {message}");
            }
            ExitCode::from(failure.exit_code() as u8)
        }
    }
}

fn draft(page: &std::path::Path) -> ExitCode {
    match client_codegen::draft(page) {
        Ok(text) => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(failure) => fail(&failure, "no draft written"),
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("client-codegen: {problem}\n\n{USAGE}");
    ExitCode::from(2)
}

/// `--openapi FILE`: exit 1 when the spec is wrong, 2 when FILE cannot be written.
fn export_openapi(spec: &std::path::Path, file: &std::path::Path) -> ExitCode {
    let result = client_codegen::openapi(spec).and_then(|text| {
        std::fs::write(file, &text)
            .map(|()| text.len())
            .map_err(|e| Failure::Io(format!("cannot write `{}`: {e}", file.display())))
    });
    match result {
        Ok(bytes) => {
            say(format_args!(
                "client-codegen: OpenAPI 3.1 document written to {} ({bytes} bytes)",
                file.display()
            ));
            ExitCode::SUCCESS
        }
        Err(failure) => fail(&failure, &format!("{} not written", file.display())),
    }
}

/// Prints why a run failed (every spec problem, then what that means for the output) and gives its
/// exit code.
fn fail(failure: &Failure, consequence: &str) -> ExitCode {
    match failure {
        Failure::Spec(diags) => {
            for d in diags {
                eprintln!("{d}");
            }
            eprintln!(
                "client-codegen: {} problem(s) in the spec; {consequence}",
                diags.len()
            );
        }
        Failure::Io(message) => eprintln!("client-codegen: {message}"),
        Failure::Stale { files } => {
            eprintln!(
                "client-codegen: {consequence}; these files differ from what the spec makes:"
            );
            for f in files {
                eprintln!("  {f}");
            }
            eprintln!(
                "run `cargo run -p client-codegen` to regenerate, then review with `cargo insta review`"
            );
        }
    }
    ExitCode::from(failure.exit_code() as u8)
}

/// One line on stdout; a closed stdout (`| head`, `| true`) is not worth a panic.
fn say(line: std::fmt::Arguments) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}
