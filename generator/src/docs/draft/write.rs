//! The draft as spec YAML, in the order of the spec's own files: sources, the operation, its
//! schemas.

use super::build::{Drafted, Limits, Schema};
use super::yaml::{Out, placeholder, quote};
use crate::check::placeholder::MARKER;
use crate::docs::rst::ExampleKind;

const PUBLISHER: &str = "Open Telekom Cloud (T-Systems), ECS API Reference";

pub fn write(d: &Drafted) -> String {
    let mut o = Out::default();
    o.comment(
        0,
        &format!(
            "Draft of a spec for {}, made by `client-codegen --draft`.",
            d.page
        ),
    );
    o.comment(
        0,
        &format!("Every `{MARKER}` is a placeholder holding the page's text: the check refuses the spec until each is written in our own words."),
    );
    o.comment(0, "Comments say what the draft could not decide. Rename the operation and the schemas as the spec names things.");
    o.line(0, "sources:");
    o.line(2, &format!("{}:", d.key));
    o.quoted(4, "title", &d.title);
    o.quoted(4, "publisher", PUBLISHER);
    o.comment(
        4,
        &format!("location: https://github.com/opentelekomcloud-docs/elastic-cloud-server/blob/COMMIT/api-ref/source/{}", d.page),
    );
    o.quoted(4, "page", &d.page);
    o.line(0, "");
    o.line(0, "operations:");
    o.line(2, &format!("{}:", d.id));
    let src = |place: &str| format!("{}, {place}", d.key);
    o.quoted(4, "summary", &d.summary);
    if let Some(text) = &d.description {
        o.quoted(4, "description", text);
    }
    o.quoted(4, "source", &src("Function"));
    for c in &d.comments {
        o.comment(4, c);
    }
    o.line(4, &format!("method: {}", d.method));
    o.line(4, "paths:");
    for (template, variant) in &d.paths {
        o.line(6, &format!("- template: {}", quote(template)));
        if let Some(v) = variant {
            o.line(8, &format!("variant: {v}"));
        }
        o.quoted(8, "source", &src("URI"));
    }
    if !d.path_params.is_empty() {
        o.line(4, "path_params:");
        for p in &d.path_params {
            o.line(6, &format!("- name: {}", quote(&p.name)));
            if p.name == "project_id" {
                o.line(8, "from: client");
            }
            o.quoted(8, "description", &p.description);
            o.quoted(8, "source", &p.source);
        }
    }
    if !d.query.is_empty() {
        o.line(4, "query_params:");
        for q in &d.query {
            o.line(6, &format!("- name: {}", quote(&q.name)));
            for c in &q.comments {
                o.comment(8, c);
            }
            o.line(8, &format!("type: {}", q.ty));
            o.line(8, &format!("required: {}", q.required));
            if let Some(style) = q.array_style {
                o.line(8, &format!("array_style: {style}"));
            }
            limits(&mut o, &q.limits);
            o.quoted(8, "description", &q.description);
            o.quoted(8, "source", &q.source);
        }
    }
    if let Some(r) = &d.request {
        o.line(4, "request:");
        if let Some(w) = &r.wrapper {
            o.quoted(6, "wrapper", w);
        }
        o.line(6, &format!("schema: {}", r.schema));
        o.line(6, "content_type: application/json");
        o.quoted(6, "source", &r.source);
    }
    o.line(4, "response:");
    match d.response.2 {
        true => {
            o.comment(6, "the page names no status: its Returned Values section refers to the general list (200 ... 204)");
            o.line(6, "statuses: [200]");
            o.line(6, &format!("schema: {}", d.response.0));
        }
        false => {
            o.comment(6, "no body (the page's Response: None): the general list of returned values names 200 and 204 as normal answers");
            o.line(6, "statuses: [200, 204]");
        }
    }
    o.quoted(6, "source", &d.response.1);
    for c in &d.paging_comments {
        o.comment(4, c);
    }
    if let Some(p) = &d.paging {
        o.line(4, "paging:");
        o.line(6, &format!("style: {}", p.style));
        o.line(6, "limit: limit");
        o.line(6, &format!("{}: {}", p.style, quote(&p.cursor)));
        o.line(6, &format!("items: {}", quote(&p.items)));
        if let Some(m) = &p.marker_field {
            o.line(6, &format!("marker_field: {}", quote(m)));
        }
        if let Some(first) = &p.first_offset {
            o.line(6, &format!("first_offset: {first}"));
        }
        if let Some(c) = &p.count_field {
            o.line(6, &format!("count_field: {}", quote(c)));
        }
        o.quoted(6, "source", &p.source);
    }
    o.line(4, &format!("errors: {}", d.errors));
    o.line(
        4,
        &format!("idempotent: {}", d.method == "GET" || d.method == "HEAD"),
    );
    if !d.examples.is_empty() {
        o.line(4, "examples:");
        for e in &d.examples {
            o.line(6, &format!("- name: {}", quote(&e.name)));
            o.quoted(8, "source", &e.source);
            match e.kind {
                ExampleKind::Request => o.json(8, "request", &e.value),
                ExampleKind::Response => {
                    o.line(8, "response:");
                    o.line(10, "status: 200");
                    o.json(10, "body", &e.value);
                }
            }
        }
    }
    if !d.deviations.is_empty() {
        o.line(4, "doc_deviations:");
        for dev in &d.deviations {
            o.line(6, &format!("- kind: {}", dev.kind));
            o.quoted(8, "page_says", &dev.says);
            o.quoted(
                8,
                "reason",
                &placeholder(&format!("why the spec differs: {}", dev.why)),
            );
            o.quoted(8, "source", &dev.source);
        }
    }
    if !d.schemas.is_empty() {
        o.line(0, "");
        o.line(0, "schemas:");
    }
    for s in &d.schemas {
        schema(&mut o, s);
    }
    o.text
}

/// `min_length`, `max_length`, `minimum`, `maximum` and `default`, those the page states.
fn limits(o: &mut Out, l: &Limits) {
    let lengths = [("min_length", l.min_length), ("max_length", l.max_length)];
    for (key, n) in lengths {
        if let Some(n) = n {
            o.line(8, &format!("{key}: {n}"));
        }
    }
    let rest = [
        ("minimum", &l.minimum),
        ("maximum", &l.maximum),
        ("default", &l.default),
    ];
    for (key, v) in rest {
        if let Some(v) = v {
            o.line(8, &format!("{key}: {v}"));
        }
    }
}

fn schema(o: &mut Out, s: &Schema) {
    o.line(2, &format!("{}:", s.name));
    for c in &s.comments {
        o.comment(4, c);
    }
    o.quoted(4, "description", &s.description);
    o.quoted(4, "source", &s.source);
    if let Some(fields) = &s.fields {
        if fields.is_empty() {
            o.line(4, "fields: []");
        } else {
            o.line(4, "fields:");
        }
        for f in fields {
            o.line(6, &format!("- name: {}", quote(&f.name)));
            for c in &f.comments {
                o.comment(8, c);
            }
            o.line(8, &format!("type: {}", f.ty));
            o.line(8, &format!("required: {}", f.required));
            if f.nullable {
                o.line(8, "nullable: true");
            }
            limits(o, &f.limits);
            o.quoted(8, "description", &f.description);
            o.quoted(8, "source", &f.source);
            if !f.notes.is_empty() {
                o.line(8, "notes:");
                for n in &f.notes {
                    o.line(10, &format!("- text: {}", quote(n)));
                    o.quoted(12, "source", &f.source);
                }
            }
        }
    } else {
        o.line(4, "values:");
        for (value, rust, text) in &s.values {
            match s.integer {
                true => o.line(6, &format!("- value: {value}")),
                false => o.line(6, &format!("- value: {}", quote(value))),
            }
            if let Some(r) = rust {
                o.line(8, &format!("rust_name: {r}"));
            }
            o.quoted(8, "description", text);
        }
    }
    o.line(0, "");
}
