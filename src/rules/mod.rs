//! The rules engine: seat rules a priority queue cannot express (group
//! totals, gender balance), solved as an integer program whose objective
//! *is* the method, then checked exactly.
//!
//! # Why the objective reproduces the method
//!
//! Give each region one binary variable per seat it might hold, `x(i,t)` =
//! "region `i` holds at least `t` seats", and let each variable earn the
//! worth the method gives that seat: `ln(v / d(t−1))` for a divisor method
//! (the Gaffke–Pukelsheim form), `q − (t−1)` for a quota method. Worths fall
//! as `t` rises, so maximising their sum over `house` seats picks the
//! `house` most valuable seats: exactly what the method's priority queue
//! does. Bounds only remove variables, so the same holds for BAZI's
//! constrained methods. For quota methods this objective equals minimising
//! Σ(s − q)² at integer points, which gives the largest remainders without
//! rules (the same answer as minimising Σ|s − q|) and, unlike Σ|s − q|,
//! does not call every extra seat a tie once a cap pushes regions past
//! their quota. First seats that a divisor method owes (d(0) = 0) are lower
//! bounds, not variables.
//!
//! # Exact, whatever the solver's floats say
//!
//! The solver works in floating point, so its answer is a proposal. Every
//! rule is then checked in exact arithmetic, and every move of one seat
//! from one region to another that keeps the rules is compared exactly
//! (cross-multiplied worths): a strictly better move is made (the solver
//! was imprecise).
//!
//! # Ties, complete
//!
//! Then every other allocation exactly as good is searched for: those
//! reached by chains of equally good single moves, then the integer
//! program again with every allocation found cut off, each of its answers
//! compared exactly with ours, until nothing as good is left (see
//! `ties.rs` for what this proves: the whole range of seats on small
//! problems, a window widened as the main solve widens its own on large
//! ones). With gender rules or overlapping groups a tie can be several
//! seat moves away, which a check of single moves misses. [`optimum`] is
//! the answer and its ties without the price of each rule, for analyses
//! that solve many times.
//!
//! ```
//! use seatshare::method::Method;
//! use seatshare::number::Decimal;
//! use seatshare::rules::{solve, NamedRule, Rule, RulesProblem};
//!
//! let names: Vec<String> = ["A", "B", "C", "D"].iter().map(|s| s.to_string()).collect();
//! let weights: Vec<Decimal> = ["71", "19", "6", "4"].iter().map(|t| Decimal::parse(t).unwrap()).collect();
//! let method = Method::parse("dhondt").unwrap();
//! // C and D together must hold 2 of the 10 seats.
//! let rules = vec![NamedRule::new("small pair", Rule::Group { regions: vec![2, 3], at_least: Some(2), at_most: None })];
//! let problem = RulesProblem { names: &names, weights: &weights, women_weights: None, house: 10, method: &method, rules: &rules };
//! let outcome = solve(&problem).unwrap();
//! assert_eq!(outcome.method_alone, Some(vec![8, 2, 0, 0]));
//! assert_eq!(outcome.seats, vec![7, 1, 1, 1]);
//! assert_eq!(outcome.binding[0].rule, "small pair");
//! ```

mod biproportional;
mod exact;
mod explain;
mod program;
#[cfg(test)]
mod scale_tests;
mod ties;

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;

/// The largest house the rules engine solves: 10,000 seats. Its work
/// grows with the seats (its integer program has a variable for each seat
/// a region might hold), so 2^32 seats took minutes; no body with group or
/// gender rules comes near this.
pub const MAX_RULES_HOUSE: u64 = 10_000;

pub use biproportional::{biproportional, Biproportional, Matrix};

pub use crate::allocation::{Binding, RulesOutcome, Tie, WomenSeats};
pub(crate) use crate::rule::{list, name_of};
pub use crate::rule::{NamedRule, Rounding, Rule, Scope, WomenTarget};
pub use ties::{MAX_ALTERNATIVES, MAX_SOLVES};

use crate::indices::indices;
use crate::method::Method;
use crate::number::{to_common_scale, Decimal};
use crate::solve::{apportion, Bounds, Problem, SolveError, TieBreak};
use exact::Worths;

/// One allocation under rules.
#[derive(Debug, Clone, Copy)]
pub struct RulesProblem<'a> {
    /// Region names, in input order.
    pub names: &'a [String],
    /// Weights (members), exact.
    pub weights: &'a [Decimal],
    /// Women members per region, when known: seats are then shared
    /// biproportionally between regions × {women, men}.
    pub women_weights: Option<&'a [Decimal]>,
    /// Total seats.
    pub house: u64,
    /// The method; it decides proportionality.
    pub method: &'a Method,
    /// The rules.
    pub rules: &'a [NamedRule],
}

/// Why the rules engine has no answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RulesError {
    /// The problem itself is malformed (no regions, empty house, …).
    #[error(transparent)]
    Solve(#[from] SolveError),
    /// A rule is malformed.
    #[error("rule `{rule}`: {message}")]
    InvalidRule {
        /// The rule's name.
        rule: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// The rules cannot all hold.
    #[error("these rules cannot all hold: {explanation}")]
    Infeasible {
        /// The smallest conflicting set found (rule names).
        conflict: Vec<String>,
        /// The conflict with its numbers.
        explanation: String,
    },
    /// More allocations tie than the engine lists, so a statement about
    /// all of them cannot be checked.
    #[error("at least {found} allocations tie under these rules, more than seatshare lists; no statement about every one of them can be checked")]
    TooManyTies {
        /// How many were found before the list stopped.
        found: usize,
    },
    /// The solver failed (a bug or a numerical failure, not the input).
    #[error("internal error in the rules engine: {0}")]
    Internal(String),
}

impl RulesError {
    /// True for errors caused by the input (exit code 2).
    pub fn is_input_error(&self) -> bool {
        match self {
            RulesError::Solve(e) => e.is_input_error(),
            RulesError::Internal(_) => false,
            _ => true,
        }
    }
}

/// Which rules are in force: the rest are dropped (for the price of a rule
/// and the search for a conflicting set).
pub(crate) type Active = [bool];

/// Everything the rules say, per region and in total, for one subset of
/// the rules.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    /// Seats per region before the method runs.
    pub base: Vec<u64>,
    /// Least seats per region (minimums, base, owed first seats).
    pub floor: Vec<u64>,
    /// Most seats per region.
    pub cap: Vec<u64>,
    /// Group totals: regions, at least, at most.
    pub groups: Vec<(Vec<usize>, u64, Option<u64>)>,
    /// Women required in all (at least).
    pub women: Option<u64>,
    /// |women − men| ≤ 1 per region.
    pub balanced: bool,
    /// A woman in every delegation of 2 or more.
    pub woman_each: bool,
}

impl Compiled {
    fn new(problem: &RulesProblem<'_>, active: &Active) -> Result<Compiled, RulesError> {
        let n = problem.names.len();
        let house = problem.house;
        let mut c = Compiled {
            base: vec![0; n],
            floor: vec![0; n],
            cap: vec![house; n],
            groups: Vec::new(),
            women: None,
            balanced: false,
            woman_each: false,
        };
        for (named, _) in problem.rules.iter().zip(active).filter(|(_, &on)| on) {
            let regions = |scope: &Scope| -> Vec<usize> {
                match scope {
                    Scope::Each => (0..n).collect(),
                    Scope::Region(i) => vec![*i],
                }
            };
            match &named.rule {
                Rule::AtLeast { scope, seats } => {
                    for i in regions(scope) {
                        c.floor[i] = c.floor[i].max(*seats);
                    }
                }
                Rule::AtMost { scope, seats } => {
                    for i in regions(scope) {
                        c.cap[i] = c.cap[i].min(*seats);
                    }
                }
                Rule::Exactly { scope, seats } => {
                    for i in regions(scope) {
                        c.floor[i] = c.floor[i].max(*seats);
                        c.cap[i] = c.cap[i].min(*seats);
                    }
                }
                Rule::Base { scope, seats } => {
                    for i in regions(scope) {
                        c.base[i] = c.base[i].max(*seats);
                    }
                }
                Rule::Group {
                    regions,
                    at_least,
                    at_most,
                } => c
                    .groups
                    .push((regions.clone(), at_least.unwrap_or(0), *at_most)),
                Rule::WomenAtLeast(target) => {
                    let k = target.seats(house);
                    c.women = Some(c.women.map_or(k, |w| w.max(k)));
                }
                Rule::BalancedDelegations => c.balanced = true,
                Rule::WomanInEveryDelegation => c.woman_each = true,
            }
        }
        for i in 0..n {
            c.floor[i] = c.floor[i].max(c.base[i]);
        }
        if c.has_gender() && c.women.is_none() {
            c.women = Some(0);
        }
        Ok(c)
    }

    /// Makes each group of one region that region's floor and cap too
    /// (the group stays). The checks that read per-region bounds alone
    /// then see it: the tie of a group-capped region and seats left to
    /// regions without weight was searched by one program per allocation.
    /// Called after the owed first seats, which a maximum waives and a
    /// group does not.
    pub fn bound_single_region_groups(&mut self) {
        for (regions, at_least, at_most) in &self.groups {
            if let [i] = regions[..] {
                self.floor[i] = self.floor[i].max(*at_least);
                if let Some(m) = at_most {
                    self.cap[i] = self.cap[i].min(*m);
                }
            }
        }
    }

    /// True when a gender rule is in force.
    pub fn has_gender(&self) -> bool {
        self.women.is_some() || self.balanced || self.woman_each
    }

    /// The women a region's delegation of `seats` must and may include
    /// under the per-delegation rules alone.
    pub fn women_range(&self, seats: u64) -> (u64, u64) {
        let mut low = 0;
        let mut high = seats;
        if self.balanced {
            low = seats / 2;
            high = seats.div_ceil(2);
        }
        if self.woman_each && seats >= 2 {
            low = low.max(1);
        }
        (low, high)
    }

    /// The per-region women ranges for these seats, tightened by the total
    /// (`None` if no split of women meets the rules).
    pub fn women_split(&self, seats: &[u64]) -> Option<Vec<WomenSeats>> {
        let ranges: Vec<(u64, u64)> = seats.iter().map(|&s| self.women_range(s)).collect();
        let high_total: u64 = ranges.iter().map(|r| r.1).sum();
        let need = self.women.unwrap_or(0);
        if need > high_total {
            return None;
        }
        Some(
            ranges
                .iter()
                .map(|&(lo, hi)| WomenSeats {
                    // Others hold at most high_total − hi, so this region
                    // must supply the rest of the requirement.
                    at_least: lo.max(need.saturating_sub(high_total - hi)),
                    at_most: hi,
                })
                .collect(),
        )
    }

    /// Whether `seats` meets every compiled rule, in exact integers.
    pub fn admits(&self, seats: &[u64], house: u64) -> bool {
        seats.iter().sum::<u64>() == house
            && seats
                .iter()
                .zip(self.floor.iter().zip(&self.cap))
                .all(|(s, (lo, hi))| lo <= s && s <= hi)
            && self.groups.iter().all(|(members, lo, hi)| {
                let total: u64 = members.iter().map(|&i| seats[i]).sum();
                total >= *lo && hi.is_none_or(|h| total <= h)
            })
            && (!self.has_gender() || self.women_split(seats).is_some())
    }
}

/// The best allocation under the rules and every other one exactly as
/// good: what [`solve`] finds, without the price of each rule and the
/// check texts.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimum {
    /// Seats per region.
    pub seats: Vec<u64>,
    /// Women per region, when a gender rule is in force.
    pub women: Option<Vec<WomenSeats>>,
    /// A summary of the tie, when there are other allocations as good.
    pub tie: Option<Tie>,
    /// Every other allocation exactly as good (not the one in `seats`), in
    /// the order found.
    pub alternatives: Vec<Vec<u64>>,
    /// True when `alternatives` is proven to list every allocation as good
    /// (see the module docs); false when the search stopped at its limit
    /// ([`MAX_ALTERNATIVES`] ties or [`MAX_SOLVES`] programs).
    pub alternatives_complete: bool,
    /// Set when the rules couple regions and the problem was too large to
    /// search every allocation: every region was searched this many seats
    /// either way of the answer, and a tie further away is not excluded.
    pub tie_search_within: Option<u64>,
}

/// The best allocation under the rules and the complete search for ties.
/// When the rules cannot all hold, the error names the smallest
/// conflicting set found, with its numbers, as [`solve`] does.
///
/// ```
/// use seatshare::method::Method;
/// use seatshare::number::Decimal;
/// use seatshare::rules::{optimum, NamedRule, Rule, RulesProblem, WomenTarget};
///
/// // Three equal regions, 5 seats, at least 4 women, balanced delegations:
/// // only 3 + 1 + 1 leaves room for 4 women, in any order.
/// let names: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
/// let weights = vec![Decimal::from_u64(10); 3];
/// let method = Method::parse("sainte-lague").unwrap();
/// let rules = vec![
///     NamedRule::new("women", Rule::WomenAtLeast(WomenTarget::Count(4))),
///     NamedRule::new("balanced", Rule::BalancedDelegations),
/// ];
/// let problem = RulesProblem { names: &names, weights: &weights, women_weights: None, house: 5, method: &method, rules: &rules };
/// let best = optimum(&problem).unwrap();
/// assert_eq!(best.alternatives.len(), 2);
/// assert!(best.alternatives_complete);
/// ```
pub fn optimum(problem: &RulesProblem<'_>) -> Result<Optimum, RulesError> {
    validate(problem)?;
    let worths = Worths::new(problem)?;
    let (solved, found) = solve_all(problem, &worths, None)?;
    Ok(Optimum {
        tie: ties::summary(&solved.seats, &found.alternatives),
        seats: solved.seats,
        women: solved.women,
        alternatives: found.alternatives,
        alternatives_complete: found.complete,
        tie_search_within: found.within,
    })
}

/// The solver's answer after its exact repair, without the search for
/// ties: a proposal, not a proof. It says nothing about ties and, under
/// coupled rules, is not proven optimal; use it only where an exact check
/// confirms what it suggests (and as the benchmarks' baseline for
/// [`optimum`]).
pub fn proposal(problem: &RulesProblem<'_>) -> Result<Vec<u64>, RulesError> {
    validate(problem)?;
    let worths = Worths::new(problem)?;
    let all = vec![true; problem.rules.len()];
    match seats_with(problem, &worths, &all, None)? {
        Some((_, seats)) => Ok(seats),
        None => Err(explain::conflict(problem, &worths)),
    }
}

/// The answer with every rule in force and its tie search.
fn solve_all(
    problem: &RulesProblem<'_>,
    worths: &Worths,
    hint: Option<&[u64]>,
) -> Result<(Solved, ties::Found), RulesError> {
    let all = vec![true; problem.rules.len()];
    let Some((compiled, seats)) = seats_with(problem, worths, &all, hint)? else {
        return Err(explain::conflict(problem, worths));
    };
    let found = ties::search(problem, worths, &compiled, seats)?;
    match with_women(problem, compiled, found.seats.clone())? {
        Some(solved) => Ok((solved, found)),
        None => Err(explain::conflict(problem, worths)),
    }
}

/// Solves an allocation under rules: the seats, women per region when a
/// gender rule is in force, which rules bind and what each costs, ties, and
/// the exact check of every rule. When the rules cannot all hold, the error
/// names the smallest conflicting set found, with its numbers.
pub fn solve(problem: &RulesProblem<'_>) -> Result<RulesOutcome, RulesError> {
    outcome(problem, true, None)
}

/// The same outcome without the price of each rule, the method's own
/// allocation or the check texts (`priced` false): for analyses that solve
/// many times and read only the seats, the women and the ties.
pub fn solve_unpriced(problem: &RulesProblem<'_>) -> Result<RulesOutcome, RulesError> {
    outcome(problem, false, None)
}

/// [`solve_unpriced`] with the solver's walk started from `near`: the
/// answer at a neighbouring house size, as an analysis that solves size
/// after size has it (with one seat fewer it is grown by the best seat the
/// rules admit). Only where the search starts changes, not what it proves:
/// the same allocations are found (under a tie the one shown first may be
/// another of the tied ones).
pub(crate) fn solve_unpriced_near(
    problem: &RulesProblem<'_>,
    near: &[u64],
) -> Result<RulesOutcome, RulesError> {
    outcome(problem, false, Some(near))
}

fn outcome(
    problem: &RulesProblem<'_>,
    priced: bool,
    hint: Option<&[u64]>,
) -> Result<RulesOutcome, RulesError> {
    validate(problem)?;
    let worths = Worths::new(problem)?;
    let (solved, found) = solve_all(problem, &worths, hint)?;
    let compiled = &solved.compiled;
    let (method_alone, binding, checks) = if priced {
        (
            alone(problem),
            binding_rules(problem, &worths, &solved)?,
            exact::check_rules(problem, compiled, &solved.seats, solved.women.as_deref())?,
        )
    } else {
        (None, Vec::new(), Vec::new())
    };
    let tie = ties::summary(&solved.seats, &found.alternatives);
    let biproportional = problem.women_weights.is_some() && compiled.has_gender();
    let women_required = match &solved.women {
        // Biproportional: the women's total, fixed exactly.
        Some(women) if biproportional => Some(women.iter().map(|w| w.at_least).sum()),
        _ => compiled.has_gender().then(|| compiled.women.unwrap_or(0)),
    };
    Ok(RulesOutcome {
        method: problem.method.clone(),
        house: problem.house,
        names: problem.names.to_vec(),
        weights: problem.weights.to_vec(),
        quotas: exact::quotas(problem.weights, problem.house),
        seats: solved.seats,
        method_alone,
        women_required,
        biproportional,
        women: solved.women,
        binding,
        checks,
        tie,
        alternatives: found.alternatives,
        alternatives_complete: found.complete,
        tie_search_within: found.within,
        priced,
    })
}

/// Seats and women found for one subset of the rules.
#[derive(Debug, Clone)]
pub(crate) struct Solved {
    pub seats: Vec<u64>,
    pub women: Option<Vec<WomenSeats>>,
    /// The rules on the seats as solved (with owed first seats). In
    /// biproportional mode the women's total follows from the seats
    /// (`women`), so ties and other allocations are judged on the seats.
    pub compiled: Compiled,
}

/// Solves with only the `active` rules; `None` when they cannot all hold.
pub(crate) fn solve_with(
    problem: &RulesProblem<'_>,
    worths: &Worths,
    active: &Active,
    hint: Option<&[u64]>,
) -> Result<Option<Solved>, RulesError> {
    match seats_with(problem, worths, active, hint)? {
        Some((compiled, seats)) => with_women(problem, compiled, seats),
        None => Ok(None),
    }
}

/// The compiled `active` rules and the seats under them, checked and
/// repaired exactly; `None` when they cannot all hold. `hint`, an
/// allocation that may keep the rules, starts the solver's walk when it
/// does (see [`program::solve_seats`]).
pub(crate) fn seats_with(
    problem: &RulesProblem<'_>,
    worths: &Worths,
    active: &Active,
    hint: Option<&[u64]>,
) -> Result<Option<(Compiled, Vec<u64>)>, RulesError> {
    let mut compiled = Compiled::new(problem, active)?;
    worths.settle_bounds(&mut compiled);
    let Some(mut seats) = program::solve_seats(problem, worths, &compiled, hint)? else {
        return Ok(None);
    };
    exact::improve(problem, worths, &compiled, &mut seats)?;
    if !compiled.admits(&seats, problem.house) {
        return Err(RulesError::Internal(
            "the solver's allocation breaks a rule in the exact check".into(),
        ));
    }
    Ok(Some((compiled, seats)))
}

/// A problem's rules as an analysis can read them seat by seat: every
/// region between a floor and a cap, and every region in at most one
/// group, each group between its bounds.
///
/// Such a set of allocations is M-convex (its bounds form a laminar
/// family) and a divisor method's objective, the sum of the logarithms of
/// the seats' worths, is separable and concave, so an allocation is
/// optimal exactly when no single seat moved from one region to another
/// keeps the rules and does strictly better (for M-concave functions a
/// local maximum under exchanges is global: Murota, *Discrete Convex
/// Analysis*, 2003). An analysis can then read margins and
/// robustness off the exchanges instead of solving again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExchangeRules {
    /// Least seats per region (minimums and owed first seats).
    pub floor: Vec<u64>,
    /// Most seats per region.
    pub cap: Vec<u64>,
    /// Each region's class: its group, or `bounds.len() - 1` (no group).
    pub class: Vec<usize>,
    /// Each class's least and most seats; the last class, of the regions
    /// in no group, has none.
    pub bounds: Vec<(u64, Option<u64>)>,
}

impl ExchangeRules {
    /// Whether moving one seat from `from` to `to` keeps the class bounds
    /// (`totals`: each class's seats now; the regions' own floors and
    /// caps are the caller's to check).
    pub fn classes_admit(&self, totals: &[u64], from: usize, to: usize) -> bool {
        self.class_move(totals, self.class[from], self.class[to])
    }

    /// Whether a seat may move from a region of class `from` to one of
    /// class `to`: within a class always, across only while `to` is
    /// under its most and `from` over its least.
    pub fn class_move(&self, totals: &[u64], from: usize, to: usize) -> bool {
        from == to
            || (self.bounds[to].1.is_none_or(|most| totals[to] < most)
                && totals[from] > self.bounds[from].0)
    }

    /// Each class's seats in `seats`.
    pub fn totals(&self, seats: &[u64]) -> Vec<u64> {
        let mut totals = vec![0u64; self.bounds.len()];
        for (&c, &s) in self.class.iter().zip(seats) {
            totals[c] = totals[c].saturating_add(s);
        }
        totals
    }
}

/// The problem's rules as [`ExchangeRules`], when they have that shape
/// under a divisor method: no base seats, no region in two groups (or
/// twice in one), and gender rules that no seat count can break (a
/// women's total of at most half the house, rounded up, under balanced
/// delegations, or of at most the house without; every delegation can
/// always seat its own share). `None` otherwise, or when the problem is
/// malformed, or women are shared biproportionally.
pub(crate) fn exchange_rules(problem: &RulesProblem<'_>) -> Option<ExchangeRules> {
    if !problem.method.is_divisor() {
        return None;
    }
    validate(problem).ok()?;
    let worths = Worths::new(problem).ok()?;
    let mut compiled = Compiled::new(problem, &vec![true; problem.rules.len()]).ok()?;
    worths.settle_bounds(&mut compiled);
    if compiled.base.iter().any(|&b| b > 0) {
        return None;
    }
    if compiled.has_gender() {
        let room = if compiled.balanced {
            problem.house.div_ceil(2)
        } else {
            problem.house
        };
        if problem.women_weights.is_some() || compiled.women.unwrap_or(0) > room {
            return None;
        }
    }
    let n = problem.names.len();
    let free = compiled.groups.len();
    let mut class = vec![free; n];
    for (g, (members, _, _)) in compiled.groups.iter().enumerate() {
        for &i in members {
            if class[i] != free {
                return None;
            }
            class[i] = g;
        }
    }
    let mut bounds: Vec<(u64, Option<u64>)> = compiled
        .groups
        .iter()
        .map(|(_, lo, hi)| (*lo, *hi))
        .collect();
    bounds.push((0, None));
    Some(ExchangeRules {
        floor: compiled.floor,
        cap: compiled.cap,
        class,
        bounds,
    })
}

/// The fewest seats any allocation meeting the rules can have, when no
/// region is in two groups: each group's minimum or its members' floors,
/// whichever is more, plus the floors of the regions in no group. A lower
/// bound whatever the other rules (gender rules may need more); `None`
/// when groups overlap or the rules are malformed.
pub(crate) fn least_house(problem: &RulesProblem<'_>) -> Option<u64> {
    let worths = Worths::new(problem).ok()?;
    let mut compiled = Compiled::new(problem, &vec![true; problem.rules.len()]).ok()?;
    worths.settle_bounds(&mut compiled);
    let mut grouped = vec![false; problem.names.len()];
    let mut total: u64 = 0;
    for (members, at_least, _) in &compiled.groups {
        let mut floors: u64 = 0;
        for &i in members {
            if std::mem::replace(&mut grouped[i], true) {
                return None;
            }
            floors = floors.checked_add(compiled.floor[i])?;
        }
        total = total.checked_add(floors.max(*at_least))?;
    }
    (0..grouped.len())
        .filter(|&i| !grouped[i])
        .try_fold(total, |sum, i| sum.checked_add(compiled.floor[i]))
}

/// The women on these seats; `None` when no split of women meets the
/// rules (biproportional mode only).
fn with_women(
    problem: &RulesProblem<'_>,
    compiled: Compiled,
    seats: Vec<u64>,
) -> Result<Option<Solved>, RulesError> {
    // With women members per region, the section's women are the method's
    // share of the house for women members, kept within what the rules
    // require and what the seats found allow; the seats only need room
    // for the women the rules require.
    let women = if !compiled.has_gender() {
        None
    } else if let Some(women_weights) = problem.women_weights {
        let share = women_by_method(problem, women_weights)?;
        let (low, high) = seats
            .iter()
            .map(|&s| compiled.women_range(s))
            .fold((0, 0), |(l, h), (lo, hi)| (l + lo, h + hi));
        let total = share.max(compiled.women.unwrap_or(0)).max(low).min(high);
        match biproportional::women_cells(problem, women_weights, &compiled, &seats, total)? {
            Some(w) => Some(w),
            None => return Ok(None),
        }
    } else {
        compiled.women_split(&seats)
    };
    Ok(Some(Solved {
        seats,
        women,
        compiled,
    }))
}

fn women_by_method(problem: &RulesProblem<'_>, women: &[Decimal]) -> Result<u64, RulesError> {
    let mut all = problem.weights.to_vec();
    all.extend_from_slice(women);
    let (scaled, scale) = to_common_scale(&all);
    let n = problem.weights.len();
    let total: BigUint = scaled[..n].iter().sum();
    let total_women: BigUint = scaled[n..].iter().sum();
    let men = total - &total_women;
    let weights = [
        scaled_decimal(&total_women, scale)?,
        scaled_decimal(&men, scale)?,
    ];
    let names = ["women".to_string(), "men".to_string()];
    let bounds = Bounds::none(2);
    let allocation = apportion(&Problem {
        names: &names,
        weights: &weights,
        house: problem.house,
        method: problem.method,
        bounds: &bounds,
        tie_break: TieBreak::Report,
    })?;
    Ok(allocation.seats()[0])
}

/// The decimal `digits / 10^scale`.
fn scaled_decimal(digits: &BigUint, scale: u32) -> Result<Decimal, RulesError> {
    Ok(Decimal::from_scaled(digits.clone(), scale))
}

fn validate(problem: &RulesProblem<'_>) -> Result<(), RulesError> {
    let n = problem.names.len();
    if n == 0 {
        return Err(SolveError::NoRegions.into());
    }
    if problem.weights.len() != n {
        return Err(SolveError::LengthMismatch(n, problem.weights.len()).into());
    }
    if problem.house == 0 {
        return Err(SolveError::EmptyHouse.into());
    }
    // Far beyond any real body; the engine's work grows with the seats.
    if problem.house > MAX_RULES_HOUSE {
        return Err(SolveError::HouseTooLarge.into());
    }
    if problem.weights.iter().all(Decimal::is_zero) {
        return Err(SolveError::AllZero.into());
    }
    if let Some(women) = problem.women_weights {
        if women.len() != n {
            return Err(SolveError::LengthMismatch(n, women.len()).into());
        }
        for (i, (w, v)) in women.iter().zip(problem.weights).enumerate() {
            if w.to_rational() > v.to_rational() {
                return Err(RulesError::InvalidRule {
                    rule: "women members".into(),
                    message: format!(
                        "{} has {w} women members but only {v} members in all",
                        problem.names[i]
                    ),
                });
            }
        }
    }
    for named in problem.rules {
        let bad = |message: String| RulesError::InvalidRule {
            rule: named.name.clone(),
            message,
        };
        let check_region = |i: usize| {
            if i >= n {
                Err(bad(format!(
                    "there is no region #{} (there are {n})",
                    i + 1
                )))
            } else {
                Ok(())
            }
        };
        match &named.rule {
            Rule::AtLeast { scope, .. }
            | Rule::AtMost { scope, .. }
            | Rule::Exactly { scope, .. }
            | Rule::Base { scope, .. } => {
                if let Scope::Region(i) = scope {
                    check_region(*i)?;
                }
            }
            Rule::Group {
                regions,
                at_least,
                at_most,
            } => {
                if regions.is_empty() {
                    return Err(bad("a group needs at least one region".into()));
                }
                for &i in regions {
                    check_region(i)?;
                }
                if at_least.is_none() && at_most.is_none() {
                    return Err(bad(
                        "say how many seats the group needs: at_least, at_most or both".into(),
                    ));
                }
            }
            Rule::WomenAtLeast(WomenTarget::Percent { percent, .. })
                if percent.to_rational() > BigRational::from_integer(BigInt::from(100)) =>
            {
                return Err(bad(format!(
                    "{percent}% is more than 100%; give a percentage between 0 and 100"
                )));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The method's own allocation, with no rules.
fn alone(problem: &RulesProblem<'_>) -> Option<Vec<u64>> {
    program::method_seats(problem, &Bounds::none(problem.names.len()))
}

/// Each rule whose removal changes the result, with the seats it moves
/// and the change in disproportionality.
fn binding_rules(
    problem: &RulesProblem<'_>,
    worths: &Worths,
    solved: &Solved,
) -> Result<Vec<Binding>, RulesError> {
    let with = indices(problem.weights, &solved.seats);
    let mut out = Vec::new();
    for (r, named) in problem.rules.iter().enumerate() {
        let mut active = vec![true; problem.rules.len()];
        active[r] = false;
        // The answer keeps the rules left, so the solve without this one
        // starts from it: its walk is short when the rule moves little.
        let Some(without) = solve_with(problem, worths, &active, Some(&solved.seats))? else {
            // Only a maximum of 0 can do this: it waives the first seat a
            // d(0) = 0 method owes, and without it those seats outnumber
            // the house. The rule binds, with no allocation to compare.
            out.push(Binding {
                rule: named.name.clone(),
                text: named.rule.describe(problem.names, problem.house),
                seats_moved: 0,
                without: solved.seats.clone(),
                gallagher_change: 0.0,
                loosemore_hanby_change: 0.0,
                effect: Some("without it the other rules cannot all hold".into()),
            });
            continue;
        };
        // When the allocation without the rule keeps every rule, it is as
        // good as ours under them all: the two differ by a tie, and the
        // rule moves nothing.
        let moved: u64 = if solved.compiled.admits(&without.seats, problem.house) {
            0
        } else {
            solved
                .seats
                .iter()
                .zip(&without.seats)
                .map(|(a, b)| a.saturating_sub(*b))
                .sum()
        };
        let effect = if moved == 0 && named.rule.is_gender() {
            women_effect(solved, &without)
        } else {
            None
        };
        if moved == 0 && effect.is_none() {
            continue;
        }
        let other = indices(problem.weights, &without.seats);
        out.push(Binding {
            rule: named.name.clone(),
            text: named.rule.describe(problem.names, problem.house),
            seats_moved: moved,
            without: without.seats,
            gallagher_change: with.gallagher - other.gallagher,
            loosemore_hanby_change: with.loosemore_hanby - other.loosemore_hanby,
            effect,
        });
    }
    Ok(out)
}

/// What a gender rule that moves no seat does to the women's seats: the
/// women's total (at least what the rules require, or the delegations'
/// own minimums if more) and which delegations must include women. With
/// no gender rule left, any delegation may be all men.
fn women_effect(with: &Solved, without: &Solved) -> Option<String> {
    let with_women = with.women.as_ref()?;
    let free: Vec<WomenSeats>;
    let without_women = match &without.women {
        Some(w) => w,
        None => {
            free = with
                .seats
                .iter()
                .map(|&s| WomenSeats {
                    at_least: 0,
                    at_most: s,
                })
                .collect();
            &free
        }
    };
    let total = |w: &[WomenSeats], required: Option<u64>| -> (u64, u64) {
        (
            w.iter()
                .map(|x| x.at_least)
                .sum::<u64>()
                .max(required.unwrap_or(0)),
            w.iter().map(|x| x.at_most).sum(),
        )
    };
    let (lo, hi) = total(with_women, with.compiled.women);
    let (blo, bhi) = total(without_women, without.compiled.women);
    if (blo, bhi) != (lo, hi) {
        return Some(format!(
            "women's seats go from {} to {}",
            range_text(blo, bhi),
            range_text(lo, hi)
        ));
    }
    (without_women != with_women).then(|| "decides which delegations must include women".into())
}

fn range_text(lo: u64, hi: u64) -> String {
    if lo == hi {
        format!("{lo}")
    } else {
        format!("{lo}–{hi}")
    }
}
