//! An operation's answer-headers struct, its `Debug` (secrets redacted), and how it is read.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::objects::ident;
use crate::emit::{Part, layout};
use crate::model::{Doc, Headers};

/// The struct: one `pub` member per header, `String` when required, else `Option<String>`.
pub fn value(method: &str, h: &Headers) -> Part {
    let members: Vec<layout::Member> = h
        .headers
        .iter()
        .map(|header| layout::Member {
            doc: layout::MemberDoc::Item(&header.doc),
            line: match header.required {
                true => format!("pub {}: String,", header.rust),
                false => format!("pub {}: Option<String>,", header.rust),
            },
        })
        .collect();
    let doc = Doc {
        text: format!(
            "The headers of a success answer of `{method}` that it returns beside the body."
        ),
        ..Doc::default()
    };
    let head = format!("pub struct {}", h.struct_name);
    let mut text = String::new();
    layout::braced(&doc, &["#[derive(Clone)]"], &head, &members, "", &mut text);
    Part::Text(text)
}

/// `Debug`, showing a secret header as `"<redacted>"`.
pub fn debug(h: &Headers) -> TokenStream {
    let name = ident(&h.struct_name);
    let label = &h.struct_name;
    let fields = h.headers.iter().map(|header| {
        let member = ident(&header.rust);
        let label = header.rust.trim_start_matches("r#");
        let shown = match (header.required, header.secret) {
            (true, false) => quote!(::otc_runtime::__private::shown::required(&self.#member)),
            (true, true) => {
                quote!(::otc_runtime::__private::shown::required::secret(&self.#member))
            }
            (false, false) => quote!(::otc_runtime::__private::shown::optional(&self.#member)),
            (false, true) => {
                quote!(::otc_runtime::__private::shown::optional::secret(&self.#member))
            }
        };
        quote!(.field(#label, &#shown))
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}

/// The struct read from `response` (a success answer).
pub fn read(h: &Headers) -> TokenStream {
    let name = ident(&h.struct_name);
    let members = h.headers.iter().map(|header| {
        let member = ident(&header.rust);
        let wire = &header.wire;
        let read = match header.required {
            true => quote!(required_header),
            false => quote!(optional_header),
        };
        quote!(#member: ::otc_runtime::__private::#read(&response, #wire)?,)
    });
    quote!(#name { #(#members)* })
}
