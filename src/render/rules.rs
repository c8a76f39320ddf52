//! An allocation under rules: seats against the method alone, women per
//! region, which rules bind and what each costs, ties and the exact check.

use serde_json::{json, Map, Value};

use super::allocation::binding_json;
use super::allocation::{heading, index_notes};
use super::compare::indices_value;
use super::{fixed, grouped, join_names, signed, AllocationContext, Doc, Format};
use crate::allocation::{Allocation, BoundHit, RulesOutcome, WomenSeats};
use crate::indices::indices;
use crate::number::rational_to_f64;

/// Renders the rules engine's result in a format.
pub fn rules_outcome(o: &RulesOutcome, context: &AllocationContext, format: Format) -> String {
    render(o, &vec![None; o.names.len()], context, format)
}

/// Renders an allocation the rules engine made, with its bound marks.
pub(crate) fn rules_allocation(
    a: &Allocation,
    o: &RulesOutcome,
    context: &AllocationContext,
    format: Format,
) -> String {
    let bounds: Vec<Option<BoundHit>> = a.regions.iter().map(|r| r.binding).collect();
    render(o, &bounds, context, format)
}

fn render(
    o: &RulesOutcome,
    bounds: &[Option<BoundHit>],
    context: &AllocationContext,
    format: Format,
) -> String {
    match format {
        Format::Json => super::data::json_doc("allocate", to_json(o, bounds, context)),
        Format::Csv => super::data::rules_csv(o, bounds, &super::allocation::column_id(context)),
        _ => doc(o, bounds, context, format).render(format),
    }
}

/// `+` when a minimum holds the region up, `−` when a maximum holds it down.
fn bound_mark(bound: Option<BoundHit>) -> &'static str {
    match bound {
        Some(BoundHit::Minimum(_)) => "+",
        Some(BoundHit::Maximum(_)) => "−",
        None => "",
    }
}

fn shares(o: &RulesOutcome) -> Vec<f64> {
    let w: Vec<f64> = o.weights.iter().map(|d| d.to_f64()).collect();
    let total: f64 = w.iter().sum();
    w.iter()
        .map(|x| if total > 0.0 { 100.0 * x / total } else { 0.0 })
        .collect()
}

fn women_text(w: &WomenSeats) -> String {
    if w.at_least == w.at_most {
        w.at_least.to_string()
    } else {
        format!("{}–{}", w.at_least, w.at_most)
    }
}

/// `London 3, North West 1` for the regions with seats.
/// The most regions a whole allocation is written out for in a note;
/// over it, a note names only the regions where `other` differs from the
/// answer (and JSON still has every allocation in full).
const WHOLE_UP_TO: usize = 12;

/// Another allocation, beside the answer `seats`: in full for a small
/// body, else the regions where it differs, the first [`WHOLE_UP_TO`] of
/// them and a count of the rest.
fn other_text(names: &[String], seats: &[u64], other: &[u64]) -> String {
    if names.len() <= WHOLE_UP_TO {
        return super::seats::seat_list(names, other);
    }
    let differ: Vec<String> = names
        .iter()
        .zip(seats.iter().zip(other))
        .filter(|(_, (s, o))| s != o)
        .map(|(n, (s, o))| format!("{n} {o} (not {s})"))
        .collect();
    let shown = differ[..differ.len().min(WHOLE_UP_TO)].join(", ");
    match differ.len().saturating_sub(WHOLE_UP_TO) {
        0 => shown,
        more => format!("{shown} and {more} more regions"),
    }
}

fn doc(
    o: &RulesOutcome,
    bounds: &[Option<BoundHit>],
    context: &AllocationContext,
    format: Format,
) -> Doc {
    let heading = heading(
        context,
        o.house,
        &o.method,
        "; solved by the rules engine (integer program, checked exactly)",
    );
    let shares = shares(o);
    let mut header = vec![
        "Region".to_string(),
        super::capitalise(&context.unit),
        "Share %".into(),
        "Quota".into(),
        "Method alone".into(),
        "Seats".into(),
        "Change".into(),
    ];
    if o.women.is_some() {
        header.push(if o.biproportional {
            "Women".into()
        } else {
            "Women (must–may)".into()
        });
    }
    let mut rows = Vec::new();
    for i in 0..o.names.len() {
        let weight = o.weights[i].to_string();
        let alone = o.method_alone.as_ref().map(|a| a[i]);
        let mut row = vec![
            o.names[i].clone(),
            if format == Format::Csv {
                weight
            } else {
                grouped(&weight)
            },
            fixed(shares[i], 2),
            fixed(rational_to_f64(&o.quotas[i]), 3),
            alone.map_or("–".into(), |a| a.to_string()),
            format!("{}{}", o.seats[i], bound_mark(bounds[i])),
            alone.map_or(String::new(), |a| change(o.seats[i], a)),
        ];
        if let Some(women) = &o.women {
            row.push(women_text(&women[i]));
        }
        rows.push(row);
    }
    let mut total = vec![
        "Total".to_string(),
        String::new(),
        fixed(shares.iter().sum(), 2),
        o.house.to_string(),
        o.method_alone
            .as_ref()
            .map_or(String::new(), |a| a.iter().sum::<u64>().to_string()),
        o.house.to_string(),
        String::new(),
    ];
    if let Some(women) = &o.women {
        let lo: u64 = women.iter().map(|w| w.at_least).sum();
        let hi: u64 = women.iter().map(|w| w.at_most).sum();
        total.push(women_text(&WomenSeats {
            at_least: lo.max(o.women_required.unwrap_or(0)),
            at_most: hi,
        }));
    }
    rows.push(total);
    let mut notes = vec![String::new()];
    notes.extend(binding_notes(o));
    if let (Some(required), Some(_)) = (o.women_required, &o.women) {
        notes.push(if o.biproportional {
            format!(
                "Women: {required} of {} seats, shared between regions in proportion to women and men members (biproportional).",
                o.house
            )
        } else {
            format!(
                "Women: at least {required} of {} seats. \"Women (must–may)\" is how many of a region's seats must and may go to women for the rules to hold.",
                o.house
            )
        });
    }
    if bounds.iter().any(Option::is_some) {
        notes.push("+ held up by a binding minimum; − held down by a binding maximum.".into());
    }
    notes.push(tie_note(o));
    notes.push("Exact check:".into());
    notes.extend(o.checks.iter().map(|c| format!("  ✓ {c}")));
    let idx = indices(&o.weights, &o.seats);
    notes.extend(index_notes(&o.names, &idx, context));
    Doc {
        heading,
        header,
        rule_after: vec![o.names.len() - 1],
        rows,
        text_columns: 1,
        notes,
    }
}

fn change(seats: u64, alone: u64) -> String {
    match seats.cmp(&alone) {
        std::cmp::Ordering::Greater => format!("+{}", seats - alone),
        std::cmp::Ordering::Less => format!("−{}", alone - seats),
        std::cmp::Ordering::Equal => String::new(),
    }
}

fn binding_notes(o: &RulesOutcome) -> Vec<String> {
    if !o.priced {
        return vec!["Binding rules: not priced for this view.".into()];
    }
    if o.binding.is_empty() {
        return vec![match &o.method_alone {
            Some(a) if *a == o.seats => {
                "Binding rules: none; the rules hold on the method's own allocation.".into()
            }
            _ => "Binding rules: none alone; only together do the rules change the method's allocation.".into(),
        }];
    }
    let mut notes = vec![
        "Binding rules (each compared with the allocation without it, the other rules kept):"
            .into(),
    ];
    for b in &o.binding {
        let cost = if b.seats_moved == 0 {
            b.effect.clone().unwrap_or_default()
        } else {
            format!(
                "moves {} (without it: {}); Gallagher {}, Loosemore–Hanby {}",
                if b.seats_moved == 1 {
                    "1 seat".to_string()
                } else {
                    format!("{} seats", b.seats_moved)
                },
                other_text(&o.names, &o.seats, &b.without),
                signed(b.gallagher_change, 2),
                signed(b.loosemore_hanby_change, 2)
            )
        };
        notes.push(format!("  - {} ({}): {cost}", b.rule, b.text));
    }
    if let Some(b) = o.binding.iter().find(|b| b.seats_moved > 0) {
        let g = b.gallagher_change;
        notes.push(format!(
            "  Gallagher {} ({}): the rule makes the result {} proportional (a positive change is the price; negative means the rule brings it closer to proportional).",
            signed(g, 2),
            b.rule,
            if g > 0.0 { "less" } else if g < 0.0 { "more" } else { "no less" }
        ));
    }
    notes
}

/// The most alternatives the text lists; JSON lists them all.
const LISTED: usize = 20;

fn tie_note(o: &RulesOutcome) -> String {
    let note = tie_sentence(o);
    match o.tie_search_within {
        Some(r) => format!(
            "{note} (Searched exactly within {r} seats either way of this allocation in every region; the rules couple regions and the problem is too large to search every allocation, so a tie further away is not excluded.)"
        ),
        None => note,
    }
}

fn tie_sentence(o: &RulesOutcome) -> String {
    let Some(tie) = &o.tie else {
        return if o.alternatives_complete && o.tie_search_within.is_some() {
            "Tie: none found near this allocation.".into()
        } else if o.alternatives_complete {
            "Tie: none; no other allocation meets the rules as well.".into()
        } else {
            "Tie: none found, but the search for equally good allocations stopped at its limit."
                .into()
        };
    };
    let pick =
        |list: &[usize]| -> Vec<String> { list.iter().map(|&i| o.names[i].clone()).collect() };
    let alternatives: Vec<String> = o
        .alternatives
        .iter()
        .take(LISTED)
        .map(|a| other_text(&o.names, &o.seats, a))
        .collect();
    let count = o.alternatives.len();
    let more = count.saturating_sub(LISTED);
    let rest = match (more, o.alternatives_complete) {
        (0, true) => String::new(),
        (0, false) => "; the search stopped at its limit, so there may be more".into(),
        (m, true) => format!(" | and {m} more"),
        (m, false) => format!(" | and at least {m} more (the search stopped at its limit)"),
    };
    let how_many = if o.alternatives_complete {
        format!("{count}")
    } else {
        format!("at least {count}")
    };
    let seats = if tie.seats_in_tie == 1 {
        "a seat".to_string()
    } else {
        format!("up to {} seats", tie.seats_in_tie)
    };
    format!(
        "Tie: {seats} held by {} could equally go to {}; {how_many} other equally good {}: {}{rest}.",
        join_names(&pick(&tie.could_lose)),
        join_names(&pick(&tie.could_gain)),
        if count == 1 { "allocation" } else { "allocations" },
        alternatives.join(" | ")
    )
}

fn by_name(names: &[String], seats: &[u64]) -> Value {
    let mut map = Map::new();
    for (n, s) in names.iter().zip(seats) {
        map.insert(n.clone(), json!(s));
    }
    Value::Object(map)
}

/// The stable JSON object documented in the README.
pub(crate) fn to_json(
    o: &RulesOutcome,
    bounds: &[Option<BoundHit>],
    context: &AllocationContext,
) -> Value {
    let shares = shares(o);
    let regions: Vec<Value> = (0..o.names.len())
        .map(|i| {
            let mut region = json!({
                "name": o.names[i],
                "weight": o.weights[i].to_string(),
                "share": shares[i],
                "quota": rational_to_f64(&o.quotas[i]),
                "quota_exact": crate::number::rational_text(&o.quotas[i]),
                "seats": o.seats[i],
                "method_alone": o.method_alone.as_ref().map(|a| a[i]),
                "binding": binding_json(bounds[i]),
            });
            if let (Some(women), Value::Object(map)) = (&o.women, &mut region) {
                map.insert(
                    "women".into(),
                    json!({"at_least": women[i].at_least, "at_most": women[i].at_most}),
                );
            }
            region
        })
        .collect();
    let price: Vec<Value> = o
        .binding
        .iter()
        .map(|b| {
            json!({
                "rule": b.rule,
                "text": b.text,
                "seats_moved": b.seats_moved,
                "without": by_name(&o.names, &b.without),
                "gallagher_change": b.gallagher_change,
                "loosemore_hanby_change": b.loosemore_hanby_change,
                "effect": b.effect,
            })
        })
        .collect();
    let idx = indices(&o.weights, &o.seats);
    json!({
        "title": context.title,
        "scenario": context.scenario,
        "method": o.method.id(),
        "method_name": o.method.name(),
        "definition": o.method.definition(),
        "seats": o.house,
        "basis": context.basis.map(|b| b.id()),
        "engine": "rules",
        "regions": regions,
        "women_required": o.women_required,
        "biproportional": o.biproportional,
        "binding": o.binding.iter().map(|b| b.rule.clone()).collect::<Vec<_>>(),
        "price": price,
        "tie": o.tie.as_ref().map(|t| json!({
            "could_gain": t.could_gain.iter().map(|&i| o.names[i].clone()).collect::<Vec<_>>(),
            "could_lose": t.could_lose.iter().map(|&i| o.names[i].clone()).collect::<Vec<_>>(),
            "seats_in_tie": t.seats_in_tie,
        })),
        "alternatives": o.alternatives.iter().map(|a| by_name(&o.names, a)).collect::<Vec<_>>(),
        "alternatives_complete": o.alternatives_complete,
        "tie_search_within": o.tie_search_within,
        "tied_allocations": o.alternatives.len() + 1,
        "checks": o.checks,
        "indices": indices_value(&o.names, &idx),
    })
}
