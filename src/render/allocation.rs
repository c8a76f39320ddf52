//! One allocation: seats, quotas, the certificate, the tie report and the
//! indices.

use serde_json::{json, Value};

use super::{amount, capitalise, fixed, grouped, join_names, signed, Doc, Format};
use crate::allocation::{Allocation, BoundHit, Certificate, DivisorCertificate, QuotaCertificate};
use crate::indices::{indices, Indices};
use crate::method::Method;
use crate::number::{exact_decimal, format_rational, rational_text, rational_to_f64};
use crate::scenario::Basis;

/// What the allocation was run on, for its heading.
#[derive(Debug, Clone, Default)]
pub struct AllocationContext {
    /// The file's title.
    pub title: Option<String>,
    /// The scenario's id, if one was run.
    pub scenario: Option<String>,
    /// The scenario's heading.
    pub scenario_title: Option<String>,
    /// Counts or shares.
    pub basis: Option<Basis>,
    /// What the counts count (`members`).
    pub unit: String,
}

impl AllocationContext {
    fn weight_label(&self) -> String {
        match self.basis {
            Some(Basis::Shares) => "Share given %".into(),
            _ => capitalise(&self.unit),
        }
    }

    fn per_seat_unit(&self) -> String {
        match self.basis {
            Some(Basis::Shares) => "percentage points".into(),
            _ => self.unit.clone(),
        }
    }
}

/// Renders an allocation in a format.
/// (An allocation the rules engine made is written by `render::rules`.)
pub(crate) fn allocation(a: &Allocation, context: &AllocationContext, format: Format) -> String {
    let weights: Vec<_> = a.regions.iter().map(|r| r.weight.clone()).collect();
    let idx = indices(&weights, &a.seats());
    match format {
        Format::Json => super::data::json_doc("allocate", to_json(a, context, &idx)),
        Format::Csv => super::data::allocation_csv(a, &column_id(context), super::CsvTable::Seats),
        _ => doc(a, context, &idx, format).render(format),
    }
}

/// The `column` value of an allocation's CSV rows: the scenario id, or
/// `custom` for one built by flags.
pub(crate) fn column_id(context: &AllocationContext) -> String {
    context.scenario.clone().unwrap_or_else(|| "custom".into())
}

/// The title, the scenario, and the house with its method and definition
/// (followed by `how`, e.g. how it was solved).
pub(super) fn heading(
    context: &AllocationContext,
    house: u64,
    method: &Method,
    how: &str,
) -> Vec<String> {
    let mut heading = vec![context.title.clone().unwrap_or_else(|| "Allocation".into())];
    if let Some(id) = &context.scenario {
        match &context.scenario_title {
            Some(t) => heading.push(format!("Scenario {id}: {t}")),
            None => heading.push(format!("Scenario {id}")),
        }
    }
    heading.push(format!(
        "{house} seats by {} ({}): {}{how}",
        method.id(),
        method.name(),
        method.definition()
    ));
    heading
}

fn doc(a: &Allocation, context: &AllocationContext, idx: &Indices, format: Format) -> Doc {
    let heading = heading(context, a.house, &a.method, "");
    let shares = shares(a);
    let total_weight = a
        .regions
        .iter()
        .fold(num_rational::BigRational::default(), |sum, r| {
            sum + r.weight.to_rational()
        });
    let total_weight = exact_decimal(&total_weight, 12)
        .map(|t| {
            if format == Format::Csv {
                t
            } else {
                grouped(&t)
            }
        })
        .unwrap_or_else(|| amount(rational_to_f64(&total_weight)));
    let mut header = vec![
        "Region".to_string(),
        context.weight_label(),
        "Share %".into(),
        "Quota".into(),
        "Seats".into(),
        "Seats − quota".into(),
    ];
    match &a.certificate {
        Certificate::Divisor(_) => header.push("Weight ÷ divisor".into()),
        Certificate::Quota(_) => {
            header.extend(["Weight ÷ Q".into(), "Floor".into(), "Remainder".into()]);
        }
        Certificate::Rules(_) => {}
    }
    header.push("Note".into());
    let mut rows = Vec::new();
    for (i, r) in a.regions.iter().enumerate() {
        let quota = a.quota(i).map_or(0.0, |q| rational_to_f64(&q));
        let weight_text = if format == Format::Csv {
            r.weight.to_string()
        } else {
            grouped(&r.weight.to_string())
        };
        let mut row = vec![
            r.name.to_string(),
            weight_text,
            fixed(shares[i], 2),
            fixed(quota, 3),
            r.seats.to_string(),
            signed(r.seats as f64 - quota, 3),
        ];
        match &a.certificate {
            Certificate::Divisor(c) => {
                row.push(c.quotients.get(i).map_or(String::new(), |q| fixed(*q, 3)));
            }
            Certificate::Quota(c) => {
                row.push(
                    c.quotient(i)
                        .map_or(String::new(), |q| fixed(rational_to_f64(&q), 3)),
                );
                row.push(c.floors.get(i).map_or(String::new(), u64::to_string));
                row.push(
                    c.remainder(i)
                        .map_or(String::new(), |q| fixed(rational_to_f64(&q), 3)),
                );
            }
            Certificate::Rules(_) => {}
        }
        row.push(region_note(a, i));
        rows.push(row);
    }
    let mut total = vec![
        "Total".to_string(),
        total_weight,
        fixed(shares.iter().sum(), 2),
        a.house.to_string(),
        a.house.to_string(),
        String::new(),
    ];
    total.extend(std::iter::repeat_n(
        String::new(),
        header.len() - total.len(),
    ));
    rows.push(total);
    let mut notes = vec![String::new()];
    notes.extend(certificate_notes(a));
    notes.push(tie_note(a));
    let names: Vec<String> = a.regions.iter().map(|r| r.name.to_string()).collect();
    notes.extend(index_notes(&names, idx, context));
    Doc {
        heading,
        header,
        rule_after: vec![a.regions.len() - 1],
        rows,
        text_columns: 1,
        notes,
    }
}

pub(super) fn shares(a: &Allocation) -> Vec<f64> {
    let w = a.weights_f64();
    let total: f64 = w.iter().sum();
    w.iter()
        .map(|x| if total > 0.0 { 100.0 * x / total } else { 0.0 })
        .collect()
}

fn region_note(a: &Allocation, i: usize) -> String {
    let r = &a.regions[i];
    let mut parts = Vec::new();
    if r.base > 0 {
        parts.push(format!("{} base", r.base));
    }
    match r.binding {
        Some(BoundHit::Minimum(m)) => parts.push(format!("held up by minimum {m}")),
        Some(BoundHit::Maximum(m)) => parts.push(format!("held down by maximum {m}")),
        None => {}
    }
    if let Some(tie) = &a.tie {
        if tie.could_gain.contains(&i) {
            parts.push("tied: could gain 1".into());
        }
        if tie.could_lose.contains(&i) {
            parts.push("tied: could lose 1".into());
        }
    }
    if let Some(draw) = &a.draw {
        if draw.winners.contains(&i) {
            parts.push("won the lot".into());
        } else if draw.candidates.contains(&i) {
            parts.push("lost the lot".into());
        }
    }
    parts.join("; ")
}

fn seat_ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn certificate_notes(a: &Allocation) -> Vec<String> {
    match &a.certificate {
        Certificate::Divisor(c) => divisor_notes(a, c),
        Certificate::Quota(c) => quota_notes(a, c),
        Certificate::Rules(_) => Vec::new(),
    }
}

fn signpost_text(a: &Allocation, s: &crate::allocation::Signpost) -> String {
    let value = match &s.exact {
        Some(exact) => format_rational(exact, 3),
        None => format!("≈{}", amount(s.value)),
    };
    format!(
        "{} ({}'s {} seat)",
        value,
        a.regions[s.region].name,
        seat_ordinal(s.held + 1)
    )
}

fn divisor_notes(a: &Allocation, c: &DivisorCertificate) -> Vec<String> {
    let mut notes = Vec::new();
    match (&c.lower, &c.upper) {
        (None, None) => notes
            .push("Divisor: every seat is fixed by the rules; no divisor decides any seat.".into()),
        (lower, upper) => {
            let lo = lower
                .as_ref()
                .map_or("0 (every region is at its maximum)".into(), |s| {
                    signpost_text(a, s)
                });
            let hi = upper
                .as_ref()
                .map_or("no limit (no seat was won freely)".into(), |s| {
                    signpost_text(a, s)
                });
            if a.tie.is_some() {
                notes.push(format!(
                    "Divisor: only {hi} works, and there the last seat is tied."
                ));
            } else {
                notes.push(format!(
                    "Divisor interval: any divisor above {lo} and below {hi} gives these seats."
                ));
            }
            if let Some(nice) = &c.nice {
                notes.push(format!(
                    "A divisor in it: {}. Each region's weight ÷ divisor is rounded at the method's signposts d(k).",
                    rational_text(nice)
                ));
            }
        }
    }
    notes
}

fn quota_notes(a: &Allocation, c: &QuotaCertificate) -> Vec<String> {
    let mut notes = vec![format!(
        "Quota: Q = {} = {} with V the total weight and S = {} seats shared by the method.",
        c.formula,
        format_rational(&c.quota, 3),
        a.house - a.regions.iter().map(|r| r.base).sum::<u64>()
    )];
    let free = a.house - a.regions.iter().map(|r| r.base).sum::<u64>();
    if c.floor_total <= free {
        notes.push(format!(
            "The floors give {} seats; the {} left go to the largest remainders.",
            c.floor_total,
            free - c.floor_total
        ));
    } else {
        notes.push(format!(
            "The floors give {} seats, {} more than the {} to share: the smallest remainders give theirs back.",
            c.floor_total,
            c.floor_total - free,
            free
        ));
    }
    notes
}

fn tie_note(a: &Allocation) -> String {
    let Some(tie) = &a.tie else {
        return "Tie: none; this is the only allocation the method gives.".into();
    };
    let gain = join_names(&a.names_of(&tie.could_gain));
    let lose = join_names(&a.names_of(&tie.could_lose));
    let seats = if tie.seats_in_tie == 1 {
        "the last seat is".to_string()
    } else {
        format!("the last {} seats are", tie.seats_in_tie)
    };
    let mut note = format!(
        "Tie: {seats} tied between {lose} (shown holding it) and {gain}; any {} of these {} regions may hold {}. ",
        tie.seats_in_tie,
        tie.could_gain.len() + tie.could_lose.len(),
        if tie.seats_in_tie == 1 { "it" } else { "them" }
    );
    match &a.draw {
        Some(draw) => note.push_str(&format!(
            "Drawn by lot with seed {}: {} won.",
            draw.seed,
            join_names(&a.names_of(&draw.winners))
        )),
        None => note.push_str("The table shows one of them; decide by the rules' tie-break, or draw with --tie-break lot --seed N."),
    }
    note
}

pub(super) fn index_notes(
    names: &[String],
    idx: &Indices,
    context: &AllocationContext,
) -> Vec<String> {
    let pick = |list: &[usize]| -> Vec<String> { list.iter().map(|&i| names[i].clone()).collect() };
    let mut notes = vec![format!(
        "Disproportionality: Loosemore–Hanby {}, Gallagher {}, Sainte-Laguë index {}, largest deviation {} points ({}).",
        fixed(idx.loosemore_hanby, 2),
        fixed(idx.gallagher, 2),
        fixed(idx.sainte_lague, 2),
        fixed(idx.max_deviation, 2),
        names[idx.max_deviation_region]
    )];
    if let (Some((li, l)), Some((si, s))) = (idx.largest_per_seat, idx.smallest_per_seat) {
        let unit = capitalise(&context.per_seat_unit());
        notes.push(match idx.per_seat_ratio {
            // The first region of the most and of the fewest is the same
            // one only when every region with a seat has the same.
            _ if li == si => format!(
                "{unit} per seat: {} for every region with a seat.",
                amount(l)
            ),
            Some(ratio) => format!(
                "{unit} per seat: from {} ({}) to {} ({}), a ratio of {}.",
                amount(s),
                names[si],
                amount(l),
                names[li],
                fixed(ratio, 2)
            ),
            None => format!(
                "{unit} per seat: from {} ({}) to {} ({}); a region without weight holds a seat, so there is no ratio.",
                amount(s),
                names[si],
                amount(l),
                names[li],
            ),
        });
    }
    if idx.without_seat.is_empty() {
        notes.push("Every region has a seat.".into());
    } else {
        notes.push(format!(
            "Without a seat: {}.",
            join_names(&pick(&idx.without_seat))
        ));
    }
    notes
}

/// The allocation as the stable JSON object documented in the README.
pub(crate) fn to_json(a: &Allocation, context: &AllocationContext, idx: &Indices) -> Value {
    let shares = shares(a);
    let regions: Vec<Value> = a
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            json!({
                "name": r.name,
                "weight": r.weight.to_string(),
                "share": shares[i],
                "quota": a.quota(i).map(|q| rational_to_f64(&q)),
                "quota_exact": a.quota(i).as_ref().map(rational_text),
                "seats": r.seats,
                "base": r.base,
                "binding": binding_json(r.binding),
            })
        })
        .collect();
    json!({
        "title": context.title,
        "scenario": context.scenario,
        "method": a.method.id(),
        "method_name": a.method.name(),
        "definition": a.method.definition(),
        "seats": a.house,
        "basis": context.basis.map(|b| b.id()),
        "regions": regions,
        "tie": tie_json(a),
        "certificate": certificate_json(a),
        "indices": indices_json(a, idx),
    })
}

/// A region's binding bound in JSON: `{"bound": "min", "seats": 1}` or null.
pub(crate) fn binding_json(binding: Option<BoundHit>) -> Value {
    match binding {
        Some(BoundHit::Minimum(m)) => json!({"bound": "min", "seats": m}),
        Some(BoundHit::Maximum(m)) => json!({"bound": "max", "seats": m}),
        None => Value::Null,
    }
}

fn tie_json(a: &Allocation) -> Value {
    match &a.tie {
        None => Value::Null,
        Some(t) => json!({
            "could_gain": a.names_of(&t.could_gain),
            "could_lose": a.names_of(&t.could_lose),
            "seats_in_tie": t.seats_in_tie,
            "draw": a.draw.as_ref().map(|d| json!({
                "seed": d.seed,
                "candidates": a.names_of(&d.candidates),
                "winners": a.names_of(&d.winners),
            })),
        }),
    }
}

fn certificate_json(a: &Allocation) -> Value {
    match &a.certificate {
        Certificate::Divisor(c) => {
            let end = |s: &Option<crate::allocation::Signpost>| {
                s.as_ref().map(|s| {
                    json!({
                        "region": a.regions[s.region].name,
                        "seat": s.held + 1,
                        "value": s.value,
                        "exact": s.exact.as_ref().map(rational_text),
                    })
                })
            };
            json!({
                "kind": "divisor",
                "lower": end(&c.lower),
                "upper": end(&c.upper),
                "divisor": c.nice.as_ref().map(rational_text),
                "quotients": c.quotients,
            })
        }
        Certificate::Quota(c) => json!({
            "kind": "quota",
            "formula": c.formula,
            "quota": rational_text(&c.quota),
            "quota_value": rational_to_f64(&c.quota),
            "floor_total": c.floor_total,
            "regions": a.regions.iter().enumerate().map(|(i, r)| json!({
                "name": r.name,
                "quotient": c.quotient(i).map(|q| rational_to_f64(&q)),
                "floor": c.floors.get(i),
                "remainder": c.remainder(i).map(|q| rational_to_f64(&q)),
            })).collect::<Vec<_>>(),
        }),
        Certificate::Rules(_) => json!({"kind": "rules"}),
    }
}

pub(crate) fn indices_json(a: &Allocation, idx: &Indices) -> Value {
    let names: Vec<String> = a.regions.iter().map(|r| r.name.to_string()).collect();
    super::compare::indices_value(&names, idx)
}
