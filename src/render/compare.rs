//! Every makeup and scenario of a file side by side.

use serde_json::{json, Value};

use super::{amount, capitalise, fixed, grouped, join_names, Doc, Format};
use crate::analysis::report::Report;
use crate::analysis::{Column, ColumnKind, Comparison};
use crate::indices::Indices;
use crate::scenario::{Basis, Dataset};

/// Renders a comparison in a format.
pub fn compare(dataset: &Dataset, comparison: &Comparison, format: Format) -> String {
    match format {
        Format::Json => super::data::json_doc("compare", to_json(dataset, comparison)),
        Format::Csv => super::data::compare_csv(dataset, comparison, super::CsvTable::Seats),
        Format::Html => compare_page(dataset, comparison, &Report::default(), ""),
        _ => doc(dataset, comparison, format).render(format),
    }
}

/// A comparison as one of its CSV tables (`docs/csv.md`): `seats` or
/// `indices` (a comparison has no quotients table; `seats` is written).
pub fn compare_csv(dataset: &Dataset, comparison: &Comparison, table: super::CsvTable) -> String {
    super::data::compare_csv(dataset, comparison, table)
}

/// The comparison as one self-contained HTML page, with the report's
/// house-size slider and quotient tables and the command that made it.
pub fn compare_page(
    dataset: &Dataset,
    comparison: &Comparison,
    report: &Report,
    command: &str,
) -> String {
    super::html::page(
        dataset,
        comparison,
        super::data::json_value("compare", to_json(dataset, comparison)),
        report,
        command,
    )
}

fn doc(dataset: &Dataset, c: &Comparison, format: Format) -> Doc {
    let names = dataset.names();
    let shares = super::weight_shares(&c.weights);
    let terminal = matches!(format, Format::Table(_));
    // Columns are numbered in the terminal and in markdown (a key follows
    // the table); CSV keeps the ids, for spreadsheets.
    let numbered = format != Format::Csv;
    let weight_label = match c.basis {
        Basis::Counts => capitalise(&dataset.unit),
        Basis::Shares => "Share given %".into(),
    };
    let mut header = vec!["Region".to_string(), weight_label, "Share %".into()];
    if let Some(seats) = c.reference_seats {
        header.push(format!("Quota at {seats}"));
    }
    for (k, column) in c.columns.iter().enumerate() {
        header.push(if numbered {
            format!("({})", k + 1)
        } else {
            column.id.clone()
        });
    }
    let mut rows = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let weight = c.weights[i].to_string();
        let mut row = vec![
            name.clone(),
            if format == Format::Csv {
                weight
            } else {
                grouped(&weight)
            },
            fixed(shares[i], 2),
        ];
        if let Some(seats) = c.reference_seats {
            row.push(fixed(shares[i] * seats as f64 / 100.0, 2));
        }
        row.extend(c.columns.iter().map(|col| super::seat_cell(col, i)));
        rows.push(row);
    }
    let lead = header.len() - c.columns.len();
    let mut summary = |label: &str, cell: &dyn Fn(&Column) -> String| {
        let mut row = vec![label.to_string()];
        row.extend(std::iter::repeat_n(String::new(), lead - 1));
        row.extend(c.columns.iter().map(cell));
        rows.push(row);
    };
    summary("Seats", &|col| col.house.to_string());
    summary("Women", &|col| match (col.women, col.women_required) {
        (Some(w), _) => w.to_string(),
        (None, Some(w)) => format!("≥ {w}"),
        (None, None) => String::new(),
    });
    summary("Loosemore–Hanby", &|col| {
        fixed(col.indices.loosemore_hanby, 2)
    });
    summary("Gallagher", &|col| fixed(col.indices.gallagher, 2));
    summary("Sainte-Laguë index", &|col| {
        fixed(col.indices.sainte_lague, 2)
    });
    summary("Largest deviation (points)", &|col| {
        fixed(col.indices.max_deviation, 2)
    });
    summary("Most per seat", &|col| {
        col.indices
            .largest_per_seat
            .map_or("".into(), |(_, v)| amount(v))
    });
    summary("Fewest per seat", &|col| {
        col.indices
            .smallest_per_seat
            .map_or("".into(), |(_, v)| amount(v))
    });
    summary("Ratio most/fewest", &|col| {
        col.indices
            .per_seat_ratio
            .map_or("".into(), |r| fixed(r, 2))
    });
    summary("Regions without a seat", &|col| {
        col.indices.without_seat.len().to_string()
    });
    let mut heading = vec![dataset
        .title
        .clone()
        .unwrap_or_else(|| format!("Comparison: {}", dataset.path))];
    heading.push(format!(
        "Shares and indices against {} ({}).",
        match c.basis {
            Basis::Counts => format!("the counts of {}", dataset.unit),
            Basis::Shares => "the published shares".into(),
        },
        match c.basis {
            Basis::Counts => dataset.count_source.clone().or(dataset.source.clone()),
            Basis::Shares => dataset.share_source.clone().or(dataset.source.clone()),
        }
        .unwrap_or_else(|| "source not stated".into())
    ));
    let notes = if format == Format::Markdown {
        markdown_notes(dataset, c)
    } else {
        terminal_notes(c, terminal)
    };
    Doc {
        heading,
        header,
        rule_after: vec![names.len() - 1],
        rows,
        text_columns: 1,
        notes,
    }
}

/// The key and notes for the terminal (and CSV, which drops them).
fn terminal_notes(c: &Comparison, terminal: bool) -> Vec<String> {
    let mut notes = vec![String::new(), "Columns:".to_string()];
    for (k, col) in c.columns.iter().enumerate() {
        let key = if terminal {
            format!("({}) {}", k + 1, col.id)
        } else {
            col.id.clone()
        };
        let what = match (&col.kind, &col.allocation) {
            (ColumnKind::Makeup, _) => "given makeup".to_string(),
            (ColumnKind::Scenario, Some(a)) if col.rules.is_none() => format!(
                "{} on {}{}",
                a.method.id(),
                col.basis.map_or("counts", |b| b.id()),
                if a.tie.is_some() { "; TIED" } else { "" }
            ),
            (ColumnKind::Scenario, _) => match &col.rules {
                Some(o) => {
                    let binding: Vec<&str> = o.binding.iter().map(|b| b.rule.as_str()).collect();
                    format!(
                        "{} on {}, rules engine; binding: {}{}",
                        o.method.id(),
                        col.basis.map_or("counts", |b| b.id()),
                        if binding.is_empty() {
                            "none".to_string()
                        } else {
                            binding.join(", ")
                        },
                        if o.tie.is_some() { "; TIED" } else { "" }
                    )
                }
                None => String::new(),
            },
        };
        notes.push(match &col.title {
            Some(t) => format!("{key}: {t} [{what}]"),
            None => format!("{key} [{what}]"),
        });
    }
    notes.push(
        "Marks: + held up by a minimum, − held down by a maximum, * in a tie for the last seat."
            .into(),
    );
    if !c.infeasible.is_empty() {
        notes.push(String::new());
        notes.push("Scenarios that cannot hold:".into());
        for inf in &c.infeasible {
            if inf.reason.starts_with("cannot run:") {
                notes.push(format!("{}: {}", inf.id, inf.reason));
            } else {
                notes.push(format!("{}: infeasible: {}", inf.id, inf.reason));
            }
        }
    }
    notes
}

/// The key and legends for markdown: headings with nested lists, so that a
/// briefing reads well in print.
fn markdown_notes(dataset: &Dataset, c: &Comparison) -> Vec<String> {
    let names = dataset.names();
    let basis = |b: Option<Basis>| match b {
        Some(Basis::Shares) => "the published shares".to_string(),
        _ => format!("the counts of {}", dataset.unit),
    };
    let tie_text = |tie: &crate::allocation::Tie| {
        let pick =
            |list: &[usize]| -> Vec<String> { list.iter().map(|&i| names[i].clone()).collect() };
        format!(
            "Tie: {} held by {} could equally go to {}",
            if tie.seats_in_tie == 1 {
                "a seat".to_string()
            } else {
                format!("up to {} seats", tie.seats_in_tie)
            },
            join_names(&pick(&tie.could_lose)),
            join_names(&pick(&tie.could_gain)),
        )
    };
    let mut notes = vec!["### Columns".to_string()];
    for (k, col) in c.columns.iter().enumerate() {
        let key = format!("({}) {}", k + 1, col.id);
        let given = if col.kind == ColumnKind::Makeup {
            " [given makeup]"
        } else {
            ""
        };
        notes.push(match &col.title {
            Some(t) => format!("{key}: {t}{given}"),
            None => format!("{key}{given}"),
        });
        if col.kind == ColumnKind::Makeup {
            continue;
        }
        let method = col
            .allocation
            .as_ref()
            .map(|a| a.method.id())
            .or(col.rules.as_ref().map(|o| o.method.id()));
        if let Some(m) = method {
            notes.push(format!("  - Method: {m}, on {}", basis(col.basis)));
        }
        if let Some(o) = &col.rules {
            let binding: Vec<String> = o.binding.iter().map(|b| b.rule.clone()).collect();
            notes.push(format!(
                "  - Rules engine; binding: {}",
                if binding.is_empty() {
                    "none".to_string()
                } else {
                    join_names(&binding)
                }
            ));
        }
        let tie = col
            .allocation
            .as_ref()
            .and_then(|a| a.tie.as_ref())
            .or(col.rules.as_ref().and_then(|o| o.tie.as_ref()));
        if let Some(t) = tie {
            notes.push(format!("  - {}", tie_text(t)));
        }
    }
    let cells: Vec<String> = c
        .columns
        .iter()
        .flat_map(|col| (0..names.len()).map(move |i| super::seat_cell(col, i)))
        .collect();
    let marks: Vec<&str> = [
        ('+', "Seats marked + are held up by a minimum."),
        ('−', "Seats marked − are held down by a maximum."),
        ('*', "Seats marked * are in a tie for the last seat."),
    ]
    .iter()
    .filter(|(mark, _)| cells.iter().any(|cell| cell.contains(*mark)))
    .map(|(_, text)| *text)
    .collect();
    if !marks.is_empty() {
        notes.push("### Marks".into());
        notes.extend(marks.iter().map(|m| m.to_string()));
    }
    if !c.infeasible.is_empty() {
        notes.push("### Scenarios that cannot hold".into());
        for inf in &c.infeasible {
            let sentence = if inf.reason.starts_with("cannot run:") {
                inf.reason.clone()
            } else {
                format!("infeasible: {}", inf.reason)
            };
            match &inf.title {
                Some(t) => {
                    notes.push(format!("{}: {t}", inf.id));
                    notes.push(format!("  - {sentence}"));
                }
                None => notes.push(format!("{}: {sentence}", inf.id)),
            }
        }
    }
    let (unit, per) = match c.basis {
        Basis::Counts => (dataset.unit.clone(), dataset.unit.clone()),
        Basis::Shares => ("the weight".to_string(), "share points".to_string()),
    };
    notes.push("### Indices".into());
    notes.push(format!(
        "v is a region's share of {unit} and s its share of the seats, both in percent; 0 is exact proportion."
    ));
    notes.extend([
        "Seats: the size of the house.".to_string(),
        "Women: women in a given makeup; ≥ n, the fewest a scenario's gender rules allow.".into(),
        "Loosemore–Hanby: ½ Σ |v − s|, in percentage points.".into(),
        "Gallagher: √(½ Σ (v − s)²), in percentage points.".into(),
        "Sainte-Laguë index: Σ (s − v)² / v.".into(),
        "Largest deviation (points): the largest |v − s| of any region.".into(),
        format!("Most per seat, Fewest per seat: {per} per seat in the region with the most and with the fewest (regions with a seat)."),
        "Ratio most/fewest: the one over the other.".into(),
        "Regions without a seat: how many have none.".into(),
    ]);
    notes
}

/// The indices as a JSON object (shared with the allocation view).
pub(crate) fn indices_value(names: &[String], idx: &Indices) -> Value {
    let named =
        |pair: Option<(usize, f64)>| pair.map(|(i, v)| json!({"region": names[i], "value": v}));
    json!({
        "loosemore_hanby": idx.loosemore_hanby,
        "gallagher": idx.gallagher,
        "sainte_lague": idx.sainte_lague,
        "max_deviation": idx.max_deviation,
        "max_deviation_region": names[idx.max_deviation_region],
        "largest_per_seat": named(idx.largest_per_seat),
        "smallest_per_seat": named(idx.smallest_per_seat),
        "per_seat_ratio": idx.per_seat_ratio,
        "without_seat": idx.without_seat.iter().map(|&i| names[i].clone()).collect::<Vec<_>>(),
    })
}

fn to_json(dataset: &Dataset, c: &Comparison) -> Value {
    let names = dataset.names();
    let shares = super::weight_shares(&c.weights);
    let regions: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            json!({
                "name": name,
                "weight": c.weights[i].to_string(),
                "share": shares[i],
                "quota": c.reference_seats.map(|s| shares[i] * s as f64 / 100.0),
                "quota_exact": c.reference_seats.and_then(|s| super::data::quota_text(&c.weights, i, s)),
            })
        })
        .collect();
    let columns: Vec<Value> = c
        .columns
        .iter()
        .map(|col| {
            let seats: serde_json::Map<String, Value> = names
                .iter()
                .zip(&col.seats)
                .map(|(n, s)| (n.clone(), json!(s)))
                .collect();
            let tie = col.allocation.as_ref().and_then(|a| {
                a.tie.as_ref().map(|t| {
                    json!({
                        "could_gain": a.names_of(&t.could_gain),
                        "could_lose": a.names_of(&t.could_lose),
                        "seats_in_tie": t.seats_in_tie,
                    })
                })
            });
            json!({
                "id": col.id,
                "title": col.title,
                "kind": match col.kind { ColumnKind::Makeup => "makeup", ColumnKind::Scenario => "scenario" },
                "method": col.allocation.as_ref().map(|a| a.method.id()).or(col.rules.as_ref().map(|o| o.method.id())),
                "basis": col.basis.map(|b| b.id()),
                "seats": col.house,
                "allocation": seats,
                "women": col.women,
                "women_at_least": col.women_required,
                "binding": col.rules.as_ref().map(|o| o.binding.iter().map(|b| b.rule.clone()).collect::<Vec<_>>()),
                "tie": tie,
                "indices": indices_value(&names, &col.indices),
            })
        })
        .collect();
    let infeasible: Vec<Value> = c
        .infeasible
        .iter()
        .map(|i| json!({"id": i.id, "title": i.title, "reason": i.reason}))
        .collect();
    json!({
        "title": dataset.title,
        "basis": c.basis.id(),
        "unit": dataset.unit,
        "reference_seats": c.reference_seats,
        "regions": regions,
        "columns": columns,
        "infeasible": infeasible,
    })
}
