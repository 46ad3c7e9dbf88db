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
    let mut diags = Default::default();
    let files = client_codegen::load::load(&root().join("spec"), &mut diags).expect("spec loads");
    client_codegen::check::check(&files, &mut diags);
    assert!(diags.is_empty(), "the spec is valid");
    client_codegen::model::build(&files)
}
