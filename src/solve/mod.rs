//! Solving: from weights, a house size, a method and per-region bounds to an
//! [`Allocation`] with its certificate.
//!
//! Every method runs on one engine, a constrained priority queue over exact
//! integer priorities (see the `queue` module). Bounds are checked first, so
//! a rule set that cannot hold is reported in a sentence with its numbers
//! instead of being solved.

mod divisor;
mod queue;
mod quota;

use std::borrow::Cow;
use std::fmt::Write as _;

use num_bigint::BigUint;

use compact_str::CompactString;

use crate::allocation::{Allocation, BoundHit, Certificate, Draw, RegionSeats, Seats, Tie};
use crate::method::{DivisorMethod, Method};
use crate::number::{pow10, to_common_scale, to_common_scale_borrowed, Decimal, Whole};
use queue::{Filled, Priorities};

/// Per-region seat bounds, in input order. Built by the scenario layer from
/// named rules (`min_each`, `min`, `max`, `exact`, `base`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bounds {
    /// At least this many seats.
    pub min: Vec<u64>,
    /// At most this many seats (`None`: no cap).
    pub max: Vec<Option<u64>>,
    /// Seats given before the method runs; the method shares out the rest.
    pub base: Vec<u64>,
}

impl Bounds {
    /// No bounds for `n` regions.
    pub fn none(n: usize) -> Bounds {
        Bounds {
            min: vec![0; n],
            max: vec![None; n],
            base: vec![0; n],
        }
    }

    /// True when no region has any bound.
    pub fn is_empty(&self) -> bool {
        self.min.iter().all(|&m| m == 0)
            && self.max.iter().all(Option::is_none)
            && self.base.iter().all(|&b| b == 0)
    }
}

/// The largest house the solver accepts: 2^60 seats. Every seat count,
/// sum and divisor index below it fits `u64` with room to spare, and the
/// jump start answers in O(regions · log house) exact comparisons at any
/// size up to it.
pub const MAX_HOUSE: u64 = 1 << 60;

/// The most house sizes one divisor sweep lists (each is a row of seats).
pub const MAX_SWEEP_SIZES: u64 = 1_000_000;

/// What to do when the last seats are tied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TieBreak {
    /// Report the tie; the allocation shown is one of the valid ones and the
    /// tie lists the others.
    #[default]
    Report,
    /// Draw the contested seats by lot from this seed (deterministic), and
    /// record the draw.
    Lot {
        /// The seed.
        seed: u64,
    },
}

/// A region's name as a [`Problem`] gives it: a `String`, a `&str`, or a
/// [`CompactString`], the type the result keeps it in. A `CompactString`
/// is cloned as it is; the others are copied byte by byte into one, which
/// on 50 regions costs about 10 ns a name (a tenth of a Hamilton solve),
/// so a caller that solves often may keep its names as `CompactString`s.
///
/// ```
/// use seatshare::method::Method;
/// use seatshare::number::Decimal;
/// use seatshare::solve::{apportion, Bounds, Problem, TieBreak};
/// use seatshare::CompactString;
///
/// let weights: Vec<Decimal> = ["60", "40"].iter().map(|t| Decimal::parse(t).unwrap()).collect();
/// let method = Method::parse("dhondt").unwrap();
/// let bounds = Bounds::none(2);
/// let given = ["North", "South"];
/// let kept: Vec<CompactString> = given.iter().map(|&n| n.into()).collect();
/// let by_str = apportion(&Problem { names: &given, weights: &weights, house: 5, method: &method, bounds: &bounds, tie_break: TieBreak::Report }).unwrap();
/// let by_kept = apportion(&Problem { names: &kept, weights: &weights, house: 5, method: &method, bounds: &bounds, tie_break: TieBreak::Report }).unwrap();
/// assert_eq!(by_str.regions[1].name, "South");
/// assert_eq!(by_kept.regions[1].name, "South");
/// assert_eq!(by_str.seats(), vec![3, 2]);
/// assert_eq!(by_kept.seats(), by_str.seats());
/// ```
pub trait RegionName: AsRef<str> {
    /// The name as the result keeps it.
    #[inline]
    fn to_compact(&self) -> CompactString {
        CompactString::from(self.as_ref())
    }
}

impl RegionName for String {}

impl RegionName for &str {}

impl RegionName for CompactString {
    #[inline]
    fn to_compact(&self) -> CompactString {
        self.clone()
    }
}

/// One apportionment to solve.
#[derive(Debug, Clone, Copy)]
pub struct Problem<'a, N = String> {
    /// Region names, in input order (see [`RegionName`]).
    pub names: &'a [N],
    /// Weights, exact, in the same order.
    pub weights: &'a [Decimal],
    /// Total seats.
    pub house: u64,
    /// The method.
    pub method: &'a Method,
    /// Per-region bounds.
    pub bounds: &'a Bounds,
    /// Tie policy.
    pub tie_break: TieBreak,
}

/// Why an apportionment has no answer. Every message names the numbers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SolveError {
    /// No regions at all.
    #[error("there are no regions to share seats between")]
    NoRegions,
    /// The house is empty.
    #[error("the house has 0 seats; give at least 1 seat")]
    EmptyHouse,
    /// Nothing to be proportional to.
    #[error("every region has weight 0, so there is nothing to share seats in proportion to")]
    AllZero,
    /// Lengths disagree (a programming error in the caller).
    #[error("{0} regions but {1} weights or bounds")]
    LengthMismatch(usize, usize),
    /// A region's minimum is above its maximum.
    #[error("{region}: the minimum of {min} seats is above the maximum of {max}; lower the minimum or raise the maximum")]
    MinAboveMax {
        /// The region.
        region: String,
        /// Its minimum.
        min: u64,
        /// Its maximum.
        max: u64,
    },
    /// A region's base seats are above its maximum.
    #[error("{region}: {base} base seats are above its maximum of {max}")]
    BaseAboveMax {
        /// The region.
        region: String,
        /// Its base seats.
        base: u64,
        /// Its maximum.
        max: u64,
    },
    /// The minimums (or exact seats) need more seats than the house has.
    #[error("{detail} needs {needed} seats; the house has {house}")]
    MinimumsExceedHouse {
        /// What the minimums are, in words.
        detail: String,
        /// Their total (past u64 when many regions ask for huge minimums).
        needed: u128,
        /// The house size.
        house: u64,
    },
    /// The maximums leave seats that no region may take.
    #[error("{detail} allows at most {allowed} seats; the house has {house}")]
    MaximumsBelowHouse {
        /// What the maximums are, in words.
        detail: String,
        /// Their total (past u64 when many regions have huge maximums).
        allowed: u128,
        /// The house size.
        house: u64,
    },
    /// A d(0) = 0 method owes more first seats than the house has.
    #[error("{method} gives every region with weight a first seat: {regions} regions need at least {needed} seats; the house has {house}. Use a larger house or a method such as dhondt or sainte-lague")]
    FirstSeatsExceedHouse {
        /// Method id.
        method: String,
        /// Regions owed a seat.
        regions: usize,
        /// Seats the first seats and minimums need.
        needed: u128,
        /// The house size.
        house: u64,
    },
    /// The house is above the largest size the tool solves exactly.
    #[error("the house is too large: at most 2^60 = 1152921504606846976 seats can be shared out exactly (10,000 with group or gender rules)")]
    HouseTooLarge,
    /// A sweep over more house sizes than one pass lists.
    #[error("a sweep of house sizes {from} to {to} lists too many sizes: at most {limit} at once for these regions and methods (10,000,000 seat counts in all); split the range")]
    TooManySizes {
        /// First size.
        from: u64,
        /// Last size.
        to: u64,
        /// The most sizes one sweep lists.
        limit: u64,
    },
    /// Seats left for regions without weight that they could split in
    /// more ways than a tie can list (each region one seat more or fewer).
    #[error("{seats} seats are left once every region with weight holds its maximum, and the regions without weight ({regions}) could split them in many ways, none better than another (every seat is worth 0 there); raise a maximum, lower the house, or cap those regions")]
    WeightlessSplit {
        /// The seats left to regions without weight.
        seats: u64,
        /// Those regions, named.
        regions: String,
    },
    /// A broken invariant: a bug, reported rather than hidden.
    #[error("internal error: {0}")]
    Internal(String),
}

impl SolveError {
    /// True for errors caused by the input (exit code 2), false for bugs.
    pub fn is_input_error(&self) -> bool {
        !matches!(
            self,
            SolveError::Internal(_) | SolveError::LengthMismatch(..)
        )
    }
}

/// Bounds after base seats are taken out, with each region's effective
/// floor (its minimum, or its owed first seat). Borrowed from the bounds
/// when no region has base seats: most solves have none, and on a few
/// regions three copies were a measurable part of one.
struct Prepared<'b> {
    free: u64,
    floor: Cow<'b, [u64]>,
    user_min: Cow<'b, [u64]>,
    max: Cow<'b, [Option<u64>]>,
    /// Some region has a minimum above its base seats or a maximum.
    user_bounds: bool,
    /// Some region is owed a first seat (its floor is at least 1).
    owes: bool,
}

/// Solves one apportionment.
///
/// ```
/// use seatshare::method::Method;
/// use seatshare::number::Decimal;
/// use seatshare::solve::{apportion, Bounds, Problem, TieBreak};
///
/// let names: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
/// let weights: Vec<Decimal> = ["6100", "5000", "900"].iter().map(|t| Decimal::parse(t).unwrap()).collect();
/// let method = Method::parse("dhondt").unwrap();
/// let bounds = Bounds::none(3);
/// let problem = Problem { names: &names, weights: &weights, house: 10, method: &method, bounds: &bounds, tie_break: TieBreak::Report };
/// let allocation = apportion(&problem).unwrap();
/// assert_eq!(allocation.seats(), vec![6, 4, 0]);
/// assert!(allocation.tie.is_none());
/// ```
pub fn apportion<N: RegionName>(problem: &Problem<'_, N>) -> Result<Allocation, SolveError> {
    let (decided, evidence) = decide(problem, true)?;
    let Some(Evidence {
        certificate,
        binding,
        total_weight,
    }) = evidence
    else {
        return Err(SolveError::Internal("the solve wrote no evidence".into()));
    };
    // Two loops rather than one over a chained iterator, which doubled
    // the cost of a line.
    let regions = if binding.is_empty() {
        region_lines(problem, &decided.seats, std::iter::repeat(None))
    } else {
        region_lines(problem, &decided.seats, binding.into_iter())
    };
    Ok(Allocation::new(
        problem.method.clone(),
        problem.house,
        regions,
        certificate,
        decided.tie,
        decided.draw,
        total_weight,
    ))
}

/// Each region's line of a solved allocation.
fn region_lines<N: RegionName>(
    problem: &Problem<'_, N>,
    seats: &[u64],
    binding: impl Iterator<Item = Option<BoundHit>>,
) -> Vec<RegionSeats> {
    // check_shapes made every per-region slice as long as the names.
    let lines = problem.names.iter().zip(problem.weights);
    let solved = seats.iter().zip(&problem.bounds.base).zip(binding);
    lines
        .zip(solved)
        .map(|((name, weight), ((&seats, &base), hit))| RegionSeats {
            name: name.to_compact(),
            weight: weight.clone(),
            seats,
            base,
            binding: hit.map(|hit| match hit {
                BoundHit::Minimum(m) => BoundHit::Minimum(m + base),
                BoundHit::Maximum(m) => BoundHit::Maximum(m + base),
            }),
        })
        .collect()
}

/// Solves one apportionment for its seats alone: the same seats, tie and
/// draw as [`apportion`], without the certificate, the binding bounds or a
/// copy of each region's name and weight. For callers that solve many
/// problems and read only the seats (a sweep over house sizes, a search);
/// on 50 regions it takes a fraction of `apportion`'s time.
///
/// ```
/// use seatshare::method::Method;
/// use seatshare::number::Decimal;
/// use seatshare::solve::{seats, Bounds, Problem, TieBreak};
///
/// let names: Vec<String> = ["A", "B"].iter().map(|s| s.to_string()).collect();
/// let weights: Vec<Decimal> = ["3", "1"].iter().map(|t| Decimal::parse(t).unwrap()).collect();
/// let method = Method::parse("hamilton").unwrap();
/// let bounds = Bounds::none(2);
/// let problem = Problem { names: &names, weights: &weights, house: 2, method: &method, bounds: &bounds, tie_break: TieBreak::Report };
/// let decided = seats(&problem).unwrap();
/// // Quotas 1.5 and 0.5: the remainders are equal, so the second seat is tied.
/// assert_eq!(decided.seats.iter().sum::<u64>(), 2);
/// assert!(decided.tie.is_some());
/// ```
pub fn seats<N: RegionName>(problem: &Problem<'_, N>) -> Result<Seats, SolveError> {
    decide(problem, false).map(|(decided, _)| decided)
}

/// The evidence behind a solve, written only when asked for.
struct Evidence {
    certificate: Certificate,
    /// The bound each region is held at, base seats not yet added; empty
    /// when no region has a minimum or a maximum.
    binding: Vec<Option<BoundHit>>,
    total_weight: num_rational::BigRational,
}

/// The one solving path behind [`apportion`] and [`seats`].
fn decide<N: RegionName>(
    problem: &Problem<'_, N>,
    with_evidence: bool,
) -> Result<(Seats, Option<Evidence>), SolveError> {
    check_shapes(problem)?;
    let (weights, scale) = to_common_scale_borrowed(problem.weights);
    let prepared = prepare(problem, &weights)?;
    let total = total_of(&weights);
    let (mut seats, tie, evidence) = match problem.method {
        Method::Divisor(method) => {
            let rule = divisor::DivisorRule::new(method, &weights);
            let start =
                divisor::jump_start(&rule, &total, &prepared.floor, &prepared.max, prepared.free)?;
            let filled = prepared.fill(&rule, start)?;
            let certificate = with_evidence
                .then(|| Certificate::Divisor(divisor::certificate(&rule, &filled, scale)));
            let (seats, tie, binding) = settle(&rule, filled, &prepared, with_evidence)?;
            (seats, tie, certificate.zip(binding))
        }
        Method::Quota(method) => {
            let rule = quota::QuotaRule::new(*method, &weights, &total, scale, prepared.free);
            let (floor, max, free) = (&prepared.floor, &prepared.max, prepared.free);
            let (seats, tie, binding) = match &rule.terms {
                quota::Terms::Small(terms) => {
                    let unbounded = prepared.unbounded();
                    let filled = match unbounded.then(|| terms.largest_remainders(free)) {
                        Some(Some(filled)) => filled,
                        _ => prepared.fill(terms, terms.jump_start(floor, max, free))?,
                    };
                    settle(terms, filled, &prepared, with_evidence)?
                }
                quota::Terms::Big(terms) => {
                    let filled = prepared.fill(terms, terms.jump_start(floor, max, free))?;
                    settle(terms, filled, &prepared, with_evidence)?
                }
            };
            // The certificate takes the rule's terms once the queue is done.
            let certificate = || Certificate::Quota(rule.into_certificate());
            (seats, tie, binding.map(|b| (certificate(), b)))
        }
    };
    if problem.method.is_divisor() {
        weightless_split(problem, &prepared, &seats)?;
    }
    let draw = match (&tie, problem.tie_break) {
        (Some(tie), TieBreak::Lot { seed }) => Some(draw_lot(tie, seed, &mut seats)),
        _ => None,
    };
    for (held, &base) in seats.iter_mut().zip(&problem.bounds.base) {
        *held += base;
    }
    let evidence = evidence.map(|(certificate, binding)| Evidence {
        certificate,
        binding,
        // Unreduced: it is only ever divided into (Allocation::quota),
        // which reduces its result, so a gcd here would be paid on every
        // solve for nothing. The denominator 10^scale is positive.
        total_weight: num_rational::BigRational::new_raw(total.into(), pow10(scale).into()),
    });
    Ok((Seats { seats, tie, draw }, evidence))
}

impl Prepared<'_> {
    /// True when no region has a minimum, a maximum or an owed seat.
    fn unbounded(&self) -> bool {
        !self.user_bounds && !self.owes
    }

    /// True when no region has a minimum or a maximum (an owed seat is
    /// not a bound the user set).
    fn no_user_bounds(&self) -> bool {
        !self.user_bounds
    }

    /// The queue from `start` within these bounds.
    fn fill<R: Priorities>(&self, rule: &R, start: Vec<u64>) -> Result<Filled<R::P>, SolveError> {
        queue::fill(rule, start, &self.floor, &self.max, self.free)
    }
}

/// The seats, the tie and (when asked for) the binding bounds of one
/// rule's filled queue.
#[allow(clippy::type_complexity)]
fn settle<R: Priorities>(
    rule: &R,
    filled: Filled<R::P>,
    prepared: &Prepared,
    with_evidence: bool,
) -> Result<(Vec<u64>, Option<Tie>, Option<Vec<Option<BoundHit>>>), SolveError> {
    let binding = if with_evidence {
        Some(binding_bounds(rule, &filled, prepared)?)
    } else {
        None
    };
    let tie = filled.tie();
    Ok((filled.seats, tie, binding))
}

/// The weights' sum: on `u128` while each weight fits a `u64` and the sum
/// does not overflow (no allocation per addition), big otherwise.
fn total_of<W: Whole>(weights: &[W]) -> BigUint {
    let small = weights
        .iter()
        .try_fold(0u128, |sum, w| sum.checked_add(w.as_u128()?));
    match small {
        Some(sum) => BigUint::from(sum),
        None => weights.iter().map(|w| w.big().into_owned()).sum(),
    }
}

/// Under a divisor method every seat of a region without weight is worth
/// 0, so the seats such regions hold beyond their floors (only when every
/// region with weight is at its maximum) may be split between them in any
/// way their caps allow. A tie lists each region one seat more or fewer;
/// when some region's share of that split could vary by two or more, the
/// valid allocations are more than it can list, and the solve is refused
/// rather than shown incomplete.
fn weightless_split<N: RegionName>(
    problem: &Problem<'_, N>,
    prepared: &Prepared,
    seats: &[u64],
) -> Result<(), SolveError> {
    let weightless: Vec<usize> = (0..seats.len())
        .filter(|&i| problem.weights[i].is_zero())
        .collect();
    let left: u64 = weightless
        .iter()
        .map(|&i| seats[i] - prepared.floor[i])
        .sum();
    if left < 2 || weightless.len() < 2 {
        return Ok(());
    }
    let room = |i: usize| prepared.max[i].map_or(left, |m| (m - prepared.floor[i]).min(left));
    let all_room: u64 = weightless.iter().map(|&i| room(i)).sum();
    let wide = weightless.iter().any(|&i| {
        let others = all_room - room(i);
        room(i) - left.saturating_sub(others).min(room(i)) >= 2
    });
    if !wide {
        return Ok(());
    }
    Err(SolveError::WeightlessSplit {
        seats: left,
        regions: weightless
            .iter()
            .map(|&i| problem.names[i].as_ref())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

fn check_shapes<N: RegionName>(problem: &Problem<'_, N>) -> Result<(), SolveError> {
    let n = problem.names.len();
    if n == 0 {
        return Err(SolveError::NoRegions);
    }
    let b = problem.bounds;
    for len in [
        problem.weights.len(),
        b.min.len(),
        b.max.len(),
        b.base.len(),
    ] {
        if len != n {
            return Err(SolveError::LengthMismatch(n, len));
        }
    }
    if problem.house == 0 {
        return Err(SolveError::EmptyHouse);
    }
    if problem.house > MAX_HOUSE {
        return Err(SolveError::HouseTooLarge);
    }
    if problem.weights.iter().all(Decimal::is_zero) {
        return Err(SolveError::AllZero);
    }
    Ok(())
}

/// Checks the bounds against each other and the house, then takes base
/// seats out.
fn prepare<'b, N: RegionName, W: Whole>(
    problem: &Problem<'b, N>,
    weights: &[W],
) -> Result<Prepared<'b>, SolveError> {
    let names = problem.names;
    let b = problem.bounds;
    let house = problem.house;
    let n = names.len();
    // One pass gathers what the checks below need. A region's sums fit
    // u128 at any number of regions the types can hold.
    let (mut needed, mut allowed, mut base_total) = (0u128, 0u128, 0u128);
    let (mut every_capped, mut user_bounds) = (true, false);
    for (i, ((&min, &max), &base)) in b.min.iter().zip(&b.max).zip(&b.base).enumerate() {
        if let Some(max) = max {
            if min > max {
                return Err(SolveError::MinAboveMax {
                    region: names[i].as_ref().to_string(),
                    min,
                    max,
                });
            }
            if base > max {
                return Err(SolveError::BaseAboveMax {
                    region: names[i].as_ref().to_string(),
                    base,
                    max,
                });
            }
            allowed += u128::from(max);
        }
        every_capped &= max.is_some();
        // A minimum at or below the base seats asks for nothing more.
        user_bounds |= max.is_some() || min > base;
        needed += u128::from(min.max(base));
        base_total += u128::from(base);
    }
    if needed > u128::from(house) {
        let lows: Vec<u64> = (0..n).map(|i| b.min[i].max(b.base[i])).collect();
        return Err(SolveError::MinimumsExceedHouse {
            detail: describe_minimums(names, b, &lows),
            needed,
            house,
        });
    }
    if every_capped && allowed < u128::from(house) {
        return Err(SolveError::MaximumsBelowHouse {
            detail: describe_maximums(names, b),
            allowed,
            house,
        });
    }
    // Within the house: base_total ≤ needed ≤ house.
    let base_total = u64::try_from(base_total).map_err(|_| SolveError::HouseTooLarge)?;
    let free = house - base_total;
    let (user_min, max): (Cow<[u64]>, Cow<[Option<u64>]>) = if base_total == 0 {
        (Cow::Borrowed(&b.min), Cow::Borrowed(&b.max))
    } else {
        (
            (0..n).map(|i| b.min[i].saturating_sub(b.base[i])).collect(),
            (0..n).map(|i| b.max[i].map(|m| m - b.base[i])).collect(),
        )
    };
    let mut floor = user_min.clone();
    let mut owes = false;
    if let Method::Divisor(method) = problem.method {
        if method.owes_first_seat() {
            let mut owed = 0;
            let floor = floor.to_mut();
            for i in 0..n {
                if !weights[i].is_nought() && max[i] != Some(0) {
                    floor[i] = floor[i].max(1);
                    owed += 1;
                }
            }
            owes = owed > 0;
            let needed: u128 = floor.iter().map(|&f| u128::from(f)).sum();
            if needed > u128::from(free) {
                return Err(SolveError::FirstSeatsExceedHouse {
                    method: method.id(),
                    regions: owed,
                    needed: needed + u128::from(base_total),
                    house,
                });
            }
        }
    }
    Ok(Prepared {
        free,
        floor,
        user_min,
        max,
        user_bounds,
        owes,
    })
}

fn plural(k: u64) -> &'static str {
    if k == 1 {
        "seat"
    } else {
        "seats"
    }
}

fn describe_minimums<N: RegionName>(names: &[N], b: &Bounds, lows: &[u64]) -> String {
    let n = names.len();
    let exact = (0..n).all(|i| b.max[i] == Some(lows[i]));
    let first = lows[0];
    if lows.iter().all(|&l| l == first) {
        let word = if exact { "exactly" } else { "a minimum of" };
        return format!("{word} {first} {} for each of {n} regions", plural(first));
    }
    let mut detail = String::from("the minimum total (");
    let listed: Vec<String> = (0..n)
        .filter(|&i| lows[i] > 0)
        .map(|i| format!("{} {}", names[i].as_ref(), lows[i]))
        .collect();
    let _ = write!(detail, "{})", listed.join(", "));
    detail
}

fn describe_maximums<N: RegionName>(names: &[N], b: &Bounds) -> String {
    let caps: Vec<String> = names
        .iter()
        .zip(&b.max)
        .filter_map(|(name, m)| m.map(|m| format!("{} {m}", name.as_ref())))
        .collect();
    format!("the maximum total ({})", caps.join(", "))
}

/// Which bounds decide a region's seats: a minimum binds when the seat it
/// guarantees would lose to the best seat left out; a maximum binds when
/// the seat it forbids would beat the worst seat let in. Empty (no
/// allocation) when no region has a minimum or a maximum.
fn binding_bounds<R: Priorities>(
    rule: &R,
    filled: &Filled<R::P>,
    prepared: &Prepared,
) -> Result<Vec<Option<BoundHit>>, SolveError> {
    if prepared.no_user_bounds() {
        return Ok(Vec::new());
    }
    let mut out = vec![None; filled.seats.len()];
    for (i, &s) in filled.seats.iter().enumerate() {
        let min = prepared.user_min[i];
        if s == min && min > 0 {
            if let Some(best_out) = &filled.best_out {
                if rule.priority(i, min - 1)? < best_out.priority {
                    out[i] = Some(BoundHit::Minimum(min));
                    continue;
                }
            }
        }
        if let Some(max) = prepared.max[i] {
            if s == max {
                if let Some(worst_in) = &filled.worst_in {
                    if rule.priority(i, max)? > worst_in.priority {
                        out[i] = Some(BoundHit::Maximum(max));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// A small, fully specified generator (SplitMix64), so that a seed draws
/// the same lot on every machine and in every version.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: u64) -> u64 {
        // Rejection sampling keeps every candidate equally likely.
        let zone = u64::MAX - u64::MAX % bound;
        loop {
            let x = self.next();
            if x < zone {
                return x % bound;
            }
        }
    }
}

/// Draws which tied regions hold the contested seats and moves the seats.
fn draw_lot(tie: &Tie, seed: u64, seats: &mut [u64]) -> Draw {
    let mut candidates: Vec<usize> = tie
        .could_gain
        .iter()
        .chain(&tie.could_lose)
        .copied()
        .collect();
    candidates.sort_unstable();
    let mut order = candidates.clone();
    let mut rng = SplitMix64(seed);
    for i in (1..order.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        order.swap(i, j);
    }
    let mut winners: Vec<usize> = order
        .into_iter()
        .take(usize::try_from(tie.seats_in_tie).unwrap_or(usize::MAX))
        .collect();
    winners.sort_unstable();
    for &i in &tie.could_lose {
        if !winners.contains(&i) {
            seats[i] -= 1;
        }
    }
    for &i in &tie.could_gain {
        if winners.contains(&i) {
            seats[i] += 1;
        }
    }
    Draw {
        seed,
        candidates,
        winners,
    }
}

/// Allocations at every house size in a range, for a divisor method, from
/// one pass of the priority queue.
#[derive(Debug, Clone)]
pub struct HouseSweep {
    /// The method.
    pub method: Method,
    /// One step per house size, in increasing order.
    pub steps: Vec<SweepStep>,
}

/// The allocation at one house size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SweepStep {
    /// House size.
    pub house: u64,
    /// Seats per region, in input order.
    pub seats: Vec<u64>,
    /// True when the last seat at this size is tied with the next one.
    pub tied: bool,
}

/// Every allocation of a divisor method for houses `from..=to`, computed in
/// one pass of the queue (divisor methods are house-monotone: each size adds
/// one seat to the previous one). Bounds apply at every size; sizes below
/// the minimums' total are skipped.
pub fn sweep_divisor(
    names: &[String],
    weights: &[Decimal],
    method: &DivisorMethod,
    bounds: &Bounds,
    from: u64,
    to: u64,
) -> Result<HouseSweep, SolveError> {
    let wrapped = Method::Divisor(method.clone());
    let probe = Problem {
        names,
        weights,
        house: to.max(1),
        method: &wrapped,
        bounds,
        tie_break: TieBreak::Report,
    };
    check_shapes(&probe)?;
    if to.saturating_sub(from) >= MAX_SWEEP_SIZES {
        return Err(SolveError::TooManySizes {
            from,
            to,
            limit: MAX_SWEEP_SIZES,
        });
    }
    let (scaled, _) = to_common_scale(weights);
    let prepared = prepare(&probe, &scaled)?;
    let rule = divisor::DivisorRule::new(method, &scaled);
    let base: Vec<u64> = bounds.base.clone();
    let base_total = base.iter().fold(0u64, |a, &b| a.saturating_add(b));
    let floor_total = prepared
        .floor
        .iter()
        .fold(0u64, |a, &f| a.saturating_add(f));
    let mut start_total = floor_total.saturating_add(base_total);
    let mut start = prepared.floor.to_vec();
    // A range far above the floors starts from the allocation one below
    // it, found by the jump start, so that the queue only runs over the
    // range (and the seat that reaches its first size, for the tie flag).
    if from.saturating_sub(1) > start_total {
        let below = from - 1 - base_total;
        let total: BigUint = scaled.iter().sum();
        let first = divisor::jump_start(&rule, &total, &prepared.floor, &prepared.max, below)?;
        let filled = queue::fill(&rule, first, &prepared.floor, &prepared.max, below)?;
        start = filled.seats;
        start_total = from - 1;
    }
    let awards = queue::awards(
        &rule,
        &start,
        &prepared.max,
        to.saturating_sub(start_total).saturating_add(1),
    )?;
    let mut seats: Vec<u64> = start.iter().zip(&base).map(|(f, b)| f + b).collect();
    let mut steps = Vec::new();
    // The size after the `index` first awards; once every region is at its
    // maximum the awards stop, and the last size is the sum of maximums.
    for index in 0..=awards.len() {
        let Some(house) = start_total.checked_add(index as u64) else {
            break;
        };
        if house > to {
            break;
        }
        if house >= from && house > 0 {
            let tied = index > 0
                && awards
                    .get(index)
                    .is_some_and(|next| awards[index - 1].1 == next.1);
            steps.push(SweepStep {
                house,
                seats: seats.clone(),
                tied,
            });
        }
        if let Some((region, _)) = awards.get(index) {
            seats[*region] += 1;
        }
    }
    Ok(HouseSweep {
        method: wrapped,
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::total_of;
    use num_bigint::BigUint;

    #[test]
    fn total_of_matches_the_big_sum() {
        let cases: Vec<Vec<BigUint>> = vec![
            vec![],
            vec![BigUint::from(0u8)],
            vec![BigUint::from(u64::MAX); 3],
            vec![BigUint::from(7u8), BigUint::from(u64::MAX) + 1u8],
            (0..1000u64)
                .map(|k| BigUint::from(k * k * 1_000_003))
                .collect(),
        ];
        for weights in cases {
            let big: BigUint = weights.iter().sum();
            assert_eq!(total_of(&weights), big);
        }
    }
}
