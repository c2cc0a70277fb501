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
    if s.ends_with("ics") || s.ends_with("information") {
        s.to_owned()
    } else if let Some(stem) = s.strip_suffix("ies") {
        format!("{stem}y")
    } else if s.ends_with("ss") || s.ends_with("us") {
        s.to_owned()
    } else if let Some(stem) = s.strip_suffix('s') {
        stem.to_owned()
    } else {
        s.to_owned()
    }
}

/// Method words that are verbs; a method starting with another word names
/// a thing (`track().open`, `partners().links`).
const VERBS: &[&str] = &[
    "accept",
    "add",
    "approve",
    "ban",
    "cancel",
    "check",
    "complete",
    "count",
    "create",
    "deactivate",
    "decline",
    "delete",
    "download",
    "expire",
    "export",
    "get",
    "list",
    "register",
    "reject",
    "remove",
    "replace",
    "replay",
    "resolution",
    "retrieve",
    "reverse",
    "run",
    "search",
    "send",
    "show",
    "submit",
    "update",
    "upload",
    "upsert",
];

/// The request builder's name of the method `method` of the handler
/// `handler`, `<Verb><Resource>` for every API: the method's verb, the
/// resource (plural for a plain `list` and for `_many`/`_all`, else
/// singular), then the method's other words: `links().list` ->
/// `ListLinks`, `links().get` -> `GetLink`, `actions().list_items` ->
/// `ListActionItems`, `links().update_many` -> `UpdateManyLinks`. A method
/// that does not start with a verb follows the resource:
/// `track().open` -> `TrackOpen`, `partners().links` -> `PartnerLinks`.
pub fn builder_name(handler: &str, method: &str) -> String {
    let handler = handler.rsplit("::").next().unwrap_or(handler);
    let method_words = words(method);
    let Some((verb, rest)) = method_words.split_first() else {
        return pascal(handler);
    };
    let plural = pascal(handler);
    let mut noun = words(handler);
    if let Some(last) = noun.last_mut() {
        *last = singular(last);
    }
    let singular_noun = pascal(&noun.join(" "));
    let rest_text = pascal(&rest.join(" "));
    if !VERBS.contains(&verb.as_str()) {
        singular_noun + &pascal(&method_words.join(" "))
    } else if rest.is_empty() && (verb == "list" || verb == "count") {
        pascal(verb) + &plural
    } else if matches!(rest, [w] if w == "many" || w == "all") {
        pascal(verb) + &rest_text + &plural
    } else {
        pascal(verb) + &singular_noun + &rest_text
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

    #[test]
    fn builder_names() {
        assert_eq!(builder_name("crate::resources::Links", "list"), "ListLinks");
        assert_eq!(builder_name("Links", "get"), "GetLink");
        assert_eq!(builder_name("Campaigns", "get"), "GetCampaign");
        assert_eq!(builder_name("Actions", "list_items"), "ListActionItems");
        assert_eq!(builder_name("Links", "update_many"), "UpdateManyLinks");
        assert_eq!(builder_name("Domains", "check_status"), "CheckDomainStatus");
        assert_eq!(builder_name("Track", "open"), "TrackOpen");
        assert_eq!(builder_name("Links", "count"), "CountLinks");
        assert_eq!(builder_name("Analytics", "retrieve"), "RetrieveAnalytics");
        assert_eq!(builder_name("Partners", "links"), "PartnerLinks");
        assert_eq!(
            builder_name("CompanyInformation", "get"),
            "GetCompanyInformation"
        );
    }
}
