//! How deep type expressions and chains of schemas nest.

use std::collections::HashMap;

use super::{MAX_TYPE_LEVELS, MAX_TYPE_NESTING};
use crate::diag::Diagnostics;
use crate::load::LoadedFile;
use crate::model::{Parsed, TyExpr};
use crate::spec;

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

/// Leaves out of `file` each schema with a type expression nested past [`super::MAX_TYPE_NESTING`]
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

/// The members of a schema, whose types are `types` (as parsed, fields then variants), as the
/// nesting counts them: the levels its wrappers add, and the schema it names, if any. As measured
/// (see [`super::MAX_TYPE_LEVELS`]): a `Vec` adds one level, a `BTreeMap` two, and an `Option` or
/// `Nullable` one unless a collection stands inside it (`Option<Vec<T>>` nests as deep as
/// `Vec<T>`). A member whose type does not parse counts for nothing.
fn members<'t>(s: &spec::Schema, types: &'t [Parsed]) -> Vec<(usize, Option<&'t str>)> {
    let fields = s.fields.iter().flatten().map(|f| !f.required || f.nullable);
    let variants = s.one_of.iter().flatten().map(|_| false);
    fields
        .chain(variants)
        .zip(types)
        .filter_map(|(wrapped, ty)| {
            let mut t = ty.as_ref().ok()?;
            let mut collections = 0;
            loop {
                t = match t {
                    TyExpr::Array(inner) => {
                        collections += 1;
                        inner
                    }
                    TyExpr::Map(inner) => {
                        collections += 2;
                        inner
                    }
                    _ => break,
                };
            }
            let wrappers = collections.max(usize::from(wrapped));
            match t {
                TyExpr::Named(n) => Some((wrappers, Some(n.as_str()))),
                _ => Some((wrappers, None)),
            }
        })
        .collect()
}

/// Refuses each chain of schemas whose Rust types nest deeper than [`super::MAX_TYPE_LEVELS`], at the
/// schema that begins it (one that no deeper schema names), naming the chain and its depth.
///
/// Linear in the spec: the schemas' components (a schema may contain itself through an array or
/// a map) are found without recursion, and each one's depth is computed once, after those of
/// every component it names. A component that contains itself without an array or a map is
/// `check::cycles`'s to report, and counts as no depth here. `types` holds each schema's member
/// types, as parsed.
pub fn nesting(
    schemas: &HashMap<&str, (&LoadedFile, &spec::Schema)>,
    types: &HashMap<&str, &[Parsed]>,
    diags: &mut Diagnostics,
) {
    let mut names: Vec<&str> = schemas.keys().copied().collect();
    names.sort_unstable();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let all: Vec<Vec<(usize, Option<usize>)>> = names
        .iter()
        .map(|n| {
            let own = types.get(n).copied().unwrap_or_default();
            members(schemas[n].1, own)
                .into_iter()
                .map(|(wrappers, t)| (wrappers, t.and_then(|t| index.get(t).copied())))
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
            let own = types.get(n).copied().unwrap_or_default();
            own.iter()
                .filter_map(|t| match t {
                    Ok(TyExpr::Named(t)) => index.get(t.as_str()).copied(),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let (component, order) = crate::graph::components(&named);
    let (direct_component, _) = crate::graph::components(&direct);
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
