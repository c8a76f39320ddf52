//! The smallest house at which a condition on the seats holds ("every
//! region has at least K seats", "London has at least K"), and the size
//! from which it holds for every larger house.
//!
//! A condition holds at a size when it holds in every outcome of that
//! size's allocation (a tie counts only if every way of settling it
//! satisfies the condition); sizes where only some tied outcomes satisfy it
//! are reported separately.
//!
//! **Divisor methods** are house-monotone: every allocation at size S + 1
//! is an allocation at size S plus one seat, so the fewest seats a region
//! can hold never falls as the house grows. Once the condition holds it
//! holds for good, so "from" equals "first", and a doubling search followed
//! by bisection finds it with a few dozen exact solves.
//!
//! **Quota methods** are not house-monotone (the Alabama paradox), so every
//! size is solved up to a bound beyond which the condition provably holds.
//! With quota Q, quotients q = v/Q and F = Σ⌊q⌋ the seats the floors give,
//! a region never holds fewer than ⌊q⌋ − max(0, F − S) seats: its floor
//! seats have priority ≥ 1, above every other seat's (< 1), and when the
//! floors overshoot the house only the F − S lowest of them go, each from a
//! different region or not, at most F − S from any one.
//! - Hamilton, hagenbach-bischoff and imperiali-quota have Q = V/(S + c)
//!   with c = 0, 1, 2, so Σq = S + c and F − S ≤ c. The region holds at
//!   least K once (S + c)·v/V ≥ K + c, that is from
//!   S = ⌈(K + c)·V/v⌉ − c on. (For Hamilton: once every region's standard
//!   quota S·v/V is at least K.)
//! - Droop has Q = ⌊V/(S+1)⌋ + 1 > V/(S+1), so Σq < S + 1 and F ≤ S.
//!   Since Q ≤ V/(S+1) + 1, ⌊q⌋ ≥ K once (v − K)(S + 1) ≥ K·V, when
//!   v > K in the units given. When v ≤ K, no such size exists, but for
//!   S ≥ ⌊V⌋ the quota is 1 at every size, the priorities no longer depend
//!   on S and the method is house-monotone from there: once the condition
//!   holds beyond ⌊V⌋, it holds for good.
//!
//! These bounds assume no seat rules. Under minimums, maximums or base
//! seats a quota method is searched up to a fixed limit and "from" is not
//! claimed.
//!
//! **Under group or gender rules** neither argument holds (a rule can take
//! a seat from a region as the house grows, whatever the method), so every
//! size is solved in turn by the rules engine from the smallest one up, to
//! [`RULES_SEARCH_LIMIT`] sizes; sizes at which the rules cannot all hold
//! count as failing, and "from" is not claimed.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};

use super::outcomes::{Holds, Outcomes};
use crate::allocation::Allocation;
use crate::error::Error;
use crate::method::{Method, QuotaMethod};
use crate::outcome::Setup;
use crate::rules::RulesError;
use crate::solve::SolveError;

/// Sizes a quota method is searched up to when no bound applies, or when
/// the bound is beyond it.
pub const QUOTA_SEARCH_LIMIT: u64 = 100_000;

/// Sizes solved in turn under group or gender rules (each one is an
/// integer program).
pub const RULES_SEARCH_LIMIT: u64 = 2_000;

/// The largest house a divisor search doubles up to.
const DIVISOR_SEARCH_LIMIT: u64 = crate::solve::MAX_HOUSE;

/// What must hold of the seats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// Every region holds at least this many seats.
    Each(u64),
    /// One region holds at least `at_least` seats.
    Region {
        /// The region's index.
        region: usize,
        /// The seats it must hold.
        at_least: u64,
    },
}

impl Condition {
    /// The regions the condition is about.
    pub fn regions(&self, n: usize) -> Vec<usize> {
        match self {
            Condition::Each(_) => (0..n).collect(),
            Condition::Region { region, .. } => vec![*region],
        }
    }

    /// The seats each of those regions needs.
    pub fn seats(&self) -> u64 {
        match self {
            Condition::Each(k) => *k,
            Condition::Region { at_least, .. } => *at_least,
        }
    }

    /// The condition in words.
    pub fn describe(&self, names: &[String]) -> String {
        let k = self.seats();
        let seats = if k == 1 { "seat" } else { "seats" };
        match self {
            Condition::Each(_) => format!("every region has at least {k} {seats}"),
            Condition::Region { region, .. } => {
                format!("{} has at least {k} {seats}", names[*region])
            }
        }
    }

    /// In how many of an allocation's outcomes the condition holds.
    pub fn holds(&self, a: &Allocation) -> Result<Holds, Error> {
        Ok(Outcomes::of(a)?.at_least(&self.regions(a.regions.len()), self.seats()))
    }
}

/// Why "from" is what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A divisor method: house-monotone, so "from" is "first".
    HouseMonotone,
    /// A quota method, searched up to a proven bound (see the module docs).
    QuotaBound(u64),
    /// Droop with a region whose weight is at most K in the units given:
    /// the method is house-monotone from this size on (its quota is 1).
    DroopMonotoneFrom(u64),
    /// A quota method under seat rules: no bound is claimed; searched up
    /// to this size.
    Unproven(u64),
    /// The bound lies beyond the search limit.
    BeyondLimit(u64),
    /// Group or gender rules: every size solved in turn up to this size,
    /// no monotonicity, so "from" is not claimed.
    Rules(u64),
    /// The seat minimums (or base seats) alone give every region of the
    /// condition its seats, at every size that has an allocation: nothing
    /// is searched.
    ImpliedByBounds,
}

/// The answer for one method.
#[derive(Debug, Clone)]
pub struct Threshold {
    /// The method.
    pub method: Method,
    /// The smallest size at which the condition holds in every outcome.
    pub first: Option<u64>,
    /// A smaller size at which it holds in some tied outcomes, if any.
    pub first_possible: Option<u64>,
    /// The size from which it holds at every larger size.
    pub from: Option<u64>,
    /// The largest size with an allocation at which it does not hold.
    pub last_failing: Option<u64>,
    /// The allocation at `first`: the certificate.
    pub certificate: Option<Allocation>,
    /// The allocation at `from`, when that differs from `first` (quota
    /// methods whose condition fails again after it first holds).
    pub from_certificate: Option<Allocation>,
    /// The smallest size that has an allocation at all.
    pub smallest: u64,
    /// True when `first` is the smallest size and the method's owed first
    /// seats (d(0) = 0) alone make the condition hold there.
    pub forced_by_first_seats: bool,
    /// Why `from` holds.
    pub reason: Reason,
    /// Set when the condition can never hold, with the reason.
    pub never: Option<String>,
}

/// Finds the threshold under each method.
pub fn thresholds(
    setup: &Setup,
    condition: &Condition,
    methods: &[Method],
) -> Result<Vec<Threshold>, Error> {
    // Under rules the methods share one budget of seats solved.
    let budget = super::RULES_SEATS_BUDGET / methods.len().max(1) as u64;
    methods
        .iter()
        .map(|m| threshold_within(setup, condition, m, budget, true))
        .collect()
}

/// Finds the threshold under one method.
///
/// ```
/// use seatshare::analysis::threshold::{threshold, Condition};
/// use seatshare::method::Method;
/// use seatshare::number::Decimal;
/// use seatshare::outcome::Setup;
/// use seatshare::scenario::Basis;
///
/// // D'Hondt on 7, 3, 2: the priorities above C's first (2) are A's 7,
/// // 3.5 and 2.33 and B's 3, so C's first seat is the fifth.
/// let setup = Setup::plain(
///     vec!["A".into(), "B".into(), "C".into()],
///     [7, 3, 2].map(Decimal::from_u64).to_vec(),
///     Basis::Counts,
/// );
/// let t = threshold(&setup, &Condition::Each(1), &Method::parse("dhondt").unwrap()).unwrap();
/// assert_eq!((t.first, t.from, t.last_failing), (Some(5), Some(5), Some(4)));
/// ```
pub fn threshold(
    setup: &Setup,
    condition: &Condition,
    method: &Method,
) -> Result<Threshold, Error> {
    threshold_within(setup, condition, method, super::RULES_SEATS_BUDGET, true)
}

/// [`threshold`], solving at most `budget` seats (summed over the sizes)
/// under group or gender rules; `scan` reads quota methods off their
/// remainders (off: every size solved, the test oracle).
fn threshold_within(
    setup: &Setup,
    condition: &Condition,
    method: &Method,
    budget: u64,
    scan: bool,
) -> Result<Threshold, Error> {
    let smallest = setup.smallest_house(method);
    let mut result = Threshold {
        method: method.clone(),
        first: None,
        first_possible: None,
        from: None,
        last_failing: None,
        certificate: None,
        from_certificate: None,
        smallest,
        forced_by_first_seats: false,
        reason: match method {
            _ if setup.engine => Reason::Rules(0),
            Method::Divisor(_) => Reason::HouseMonotone,
            Method::Quota(_) => Reason::Unproven(0),
        },
        never: unreachable_reason(setup, condition),
    };
    if result.never.is_some() {
        return Ok(result);
    }
    if implied_by_bounds(setup, condition) {
        // Every allocation meets its minimums, so the condition holds at
        // every size with an allocation, the smallest first; a size the
        // maximums cannot fill is refused by the solve.
        result.reason = Reason::ImpliedByBounds;
        result.certificate = Some(setup.solve(smallest, method)?);
        result.first = Some(smallest);
        result.from = Some(smallest);
        return Ok(result);
    }
    match method {
        _ if setup.engine => under_rules(setup, condition, method, budget, &mut result)?,
        Method::Divisor(_) => divisor(setup, condition, method, &mut result)?,
        Method::Quota(q) => quota(setup, condition, *q, &mut result, scan)?,
    }
    if let (Some(first), Some(a)) = (result.first, &result.certificate) {
        if let Method::Divisor(d) = method {
            // At the smallest size each region holds its floor: if that
            // alone satisfies the condition, the first seats forced it.
            let floors_only = condition
                .regions(setup.names.len())
                .iter()
                .all(|&i| setup.bounds.min[i].max(setup.bounds.base[i]) < condition.seats());
            result.forced_by_first_seats = d.owes_first_seat()
                && first == smallest
                && floors_only
                && condition.seats() <= 1
                && a.regions.iter().all(|r| r.seats >= 1);
        }
    }
    Ok(result)
}

/// True when the per-region minimums and base seats alone give every
/// region of the condition its seats. (Not under group or gender rules,
/// which may leave the smallest size without an allocation.)
fn implied_by_bounds(setup: &Setup, condition: &Condition) -> bool {
    let k = condition.seats();
    !setup.engine
        && condition
            .regions(setup.names.len())
            .iter()
            .all(|&i| setup.bounds.min[i].max(setup.bounds.base[i]) >= k)
}

/// Why a condition can never hold, if it cannot: a region without weight
/// (beyond its minimum) or with a maximum below the seats it needs.
fn unreachable_reason(setup: &Setup, condition: &Condition) -> Option<String> {
    let k = condition.seats();
    let regions = condition.regions(setup.names.len()).len() as u128;
    if u128::from(k) * regions > u128::from(crate::solve::MAX_HOUSE) {
        return Some(format!(
            "{k} seats for each of {regions} regions need more than the {} seats (2^60) seatshare shares out exactly",
            crate::solve::MAX_HOUSE
        ));
    }
    condition
        .regions(setup.names.len())
        .into_iter()
        .find_map(|i| {
            let name = &setup.names[i];
            let floor = setup.bounds.min[i].max(setup.bounds.base[i]);
            match setup.bounds.max[i] {
                Some(max) if max < k => Some(format!("{name} may hold at most {max} seats")),
                _ if setup.weights[i].is_zero() && floor < k => {
                    Some(format!("{name} has weight 0, so no method owes it a seat"))
                }
                _ => None,
            }
        })
}

/// The largest house the rules allow (the sum of maximums), if all regions
/// have one.
fn largest_house(setup: &Setup) -> Option<u64> {
    // A sum past u64 is past every search limit too.
    setup
        .bounds
        .max
        .iter()
        .try_fold(0u64, |sum, max| max.map(|m| sum.saturating_add(m)))
}

fn divisor(
    setup: &Setup,
    condition: &Condition,
    method: &Method,
    result: &mut Threshold,
) -> Result<(), Error> {
    let cap = largest_house(setup).unwrap_or(DIVISOR_SEARCH_LIMIT);
    let holds_at = |house: u64| -> Result<(bool, Allocation), Error> {
        let a = setup.solve(house, method)?;
        Ok((condition.holds(&a)?.always(), a))
    };
    // Doubling, then bisection: "holds in every outcome" is monotone.
    let mut low = result.smallest;
    let (ok, a) = holds_at(low)?;
    let mut found = if ok { Some((low, a)) } else { None };
    let mut high = low;
    while found.is_none() {
        if high >= cap {
            result.never = Some(format!("it does not hold up to {cap} seats"));
            return Ok(());
        }
        low = high;
        high = high.saturating_mul(2).min(cap);
        let (ok, a) = holds_at(high)?;
        if ok {
            found = Some((high, a));
        }
    }
    let Some((mut high, mut certificate)) = found else {
        return Ok(());
    };
    while high > low + 1 {
        let mid = low + (high - low) / 2;
        let (ok, a) = holds_at(mid)?;
        if ok {
            high = mid;
            certificate = a;
        } else {
            low = mid;
        }
    }
    result.first = Some(high);
    result.from = Some(high);
    result.last_failing = (high > result.smallest).then(|| high - 1);
    result.certificate = Some(certificate);
    // Earlier sizes where only some tied outcomes satisfy the condition.
    let mut size = high;
    while size > result.smallest {
        let a = setup.solve(size - 1, method)?;
        if condition.holds(&a)?.never() {
            break;
        }
        size -= 1;
    }
    result.first_possible = (size < high).then_some(size);
    Ok(())
}

/// Every size in turn from the smallest, under group or gender rules, until
/// the condition holds in every outcome or the limit is reached.
/// How many sizes in a row, from the smallest, may be impossible under the
/// rules before the search stops and says so.
const RULES_IMPOSSIBLE_LIMIT: u64 = 25;

fn under_rules(
    setup: &Setup,
    condition: &Condition,
    method: &Method,
    budget: u64,
    result: &mut Threshold,
) -> Result<(), Error> {
    // Below the seats the group minimums and the floors need, no size has
    // an allocation: the search starts there.
    if let Some(least) = setup.least_house_under_rules(method) {
        result.smallest = result.smallest.max(least);
    }
    let limit = result.smallest.saturating_add(RULES_SEARCH_LIMIT - 1);
    let mut seen_allocation = false;
    let first_size = result.smallest;
    crate::progress::begin(
        format!("threshold under {}, house sizes tried", method.id()),
        0,
    );
    let mut spent: u64 = 0;
    // The seats at the size before: each size's solve starts from them.
    let mut previous: Option<Vec<u64>> = None;
    for house in result.smallest..=limit {
        crate::progress::advance();
        spent = spent.saturating_add(house);
        if spent > budget {
            result.never = Some(format!(
                "under the rules {} it does not hold up to {} seats (the search stops there: each size is solved on its own under the rules, at most {} seats summed over the sizes)",
                setup.engine_rule_names(),
                house - 1,
                crate::number::grouped(&budget.to_string())
            ));
            return Ok(());
        }
        let a = match setup.solve_near(house, method, previous.as_deref()) {
            Ok(a) => a,
            Err(Error::Solve(SolveError::MaximumsBelowHouse { .. })) => break,
            // Below the size the rules need, or a size they rule out.
            Err(e @ Error::Rules(RulesError::Infeasible { .. })) => {
                if seen_allocation {
                    result.last_failing = Some(house);
                } else {
                    result.smallest = house + 1;
                    // Each impossible size costs a proof; rules that fail
                    // at every size tried so far are reported as such
                    // rather than proven impossible 2,000 times.
                    if house - first_size + 1 >= RULES_IMPOSSIBLE_LIMIT {
                        result.never = Some(format!(
                            "the rules cannot hold at any size from {first_size} to {house} (at {house}: {e})"
                        ));
                        return Ok(());
                    }
                }
                continue;
            }
            Err(e) => return Err(e),
        };
        seen_allocation = true;
        previous = Some(a.seats());
        result.reason = Reason::Rules(house);
        let holds = condition.holds(&a)?;
        if holds.always() {
            result.first = Some(house);
            result.certificate = Some(a);
            return Ok(());
        }
        result.last_failing = Some(house);
        if !holds.never() && result.first_possible.is_none() {
            result.first_possible = Some(house);
        }
    }
    result.never = Some(format!(
        "under the rules {} it does not hold up to {limit} seats",
        setup.engine_rule_names()
    ));
    Ok(())
}

/// How far a quota method must be searched (see the module docs).
enum Bound {
    /// The condition holds at every size from here on.
    At(u64),
    /// The method is house-monotone from here on.
    MonotoneFrom(u64),
}

fn ceil_u64(value: &BigRational) -> u64 {
    value.ceil().to_integer().to_u64().unwrap_or(u64::MAX)
}

/// The size from which `region` surely holds `k` seats under a quota
/// method without seat rules.
/// `total` is the sum of the weights.
fn quota_bound(
    setup: &Setup,
    method: QuotaMethod,
    region: usize,
    k: u64,
    total: &BigRational,
) -> Bound {
    if k == 0 {
        return Bound::At(0);
    }
    // `unreachable_reason` has refused a zero weight that needs seats.
    let v = setup.weights[region].to_rational();
    let int = |x: u64| BigRational::from_integer(BigInt::from(x));
    let c = match method {
        QuotaMethod::Hamilton => 0,
        QuotaMethod::HagenbachBischoff => 1,
        QuotaMethod::ImperialiQuota => 2,
        QuotaMethod::Droop => {
            let kk = int(k);
            if v > kk {
                let needed = &kk * total / (&v - &kk);
                return Bound::At(ceil_u64(&needed).saturating_sub(1));
            }
            return Bound::MonotoneFrom(total.floor().to_integer().to_u64().unwrap_or(u64::MAX));
        }
    };
    let needed = (int(k) + int(c)) * total / v;
    Bound::At(ceil_u64(&needed).saturating_sub(c))
}

/// Searches a quota method size by size: read off the floors and
/// remainders where they decide ([`QuotaScan`], when `scan`), solved
/// exactly otherwise (`scan` off: every size solved, the scan's test
/// oracle).
fn quota(
    setup: &Setup,
    condition: &Condition,
    method: QuotaMethod,
    result: &mut Threshold,
    scan: bool,
) -> Result<(), Error> {
    let k = condition.seats();
    let (mut proven_at, mut monotone_from) = (result.smallest, None::<u64>);
    if setup.bounds.is_empty() {
        let total = setup
            .weights
            .iter()
            .fold(BigRational::zero(), |s, w| s + w.to_rational());
        for i in condition.regions(setup.names.len()) {
            match quota_bound(setup, method, i, k, &total) {
                Bound::At(s) => proven_at = proven_at.max(s),
                Bound::MonotoneFrom(s) => {
                    monotone_from = Some(monotone_from.map_or(s, |m| m.max(s)));
                }
            }
        }
        result.reason = match monotone_from {
            Some(s) => Reason::DroopMonotoneFrom(s),
            None => Reason::QuotaBound(proven_at),
        };
    } else {
        proven_at = u64::MAX;
        result.reason = Reason::Unproven(QUOTA_SEARCH_LIMIT);
    }
    let limit = QUOTA_SEARCH_LIMIT.max(result.smallest);
    // Each region of the condition needs k seats: below that total no size
    // holds, so every size to the limit fails without being solved.
    let regions = condition.regions(setup.names.len()).len() as u64;
    if k.saturating_mul(regions) > limit {
        result.reason = Reason::BeyondLimit(limit);
        result.last_failing = Some(limit);
        return Ok(());
    }
    let wrapped = Method::Quota(method);
    let mut scan = if scan && setup.bounds.is_empty() {
        QuotaScan::new(setup, method, condition, limit)
    } else {
        None
    };
    let mut house = result.smallest;
    // The size that starts the current run of sizes that hold.
    let mut run_start: Option<u64> = None;
    crate::progress::begin(
        format!("threshold under {}, house sizes", method.id()),
        limit.saturating_sub(house).saturating_add(1),
    );
    loop {
        crate::progress::advance();
        // Read off the largest-remainder rule where it decides, else solved.
        let (always, never) = match scan.as_mut().and_then(|s| s.classify(house)) {
            Some(Class::Always) => (true, false),
            Some(Class::Never) => (false, true),
            None => {
                let a = match setup.solve(house, &wrapped) {
                    Ok(a) => a,
                    Err(Error::Solve(SolveError::MaximumsBelowHouse { .. })) => break,
                    Err(e) => return Err(e),
                };
                let holds = condition.holds(&a)?;
                (holds.always(), holds.never())
            }
        };
        if always {
            if result.first.is_none() {
                result.first = Some(house);
                result.certificate = Some(setup.solve(house, &wrapped)?);
            }
            if run_start.is_none() {
                run_start = Some(house);
            }
        } else {
            run_start = None;
            result.last_failing = Some(house);
            if !never && result.first.is_none() && result.first_possible.is_none() {
                result.first_possible = Some(house);
            }
        }
        let settled = house >= proven_at && monotone_from.is_none_or(|m| house >= m && always);
        if settled {
            let from = result.last_failing.map_or(result.smallest, |l| l + 1);
            result.from = Some(from);
            if result.first != Some(from) {
                result.from_certificate = match run_start {
                    Some(size) => Some(setup.solve(size, &wrapped)?),
                    None => None,
                };
            }
            return Ok(());
        }
        if house >= limit {
            break;
        }
        house += 1;
    }
    if setup.bounds.is_empty() {
        result.reason = Reason::BeyondLimit(limit);
    }
    Ok(())
}

/// What the largest-remainder rule says of the condition at one size,
/// when it is certain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// It holds in every outcome.
    Always,
    /// It holds in no outcome.
    Never,
}

/// The quota methods without seat rules, read size by size off their
/// floors and remainders on machine integers instead of solving each size
/// (a quota method is not house-monotone, so every size up to the bound
/// is looked at; a solve per size made `threshold --each 1` on 1,000
/// regions take 20 s).
///
/// Weights are scaled to whole units of their last decimal. Hamilton,
/// hagenbach-bischoff and imperiali-quota have quotients v(S + c)/V: their
/// remainders, over the common denominator V, grow by v from one size to
/// the next, so a size costs n additions. Droop's quota ⌊V/(S+1)⌋ + 1 is
/// the same for runs of sizes; its floors and remainders are recomputed
/// only when it changes.
///
/// With floors F ≤ S the seats left over, L = S − F, go to the L largest
/// remainders and every floor is kept (a floor seat's priority is at least
/// 1, a remainder's below 1). A region of the condition below its seats
/// by two or more fails in every outcome; one below by one fails in every
/// outcome when at least L other remainders are strictly larger than its
/// own, and gets its seat in every outcome when its remainder is strictly
/// larger than the (L+1)-th largest. With floors F > S the E = F − S
/// regions with the smallest remainders among those holding a floor seat
/// give one up ([`QuotaScan::classify_overshoot`]). A size where a tie
/// decides, or where the floors overshoot by more than the regions that
/// can give a seat, is left to the exact solve.
struct QuotaScan {
    method: QuotaMethod,
    /// Scaled weights.
    weights: Vec<u128>,
    /// Their sum.
    total: u128,
    /// 10^scale: one unit of the weights as given.
    unit: u128,
    /// The regions of the condition and the seats each needs.
    regions: Vec<usize>,
    need: u64,
    /// The size the floors and remainders are for (`None`: not yet).
    at: Option<u64>,
    /// Droop's scaled quota they are for.
    quota: u128,
    floors: Vec<u64>,
    /// Remainders over the common denominator (V, or Droop's quota).
    rests: Vec<u128>,
    floor_sum: u64,
    /// The region that failed last, checked first.
    witness: Option<usize>,
    scratch: Vec<u128>,
}

impl QuotaScan {
    /// `None` when a weight or V × (limit + 3) does not fit `u128` (then
    /// every size is solved).
    fn new(
        setup: &Setup,
        method: QuotaMethod,
        condition: &Condition,
        limit: u64,
    ) -> Option<QuotaScan> {
        let (scaled, scale) = crate::number::to_common_scale(&setup.weights);
        let weights: Vec<u128> = scaled.iter().map(|w| w.to_u128()).collect::<Option<_>>()?;
        let total = weights.iter().try_fold(0u128, |s, &w| s.checked_add(w))?;
        let sizes = u128::from(limit) + 3;
        total.checked_mul(sizes)?;
        if total == 0 {
            return None;
        }
        let unit = 10u128.checked_pow(scale)?;
        unit.checked_mul(sizes)?;
        let n = weights.len();
        Some(QuotaScan {
            method,
            weights,
            total,
            unit,
            regions: condition.regions(n),
            need: condition.seats(),
            at: None,
            quota: 0,
            floors: vec![0; n],
            rests: vec![0; n],
            floor_sum: 0,
            witness: None,
            scratch: Vec::with_capacity(n),
        })
    }

    /// Brings the floors and remainders to size `house`.
    fn move_to(&mut self, house: u64) {
        let c = match self.method {
            QuotaMethod::Hamilton => 0,
            QuotaMethod::HagenbachBischoff => 1,
            QuotaMethod::ImperialiQuota => 2,
            QuotaMethod::Droop => {
                // ⌊V/(S+1)⌋ + 1 in the units given, scaled. `new` checked
                // that V × (S + 3) fits, so these do.
                let q = (self.total / (self.unit * (u128::from(house) + 1)) + 1) * self.unit;
                if self.at.is_none() || q != self.quota {
                    self.quota = q;
                    self.floor_sum = 0;
                    for (k, &w) in self.weights.iter().enumerate() {
                        // w / q < S + 1, as q > V / (S + 1).
                        self.floors[k] = (w / q) as u64;
                        self.rests[k] = w % q;
                        self.floor_sum += self.floors[k];
                    }
                }
                self.at = Some(house);
                return;
            }
        };
        let v = self.total;
        if self.at.is_some_and(|a| a + 1 == house) {
            // v·(S + c) mod V grows by v: at most one wrap, as v ≤ V.
            for (k, &w) in self.weights.iter().enumerate() {
                let r = self.rests[k] + w;
                if r >= v {
                    self.rests[k] = r - v;
                    self.floors[k] += 1;
                    self.floor_sum += 1;
                } else {
                    self.rests[k] = r;
                }
            }
        } else {
            self.floor_sum = 0;
            for (k, &w) in self.weights.iter().enumerate() {
                let num = w * (u128::from(house) + c);
                // At most S + c, as w ≤ V.
                self.floors[k] = (num / v) as u64;
                self.rests[k] = num % v;
                self.floor_sum += self.floors[k];
            }
        }
        self.at = Some(house);
    }

    /// The condition at size `house`, when the rule decides it without a
    /// tie; `None` otherwise.
    fn classify(&mut self, house: u64) -> Option<Class> {
        self.move_to(house);
        let Some(left) = house.checked_sub(self.floor_sum) else {
            return self.classify_overshoot(self.floor_sum - house);
        };
        let n = self.weights.len() as u64;
        if left > n {
            return None;
        }
        let need = self.need;
        // The witness first: often it fails again, and counting the
        // remainders above its own is cheaper than a selection.
        if let Some(w) = self.witness {
            if self.fails_for_certain(w, left) {
                return Some(Class::Never);
            }
        }
        let mut at_risk = Vec::new();
        for &i in &self.regions {
            let f = self.floors[i];
            if f >= need {
                continue;
            }
            if f + 1 < need {
                self.witness = Some(i);
                return Some(Class::Never);
            }
            at_risk.push(i);
        }
        if at_risk.is_empty() {
            return Some(Class::Always);
        }
        if left == 0 {
            self.witness = at_risk.first().copied();
            return Some(Class::Never);
        }
        // The L-th and (L+1)-th largest remainders.
        self.scratch.clear();
        self.scratch.extend_from_slice(&self.rests);
        let at = (left - 1) as usize;
        let (_, lth, rest) = self.scratch.select_nth_unstable_by(at, |a, b| b.cmp(a));
        let lth = *lth;
        let next = rest.iter().max().copied();
        let mut tied = false;
        let mut worst: Option<usize> = None;
        for &i in &at_risk {
            let r = self.rests[i];
            if next.is_none_or(|t| r > t) {
                continue;
            }
            if r < lth {
                if worst.is_none_or(|w| r < self.rests[w]) {
                    worst = Some(i);
                }
            } else {
                tied = true;
            }
        }
        if let Some(w) = worst {
            self.witness = Some(w);
            return Some(Class::Never);
        }
        (!tied).then_some(Class::Always)
    }

    /// [`QuotaScan::classify`] when the floors overfill the house by
    /// `excess` seats (a small quota: imperiali-quota, hagenbach-bischoff).
    /// A region's last floor seat is worth 1 + its remainder and its seat
    /// before that 2 or more, so while `excess` is at most the regions
    /// holding a floor seat, those with the `excess` smallest remainders
    /// each give one up. `None` (solved) past that, or when a tie decides.
    fn classify_overshoot(&mut self, excess: u64) -> Option<Class> {
        let need = self.need;
        let mut at_risk = Vec::new();
        for &i in &self.regions {
            let f = self.floors[i];
            if f > need || need == 0 {
                continue;
            }
            if f < need {
                self.witness = Some(i);
                return Some(Class::Never);
            }
            at_risk.push(i);
        }
        // Past this, some region gives up two seats or more.
        let holding = self.floors.iter().filter(|&&f| f > 0).count();
        if usize::try_from(excess).ok()? > holding {
            return None;
        }
        if at_risk.is_empty() {
            return Some(Class::Always);
        }
        self.scratch.clear();
        let floors = &self.floors;
        self.scratch.extend(
            self.rests
                .iter()
                .zip(floors)
                .filter(|&(_, &f)| f > 0)
                .map(|(&r, _)| r),
        );
        let at = usize::try_from(excess).ok()?.checked_sub(1)?;
        if at >= self.scratch.len() {
            return None;
        }
        // The E-th and (E+1)-th smallest remainders of the regions that
        // can give a seat up.
        let (_, eth, rest) = self.scratch.select_nth_unstable(at);
        let eth = *eth;
        let next = rest.iter().min().copied();
        let mut tied = false;
        for &i in &at_risk {
            let r = self.rests[i];
            if r > eth {
                continue;
            }
            if next.is_none_or(|t| r < t) {
                self.witness = Some(i);
                return Some(Class::Never);
            }
            tied = true;
        }
        (!tied).then_some(Class::Always)
    }

    /// True when region `w`, one seat short on its floor, has at least
    /// `left` other remainders strictly above its own: it gets no seat
    /// beyond its floor in any outcome (or it is two or more short).
    fn fails_for_certain(&self, w: usize, left: u64) -> bool {
        let f = self.floors[w];
        if f >= self.need {
            return false;
        }
        if f + 1 < self.need {
            return true;
        }
        let own = self.rests[w];
        let mut above = 0u64;
        for &r in &self.rests {
            if r > own {
                above += 1;
                if above >= left {
                    return true;
                }
            }
        }
        above >= left
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::Decimal;
    use crate::scenario::Basis;
    use proptest::prelude::*;

    fn seats(a: &Option<Allocation>) -> Option<Vec<u64>> {
        a.as_ref().map(Allocation::seats)
    }

    /// Minimums of 2 each give "every region has 2" at every size that has
    /// an allocation (6 and up, here): answered without a search, for a
    /// quota method too; a minimum of 1 does not give it, and the search
    /// runs.
    #[test]
    fn minimums_that_give_the_condition_need_no_search() {
        let names = vec!["A".to_string(), "B".into(), "C".into()];
        let weights = [7, 3, 2].map(Decimal::from_u64).to_vec();
        for id in ["hamilton", "dhondt", "droop"] {
            let method = Method::parse(id).expect("a method");
            let mut setup = Setup::plain(names.clone(), weights.clone(), Basis::Counts);
            setup.bounds.min = vec![2; 3];
            let t = threshold(&setup, &Condition::Each(2), &method).expect("answers");
            assert_eq!(t.reason, Reason::ImpliedByBounds, "{id}");
            assert_eq!(
                (t.first, t.from, t.last_failing),
                (Some(6), Some(6), None),
                "{id}"
            );
            assert_eq!(seats(&t.certificate), Some(vec![2, 2, 2]), "{id}");
            setup.bounds.min = vec![1; 3];
            let t = threshold(&setup, &Condition::Each(2), &method).expect("answers");
            assert_ne!(t.reason, Reason::ImpliedByBounds, "{id}");
            assert!(t.first.is_some_and(|f| f > 6), "{id}: {:?}", t.first);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// A quota method's threshold read off the floors and remainders
        /// equals the one that solves every size, for every region and
        /// for one, on weights small enough that ties are common.
        #[test]
        fn quota_scan_equals_solving_every_size(
            texts in prop::collection::vec(0u32..60, 2..6),
            tenths in any::<bool>(),
            k in 0u64..4,
            pick in 0usize..4,
            one in prop::option::of(0usize..6),
        ) {
            let names = (0..texts.len()).map(|i| format!("R{i}")).collect();
            let weights = texts
                .iter()
                .map(|w| {
                    let text = if tenths { format!("{}.{}", w / 10, w % 10) } else { w.to_string() };
                    Decimal::parse(&text).expect("a weight")
                })
                .collect();
            let setup = Setup::plain(names, weights, Basis::Counts);
            let method = Method::Quota(
                [QuotaMethod::Hamilton, QuotaMethod::Droop, QuotaMethod::HagenbachBischoff, QuotaMethod::ImperialiQuota][pick],
            );
            let condition = match one {
                Some(r) => Condition::Region { region: r % texts.len(), at_least: k },
                None => Condition::Each(k),
            };
            let scanned = threshold_within(&setup, &condition, &method, 1_000, true);
            let solved = threshold_within(&setup, &condition, &method, 1_000, false);
            match (scanned, solved) {
                (Ok(a), Ok(b)) => {
                    prop_assert_eq!(
                        (a.first, a.first_possible, a.from, a.last_failing, &a.reason, &a.never, a.smallest),
                        (b.first, b.first_possible, b.from, b.last_failing, &b.reason, &b.never, b.smallest)
                    );
                    prop_assert_eq!(seats(&a.certificate), seats(&b.certificate));
                    prop_assert_eq!(seats(&a.from_certificate), seats(&b.from_certificate));
                }
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                (a, b) => prop_assert!(false, "scan {:?} but solve {:?}", a.map(|t| t.first), b.map(|t| t.first)),
            }
        }
    }
}
