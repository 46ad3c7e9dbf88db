//! An operation of the spec, lowered: its paths and arguments, its body, its answer, and what
//! reads the answer (waiter, paging).

use std::collections::BTreeSet;

use super::lower::{Lowering, Names};
use super::*;
use crate::names;
use crate::spec;

/// Operation `id`, whose query parameters' types `queries` holds, in the file of `lw`.
pub(super) fn operation(
    lw: &mut Lowering,
    (id, o, queries): (&str, &spec::Operation, &[Parsed]),
    docs: &DocSources,
    model: &Model,
    names: &Names,
) -> Operation {
    let at = |key: &str| format!("operations.{id}.{key}");
    let params: Vec<PathParam> = (o.path_params.iter().enumerate())
        .map(|(i, p)| PathParam {
            wire: p.name.clone(),
            from: p.from.as_deref().map(|word| {
                ParamFrom::parse(word).unwrap_or_else(|| {
                    let path = at(&format!("path_params[{i}].from"));
                    lw.refused(path, "an unknown `from`", ParamFrom::Argument)
                })
            }),
            doc: docs.doc(&p.description, &[], &p.source),
        })
        .collect();
    let from_client: BTreeSet<&str> = (params.iter())
        .filter(|p| p.from == Some(ParamFrom::Client))
        .map(|p| p.wire.as_str())
        .collect();
    let paths: Vec<PathTemplate> = (o.paths.iter().enumerate())
        .map(|(i, p)| PathTemplate {
            variant: p.variant.clone(),
            template: p.template.clone(),
            source: docs.render(&p.source),
            segments: parse_template(&p.template)
                .unwrap_or_else(|| {
                    let path = at(&format!("paths[{i}].template"));
                    lw.refused(path, "a path template that does not parse", Vec::new())
                })
                .into_iter()
                .map(|(param, s)| match param {
                    true => Segment::Param {
                        rust: names::escape(&names::snake(&s)),
                        from_client: from_client.contains(s.as_str()),
                        wire: s,
                    },
                    false => Segment::Literal(s),
                })
                .collect(),
        })
        .collect();
    let mut args = Vec::new();
    let default_path = paths.first().map(|p| p.segments.as_slice());
    for seg in default_path.unwrap_or_default() {
        if let Segment::Param {
            wire,
            rust,
            from_client: false,
        } = seg
        {
            let doc = match params.iter().find(|p| &p.wire == wire) {
                Some(p) => p.doc.clone(),
                None => {
                    let what = "a path parameter that is not declared";
                    lw.refused(at("paths[0].template"), what, Doc::default())
                }
            };
            args.push(PathArg {
                wire: wire.clone(),
                rust: rust.clone(),
                doc,
            });
        }
    }
    let response = o
        .response
        .schema
        .as_deref()
        .and_then(|name| names.schema(lw, &|| at("response.schema"), name));
    let request_schema = o
        .request
        .as_ref()
        .and_then(|r| names.schema(lw, &|| at("request.schema"), r.schema.as_deref()?));
    let waiter = o.waiter.as_ref().and_then(|w| match response {
        Some(root) => Some(super::waiter::waiter(
            lw,
            (id, w),
            model.schema_of(root),
            model,
            &args,
            docs,
        )),
        // A schema named but not resolved is reported as such.
        None if o.response.schema.is_some() => None,
        None => lw.refused(at("waiter"), "a waiter on an answer without a body", None),
    });
    let body = request_schema.map(|id| model.schema_of(id));
    let request_fields: &[Field] = match body.map(|s| &s.kind) {
        Some(SchemaKind::Object { fields, .. }) => fields,
        _ => &[],
    };
    let has_since = request_fields.iter().any(|f| f.since_text.is_some());
    let query = super::query::query(lw, (id, o, queries), docs, names);
    let (summary, description) = (
        o.summary.trim(),
        o.description.as_deref().unwrap_or("").trim(),
    );
    let (doc, notes) =
        docs.doc_and_notes(&format!("{summary}\n\n{description}"), &o.notes, &o.source);
    let paging = o.paging.as_ref().map(|p| {
        let response = response.map(|id| model.schema_of(id));
        super::paging::paging(lw, (id, p), model, response, query.as_ref(), docs)
    });
    let request = o.request.as_ref().map(|r| Request {
        wrapper: r.wrapper.clone(),
        schema: request_schema,
        constants: (r.constants.iter().enumerate())
            .map(|(i, c)| Constant {
                wire: c.name.clone(),
                value: ConstantValue::parse(&c.value).unwrap_or_else(|| {
                    let path = at(&format!("request.constants[{i}].value"));
                    lw.refused(path, "a constant that is no scalar", ConstantValue::Null)
                }),
                source: docs.render(&c.source),
            })
            .collect(),
        content_type: r.content_type.clone(),
        has_since,
        // Set once every schema is lowered (`mark_checks`).
        has_checks: false,
        source: docs.render(&r.source),
    });
    let errors = ErrorDialect::parse(&o.errors)
        .unwrap_or_else(|| lw.refused(at("errors"), "an unknown error dialect", ErrorDialect::Ecs));
    Operation {
        id: id.to_string(),
        method_name: names::escape(id),
        struct_name: names::camel(id),
        file: lw.file.name.clone(),
        doc,
        http_method: o.method.to_ascii_uppercase(),
        paths,
        args,
        paging,
        query,
        request,
        statuses: o.response.statuses.clone(),
        response,
        response_headers: super::headers::headers(&names::camel(id), o, docs),
        idempotent: o.idempotent,
        microversion_service: o.microversions.as_ref().map(|m| m.service.clone()),
        waiter,
        summary: summary.to_string(),
        description: description.to_string(),
        notes,
        module: module_of(&lw.file.name),
        params,
        errors,
        sends_credential: o.auth.as_deref() != Some("none"),
        microversions: o.microversions.as_ref().map(|m| Microversions {
            default: m.default.clone(),
            service: m.service.clone(),
            source: docs.render(&m.source),
            highest_since: request_fields
                .iter()
                .filter_map(|f| Some((f.since?, f.since_text.as_deref()?)))
                .max()
                .map(|(_, v)| v.to_string()),
        }),
        response_source: docs.render(&o.response.source),
        // Set with [`Keep::examples`], once every operation is lowered.
        examples: Vec::new(),
    }
}
