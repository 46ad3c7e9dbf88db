//! Stage 6: compare with what is on disk, then switch to the new tree all at once, or not at all.
//!
//! [`Writer::open`] first finishes or undoes a switch a killed run left (module `switch`), then
//! lists the output folder without following links ([`tree`]). [`Writer::stage`] compares each output
//! with its file as soon as it is formatted and writes a changed one into the new tree beside the
//! output folder, so that the crate's text is never all held at once. [`Writer::prepare`] refuses
//! two outputs with one path, then, if anything changed, carries every other entry over into the
//! new tree; [`switch_all`] swaps the new trees of one or more output folders in, all or none
//! ([`Writer::finish`] does both for one folder). Until the swap the output folder is not touched; an output that would
//! go through a link, or where a folder stands, is an error naming the path. Only regular files
//! whose first line carries our mark are ever left out of the new tree; a run that changes nothing
//! writes nothing.

mod switch;
pub mod tree;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use crate::emit::{FileJob, TextFile};
use crate::format::Output;

/// What a run found (and, writing, did), file by file.
#[derive(Debug, Default)]
pub struct Done {
    pub changed: Vec<String>,
    pub unchanged: usize,
    /// Files marked `@generated` under the output folder that no output has any more.
    pub stale: Vec<String>,
}

/// One output, compared with its file on disk (and, when changed and writing, staged).
#[derive(Debug)]
pub struct Staged {
    pub path: String,
    pub changed: bool,
    failure: Option<String>,
}

/// The output folder of one run.
#[derive(Debug)]
pub struct Writer {
    place: switch::Place,
    tree: tree::Tree,
    write: bool,
    /// Held by a writing run from before its recovery to its end.
    _lock: Option<fs::File>,
}

impl Writer {
    /// With `write`, recovers from an interrupted run first; without, reads only.
    pub fn open(out: &Path, write: bool) -> Result<Writer, String> {
        let place = switch::Place::of(out)?;
        let lock = match write {
            true => place.lock()?,
            false => None,
        };
        if write {
            place.recover()?;
        }
        let tree = tree::Tree::walk(&place.out, &place.shown)?;
        Ok(Writer {
            place,
            tree,
            write,
            _lock: lock,
        })
    }

    /// Compares `output` with its file and, when it differs and the run writes, stages it.
    pub fn stage(&self, output: &Output) -> Staged {
        let mut staged = Staged {
            path: output.path.clone(),
            changed: true,
            failure: None,
        };
        let there = match inside(&output.path)
            .and_then(|()| self.tree.target(&output.path, &self.place.shown))
        {
            Ok(there) => there,
            Err(e) => {
                staged.failure = Some(e);
                return staged;
            }
        };
        let bytes = output.contents.as_bytes();
        staged.changed = !(there && tree::holds(&self.place.out.join(&output.path), bytes));
        if staged.changed && self.write {
            staged.failure = write_new(&self.place.staged(&output.path), bytes)
                .err()
                .map(|e| {
                    let shown = self.place.shown.join(&output.path);
                    format!("cannot write `{}`: {e}", shown.display())
                });
        }
        staged
    }

    /// Refuses two outputs at one path (naming what makes each, by `producer(index)`) and any
    /// failure of `results`; then, writing and with anything to change, switches to the new tree.
    /// Whatever fails leaves the output folder as it was.
    pub fn finish(
        self,
        results: Vec<Result<Staged, String>>,
        producer: &dyn Fn(usize) -> String,
    ) -> Result<Done, String> {
        let ready = self.prepare(results, producer)?;
        let mut done = switch_all(vec![ready])?;
        Ok(done.remove(0))
    }

    /// [`Writer::finish`] up to the switch: every check made and, writing and with anything to
    /// change, the new tree complete beside the output folder, which is not touched yet.
    /// Whatever fails removes the new tree.
    pub fn prepare(
        self,
        results: Vec<Result<Staged, String>>,
        producer: &dyn Fn(usize) -> String,
    ) -> Result<Ready, String> {
        match self.prepare_inner(results, producer) {
            Ok((done, pending)) => Ok(Ready {
                writer: self,
                done,
                pending,
            }),
            Err(e) => {
                if self.write {
                    self.place.discard();
                }
                Err(e)
            }
        }
    }

    /// What the run finds, and whether there is a new tree to switch in.
    fn prepare_inner(
        &self,
        results: Vec<Result<Staged, String>>,
        producer: &dyn Fn(usize) -> String,
    ) -> Result<(Done, bool), String> {
        clashes(&results, producer)?;
        let mut staged = Vec::with_capacity(results.len());
        for result in results {
            let s = result?;
            if let Some(e) = s.failure {
                return Err(e);
            }
            staged.push(s);
        }
        let made: HashSet<&str> = staged.iter().map(|s| s.path.as_str()).collect();
        let stale = self.tree.stale(&self.place.out, &made);
        let mut changed: Vec<String> = staged
            .iter()
            .filter(|s| s.changed)
            .map(|s| s.path.clone())
            .collect();
        changed.sort();
        let done = Done {
            unchanged: staged.len() - changed.len(),
            changed,
            stale,
        };
        if !self.write || (done.changed.is_empty() && done.stale.is_empty()) {
            return Ok((done, false));
        }
        let staged: HashSet<&str> = done.changed.iter().map(String::as_str).collect();
        let dropped: HashSet<&str> = done.stale.iter().map(String::as_str).collect();
        self.place.carry_over(&self.tree, &staged, &dropped)?;
        Ok((done, true))
    }
}

/// An output folder whose new tree is complete beside it ([`Writer::prepare`]), waiting for
/// [`switch_all`]. Dropped instead, it leaves the folder as it was and the new tree for the next
/// run to remove; [`Ready::discard`] removes it at once.
#[derive(Debug)]
pub struct Ready {
    writer: Writer,
    done: Done,
    /// There is a new tree to switch in.
    pending: bool,
}

impl Ready {
    /// What the run found in this folder.
    pub fn done(&self) -> &Done {
        &self.done
    }

    /// Gives up this folder's switch: the new tree is removed, the folder stays as it was.
    pub fn discard(self) {
        if self.pending {
            self.writer.place.discard();
        }
    }
}

/// Switches the new tree of every folder in, in order, all or nothing: the old trees stay beside
/// their folders until every switch has succeeded, and are removed then; when one fails, the
/// folders already switched get their old trees back and every new tree is removed, so that
/// every folder is as it was. (A kill between two switches is not undone: the folders switched
/// keep their new trees, which the next run finds up to date, and writes the others.)
pub fn switch_all(ready: Vec<Ready>) -> Result<Vec<Done>, String> {
    let mut switched: Vec<(&switch::Place, switch::Switched)> = Vec::with_capacity(ready.len());
    let mut failure = None;
    for (i, r) in ready.iter().enumerate() {
        if !r.pending {
            continue;
        }
        match r.writer.place.switch() {
            Ok(how) => switched.push((&r.writer.place, how)),
            Err(e) => {
                failure = Some((i, e));
                break;
            }
        }
    }
    let Some((failed, mut message)) = failure else {
        for (place, how) in switched {
            place.settle(how);
        }
        return Ok(ready.into_iter().map(|r| r.done).collect());
    };
    let mut back = Vec::new();
    for (place, how) in switched.into_iter().rev() {
        match place.undo(how) {
            Ok(()) => back.push(format!("`{}`", place.shown.display())),
            Err(e) => message.push_str(&format!("; {e}, so it holds the new tree")),
        }
    }
    if !back.is_empty() {
        back.reverse();
        message.push_str(&format!(
            "; the folders switched before it were put back as they were: {}",
            back.join(", ")
        ));
    }
    for r in &ready[failed..] {
        if r.pending {
            r.writer.place.discard();
        }
    }
    Err(message)
}

/// An output's path must stay inside the output folder: relative, no `.`, `..` or empty part.
fn inside(path: &str) -> Result<(), String> {
    let bad = path.is_empty()
        || path.starts_with('/')
        || path
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == ".." || part.contains('\\'));
    match bad {
        true => Err(format!(
            "the output path `{path}` does not name a file inside the output folder"
        )),
        false => Ok(()),
    }
}

/// Two outputs at one path, or one output at the folder of another: an error naming the path and
/// both producers, found before anything on disk changes.
fn clashes(
    results: &[Result<Staged, String>],
    producer: &dyn Fn(usize) -> String,
) -> Result<(), String> {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(results.len());
    for (i, s) in results.iter().enumerate() {
        if let Ok(s) = s
            && let Some(j) = first.insert(&s.path, i)
        {
            return Err(format!(
                "two outputs would be written to `{}`: {} and {}; rename one in the spec",
                s.path,
                producer(j),
                producer(i)
            ));
        }
    }
    for (i, s) in results.iter().enumerate() {
        let Ok(s) = s else { continue };
        for (end, _) in s.path.match_indices('/') {
            if let Some(&j) = first.get(&s.path[..end]) {
                return Err(format!(
                    "`{}` would be both a file ({}) and the folder of `{}` ({}); rename one in the spec",
                    &s.path[..end],
                    producer(j),
                    s.path,
                    producer(i)
                ));
            }
        }
    }
    Ok(())
}

/// Writes a new file, making its folders only when missing (most are there after the first
/// file; a failed `mkdir` costs more than the write).
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match fs::write(path, bytes) {
        Err(e) if e.kind() == ErrorKind::NotFound => {
            path.parent().map_or(Ok(()), fs::create_dir_all)?;
            fs::write(path, bytes)
        }
        result => result,
    }
}

/// What makes output `i` of `run`: the jobs' files first, then the templates' text files.
pub fn producer(jobs: &[FileJob], text_files: &[TextFile], i: usize) -> String {
    match jobs.get(i) {
        Some(FileJob::Types(_, origin, _)) => format!("the types of spec file `{origin}`"),
        Some(FileJob::TypesMod(_)) => "the list of type modules (types/mod.rs)".into(),
        Some(FileJob::Operation(op) | FileJob::BareOperation(op)) => {
            format!("operation `{}`", op.id)
        }
        Some(FileJob::OperationsMod) => "the list of operation modules (operations/mod.rs)".into(),
        Some(FileJob::Lib) => "the crate root (lib.rs)".into(),
        Some(FileJob::Client) => "the crate's client (client.rs)".into(),
        Some(FileJob::ErrorCodes) => "the documented error codes (error_codes.rs)".into(),
        None => match text_files.get(i - jobs.len()) {
            Some(f) => format!("the template `{}`", f.origin),
            None => format!("output {i}"),
        },
    }
}

/// Compares `outputs` (already in memory) with `out`, writing nothing.
pub fn compare(out: &Path, outputs: &[Output]) -> Result<Done, String> {
    all(out, outputs, false)
}

/// Writes `outputs` (already in memory) into `out` as `run` does: staged on every core, then
/// switched in at once.
pub fn apply(out: &Path, outputs: &[Output]) -> Result<Done, String> {
    all(out, outputs, true)
}

fn all(out: &Path, outputs: &[Output], write: bool) -> Result<Done, String> {
    let writer = Writer::open(out, write)?;
    let results = crate::each_in_parallel(outputs.len(), |i| Ok(writer.stage(&outputs[i])));
    writer.finish(results, &|i| format!("output {i} (`{}`)", outputs[i].path))
}
