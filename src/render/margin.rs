//! Margins: per region, what it takes to win the next seat and how much it
//! can lose before dropping one.

use serde_json::{json, Value};

use super::{data, grouped, join_names, Doc, Format};
use crate::analysis::margin::{Amount, Margins, Move};
use crate::number::{format_rational, rational_text};
use crate::scenario::Basis;

/// The unit a margin is counted in.
fn unit(basis: Basis, unit: &str) -> String {
    match basis {
        Basis::Shares => "percentage points".into(),
        Basis::Counts => unit.to_string(),
    }
}

fn amount_text(a: &Amount) -> String {
    match a {
        Amount::Exact(r) => format_rational(r, 4),
        Amount::About(x) => format!("≈{x:.4}"),
    }
}

fn amount_exact(a: &Amount) -> Value {
    match a {
        Amount::Exact(r) => json!(rational_text(r)),
        Amount::About(_) => Value::Null,
    }
}

/// One move in words, e.g. `needs 89 more (ties at +88)`.
fn move_text(m: &Move, gain: bool) -> String {
    let amount = grouped(&m.amount.to_string());
    // The regions traded are in their own column: a seat tied now may
    // trade with more regions than the one it is tied with.
    let tie = |sign: &str| {
        if m.tie_at.is_zero() {
            "tied now".to_string()
        } else {
            format!("ties at {sign}{}", amount_text(&m.tie_at))
        }
    };
    if gain {
        format!("needs {amount} more ({})", tie("+"))
    } else {
        format!("can lose {amount} ({})", tie("−"))
    }
}

/// Renders margins in a format; `basis` and `unit` name what they count.
pub fn margin(
    names: &[String],
    m: &Margins,
    basis: Basis,
    unit_name: &str,
    format: Format,
) -> String {
    let unit = unit(basis, unit_name);
    if format == Format::Json {
        let regions: Vec<Value> = m
            .regions
            .iter()
            .map(|r| {
                let others = |mv: &Option<Move>| {
                    mv.as_ref().map(|mv| {
                        mv.others
                            .iter()
                            .map(|&j| names[j].clone())
                            .collect::<Vec<_>>()
                    })
                };
                json!({
                    "name": names[r.region],
                    "seats": r.seats,
                    "gain_needed": r.gain.as_ref().map(|g| g.amount.to_string()),
                    "loss_allowed": r.loss.as_ref().map(|l| l.amount.to_string()),
                    "gain_from": others(&r.gain),
                    "loss_to": others(&r.loss),
                    "gain_tie_at": r.gain.as_ref().map(|g| amount_exact(&g.tie_at)),
                    "loss_tie_at": r.loss.as_ref().map(|l| amount_exact(&l.tie_at)),
                    "gain_tie_value": r.gain.as_ref().map(|g| g.tie_at.to_f64()),
                    "loss_tie_value": r.loss.as_ref().map(|l| l.tie_at.to_f64()),
                    "tied_now": r.gain.as_ref().is_some_and(|g| g.tie_at.is_zero())
                        || r.loss.as_ref().is_some_and(|l| l.tie_at.is_zero()),
                    "note": r.note,
                })
            })
            .collect();
        return data::json_doc(
            "margin",
            json!({
                "method": m.allocation.method.id(),
                "seats": m.allocation.house,
                "unit": unit,
                "rules": m.rules,
                "regions": regions,
            }),
        );
    }
    if format == Format::Csv {
        return data::margin_csv(names, m);
    }
    let rows = m
        .regions
        .iter()
        .map(|r| {
            let from = |mv: &Option<Move>| {
                mv.as_ref().map_or(String::new(), |mv| {
                    join_names(
                        &mv.others
                            .iter()
                            .map(|&j| names[j].clone())
                            .collect::<Vec<_>>(),
                    )
                })
            };
            vec![
                names[r.region].clone(),
                r.seats.to_string(),
                r.gain.as_ref().map_or("—".into(), |g| move_text(g, true)),
                from(&r.gain),
                r.loss.as_ref().map_or("—".into(), |l| move_text(l, false)),
                from(&r.loss),
                r.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let step = if m.scale == 0 {
        format!("one {}", unit.trim_end_matches('s'))
    } else {
        format!(
            "{} {unit}",
            crate::number::format_rational(
                &num_rational::BigRational::new(1.into(), crate::number::pow10(m.scale).into()),
                8
            )
        )
    };
    Doc {
        heading: vec![format!(
            "How close each seat is: {} seats by {}{}, in {unit}",
            m.allocation.house,
            m.allocation.method.id(),
            m.rules
                .as_ref()
                .map_or(String::new(), |r| format!(", under the rules {r}"))
        )],
        header: vec![
            "Region".into(),
            "Seats".into(),
            "Next seat".into(),
            "Taken from".into(),
            "Seat lost".into(),
            "Goes to".into(),
            "Note".into(),
        ],
        rows,
        rule_after: Vec::new(),
        text_columns: 1,
        notes: vec![
            String::new(),
            format!(
                "Only the region's own {unit} change; every other region's stay as given. \"Needs N more\": the smallest change in steps of the data's precision ({step}) that wins the seat outright; \"can lose N\": the largest that keeps it for certain. \"Ties at\": the exact change at which the two seats are equal; \"tied now\": they are equal already.",
            ),
        ],
    }
    .render(format)
}
