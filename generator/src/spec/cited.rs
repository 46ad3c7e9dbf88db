//! Every `source` string of a spec file, with the spec path of its `source` key: what the check
//! holds against the file's `sources`, and what `--docs` holds against the pages.

use super::SpecFile;

impl SpecFile {
    /// Every `source` string of the file, with the spec path of its `source` key, in the order of
    /// the file's items.
    pub fn cited(&self) -> Vec<(SourceAt<'_>, &str)> {
        let file = self;
        let mut cited = Vec::new();
        for (id, o) in &file.operations {
            let mut at = Cites {
                cited: &mut cited,
                item: ("operations", id.as_str()),
            };
            at.one(None, &o.source);
            at.list(None, "paths", &o.paths, |x| &x.source);
            at.list(None, "path_params", &o.path_params, |x| &x.source);
            at.list(None, "query_params", &o.query_params, |x| &x.source);
            for (j, q) in o.query_params.iter().enumerate() {
                let param = Some(("query_params", Some(j)));
                at.list(param, "notes", &q.notes, |x| &x.source);
                at.list(param, "doc_deviations", &q.doc_deviations, |d| &d.source);
            }
            at.list(None, "notes", &o.notes, |x| &x.source);
            at.list(None, "examples", &o.examples, |x| &x.source);
            let single = [
                ("request", o.request.as_ref().map(|x| &x.source)),
                ("response", Some(&o.response.source)),
                ("microversions", o.microversions.as_ref().map(|x| &x.source)),
                ("waiter", o.waiter.as_ref().map(|x| &x.source)),
                ("paging", o.paging.as_ref().map(|x| &x.source)),
            ];
            for (k, source) in single {
                if let Some(source) = source {
                    at.one(Some((k, None)), source);
                }
            }
            at.list(
                Some(("response", None)),
                "headers",
                &o.response.headers,
                |h| &h.source,
            );
            if let Some(r) = &o.request {
                at.list(Some(("request", None)), "constants", &r.constants, |c| {
                    &c.source
                });
            }
            at.list(None, "doc_deviations", &o.doc_deviations, |d| &d.source);
            for (j, ex) in o.examples.iter().enumerate() {
                let example = Some(("examples", Some(j)));
                at.list(example, "doc_deviations", &ex.doc_deviations, |d| &d.source);
            }
        }
        for (key, s) in &file.sources {
            let mut at = Cites {
                cited: &mut cited,
                item: ("sources", key.as_str()),
            };
            at.list(None, "doc_deviations", &s.doc_deviations, |d| &d.source);
        }
        for (name, s) in &file.schemas {
            let mut at = Cites {
                cited: &mut cited,
                item: ("schemas", name.as_str()),
            };
            at.one(None, &s.source);
            for (i, f) in s.fields.iter().flatten().enumerate() {
                let field = Some(("fields", Some(i)));
                at.one(field, &f.source);
                at.list(field, "notes", &f.notes, |x| &x.source);
                at.list(field, "doc_deviations", &f.doc_deviations, |d| &d.source);
            }
            at.list(None, "doc_deviations", &s.doc_deviations, |d| &d.source);
            at.list(None, "rules", &s.rules, |x| &x.source);
            at.list(None, "notes", &s.notes, |x| &x.source);
            at.list(None, "examples", &s.examples, |x| &x.source);
        }
        cited
    }
}

/// The spec path of a `source` key, made into text only when it is shown: the item
/// (`operations.show_job`), up to two steps into it (`.fields[2]`, `.notes[0]`, `.request`), then
/// `.source`.
#[derive(Clone, Copy)]
pub struct SourceAt<'a> {
    item: (&'static str, &'a str),
    steps: [Option<(&'static str, Option<usize>)>; 2],
}

impl std::fmt::Display for SourceAt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}.{}", self.item.0, self.item.1)?;
        for (key, index) in self.steps.iter().flatten() {
            write!(f, ".{key}")?;
            if let Some(i) = index {
                write!(f, "[{i}]")?;
            }
        }
        f.write_str(".source")
    }
}

/// One step into an item: a key, and an index when it is a list's.
type Step = Option<(&'static str, Option<usize>)>;

/// The `source` keys of one item, gathered into `cited` in the order they are found.
struct Cites<'c, 'a> {
    cited: &'c mut Vec<(SourceAt<'a>, &'a str)>,
    item: (&'static str, &'a str),
}

impl<'a> Cites<'_, 'a> {
    /// The `source` one `step` into the item (`None`: the item's own).
    fn one(&mut self, step: Step, source: &'a str) {
        let at = SourceAt {
            item: self.item,
            steps: [step, None],
        };
        self.cited.push((at, source));
    }

    /// The `source` of each entry of the list `key`, found `outer` (`None`: at the item's top).
    fn list<T>(
        &mut self,
        outer: Step,
        key: &'static str,
        items: &'a [T],
        source: fn(&T) -> &String,
    ) {
        for (i, x) in items.iter().enumerate() {
            let entry = Some((key, Some(i)));
            let steps = match outer {
                None => [entry, None],
                Some(_) => [outer, entry],
            };
            let at = SourceAt {
                item: self.item,
                steps,
            };
            self.cited.push((at, source(x).as_str()));
        }
    }
}
