//! The Electoral Reform Society's 1997 STV rules (ERS97), in integer
//! arithmetic: every value is a whole number of hundredths of a vote.
//!
//! The clauses followed (numbers are the rules' own):
//!
//! - 5.1.6: quota = total valid vote / (seats + 1) taken to two decimal
//!   places; if the division is not exact, the remainder is ignored and
//!   0.01 added (so the quota is the division rounded *up* at the second
//!   decimal).
//! - 5.1.7, 5.3.13, 5.4.9: a continuing candidate is deemed elected on
//!   reaching the quota, or (rarely) the total active vote divided by one
//!   more than the places not yet filled (6.20: the continuing
//!   candidates' votes plus the surpluses awaiting transfer), in
//!   descending order of votes, up to the places left; 5.6.2: candidates
//!   equal at that boundary are ranked by the earliest point of the count
//!   at which their votes were unequal, and if they were equal at every
//!   point none of them is deemed elected at that stage.
//! - 5.2.2: a surplus is deferred when the total of the surpluses does not
//!   exceed the difference between the two lowest candidates, or between
//!   the total of two or more lowest candidates who could be excluded
//!   together and the candidate next above.
//! - 5.2.3: the largest surplus first; equal surpluses by the earliest
//!   point at which the candidates' votes were unequal, then a lot.
//! - 5.3.1–5.3.8: a surplus arising at the first stage is transferred from
//!   all the candidate's papers; one arising later from the last received
//!   batch only. If those papers' transferable value exceeds the surplus,
//!   each passes on at surplus / number of transferable papers, to two
//!   decimals with the remainder ignored (the non-transferable difference,
//!   6.11, is shown as the rounding loss); otherwise each passes on at its
//!   present value and the rest of the surplus is non-transferable.
//! - 5.2.5: as many of the lowest candidates as possible are excluded
//!   together, provided enough remain for the places and their total,
//!   with any deferred surpluses, does not exceed the vote of the
//!   candidate next above (this counter also asks that the candidate next
//!   above has more votes than the last one excluded, so that a tie is
//!   never split by bulk exclusion); a single exclusion breaks a tie for
//!   the fewest votes by the earliest point of inequality, then a lot.
//! - 5.4.1–5.4.11: the excluded candidates' papers move in batches, in
//!   descending order of transfer value, each batch a sub-stage, with
//!   candidates deemed elected after each batch and receiving no more;
//!   5.4.8: while no candidate has been deemed elected, the quota is
//!   recalculated without the non-transferable vote.
//! - 5.5.1: when an exclusion would leave as many continuing candidates as
//!   places, they are deemed elected; 5.5.2: when every place is filled,
//!   nothing more is transferred.
//!
//! Ballot weights must be whole numbers of papers (5.3.7 divides by the
//! number of papers).

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive};

use super::constraints::Mode;
use super::stv::{every_lot_outcome, Lots, NeedLot};
use super::{
    Action, CountError, CountOptions, CountRule, Elected, Election, Outcome, Sheet, Stage, Status,
};

/// One vote, in hundredths.
const UNIT: i128 = 100;

fn cents(v: i128) -> BigRational {
    BigRational::new(BigInt::from(v), BigInt::from(UNIT))
}

/// 5.1.6: `total` (hundredths) / (seats + 1) to two decimals, rounded up
/// when not exact.
fn quota_of(total: i128, seats: usize) -> i128 {
    let d = seats as i128 + 1;
    let q = total / d;
    if total % d == 0 {
        q
    } else {
        q + 1
    }
}

/// Counts by the ERS97 rules, exploring every lot outcome without a seed.
pub(crate) fn count_ers97(
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
                    "a ballot weight of {} is not a whole number of papers below 10¹²; the ers97 rule divides a surplus by the number of papers (5.3.7)",
                    b.weight
                ))
            })?;
        weights.push(w);
    }
    every_lot_outcome(election, options, |lots| {
        run(election, &weights, options, lots)
    })
}

#[derive(Clone)]
struct Paper {
    ballot: usize,
    weight: i128,
    pos: usize,
    /// The value of one paper, in hundredths.
    value: i128,
}

struct Ers<'a> {
    election: &'a Election,
    papers: Vec<Paper>,
    piles: Vec<Vec<usize>>,
    /// Each candidate's last received batch (papers), for 5.3.2.
    parcel: Vec<Vec<usize>>,
    votes: Vec<i128>,
    status: Vec<Status>,
    nontransferable: i128,
    loss: i128,
    valid: i128,
    quota: i128,
    /// Elected candidates whose surplus has not been transferred.
    pending: Vec<usize>,
    stages: Vec<Stage>,
    /// Every stage's votes, for the ties' look at earlier points.
    history: Vec<Vec<i128>>,
    elected: Vec<Elected>,
    marks: Vec<String>,
    guard: Option<super::guard::Guard<'a>>,
}

type Run = Result<Result<Sheet, NeedLot>, CountError>;

fn run(election: &Election, weights: &[i128], options: &CountOptions, lots: &mut Lots) -> Run {
    let n = election.names.len();
    let mut status = vec![Status::Hopeful; n];
    for &w in &election.withdrawn {
        status[w] = Status::Withdrawn;
    }
    let guard = match (options.mode, &options.constraints) {
        (Mode::GuardDoom, Some(k)) => Some(super::guard::Guard::new(k, election)),
        _ => None,
    };
    let mut e = Ers {
        election,
        papers: Vec::new(),
        piles: vec![Vec::new(); n],
        parcel: vec![Vec::new(); n],
        votes: vec![0; n],
        status,
        nontransferable: 0,
        loss: 0,
        valid: 0,
        quota: 0,
        pending: Vec::new(),
        stages: Vec::new(),
        history: Vec::new(),
        elected: Vec::new(),
        marks: Vec::new(),
        guard,
    };
    // 5.1.2: papers with no preference for a standing candidate are invalid.
    for (i, w) in weights.iter().enumerate() {
        let mut paper = Paper {
            ballot: i,
            weight: *w,
            pos: 0,
            value: UNIT,
        };
        if let Some(holder) = e.advance(&mut paper) {
            e.valid += w * UNIT;
            e.votes[holder] += w * UNIT;
            e.piles[holder].push(e.papers.len());
            e.papers.push(paper);
        }
    }
    if e.valid == 0 {
        return Err(CountError::Input(
            "no ballot gives a preference for a standing candidate: there is nothing to count"
                .into(),
        ));
    }
    if e.hopeful().len() < election.seats {
        return Err(CountError::Input(format!(
            "{} seats but only {} candidates stand (the others are withdrawn)",
            election.seats,
            e.hopeful().len()
        )));
    }
    e.parcel = e.piles.clone();
    e.quota = quota_of(e.valid, election.seats);
    let first_quota = e.quota;
    e.push_stage(Action::First);
    if let Err(need) = e.run(lots) {
        return Ok(Err(need));
    }
    let notes = e.guard.as_mut().map(|g| g.take_notes()).unwrap_or_default();
    Ok(Ok(Sheet {
        rule: CountRule::Ers97,
        title: election.title.clone(),
        names: election.names.clone(),
        seats: election.seats,
        valid: cents(e.valid),
        quota: Some(cents(first_quota)),
        stages: e.stages,
        elected: e.elected,
        lots: std::mem::take(&mut lots.records),
        notes,
        mode: options.mode,
        constraints: match (&options.constraints, options.mode) {
            (Some(k), Mode::GuardDoom) => k.words(election.seats),
            _ => Vec::new(),
        },
    }))
}

impl Ers<'_> {
    fn hopeful(&self) -> Vec<usize> {
        (0..self.status.len())
            .filter(|c| self.status[*c] == Status::Hopeful)
            .collect()
    }

    fn left(&self) -> usize {
        self.election.seats - self.elected.len()
    }

    fn advance(&self, paper: &mut Paper) -> Option<usize> {
        let prefs = &self.election.ballots[paper.ballot].prefs;
        while paper.pos < prefs.len() {
            let c = prefs[paper.pos] as usize;
            if self.status[c] == Status::Hopeful {
                return Some(c);
            }
            paper.pos += 1;
        }
        None
    }

    fn push_stage(&mut self, action: Action) {
        self.history.push(self.votes.clone());
        self.stages.push(Stage {
            action,
            votes: self.votes.iter().map(|v| cents(*v)).collect(),
            nontransferable: cents(self.nontransferable),
            loss: cents(self.loss),
            status: self.status.clone(),
            elected: Vec::new(),
            marks: std::mem::take(&mut self.marks),
            quota: Some(cents(self.quota)),
        });
    }

    /// Records late changes (elections, marks) on the latest stage.
    fn finish_stage(&mut self) {
        if let Some(s) = self.stages.last_mut() {
            s.status = self.status.clone();
            s.marks.append(&mut self.marks);
        }
    }

    /// The earliest point of the count at which `a` and `b` had unequal
    /// votes decides: `Greater` when `a` had more there.
    fn earliest(&self, a: usize, b: usize) -> Ordering {
        self.history
            .iter()
            .map(|v| v[a].cmp(&v[b]))
            .find(|o| *o != Ordering::Equal)
            .unwrap_or(Ordering::Equal)
    }

    fn by_name(&self, a: usize, b: usize) -> Ordering {
        self.election.names[a].cmp(&self.election.names[b])
    }

    /// Higher first: votes now, then the earliest point of inequality.
    fn rank(&self, a: usize, b: usize) -> Ordering {
        self.votes[b]
            .cmp(&self.votes[a])
            .then_with(|| self.earliest(b, a))
    }

    /// Among candidates equal now, the one with the most (`highest`) or
    /// fewest votes at the earliest point where they differed; a lot when
    /// they were equal at every point.
    fn pick(
        &mut self,
        tied: Vec<usize>,
        highest: bool,
        why: &str,
        lots: &mut Lots,
    ) -> Result<usize, NeedLot> {
        let mut best = vec![tied[0]];
        for &c in &tied[1..] {
            let o = self.earliest(c, best[0]);
            let o = if highest { o } else { o.reverse() };
            match o {
                Ordering::Greater => best = vec![c],
                Ordering::Equal => best.push(c),
                Ordering::Less => {}
            }
        }
        let names = &self.election.names;
        let list = |s: &[usize]| {
            s.iter()
                .map(|c| names[*c].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if best.len() == 1 {
            if tied.len() > 1 {
                self.marks.push(format!(
                    "tie for {why} between {}: decided by the earliest point at which their votes were unequal ({} {} there)",
                    list(&tied),
                    names[best[0]],
                    if highest { "higher" } else { "lower" }
                ));
            }
            return Ok(best[0]);
        }
        lots.draw(&best, names, why)
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
        if self.votes[c] > self.quota {
            self.pending.push(c);
        }
        if let Some(g) = self.guard.as_mut() {
            g.elected.push(c);
        }
    }

    fn surplus(&self, c: usize) -> i128 {
        (self.votes[c] - self.quota).max(0)
    }

    /// 5.1.7 / 5.3.13 / 5.4.9 with 5.6.2; then guard and doom.
    fn elect_qualifiers(&mut self, lots: &mut Lots) -> Result<(), NeedLot> {
        loop {
            let left = self.left();
            if left == 0 {
                return Ok(());
            }
            let hopeful = self.hopeful();
            let active: i128 = hopeful.iter().map(|c| self.votes[*c]).sum::<i128>()
                + self.pending.iter().map(|c| self.surplus(*c)).sum::<i128>();
            let mut q: Vec<usize> = hopeful
                .into_iter()
                .filter(|c| {
                    let v = self.votes[*c];
                    v > 0 && (v >= self.quota || v * (left as i128 + 1) >= active)
                })
                .collect();
            if q.is_empty() {
                break;
            }
            q.sort_by(|a, b| self.rank(*a, *b).then_with(|| self.by_name(*a, *b)));
            let chosen: Vec<usize> = if q.len() <= left {
                q
            } else if self.rank(q[left - 1], q[left]) != Ordering::Equal {
                q[..left].to_vec()
            } else {
                let edge = q[left - 1];
                let tied: Vec<&str> = q
                    .iter()
                    .filter(|c| self.rank(**c, edge) == Ordering::Equal)
                    .map(|c| self.election.names[*c].as_str())
                    .collect();
                self.marks.push(format!(
                    "{} reach the threshold with equal votes at every point of the count and there are not places for all: none of them is deemed elected at this stage (5.6.2)",
                    tied.join(", ")
                ));
                q.into_iter()
                    .filter(|c| self.rank(*c, edge) == Ordering::Less)
                    .collect()
            };
            if chosen.is_empty() {
                break;
            }
            let mut progressed = false;
            for c in chosen {
                if let Some(reason) = self
                    .guard
                    .as_ref()
                    .and_then(|g| g.doom_reason(c, &self.status))
                {
                    self.doom(c, reason, lots)?;
                    progressed = true;
                    break;
                }
                let how = if self.votes[c] >= self.quota {
                    "quota"
                } else {
                    "the total active vote / (places left + 1) (5.1.7 b)"
                };
                self.elect(c, how);
                progressed = true;
            }
            if !progressed {
                break;
            }
        }
        self.guard_and_doom(lots)
    }

    /// Dooms a candidate: excluded at once, their papers passed on.
    fn doom(&mut self, c: usize, reason: String, lots: &mut Lots) -> Result<(), NeedLot> {
        let name = self.election.names[c].clone();
        if let Some(g) = self.guard.as_mut() {
            g.note(format!(
                "{name} was doomed at stage {}: electing them would break a constraint ({reason})",
                self.stages.len() + 1
            ));
        }
        self.marks.push(format!("doomed: {name} ({reason})"));
        self.exclude(vec![c], Some(reason), lots)
    }

    fn guard_and_doom(&mut self, lots: &mut Lots) -> Result<(), NeedLot> {
        if self.guard.is_none() || self.left() == 0 {
            return Ok(());
        }
        let doomed = self
            .guard
            .as_ref()
            .and_then(|g| g.first_doomed(&self.status));
        if let Some((c, reason)) = doomed {
            return self.doom(c, reason, lots);
        }
        let stage = self.stages.len();
        if let Some(g) = self.guard.as_mut() {
            let marks = g.guard_new(&self.status, &self.election.names, stage);
            self.marks.extend(marks);
        }
        self.finish_stage();
        Ok(())
    }

    fn guarded(&self, c: usize) -> bool {
        self.guard.as_ref().is_some_and(|g| g.guarded[c])
    }

    fn run(&mut self, lots: &mut Lots) -> Result<(), NeedLot> {
        self.elect_qualifiers(lots)?;
        loop {
            self.finish_stage();
            let left = self.left();
            if left == 0 {
                break;
            }
            let hopeful = self.hopeful();
            if hopeful.len() <= left {
                for c in self.lowest_first(&hopeful).into_iter().rev() {
                    self.elect(c, "last vacancies");
                }
                break;
            }
            let guarded: Vec<usize> = hopeful
                .iter()
                .copied()
                .filter(|c| self.guarded(*c))
                .collect();
            if !guarded.is_empty() && guarded.len() == left {
                for c in guarded {
                    let name = self.election.names[c].clone();
                    self.elect(c, "guarded: the places left equal the guarded candidates");
                    self.marks.push(format!("elected as guarded: {name}"));
                }
                break;
            }
            let total_surplus: i128 = self.pending.iter().map(|c| self.surplus(*c)).sum();
            let excludable = self.excludable(&hopeful, left, total_surplus);
            if total_surplus > 0 {
                let defer = {
                    let low = self.lowest_first(&hopeful);
                    let open: Vec<usize> =
                        low.iter().copied().filter(|c| !self.guarded(*c)).collect();
                    let gap = match open.as_slice() {
                        [a, b, ..] => total_surplus <= self.votes[*b] - self.votes[*a],
                        _ => false,
                    };
                    gap || excludable.len() >= 2
                };
                if !defer {
                    let top = self
                        .pending
                        .iter()
                        .map(|c| self.surplus(*c))
                        .max()
                        .unwrap_or(0);
                    let tied: Vec<usize> = self
                        .pending
                        .iter()
                        .copied()
                        .filter(|c| self.surplus(*c) == top)
                        .collect();
                    let c = self.pick(tied, true, "the surplus to transfer first", lots)?;
                    self.pending.retain(|p| *p != c);
                    self.transfer_surplus(c);
                    self.elect_qualifiers(lots)?;
                    continue;
                }
                let names: Vec<&str> = self
                    .pending
                    .iter()
                    .map(|c| self.election.names[*c].as_str())
                    .collect();
                self.marks.push(format!(
                    "the surplus of {} ({}) is deferred (5.2.2): it cannot save the lowest from exclusion",
                    names.join(", "),
                    super::render::fixed(&cents(total_surplus), 2)
                ));
            }
            let set = if excludable.len() >= 2 {
                excludable
            } else {
                let open: Vec<usize> = hopeful
                    .iter()
                    .copied()
                    .filter(|c| !self.guarded(*c))
                    .collect();
                let Some(low) = open.iter().map(|c| self.votes[*c]).min() else {
                    break;
                };
                let tied: Vec<usize> = open.into_iter().filter(|c| self.votes[*c] == low).collect();
                vec![self.pick(tied, false, "exclusion", lots)?]
            };
            if hopeful.len() - set.len() == left {
                // 5.5.1: the rest are deemed elected; nothing is transferred.
                let names: Vec<&str> = set
                    .iter()
                    .map(|c| self.election.names[*c].as_str())
                    .collect();
                self.marks.push(format!(
                    "excluding {} would leave as many continuing candidates as places: they are deemed elected (5.5.1)",
                    names.join(", ")
                ));
                for c in &set {
                    self.status[*c] = Status::Excluded;
                }
                for c in self.lowest_first(&self.hopeful()).into_iter().rev() {
                    self.elect(c, "last vacancies");
                }
                break;
            }
            self.exclude(set, None, lots)?;
        }
        // Whatever stopped the loop, continuing candidates no more than the
        // places left fill them.
        let hopeful = self.hopeful();
        if self.left() > 0 && hopeful.len() <= self.left() {
            for c in self.lowest_first(&hopeful).into_iter().rev() {
                self.elect(c, "last vacancies");
            }
        }
        self.finish_stage();
        Ok(())
    }

    /// The continuing candidates, fewest votes first (equal votes by the
    /// earliest point of inequality).
    fn lowest_first(&self, hopeful: &[usize]) -> Vec<usize> {
        let mut low = hopeful.to_vec();
        low.sort_by(|a, b| self.rank(*b, *a).then_with(|| self.by_name(*a, *b)));
        low
    }

    /// 5.2.5: the largest set (two or more) of the lowest candidates that
    /// may be excluded together, given the deferred surpluses `deferred`;
    /// empty when there is none.
    fn excludable(&self, hopeful: &[usize], left: usize, deferred: i128) -> Vec<usize> {
        let low = self.lowest_first(hopeful);
        let most = hopeful.len() - left;
        for k in (2..=most).rev() {
            let Some(next) = low.get(k) else { continue };
            if low[..k].iter().any(|c| self.guarded(*c))
                || self
                    .guard
                    .as_ref()
                    .is_some_and(|g| !g.allows_exclusion(&low[..k], &self.status))
            {
                continue;
            }
            let sum: i128 = low[..k].iter().map(|c| self.votes[*c]).sum();
            if self.votes[low[k - 1]] < self.votes[*next] && sum + deferred <= self.votes[*next] {
                return low[..k].to_vec();
            }
        }
        Vec::new()
    }

    /// 5.3: the surplus of `c`, from the last received batch.
    fn transfer_surplus(&mut self, c: usize) {
        let surplus = self.votes[c] - self.quota;
        let parcel = std::mem::take(&mut self.parcel[c]);
        let mut moves: Vec<(usize, usize, Paper)> = Vec::new();
        let (mut papers, mut value) = (0i128, 0i128);
        for i in parcel {
            let mut p = self.papers[i].clone();
            if let Some(d) = self.advance(&mut p) {
                papers += p.weight;
                value += p.weight * p.value;
                moves.push((i, d, p));
            }
        }
        let tv = (value > surplus).then(|| surplus / papers);
        let mut sent = 0i128;
        let mut received: Vec<Vec<usize>> = vec![Vec::new(); self.votes.len()];
        let moved: std::collections::HashSet<usize> = moves.iter().map(|m| m.0).collect();
        self.piles[c].retain(|i| !moved.contains(i));
        for (i, d, mut p) in moves {
            if let Some(tv) = tv {
                p.value = tv;
            }
            sent += p.weight * p.value;
            self.votes[d] += p.weight * p.value;
            self.piles[d].push(i);
            received[d].push(i);
            self.papers[i] = p;
        }
        for (d, r) in received.into_iter().enumerate() {
            if !r.is_empty() {
                self.parcel[d] = r;
            }
        }
        match tv {
            Some(_) => self.loss += surplus - sent,
            None => self.nontransferable += surplus - sent,
        }
        self.votes[c] = self.quota;
        self.push_stage(Action::Surplus {
            candidate: c,
            surplus: cents(surplus),
            ratio: tv.map(cents).unwrap_or_else(BigRational::one),
        });
    }

    /// 5.4: excludes `set` and moves their papers batch by batch, in
    /// descending order of value, each batch a stage.
    fn exclude(
        &mut self,
        set: Vec<usize>,
        doomed: Option<String>,
        lots: &mut Lots,
    ) -> Result<(), NeedLot> {
        for c in &set {
            self.status[*c] = Status::Excluded;
            if let Some(g) = self.guard.as_mut() {
                g.guarded[*c] = false;
            }
        }
        let mut batches: std::collections::BTreeMap<std::cmp::Reverse<i128>, Vec<(usize, usize)>> =
            std::collections::BTreeMap::new();
        for c in &set {
            for i in std::mem::take(&mut self.piles[*c]) {
                batches
                    .entry(std::cmp::Reverse(self.papers[i].value))
                    .or_default()
                    .push((i, *c));
            }
        }
        let count = batches.len().max(1);
        if batches.is_empty() {
            self.push_stage(Action::ExclusionBatch {
                candidates: set.clone(),
                value: BigRational::one(),
                batch: 1,
                batches: 1,
                doomed: doomed.clone(),
            });
            return self.elect_qualifiers(lots);
        }
        for (b, (std::cmp::Reverse(value), papers)) in batches.into_iter().enumerate() {
            let mut received: Vec<Vec<usize>> = vec![Vec::new(); self.votes.len()];
            for (i, holder) in papers {
                let mut p = self.papers[i].clone();
                let amount = p.weight * p.value;
                self.votes[holder] -= amount;
                match self.advance(&mut p) {
                    Some(d) => {
                        self.votes[d] += amount;
                        self.piles[d].push(i);
                        received[d].push(i);
                    }
                    None => self.nontransferable += amount,
                }
                self.papers[i] = p;
            }
            for (d, r) in received.into_iter().enumerate() {
                if !r.is_empty() {
                    self.parcel[d] = r;
                }
            }
            if self.elected.is_empty() && self.nontransferable > 0 {
                let q = quota_of(self.valid - self.nontransferable, self.election.seats);
                if q != self.quota {
                    self.marks.push(format!(
                        "no one elected yet: the quota is recalculated without the non-transferable vote, {} (5.4.8)",
                        super::render::fixed(&cents(q), 2)
                    ));
                    self.quota = q;
                }
            }
            self.push_stage(Action::ExclusionBatch {
                candidates: set.clone(),
                value: cents(value),
                batch: b + 1,
                batches: count,
                doomed: doomed.clone(),
            });
            self.elect_qualifiers(lots)?;
            if self.left() == 0 {
                break;
            }
        }
        Ok(())
    }
}
