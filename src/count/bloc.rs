//! The bloc vote, counted from vote totals: the candidates with the most
//! votes fill the seats, and a minimum of women is met as the Labour rule
//! book worded it for the NEC's constituency section ("the top six
//! including a minimum of three women"): the lowest-placed elected men
//! make way for the highest-placed unelected women.
//!
//! The file is a CSV with a `candidate` and a `votes` column; every other
//! column is an attribute (`gender`, `region`, …). Votes are whole numbers
//! or exact decimals.

use std::collections::BTreeMap;

use num_rational::BigRational;
use num_traits::{Signed, Zero};

use super::constraints::{replace, Constraints, Mode};
use super::stv::Lot;
use super::{Action, CountError, CountRule, Elected, Outcome, Sheet, Stage, Status};
use crate::number::Decimal;

/// Vote totals read from a CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct BlocVotes {
    /// Candidates' names, in file order.
    pub names: Vec<String>,
    /// Their votes.
    pub votes: Vec<BigRational>,
    /// Their other columns.
    pub attributes: Vec<BTreeMap<String, String>>,
}

/// Reads a CSV of candidate, votes and attributes.
pub fn parse_csv(bytes: &[u8], file: &str) -> Result<BlocVotes, CountError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        CountError::at(
            file,
            line,
            "this line is not UTF-8 text; save the file as UTF-8".into(),
        )
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| CountError::at(file, 1, format!("the header cannot be read: {e}")))?
        .clone();
    let find = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(ci), Some(vi)) = (find("candidate"), find("votes")) else {
        return Err(CountError::at(
            file,
            1,
            "the header needs a `candidate` and a `votes` column (other columns are attributes)"
                .into(),
        ));
    };
    let mut out = BlocVotes {
        names: Vec::new(),
        votes: Vec::new(),
        attributes: Vec::new(),
    };
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| CountError::at(file, line, format!("{e}")))?;
        let name = record.get(ci).unwrap_or("").to_string();
        if name.is_empty() {
            return Err(CountError::at(
                file,
                line,
                "the candidate's name is empty".into(),
            ));
        }
        if out.names.contains(&name) {
            return Err(CountError::at(
                file,
                line,
                format!("`{name}` is listed twice"),
            ));
        }
        let v = record.get(vi).unwrap_or("");
        let votes = Decimal::parse(v).map(|d| d.to_rational()).map_err(|_| {
            CountError::at(
                file,
                line,
                format!(
                    "`{v}` is not a number of votes for {name}; give a whole number such as 100999"
                ),
            )
        })?;
        if votes.is_negative() {
            return Err(CountError::at(
                file,
                line,
                format!("{name} has negative votes"),
            ));
        }
        let mut attributes = BTreeMap::new();
        for (j, h) in headers.iter().enumerate() {
            if j != ci && j != vi {
                if let Some(value) = record.get(j).filter(|v| !v.is_empty()) {
                    attributes.insert(h.to_string(), value.to_string());
                }
            }
        }
        out.names.push(name);
        out.votes.push(votes);
        out.attributes.push(attributes);
    }
    if out.names.is_empty() {
        return Err(CountError::at(
            file,
            1,
            "the file lists no candidates".into(),
        ));
    }
    Ok(out)
}

/// The most outcomes a tie for the last places may be reported as.
const MAX_OUTCOMES: usize = 64;

/// Counts a bloc vote: the top `seats`, then the constraints as `mode`
/// says (guard/doom and replacement agree here: with totals alone the rule
/// book's replacement is the only way a minimum can act, so both apply
/// it).
pub fn count_bloc(
    votes: &BlocVotes,
    title: &str,
    seats: usize,
    constraints: Option<&Constraints>,
    mode: Mode,
    seed: Option<u64>,
) -> Result<Outcome, CountError> {
    let n = votes.names.len();
    if seats == 0 {
        return Err(CountError::Input("--seats must be at least 1".into()));
    }
    if seats > n {
        return Err(CountError::Input(format!(
            "{seats} seats but only {n} candidates stand"
        )));
    }
    let active = constraints.filter(|_| mode != Mode::Unconstrained);
    if let Some(k) = active {
        k.check_standing(&(0..n).collect::<Vec<_>>(), seats)?;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| {
        votes.votes[*b]
            .cmp(&votes.votes[*a])
            .then(votes.names[*a].cmp(&votes.names[*b]))
    });
    // A tie across the last place: those above it are in, `take` of the
    // tied group fill the rest.
    let edge = &votes.votes[order[seats - 1]];
    let above: Vec<usize> = order
        .iter()
        .copied()
        .filter(|c| votes.votes[*c] > *edge)
        .collect();
    let group: Vec<usize> = order
        .iter()
        .copied()
        .filter(|c| votes.votes[*c] == *edge)
        .collect();
    let take = seats - above.len();
    let mut choices: Vec<(Vec<usize>, Option<String>)> = Vec::new();
    let names = &votes.names;
    let list = |set: &[usize]| {
        set.iter()
            .map(|c| names[*c].as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if take == group.len() {
        choices.push((group.clone(), None));
    } else if let Some(seed) = seed {
        let mut pool = group.clone();
        pool.sort_by(|a, b| names[*a].cmp(&names[*b]));
        let mut lot = Lot::new(seed);
        let mut chosen = Vec::new();
        for _ in 0..take {
            chosen.push(pool.remove(lot.below(pool.len())));
        }
        let words = format!(
            "tie for the last {take} place(s) between {} ({} votes each): lot drawn from the seed falls to {}",
            list(&group),
            edge,
            list(&chosen)
        );
        choices.push((chosen, Some(words)));
    } else {
        for subset in subsets(&group, take) {
            if choices.len() == MAX_OUTCOMES {
                return Err(CountError::Input(format!(
                    "the tie for the last places has more than {MAX_OUTCOMES} outcomes; give --seed N to draw the lot"
                )));
            }
            let words = format!(
                "tie for the last {take} place(s) between {} ({} votes each): this outcome assumes the lot falls to {}",
                list(&group),
                edge,
                list(&subset)
            );
            choices.push((subset, Some(words)));
        }
    }
    let tied = choices.len() > 1;
    let free = match active {
        Some(_) => count_bloc(votes, title, seats, None, Mode::Unconstrained, seed)
            .ok()
            .filter(|o| o.sheets.len() == 1),
        None => None,
    };
    let mut sheets = Vec::new();
    for (chosen, lot) in choices {
        let mut elected: Vec<usize> = above.iter().chain(&chosen).copied().collect();
        let unelected: Vec<usize> = order
            .iter()
            .copied()
            .filter(|c| !elected.contains(c))
            .collect();
        let mut notes = Vec::new();
        let mut how = vec!["top".to_string(); elected.len()];
        if let Some(k) = active {
            let (new, words) = replace(k, names, &elected, &unelected)?;
            for (i, c) in new.iter().enumerate() {
                if elected[i] != *c {
                    how[i] = "post-count replacement".into();
                }
            }
            elected = new;
            notes = words;
        }
        let mut status = vec![Status::Hopeful; n];
        for c in &elected {
            status[*c] = Status::Elected;
        }
        let valid = votes.votes.iter().fold(BigRational::zero(), |a, v| a + v);
        sheets.push(Sheet {
            rule: CountRule::Bloc,
            title: title.to_string(),
            names: names.clone(),
            seats,
            valid,
            quota: None,
            stages: vec![Stage {
                action: Action::First,
                votes: votes.votes.clone(),
                nontransferable: BigRational::zero(),
                loss: BigRational::zero(),
                status,
                elected: elected.clone(),
                marks: Vec::new(),
                quota: None,
            }],
            elected: elected
                .iter()
                .zip(how)
                .map(|(c, how)| Elected {
                    candidate: *c,
                    stage: 1,
                    how,
                })
                .collect(),
            lots: lot.into_iter().collect(),
            notes,
            mode,
            constraints: active.map(|k| k.words(seats)).unwrap_or_default(),
        });
    }
    if let Some(f) = free {
        for s in &mut sheets {
            super::note_changes(s, &f.sheets[0]);
        }
    }
    Ok(Outcome { sheets, tied })
}

/// Every `k`-subset of `items`, in order.
fn subsets(items: &[usize], k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    if items.len() < k {
        return Vec::new();
    }
    let mut out = Vec::new();
    for mut rest in subsets(&items[1..], k - 1) {
        rest.insert(0, items[0]);
        out.push(rest);
    }
    out.extend(subsets(&items[1..], k));
    out
}
