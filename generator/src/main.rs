//! `cargo run -p client-codegen [-- --spec PATH] [--out DIR] [--check]`

use std::path::PathBuf;
use std::process::ExitCode;

use client_codegen::Failure;

const USAGE: &str = "usage: client-codegen [--spec PATH] [--out DIR] [--check]

  --spec PATH  the spec: a folder of *.yaml files or one file (default: the workspace's spec/)
  --out DIR    the crate to write (default: the workspace's generated/)
  --check      write nothing; fail naming every file that differs from what the spec makes

exit codes: 0 success, 1 the spec is wrong, 2 usage or I/O problem, 3 --check found differences";

fn main() -> ExitCode {
    let (mut spec, mut out) = client_codegen::default_paths();
    let mut check = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
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
