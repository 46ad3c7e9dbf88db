//! The generator's write never follows a link out of the output folder, never removes what it did
//! not write, refuses what it cannot write before anything changes, and clears what an
//! interrupted run left (issue 17, items 3 and 4). The kill test is in `write_kill.rs`.

mod support;
mod write_support;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use client_codegen::{Failure, write};
use write_support::{Entry, MARK, Temp, assert_tree, expected, names, outputs, picture, synthetic};

fn spec() -> PathBuf {
    support::root().join("spec")
}

/// What the real spec makes, as (path, text).
fn real_files() -> Vec<(String, String)> {
    let generated = client_codegen::generate(&spec()).unwrap();
    generated
        .files
        .into_iter()
        .map(|o| (o.path, o.contents))
        .collect()
}

/// How many files the real spec makes (26 when this was written).
fn files() -> usize {
    real_files().len()
}

/// `temp/gen`, generated from the real spec; the run's (written, unchanged, removed).
fn generated(temp: &Temp) -> PathBuf {
    let out = temp.join("gen");
    let s = client_codegen::run(&spec(), &out, false).unwrap();
    assert_eq!((s.written, s.unchanged, s.removed), (files(), 0, 0));
    out
}

fn run(out: &Path) -> (usize, usize, usize) {
    let s = client_codegen::run(&spec(), out, false).unwrap();
    (s.written, s.unchanged, s.removed)
}

/// Makes the next run change one file: a hand edit of `src/lib.rs`.
fn touch(out: &Path) {
    let lib = out.join("src/lib.rs");
    let mut text = fs::read_to_string(&lib).unwrap();
    text.push_str("// edited\n");
    fs::write(&lib, text).unwrap();
}

fn io_message(result: Result<client_codegen::Summary, Failure>) -> String {
    match result {
        Err(Failure::Io(message)) => message,
        Err(other) => panic!("expected an I/O failure (exit 2), got {other:?}"),
        Ok(_) => panic!("expected an I/O failure (exit 2), the run succeeded"),
    }
}

#[test]
fn a_link_to_an_outside_folder_is_kept_and_its_marked_files_survive() {
    let temp = Temp::new("vendored");
    let out = generated(&temp);
    let other = temp.join("other-crate");
    fs::create_dir_all(other.join("src")).unwrap();
    fs::write(other.join("src/lib.rs"), format!("// {MARK} elsewhere\n")).unwrap();
    fs::write(other.join("Cargo.toml"), format!("# {MARK} elsewhere\n")).unwrap();
    symlink("../other-crate", out.join("vendored")).unwrap();
    let outside = picture(&other);
    for changes in [false, true] {
        if changes {
            touch(&out);
        }
        assert_eq!(
            run(&out),
            (usize::from(changes), files() - usize::from(changes), 0)
        );
        assert_tree(&other, &outside, "the folder the link leads to");
        assert_eq!(
            picture(&out).get("vendored"),
            Some(&Entry::Link("../other-crate".into()))
        );
    }
    let mut want = expected(&real_files());
    want.insert("vendored".into(), Entry::Link("../other-crate".into()));
    assert_tree(&out, &want, "");
    assert_eq!(names(&temp.0), ["gen", "other-crate"]);
}

#[test]
fn a_link_loop_is_kept_and_the_new_files_are_written() {
    let temp = Temp::new("loop");
    let out = generated(&temp);
    symlink(".", out.join("loop")).unwrap();
    fs::remove_file(out.join("Cargo.toml")).unwrap();
    touch(&out);
    assert_eq!(run(&out), (2, files() - 2, 0));
    let mut want = expected(&real_files());
    want.insert("loop".into(), Entry::Link(".".into()));
    assert_tree(&out, &want, "");
    assert_eq!(run(&out), (0, files(), 0));
}

#[test]
fn a_users_own_files_survive_every_run_and_only_marked_files_are_removed() {
    let temp = Temp::new("user");
    let out = generated(&temp);
    let mine: [(&str, String); 5] = [
        ("NOTES.md", "my notes\n".into()),
        ("src/helper.rs", "// mine\n".into()),
        ("notes/deep/a.txt", "deep\n".into()),
        // Our mark, but not on the first line: not ours.
        ("src/second_line.rs", format!("// mine\n// {MARK}\n")),
        // Our mark in a build's `target` folder: never scanned, kept.
        ("target/debug/old.rs", format!("// {MARK} from a build\n")),
    ];
    for (path, text) in &mine {
        fs::create_dir_all(out.join(path).parent().unwrap()).unwrap();
        fs::write(out.join(path), text).unwrap();
    }
    fs::write(
        out.join("src/gone.rs"),
        format!("// {MARK} from spec/gone.yaml.\n"),
    )
    .unwrap();
    let mut want = expected(&real_files());
    for (path, text) in &mine {
        want.extend(expected(&[(path.to_string(), text.clone())]));
    }
    assert_eq!(
        run(&out),
        (0, files(), 1),
        "the stale marked file is removed"
    );
    assert_tree(&out, &want, "");
    assert_eq!(run(&out), (0, files(), 0));
    touch(&out);
    assert_eq!(run(&out), (1, files() - 1, 0));
    assert_tree(&out, &want, "");
    assert_eq!(
        names(&temp.0),
        ["gen"],
        "nothing left beside the output folder"
    );
}

#[test]
fn a_folder_where_a_file_goes_fails_and_leaves_the_old_tree() {
    let temp = Temp::new("folder");
    let out = generated(&temp);
    touch(&out);
    fs::remove_file(out.join("Cargo.toml")).unwrap();
    fs::create_dir(out.join("Cargo.toml")).unwrap();
    fs::write(out.join("Cargo.toml/keep.txt"), "kept\n").unwrap();
    let before = picture(&out);
    let message = io_message(client_codegen::run(&spec(), &out, false));
    let shown = out.join("Cargo.toml");
    assert_eq!(
        message,
        format!(
            "`{}` is a folder where the generator writes a file",
            shown.display()
        )
    );
    assert_tree(&out, &before, "every file byte for byte as it was");
    assert_eq!(names(&temp.0), ["gen"]);
}

#[test]
fn a_link_where_a_file_or_a_folder_goes_is_refused_and_never_written_through() {
    let temp = Temp::new("through");
    let out = generated(&temp);
    fs::write(temp.join("precious.toml"), "precious\n").unwrap();
    fs::create_dir(temp.join("elsewhere")).unwrap();
    fs::remove_file(out.join("Cargo.toml")).unwrap();
    symlink("../precious.toml", out.join("Cargo.toml")).unwrap();
    let before = picture(&temp.0);
    let message = io_message(client_codegen::run(&spec(), &out, false));
    assert_eq!(
        message,
        format!(
            "`{}` is a symbolic link where the generator writes a file; it never writes through a link: remove the link",
            out.join("Cargo.toml").display()
        )
    );
    assert_tree(&temp.0, &before, "");

    fs::remove_file(out.join("Cargo.toml")).unwrap();
    fs::rename(out.join("examples"), temp.join("examples-aside")).unwrap();
    symlink("../elsewhere", out.join("examples")).unwrap();
    let before = picture(&temp.0);
    let message = io_message(client_codegen::run(&spec(), &out, false));
    assert_eq!(
        message,
        format!(
            "`{}` is a symbolic link where the generator writes the folder of `examples/reinstall_and_wait.rs`; it never writes through a link: remove the link",
            out.join("examples").display()
        )
    );
    assert_tree(&temp.0, &before, "");
    assert_eq!(names(&temp.join("elsewhere")), Vec::<String>::new());
}

#[test]
fn two_outputs_at_one_path_are_refused_before_anything_changes() {
    let temp = Temp::new("twice");
    let out = generated(&temp);
    touch(&out);
    let copy = temp.join("spec");
    fs::create_dir(&copy).unwrap();
    for entry in fs::read_dir(spec()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = fs::read_to_string(&path).unwrap();
            let text = text.replace("\n  show_job:\n", "\n  mod:\n");
            fs::write(copy.join(path.file_name().unwrap()), text).unwrap();
        }
    }
    let before = picture(&out);
    // The check refuses the operation that would be written over the module list, before any
    // output is made; the writer's own refusal (below) stays as the last line of defence.
    match client_codegen::run(&copy, &out, false) {
        Err(Failure::Spec(diags)) => assert_eq!(
            diags.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
            ["operation id `mod` is a Rust keyword"]
        ),
        other => panic!("expected the spec to be refused, got {:?}", other.err()),
    }
    assert_tree(&out, &before, "");
    assert_eq!(names(&temp.0), ["gen", "spec"]);

    // Outputs in memory: the same refusal, and a file that would also be a folder.
    let files = [("a/b.rs", "1"), ("c.rs", "2"), ("a/b.rs", "3")];
    let twice = outputs(&files.map(|(p, t)| (p.to_string(), t.to_string())));
    assert_eq!(
        write::apply(&out, &twice).unwrap_err(),
        "two outputs would be written to `a/b.rs`: output 0 (`a/b.rs`) and output 2 (`a/b.rs`); rename one in the spec"
    );
    let nested = outputs(&[("a".into(), "1".into()), ("a/b.rs".into(), "2".into())]);
    assert_eq!(
        write::apply(&out, &nested).unwrap_err(),
        "`a` would be both a file (output 0 (`a`)) and the folder of `a/b.rs` (output 1 (`a/b.rs`)); rename one in the spec"
    );
    let outside = outputs(&[("../escape.rs".into(), "1".into())]);
    assert_eq!(
        write::apply(&out, &outside).unwrap_err(),
        "the output path `../escape.rs` does not name a file inside the output folder"
    );
    assert_tree(&out, &before, "");
    assert_eq!(names(&temp.0), ["gen", "spec"]);
}

#[test]
fn leftovers_of_an_interrupted_run_are_cleared_first_and_never_taken_for_files() {
    let temp = Temp::new("leftovers");
    let out = temp.join("out");
    let old = synthetic(40, "old", 3);
    let new = synthetic(40, "new", 3);
    write::apply(&out, &outputs(&old)).unwrap();
    let swap = temp.join(".out.codegen-swap");
    let aside = temp.join(".out.codegen-old");

    // An unfinished new tree beside the folder, and an older writer's temporary file inside.
    fs::create_dir_all(swap.join("src/m1")).unwrap();
    fs::write(swap.join("src/m1/f1.rs"), "half").unwrap();
    fs::write(
        out.join("src/.f1.rs.codegen-tmp"),
        format!("// {MARK} tmp\n"),
    )
    .unwrap();
    let done = write::apply(&out, &outputs(&new)).unwrap();
    assert_eq!((done.changed.len(), done.unchanged), (26, 14));
    assert_eq!(done.stale, ["src/.f1.rs.codegen-tmp"]);
    assert_tree(&out, &expected(&new), "");
    assert_eq!(names(&temp.0), ["out"]);

    // Killed between the two renames of the switch without an exchange: no output folder.
    fs::rename(&out, &aside).unwrap();
    fs::create_dir(&swap).unwrap();
    let done = write::apply(&out, &outputs(&new)).unwrap();
    assert_eq!((done.changed.len(), done.unchanged), (0, 40));
    assert_tree(&out, &expected(&new), "");
    assert_eq!(names(&temp.0), ["out"]);

    // Killed while removing the old tree.
    fs::create_dir_all(aside.join("src")).unwrap();
    fs::write(aside.join("src/lib.rs"), format!("// {MARK} old\n")).unwrap();
    let done = write::apply(&out, &outputs(&old)).unwrap();
    assert_eq!((done.changed.len(), done.unchanged), (26, 14));
    assert_tree(&out, &expected(&old), "");
    assert_eq!(names(&temp.0), ["out"]);

    // `--check` neither recovers nor writes.
    fs::create_dir(&swap).unwrap();
    let done = write::compare(&out, &outputs(&new)).unwrap();
    assert_eq!((done.changed.len(), done.unchanged), (26, 14));
    assert_tree(&out, &expected(&old), "");
    assert_eq!(names(&temp.0), [".out.codegen-swap", "out"]);
    fs::remove_dir(&swap).unwrap();

    // Something else in the generator's name is not removed.
    fs::write(&swap, "not ours").unwrap();
    assert_eq!(
        write::apply(&out, &outputs(&new)).unwrap_err(),
        format!(
            "`{}` is in the generator's way: it uses that name for its switch, but there is a file or link there, not a folder it left: remove it",
            swap.display()
        )
    );
    assert_eq!(fs::read(&swap).unwrap(), b"not ours");
    assert_tree(&out, &expected(&old), "");
}

#[test]
fn runs_writing_one_folder_at_once_wait_for_each_other() {
    let temp = Temp::new("together");
    let out = temp.join("out");
    let versions = [synthetic(300, "one", 4), synthetic(300, "two", 4)];
    let results: Vec<Result<(), String>> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..4)
            .map(|t| {
                let (out, versions) = (&out, &versions);
                scope.spawn(move || {
                    for i in 0..3 {
                        write::apply(out, &outputs(&versions[(t + i) % 2]))?;
                    }
                    Ok(())
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    assert_eq!(results, vec![Ok(()); 4]);
    let seen = picture(&out);
    assert!(
        seen == expected(&versions[0]) || seen == expected(&versions[1]),
        "the folder is one whole version"
    );
    assert_eq!(names(&temp.0), ["out"]);
}
