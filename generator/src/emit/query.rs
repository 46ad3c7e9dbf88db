//! An operation's query struct: the runtime's `query!` call that declares it with its parameter
//! table, which the runtime's one query writer reads.

use crate::emit::objects::rule_calls;
use crate::emit::{Part, layout};
use crate::model::{ArrayStyle, Doc, Model, Query, QueryParam, Ty};

/// The query struct: one line per parameter after its doc comment, `Default` when no parameter
/// is required.
pub fn value(model: &Model, method: &str, query: &Query) -> Part {
    let members: Vec<layout::Member> = query
        .params
        .iter()
        .map(|p| layout::Member {
            doc: layout::MemberDoc::Item(&p.doc),
            line: param_line(model, p),
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
    Part::Text(layout::macro_item(
        "::otc_runtime::__private::query",
        &doc,
        &[derives],
        &format!("pub struct {}", query.struct_name),
        &members,
    ))
}

/// `limit: optional "limit" i64 = maximum(1000),`: `required` or `optional` (an `Option`),
/// `comma` or `repeat` for a list, the wire name, the type, and the bounds checked before
/// sending (on each value of a list).
fn param_line(model: &Model, p: &QueryParam) -> String {
    let kind = if p.required { "required" } else { "optional" };
    let style = match p.array_style {
        None => "",
        Some(ArrayStyle::Comma) => " comma",
        Some(ArrayStyle::Repeat) => " repeat",
    };
    let wire = layout::string_literal(&p.wire);
    let mut line = format!("{}: {kind}{style} {wire} ", p.rust);
    layout::type_text(model, &p.ty, &mut line);
    let rules = rule_calls(&p.constraints, *p.scalar() == Ty::Number);
    for (i, (method, arg)) in rules.iter().enumerate() {
        line.push_str(if i == 0 { " = " } else { "." });
        line.push_str(&format!("{method}({arg})"));
    }
    line.push(',');
    line
}
