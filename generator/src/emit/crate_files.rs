//! The files that hold the crate together: `lib.rs`, the `mod.rs` files, `Cargo.toml`, the
//! runtime and the example, the last three copied from `generator/runtime/`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::objects::ident;
use crate::emit::{Item, RustFile};
use crate::model::Model;

/// A file written as it is, with a `@generated` line in its own comment syntax.
pub struct TextFile {
    pub path: String,
    pub origin: String,
    pub comment: &'static str,
    pub contents: &'static str,
}

/// The runtime, the manifest and the example: hand-written, copied verbatim.
pub const RUNTIME: &[(&str, &str)] = &[
    ("src/runtime/mod.rs", include_str!("../../runtime/mod.rs")),
    ("src/runtime/auth.rs", include_str!("../../runtime/auth.rs")),
    (
        "src/runtime/client.rs",
        include_str!("../../runtime/client.rs"),
    ),
    (
        "src/runtime/enums.rs",
        include_str!("../../runtime/enums.rs"),
    ),
    (
        "src/runtime/error.rs",
        include_str!("../../runtime/error.rs"),
    ),
    (
        "src/runtime/lossless.rs",
        include_str!("../../runtime/lossless.rs"),
    ),
    (
        "src/runtime/microversion.rs",
        include_str!("../../runtime/microversion.rs"),
    ),
    (
        "src/runtime/nullable.rs",
        include_str!("../../runtime/nullable.rs"),
    ),
    (
        "src/runtime/operation.rs",
        include_str!("../../runtime/operation.rs"),
    ),
    ("src/runtime/path.rs", include_str!("../../runtime/path.rs")),
    ("src/runtime/sign.rs", include_str!("../../runtime/sign.rs")),
    (
        "src/runtime/validate.rs",
        include_str!("../../runtime/validate.rs"),
    ),
    ("src/runtime/wait.rs", include_str!("../../runtime/wait.rs")),
    (
        "examples/reinstall_and_wait.rs",
        include_str!("../../runtime/examples/reinstall_and_wait.rs"),
    ),
];

pub fn crate_files() -> Vec<TextFile> {
    let mut files = vec![TextFile {
        path: "Cargo.toml".into(),
        origin: "generator/runtime/Cargo.toml.in".into(),
        comment: "#",
        contents: include_str!("../../runtime/Cargo.toml.in"),
    }];
    files.extend(RUNTIME.iter().map(|(path, contents)| TextFile {
        path: path.to_string(),
        origin: format!(
            "generator/runtime/{}",
            path.trim_start_matches("src/runtime/")
        ),
        comment: "//",
        contents,
    }));
    files
}

fn single(
    path: &str,
    origin: &str,
    name: &str,
    inner_doc: Option<String>,
    tokens: TokenStream,
) -> RustFile {
    RustFile {
        path: path.to_string(),
        origin: origin.to_string(),
        inner_doc,
        items: vec![Item::tokens(name.to_string(), tokens)],
        docs: Vec::new(),
    }
}

pub fn types_mod(modules: &[(String, String)]) -> RustFile {
    let decls = modules.iter().map(|(m, _)| {
        let m = ident(m);
        quote!(#[rustfmt::skip] mod #m; pub use #m::*;)
    });
    let doc =
        "Request and response types, one module per spec file, all re-exported here.".to_string();
    single(
        "src/types/mod.rs",
        "the spec",
        "types::mod",
        Some(doc),
        quote!(#(#decls)*),
    )
}

pub fn operations_mod(model: &Model) -> RustFile {
    let decls = model.operations.iter().map(|op| {
        let m = ident(&op.id);
        let s = ident(&op.struct_name);
        quote!(#[rustfmt::skip] mod #m; pub use #m::#s;)
    });
    let doc = "One value per operation that builds its HTTP request and parses its response without any network (see `Operation`); `Client` has a method per operation that sends it.".to_string();
    single(
        "src/operations/mod.rs",
        "the spec",
        "operations::mod",
        Some(doc),
        quote!(#(#decls)*),
    )
}

pub fn lib_rs(model: &Model) -> RustFile {
    let count = model.operations.len();
    let doc = format!(
        "A typed client of the Open Telekom Cloud Elastic Cloud Server API, generated from a spec that transcribes the published documents ({count} operations).\n\nStart with `Client`; every type is in `types`, every operation in `operations`."
    );
    let tokens = quote! {
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        #[rustfmt::skip]
        pub mod operations;
        #[rustfmt::skip]
        mod runtime;
        #[rustfmt::skip]
        pub mod types;

        pub use runtime::*;
    };
    single("src/lib.rs", "the spec", "lib", Some(doc), tokens)
}
