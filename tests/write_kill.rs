//! A write killed with SIGKILL at any instant leaves the output folder wholly old or wholly new,
//! and the next run finishes with the new tree and no leftovers (issue 17, item 4).
//!
//! The writer is a real process: this test binary run again with `WRITE_KILL_CHILD` set, which
//! makes `child_writes_the_new_tree` write a large tree through the generator's library (the same
//! `write` that `client-codegen` runs), and is killed at evenly spread instants of its run.

mod write_support;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use client_codegen::write;
use write_support::{Entry, Temp, expected, names, outputs, synthetic};

const FILES: usize = 2000;
const KILLS: u32 = 12;

fn old_files() -> Vec<(String, String)> {
    let mut files = synthetic(FILES, "old", 5);
    // Files the new tree no longer has (stale), and one only it has.
    files.push((
        "src/gone/a.rs".into(),
        format!("// {} gone\n", write_support::MARK),
    ));
    files
}

fn new_files() -> Vec<(String, String)> {
    let mut files = synthetic(FILES, "new", 5);
    files.push((
        "src/fresh.rs".into(),
        format!("// {} fresh\n", write_support::MARK),
    ));
    files
}

/// The child: writes the new tree into the folder it is given, then exits.
#[test]
#[ignore = "the writer process of the kill test, which runs it with WRITE_KILL_CHILD set"]
fn child_writes_the_new_tree() {
    let out = std::env::var_os("WRITE_KILL_CHILD").expect("WRITE_KILL_CHILD names the folder");
    let done = write::apply(Path::new(&out), &outputs(&new_files())).unwrap();
    assert_eq!(done.changed.len(), FILES - FILES / 5 + 1);
}

fn spawn(out: &Path) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_writes_the_new_tree", "--ignored"])
        .env("WRITE_KILL_CHILD", out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// How many files are staged in the new tree's `src/m*` folders.
fn staged(swap: &Path) -> usize {
    let Ok(folders) = fs::read_dir(swap.join("src")) else {
        return 0;
    };
    folders
        .flatten()
        .filter_map(|f| fs::read_dir(f.path()).ok())
        .map(|files| files.count())
        .sum()
}

/// The tree with the user's own entries, which every version keeps.
fn with_users(files: &[(String, String)]) -> BTreeMap<String, Entry> {
    let mut tree = expected(files);
    tree.insert("NOTES.md".into(), Entry::File(b"mine\n".to_vec()));
    tree.insert("loop".into(), Entry::Link(".".into()));
    tree
}

/// `out` back to the old tree, with the user's entries, by the write under test.
fn reset(out: &Path, old: &BTreeMap<String, Entry>) {
    write::apply(out, &outputs(&old_files())).unwrap();
    if !out.join("NOTES.md").exists() {
        fs::write(out.join("NOTES.md"), "mine\n").unwrap();
        symlink(".", out.join("loop")).unwrap();
    }
    write_support::assert_tree(out, old, "reset");
}

#[test]
fn a_write_killed_at_any_instant_leaves_the_old_or_the_new_tree() {
    let temp = Temp::new("kill");
    let out = temp.join("out");
    let (old, new) = (with_users(&old_files()), with_users(&new_files()));
    reset(&out, &old);

    // Two whole runs first: how long the child takes (the quicker), and that it makes the new tree.
    let mut whole = Duration::MAX;
    for _ in 0..2 {
        reset(&out, &old);
        let started = Instant::now();
        let status = spawn(&out).wait().unwrap();
        whole = whole.min(started.elapsed());
        assert!(status.success());
        write_support::assert_tree(&out, &new, "");
    }

    let swap = temp.join(".out.codegen-swap");
    let (mut saw_old, mut saw_new, mut staged_left, mut old_left) = (0, 0, 0, 0);
    let deadline = Instant::now() + Duration::from_secs(60);
    for k in 0..KILLS {
        if Instant::now() > deadline {
            break;
        }
        reset(&out, &old);
        let mut child = spawn(&out);
        if k % 2 == 0 {
            // While staging: once a share of the changed files is in the new tree.
            let share = (FILES - FILES / 5) * (k as usize + 1) / (KILLS as usize + 1);
            let waiting = Instant::now();
            while staged(&swap) < share && waiting.elapsed() < whole * 4 {
                std::thread::sleep(Duration::from_micros(200));
            }
        } else {
            // Around the switch: once the user's file is carried over into the new tree (or the
            // run is over), then a little later each time, through the clean-up.
            let waiting = Instant::now();
            while !swap.join("NOTES.md").exists()
                && waiting.elapsed() < whole * 4
                && child.try_wait().unwrap().is_none()
            {
                std::thread::sleep(Duration::from_micros(100));
            }
            std::thread::sleep(whole.mul_f64(0.03 * f64::from(k / 2)));
        }
        let _ = child.kill();
        let _ = child.wait();
        let seen = write_support::picture(&out);
        let leftovers = names(&temp.0).len() > 1;
        if seen == old {
            saw_old += 1;
            staged_left += usize::from(leftovers);
        } else if seen == new {
            saw_new += 1;
            old_left += usize::from(leftovers);
        } else {
            let differ: Vec<_> = seen
                .iter()
                .filter(|(p, e)| old.get(*p) != Some(e) && new.get(*p) != Some(e))
                .map(|(p, _)| p)
                .take(5)
                .collect();
            panic!("kill {k}: the tree is neither old nor new ({differ:?} ...)");
        }
        // The next run finishes: the new tree, nothing beside it.
        let done = write::apply(&out, &outputs(&new_files())).unwrap();
        assert_eq!(done.unchanged + done.changed.len(), FILES + 1);
        write_support::assert_tree(&out, &new, &format!("kill {k}"));
        assert_eq!(
            names(&temp.0),
            ["out"],
            "kill {k}: leftovers beside the folder"
        );
    }
    assert!(
        saw_old + saw_new >= 4,
        "too few kills ran: {saw_old} + {saw_new}"
    );
    assert!(
        staged_left >= 1,
        "a kill while staging leaves the old tree and a staged one"
    );
    eprintln!(
        "kills: {saw_old} old ({staged_left} with a staged tree beside), {saw_new} new ({old_left} with the old tree beside)"
    );
}
