//! Paths shared by the test files.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

#[allow(dead_code)]
/// `../shared/conformance/nova-api-samples`, when the shared folder is beside the checkout.
pub fn nova_samples() -> Option<PathBuf> {
    let dir = root().parent()?.join("shared/conformance/nova-api-samples");
    dir.is_dir().then_some(dir)
}

#[allow(dead_code)]
/// The model of the workspace's own spec, as the generator builds it.
pub fn spec_model() -> client_codegen::model::Model {
    client_codegen::checked_model(&root().join("spec"))
        .unwrap_or_else(|f| panic!("the spec is valid: {f:?}"))
}

/// The workspace's root manifest for a workspace of generated crates elsewhere (under
/// `target/`): `members` replaced, and the runtime crate's path made absolute, so that the
/// crates share `[workspace.package]` and `[workspace.dependencies]`.
#[allow(dead_code, reason = "not every test file builds a side workspace")]
pub fn side_workspace_manifest(members: &[String]) -> String {
    let root = root();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("the root manifest");
    let members = members
        .iter()
        .map(|m| format!("{m:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    let runtime = format!("path = {:?}", root.join("generator/runtime"));
    manifest
        .replace("path = \"generator/runtime\"", &runtime)
        .lines()
        .map(|line| match line.starts_with("members = ") {
            true => format!("members = [{members}]\n"),
            false => format!("{line}\n"),
        })
        .collect()
}
