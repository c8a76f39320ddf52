//! A CSV of weights: a header row, region names in the first column, and
//! weights in the first all-numeric column unless one is named. Lines
//! starting with `#` are comments (for the source of the figures).

use super::{Basis, Dataset, Region, ScenarioError};
use crate::number::Decimal;

pub(super) fn parse(
    text: &str,
    path: &str,
    column: Option<&str>,
) -> Result<Dataset, ScenarioError> {
    let at = |line: u64, column: usize, message: String| ScenarioError::At {
        path: path.to_string(),
        line: line as usize,
        column,
        message,
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(::csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(path, &e))?.clone();
    if headers.len() < 2 {
        return Err(ScenarioError::Invalid {
            path: path.to_string(),
            message: "a weights CSV needs a header row and at least two columns: region names, then weights".into(),
        });
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let line = record.position().map_or(0, |p| p.line());
        rows.push((line, record));
    }
    if rows.is_empty() {
        return Err(ScenarioError::Invalid {
            path: path.to_string(),
            message: "the CSV has a header but no regions".into(),
        });
    }
    let chosen = match column {
        Some(name) => headers.iter().position(|h| h == name).ok_or_else(|| {
            let known: Vec<&str> = headers.iter().skip(1).collect();
            ScenarioError::Invalid {
                path: path.to_string(),
                message: format!(
                    "no column named `{name}`; the columns are: {}",
                    known.join(", ")
                ),
            }
        })?,
        None => (1..headers.len())
            .find(|&c| rows.iter().all(|(_, r)| Decimal::parse(&r[c]).is_ok()))
            .ok_or_else(|| ScenarioError::Invalid {
                path: path.to_string(),
                message:
                    "no column has a number in every row; name the weight column with --column"
                        .into(),
            })?,
    };
    if chosen == 0 {
        return Err(ScenarioError::Invalid {
            path: path.to_string(),
            message: "the first column holds the region names; pick a weight column after it"
                .into(),
        });
    }
    let mut regions: Vec<Region> = Vec::with_capacity(rows.len());
    for (line, record) in &rows {
        let name = record[0].to_string();
        if name.is_empty() {
            return Err(at(*line, 1, "a region needs a name".into()));
        }
        if regions.iter().any(|r| r.name == name) {
            return Err(at(
                *line,
                1,
                format!("the region `{name}` is listed twice; each region must appear once"),
            ));
        }
        let weight = Decimal::parse(&record[chosen]).map_err(|e| {
            at(
                *line,
                chosen + 1,
                format!("{name}: the {} {e}", &headers[chosen]),
            )
        })?;
        regions.push(Region {
            name,
            count: Some(weight),
            share: None,
            women: None,
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
        makeups: Vec::new(),
        scenarios: Vec::new(),
        broken: Vec::new(),
    })
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
