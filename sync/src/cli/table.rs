//! Plain-text tables for `affiliate resources` and `affiliate status`:
//! each column as wide as its widest cell, two spaces between columns,
//! and no padding after the last one.

/// A column's alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text columns.
    Left,
    /// Number columns.
    Right,
}

/// Renders `header` and `rows` as lines (each without its newline).
pub fn render(header: &[(&str, Align)], rows: &[Vec<String>]) -> Vec<String> {
    let cells = |row: &[String], i: usize| row.get(i).map_or(0, |c| c.chars().count());
    let widths: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(i, (h, _))| {
            rows.iter()
                .map(|r| cells(r, i))
                .max()
                .unwrap_or(0)
                .max(h.chars().count())
        })
        .collect();
    let line = |row: Vec<&str>| {
        let last = row.len().saturating_sub(1);
        let mut out = String::new();
        for (i, cell) in row.into_iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            match header[i].1 {
                Align::Right => {
                    out.push_str(&" ".repeat(pad));
                    out.push_str(cell);
                }
                Align::Left if i == last => out.push_str(cell),
                Align::Left => {
                    out.push_str(cell);
                    out.push_str(&" ".repeat(pad));
                }
            }
            if i != last {
                out.push_str("  ");
            }
        }
        out
    };
    let mut out = vec![line(header.iter().map(|(h, _)| *h).collect())];
    for row in rows {
        out.push(line(
            (0..header.len())
                .map(|i| row.get(i).map_or("", String::as_str))
                .collect(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_their_widest_cell() {
        let rows = vec![
            vec![
                "partnerstack.partner.marketplace_programs".to_owned(),
                "12".to_owned(),
                "key".to_owned(),
            ],
            vec![
                "dub.tags".to_owned(),
                "3".to_owned(),
                "PromotionFileId".to_owned(),
            ],
        ];
        let lines = render(
            &[
                ("SELECTOR", Align::Left),
                ("N", Align::Right),
                ("KEY", Align::Left),
            ],
            &rows,
        );
        let long = "partnerstack.partner.marketplace_programs";
        assert_eq!(
            lines,
            [
                format!("{:<41}  {:>2}  KEY", "SELECTOR", "N"),
                format!("{long}  12  key"),
                format!("{:<41}  {:>2}  PromotionFileId", "dub.tags", "3"),
            ]
        );
    }
}
