//! Doc comments: text from the API description made rustdoc-safe, and the
//! generator's own Markdown written as is.

/// Renders `text` as `///` (or `//!` with `inner`) lines at `indent`.
pub fn doc_comment(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for line in sanitize(text).lines() {
        let line = line.trim_end();
        if line.is_empty() {
            out.push_str(&format!("{indent}///\n"));
        } else {
            out.push_str(&format!("{indent}/// {line}\n"));
        }
    }
    out
}

/// Renders the generator's own Markdown (links, headings, examples) as
/// `///` lines at `indent`, unescaped.
pub fn raw_comment(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            out.push_str(&format!("{indent}///\n"));
        } else {
            out.push_str(&format!("{indent}/// {line}\n"));
        }
    }
    out
}

/// Escapes what rustdoc would misread: brackets (intra-doc links), angle
/// brackets (HTML tags), bare URLs, and code fences without a language
/// (which would become doctests).
pub fn sanitize(text: &str) -> String {
    let mut out = String::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if !in_fence && trimmed.trim() == "```" {
                out.push_str("```text\n");
            } else {
                out.push_str(trimmed);
                out.push('\n');
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        // Outside code spans (between backticks), escape and link URLs.
        for (i, part) in line.split('`').enumerate() {
            if i > 0 {
                out.push('`');
            }
            if i % 2 == 1 {
                out.push_str(part);
            } else {
                out.push_str(&escape_prose(part));
            }
        }
        out.push('\n');
    }
    out
}

fn escape_prose(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while !rest.is_empty() {
        let next_url = ["https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let (before, url_part) = match next_url {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        for c in before.chars() {
            match c {
                '[' => out.push_str("\\["),
                ']' => out.push_str("\\]"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '*' if before.matches('*').count() % 2 == 1 => out.push_str("\\*"),
                _ => out.push(c),
            }
        }
        if url_part.is_empty() {
            break;
        }
        let end = url_part
            .find(|c: char| {
                c.is_whitespace() || matches!(c, ')' | '(' | '"' | '\'' | '<' | '>' | '[' | ']')
            })
            .unwrap_or(url_part.len());
        let mut url = &url_part[..end];
        while url.ends_with(['.', ',', ';', ':']) {
            url = &url[..url.len() - 1];
        }
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = &url_part[url.len()..];
    }
    out
}

/// The first sentence (or line) of a description, for setter docs.
pub fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    line.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            sanitize("See [docs](https://dub.co/x). Use `a[0]` <b>"),
            "See \\[docs\\](<https://dub.co/x>). Use `a[0]` &lt;b&gt;\n"
        );
        assert_eq!(sanitize("```\nx\n```"), "```text\nx\n```\n");
    }
}
