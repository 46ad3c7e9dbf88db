//! The vendored pages, broken at random a few hundred times: `--docs` and `--docs-diff` never
//! panic, and every finding and change points at a line that exists in its page and spec file.
//!
//! Deterministic: the mutations come from a seeded xorshift generator. `DOCS_MUTATION_SEED=<n>`
//! and `DOCS_MUTATIONS=<count>` run another series; a failure prints the seed and each mutation.

mod docs_support;
mod rng;
mod support;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};

use docs_support::*;
use rng::Rng;

const DEFAULT_SEED: u64 = 0xd0c5_0ecc_2026_0007;
const DEFAULT_COUNT: usize = 150;

/// Text that breaks tables, titles, directives and JSON.
const PIECES: &[&str] = &[
    "|",
    "+",
    "=",
    "-",
    "+---+",
    "| x |",
    "=====",
    ".. table::",
    ".. code-block::",
    "{",
    "}",
    "\"",
    "\\",
    "**",
    ":ref:`",
    "`",
    "\t",
    "Yes",
    "No",
    "Array of",
    "POST /",
    "POST https://",
    "   ",
];

/// One random breakage of `text`, and what it was.
fn mutate(rng: &mut Rng, text: &[u8]) -> (Vec<u8>, String) {
    let lines: Vec<&[u8]> = text.split(|b| *b == b'\n').collect();
    let line = rng.below(lines.len().max(1));
    let mut out: Vec<Vec<u8>> = lines.iter().map(|l| l.to_vec()).collect();
    let what = match rng.below(9) {
        0 => {
            out.remove(line);
            format!("delete line {}", line + 1)
        }
        1 => {
            out.insert(line, out[line].clone());
            format!("duplicate line {}", line + 1)
        }
        2 => {
            let at = rng.below(text.len().max(1));
            return (text[..at].to_vec(), format!("truncate at byte {at}"));
        }
        3 => {
            let at = rng.below(text.len().max(1));
            let mut bytes = text.to_vec();
            bytes.insert(at, [0xff, 0xc3, 0x80][rng.below(3)]);
            return (bytes, format!("insert a raw byte at byte {at}"));
        }
        4 | 5 => {
            let piece = PIECES[rng.below(PIECES.len())];
            let at = rng.below(out[line].len() + 1);
            out[line].splice(at..at, piece.bytes());
            format!("insert `{piece}` at line {}, byte {at}", line + 1)
        }
        6 => {
            let n = out[line].len();
            if n > 0 {
                let at = rng.below(n);
                out[line].remove(at);
            }
            format!("remove a byte of line {}", line + 1)
        }
        7 => {
            out[line].splice(0..0, *b"  ");
            format!("indent line {}", line + 1)
        }
        _ => {
            let to = rng.below(out.len().max(1));
            let moved = out.remove(line);
            out.insert(to.min(out.len()), moved);
            format!("move line {} before line {}", line + 1, to + 1)
        }
    };
    (out.join(&b'\n'), what)
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.parse().ok()
}

#[test]
fn random_breakage_of_the_pages_gives_located_findings_never_a_panic() {
    let seed = env_number("DOCS_MUTATION_SEED").unwrap_or(DEFAULT_SEED);
    let count = env_number("DOCS_MUTATIONS").map_or(DEFAULT_COUNT, |n| n as usize);
    let mut rng = Rng::new(seed);
    let spec = spec_copy("mutations");
    // With pages whose cells state values, ranges, defaults, links and query parameters.
    let names = [
        REINSTALL,
        REBUILD,
        JOBS,
        SHOW,
        "apis_recommended/flavor_management/querying_the_target_flavors_to_which_an_ecs_flavor_can_be_changed.rst",
        "apis_recommended/lifecycle_management/creating_ecss.rst",
    ];
    let originals: Vec<String> = names.iter().map(|n| page(n)).collect();
    let old_path = spec.parent().unwrap().join("old.rst");
    let mut failures = Vec::new();
    let mut findings = 0;
    for i in 0..count {
        let which = rng.below(names.len());
        let (mut bytes, mut what) = mutate(&mut rng, originals[which].as_bytes());
        if rng.below(3) == 0 {
            let (b, w) = mutate(&mut rng, &bytes);
            bytes = b;
            what = format!("{what}, then {w}");
        }
        let label = format!("#{i} {}: {what}", names[which]);
        let lines = bytes.split(|b| *b == b'\n').count();
        put_page(&spec, names[which], &bytes);
        fs::write(&old_path, &originals[which]).unwrap();
        let new_path = spec.join("docs").join(names[which]);
        let run = catch_unwind(AssertUnwindSafe(|| {
            (
                client_codegen::docs_check(&spec),
                client_codegen::docs_diff(&old_path, &new_path),
            )
        }));
        let (report, changes) = match run {
            Ok((Ok(r), Ok(c))) => (r, c),
            Ok((r, c)) => {
                failures.push(format!(
                    "{label}: not a finding but {:?} / {:?}",
                    r.err(),
                    c.err()
                ));
                continue;
            }
            Err(_) => {
                failures.push(format!("{label}: panicked"));
                continue;
            }
        };
        findings += report.findings.len();
        for f in report.findings.iter().chain(&report.gaps) {
            let on_this_page = page_place(f).0.ends_with(names[which]);
            let page_ok = page_place(f).1 >= 1 && (!on_this_page || page_place(f).1 <= lines);
            let spec_ok = f.line >= 1 && f.file.ends_with(".yaml");
            if !page_ok || !spec_ok {
                failures.push(format!("{label}: badly located finding:\n{f}"));
            }
        }
        let old_lines = originals[which].lines().count();
        for c in &changes {
            if c.new > lines || c.old > old_lines || (c.new == 0 && c.old == 0) {
                failures.push(format!("{label}: badly located change {c:?}"));
            }
        }
        put_page(&spec, names[which], &originals[which]);
    }
    assert!(
        findings > count / 4,
        "the mutations found too little: {findings} findings"
    );
    assert!(
        failures.is_empty(),
        "seed {seed}: {} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
