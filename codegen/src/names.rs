//! Identifier helpers shared by the core and the emitters.

/// Splits `fooBar_baz-qux`, `HTTPServer` or `link.created` into lowercase words.
pub fn words(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut words = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                words.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// `PascalCase`.
pub fn pascal(s: &str) -> String {
    words(s)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `snake_case`.
pub fn snake(s: &str) -> String {
    words(s).join("_")
}

/// A field or function name that is a valid Rust identifier.
pub fn rust_ident(s: &str) -> String {
    let mut name = snake(s);
    if name.is_empty() {
        name = "value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("n{name}");
    }
    if is_keyword(&name) {
        if matches!(name.as_str(), "self" | "super" | "crate" | "Self") {
            name.push('_');
        } else {
            name = format!("r#{name}");
        }
    }
    name
}

/// A type or variant name that is a valid Rust identifier.
pub fn rust_type_ident(s: &str) -> String {
    let mut name = pascal(s);
    if name.is_empty() {
        name = "Wildcard".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("V{name}");
    }
    if name == "Self" {
        name = "SelfValue".into();
    }
    name
}

/// The singular of a plural property name, for the items of an array.
pub fn singular(s: &str) -> String {
    if let Some(stem) = s.strip_suffix("ies") {
        format!("{stem}y")
    } else if s.ends_with("ss") || s.ends_with("us") {
        s.to_owned()
    } else if let Some(stem) = s.strip_suffix('s') {
        stem.to_owned()
    } else {
        s.to_owned()
    }
}

fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "break"
            | "const"
            | "continue"
            | "crate"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(snake("refererUrl"), "referer_url");
        assert_eq!(snake("utm_source"), "utm_source");
        assert_eq!(snake("AnalyticsOS"), "analytics_os");
        assert_eq!(pascal("link.created"), "LinkCreated");
        assert_eq!(pascal("getQRCode"), "GetQrCode");
        assert_eq!(rust_ident("type"), "r#type");
        assert_eq!(rust_type_ident("24h"), "V24h");
        assert_eq!(rust_type_ident("*"), "Wildcard");
        assert_eq!(singular("testVariants"), "testVariant");
        assert_eq!(singular("categories"), "category");
    }
}
