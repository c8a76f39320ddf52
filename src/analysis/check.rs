//! Checks every claim of a claims file against the data: one verdict each
//! (true, true only under some methods, false, tied, or cannot check) with
//! the evidence behind it.

use std::collections::BTreeSet;

use num_bigint::BigUint;

use super::identify::{identify, Identification};
use super::outcomes::{Holds, Outcomes};
use super::threshold::{thresholds, Condition, Threshold};
use crate::allocation::Allocation;
use crate::error::Error;
use crate::method::Method;
use crate::outcome::Setup;
use crate::scenario::claims::{Claim, ClaimKind, ClaimsFile, SlateClaim, MAX_TIE_ORDERS};
use crate::scenario::{Basis, Dataset};
use crate::solve::SolveError;

/// A claim's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It holds (under every method tried).
    True,
    /// It holds only under these methods (ids, and a stationary range).
    TrueOnlyUnder(Vec<String>),
    /// It does not hold.
    False,
    /// It holds in some outcomes of a tie only.
    Tied {
        /// Outcomes in which it holds.
        holds: BigUint,
        /// All outcomes.
        of: BigUint,
    },
    /// The data cannot settle it.
    CannotCheck,
}

impl Verdict {
    /// The verdict in words: `true`, `true only under dhondt`, `false`,
    /// `tied (holds in 1 of 3 outcomes)`, `cannot check`.
    pub fn label(&self) -> String {
        match self {
            Verdict::True => "true".into(),
            Verdict::TrueOnlyUnder(methods) => format!("true only under {}", methods.join(", ")),
            Verdict::False => "false".into(),
            Verdict::Tied { holds, of } => format!("tied (holds in {holds} of {of} outcomes)"),
            Verdict::CannotCheck => "cannot check".into(),
        }
    }
}

/// One makeup's share of the seats in a `share` claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareRow {
    /// Makeup id.
    pub makeup: String,
    /// Seats the named regions hold.
    pub held: u64,
    /// The makeup's house size.
    pub house: u64,
}

/// One way a ranked election's ties can be settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Election {
    /// The elected candidates (indices), in ranking order.
    pub elected: Vec<usize>,
    /// Of them, how many are on the claim's slate.
    pub slate_places: u64,
}

/// A ranked election with all its tie outcomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlateResult {
    /// Every distinct set of winners the ties allow.
    pub elections: Vec<Election>,
    /// Groups of candidates with equal votes that the ties are between
    /// (only groups whose order changes who wins).
    pub ties: Vec<Vec<usize>>,
}

/// One method's allocation and in how many of its outcomes a claim holds,
/// or why the method has no allocation.
pub type MethodOutcome = Result<(Allocation, Holds), String>;

/// The evidence for a verdict.
#[derive(Debug, Clone)]
pub enum Evidence {
    /// Which methods give the claimed table.
    Table(Identification),
    /// The threshold per method for "every region ≥ each".
    Needs {
        /// The claimed size.
        claimed: u64,
        /// The condition in words.
        condition: String,
        /// Per method.
        thresholds: Vec<Threshold>,
    },
    /// A region's seats per method.
    RegionSeats {
        /// The region.
        region: usize,
        /// The claimed seats.
        gets: u64,
        /// Per method: its allocation and in how many outcomes the claim
        /// holds, or why it has none.
        results: Vec<(Method, MethodOutcome)>,
    },
    /// The regions' seats in each makeup.
    Share {
        /// Region names.
        regions: Vec<String>,
        /// One row per makeup.
        rows: Vec<ShareRow>,
        /// What the data cannot check, if stated.
        cannot_check: Option<String>,
    },
    /// A ranked election and its tie outcomes.
    Slate(SlateResult),
}

/// A claim with its verdict and evidence.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The claim.
    pub claim: Claim,
    /// The verdict.
    pub verdict: Verdict,
    /// The weights used, where the claim is about weights.
    pub basis: Option<Basis>,
    /// The evidence.
    pub evidence: Evidence,
}

/// Checks every claim in a file.
pub fn check(file: &ClaimsFile) -> Result<Vec<Checked>, Error> {
    file.claims
        .iter()
        .enumerate()
        .map(|(k, c)| {
            crate::progress::begin(format!("claim {} of {}", k + 1, file.claims.len()), 0);
            check_claim(file.data.as_ref(), c)
        })
        .collect()
}

/// The regions and weights a claim runs on, under the rules of the
/// scenario it names (none when it names none).
fn setup(
    data: Option<&Dataset>,
    basis: Option<Basis>,
    scenario: Option<&str>,
) -> Result<Setup, Error> {
    let data = data.ok_or_else(|| {
        SolveError::Internal("a claim about seats was read without its data".into())
    })?;
    match scenario {
        Some(id) => {
            let mut s = data.scenario(id)?.clone();
            if basis.is_some() {
                s.basis = basis;
            }
            Setup::of(data, &s)
        }
        None => {
            let basis = basis.unwrap_or(data.default_basis);
            Ok(Setup::plain(data.names(), data.weights(basis)?, basis))
        }
    }
}

/// The verdict from which methods a statement holds under: every one, some
/// (named), or none.
fn by_methods(holding: Vec<String>, tried: usize) -> Verdict {
    if holding.is_empty() {
        Verdict::False
    } else if holding.len() == tried {
        Verdict::True
    } else {
        Verdict::TrueOnlyUnder(holding)
    }
}

/// Checks one claim.
pub fn check_claim(data: Option<&Dataset>, claim: &Claim) -> Result<Checked, Error> {
    let (verdict, basis, evidence) = match &claim.kind {
        ClaimKind::Table {
            seats,
            basis,
            methods,
        } => {
            let setup = setup(data, *basis, claim.scenario.as_deref())?;
            let found = identify(&setup, seats, methods);
            let tried = found
                .results
                .iter()
                .filter(|r| r.allocation.is_ok())
                .count();
            let matches = found.matches();
            let mut holding: Vec<String> = matches.iter().map(|r| r.method.id()).collect();
            if let Some(st) = found
                .stationary
                .as_ref()
                .filter(|st| st.lower.r < st.upper.r && !st.tied_throughout)
            {
                holding.push(format!(
                    "stationary:r for r in {}{}, {}]",
                    if st.lower.included { "[" } else { "(" },
                    crate::number::rational_text(&st.lower.r),
                    crate::number::rational_text(&st.upper.r)
                ));
            }
            let verdict = if !matches.is_empty() && matches.len() == tried {
                Verdict::True
            } else if !holding.is_empty() {
                Verdict::TrueOnlyUnder(holding)
            } else if let Some(h) = found.tied_matches().first().and_then(|t| t.holds.clone()) {
                Verdict::Tied {
                    holds: h.count,
                    of: h.of,
                }
            } else {
                Verdict::False
            };
            (verdict, Some(setup.basis), Evidence::Table(found))
        }
        ClaimKind::Needs {
            each,
            seats,
            basis,
            methods,
        } => {
            let setup = setup(data, *basis, claim.scenario.as_deref())?;
            let condition = Condition::Each(*each);
            let found = thresholds(&setup, &condition, methods)?;
            let holding = found
                .iter()
                .filter(|t| t.first == Some(*seats))
                .map(|t| t.method.id())
                .collect();
            let tried = found.iter().filter(|t| t.first.is_some()).count();
            (
                by_methods(holding, tried),
                Some(setup.basis),
                Evidence::Needs {
                    claimed: *seats,
                    condition: condition.describe(&setup.names),
                    thresholds: found,
                },
            )
        }
        ClaimKind::RegionSeats {
            region,
            gets,
            house,
            basis,
            methods,
        } => {
            let setup = setup(data, *basis, claim.scenario.as_deref())?;
            let results: Vec<_> = methods
                .iter()
                .map(|m| {
                    let r = setup
                        .solve(*house, m)
                        .and_then(|a| {
                            let holds = Outcomes::of(&a)?.exactly(*region, *gets);
                            Ok((a, holds))
                        })
                        .map_err(|e| e.to_string());
                    (m.clone(), r)
                })
                .collect();
            let solved: Vec<&Holds> = results
                .iter()
                .filter_map(|(_, r)| r.as_ref().ok().map(|(_, h)| h))
                .collect();
            let holding = results
                .iter()
                .filter(|(_, r)| r.as_ref().is_ok_and(|(_, h)| h.always()))
                .map(|(m, _)| m.id())
                .collect::<Vec<_>>();
            let verdict = match solved.iter().find(|h| !h.always() && !h.never()) {
                Some(h) if holding.is_empty() => Verdict::Tied {
                    holds: h.count.clone(),
                    of: h.of.clone(),
                },
                _ => by_methods(holding, solved.len()),
            };
            (
                verdict,
                Some(setup.basis),
                Evidence::RegionSeats {
                    region: *region,
                    gets: *gets,
                    results,
                },
            )
        }
        ClaimKind::Share {
            makeups,
            regions,
            at_least_percent,
            cannot_check,
        } => {
            let data = data.ok_or_else(|| {
                SolveError::Internal("a share claim was read without its data".into())
            })?;
            let rows: Vec<ShareRow> = makeups
                .iter()
                .map(|&m| {
                    let makeup = &data.makeups[m];
                    ShareRow {
                        makeup: makeup.id.clone(),
                        held: regions.iter().map(|&r| makeup.seats[r]).sum(),
                        house: makeup.house(),
                    }
                })
                .collect();
            let percent = at_least_percent.to_rational();
            let holds = rows.iter().all(|r| {
                num_rational::BigRational::from_integer((r.held * 100).into())
                    >= &percent * num_rational::BigRational::from_integer(r.house.into())
            });
            let verdict = match (cannot_check, holds) {
                (Some(_), _) => Verdict::CannotCheck,
                (None, true) => Verdict::True,
                (None, false) => Verdict::False,
            };
            (
                verdict,
                None,
                Evidence::Share {
                    regions: regions
                        .iter()
                        .map(|&r| data.regions[r].name.clone())
                        .collect(),
                    rows,
                    cannot_check: cannot_check.clone(),
                },
            )
        }
        ClaimKind::Slate(s) => {
            let result = elections(s)?;
            let holding = result
                .elections
                .iter()
                .filter(|e| e.slate_places >= s.at_least)
                .count();
            let total = result.elections.len();
            let verdict = if holding == total {
                Verdict::True
            } else if holding == 0 {
                Verdict::False
            } else {
                Verdict::Tied {
                    holds: BigUint::from(holding),
                    of: BigUint::from(total),
                }
            };
            (verdict, None, Evidence::Slate(result))
        }
    };
    Ok(Checked {
        claim: claim.clone(),
        verdict,
        basis,
        evidence,
    })
}

/// Elects the top `places` in `order`, keeping enough places for women to
/// reach the minimum: a man is passed over when every place left is needed
/// for a woman.
fn elect(order: &[usize], s: &SlateClaim) -> Vec<usize> {
    let places = s.places as usize;
    let mut elected: Vec<usize> = Vec::with_capacity(places);
    let mut women = 0u64;
    for &c in order {
        if elected.len() == places {
            break;
        }
        let left = (places - elected.len()) as u64;
        let woman = s.candidates[c].woman;
        if !woman && s.min_women.saturating_sub(women) >= left {
            continue;
        }
        women += u64::from(woman);
        elected.push(c);
    }
    elected
}

/// Every distinct outcome of a ranked election over the orders its ties
/// allow.
pub fn elections(s: &SlateClaim) -> Result<SlateResult, SolveError> {
    let mut ranked: Vec<usize> = (0..s.candidates.len()).collect();
    ranked.sort_by(|&a, &b| s.candidates[b].votes.cmp(&s.candidates[a].votes));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &c in &ranked {
        match groups.last_mut() {
            Some(g) if s.candidates[g[0]].votes == s.candidates[c].votes => g.push(c),
            _ => groups.push(vec![c]),
        }
    }
    let orders: usize = groups
        .iter()
        .map(|g| (1..=g.len()).product::<usize>())
        .try_fold(1usize, |acc, k| acc.checked_mul(k))
        .filter(|&k| k <= MAX_TIE_ORDERS)
        .ok_or_else(|| {
            SolveError::Internal(format!(
                "the ties allow more than {MAX_TIE_ORDERS} orders of the candidates"
            ))
        })?;
    let mut seen: BTreeSet<Vec<usize>> = BTreeSet::new();
    let mut elections = Vec::new();
    let mut deciding: BTreeSet<usize> = BTreeSet::new();
    for k in 0..orders {
        // Decode k into one permutation per group (mixed radix).
        let mut rest = k;
        let mut order = Vec::with_capacity(ranked.len());
        for g in &groups {
            let mut pool = g.clone();
            let mut radix = pool.len();
            while !pool.is_empty() {
                order.push(pool.remove(rest % radix));
                rest /= radix;
                radix = pool.len().max(1);
            }
        }
        let elected = elect(&order, s);
        let mut key = elected.clone();
        key.sort_unstable();
        if seen.insert(key) {
            let slate_places = elected
                .iter()
                .filter(|&&c| s.candidates[c].slate.as_deref() == Some(s.slate.as_str()))
                .count() as u64;
            elections.push(Election {
                elected,
                slate_places,
            });
        }
    }
    if elections.len() > 1 {
        for g in groups.iter().filter(|g| g.len() > 1) {
            let in_some = g
                .iter()
                .any(|c| elections.iter().any(|e| e.elected.contains(c)));
            let in_all = g
                .iter()
                .all(|c| elections.iter().all(|e| e.elected.contains(c)));
            if in_some && !in_all {
                deciding.extend(g);
            }
        }
    }
    let ties = groups
        .into_iter()
        .filter(|g| g.iter().any(|c| deciding.contains(c)))
        .collect();
    Ok(SlateResult { elections, ties })
}
