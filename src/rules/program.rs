//! The integer program for region seats, built with `good_lp` and solved
//! by its pure-Rust `microlp` backend.
//!
//! Variables are `x(i,t)` = "region `i` holds at least `t` seats" for `t`
//! in a window around a centre, each earning that seat's worth (see the
//! module above); a women's total is stated on the most women each
//! delegation can hold (see [`with_seat_rules`]). The window keeps the program small (435 seats over 50 states
//! would otherwise need 21,750 variables): when the optimum touches an
//! edge of the window that is not a rule, the window is widened and the
//! program solved again, up to the full range.
//!
//! # The centre, and infeasibility, without the step variables
//!
//! The constrained method's allocation under the per-region bounds is the
//! optimum over a larger set (the rules dropped), so when it keeps every
//! rule it is the answer, with no program at all. Otherwise a small
//! program with one integer per region and no objective (no step
//! variables) finds an allocation that keeps the rules within a few seats
//! of it, widened up to the full range, or proves that none does:
//! infeasibility is decided there, instead of by widening a window of
//! step variables to the full program (21,750 binaries on the US data).
//! From that point (or from a caller's allocation that keeps the rules: the
//! answer under every rule, when one rule is dropped to price it) the
//! optimum is walked to, one small window of step variables at a time,
//! re-centred while the window's best touches an edge that is not a rule.

use good_lp::{
    constraint, microlp, variable, Expression, ProblemVariables, ResolutionError, Solution,
    SolverModel, Variable,
};

use super::exact::{boundary_worths, Worths};
use super::{Compiled, RulesError, RulesProblem};
use crate::solve::{apportion, Bounds, Problem, TieBreak};

/// The seats per region under the compiled rules, or `None` when no
/// allocation meets them. The answer is the solver's; the caller checks it
/// exactly.
pub(crate) fn solve_seats(
    problem: &RulesProblem<'_>,
    worths: &Worths,
    compiled: &Compiled,
    hint: Option<&[u64]>,
) -> Result<Option<Vec<u64>>, RulesError> {
    let Some(range) = full_range(problem, compiled) else {
        return Ok(None);
    };
    let start = start(problem, compiled);
    if let Some(seats) = &start {
        if compiled.admits(seats, problem.house) {
            // The optimum with the coupling rules dropped keeps them.
            return Ok(start);
        }
    }
    let mut centre = match hint.and_then(|h| centre_from(problem, worths, compiled, h)) {
        Some(h) => h,
        None => match feasible_near(problem, compiled, &range, start.as_deref())? {
            Some(c) => c,
            None => return Ok(None),
        },
    };
    // Walk: the best allocation in a window of 2 seats either way of the
    // centre, re-centred on it while it touches an edge of the window that
    // is not a rule. Each window's program is small (4 step variables a
    // region) where one window widened around a far centre grows past
    // 10,000 binaries; each step's answer is at least as good as the
    // centre (which lies in its window), and the walk ends where the
    // widening search ends, at an optimum inside its window. A walk that
    // does not settle (a cycle of equally good answers on the edge) hands
    // over to the widening search from where it stands.
    for _ in 0..WALK_STEPS {
        let window = window(&range, &centre, WALK_REACH);
        let Some(found) = program(
            problem,
            worths,
            compiled,
            &window.lo,
            &window.hi,
            &Limits::default(),
        )?
        else {
            break;
        };
        let on_edge = at_artificial_edge(&found, &window, &range);
        if !on_edge {
            return Ok(Some(found));
        }
        if found == centre {
            break;
        }
        centre = found;
    }
    let mut reach = WALK_REACH;
    search(
        problem,
        worths,
        compiled,
        &range,
        Some(&centre),
        &Limits::default(),
        &mut reach,
    )
}

/// `hint` as the walk's first centre: as it is when it keeps the rules at
/// this house; with one seat fewer (the answer at the size below), grown
/// by the seat of greatest worth whose addition keeps them, so that the
/// walk starts next to the answer instead of at any allocation that keeps
/// the rules. `None` when neither works.
fn centre_from(
    problem: &RulesProblem<'_>,
    worths: &Worths,
    compiled: &Compiled,
    hint: &[u64],
) -> Option<Vec<u64>> {
    let house = problem.house;
    if hint.len() != compiled.floor.len() {
        return None;
    }
    let held = hint.iter().try_fold(0u64, |t, &s| t.checked_add(s))?;
    if held == house {
        return compiled.admits(hint, house).then(|| hint.to_vec());
    }
    if held.checked_add(1)? != house {
        return None;
    }
    let priced = worths.priced(&compiled.base);
    let (_, gains) = boundary_worths(&priced, compiled, hint);
    let mut by_worth: Vec<usize> = (0..hint.len()).filter(|&i| gains[i].is_some()).collect();
    by_worth.sort_by(|&a, &b| gains[b].cmp(&gains[a]));
    by_worth.into_iter().find_map(|i| {
        let mut grown = hint.to_vec();
        grown[i] += 1;
        compiled.admits(&grown, house).then_some(grown)
    })
}

/// Seats either way of the centre in each step of the walk.
const WALK_REACH: u64 = 2;

/// The most steps of the walk before the widening search takes over.
const WALK_STEPS: usize = 64;

/// Every region's seats within `reach` of `centre`, inside `full`.
fn window(full: &Range, centre: &[u64], reach: u64) -> Range {
    let n = full.lo.len();
    Range {
        lo: (0..n)
            .map(|i| {
                full.lo[i]
                    .max(centre[i].saturating_sub(reach))
                    .min(full.hi[i])
            })
            .collect(),
        hi: (0..n)
            .map(|i| {
                full.hi[i]
                    .min(centre[i].saturating_add(reach))
                    .max(full.lo[i])
            })
            .collect(),
    }
}

/// Whether some region holds seats at an edge of `window` that is not an
/// edge of `full` (a rule's).
fn at_artificial_edge(seats: &[u64], window: &Range, full: &Range) -> bool {
    (0..seats.len()).any(|i| {
        (seats[i] == window.lo[i] && window.lo[i] > full.lo[i])
            || (seats[i] == window.hi[i] && window.hi[i] < full.hi[i])
    })
}

/// An allocation that meets the compiled rules with every region within
/// a window around `start` (the method's allocation), widened (2, 8, 32,
/// … seats either way) until one is found or the window is the full
/// range, where no answer proves that none exists. The program has no
/// objective: the first integer point the solver reaches ends it, where
/// an objective (the distance to `start`, say) made the branch and bound
/// prove optimality among many equally near points (minutes on 200
/// regions with 20 overlapping groups); the window keeps the point near
/// `start` instead, and the exact repair climbs from it.
fn feasible_near(
    problem: &RulesProblem<'_>,
    compiled: &Compiled,
    range: &Range,
    start: Option<&[u64]>,
) -> Result<Option<Vec<u64>>, RulesError> {
    let Some(s) = start else {
        return any_feasible(problem, compiled, range);
    };
    let mut reach: u64 = 2;
    loop {
        let window = window(range, s, reach);
        let is_full = window == *range;
        if let Some(found) = any_feasible(problem, compiled, &window)? {
            return Ok(Some(found));
        }
        if is_full {
            return Ok(None);
        }
        reach = reach.saturating_mul(4);
    }
}

/// Whether any allocation meets the compiled rules (the solver's verdict
/// on the small program with one integer per region, or an exact check
/// of the method's allocation when that keeps them).
pub(crate) fn feasible(
    problem: &RulesProblem<'_>,
    compiled: &Compiled,
) -> Result<bool, RulesError> {
    let Some(range) = full_range(problem, compiled) else {
        return Ok(false);
    };
    let start = start(problem, compiled);
    if start
        .as_ref()
        .is_some_and(|s| compiled.admits(s, problem.house))
    {
        return Ok(true);
    }
    Ok(any_feasible(problem, compiled, &range)?.is_some())
}

/// An allocation within `range` that meets the compiled rules, `None`
/// when none does. One integer per region (and one for half its seats
/// under balanced delegations with a women's total), so the program has
/// `O(n)` variables whatever the house, and no objective (see [`feasible_near`]).
///
/// Its "infeasible" is the solver's verdict in floats, trusted as the
/// full program's was: every coefficient is 0, ±1 or 2 and every bound an
/// integer of at most 10,000 ([`super::MAX_RULES_HOUSE`]), far from where
/// the solver's tolerances could lose a point. The proptests in
/// `scale_tests.rs` compare the verdict with the full program's.
pub(crate) fn any_feasible(
    problem: &RulesProblem<'_>,
    compiled: &Compiled,
    range: &Range,
) -> Result<Option<Vec<u64>>, RulesError> {
    let n = range.lo.len();
    let mut vars = ProblemVariables::new();
    let seats: Vec<Variable> = (0..n)
        .map(|i| {
            vars.add(
                variable()
                    .integer()
                    .min(range.lo[i] as f64)
                    .max(range.hi[i] as f64),
            )
        })
        .collect();
    // Under balanced delegations a region of s seats holds at most
    // ceil(s/2) women: an integer u with 2u <= s + 1 stands for it.
    let halves: Vec<Variable> = if compiled.balanced && compiled.women.is_some_and(|w| w > 0) {
        (0..n)
            .map(|i| vars.add(variable().integer().min(0).max(range.hi[i] as f64)))
            .collect()
    } else {
        Vec::new()
    };
    let mut model = vars.minimise(Expression::from(0.0)).using(microlp);
    for (&u, &s) in halves.iter().zip(&seats) {
        model = model.with(constraint!(2 * u <= s + 1));
    }
    let most_women: Vec<Expression> = if halves.is_empty() { &seats } else { &halves }
        .iter()
        .map(|&x| Expression::from(x))
        .collect();
    let seat_expressions: Vec<Expression> = seats.iter().map(|&x| Expression::from(x)).collect();
    model = with_seat_rules(model, problem, compiled, &seat_expressions, &most_women);
    let solution = match model.solve() {
        Ok(s) => s,
        Err(ResolutionError::Infeasible) => return Ok(None),
        Err(e) => return Err(RulesError::Internal(format!("the solver failed: {e}"))),
    };
    Ok(Some(
        seats
            .iter()
            .map(|&x| solution.value(x).round().max(0.0) as u64)
            .collect(),
    ))
}

/// The rules every program states the same way: the house, the group
/// totals and the women's total, on each region's seats (`seats`) and the
/// most women it can hold under the per-delegation rules (`most_women`:
/// its seats, or half of them rounded up under balanced delegations).
///
/// The per-delegation rules (balanced delegations, a woman in each
/// delegation of two or more) leave every delegation at least one way to
/// seat its women ([`Compiled::women_range`] is never empty), so with
/// seats fixed the women's rules hold exactly when the most women every
/// delegation can hold reach the total required
/// ([`Compiled::women_split`]). The programs state that alone, with no
/// integer for each region's women, which the branch and bound would
/// otherwise split one odd delegation at a time (over a minute and 2 GB
/// on 632 regions).
fn with_seat_rules(
    mut model: good_lp::solvers::microlp::MicroLpProblem,
    problem: &RulesProblem<'_>,
    compiled: &Compiled,
    seats: &[Expression],
    most_women: &[Expression],
) -> good_lp::solvers::microlp::MicroLpProblem {
    let sum: Expression = seats.iter().cloned().sum();
    model = model.with(constraint!(sum == problem.house as f64));
    for (members, at_least, at_most) in &compiled.groups {
        let total: Expression = members.iter().map(|&i| seats[i].clone()).sum();
        if *at_least > 0 {
            model = model.with(constraint!(total.clone() >= *at_least as f64));
        }
        if let Some(b) = at_most {
            model = model.with(constraint!(total <= *b as f64));
        }
    }
    if let Some(need) = compiled.women.filter(|&need| need > 0) {
        let total: Expression = most_women.iter().cloned().sum();
        model = model.with(constraint!(total >= need as f64));
    }
    model
}

/// The seats each region may hold at all: its floor, and its cap or the
/// house less the others' floors; `None` when these leave no room.
pub(crate) fn full_range(problem: &RulesProblem<'_>, compiled: &Compiled) -> Option<Range> {
    let n = problem.names.len();
    let house = problem.house;
    // Floors of any size (base seats of 2^63 each) must not wrap.
    let floor_total: u64 = compiled
        .floor
        .iter()
        .try_fold(0u64, |sum, &f| sum.checked_add(f))
        .unwrap_or(u64::MAX);
    if floor_total > house {
        return None;
    }
    let lo = compiled.floor.clone();
    let hi: Vec<u64> = (0..n)
        .map(|i| compiled.cap[i].min(house - (floor_total - compiled.floor[i])))
        .collect();
    if lo.iter().zip(&hi).any(|(lo, hi)| lo > hi) {
        return None;
    }
    Some(Range { lo, hi })
}

/// Least and most seats per region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Range {
    pub lo: Vec<u64>,
    pub hi: Vec<u64>,
}

impl Range {
    /// The number of step variables the program has over this range.
    pub fn steps(&self) -> u64 {
        self.lo.iter().zip(&self.hi).map(|(lo, hi)| hi - lo).sum()
    }
}

/// What the tie search adds to the program: allocations cut off, and a
/// floor on the objective (a reference allocation's, less a tolerance).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Limits<'a> {
    pub cuts: &'a [Vec<u64>],
    pub floor: Option<(&'a [u64], f64)>,
}

/// The solver's best allocation other than those in `cuts` (each cut off
/// by a no-good constraint), with every region's seats in a window of
/// `reach` seats around `centre` (the full range without a centre). When
/// the best solution touches an edge of the window that is not a rule, or
/// nothing in the window is left, the window is widened (`reach` grows,
/// and stays grown for the caller's next call) and the program solved
/// again, up to the full range.
pub(crate) fn search(
    problem: &RulesProblem<'_>,
    worths: &Worths,
    compiled: &Compiled,
    full: &Range,
    centre: Option<&[u64]>,
    limits: &Limits<'_>,
    reach: &mut u64,
) -> Result<Option<Vec<u64>>, RulesError> {
    loop {
        let window = match centre {
            Some(s) => window(full, s, *reach),
            None => full.clone(),
        };
        let is_full = window == *full;
        let found = program(problem, worths, compiled, &window.lo, &window.hi, limits)?;
        let at_artificial_edge = match &found {
            Some(seats) => at_artificial_edge(seats, &window, full),
            // With a floor on the objective, nothing in the window is as
            // good as the reference: the window has no tie.
            None => limits.floor.is_none(),
        };
        if is_full || !at_artificial_edge {
            return Ok(found);
        }
        *reach = reach.saturating_mul(4);
    }
}

/// The constrained method's allocation under the per-region bounds: the
/// answer whenever no group or gender rule binds, so the window's centre.
fn start(problem: &RulesProblem<'_>, compiled: &Compiled) -> Option<Vec<u64>> {
    let bounds = Bounds {
        min: compiled.floor.clone(),
        max: compiled.cap.iter().map(|&c| Some(c)).collect(),
        base: compiled.base.clone(),
    };
    method_seats(problem, &bounds)
}

/// The foundation's exact allocation of the problem under `bounds`, if it
/// has one.
pub(crate) fn method_seats(problem: &RulesProblem<'_>, bounds: &Bounds) -> Option<Vec<u64>> {
    apportion(&Problem {
        names: problem.names,
        weights: problem.weights,
        house: problem.house,
        method: problem.method,
        bounds,
        tie_break: TieBreak::Report,
    })
    .ok()
    .map(|a| a.seats())
}

/// One solve with every region's seats between `lo` and `hi`.
///
/// The solver works in floating point; on weights many orders of
/// magnitude apart it can fail on the objective floor (a numerical
/// failure, not infeasibility). The solve is then tried once more without
/// the floor, which only narrows the search: every answer is checked
/// exactly by the caller either way.
fn program(
    problem: &RulesProblem<'_>,
    worths: &Worths,
    compiled: &Compiled,
    lo: &[u64],
    hi: &[u64],
    limits: &Limits<'_>,
) -> Result<Option<Vec<u64>>, RulesError> {
    match program_once(problem, worths, compiled, lo, hi, limits, true) {
        Err(RulesError::Internal(_)) if limits.floor.is_some() => {
            program_once(problem, worths, compiled, lo, hi, limits, false)
        }
        result => result,
    }
}

fn program_once(
    problem: &RulesProblem<'_>,
    worths: &Worths,
    compiled: &Compiled,
    lo: &[u64],
    hi: &[u64],
    limits: &Limits<'_>,
    use_floor: bool,
) -> Result<Option<Vec<u64>>, RulesError> {
    let n = lo.len();
    let priced = worths.priced(&compiled.base);
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::from(0.0);
    let mut steps: Vec<Vec<Variable>> = Vec::with_capacity(n);
    let mut seats: Vec<Expression> = Vec::with_capacity(n);
    for i in 0..n {
        let mut region = Vec::new();
        let mut total = Expression::from(lo[i] as f64);
        for t in lo[i] + 1..=hi[i] {
            let x = vars.add(variable().binary());
            objective += priced.approx(i, t - 1 - compiled.base[i]) * x;
            total += x;
            region.push(x);
        }
        steps.push(region);
        seats.push(total);
    }
    // The most women each region can hold: its seats, or under balanced
    // delegations ceil(seats/2), which gains one with each odd seat.
    let most_women: Vec<Expression> = (0..n)
        .map(|i| {
            if !compiled.balanced {
                return seats[i].clone();
            }
            let mut most = Expression::from(lo[i].div_ceil(2) as f64);
            for (k, &x) in steps[i].iter().enumerate() {
                // steps[i][k] is "at least lo + 1 + k seats".
                if (lo[i] + 1 + k as u64) % 2 == 1 {
                    most += x;
                }
            }
            most
        })
        .collect();
    // The floor: at least the reference seats' objective (counted in the
    // window, as the variables are) less the tolerance.
    let floor = limits
        .floor
        .filter(|_| use_floor)
        .and_then(|(reference, tolerance)| {
            let inside = (0..n).all(|i| lo[i] <= reference[i] && reference[i] <= hi[i]);
            inside.then(|| {
                let value: f64 = (0..n)
                    .map(|i| {
                        (lo[i] + 1..=reference[i])
                            .map(|t| priced.approx(i, t - 1 - compiled.base[i]))
                            .sum::<f64>()
                    })
                    .sum();
                value - tolerance
            })
        });
    let mut model = vars.maximise(objective.clone()).using(microlp);
    if let Some(floor) = floor {
        model = model.with(constraint!(objective >= floor));
    }
    for region in &steps {
        for pair in region.windows(2) {
            model = model.with(constraint!(pair[1] <= pair[0]));
        }
    }
    // No-good cuts: a solution differs from `cut` exactly when some
    // region holds fewer seats (its step `cut[i]` is off) or more (its
    // step `cut[i] + 1` is on); the steps are chained, so these 2n terms
    // say the same as the sum over every step variable.
    for cut in limits.cuts {
        if (0..n).any(|i| cut[i] < lo[i] || cut[i] > hi[i]) {
            continue; // outside the window already
        }
        let mut differs = Expression::from(0.0);
        for i in 0..n {
            // steps[i][k] is "at least lo + 1 + k seats".
            if cut[i] > lo[i] {
                differs += 1.0 - steps[i][(cut[i] - lo[i] - 1) as usize];
            }
            if cut[i] < hi[i] {
                differs += steps[i][(cut[i] - lo[i]) as usize];
            }
        }
        model = model.with(constraint!(differs >= 1.0));
    }
    model = with_seat_rules(model, problem, compiled, &seats, &most_women);
    let solution = match model.solve() {
        Ok(s) => s,
        Err(ResolutionError::Infeasible) => return Ok(None),
        Err(e) => return Err(RulesError::Internal(format!("the solver failed: {e}"))),
    };
    let seats = (0..n)
        .map(|i| {
            let held: f64 = steps[i].iter().map(|&x| solution.value(x)).sum();
            lo[i] + held.round().max(0.0) as u64
        })
        .collect();
    Ok(Some(seats))
}
