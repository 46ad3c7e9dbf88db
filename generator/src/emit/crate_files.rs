//! The files that hold the crate together: `lib.rs`, the `mod.rs` files, `Cargo.toml`, the
//! runtime and the example, the last three copied from `generator/runtime/`.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::emit::objects::ident;
use crate::emit::{Item, Part, RustFile};
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
        "src/runtime/token.rs",
        include_str!("../../runtime/token.rs"),
    ),
    (
        "src/runtime/region.rs",
        include_str!("../../runtime/region.rs"),
    ),
    (
        "src/runtime/config.rs",
        include_str!("../../runtime/config.rs"),
    ),
    (
        "src/runtime/trace.rs",
        include_str!("../../runtime/trace.rs"),
    ),
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

/// `types/mod.rs`: every module of types, re-exported whole.
pub fn types_mod(modules: &[(String, String)]) -> RustFile {
    let doc =
        "Request and response types, one module per spec file, all re-exported here.".to_string();
    let decls = modules.iter().map(|(m, _)| (m.as_str(), "*"));
    mods_file("src/types/mod.rs", "types::mod", doc, decls)
}

/// `operations/mod.rs`: every operation's module, its request value re-exported.
pub fn operations_mod(model: &Model) -> RustFile {
    let doc = "One value per operation that builds its HTTP request and parses its response without any network (see `Operation`); `Client` has a method per operation that sends it.".to_string();
    let decls = model
        .operations
        .iter()
        .map(|op| (op.id.as_str(), op.struct_name.as_str()));
    mods_file("src/operations/mod.rs", "operations::mod", doc, decls)
}

/// A `mod.rs` of `(module, what it re-exports)` pairs. One module is three lines as prettyplease
/// prints them (a file of thousands is the longest the generator makes); a line past its margin
/// leaves the file to prettyplease, and a test holds the two side by side.
fn mods_file<'a>(
    path: &str,
    name: &str,
    doc: String,
    decls: impl Iterator<Item = (&'a str, &'a str)> + Clone,
) -> RustFile {
    let mut text = String::new();
    for (m, export) in decls.clone() {
        if "pub use ::;".len() + m.len() + export.len() > 89 {
            return single(path, "the spec", name, Some(doc), mods_tokens(decls));
        }
        text.push_str(&format!(
            "#[rustfmt::skip]\nmod {m};\npub use {m}::{export};\n"
        ));
    }
    RustFile {
        path: path.to_string(),
        origin: "the spec".to_string(),
        inner_doc: Some(doc),
        items: vec![Item {
            name: name.to_string(),
            parts: vec![Part::Text(text)],
        }],
        docs: Vec::new(),
    }
}

/// [`mods_file`]'s declarations as tokens, for prettyplease.
fn mods_tokens<'a>(decls: impl Iterator<Item = (&'a str, &'a str)>) -> TokenStream {
    let decls = decls.map(|(m, export)| {
        let m = ident(m);
        let export = match export {
            "*" => quote!(*),
            name => ident(name).into_token_stream(),
        };
        quote!(#[rustfmt::skip] mod #m; pub use #m::#export;)
    });
    quote!(#(#decls)*)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::part_text;

    fn text(file: RustFile) -> String {
        let part = file
            .items
            .into_iter()
            .flat_map(|i| i.parts)
            .collect::<Vec<_>>();
        part.into_iter()
            .map(|p| part_text(p, &[]).expect("formats"))
            .collect()
    }

    #[test]
    fn mod_files_are_written_as_prettyplease_prints_their_tokens() {
        // `pub use {m}::*;` is 89 columns wide with the widest module laid out by hand.
        let (widest, past) = ("m".repeat(77), "m".repeat(78));
        let decls = [
            ("jobs", "*"),
            ("show_job_c17", "ShowJobC17"),
            ("r#type", "*"),
            (widest.as_str(), "*"),
            (past.as_str(), "*"),
        ];
        for n in 1..=decls.len() {
            let file = mods_file("x", "x", String::new(), decls[..n].iter().copied());
            let by_hand = matches!(file.items[0].parts[0], Part::Text(_));
            assert_eq!(by_hand, n < 5, "{n}");
            let tokens = Part::Tokens(mods_tokens(decls[..n].iter().copied()));
            assert_eq!(text(file), part_text(tokens, &[]).unwrap());
        }
    }
}
