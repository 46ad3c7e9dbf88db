//! `:ref:` links resolved across the vendored pages: a label names an anchor (`.. _label:`) of
//! some page, and through it a table: the table the anchor stands before, else the first table
//! of the section the anchor labels. A row that says "see :ref:`Table 9 <...table...>`" of a
//! shared page (`data_structure/...`) is so linked to that page's Table 9.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::Path;

use super::page::{Page, Table};

/// Every page of a `docs/` folder with the anchors of all of them; a page is read into a
/// [`Page`] only when a link leads into it (the anchors are found by a scan of the lines).
#[derive(Default)]
pub struct Library {
    /// Each page by its name under the folder (`data_structure/....rst`), in name order: its
    /// bytes, and the page once read.
    pages: Vec<(String, Vec<u8>, OnceCell<Page>)>,
    /// Each label: the page (index into `pages`) and line of its first anchor.
    anchors: HashMap<String, (usize, usize)>,
}

/// Where a label leads.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The page's name under the folder.
    pub page: &'a str,
    /// The anchor's line in it.
    pub line: usize,
    /// The table it names, if it names one.
    pub table: Option<&'a Table>,
}

/// The most pages and bytes a library reads (the folder holds 52 pages, under 2 MB): past them
/// the rest is not read, and their labels do not resolve.
const MAX_PAGES: usize = 2_000;
const MAX_BYTES: u64 = 64 << 20;

impl Library {
    /// The `.rst` files under `dir` (symbolic links not followed). What cannot be read is left
    /// out: a link into it does not resolve.
    pub fn read(dir: &Path) -> Library {
        let mut names = Vec::new();
        walk(dir, "", &mut names, 0);
        names.sort();
        let mut lib = Library::default();
        let mut bytes = 0u64;
        for name in names.into_iter().take(MAX_PAGES) {
            let path = dir.join(&name);
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            bytes += meta.len();
            if bytes > MAX_BYTES {
                break;
            }
            if let Ok(bytes) = std::fs::read(&path) {
                lib.add(name, bytes);
            }
        }
        lib
    }

    /// Adds a page by its bytes.
    pub fn add(&mut self, name: String, bytes: Vec<u8>) {
        let i = self.pages.len();
        for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
            let line = String::from_utf8_lossy(line);
            if let Some(label) = line
                .trim()
                .strip_prefix(".. _")
                .and_then(|r| r.strip_suffix(':'))
                .filter(|l| !l.is_empty() && !l.contains(char::is_whitespace))
            {
                self.anchors.entry(label.to_string()).or_insert((i, n + 1));
            }
        }
        self.pages.push((name, bytes, OnceCell::new()));
    }

    /// The page named `name`, read.
    pub fn page(&self, name: &str) -> Option<&Page> {
        let i = self.pages.iter().position(|(n, _, _)| n == name)?;
        Some(self.read_page(i))
    }

    fn read_page(&self, i: usize) -> &Page {
        let (_, bytes, page) = &self.pages[i];
        page.get_or_init(|| super::rst::read(bytes))
    }

    /// Where `label` leads, if some page has its anchor.
    pub fn resolve(&self, label: &str) -> Option<Target<'_>> {
        let &(i, line) = self.anchors.get(label)?;
        let page = self.read_page(i);
        Some(Target {
            page: &self.pages[i].0,
            line,
            table: table_at(page, label, line),
        })
    }
}

/// The table `label` (anchored at `line`) names in `page`: the one the anchor stands before,
/// else the first of the section the anchor labels (the section titled right after it, up to the
/// next title).
pub fn table_at<'a>(page: &'a Page, label: &str, line: usize) -> Option<&'a Table> {
    if let Some(t) = page
        .tables
        .iter()
        .find(|t| t.label.as_deref() == Some(label))
    {
        return Some(t);
    }
    let mut after = page.sections.iter().filter(|s| s.line > line);
    let own = after.next()?;
    // The anchor labels a section only when its title follows it (blank lines between).
    if own.line > line + 3 {
        return None;
    }
    let end = after.next().map_or(usize::MAX, |s| s.line);
    page.tables
        .iter()
        .find(|t| t.line > own.line && t.line < end)
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>, depth: usize) {
    if depth > 8 || out.len() > MAX_PAGES {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if kind.is_dir() {
            walk(&entry.path(), &rel, out, depth + 1);
        } else if kind.is_file() && name.ends_with(".rst") {
            out.push(rel);
        }
    }
}
