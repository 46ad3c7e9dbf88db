//! What the output folder holds, found without following a single link: which paths the
//! generator may write, and which files it wrote before (those whose first line has our mark).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::format::MARK;

/// One entry of the output folder, as the folder listing gives it (a link is never followed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    /// A symbolic link, whatever it points to: copied as a link, never read, written or entered.
    Link,
    /// A FIFO, socket or device: carried over, never opened.
    Other,
    /// A `target` folder (a build's output): carried over whole, never scanned for our files.
    Held,
}

/// Every entry under the output folder, parents before their children.
#[derive(Debug, Default)]
pub struct Tree {
    /// Paths relative to the output folder, in the listing's order (parents first).
    pub entries: Vec<(PathBuf, Kind)>,
    /// The entries whose path is UTF-8 (the only ones an output can have), by `/`-joined path.
    index: HashMap<String, Kind>,
}

impl Tree {
    /// The entries under `root`; a missing `root` is an empty folder. A folder that cannot be
    /// listed is an error: what it holds could not be carried over into the new tree.
    pub fn walk(root: &Path, shown: &Path) -> Result<Tree, String> {
        let mut tree = Tree::default();
        match fs::read_dir(root) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(tree),
            Err(e) => Err(format!("cannot list `{}`: {e}", shown.display())),
            Ok(_) => {
                list(root, Path::new(""), shown, &mut tree.entries)?;
                tree.index = tree
                    .entries
                    .iter()
                    .filter_map(|(rel, kind)| Some((key(rel)?, *kind)))
                    .collect();
                Ok(tree)
            }
        }
    }

    /// Whether the output at `path` may be written (and may be compared with the file there):
    /// `Ok(true)` when a regular file is there, `Ok(false)` when nothing is, and an error naming
    /// the path when a link, a folder or anything else stands where the file or one of its
    /// folders must go.
    pub fn target(&self, path: &str, shown: &Path) -> Result<bool, String> {
        let at = |p: &str| shown.join(p).display().to_string();
        for (end, _) in path.match_indices('/') {
            let folder = &path[..end];
            match self.index.get(folder) {
                None => return Ok(false),
                Some(Kind::Dir) => {}
                Some(Kind::Link) => {
                    return Err(format!(
                        "`{}` is a symbolic link where the generator writes the folder of `{path}`; it never writes through a link: remove the link",
                        at(folder)
                    ));
                }
                Some(Kind::Held) => {
                    return Err(format!(
                        "`{}` is a `target` folder, which the generator never writes into (for `{path}`)",
                        at(folder)
                    ));
                }
                Some(Kind::File | Kind::Other) => {
                    return Err(format!(
                        "`{}` is a file where the generator writes the folder of `{path}`",
                        at(folder)
                    ));
                }
            }
        }
        match self.index.get(path) {
            None => Ok(false),
            Some(Kind::File) => Ok(true),
            Some(Kind::Link) => Err(format!(
                "`{}` is a symbolic link where the generator writes a file; it never writes through a link: remove the link",
                at(path)
            )),
            Some(Kind::Dir | Kind::Held) => Err(format!(
                "`{}` is a folder where the generator writes a file",
                at(path)
            )),
            Some(Kind::Other) => Err(format!(
                "`{}` is not a regular file (a FIFO, socket or device) where the generator writes a file",
                at(path)
            )),
        }
    }

    /// The regular files under `root` that no output has any more and whose first line carries
    /// our mark, sorted: the generator wrote them, and only they are left out of the new tree.
    /// Files in `target` folders and files under links are never among them.
    pub fn stale(&self, root: &Path, made: &HashSet<&str>) -> Vec<String> {
        let mut stale: Vec<String> = self
            .index
            .iter()
            .filter(|(p, kind)| **kind == Kind::File && !made.contains(p.as_str()))
            .filter(|(p, _)| is_generated(&root.join(p.as_str())))
            .map(|(p, _)| p.clone())
            .collect();
        stale.sort();
        stale
    }
}

/// `rel` as the `/`-joined text outputs are named by, if it is UTF-8.
pub fn key(rel: &Path) -> Option<String> {
    let mut key = String::new();
    for part in rel.components() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str(part.as_os_str().to_str()?);
    }
    Some(key)
}

fn list(
    root: &Path,
    rel: &Path,
    shown: &Path,
    entries: &mut Vec<(PathBuf, Kind)>,
) -> Result<(), String> {
    let dir = root.join(rel);
    let cannot = |e: std::io::Error| format!("cannot list `{}`: {e}", shown.join(rel).display());
    for entry in fs::read_dir(&dir).map_err(cannot)? {
        let entry = entry.map_err(cannot)?;
        // The entry's own type (`lstat` where the listing does not say): a link stays a link.
        let t = entry.file_type().map_err(cannot)?;
        let path = rel.join(entry.file_name());
        let kind = if t.is_symlink() {
            Kind::Link
        } else if t.is_dir() && entry.file_name() == "target" {
            Kind::Held
        } else if t.is_dir() {
            Kind::Dir
        } else if t.is_file() {
            Kind::File
        } else {
            Kind::Other
        };
        entries.push((path.clone(), kind));
        if kind == Kind::Dir {
            list(root, &path, shown, entries)?;
        }
    }
    Ok(())
}

/// Opens a file for reading without following a link at its last component (the folders above
/// it are known to be real folders).
pub fn open(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Whether the file at `path` holds exactly `contents`. It is read to its end into room for one
/// byte more than `contents`, with no look at its size first (a file read whole anyway needs none).
pub fn holds(path: &Path, contents: &[u8]) -> bool {
    let Ok(file) = open(path) else {
        return false;
    };
    let mut bytes = Vec::with_capacity(contents.len() + 1);
    let limit = contents.len() as u64 + 1;
    (&file).take(limit).read_to_end(&mut bytes).is_ok() && bytes == contents
}

/// A regular file whose first line carries our mark (only the first 4 KiB are read: our header
/// is one short line, and a user's large file is not read whole).
pub fn is_generated(path: &Path) -> bool {
    let Ok(file) = open(path) else {
        return false;
    };
    let mut head = Vec::with_capacity(4096);
    if (&file).take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    std::str::from_utf8(line).is_ok_and(|l| l.contains(MARK))
}
