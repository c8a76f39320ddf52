//! Exact worths of seats, the exact check of a solution, the repair of a
//! float solver's near misses and the single seat moves they use (the
//! search for ties, built on them, is in `ties.rs`).

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

use super::{Compiled, Rule, RulesError, RulesProblem, Scope, WomenSeats};
use crate::method::{Method, SignpostKind};
use crate::number::Decimal;

/// What a seat is worth under the method: `v / d(k)` for a divisor method
/// (its square for Huntington–Hill, which orders the same way), `q − k` for
/// a quota method. Seats owed by d(0) = 0 are worth more than any other.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Worth {
    /// A finite worth.
    Finite(BigRational),
    /// A first seat owed by a d(0) = 0 method.
    Owed,
}

/// The method's worths for one problem.
pub(crate) struct Worths {
    method: Method,
    weights: Vec<BigRational>,
    total: BigRational,
    house: u64,
}

/// Worths when a given number of seats is shared out by the method (the
/// house minus base seats): quota methods need it for their quota.
pub(crate) struct Priced<'a> {
    worths: &'a Worths,
    quota: Option<BigRational>,
}

impl Worths {
    pub fn new(problem: &RulesProblem<'_>) -> Result<Worths, RulesError> {
        let weights: Vec<BigRational> = problem.weights.iter().map(Decimal::to_rational).collect();
        let total = weights.iter().sum();
        Ok(Worths {
            method: problem.method.clone(),
            weights,
            total,
            house: problem.house,
        })
    }

    /// Completes the per-region bounds the rules compiled to. Raises the
    /// floor of every region with weight to base + 1 when the
    /// method owes a first seat (d(0) = 0), except where a maximum allows
    /// no seat beyond the base: a maximum of 0 waives the first seat, as in
    /// the foundation's constrained methods. Then bounds each region that
    /// is a group on its own by that group
    /// ([`Compiled::bound_single_region_groups`]), which waives nothing.
    pub fn settle_bounds(&self, compiled: &mut Compiled) {
        if let Method::Divisor(d) = &self.method {
            if d.owes_first_seat() {
                for (i, w) in self.weights.iter().enumerate() {
                    if !w.is_zero() && compiled.cap[i] > compiled.base[i] {
                        compiled.floor[i] = compiled.floor[i].max(compiled.base[i] + 1);
                    }
                }
            }
        }
        compiled.bound_single_region_groups();
    }

    /// The worths when the method shares out the seats left after `base`.
    pub fn priced(&self, base: &[u64]) -> Priced<'_> {
        let free = self.house.saturating_sub(base.iter().sum());
        let quota = match &self.method {
            Method::Quota(q) if free > 0 => Some(q.quota(&self.total, free)),
            _ => None,
        };
        Priced {
            worths: self,
            quota,
        }
    }
}

impl Priced<'_> {
    /// True for a divisor method (worths multiply), false for a quota
    /// method (worths add).
    pub fn divisor(&self) -> bool {
        matches!(self.worths.method, Method::Divisor(_))
    }

    /// True when region `i` has no weight: under a divisor method every
    /// seat it holds is worth nothing, however many it holds.
    pub fn weightless(&self, i: usize) -> bool {
        self.worths.weights[i].is_zero()
    }

    /// The exact worth of region `i`'s next seat when the method has given
    /// it `held` seats (beyond its base).
    pub fn exact(&self, i: usize, held: u64) -> Worth {
        let v = &self.worths.weights[i];
        match (&self.worths.method, &self.quota) {
            (Method::Divisor(_), _) => cell_exact(&self.worths.method, v, held),
            (Method::Quota(_), Some(q)) => {
                Worth::Finite(v / q - BigRational::from_integer(BigInt::from(held)))
            }
            (Method::Quota(_), None) => Worth::Finite(BigRational::zero()),
        }
    }

    /// The same worth as a float on a scale where sums mean something (the
    /// logarithm for divisor methods), for the solver's objective only.
    pub fn approx(&self, i: usize, held: u64) -> f64 {
        let v = &self.worths.weights[i];
        match (&self.worths.method, &self.quota) {
            (Method::Divisor(_), _) => cell_approx(&self.worths.method, v, held),
            // v/Q exactly first: both may be past the float range.
            (Method::Quota(_), Some(q)) if !q.is_zero() => ratio_f64(&(v / q)) - held as f64,
            (Method::Quota(_), _) => 0.0,
        }
    }
}

fn ratio_f64(value: &BigRational) -> f64 {
    crate::number::rational_to_f64(value)
}

/// Each region's quota: its exact share of the house.
pub(crate) fn quotas(weights: &[Decimal], house: u64) -> Vec<BigRational> {
    let v: Vec<BigRational> = weights.iter().map(Decimal::to_rational).collect();
    let total: BigRational = v.iter().sum();
    let house = BigRational::from_integer(BigInt::from(house));
    v.iter()
        .map(|w| {
            if total.is_zero() {
                BigRational::zero()
            } else {
                w * &house / &total
            }
        })
        .collect()
}

/// The best single move of a seat that keeps the rules, and how it
/// compares: region `from` gives a seat to region `to`.
pub(crate) struct Move {
    pub from: usize,
    pub to: usize,
    pub better: std::cmp::Ordering,
}

/// Every move of one seat between two regions that keeps the rules and
/// gives up no more worth than it gains (strictly better or equal), in
/// the order (from, to).
///
/// Each region's exact worths are built once per call: the worth of its
/// last seat (what giving one up loses) and of its next (what one more
/// gains), `2 n` rationals; the pairs worth trying are read from the
/// losses sorted, so the work is `n log n` plus the pairs returned, and
/// each pair's rules are checked in `O(groups)` from the group totals
/// (see [`MoveCheck`]), not by summing the whole allocation again.
pub(crate) fn moves(
    problem: &RulesProblem<'_>,
    priced: &Priced<'_>,
    compiled: &Compiled,
    seats: &[u64],
) -> Vec<Move> {
    let (losses, gains) = boundary_worths(priced, compiled, seats);
    let mut sorted: Vec<usize> = (0..seats.len()).filter(|&i| losses[i].is_some()).collect();
    sorted.sort_by(|&a, &b| losses[a].cmp(&losses[b]));
    let check = MoveCheck::new(compiled, seats, problem.house);
    let mut out = Vec::new();
    for (to, gain) in gains.iter().enumerate() {
        let Some(gain) = gain else { continue };
        for &from in &sorted {
            let Some(loss) = &losses[from] else { continue };
            let better = gain.cmp(loss);
            if better == std::cmp::Ordering::Less {
                break;
            }
            if from != to && check.admits(from, to) {
                out.push(Move { from, to, better });
            }
        }
    }
    out.sort_by_key(|m| (m.from, m.to));
    out
}

/// The first strictly better move in the order (from, to) that keeps the
/// rules: the one [`moves`] would list first among the strictly better,
/// found without listing the rest.
pub(crate) fn first_better_move(
    problem: &RulesProblem<'_>,
    priced: &Priced<'_>,
    compiled: &Compiled,
    seats: &[u64],
) -> Option<(usize, usize)> {
    let (losses, gains) = boundary_worths(priced, compiled, seats);
    // Regions that can take a seat, by their next seat's worth, largest
    // first: those better than a loss are a prefix.
    let mut sorted: Vec<usize> = (0..seats.len()).filter(|&i| gains[i].is_some()).collect();
    sorted.sort_by(|&a, &b| gains[b].cmp(&gains[a]));
    let check = MoveCheck::new(compiled, seats, problem.house);
    for (from, loss) in losses.iter().enumerate() {
        let Some(loss) = loss else { continue };
        let mut better: Vec<usize> = sorted
            .iter()
            .copied()
            .take_while(|&to| gains[to].as_ref().is_some_and(|g| g > loss))
            .filter(|&to| to != from)
            .collect();
        better.sort_unstable();
        if let Some(to) = better.into_iter().find(|&to| check.admits(from, to)) {
            return Some((from, to));
        }
    }
    None
}

/// Per region, the exact worth of its last seat above the floor (`None`
/// at the floor) and of its next seat below the cap (`None` at the cap).
pub(crate) type Boundary = (Vec<Option<Worth>>, Vec<Option<Worth>>);

pub(crate) fn boundary_worths(priced: &Priced<'_>, compiled: &Compiled, seats: &[u64]) -> Boundary {
    let n = seats.len();
    let losses = (0..n)
        .map(|i| {
            (seats[i] > compiled.floor[i])
                .then(|| priced.exact(i, (seats[i] - 1).saturating_sub(compiled.base[i])))
        })
        .collect();
    let gains = (0..n)
        .map(|i| {
            (seats[i] < compiled.cap[i])
                .then(|| priced.exact(i, seats[i].saturating_sub(compiled.base[i])))
        })
        .collect();
    (losses, gains)
}

/// Whether moving one seat keeps the rules. On an allocation that keeps
/// them, only what the move changes is checked: the two regions' bounds,
/// the totals of the groups holding one of them and not the other, and
/// the room for women (the sum of the delegations' most women); on one
/// that does not (a solver's near miss), the whole allocation after the
/// move, as [`Compiled::admits`] does.
pub(crate) struct MoveCheck<'a> {
    compiled: &'a Compiled,
    seats: &'a [u64],
    house: u64,
    admitted: bool,
    /// Each group's total.
    totals: Vec<u64>,
    /// The groups holding each region (once per listing).
    member_of: Vec<Vec<usize>>,
    /// The most women the delegations may hold, summed.
    high_total: u64,
}

impl<'a> MoveCheck<'a> {
    pub fn new(compiled: &'a Compiled, seats: &'a [u64], house: u64) -> MoveCheck<'a> {
        let admitted = compiled.admits(seats, house);
        let mut member_of = vec![Vec::new(); seats.len()];
        let mut totals = Vec::with_capacity(compiled.groups.len());
        for (g, (members, _, _)) in compiled.groups.iter().enumerate() {
            totals.push(members.iter().map(|&i| seats[i]).sum());
            for &i in members {
                member_of[i].push(g);
            }
        }
        let high_total = seats.iter().map(|&s| compiled.women_range(s).1).sum();
        MoveCheck {
            compiled,
            seats,
            house,
            admitted,
            totals,
            member_of,
            high_total,
        }
    }

    /// Whether the allocation with one seat moved from `from` to `to`
    /// keeps every rule.
    pub fn admits(&self, from: usize, to: usize) -> bool {
        let c = self.compiled;
        let s = self.seats;
        if s[from] == 0 || s[from] <= c.floor[from] || s[to] >= c.cap[to] {
            return false;
        }
        if !self.admitted {
            let mut trial = s.to_vec();
            trial[from] -= 1;
            trial[to] += 1;
            return c.admits(&trial, self.house);
        }
        let delta = |g: usize| -> i64 {
            let count = |i: usize| self.member_of[i].iter().filter(|&&h| h == g).count() as i64;
            count(to) - count(from)
        };
        let groups_hold = self.member_of[from]
            .iter()
            .chain(&self.member_of[to])
            .all(|&g| {
                let (_, lo, hi) = &c.groups[g];
                let total = i128::from(self.totals[g]) + i128::from(delta(g));
                total >= i128::from(*lo) && hi.is_none_or(|h| total <= i128::from(h))
            });
        if !groups_hold {
            return false;
        }
        if c.has_gender() {
            let high = |seats: u64| u128::from(c.women_range(seats).1);
            let after = u128::from(self.high_total) + high(s[from] - 1) + high(s[to] + 1);
            let before = high(s[from]) + high(s[to]);
            if after < before || u128::from(c.women.unwrap_or(0)) > after - before {
                return false;
            }
        }
        true
    }
}

/// Makes every strictly better single move until none is left: the
/// solver's floats can misjudge two worths that differ in the 15th digit.
/// Each step makes the first strictly better move in the order (from,
/// to) that keeps the rules.
pub(crate) fn improve(
    problem: &RulesProblem<'_>,
    worths: &Worths,
    compiled: &Compiled,
    seats: &mut [u64],
) -> Result<(), RulesError> {
    let priced = worths.priced(&compiled.base);
    // Each move raises the objective, so the loop ends; the bound only
    // turns a bug into an error instead of a hang.
    for _ in 0..=(4 * problem.house + 16) {
        let Some((from, to)) = first_better_move(problem, &priced, compiled, seats) else {
            return Ok(());
        };
        seats[from] -= 1;
        seats[to] += 1;
    }
    Err(RulesError::Internal(
        "the exact repair of the solver's allocation did not settle".into(),
    ))
}

/// Checks every rule against the allocation in exact integers, and says
/// how each holds; an error if any fails (that would be a bug).
pub(crate) fn check_rules(
    problem: &RulesProblem<'_>,
    compiled: &Compiled,
    seats: &[u64],
    women: Option<&[WomenSeats]>,
) -> Result<Vec<String>, RulesError> {
    let names = problem.names;
    let house = problem.house;
    let total: u64 = seats.iter().sum();
    let mut lines = vec![format!("seats add up to {total} of {house}")];
    if total != house {
        return Err(RulesError::Internal(lines.remove(0)));
    }
    let each = |scope: &Scope| -> Vec<usize> {
        match scope {
            Scope::Each => (0..seats.len()).collect(),
            Scope::Region(i) => vec![*i],
        }
    };
    let women_low: u64 = women.map_or(0, |w| w.iter().map(|x| x.at_least).sum());
    let women_high: u64 = women.map_or(0, |w| w.iter().map(|x| x.at_most).sum());
    for named in problem.rules {
        let rule = &named.rule;
        let holds = match rule {
            Rule::AtLeast { scope, seats: k } => each(scope).iter().all(|&i| seats[i] >= *k),
            Rule::AtMost { scope, seats: k } => each(scope).iter().all(|&i| seats[i] <= *k),
            Rule::Exactly { scope, seats: k } => each(scope).iter().all(|&i| seats[i] == *k),
            Rule::Base { scope, seats: k } => each(scope).iter().all(|&i| seats[i] >= *k),
            Rule::Group {
                regions,
                at_least,
                at_most,
            } => {
                let t: u64 = regions.iter().map(|&i| seats[i]).sum();
                at_least.is_none_or(|a| t >= a) && at_most.is_none_or(|b| t <= b)
            }
            Rule::WomenAtLeast(target) => women.is_some() && women_high >= target.seats(house),
            Rule::BalancedDelegations | Rule::WomanInEveryDelegation => women.is_some_and(|w| {
                w.iter().zip(seats).all(|(x, &s)| {
                    let (lo, hi) = compiled.women_range(s);
                    lo <= x.at_least && x.at_most <= hi
                })
            }),
        };
        let text = rule.describe(names, house);
        if !holds {
            return Err(RulesError::Internal(format!(
                "rule `{}` ({text}) fails on the solver's allocation",
                named.name
            )));
        }
        let detail = match rule {
            Rule::Group { regions, .. } => {
                format!(
                    " ({} seats)",
                    regions.iter().map(|&i| seats[i]).sum::<u64>()
                )
            }
            Rule::WomenAtLeast(_) if women_low == women_high => format!(" ({women_low} women)"),
            Rule::WomenAtLeast(_) => {
                format!(" (room for {women_high} women; {women_low} required in named delegations)")
            }
            _ => String::new(),
        };
        lines.push(format!("{}: {text}: holds{detail}", named.name));
    }
    Ok(lines)
}

/// The worth of a cell's next seat as a float, for the matrix solver.
pub(crate) fn cell_approx(method: &Method, weight: &BigRational, held: u64) -> f64 {
    let Method::Divisor(d) = method else {
        return 0.0;
    };
    let Some(s) = d.signpost(held) else {
        return 0.0;
    };
    if !weight.is_positive() {
        return -1e4;
    }
    if s.num == 0 {
        return 1e4;
    }
    // Logarithms of the exact values: weights of any size stay finite.
    let ln_v = crate::number::rational_ln(weight);
    let x = s.num as f64 / s.den as f64;
    if d.kind() == SignpostKind::SquareRoot {
        ln_v - 0.5 * x.ln()
    } else {
        ln_v - x.ln()
    }
}

/// The exact worth of a cell's next seat (`v / d(held)`, squared for
/// Huntington–Hill), for the matrix check.
pub(crate) fn cell_exact(method: &Method, weight: &BigRational, held: u64) -> Worth {
    let Method::Divisor(d) = method else {
        return Worth::Finite(BigRational::zero());
    };
    let Some(s) = d.signpost(held) else {
        return Worth::Finite(BigRational::zero());
    };
    if s.num == 0 {
        return if weight.is_zero() {
            Worth::Finite(BigRational::zero())
        } else {
            Worth::Owed
        };
    }
    let value = match d.kind() {
        SignpostKind::Rational => weight.clone(),
        SignpostKind::SquareRoot => weight * weight,
    };
    Worth::Finite(value * BigRational::new(BigInt::from(s.den), BigInt::from(s.num)))
}
