//! What a Description cell states beyond prose, read conservatively: the values a field takes
//! (`-  **SOFT**: normal restart`, `The value can be **ESSD**, **SSD**, or **SATA**.`), the range of
//! a number (`The value ranges from 1 to 1,000.`, `The maximum value is 1,000.`, a Range paragraph
//! `0 to 100`), the length of a text (`1 to 255 characters`), the default (`The default value is
//! **SOFT**.`, a Default Value paragraph `false`, a value marked `(default)`), its Definition /
//! Constraints / Range / Default Value paragraphs, its `:ref:` links and the code blocks it holds.
//!
//! Only the forms read on every vendored page are read (`tests.rs`; the `page_facts` snapshot of
//! `tests/docs_diff.rs` holds what each page gives); a sentence that makes its statement
//! conditional (`If ...`, `For D2 ECSs, ...`), a list of which one item is not a value, and text
//! inside a note are not read: a fact missed is silence, a fact misread would be a false finding.

use super::json;
use super::page::{Body, Cell};
use super::rst::plain;

/// One thing a cell states, with its 1-based page line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// The value as the page writes it, markup removed (`SOFT`, `1000` for `1,000`, `""`).
    pub text: String,
    pub line: usize,
}

/// Bounds stated for a number or a text's length; either may be missing.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounds {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub line: usize,
}

impl Bounds {
    /// `1 to 1000`, `at least 0`, `at most 1000`.
    pub fn show(&self) -> String {
        let n = |x: f64| json::number_text(x);
        match (self.min, self.max) {
            (Some(a), Some(b)) => format!("{} to {}", n(a), n(b)),
            (Some(a), None) => format!("at least {}", n(a)),
            (None, Some(b)) => format!("at most {}", n(b)),
            (None, None) => "no bounds".into(),
        }
    }

    fn same(&self, other: &Bounds) -> bool {
        self.min == other.min && self.max == other.max
    }
}

/// A `**Definition**`, `**Constraints**`, `**Range**` or `**Default Value**` paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// `Definition`, `Constraints`, `Range`, `Default Value`.
    pub heading: String,
    /// The text under the heading up to the next one, inline markup resolved.
    pub text: String,
    pub line: usize,
}

/// A `:ref:` link: the text shown and the label it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub label: String,
    pub line: usize,
}

/// A code block inside a cell (`.. code-block::` in a Description).
#[derive(Debug, Clone, PartialEq)]
pub struct CellExample {
    pub line: usize,
    /// The block read as JSON (tolerantly: comments and trailing commas), else its text.
    pub body: Body,
}

/// What one Description cell states.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// The values the field takes, in page order, each once.
    pub values: Vec<Stated>,
    /// The bounds of a number.
    pub range: Option<Bounds>,
    /// The bounds of a text's length in characters.
    pub length: Option<Bounds>,
    /// The default value, when the cell states exactly one.
    pub default: Option<Stated>,
    pub paragraphs: Vec<Paragraph>,
    pub links: Vec<Link>,
    pub examples: Vec<CellExample>,
}

/// The headings of the cells that are split into paragraphs.
const HEADINGS: &[&str] = &["Definition", "Constraints", "Range", "Default Value"];

/// One block of a cell: a paragraph (its lines joined) or a bullet item (its first line and the
/// lines indented under it), at the cell's own level.
#[derive(Debug)]
struct Block {
    text: String,
    line: usize,
    bullet: bool,
    /// The heading the block stands under (`Range`), if any.
    under: Option<&'static str>,
}

/// Reads `cell`, whose first line is page line `line`; `boolean`: the row's type is Boolean,
/// whose `true` and `false` are not enum values.
pub fn read(cell: &Cell, line: usize, boolean: bool) -> Facts {
    let mut facts = Facts::default();
    let blocks = blocks(cell, line, &mut facts);
    paragraphs(&blocks, &mut facts);
    if !boolean {
        values(&blocks, &mut facts);
        let mut seen = std::collections::HashSet::new();
        facts.values.retain(|v| seen.insert(v.text.clone()));
    }
    bounds(&blocks, &mut facts);
    defaults(&blocks, &mut facts);
    links(cell, line, &mut facts);
    facts
}

/// The cell's blocks at its own level; notes and code blocks are left out (a code block becomes
/// one of `facts.examples`).
fn blocks(cell: &Cell, line: usize, facts: &mut Facts) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut under: Option<&'static str> = None;
    let mut open = false;
    let mut i = 0;
    let lines = &cell.lines;
    while i < lines.len() {
        let l = &lines[i];
        let at = line + i;
        if l.trim().is_empty() {
            open = false;
            i += 1;
            continue;
        }
        let indent = l.len() - l.trim_start().len();
        let t = l.trim();
        if t.starts_with(".. ") {
            // A directive and the lines indented under it.
            let mut end = i + 1;
            while end < lines.len()
                && (lines[end].trim().is_empty()
                    || lines[end].len() - lines[end].trim_start().len() > indent)
            {
                end += 1;
            }
            if t.starts_with(".. code-block::") || t.starts_with(".. code::") {
                code(&lines[i + 1..end], at + 1, facts);
            }
            open = false;
            i = end;
            continue;
        }
        if indent == 0 {
            if let Some(h) = heading(t) {
                under = Some(h);
                open = false;
                i += 1;
                continue;
            }
            let bullet = ["-  ", "- ", "*  ", "* "]
                .iter()
                .find_map(|b| t.strip_prefix(b));
            match bullet {
                Some(item) => {
                    out.push(Block {
                        text: item.trim().to_string(),
                        line: at,
                        bullet: true,
                        under,
                    });
                    open = true;
                }
                None => match out.last_mut() {
                    Some(last) if open && !last.bullet => {
                        last.text.push(' ');
                        last.text.push_str(t);
                    }
                    _ => {
                        out.push(Block {
                            text: t.to_string(),
                            line: at,
                            bullet: false,
                            under,
                        });
                        open = true;
                    }
                },
            }
        } else if let Some(last) = out.last_mut().filter(|b| b.bullet && open && indent <= 3) {
            // The continuation of a bullet item (`-  ` is three columns wide).
            last.text.push(' ');
            last.text.push_str(t);
        } else {
            // Deeper text (a nested list, a block quote): not read.
            open = false;
        }
        i += 1;
    }
    out
}

fn heading(t: &str) -> Option<&'static str> {
    let inner = t.strip_prefix("**")?.strip_suffix("**")?;
    HEADINGS
        .iter()
        .copied()
        .find(|h| h.eq_ignore_ascii_case(inner))
}

fn code(lines: &[String], line: usize, facts: &mut Facts) {
    let body: Vec<&str> = lines
        .iter()
        .map(String::as_str)
        .skip_while(|l| l.trim().is_empty() || l.trim().starts_with(':'))
        .collect();
    let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return;
    };
    let text = body.join("\n");
    let body = match json::tolerant(&text) {
        Ok((v, _)) if text.trim_start().starts_with(['{', '[']) => Body::Json(v),
        _ => Body::Text {
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            error: String::new(),
            line: line + first,
        },
    };
    facts.examples.push(CellExample {
        line: line + first,
        body,
    });
}

fn paragraphs(blocks: &[Block], facts: &mut Facts) {
    for b in blocks {
        let Some(h) = b.under else { continue };
        match facts.paragraphs.last_mut() {
            Some(p) if p.heading == h => {
                p.text.push(' ');
                p.text.push_str(&plain(&b.text));
            }
            _ => facts.paragraphs.push(Paragraph {
                heading: h.to_string(),
                text: plain(&b.text),
                line: b.line,
            }),
        }
    }
}

/// A value as enums hold them: one token, not a heading of the cell.
fn token(v: &str) -> bool {
    !v.is_empty()
        && v.chars().count() <= 64
        && !v.contains(char::is_whitespace)
        && heading(&format!("**{v}**")).is_none()
}

/// `**X**` or ``` ``X`` ``` at the start of `text`: the literal and the text after it.
fn literal_at(text: &str) -> Option<(String, &str)> {
    for mark in ["**", "``"] {
        if let Some(rest) = text.strip_prefix(mark)
            && let Some(end) = rest.find(mark)
        {
            let inner = &rest[..end];
            if inner.contains("**") || inner.contains("``") {
                return None;
            }
            return Some((plain(inner), &rest[end + mark.len()..]));
        }
    }
    None
}

/// A sentence that states something only under a condition.
fn conditional(sentence: &str) -> bool {
    let s = sentence.trim_start_matches(['-', ' ']).to_ascii_lowercase();
    [
        "if ", "for ", "when ", "in ", "unless ", "after ", "before ",
    ]
    .iter()
    .any(|w| s.starts_with(w))
}

/// The item of a values list: `**X**: text`, `**X** indicates text`, `**X** (default)`,
/// `Text (**X**)`; the value, and whether the item marks it as the default.
fn item_value(text: &str) -> Option<(String, bool)> {
    let marked = |rest: &str| rest.to_ascii_lowercase().contains("(default)");
    if let Some((v, rest)) = literal_at(text) {
        let r = rest.trim_start();
        let after_note = match r.strip_prefix('(') {
            Some(p) => p.split_once(')').map(|(_, t)| t.trim_start()),
            None => Some(r),
        };
        let explained = after_note.is_some_and(|t| {
            t.is_empty()
                || t.starts_with(':')
                || t.starts_with("indicates ")
                || t.starts_with("- ")
                || t.starts_with('\u{2013}')
        });
        return (explained && token(&v)).then(|| (v, marked(rest)));
    }
    // `Shared image (**shared**)`: the whole item is a name and the value in parentheses.
    let open = text.rfind("(**")?;
    let inner = text[open + 1..].strip_suffix(')')?;
    let (v, rest) = literal_at(inner)?;
    (rest.is_empty() && token(&v) && !text[..open].contains("**")).then_some((v, false))
}

/// Adds a value; [`read`] keeps the first of each afterwards.
fn push_value(facts: &mut Facts, v: &str, line: usize) {
    facts.values.push(Stated {
        text: v.to_string(),
        line,
    });
}

fn values(blocks: &[Block], facts: &mut Facts) {
    let mut defaults: Vec<Stated> = Vec::new();
    let mut take = |facts: &mut Facts, run: &[Block]| {
        for b in run {
            if let Some((v, default)) = item_value(&b.text) {
                push_value(facts, &v, b.line);
                if default {
                    defaults.push(Stated {
                        text: v,
                        line: b.line,
                    });
                }
            }
        }
    };
    // The text of the cell's first paragraphs, where a format's placeholders (`{type}`) stand,
    // and the last paragraph before the block at hand: each found once, so that a cell of many
    // lists costs time in proportion to it.
    let placeholders: String = blocks
        .iter()
        .filter(|b| !b.bullet)
        .take(4)
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let mut last_paragraph: Option<usize> = None;
    let mut i = 0;
    while i < blocks.len() {
        let (bullet, under) = (blocks[i].bullet, blocks[i].under);
        if i > 0 && !blocks[i - 1].bullet {
            last_paragraph = Some(i - 1);
        }
        let labelled =
            i > 0 && !blocks[i - 1].bullet && blocks[i - 1].text.trim_end().ends_with(':');
        // A list of one bullet is a list; paragraphs form one from two on, or under a Range
        // heading or a label (`Options:`).
        let enough = |n: usize| bullet || n >= 2 || under == Some("Range") || labelled;
        if bullet {
            // A bullet list names values only if every item of it does.
            let mut end = i;
            while end < blocks.len() && blocks[end].bullet && blocks[end].under == under {
                end += 1;
            }
            let run = &blocks[i..end];
            // Not values: the parts of a format (`{type}:{count}`, each item a placeholder of
            // the text before), or an example's settings (after `For example, ...`).
            let before = last_paragraph.map(|k: usize| blocks[k].text.to_ascii_lowercase());
            let parts = run
                .iter()
                .filter_map(|b| item_value(&b.text))
                .any(|(v, _)| placeholders.contains(&format!("{{{v}}}")));
            let example = before.is_some_and(|t| t.contains("for example"));
            if !parts
                && !example
                && run.iter().all(|b| item_value(&b.text).is_some())
                && enough(run.len())
            {
                take(facts, run);
            }
            i = end;
            continue;
        }
        // Paragraphs that each name one value (`**SOFT**: normal ECS stop (default)`).
        let mut end = i;
        while end < blocks.len()
            && !blocks[end].bullet
            && blocks[end].under == under
            && item_value(&blocks[end].text).is_some()
        {
            end += 1;
        }
        if end > i {
            if enough(end - i) {
                take(facts, &blocks[i..end]);
            }
            i = end;
            continue;
        }
        inline_lists(&blocks[i], facts);
        i += 1;
    }
    if let [d] = defaults.as_slice() {
        facts.default = Some(d.clone());
    }
}

/// Where an inline list may start: after one of these (in lower case).
const LIST_STARTS: &[&str] = &[
    "can be ",
    "options: ",
    "enumerated values: ",
    "value range: ",
    "values are ",
    "the value is one of ",
];

/// `The value can be **A**, **B**, or **C**.`, `Options: **virtio** and **scsi**`,
/// `**share** or **dedicate**` (a Range paragraph that is only the list), and under a Range
/// heading `Linux or Windows`.
fn inline_lists(b: &Block, facts: &mut Facts) {
    for sentence in sentences(&b.text) {
        if conditional(sentence) {
            continue;
        }
        let lower = sentence.to_ascii_lowercase();
        let mut starts: Vec<usize> = LIST_STARTS
            .iter()
            .filter_map(|s| lower.find(s).map(|i| i + s.len()))
            .collect();
        if b.under == Some("Range") {
            starts.push(0);
        }
        for start in starts {
            if let Some(list) = bold_list(&sentence[start..]) {
                for v in list {
                    push_value(facts, &v, b.line);
                }
                return;
            }
        }
        if b.under == Some("Range")
            && let Some(list) = word_list(sentence)
        {
            for v in list {
                push_value(facts, &v, b.line);
            }
            return;
        }
    }
}

/// The sentences of a paragraph: split after `. ` outside literals.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_literal = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let here = &bytes[i..];
        if here.starts_with(b"**") || here.starts_with(b"``") {
            in_literal = !in_literal;
            i += 2;
            continue;
        }
        if !in_literal && bytes[i] == b'.' && bytes.get(i + 1) == Some(&b' ') {
            out.push(text[start..=i].trim());
            start = i + 2;
        }
        i += 1;
    }
    if start < text.len() {
        out.push(text[start..].trim());
    }
    out
}

/// Two or more literals joined only by `,`, `and`, `or`, each maybe followed by a parenthetical,
/// up to the end of the sentence.
fn bold_list(text: &str) -> Option<Vec<String>> {
    let mut rest = text.trim_start();
    let mut found = Vec::new();
    loop {
        let (v, after) = literal_at(rest)?;
        if !token(&v) {
            return None;
        }
        found.push(v);
        let mut r = after.trim_start();
        if r.starts_with('(') {
            let close = r.find(')')?;
            r = r[close + 1..].trim_start();
        }
        let r2 = r.trim_start_matches(',').trim_start();
        let r2 = r2
            .strip_prefix("and ")
            .or_else(|| r2.strip_prefix("or "))
            .unwrap_or(r2)
            .trim_start();
        if r2.is_empty() || r2 == "." {
            break;
        }
        if r2.len() == r.len() {
            // Neither a comma nor a conjunction: the list ended inside the sentence.
            return None;
        }
        rest = r2;
    }
    (found.len() >= 2).then_some(found)
}

/// `Linux or Windows`, `32 or 64`: a whole sentence of plain words joined by `,`, `or`, `and`.
fn word_list(sentence: &str) -> Option<Vec<String>> {
    let s = plain(sentence);
    let s = s.trim_end_matches('.');
    let words: Vec<&str> = s.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let mut found = Vec::new();
    for (k, w) in words.iter().enumerate() {
        let joiner = *w == "or" || *w == "and";
        if k % 2 == 1 {
            if !joiner {
                // `A, B or C`: commas take the place of joiners.
                return None;
            }
        } else if joiner || !token(w) {
            return None;
        } else {
            found.push(w.to_string());
        }
    }
    (found.len() >= 2 && words.len() % 2 == 1 && s.contains(" or ")).then_some(found)
}

/// A number as the pages write it: `1,000`, `**25**`, `-1`, `1.5`.
fn number(word: &str) -> Option<f64> {
    let w = plain(word);
    let w = w.trim_end_matches(['.', ',', ';', ')']);
    if w.is_empty()
        || !w
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.' || c == '-')
    {
        return None;
    }
    // Thousands separators only in groups of three.
    if w.contains(',') {
        let mut parts = w.split(',');
        let head = parts.next()?;
        if head.is_empty() || head.len() > 3 || parts.any(|p| p.len() != 3) {
            return None;
        }
    }
    w.replace(',', "").parse::<f64>().ok()
}

/// The words of `text` with their markup removed (for the range patterns).
fn words(text: &str) -> Vec<String> {
    plain(text).split_whitespace().map(str::to_string).collect()
}

fn bounds(blocks: &[Block], facts: &mut Facts) {
    for b in blocks {
        if b.bullet && b.under != Some("Range") {
            continue;
        }
        for sentence in sentences(&b.text) {
            if conditional(sentence) {
                continue;
            }
            let w = words(sentence);
            let lw: Vec<String> = w.iter().map(|x| x.to_ascii_lowercase()).collect();
            let chars = |k: usize| {
                lw.get(k)
                    .is_some_and(|x| x.trim_end_matches(['.', ',']).starts_with("character"))
            };
            let set = |facts: &mut Facts, length: bool, min: Option<f64>, max: Option<f64>| {
                let slot = if length {
                    &mut facts.length
                } else {
                    &mut facts.range
                };
                let b2 = slot.get_or_insert(Bounds {
                    min: None,
                    max: None,
                    line: b.line,
                });
                if min.is_some() {
                    b2.min = min;
                }
                if max.is_some() {
                    b2.max = max;
                }
            };
            // `ranges from A to B`, `Value range: A-B`, a Range paragraph `A to B [characters]`.
            for k in 0..lw.len() {
                let from = match (
                    lw.get(k).map(String::as_str),
                    lw.get(k + 1).map(String::as_str),
                ) {
                    (Some("ranges"), Some("from")) => Some(k + 2),
                    (Some("value"), Some("range:")) => Some(k + 2),
                    _ => None,
                };
                let from = from.or((k == 0 && b.under == Some("Range") && !b.bullet).then_some(0));
                let Some(from) = from else { continue };
                if let (Some(a), Some("to"), Some(c)) = (
                    w.get(from).and_then(|x| number(x)),
                    lw.get(from + 1).map(String::as_str),
                    w.get(from + 2).and_then(|x| number(x)),
                ) {
                    // The whole Range paragraph must be the range (`0 to 100`), not a sentence.
                    let whole = from > 0 || lw.len() == 3 || (lw.len() == 4 && chars(3));
                    if whole {
                        set(facts, chars(from + 3), Some(a), Some(c));
                    }
                } else if let Some((a, c)) = w.get(from).and_then(|x| {
                    let x = plain(x);
                    let (a, c) = x.trim_end_matches('.').split_once('-')?;
                    Some((number(a)?, number(c)?))
                }) {
                    let whole = from > 0 || lw.len() == 1 || (lw.len() == 2 && chars(1));
                    if whole {
                        set(facts, chars(from + 1), Some(a), Some(c));
                    }
                }
                break;
            }
            let text = lw.join(" ");
            let after = |phrase: &str| -> Option<f64> {
                let i = text.find(phrase)?;
                let rest = &text[i + phrase.len()..];
                number(rest.split_whitespace().next()?)
            };
            if text.starts_with("the maximum value")
                && let Some(n) = after(" is ")
            {
                set(facts, false, None, Some(n));
            }
            if text.starts_with("the minimum value")
                && let Some(n) = after(" is ")
            {
                set(facts, false, Some(n), None);
            }
            if text.starts_with("the value must be") {
                if let Some(n) = after("greater than or equal to ") {
                    set(facts, false, Some(n), None);
                }
                if let Some(n) = after("less than or equal to ") {
                    set(facts, false, None, Some(n));
                }
            }
            // `A maximum of 85 characters are allowed.`, `The parameter value consists of 1 to
            // 128 characters`.
            if let Some(rest) = text.strip_prefix("a maximum of ")
                && let Some((n, tail)) = rest.split_once(' ')
                && tail.starts_with("characters")
                && let Some(n) = number(n)
            {
                set(facts, true, None, Some(n));
            }
            if text.starts_with("the parameter value consists of ")
                && let Some([a, to, c, unit, ..]) = lw.get(5..)
                && to == "to"
                && unit.starts_with("character")
                && let (Some(a), Some(c)) = (number(a), number(c))
            {
                set(facts, true, Some(a), Some(c));
            }
        }
    }
}

/// The default value of `text` right after a phrase that introduces it: a literal, a number,
/// `true`/`false`/`null`; `None` for anything else (`not true`, a sentence).
fn default_value(rest: &str) -> Option<String> {
    let rest = rest.trim_start();
    if let Some((v, after)) = literal_at(rest) {
        let after = after.trim_start();
        let ends = after.is_empty()
            || after.starts_with(['.', ',', ';', '('])
            || after.starts_with("by default");
        // `**1,000**` is the number 1000.
        let v = number(&v).map_or(v, json::number_text);
        return ends.then_some(v);
    }
    let word = rest.split_whitespace().next()?;
    let bare = word.trim_end_matches(['.', ',', ';']);
    if let Some(n) = number(bare) {
        return Some(json::number_text(n));
    }
    matches!(bare, "true" | "false" | "null").then(|| bare.to_string())
}

fn defaults(blocks: &[Block], facts: &mut Facts) {
    let mut found: Vec<Stated> = facts.default.iter().cloned().collect();
    for b in blocks {
        if b.under == Some("Default Value") && !b.bullet {
            // A Default Value paragraph that is only the value: `false`, `**SOFT**`.
            let t = b.text.trim().trim_end_matches('.');
            let v = match t {
                "N/A" | "None" => None,
                "Empty string" => Some("\"\"".to_string()),
                _ => literal_at(t)
                    .filter(|(_, r)| r.trim().is_empty())
                    .map(|(v, _)| v)
                    .or_else(|| default_value(t).filter(|_| !t.contains(' '))),
            };
            if let Some(v) = v {
                found.push(Stated {
                    text: v,
                    line: b.line,
                });
            }
        }
        for sentence in sentences(&b.text) {
            let lower = sentence.to_ascii_lowercase();
            let lower = lower.trim_start_matches(['-', ' ']);
            let plainly = !conditional(lower)
                || [
                    "if this parameter is not specified, ",
                    "if this parameter is left blank, ",
                ]
                .iter()
                .any(|p| lower.starts_with(p));
            if !plainly {
                continue;
            }
            let mut v = None;
            for phrase in [
                "the default value is ",
                "default value: ",
                "its default value is ",
            ] {
                if let Some(i) = lower.find(phrase) {
                    let cut = sentence.len() - lower.len() + i + phrase.len();
                    v = sentence.get(cut..).and_then(default_value);
                    break;
                }
            }
            // `It is set to **0** by default.`, `which is **virtio** by default`.
            if v.is_none()
                && let Some(i) = lower.find(" by default")
            {
                let before = &sentence[..sentence.len() - lower.len() + i];
                for lead in ["is set to ", "which is ", "it is "] {
                    if let Some(j) = before.to_ascii_lowercase().rfind(lead) {
                        let cand = &before[j + lead.len()..];
                        if let Some((lit, r)) = literal_at(cand.trim())
                            && r.trim().is_empty()
                        {
                            v = Some(lit);
                        }
                        break;
                    }
                }
            }
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                found.push(Stated {
                    text: v,
                    line: b.line,
                });
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    let distinct: Vec<&Stated> = found.iter().filter(|s| seen.insert(&s.text)).collect();
    facts.default = match distinct.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    };
}

fn links(cell: &Cell, line: usize, facts: &mut Facts) {
    // A link may wrap onto the next line of its cell: the lines are read as one text, each link
    // at the line where it starts.
    let text = cell.lines.join("\n");
    let mut rest = text.as_str();
    let mut offset = 0;
    while let Some(at) = rest.find(":ref:`") {
        let start = offset + at;
        rest = &rest[at + ":ref:`".len()..];
        offset = start + ":ref:`".len();
        let Some(end) = rest.find('`') else { break };
        let inner = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        rest = &rest[end..];
        offset += end;
        let (shown, label) = match inner.rfind('<') {
            Some(i) if inner.ends_with('>') => (inner[..i].trim(), &inner[i + 1..inner.len() - 1]),
            _ => (inner.as_str(), inner.as_str()),
        };
        let k = text[..start].matches('\n').count();
        facts.links.push(Link {
            text: plain(shown),
            label: label.trim().to_string(),
            line: line + k,
        });
    }
}

impl Facts {
    /// Whether both state the same range (and length).
    pub fn same_bounds(a: Option<&Bounds>, b: Option<&Bounds>) -> bool {
        match (a, b) {
            (Some(x), Some(y)) => x.same(y),
            (None, None) => true,
            _ => false,
        }
    }
}
