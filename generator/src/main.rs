//! `cargo run -p client-codegen [-- --spec PATH] [--out DIR] [--check] [--openapi FILE]`

use std::path::PathBuf;
use std::process::ExitCode;

use client_codegen::Failure;

const USAGE: &str = "usage: client-codegen [--spec PATH] [--out DIR] [--check] [--openapi FILE]

  --spec PATH  the spec: a folder of *.yaml files or one file (default: the workspace's spec/)
  --out DIR    the crate to write (default: the workspace's generated/)
  --check      write nothing; fail naming every file that differs from what the spec makes
  --openapi FILE  write the spec as an OpenAPI 3.1 document (JSON) to FILE instead; the crate
               folder is neither read nor written

exit codes: 0 success, 1 the spec is wrong, 2 usage or I/O problem, 3 --check found differences";

fn main() -> ExitCode {
    let (mut spec, mut out) = client_codegen::default_paths();
    let mut check = false;
    let mut openapi = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--openapi" => match args.next() {
                Some(v) => openapi = Some(PathBuf::from(v)),
                None => return usage("--openapi needs a value"),
            },
            "--spec" | "--out" => match args.next() {
                Some(v) if arg == "--spec" => spec = PathBuf::from(v),
                Some(v) => out = PathBuf::from(v),
                None => return usage(&format!("{arg} needs a value")),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument `{other}`")),
        }
    }
    if let Some(file) = openapi {
        return export_openapi(&spec, &file);
    }
    match client_codegen::run(&spec, &out, check) {
        Ok(s) => {
            let action = if check { "checked" } else { "written" };
            println!(
                "client-codegen: {} operations, {} types; {} files {action}, {} unchanged{} ({})",
                s.operations,
                s.types,
                s.written,
                s.unchanged,
                if s.removed > 0 {
                    format!(", {} removed", s.removed)
                } else {
                    String::new()
                },
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            match &failure {
                Failure::Spec(diags) => {
                    for d in diags {
                        eprintln!("{d}");
                    }
                    eprintln!(
                        "client-codegen: {} problem(s) in the spec; {} left untouched",
                        diags.len(),
                        out.display()
                    );
                }
                Failure::Io(message) => eprintln!("client-codegen: {message}"),
                Failure::Stale { files } => {
                    eprintln!(
                        "client-codegen: {} is not what the spec makes; these files differ:",
                        out.display()
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
            println!(
                "client-codegen: OpenAPI 3.1 document written to {} ({bytes} bytes)",
                file.display()
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            match &failure {
                Failure::Spec(diags) => {
                    for d in diags {
                        eprintln!("{d}");
                    }
                    eprintln!(
                        "client-codegen: {} problem(s) in the spec; {} not written",
                        diags.len(),
                        file.display()
                    );
                }
                Failure::Io(message) => eprintln!("client-codegen: {message}"),
                Failure::Stale { .. } => {}
            }
            ExitCode::from(failure.exit_code() as u8)
        }
    }
}
