//! The clients generated from fixture specs, run against a loopback server: each
//! `tests/loopback/<fixture>.rs` is the integration test of the crate generated from
//! `tests/fixtures/<fixture>.yaml`, for the spec forms the workspace's own spec does not use yet.
//!
//! The crates go into a workspace of their own under `target/fixture-loopback/`, each with
//! wiremock as a dev-dependency and its test file as `tests/loopback.rs`, and are tested by one
//! `cargo test`, offline, with the workspace's `Cargo.lock`, in `target/fixture-target/` (the
//! target folder `fixtures_compile` uses, so that the dependencies are built once for both).

mod support;

use std::path::Path;
use std::process::Command;

/// The fixtures that have a loopback test.
const FIXTURES: &[&str] = &["operation_shapes"];

/// The package name line of the generated manifest, and the dev-dependencies the tests add.
const PACKAGE: &str = "\nname = \"otc-ecs\"\n";
const DEV_DEPENDENCIES: &str = "[dev-dependencies]\n";
const TEST_DEPENDENCIES: &str = "[dev-dependencies]\nwiremock = \"0.6\"\n";

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

#[test]
fn fixture_clients_send_and_read_what_their_specs_say_over_loopback() {
    let root = support::root();
    let workspace = root.join("target/fixture-loopback");
    let mut members = Vec::new();
    for fixture in FIXTURES {
        let name = format!("loopback-{}", fixture.replace('_', "-"));
        let spec = root.join(format!("tests/fixtures/{fixture}.yaml"));
        let generated = client_codegen::generate(&spec)
            .unwrap_or_else(|e| panic!("{fixture}: does not generate: {e:?}"));
        for file in &generated.files {
            let contents = match file.path.as_str() {
                "Cargo.toml" => {
                    assert!(file.contents.contains(PACKAGE), "{}", file.contents);
                    assert!(
                        file.contents.contains(DEV_DEPENDENCIES),
                        "{}",
                        file.contents
                    );
                    file.contents
                        .replace(PACKAGE, &format!("\nname = \"{name}\"\n"))
                        .replace(DEV_DEPENDENCIES, TEST_DEPENDENCIES)
                }
                _ => file.contents.clone(),
            };
            write_if_changed(&workspace.join(&name).join(&file.path), &contents);
        }
        let test = std::fs::read_to_string(root.join(format!("tests/loopback/{fixture}.rs")))
            .unwrap_or_else(|e| panic!("{fixture}: no loopback test: {e}"));
        write_if_changed(&workspace.join(&name).join("tests/loopback.rs"), &test);
        members.push(name);
    }
    write_if_changed(
        &workspace.join("Cargo.toml"),
        &support::side_workspace_manifest(&members),
    );
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&workspace)
        .args([
            "test",
            "--workspace",
            "--offline",
            "--quiet",
            "--test",
            "loopback",
        ])
        .env("CARGO_TARGET_DIR", root.join("target/fixture-target"))
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the fixture clients' loopback tests failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Every test of every file ran: none was left out by a wrong name or file.
    let written: usize = FIXTURES
        .iter()
        .map(|f| std::fs::read_to_string(root.join(format!("tests/loopback/{f}.rs"))).unwrap())
        .map(|text| text.matches("#[tokio::test]").count())
        .sum();
    let passed: usize = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert_eq!(passed, written, "{stdout}");
}
