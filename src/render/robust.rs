//! Robustness: whether the seats survive every weight vector in a box, and
//! the vectors that change them.

use serde_json::{json, Map, Value};

use super::seats::{allocation_value, render_all, seat_list};
use super::{data, Doc, Format};
use crate::analysis::robust::{CountsVsShares, Robustness, Spread};

fn spread_text(spread: &Spread) -> String {
    match spread {
        Spread::Rounding => {
            "each weight ± half a unit of its last decimal (e.g. 20.54: 20.535 to 20.545)".into()
        }
        Spread::HalfWidth(h) => format!("each weight ± {h}"),
        Spread::Percent(p) => format!("each weight ± {p}% of itself"),
    }
}

fn weights_value(names: &[String], r: &crate::analysis::robust::Flip) -> Value {
    let map: Map<String, Value> = names
        .iter()
        .zip(&r.weights)
        .map(|(n, w)| (n.clone(), json!(w.to_string())))
        .collect();
    Value::Object(map)
}

/// The changes between two seat vectors, e.g. `London 3 → 2, Wales 0 → 1`.
fn changes(names: &[String], before: &[u64], after: &[u64]) -> String {
    let parts: Vec<String> = names
        .iter()
        .zip(before.iter().zip(after))
        .filter(|(_, (b, a))| b != a)
        .map(|(n, (b, a))| format!("{n} {b} → {a}"))
        .collect();
    if parts.is_empty() {
        "no change in the seats shown".into()
    } else {
        parts.join(", ")
    }
}

/// Renders a robustness check (and the counts-against-shares comparison,
/// when the file has both) in a format.
pub fn robust(
    names: &[String],
    r: &Robustness,
    spread: &Spread,
    versus: Option<&CountsVsShares>,
    format: Format,
) -> String {
    let seats = r.allocation.seats();
    if format == Format::Json {
        let flips: Vec<Value> = r
            .flips
            .iter()
            .map(|f| {
                json!({
                    "gainer": names[f.gainer],
                    "loser": names[f.loser],
                    "tie_only": f.tie_only,
                    "weights": weights_value(names, f),
                    "result": allocation_value(&f.allocation),
                })
            })
            .collect();
        return data::json_doc(
            "robust",
            json!({
                "method": r.allocation.method.id(),
                "seats": r.allocation.house,
                "box": spread_text(spread),
                "stable": r.stable(),
                "allocation": allocation_value(&r.allocation),
                "intervals": names.iter().zip(&r.intervals).map(|(n, (l, h))| json!({
                    "name": n, "low": l.to_string(), "high": h.to_string(),
                })).collect::<Vec<_>>(),
                "flips": flips,
                "more_pairs": r.more.iter().map(|p| json!({
                    "gainer": names[p.gainer],
                    "loser": names[p.loser],
                    "tie_only": p.tie_only,
                })).collect::<Vec<_>>(),
                "counts_vs_shares": versus.map(|v| json!({
                    "agree": v.agree(),
                    "counts": allocation_value(&v.counts),
                    "shares": allocation_value(&v.shares),
                    "misrounded": v.misrounded.iter().map(|&i| names[i].clone()).collect::<Vec<_>>(),
                })),
            }),
        );
    }
    if format == Format::Csv {
        return data::robust_csv(names, r, versus);
    }
    let verdict = if r.stable() {
        "Stable: every weight vector in the box gives these seats.".to_string()
    } else if r.flips.is_empty() {
        "Not stable: the seats are tied at the given weights already.".to_string()
    } else {
        format!(
            "Not stable: {} pair(s) of seats can change hands inside the box (below, each with a weight vector that does it).",
            r.pairs()
        )
    };
    let summary = Doc {
        heading: vec![
            format!(
                "Robustness of {} seats by {}: {}",
                r.allocation.house,
                r.allocation.method.id(),
                if names.len() > 12 {
                    format!(
                        "{} regions (each region's seats: `seatshare allocate`)",
                        names.len()
                    )
                } else {
                    seat_list(names, &seats)
                }
            ),
            format!("Box: {}.", spread_text(spread)),
        ],
        header: vec!["Gains".into(), "Loses".into(), "At".into(), "Result".into()],
        rows: if r.flips.is_empty() {
            vec![vec![
                "—".into(),
                "—".into(),
                "—".into(),
                "no seat changes hands".into(),
            ]]
        } else {
            r.flips
                .iter()
                .map(|f| {
                    vec![
                        names[f.gainer].clone(),
                        names[f.loser].clone(),
                        if f.tie_only {
                            "a tie".into()
                        } else {
                            "a flip".into()
                        },
                        changes(names, &seats, &f.allocation.seats())
                            + if f.allocation.tie.is_some() {
                                " (tied)"
                            } else {
                                ""
                            },
                    ]
                })
                .collect()
        },
        rule_after: Vec::new(),
        text_columns: 4,
        notes: {
            let mut notes = vec![String::new(), verdict];
            for f in &r.flips {
                // A long vector is written as the weights that move; the
                // JSON has every one.
                let long = names.len() > 12;
                let vector: Vec<String> = names
                    .iter()
                    .zip(&f.weights)
                    .zip(&r.allocation.regions)
                    .filter(|((_, w), region)| !long || **w != region.weight)
                    .map(|((n, w), _)| format!("{n}={w}"))
                    .collect();
                notes.push(format!(
                    "{} over {}: weights {}{}",
                    names[f.gainer],
                    names[f.loser],
                    vector.join(", "),
                    if long {
                        ", every other weight as given"
                    } else {
                        ""
                    }
                ));
            }
            if !r.more.is_empty() {
                notes.push(format!(
                    "The first {} pairs are shown with a vector; {} more pairs can change hands too (`--format json` lists them, under `more_pairs`).",
                    r.flips.len(),
                    crate::number::grouped(&r.more.len().to_string())
                ));
            }
            notes.push("Seats do not change when every weight is scaled by one factor, so renormalising a vector to 100 gives the same seats.".into());
            notes
        },
    };
    let mut docs = vec![summary];
    if let Some(v) = versus {
        let counts = v.counts.seats();
        let shares = v.shares.seats();
        docs.push(Doc {
            heading: vec!["Counts against the published shares".into()],
            header: vec!["Region".into(), "On counts".into(), "On shares".into()],
            rows: names
                .iter()
                .enumerate()
                .map(|(i, n)| vec![n.clone(), counts[i].to_string(), shares[i].to_string()])
                .collect(),
            rule_after: Vec::new(),
            text_columns: 1,
            notes: vec![
                String::new(),
                if v.agree() {
                    "The counts and the shares give the same seats.".into()
                } else {
                    format!(
                        "The counts and the shares give different seats: {}.",
                        changes(names, &counts, &shares)
                    )
                },
                if v.misrounded.is_empty() {
                    "Every published share is its count's share, rounded.".into()
                } else {
                    format!(
                        "Not the counts' shares rounded: {}.",
                        super::join_names(
                            &v.misrounded
                                .iter()
                                .map(|&i| names[i].clone())
                                .collect::<Vec<_>>()
                        )
                    )
                },
            ],
        });
    }
    render_all(&docs, format)
}
