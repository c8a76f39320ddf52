//! The population paradox between two sets of weights.

use serde_json::{json, Value};

use super::seats::allocation_value;
use super::{data, Doc, Format};
use crate::analysis::population::Population;
use crate::number::Decimal;

/// Renders a population comparison in a format.
pub fn population(
    names: &[String],
    earlier: &[Decimal],
    later: &[Decimal],
    p: &Population,
    format: Format,
) -> String {
    if format == Format::Json {
        let paradoxes: Vec<Value> = p
            .paradoxes
            .iter()
            .map(|x| {
                json!({
                    "grew_faster": names[x.grew],
                    "gained_seat": names[x.other],
                    "certain": x.certain,
                })
            })
            .collect();
        return data::json_doc(
            "population",
            json!({
                "method": p.before.method.id(),
                "seats": p.before.house,
                "before": allocation_value(&p.before),
                "after": allocation_value(&p.after),
                "paradoxes": paradoxes,
            }),
        );
    }
    if format == Format::Csv {
        return data::population_csv(names, earlier, later, p);
    }
    let (sb, sa) = (p.before.seats(), p.after.seats());
    let rows = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let growth = if earlier[i].is_zero() {
                "—".to_string()
            } else {
                super::signed(100.0 * (later[i].to_f64() / earlier[i].to_f64() - 1.0), 2) + "%"
            };
            vec![
                n.clone(),
                earlier[i].to_string(),
                later[i].to_string(),
                growth,
                sb[i].to_string(),
                sa[i].to_string(),
            ]
        })
        .collect();
    let mut notes = vec![String::new()];
    if p.paradoxes.is_empty() {
        notes.push("Population paradox: none (no region that grew faster lost a seat to one that grew more slowly).".into());
    }
    for x in &p.paradoxes {
        notes.push(format!(
            "Population paradox: {} grew faster than {} yet lost a seat to it{}.",
            names[x.grew],
            names[x.other],
            if x.certain {
                ""
            } else {
                " (only in some outcomes of a tie)"
            }
        ));
    }
    Doc {
        heading: vec![format!(
            "Population paradox check: {} seats by {}",
            p.before.house,
            p.before.method.id()
        )],
        header: vec![
            "Region".into(),
            "Earlier".into(),
            "Later".into(),
            "Growth".into(),
            "Seats earlier".into(),
            "Seats later".into(),
        ],
        rows,
        rule_after: Vec::new(),
        text_columns: 1,
        notes,
    }
    .render(format)
}
