//! The crate generated from every fixture spec (and every broken-spec case that must succeed)
//! compiles, with and without default features: each spec form the generator accepts is proven to
//! build, not only snapshotted. A fixture with a file of its own in `tests/fixture_behaviour/`
//! (`integer_enums_and_bounds.rs`) gets it as `tests/behaviour.rs`, run there without default
//! features: what only a generated crate of that spec can show (its checks, its enums) is tested
//! on the crate itself.
//!
//! All the crates go into one workspace under `target/fixture-crates/`, checked by one `cargo
//! check` per feature set, offline, with the workspace's `Cargo.lock` and a target folder of their
//! own (`target/fixture-target/`) so that the nested cargo never waits for the outer one's lock.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

/// `tests/fixtures/*.yaml` and `tests/broken/ok_*.yaml`, by crate name.
fn fixture_specs(root: &Path) -> Vec<(String, PathBuf)> {
    let mut specs = Vec::new();
    for (dir, prefix) in [("tests/fixtures", ""), ("tests/broken", "ok_")] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.extension().is_some_and(|e| e == "yaml") && stem.starts_with(prefix) {
                specs.push((format!("fixture-{}", stem.replace('_', "-")), path));
            }
        }
    }
    specs.sort();
    specs
}

/// The package name line of the generated manifest; each fixture crate gets its own name.
const PACKAGE: &str = "\nname = \"otc-ecs\"\n";

/// Writes only what changed, so that an unchanged generator makes a no-op `cargo check`.
fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn cargo_check(workspace: &Path, target: &Path, extra: &[&str]) {
    cargo(
        workspace,
        target,
        &[&["check", "--workspace"], extra].concat(),
    );
}

fn cargo(workspace: &Path, target: &Path, args: &[&str]) {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(workspace)
        .args(args)
        .args(["--offline", "--quiet"])
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {args:?} of the fixture crates failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_fixture_spec_generates_a_crate_that_compiles_and_passes_its_own_tests() {
    let root = support::root();
    let specs = fixture_specs(&root);
    assert!(
        specs.len() >= 4,
        "two fixtures and two ok_ cases at least: {specs:?}"
    );
    let workspace = root.join("target/fixture-crates");
    std::fs::create_dir_all(&workspace).unwrap();
    let mut members = Vec::new();
    let mut behaviour = Vec::new();
    for (name, spec) in &specs {
        let generated = client_codegen::generate(spec)
            .unwrap_or_else(|e| panic!("{}: does not generate: {e:?}", spec.display()));
        for file in &generated.files {
            let contents = match file.path.as_str() {
                "Cargo.toml" => {
                    assert!(file.contents.contains(PACKAGE), "{}", file.contents);
                    file.contents
                        .replace(PACKAGE, &format!("\nname = \"{name}\"\n"))
                }
                _ => file.contents.clone(),
            };
            write_if_changed(&workspace.join(name).join(&file.path), &contents);
        }
        let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
        let own = root
            .join("tests/fixture_behaviour")
            .join(format!("{stem}.rs"));
        if let Ok(test) = std::fs::read_to_string(&own) {
            write_if_changed(&workspace.join(name).join("tests/behaviour.rs"), &test);
            behaviour.push(name.clone());
        }
        members.push(name.clone());
    }
    write_if_changed(
        &workspace.join("Cargo.toml"),
        &support::side_workspace_manifest(&members),
    );
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();
    let target = root.join("target/fixture-target");
    cargo_check(&workspace, &target, &[]);
    cargo_check(&workspace, &target, &["--no-default-features"]);
    for own in [
        "fixture-integer-enums-and-bounds",
        "fixture-required-without-default",
    ] {
        assert!(behaviour.contains(&own.to_string()), "{behaviour:?}");
    }
    for name in &behaviour {
        let args = [
            "test",
            "--no-default-features",
            "-p",
            name,
            "--test",
            "behaviour",
        ];
        cargo(&workspace, &target, &args);
    }
}
