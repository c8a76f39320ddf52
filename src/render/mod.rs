//! Rendering: the last stage. Each view (an allocation, a comparison, the
//! method table) is first laid out as a `Doc` (headings, one grid, notes)
//! and then written as a terminal table, markdown or CSV; JSON is built
//! from the data directly so that its shape stays stable.

mod allocation;
mod answer;
mod check;
mod compare;
mod data;
mod html;
mod identify;
mod layout;
mod margin;
mod methods;
mod population;
mod robust;
mod rules;
mod seats;
mod sweep;
mod threshold;

use std::fmt::Write as _;

pub use allocation::AllocationContext;
pub use answer::{allocation, allocation_csv};
pub use check::check;
pub use compare::{compare, compare_csv, compare_page};
pub use data::{quotients_refused, schema, CsvTable, PLACES, SCHEMA_VERSION};
pub(crate) use html::{escape as html_escape, shell as html_shell};
pub use identify::identify;
pub use layout::strip_escapes;
pub use margin::margin;
pub use methods::methods;
pub use population::population;
pub use robust::robust;
pub use rules::rules_outcome;
pub use sweep::sweep;
pub use threshold::threshold;

/// How terminal output is laid out: for a width (or unlimited), with or
/// without colour. `Terminal::default()` is unlimited and plain, the
/// output as it is piped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Terminal {
    /// The columns to fit in; `None` writes every table at full width.
    /// Widths under 20 are laid out as 20. Tables page and wrap to fit; a
    /// single word wider than the width (a long file path, say) is never
    /// cut and may overflow.
    pub width: Option<usize>,
    /// Whether to colour verdicts, seat marks and binding rules (ANSI
    /// escapes, painted after layout so that they never move anything).
    pub colour: bool,
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A boxed table for the terminal, with notes, laid out for a
    /// terminal (see [`Terminal`]).
    Table(Terminal),
    /// GitHub-flavoured markdown: a heading, the table, notes as lists
    /// (under headings, with nested items, where the view gives them).
    Markdown,
    /// A tidy table of numbers and ids, for spreadsheets (one schema per
    /// command, documented in `docs/csv.md`).
    Csv,
    /// A stable JSON object with a `schema` field (documented in
    /// `docs/json.md`).
    Json,
    /// One self-contained HTML page (`compare` writes the full report;
    /// other views a plain page of their table).
    Html,
}

impl Default for Format {
    /// A plain terminal table at full width.
    fn default() -> Format {
        Format::Table(Terminal::default())
    }
}

/// Notes written after a view (e.g. on flags that changed a scenario),
/// wrapped for the terminal like a view's own notes.
pub fn terminal_notes(notes: &[String], terminal: Terminal) -> String {
    let width = terminal.width.map(|w| w.max(layout::NARROWEST));
    let painted = if terminal.colour {
        layout::paint_notes(notes)
    } else {
        notes.to_vec()
    };
    let mut out = String::new();
    for note in &painted {
        for line in layout::wrap_line(note, width) {
            let _ = writeln!(out, "{line}");
        }
    }
    out
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
            Format::Table(terminal) => self.terminal(terminal),
            Format::Markdown => self.markdown(),
            Format::Csv | Format::Json => self.csv(),
            Format::Html => html::doc_page(self),
        }
    }

    /// The doc for a terminal: headings and notes wrapped at its width,
    /// the table paged into blocks of columns that fit (see `layout`).
    fn terminal(&self, terminal: Terminal) -> String {
        let width = terminal.width.map(|w| w.max(layout::NARROWEST));
        let mut out = String::new();
        // Colour first, then wrap: widths are measured without escapes.
        for line in &self.heading {
            let line = if terminal.colour {
                layout::paint_heading(line)
            } else {
                line.clone()
            };
            for l in layout::wrap_line(&line, width) {
                let _ = writeln!(out, "{l}");
            }
        }
        if !self.heading.is_empty() {
            out.push('\n');
        }
        let grid = layout::Grid {
            header: &self.header,
            rows: &self.rows,
            rule_after: &self.rule_after,
            text_columns: self.text_columns,
        };
        let blocks = grid.plan(width);
        let paged = blocks.len() > 1;
        for (k, block) in blocks.iter().enumerate() {
            let table = if !paged && grid.fits(width) {
                grid.whole()
            } else {
                grid.block(block)
            };
            if paged {
                if k > 0 {
                    out.push('\n');
                }
                for l in layout::wrap_line(&grid.block_label(block), width) {
                    let _ = writeln!(out, "{l}");
                }
            }
            if terminal.colour {
                let verdicts: Vec<bool> = block
                    .iter()
                    .map(|&(c, _)| {
                        matches!(
                            self.header.get(c).map(String::as_str),
                            Some("Verdict" | "Holds")
                        )
                    })
                    .collect();
                // The header is not painted: only the lines after its rule.
                let mut body = false;
                for line in table.lines() {
                    body |= line.starts_with('├');
                    if body {
                        let _ = writeln!(out, "{}", layout::paint_table_line(line, &verdicts));
                    } else {
                        let _ = writeln!(out, "{line}");
                    }
                }
            } else {
                let _ = writeln!(out, "{table}");
            }
        }
        out.push_str(&terminal_notes(&self.notes, terminal));
        out
    }

    fn markdown(&self) -> String {
        let mut out = String::new();
        if let Some((title, rest)) = self.heading.split_first() {
            let _ = writeln!(out, "## {}\n", md_heading(title));
            for line in rest {
                let _ = writeln!(out, "{}  ", md_block(line));
            }
            if !rest.is_empty() {
                out.push('\n');
            }
        }
        let header: Vec<String> = self.header.iter().map(|h| md_inline(h)).collect();
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let align: Vec<&str> = (0..self.header.len())
            .map(|c| if self.is_text_column(c) { ":--" } else { "--:" })
            .collect();
        let _ = writeln!(out, "|{}|", align.join("|"));
        for row in &self.rows {
            let mut cells: Vec<String> = row.iter().map(|c| md_inline(c)).collect();
            // Every row has as many cells as the header (GFM would pad a
            // short row, but a long one would lose cells).
            cells.resize(self.header.len().max(cells.len()), String::new());
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push_str(&md_notes(&self.notes));
        out
    }

    /// Whether column `c` holds text (left-aligned in markdown): one of the
    /// leading text columns, a column with a cell that is not a number, or
    /// an empty column (a notes column with nothing to say).
    fn is_text_column(&self, c: usize) -> bool {
        let mut kinds = self
            .rows
            .iter()
            .filter_map(|row| row.get(c))
            .filter_map(|cell| cell_kind(cell))
            .peekable();
        c < self.text_columns || kinds.peek().is_none() || kinds.any(|numeric| !numeric)
    }

    /// The grid as CSV. No command writes this any more: every view writes
    /// its own tidy table (`render::data`, docs/csv.md); this stays only
    /// for a view rendered through `Doc::render` with `Format::Csv`.
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

/// Whether a cell reads as a number (possibly marked, signed, grouped, a
/// percentage, a fraction or a range like `0–1`). Empty cells and dashes
/// say nothing either way.
fn cell_kind(cell: &str) -> Option<bool> {
    let t = cell.trim();
    if matches!(t, "" | "—" | "–" | "-") {
        return None;
    }
    let t = t.trim_start_matches("≥ ").trim_start_matches("≤ ");
    let t = t.trim_start_matches(['+', '−', '-', '±']);
    let t = t.trim_end_matches(['+', '−', '*', '%']);
    Some(
        !t.is_empty()
            && t.starts_with(|c: char| c.is_ascii_digit())
            && t.ends_with(|c: char| c.is_ascii_digit())
            && t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '/' | '–')),
    )
}

/// Text escaped for inline markdown (a table cell, a list item, a
/// heading): characters that would start emphasis, code, a link (`[`),
/// HTML or strike-through, and the `|` that would end a table cell, get a
/// backslash. An underscore inside a word (`exact_each`) is left alone, as
/// GFM does not read it as emphasis.
pub(crate) fn md_inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' | '`' | '*' | '|' | '[' | '~' => true,
            // A tag or an autolink needs a letter, `/`, `!` or `?` after it.
            '<' => chars
                .get(i + 1)
                .is_some_and(|n| n.is_alphabetic() || matches!(n, '/' | '!' | '?')),
            '_' => {
                let word = |j: Option<usize>| {
                    j.and_then(|j| chars.get(j))
                        .is_some_and(|c| c.is_alphanumeric())
                };
                !(word(i.checked_sub(1)) && word(Some(i + 1)))
            }
            '&' => chars
                .get(i + 1)
                .is_some_and(|n| n.is_alphanumeric() || *n == '#'),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text escaped for the start of a markdown block (a paragraph line or a
/// list item): inline escapes, and a backslash before a leading character
/// that would make a heading, a quote or a nested list (`+ held up…`,
/// `- …`, `# …`, `1. …`).
pub(crate) fn md_block(text: &str) -> String {
    let inline = md_inline(text);
    let starts_block = match inline.chars().next() {
        Some('#' | '+' | '-' | '=' | '>') => true,
        Some(c) if c.is_ascii_digit() => {
            let rest = inline.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")"
        }
        _ => false,
    };
    if starts_block {
        if inline.starts_with(|c: char| c.is_ascii_digit()) {
            // Escape the `.` or `)` after the number.
            let digits = inline.len()
                - inline
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .len();
            format!("{}\\{}", &inline[..digits], &inline[digits..])
        } else {
            format!("\\{inline}")
        }
    } else {
        inline
    }
}

/// Text escaped for a heading: a trailing `#` would be read as the
/// heading's closing sequence.
fn md_heading(text: &str) -> String {
    let block = md_block(text);
    match block.strip_suffix('#') {
        Some(rest) => format!("{rest}\\#"),
        None => block,
    }
}

/// Notes as markdown. A note starting `## ` or `### ` is a heading; one
/// starting with spaces (`  - item`, or indented text) is an item nested
/// under the item before it; any other non-empty note is a list item.
/// Empty notes only separate groups in the terminal and are skipped.
fn md_notes(notes: &[String]) -> String {
    let mut out = String::new();
    // Whether the last thing written was a list item (so a nested item
    // has a parent) and whether anything was written at all.
    let mut in_list = false;
    for note in notes {
        if note.trim().is_empty() {
            continue;
        }
        let heading = ["#### ", "### ", "## "]
            .iter()
            .find_map(|p| note.strip_prefix(p).map(|rest| (&p[..p.len() - 1], rest)));
        if let Some((hashes, text)) = heading {
            let _ = write!(out, "\n{hashes} {}\n\n", md_heading(text.trim()));
            in_list = false;
            continue;
        }
        if !in_list && !out.ends_with("\n\n") {
            out.push('\n');
        }
        if note.starts_with(char::is_whitespace) {
            let text = note.trim_start();
            let text = text.strip_prefix("- ").unwrap_or(text);
            if in_list {
                let _ = writeln!(out, "  - {}", md_block(text.trim()));
            } else {
                let _ = writeln!(out, "- {}", md_block(text.trim()));
            }
        } else {
            let _ = writeln!(out, "- {}", md_block(note.trim()));
        }
        in_list = true;
    }
    out
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

pub(crate) use crate::number::grouped;

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

/// Names joined for a sentence: `A`, `A and B`, `A, B and C` (the rules'
/// own sentences join them the same way).
pub(crate) use crate::rule::list as join_names;

/// Pretty JSON text.
pub(crate) fn json_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

/// Each weight as a percentage of their total (display only).
pub(crate) fn weight_shares(weights: &[crate::number::Decimal]) -> Vec<f64> {
    let w: Vec<f64> = weights.iter().map(crate::number::Decimal::to_f64).collect();
    let total: f64 = w.iter().sum();
    w.iter()
        .map(|x| if total > 0.0 { 100.0 * x / total } else { 0.0 })
        .collect()
}

/// A seat cell, marked when a bound binds or a tie touches it.
pub(crate) fn seat_cell(column: &crate::analysis::Column, i: usize) -> String {
    let mut cell = column.seats[i].to_string();
    if let Some(a) = &column.allocation {
        match a.regions[i].binding {
            Some(crate::allocation::BoundHit::Minimum(_)) => cell.push('+'),
            Some(crate::allocation::BoundHit::Maximum(_)) => cell.push('−'),
            None => {}
        }
        if let Some(tie) = &a.tie {
            if tie.could_gain.contains(&i) || tie.could_lose.contains(&i) {
                cell.push('*');
            }
        }
    }
    cell
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

    #[test]
    fn markdown_notes_take_headings_and_nested_items() {
        let doc = Doc {
            header: vec!["Region".into(), "Seats".into()],
            rows: vec![vec!["A".into(), "3".into()]],
            text_columns: 1,
            notes: vec![
                String::new(),
                "Key: value".into(),
                "### Columns".into(),
                "(1) a: A *title* | with a pipe".into(),
                "  - Method: dhondt".into(),
                "+ held up by a minimum".into(),
                "## Next".into(),
                "  indented with no parent".into(),
            ],
            ..Doc::default()
        };
        let md = doc.render(Format::Markdown);
        assert_eq!(
            md,
            "| Region | Seats |\n|:--|--:|\n| A | 3 |\n\n\
             - Key: value\n\n### Columns\n\n\
             - (1) a: A \\*title\\* \\| with a pipe\n  - Method: dhondt\n- \\+ held up by a minimum\n\n\
             ## Next\n\n- indented with no parent\n"
        );
        // The terminal keeps the notes as they are.
        assert!(doc
            .render(Format::default())
            .contains("\n  - Method: dhondt\n+ held up by a minimum\n"));
    }

    #[test]
    fn markdown_aligns_text_columns_left_wherever_they_are() {
        let doc = Doc {
            header: vec![
                "Region".into(),
                "Seats".into(),
                "Note".into(),
                "Range".into(),
                "Empty".into(),
            ],
            rows: vec![
                vec![
                    "A".into(),
                    "3+".into(),
                    "held".into(),
                    "0–1".into(),
                    String::new(),
                ],
                vec![
                    "B".into(),
                    "≥ 2".into(),
                    String::new(),
                    "—".into(),
                    String::new(),
                ],
            ],
            text_columns: 1,
            ..Doc::default()
        };
        assert!(doc
            .render(Format::Markdown)
            .contains("\n|:--|--:|:--|--:|:--|\n"));
    }

    #[test]
    fn markdown_escapes_what_would_change_the_text() {
        assert_eq!(md_inline("exact_each _x_"), "exact_each \\_x\\_");
        assert_eq!(
            md_inline("a < 3, <b> & x &amp;"),
            "a < 3, \\<b> & x \\&amp;"
        );
        assert_eq!(
            md_inline("[a](b) `c` ~d~ \\"),
            "\\[a](b) \\`c\\` \\~d\\~ \\\\"
        );
        assert_eq!(md_block("1. first"), "1\\. first");
        assert_eq!(md_block("- x"), "\\- x");
        assert_eq!(md_block("> quote"), "\\> quote");
        assert_eq!(md_heading("Title #"), "Title \\#");
    }
}
