//! Is an allocation the same for every weight vector in a box around the
//! weights (the published rounding, or a stated uncertainty)? Exact, not
//! sampled.
//!
//! An allocation t is the method's allocation at weights w exactly when no
//! region's next seat outranks another region's last seat. For a pair (i
//! could gain, j could lose) that condition is, for divisor methods,
//! `w_i / d(t_i) ≤ w_j / d(t_j − 1)`, and for largest remainders with quota
//! Q = V/(S + c) (Hamilton c = 0, hagenbach-bischoff 1, imperiali-quota 2)
//! `(S + c)(w_i − w_j) ≤ (t_i − t_j + 1) Σw`. Both are linear in w (for
//! Huntington–Hill compare squares, which keeps the sides' order), so the
//! worst case over a box of independent intervals is a corner: each weight
//! at the end its coefficient favours. The allocation is the same across
//! the box exactly when no pair's worst corner breaks the condition; every
//! corner that breaks it is a concrete weight vector that changes the
//! seats, and one that meets it with equality makes the seats tied.
//!
//! Under group and gender rules of the exchange shape (divisor methods,
//! no region in two groups, gender rules that cannot decide a region's
//! seats: [`crate::rules::ExchangeRules`]) an allocation is optimal
//! exactly when no seat move the rules admit improves it, and the moves
//! they admit depend on the seats alone: the same pair test over those
//! moves decides. Other rules are refused.
//!
//! Scaling every weight by one factor changes no seat under these methods,
//! so the box needs no renormalisation: a vector in it and the same vector
//! renormalised to 100 give the same seats. Droop's quota ⌊V/(S+1)⌋ + 1 is
//! not scale-free and is not covered.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

use crate::allocation::Allocation;
use crate::error::Error;
use crate::method::{Method, QuotaMethod, SignpostKind};
use crate::number::{pow10, Decimal};
use crate::outcome::Setup;
use crate::scenario::{Basis, Dataset, Scenario};
use crate::solve::{SolveError, TieBreak};

/// The box of weights to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spread {
    /// Each weight ± half a unit of its last decimal (20.54 → ± 0.005).
    Rounding,
    /// Each weight ± this amount.
    HalfWidth(Decimal),
    /// Each weight ± this percentage of itself.
    Percent(Decimal),
}

/// A weight vector that changes the seats.
#[derive(Debug, Clone)]
pub struct Flip {
    /// The region whose next seat rises above the other's last.
    pub gainer: usize,
    /// The region whose last seat falls below.
    pub loser: usize,
    /// The weights, a corner of the box, exactly.
    pub weights: Vec<Decimal>,
    /// True when the corner only ties the two seats.
    pub tie_only: bool,
    /// The allocation at those weights.
    pub allocation: Allocation,
}

/// A pair of regions whose seats can change hands inside the box, beyond
/// the first [`MAX_FLIP_VECTORS`] (listed without a vector).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The region whose next seat rises above the other's last.
    pub gainer: usize,
    /// The region whose last seat falls below.
    pub loser: usize,
    /// True when the worst corner only ties the two seats.
    pub tie_only: bool,
}

/// The most flipping pairs given with their weight vector and the
/// allocation there (each is an exact solve and a vector of every
/// weight); further pairs are listed as [`Pair`]s. A wide box on many
/// regions can flip tens of thousands of pairs.
pub const MAX_FLIP_VECTORS: usize = 100;

/// [`MAX_FLIP_VECTORS`] under group or gender rules, where each vector's
/// allocation is solved by the rules engine.
pub const MAX_RULES_FLIP_VECTORS: usize = 5;

/// The answer.
#[derive(Debug, Clone)]
pub struct Robustness {
    /// The allocation at the given weights.
    pub allocation: Allocation,
    /// Each weight's interval, (low, high).
    pub intervals: Vec<(Decimal, Decimal)>,
    /// The pairs whose seats can change inside the box, each with a
    /// vector: the first [`MAX_FLIP_VECTORS`] of them.
    pub flips: Vec<Flip>,
    /// The further pairs, without a vector (empty unless `flips` is full).
    pub more: Vec<Pair>,
}

impl Robustness {
    /// True when every vector in the box gives the same, untied seats.
    pub fn stable(&self) -> bool {
        self.flips.is_empty() && self.allocation.tie.is_none()
    }

    /// How many pairs can change hands, with a vector or not.
    pub fn pairs(&self) -> usize {
        self.flips.len() + self.more.len()
    }
}

/// Why a robustness check cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RobustError {
    /// Droop is not scale-free.
    #[error("robust covers divisor methods and hamilton, hagenbach-bischoff and imperiali-quota; droop's quota ⌊V/(S+1)⌋+1 changes with the units, so use hagenbach-bischoff (the exact V/(S+1)) instead")]
    Droop,
    /// The solve failed.
    #[error(transparent)]
    Solve(#[from] crate::error::Error),
}

fn decimal_of(value: &BigRational) -> Option<Decimal> {
    if value.is_negative() {
        return None;
    }
    // Corners are sums and products of decimals, so they end; their digits
    // after the point are at most those of a weight and the spread together
    // (plus three for "half a unit" and "per cent"), far below this bound.
    for scale in 0..=400u32 {
        let scaled = value * BigRational::from_integer(BigInt::from(pow10(scale)));
        if scaled.is_integer() {
            return Some(Decimal::from_scaled(
                scaled.to_integer().to_biguint()?,
                scale,
            ));
        }
    }
    None
}

/// Each weight's interval under a spread.
pub fn intervals(weights: &[Decimal], spread: &Spread) -> Vec<(BigRational, BigRational)> {
    weights
        .iter()
        .map(|w| {
            let v = w.to_rational();
            let half = match spread {
                Spread::Rounding => {
                    BigRational::new(BigInt::from(5), BigInt::from(pow10(w.scale() + 1)))
                }
                Spread::HalfWidth(h) => h.to_rational(),
                Spread::Percent(p) => {
                    &v * p.to_rational() / BigRational::from_integer(BigInt::from(100))
                }
            };
            let low = &v - &half;
            let low = if low.is_negative() {
                BigRational::zero()
            } else {
                low
            };
            (low, v + half)
        })
        .collect()
}

/// Checks the allocation at `house` seats under `method` against every
/// weight vector in the box.
pub fn robust(
    setup: &Setup,
    house: u64,
    method: &Method,
    spread: &Spread,
) -> Result<Robustness, RobustError> {
    if matches!(method, Method::Quota(QuotaMethod::Droop)) {
        return Err(RobustError::Droop);
    }
    // Rules that cannot hold say so first.
    let allocation = setup.solve(house, method)?;
    let exchange = match setup.engine {
        false => None,
        true => Some(setup.exchange_rules(house, method).ok_or_else(|| {
            RobustError::Solve(Error::NotUnderRules {
                command: "robust",
                rules: setup.engine_rule_names(),
                why: "its exact check of every weight in the box reads the seats that can change hands pair by pair, which these rules do not allow (it needs a divisor method, no region in two groups, no base seats, and gender rules that cannot decide a region's seats); check how close each seat is with `seatshare margin` (exact under rules for divisor methods), or run robust without those rules".into(),
            })
        })?),
    };
    let boxes = intervals(&setup.weights, spread);
    let n = setup.names.len();
    let held: Vec<u64> = allocation
        .regions
        .iter()
        .map(|r| r.seats - r.base)
        .collect();
    // Under rules, the allocation is optimal exactly when no seat move the
    // rules admit improves it (see [`crate::rules::ExchangeRules`]); which
    // moves they admit depends on the seats alone, so the pairs are those
    // moves, and the rest of the check is the same.
    let totals = exchange.as_ref().map(|r| r.totals(&held));
    let floor = match &exchange {
        Some(r) => r.floor.clone(),
        None => setup.floors(method),
    };
    let below_max = |i: usize| match &exchange {
        Some(r) => held[i] < r.cap[i],
        None => setup.bounds.max[i].is_none_or(|m| allocation.regions[i].seats < m),
    };
    let admitted = |from: usize, to: usize| match (&exchange, &totals) {
        (Some(r), Some(t)) => r.classes_admit(t, from, to),
        _ => true,
    };
    // Each vector's allocation is an exact solve: under rules, a program.
    let vectors = if exchange.is_some() {
        MAX_RULES_FLIP_VECTORS
    } else {
        MAX_FLIP_VECTORS
    };
    let corners = Corners::new(&boxes, setup);
    let small = SmallCorners::new(&corners, method, &held, house, setup);
    let mut flips = Vec::new();
    let mut more = Vec::new();
    crate::progress::begin(format!("robust under {}, regions", method.id()), n as u64);
    for i in (0..n).filter(|&i| below_max(i)) {
        crate::progress::advance();
        for j in (0..n).filter(|&j| j != i && held[j] > floor[j] && admitted(j, i)) {
            // On machine integers where they fit: only the order decides
            // whether the pair is listed, and the corner is built only
            // for the pairs given with a vector.
            let order = match small.as_ref().map(|s| s.order(i, j)) {
                Some(Some(order)) => Some(order),
                _ => worst_corner(method, &corners, &held, i, j, house, setup, false)
                    .map(|(_, order)| order),
            };
            let Some(order) = order else {
                continue;
            };
            if order == Ordering::Less {
                continue;
            }
            if flips.len() >= vectors {
                more.push(Pair {
                    gainer: i,
                    loser: j,
                    tie_only: order == Ordering::Equal,
                });
                continue;
            }
            let Some((corner, _)) = worst_corner(method, &corners, &held, i, j, house, setup, true)
            else {
                continue;
            };
            let weights: Option<Vec<Decimal>> = corner.iter().map(decimal_of).collect();
            let weights = weights.ok_or_else(|| {
                crate::error::Error::from(SolveError::Internal(
                    "a corner of the box has no exact decimal".into(),
                ))
            })?;
            let allocation = setup.with_weights(weights.clone()).solve(house, method)?;
            flips.push(Flip {
                gainer: i,
                loser: j,
                weights,
                tie_only: order == Ordering::Equal,
                allocation,
            });
        }
    }
    let intervals = boxes
        .iter()
        .map(|(l, h)| {
            let text = |x: &BigRational| decimal_of(x).unwrap_or_else(|| Decimal::from_u64(0));
            (text(l), text(h))
        })
        .collect();
    Ok(Robustness {
        allocation,
        intervals,
        flips,
        more,
    })
}

/// What every pair's corner is built from, computed once: the nominal
/// weights and, for quota methods, the sums of the boxes' low ends, high
/// ends and nominal weights.
struct Corners<'a> {
    boxes: &'a [(BigRational, BigRational)],
    nominal: Vec<BigRational>,
    low_sum: BigRational,
    high_sum: BigRational,
    nominal_sum: BigRational,
}

impl<'a> Corners<'a> {
    fn new(boxes: &'a [(BigRational, BigRational)], setup: &Setup) -> Corners<'a> {
        let nominal: Vec<BigRational> = setup.weights.iter().map(Decimal::to_rational).collect();
        let sum =
            |it: &mut dyn Iterator<Item = &BigRational>| it.fold(BigRational::zero(), |s, x| s + x);
        Corners {
            low_sum: sum(&mut boxes.iter().map(|b| &b.0)),
            high_sum: sum(&mut boxes.iter().map(|b| &b.1)),
            nominal_sum: sum(&mut nominal.iter()),
            boxes,
            nominal,
        }
    }

    /// Weight k at the end its coefficient favours (the high end when
    /// positive, the low end when negative, nominal when 0).
    fn end(&self, k: usize, coefficient: &BigRational) -> BigRational {
        match coefficient.cmp(&BigRational::zero()) {
            Ordering::Greater => self.boxes[k].1.clone(),
            Ordering::Less => self.boxes[k].0.clone(),
            Ordering::Equal => self.nominal[k].clone(),
        }
    }
}

/// The corner of the box most favourable to region `i`'s next seat against
/// region `j`'s last, and how the two compare there (Greater: the seat
/// changes hands; Equal: tied). The corner itself is built only when the
/// seat changes hands or ties there. `None` when the comparison is
/// undefined (an infinite priority: a first seat a d(0) = 0 method owes).
/// With `build` off the corner is never built (only the order is asked).
#[allow(clippy::too_many_arguments)]
fn worst_corner(
    method: &Method,
    corners: &Corners<'_>,
    held: &[u64],
    i: usize,
    j: usize,
    house: u64,
    setup: &Setup,
    build: bool,
) -> Option<(Vec<BigRational>, Ordering)> {
    let boxes = corners.boxes;
    match method {
        Method::Divisor(d) => {
            let (si, sj) = (d.signpost(held[i])?, d.signpost(held[j] - 1)?);
            if sj.num == 0 {
                return None;
            }
            let corner = || {
                let mut corner = corners.nominal.clone();
                corner[i] = boxes[i].1.clone();
                corner[j] = boxes[j].0.clone();
                corner
            };
            if si.num == 0 {
                return Some((if build { corner() } else { Vec::new() }, Ordering::Greater));
            }
            let int = |x: u128| BigRational::from_integer(BigInt::from(x));
            // w_i / d_i vs w_j / d_j, with d = num/den (or its square).
            let (wi, wj) = (&boxes[i].1, &boxes[j].0);
            let (a, b) = match d.kind() {
                SignpostKind::Rational => (wi.clone(), wj.clone()),
                SignpostKind::SquareRoot => (wi * wi, wj * wj),
            };
            let left = a * int(si.den) * int(sj.num);
            let right = b * int(sj.den) * int(si.num);
            let order = left.cmp(&right);
            Some((
                if order == Ordering::Less || !build {
                    Vec::new()
                } else {
                    corner()
                },
                order,
            ))
        }
        Method::Quota(q) => {
            let c: u64 = match q {
                QuotaMethod::Hamilton => 0,
                QuotaMethod::HagenbachBischoff => 1,
                QuotaMethod::ImperialiQuota => 2,
                QuotaMethod::Droop => return None,
            };
            let free = house - setup.bounds.base.iter().sum::<u64>();
            let s = BigRational::from_integer(BigInt::from(free + c));
            let m = BigRational::from_integer(BigInt::from(held[i]) - BigInt::from(held[j]) + 1);
            // f(w) = s w_i − s w_j − m Σw; each weight goes to the end its
            // coefficient favours: s − m for i, −s − m for j, −m for the
            // rest, whose sum is read off the sums of the ends.
            let (ci, cj, rest) = (&s - &m, -&s - &m, -m.clone());
            let (ei, ej) = (corners.end(i, &ci), corners.end(j, &cj));
            let ends_sum = match rest.cmp(&BigRational::zero()) {
                Ordering::Greater => &corners.high_sum - &boxes[i].1 - &boxes[j].1,
                Ordering::Less => &corners.low_sum - &boxes[i].0 - &boxes[j].0,
                Ordering::Equal => &corners.nominal_sum - &corners.nominal[i] - &corners.nominal[j],
            };
            let value = &ci * &ei + &cj * &ej + &rest * ends_sum;
            let order = value.cmp(&BigRational::zero());
            if order == Ordering::Less || !build {
                return Some((Vec::new(), order));
            }
            let corner = (0..boxes.len())
                .map(|k| {
                    if k == i {
                        ei.clone()
                    } else if k == j {
                        ej.clone()
                    } else {
                        corners.end(k, &rest)
                    }
                })
                .collect();
            Some((corner, order))
        }
    }
}

/// The pair test of [`worst_corner`] on machine integers: every end of
/// every box times one common denominator D (so every comparison is the
/// big-rational one multiplied by D or D², a positive number), with
/// checked arithmetic. `None` when a number does not fit; a single
/// comparison that would overflow answers `None` too, and the big
/// rationals decide that pair.
struct SmallCorners {
    method: Method,
    /// Divisor methods: each region's next seat at the top of its box,
    /// w_high^p · den, over num (`None`: d = 0, an owed seat).
    gain: Vec<Option<(u128, u128)>>,
    /// And its last seat at the bottom, w_low^p · den over num.
    keep: Vec<Option<(u128, u128)>>,
    /// Quota methods: the ends and the sums, scaled.
    low: Vec<i128>,
    high: Vec<i128>,
    nominal: Vec<i128>,
    sums: (i128, i128, i128),
    /// Quota methods: S + c, with S the seats shared.
    shared: i128,
    held: Vec<u64>,
}

impl SmallCorners {
    fn new(
        corners: &Corners<'_>,
        method: &Method,
        held: &[u64],
        house: u64,
        setup: &Setup,
    ) -> Option<SmallCorners> {
        use num_integer::Integer;
        let mut lcm = BigInt::from(1);
        for (l, h) in corners.boxes {
            lcm = lcm.lcm(l.denom()).lcm(h.denom());
        }
        for v in &corners.nominal {
            lcm = lcm.lcm(v.denom());
        }
        let d = BigRational::from_integer(lcm);
        let scaled = |x: &BigRational| -> Option<i128> {
            use num_traits::ToPrimitive;
            let y = x * &d;
            // Far below i128's range, so that the products below fit or
            // are caught.
            y.to_integer()
                .to_i128()
                .filter(|v| v.unsigned_abs() < 1u128 << 62)
        };
        let low: Vec<i128> = corners
            .boxes
            .iter()
            .map(|b| scaled(&b.0))
            .collect::<Option<_>>()?;
        let high: Vec<i128> = corners
            .boxes
            .iter()
            .map(|b| scaled(&b.1))
            .collect::<Option<_>>()?;
        let nominal: Vec<i128> = corners.nominal.iter().map(&scaled).collect::<Option<_>>()?;
        let mut small = SmallCorners {
            method: method.clone(),
            gain: Vec::new(),
            keep: Vec::new(),
            sums: (low.iter().sum(), high.iter().sum(), nominal.iter().sum()),
            low,
            high,
            nominal,
            shared: 0,
            held: held.to_vec(),
        };
        match method {
            Method::Divisor(dm) => {
                let power = match dm.kind() {
                    SignpostKind::Rational => 1,
                    SignpostKind::SquareRoot => 2,
                };
                let term = |w: i128, k: u64| -> Option<Option<(u128, u128)>> {
                    let s = dm.signpost(k)?;
                    let w = u128::try_from(w).ok()?;
                    let wp = if power == 2 { w.checked_mul(w)? } else { w };
                    Some((s.num != 0).then_some((wp.checked_mul(s.den)?, s.num)))
                };
                for (k, &seats) in held.iter().enumerate() {
                    small.gain.push(term(small.high[k], seats)?);
                    small.keep.push(if seats >= 1 {
                        term(small.low[k], seats - 1)?
                    } else {
                        None
                    });
                }
            }
            Method::Quota(q) => {
                let c: u64 = match q {
                    QuotaMethod::Hamilton => 0,
                    QuotaMethod::HagenbachBischoff => 1,
                    QuotaMethod::ImperialiQuota => 2,
                    QuotaMethod::Droop => return None,
                };
                let base = setup
                    .bounds
                    .base
                    .iter()
                    .try_fold(0u64, |sum, &b| sum.checked_add(b))?;
                let free = house.checked_sub(base)?;
                small.shared = i128::from(free.checked_add(c)?);
            }
        }
        Some(small)
    }

    /// How region `i`'s next seat compares with region `j`'s last at the
    /// worst corner; `None` when the big rationals must decide (an owed
    /// first seat, or a product past i128).
    fn order(&self, i: usize, j: usize) -> Option<Ordering> {
        match &self.method {
            Method::Divisor(_) => {
                let (wi, ni) = self.gain[i]?;
                let (wj, nj) = self.keep[j]?;
                Some(wi.checked_mul(nj)?.cmp(&wj.checked_mul(ni)?))
            }
            Method::Quota(_) => {
                let s = self.shared;
                let m = i128::from(self.held[i]) - i128::from(self.held[j]) + 1;
                let (ci, cj, rest) = (s - m, -s - m, -m);
                let end = |k: usize, c: i128| match c.cmp(&0) {
                    Ordering::Greater => self.high[k],
                    Ordering::Less => self.low[k],
                    Ordering::Equal => self.nominal[k],
                };
                let ends_sum = match rest.cmp(&0) {
                    Ordering::Greater => self.sums.1 - self.high[i] - self.high[j],
                    Ordering::Less => self.sums.0 - self.low[i] - self.low[j],
                    Ordering::Equal => self.sums.2 - self.nominal[i] - self.nominal[j],
                };
                let value = ci
                    .checked_mul(end(i, ci))?
                    .checked_add(cj.checked_mul(end(j, cj))?)?
                    .checked_add(rest.checked_mul(ends_sum)?)?;
                Some(value.cmp(&0))
            }
        }
    }
}

/// Counts against rounded shares, when a file has both.
#[derive(Debug, Clone)]
pub struct CountsVsShares {
    /// The allocation on the counts.
    pub counts: Allocation,
    /// The allocation on the shares.
    pub shares: Allocation,
    /// Regions whose published share is not its count's share rounded
    /// (more than half a unit of the share's last decimal away).
    pub misrounded: Vec<usize>,
}

impl CountsVsShares {
    /// True when both give the same seats.
    pub fn agree(&self) -> bool {
        self.counts.seats() == self.shares.seats()
    }
}

/// Solves `scenario` on the counts and on the shares, when every region has
/// both, and checks that each share is its count's share rounded.
pub fn counts_vs_shares(
    dataset: &Dataset,
    scenario: &Scenario,
) -> Result<Option<CountsVsShares>, Error> {
    let both = dataset
        .regions
        .iter()
        .all(|r| r.count.is_some() && r.share.is_some());
    if !both {
        return Ok(None);
    }
    let on = |basis: Basis| {
        let mut s = scenario.clone();
        s.basis = Some(basis);
        crate::outcome::solve_scenario(dataset, &s, TieBreak::Report)
    };
    let counts = dataset.weights(Basis::Counts)?;
    let shares = dataset.weights(Basis::Shares)?;
    let total = counts
        .iter()
        .fold(BigRational::zero(), |s, c| s + c.to_rational());
    let boxes = intervals(&shares, &Spread::Rounding);
    let misrounded = if total.is_zero() {
        Vec::new()
    } else {
        counts
            .iter()
            .zip(&boxes)
            .enumerate()
            .filter(|(_, (c, (low, high)))| {
                let share = c.to_rational() * BigRational::from_integer(BigInt::from(100)) / &total;
                share < *low || share > *high
            })
            .map(|(i, _)| i)
            .collect()
    };
    Ok(Some(CountsVsShares {
        counts: on(Basis::Counts)?,
        shares: on(Basis::Shares)?,
        misrounded,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::{NamedRule, Rule, Scope};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(150))]

        /// Under rules of the exchange shape, against the rules engine at
        /// every corner of the box: a stable verdict means every corner
        /// has the same seats (or ties with them), and each flip's vector
        /// has other seats (or, for a tie, others as good).
        #[test]
        fn under_rules_the_verdict_holds_at_every_corner(
            weights in prop::collection::vec(1u32..2000, 3..6),
            class in prop::collection::vec(0usize..3, 6),
            at_least in 0u64..6,
            at_most in 1u64..8,
            min_each in 0u64..2,
            house in 2u64..=10,
            pick in 0usize..5,
            pct in 1u32..30,
        ) {
            let n = weights.len();
            let names = (0..n).map(|i| format!("R{i}")).collect();
            let weights: Vec<Decimal> = weights.iter().map(|&w| Decimal::from_u64(u64::from(w))).collect();
            let members = |c: usize| (0..n).filter(|&i| class[i] == c).collect::<Vec<_>>();
            let mut setup = Setup::plain(names, weights, Basis::Counts)
                .with_rule(NamedRule::new("first", Rule::Group { regions: members(0), at_least: Some(at_least), at_most: None }))
                .with_rule(NamedRule::new("second", Rule::Group { regions: members(1), at_least: None, at_most: Some(at_most) }));
            if min_each > 0 {
                setup = setup.with_rule(NamedRule::new("min_each", Rule::AtLeast { scope: Scope::Each, seats: min_each }));
            }
            let divisors: Vec<Method> = Method::standard().into_iter().filter(Method::is_divisor).collect();
            let method = divisors[pick % divisors.len()].clone();
            prop_assume!(setup.exchange_rules(house, &method).is_some());
            let spread = Spread::Percent(Decimal::from_u64(u64::from(pct)));
            let Ok(r) = robust(&setup, house, &method, &spread) else { return Ok(()); };
            let seats = r.allocation.seats();
            let boxes = intervals(&setup.weights, &spread);
            if r.stable() {
                for mask in 0..(1u32 << n) {
                    let corner: Vec<Decimal> = (0..n)
                        .map(|k| decimal_of(if mask >> k & 1 == 1 { &boxes[k].1 } else { &boxes[k].0 }).expect("a decimal"))
                        .collect();
                    let at = setup.with_weights(corner.clone()).solve(house, &method).expect("a solve");
                    prop_assert_eq!(at.seats(), seats.clone(), "stable, but {:?} moves seats", corner);
                }
            }
            for f in &r.flips {
                if !f.tie_only {
                    prop_assert_ne!(f.allocation.seats(), seats.clone(), "flip {:?}", f.weights);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Every pair's order on machine integers is the big-rational one.
        #[test]
        fn small_corners_order_pairs_as_big_rationals(
            texts in prop::collection::vec(1u32..3000, 2..6),
            house in 1u64..15,
            pick in 0usize..12,
            pct in 0u32..40,
            rounding in any::<bool>(),
        ) {
            let names = (0..texts.len()).map(|i| format!("R{i}")).collect();
            let weights: Vec<Decimal> = texts
                .iter()
                .map(|w| Decimal::parse(&format!("{}.{}", w / 10, w % 10)).expect("a weight"))
                .collect();
            let setup = Setup::plain(names, weights, Basis::Counts);
            let methods = Method::standard();
            let method = methods[pick % methods.len()].clone();
            let Ok(a) = setup.solve(house, &method) else { return Ok(()); };
            let spread = if rounding {
                Spread::Rounding
            } else {
                Spread::Percent(Decimal::from_u64(u64::from(pct)))
            };
            let boxes = intervals(&setup.weights, &spread);
            let held: Vec<u64> = a.regions.iter().map(|r| r.seats - r.base).collect();
            let corners = Corners::new(&boxes, &setup);
            let Some(small) = SmallCorners::new(&corners, &method, &held, house, &setup) else {
                prop_assert!(matches!(method, Method::Quota(QuotaMethod::Droop)));
                return Ok(());
            };
            for i in 0..held.len() {
                for j in (0..held.len()).filter(|&j| j != i && held[j] > 0) {
                    let big = worst_corner(&method, &corners, &held, i, j, house, &setup, false)
                        .map(|(_, o)| o);
                    if let Some(o) = small.order(i, j) {
                        prop_assert_eq!(Some(o), big);
                    }
                }
            }
        }
    }
}
