//! A sweep over house sizes: one table per method, the first size at which
//! every region is seated and every Alabama paradox.

use serde_json::{json, Value};

use super::seats::{render_all, seat_map};
use super::{data, Doc, Format};
use crate::analysis::sweep::MethodSweep;

/// Renders sweeps in a format. JSON is one object for one method and an
/// array of them for several.
pub fn sweep(names: &[String], sweeps: &[MethodSweep], format: Format) -> String {
    if format == Format::Json {
        let values: Vec<Value> = sweeps.iter().map(|s| to_json(names, s)).collect();
        return match <[Value; 1]>::try_from(values) {
            Ok([one]) => data::json_doc("sweep", one),
            Err(many) => data::json_doc("sweep", Value::Array(many)),
        };
    }
    if format == Format::Csv {
        return data::sweep_csv(names, sweeps);
    }
    let docs: Vec<Doc> = sweeps.iter().map(|s| doc(names, s)).collect();
    render_all(&docs, format)
}

fn doc(names: &[String], s: &MethodSweep) -> Doc {
    let mut header = vec!["Seats".to_string()];
    header.extend(names.iter().cloned());
    header.push("Note".into());
    let rows = s
        .sizes
        .iter()
        .map(|size| {
            let mut row = vec![size.house.to_string()];
            row.extend(size.seats.iter().map(u64::to_string));
            let mut notes = Vec::new();
            if size.tied {
                notes.push("tied".to_string());
            }
            for p in s.alabama.iter().filter(|p| p.house + 1 == size.house) {
                notes.push(format!(
                    "Alabama: {} {} → {}{}",
                    names[p.region],
                    p.before,
                    p.after,
                    if p.certain {
                        ""
                    } else {
                        " (in some tie outcomes)"
                    }
                ));
            }
            row.push(notes.join("; "));
            row
        })
        .collect();
    let mut notes = vec![String::new()];
    if let Some(rules) = &s.rules {
        notes.push(format!(
            "Under the rules {rules}, solved size by size by the rules engine: rules can take a seat from a region as the house grows, whatever the method."
        ));
    }
    for (house, reason) in &s.impossible {
        notes.push(format!("At {house} seats there is no allocation: {reason}"));
    }
    if let Some((from, to)) = s.undefined {
        notes.push(format!(
            "Sizes {from} to {to} have no allocation: the minimums or the first seats the method owes need more seats."
        ));
    }
    if let Some(most) = s.capped_at {
        notes.push(format!(
            "Sizes above {most} have no allocation: the maximums allow at most {most} seats in all."
        ));
    }
    notes.push(match s.first_all_seated {
        Some(n) => format!("In this range every region first holds a seat at {n} seats."),
        None => "No size in the range gives every region a seat.".into(),
    });
    notes.push(if s.alabama.is_empty() {
        if s.method.is_divisor() && s.rules.is_none() {
            "Alabama paradox: none (divisor methods are house-monotone: a larger house only adds seats).".into()
        } else {
            "Alabama paradox: none in this range.".into()
        }
    } else {
        format!(
            "Alabama paradox: {} time(s) a region loses a seat when the house grows by one (marked above).",
            s.alabama.len()
        )
    });
    Doc {
        heading: vec![format!("{} ({})", s.method.id(), s.method.name())],
        header,
        rows,
        rule_after: Vec::new(),
        text_columns: 0,
        notes,
    }
}

fn to_json(names: &[String], s: &MethodSweep) -> Value {
    json!({
        "method": s.method.id(),
        "sizes": s.sizes.iter().map(|size| json!({
            "seats": size.house,
            "allocation": seat_map(names, &size.seats),
            "tied": size.tied,
        })).collect::<Vec<_>>(),
        "alabama": s.alabama.iter().map(|p| json!({
            "seats": p.house + 1,
            "region": names[p.region],
            "before": p.before,
            "after": p.after,
            "certain": p.certain,
        })).collect::<Vec<_>>(),
        "first_all_seated": s.first_all_seated,
        "undefined": s.undefined.map(|(from, to)| json!({"from": from, "to": to})),
        "rules": s.rules,
        "capped_at": s.capped_at,
        "impossible": s.impossible.iter().map(|(house, reason)| json!({"seats": house, "reason": reason})).collect::<Vec<_>>(),
    })
}
