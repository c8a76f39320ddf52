//! The result sheet of a count in a terminal table, markdown, tidy CSV
//! (one row per candidate per stage) and JSON (with a `"schema"` field).
//! A summary comes first: who was elected, in which order, and which
//! constraint changed whom; then the candidates × stages table.
//!
//! Numbers are exact until shown: the Scottish rule's values have five
//! decimals and are printed in full; exact `wigm` values are rounded half
//! up for the table (to two decimals) and given exactly (`p/q`) in JSON.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use serde_json::{json, Value};

use super::constraints::Mode;
use super::{Action, CountRule, Outcome, Sheet, Status};
use crate::render::{Doc, Format};

/// The JSON schema id of a count.
pub const SCHEMA: &str = "seatshare.count/1";

/// `v` rounded half up to `places` decimals (exact; no floating point).
pub fn fixed(v: &BigRational, places: u32) -> String {
    let scale = BigInt::from(10u32).pow(places);
    let scaled = v.abs() * BigRational::from_integer(scale.clone());
    let half = BigRational::new(BigInt::from(1), BigInt::from(2));
    let r = (scaled + half).floor().to_integer();
    let (int, frac) = r.div_rem(&scale);
    let sign = if v.is_negative() && !r.is_zero() {
        "-"
    } else {
        ""
    };
    if places == 0 {
        return format!("{sign}{int}");
    }
    format!(
        "{sign}{int}.{:0>width$}",
        frac.to_string(),
        width = places as usize
    )
}

fn places(rule: CountRule) -> u32 {
    match rule {
        CountRule::Scottish => 5,
        CountRule::Wigm => 2,
        CountRule::Bloc => 0,
        CountRule::Meek => 9,
        CountRule::Ers97 => 2,
    }
}

/// A value for a table: exact when it has few decimals, else rounded.
fn show(v: &BigRational, rule: CountRule) -> String {
    if v.is_integer() {
        return v.to_integer().to_string();
    }
    fixed(v, places(rule))
}

fn exact(v: &BigRational) -> String {
    if v.is_integer() {
        v.to_integer().to_string()
    } else {
        format!("{}/{}", v.numer(), v.denom())
    }
}

fn action_words(sheet: &Sheet, a: &Action) -> String {
    match a {
        Action::First => match sheet.rule {
            CountRule::Bloc => "votes".into(),
            _ => "first preferences".into(),
        },
        Action::Surplus {
            candidate,
            surplus,
            ratio,
        } => {
            let tv = match sheet.rule {
                CountRule::Scottish => {
                    let scale = BigRational::from_integer(BigInt::from(100_000u32));
                    fixed(&((ratio * &scale).floor() / scale), 5)
                }
                CountRule::Ers97 if ratio == &BigRational::from_integer(BigInt::from(1)) => {
                    "the papers' present value".into()
                }
                CountRule::Ers97 => fixed(ratio, 2),
                _ => fixed(ratio, 5),
            };
            format!(
                "surplus of {} ({}, transfer value {tv})",
                sheet.names[*candidate],
                show(surplus, sheet.rule)
            )
        }
        Action::Iterate { iterations } => {
            format!("keep values iterated ({iterations} iterations)")
        }
        Action::ExclusionBatch {
            candidates,
            value,
            batch,
            batches,
            doomed,
        } => {
            let names = candidates
                .iter()
                .map(|c| sheet.names[*c].as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let verb = if doomed.is_some() {
                "doomed and excluded"
            } else {
                "exclusion"
            };
            let what = if doomed.is_some() {
                format!("{names} {verb}")
            } else {
                format!("{verb} of {names}")
            };
            if *batches == 1 && value == &BigRational::from_integer(BigInt::from(1)) {
                what
            } else {
                format!(
                    "{what}, batch {batch} of {batches} (papers at {})",
                    fixed(value, 2)
                )
            }
        }
        Action::Exclusion { candidate, doomed } => match doomed {
            Some(_) => format!("{} doomed and excluded", sheet.names[*candidate]),
            None => format!("exclusion of {}", sheet.names[*candidate]),
        },
    }
}

/// The summary lines of one sheet.
fn summary(sheet: &Sheet, heading: &str) -> Vec<String> {
    let mut out = vec![heading.to_string()];
    out.push(format!(
        "Rule: {} ({})",
        sheet.rule.id(),
        sheet.rule.definition()
    ));
    let mut line = format!(
        "Seats: {}; valid votes: {}",
        sheet.seats,
        show(&sheet.valid, sheet.rule)
    );
    if let Some(q) = &sheet.quota {
        line.push_str(&format!("; quota: {}", show(q, sheet.rule)));
        if !q.is_integer() {
            line.push_str(&format!(" (exactly {})", exact(q)));
        }
    }
    out.push(line);
    if sheet.constraints.is_empty() {
        out.push(format!("Constraints: none ({})", sheet.mode.id()));
    } else {
        out.push(format!(
            "Constraints: {} (enforced by {})",
            sheet.constraints.join("; "),
            sheet.mode.id()
        ));
    }
    out.push("Elected, in order:".into());
    for (i, e) in sheet.elected.iter().enumerate() {
        out.push(format!(
            "  {}. {} (stage {}, {})",
            i + 1,
            sheet.names[e.candidate],
            e.stage,
            e.how
        ));
    }
    for n in &sheet.notes {
        out.push(format!("Constraint: {n}"));
    }
    for l in &sheet.lots {
        out.push(format!("Tie: {l}"));
    }
    out
}

/// The grid: header row then rows (stage columns).
fn grid(sheet: &Sheet) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut header = vec!["Candidate".to_string()];
    let mut actions = vec!["Action".to_string()];
    for (i, s) in sheet.stages.iter().enumerate() {
        header.push(format!("Stage {}", i + 1));
        actions.push(action_words(sheet, &s.action));
    }
    rows.push(header);
    rows.push(actions);
    for c in 0..sheet.names.len() {
        let mut row = vec![sheet.names[c].clone()];
        for (i, s) in sheet.stages.iter().enumerate() {
            let before = i.checked_sub(1).map(|p| &sheet.stages[p]);
            let cell = match s.status[c] {
                Status::Withdrawn => "withdrawn".to_string(),
                Status::Excluded if before.is_some_and(|b| b.status[c] == Status::Excluded) => {
                    "—".to_string()
                }
                st => {
                    let mut t = show(&s.votes[c], sheet.rule);
                    if let Some(b) = before {
                        let d = &s.votes[c] - &b.votes[c];
                        if !d.is_zero() {
                            let sign = if d.is_negative() { "−" } else { "+" };
                            t = format!("{t} ({sign}{})", show(&d.abs(), sheet.rule));
                        }
                    }
                    if s.elected.contains(&c) {
                        t.push_str(" elected");
                    } else if st == Status::Excluded {
                        t.push_str(" excluded");
                    }
                    t
                }
            };
            row.push(cell);
        }
        rows.push(row);
    }
    if sheet.rule != CountRule::Bloc {
        let mut nt = vec!["Non-transferable".to_string()];
        let mut loss = vec!["Rounding loss".to_string()];
        let mut quota = vec!["Quota".to_string()];
        let mut marks = vec!["Marks".to_string()];
        for s in &sheet.stages {
            nt.push(show(&s.nontransferable, sheet.rule));
            loss.push(show(&s.loss, sheet.rule));
            quota.push(
                s.quota
                    .as_ref()
                    .or(sheet.quota.as_ref())
                    .map(|q| show(q, sheet.rule))
                    .unwrap_or_default(),
            );
            marks.push(s.marks.join("; "));
        }
        rows.push(nt);
        rows.push(loss);
        rows.push(quota);
        if marks.iter().skip(1).any(|m| !m.is_empty()) {
            rows.push(marks);
        }
    }
    rows
}

/// A table as the crate's other views lay it out: fitted to the
/// terminal, or as markdown, with the leading column as text.
fn table(
    heading: Vec<String>,
    rows: Vec<Vec<String>>,
    notes: Vec<String>,
    format: Format,
) -> String {
    let mut rows = rows.into_iter();
    let header = rows.next().unwrap_or_default();
    // A table of names (the modes side by side) reads left-aligned.
    let rows: Vec<Vec<String>> = rows.collect();
    let names_only = header.first().is_some_and(|h| h == "Place");
    Doc {
        heading,
        text_columns: if names_only { header.len() } else { 1 },
        header,
        rows,
        notes,
        ..Doc::default()
    }
    .render(format)
}

fn heading(outcome: &Outcome, i: usize, title: &str) -> String {
    if outcome.tied {
        format!(
            "{title}: outcome {} of {} (a tie needed a lot and no --seed was given)",
            i + 1,
            outcome.sheets.len()
        )
    } else {
        title.to_string()
    }
}

/// Renders a count.
pub fn sheet(outcome: &Outcome, format: Format, label: Option<&str>) -> String {
    match format {
        Format::Table(_) | Format::Markdown | Format::Html => {
            let mut out = String::new();
            if let Some(l) = label {
                out.push_str(&table(vec![l.to_string()], Vec::new(), Vec::new(), format));
            }
            if outcome.tied {
                out.push_str(&table(
                    vec![format!(
                        "Tie: a lot is needed and no --seed was given: {} possible outcomes follow.",
                        outcome.sheets.len()
                    )],
                    Vec::new(),
                    Vec::new(),
                    format,
                ));
            }
            for (i, s) in outcome.sheets.iter().enumerate() {
                let title = format!("Count: {}", s.title);
                let lines = summary(s, &heading(outcome, i, &title));
                // The summary is the heading; the stage sheet the table.
                let (heading, notes) = if matches!(format, Format::Markdown) {
                    (vec![lines[0].clone()], lines[1..].to_vec())
                } else {
                    (lines, Vec::new())
                };
                out.push_str(&table(heading, grid(s), notes, format));
                out.push('\n');
            }
            out
        }
        Format::Csv => csv_rows(outcome, None),
        Format::Json => {
            let mut v = json_value(outcome);
            if let (Some(l), Value::Object(map)) = (label, &mut v) {
                map.insert("label".into(), json!(l));
            }
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

fn csv_rows(outcome: &Outcome, mode: Option<Mode>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "mode",
        "outcome",
        "stage",
        "action",
        "candidate",
        "votes",
        "transfer",
        "status",
        "elected_at_stage",
        "nontransferable",
        "rounding_loss",
        "quota",
    ]);
    for (o, s) in outcome.sheets.iter().enumerate() {
        let mode = mode.unwrap_or(s.mode).id();
        for (i, st) in s.stages.iter().enumerate() {
            let action = action_words(s, &st.action);
            for c in 0..s.names.len() {
                let before = i.checked_sub(1).map(|p| &s.stages[p].votes[c]);
                let transfer = before
                    .map(|b| &st.votes[c] - b)
                    .unwrap_or_else(BigRational::zero);
                let status = match st.status[c] {
                    Status::Hopeful => "continuing",
                    Status::Elected => "elected",
                    Status::Excluded => "excluded",
                    Status::Withdrawn => "withdrawn",
                };
                let _ = w.write_record([
                    mode.to_string(),
                    (o + 1).to_string(),
                    (i + 1).to_string(),
                    action.clone(),
                    s.names[c].clone(),
                    show(&st.votes[c], s.rule),
                    show(&transfer, s.rule),
                    status.to_string(),
                    if st.elected.contains(&c) {
                        "yes".into()
                    } else {
                        String::new()
                    },
                    show(&st.nontransferable, s.rule),
                    show(&st.loss, s.rule),
                    s.quota
                        .as_ref()
                        .map(|q| show(q, s.rule))
                        .unwrap_or_default(),
                ]);
            }
        }
    }
    w.into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

fn sheet_json(s: &Sheet) -> Value {
    let stages: Vec<Value> = s
        .stages
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let action = match &st.action {
                Action::First => json!({"kind": "first"}),
                Action::Surplus {
                    candidate,
                    surplus,
                    ratio,
                } => json!({"kind": "surplus", "candidate": s.names[*candidate], "surplus": exact(surplus), "ratio": exact(ratio)}),
                Action::Exclusion { candidate, doomed } => json!({"kind": "exclusion", "candidate": s.names[*candidate], "doomed": doomed}),
                Action::Iterate { iterations } => json!({"kind": "iterate", "iterations": iterations}),
                Action::ExclusionBatch { candidates, value, batch, batches, doomed } => json!({"kind": "exclusion-batch", "candidates": candidates.iter().map(|c| s.names[*c].clone()).collect::<Vec<_>>(), "value": exact(value), "batch": batch, "batches": batches, "doomed": doomed}),
            };
            let candidates: Vec<Value> = (0..s.names.len())
                .map(|c| {
                    let before = i.checked_sub(1).map(|p| &s.stages[p].votes[c]);
                    let transfer = before.map(|b| &st.votes[c] - b).unwrap_or_else(BigRational::zero);
                    json!({
                        "name": s.names[c],
                        "votes": exact(&st.votes[c]),
                        "votes_decimal": fixed(&st.votes[c], 5),
                        "transfer": exact(&transfer),
                        "status": match st.status[c] {
                            Status::Hopeful => "continuing",
                            Status::Elected => "elected",
                            Status::Excluded => "excluded",
                            Status::Withdrawn => "withdrawn",
                        },
                        "elected_here": st.elected.contains(&c),
                    })
                })
                .collect();
            json!({
                "stage": i + 1,
                "action": action,
                "description": action_words(s, &st.action),
                "candidates": candidates,
                "nontransferable": exact(&st.nontransferable),
                "rounding_loss": exact(&st.loss),
                "marks": st.marks,
                "quota": st.quota.as_ref().map(exact),
            })
        })
        .collect();
    json!({
        "rule": s.rule.id(),
        "definition": s.rule.definition(),
        "title": s.title,
        "seats": s.seats,
        "valid_votes": exact(&s.valid),
        "quota": s.quota.as_ref().map(exact),
        "mode": s.mode.id(),
        "constraints": s.constraints,
        "elected": s.elected.iter().map(|e| json!({"name": s.names[e.candidate], "stage": e.stage, "how": e.how})).collect::<Vec<_>>(),
        "constraint_notes": s.notes,
        "lots": s.lots,
        "stages": stages,
    })
}

fn json_value(outcome: &Outcome) -> Value {
    json!({
        "schema": SCHEMA,
        "tied": outcome.tied,
        "outcomes": outcome.sheets.iter().map(sheet_json).collect::<Vec<_>>(),
    })
}

/// Several modes' counts side by side: who each elects.
pub fn compare_modes(results: &[(Mode, Outcome)], format: Format) -> String {
    match format {
        Format::Json => {
            let v = json!({
                "schema": SCHEMA,
                "compare_modes": results.iter().map(|(m, o)| json!({"mode": m.id(), "count": json_value(o)})).collect::<Vec<_>>(),
            });
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Csv => {
            let mut out = String::new();
            for (i, (m, o)) in results.iter().enumerate() {
                let text = csv_rows(o, Some(*m));
                // One header for all modes.
                let body = if i == 0 {
                    text.as_str()
                } else {
                    text.split_once('\n').map(|x| x.1).unwrap_or("")
                };
                out.push_str(body);
            }
            out
        }
        Format::Table(_) | Format::Markdown | Format::Html => {
            let mut rows = vec![{
                let mut h = vec!["Place".to_string()];
                h.extend(results.iter().map(|(m, _)| m.id().to_string()));
                h
            }];
            let seats = results
                .first()
                .and_then(|(_, o)| o.sheets.first())
                .map(|s| s.seats)
                .unwrap_or(0);
            for p in 0..seats {
                let mut row = vec![(p + 1).to_string()];
                for (_, o) in results {
                    let cell = o
                        .sheets
                        .iter()
                        .map(|s| {
                            s.elected
                                .get(p)
                                .map(|e| {
                                    let mut t = s.names[e.candidate].clone();
                                    if e.how != "quota"
                                        && e.how != "last vacancies"
                                        && e.how != "top"
                                    {
                                        t.push_str(" *");
                                    }
                                    t
                                })
                                .unwrap_or_default()
                        })
                        .collect::<Vec<_>>()
                        .join(" / ");
                    row.push(cell);
                }
                rows.push(row);
            }
            let mut notes = vec!["* placed by a constraint".to_string()];
            for (m, o) in results {
                for s in &o.sheets {
                    for n in s.notes.iter().chain(&s.lots) {
                        notes.push(format!("{}: {n}", m.id()));
                    }
                }
            }
            let mut out = table(
                vec!["Enforcement modes side by side (elected in order)".to_string()],
                rows,
                notes,
                format,
            );
            out.push('\n');
            for (m, o) in results {
                out.push_str(&sheet(o, format, Some(&format!("Mode: {}", m.id()))));
            }
            out
        }
    }
}
