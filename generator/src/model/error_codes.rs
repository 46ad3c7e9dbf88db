//! The documented error codes (`error_codes:`): each code's form, status and meaning decided once,
//! over every spec file, into one list sorted for lookup.
//!
//! The emitter writes the list as the crate's table (`error_codes.rs`), and `--docs` holds the
//! spec's entries against the page's table; neither checks them again.

use std::collections::HashMap;

use super::DocSources;
use crate::diag::Diagnostic;
use crate::load::LoadedFile;

/// One documented code, as the generated table holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentedCode {
    /// As the spec writes it (`Ecs.0005`).
    pub code: String,
    /// The HTTP status the page gives the code; `None` where it gives a success status.
    pub status: Option<u16>,
    /// Our meaning of the code, trimmed, on one line.
    pub meaning: String,
    /// The citation, rendered with its document's title.
    pub source: String,
}

/// Every spec file's `error_codes`, sorted by code without regard to case (the order the
/// generated lookup searches), with the problems of the entries, located in their files.
pub fn error_codes(files: &[LoadedFile]) -> (Vec<DocumentedCode>, Vec<Diagnostic>) {
    let mut codes = Vec::new();
    let mut problems = Vec::new();
    // Each code, folded to lower case, with the file and the path where it first stands.
    let mut first: HashMap<String, (&LoadedFile, String)> = HashMap::new();
    for file in files {
        let docs = DocSources(&file.spec.sources);
        for (i, e) in file.spec.error_codes.iter().enumerate() {
            let at = |key: &str| format!("error_codes[{i}].{key}");
            let mut good = true;
            if let Some(why) = code_problem(&e.code) {
                good = false;
                problems.push(
                    file.diag(&at("code"), format!("`{}` is not an error code: {why}", e.code))
                        .with_help("write a code as the service sends it: a name, a dot and four digits (`Ecs.0005`, `Common.0024`)"),
                );
            } else if let Some((other, path)) = first.get(&e.code.to_ascii_lowercase()) {
                good = false;
                let line = other.locator.find(path).map_or(0, |s| s.line + 1);
                problems.push(
                    file.diag(
                        &at("code"),
                        format!("the error code `{}` is given twice", e.code),
                    )
                    .with_related("first", other.display.clone(), line)
                    .with_help("give each code once (codes are told apart without regard to case)"),
                );
            } else {
                first.insert(e.code.to_ascii_lowercase(), (file, at("code")));
            }
            if let Some(status) = e.status.filter(|s| !(400..=599).contains(s)) {
                good = false;
                problems.push(
                    file.diag(&at("status"), format!("`status: {status}` is not an HTTP error status"))
                        .with_help("an error code's status is from 400 to 599; where the page gives another, leave `status` out and state the page's with a `status` deviation"),
                );
            }
            let meaning = e.meaning.split_whitespace().collect::<Vec<_>>().join(" ");
            if meaning.is_empty() {
                good = false;
                problems.push(
                    file.diag(&at("meaning"), "the meaning is empty").with_help(
                        "say in a few words of your own what the code tells its receiver",
                    ),
                );
            }
            if good {
                codes.push(DocumentedCode {
                    code: e.code.clone(),
                    status: e.status,
                    meaning,
                    source: docs.render(&e.source),
                });
            }
        }
    }
    codes.sort_by_key(|c| c.code.to_ascii_lowercase());
    (codes, problems)
}

/// Why `code` is not of the form `Name.NNNN` (a letter, then letters, a dot, four digits).
fn code_problem(code: &str) -> Option<&'static str> {
    let Some((name, number)) = code.split_once('.') else {
        return Some("it has no `.` between its name and its number");
    };
    if !name.starts_with(|c: char| c.is_ascii_alphabetic())
        || !name.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Some("its name is not a word of ASCII letters and digits");
    }
    if number.len() != 4 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Some("its number is not four digits");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::code_problem;

    #[test]
    fn a_code_is_a_name_a_dot_and_four_digits() {
        for ok in ["Ecs.0005", "Common.0024", "Pdp.0001", "ECS.1300"] {
            assert_eq!(code_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("Ecs0005", "no `.`"),
            ("Ecs.005", "four digits"),
            ("Ecs.00051", "four digits"),
            ("Ecs.00x5", "four digits"),
            (".0005", "name"),
            ("0cs.0005", "name"),
            ("E-cs.0005", "name"),
            ("Ecs.0005.1", "four digits"),
        ] {
            let why_not = code_problem(bad).unwrap_or_else(|| panic!("{bad:?} passed"));
            assert!(why_not.contains(why), "{bad:?}: {why_not}");
        }
    }
}
