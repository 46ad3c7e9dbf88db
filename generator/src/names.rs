//! Rust names: derived from wire names (`imageRef` → `image_ref`, `HARD_REBOOT` → `HardReboot`),
//! and the names that emitted code already uses, which a spec may not take.
//!
//! Keywords become raw identifiers (`type` → `r#type`); the four that cannot be raw (`self`,
//! `Self`, `super`, `crate`) get a trailing underscore. Names that would collide after this are
//! reported by `check`, never merged.

/// Splits a wire name into lower-case words at separators and case changes.
pub fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    each_word(name, |w| words.push(w.to_ascii_lowercase()));
    words
}

/// Calls `f` with each word of `name`, as written: separators are every character but ASCII
/// letters and digits, so that a word is ASCII; a word also starts at an upper-case letter after
/// a lower-case one or a digit, or before a lower-case one after another upper-case one.
fn each_word(name: &str, mut f: impl FnMut(&str)) {
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let b = part.as_bytes();
        let mut start = 0;
        for i in 1..b.len() {
            let (prev, c) = (b[i - 1], b[i]);
            let next_lower = b.get(i + 1).is_some_and(u8::is_ascii_lowercase);
            if c.is_ascii_uppercase()
                && (prev.is_ascii_lowercase()
                    || prev.is_ascii_digit()
                    || prev.is_ascii_uppercase() && next_lower)
            {
                f(&part[start..i]);
                start = i;
            }
        }
        if start < part.len() {
            f(&part[start..]);
        }
    }
}

/// `snake_case`, before keyword escaping.
pub fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    each_word(name, |w| {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(w.chars().map(|c| c.to_ascii_lowercase()));
    });
    out
}

/// `UpperCamelCase`, before keyword escaping.
pub fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    each_word(name, |w| {
        let mut chars = w.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    });
    out
}

/// The types that emitted code names without a path in the `types` and `operations` modules (the
/// standard prelude's). Everything else it names by path (`crate::Error`, `::otc_runtime::…`,
/// `::serde_json::Value`) or in the macro namespace (derives), and the locals of emitted bodies
/// and macros begin with `__`, so a schema may take any other UpperCamelCase name.
pub const BARE_TYPES: &[&str] = &["Option", "Result", "String", "Vec"];

/// The methods that the generated `Client` has before the spec adds any (its own `new` and
/// `builder`, those of the traits it implements, and those of the runtime's `Client` that it
/// derefs to): an operation or waiter of that name would clash with one or hide it.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "connect",
    "from_env",
    "from_cloud",
    "clone",
    "clone_from",
    "fmt",
    "deref",
    "from",
    "into",
    "execute",
    "endpoint",
    "project_id",
    "microversion",
    "request_context",
];

/// The module a spec file's types go to: its stem in snake case (before keyword escaping; the
/// file is `src/types/{this}.rs`).
pub fn file_module(file_name: &str) -> String {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    snake(stem)
}

/// Why `module` (a spec file's module, or an operation's) cannot name a module file of its own,
/// if it cannot: it must be an identifier that can be written raw, and not `mod`, whose file is
/// the folder's module list.
pub fn module_problem(module: &str) -> Option<&'static str> {
    if !is_identifier(module) {
        Some("is not an identifier (ASCII letters, digits and `_`, not starting with a digit)")
    } else if NOT_RAW.contains(&module) {
        Some("cannot be a module name, not even as a raw identifier")
    } else if module == "mod" {
        Some("would be written to `mod.rs`, the folder's module list")
    } else if module.starts_with("__") {
        Some("begins with `__`, which the generated code keeps for its own names")
    } else {
        None
    }
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The identifier as written in Rust source: `r#type`, `self_`, or the name itself.
pub fn escape(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// A name that can stand as an identifier once escaped: ASCII letters, digits and `_`, not
/// starting with a digit.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_become_idiomatic_rust_names() {
        assert_eq!(snake("imageRef"), "image_ref");
        assert_eq!(snake("OS-DCF:diskConfig"), "os_dcf_disk_config");
        assert_eq!(snake("__system__cmkid"), "system_cmkid");
        assert_eq!(snake("hostId"), "host_id");
        assert_eq!(snake("BYOL"), "byol");
        assert_eq!(snake("accessIPv4"), "access_i_pv4");
        assert_eq!(camel("HARD_REBOOT"), "HardReboot");
        assert_eq!(camel("withStopServer"), "WithStopServer");
        assert_eq!(camel("SUCCESS"), "Success");
        assert_eq!(snake("XMLHttpRequest2Go"), "xml_http_request2_go");
        assert_eq!(words("a--b  C"), ["a", "b", "c"]);
        assert_eq!(snake("caf\u{e9}Name"), "caf_name");
    }

    #[test]
    fn keywords_are_escaped_so_they_compile() {
        assert_eq!(escape("type"), "r#type");
        assert_eq!(escape("self"), "self_");
        assert_eq!(escape("Self"), "Self_");
        assert_eq!(escape("name"), "name");
    }
}
