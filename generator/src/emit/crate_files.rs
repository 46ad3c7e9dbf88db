//! The files that hold the crate together: `lib.rs` (with the crate's `Client`), the `mod.rs`
//! files, and `Cargo.toml` and the example, both copied from `generator/templates/`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{Item, Part, RustFile, layout};
use crate::model::Model;
use crate::names;

/// A file written as it is, with a `@generated` line in its own comment syntax.
pub struct TextFile {
    pub path: String,
    pub origin: String,
    pub comment: &'static str,
    pub contents: &'static str,
}

/// The manifest and the example: hand-written templates in `generator/templates/`, copied
/// verbatim. The runtime is a crate of its own (`otc-runtime`) that the manifest depends on.
pub const TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "Cargo.toml",
        "#",
        include_str!("../../templates/Cargo.toml.in"),
    ),
    (
        "examples/reinstall_and_wait.rs",
        "//",
        include_str!("../../templates/examples/reinstall_and_wait.rs"),
    ),
];

pub fn crate_files() -> Vec<TextFile> {
    TEMPLATES
        .iter()
        .map(|&(path, comment, contents)| TextFile {
            path: path.to_string(),
            origin: match path {
                "Cargo.toml" => "generator/templates/Cargo.toml.in".to_string(),
                _ => format!("generator/templates/{path}"),
            },
            comment,
            contents,
        })
        .collect()
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
    }
}

/// `types/mod.rs`: every module of types, re-exported whole, and `__each_type!`, which hands a
/// macro every type as `"Name" => Name` so that the tests can walk them all without a list kept by
/// hand.
pub fn types_mod(model: &Model, modules: &[(String, String)]) -> RustFile {
    let doc =
        "Request and response types, one module per spec file, all re-exported here.".to_string();
    let decls = modules.iter().map(|(m, _)| (m.as_str(), "*"));
    let mut each = String::from(
        "\n/// Calls `$callback!` with every type of this crate as `\"Name\" => Name` (for tests that walk\n/// all of them).\n#[doc(hidden)]\n#[macro_export]\nmacro_rules! __each_type {\n    ($callback:ident) => {\n        $callback! {\n",
    );
    for schema in &model.schemas {
        each.push_str(&format!(
            "            {} => {},\n",
            layout::string_literal(&schema.name),
            schema.name
        ));
    }
    each.push_str("        }\n    };\n}\n");
    mods_file("src/types/mod.rs", "types::mod", doc, decls, &each)
}

/// `operations/mod.rs`: every operation's module, its request value re-exported.
pub fn operations_mod(model: &Model) -> RustFile {
    let doc = "One value per operation that builds its HTTP request and parses its response without any network (see `Operation`); `Client` has a method per operation that sends it.".to_string();
    let modules: Vec<String> = model
        .operations
        .iter()
        .map(|op| names::escape(&op.id))
        .collect();
    // An operation exports its query and answer-headers structs too.
    let exports: Vec<String> = model
        .operations
        .iter()
        .map(|op| {
            let mut names = vec![op.struct_name.as_str()];
            names.extend(op.query.as_ref().map(|q| q.struct_name.as_str()));
            names.extend(op.response_headers.as_ref().map(|h| h.struct_name.as_str()));
            match names.as_slice() {
                [one] => one.to_string(),
                many => format!("{{{}}}", many.join(", ")),
            }
        })
        .collect();
    let decls = modules
        .iter()
        .zip(&exports)
        .map(|(m, export)| (m.as_str(), export.as_str()));
    mods_file("src/operations/mod.rs", "operations::mod", doc, decls, "")
}

/// A `mod.rs` of `(module, what it re-exports)` pairs, three lines a module in the generator's
/// own layout, each re-exported through `self::` so that a module named like a crate (`std`,
/// `http`) is not ambiguous, then `tail`.
fn mods_file<'a>(
    path: &str,
    name: &str,
    doc: String,
    decls: impl Iterator<Item = (&'a str, &'a str)>,
    tail: &str,
) -> RustFile {
    let mut text = String::new();
    for (m, export) in decls {
        text.push_str(&format!(
            "#[rustfmt::skip]\nmod {m};\npub use self::{m}::{export};\n"
        ));
    }
    text.push_str(tail);
    RustFile {
        path: path.to_string(),
        origin: "the spec".to_string(),
        inner_doc: Some(doc),
        items: vec![Item {
            name: name.to_string(),
            parts: vec![Part::Text(text)],
        }],
    }
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
        mod client;
        #[rustfmt::skip]
        pub mod operations;
        #[rustfmt::skip]
        pub mod types;

        pub use client::*;
    };
    let mut tokens = tokens;
    if !model.error_codes.is_empty() {
        tokens.extend(quote! {
            #[rustfmt::skip]
            mod error_codes;
            pub use error_codes::{DocumentedCode, ErrorCodes, documented};
        });
    }
    single("src/lib.rs", "the spec", "lib", Some(doc), tokens)
}

/// `client.rs`: the crate's `Client`, a wrapper of the runtime's that the operations' files give
/// their methods, and the runtime's items that the crate's API names, re-exported.
pub fn client_rs() -> RustFile {
    let doc = "The crate's `Client` and the runtime's types that its API uses.".to_string();
    let tokens = quote! {
        pub use ::otc_runtime::{
            Answer, Auth, Config, ConfigError, ConfigFile, EmptyString, Error, ErrorDetail, Fault,
            IamError, Microversion, NullFields, Nullable, Operation, RequestContext, ServiceError,
            SignInError, ValidationError, Violation, json,
        };

        /// Settings for a `Client`; `build` checks them all and makes this crate's `Client`.
        pub type ClientBuilder = ::otc_runtime::ClientBuilder<Client>;

        /// A client for one endpoint and project, with a method per operation of the spec.
        ///
        /// It wraps the runtime's `otc_runtime::Client` (reachable through `Deref`, and
        /// convertible both ways with `From`): build one runtime client and convert it into the
        /// client of every generated crate that should share its settings and connections.
        /// Cheap to clone.
        #[derive(Clone, Debug)]
        pub struct Client {
            pub(crate) runtime: ::otc_runtime::Client,
        }

        impl Client {
            /// A client with the default settings; see `Client::builder`.
            pub fn new(
                endpoint: impl AsRef<str>,
                project_id: impl Into<String>,
                auth: Auth,
            ) -> Result<Self, Error> {
                Self::builder(endpoint, project_id, auth).build()
            }

            /// Starts configuring a client for `endpoint` (e.g.
            /// `https://ecs.eu-de.otc.t-systems.com`) and the project that owns the resources.
            pub fn builder(
                endpoint: impl AsRef<str>,
                project_id: impl Into<String>,
                auth: Auth,
            ) -> ClientBuilder {
                ClientBuilder::new(endpoint, project_id, auth)
            }
        }

        #[cfg(feature = "reqwest")]
        impl Client {
            /// A client from a `Config`: signs in at once with a password credential, and takes
            /// the project and the endpoint from what is configured, the token and the region
            /// (see `Config::resolve`).
            pub async fn connect(config: Config) -> Result<Self, Error> {
                config.resolve().await?.build()
            }

            /// `connect` with `Config::from_env` (`OS_*` variables, or the `OS_CLOUD` cloud).
            pub async fn from_env() -> Result<Self, Error> {
                Self::connect(Config::from_env()?).await
            }

            /// `connect` with `Config::from_cloud`: the cloud `cloud` of `clouds.yaml` (and
            /// `secure.yaml`), looked for where openstacksdk looks.
            #[cfg(feature = "config")]
            pub async fn from_cloud(cloud: &str) -> Result<Self, Error> {
                Self::connect(Config::from_cloud(cloud)?).await
            }
        }

        impl From<::otc_runtime::Client> for Client {
            fn from(runtime: ::otc_runtime::Client) -> Self {
                Client { runtime }
            }
        }

        impl From<Client> for ::otc_runtime::Client {
            fn from(client: Client) -> Self {
                client.runtime
            }
        }

        impl ::core::ops::Deref for Client {
            type Target = ::otc_runtime::Client;

            fn deref(&self) -> &::otc_runtime::Client {
                &self.runtime
            }
        }
    };
    single("src/client.rs", "the spec", "client", Some(doc), tokens)
}
