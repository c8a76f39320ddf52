//! The result sheet of a count in a terminal table, markdown, tidy CSV
//! (one row per candidate per stage), JSON (with a `"schema"` field) and a
//! self-contained HTML page ([`page`]).
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
use crate::render::{html_escape, html_shell, Doc, Format};

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
            let (rows, notes) = modes_rows(results);
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

/// The modes side by side: a header row (Place, each mode), one row per
/// place, and the notes (constraint actions, lots).
fn modes_rows(results: &[(Mode, Outcome)]) -> (Vec<Vec<String>>, Vec<String>) {
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
                            if e.how != "quota" && e.how != "last vacancies" && e.how != "top" {
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
    (rows, notes)
}

/// One sheet as HTML: the summary first (rule, numbers, constraints, the
/// elected in order, what the constraints did, lots), then the stage
/// table. `n` numbers the sheet's ids on the page.
fn sheet_html(out: &mut String, s: &Sheet, heading: &str, n: usize) {
    use std::fmt::Write as _;
    let e = html_escape;
    let _ = writeln!(out, "<section class=\"count\" id=\"outcome-{n}\">");
    let _ = writeln!(out, "<h2>{}</h2>", e(heading));
    out.push_str("<dl class=\"meta summary\">\n");
    let _ = writeln!(
        out,
        "<dt>Rule</dt><dd><code>{}</code>: {}</dd>",
        e(s.rule.id()),
        e(s.rule.definition())
    );
    let _ = writeln!(out, "<dt>Seats</dt><dd>{}</dd>", s.seats);
    let _ = writeln!(
        out,
        "<dt>Valid votes</dt><dd>{}</dd>",
        e(&show(&s.valid, s.rule))
    );
    if let Some(q) = &s.quota {
        let exactly = if q.is_integer() {
            String::new()
        } else {
            format!(" (exactly {})", exact(q))
        };
        let _ = writeln!(
            out,
            "<dt>Quota</dt><dd>{}{}</dd>",
            e(&show(q, s.rule)),
            e(&exactly)
        );
    }
    let constraints = if s.constraints.is_empty() {
        format!("none ({})", s.mode.id())
    } else {
        format!("{} (enforced by {})", s.constraints.join("; "), s.mode.id())
    };
    let _ = writeln!(out, "<dt>Constraints</dt><dd>{}</dd>", e(&constraints));
    out.push_str("</dl>\n<h3>Elected, in order</h3>\n<ol class=\"elected\">\n");
    for el in &s.elected {
        let name = &s.names[el.candidate];
        let _ = writeln!(
            out,
            "<li data-candidate=\"{}\">{} <span class=\"what\">(stage {}, {})</span></li>",
            e(name),
            e(name),
            el.stage,
            e(&el.how)
        );
    }
    out.push_str("</ol>\n");
    if !s.notes.is_empty() || !s.lots.is_empty() {
        out.push_str("<ul class=\"notes\">\n");
        for note in &s.notes {
            let _ = writeln!(out, "<li>Constraint: {}</li>", e(note));
        }
        for lot in &s.lots {
            let _ = writeln!(out, "<li>Tie: {}</li>", e(lot));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h3>Stages</h3>\n<div class=\"scroll\">");
    let _ = write!(
        out,
        "<table class=\"stages\" id=\"stages-{n}\"><caption>Each candidate's votes at the end of each stage, with the change from the stage before</caption>\n<thead><tr>"
    );
    let rows = grid(s);
    let candidates = s.names.len();
    for (k, h) in rows.first().into_iter().flatten().enumerate() {
        if k == 0 {
            let _ = write!(out, "<th scope=\"col\">{}</th>", e(h));
        } else {
            let _ = write!(out, "<th scope=\"col\" data-stage=\"{k}\">{}</th>", e(h));
        }
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (r, row) in rows.iter().enumerate().skip(1) {
        let candidate = r.checked_sub(2).filter(|c| *c < candidates);
        let class = match (r, row.first().map(String::as_str)) {
            (1, _) => " class=\"action\"",
            (_, Some("Marks")) if candidate.is_none() => " class=\"marks\"",
            _ => "",
        };
        match candidate {
            Some(c) => {
                let _ = write!(out, "<tr data-candidate=\"{}\">", e(&s.names[c]));
            }
            None => {
                let _ = write!(out, "<tr{class}>");
            }
        }
        for (k, cell) in row.iter().enumerate() {
            if k == 0 {
                let _ = write!(out, "<th scope=\"row\">{}</th>", e(cell));
                continue;
            }
            let stage = &s.stages[k - 1];
            match candidate {
                Some(c) => {
                    let class = if stage.elected.contains(&c) {
                        " class=\"elected\""
                    } else if stage.status[c] == Status::Excluded {
                        " class=\"excluded\""
                    } else {
                        ""
                    };
                    let _ = write!(
                        out,
                        "<td data-stage=\"{k}\" data-votes=\"{}\"{class}>{}</td>",
                        e(&exact(&stage.votes[c])),
                        e(cell)
                    );
                }
                None => {
                    let _ = write!(out, "<td>{}</td>", e(cell));
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

fn outcome_html(out: &mut String, outcome: &Outcome, prefix: &str, first: &mut usize) {
    use std::fmt::Write as _;
    if outcome.tied {
        let _ = writeln!(
            out,
            "<p class=\"tie\">Tie: a lot is needed and no --seed was given: {} possible outcomes follow.</p>",
            outcome.sheets.len()
        );
    }
    for (i, s) in outcome.sheets.iter().enumerate() {
        let title = format!("{prefix}Count: {}", s.title);
        sheet_html(out, s, &heading(outcome, i, &title), *first);
        *first += 1;
    }
}

/// A count (or the modes side by side, when there are several results) as
/// one self-contained HTML page: the summary first, then the stage table;
/// the count's JSON document (as `--format json` writes it) is embedded
/// with the version and `command`.
pub fn page(results: &[(Mode, Outcome)], command: &str) -> String {
    use std::fmt::Write as _;
    let e = html_escape;
    let mut body = String::new();
    let mut n = 1;
    let title = results
        .first()
        .and_then(|(_, o)| o.sheets.first())
        .map(|s| format!("Count: {}", s.title))
        .unwrap_or_else(|| "Count".into());
    let count = match results {
        [(_, o)] => {
            let _ = writeln!(body, "<h1>{}</h1>", e(&title));
            outcome_html(&mut body, o, "", &mut n);
            json_value(o)
        }
        _ => {
            let _ = writeln!(
                body,
                "<h1>{}: enforcement modes side by side</h1>",
                e(&title)
            );
            let (rows, notes) = modes_rows(results);
            body.push_str("<div class=\"scroll\"><table id=\"modes\"><caption>Elected, in order, under each mode</caption>\n");
            for (r, row) in rows.iter().enumerate() {
                body.push_str("<tr>");
                for (k, cell) in row.iter().enumerate() {
                    let tag = if r == 0 {
                        "th scope=\"col\""
                    } else if k == 0 {
                        "th scope=\"row\""
                    } else {
                        "td class=\"text\""
                    };
                    let close = if r == 0 || k == 0 { "th" } else { "td" };
                    let _ = write!(body, "<{tag}>{}</{close}>", e(cell));
                }
                body.push_str("</tr>\n");
            }
            body.push_str("</table></div>\n<ul class=\"notes\">\n");
            for note in notes {
                let _ = writeln!(body, "<li>{}</li>", e(&note));
            }
            body.push_str("</ul>\n");
            for (m, o) in results {
                outcome_html(&mut body, o, &format!("Mode {}: ", m.id()), &mut n);
            }
            json!({
                "schema": SCHEMA,
                "compare_modes": results.iter().map(|(m, o)| json!({"mode": m.id(), "count": json_value(o)})).collect::<Vec<_>>(),
            })
        }
    };
    let data = json!({
        "count": count,
        "version": env!("CARGO_PKG_VERSION"),
        "command": command,
    });
    html_shell(&title, &body, &data, command)
}
