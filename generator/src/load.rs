//! Stage 1: read the spec files and deserialize them into the `spec` types.
//!
//! A file without problems is deserialized whole, straight from its text (`load::fast`). Any other
//! file takes the tolerant path: a typo in one operation must not hide a typo in another, and
//! serde stops at the first error of a document. So each operation, schema and source, and each
//! entry of their lists, is deserialized from its own slice of the file's text (found by the
//! `Locator`); serde_yaml then reports the path and line inside that slice, which are shifted back
//! to the whole file. The fast path accepts exactly the files the tolerant path accepts without a
//! diagnostic, and gives the same `SpecFile`; its tests hold the two paths side by side.
//!
//! On the tolerant path the file is parsed once into a `Value`, and each item is first
//! deserialized from its part of that tree: only an item that fails there is deserialized again
//! from its text, for the error's line. The `Locator` is built on first use, so a spec without
//! problems never needs one.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::locate::{self, Locator, Span};
use crate::spec::{self, SpecFile};

mod fast;

/// One spec file, parsed as far as it could be.
pub struct LoadedFile {
    /// The path as a person would type it (`spec/rebuild_server.yaml`).
    pub display: String,
    /// The file name alone, named in the generated files' headers.
    pub name: String,
    /// The whole text, shared with the locator; a file without problems leaves it on disk until a
    /// diagnostic needs it ([`FileText`]).
    pub text: FileText,
    pub locator: LazyLocator,
    pub spec: SpecFile,
    /// Items (`schemas.Server`) left out because they did not deserialize.
    pub broken: BTreeSet<String>,
}

impl LoadedFile {
    /// Frees what only loading and checking need, once the spec is known to be without problems:
    /// the text and its locator (if a diagnostic had them read) and the examples (at scale, a fifth
    /// of the spec's memory). A text that was read from disk is read again should a later
    /// diagnostic need it.
    pub fn release_after_check(&mut self) {
        self.text = self.text.released();
        self.locator = LazyLocator::new(self.text.clone());
        for o in self.spec.operations.values_mut() {
            o.examples = Vec::new();
        }
        for s in self.spec.schemas.values_mut() {
            s.examples = Vec::new();
        }
    }

    /// A diagnostic at `path` (an indexed path such as `schemas.Rebuild.fields[2].type`).
    pub fn diag(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let span = self.locator.find(path);
        self.diag_at(path, span.map(|s| (s.line, s.column)), message)
    }

    fn diag_at(
        &self,
        path: &str,
        at: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = at.map_or((0, 0), |(l, c)| (l + 1, c + 1));
        Diagnostic {
            file: self.display.clone(),
            line,
            column,
            path: self.locator.display(path),
            message: message.into(),
            help: None,
            snippet: at
                .and_then(|(l, _)| self.text.lines().nth(l))
                .map(|s| s.trim_end().to_string()),
            related: None,
        }
    }
}

/// A file's text, shared by its [`LoadedFile`] and its locator.
///
/// A file that loads without problems does not keep its text (at scale, a third of the memory
/// loading holds): only a diagnostic of a later stage needs it, and then it is read again from
/// disk, provided the file is still as it was read (same length and modification time; a file
/// changed in between gives its diagnostics without a line, rather than the lines of another text).
#[derive(Clone, Debug, Default)]
pub struct FileText(Arc<TextCell>);

#[derive(Debug, Default)]
struct TextCell {
    text: OnceLock<Box<str>>,
    disk: Option<Stamp>,
}

/// Where a file's text can be read again, and how it was when it was read.
#[derive(Clone, Debug)]
struct Stamp {
    path: PathBuf,
    len: u64,
    modified: SystemTime,
}

impl Stamp {
    fn of(path: &Path, meta: &fs::Metadata) -> Option<Stamp> {
        Some(Stamp {
            path: path.to_path_buf(),
            len: meta.len(),
            modified: meta.modified().ok()?,
        })
    }

    /// The text again, or nothing if the file is no longer as it was.
    fn read(&self) -> Box<str> {
        let same = |meta: &fs::Metadata| {
            meta.len() == self.len && meta.modified().ok() == Some(self.modified)
        };
        fs::metadata(&self.path)
            .ok()
            .filter(same)
            .and_then(|_| fs::read(&self.path).ok())
            .filter(|bytes| bytes.len() as u64 == self.len)
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .map_or_else(Box::default, String::into_boxed_str)
    }
}

impl FileText {
    /// A text held in memory.
    pub fn new(text: impl Into<Box<str>>) -> FileText {
        let cell = TextCell::default();
        let _ = cell.text.set(text.into());
        FileText(Arc::new(cell))
    }

    /// The same text, not held: left on disk where it was read from (and read again on first
    /// use), else none.
    fn released(&self) -> FileText {
        match &self.0.disk {
            Some(stamp) => FileText::on_disk(stamp.clone()),
            None => FileText::default(),
        }
    }

    /// A text left on disk, read again on first use.
    fn on_disk(stamp: Stamp) -> FileText {
        FileText(Arc::new(TextCell {
            text: OnceLock::new(),
            disk: Some(stamp),
        }))
    }
}

impl Deref for FileText {
    type Target = str;

    fn deref(&self) -> &str {
        let cell = &*self.0;
        cell.text
            .get_or_init(|| cell.disk.as_ref().map_or_else(Box::default, Stamp::read))
    }
}

/// A file's [`Locator`], indexed from its text the first time it is used.
#[derive(Debug, Default)]
pub struct LazyLocator {
    text: FileText,
    index: OnceLock<Locator>,
}

impl LazyLocator {
    pub fn new(text: FileText) -> LazyLocator {
        LazyLocator {
            text,
            index: OnceLock::new(),
        }
    }
}

impl Deref for LazyLocator {
    type Target = Locator;

    fn deref(&self) -> &Locator {
        self.index.get_or_init(|| Locator::index(&self.text))
    }
}

/// A problem that is not the spec's fault: a missing path, an unreadable file.
#[derive(Debug)]
pub struct IoError(pub String);

/// Reads `path` (a `.yaml` file, or a folder whose `*.yaml` and `*.yml` files together are the
/// spec, in name order).
pub fn load(path: &Path, diags: &mut Diagnostics) -> Result<Vec<LoadedFile>, IoError> {
    let meta = fs::metadata(path)
        .map_err(|e| IoError(format!("cannot read spec `{}`: {e}", path.display())))?;
    let mut paths: Vec<PathBuf> = if meta.is_dir() {
        let entries = fs::read_dir(path)
            .map_err(|e| IoError(format!("cannot list `{}`: {e}", path.display())))?;
        // The entry's own type where the folder listing gives it; a link is followed.
        let is_file = |e: &fs::DirEntry| match e.file_type() {
            Ok(t) if !t.is_symlink() => t.is_file(),
            _ => e.path().is_file(),
        };
        entries
            .filter_map(Result::ok)
            .filter(|e| {
                let p = e.path();
                p.extension().is_some_and(|x| x == "yaml" || x == "yml") && is_file(e)
            })
            .map(|e| e.path())
            .collect()
    } else {
        vec![path.to_path_buf()]
    };
    paths.sort();
    if paths.is_empty() {
        return Err(IoError(format!(
            "no `*.yaml` spec file in `{}`",
            path.display()
        )));
    }
    // Files are independent: read and parsed on every core, their problems reported in file order.
    let cwd = std::env::current_dir().ok();
    let loaded = crate::each_in_parallel(paths.len(), |i| {
        let p = &paths[i];
        let (bytes, stamp) =
            read(p).map_err(|e| IoError(format!("cannot read `{}`: {e}", p.display())))?;
        let mut own = Diagnostics::default();
        let display = display_path_in(p, cwd.as_deref());
        Ok((load_file(p, display, bytes, stamp, &mut own), own))
    });
    let mut files = Vec::with_capacity(loaded.len());
    for result in loaded {
        let (file, own) = result?;
        own.0.into_iter().for_each(|d| diags.push(d));
        files.push(file);
    }
    Ok(files)
}

/// A file's bytes, and how it was when they were read.
fn read(path: &Path) -> std::io::Result<(Vec<u8>, Option<Stamp>)> {
    let file = fs::File::open(path)?;
    let meta = file.metadata()?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).map_or(0, |n| n + 1));
    // Read to the end through `take`, which skips `File`'s own look at the size: it is known.
    (&file).take(u64::MAX).read_to_end(&mut bytes)?;
    let stamp = Stamp::of(path, &meta).filter(|s| s.len == bytes.len() as u64);
    Ok((bytes, stamp))
}

/// One file, read on the fast path when it can be; with a `stamp`, a file without problems leaves
/// its text on disk (see [`FileText`]).
fn load_file(
    path: &Path,
    display: String,
    bytes: Vec<u8>,
    stamp: Option<Stamp>,
    diags: &mut Diagnostics,
) -> LoadedFile {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut file = LoadedFile {
        display,
        name,
        text: FileText::default(),
        locator: LazyLocator::default(),
        spec: SpecFile::default(),
        broken: BTreeSet::new(),
    };
    file.text = match String::from_utf8(bytes) {
        Ok(text) => FileText::new(text),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count();
            let column = valid.len() - valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let mut d = file.diag_at("", Some((line, column)), "the file is not valid UTF-8");
            d.snippet = None;
            diags.push(d.with_help("save the spec as UTF-8 text"));
            return file;
        }
    };
    file.locator = LazyLocator::new(file.text.clone());
    if let Some(problem) = crate::limits::yaml_text(&file.text) {
        diags.push(text_problem(&file, problem));
        return file;
    }
    match fast::spec_file(&file.text) {
        Some(spec) => {
            file.spec = spec;
            if let Some(stamp) = stamp {
                file.text = FileText::on_disk(stamp);
                file.locator = LazyLocator::new(file.text.clone());
            }
        }
        None => tolerant(&mut file, diags),
    }
    crate::limits::deep_types(&mut file, diags);
    file
}

/// A problem of the text as a whole, at its byte offset.
fn text_problem(file: &LoadedFile, problem: crate::limits::TextProblem) -> Diagnostic {
    let before = &file.text[..problem.at];
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count();
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
    let d = file.diag_at("", Some((line, column)), problem.message);
    d.with_help(problem.help)
}

/// The tolerant path: the file parsed into a `Value`, then deserialized item by item, each
/// problem reported with its place.
fn tolerant(file: &mut LoadedFile, diags: &mut Diagnostics) {
    // An alias's anchor may stand outside the item's own text, where only the whole tree sees it,
    // and a line that continues a flow collection or a quoted scalar but is indented no deeper
    // than where it began cuts the item's text short; such a file is read item by item from its
    // text, as the error path reads it, so that it gets the same diagnostics.
    let from_tree = !locate::has_alias(&file.text) && locate::continuations_nest(&file.text);
    let root: Value = match serde_yaml::from_str(&file.text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(yaml_error(file, "", &e, 0, 0));
            return;
        }
    };
    let root = match root {
        Value::Mapping(m) => m,
        Value::Null => return,
        _ => {
            diags.push(file.diag(
                "",
                "a spec file must be a mapping with `sources`, `operations` and `schemas`",
            ));
            return;
        }
    };
    for (key, value) in &root {
        let Some(key) = key.as_str() else {
            diags.push(file.diag("", "top-level keys must be strings"));
            continue;
        };
        match key {
            "sources" => file.spec.sources = section(file, key, value, diags, &[], from_tree),
            "operations" => {
                file.spec.operations = section(file, key, value, diags, OPERATION_LISTS, from_tree)
            }
            "schemas" => {
                file.spec.schemas = section(file, key, value, diags, SCHEMA_LISTS, from_tree)
            }
            "error_codes" => file.spec.error_codes = entries(file, key, value, diags),
            other => {
                let d = file.diag(other, format!("unknown top-level key `{other}`"));
                diags.push(
                    d.with_help("expected `sources`, `operations`, `schemas` or `error_codes`"),
                );
            }
        }
    }
    file.broken = broken_items(file, &root);
}

/// The lists inside an item whose entries are deserialized one by one.
const OPERATION_LISTS: &[&str] = &["paths", "path_params", "notes", "examples"];
const SCHEMA_LISTS: &[&str] = &["fields", "values", "one_of", "rules", "notes", "examples"];

fn section<T: DeserializeOwned>(
    file: &LoadedFile,
    key: &str,
    value: &Value,
    diags: &mut Diagnostics,
    lists: &[&str],
    from_tree: bool,
) -> std::collections::BTreeMap<String, T> {
    let mut out = std::collections::BTreeMap::new();
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => return out,
        _ => {
            diags.push(file.diag(
                key,
                format!("`{key}` must be a mapping from names to entries"),
            ));
            return out;
        }
    };
    for (name, item) in map {
        let Some(name) = name.as_str() else {
            diags.push(file.diag(key, format!("the names under `{key}` must be strings")));
            continue;
        };
        if from_tree && let Ok(v) = T::deserialize(item) {
            out.insert(name.to_string(), v);
            continue;
        }
        let path = format!("{key}.{name}");
        if let Some(v) = item_from_text::<T>(file, &path, item, diags) {
            out.insert(name.to_string(), v);
        } else {
            for list in lists {
                for i in 0.. {
                    let entry = format!("{path}.{list}[{i}]");
                    if file.locator.exact(&entry).is_none() {
                        break;
                    }
                    list_entry(file, list, &entry, diags);
                }
            }
        }
    }
    out
}

/// A top-level list (`error_codes`), entry by entry, each problem at its entry.
fn entries<T: DeserializeOwned>(
    file: &LoadedFile,
    key: &str,
    value: &Value,
    diags: &mut Diagnostics,
) -> Vec<T> {
    match value {
        Value::Sequence(items) => (items.iter().enumerate())
            .filter_map(|(i, item)| item_from_text(file, &format!("{key}[{i}]"), item, diags))
            .collect(),
        Value::Null => Vec::new(),
        _ => {
            diags.push(file.diag(key, format!("`{key}` must be a list of entries")));
            Vec::new()
        }
    }
}

fn list_entry(file: &LoadedFile, list: &str, path: &str, diags: &mut Diagnostics) {
    let v = &Value::Null;
    match list {
        "paths" => drop(item_from_text::<spec::PathTemplate>(file, path, v, diags)),
        "path_params" => drop(item_from_text::<spec::PathParam>(file, path, v, diags)),
        "notes" => drop(item_from_text::<spec::Note>(file, path, v, diags)),
        "examples" if path.starts_with("operations.") => drop(item_from_text::<
            spec::OperationExample,
        >(file, path, v, diags)),
        "examples" => drop(item_from_text::<spec::SchemaExample>(file, path, v, diags)),
        "fields" => drop(item_from_text::<spec::Field>(file, path, v, diags)),
        "values" => drop(item_from_text::<spec::EnumValue>(file, path, v, diags)),
        "one_of" => drop(item_from_text::<spec::Variant>(file, path, v, diags)),
        "rules" => drop(item_from_text::<spec::Rule>(file, path, v, diags)),
        _ => {}
    }
}

/// Deserializes the item at `path` from its own lines of text, so that serde's error carries a
/// line; falls back to the already parsed `value` where the item is not in block style.
fn item_from_text<T: DeserializeOwned>(
    file: &LoadedFile,
    path: &str,
    value: &Value,
    diags: &mut Diagnostics,
) -> Option<T> {
    let slice = file
        .locator
        .exact(path)
        .and_then(|span| slice(&file.text, span));
    let result = match &slice {
        Some((text, _, _)) => serde_yaml::from_str::<T>(text),
        None => serde_yaml::from_value::<T>(value.clone()),
    };
    match result {
        Ok(v) => Some(v),
        Err(e) => {
            let (line0, col0) = slice.map_or((0, 0), |(_, l, c)| (l, c));
            diags.push(yaml_error(file, path, &e, line0, col0));
            None
        }
    }
}

/// The text of the block at `span` as a document of its own, with the line and column where it
/// starts in the file.
fn slice(text: &str, span: Span) -> Option<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let first = *lines.get(span.line)?;
    if !span.dash {
        let after_key = first.get(span.column..)?;
        let colon = after_key
            .find(": ")
            .map(|i| i + 2)
            .or_else(|| after_key.ends_with(':').then_some(after_key.len()))?;
        let inline = after_key[colon..].trim();
        if !inline.is_empty() && !inline.starts_with('#') {
            let col = span.column
                + colon
                + (after_key[colon..].len() - after_key[colon..].trim_start().len());
            return Some((inline.to_string(), span.line, col));
        }
        let body = &lines[(span.line + 1).min(span.end)..span.end];
        let indent = body
            .iter()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        return Some((dedent(body, indent), span.line + 1, indent));
    }
    let mut body: Vec<String> = lines[span.line..span.end]
        .iter()
        .map(|l| l.to_string())
        .collect();
    body[0].replace_range(span.column..span.column + 1, " ");
    let indent = body[0].len() - body[0].trim_start().len();
    let body: Vec<&str> = body.iter().map(String::as_str).collect();
    Some((dedent(&body, indent), span.line, indent))
}

fn dedent(lines: &[&str], indent: usize) -> String {
    let mut out = String::new();
    for l in lines {
        let cut = l.len() - l.trim_start_matches(' ').len();
        out.push_str(&l[cut.min(indent)..]);
        out.push('\n');
    }
    out
}

/// A serde_yaml error as a diagnostic: its path appended to `item`, its position shifted by the
/// slice's start, its wording in the spec's terms (a spec file has keys, serde speaks of fields).
fn yaml_error(
    file: &LoadedFile,
    item: &str,
    e: &serde_yaml::Error,
    line0: usize,
    col0: usize,
) -> Diagnostic {
    let text = without_positions(&e.to_string(), e.location().is_some(), line0, col0);
    let (inner, message) = match text.split_once(": ") {
        Some((p, m)) if !p.contains(' ') && !p.is_empty() => (p.to_string(), m.to_string()),
        _ => (String::new(), text.clone()),
    };
    let mut path = match (item.is_empty(), inner.starts_with('[')) {
        (true, _) => inner,
        (false, true) => format!("{item}{inner}"),
        (false, false) if inner.is_empty() => item.to_string(),
        (false, false) => format!("{item}.{inner}"),
    };
    let mut at = e
        .location()
        .map(|l| (line0 + l.line() - 1, l.column() - 1 + col0));
    let (mut message, mut help) = reword(&message);
    if message.contains("more than one document") {
        // serde_yaml gives no position for this one.
        if let Some((line, column, explicit)) = second_document(&file.text) {
            at = Some((line, column));
            message = "a second YAML document starts here; a spec file is one mapping".into();
            help = Some(if explicit {
                "remove the `---`; to split the spec, use several files in the spec folder".into()
            } else {
                "the lines above are indented deeper than this one; top-level keys start in column 1"
                    .into()
            });
        }
    }
    if let Some(key) = text
        .split_once("duplicate entry with key ")
        .map(|(_, k)| k.trim_matches('"'))
    {
        // The second place of that key inside the mapping serde names; any such key otherwise.
        let here = file
            .locator
            .duplicates
            .iter()
            .find(|(p, _)| *p == join_path(&path, key))
            .or_else(|| {
                let suffix = format!(".{key}");
                let dups = &file.locator.duplicates;
                dups.iter().find(|(p, _)| p == key || p.ends_with(&suffix))
            });
        if let Some((p, s)) = here {
            path = p.clone();
            at = Some((s.line, s.column));
        }
    }
    if message.starts_with("missing key") {
        // serde points at the first key inside the mapping; the mapping's own key is clearer.
        at = file.locator.find(&path).map(|s| (s.line, s.column)).or(at);
    }
    let at = at.or_else(|| file.locator.find(&path).map(|s| (s.line, s.column)));
    let has_tab = at
        .and_then(|(l, _)| file.text.lines().nth(l))
        .is_some_and(|l| l.contains('\t'));
    if has_tab && help.is_none() {
        help = Some("this line holds a tab; YAML indents with spaces only".into());
    }
    let d = file.diag_at(&path, at, message);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// Where libyaml starts a second document: at a `---` after content, or at the first line indented
/// less than the first line of content (the block above ends there). Also whether it is a `---`.
fn second_document(text: &str) -> Option<(usize, usize, bool)> {
    let mut first_indent = None;
    for (n, line) in text.lines().enumerate() {
        let rest = line.trim_start_matches(' ');
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        let indent = line.len() - rest.len();
        let marker = rest == "---" || rest.starts_with("--- ") || rest == "...";
        match first_indent {
            None if marker => {}
            None => first_indent = Some(indent),
            Some(_) if marker => return Some((n, indent, true)),
            Some(first) if indent < first => return Some((n, indent, false)),
            Some(_) => {}
        }
    }
    None
}

fn join_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// Drops the ` at line L column C` of the error's own position (the diagnostic shows it); a
/// second position, libyaml's context (`while parsing a flow sequence at line 3 column 8`), is
/// kept, shifted to the whole file, as where that construct starts.
fn without_positions(text: &str, located: bool, line0: usize, col0: usize) -> String {
    let mut out = String::new();
    let mut rest = text;
    let mut first = located;
    while let Some(i) = rest.find(" at line ") {
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let n = digits(after);
        let Some(col_part) = after[n..].strip_prefix(" column ") else {
            out.push_str(&rest[..i + 1]);
            rest = &rest[i + 1..];
            continue;
        };
        let m = digits(col_part);
        let (line, column) = (after[..n].parse::<usize>(), col_part[..m].parse::<usize>());
        out.push_str(&rest[..i]);
        if let (false, Ok(line), Ok(column)) = (first, line, column) {
            out.push_str(&format!(
                " that starts at line {}, column {}",
                line + line0,
                column + col0
            ));
        }
        first = false;
        rest = &col_part[m..];
    }
    out.push_str(rest);
    out
}

/// serde's and libyaml's wording turned into the spec's, with a help line where one is known.
fn reword(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((unknown, expected)) = rest.split_once('`')
    {
        let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let best = names.iter().min_by_key(|n| edit_distance(unknown, n));
        let help = match best {
            Some(best) if edit_distance(unknown, best) <= 2.max(unknown.len() / 3) => {
                format!("did you mean `{best}`?")
            }
            _ if names.is_empty() => "this entry takes no keys".to_string(),
            _ => format!("expected one of: {}", names.join(", ")),
        };
        return (format!("unknown key `{unknown}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        return (format!("missing key `{rest}"), None);
    }
    if let Some(key) = message.strip_prefix("duplicate entry with key ") {
        return (
            format!("the key `{}` is given twice", key.trim_matches('"')),
            Some("a YAML mapping holds each key once; keep one of them".to_string()),
        );
    }
    if message.starts_with("found a tab character") {
        return (
            "a tab character is used for indentation".to_string(),
            Some("YAML indents with spaces only; replace the tab with spaces".to_string()),
        );
    }
    let indentation = "check this line's indentation against the lines above it";
    let help = if message.starts_with("mapping values are not allowed") {
        Some(format!(
            "{indentation}: a line indented deeper than a key continues that key's value, which cannot hold `key: value`"
        ))
    } else if message.starts_with("did not find expected key")
        || message.starts_with("did not find expected '-' indicator")
        || message.starts_with("block sequence entries are not allowed")
    {
        Some(format!(
            "{indentation}: it does not line up with the block it belongs to"
        ))
    } else if message.starts_with("unknown anchor") {
        Some(
            "`*name` repeats the value marked `&name` earlier; quote the value if the `*` is text"
                .into(),
        )
    } else if message.starts_with("found character that cannot start any token") {
        Some("quote the value: `@`, `` ` `` and `%` cannot start plain YAML text".into())
    } else {
        None
    };
    let message = match message.split_once(", expected struct ") {
        Some((start, _)) => format!("{start}, expected a mapping"),
        None => message.to_string(),
    };
    let message = message
        .replace("invalid type: map,", "invalid type: mapping,")
        .replace("expected u8", "expected a whole number from 0 to 255")
        .replace("expected u16", "expected a whole number from 0 to 65535")
        .replace("expected u64", "expected a whole number of 0 or more");
    (message, help)
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The items of `root` that did not make it into the file's `SpecFile`.
fn broken_items(file: &LoadedFile, root: &serde_yaml::Mapping) -> BTreeSet<String> {
    let mut broken = BTreeSet::new();
    for (section, present) in [
        (
            "operations",
            file.spec.operations.keys().collect::<BTreeSet<_>>(),
        ),
        ("schemas", file.spec.schemas.keys().collect()),
    ] {
        if let Some(Value::Mapping(m)) = root.get(section) {
            for k in m.keys().filter_map(Value::as_str) {
                if !present.contains(&k.to_string()) {
                    broken.insert(k.to_string());
                }
            }
        }
    }
    broken
}

/// A path as a person would type it: relative to the working directory when under it, `/`-separated.
pub(crate) fn display_path(path: &Path) -> String {
    display_path_in(path, std::env::current_dir().ok().as_deref())
}

/// [`display_path`] with the working directory already known.
fn display_path_in(path: &Path, cwd: Option<&Path>) -> String {
    let shown = cwd.and_then(|c| path.strip_prefix(c).ok()).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::load;
    use crate::diag::Diagnostics;

    /// A copy of `tests/broken/base.yaml` (a valid spec) in a folder of its own.
    fn base_copy(name: &str) -> PathBuf {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/broken/base.yaml");
        let dir = std::env::temp_dir().join(format!("codegen-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let copy = dir.join("base.yaml");
        std::fs::copy(base, &copy).expect("base.yaml copied");
        copy
    }

    #[test]
    fn a_file_without_problems_is_read_again_for_a_diagnostic_of_a_later_stage() {
        let path = base_copy("reread");
        let mut diags = Diagnostics::default();
        let files = load(&path, &mut diags).expect("base.yaml loads");
        assert!(diags.is_empty());
        assert!(
            files[0].text.0.text.get().is_none(),
            "the text stays on disk"
        );
        let d = files[0].diag("operations.show_widget.method", "a message");
        assert_eq!((d.line, d.column), (13, 5));
        assert_eq!(d.snippet.as_deref(), Some("    method: GET"));
        assert_eq!(d.path, "operations.show_widget.method");
        let _ = std::fs::remove_dir_all(path.parent().expect("its folder"));
    }

    #[test]
    fn a_file_changed_after_loading_gives_its_diagnostics_without_a_line() {
        let path = base_copy("changed");
        let mut diags = Diagnostics::default();
        let files = load(&path, &mut diags).expect("base.yaml loads");
        let text = std::fs::read_to_string(&path).expect("base.yaml");
        std::fs::write(&path, format!("# edited\n{text}")).expect("base.yaml rewritten");
        let d = files[0].diag("operations.show_widget.method", "a message");
        assert_eq!((d.line, d.column, d.snippet), (0, 0, None));
        let _ = std::fs::remove_dir_all(path.parent().expect("its folder"));
    }
}
