//! Small pieces the claim checker's views share.

use serde_json::{json, Map, Value};

use crate::allocation::Allocation;

/// Seats keyed by region name, in input order.
pub(crate) fn seat_map(names: &[String], seats: &[u64]) -> Value {
    let map: Map<String, Value> = names
        .iter()
        .zip(seats)
        .map(|(n, s)| (n.clone(), json!(s)))
        .collect();
    Value::Object(map)
}

/// An allocation as `{seats, allocation, tie}`: the certificate a reader
/// can check against `seatshare allocate`.
pub(crate) fn allocation_value(a: &Allocation) -> Value {
    let names: Vec<String> = a.regions.iter().map(|r| r.name.to_string()).collect();
    json!({
        "seats": a.house,
        "allocation": seat_map(&names, &a.seats()),
        "tie": a.tie.as_ref().map(|t| json!({
            "could_gain": a.names_of(&t.could_gain),
            "could_lose": a.names_of(&t.could_lose),
            "seats_in_tie": t.seats_in_tie,
        })),
    })
}

/// Seats in a sentence, skipping regions without one:
/// `Greater London 3, North West 1`.
pub(crate) fn seat_list(names: &[String], seats: &[u64]) -> String {
    let listed: Vec<String> = names
        .iter()
        .zip(seats)
        .filter(|(_, &s)| s > 0)
        .map(|(n, s)| format!("{n} {s}"))
        .collect();
    if listed.is_empty() {
        "no seats".into()
    } else {
        listed.join(", ")
    }
}

/// Several docs, one after the other, in a text format. CSV holds one
/// grid, so it gets the first (the view's main table).
pub(crate) fn render_all(docs: &[super::Doc], format: super::Format) -> String {
    if format == super::Format::Csv {
        return docs.first().map(|d| d.render(format)).unwrap_or_default();
    }
    let parts: Vec<String> = docs.iter().map(|d| d.render(format)).collect();
    parts.join("\n")
}
