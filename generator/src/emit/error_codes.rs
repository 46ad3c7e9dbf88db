//! `error_codes.rs`: the documented error codes as one sorted table, a lookup that searches it,
//! and `ErrorCodes`, the extension trait that finds the documented code of an error a caller
//! holds. The table is text in the generator's own layout, one code a line: 155 rows stay 155
//! lines, and a code the page gains is a one-line diff.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{Item, Part, RustFile};
use crate::model::DocumentedCode;

/// The file; made only for a spec with `error_codes` (`file_jobs`).
pub fn file(codes: &[DocumentedCode]) -> RustFile {
    let mut sources: Vec<&str> = Vec::new();
    for c in codes {
        if !sources.contains(&c.source.as_str()) {
            sources.push(&c.source);
        }
    }
    let doc = format!(
        "The error codes the API reference documents ({} codes, from: {}), with their statuses and meanings.\n\nLook a code up with `documented`, or call `documented()` on an error (the `ErrorCodes` trait). The reference warns that one code may stand for several messages, and that for an asynchronous call the code comes inside a failed job, whose status may not be the table's.",
        codes.len(),
        sources.join("; ")
    );
    RustFile {
        path: "src/error_codes.rs".to_string(),
        origin: "the spec".to_string(),
        inner_doc: Some(doc),
        items: vec![
            Item::tokens("error_codes::lookup".into(), lookup()),
            Item {
                name: "error_codes::CODES".into(),
                parts: vec![Part::Text(table(codes))],
            },
        ],
    }
}

/// `static CODES`, one entry a line, in the model's order (by code, without regard to case).
fn table(codes: &[DocumentedCode]) -> String {
    let mut out = format!(
        "/// Every documented code, sorted by code without regard to case (what `documented` searches).\nstatic CODES: [DocumentedCode; {}] = [\n",
        codes.len()
    );
    for c in codes {
        let status = c
            .status
            .map_or("None".to_string(), |s| format!("Some({s})"));
        out.push_str(&format!(
            "    DocumentedCode {{ code: {:?}, status: {status}, meaning: {:?} }},\n",
            c.code, c.meaning
        ));
    }
    out.push_str("];\n");
    out
}

fn lookup() -> TokenStream {
    quote! {
        use crate::{Error, ServiceError};

        /// An error code the API reference documents: the HTTP status it gives the code and what
        /// the code means.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub struct DocumentedCode {
            /// The code as the reference writes it (`Ecs.0005`).
            pub code: &'static str,
            /// The HTTP status the reference gives the code; `None` where it gives a success
            /// status (the code then comes inside a job's answer).
            pub status: Option<u16>,
            /// What the code means, in a few words.
            pub meaning: &'static str,
        }

        /// The documented code `code` (`Ecs.0005`; told apart without regard to case), or `None`
        /// for a code the reference does not list.
        pub fn documented(code: &str) -> Option<&'static DocumentedCode> {
            fn folded(s: &str) -> impl Iterator<Item = u8> + '_ {
                s.bytes().map(|b| b.to_ascii_lowercase())
            }
            CODES
                .binary_search_by(|c| folded(c.code).cmp(folded(code)))
                .ok()
                .map(|i| &CODES[i])
        }

        /// The documented meaning of the code an error carries: `use otc_ecs::ErrorCodes;`, then
        /// `err.documented()`.
        pub trait ErrorCodes {
            /// The documented code of the service's error code this error carries, if it carries
            /// one the reference lists.
            fn documented(&self) -> Option<&'static DocumentedCode>;
        }

        impl ErrorCodes for Error {
            /// Looks up `service_code()`: the code of an error answer, a failed job or a failed
            /// resource.
            fn documented(&self) -> Option<&'static DocumentedCode> {
                documented(self.service_code()?)
            }
        }

        impl ErrorCodes for ServiceError {
            fn documented(&self) -> Option<&'static DocumentedCode> {
                documented(self.code.as_deref()?)
            }
        }
    }
}
