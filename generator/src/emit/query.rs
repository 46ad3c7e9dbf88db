//! An operation's query struct, and the statements that write it into the request's URL.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::objects::{ident, rules};
use crate::emit::{Part, layout};
use crate::model::{ArrayStyle, Doc, Model, Query, QueryParam, Ty};

/// The query struct: one `pub` member per parameter, `Option<T>` unless required, `Default`
/// when none is.
pub fn value(model: &Model, method: &str, query: &Query) -> Part {
    let members: Vec<layout::Member> = query
        .params
        .iter()
        .map(|p| {
            let mut line = format!("pub {}: ", p.rust);
            match p.required {
                true => layout::type_text(model, &p.ty, &mut line),
                false => {
                    line.push_str("Option<");
                    layout::type_text(model, &p.ty, &mut line);
                    line.push('>');
                }
            }
            line.push(',');
            layout::Member {
                doc: layout::MemberDoc::Item(&p.doc),
                line,
            }
        })
        .collect();
    let derives = match query.all_optional() {
        true => "#[derive(Clone, Debug, Default)]",
        false => "#[derive(Clone, Debug)]",
    };
    let doc = Doc {
        text: format!(
            "The query parameters of `{method}`: each one set is sent, each one left `None` is not."
        ),
        ..Doc::default()
    };
    let head = format!("pub struct {}", query.struct_name);
    let mut text = String::new();
    layout::braced(&doc, &[derives], &head, &members, "", &mut text);
    Part::Text(text)
}

/// `let mut query = Query::new();` and a call per parameter (the caller then writes `let path =
/// query.finish(path)?;`). The runtime's names are imported inside the function, where they
/// shadow no type the file names.
pub fn statements(query: &Query) -> TokenStream {
    let calls = query.params.iter().map(call);
    quote! {
        use ::otc_runtime::__private::{Query, Rules};
        let mut query = Query::new();
        #(#calls)*
    }
}

fn call(p: &QueryParam) -> TokenStream {
    let wire = &p.wire;
    let member = ident(&p.rust);
    let (method, value) = match (p.array_style, p.required) {
        (None, true) => (quote!(one), quote!(Some(&self.query.#member))),
        (None, false) => (quote!(one), quote!(self.query.#member.as_ref())),
        (Some(style), true) => (
            style_method(style),
            quote!(Some(self.query.#member.as_slice())),
        ),
        (Some(style), false) => (style_method(style), quote!(self.query.#member.as_deref())),
    };
    let rules = rules(quote!(Rules), &p.constraints, *p.scalar() == Ty::Number);
    quote!(query.#method(#wire, #value, #rules)?;)
}

fn style_method(style: ArrayStyle) -> TokenStream {
    match style {
        ArrayStyle::Comma => quote!(comma),
        ArrayStyle::Repeat => quote!(repeat),
    }
}
