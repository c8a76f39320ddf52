//! Markdown for briefings: `compare --format markdown` prints a narrow,
//! valid GFM table with numbered columns and its key under headings.

mod common;

use common::{file, seatshare, NEC};

fn markdown(args: &[&str]) -> String {
    let out = seatshare()
        .args(args)
        .args(["--format", "markdown"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The `|` that split cells: those not escaped with a backslash.
fn unescaped_pipes(line: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => count += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    count
}

/// The table's lines (the first block of lines starting with `|`).
fn table(md: &str) -> Vec<&str> {
    md.lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .collect()
}

/// Every row of the table has as many cells as the header.
fn assert_valid_table(md: &str) {
    let rows = table(md);
    assert!(rows.len() > 2, "{md}");
    let cells = unescaped_pipes(rows[0]);
    for row in &rows {
        assert_eq!(unescaped_pipes(row), cells, "{row}\n{md}");
        assert!(row.ends_with('|') && !row.ends_with("\\|"), "{row}");
    }
}

#[test]
fn the_labour_comparison_has_numbered_columns_and_a_key() {
    let md = markdown(&["compare", NEC]);
    let rows = table(&md);
    let numbers: Vec<String> = (1..=15).map(|k| format!("({k})")).collect();
    assert_eq!(
        rows[0],
        format!(
            "| Region | Members | Share % | Quota at 9 | {} |",
            numbers.join(" | ")
        )
    );
    assert_eq!(
        rows[1],
        format!("|:--|--:|--:|--:|{}|", vec!["--:"; 15].join("|"))
    );
    assert!(!rows[0].contains("current-2018"), "{}", rows[0]);
    assert_valid_table(&md);
    // The key: one item per column, naming its id, with nested items.
    assert!(md.contains("\n### Columns\n\n- (1) current-2018: Current makeup (2018) \\[given makeup]\n- (2) proportional-9: "), "{md}");
    assert!(md.contains(
        "- (2) proportional-9: 9 seats in proportion to members (D'Hondt, published percentages)\n  - Method: dhondt, on the published shares\n"
    ), "{md}");
    assert!(
        md.contains("- (15) designated-plus-top-up-balanced-20: "),
        "{md}"
    );
    assert!(
        md.contains("  - Rules engine; binding: half women (up) and balanced delegations\n"),
        "{md}"
    );
    let items = md
        .lines()
        .filter(|l| l.starts_with("- (") && l.contains(") "))
        .count();
    assert_eq!(items, 15, "{md}");
    // The marks that appear (+ and −, no tie), the scenarios that cannot
    // hold, and what the index rows mean, each under its heading.
    assert!(md.contains("\n### Marks\n\n- Seats marked + are held up by a minimum.\n- Seats marked − are held down by a maximum.\n\n"), "{md}");
    assert!(!md.contains("in a tie for the last seat"), "{md}");
    assert!(
        md.contains("\n### Scenarios that cannot hold\n\n- designated-9: "),
        "{md}"
    );
    assert!(md.contains("  - infeasible: exactly 1 seat for each of 11 regions needs 11 seats; the house has 9\n"), "{md}");
    assert!(md.contains("\n### Indices\n\n"), "{md}");
    assert!(
        md.contains("- Gallagher: √(½ Σ (v − s)²), in percentage points.\n"),
        "{md}"
    );
    // No flat list of everything: no bare "Columns:" line.
    assert!(!md.contains("- Columns:"), "{md}");
}

#[test]
fn a_pipe_in_a_title_or_a_name_does_not_break_the_table() {
    let path = file(
        "pipes.yaml",
        r#"title: "Left | right"
unit: members
seats: 3
regions:
  - {name: "A|B", count: 20}
  - {name: C, count: 10}
  - {name: D, count: 6}
makeups:
  - id: given
    title: "Today | as elected"
    seats: {"A|B": 1, C: 1, D: 1}
scenarios:
  - id: tied
    title: "Two seats | a tie"
    seats: 2
    method: dhondt
  - id: capped
    title: "*Capped* at one"
    seats: 3
    method: dhondt
    max: {"A|B": 1}
"#,
    );
    let md = markdown(&["compare", &path]);
    assert!(md.starts_with("## Left \\| right\n"), "{md}");
    assert_valid_table(&md);
    let rows = table(&md);
    assert_eq!(
        rows[0],
        "| Region | Members | Share % | Quota at 3 | (1) | (2) | (3) |"
    );
    assert!(rows.iter().any(|r| r.starts_with("| A\\|B | 20 |")), "{md}");
    assert!(
        md.contains("- (1) given: Today \\| as elected \\[given makeup]\n"),
        "{md}"
    );
    assert!(md.contains("- (2) tied: Two seats \\| a tie\n"), "{md}");
    assert!(md.contains("- (3) capped: \\*Capped\\* at one\n"), "{md}");
    // The tie is a nested item of its column, and its mark is explained.
    assert!(md.contains("  - Tie: a seat held by "), "{md}");
    assert!(
        md.contains("- Seats marked \\* are in a tie for the last seat.\n"),
        "{md}"
    );
    assert!(
        md.contains("- Seats marked − are held down by a maximum.\n"),
        "{md}"
    );
    assert!(!md.contains("held up by a minimum"), "{md}");
}

#[test]
fn other_commands_keep_a_valid_table_and_their_notes() {
    let md = markdown(&["allocate", NEC, "--scenario", "proportional-9"]);
    assert_valid_table(&md);
    assert!(
        md.contains("\n- Tie: none; this is the only allocation the method gives.\n"),
        "{md}"
    );
    // The rules view's binding rules are nested under their line.
    let md = markdown(&[
        "allocate",
        NEC,
        "--scenario",
        "proportional-9-half-women-up",
    ]);
    assert_valid_table(&md);
    assert!(md.contains("- Binding rules (each compared with the allocation without it, the other rules kept):\n  - half women (up) "), "{md}");
    // The margin's text columns are left-aligned.
    let md = markdown(&["margin", NEC, "--scenario", "proportional-9"]);
    assert_valid_table(&md);
    assert_eq!(table(&md)[1], "|:--|--:|:--|:--|:--|:--|:--|");
    let md = markdown(&["methods"]);
    assert_valid_table(&md);
}
