//! One operation: its request value, the `Operation` impl that builds and parses HTTP messages
//! without a network, and the client method(s) that send it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::objects::ident;
use crate::emit::{Part, docs, headers, layout, paging, query};
use crate::model::{ConstantValue, Doc, Failed, Model, Operation, Presence, Segment, Waiter};

/// The operation's file: its imports, its request value, and the rest as tokens.
pub fn operation(model: &Model, op: &Operation) -> Vec<Part> {
    operation_with(model, op, true)
}

/// The operation's file without the `Client` methods, for a module of the runtime crate (whose
/// `Client` is not a generated crate's): the request value and its `Operation` impl.
pub fn bare_operation(model: &Model, op: &Operation) -> Vec<Part> {
    operation_with(model, op, false)
}

fn operation_with(model: &Model, op: &Operation, client: bool) -> Vec<Part> {
    let name = ident(&op.struct_name);
    let response = output(model, op);
    let mut types: Vec<&str> = body_schema(model, op).into_iter().collect();
    let enums = op
        .query
        .iter()
        .flat_map(|q| &q.params)
        .filter_map(|p| Some(model.referenced(&p.ty)?.name.as_str()));
    let response_name = op.response.map(|id| model.schema_of(id).name.as_str());
    for name in enums.chain(response_name) {
        if !types.contains(&name) {
            types.push(name);
        }
    }
    let types: Vec<_> = types.into_iter().map(ident).collect();
    let uses = match types.as_slice() {
        [] => quote!(),
        [one] => quote!(use crate::types::#one;),
        many => quote!(use crate::types::{#(#many),*};),
    };
    let id = &op.id;
    let idempotent = op.idempotent;
    let request = request(op);
    // A body without checks has nothing to validate.
    let validate = op
        .request
        .as_ref()
        .filter(|r| r.has_checks)
        .map(|_| quote!(self.body.validate()?;));
    let statuses = op
        .statuses
        .iter()
        .map(|s| proc_macro2::Literal::u16_unsuffixed(*s));
    let statuses = quote!(&[#(#statuses),*]);
    let (decode, response_arg) = match op.response {
        Some(_) => (quote!(decode_response), quote!(response)),
        None => (quote!(discard_response), quote!(&response)),
    };
    let read = match &op.response_headers {
        None => quote!(::otc_runtime::__private::#decode(#response_arg, #statuses)),
        Some(h) => {
            let read = headers::read(h);
            let body = match op.response {
                Some(_) => quote!(::otc_runtime::__private::decode_response(response, #statuses)?),
                None => quote!(()),
            };
            quote! {
                ::otc_runtime::__private::discard_response(&response, #statuses)?;
                let headers = #read;
                Ok(crate::Answer { body: #body, headers })
            }
        }
    };
    let methods = client.then(|| {
        let method_fn = client_method(model, op);
        let waiter = op.waiter.as_ref().map(|w| waiter(model, op, w));
        let stream = op.paging.as_ref().map(|p| paging::stream(model, op, p));
        quote! {
            #[cfg(feature = "reqwest")]
            impl crate::Client {
                #method_fn
                #waiter
                #stream
            }
        }
    });
    // A value with nothing to borrow (no argument, no body) is a unit struct.
    let lifetime = borrows(op).then(|| quote!(<'_>));
    let template = &op.paths[0].template;
    // The other documented paths, by variant: traces record the template a call used.
    let variants = op.paths[1..].iter().filter_map(|p| {
        let v = p.variant.as_deref()?;
        let t = &p.template;
        Some(quote!((#v, #t)))
    });
    let variants = (op.paths.len() > 1).then(|| {
        quote! { const VARIANTS: &'static [(&'static str, &'static str)] = &[#(#variants),*]; }
    });
    // `auth: none`: built without the credential, and sent without one.
    let (credential, ctx) = match op.sends_credential {
        true => (quote!(), quote!(ctx)),
        false => (
            quote!(
                const CREDENTIAL: bool = false;
            ),
            quote!(ctx.without_credential()),
        ),
    };
    let rest = quote! {
        impl crate::Operation for #name #lifetime {
            type Output = #response;
            const ID: &'static str = #id;
            const PATH: &'static str = #template;
            #variants
            const IDEMPOTENT: bool = #idempotent;
            #credential

            fn to_request(&self, ctx: &crate::RequestContext<'_>) -> Result<::http::Request<Vec<u8>>, crate::Error> {
                #validate
                #ctx.request(&#request)
            }

            fn from_response(response: ::http::Response<Vec<u8>>) -> Result<Self::Output, crate::Error> {
                #read
            }
        }

        #methods
    };
    let mut parts = vec![Part::Tokens(uses), value(model, op)];
    parts.extend(
        op.query
            .as_ref()
            .map(|q| query::value(model, &op.method_name, q)),
    );
    if let Some(h) = &op.response_headers {
        parts.push(headers::value(&op.method_name, h));
        parts.push(Part::Tokens(headers::debug(h)));
    }
    parts.push(Part::Tokens(rest));
    parts
}

const VALUE_DERIVES: &str = "#[derive(Clone, Copy, Debug)]";
const BODY_DOC: &str = "The request body.";
const QUERY_DOC: &str = "The query parameters.";

/// The request value: the path arguments and the body, borrowed, after its doc comment; its
/// layout is the generator's own (see `layout`).
fn value(model: &Model, op: &Operation) -> Part {
    let mut members: Vec<layout::Member> = op
        .args
        .iter()
        .map(|a| layout::Member {
            doc: layout::MemberDoc::Item(&a.doc),
            line: format!("pub {}: &'a str,", a.rust),
        })
        .collect();
    if let Some(schema) = body_schema(model, op) {
        members.push(layout::Member {
            doc: layout::MemberDoc::Fixed(&[BODY_DOC]),
            line: format!("pub body: &'a {schema},"),
        });
    }
    if let Some(q) = &op.query {
        members.push(layout::Member {
            doc: layout::MemberDoc::Fixed(&[QUERY_DOC]),
            line: format!("pub query: &'a {},", q.struct_name),
        });
    }
    let mut text = String::new();
    if !borrows(op) {
        layout::unit(&op.doc, &[VALUE_DERIVES], &op.struct_name, "", &mut text);
        return Part::Text(text);
    }
    let head = format!("pub struct {}<'a>", op.struct_name);
    layout::braced(&op.doc, &[VALUE_DERIVES], &head, &members, "", &mut text);
    Part::Text(text)
}

/// Whether the request value borrows anything: a path argument or the body.
fn borrows(op: &Operation) -> bool {
    let body = op.request.as_ref().is_some_and(|r| r.schema.is_some());
    !op.args.is_empty() || body || op.query.is_some()
}

/// The schema of the request's object, which the caller passes; `None` without a request or for
/// a body of constants only.
fn body_schema<'m>(model: &'m Model, op: &Operation) -> Option<&'m str> {
    let id = op.request.as_ref()?.schema?;
    Some(model.schema_of(id).name.as_str())
}

/// The request's table for the runtime's `RequestContext::request`: the method, the path
/// templates (the trait's constants), every path parameter's value by name, the query, the body
/// and the microversion.
fn request(op: &Operation) -> TokenStream {
    // `GET` is `Method::Get`: the check allows only the methods the runtime's enum has.
    let mut method = op.http_method.to_ascii_lowercase();
    if let Some(first) = method.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    let method = ident(&method);
    let mut seen = Vec::new();
    let args = (op.paths.iter().flat_map(|p| &p.segments)).filter_map(|seg| match seg {
        Segment::Param {
            wire,
            rust,
            from_client,
        } if !seen.contains(&wire) => {
            seen.push(wire);
            let value = match from_client {
                true => quote!(ctx.project_id()),
                false => {
                    let id = ident(rust);
                    quote!(self.#id)
                }
            };
            Some(quote!((#wire, #value)))
        }
        _ => None,
    });
    let args: Vec<_> = args.collect();
    let query = match &op.query {
        Some(_) => quote!(Some(::otc_runtime::__private::Query::of(self.query))),
        None => quote!(None),
    };
    let body = body(op);
    let microversion = match (&op.microversion_service, &op.request) {
        (Some(service), Some(r)) if r.has_since => {
            quote!(Some((#service, self.body.required_microversion())))
        }
        (Some(service), _) => quote!(Some((#service, None))),
        (None, _) => quote!(None),
    };
    quote! {
        ::otc_runtime::__private::Request {
            method: ::otc_runtime::__private::Method::#method,
            path: Self::PATH,
            variants: Self::VARIANTS,
            args: &[#(#args),*],
            query: #query,
            body: #body,
            microversion: #microversion,
        }
    }
}

/// The body: none, the body itself, or, when the spec wraps it or adds constants, an envelope
/// object written member by member (the constants first, then the body under its wrapper key or
/// its own members beside them).
fn body(op: &Operation) -> TokenStream {
    let Some(r) = &op.request else {
        return quote!(::otc_runtime::__private::Body::Empty);
    };
    let content_type = &r.content_type;
    let has_schema = r.schema.is_some();
    if r.wrapper.is_none() && r.constants.is_empty() {
        return quote!(::otc_runtime::__private::Body::Json {
            content_type: #content_type,
            value: self.body,
        });
    }
    let mut members: Vec<TokenStream> = r
        .constants
        .iter()
        .map(|c| {
            let wire = &c.wire;
            let value = constant(&c.value);
            quote!((#wire, &#value))
        })
        .collect();
    let flattened = match (&r.wrapper, has_schema) {
        (Some(wrapper), true) => {
            members.push(quote!((#wrapper, self.body)));
            quote!(None)
        }
        (None, true) => quote!(Some(::otc_runtime::__private::Members::of(self.body))),
        (_, false) => quote!(None),
    };
    quote!(::otc_runtime::__private::Body::Envelope {
        content_type: #content_type,
        members: &[#(#members),*],
        flattened: #flattened,
    })
}

/// A constant's value in the envelope.
fn constant(value: &ConstantValue) -> TokenStream {
    match value {
        ConstantValue::Null => quote!(()),
        ConstantValue::Bool(b) => quote!(#b),
        ConstantValue::Integer(i) => {
            let i = proc_macro2::Literal::i64_suffixed(*i);
            quote!(#i)
        }
        ConstantValue::String(s) => quote!(#s),
    }
}

/// What a call returns: the response schema, or `()` for an answer without a body.
fn output(model: &Model, op: &Operation) -> TokenStream {
    let body = match op.response {
        Some(id) => {
            let schema = ident(&model.schema_of(id).name);
            quote!(#schema)
        }
        None => quote!(()),
    };
    match &op.response_headers {
        Some(h) => {
            let h = ident(&h.struct_name);
            quote!(crate::Answer<#body, #h>)
        }
        None => body,
    }
}

fn client_method(model: &Model, op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let name = ident(&op.struct_name);
    let response = output(model, op);
    let args: Vec<_> = op.args.iter().map(|a| ident(&a.rust)).collect();
    let (param, field) = match body_schema(model, op).map(ident) {
        Some(schema) => (Some(quote!(body: &#schema,)), Some(quote!(body,))),
        None => (None, None),
    };
    let (query_param, query_field) = match &op.query {
        Some(q) => {
            let q = ident(&q.struct_name);
            (Some(quote!(query: &#q,)), Some(quote!(query,)))
        }
        None => (None, None),
    };
    let summary = op.doc.text.lines().next().unwrap_or_default();
    let doc = docs::attrs(&Doc {
        text: summary.to_string(),
        notes: Vec::new(),
        source: String::new(),
    });
    let checked = op.query.iter().flat_map(|q| &q.params).any(|p| p.checked());
    let body_checked = op.request.as_ref().is_some_and(|r| r.has_checks);
    let checked_parts = match (body_checked, checked) {
        (true, false) => Some("the body breaks a documented rule"),
        (true, true) => Some("the body or a query parameter breaks a documented rule"),
        (false, true) => Some("a query parameter breaks a documented bound"),
        (false, false) => None,
    };
    let fails = match checked_parts {
        Some(what) => format!(
            "Fails with `Error::Validation` before anything is sent when {what}, and with the service's error, a transport error or a decode error otherwise."
        ),
        None => "Fails with the service's error, a transport error or a decode error.".to_string(),
    };
    let retries = match op.idempotent {
        true => "Transient failures are retried first.",
        false => "Never retried: sending it twice could repeat what it does.",
    };
    let errors = format!("{fails} {retries}");
    let errors = docs::text(&errors);
    quote! {
        #doc
        ///
        #errors
        pub async fn #method(&self, #(#args: &str,)* #param #query_param) -> Result<#response, crate::Error> {
            self.runtime.execute(&#name { #(#args,)* #field #query_field }).await
        }
    }
}

fn waiter(model: &Model, op: &Operation, w: &Waiter) -> TokenStream {
    let method = ident(&w.method);
    let fetch = ident(&op.method_name);
    // A waiter polls with no query (the check refuses a required parameter).
    let (no_query, query_arg) = match &op.query {
        Some(q) => {
            let q = ident(&q.struct_name);
            (
                Some(quote!(let query = #q::default();)),
                Some(quote!(&query)),
            )
        }
        None => (None, None),
    };
    let response = output(model, op);
    let arg = ident(&w.arg);
    let status = as_str(read(quote!(value), &w.status));
    let (success, failure) = (&w.success, &w.failure);
    let failure_pattern = match failure.as_slice() {
        [one] => quote!(#one),
        many => quote!((#(#many)|*)),
    };
    let (failed, error) = failed(&w.failed);
    let doc = docs::text(&format!(
        "Polls `{}` every `poll_interval` until the state is {} (returned) or {} ({error}), or until `timeout` has passed (`Error::WaitTimeout`).",
        op.method_name,
        success.join(", "),
        failure.join(", "),
    ));
    let source = docs::attrs(&w.doc);
    let signature = quote! {
        &self,
        #arg: &str,
        poll_interval: ::std::time::Duration,
        timeout: ::std::time::Duration,
    };
    let Some(targets) = &w.targets else {
        return quote! {
            #doc
            ///
            #source
            pub async fn #method(#signature) -> Result<#response, crate::Error> {
                                let classify = |value: &#response| match #status {
                    #(#success)|* => ::otc_runtime::__private::WaitState::Done,
                    status @ #failure_pattern => #failed,
                    status => ::otc_runtime::__private::WaitState::Pending { status: status.to_string() },
                };
                #no_query
                ::otc_runtime::__private::wait_for(#arg, poll_interval, timeout, || self.#fetch(#arg, #query_arg), classify).await
            }
        };
    };
    let targets_method = ident(&targets.method);
    let (target_type, target_text, defaults) = match targets.status_type {
        Some(id) => {
            let ty = ident(&model.schema_of(id).name);
            let variants = targets.defaults.iter().map(|v| {
                let v = ident(v);
                quote!(crate::types::#ty::#v)
            });
            (
                quote!(crate::types::#ty),
                quote!(target.as_str()),
                quote!(#(#variants),*),
            )
        }
        None => {
            let values = &targets.defaults;
            (quote!(&str), quote!(*target), quote!(#(#values),*))
        }
    };
    let targets_doc = docs::text(&format!(
        "Polls `{}` every `poll_interval` until the state is one of `targets` (returned); fails on {} unless `targets` names it ({error}), and after `timeout` (`Error::WaitTimeout`).",
        op.method_name,
        failure.join(", "),
    ));
    let default_doc = docs::text(&format!(
        "Polls `{}` every `poll_interval` until the state is {}: `{}` with that default.",
        op.method_name,
        success.join(", "),
        targets.method,
    ));
    quote! {
        #default_doc
        ///
        #source
        pub async fn #method(#signature) -> Result<#response, crate::Error> {
            self.#targets_method(#arg, &[#defaults], poll_interval, timeout).await
        }

        #targets_doc
        ///
        #source
        pub async fn #targets_method(
            &self,
            #arg: &str,
            targets: &[#target_type],
            poll_interval: ::std::time::Duration,
            timeout: ::std::time::Duration,
        ) -> Result<#response, crate::Error> {
                        let classify = |value: &#response| match #status {
                status if targets.iter().any(|target| #target_text == status) => ::otc_runtime::__private::WaitState::Done,
                status @ #failure_pattern => #failed,
                status => ::otc_runtime::__private::WaitState::Pending { status: status.to_string() },
            };
            #no_query
            ::otc_runtime::__private::wait_for(#arg, poll_interval, timeout, || self.#fetch(#arg, #query_arg), classify).await
        }
    }
}

/// The `WaitState` of a failure, and the error it becomes (for the docs).
fn failed(f: &Failed) -> (TokenStream, &'static str) {
    match f {
        Failed::Job { error_code, reason } => {
            let text = |path: &Option<Vec<(String, Presence)>>| match path {
                Some(path) => to_text(read(quote!(value), path)),
                None => quote!(None),
            };
            let (code, reason) = (text(error_code), text(reason));
            let state = quote! {
                ::otc_runtime::__private::WaitState::Failed {
                    status: status.to_string(),
                    error_code: #code,
                    reason: #reason,
                }
            };
            (
                state,
                "an `Error::JobFailed` carrying the error code and reason",
            )
        }
        Failed::Fault {
            path,
            code,
            message,
            details,
            created,
        } => {
            let member = |m: &Option<(String, Presence)>| match m {
                Some(m) => to_text(read(quote!(fault), std::slice::from_ref(m))),
                None => quote!(None),
            };
            let (code, message, details, created) = (
                member(code),
                member(message),
                member(details),
                member(created),
            );
            let fault = option(read(quote!(value), path));
            let state = quote! {
                ::otc_runtime::__private::WaitState::Faulted {
                    status: status.to_string(),
                    fault: #fault.map(|fault| ::otc_runtime::__private::fault(#code, #message, #details, #created)),
                }
            };
            (
                state,
                "an `Error::ResourceFailed` carrying the fault, when the service sent one",
            )
        }
    }
}

/// A member read along `path` from `root`: a place (`value.status`) while every step is always
/// there, an `Option<&T>` chain from the first step that may be missing on.
struct Read {
    expr: TokenStream,
    optional: bool,
}

fn read(root: TokenStream, path: &[(String, Presence)]) -> Read {
    let mut expr = root;
    let mut optional = false;
    for (member, presence) in path {
        let m = ident(member);
        expr = match (optional, presence) {
            (false, Presence::Always) => quote!(#expr.#m),
            (false, Presence::Option) => quote!(#expr.#m.as_ref()),
            (false, Presence::Nullable) => quote!(#expr.#m.as_value()),
            (true, Presence::Always) => quote!(#expr.map(|v| &v.#m)),
            (true, Presence::Option) => quote!(#expr.and_then(|v| v.#m.as_ref())),
            (true, Presence::Nullable) => quote!(#expr.and_then(|v| v.#m.as_value())),
        };
        optional |= *presence != Presence::Always;
    }
    Read { expr, optional }
}

/// The state as `&str` (`""` when absent).
fn as_str(r: Read) -> TokenStream {
    let expr = r.expr;
    match r.optional {
        true => quote!(#expr.map_or("", |s| s.as_str())),
        false => quote!(#expr.as_str()),
    }
}

/// A code or reason as `Option<String>`.
fn to_text(r: Read) -> TokenStream {
    let expr = r.expr;
    match r.optional {
        true => quote!(#expr.map(|s| s.to_string())),
        false => quote!(Some(#expr.to_string())),
    }
}

/// A value as `Option<&T>`.
fn option(r: Read) -> TokenStream {
    let expr = r.expr;
    match r.optional {
        true => expr,
        false => quote!(Some(&#expr)),
    }
}
