//! Laying a `Doc` out for a terminal of a given width, and painting it.
//!
//! A table wider than the terminal is paged into blocks of columns that
//! fit, each repeating the leading label column (the region or row name)
//! under a line such as "Columns 5–9 of 19: (1) to (5)"; long prose cells
//! (a cell of words: a note, a margin in words) wrap inside their column at
//! word boundaries; numbers are never cut or wrapped. Headings and notes
//! wrap at word boundaries, indented notes with a hanging indent.
//!
//! Widths are counted in characters (every character the tool writes is
//! one column wide). A single word longer than the width (a long file path,
//! say) is never cut and may overflow; nothing the tool writes itself is
//! that long.
//!
//! Colour is painted after layout, into text already laid out, so it never
//! changes where anything falls; its escape codes are never counted.

use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Style};

/// A column narrower than this is not worth a wrapped prose cell: prose
/// wraps down to this width (or its longest word) before the table pages.
const PROSE_MIN: usize = 16;

/// The narrowest terminal laid out for; a smaller width is taken as this.
pub(crate) const NARROWEST: usize = 20;

/// The width of a text on screen: its characters, without colour codes.
pub(crate) fn width_of(text: &str) -> usize {
    strip_escapes(text).chars().count()
}

/// The text without ANSI colour escapes (`ESC [ … m`): what a reader
/// sees, for measuring.
pub fn strip_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Words wrapped into lines of at most `width` characters, breaking only
/// at spaces (colour escapes are not counted). A word longer than the
/// width stands alone on its line.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = width_of(word);
        if used > 0 && used + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        line.push_str(word);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A line of text (a heading or a note) wrapped at `width`. A line that
/// starts with spaces keeps them, and its continuation lines hang under
/// its text (after a bullet `- ` or `✓ `, if it has one). Without a width,
/// or when it fits, the line is unchanged.
pub(crate) fn wrap_line(line: &str, width: Option<usize>) -> Vec<String> {
    let Some(width) = width else {
        return vec![line.to_string()];
    };
    if width_of(line) <= width {
        return vec![line.to_string()];
    }
    let text = line.trim_start();
    let indent = line.len() - text.len();
    let bullet = ["- ", "✓ ", "* ", "+ "]
        .iter()
        .find(|b| indent > 0 && text.starts_with(*b))
        .map_or(0, |b| b.chars().count());
    let first = " ".repeat(indent);
    let hang = " ".repeat(indent + bullet);
    let room = width.saturating_sub(indent + bullet).max(1);
    let (head, body) = text.split_at(
        text.char_indices()
            .nth(bullet)
            .map_or(text.len(), |(i, _)| i),
    );
    wrap(body, room)
        .into_iter()
        .enumerate()
        .map(|(k, l)| {
            if k == 0 {
                format!("{first}{head}{l}")
            } else {
                format!("{hang}{l}")
            }
        })
        .collect()
}

/// A table to lay out: column names, rows of cells, where rules fall and
/// which leading columns hold text.
pub(crate) struct Grid<'a> {
    /// Column names.
    pub header: &'a [String],
    /// Rows of cells.
    pub rows: &'a [Vec<String>],
    /// Rows after which a blank row separates (e.g. before totals).
    pub rule_after: &'a [usize],
    /// Leading columns that hold text (left-aligned).
    pub text_columns: usize,
}

/// What one column needs: its full width, the least it may wrap to before
/// paging (`soft`), the least it can take at all (`hard`: its longest word
/// or number), and whether any cell of it can wrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Need {
    pub natural: usize,
    pub soft: usize,
    pub hard: usize,
}

/// Whether a cell is words that may wrap (not a number, and with a space).
fn wrappable(cell: &str) -> bool {
    cell.trim().contains(char::is_whitespace) && super::cell_kind(cell) != Some(true)
}

fn longest_word(cell: &str) -> usize {
    cell.split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0)
}

fn cell_width(cell: &str) -> usize {
    cell.lines().map(width_of).max().unwrap_or(0)
}

impl Grid<'_> {
    fn columns(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(self.header.len())
    }

    fn cell(&self, row: Option<usize>, c: usize) -> &str {
        match row {
            None => self.header.get(c),
            Some(r) => self.rows[r].get(c),
        }
        .map_or("", String::as_str)
    }

    /// What each column needs.
    pub fn needs(&self) -> Vec<Need> {
        (0..self.columns())
            .map(|c| {
                let mut need = Need {
                    natural: 0,
                    soft: 0,
                    hard: 0,
                };
                let cells = std::iter::once(None).chain((0..self.rows.len()).map(Some));
                let mut prose = false;
                for r in cells {
                    let cell = self.cell(r, c);
                    let full = cell_width(cell);
                    need.natural = need.natural.max(full);
                    // Headers always wrap; body cells when they are words.
                    if r.is_none() || wrappable(cell) {
                        prose |= r.is_some();
                        need.hard = need.hard.max(longest_word(cell));
                    } else {
                        need.hard = need.hard.max(full);
                    }
                }
                let floor = if prose { PROSE_MIN } else { need.natural };
                need.soft = need.hard.max(need.natural.min(floor));
                need
            })
            .collect()
    }

    /// The width of a table with these column widths: contents, a space
    /// either side of each, and the borders between.
    pub fn width_with(widths: &[usize]) -> usize {
        widths.iter().sum::<usize>() + 3 * widths.len() + 1
    }

    /// Whether the table fits `width` at full width (always, without one).
    pub fn fits(&self, width: Option<usize>) -> bool {
        let naturals: Vec<usize> = self.needs().iter().map(|n| n.natural).collect();
        width.is_none_or(|w| Self::width_with(&naturals) <= w.max(NARROWEST))
    }

    /// The table laid out for `width`: one block as today when it fits
    /// (or without a width), else pages of columns. Each block is the list
    /// of its columns (original indices, the lead first) and their widths.
    pub fn plan(&self, width: Option<usize>) -> Vec<Vec<(usize, usize)>> {
        let needs = self.needs();
        let all: Vec<(usize, usize)> = needs.iter().map(|n| n.natural).enumerate().collect();
        let Some(width) = width else {
            return vec![all];
        };
        let width = width.max(NARROWEST);
        let naturals: Vec<usize> = needs.iter().map(|n| n.natural).collect();
        if needs.is_empty() || Self::width_with(&naturals) <= width {
            return vec![all];
        }
        let softs: Vec<usize> = needs.iter().map(|n| n.soft).collect();
        if needs.len() == 1 || Self::width_with(&softs) <= width {
            return vec![grow((0..needs.len()).collect(), &needs, width)];
        }
        // Page: the lead column, then as many of the others as fit.
        let lead = needs[0].natural.min(needs[0].hard.max(width / 3));
        let room = width.saturating_sub(Self::width_with(&[lead]));
        let greedy = pack(&needs, room, usize::MAX);
        // As many blocks, but evened out (not 7 columns then 2) when the
        // columns allow it.
        let even = (needs.len() - 1).div_ceil(greedy.len().max(1));
        let balanced = pack(&needs, room, even);
        let blocks = if balanced.len() == greedy.len() {
            balanced
        } else {
            greedy
        };
        let mut lead_need = needs[0];
        lead_need.natural = lead;
        blocks
            .into_iter()
            .map(|block| {
                let mut columns = vec![0];
                columns.extend(block);
                let mut local = needs.clone();
                local[0] = lead_need;
                grow(columns, &local, width)
            })
            .collect()
    }

    /// One block of the table as text: the chosen columns at the given
    /// widths, prose wrapped inside them.
    pub fn block(&self, columns: &[(usize, usize)]) -> String {
        let mut wrapped_any = vec![false; columns.len()];
        let mut fit = |r: Option<usize>, k: usize, (c, w): (usize, usize)| -> String {
            let cell = self.cell(r, c);
            if cell_width(cell) <= w || (r.is_some() && !wrappable(cell)) {
                return cell.to_string();
            }
            if r.is_some() {
                wrapped_any[k] = true;
            }
            wrap(cell, w).join("\n")
        };
        let mut builder = Builder::default();
        let header: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(k, &col)| fit(None, k, col))
            .collect();
        let blank: Vec<String> = columns.iter().map(|_| String::new()).collect();
        builder.push_record(header);
        for r in 0..self.rows.len() {
            let cells: Vec<String> = columns
                .iter()
                .enumerate()
                .map(|(k, &col)| fit(Some(r), k, col))
                .collect();
            builder.push_record(cells);
            if self.rule_after.contains(&r) && r + 1 < self.rows.len() {
                builder.push_record(blank.clone());
            }
        }
        let mut table = builder.build();
        table.with(Style::rounded());
        for (k, &(c, _)) in columns.iter().enumerate() {
            // Prose reads left to right: a column of words is left-aligned
            // once the table is laid out for a width.
            let prose = (0..self.rows.len()).any(|r| wrappable(self.cell(Some(r), c)));
            if c >= self.text_columns && !wrapped_any[k] && !prose {
                table.modify(Columns::new(k..k + 1), Alignment::right());
            }
        }
        table.to_string()
    }

    /// The table as it was always written: every column at full width.
    pub fn whole(&self) -> String {
        let mut builder = Builder::default();
        builder.push_record(self.header.to_vec());
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
        table.to_string()
    }

    /// The line over a block: which columns it holds.
    pub fn block_label(&self, columns: &[(usize, usize)]) -> String {
        let n = self.columns();
        let shown: Vec<usize> = columns.iter().map(|&(c, _)| c).filter(|&c| c > 0).collect();
        let name = |c: usize| self.cell(None, c).to_string();
        match shown.as_slice() {
            [] => format!("Column 1 of {n}"),
            [one] => format!("Column {} of {n}: {}", one + 1, name(*one)),
            [first, .., last] => format!(
                "Columns {}–{} of {n}: {} to {}",
                first + 1,
                last + 1,
                name(*first),
                name(*last)
            ),
        }
    }
}

/// The columns after the lead packed in order into blocks of at most
/// `most` columns whose soft widths fit `room`.
fn pack(needs: &[Need], room: usize, most: usize) -> Vec<Vec<usize>> {
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut used = 0;
    for (c, need) in needs.iter().enumerate().skip(1) {
        let take = need.soft + 3;
        if !current.is_empty() && (used + take > room || current.len() >= most) {
            blocks.push(std::mem::take(&mut current));
            used = 0;
        }
        current.push(c);
        used += take;
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// The columns at their soft widths, widened (prose first, up to its full
/// width) with whatever room `width` leaves.
fn grow(columns: Vec<usize>, needs: &[Need], width: usize) -> Vec<(usize, usize)> {
    let mut widths: Vec<usize> = columns.iter().map(|&c| needs[c].soft).collect();
    // A lone column wider than the room left shrinks towards its longest word.
    let total = Grid::width_with(&widths);
    if total > width {
        let over = total - width;
        if let Some(k) = (0..widths.len())
            .rev()
            .find(|&k| widths[k] - needs[columns[k]].hard >= over)
        {
            widths[k] -= over;
        } else {
            for (k, &c) in columns.iter().enumerate().rev() {
                widths[k] = needs[c].hard;
                if Grid::width_with(&widths) <= width {
                    break;
                }
            }
        }
    }
    let mut room = width.saturating_sub(Grid::width_with(&widths));
    while room > 0 {
        let mut gave = false;
        for (k, &c) in columns.iter().enumerate() {
            if room > 0 && widths[k] < needs[c].natural {
                widths[k] += 1;
                room -= 1;
                gave = true;
            }
        }
        if !gave {
            break;
        }
    }
    columns.into_iter().zip(widths).collect()
}

/// A colour for the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paint {
    Green,
    Red,
    Yellow,
    Cyan,
    Magenta,
}

impl Paint {
    fn code(self) -> &'static str {
        match self {
            Paint::Green => "\u{1b}[32m",
            Paint::Red => "\u{1b}[31m",
            Paint::Yellow => "\u{1b}[33m",
            Paint::Cyan => "\u{1b}[36m",
            Paint::Magenta => "\u{1b}[35m",
        }
    }

    /// The text in this colour.
    pub fn on(self, text: &str) -> String {
        if text.is_empty() {
            return String::new();
        }
        format!("{}{text}\u{1b}[0m", self.code())
    }
}

/// The colour of a verdict (`true`, `false`, `yes`, `no`, or another).
fn verdict_paint(text: &str) -> Paint {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" => Paint::Green,
        "false" | "no" => Paint::Red,
        _ => Paint::Yellow,
    }
}

/// A seat cell's marks painted: `+` (held up by a minimum), `−` (held down
/// by a maximum), `*` (in a tie). Other cells are left as they are.
fn paint_marks(cell: &str) -> Option<String> {
    let digits = cell.trim_end_matches(['+', '−', '*']);
    let marks = &cell[digits.len()..];
    if marks.is_empty() || digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut out = digits.to_string();
    for m in marks.chars() {
        let paint = match m {
            '+' => Paint::Cyan,
            '−' => Paint::Magenta,
            _ => Paint::Yellow,
        };
        out.push_str(&paint.on(&m.to_string()));
    }
    Some(out)
}

/// A rendered table line painted: verdict columns (`verdicts[k]` for the
/// k-th column of the block) by verdict, seat marks everywhere.
pub(crate) fn paint_table_line(line: &str, verdicts: &[bool]) -> String {
    if !line.contains('│') {
        return line.to_string();
    }
    let parts: Vec<&str> = line.split('│').collect();
    let last = parts.len().saturating_sub(1);
    let mut out = String::with_capacity(line.len() + 16);
    for (j, part) in parts.iter().enumerate() {
        if j > 0 {
            out.push('│');
        }
        if j == 0 || j == last {
            out.push_str(part);
            continue;
        }
        let content = part.trim();
        let painted = if content.is_empty() {
            None
        } else if verdicts.get(j - 1).copied().unwrap_or(false) {
            Some(verdict_paint(content).on(content))
        } else {
            paint_marks(content)
        };
        match painted {
            Some(p) => {
                let start = part.find(content).unwrap_or(0);
                out.push_str(&part[..start]);
                out.push_str(&p);
                out.push_str(&part[start + content.len()..]);
            }
            None => out.push_str(part),
        }
    }
    out
}

/// A heading line painted: `Claim x: TRUE` gets its verdict's colour.
pub(crate) fn paint_heading(line: &str) -> String {
    if let Some(rest) = line.strip_prefix("Claim ") {
        if let Some((id, verdict)) = rest.split_once(": ") {
            if !verdict.is_empty() && verdict == verdict.to_uppercase() {
                return format!("Claim {id}: {}", verdict_paint(verdict).on(verdict));
            }
        }
    }
    line.to_string()
}

/// Note lines painted: the rules that bind (`binding: a, b` in a key; the
/// items under "Binding rules"), and `TIED`.
pub(crate) fn paint_notes(lines: &[String]) -> Vec<String> {
    let mut in_binding = false;
    lines
        .iter()
        .map(|line| {
            if line.starts_with("Binding rules") {
                in_binding = true;
                return line.clone();
            }
            if !line.starts_with(' ') {
                in_binding = false;
            }
            let mut text = line.clone();
            if in_binding {
                if let Some(rest) = text.strip_prefix("  - ") {
                    if let Some((name, tail)) = rest.split_once(" (") {
                        text = format!("  - {} ({tail}", Paint::Cyan.on(name));
                    }
                }
            }
            if let Some(at) = text.find("binding: ") {
                let start = at + "binding: ".len();
                let end = text[start..]
                    .find([';', ']'])
                    .map_or(text.len(), |e| start + e);
                let names = &text[start..end];
                if names != "none" {
                    let painted: Vec<String> =
                        names.split(", ").map(|n| Paint::Cyan.on(n)).collect();
                    text = format!("{}{}{}", &text[..start], painted.join(", "), &text[end..]);
                }
            }
            if let Some(at) = text.find("; TIED") {
                let s = at + 2;
                text = format!(
                    "{}{}{}",
                    &text[..s],
                    Paint::Yellow.on("TIED"),
                    &text[s + 4..]
                );
            }
            text
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_long_words_whole() {
        assert_eq!(
            wrap("one two three four", 9),
            vec!["one two", "three", "four"]
        );
        assert_eq!(
            wrap("needs 679,700 more", 5),
            vec!["needs", "679,700", "more"]
        );
        assert_eq!(wrap("", 5), vec![""]);
    }

    #[test]
    fn indented_notes_hang_under_their_text() {
        let lines = wrap_line("  - Method: dhondt, on the counts of members", Some(20));
        assert_eq!(
            lines,
            vec!["  - Method: dhondt,", "    on the counts of", "    members"]
        );
        assert_eq!(wrap_line("short", Some(20)), vec!["short"]);
        assert_eq!(
            wrap_line("Flush text wraps flush", Some(12)),
            vec!["Flush text", "wraps flush"]
        );
        assert!(wrap_line(&"x ".repeat(100), None).len() == 1);
    }

    fn grid_of(header: &[&str], rows: &[&[&str]]) -> (Vec<String>, Vec<Vec<String>>) {
        (
            header.iter().map(|s| s.to_string()).collect(),
            rows.iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
        )
    }

    #[test]
    fn a_wide_table_pages_with_its_lead_column_in_every_block() {
        let header: Vec<String> = std::iter::once("Region".to_string())
            .chain((1..=12).map(|k| format!("({k})")))
            .collect();
        let rows: Vec<Vec<String>> = ["Greater London", "Wales"]
            .iter()
            .map(|name| {
                std::iter::once(name.to_string())
                    .chain((1..=12).map(|k| format!("{}", 1000 * k)))
                    .collect()
            })
            .collect();
        let grid = Grid {
            header: &header,
            rows: &rows,
            rule_after: &[],
            text_columns: 1,
        };
        let blocks = grid.plan(Some(40));
        assert!(blocks.len() > 1);
        let mut seen = Vec::new();
        for block in &blocks {
            assert_eq!(block[0].0, 0, "the lead column starts every block");
            let text = grid.block(block);
            assert!(text.lines().all(|l| width_of(l) <= 40), "{text}");
            seen.extend(block.iter().skip(1).map(|&(c, _)| c));
        }
        assert_eq!(seen, (1..=12).collect::<Vec<_>>());
        assert_eq!(grid.plan(None).len(), 1);
        assert!(grid.block_label(&blocks[1]).starts_with("Columns "));
    }

    #[test]
    fn prose_wraps_in_its_column_and_numbers_stay_whole() {
        let (header, rows) = grid_of(
            &["Region", "Seats", "Note"],
            &[&[
                "Alaska",
                "1234567",
                "held by a floor (minimum, base seats or a first seat owed)",
            ]],
        );
        let grid = Grid {
            header: &header,
            rows: &rows,
            rule_after: &[],
            text_columns: 1,
        };
        let blocks = grid.plan(Some(40));
        assert_eq!(blocks.len(), 1, "wrapping the note is enough");
        let text = grid.block(&blocks[0]);
        assert!(text.lines().all(|l| width_of(l) <= 40), "{text}");
        assert!(text.contains("1234567"));
        assert!(text.lines().count() > 5, "the note wrapped: {text}");
    }

    #[test]
    fn a_lone_prose_column_wraps_to_the_width() {
        let (header, rows) = grid_of(&["Note"], &[&[&"word ".repeat(30)]]);
        let grid = Grid {
            header: &header,
            rows: &rows,
            rule_after: &[],
            text_columns: 1,
        };
        assert!(!grid.fits(Some(30)));
        let blocks = grid.plan(Some(30));
        assert_eq!(blocks.len(), 1);
        let text = grid.block(&blocks[0]);
        assert!(text.lines().all(|l| width_of(l) <= 30), "{text}");
        assert_eq!(text.matches("word").count(), 30);
    }

    #[test]
    fn colour_is_painted_without_moving_anything() {
        let line = "│ Wales    │     1+ │   2* │ 3 │";
        let painted = paint_table_line(line, &[false, false, false, false]);
        assert_ne!(painted, line);
        assert_eq!(strip_escapes(&painted), line);
        let verdict = paint_table_line("│ c1    │ false │", &[false, true]);
        assert!(verdict.contains("\u{1b}[31mfalse"));
        assert_eq!(
            paint_heading("Claim c1: TRUE"),
            "Claim c1: \u{1b}[32mTRUE\u{1b}[0m"
        );
        let notes = paint_notes(&[
            "(2) x [dhondt on counts, rules engine; binding: max London, nations; TIED]"
                .to_string(),
        ]);
        assert!(notes[0].contains("\u{1b}[36mmax London\u{1b}[0m"));
        assert!(notes[0].contains("\u{1b}[33mTIED"));
        assert_eq!(
            width_of(&notes[0]),
            "(2) x [dhondt on counts, rules engine; binding: max London, nations; TIED]"
                .chars()
                .count()
        );
    }
}
