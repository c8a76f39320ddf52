//! Claim checks: per claim its words, source, verdict and evidence.

use serde_json::{json, Value};

use super::seats::{render_all, seat_list};
use super::{data, identify, threshold, Doc, Format};
use crate::analysis::check::{Checked, Evidence, SlateResult};
use crate::scenario::claims::{ClaimKind, ClaimsFile};

/// Renders checked claims in a format.
pub fn check(file: &ClaimsFile, checked: &[Checked], format: Format) -> String {
    let names = file.data.as_ref().map(|d| d.names()).unwrap_or_default();
    if format == Format::Json {
        let claims: Vec<Value> = checked
            .iter()
            .map(|c| {
                json!({
                    "id": c.claim.id,
                    "text": c.claim.text,
                    "source": c.claim.source,
                    "verdict": c.verdict.label(),
                    "weights": c.basis.map(|b| b.id()),
                    "scenario": c.claim.scenario,
                    "evidence": evidence_json(&names, c),
                })
            })
            .collect();
        return data::json_doc("check", json!({"title": file.title, "claims": claims}));
    }
    if format == Format::Csv {
        return data::check_csv(file, checked);
    }
    let mut docs = vec![Doc {
        heading: vec![file
            .title
            .clone()
            .unwrap_or_else(|| format!("Claims in {}", file.path))],
        header: vec!["Claim".into(), "Verdict".into()],
        rows: checked
            .iter()
            .map(|c| vec![c.claim.id.clone(), c.verdict.label()])
            .collect(),
        rule_after: Vec::new(),
        text_columns: 2,
        notes: Vec::new(),
    }];
    for c in checked {
        docs.push(claim_doc(&names, c));
    }
    render_all(&docs, format)
}

fn claim_doc(names: &[String], c: &Checked) -> Doc {
    let mut doc = match &c.evidence {
        Evidence::Table(found) => identify::doc(names, found),
        Evidence::Needs {
            condition,
            thresholds,
            claimed,
        } => {
            let mut d = threshold::summary_doc(condition, thresholds);
            d.notes.push(needs_sentence(*claimed, thresholds));
            d
        }
        Evidence::RegionSeats {
            region,
            gets,
            results,
        } => Doc {
            header: vec![
                "Method".into(),
                format!("{} seats", names[*region]),
                "Claimed".into(),
                "Holds".into(),
            ],
            rows: results
                .iter()
                .map(|(m, r)| match r {
                    Ok((a, h)) => vec![
                        m.id(),
                        a.regions[*region].seats.to_string(),
                        gets.to_string(),
                        if h.always() {
                            "yes".into()
                        } else if h.never() {
                            "no".into()
                        } else {
                            format!("in {} of {} tie outcomes", h.count, h.of)
                        },
                    ],
                    Err(e) => vec![m.id(), "—".into(), gets.to_string(), e.clone()],
                })
                .collect(),
            text_columns: 1,
            ..Doc::default()
        },
        Evidence::Share {
            regions,
            rows,
            cannot_check,
        } => Doc {
            header: vec![
                "Makeup".into(),
                "Seats held".into(),
                "Of".into(),
                "Per cent".into(),
            ],
            rows: rows
                .iter()
                .map(|r| {
                    vec![
                        r.makeup.clone(),
                        r.held.to_string(),
                        r.house.to_string(),
                        super::fixed(100.0 * r.held as f64 / r.house.max(1) as f64, 1),
                    ]
                })
                .collect(),
            text_columns: 1,
            notes: {
                let mut notes = vec![
                    String::new(),
                    format!("Regions counted: {}.", super::join_names(regions)),
                ];
                if let Some(reason) = cannot_check {
                    notes.push(format!("What the data cannot check: {reason}"));
                }
                notes
            },
            ..Doc::default()
        },
        Evidence::Slate(result) => slate_doc(c, result),
    };
    let mut heading = vec![
        format!("Claim {}: {}", c.claim.id, c.verdict.label().to_uppercase()),
        format!("“{}”", c.claim.text.trim()),
        format!("Source: {}", c.claim.source.trim()),
    ];
    if let Some(b) = c.basis {
        heading.push(format!("Checked on the {b}."));
    }
    if let Some(id) = &c.claim.scenario {
        heading.push(format!(
            "Checked under the rules of scenario {id} (its seat bounds, group and gender rules; not its house size or method)."
        ));
    }
    if let Some(note) = &c.claim.note {
        heading.push(format!("Note: {}", note.trim()));
    }
    heading.append(&mut doc.heading);
    doc.heading = heading;
    doc
}

/// The `needs` verdict in a sentence, with each method's threshold.
fn needs_sentence(claimed: u64, thresholds: &[crate::analysis::threshold::Threshold]) -> String {
    let list: Vec<String> = thresholds
        .iter()
        .map(|t| {
            format!(
                "{} {}",
                t.method.id(),
                t.first.map_or("never".into(), |f| f.to_string())
            )
        })
        .collect();
    let max = thresholds.iter().filter_map(|t| t.first).max();
    let enough = thresholds
        .iter()
        .all(|t| t.from.is_some_and(|f| f <= claimed));
    let mut text = format!("Smallest house per method: {}.", list.join(", "));
    if let Some(max) = max {
        if max < claimed {
            text.push_str(&format!(
                " No method needs {claimed}: every one seats every region at {max} or fewer."
            ));
        }
    }
    if enough {
        text.push_str(&format!(
            " At {claimed} seats every method gives every region its seats."
        ));
    }
    text
}

fn slate_doc(c: &Checked, result: &SlateResult) -> Doc {
    let ClaimKind::Slate(s) = &c.claim.kind else {
        return Doc::default();
    };
    let total = result.elections.len();
    let mut ranked: Vec<usize> = (0..s.candidates.len()).collect();
    ranked.sort_by(|&a, &b| s.candidates[b].votes.cmp(&s.candidates[a].votes));
    let rows = ranked
        .iter()
        .map(|&i| {
            let cand = &s.candidates[i];
            let elected_in = result
                .elections
                .iter()
                .filter(|e| e.elected.contains(&i))
                .count();
            vec![
                cand.name.clone(),
                cand.votes.to_string(),
                if cand.woman {
                    "woman".into()
                } else {
                    "man".into()
                },
                cand.slate.clone().unwrap_or_else(|| "—".into()),
                if elected_in == total {
                    "elected".into()
                } else if elected_in == 0 {
                    String::new()
                } else {
                    format!("elected in {elected_in} of {total} outcomes")
                },
            ]
        })
        .collect();
    let mut notes = vec![
        String::new(),
        format!(
            "Rule: the top {} by {}, with at least {} women (a man is passed over when every place left is needed for a woman).",
            s.places,
            s.ranking.as_deref().unwrap_or("votes"),
            s.min_women
        ),
    ];
    for t in &result.ties {
        let names: Vec<String> = t.iter().map(|&i| s.candidates[i].name.clone()).collect();
        notes.push(format!(
            "Tie: {} have {} each; the order between them decides who wins.",
            super::join_names(&names),
            s.candidates[t[0]].votes
        ));
    }
    for (k, e) in result.elections.iter().enumerate() {
        let names: Vec<String> = e
            .elected
            .iter()
            .map(|&i| s.candidates[i].name.clone())
            .collect();
        notes.push(format!(
            "Outcome {} of {total}: {}; {} wins {} of {}.",
            k + 1,
            names.join(", "),
            s.slate,
            e.slate_places,
            s.places
        ));
    }
    notes.push(
        "Genders and slates as recorded in the claims file, each with its source there.".into(),
    );
    Doc {
        header: vec![
            "Candidate".into(),
            "Votes".into(),
            "Gender".into(),
            "Slate".into(),
            "Result".into(),
        ],
        rows,
        text_columns: 1,
        notes,
        ..Doc::default()
    }
}

fn evidence_json(names: &[String], c: &Checked) -> Value {
    match &c.evidence {
        Evidence::Table(found) => identify::to_json(names, found),
        Evidence::Needs {
            claimed,
            condition,
            thresholds,
        } => json!({
            "claimed": claimed,
            "condition": condition,
            "results": thresholds.iter().map(threshold::to_json).collect::<Vec<_>>(),
            "summary": needs_sentence(*claimed, thresholds),
        }),
        Evidence::RegionSeats {
            region,
            gets,
            results,
        } => json!({
            "region": names[*region],
            "claimed": gets,
            "results": results.iter().map(|(m, r)| match r {
                Ok((a, h)) => json!({
                    "method": m.id(),
                    "seats": a.regions[*region].seats,
                    "holds_in": h.count.to_string(),
                    "outcomes": h.of.to_string(),
                    "allocation": seat_list(names, &a.seats()),
                }),
                Err(e) => json!({"method": m.id(), "error": e}),
            }).collect::<Vec<_>>(),
        }),
        Evidence::Share {
            regions,
            rows,
            cannot_check,
        } => json!({
            "regions": regions,
            "makeups": rows.iter().map(|r| json!({
                "id": r.makeup, "held": r.held, "seats": r.house,
                "percent": 100.0 * r.held as f64 / r.house.max(1) as f64,
            })).collect::<Vec<_>>(),
            "cannot_check": cannot_check,
        }),
        Evidence::Slate(result) => {
            let ClaimKind::Slate(s) = &c.claim.kind else {
                return Value::Null;
            };
            let name = |i: &usize| s.candidates[*i].name.clone();
            json!({
                "places": s.places,
                "min_women": s.min_women,
                "slate": s.slate,
                "at_least": s.at_least,
                "outcomes": result.elections.iter().map(|e| json!({
                    "elected": e.elected.iter().map(name).collect::<Vec<_>>(),
                    "slate_places": e.slate_places,
                })).collect::<Vec<_>>(),
                "ties": result.ties.iter().map(|t| t.iter().map(name).collect::<Vec<_>>()).collect::<Vec<_>>(),
                "candidates": s.candidates.iter().map(|c| json!({
                    "name": c.name,
                    "votes": c.votes,
                    "gender": c.gender,
                    "gender_source": c.gender_source,
                    "slate": c.slate,
                    "slate_source": c.slate_source,
                })).collect::<Vec<_>>(),
            })
        }
    }
}
