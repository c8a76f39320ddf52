//! Rendering: the last stage. Each view (an allocation, a comparison, the
//! method table) is first laid out as a `Doc` (headings, one grid, notes)
//! and then written as a terminal table, markdown or CSV; JSON is built
//! from the data directly so that its shape stays stable.

mod allocation;
mod answer;
mod check;
mod compare;
mod html;
mod identify;
mod margin;
mod methods;
mod population;
mod robust;
mod rules;
mod seats;
mod sweep;
mod threshold;

use std::fmt::Write as _;

use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Style};

pub use allocation::AllocationContext;
pub use answer::allocation;
pub use check::check;
pub use compare::{compare, compare_page};
pub use identify::identify;
pub use margin::margin;
pub use methods::methods;
pub use population::population;
pub use robust::robust;
pub use rules::rules_outcome;
pub use sweep::sweep;
pub use threshold::threshold;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A boxed table for the terminal, with notes.
    #[default]
    Table,
    /// GitHub-flavoured markdown: a heading, the table, notes as a list.
    Markdown,
    /// The grid alone, for spreadsheets.
    Csv,
    /// A stable JSON object (documented in the README).
    Json,
    /// One self-contained HTML page (`compare` writes the full report;
    /// other views a plain page of their table).
    Html,
}

/// A view laid out for the text formats.
#[derive(Debug, Clone, Default)]
pub(crate) struct Doc {
    /// Heading lines; the first is the title.
    pub heading: Vec<String>,
    /// Column names.
    pub header: Vec<String>,
    /// Rows of cells, already formatted.
    pub rows: Vec<Vec<String>>,
    /// Indices of rows after which a rule is drawn (e.g. before totals).
    pub rule_after: Vec<usize>,
    /// Columns (from the first) that hold text rather than numbers.
    pub text_columns: usize,
    /// Notes under the table.
    pub notes: Vec<String>,
}

impl Doc {
    /// Writes the doc in a text format (not JSON).
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Table => self.terminal(),
            Format::Markdown => self.markdown(),
            Format::Csv | Format::Json => self.csv(),
            Format::Html => html::doc_page(self),
        }
    }

    fn terminal(&self) -> String {
        let mut out = String::new();
        for line in &self.heading {
            let _ = writeln!(out, "{line}");
        }
        if !self.heading.is_empty() {
            out.push('\n');
        }
        let mut builder = Builder::default();
        builder.push_record(self.header.clone());
        for (i, row) in self.rows.iter().enumerate() {
            builder.push_record(row.clone());
            if self.rule_after.contains(&i) && i + 1 < self.rows.len() {
                let blank: Vec<String> = self.header.iter().map(|_| String::new()).collect();
                builder.push_record(blank);
            }
        }
        let mut table = builder.build();
        table.with(Style::rounded());
        table.modify(Columns::new(self.text_columns..), Alignment::right());
        let _ = writeln!(out, "{table}");
        for note in &self.notes {
            let _ = writeln!(out, "{note}");
        }
        out
    }

    fn markdown(&self) -> String {
        let mut out = String::new();
        if let Some((title, rest)) = self.heading.split_first() {
            let _ = writeln!(out, "## {title}\n");
            for line in rest {
                let _ = writeln!(out, "{line}  ");
            }
            if !rest.is_empty() {
                out.push('\n');
            }
        }
        let escape = |cell: &str| cell.replace('|', "\\|");
        let header: Vec<String> = self.header.iter().map(|h| escape(h)).collect();
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let align: Vec<&str> = (0..self.header.len())
            .map(|c| if c < self.text_columns { ":--" } else { "--:" })
            .collect();
        let _ = writeln!(out, "|{}|", align.join("|"));
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        if !self.notes.is_empty() {
            out.push('\n');
            for note in &self.notes {
                if note.is_empty() {
                    continue;
                }
                let _ = writeln!(out, "- {note}");
            }
        }
        out
    }

    fn csv(&self) -> String {
        let mut writer = ::csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail; any error would leave the output
        // short, which the tests would catch.
        let _ = writer.write_record(&self.header);
        for row in &self.rows {
            let _ = writer.write_record(row);
        }
        let bytes = writer.into_inner().unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// A float with `places` decimals, without a trailing `-0`.
pub(crate) fn fixed(value: f64, places: usize) -> String {
    let text = format!("{value:.places$}");
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

/// A signed float with `places` decimals (`+0.15`, `−1.20`).
pub(crate) fn signed(value: f64, places: usize) -> String {
    let text = fixed(value, places);
    if text.starts_with('-') {
        text.replacen('-', "−", 1)
    } else if text.chars().all(|c| c == '0' || c == '.') {
        text
    } else {
        format!("+{text}")
    }
}

/// Groups the integer part of a decimal text in thousands for reading
/// (`112308` → `112,308`); the text stays exact.
pub(crate) fn grouped(text: &str) -> String {
    let (int_part, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let mut out = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A large float for reading: grouped, no decimals from 100 up.
pub(crate) fn amount(value: f64) -> String {
    if value.abs() >= 100.0 {
        grouped(&format!("{value:.0}"))
    } else {
        fixed(value, 3)
    }
}

/// The text with its first letter in upper case.
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Names joined for a sentence: `A`, `A and B`, `A, B and C`.
pub(crate) fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Pretty JSON text.
pub(crate) fn json_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(grouped("112308"), "112,308");
        assert_eq!(grouped("1234567.25"), "1,234,567.25");
        assert_eq!(grouped("308"), "308");
        assert_eq!(signed(-1.2, 2), "−1.20");
        assert_eq!(signed(0.151, 2), "+0.15");
        assert_eq!(signed(-0.001, 2), "0.00");
        assert_eq!(
            join_names(&["A".into(), "B".into(), "C".into()]),
            "A, B and C"
        );
    }

    #[test]
    fn markdown_aligns_numbers_right_and_escapes_pipes() {
        let doc = Doc {
            heading: vec!["Title".into()],
            header: vec!["Region".into(), "Seats".into()],
            rows: vec![vec!["A|B".into(), "3".into()]],
            text_columns: 1,
            ..Doc::default()
        };
        let md = doc.render(Format::Markdown);
        assert!(md.contains("## Title"));
        assert!(md.contains("|:--|--:|"));
        assert!(md.contains("A\\|B"));
    }
}
