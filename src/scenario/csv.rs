//! A CSV of weights: a header row, region names in the first column, and
//! weights in the first all-numeric column unless one is named. Lines
//! starting with `#` are comments (for the source of the figures). The
//! separator (`,`, `;` or tab) is read from the header line unless given;
//! a UTF-8 byte-order mark is dropped.

use super::{Basis, Dataset, LoadOptions, Makeup, Region, ScenarioError};
use crate::number::{Decimal, DecimalError};

pub(super) fn parse_with(
    text: &str,
    path: &str,
    options: &LoadOptions,
) -> Result<Dataset, ScenarioError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let at = |line: u64, column: usize, message: String| ScenarioError::At {
        path: path.to_string(),
        line: line as usize,
        column,
        message,
    };
    let invalid = |message: String| ScenarioError::Invalid {
        path: path.to_string(),
        message,
    };
    let header_line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let delimiter = options
        .delimiter
        .or_else(|| super::delimiter_of(header_line))
        .unwrap_or(b',');
    let mut reader = ::csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .delimiter(delimiter)
        .trim(::csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(path, &e))?.clone();
    if headers.len() < 2 {
        let separator = match delimiter {
            b'\t' => "tab".to_string(),
            d => format!("`{}`", d as char),
        };
        return Err(invalid(format!(
            "a weights CSV needs a header row and at least two columns, region names then weights, separated by {separator}; say --delimiter ';', tab or ',' if the file uses another separator"
        )));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let line = record.position().map_or(0, |p| p.line());
        rows.push((line, record));
    }
    if rows.is_empty() {
        return Err(invalid("the CSV has a header but no regions".into()));
    }
    let find = |name: &str| find_column(&headers, name, path);
    let negative = |c: usize| -> Option<ScenarioError> {
        rows.iter()
            .find_map(|(line, r)| match Decimal::parse(&r[c]) {
                Err(DecimalError::Negative(text)) => Some(at(
                    *line,
                    c + 1,
                    format!(
                    "region `{}`: `{text}` in column `{}` is negative; weights must be 0 or more",
                    &r[0], &headers[c]
                ),
                )),
                _ => None,
            })
    };
    let chosen = match &options.column {
        Some(name) => find(name)?,
        None => {
            let numeric = |c: usize| {
                rows.iter()
                    .filter(|(_, r)| {
                        matches!(
                            Decimal::parse(&r[c]),
                            Ok(_) | Err(DecimalError::Negative(_))
                        )
                    })
                    .count()
            };
            match (1..headers.len()).find(|&c| numeric(c) == rows.len()) {
                Some(c) => c,
                None => return Err(no_numeric_column(&headers, &rows, path, numeric, delimiter)),
            }
        }
    };
    if chosen == 0 {
        return Err(invalid(
            "the first column holds the region names; pick a weight column after it".into(),
        ));
    }
    if let Some(e) = negative(chosen) {
        return Err(e);
    }
    let mut seen_names = std::collections::HashSet::new();
    let mut regions: Vec<Region> = Vec::with_capacity(rows.len());
    for (line, record) in &rows {
        let name = record[0].to_string();
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
        let weight = Decimal::parse(&record[chosen]).map_err(|e| {
            let message = match decimal_comma(&record[chosen], delimiter) {
                Some(hint) => format!(
                    "{name}: the {} `{}` {hint}",
                    &headers[chosen], &record[chosen]
                ),
                None => format!("{name}: the {} {e}", &headers[chosen]),
            };
            at(*line, chosen + 1, message)
        })?;
        regions.push(Region {
            name,
            count: Some(weight),
            share: None,
            women: None,
        });
    }
    let mut makeups = Vec::with_capacity(options.table_columns.len());
    for name in &options.table_columns {
        let c = find(name)?;
        if c == 0 {
            return Err(invalid(format!(
                "the seat table column `{name}` is the column of region names; name a column of seats"
            )));
        }
        let mut seats = Vec::with_capacity(rows.len());
        for (line, record) in &rows {
            let text = &record[c];
            let k = text.parse::<u64>().map_err(|_| {
                at(
                    *line,
                    c + 1,
                    format!(
                        "region `{}`: `{text}` in the seat column `{}` is not a whole number of seats",
                        &record[0], &headers[c]
                    ),
                )
            })?;
            seats.push(k);
        }
        if seats.iter().sum::<u64>() == 0 {
            return Err(invalid(format!(
                "the seat column `{}` has no seats",
                &headers[c]
            )));
        }
        makeups.push(Makeup {
            id: headers[c].to_string(),
            title: Some(format!("column `{}` of {path}", &headers[c])),
            source: None,
            note: None,
            women: None,
            seats,
        });
    }
    Ok(Dataset {
        path: path.to_string(),
        title: None,
        source: None,
        count_source: None,
        share_source: None,
        date: None,
        unit: headers[chosen].to_string(),
        note: None,
        section_seats: None,
        default_basis: Basis::Counts,
        regions,
        makeups,
        scenarios: Vec::new(),
        broken: Vec::new(),
        read_notes: Vec::new(),
    })
}

/// A column by name: the exact name, else the one name that matches
/// ignoring case; an unknown name suggests the nearest.
fn find_column(
    headers: &::csv::StringRecord,
    name: &str,
    path: &str,
) -> Result<usize, ScenarioError> {
    let wanted = name.trim();
    if let Some(c) = headers.iter().position(|h| h == wanted) {
        return Ok(c);
    }
    let folded: Vec<usize> = (0..headers.len())
        .filter(|&c| headers[c].to_lowercase() == wanted.to_lowercase())
        .collect();
    match folded.as_slice() {
        [c] => Ok(*c),
        [] => {
            let known: Vec<&str> = headers.iter().skip(1).collect();
            let listed = known.join(", ");
            let message = match crate::suggest::did_you_mean(wanted, &known) {
                Some(hint) => {
                    format!("no column named `{wanted}`; {hint} The columns are: {listed}")
                }
                None => format!("no column named `{wanted}`; the columns are: {listed}"),
            };
            Err(ScenarioError::Invalid {
                path: path.to_string(),
                message,
            })
        }
        several => {
            let names: Vec<String> = several
                .iter()
                .map(|&c| format!("`{}`", &headers[c]))
                .collect();
            Err(ScenarioError::Invalid {
                path: path.to_string(),
                message: format!(
                    "--column `{wanted}` matches {} when case is ignored; write one of them exactly",
                    names.join(" and ")
                ),
            })
        }
    }
}

/// No column has a number in every row: say which came closest and which
/// row broke it.
fn no_numeric_column(
    headers: &::csv::StringRecord,
    rows: &[(u64, ::csv::StringRecord)],
    path: &str,
    numeric: impl Fn(usize) -> usize,
    delimiter: u8,
) -> ScenarioError {
    // A `;` or tab CSV from a spreadsheet in a locale that writes 20,54.
    let comma_cell = rows.iter().find_map(|(line, r)| {
        (1..r.len()).find_map(|c| decimal_comma(&r[c], delimiter).map(|h| (*line, c, h)))
    });
    if let Some((line, c, hint)) = comma_cell {
        return ScenarioError::At {
            path: path.to_string(),
            line: line as usize,
            column: c + 1,
            message: format!(
                "no column has a number in every row: `{}` in column `{}` {hint}",
                rows.iter()
                    .find(|(l, _)| *l == line)
                    .map_or("", |(_, r)| &r[c]),
                &headers[c]
            ),
        };
    }
    let best = (1..headers.len())
        .map(|c| (numeric(c), std::cmp::Reverse(c)))
        .max()
        .map(|(count, std::cmp::Reverse(c))| (c, count));
    let message = match best {
        Some((c, count)) if count > 0 => {
            let (line, record) = rows
                .iter()
                .find(|(_, r)| Decimal::parse(&r[c]).is_err())
                .map(|(l, r)| (*l, r.clone()))
                .unwrap_or_default();
            let cell = &record[c];
            let shown = match Decimal::parse(cell) {
                _ if cell.is_empty() => "an empty cell".to_string(),
                // A number past the digit cap: say why it does not count.
                Err(e @ crate::number::DecimalError::TooManyDigits { .. }) => e.to_string(),
                _ => format!("`{cell}`"),
            };
            format!(
                "no column has a number in every row; the closest is `{}` ({count} of {} rows), broken at line {line} (region `{}`) by {shown}; fix that cell, or name the weight column with --column",
                &headers[c],
                rows.len(),
                &record[0]
            )
        }
        _ => "no column after the region names holds numbers; the weights CSV needs a column of members, population or votes (name it with --column)".into(),
    };
    ScenarioError::Invalid {
        path: path.to_string(),
        message,
    }
}

/// For a cell such as `20,54` in a CSV not separated by commas: the
/// sentence saying it has a decimal comma.
fn decimal_comma(cell: &str, delimiter: u8) -> Option<&'static str> {
    let (a, b) = cell.split_once(',')?;
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit());
    (delimiter != b',' && digits(a) && digits(b) && b.len() != 3).then_some(
        "has a decimal comma; write the decimal point as `.` (20.54), or export the CSV with `.` as the decimal separator",
    )
}

fn csv_error(path: &str, error: &::csv::Error) -> ScenarioError {
    let line = error.position().map_or(0, |p| p.line() as usize);
    let message = match error.kind() {
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields but the header has {expected_len}")
        }
        ::csv::ErrorKind::Utf8 { .. } => "the file is not valid UTF-8 text".into(),
        _ => error.to_string(),
    };
    ScenarioError::At {
        path: path.to_string(),
        line,
        column: 1,
        message,
    }
}
