//! The placeholder a draft puts where a person must write: the check refuses every text of the
//! spec that still holds it, so that a drafted spec cannot generate a crate before its
//! descriptions are written (in our own words, not the page's).

use crate::diag::Diagnostics;
use crate::load::LoadedFile;
use crate::spec;

/// What every drafted description starts with.
pub const MARKER: &str = "TODO(describe)";

/// One error per text (description, summary, note, deviation reason) still holding [`MARKER`],
/// located at that text.
pub fn check(file: &LoadedFile, diags: &mut Diagnostics) {
    let mut found: Vec<String> = Vec::new();
    let mut text = |path: &dyn Fn() -> String, value: &str| {
        if value.contains(MARKER) {
            found.push(path());
        }
    };
    for (id, o) in &file.spec.operations {
        let p = || format!("operations.{id}");
        text(&|| format!("{}.summary", p()), &o.summary);
        if let Some(d) = &o.description {
            text(&|| format!("{}.description", p()), d);
        }
        for (i, x) in o.path_params.iter().enumerate() {
            text(
                &|| format!("{}.path_params[{i}].description", p()),
                &x.description,
            );
        }
        notes(&mut text, &p, &o.notes);
        reasons(&mut text, &p, &o.doc_deviations);
        for (i, ex) in o.examples.iter().enumerate() {
            let at = || format!("{}.examples[{i}]", p());
            reasons(&mut text, &at, &ex.doc_deviations);
        }
    }
    for (name, s) in &file.spec.schemas {
        let p = || format!("schemas.{name}");
        text(&|| format!("{}.description", p()), &s.description);
        notes(&mut text, &p, &s.notes);
        reasons(&mut text, &p, &s.doc_deviations);
        for (i, f) in s.fields.iter().flatten().enumerate() {
            let at = || format!("{}.fields[{i}]", p());
            text(&|| format!("{}.description", at()), &f.description);
            notes(&mut text, &at, &f.notes);
            reasons(&mut text, &at, &f.doc_deviations);
        }
        for (i, v) in s.values.iter().flatten().enumerate() {
            text(
                &|| format!("{}.values[{i}].description", p()),
                &v.description,
            );
        }
        for (i, v) in s.one_of.iter().flatten().enumerate() {
            text(
                &|| format!("{}.one_of[{i}].description", p()),
                &v.description,
            );
        }
    }
    for path in found {
        let d = file.diag(
            &path,
            format!("this text still holds the draft placeholder `{MARKER}`"),
        );
        diags.push(d.with_help(
            "write the description in your own words (the page's text after the marker is only a reminder of what it says), then remove the marker",
        ));
    }
}

type Text<'a> = dyn FnMut(&dyn Fn() -> String, &str) + 'a;

fn notes(text: &mut Text, at: &dyn Fn() -> String, notes: &[spec::Note]) {
    for (i, n) in notes.iter().enumerate() {
        text(&|| format!("{}.notes[{i}].text", at()), &n.text);
    }
}

fn reasons(text: &mut Text, at: &dyn Fn() -> String, devs: &[spec::Deviation]) {
    for (i, d) in devs.iter().enumerate() {
        text(
            &|| format!("{}.doc_deviations[{i}].reason", at()),
            &d.reason,
        );
    }
}
