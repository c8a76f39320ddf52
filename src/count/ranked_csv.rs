//! Ranked ballots in CSV, the layout of the Scottish councils' published
//! ballot-level preference data (cast vote records): a header row naming
//! the candidates in ballot-paper order, then one row per ballot paper
//! whose cell under each candidate holds the preference given to them
//! (`1`, `2`, ...) or is empty.
//!
//! ```text
//! Ballot Number,Ann,Ben,Cai
//! 1,1,2,
//! 2,,1,2
//! 3,2,,1
//! ```
//!
//! Leading columns that identify the paper rather than a candidate
//! (`Ballot`, `Ballot Number`, `Ballot ID`, `ID`, `Paper`, `Ward`, `Batch`,
//! `Box`, `Ballot Box`, `Polling District`, `Polling Station`) are skipped.
//! The file does not say how many seats were filled: `--seats` does. The
//! preferences are read in sequence from 1: a paper whose preferences
//! break (1, 2, 4) or repeat (1, 2, 2) is counted up to the break, as the
//! next preference is missing or void for uncertainty; a paper without a
//! first preference is not a valid vote. Identical papers are gathered
//! into one line with their number as its weight.

use std::collections::BTreeMap;

use num_bigint::BigInt;
use num_rational::BigRational;

use super::{Ballot, CountError, Election};

const ID_COLUMNS: &[&str] = &[
    "ballot",
    "ballot number",
    "ballot no",
    "ballot id",
    "ballotid",
    "id",
    "paper",
    "paper number",
    "ward",
    "batch",
    "box",
    "ballot box",
    "polling district",
    "polling station",
];

/// Whether `bytes` look like ranked ballots in CSV rather than BLT: the
/// first meaningful line holds a comma (a BLT header is two numbers).
pub fn looks_like_csv(bytes: &[u8]) -> bool {
    bytes
        .split(|b| *b == b'\n')
        .map(|l| String::from_utf8_lossy(l).trim().to_string())
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.contains(','))
}

/// Reads ranked ballots in CSV for an election of `seats`; `file` names
/// the source in error messages and is the election's title.
pub fn parse_ranked_csv(bytes: &[u8], file: &str, seats: usize) -> Result<Election, CountError> {
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        return Err(CountError::at(
            file,
            line,
            "this line is not UTF-8 text; save the file as UTF-8".into(),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| CountError::at(file, 1, format!("the header row cannot be read: {e}")))?
        .clone();
    let lower: Vec<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
    if lower.iter().any(|h| h == "votes") {
        return Err(CountError::at(
            file,
            1,
            "this CSV has a `votes` column: it holds vote totals, not ranked ballots; count it with --rule bloc".into(),
        ));
    }
    let skip = lower
        .iter()
        .take_while(|h| ID_COLUMNS.contains(&h.as_str()))
        .count();
    let names: Vec<String> = headers
        .iter()
        .skip(skip)
        .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    if names.is_empty() {
        return Err(CountError::at(
            file,
            1,
            "the header row names no candidates; give one column per candidate, headed by their name".into(),
        ));
    }
    for (i, a) in names.iter().enumerate() {
        if a.is_empty() {
            return Err(CountError::at(
                file,
                1,
                format!(
                    "column {} has no candidate's name in the header row",
                    skip + i + 1
                ),
            ));
        }
        if names[..i].contains(a) {
            return Err(CountError::at(
                file,
                1,
                format!("two columns are both headed `{a}`; candidates' names must be distinct"),
            ));
        }
    }
    let n = names.len();
    let mut lines: BTreeMap<Vec<u32>, u64> = BTreeMap::new();
    let mut order: Vec<Vec<u32>> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
            let message = match e.kind() {
                csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!(
                    "this row has {len} fields but the header has {expected_len}; give one cell per column (empty for no preference)"
                ),
                _ => format!("this row cannot be read: {e}"),
            };
            CountError::at(file, line, message)
        })?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let mut by_rank: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
        for (c, cell) in record.iter().skip(skip).enumerate() {
            if cell.is_empty() {
                continue;
            }
            let rank: usize = cell.parse().map_err(|_| {
                CountError::at(
                    file,
                    line,
                    format!(
                        "`{cell}` under {} is not a preference; write 1, 2, 3 ... or leave the cell empty",
                        names[c]
                    ),
                )
            })?;
            if rank == 0 || rank > n {
                return Err(CountError::at(
                    file,
                    line,
                    format!(
                        "a preference of {rank} under {}, but there are {n} candidates: preferences run from 1 to {n}",
                        names[c]
                    ),
                ));
            }
            by_rank.entry(rank).or_default().push(c as u32);
        }
        let mut prefs = Vec::new();
        for want in 1..=n {
            match by_rank.get(&want).map(Vec::as_slice) {
                Some([c]) => prefs.push(*c),
                _ => break,
            }
        }
        let count = lines.entry(prefs.clone()).or_insert(0);
        if *count == 0 {
            order.push(prefs);
        }
        *count += 1;
    }
    if order.is_empty() {
        return Err(CountError::at(
            file,
            1,
            "no ballot rows follow the header; give one row per ballot paper".into(),
        ));
    }
    let ballots = order
        .into_iter()
        .map(|prefs| {
            let w = lines.get(&prefs).copied().unwrap_or(0);
            Ballot {
                weight: BigRational::from_integer(BigInt::from(w)),
                prefs,
            }
        })
        .collect();
    Ok(Election {
        title: file.to_string(),
        names,
        seats,
        withdrawn: Vec::new(),
        ballots,
    })
}
