//! A hostile spec cannot run code on the maintainer's machine, nor break the build, through the
//! text it carries (issue 17): every text field (descriptions, summaries, notes, source titles
//! and places, example names, enum and field descriptions, wire names, string defaults) and the spec file's name
//! carry fences (```` ``` ````, `~~~`), indented and list-item code blocks, a `fn main` that
//! writes `pwned.txt`, bidirectional controls, bare CRs, control characters, `*/` and
//! backticks. The crate generated from it must pass `cargo check` and `cargo doc` with
//! `-D warnings`, and `cargo test --doc` must run no doctest and write no file.
//!
//! The crate goes into a workspace of its own under `target/hostile-crate/`, checked offline with
//! the workspace's `Cargo.lock` in `target/fixture-target/`, the target folder that
//! `fixtures_compile` uses (so that the dependencies are built once for both). Each cargo run is
//! bounded in time.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a doctest would run: it writes `pwned.txt` into the package folder (a doctest's working
/// directory).
const PAYLOAD: &str = r#"fn main() { std::fs::write("pwned.txt", "x").unwrap(); }"#;

/// Each attack alone: every way text could open a code block in rustdoc, or break rustc.
fn attacks() -> Vec<String> {
    vec![
        format!("Run:\n\n        {PAYLOAD}"),
        format!("~~~\n{PAYLOAD}\n~~~"),
        format!("~~~~rust\n{PAYLOAD}\n~~~~"),
        format!("```\n{PAYLOAD}\n```"),
        format!("  ```rust\n  {PAYLOAD}\n  ```"),
        format!("    {PAYLOAD}"),
        format!("\t{PAYLOAD}"),
        format!("-     {PAYLOAD}"),
        format!("1.     {PAYLOAD}"),
        format!("- ~~~\n  {PAYLOAD}\n  ~~~"),
        format!("> ~~~\n> {PAYLOAD}\n> ~~~"),
        format!("> ```\n> {PAYLOAD}"),
        "A sample:\n\n    {\n        \"server\": {\"id\": 1}\n    }".to_string(),
        "bidi \u{202A}\u{202B}\u{202C}\u{202D}\u{202E} \u{2066}\u{2067}\u{2068}\u{2069} marks \u{200E}\u{200F}\u{061C}".to_string(),
        format!("bare\rCR\r\n\r{PAYLOAD}\rend"),
        "controls \u{1} \u{7F} \u{85} \u{2028}\u{2029} \u{FEFF}".to_string(),
        "*/ pub fn injected() {} /* \"quotes\" \\ backslash `~~~` ``` `` `".to_string(),
        "<pre>\nfn main() {}\n</pre>\n#[doc = \"x\"]".to_string(),
    ]
}

/// All the attacks in one text.
fn all_attacks() -> String {
    attacks().join("\n")
}

/// `text` as a YAML double-quoted scalar, every character that is not plain ASCII escaped.
fn yaml(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A spec of two operations and four schemas with the attacks in every text. Notes with line
/// breaks make the comments of their items attributes of their own; notes of one line keep them
/// in the file's doc table: both forms are covered.
fn spec() -> String {
    let all = yaml(&all_attacks());
    // A citation's place ends at `;` (which starts the next citation).
    let place = yaml(&format!(
        "doc, Function {}",
        all_attacks().replace(';', ",")
    ));
    let notes_apart: String = std::iter::once(all_attacks())
        .chain(attacks())
        .map(|a| {
            format!(
                "      - text: {}\n        source: doc, Function\n",
                yaml(&a)
            )
        })
        .collect();
    let one_line = |indent: &str| -> String {
        attacks()
            .iter()
            .map(|a| {
                let a = a.replace(['\n', '\r'], " ");
                format!(
                    "{indent}- text: {}\n{indent}  source: doc, Table 2\n",
                    yaml(&a)
                )
            })
            .collect()
    };
    format!(
        r#"sources:
  doc:
    title: {all}
    publisher: {all}
    location: https://example.com/widgets.html

operations:
  show_widget:
    summary: {all}
    description: {all}
    source: {place}
    method: GET
    paths:
      - template: /v1/{{project_id}}/widgets/{{widget_id}}
        source: {place}
    path_params:
      - name: project_id
        from: client
        description: {all}
        source: doc, URI
      - name: widget_id
        description: {all}
        source: doc, URI
    response:
      statuses: [200]
      schema: Widget
      source: doc, Table 2
    errors: ecs
    idempotent: true
    notes:
{notes_apart}    examples:
      - name: {all}
        source: doc, Example Response
        response:
          status: 200
          body: {{"id": "w-1", "state": "ACTIVE"}}
  update_widget:
    summary: {all}
    source: doc, Function
    method: PUT
    paths:
      - template: /v1/{{project_id}}/widgets/{{widget_id}}
        source: doc, URI
    path_params:
      - name: project_id
        from: client
        description: {all}
        source: doc, URI
      - name: widget_id
        description: {all}
        source: doc, URI
    request:
      wrapper: widget
      schema: WidgetUpdate
      content_type: application/json
      source: doc, Table 3
    response:
      statuses: [200]
      schema: Widget
      source: doc, Table 2
    errors: nova
    idempotent: false
    notes:
{one_line_op}
schemas:
  Widget:
    description: {all}
    source: {place}
    notes:
{notes_schema}    fields:
      - name: id
        type: string
        required: true
        description: {all}
        source: doc, Table 2
        notes:
{one_line_field}      - name: "odd\u202E\"wire\\name\r\n"
        rust_name: odd_wire
        type: string
        default: {all}
        description: {all}
        source: doc, Table 2
        notes:
{notes_field}      - name: state
        type: WidgetState
        default: "in\u202Ause\"\\\r\n"
        description: {all}
        source: doc, Table 2
      - name: level
        type: WidgetLevel
        description: {all}
        source: doc, Table 2
    examples:
      - name: {all}
        source: doc, Example Response
        value: {{"id": "w-1", "state": "ACTIVE"}}

  WidgetState:
    description: {all}
    source: doc, Table 2
    notes:
{one_line_schema}    values:
      - value: ACTIVE
        description: {all}
      - value: "in\u202Ause\"\\\r\n"
        rust_name: InUse
        description: {all}

  WidgetLevel:
    description: {all}
    source: doc, Table 2
    values:
      - value: 0
        rust_name: Low
        description: {all}
      - value: -1
        rust_name: Below
        description: {all}

  WidgetUpdate:
    description: {all}
    source: doc, Table 3
    fields:
      - name: label
        type: string
        min_length: 1
        max_length: 64
        description: {all}
        source: doc, Table 3
        notes:
{notes_field}
  WidgetKind:
    description: {all}
    source: doc, Table 2
    one_of:
      - name: Name
        type: string
        description: {all}
      - name: Nothing
        type: empty_string
        description: {all}
"#,
        one_line_op = one_line("      "),
        notes_schema = notes_apart,
        one_line_field = one_line("          "),
        notes_field = notes_apart
            .lines()
            .map(|l| format!("    {l}\n"))
            .collect::<String>(),
        one_line_schema = one_line("      "),
    )
}

/// The spec file's name: a line break, `~~~`, backticks, a bidirectional control, a CR, quotes,
/// a backslash and `*` (a `/`, and so `*/`, cannot be part of a file name).
const FILE_NAME: &str = "widgets\npub fn injected() {} *\u{202E} ~~~ `x` \r\"q\\.yaml";

/// Runs `command` in `dir` with the fixture target folder, killed after `limit`; its status and
/// output (stdout and stderr, from files so that no pipe fills).
fn run(dir: &Path, args: &[&str], limit: Duration) -> (bool, String, String) {
    let target = support::root().join("target/fixture-target");
    let logs = dir.join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    let (out_path, err_path) = (logs.join("stdout"), logs.join("stderr"));
    let mut child = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("cargo runs");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "cargo {args:?} took more than {limit:?}:\n{}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let read = |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_default();
    (status.success(), read(&out_path), read(&err_path))
}

/// Every file the generator wrote under `dir` that holds a line break inside a comment's line,
/// a CR, or a character rustc denies, and every line that declares `injected` outside a comment.
fn unsafe_lines(files: &[client_codegen::Output]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        for (n, line) in file.contents.split('\n').enumerate() {
            let hidden = line.chars().any(|c| {
                c == '\r'
                    || ('\u{202A}'..='\u{202E}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)
            });
            let code = !line.trim_start().starts_with("//") && line.contains("fn injected");
            if hidden || code {
                found.push(format!("{}:{}: {line:?}", file.path, n + 1));
            }
        }
    }
    found
}

#[test]
fn a_hostile_spec_makes_a_crate_that_builds_and_runs_no_doctest() {
    let root = support::root();
    let workspace = root.join("target/hostile-crate");
    let spec_dir = workspace.join("spec");
    let _ = std::fs::remove_dir_all(&spec_dir);
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::write(spec_dir.join(FILE_NAME), spec()).unwrap();
    let generated = client_codegen::generate(&spec_dir)
        .unwrap_or_else(|e| panic!("the hostile spec does not generate: {e:?}"));

    // Nothing hidden, and the file name's `pub fn` only in comments.
    assert_eq!(unsafe_lines(&generated.files), Vec::<String>::new());
    let header = &generated
        .files
        .iter()
        .find(|f| f.path == "src/types/widgets_pub_fn_injected_x_q.rs")
        .expect("the types file")
        .contents;
    assert_eq!(
        header.lines().next(),
        Some(
            "// @generated by client-codegen from \"spec/widgets\\npub fn injected() {} *\\u{202e} ~~~ `x` \\r\\\"q\\\\.yaml\". Do not edit by hand: edit the spec and run `cargo run -p client-codegen`."
        )
    );

    let package = workspace.join("hostile");
    let _ = std::fs::remove_dir_all(&package);
    for file in &generated.files {
        let contents = match file.path.as_str() {
            "Cargo.toml" => file
                .contents
                .replace("\nname = \"otc-ecs\"\n", "\nname = \"fixture-hostile\"\n"),
            _ => file.contents.clone(),
        };
        let path = package.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    let manifest = support::side_workspace_manifest(&["hostile".to_string()]);
    std::fs::write(workspace.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();

    let limit = Duration::from_secs(900);
    let (ok, _, stderr) = run(
        &workspace,
        &["check", "--workspace", "--offline", "--quiet"],
        limit,
    );
    assert!(ok, "cargo check of the hostile crate failed:\n{stderr}");

    // rustdoc finds no broken link, HTML tag or code block either.
    let (ok, _, stderr) = run(
        &workspace,
        &[
            "doc",
            "--no-deps",
            "--offline",
            "--quiet",
            "-p",
            "fixture-hostile",
        ],
        limit,
    );
    assert!(ok, "cargo doc of the hostile crate failed:\n{stderr}");

    let pwned = [package.join("pwned.txt"), workspace.join("pwned.txt")];
    for p in &pwned {
        let _ = std::fs::remove_file(p);
    }
    let (ok, stdout, stderr) = run(
        &workspace,
        &["test", "--doc", "--offline", "-p", "fixture-hostile"],
        limit,
    );
    assert!(
        ok,
        "cargo test --doc of the hostile crate failed:\n{stdout}\n{stderr}"
    );
    // Every doctest listed is ignored, and none ran.
    let listed: Vec<&str> = stdout
        .lines()
        .filter(|l| {
            l.starts_with("test ") && !l.starts_with("test result:") && !l.ends_with("... ignored")
        })
        .collect();
    assert_eq!(listed, Vec::<&str>::new(), "{stdout}");
    let results: Vec<String> = stdout
        .lines()
        .filter(|l| l.starts_with("test result:"))
        .map(|l| l.split(';').take(2).collect::<Vec<_>>().join(";"))
        .collect();
    assert_eq!(results, ["test result: ok. 0 passed; 0 failed"], "{stdout}");
    assert!(stdout.contains("running 0 tests"), "{stdout}");
    for p in &pwned {
        assert!(!p.exists(), "{} was written", p.display());
    }
}
