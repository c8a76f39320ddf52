//! Every makeup and scenario of a file side by side.

use serde_json::{json, Value};

use super::{amount, capitalise, fixed, grouped, json_text, Doc, Format};
use crate::allocation::BoundHit;
use crate::analysis::report::Report;
use crate::analysis::{Column, ColumnKind, Comparison};
use crate::indices::Indices;
use crate::number::Decimal;
use crate::scenario::{Basis, Dataset};

/// Renders a comparison in a format.
pub fn compare(dataset: &Dataset, comparison: &Comparison, format: Format) -> String {
    match format {
        Format::Json => json_text(&to_json(dataset, comparison)),
        Format::Html => compare_page(dataset, comparison, &Report::default(), ""),
        _ => doc(dataset, comparison, format).render(format),
    }
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
        to_json(dataset, comparison),
        report,
        command,
    )
}

fn shares(weights: &[Decimal]) -> Vec<f64> {
    let w: Vec<f64> = weights.iter().map(Decimal::to_f64).collect();
    let total: f64 = w.iter().sum();
    w.iter()
        .map(|x| if total > 0.0 { 100.0 * x / total } else { 0.0 })
        .collect()
}

/// A seat cell, marked when a bound binds or a tie touches it.
fn seat_cell(column: &Column, i: usize) -> String {
    let mut cell = column.seats[i].to_string();
    if let Some(a) = &column.allocation {
        match a.regions[i].binding {
            Some(BoundHit::Minimum(_)) => cell.push('+'),
            Some(BoundHit::Maximum(_)) => cell.push('−'),
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

fn doc(dataset: &Dataset, c: &Comparison, format: Format) -> Doc {
    let names = dataset.names();
    let shares = shares(&c.weights);
    let terminal = format == Format::Table;
    let weight_label = match c.basis {
        Basis::Counts => capitalise(&dataset.unit),
        Basis::Shares => "Share given %".into(),
    };
    let mut header = vec!["Region".to_string(), weight_label, "Share %".into()];
    if let Some(seats) = c.reference_seats {
        header.push(format!("Quota at {seats}"));
    }
    for (k, column) in c.columns.iter().enumerate() {
        header.push(if terminal {
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
        row.extend(c.columns.iter().map(|col| seat_cell(col, i)));
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
    Doc {
        heading,
        header,
        rule_after: vec![names.len() - 1],
        rows,
        text_columns: 1,
        notes,
    }
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
    let shares = shares(&c.weights);
    let regions: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            json!({
                "name": name,
                "weight": c.weights[i].to_string(),
                "share": shares[i],
                "quota": c.reference_seats.map(|s| shares[i] * s as f64 / 100.0),
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
