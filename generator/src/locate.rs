//! Where each spec path stands in a YAML file's text.
//!
//! serde_yaml keeps no positions in its `Value`, so the text is indexed once, line by line, as a
//! block-style YAML document: every mapping key and sequence item gets its path
//! (`schemas.Rebuild.fields[3].type`), its line and column, and the range of lines its block spans.
//! An item of a sequence whose first key is `name:` or `value:` is also reachable under that name
//! (`schemas.Rebuild.fields.key_name.type`). Flow-style content (`{a: 1}`) is indexed only as far
//! as its key: lookups of paths inside it fall back to the nearest indexed ancestor.

use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// 0-based first line of the block and 0-based column of its key or dash.
    pub line: usize,
    pub column: usize,
    /// 0-based line after the block's last line.
    pub end: usize,
    /// The item is a sequence entry (`- ...`).
    pub dash: bool,
}

#[derive(Debug, Default)]
pub struct Locator {
    spans: HashMap<String, Span>,
    /// `fields[3]` → `fields.key_name`, for paths shown to people.
    names: HashMap<String, String>,
    /// Keys that stand twice in one mapping, at their second place.
    pub duplicates: Vec<(String, Span)>,
}

struct Open {
    indent: usize,
    dash: bool,
    paths: Vec<String>,
    items: usize,
}

impl Locator {
    pub fn index(text: &str) -> Locator {
        let lines: Vec<&str> = text.lines().collect();
        let mut spans: HashMap<String, Span> = HashMap::new();
        let mut stack: Vec<Open> = Vec::new();
        let mut block_scalar: Option<usize> = None;
        let mut names = HashMap::new();
        let mut duplicates = Vec::new();
        let close = |stack: &mut Vec<Open>, spans: &mut HashMap<String, Span>, line: usize| {
            if let Some(open) = stack.pop() {
                for p in open.paths {
                    if let Some(s) = spans.get_mut(&p) {
                        s.end = line;
                    }
                }
            }
        };
        for (n, raw) in lines.iter().enumerate() {
            let indent = raw.len() - raw.trim_start_matches(' ').len();
            let rest = &raw[indent..];
            if let Some(floor) = block_scalar {
                if rest.is_empty() || indent > floor {
                    continue;
                }
                block_scalar = None;
            }
            if rest.is_empty() || rest.starts_with('#') || rest == "---" {
                continue;
            }
            let mut column = indent;
            let mut rest = rest;
            // Sequence items, possibly several on one line (`- - a`).
            while rest == "-" || rest.starts_with("- ") {
                while stack
                    .last()
                    .is_some_and(|o| o.indent > column || (o.indent == column && o.dash))
                {
                    close(&mut stack, &mut spans, n);
                }
                let parent_paths = parent_paths(&stack);
                let index = stack.last_mut().map_or(0, |o| {
                    o.items += 1;
                    o.items - 1
                });
                let paths: Vec<String> = parent_paths
                    .iter()
                    .map(|p| format!("{p}[{index}]"))
                    .collect();
                let mut all = paths.clone();
                if let Some(alias) = item_alias(&rest[1..]) {
                    for (p, indexed) in parent_paths.iter().zip(&paths) {
                        names.insert(indexed.clone(), join(p, &alias));
                        all.push(join(p, &alias));
                    }
                }
                for p in &all {
                    spans.insert(
                        p.clone(),
                        Span {
                            line: n,
                            column,
                            end: lines.len(),
                            dash: true,
                        },
                    );
                }
                stack.push(Open {
                    indent: column,
                    dash: true,
                    paths: all,
                    items: 0,
                });
                let after = rest[1..].trim_start_matches(' ');
                column += rest.len() - after.len();
                rest = after;
            }
            let Some((key, value)) = split_key(rest) else {
                continue;
            };
            while stack.last().is_some_and(|o| o.indent >= column) {
                close(&mut stack, &mut spans, n);
            }
            let paths: Vec<String> = parent_paths(&stack).iter().map(|p| join(p, &key)).collect();
            for (i, p) in paths.iter().enumerate() {
                let span = Span {
                    line: n,
                    column,
                    end: lines.len(),
                    dash: false,
                };
                if spans.insert(p.clone(), span).is_some() && i == 0 {
                    duplicates.push((p.clone(), span));
                }
            }
            stack.push(Open {
                indent: column,
                dash: false,
                paths,
                items: 0,
            });
            let value = value.trim();
            if value.starts_with('|') || value.starts_with('>') {
                block_scalar = Some(column);
            }
        }
        while !stack.is_empty() {
            close(&mut stack, &mut spans, lines.len());
        }
        Locator {
            spans,
            names,
            duplicates,
        }
    }

    /// `path` with every indexed item that has a name shown by its name.
    pub fn display(&self, path: &str) -> String {
        let mut end = path.len();
        loop {
            if let Some(named) = self.names.get(&path[..end]) {
                return format!("{named}{}", &path[end..]);
            }
            match path[..end].rfind(['.', '[']) {
                Some(cut) if cut > 0 => end = cut,
                _ => return path.to_string(),
            }
        }
    }

    /// The span of `path`, or of its nearest indexed ancestor.
    pub fn find(&self, path: &str) -> Option<Span> {
        let mut p = path;
        loop {
            if let Some(s) = self.spans.get(p) {
                return Some(*s);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }

    /// The span of exactly `path`.
    pub fn exact(&self, path: &str) -> Option<Span> {
        self.spans.get(path).copied()
    }
}

fn parent_paths(stack: &[Open]) -> Vec<String> {
    stack
        .last()
        .map_or_else(|| vec![String::new()], |o| o.paths.clone())
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// `name: key_name` or `value: AUTO` as the first key of a sequence item names the item.
fn item_alias(after_dash: &str) -> Option<String> {
    let (key, value) = split_key(after_dash.trim_start())?;
    if key != "name" && key != "value" {
        return None;
    }
    let v = value.trim();
    let v = v.split(" #").next().unwrap_or(v).trim();
    let v = v.trim_matches(|c| c == '"' || c == '\'');
    (!v.is_empty()).then(|| v.to_string())
}

/// Splits `key: value` (or `key:` at the end of the line); quoted keys lose their quotes.
fn split_key(rest: &str) -> Option<(String, &str)> {
    if rest.starts_with('{') || rest.starts_with('[') {
        return None;
    }
    for quote in ['"', '\''] {
        if let Some(inner) = rest.strip_prefix(quote) {
            let close = inner.find(quote)?;
            let after = &inner[close + 1..];
            let value = after.strip_prefix(':')?;
            if value.is_empty() || value.starts_with(' ') {
                return Some((inner[..close].to_string(), value));
            }
            return None;
        }
    }
    let bytes = rest.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'#' if i > 0 && bytes[i - 1] == b' ' => return None,
            b':' if i + 1 == bytes.len() || bytes[i + 1] == b' ' => {
                let key = rest[..i].trim_end();
                return (!key.is_empty()).then(|| (key.to_string(), &rest[i + 1..]));
            }
            _ => {}
        }
    }
    None
}

/// Whether `text` may hold a YAML alias (`*name`): a `*` at the start of a token. Erring on the
/// side of yes only costs speed.
pub(crate) fn has_alias(text: &str) -> bool {
    starts_a_token(text, b"*")
}

/// Whether `text` may hold an alias or a tag (`!name`), erring on the side of yes.
pub(crate) fn has_alias_or_tag(text: &str) -> bool {
    starts_a_token(text, b"*!")
}

/// Whether one of `marks` stands at the start of a token: first in the text, or after a space, a
/// line break or a flow indicator.
fn starts_a_token(text: &str, marks: &[u8]) -> bool {
    let bytes = text.as_bytes();
    let at_start = |i: usize| {
        i == 0
            || matches!(
                bytes[i - 1],
                b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b','
            )
    };
    match *marks {
        [a] => memchr::memchr_iter(a, bytes).any(at_start),
        [a, b] => memchr::memchr2_iter(a, b, bytes).any(at_start),
        _ => marks
            .iter()
            .any(|&m| memchr::memchr_iter(m, bytes).any(at_start)),
    }
}

/// The bytes that begin a quoted scalar, a flow collection or a block scalar.
static OPENS: [bool; 256] = byte_set(b"\"'[{|>");

/// A table that says of each byte whether it is one of `bytes`.
pub(crate) const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        set[bytes[i] as usize] = true;
        i += 1;
    }
    set
}

/// What [`scan`] meets in a YAML text, for its caller to judge.
pub(crate) enum Seen {
    /// A line read as YAML (not inside a block scalar, not skipped): its indent, whether it is
    /// blank, and whether it continues a flow collection or a quoted scalar begun on an earlier
    /// line, whose line's indent is `opener`.
    Line {
        indent: usize,
        blank: bool,
        continues: bool,
        opener: usize,
    },
    /// A flow collection (`[`, `{`) opens at byte `at`, `depth` deep.
    Open { depth: usize, at: usize },
}

/// Reads `text` as YAML only as far as its quoted scalars, comments, block scalars and flow
/// collections (which of them hold which bytes), and shows `see` each line it reads and each flow
/// collection that opens, until `see` answers something. A plain scalar in a flow collection runs
/// to the next indicator; a quoted scalar of the block context ends, for this scan, at a line
/// indented no deeper than its own (where a plain scalar's `"x` would have stood: reading such a
/// line as a line of its own can only count more collections, never hide one).
///
/// Most lines of a spec can begin nothing of the kind: between them, the scan jumps straight to the
/// line of the next byte that could (found by `memchr`), and reads only that one. One scanner
/// serves the limit on flow nesting ([`crate::limits`]) and [`continuations_nest`].
pub(crate) fn scan<T>(text: &str, mut see: impl FnMut(Seen) -> Option<T>) -> Option<T> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut opener = 0;
    // A block scalar: the indent of its header's node, then of its content once known.
    let mut block: Option<(usize, Option<usize>)> = None;
    // Whether the next byte may begin a value (a quote or a collection).
    let mut value_start = true;
    let mut next_open = NextOpen::new(bytes);
    let mut start = 0;
    while start < bytes.len() {
        if block.is_none() && depth == 0 && quote.is_none() {
            let at = next_open.at_or_after(start)?;
            start = memchr::memrchr(b'\n', &bytes[start..at]).map_or(start, |i| start + i + 1);
        }
        // One line, as `str::lines` gives it: without its `\n`, or `\r\n`.
        let (end, next) = match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) if i > 0 && bytes[start + i - 1] == b'\r' => (start + i - 1, start + i + 1),
            Some(i) => (start + i, start + i + 1),
            None => (bytes.len(), bytes.len()),
        };
        let line = &bytes[start..end];
        let line_start = start;
        start = next;
        let indent = line.iter().take_while(|b| **b == b' ').count();
        let rest = &line[indent..];
        let blank = rest.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'));
        if let Some((floor, content)) = block {
            match content {
                _ if blank => continue,
                None if indent > floor => {
                    block = Some((floor, Some(indent)));
                    continue;
                }
                Some(m) if indent >= m => continue,
                _ => block = None,
            }
        }
        let continues = depth > 0 || quote.is_some();
        if let Some(found) = see(Seen::Line {
            indent,
            blank,
            continues,
            opener,
        }) {
            return Some(found);
        }
        if !continues {
            if blank || rest[0] == b'#' || !rest.iter().any(|b| OPENS[*b as usize]) {
                // Nothing on this line can begin a quote or a collection.
                continue;
            }
            opener = indent;
        }
        if depth == 0 && quote.is_some() && !blank && indent <= opener {
            quote = None;
        }
        if depth == 0 && quote.is_none() {
            value_start = true;
        }
        let mut i = 0;
        while i < rest.len() {
            let b = rest[i];
            if let Some(q) = quote {
                match b {
                    b'\\' if q == b'"' => i += 1,
                    b'\'' if q == b'\'' && rest.get(i + 1) == Some(&b'\'') => i += 1,
                    _ if b == q => {
                        quote = None;
                        value_start = false;
                    }
                    _ => {}
                }
                i += 1;
                continue;
            }
            let next = rest.get(i + 1).copied();
            let spaced = matches!(next, None | Some(b' ' | b'\t' | b'\r'));
            match b {
                b' ' | b'\t' | b'\r' => {}
                b'#' if i == 0 || matches!(rest[i - 1], b' ' | b'\t') => break,
                b'"' | b'\'' if value_start => quote = Some(b),
                b'[' | b'{' if value_start || depth > 0 => {
                    depth += 1;
                    let at = line_start + indent + i;
                    if let Some(found) = see(Seen::Open { depth, at }) {
                        return Some(found);
                    }
                    value_start = true;
                }
                b']' | b'}' if depth > 0 => {
                    depth -= 1;
                    value_start = false;
                }
                b',' if depth > 0 => value_start = true,
                b'|' | b'>' if value_start && depth == 0 => {
                    // Its content is indented deeper than the node it belongs to: the line's
                    // indent past any `- ` of sequence entries.
                    let mut floor = 0;
                    while rest[floor..].starts_with(b"- ") {
                        floor += 2 + rest[floor + 2..].iter().take_while(|b| **b == b' ').count();
                    }
                    block = Some((indent + floor.min(i), None));
                    break;
                }
                b'-' | b'?' | b':' if spaced || depth > 0 && b != b'-' => value_start = true,
                b'&' | b'!' if value_start => {
                    while i + 1 < rest.len() && !matches!(rest[i + 1], b' ' | b',' | b']' | b'}') {
                        i += 1;
                    }
                }
                _ => value_start = false,
            }
            i += 1;
        }
    }
    None
}

/// Whether every line that continues a flow collection (`{`, `[`) or a quoted scalar begun on an
/// earlier line is indented deeper than the line where it began. Reads YAML only as far as that
/// needs ([`scan`]), erring on the side of no (which only costs speed).
pub(crate) fn continuations_nest(text: &str) -> bool {
    let shallow = scan(text, |seen| match seen {
        Seen::Line {
            indent,
            blank: false,
            continues: true,
            opener,
        } if indent <= opener => Some(()),
        _ => None,
    });
    shallow.is_none()
}

/// The next byte of [`OPENS`] from a position on: two `memchr3` searches, each run again only once
/// the scan has passed what it found.
struct NextOpen<'a> {
    bytes: &'a [u8],
    /// Where each search last found its byte (`usize::MAX`: nowhere further).
    found: [usize; 2],
}

impl<'a> NextOpen<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let mut next = NextOpen {
            bytes,
            found: [0; 2],
        };
        next.search(0, 0);
        next.search(1, 0);
        next
    }

    fn search(&mut self, which: usize, from: usize) {
        let rest = &self.bytes[from..];
        let hit = match which {
            0 => memchr::memchr3(b'"', b'\'', b'[', rest),
            _ => memchr::memchr3(b'{', b'|', b'>', rest),
        };
        self.found[which] = hit.map_or(usize::MAX, |i| from + i);
    }

    fn at_or_after(&mut self, from: usize) -> Option<usize> {
        for which in 0..2 {
            if self.found[which] < from {
                self.search(which, from);
            }
        }
        let at = self.found[0].min(self.found[1]);
        (at != usize::MAX).then_some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "schemas:\n  Rebuild:\n    description: |\n      not: a key\n    fields:\n      - name: key_name\n        type: string\n      - name: imageRef\n        requried: true\n  Other:\n    values: [a]\n";

    #[test]
    fn keys_items_and_name_aliases_are_located() {
        let l = Locator::index(TEXT);
        assert_eq!(
            l.exact("schemas.Rebuild")
                .map(|s| (s.line, s.column, s.end)),
            Some((1, 2, 9))
        );
        assert_eq!(
            l.exact("schemas.Rebuild.fields[1].requried")
                .map(|s| (s.line, s.column)),
            Some((8, 8))
        );
        assert_eq!(
            l.exact("schemas.Rebuild.fields.imageRef")
                .map(|s| (s.line, s.column, s.end)),
            Some((7, 6, 9))
        );
        assert_eq!(
            l.exact("schemas.Rebuild.fields.key_name.type")
                .map(|s| s.line),
            Some(6)
        );
        assert!(
            l.exact("schemas.Rebuild.description.not").is_none(),
            "block scalars are text"
        );
        assert_eq!(l.find("schemas.Other.values[0]").map(|s| s.line), Some(10));
    }

    #[test]
    fn sequences_at_the_parent_key_indent_are_items_of_that_key() {
        let l = Locator::index("paths:\n- template: /a\n- template: /b\nnext: 1\n");
        assert_eq!(l.exact("paths[1].template").map(|s| s.line), Some(2));
        assert_eq!(l.exact("paths").map(|s| s.end), Some(3));
        assert_eq!(l.exact("next").map(|s| s.line), Some(3));
    }

    /// The flow collections [`scan`] sees: `(depth, byte offset)` of each.
    fn opens(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        scan(text, |seen| {
            if let Seen::Open { depth, at } = seen {
                out.push((depth, at));
            }
            None::<()>
        });
        out
    }

    #[test]
    fn the_scan_sees_no_collection_in_quotes_comments_or_block_scalars() {
        let text = "a: \"[x\" # [y\nb: |\n  {z\n  [w\nc: 'it''s ['\nd: [ {}]\ne: x[1]\n";
        let c = text.find("[ {").unwrap();
        assert_eq!(opens(text), [(1, c), (2, c + 2)]);
        // A quote of the block context ends at a line no deeper than its own, for the scan.
        let open = "a: \"no end\nb: [1]\n";
        assert_eq!(opens(open), [(1, open.find('[').unwrap())]);
        assert_eq!(opens("a:\r\n  - {b: [1]}\r\n"), [(1, 8), (2, 12)]);
    }

    #[test]
    fn a_continuation_no_deeper_than_the_line_it_continues_is_found() {
        let nested =
            "a:\n  request: {\n      \"b\": [1,\n        2]\n    }\n  text: |\n    { not flow\n";
        assert!(continuations_nest(nested));
        assert!(!continuations_nest("a:\n  request: {\n \"b\": 1\n    }\n"));
        assert!(!continuations_nest("a:\n  text: \"two\n  lines\"\n"));
        assert!(continuations_nest(
            "a:\n  text: 'it''s [open'\n  next: {x: \"}\"}\n"
        ));
    }
}
