//! Citations: `reinstall-doc, Table 3` rendered with the document's title.

use std::collections::BTreeMap;

use super::{Doc, Note};
use crate::spec;

/// Splits a citation `reinstall-doc, Table 3` (or `api-facts §1`) into the document key and the
/// place inside it.
pub fn source_key(source: &str) -> (&str, &str) {
    let source = source.trim();
    let end = source
        .bytes()
        .position(|b| b == b',' || b == b' ')
        .unwrap_or(source.len());
    (&source[..end], source[end..].trim_start_matches([',', ' ']))
}

/// A file's `sources`, to render its citations with the documents' titles.
pub struct DocSources<'a>(pub &'a BTreeMap<String, spec::Source>);

impl DocSources<'_> {
    /// `rebuild-doc, Table 2` → `Rebuilding an ECS, Table 2`; several citations joined by `; `.
    pub fn render(&self, source: &str) -> String {
        self.render_between(["", ""], source, "")
    }

    /// `before`, the rendered `source`, then `after`, made at its final size (the model keeps
    /// every one of these strings).
    fn render_between(&self, before: [&str; 2], source: &str, after: &str) -> String {
        let mut parts: Vec<[&str; 3]> = Vec::new();
        let single;
        let parts: &[[&str; 3]] = if source.contains(';') {
            parts.extend(source.split(';').map(|part| self.pieces(part)));
            &parts
        } else {
            single = [self.pieces(source)];
            &single
        };
        let len = before[0].len()
            + before[1].len()
            + after.len()
            + 2 * (parts.len() - 1)
            + parts.iter().flatten().map(|p| p.len()).sum::<usize>();
        let mut out = String::with_capacity(len);
        before.iter().for_each(|p| out.push_str(p));
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            part.iter().for_each(|p| out.push_str(p));
        }
        out.push_str(after);
        out
    }

    /// One citation rendered, in pieces: the document's title and the place inside it, or the
    /// citation as written when the document is unknown.
    fn pieces<'s>(&'s self, source: &'s str) -> [&'s str; 3] {
        let (key, place) = source_key(source);
        match self.0.get(key) {
            Some(s) if place.is_empty() => [&s.title, "", ""],
            Some(s) => [&s.title, ", ", place],
            None => [source, "", ""],
        }
    }

    pub(super) fn doc(&self, text: &str, notes: &[spec::Note], source: &str) -> Doc {
        self.doc_and_notes(text, notes, source).0
    }

    /// The doc of an item, and its notes each with its citation rendered (the doc holds each as
    /// one text: `the text (the citation)`).
    pub(super) fn doc_and_notes(
        &self,
        text: &str,
        notes: &[spec::Note],
        source: &str,
    ) -> (Doc, Vec<Note>) {
        let notes: Vec<Note> = notes
            .iter()
            .map(|n| Note {
                text: n.text.trim().to_string(),
                source: self.render(&n.source),
            })
            .collect();
        let doc = Doc {
            text: text.trim().to_string(),
            notes: notes
                .iter()
                .map(|n| {
                    let mut one = String::with_capacity(n.text.len() + n.source.len() + 3);
                    one.push_str(&n.text);
                    one.push_str(" (");
                    one.push_str(&n.source);
                    one.push(')');
                    one
                })
                .collect(),
            source: self.render(source),
        };
        (doc, notes)
    }
}
