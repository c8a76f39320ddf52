//! Which methods reproduce a table: matches, tied matches, the stationary
//! interval and, for every other method, the seats that differ.

use serde_json::{json, Map, Value};

use super::join_names;
use super::seats::seat_list;
use super::{data, Doc, Format};
use crate::analysis::identify::{End, Identification, Stationary};
use crate::number::{format_rational, rational_text};
use crate::solve::SolveError;

/// Renders an identification in a format.
pub fn identify(names: &[String], id: &Identification, format: Format) -> String {
    if format == Format::Json {
        return data::json_doc("identify", to_json(names, id));
    }
    if format == Format::Csv {
        return data::identify_csv(names, id);
    }
    // In the terminal a cell lists a few changes only: every row is padded
    // to the widest cell, and a thousand changes would make each row
    // thousands of characters wide.
    let limit = matches!(format, Format::Table(_)).then_some(TERMINAL_CHANGES);
    doc_listing(names, id, limit).render(format)
}

/// The most changes a terminal cell lists before "and N more".
const TERMINAL_CHANGES: usize = 12;

/// The identification laid out: one row per method, then the stationary
/// interval and the verdict.
pub(crate) fn doc(names: &[String], id: &Identification) -> Doc {
    doc_listing(names, id, None)
}

/// [`doc`], listing at most `limit` changes per method (all when `None`).
fn doc_listing(names: &[String], id: &Identification, limit: Option<usize>) -> Doc {
    let rows = id
        .results
        .iter()
        .map(|r| {
            let (verdict, detail) = match (&r.allocation, &r.holds) {
                (Err(reason), _) => ("no allocation".to_string(), short_reason(reason)),
                (Ok(_), Some(h)) if h.always() => ("matches".into(), String::new()),
                (Ok(_), Some(h)) if !h.never() => (
                    "matches in a tie".into(),
                    format!("the table is 1 of {} tied outcomes", h.of),
                ),
                (Ok(_), _) => (
                    "differs".into(),
                    differences_text(names, &r.differences, limit),
                ),
            };
            vec![r.method.id(), verdict, detail]
        })
        .collect();
    let mut notes = vec![String::new()];
    if let Some(rules) = &id.rules {
        notes.push(format!(
            "Every method was solved under the rules {rules} (the stationary family is not searched under rules)."
        ));
    }
    notes.push(stationary_sentence(&id.stationary));
    notes.push(summary(id));
    Doc {
        heading: vec![
            format!("Which methods give this table at {} seats?", id.house),
            format!("Table: {}", seat_list(names, &id.table)),
        ],
        header: vec![
            "Method".into(),
            "Result".into(),
            "Where it differs (table → method)".into(),
        ],
        rows,
        rule_after: Vec::new(),
        text_columns: 3,
        notes,
    }
}

/// Why a method has no allocation, in a few words for a table cell.
fn short_reason(e: &crate::error::Error) -> String {
    match e {
        crate::error::Error::Solve(SolveError::FirstSeatsExceedHouse {
            regions, house, ..
        }) => {
            format!("owes each of {regions} regions a first seat; {house} seats are too few")
        }
        other => other.to_string(),
    }
}

fn differences_text(
    names: &[String],
    differences: &[(usize, u64, u64)],
    limit: Option<usize>,
) -> String {
    let shown = limit.unwrap_or(differences.len()).min(differences.len());
    let mut text = differences[..shown]
        .iter()
        .map(|&(i, table, method)| format!("{} {table} → {method}", names[i]))
        .collect::<Vec<_>>()
        .join(", ");
    let more = differences.len() - shown;
    if more > 0 {
        text.push_str(&format!(
            " and {} more",
            crate::number::grouped(&more.to_string())
        ));
    }
    text
}

/// The verdict in a sentence.
pub(crate) fn summary(id: &Identification) -> String {
    let ids = |list: Vec<&crate::analysis::identify::MethodResult>| {
        list.iter().map(|r| r.method.id()).collect::<Vec<_>>()
    };
    let matches = ids(id.matches());
    let tied = ids(id.tied_matches());
    let mut parts = Vec::new();
    if !matches.is_empty() {
        parts.push(format!("Reproduced by {}.", join_names(&matches)));
    }
    if !tied.is_empty() {
        parts.push(format!(
            "One of several tied outcomes under {}.",
            join_names(&tied)
        ));
    }
    if matches.is_empty() && tied.is_empty() && id.stationary.is_none() {
        parts.push("No method reproduces this table.".into());
    }
    parts.join(" ")
}

fn end_text(end: &End) -> String {
    match crate::number::exact_decimal(&end.r, 6) {
        Some(text) => text,
        None => format!("{} ({})", rational_text(&end.r), format_rational(&end.r, 4)),
    }
}

/// The stationary interval in a sentence.
pub(crate) fn stationary_sentence(s: &Option<Stationary>) -> String {
    let Some(s) = s else {
        return "Stationary divisors d(k) = k + r: no r in [0, 1] gives this table (or seat rules apply).".into();
    };
    let open = if s.lower.included { "[" } else { "(" };
    let mut text = format!(
        "Stationary divisors d(k) = k + r give this table for r in {open}{}, {}]",
        end_text(&s.lower),
        end_text(&s.upper)
    );
    let named: Vec<&str> = [
        ("1", "dhondt"),
        ("1/2", "sainte-lague"),
        ("1/3", "danish"),
        ("0", "adams"),
    ]
    .iter()
    .filter(|(r, _)| {
        crate::number::parse_rational(r).is_some_and(|r| {
            (r > s.lower.r || (r == s.lower.r && s.lower.included)) && r <= s.upper.r
        })
    })
    .map(|(_, id)| *id)
    .collect();
    if !named.is_empty() {
        text.push_str(&format!(" (including {})", named.join(", ")));
    }
    text.push('.');
    let tied: Vec<&str> = [(&s.lower, "lower"), (&s.upper, "upper")]
        .iter()
        .filter(|(e, _)| e.tied)
        .map(|(_, w)| *w)
        .collect();
    if s.tied_throughout {
        text.push_str(" Two regions with equal weights tie at every r: the table is one of several tied outcomes throughout.");
    } else if !tied.is_empty() {
        text.push_str(&format!(
            " At the {} end two seats tie: there the table is one of several tied outcomes.",
            tied.join(" and ")
        ));
    }
    text
}

pub(crate) fn stationary_value(s: &Option<Stationary>) -> Value {
    match s {
        None => Value::Null,
        Some(s) => {
            let end = |e: &End| {
                json!({
                    "r": rational_text(&e.r),
                    "value": crate::number::rational_to_f64(&e.r),
                    "included": e.included,
                    "tied": e.tied,
                })
            };
            json!({
                "lower": end(&s.lower),
                "upper": end(&s.upper),
                "tied_throughout": s.tied_throughout,
            })
        }
    }
}

pub(crate) fn to_json(names: &[String], id: &Identification) -> Value {
    let ids = |list: Vec<&crate::analysis::identify::MethodResult>| {
        list.iter()
            .map(|r| json!(r.method.id()))
            .collect::<Vec<_>>()
    };
    let mismatches: Vec<Value> = id
        .results
        .iter()
        .filter(|r| r.holds.as_ref().is_none_or(|h| h.never()))
        .map(|r| {
            let differences: Map<String, Value> = r
                .differences
                .iter()
                .map(|&(i, table, method)| {
                    (names[i].clone(), json!({"table": table, "method": method}))
                })
                .collect();
            json!({
                "method": r.method.id(),
                "differences": differences,
                "error": r.allocation.as_ref().err().map(ToString::to_string),
            })
        })
        .collect();
    json!({
        "seats": id.house,
        "table": super::seats::seat_map(names, &id.table),
        "matches": ids(id.matches()),
        "tied_matches": ids(id.tied_matches()),
        "stationary": stationary_value(&id.stationary),
        "rules": id.rules,
        "mismatches": mismatches,
        "summary": summary(id),
    })
}
