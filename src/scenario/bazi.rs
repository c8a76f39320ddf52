//! A BAZI data file: the text format of BAZI, the apportionment program of
//! Friedrich Pukelsheim's group at Augsburg (the field's reference).
//!
//! The file is a list of sections, each opened by a `=KEY=` line whose rest
//! is the section's first value; the German keys and their English forms
//! are read alike:
//!
//! ```text
//! =TITEL= Beispiel                  (=TITLE=)    the heading
//! =METHODE= DivStd                  (=METHOD=)   the method
//! =AUSGABE= vert., Div/Quote        (=OUTPUT=)   BAZI's output layout: not used
//! =EINGABE= Partei, Stimmen, Min, Max (=INPUT=)  the names of the data columns
//! =MANDATE= 10                      (=SEATS=)    the house size
//! =DATEN=                           (=DATA=)     one line per party or region:
//! "Partei A"  11500                              name (quoted if it has spaces),
//! "Partei B"  10900  1  5                        weight, [minimum] [maximum]
//! =INFO=                                         free text, up to =ENDE=
//! =ENDE=                            (=END=)
//! ```
//!
//! seatshare reads the heading, the house size, the method where it is one
//! seatshare has (BAZI's `DivAbr`, `DivStd`, `DivAuf`, `DivGeo`, `DivHar`,
//! `Hare`/`HaQgrR`, `Droop`, or any seatshare method id or alias), the
//! names and weights, minimum and maximum columns, and the info text, into
//! one scenario named `bazi`. Files with several districts (`=DISTRIKT=`
//! more than once) or with a party's lists by district (`+` lines) are
//! biproportional data and are refused with a sentence; output options
//! (`=AUSGABE=`, `=DISTRIKTOPTION=`, `=KODIERUNG=`, `=GENAUIGKEIT=`) and
//! columns seatshare has no use for are ignored, and each ignored part is
//! named in [`Dataset::read_notes`].
//!
//! The format as described here follows the BAZI files published with
//! BAZI and read by the R packages `proporz` (its `read_bazi_data`) and
//! `Relectoral` (which writes them).

use super::{Basis, BrokenScenario, Dataset, Region, Restrictions, Scenario, ScenarioError};
use crate::method::Method;
use crate::number::Decimal;

/// The keys BAZI writes, German first, and the section each opens.
const KEYS: &[(&str, Key)] = &[
    ("TITEL", Key::Title),
    ("TITLE", Key::Title),
    ("METHODE", Key::Method),
    ("METHOD", Key::Method),
    ("AUSGABE", Key::Ignored),
    ("OUTPUT", Key::Ignored),
    ("EINGABE", Key::Input),
    ("INPUT", Key::Input),
    ("DISTRIKTOPTION", Key::Ignored),
    ("DISTRICTOPTION", Key::Ignored),
    ("DISTRIKT", Key::District),
    ("DISTRICT", Key::District),
    ("MANDATE", Key::Seats),
    ("MANDATES", Key::Seats),
    ("SEATS", Key::Seats),
    ("DATEN", Key::Data),
    ("DATA", Key::Data),
    ("INFO", Key::Info),
    ("ENDE", Key::End),
    ("END", Key::End),
    ("KODIERUNG", Key::Ignored),
    ("ENCODING", Key::Ignored),
    ("GENAUIGKEIT", Key::Ignored),
    ("ACCURACY", Key::Ignored),
    ("PATTS", Key::Ignored),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Title,
    Method,
    Input,
    District,
    Seats,
    Data,
    Info,
    End,
    Ignored,
}

/// One section: its key as written, where it starts, and its lines (the
/// rest of the key's line first), each with its line number.
struct Section {
    key: Key,
    written: String,
    line: usize,
    lines: Vec<(usize, String)>,
}

impl Section {
    fn value(&self) -> String {
        self.lines
            .iter()
            .map(|(_, l)| l.trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// What the data columns after the weight hold.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Extra {
    Min,
    Max,
    Other(String),
}

pub(super) fn parse(text: &str, path: &str) -> Result<Dataset, ScenarioError> {
    let at = |line: usize, column: usize, message: String| ScenarioError::At {
        path: path.to_string(),
        line,
        column,
        message,
    };
    let sections = sections(text, path)?;
    let mut notes = Vec::new();
    let mut ignored: Vec<String> = Vec::new();
    let find = |key: Key| sections.iter().filter(move |s| s.key == key);
    let districts: Vec<&Section> = find(Key::District).collect();
    let data: Vec<&Section> = find(Key::Data).collect();
    if districts.len() > 1 || data.len() > 1 {
        let first = districts.get(1).or(data.get(1)).map_or(1, |s| s.line);
        return Err(at(
            first,
            1,
            format!(
                "this BAZI file has {} districts ({} data sections): it is biproportional data, which seatshare does not read from BAZI files; give one district's =DATEN= (or its totals) per file",
                districts.len().max(1),
                data.len()
            ),
        ));
    }
    let Some(data) = data.first() else {
        return Err(ScenarioError::Invalid {
            path: path.to_string(),
            message: "the BAZI file has no =DATEN= section; list the regions (or parties) after a line `=DATEN=`, one per line: name, then weight".into(),
        });
    };
    if let Some(d) = districts.first() {
        ignored.push(format!(
            "=DISTRIKT= `{}` (one district: its name)",
            d.value()
        ));
    }
    for s in find(Key::Ignored) {
        let value = s.value();
        if value.is_empty() {
            ignored.push(format!("={}=", s.written));
        } else {
            ignored.push(format!("={}= `{value}`", s.written));
        }
    }
    // The column names: the first names the regions, the second the weight.
    let input: Vec<String> = find(Key::Input)
        .next()
        .map(|s| {
            s.value()
                .split(',')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let unit = input
        .get(1)
        .map(|u| u.trim_end_matches('_').to_string())
        .filter(|u| !u.is_empty() && u != "---")
        .unwrap_or_else(|| "weight".into());
    let extras: Vec<Extra> = if input.len() > 2 {
        input[2..]
            .iter()
            .take_while(|c| c.as_str() != "---")
            .map(|c| extra_column(c))
            .collect()
    } else {
        vec![Extra::Min, Extra::Max]
    };
    let mut seen_names = std::collections::HashSet::new();
    let mut regions: Vec<Region> = Vec::new();
    let mut min = Vec::new();
    let mut max = Vec::new();
    let mut unused_columns: Vec<String> = Vec::new();
    for (line, raw) in &data.lines {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('+') {
            return Err(at(
                *line,
                1,
                "a line starting with `+` lists a party's votes by district: that is biproportional data, which seatshare does not read from BAZI files; give each party's total on one line".into(),
            ));
        }
        let cells = split_line(trimmed).map_err(|m| at(*line, 1, m))?;
        let Some((name, rest)) = cells.split_first() else {
            continue;
        };
        let name = name.trim().to_string();
        if name.is_empty() {
            return Err(at(*line, 1, "a region needs a name".into()));
        }
        if !seen_names.insert(name.clone()) {
            return Err(at(
                *line,
                1,
                format!("the region `{name}` is listed twice; each region must appear once"),
            ));
        }
        let Some(weight_text) = rest.first() else {
            return Err(at(
                *line,
                1,
                format!("`{name}` has no weight; write the name, then its {unit}"),
            ));
        };
        let column_of = |cell: usize| raw.find(rest[cell].as_str()).map_or(1, |c| c + 1);
        let weight = Decimal::parse(weight_text)
            .map_err(|e| at(*line, column_of(0), format!("{name}: the {unit} {e}")))?;
        let index = regions.len();
        for (k, cell) in rest.iter().enumerate().skip(1) {
            let kind = extras
                .get(k - 1)
                .cloned()
                .unwrap_or(Extra::Other(format!("column {}", k + 2)));
            let seats = |what: &str| {
                cell.parse::<u64>().map_err(|_| {
                    at(
                        *line,
                        column_of(k),
                        format!("{name}: the {what} `{cell}` is not a whole number of seats"),
                    )
                })
            };
            match kind {
                Extra::Min => {
                    if let Some((a, b)) = cell.split_once("..") {
                        let lo = a.trim().parse::<u64>();
                        let hi = b.trim().parse::<u64>();
                        match (lo, hi) {
                            (Ok(lo), Ok(hi)) => {
                                min.push((index, lo));
                                max.push((index, hi));
                            }
                            _ => {
                                return Err(at(
                                    *line,
                                    column_of(k),
                                    format!(
                                        "{name}: `{cell}` is not a range of seats such as 1..5"
                                    ),
                                ))
                            }
                        }
                    } else {
                        min.push((index, seats("minimum")?));
                    }
                }
                Extra::Max => max.push((index, seats("maximum")?)),
                Extra::Other(label) => {
                    if !unused_columns.contains(&label) {
                        unused_columns.push(label);
                    }
                }
            }
        }
        regions.push(Region {
            name,
            count: Some(weight),
            share: None,
            women: None,
        });
    }
    if regions.is_empty() {
        return Err(at(
            data.line,
            1,
            "the =DATEN= section lists no regions; write one per line: name, then weight".into(),
        ));
    }
    for c in &unused_columns {
        ignored.push(format!("the data column `{c}`"));
    }
    let title = find(Key::Title)
        .next()
        .map(Section::value)
        .filter(|t| !t.is_empty());
    let info = find(Key::Info).next().map(|s| {
        s.lines
            .iter()
            .map(|(_, l)| l.trim())
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    });
    let seats = match find(Key::Seats).next() {
        Some(s) => {
            let value = s.value();
            Some(value.parse::<u64>().map_err(|_| {
                at(
                    s.line,
                    1,
                    format!("=MANDATE= must be one whole number of seats, not `{value}` (house-size ranges are not read; use `seatshare sweep --seats A..B`)"),
                )
            })?)
        }
        None => None,
    };
    let method = find(Key::Method).next();
    let mut scenarios = Vec::new();
    let mut broken = Vec::new();
    match (seats, method) {
        (Some(seats), Some(m)) => {
            let restrictions = Restrictions {
                min,
                max,
                ..Restrictions::default()
            };
            match bazi_method(&m.value()) {
                Ok(method) => scenarios.push(Scenario {
                    id: "bazi".into(),
                    title: title.clone(),
                    note: None,
                    seats,
                    method,
                    basis: None,
                    restrictions,
                    rules: Vec::new(),
                }),
                Err(e) => broken.push(BrokenScenario {
                    id: "bazi".into(),
                    title: title.clone(),
                    error: at(m.line, 1, e),
                }),
            }
        }
        (None, _) => notes.push(format!(
            "{path}: the BAZI file gives no =MANDATE= (house size), so it has no scenario; give --seats N and --method M"
        )),
        (Some(_), None) => notes.push(format!(
            "{path}: the BAZI file names no =METHODE=, so it has no scenario; give --seats N and --method M"
        )),
    }
    if !ignored.is_empty() {
        notes.push(format!(
            "{path}: read the title, seats, method, names, weights and minimum/maximum columns of the BAZI file; ignored {}",
            ignored.join(", ")
        ));
    }
    Ok(Dataset {
        path: path.to_string(),
        title,
        source: None,
        count_source: None,
        share_source: None,
        date: None,
        unit,
        note: info.filter(|i| !i.is_empty()),
        section_seats: seats,
        default_basis: Basis::Counts,
        regions,
        makeups: Vec::new(),
        scenarios,
        broken,
        read_notes: notes,
    })
}

/// The file's sections in order, up to `=ENDE=`; after `=INFO=` every line
/// is text up to `=ENDE=`.
fn sections(text: &str, path: &str) -> Result<Vec<Section>, ScenarioError> {
    let mut out: Vec<Section> = Vec::new();
    let mut in_info = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        let key = trimmed
            .strip_prefix('=')
            .and_then(|rest| rest.split_once('='))
            .filter(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphabetic()));
        match key {
            Some((word, rest)) => {
                let upper = word.to_ascii_uppercase();
                let found = KEYS.iter().find(|(k, _)| *k == upper).map(|(_, key)| *key);
                if in_info && found != Some(Key::End) {
                    push_line(&mut out, line, raw);
                    continue;
                }
                let Some(key) = found else {
                    let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
                    let hint = crate::suggest::did_you_mean(&upper, &known)
                        .map(|h| format!("{h} "))
                        .unwrap_or_default();
                    return Err(ScenarioError::At {
                        path: path.to_string(),
                        line,
                        column: 1,
                        message: format!(
                            "unknown BAZI section `={word}=`; {hint}the sections are =TITEL=, =METHODE=, =AUSGABE=, =EINGABE=, =DISTRIKT=, =MANDATE=, =DATEN=, =INFO= and =ENDE="
                        ),
                    });
                };
                if key == Key::End {
                    return Ok(out);
                }
                in_info = key == Key::Info;
                out.push(Section {
                    key,
                    written: upper,
                    line,
                    lines: vec![(line, rest.to_string())],
                });
            }
            None => {
                if out.is_empty() {
                    if trimmed.is_empty() {
                        continue;
                    }
                    return Err(ScenarioError::At {
                        path: path.to_string(),
                        line,
                        column: 1,
                        message: "a BAZI file starts with a section line such as `=TITEL= …`; this line comes before any section".into(),
                    });
                }
                push_line(&mut out, line, raw);
            }
        }
    }
    Ok(out)
}

fn push_line(out: &mut [Section], line: usize, raw: &str) {
    if let Some(last) = out.last_mut() {
        last.lines.push((line, raw.to_string()));
    }
}

/// A data line's cells: a name in double or single quotes (or one word),
/// then the words after it.
fn split_line(line: &str) -> Result<Vec<String>, String> {
    let mut cells = Vec::new();
    let rest = if let Some(quote @ ('"' | '\'')) = line.chars().next() {
        let body = &line[1..];
        let end = body.find(quote).ok_or_else(|| {
            format!("the name's {quote} is not closed; close it before the weight")
        })?;
        cells.push(body[..end].to_string());
        &body[end + 1..]
    } else {
        let end = line.find(char::is_whitespace).unwrap_or(line.len());
        cells.push(line[..end].to_string());
        &line[end..]
    };
    cells.extend(rest.split_whitespace().map(str::to_string));
    Ok(cells)
}

/// A column name of `=EINGABE=` after the weight.
fn extra_column(name: &str) -> Extra {
    let lowered = name.to_lowercase();
    let lowered = lowered.trim_end_matches('.');
    if lowered.starts_with("min") || lowered.starts_with("mindest") {
        Extra::Min
    } else if lowered.starts_with("max") || lowered.starts_with("höchst") {
        Extra::Max
    } else {
        Extra::Other(name.to_string())
    }
}

/// BAZI's method names and seatshare's own.
fn bazi_method(text: &str) -> Result<Method, String> {
    let name = text.split(',').next().unwrap_or("").trim();
    let id = match name.to_lowercase().replace([' ', '-', '_'], "").as_str() {
        "divabr" | "divisormethodemitabrundung" => "dhondt",
        "divstd" | "divisormethodemitstandardrundung" => "sainte-lague",
        "divauf" | "divisormethodemitaufrundung" => "adams",
        "divgeo" | "divisormethodemitgeometrischerrundung" => "huntington-hill",
        "divhar" | "divisormethodemitharmonischerrundung" => "dean",
        "hare" | "haqgrr" | "hareniemeyer" => "hamilton",
        "droop" | "drqgrr" => "droop",
        _ => name,
    };
    Method::parse(id).map_err(|e| {
        format!("=METHODE= `{name}`: {e}; BAZI's DivAbr, DivStd, DivAuf, DivGeo, DivHar, Hare and Droop are read too")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "=TITEL= Beispiel\n=METHODE= DivStd\n=EINGABE= Partei, Stimmen, Min, Max\n=MANDATE= 10\n=DATEN=\n\"Partei A\"  651\n\"Partei B\"  349  0  3\n'Partei C'   50\n=INFO=\nzwei =X= Zeilen\n=ENDE=\nafter the end\n";

    #[test]
    fn a_single_district_file_reads_into_one_scenario() {
        let data = parse(SMALL, "x.bazi").expect("reads");
        assert_eq!(data.title.as_deref(), Some("Beispiel"));
        assert_eq!(data.names(), vec!["Partei A", "Partei B", "Partei C"]);
        assert_eq!(data.unit, "Stimmen");
        assert_eq!(data.note.as_deref(), Some("zwei =X= Zeilen"));
        let s = data.scenario("bazi").expect("scenario");
        assert_eq!(s.seats, 10);
        assert_eq!(s.method.id(), "sainte-lague");
        assert_eq!(s.restrictions.min, vec![(1, 0)]);
        assert_eq!(s.restrictions.max, vec![(1, 3)]);
    }

    #[test]
    fn several_districts_are_refused_with_a_sentence() {
        let text = "=TITEL= t\n=DISTRIKT= A\n=MANDATE= 2\n=DATEN=\nx 1\n=DISTRIKT= B\n=MANDATE= 2\n=DATEN=\nx 1\n=ENDE=\n";
        let e = parse(text, "d.bazi").unwrap_err().to_string();
        assert!(
            e.contains("d.bazi:6:1") && e.contains("biproportional"),
            "{e}"
        );
    }

    #[test]
    fn ignored_parts_are_named() {
        let text = "=TITEL= t\n=AUSGABE= vert.\n=METHODE= DivAbr\n=MANDATE= 3\n=DATEN=\nA 2\nB 1\n=ENDE=\n";
        let data = parse(text, "o.bazi").expect("reads");
        assert_eq!(data.read_notes.len(), 1);
        assert!(
            data.read_notes[0].contains("=AUSGABE= `vert.`"),
            "{:?}",
            data.read_notes
        );
        assert_eq!(data.scenario("bazi").expect("s").method.id(), "dhondt");
    }

    #[test]
    fn an_unknown_section_suggests_the_nearest() {
        let e = parse("=TITEL= t\n=MANDAT= 3\n", "u.bazi")
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean `MANDATE`"), "{e}");
    }

    #[test]
    fn an_unknown_method_keeps_the_file_readable() {
        let text = "=METHODE= Borda\n=MANDATE= 3\n=DATEN=\nA 2\n=ENDE=\n";
        let data = parse(text, "m.bazi").expect("reads");
        assert!(data.scenarios.is_empty());
        assert!(data.broken[0].error.to_string().contains("m.bazi:1:1"));
    }
}
