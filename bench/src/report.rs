//! What a scenario reports: a table, notes, and pass/fail targets.

use std::fmt;
use std::time::Duration;

/// A scenario's results.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The result table.
    pub table: Table,
    /// Free-form lines printed under the table (ratios, explanations).
    pub notes: Vec<String>,
    /// The targets and whether they were met.
    pub checks: Vec<Check>,
}

/// One target and whether the run met it.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The target, e.g. `CPU engine/hand <= 1.15x at 20000 records`.
    pub target: String,
    /// What was measured, e.g. `1.04x`.
    pub measured: String,
    /// Whether the target was met.
    pub passed: bool,
}

impl Check {
    /// A target with its measured value.
    pub fn new(target: impl Into<String>, measured: impl Into<String>, passed: bool) -> Self {
        Check {
            target: target.into(),
            measured: measured.into(),
            passed,
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = if self.passed { "PASS" } else { "MISS" };
        write!(f, "[{mark}] {}: {}", self.target, self.measured)
    }
}

/// A text table with right-aligned columns (the first one left-aligned).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column titles.
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Self {
        Table {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cols = self
            .rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0);
        let mut widths = vec![0; cols];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |f: &mut fmt::Formatter<'_>, row: &[String]| -> fmt::Result {
            let mut out = String::new();
            for (i, w) in widths.iter().enumerate() {
                let cell = row.get(i).map_or("", String::as_str);
                if i == 0 {
                    out.push_str(&format!("{cell:<w$}"));
                } else {
                    out.push_str(&format!("  {cell:>w$}"));
                }
            }
            writeln!(f, "{}", out.trim_end())
        };
        line(f, &self.header)?;
        let total: usize = widths.iter().sum::<usize>() + 2 * cols.saturating_sub(1);
        writeln!(f, "{}", "-".repeat(total))?;
        for row in &self.rows {
            line(f, row)?;
        }
        Ok(())
    }
}

/// `1234.5 ms`-style milliseconds.
pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// Bytes as `KiB` or `MiB`.
pub fn bytes(n: usize) -> String {
    let n = n as f64;
    if n >= 10.0 * 1024.0 * 1024.0 {
        format!("{:.1} MiB", n / (1024.0 * 1024.0))
    } else {
        format!("{:.0} KiB", n / 1024.0)
    }
}

/// A ratio as `1.07x`.
pub fn ratio(r: f64) -> String {
    format!("{r:.2}x")
}

/// `a / b` as floats (0 when `b` is 0).
pub fn div(a: f64, b: f64) -> f64 {
    if b == 0.0 { 0.0 } else { a / b }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns() {
        let mut t = Table::new(["impl", "wall"]);
        t.row(["engine", "1.0 ms"]);
        t.row(["hand", "12.5 ms"]);
        assert_eq!(
            t.to_string(),
            "impl       wall\n---------------\nengine   1.0 ms\nhand    12.5 ms\n"
        );
    }

    #[test]
    fn units_read_well() {
        assert_eq!(ms(Duration::from_micros(1500)), "1.5 ms");
        assert_eq!(bytes(300 * 1024), "300 KiB");
        assert_eq!(bytes(20 << 20), "20.0 MiB");
        assert_eq!(ratio(div(3.0, 2.0)), "1.50x");
        assert_eq!(Check::new("t", "1.0x", false).to_string(), "[MISS] t: 1.0x");
    }
}
