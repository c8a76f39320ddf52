//! Thresholds: per method the first size at which a condition holds, the
//! size from which it always holds, and the allocation at the first size.

use serde_json::{json, Value};

use super::seats::{allocation_value, render_all};
use super::{data, Doc, Format};
use crate::allocation::Allocation;
use crate::analysis::threshold::{Reason, Threshold};

/// Renders thresholds for a condition (in words) in a format.
pub fn threshold(
    names: &[String],
    condition: &str,
    results: &[Threshold],
    format: Format,
) -> String {
    if format == Format::Json {
        return data::json_doc(
            "threshold",
            json!({
                "condition": condition,
                "results": results.iter().map(to_json).collect::<Vec<_>>(),
            }),
        );
    }
    if format == Format::Csv {
        return data::threshold_csv(results);
    }
    let summary = summary_doc(condition, results);
    // One column per allocation: each method's at its first size, and at
    // its "from" size where that differs.
    let columns: Vec<(String, &Allocation)> = results
        .iter()
        .flat_map(|t| {
            let id = t.method.id();
            let first = t
                .certificate
                .as_ref()
                .map(|a| (format!("{id} at {}", a.house), a));
            let from = t
                .from_certificate
                .as_ref()
                .map(|a| (format!("{id} from {}", a.house), a));
            first.into_iter().chain(from)
        })
        .collect();
    let columns_found = columns.len();
    let mut header = vec!["Region".to_string()];
    header.extend(columns.iter().map(|(h, _)| h.clone()));
    let rows = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut row = vec![name.clone()];
            row.extend(columns.iter().map(|(_, a)| a.regions[i].seats.to_string()));
            row
        })
        .collect();
    let certificates = Doc {
        heading: vec![
            "The allocation at the first size, and at \"from\" where it differs (check any with `seatshare allocate`)".into(),
        ],
        header,
        rows,
        rule_after: Vec::new(),
        text_columns: 1,
        notes: Vec::new(),
    };
    // With no size found for any method there is no allocation to show.
    if columns_found == 0 {
        return render_all(&[summary], format);
    }
    render_all(&[summary, certificates], format)
}

/// One row per method: first, from, last failing and why.
pub(crate) fn summary_doc(condition: &str, results: &[Threshold]) -> Doc {
    let text = |n: Option<u64>| n.map_or("—".to_string(), |n| n.to_string());
    Doc {
        heading: vec![format!("Smallest house at which {condition}")],
        header: vec![
            "Method".into(),
            "First".into(),
            "From".into(),
            "Last failing".into(),
            "Why".into(),
        ],
        rows: results
            .iter()
            .map(|t| {
                vec![
                    t.method.id(),
                    text(t.first),
                    text(t.from),
                    text(t.last_failing),
                    why(t),
                ]
            })
            .collect(),
        rule_after: Vec::new(),
        text_columns: 1,
        notes: vec![
            String::new(),
            "First: the smallest house at which it holds (in every outcome of a tie). From: it holds at that size and every larger one. Last failing: the largest size at which it does not.".into(),
        ]
        .into_iter()
        .chain(explanations(results))
        .collect(),
    }
}

/// Why the numbers are what they are, in a few words.
fn why(t: &Threshold) -> String {
    // The reason is a sentence, given under the table (see
    // `explanations`), so that the column stays narrow.
    if t.never.is_some() {
        return "never (see below)".into();
    }
    let mut parts = Vec::new();
    if t.forced_by_first_seats {
        parts.push("forced by the first seats owed".to_string());
    }
    if let Some(p) = t.first_possible {
        parts.push(format!("at {p} only in some tie outcomes"));
    }
    parts.push(match &t.reason {
        Reason::HouseMonotone => "house-monotone".into(),
        Reason::QuotaBound(b) => format!("every size to {b} solved; bound {b}"),
        Reason::DroopMonotoneFrom(s) => format!("every size solved; monotone from {s}"),
        Reason::Unproven(limit) => format!("searched to {limit}; no bound under rules"),
        Reason::BeyondLimit(limit) => format!("searched to {limit}; bound beyond it"),
        Reason::Rules(to) => format!("every size to {to} solved under the rules"),
        Reason::ImpliedByBounds => "the minimums alone give it".into(),
    });
    parts.join("; ")
}

/// One sentence for each kind of reason that appears.
fn explanations(results: &[Threshold]) -> Vec<String> {
    let mut notes = Vec::new();
    // Each reason once, with the methods it is for unless it is for all.
    let mut nevers: Vec<(&str, Vec<String>)> = Vec::new();
    for t in results {
        if let Some(reason) = &t.never {
            match nevers.iter_mut().find(|(r, _)| *r == reason.as_str()) {
                Some((_, methods)) => methods.push(t.method.id()),
                None => nevers.push((reason, vec![t.method.id()])),
            }
        }
    }
    for (reason, methods) in &nevers {
        let whose = if methods.len() == results.len() {
            String::new()
        } else {
            format!(" ({})", methods.join(", "))
        };
        notes.push(format!("Never{whose}: {reason}."));
    }
    let mut add = |note: String| {
        if !notes.contains(&note) {
            notes.push(note);
        }
    };
    for t in results.iter().filter(|t| t.never.is_none()) {
        if t.forced_by_first_seats {
            add(format!(
                "Forced by the first seats owed: d(0) = 0, so every region with weight gets a seat before any gets a second; the smallest house with an allocation ({}) already satisfies it.",
                t.smallest
            ));
        }
        add(match &t.reason {
            Reason::HouseMonotone => "House-monotone (divisor methods): a larger house only adds seats, so once it holds it always holds: from = first.".into(),
            Reason::QuotaBound(_) => "Bound (quota methods): a region never holds fewer than ⌊v/Q⌋ − c seats (c = 0 Hamilton and Droop, 1 hagenbach-bischoff, 2 imperiali-quota); from the bound on, that is at least the seats needed, so every size up to it is solved and from = last failing + 1.".into(),
            Reason::DroopMonotoneFrom(_) => "Droop with a weight of at most K units: from ⌊V⌋ seats on its quota is 1 at every size, the method is house-monotone there, and the search stops once the condition holds beyond it.".into(),
            Reason::Unproven(_) => "Quota methods under seat rules: no bound is proven; \"from\" is not claimed.".into(),
            Reason::BeyondLimit(_) => "The proven bound lies beyond the search limit; \"from\" is not claimed.".into(),
            Reason::Rules(_) => "Under group or gender rules: every size is solved in turn by the rules engine from the smallest up; a rule can take a seat from a region as the house grows, so \"from\" is not claimed.".into(),
            Reason::ImpliedByBounds => "The minimums alone give it: every allocation meets them, so it holds at every size that has one, from the smallest (no size is searched).".into(),
        });
    }
    notes
}

pub(crate) fn to_json(t: &Threshold) -> Value {
    json!({
        "method": t.method.id(),
        "first": t.first,
        "from": t.from,
        "last_failing": t.last_failing,
        "first_possible": t.first_possible,
        "forced_by_first_seats": t.forced_by_first_seats,
        "never": t.never,
        "why": why(t),
        "certificate": t.certificate.as_ref().map(allocation_value),
        "from_certificate": t.from_certificate.as_ref().map(allocation_value),
    })
}
