//! The `<id>_stream` method of a paged list: the runtime's walk, told which query members and
//! response fields to read.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::docs;
use crate::emit::objects::{ident, rust_type};
use crate::model::{Doc, Model, Operation, Paging, PagingStyle, Presence, Ty};

pub fn stream(model: &Model, op: &Operation, p: &Paging) -> TokenStream {
    let method = ident(&p.method);
    let fetch = ident(&op.method_name);
    let Some(query) = &op.query else {
        // The check refuses paging whose limit is no query parameter.
        return quote!();
    };
    let query = ident(&query.struct_name);
    let response = op.response.map(|id| ident(&model.schema_of(id).name));
    // Named in full: the file imports only what the methods without `reqwest` use too.
    let item = match &p.item {
        Ty::Named(id) => {
            let name = ident(&model.schema_of(*id).name);
            quote!(crate::types::#name)
        }
        other => rust_type(model, other),
    };
    let args: Vec<_> = op.args.iter().map(|a| ident(&a.rust)).collect();
    let limit = ident(&p.limit);
    let default_limit = match p.default_limit {
        Some(n) => {
            let n = Literal::i64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    let items = owned(quote!(page), &p.items, quote!(.unwrap_or_default()));
    let count = match &p.count {
        Some(count) => optional(quote!(page), count, false),
        None => quote!(None),
    };
    let (walk, paging, cursor, ends) = match &p.style {
        PagingStyle::Offset { offset, first } => {
            let wire = p_wire(op, offset);
            let offset = ident(offset);
            let first = Literal::i64_unsuffixed(*first);
            (
                quote!(offset_pages),
                quote!(OffsetPaging),
                quote! {
                    offset: |query: &mut #query| &mut query.#offset,
                    first_offset: #first,
                },
                format!(
                    "the pages are numbered from the query's `{}` (page {first} when it names none or one below), and the stream ends after a page with fewer items than the limit or an empty page",
                    wire
                ),
            )
        }
        PagingStyle::Marker {
            marker,
            marker_field,
        } => {
            let marker = ident(marker);
            let marker_of = optional(quote!(item), marker_field, true);
            (
                quote!(marker_pages),
                quote!(MarkerPaging),
                quote! {
                    marker: |query: &mut #query| &mut query.#marker,
                    marker_of: |item: &#item| #marker_of,
                },
                "each page starts after the marker of the last item of the page before (the first after the query's marker, if it has one), and the stream ends after a page with fewer items than the limit, an empty page, or a last item without a marker or with the marker just sent".to_string(),
            )
        }
    };
    let total = match p.count {
        Some(_) => ", or once the items reach the total the answer states",
        None => "",
    };
    let default = match p.default_limit {
        Some(n) => format!(" (or else the documented default, {n})"),
        None => String::new(),
    };
    let doc = docs::text(&format!(
        "Every item of every page of `{}`, fetched as the stream is polled: {ends}{total}. Each page asks for the query's limit{default}; an error ends the stream after it is yielded.",
        op.method_name
    ));
    let source = docs::attrs(&Doc {
        source: p.source.clone(),
        ..Doc::default()
    });
    quote! {
        #doc
        ///
        #source
        pub fn #method<'a>(
            &'a self,
            #(#args: &'a str,)*
            query: &#query,
        ) -> impl ::futures_core::Stream<Item = Result<#item, crate::Error>> + use<'a> {
            let paging = ::otc_runtime::__private::#paging {
                limit: |query: &mut #query| &mut query.#limit,
                #cursor
                default_limit: #default_limit,
                page: |page: #response| (#items, #count),
            };
            ::otc_runtime::__private::#walk(query.clone(), paging, move |query| async move {
                self.#fetch(#(#args,)* &query).await
            })
        }
    }
}

/// The wire name of the query member `rust`, for the docs.
fn p_wire<'a>(op: &'a Operation, rust: &'a str) -> &'a str {
    op.query
        .iter()
        .flat_map(|q| &q.params)
        .find(|q| q.rust == rust)
        .map_or(rust, |q| q.wire.as_str())
}

/// The member of an owned `root` by value: itself, or `default` applied when it may be missing.
fn owned(
    root: TokenStream,
    (member, presence): &(String, Presence),
    default: TokenStream,
) -> TokenStream {
    let m = ident(member);
    match presence {
        Presence::Always => quote!(#root.#m),
        Presence::Option => quote!(#root.#m #default),
        Presence::Nullable => quote!(#root.#m.into_value() #default),
    }
}

/// The member of `root` as an `Option` of an owned value; `root` is owned, or a reference when
/// `borrowed` (the value is cloned).
fn optional(
    root: TokenStream,
    (member, presence): &(String, Presence),
    borrowed: bool,
) -> TokenStream {
    let m = ident(member);
    match (presence, borrowed) {
        (Presence::Always, false) => quote!(Some(#root.#m)),
        (Presence::Always, true) => quote!(Some(#root.#m.clone())),
        (Presence::Option, false) => quote!(#root.#m),
        (Presence::Option, true) => quote!(#root.#m.clone()),
        (Presence::Nullable, false) => quote!(#root.#m.into_value()),
        (Presence::Nullable, true) => quote!(#root.#m.as_value().cloned()),
    }
}
