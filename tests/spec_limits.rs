//! Hostile spec inputs built in a temporary folder: each ends in a located diagnostic or a
//! successful run, without a stack overflow and in time linear in its size (the sizes here are a
//! few MB at most, to keep the suite fast; the README gives the figures at full size).

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use client_codegen::{Diagnostic, Failure};

/// `text` written as `name` in a folder of its own.
fn spec(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("otc-ecs-limits-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.yaml"));
    fs::write(&path, text).unwrap();
    path
}

fn refused(name: &str, text: &str) -> Vec<Diagnostic> {
    let path = spec(name, text);
    let result = client_codegen::generate(&path);
    let _ = fs::remove_dir_all(path.parent().unwrap());
    match result {
        Err(Failure::Spec(d)) => d,
        Err(other) => panic!("{name}: {other:?}"),
        Ok(_) => panic!("{name}: generated"),
    }
}

fn generates(name: &str, text: &str) {
    let path = spec(name, text);
    let result = client_codegen::generate(&path);
    let _ = fs::remove_dir_all(path.parent().unwrap());
    if let Err(e) = result {
        match e {
            Failure::Spec(d) => panic!("{name}: {}", d[0]),
            other => panic!("{name}: {other:?}"),
        }
    }
}

const BASE: &str = include_str!("broken/base.yaml");

/// The base spec and `n` schemas `S0` to `S{n-1}`, one a line, each with a required member of
/// type `link(i + 1)`.
fn chain(n: usize, link: impl Fn(usize) -> String) -> String {
    let mut text = BASE.to_string();
    for i in 0..n {
        let next = match i + 1 < n {
            true => format!(
                r#", {{name: next, type: {}, required: true, description: N., source: "doc, Table 2"}}"#,
                link(i + 1)
            ),
            false => String::new(),
        };
        let _ = writeln!(
            text,
            r#"  S{i}: {{description: L., source: "doc, Table 2", fields: [{{name: id, type: string, description: I., source: "doc, Table 2"}}{next}]}}"#
        );
    }
    text
}

#[test]
fn a_chain_of_100000_schemas_is_refused_at_its_head_without_overflowing_the_stack() {
    let d = refused("chain", &chain(100_000, |i| format!("S{i}")));
    assert_eq!(d.len(), 1, "{}", d[0]);
    assert_eq!(
        (d[0].path.as_str(), d[0].line),
        ("schemas.S0", 79),
        "{}",
        d[0]
    );
    assert!(
        d[0].message.contains("a chain of 100000 schemas whose Rust types nest 100001 levels deep (S0 → S1 → S2 → … → S99999)"),
        "{}",
        d[0]
    );
}

#[test]
fn a_cycle_of_20000_schemas_through_arrays_is_refused_once() {
    let mut text = chain(20_000, |i| format!("array<S{i}>"));
    // The last link names the first again: a schema may contain itself through an array.
    text = text.replace(
        "[{name: id, type: string, description: I., source: \"doc, Table 2\"}]}\n",
        "[{name: first, type: array<S0>, description: B., source: \"doc, Table 2\"}]}\n",
    );
    let d = refused("cycle", &text);
    assert_eq!(d.len(), 1, "{}", d[0]);
    assert!(
        d[0].message.contains("a chain of 20000 schemas whose Rust types nest 40001 levels deep (S0 and 19999 others that contain each other)"),
        "{}",
        d[0]
    );
}

#[test]
fn a_direct_cycle_of_20000_schemas_is_left_to_the_cycle_rule_and_reported_once() {
    let mut text = chain(20_000, |i| format!("S{i}"));
    text = text.replace(
        "[{name: id, type: string, description: I., source: \"doc, Table 2\"}]}\n",
        "[{name: first, type: S0, required: true, description: B., source: \"doc, Table 2\"}]}\n",
    );
    let d = refused("direct", &text);
    assert_eq!(d.len(), 1, "{}", d[0]);
    assert!(
        d[0].message
            .contains("contain each other without end: `S0` and 19999 others"),
        "{}",
        d[0]
    );
}

#[test]
fn a_type_nested_100000_deep_is_refused_without_overflowing_the_stack() {
    let deep = format!("{}Part{}", "array<".repeat(100_000), ">".repeat(100_000));
    let d = refused(
        "deep_type",
        &BASE.replace("type: array<Part>", &format!("type: {deep}")),
    );
    assert_eq!(d.len(), 1, "{}", d[0]);
    assert_eq!(d[0].path, "schemas.Widget.fields.parts.type");
}

#[test]
fn flow_nested_100000_deep_is_refused_where_it_passes_the_bound() {
    let value = format!("value: {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = BASE.replace(r#"value: {"id": "w-1", "state": "ACTIVE"}"#, &value);
    let d = refused("deep_flow", &text);
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].line, d[0].column),
        (59, 16 + 1000),
        "{}",
        d[0].message
    );
    assert!(d[0].message.contains("nest more than 1000 deep"));
}

#[test]
fn brackets_in_quotes_comments_and_block_scalars_are_not_flow() {
    let brackets = "[".repeat(2_000);
    let text = BASE.replace(
        "    summary: Show one widget.\n",
        &format!("    summary: 'Show {brackets} one widget.'\n    description: |\n      {brackets}\n    # {brackets}\n"),
    );
    generates("quoted_brackets", &text);
}

#[test]
fn an_alias_bomb_is_refused_before_it_expands() {
    // 20,000 aliases of a 20,000-element list: 400 million nodes from 140 KB.
    let list = vec!["1"; 20_000].join(", ");
    let aliases = vec!["*a"; 20_000].join(", ");
    let value = format!(r#"value: {{"id": "w-1", "a": &a [{list}], "b": [{aliases}]}}"#);
    let text = BASE.replace(r#"value: {"id": "w-1", "state": "ACTIVE"}"#, &value);
    let d = refused("alias_bomb", &text);
    assert_eq!(d.len(), 1);
    assert!(
        d[0].message.contains("the aliases of this file expand it"),
        "{}",
        d[0].message
    );
    assert_eq!(d[0].line, 59);
}

#[test]
fn a_few_aliases_are_fine() {
    let text = BASE.replace(
        r#"value: {"id": "w-1", "state": "ACTIVE"}"#,
        r#"value: {"id": &id "w-1", "state": "ACTIVE", "parts": [{"part_id": *id}, {"part_id": *id}]}"#,
    );
    generates("few_aliases", &text);
}

#[test]
fn a_4_mb_description_and_100000_element_lists_generate() {
    let long = "x".repeat(4 << 20);
    let text = BASE.replace(
        "    summary: Show one widget.\n",
        &format!("    summary: Show one widget.\n    description: {long}\n"),
    );
    generates("long_string", &text);
    let statuses = vec!["200"; 100_000].join(", ");
    generates(
        "long_list",
        &BASE.replace("statuses: [200]", &format!("statuses: [{statuses}]")),
    );
    let parts = vec![r#"{"part_id": "p"}"#; 100_000].join(", ");
    let value = format!(r#"value: {{"id": "w-1", "parts": [{parts}]}}"#);
    generates(
        "long_example",
        &BASE.replace(r#"value: {"id": "w-1", "state": "ACTIVE"}"#, &value),
    );
}
