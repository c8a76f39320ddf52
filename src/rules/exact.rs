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

    /// Raises the floor of every region with weight to base + 1 when the
    /// method owes a first seat (d(0) = 0), except where a maximum allows
    /// no seat beyond the base: a maximum of 0 waives the first seat, as in
    /// the foundation's constrained methods.
    pub fn owed_first_seats(&self, compiled: &mut Compiled) {
        if let Method::Divisor(d) = &self.method {
            if d.owes_first_seat() {
                for (i, w) in self.weights.iter().enumerate() {
                    if !w.is_zero() && compiled.cap[i] > compiled.base[i] {
                        compiled.floor[i] = compiled.floor[i].max(compiled.base[i] + 1);
                    }
                }
            }
        }
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

/// Every move of one seat between two regions that keeps the rules, with
/// the worth gained against the worth given up.
pub(crate) fn moves(
    problem: &RulesProblem<'_>,
    priced: &Priced<'_>,
    compiled: &Compiled,
    seats: &[u64],
) -> Vec<Move> {
    let n = seats.len();
    let mut out = Vec::new();
    let mut trial = seats.to_vec();
    for from in 0..n {
        if seats[from] <= compiled.floor[from] {
            continue;
        }
        let loss = priced.exact(from, seats[from] - 1 - compiled.base[from]);
        for to in 0..n {
            if to == from || seats[to] >= compiled.cap[to] {
                continue;
            }
            let gain = priced.exact(to, seats[to] - compiled.base[to]);
            let better = gain.cmp(&loss);
            if better == std::cmp::Ordering::Less {
                continue;
            }
            trial[from] -= 1;
            trial[to] += 1;
            if compiled.admits(&trial, problem.house) {
                out.push(Move { from, to, better });
            }
            trial[from] += 1;
            trial[to] -= 1;
        }
    }
    out
}

/// Makes every strictly better single move until none is left: the
/// solver's floats can misjudge two worths that differ in the 15th digit.
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
        let better = moves(problem, &priced, compiled, seats)
            .into_iter()
            .find(|m| m.better == std::cmp::Ordering::Greater);
        let Some(m) = better else {
            return Ok(());
        };
        seats[m.from] -= 1;
        seats[m.to] += 1;
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
