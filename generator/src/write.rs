//! Stage 6: compare with what is on disk, then write all of it or nothing.
//!
//! Every changed file is first written next to its target under a temporary name; only when all
//! of them are written are they renamed into place, and files the generator wrote before but no
//! longer makes are removed. A failure before the renames leaves the output folder as it was.
//! `run` stages each file as soon as it is formatted ([`stage`]), so that the crate's text is
//! never all held at once; [`plan`] and [`apply`] do the same for outputs already in memory.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::format::{MARK, Output};

/// What a run found or did, file by file.
#[derive(Debug, Default)]
pub struct Plan {
    pub changed: Vec<String>,
    pub unchanged: Vec<String>,
    /// Files marked `@generated` under the output folder that no output has any more.
    pub stale: Vec<String>,
}

pub fn plan(out: &Path, outputs: &[Output]) -> Plan {
    let mut plan = Plan::default();
    let same = crate::each_in_parallel(outputs.len(), |i| {
        let o = &outputs[i];
        holds(&out.join(&o.path), o.contents.as_bytes())
    });
    for (o, same) in outputs.iter().zip(same) {
        match same {
            true => plan.unchanged.push(o.path.clone()),
            false => plan.changed.push(o.path.clone()),
        }
    }
    let made: HashSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    plan.stale = stale(out, existing(out), &made);
    plan
}

/// The `existing` files that no output has any more, sorted: those that are indeed ours.
pub fn stale(out: &Path, existing: Vec<String>, made: &HashSet<&str>) -> Vec<String> {
    let mut stale: Vec<String> = existing
        .into_iter()
        .filter(|p| !made.contains(p.as_str()) && is_generated(&out.join(p)))
        .collect();
    stale.sort();
    stale
}

/// One output file, compared with its file on disk and, when it differs and is to be written,
/// written under its temporary name ([`commit`] renames it into place).
#[derive(Debug)]
pub struct Staged {
    pub path: String,
    pub changed: bool,
    tmp: Option<PathBuf>,
}

/// Compares `output` with `out`'s file and, when it differs and `write` is set, writes it under
/// its temporary name: the output's text need not be kept once this is done.
pub fn stage(out: &Path, output: &Output, write: bool) -> Result<Staged, String> {
    let target = out.join(&output.path);
    let same = holds(&target, output.contents.as_bytes());
    let mut staged = Staged {
        path: output.path.clone(),
        changed: !same,
        tmp: None,
    };
    if same || !write {
        return Ok(staged);
    }
    let tmp = temp_name(&target);
    // Its folder is made only when missing: most are there already, and a failed `mkdir` costs
    // more than the write.
    let result = match fs::write(&tmp, &output.contents) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => target
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&tmp, &output.contents)),
        result => result,
    };
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(format!("cannot write `{}`: {e}", target.display()));
    }
    staged.tmp = Some(tmp);
    Ok(staged)
}

/// Whether the file at `path` holds exactly `contents`. It is read to its end into room for one
/// byte more than `contents`, with no look at its size first (a file read whole anyway needs none).
fn holds(path: &Path, contents: &[u8]) -> bool {
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    let mut bytes = Vec::with_capacity(contents.len() + 1);
    let limit = contents.len() as u64 + 1;
    (&file).take(limit).read_to_end(&mut bytes).is_ok() && bytes == contents
}

/// Removes the temporary files of `staged`: the output folder is left as it was.
pub fn discard(staged: &[Staged]) {
    for tmp in staged.iter().filter_map(|s| s.tmp.as_ref()) {
        let _ = fs::remove_file(tmp);
    }
}

/// Renames every staged file into place, then removes the `stale` ones.
pub fn commit(out: &Path, staged: &[Staged], stale: &[String]) -> Result<(), String> {
    for s in staged {
        if let Some(tmp) = &s.tmp {
            let target = out.join(&s.path);
            if let Err(e) = fs::rename(tmp, &target) {
                discard(staged);
                return Err(format!(
                    "cannot move `{}` into place: {e}",
                    target.display()
                ));
            }
        }
    }
    for stale in stale {
        fs::remove_file(out.join(stale))
            .map_err(|e| format!("cannot remove stale `{stale}`: {e}"))?;
    }
    Ok(())
}

/// The files under `out` (outside `target` folders), as paths relative to it: those the
/// generator may have written. None is read here: [`stale`] reads those that no output has any
/// more, to keep the ones that carry our mark.
pub fn existing(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    generated_files(out, out, &mut found);
    found
}

/// A UTF-8 text file whose first line carries our mark.
fn is_generated(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|t| t.lines().next().is_some_and(|l| l.contains(MARK)))
}

fn temp_name(target: &Path) -> PathBuf {
    target.with_file_name(format!(
        ".{}.codegen-tmp",
        target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    ))
}

fn generated_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // The entry's own type where the folder listing gives it; a link is followed.
        let is_dir = match entry.file_type() {
            Ok(t) if !t.is_symlink() => t.is_dir(),
            _ => path.is_dir(),
        };
        if is_dir {
            if path.file_name().is_some_and(|n| n != "target") {
                generated_files(root, &path, out);
            }
        } else if let Ok(rel) = path.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Writes the changed `outputs` (staged on every core, then renamed into place) and removes the
/// plan's stale files: the same all-or-nothing steps as `run`, for outputs already in memory.
pub fn apply(out: &Path, outputs: &[Output], plan: &Plan) -> Result<(), String> {
    let staged = gather(crate::each_in_parallel(outputs.len(), |i| {
        stage(out, &outputs[i], true)
    }))?;
    commit(out, &staged, &plan.stale)
}

/// The files staged on every core, or the first failure in file order once every temporary file
/// that was written is gone again.
pub fn gather(results: Vec<Result<Staged, String>>) -> Result<Vec<Staged>, String> {
    let mut staged = Vec::with_capacity(results.len());
    let mut failure = None;
    for result in results {
        match result {
            Ok(s) => staged.push(s),
            Err(e) => {
                failure.get_or_insert(e);
            }
        }
    }
    match failure {
        Some(e) => {
            discard(&staged);
            Err(e)
        }
        None => Ok(staged),
    }
}
