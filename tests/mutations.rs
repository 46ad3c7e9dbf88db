//! The real spec, broken at random a few hundred times: the generator never panics, every
//! diagnostic points at a real place, and a refused spec leaves the output folder as it was.
//!
//! Deterministic: the mutations come from a seeded xorshift generator. `MUTATION_SEED=<n>` and
//! `MUTATIONS=<count>` run another series; a failure prints the seed and each failing mutation.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use client_codegen::{Diagnostic, Failure};
use rng::Rng;

mod rng;

const DEFAULT_SEED: u64 = 0x5eed_0ecc_2024_0001;
const DEFAULT_COUNT: usize = 300;

/// Replacement values: other YAML types, odd numbers, YAML's own traps.
const VALUES: &[&str] = &[
    "[]",
    "{}",
    "-1",
    "true",
    "null",
    "~",
    "\"\"",
    "0",
    "70000",
    "2.x",
    "[a, b]",
    "{a: 1}",
    "widget",
    "Widget",
    "FETCH",
    "array<Nope>",
    "map<",
    "*anchor",
    "&anchor x",
    "!!binary AAAA",
    "'unterminated",
    "[unclosed",
    "|",
    ">-",
    "- item",
    "key: value",
    "#",
    "%",
    "@",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    Indent(usize),
    Dedent(usize),
    Truncate(usize),
    SwapKeyLetters(usize, usize),
    ReplaceValue(usize, &'static str),
    InsertTab(usize, usize),
    MoveLine(usize, usize),
    InsertByte(usize, u8),
}

impl fmt::Display for Mutation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mutation::DeleteLine(l) => write!(f, "delete line {}", l + 1),
            Mutation::DuplicateLine(l) => write!(f, "duplicate line {}", l + 1),
            Mutation::Indent(l) => write!(f, "indent line {} by 2", l + 1),
            Mutation::Dedent(l) => write!(f, "dedent line {} by 2", l + 1),
            Mutation::Truncate(b) => write!(f, "truncate at byte {b}"),
            Mutation::SwapKeyLetters(l, i) => {
                write!(
                    f,
                    "swap letters {} and {} of the key on line {}",
                    i,
                    i + 1,
                    l + 1
                )
            }
            Mutation::ReplaceValue(l, v) => {
                write!(f, "replace the value on line {} by `{v}`", l + 1)
            }
            Mutation::InsertTab(l, c) => {
                write!(f, "insert a tab at line {}, column {}", l + 1, c + 1)
            }
            Mutation::MoveLine(from, to) => {
                write!(f, "move line {} before line {}", from + 1, to + 1)
            }
            Mutation::InsertByte(b, x) => write!(f, "insert byte {x:#04x} at byte {b}"),
        }
    }
}

/// A mutation of `text` chosen by `rng` (it may turn out a no-op, which must simply work).
fn choose(rng: &mut Rng, text: &str) -> Mutation {
    let lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    let line = rng.below(n);
    let l = lines[line];
    let indent = l.len() - l.trim_start_matches(' ').len();
    match rng.below(10) {
        0 => Mutation::DeleteLine(line),
        1 => Mutation::DuplicateLine(line),
        2 => Mutation::Indent(line),
        3 if indent >= 2 => Mutation::Dedent(line),
        3 => Mutation::Indent(line),
        4 => {
            let mut at = rng.below(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            Mutation::Truncate(at)
        }
        5 => Mutation::SwapKeyLetters(line, rng.below(8)),
        6 | 7 => Mutation::ReplaceValue(line, rng.pick(VALUES)),
        8 => Mutation::InsertTab(line, rng.below(indent + 1)),
        _ if rng.below(4) == 0 => Mutation::InsertByte(rng.below(text.len()), 0xff),
        _ => Mutation::MoveLine(line, rng.below(n)),
    }
}

/// The mutated bytes of `text`.
fn apply(m: &Mutation, text: &str) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match *m {
        Mutation::DeleteLine(l) => {
            lines.remove(l);
        }
        Mutation::DuplicateLine(l) => lines.insert(l, lines[l].clone()),
        Mutation::Indent(l) => lines[l].insert_str(0, "  "),
        Mutation::Dedent(l) => {
            lines[l].replace_range(..2, "");
        }
        Mutation::Truncate(b) => return text.as_bytes()[..b].to_vec(),
        Mutation::SwapKeyLetters(l, i) => {
            let line = &lines[l];
            let start = line.len() - line.trim_start_matches([' ', '-']).len();
            let key_len = line[start..].find(':').unwrap_or(0);
            let i = start + i;
            if i + 1 < start + key_len && line.is_char_boundary(i) && line.is_char_boundary(i + 2) {
                let swapped: String = line[i..i + 2].chars().rev().collect();
                lines[l].replace_range(i..i + 2, &swapped);
            }
        }
        Mutation::ReplaceValue(l, v) => {
            if let Some(colon) = lines[l].find(": ") {
                lines[l].replace_range(colon + 2.., v);
            } else if let Some(dash) = lines[l].find("- ") {
                lines[l].replace_range(dash + 2.., v);
            }
        }
        Mutation::InsertTab(l, c) => {
            let at = c.min(lines[l].len());
            lines[l].insert(at, '\t');
        }
        Mutation::MoveLine(from, to) => {
            let line = lines.remove(from);
            lines.insert(to.min(lines.len()), line);
        }
        Mutation::InsertByte(b, x) => {
            let mut bytes = text.as_bytes().to_vec();
            bytes.insert(b, x);
            return bytes;
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out.into_bytes()
}

/// Every file under `dir`, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

/// What is wrong with a diagnostic of a refused mutated spec, if anything.
fn misplaced(d: &Diagnostic, files: &BTreeMap<String, Vec<u8>>) -> Option<String> {
    if d.message.trim().is_empty() {
        return Some("empty message".into());
    }
    let Some(bytes) = files.get(&d.file) else {
        return Some(format!("names `{}`, which is not a spec file", d.file));
    };
    let whole_file = d.message.contains("not valid UTF-8")
        || d.message.starts_with("a spec file must be a mapping")
        || d.message.starts_with("top-level keys must be strings");
    if d.line == 0 {
        return (!whole_file).then(|| "no line".into());
    }
    if d.column == 0 {
        return Some("a line but no column".into());
    }
    if d.message.contains("not valid UTF-8") {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let Some(line) = text.lines().nth(d.line - 1) else {
        // libyaml reports an error at the very end of a file on the line after its last.
        let ends = text.lines().count() + 1 == d.line || text.is_empty();
        return (!ends).then(|| format!("line {} is past the end", d.line));
    };
    if d.snippet.as_deref() != Some(line.trim_end()) {
        return Some(format!("the snippet is not line {}", d.line));
    }
    None
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("otc-ecs-mutations-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn env_number(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => v.parse().ok(),
    }
}

#[test]
fn random_breakage_of_the_real_spec_is_reported_never_panics_and_writes_nothing() {
    let seed = env_number("MUTATION_SEED").unwrap_or(DEFAULT_SEED);
    let count = env_number("MUTATIONS").map_or(DEFAULT_COUNT, |n| n as usize);
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut originals: Vec<(String, String)> = fs::read_dir(&real)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).unwrap())
        })
        .collect();
    originals.sort();
    assert!(originals.len() >= 2, "the real spec is several files");

    let root = temp_dir();
    let spec = root.join("spec");
    let out = root.join("out");
    fs::create_dir_all(&spec).unwrap();
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (name, text) in &originals {
        fs::write(spec.join(name), text).unwrap();
        let shown = spec.join(name).to_string_lossy().replace('\\', "/");
        files.insert(shown, text.clone().into_bytes());
    }
    client_codegen::run(&spec, &out, false).expect("the real spec generates");
    let pristine = tree(&out);

    let mut rng = Rng::new(seed);
    let mut problems: Vec<String> = Vec::new();
    let (mut refused, mut accepted) = (0, 0);
    for i in 0..count {
        let which = rng.below(originals.len());
        let (name, text) = &originals[which];
        let mutation = choose(&mut rng, text);
        let bytes = apply(&mutation, text);
        let path = spec.join(name);
        let shown = path.to_string_lossy().replace('\\', "/");
        fs::write(&path, &bytes).unwrap();
        files.insert(shown.clone(), bytes);
        let what = format!("#{i} {name}: {mutation}");

        match catch_unwind(AssertUnwindSafe(|| client_codegen::run(&spec, &out, false))) {
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                problems.push(format!("{what}: panicked: {message}"));
            }
            Ok(Err(Failure::Spec(diags))) => {
                refused += 1;
                if diags.is_empty() {
                    problems.push(format!("{what}: refused without a diagnostic"));
                }
                for d in &diags {
                    if let Some(p) = misplaced(d, &files) {
                        problems.push(format!("{what}: {p}:\n{d}"));
                    }
                }
                if tree(&out) != pristine {
                    problems.push(format!("{what}: refused, but the output folder changed"));
                }
            }
            Ok(Err(other)) => problems.push(format!("{what}: {other:?}")),
            Ok(Ok(_)) => accepted += 1,
        }

        fs::write(&path, text).unwrap();
        files.insert(shown, text.clone().into_bytes());
        if tree(&out) != pristine {
            // The mutation was valid and changed the output: put it back for the next one.
            client_codegen::run(&spec, &out, false).expect("the real spec generates");
            assert!(
                tree(&out) == pristine,
                "{what}: regenerating did not restore the output"
            );
        }
    }

    if problems.is_empty() {
        fs::remove_dir_all(&root).unwrap();
    } else {
        panic!(
            "{} of {count} mutations went wrong (MUTATION_SEED={seed:#x}; {refused} refused, \
             {accepted} accepted; files kept in {}):\n\n{}",
            problems.len(),
            root.display(),
            problems.join("\n\n")
        );
    }
    assert!(
        refused > count / 3,
        "only {refused} of {count} mutations were refused"
    );
}
