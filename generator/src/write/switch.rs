//! The switch from the old tree to the new one, and the recovery from an interrupted switch.
//!
//! The new tree is built complete in a folder beside the output folder (`.NAME.codegen-swap`):
//! the changed files written, every other entry the output folder keeps (unchanged outputs, the
//! user's own files, links, `target` folders) hard-linked or, for links, copied as links. Then
//! one `renameat2(RENAME_EXCHANGE)` swaps the two folders, atomically: a kill at any instant
//! leaves the output folder wholly old or wholly new. The old tree, now beside it, stays there
//! until the run knows that every output folder it writes has switched: then it is removed
//! ([`Place::settle`]); should a later folder's switch fail, it is put back ([`Place::undo`]).
//! Without an atomic exchange (another system, or a file system that has none) the old folder is
//! renamed to `.NAME.codegen-old` and the new one into place; a kill between those two renames
//! leaves no output folder, and the next run renames the old one back.
//!
//! A writing run holds an advisory lock on the parent folder from its start to its end.
//! Recovery, before a writing run does anything else: an old folder with no output folder is
//! renamed back; any other `.NAME.codegen-old` or `.NAME.codegen-swap` is either an unfinished
//! new tree or a switched-out old one, and is removed. Both names belong to the generator.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::tree::{Kind, Tree, key};

/// The output folder and the two names beside it that the switch uses.
#[derive(Debug)]
pub struct Place {
    /// The output folder (a link given as the output folder is resolved first).
    pub out: PathBuf,
    /// As the user named it, for messages.
    pub shown: PathBuf,
    pub swap: PathBuf,
    pub old: PathBuf,
    parent: PathBuf,
}

impl Place {
    pub fn of(out: &Path) -> Result<Place, String> {
        let shown = out.to_path_buf();
        let real = match fs::symlink_metadata(out) {
            Ok(m) if m.file_type().is_symlink() => fs::canonicalize(out).map_err(|e| {
                format!(
                    "the output folder `{}` is a link that leads nowhere: {e}",
                    out.display()
                )
            })?,
            Ok(_) | Err(_) => out.to_path_buf(),
        };
        let real = match real.file_name() {
            Some(_) => real,
            // `.`, `..`: the folder's own name is needed for the names beside it.
            None => fs::canonicalize(&real)
                .map_err(|e| format!("cannot find the output folder `{}`: {e}", out.display()))?,
        };
        if fs::symlink_metadata(&real).is_ok_and(|m| !m.is_dir()) {
            return Err(format!(
                "the output folder `{}` is not a folder",
                out.display()
            ));
        }
        let Some(name) = real.file_name() else {
            return Err(format!(
                "cannot write into `{}`: the output folder needs a parent folder",
                out.display()
            ));
        };
        let parent = match real.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let beside = |what: &str| {
            let mut n = OsString::from(".");
            n.push(name);
            n.push(what);
            parent.join(n)
        };
        Ok(Place {
            swap: beside(".codegen-swap"),
            old: beside(".codegen-old"),
            out: real,
            shown,
            parent,
        })
    }

    /// Waits for any other writing run beside this output folder to end, and keeps them waiting
    /// until the returned lock is dropped: two runs must not recover from, or swap, each other's
    /// trees. An advisory lock on the parent folder; where the system has none, runs go unlocked.
    pub fn lock(&self) -> Result<Option<fs::File>, String> {
        if let Err(e) = fs::create_dir_all(&self.parent) {
            return Err(format!(
                "cannot make the folder of `{}`: {e}",
                self.shown.display()
            ));
        }
        let Ok(folder) = fs::File::open(&self.parent) else {
            return Ok(None);
        };
        Ok(folder.lock().is_ok().then_some(folder))
    }

    /// Finishes or undoes an interrupted switch (see the module's description).
    pub fn recover(&self) -> Result<(), String> {
        let out_there = fs::symlink_metadata(&self.out).is_ok();
        if ours(&self.old)? {
            if out_there {
                remove(&self.old)?;
            } else {
                fs::rename(&self.old, &self.out).map_err(|e| {
                    format!(
                        "cannot move the old tree `{}` back to `{}`: {e}",
                        self.old.display(),
                        self.shown.display()
                    )
                })?;
            }
        }
        if ours(&self.swap)? {
            remove(&self.swap)?;
        }
        Ok(())
    }

    /// Removes an unfinished new tree.
    pub fn discard(&self) {
        let _ = fs::remove_dir_all(&self.swap);
    }

    /// Where output `path` is staged.
    pub fn staged(&self, path: &str) -> PathBuf {
        self.swap.join(path)
    }

    /// Builds the rest of the new tree from the old one: every entry of `tree` but the outputs
    /// already staged (`staged`) and the stale files (`dropped`), with the folders' permissions.
    /// A folder is left out only when all it held is left out (a user's empty folder stays).
    pub fn carry_over(
        &self,
        tree: &Tree,
        staged: &HashSet<&str>,
        dropped: &HashSet<&str>,
    ) -> Result<(), String> {
        make_folder(&self.swap)?;
        if let Ok(m) = fs::symlink_metadata(&self.out) {
            set_permissions(&self.swap, m.permissions())?;
        }
        let named =
            |rel: &Path, set: &HashSet<&str>| key(rel).is_some_and(|p| set.contains(p.as_str()));
        // The folders that hold something, and those that keep something: a kept file, link or
        // staged output, or a folder that was empty.
        let full: HashSet<&Path> = tree
            .entries
            .iter()
            .filter_map(|(r, _)| r.parent())
            .collect();
        let mut needed: HashSet<&Path> = HashSet::new();
        for (rel, kind) in &tree.entries {
            let kept = match kind {
                Kind::Dir => !full.contains(rel.as_path()),
                _ => !named(rel, staged) && !named(rel, dropped),
            };
            if kept {
                needed.extend(rel.ancestors().skip(1));
            }
        }
        needed.extend(staged.iter().flat_map(|p| Path::new(p).ancestors().skip(1)));
        for (rel, kind) in &tree.entries {
            let keep = match kind {
                Kind::Dir => needed.contains(rel.as_path()) || !full.contains(rel.as_path()),
                _ => !named(rel, staged) && !named(rel, dropped),
            };
            if keep {
                carry(
                    &self.out.join(rel),
                    &self.swap.join(rel),
                    *kind,
                    &self.shown.join(rel),
                )?;
            }
        }
        Ok(())
    }

    /// Puts the staged tree in place of the output folder, keeping the old tree beside it until
    /// [`Place::settle`] removes it or [`Place::undo`] puts it back.
    pub fn switch(&self) -> Result<Switched, String> {
        let cannot = |e: std::io::Error| {
            let hint = match e.raw_os_error() {
                #[cfg(unix)]
                Some(libc::EXDEV) => {
                    "; the output folder must be on the file system of its parent folder (not a mount point)"
                }
                _ => "",
            };
            format!(
                "cannot move the new tree `{}` into place at `{}`: {e}{hint}",
                self.swap.display(),
                self.shown.display()
            )
        };
        if fs::symlink_metadata(&self.out).is_err() {
            return fs::rename(&self.swap, &self.out)
                .map(|()| Switched::Created)
                .map_err(cannot);
        }
        match exchange(&self.swap, &self.out) {
            // The old tree is at the swap name now.
            Ok(()) => Ok(Switched::Exchanged),
            Err(e) if e.kind() == ErrorKind::Unsupported => self.switch_in_two_renames(),
            Err(e) => Err(cannot(e)),
        }
    }

    /// The switch without an atomic exchange: for an instant there is no output folder, which
    /// [`Place::recover`] undoes. The old tree stays at the old name.
    pub fn switch_in_two_renames(&self) -> Result<Switched, String> {
        fs::rename(&self.out, &self.old).map_err(|e| {
            format!(
                "cannot move the old tree `{}` aside: {e}",
                self.shown.display()
            )
        })?;
        if let Err(e) = fs::rename(&self.swap, &self.out) {
            let back = fs::rename(&self.old, &self.out);
            return Err(format!(
                "cannot move the new tree into place at `{}`: {e}{}",
                self.shown.display(),
                match back {
                    Ok(()) => String::new(),
                    Err(b) => format!(
                        "; the old tree is at `{}` ({b}), the next run moves it back",
                        self.old.display()
                    ),
                }
            ));
        }
        Ok(Switched::Renamed)
    }

    /// Removes the old tree a switch kept; a failure leaves it for the next run's recovery,
    /// which removes it too (the output folder is there).
    pub fn settle(&self, how: Switched) {
        match how {
            Switched::Exchanged => drop(fs::remove_dir_all(&self.swap)),
            Switched::Renamed => drop(fs::remove_dir_all(&self.old)),
            Switched::Created => {}
        }
    }

    /// Puts the old tree back in place of the new one that `how` switched in, and removes the
    /// new one. A kill on the way leaves what [`Place::recover`] mends: either the old tree in
    /// place and the new one at the swap name, or (after two renames) no output folder and
    /// the old tree at the old name.
    pub fn undo(&self, how: Switched) -> Result<(), String> {
        let cannot = |what: &str, e: std::io::Error| {
            format!(
                "cannot put the old tree of `{}` back ({what}): {e}",
                self.shown.display()
            )
        };
        match how {
            Switched::Exchanged => {
                exchange(&self.swap, &self.out).map_err(|e| cannot("exchange", e))?
            }
            Switched::Created => {
                fs::rename(&self.out, &self.swap).map_err(|e| cannot("rename", e))?
            }
            Switched::Renamed => {
                fs::rename(&self.out, &self.swap).map_err(|e| cannot("rename", e))?;
                fs::rename(&self.old, &self.out).map_err(|e| cannot("rename", e))?;
            }
        }
        // The new tree, at the swap name now.
        self.discard();
        Ok(())
    }
}

/// How a switch put the new tree in place, and so where the old one waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switched {
    /// Exchanged atomically: the old tree is at the swap name.
    Exchanged,
    /// There was no output folder: the new tree was renamed into place, nothing is beside it.
    Created,
    /// In two renames: the old tree is at the old name.
    Renamed,
}

/// Whether the generator's name `path` is taken, by a folder (the only thing it leaves there).
fn ours(path: &Path) -> Result<bool, String> {
    match fs::symlink_metadata(path) {
        Err(_) => Ok(false),
        Ok(m) if m.is_dir() => Ok(true),
        Ok(_) => Err(format!(
            "`{}` is in the generator's way: it uses that name for its switch, but there is a file or link there, not a folder it left: remove it",
            path.display()
        )),
    }
}

fn remove(path: &Path) -> Result<(), String> {
    // `remove_dir_all` removes a link inside as a link, never what it points to.
    fs::remove_dir_all(path).map_err(|e| {
        format!(
            "cannot remove `{}`, left by an interrupted run: {e}",
            path.display()
        )
    })
}

fn make_folder(path: &Path) -> Result<(), String> {
    match fs::create_dir(path) {
        Err(e) if e.kind() != ErrorKind::AlreadyExists => {
            Err(format!("cannot make `{}`: {e}", path.display()))
        }
        _ => Ok(()),
    }
}

fn set_permissions(path: &Path, permissions: fs::Permissions) -> Result<(), String> {
    fs::set_permissions(path, permissions)
        .map_err(|e| format!("cannot set the permissions of `{}`: {e}", path.display()))
}

/// One entry of the old tree into the new one; a `target` folder is carried whole.
fn carry(from: &Path, to: &Path, kind: Kind, shown: &Path) -> Result<(), String> {
    let cannot = |e: std::io::Error| {
        format!(
            "cannot carry `{}` over into the new tree: {e}",
            shown.display()
        )
    };
    match kind {
        Kind::Dir | Kind::Held => {
            make_folder(to)?;
            let m = fs::symlink_metadata(from).map_err(cannot)?;
            set_permissions(to, m.permissions())?;
            if kind == Kind::Held {
                for entry in fs::read_dir(from).map_err(cannot)? {
                    let entry = entry.map_err(cannot)?;
                    let t = entry.file_type().map_err(cannot)?;
                    let inner = if t.is_symlink() {
                        Kind::Link
                    } else if t.is_dir() {
                        Kind::Held
                    } else {
                        Kind::Other
                    };
                    let name = entry.file_name();
                    carry(
                        &from.join(&name),
                        &to.join(&name),
                        inner,
                        &shown.join(&name),
                    )?;
                }
            }
            Ok(())
        }
        Kind::Link => copy_link(from, to).map_err(cannot),
        Kind::File | Kind::Other => match fs::hard_link(from, to) {
            Ok(()) => Ok(()),
            // A file system without hard links, or a file another user owns: a copy keeps it.
            Err(_) if fs::symlink_metadata(from).is_ok_and(|m| m.is_file()) => {
                fs::copy(from, to).map(|_| ()).map_err(cannot)
            }
            Err(e) => Err(cannot(e)),
        },
    }
}

#[cfg(unix)]
fn copy_link(from: &Path, to: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(fs::read_link(from)?, to)
}

#[cfg(not(unix))]
fn copy_link(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::hard_link(from, to)
}

/// Swaps two folders atomically; `ErrorKind::Unsupported` where the system or the file system
/// cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::new(ErrorKind::InvalidInput, "a NUL byte in a path"))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are NUL-terminated paths that live across the call; the system call reads
    // them and nothing else.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        return Ok(());
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::ENOSYS | libc::EINVAL | libc::EOPNOTSUPP) => {
            Err(std::io::Error::new(ErrorKind::Unsupported, e))
        }
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(
        ErrorKind::Unsupported,
        "no atomic exchange of folders here",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The switch without an exchange, and the recovery from a kill between its two renames.
    #[test]
    fn two_renames_switch_and_a_kill_between_them_is_undone() {
        let root = std::env::temp_dir().join(format!("codegen-switch-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let place = Place::of(&root.join("out")).unwrap();
        assert_eq!(place.swap, root.join(".out.codegen-swap"));
        assert_eq!(place.old, root.join(".out.codegen-old"));
        let make = |dir: &Path, text: &str| {
            fs::create_dir_all(dir).unwrap();
            fs::write(dir.join("f"), text).unwrap();
        };
        make(&place.out, "old");
        make(&place.swap, "new");
        let how = place.switch_in_two_renames().unwrap();
        assert_eq!(fs::read_to_string(place.out.join("f")).unwrap(), "new");
        assert_eq!(fs::read_to_string(place.old.join("f")).unwrap(), "old");
        place.settle(how);
        assert!(!place.old.exists() && !place.swap.exists());

        // Undone: the old tree back in place, nothing beside it.
        make(&place.swap, "newer");
        let how = place.switch_in_two_renames().unwrap();
        place.undo(how).unwrap();
        assert_eq!(fs::read_to_string(place.out.join("f")).unwrap(), "new");
        assert!(!place.old.exists() && !place.swap.exists());

        // Killed after the first rename: no output folder, the old tree aside, the new staged.
        fs::rename(&place.out, &place.old).unwrap();
        make(&place.swap, "newer");
        place.recover().unwrap();
        assert_eq!(fs::read_to_string(place.out.join("f")).unwrap(), "new");
        assert!(!place.old.exists() && !place.swap.exists());
        let _ = fs::remove_dir_all(&root);
    }
}
