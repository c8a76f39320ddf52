//! The complete search for ties: every other allocation that meets the
//! rules and is exactly as good as the one found.
//!
//! # How
//!
//! 1. Exact comparison. Two allocations that meet the same rules differ
//!    only in some seats: for a divisor method the one whose differing
//!    seats have the larger product of exact worths (`v / d(k)`, squared
//!    for Huntington–Hill) is better, compared by cross-multiplying the
//!    products' numerators and denominators in big integers; for a quota
//!    method the larger sum of `q − k`. Owed first seats (d(0) = 0) are
//!    floors, so they never differ; a seat worth nothing (a region without
//!    weight) counts as worse than any positive worth, as in the program.
//! 2. Cheap ties first: every allocation reached from the answer by chains
//!    of single seat moves that are exactly as good (and keep the rules).
//! 3. The proof: the integer program is solved again with every allocation
//!    found so far cut off (a no-good constraint on the step variables:
//!    for each, some region holds fewer seats or more) and a floor on the
//!    objective (at least the answer's, less a tolerance: ten times the
//!    solver's relative pruning tolerance of 1e-9, on the scale of the
//!    objective). Its best solution is compared exactly with the answer:
//!    equal, it is a tie (and step 2 runs from it); worse (a near miss
//!    within the tolerance), it is cut off and the program solved again;
//!    strictly better, the first answer was not optimal: the better one
//!    becomes the answer (after the exact repair) and the search restarts.
//!    When the program has no solution, nothing left is as good: the
//!    search ends.
//!
//! # What is proven
//!
//! Every allocation listed is checked exactly: it meets every rule and its
//! objective equals the answer's. The list is complete (every allocation
//! meeting the rules with an equal objective is in it) relative to the
//! solver: an exact tie has the same objective in floats up to rounding
//! far below the floor's tolerance, so it meets the floor, and the search
//! ends only when the solver finds nothing left above the floor.
//!
//! - When the rules couple regions and the problem is small (at most
//!   [`FULL_RANGE_STEPS`] step variables over every region's full range
//!   of seats), the program covers every allocation meeting the rules, so
//!   this is a complete search. (Rules that do not couple regions form an
//!   M-convex set, where the window below is already complete and far
//!   cheaper: a program over the full range of 300 seats took 35 ms a
//!   size in `threshold`.)
//! - Otherwise the program covers a window of seats around the answer
//!   (at first two seats either way in every region, within the rules'
//!   bounds). The window is widened whenever the program's best solution
//!   touches an edge of it that is not a rule, exactly as the main solve
//!   widens its window. This proves that no other allocation with every
//!   region within the window's reach of the answer is as good; beyond
//!   it, the evidence is the same local evidence on which the main solve
//!   rests (complete when the rules form an M-convex set, i.e. per-region
//!   bounds and nested or disjoint groups, whose objective has no local
//!   optimum that is not global; with gender rules or overlapping groups
//!   a tie further away than the window is not excluded).
//! - When the answer is also the optimum under the per-region bounds
//!   alone (the rules move nothing), [`threshold_ties`] lists the whole
//!   tie by enumeration, complete over every allocation, without a
//!   program.
//! - The search stops after [`MAX_ALTERNATIVES`] ties, or after
//!   [`MAX_SOLVES`] programs: the list is then marked incomplete.

use std::cmp::Ordering;
use std::collections::{BTreeSet, VecDeque};

use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};

use super::exact::{boundary_worths, improve, moves, Priced, Worth, Worths};
use super::program::{full_range, search as best_other, Limits};
use super::{Compiled, RulesError, RulesProblem};
use crate::allocation::Tie;

/// The most ties listed: past it, the list is incomplete.
pub const MAX_ALTERNATIVES: usize = 1000;

/// The most integer programs one search solves.
pub const MAX_SOLVES: usize = 2000;

/// Problems with at most this many step variables over the full range
/// are searched over the full range.
pub const FULL_RANGE_STEPS: u64 = 2000;

/// What the search found.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// The answer (the one shown): the solver's, or a better one found.
    pub seats: Vec<u64>,
    /// Every other allocation exactly as good, in the order found.
    pub alternatives: Vec<Vec<u64>>,
    /// Whether the list is complete (see the module docs).
    pub complete: bool,
    /// When the rules couple regions (gender rules, overlapping groups)
    /// and the problem was searched in a window: how many seats either way
    /// of the answer every region was searched. Beyond it a tie is not
    /// excluded.
    pub within: Option<u64>,
}

/// True when the rules couple regions so that a local check is not a
/// proof: a gender rule, or two groups that overlap without one holding
/// the other.
fn coupled(compiled: &Compiled) -> bool {
    let overlap = |a: &[usize], b: &[usize]| {
        let shared = a.iter().filter(|i| b.contains(i)).count();
        shared > 0 && shared < a.len() && shared < b.len()
    };
    compiled.has_gender()
        || compiled.groups.iter().enumerate().any(|(k, (a, _, _))| {
            compiled.groups[k + 1..]
                .iter()
                .any(|(b, _, _)| overlap(a, b))
        })
}

/// Compares two allocations' objectives exactly: `Greater` when `a` is
/// better. Both must meet `compiled`'s floors.
pub(crate) fn compare(priced: &Priced<'_>, compiled: &Compiled, a: &[u64], b: &[u64]) -> Ordering {
    if priced.divisor() {
        let side_a = Product::of(priced, compiled, a, b);
        let side_b = Product::of(priced, compiled, b, a);
        side_a.cmp_with(&side_b)
    } else {
        let sum = |x: &[u64], y: &[u64]| {
            let mut total = num_rational::BigRational::zero();
            for i in 0..x.len() {
                for h in y[i]..x[i] {
                    if let Worth::Finite(w) = priced.exact(i, h.saturating_sub(compiled.base[i])) {
                        total += w;
                    }
                }
            }
            total
        };
        sum(a, b).cmp(&sum(b, a))
    }
}

/// The worths of the seats one allocation holds and another does not.
struct Product {
    owed: u64,
    zeros: u64,
    num: BigInt,
    den: BigInt,
}

impl Product {
    fn of(priced: &Priced<'_>, compiled: &Compiled, held: &[u64], other: &[u64]) -> Product {
        let mut p = Product {
            owed: 0,
            zeros: 0,
            num: BigInt::one(),
            den: BigInt::one(),
        };
        for i in 0..held.len() {
            for h in other[i]..held[i] {
                match priced.exact(i, h.saturating_sub(compiled.base[i])) {
                    Worth::Owed => p.owed += 1,
                    Worth::Finite(w) if w.is_zero() => p.zeros += 1,
                    Worth::Finite(w) => {
                        p.num *= w.numer();
                        p.den *= w.denom();
                    }
                }
            }
        }
        p
    }

    /// More owed seats first, then fewer seats worth nothing, then the
    /// larger product (worths are positive, so cross-multiplying keeps
    /// the order).
    fn cmp_with(&self, other: &Product) -> Ordering {
        self.owed
            .cmp(&other.owed)
            .then(other.zeros.cmp(&self.zeros))
            .then_with(|| (&self.num * &other.den).cmp(&(&other.num * &self.den)))
    }
}

/// The scale of the objective in the solver's floats: the sum of the
/// sizes of the worths of the seats held above the floors.
fn objective_scale(priced: &Priced<'_>, compiled: &Compiled, seats: &[u64]) -> f64 {
    let mut scale = 0.0;
    for (i, &s) in seats.iter().enumerate() {
        for h in compiled.floor[i]..s {
            scale += priced.approx(i, h.saturating_sub(compiled.base[i])).abs();
        }
    }
    scale
}

/// Searches every allocation as good as `seats` (see the module docs).
pub(crate) fn search(
    problem: &RulesProblem<'_>,
    worths: &Worths,
    compiled: &Compiled,
    seats: Vec<u64>,
) -> Result<Found, RulesError> {
    let priced = worths.priced(&compiled.base);
    let Some(range) = full_range(problem, compiled) else {
        return Err(RulesError::Internal(
            "the tie search has no range of seats".into(),
        ));
    };
    if let Some(found) = threshold_ties(problem, &priced, compiled, &seats) {
        return Ok(found);
    }
    by_programs(problem, worths, compiled, &range, seats)
}

/// The search by integer programs (steps 2 and 3 of the module docs),
/// for every answer [`threshold_ties`] does not settle; also the oracle
/// of its tests.
pub(crate) fn by_programs(
    problem: &RulesProblem<'_>,
    worths: &Worths,
    compiled: &Compiled,
    range: &super::program::Range,
    mut seats: Vec<u64>,
) -> Result<Found, RulesError> {
    let priced = worths.priced(&compiled.base);
    let small = range.steps() <= FULL_RANGE_STEPS && coupled(compiled);
    let local = !small && coupled(compiled);
    let mut reach: u64 = 2;
    // Every allocation cut off: the answer, its ties, and those found
    // worse by the exact check.
    let mut cuts = Cuts::default();
    let mut ties: Vec<Vec<u64>> = Vec::new();
    cuts.add(&seats);
    equal_moves(problem, &priced, compiled, &seats, &mut ties, &mut cuts);
    let mut solves = 0;
    loop {
        if ties.len() >= MAX_ALTERNATIVES || solves >= MAX_SOLVES {
            return Ok(Found {
                seats,
                alternatives: ties,
                complete: false,
                within: local.then_some(reach),
            });
        }
        solves += 1;
        let centre = (!small).then_some(seats.as_slice());
        let tolerance = 1e-8 * (1.0 + objective_scale(&priced, compiled, &seats));
        let limits = Limits {
            cuts: &cuts.list,
            floor: Some((seats.as_slice(), tolerance)),
        };
        let candidate = best_other(
            problem, worths, compiled, range, centre, &limits, &mut reach,
        )?;
        let Some(candidate) = candidate else {
            return Ok(Found {
                seats,
                alternatives: ties,
                complete: true,
                within: local.then_some(reach),
            });
        };
        if !compiled.admits(&candidate, problem.house) || cuts.set.contains(&candidate) {
            return Err(RulesError::Internal(
                "the tie search's allocation breaks a rule in the exact check".into(),
            ));
        }
        match compare(&priced, compiled, &candidate, &seats) {
            Ordering::Equal => {
                cuts.add(&candidate);
                ties.push(candidate.clone());
                equal_moves(problem, &priced, compiled, &candidate, &mut ties, &mut cuts);
            }
            Ordering::Less => {
                // A near miss above the floor (the floor keeps anything
                // clearly worse out).
                cuts.add(&candidate);
            }
            Ordering::Greater => {
                // The first answer was not the best: the old answer and
                // its ties stay cut off (all worse now).
                let mut better = candidate;
                improve(problem, worths, compiled, &mut better)?;
                seats = better;
                ties.clear();
                cuts.add(&seats);
                equal_moves(problem, &priced, compiled, &seats, &mut ties, &mut cuts);
            }
        }
    }
}

/// The most allocations [`threshold_ties`] enumerates; past it the
/// search falls back to the programs.
pub const THRESHOLD_ENUMERATION: u64 = 20_000;

/// The whole tie, without a program, when `seats` is also the method's
/// optimum under the per-region bounds alone (the rules move nothing).
///
/// Under the per-region bounds and the house the objective is separable
/// and concave, so `seats` is optimal there exactly when no single move
/// gains: the least worth of a last seat above its floor, `λ`, is at
/// least the greatest worth of a next seat below its cap. Every other
/// allocation that optimal then holds every seat worth more than `λ` and
/// none worth less, and differs from `seats` only in seats worth exactly
/// `λ`: some of the regions whose last seat is worth `λ` (set `A`) give
/// it up, and as many whose next seat is worth `λ` (set `B`) take one
/// (worths fall strictly within a region, so `A` and `B` are disjoint and
/// nobody moves two). The rules only remove allocations, and `seats`
/// keeps them, so the ties under the rules are exactly those of the
/// `C(|A| + |B|, |A|) − 1` allocations that keep the rules: all are
/// checked, and the list is complete, over every allocation (not a
/// window). Equal single moves are listed first, in the order the search
/// below lists them.
///
/// When `λ` is a seat worth nothing (a divisor method, regions without
/// weight) worths do not fall within those regions, so one may take or
/// give many seats; but `λ = 0` being the greatest worth of a next seat,
/// every region with weight is at its cap, and every optimum holds the
/// same seats there and shares the rest among the regions without weight
/// in any way their floors and caps allow: all those ways are checked.
///
/// `None` (the programs decide) when `seats` is not that optimum, when
/// `λ` is an owed seat, or when the tie has more than
/// [`THRESHOLD_ENUMERATION`] allocations.
pub(crate) fn threshold_ties(
    problem: &RulesProblem<'_>,
    priced: &Priced<'_>,
    compiled: &Compiled,
    seats: &[u64],
) -> Option<Found> {
    let (losses, gains) = boundary_worths(priced, compiled, seats);
    let least_loss = losses.iter().flatten().min();
    let most_gain = gains.iter().flatten().max();
    let unique = Found {
        seats: seats.to_vec(),
        alternatives: Vec::new(),
        complete: true,
        within: None,
    };
    let (Some(loss), Some(gain)) = (least_loss, most_gain) else {
        // No seat can move at all: every region is at its floor or every
        // region at its cap.
        return Some(unique);
    };
    match loss.cmp(gain) {
        Ordering::Greater => return Some(unique),
        Ordering::Less => return None,
        Ordering::Equal => {}
    }
    let lambda = loss.clone();
    let at_lambda = |side: &[Option<Worth>]| -> Vec<usize> {
        (0..seats.len())
            .filter(|&i| side[i].as_ref() == Some(&lambda))
            .collect()
    };
    let (givers, takers) = (at_lambda(&losses), at_lambda(&gains));
    let worthless = match &lambda {
        Worth::Owed => return None,
        Worth::Finite(w) => priced.divisor() && !w.is_positive(),
    };
    let pool: Vec<usize> = if worthless {
        let pool: BTreeSet<usize> = givers.iter().chain(&takers).copied().collect();
        if !pool.iter().all(|&i| priced.weightless(i)) {
            return None;
        }
        pool.into_iter().collect()
    } else if binomial_above(
        givers.len() + takers.len(),
        givers.len(),
        THRESHOLD_ENUMERATION,
    ) {
        return None;
    } else {
        Vec::new()
    };
    let spread = if worthless {
        let spread = Spread::new(&pool, compiled, seats);
        if spread.count_above(THRESHOLD_ENUMERATION) {
            return None;
        }
        Some(spread)
    } else {
        None
    };
    let mut cuts = Cuts::default();
    let mut ties: Vec<Vec<u64>> = Vec::new();
    cuts.add(seats);
    equal_moves(problem, priced, compiled, seats, &mut ties, &mut cuts);
    let mut offer = |other: &[u64]| {
        if ties.len() >= MAX_ALTERNATIVES {
            return false;
        }
        if compiled.admits(other, problem.house) && cuts.add(other) {
            ties.push(other.to_vec());
        }
        true
    };
    if let Some(spread) = spread {
        spread.visit(&mut seats.to_vec(), &mut offer);
    } else {
        'moves: for k in 1..=givers.len().min(takers.len()) {
            for give in combinations(givers.len(), k) {
                for take in combinations(takers.len(), k) {
                    let mut other = seats.to_vec();
                    give.iter().for_each(|&g| other[givers[g]] -= 1);
                    take.iter().for_each(|&t| other[takers[t]] += 1);
                    if !offer(&other) {
                        break 'moves;
                    }
                }
            }
        }
    }
    Some(Found {
        seats: seats.to_vec(),
        complete: ties.len() < MAX_ALTERNATIVES,
        alternatives: ties,
        within: None,
    })
}

/// Every way to share the seats a pool of regions holds among them, each
/// within its floor and cap, the other regions' seats unchanged.
struct Spread {
    pool: Vec<usize>,
    floor: Vec<u64>,
    cap: Vec<u64>,
    /// The pool's floors and caps from each position on, summed.
    floors_after: Vec<u128>,
    caps_after: Vec<u128>,
    total: u128,
}

impl Spread {
    fn new(pool: &[usize], compiled: &Compiled, seats: &[u64]) -> Spread {
        let floor: Vec<u64> = pool.iter().map(|&i| compiled.floor[i]).collect();
        let cap: Vec<u64> = pool.iter().map(|&i| compiled.cap[i]).collect();
        let suffix = |v: &[u64]| -> Vec<u128> {
            let mut out = vec![0u128; v.len() + 1];
            for j in (0..v.len()).rev() {
                out[j] = out[j + 1] + u128::from(v[j]);
            }
            out
        };
        Spread {
            pool: pool.to_vec(),
            floors_after: suffix(&floor),
            caps_after: suffix(&cap),
            total: pool.iter().map(|&i| u128::from(seats[i])).sum(),
            floor,
            cap,
        }
    }

    /// The seats position `j` may hold when `left` remain for it and those
    /// after it: every value in the range leaves the rest a way to finish,
    /// so the walk below never meets a dead end.
    fn choices(&self, j: usize, left: u128) -> std::ops::RangeInclusive<u128> {
        let lo = u128::from(self.floor[j]).max(left.saturating_sub(self.caps_after[j + 1]));
        let hi = u128::from(self.cap[j]).min(left.saturating_sub(self.floors_after[j + 1]));
        lo..=hi
    }

    /// Whether there are more than `limit` ways (counting stops there).
    fn count_above(&self, limit: u64) -> bool {
        let mut count = 0u64;
        self.walk(0, self.total, &mut |_| {
            count += 1;
            count <= limit
        });
        count > limit
    }

    /// Offers every way in turn (`seats` is rewritten in the pool's
    /// places) until `offer` returns false.
    fn visit(&self, seats: &mut [u64], offer: &mut dyn FnMut(&[u64]) -> bool) {
        self.walk(0, self.total, &mut |ways: &[u64]| {
            for (&i, &s) in self.pool.iter().zip(ways) {
                seats[i] = s;
            }
            offer(seats)
        });
    }

    fn walk(&self, j: usize, left: u128, leaf: &mut dyn FnMut(&[u64]) -> bool) -> bool {
        let mut held = vec![0u64; self.pool.len()];
        self.walk_into(j, left, &mut held, leaf)
    }

    fn walk_into(
        &self,
        j: usize,
        left: u128,
        held: &mut Vec<u64>,
        leaf: &mut dyn FnMut(&[u64]) -> bool,
    ) -> bool {
        if j == self.pool.len() {
            return left != 0 || leaf(held);
        }
        for s in self.choices(j, left) {
            // `s` is at most the cap, a u64.
            held[j] = u64::try_from(s).unwrap_or(u64::MAX);
            if !self.walk_into(j + 1, left - s, held, leaf) {
                return false;
            }
        }
        true
    }
}

/// Whether `C(n, k)` exceeds `limit` (computed without overflow).
fn binomial_above(n: usize, k: usize, limit: u64) -> bool {
    let k = k.min(n - k);
    let mut c: u128 = 1;
    for j in 0..k {
        // C(n, j + 1) = C(n, j) · (n − j) / (j + 1), exact at every step.
        c = c * (n - j) as u128 / (j + 1) as u128;
        if c > u128::from(limit) {
            return true;
        }
    }
    false
}

/// Every `k`-subset of `0..n`, in lexicographic order.
fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    if k > n {
        return out;
    }
    let mut pick: Vec<usize> = (0..k).collect();
    loop {
        out.push(pick.clone());
        let Some(j) = (0..k).rev().find(|&j| pick[j] < n - k + j) else {
            return out;
        };
        pick[j] += 1;
        for l in j + 1..k {
            pick[l] = pick[l - 1] + 1;
        }
    }
}

/// The allocations cut off from the program.
#[derive(Default)]
struct Cuts {
    list: Vec<Vec<u64>>,
    set: BTreeSet<Vec<u64>>,
}

impl Cuts {
    fn add(&mut self, seats: &[u64]) -> bool {
        let new = self.set.insert(seats.to_vec());
        if new {
            self.list.push(seats.to_vec());
        }
        new
    }
}

/// Every allocation reached from `from` by chains of exactly equal single
/// seat moves that keep the rules, added to `ties` and to the cuts.
fn equal_moves(
    problem: &RulesProblem<'_>,
    priced: &Priced<'_>,
    compiled: &Compiled,
    from: &[u64],
    ties: &mut Vec<Vec<u64>>,
    cuts: &mut Cuts,
) {
    let mut queue = VecDeque::from([from.to_vec()]);
    while let Some(current) = queue.pop_front() {
        for m in moves(problem, priced, compiled, &current) {
            if m.better != Ordering::Equal || ties.len() >= MAX_ALTERNATIVES {
                continue;
            }
            let mut next = current.clone();
            next[m.from] -= 1;
            next[m.to] += 1;
            if cuts.add(&next) {
                ties.push(next.clone());
                queue.push_back(next);
            }
        }
    }
}

/// The tie's summary: regions that hold more seats in some alternative,
/// fewer in some alternative, and how many of the shown allocation's seats
/// are contested (some alternative gives them elsewhere: per region the
/// most it loses in any alternative, summed). With single-seat ties this
/// is the foundation's count (one per region in `could_lose`); it is at
/// least the most seats any one alternative moves.
pub(crate) fn summary(seats: &[u64], alternatives: &[Vec<u64>]) -> Option<Tie> {
    if alternatives.is_empty() {
        return None;
    }
    let n = seats.len();
    let could_gain: Vec<usize> = (0..n)
        .filter(|&i| alternatives.iter().any(|a| a[i] > seats[i]))
        .collect();
    let could_lose: Vec<usize> = (0..n)
        .filter(|&i| alternatives.iter().any(|a| a[i] < seats[i]))
        .collect();
    let seats_in_tie = (0..n)
        .map(|i| {
            alternatives
                .iter()
                .map(|a| seats[i].saturating_sub(a[i]))
                .max()
                .unwrap_or(0)
        })
        .sum();
    Some(Tie {
        could_gain,
        could_lose,
        seats_in_tie,
    })
}
