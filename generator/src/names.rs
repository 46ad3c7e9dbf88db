//! Rust names derived from wire names: `imageRef` → `image_ref`, `HARD_REBOOT` → `HardReboot`.
//!
//! Keywords become raw identifiers (`type` → `r#type`); the four that cannot be raw (`self`,
//! `Self`, `super`, `crate`) get a trailing underscore. Names that would collide after this are
//! reported by `check`, never merged.

/// Splits a wire name into lower-case words at separators and case changes.
pub fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            let boundary = c.is_ascii_uppercase()
                && prev.is_some_and(|p| {
                    p.is_ascii_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
                });
            if boundary && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            word.push(c.to_ascii_lowercase());
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

/// `snake_case`, before keyword escaping.
pub fn snake(name: &str) -> String {
    words(name).join("_")
}

/// `UpperCamelCase`, before keyword escaping.
pub fn camel(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| {
                f.to_ascii_uppercase().to_string() + c.as_str()
            })
        })
        .collect()
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
    }

    #[test]
    fn keywords_are_escaped_so_they_compile() {
        assert_eq!(escape("type"), "r#type");
        assert_eq!(escape("self"), "self_");
        assert_eq!(escape("Self"), "Self_");
        assert_eq!(escape("name"), "name");
    }
}
