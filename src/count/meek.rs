//! Meek's method, as in Algorithm 123 (Hill, Wichmann and Woodall, The
//! Computer Journal, 1987), in fixed-point integer arithmetic with nine
//! decimals (values are integers in units of 10⁻⁹):
//!
//! - every candidate has a keep value: 1 while hopeful, 0 once excluded,
//!   and for the elected a fraction that the iteration adjusts;
//! - each ballot, with what is left of it `r` (starting at 1), gives each
//!   candidate in order `r × keep` rounded up (all of `r` at keep 1) and
//!   keeps the rest; what is left at the end is the excess (exhausted);
//! - quota = (valid votes − excess) / (seats + 1), truncated to 9 decimals,
//!   plus 10⁻⁹; a hopeful candidate is elected on reaching it;
//! - the elected candidates' keep values are multiplied by quota / votes
//!   (rounded up) and the ballots counted again, until a candidate reaches
//!   the quota, the total surplus is under 0.00001, or it stops falling;
//! - then the lowest hopeful candidate is excluded, one at a time (the
//!   Algorithm's bulk exclusion of sure losers is not applied; it changes
//!   the stages, not who is elected, when no tie intervenes);
//! - when the hopeful are as many as the seats left, they are elected.
//! - with constraints under guard/doom, after every election and
//!   exclusion a candidate whose election would make them impossible is
//!   doomed (excluded at a stage of its own, the ballots counted again),
//!   and one they need is guarded (never excluded); a candidate reaching
//!   the quota whose election they forbid is doomed instead.
//!
//! Conservation is exact: each ballot's gives and its remainder add up to
//! its weight, so votes + excess = valid votes at every stage, with no
//! rounding loss.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};

use super::constraints::Mode;
use super::guard::Guard;
use super::stv::{every_lot_outcome, look_back, Lots, NeedLot};
use super::{
    Action, CountError, CountOptions, CountRule, Elected, Election, Outcome, Sheet, Stage, Status,
};

/// One, in units of 10⁻⁹.
const ONE: i128 = 1_000_000_000;
/// The total surplus under which the iteration stops (0.00001).
const TOLERANCE: i128 = 10_000;
/// The most iterations between two events.
const MAX_ITERATIONS: u32 = 10_000;

fn ratio(units: i128) -> BigRational {
    BigRational::new(BigInt::from(units), BigInt::from(ONE))
}

/// Counts by Meek's method, exploring every lot outcome without a seed.
pub(crate) fn count_meek(
    election: &Election,
    options: &CountOptions,
) -> Result<Outcome, CountError> {
    if options.mode != Mode::Unconstrained {
        if let Some(k) = &options.constraints {
            let standing: Vec<usize> = (0..election.names.len())
                .filter(|c| !election.withdrawn.contains(c))
                .collect();
            k.check_standing(&standing, election.seats)?;
        }
    }
    let mut weights = Vec::with_capacity(election.ballots.len());
    for b in &election.ballots {
        let w = b
            .weight
            .is_integer()
            .then(|| b.weight.to_integer().to_i128())
            .flatten()
            .filter(|w| *w > 0 && *w < 1_000_000_000_000)
            .ok_or_else(|| {
                CountError::Input(format!(
                    "a ballot weight of {} is not a whole number of ballots below 10¹²; the meek rule counts whole ballots",
                    b.weight
                ))
            })?;
        weights.push(w);
    }
    every_lot_outcome(election, options, |lots| {
        run(election, &weights, options, lots)
    })
}

struct Meek<'a> {
    election: &'a Election,
    weights: &'a [i128],
    /// Ballots with no preference for a standing candidate (not valid).
    invalid: Vec<bool>,
    keep: Vec<i128>,
    status: Vec<Status>,
    votes: Vec<i128>,
    excess: i128,
    quota: i128,
    total: i128,
    stages: Vec<Stage>,
    elected: Vec<Elected>,
    marks: Vec<String>,
    guard: Option<Guard<'a>>,
}

impl Meek<'_> {
    fn distribute(&mut self) {
        for v in &mut self.votes {
            *v = 0;
        }
        self.excess = 0;
        for ((b, w), bad) in self
            .election
            .ballots
            .iter()
            .zip(self.weights)
            .zip(&self.invalid)
        {
            if *bad {
                continue;
            }
            let mut r = ONE;
            for &c in &b.prefs {
                let c = c as usize;
                let k = self.keep[c];
                if k == 0 {
                    continue;
                }
                let give = if k >= ONE {
                    r
                } else {
                    // r × k, rounded up to 9 decimals.
                    ((r * k + ONE - 1) / ONE).min(r)
                };
                self.votes[c] += w * give;
                r -= give;
                if r == 0 {
                    break;
                }
            }
            self.excess += w * r;
        }
        self.quota = (self.total - self.excess) / (self.election.seats as i128 + 1) + 1;
    }

    fn hopeful(&self) -> Vec<usize> {
        (0..self.status.len())
            .filter(|c| self.status[*c] == Status::Hopeful)
            .collect()
    }

    fn push(&mut self, action: Action) {
        self.stages.push(Stage {
            action,
            votes: self.votes.iter().map(|v| ratio(*v)).collect(),
            nontransferable: ratio(self.excess),
            loss: BigRational::zero(),
            status: self.status.clone(),
            elected: Vec::new(),
            marks: std::mem::take(&mut self.marks),
            quota: Some(ratio(self.quota)),
        });
    }

    fn elect(&mut self, c: usize, how: &str) {
        self.status[c] = Status::Elected;
        self.elected.push(Elected {
            candidate: c,
            stage: self.stages.len(),
            how: how.into(),
        });
        if let Some(s) = self.stages.last_mut() {
            s.elected.push(c);
            s.status = self.status.clone();
        }
        if let Some(g) = self.guard.as_mut() {
            g.elected.push(c);
        }
    }

    fn guarded(&self, c: usize) -> bool {
        self.guard.as_ref().is_some_and(|g| g.guarded[c])
    }

    /// Excludes a candidate whose election would break the constraints,
    /// at a stage of its own.
    fn doom(&mut self, c: usize, reason: String) {
        let name = self.election.names[c].clone();
        let stage = self.stages.len() + 1;
        if let Some(g) = self.guard.as_mut() {
            g.note(format!(
                "{name} was doomed at stage {stage}: electing them would break a constraint ({reason})"
            ));
            g.guarded[c] = false;
        }
        self.marks.push(format!("doomed: {name} ({reason})"));
        self.status[c] = Status::Excluded;
        self.keep[c] = 0;
        self.distribute();
        self.push(Action::Exclusion {
            candidate: c,
            doomed: Some(reason),
        });
    }

    /// After an election or exclusion: dooms the first candidate whose
    /// election the constraints forbid (returns true), else guards those
    /// the constraints need.
    fn guard_and_doom(&mut self) -> bool {
        if self.guard.is_none() || self.elected.len() == self.election.seats {
            return false;
        }
        let doomed = self
            .guard
            .as_ref()
            .and_then(|g| g.first_doomed(&self.status));
        if let Some((c, reason)) = doomed {
            self.doom(c, reason);
            return true;
        }
        let stage = self.stages.len();
        let marks = match self.guard.as_mut() {
            Some(g) => g.guard_new(&self.status, &self.election.names, stage),
            None => Vec::new(),
        };
        if let Some(s) = self.stages.last_mut() {
            s.marks.extend(marks);
        }
        false
    }

    /// Elects the hopeful candidates who have the quota, highest first.
    fn elect_quota_holders(&mut self, lots: &mut Lots) -> Result<bool, NeedLot> {
        let mut any = false;
        loop {
            if self.elected.len() == self.election.seats {
                return Ok(any);
            }
            let holders: Vec<usize> = self
                .hopeful()
                .into_iter()
                .filter(|c| self.votes[*c] >= self.quota)
                .collect();
            let Some(top) = holders.iter().map(|c| self.votes[*c]).max() else {
                return Ok(any);
            };
            let tied: Vec<usize> = holders
                .into_iter()
                .filter(|c| self.votes[*c] == top)
                .collect();
            let (c, why) = look_back(
                &self.stages,
                &self.election.names,
                tied,
                true,
                "the order of election",
                lots,
            )?;
            if let (Some(w), Some(s)) = (why, self.stages.last_mut()) {
                s.marks.push(w);
            }
            any = true;
            let reason = self
                .guard
                .as_ref()
                .and_then(|g| g.doom_reason(c, &self.status));
            if let Some(reason) = reason {
                self.doom(c, reason);
                continue;
            }
            self.elect(c, "quota");
        }
    }

    /// Iterates the keep values until someone reaches the quota or the
    /// surplus converges; returns the iterations taken.
    fn iterate(&mut self) -> u32 {
        let mut last_surplus = i128::MAX;
        for i in 1..=MAX_ITERATIONS {
            let surplus: i128 = self
                .elected
                .iter()
                .map(|e| (self.votes[e.candidate] - self.quota).max(0))
                .sum();
            if surplus < TOLERANCE || surplus >= last_surplus {
                return i - 1;
            }
            last_surplus = surplus;
            for e in &self.elected {
                let c = e.candidate;
                if self.votes[c] > 0 {
                    // keep × quota / votes, rounded up.
                    let num = self.keep[c] * self.quota;
                    self.keep[c] = ((num + self.votes[c] - 1) / self.votes[c]).min(ONE);
                }
            }
            self.distribute();
            if self.hopeful().iter().any(|c| self.votes[*c] >= self.quota) {
                return i;
            }
        }
        self.marks.push(format!(
            "the iteration stopped after {MAX_ITERATIONS} rounds without converging"
        ));
        MAX_ITERATIONS
    }
}

type Run = Result<Result<Sheet, NeedLot>, CountError>;

fn run(election: &Election, weights: &[i128], options: &CountOptions, lots: &mut Lots) -> Run {
    let n = election.names.len();
    let mut status = vec![Status::Hopeful; n];
    let mut keep = vec![ONE; n];
    for &w in &election.withdrawn {
        status[w] = Status::Withdrawn;
        keep[w] = 0;
    }
    let mut m = Meek {
        election,
        weights,
        invalid: Vec::new(),
        keep,
        status,
        votes: vec![0; n],
        excess: 0,
        quota: 0,
        total: 0,
        stages: Vec::new(),
        elected: Vec::new(),
        marks: Vec::new(),
        guard: match (options.mode, &options.constraints) {
            (Mode::GuardDoom, Some(k)) => Some(Guard::new(k, election)),
            _ => None,
        },
    };
    // Valid votes: ballots with a preference for a standing candidate.
    m.total = election
        .ballots
        .iter()
        .zip(weights)
        .filter(|(b, _)| {
            b.prefs
                .iter()
                .any(|c| m.status[*c as usize] == Status::Hopeful)
        })
        .map(|(_, w)| w * ONE)
        .sum();
    if m.total == 0 {
        return Err(CountError::Input(
            "no ballot gives a preference for a standing candidate: there is nothing to count"
                .into(),
        ));
    }
    if m.hopeful().len() < election.seats {
        return Err(CountError::Input(format!(
            "{} seats but only {} candidates stand (the others are withdrawn)",
            election.seats,
            m.hopeful().len()
        )));
    }
    m.invalid = election
        .ballots
        .iter()
        .map(|b| {
            !b.prefs
                .iter()
                .any(|c| m.status[*c as usize] == Status::Hopeful)
        })
        .collect();
    m.distribute();
    m.push(Action::First);
    let outcome = (|| -> Result<(), NeedLot> {
        loop {
            m.elect_quota_holders(lots)?;
            if m.guard_and_doom() {
                continue;
            }
            let left = election.seats - m.elected.len();
            if left == 0 || m.hopeful().len() <= left {
                break;
            }
            let guarded: Vec<usize> = m.hopeful().into_iter().filter(|c| m.guarded(*c)).collect();
            if !guarded.is_empty() && guarded.len() == left {
                for c in guarded {
                    let name = election.names[c].clone();
                    m.elect(c, "guarded: the places left equal the guarded candidates");
                    if let Some(s) = m.stages.last_mut() {
                        s.marks.push(format!("elected as guarded: {name}"));
                    }
                }
                break;
            }
            if !m.elected.is_empty() {
                let before = m.votes.clone();
                let iterations = m.iterate();
                if m.votes != before {
                    m.push(Action::Iterate { iterations });
                    if m.hopeful().iter().any(|c| m.votes[*c] >= m.quota) {
                        continue;
                    }
                }
            }
            let hopeful: Vec<usize> = m.hopeful().into_iter().filter(|c| !m.guarded(*c)).collect();
            let Some(low) = hopeful.iter().map(|c| m.votes[*c]).min() else {
                break;
            };
            let tied: Vec<usize> = hopeful.into_iter().filter(|c| m.votes[*c] == low).collect();
            let (c, why) = look_back(&m.stages, &election.names, tied, false, "exclusion", lots)?;
            m.marks.extend(why);
            m.status[c] = Status::Excluded;
            m.keep[c] = 0;
            m.distribute();
            m.push(Action::Exclusion {
                candidate: c,
                doomed: None,
            });
        }
        let left = election.seats - m.elected.len();
        if left > 0 {
            let mut rest = m.hopeful();
            rest.sort_by(|a, b| {
                m.votes[*b]
                    .cmp(&m.votes[*a])
                    .then(election.names[*a].cmp(&election.names[*b]))
            });
            for c in rest.into_iter().take(left) {
                m.elect(c, "last vacancies");
            }
        }
        Ok(())
    })();
    if let Err(need) = outcome {
        return Ok(Err(need));
    }
    let valid = ratio(m.total);
    let first_quota = m.stages.first().and_then(|s| s.quota.clone());
    Ok(Ok(Sheet {
        rule: CountRule::Meek,
        title: election.title.clone(),
        names: election.names.clone(),
        seats: election.seats,
        valid,
        quota: first_quota,
        stages: m.stages,
        elected: m.elected,
        lots: std::mem::take(&mut lots.records),
        notes: m.guard.as_mut().map(|g| g.take_notes()).unwrap_or_default(),
        mode: options.mode,
        constraints: match (&options.constraints, options.mode) {
            (Some(k), Mode::GuardDoom) => k.words(election.seats),
            _ => Vec::new(),
        },
    }))
}
