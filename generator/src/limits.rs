//! Limits that keep a hostile spec from breaking the generator, the generated crate or every call
//! it makes, each refused with a located diagnostic:
//!
//! - the YAML text ([`yaml_text`], before libyaml reads it): flow collections nested deeper than
//!   [`MAX_FLOW_DEPTH`] (libyaml's scanner takes time in the square of that depth: 100,000 `[` ran
//!   for 51 s), and aliases that would expand a file past [`alias_budget`] (an alias bomb);
//! - type expressions nested deeper than [`MAX_TYPE_NESTING`] (`array<array<...>>`, read
//!   recursively; 10,000 levels overflowed the stack), left out of the spec as they load;
//! - chains of schemas whose Rust types nest deeper than [`MAX_TYPE_LEVELS`] ([`nesting`]): rustc
//!   gives up near 128 levels (its recursion limit) when it lays out or drops the types;
//! - the spec strings that are sent in a header or a URL ([`wire`]): a request's `content_type`, a
//!   microversion `service`, path templates and path variants.

use std::collections::HashMap;

use crate::diag::Diagnostics;
use crate::load::LoadedFile;
use crate::model::{Ty, parse_template};
use crate::spec;

/// The deepest nesting of flow collections (`[`, `{`) a spec file may have. serde_yaml refuses
/// more than 128 levels of any nesting anyway; this bound only keeps libyaml's scan linear.
pub const MAX_FLOW_DEPTH: usize = 1000;

/// The most `array<` and `map<` one type expression may nest.
pub const MAX_TYPE_NESTING: usize = 8;

/// The most schemas a cycle without an array or a map may hold for `check::cycles` to name its
/// members; a larger component is reported once, by its size.
pub const MAX_CYCLE_SEARCH: usize = 32;

/// The deepest the Rust types of a chain of schemas may nest: each schema counts one level, and
/// the wrappers around the member that leads on count as [`members`] says. rustc stops at 128
/// levels (its recursion limit) when it lays out, drop-checks or drops the types. Measured with
/// rustc 1.95 on a response schema at the head of a chain, the longest chains that pass
/// `cargo check` are 127 required fields, 64 optional ones, 64 `Option<Vec<_>>` and 42
/// `Option<BTreeMap<_, _>>`; `cargo build`: 121, 61, 64 and 43 (65 required `Vec<_>`). Half of
/// that leaves room for what the runtime and `async` calls wrap around a response.
pub const MAX_TYPE_LEVELS: usize = 64;

/// How much a file's aliases may make of it: the weight (one per node, plus each scalar's length)
/// of the whole file with every alias expanded may be at most four times the file's length, plus
/// 1 MiB.
pub fn alias_budget(text_len: usize) -> u64 {
    4 * text_len as u64 + (1 << 20)
}

/// A problem of a file's text as a whole that must stop it from being parsed: where (a byte
/// offset), what and a hint.
pub struct TextProblem {
    pub at: usize,
    pub message: String,
    pub help: String,
}

/// The first reason not to hand `text` to libyaml, if there is one.
pub fn yaml_text(text: &str) -> Option<TextProblem> {
    if let Some(at) = flow_too_deep(text, MAX_FLOW_DEPTH) {
        return Some(TextProblem {
            at,
            message: format!(
                "flow collections (`[`, `{{`) nest more than {MAX_FLOW_DEPTH} deep here"
            ),
            help: "a spec nests a few levels; write the value in block style, or split it".into(),
        });
    }
    if crate::locate::has_alias(text) {
        return alias_bomb(text);
    }
    None
}

/// Where flow collections first nest deeper than `bound`, reading YAML as far as that needs: quoted
/// scalars, comments and block scalars hold no collection; a plain scalar in a flow collection
/// runs to the next indicator.
fn flow_too_deep(text: &str, bound: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    // A block scalar: the indent of its header's line, then of its content once known.
    let mut block: Option<(usize, Option<usize>)> = None;
    // Whether the next byte may begin a value (a quote or a collection).
    let mut value_start = true;
    let mut quote_indent = 0;
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = &bytes[start..end];
        let line_start = start;
        start = end + 1;
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
        // A quoted scalar of the block context ends, for this scan, at a line indented no deeper
        // than its own: such a line is where a plain scalar's `"x` would have stood, and reading
        // it as a line of its own can only count more collections, never hide one.
        if depth == 0 && quote.is_some() && !blank && indent <= quote_indent {
            quote = None;
        }
        if depth == 0 && quote.is_none() {
            value_start = true;
        }
        let mut i = 0;
        while i < rest.len() {
            let b = rest[i];
            let at = line_start + indent + i;
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
                b'"' | b'\'' if value_start => {
                    quote = Some(b);
                    quote_indent = indent;
                }
                b'[' | b'{' if value_start || depth > 0 => {
                    depth += 1;
                    if depth > bound {
                        return Some(at);
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

/// Where a file's aliases expand it past [`alias_budget`] (located at its first alias), found
/// by weighing the file through serde_yaml with every alias expanded, stopping at the budget.
fn alias_bomb(text: &str) -> Option<TextProblem> {
    use serde::de::DeserializeSeed;
    let budget = alias_budget(text.len());
    let weight = std::cell::Cell::new(0u64);
    let over = std::cell::Cell::new(false);
    for document in serde_yaml::Deserializer::from_str(text) {
        let weigh = Weigh {
            weight: &weight,
            over: &over,
            budget,
        };
        // Any other error is the parser's to report.
        let _ = weigh.deserialize(document);
        if over.get() {
            let at = first_alias(text);
            return Some(TextProblem {
                at,
                message: format!(
                    "the aliases of this file expand it to more than {budget} bytes and nodes (four times its length, plus 1 MiB)"
                ),
                help: "write the repeated values out, or repeat them less".into(),
            });
        }
    }
    None
}

/// The byte offset of the first `*alias` of `text` (0 if there is none).
fn first_alias(text: &str) -> usize {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'*', bytes)
        .find(|&i| i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'[' | b'{' | b','))
        .unwrap_or(0)
}

/// Adds up a YAML value's weight as serde_yaml replays it, failing once it passes the budget.
#[derive(Clone, Copy)]
struct Weigh<'a> {
    weight: &'a std::cell::Cell<u64>,
    over: &'a std::cell::Cell<bool>,
    budget: u64,
}

impl Weigh<'_> {
    fn add<E: serde::de::Error>(&self, n: usize) -> Result<(), E> {
        let total = self.weight.get().saturating_add(n as u64 + 1);
        self.weight.set(total);
        if total > self.budget {
            self.over.set(true);
            return Err(E::custom("over the alias budget"));
        }
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Weigh<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Weigh<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.add(0)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.add(0)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.add(0)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.add(0)
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<(), E> {
        self.add(s.len())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.add(0)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.add(0)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.add(0)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.add(0)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

/// How many `array<` and `map<` the type expression `ty` nests (counting stops past `limit`).
fn type_nesting(ty: &str, limit: usize) -> usize {
    let mut inner = ty.trim();
    let mut levels = 0;
    while levels <= limit
        && let Some(rest) = inner
            .strip_prefix("array<")
            .or(inner.strip_prefix("map<"))
            .and_then(|r| r.strip_suffix('>'))
    {
        inner = rest.trim();
        levels += 1;
    }
    levels
}

/// Leaves out of `file` each schema with a type expression nested past [`MAX_TYPE_NESTING`]
/// (reported at the `type`), as a schema that did not load: nothing later parses such a type.
pub fn deep_types(file: &mut LoadedFile, diags: &mut Diagnostics) {
    let mut refused = Vec::new();
    for (name, s) in &file.spec.schemas {
        let fields = s.fields.iter().flatten().map(|f| (&f.ty, "fields"));
        let variants = s.one_of.iter().flatten().map(|v| (&v.ty, "one_of"));
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut deep = false;
        for (ty, list) in fields.chain(variants) {
            let i = index.entry(list).or_default();
            let levels = type_nesting(ty, MAX_TYPE_NESTING);
            if levels > MAX_TYPE_NESTING {
                let at = format!("schemas.{name}.{list}[{i}].type");
                let msg =
                    format!("this type nests more than {MAX_TYPE_NESTING} `array<` and `map<`");
                let help = "a wire format nests a few; give the inner levels a schema of their own, or the type `json`";
                diags.push(file.diag(&at, msg).with_help(help));
                deep = true;
            }
            *i += 1;
        }
        if deep {
            refused.push(name.clone());
        }
    }
    for name in refused {
        file.spec.schemas.remove(&name);
        file.broken.insert(name);
    }
}

/// The members of a schema as the nesting counts them: the levels its wrappers add, and the
/// schema it names, if any. As measured (see [`MAX_TYPE_LEVELS`]): a `Vec` adds one level, a
/// `BTreeMap` two, and an `Option` or `Nullable` one unless a collection stands inside it
/// (`Option<Vec<T>>` nests as deep as `Vec<T>`).
fn members(s: &spec::Schema) -> Vec<(usize, Option<String>)> {
    let fields = s
        .fields
        .iter()
        .flatten()
        .map(|f| (&f.ty, !f.required || f.nullable));
    let variants = s.one_of.iter().flatten().map(|v| (&v.ty, false));
    fields
        .chain(variants)
        .filter_map(|(ty, wrapped)| {
            let mut t = Ty::parse(ty).ok()?;
            let mut collections = 0;
            loop {
                t = match t {
                    Ty::Array(inner) => {
                        collections += 1;
                        *inner
                    }
                    Ty::Map(inner) => {
                        collections += 2;
                        *inner
                    }
                    _ => break,
                };
            }
            let wrappers = collections.max(usize::from(wrapped));
            match t {
                Ty::Named(n) => Some((wrappers, Some(n))),
                _ => Some((wrappers, None)),
            }
        })
        .collect()
}

/// Refuses each chain of schemas whose Rust types nest deeper than [`MAX_TYPE_LEVELS`], at the
/// schema that begins it (one that no deeper schema names), naming the chain and its depth.
///
/// Linear in the spec: the schemas' components (a schema may contain itself through an array or
/// a map) are found without recursion, and each one's depth is computed once, after those of
/// every component it names. A component that contains itself without an array or a map is
/// `check::cycles`'s to report, and counts as no depth here.
pub fn nesting(schemas: &HashMap<&str, (&LoadedFile, &spec::Schema)>, diags: &mut Diagnostics) {
    let mut names: Vec<&str> = schemas.keys().copied().collect();
    names.sort_unstable();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let all: Vec<Vec<(usize, Option<usize>)>> = names
        .iter()
        .map(|n| {
            members(schemas[n].1)
                .into_iter()
                .map(|(wrappers, t)| (wrappers, t.and_then(|t| index.get(t.as_str()).copied())))
                .collect()
        })
        .collect();
    let named: Vec<Vec<usize>> = all
        .iter()
        .map(|ms| ms.iter().filter_map(|(_, t)| *t).collect())
        .collect();
    // The edges `check::cycles` follows: a member whose type is a schema's bare name.
    let direct: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            let s = schemas[n].1;
            let fields = s.fields.iter().flatten().map(|f| &f.ty);
            let variants = s.one_of.iter().flatten().map(|v| &v.ty);
            fields
                .chain(variants)
                .filter_map(|t| index.get(t.trim()).copied())
                .collect()
        })
        .collect();
    let (component, order) = components(&named);
    let (direct_component, _) = components(&direct);
    // Components holding a cycle that `check::cycles` reports.
    let mut reported = vec![false; order.len()];
    for (n, targets) in direct.iter().enumerate() {
        if targets
            .iter()
            .any(|t| direct_component[*t] == direct_component[n])
        {
            reported[component[n]] = true;
        }
    }
    // Members of each component, in name order.
    let mut inside: Vec<Vec<usize>> = vec![Vec::new(); order.len()];
    for (n, c) in component.iter().enumerate() {
        inside[*c].push(n);
    }
    // Per component: its depth, and the schema its deepest member leads to (for the chain).
    let mut depth = vec![0usize; order.len()];
    let mut next: Vec<Option<usize>> = vec![None; order.len()];
    let mut length = vec![1usize; order.len()];
    let mut last: Vec<usize> = (0..order.len()).collect();
    let mut hops = vec![1usize; order.len()];
    for &c in &order {
        if reported[c] {
            continue;
        }
        let (mut own, mut best, mut via) = (0usize, 0usize, None);
        for &n in &inside[c] {
            let mut widest = 0;
            for &(wrappers, target) in &all[n] {
                match target.map(|t| component[t]) {
                    Some(tc) if tc == c => widest = widest.max(wrappers),
                    Some(tc) => {
                        let d = wrappers + depth[tc];
                        if d > best || via.is_none() && d == best {
                            (best, via) = (d, Some(tc));
                        }
                    }
                    None => best = best.max(wrappers),
                }
            }
            own += 1 + widest;
        }
        depth[c] = own + best;
        next[c] = via;
        length[c] = inside[c].len() + via.map_or(0, |v| length[v]);
        last[c] = via.map_or(c, |v| last[v]);
        hops[c] = 1 + via.map_or(0, |v| hops[v]);
    }
    // A component is reported where its chain begins: no deeper component names it.
    let mut named_by_deep = vec![false; order.len()];
    for (n, ms) in all.iter().enumerate() {
        for t in ms.iter().filter_map(|(_, t)| *t) {
            if component[t] != component[n] && depth[component[n]] > MAX_TYPE_LEVELS {
                named_by_deep[component[t]] = true;
            }
        }
    }
    for c in 0..order.len() {
        if depth[c] <= MAX_TYPE_LEVELS || named_by_deep[c] {
            continue;
        }
        let first = inside[c][0];
        // The first three schemas of the chain, and its last.
        let label = |k: usize| match inside[k].len() {
            1 => names[inside[k][0]].to_string(),
            n => format!(
                "{} and {} others that contain each other",
                names[inside[k][0]],
                n - 1
            ),
        };
        let mut parts: Vec<String> = Vec::new();
        let mut at = Some(c);
        while let Some(here) = at
            && parts.len() < 3
        {
            parts.push(label(here));
            at = next[here];
        }
        let shown = match hops[c] {
            n if n > parts.len() + 1 => format!("{} → … → {}", parts.join(" → "), label(last[c])),
            n if n > parts.len() => format!("{} → {}", parts.join(" → "), label(last[c])),
            _ => parts.join(" → "),
        };
        let (file, _) = schemas[names[first]];
        let msg = format!(
            "schema `{}` begins a chain of {} schemas whose Rust types nest {} levels deep ({shown}); at most {MAX_TYPE_LEVELS} are allowed",
            names[first], length[c], depth[c]
        );
        let help = "each schema counts one level, a Vec or an Option around a member one more, a BTreeMap two; rustc fails near 128 (its recursion limit): give an inner member the type `json`, or flatten the chain";
        diags.push(
            file.diag(&format!("schemas.{}", names[first]), msg)
                .with_help(help),
        );
    }
}

/// Tarjan's strongly connected components without recursion: each node's component, and the
/// components in the order they were completed (every component after all those it reaches).
fn components(edges: &[Vec<usize>]) -> (Vec<usize>, Vec<usize>) {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low) = (vec![UNSEEN; n], vec![0; n]);
    let mut component = vec![UNSEEN; n];
    let (mut stack, mut next_order, mut done) = (Vec::new(), 0, Vec::new());
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        let mut walk = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = walk.last_mut() {
            if *edge == 0 && order[node] == UNSEEN {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNSEEN {
                    walk.push((next, 0));
                } else if component[next] == UNSEEN {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            walk.pop();
            if let Some(&(parent, _)) = walk.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let id = done.len();
                while let Some(m) = stack.pop() {
                    component[m] = id;
                    if m == node {
                        break;
                    }
                }
                done.push(id);
            }
        }
    }
    (component, done)
}

/// Refuses the spec strings of `file` that a request sends in a header or its URL and that
/// cannot be sent there: each would make every call of its operation fail (`Error::InvalidArgument`
/// when the header or URL is built) or could never be selected.
pub fn wire(file: &LoadedFile, diags: &mut Diagnostics) {
    for (id, o) in &file.spec.operations {
        let at = |key: &str| format!("operations.{id}.{key}");
        if let Some(r) = &o.request
            && let Some(problem) = media_type_problem(&r.content_type)
        {
            let msg = format!(
                "content type {} cannot be sent: {problem}",
                shown(&r.content_type)
            );
            let help = "write a media type, `type/subtype` with optional `; name=value` parameters: `application/json`";
            diags.push(file.diag(&at("request.content_type"), msg).with_help(help));
        }
        if let Some(m) = &o.microversions
            && !is_service_type(&m.service)
        {
            let msg = format!(
                "microversion service {} cannot be sent in `OpenStack-API-Version`",
                shown(&m.service)
            );
            let help =
                "a service type is lower-case letters, digits and `-`, a letter first: `compute`";
            diags.push(file.diag(&at("microversions.service"), msg).with_help(help));
        }
        if let Some(w) = &o.waiter {
            states_once(file, &at("waiter"), w, diags);
        }
        for (i, p) in o.paths.iter().enumerate() {
            if let Some(segments) = parse_template(&p.template)
                && let Some(bad) = segments
                    .iter()
                    .find(|(param, s)| !param && !is_path_segment(s))
            {
                let msg = format!(
                    "the segment {} of this template cannot stand in a URL as it is",
                    shown(&bad.1)
                );
                let help = "a literal segment is ASCII letters, digits and `-._~!$&'()*+,;=:@` (or `%` and two hex digits), and not `.` or `..`";
                diags.push(
                    file.diag(&at(&format!("paths[{i}].template")), msg)
                        .with_help(help),
                );
            }
            if let Some(v) = &p.variant
                && !is_plain(v)
            {
                let msg = format!(
                    "path variant {} could never be selected: `with_path_variant` takes only letters, digits, `-`, `.`, `_` and `~`",
                    shown(v)
                );
                diags.push(
                    file.diag(&at(&format!("paths[{i}].variant")), msg)
                        .with_help("name it like `v2`"),
                );
            }
        }
    }
}

/// Each waiter state is named once: the states become the patterns of one `match`, where a
/// second one is unreachable (a warning, an error under `-D warnings`).
fn states_once(file: &LoadedFile, wp: &str, w: &spec::Waiter, diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, String> = HashMap::new();
    for (key, states) in [("success", &w.success), ("failure", &w.failure)] {
        for (i, state) in states.iter().enumerate() {
            let here = format!("{wp}.{key}[{i}]");
            if let Some(first) = seen.get(state.as_str()) {
                let msg = format!("the state {} is already named at `{first}`", shown(state));
                let help = "name each state once, as a success or as a failure";
                diags.push(file.diag(&here, msg).with_help(help));
            } else {
                seen.insert(state, format!("{key}[{i}]"));
            }
        }
    }
}

/// A spec string in a message: escaped, and cut after 60 characters.
fn shown(s: &str) -> String {
    let escaped: String = s.escape_debug().take(60).collect();
    match s.escape_debug().nth(60) {
        Some(_) => format!("\"{escaped}…\""),
        None => format!("\"{escaped}\""),
    }
}

/// RFC 9110 `tchar`.
fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_char)
}

/// Why `s` is not a media type (`type/subtype *( OWS ";" OWS name=value )`, RFC 9110 8.3.1), if it
/// is not; a quoted value holds visible ASCII only, so that it is a valid header value too.
fn media_type_problem(s: &str) -> Option<&'static str> {
    if s.bytes().any(|b| b == b'\r' || b == b'\n') {
        return Some("it holds a line break, which would end the header");
    }
    if s.bytes()
        .any(|b| b.is_ascii_control() && b != b'\t' || !b.is_ascii())
    {
        return Some("it holds a control or non-ASCII character");
    }
    let mut parts = s.split(';');
    let essence = parts.next().unwrap_or_default();
    match essence.split_once('/') {
        Some((t, sub)) if is_token(t) && is_token(sub) => {}
        _ => return Some("it does not begin with `type/subtype`"),
    }
    // A quoted value may hold `;`: join what the split cut apart.
    let mut rest: Vec<&str> = parts.collect();
    rest.reverse();
    while let Some(param) = rest.pop() {
        let param = param.trim_matches([' ', '\t']);
        let Some((name, value)) = param.split_once('=') else {
            return Some("a parameter is not `name=value`");
        };
        if !is_token(name) {
            return Some("a parameter's name is not a token");
        }
        if let Some(quoted) = value.strip_prefix('"') {
            let mut text = quoted.to_string();
            while !closes_quote(&text) {
                let Some(more) = rest.pop() else {
                    return Some("a quoted parameter value does not end");
                };
                text.push(';');
                text.push_str(more);
            }
            if !text.trim_end_matches([' ', '\t']).ends_with('"') {
                return Some("text follows a quoted parameter value");
            }
        } else if !is_token(value) {
            return Some("a parameter's value is neither a token nor quoted");
        }
    }
    None
}

/// Whether `text` (after an opening `"`) holds the closing one, `\` escaping the next byte.
fn closes_quote(text: &str) -> bool {
    let mut escaped = false;
    for b in text.bytes() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => return true,
            _ => {}
        }
    }
    false
}

/// A service type as the OpenStack service-types authority writes them (`compute`,
/// `block-storage`): what goes before the version in `OpenStack-API-Version`.
fn is_service_type(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An RFC 3986 path segment that needs no encoding and names no other resource.
fn is_path_segment(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if b
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) =>
            {
                i += 2
            }
            c if c.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&c) => {}
            _ => return false,
        }
        i += 1;
    }
    !s.is_empty() && s != "." && s != ".."
}

/// What the runtime's `path::plain` accepts: a segment that encoding leaves as it is.
fn is_plain(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}
