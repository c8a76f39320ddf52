//! A plain, slow, obviously correct reference for every apportionment
//! method, used only by tests (`tests/differential.rs`).
//!
//! What it is: each method written out from its textbook definition in
//! exact rationals (`BigRational`, nothing else), seat by seat.
//!
//! - Divisor methods: every region starts at its floor (its minimum, or the
//!   first seat owed when d(0) = 0), then the free seats are awarded one at
//!   a time to the highest priority v/d(k) among the regions below their
//!   maximum (Huntington–Hill compares v²/(k(k+1)), the squares of its
//!   priorities). No jump start, no queue: a scan of the regions per seat.
//! - Quota methods: the quota Q from its formula, the quotients q = v/Q,
//!   the floors ⌊q⌋ (clamped into each region's bounds), then seats added
//!   one at a time to the largest remainder q − k or, when the floors
//!   exceed the seats, taken back one at a time from the smallest.
//! - Bounds, from their definitions in `seatshare::solve::Bounds`: base
//!   seats are given first and the method shares the rest as an
//!   apportionment of its own (its k counts the seats it hands out, and a
//!   quota method's S is the seats left); a minimum or maximum is on the
//!   region's total, so on the shared seats it is less the base seats.
//! - The tie set, computed on its own, after the seats and from the
//!   priorities alone: an allocation is valid when no seat left out outranks
//!   a seat let in, so every valid allocation takes all the competing seats
//!   above the boundary priority λ and any of those exactly at λ. The set
//!   is therefore `{low + c : 0 ≤ c ≤ high − low, Σc = contested}`, with
//!   `low` the seats above λ and `high − low` the seats at λ a region could
//!   hold. (A region may have several seats at λ: one without weight whose
//!   every priority is 0, or modified Sainte-Laguë with first divisor 3,
//!   where d(0) = d(1).)
//!
//! Why it shares no code with `src/solve`: a differential test is only as
//! good as the independence of its two sides. Nothing here calls the
//! crate: the methods are named by their ids and defined again below, the
//! weights are read from their decimal text here, and the algorithm is the
//! slow definition instead of the solver's integer priorities, jump start
//! and heap. The one convention copied is the order in which impossible
//! bounds are reported when several are broken at once (each region's
//! minimum and base against its maximum, in input order; then the
//! minimums' total; then the maximums' total; then owed first seats).
#![allow(dead_code)]

use std::cmp::Ordering;
use std::collections::BTreeSet;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};

/// A method, by its definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefMethod {
    /// d(k) = k + r, with d(0) replaced by `first` when given.
    Stationary {
        /// The rounding point.
        r: BigRational,
        /// A different first divisor (modified Sainte-Laguë).
        first: Option<BigRational>,
    },
    /// d(k) = 2k(k+1)/(2k+1).
    Dean,
    /// d(k) = √(k(k+1)).
    HuntingtonHill,
    /// Largest remainders with the quota named.
    Quota(RefQuota),
}

/// The quota formulas, V the total weight and S the seats shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefQuota {
    /// V/S.
    Hare,
    /// ⌊V/(S+1)⌋ + 1, V in the units given.
    Droop,
    /// V/(S+1).
    HagenbachBischoff,
    /// V/(S+2).
    Imperiali,
}

/// `n / d`.
pub fn rat(n: i64, d: i64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

/// `n` as a rational.
pub fn int(n: u64) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

impl RefMethod {
    /// The definition behind a method id (as `seatshare methods` lists
    /// them; parameters written out here by hand, not parsed).
    pub fn for_id(id: &str) -> Option<RefMethod> {
        let st = |r: BigRational| RefMethod::Stationary { r, first: None };
        // Modified Sainte-Laguë's F is on the 1, 3, 5, … scale: d(0) = F/2.
        let msl = |f: BigRational| RefMethod::Stationary {
            r: rat(1, 2),
            first: Some(f / int(2)),
        };
        Some(match id {
            "dhondt" => st(int(1)),
            "sainte-lague" => st(rat(1, 2)),
            "modified-sainte-lague" => msl(rat(7, 5)),
            "modified-sainte-lague:1.2" => msl(rat(6, 5)),
            "modified-sainte-lague:2.9" => msl(rat(29, 10)),
            "modified-sainte-lague:3" => msl(int(3)),
            "danish" => st(rat(1, 3)),
            "imperiali" => st(int(2)),
            "adams" => st(int(0)),
            "dean" => RefMethod::Dean,
            "huntington-hill" => RefMethod::HuntingtonHill,
            "stationary:0" => st(int(0)),
            "stationary:0.3" => st(rat(3, 10)),
            "stationary:1/3" => st(rat(1, 3)),
            "stationary:2/7" => st(rat(2, 7)),
            "stationary:0.75" => st(rat(3, 4)),
            "stationary:1" => st(int(1)),
            "hamilton" => RefMethod::Quota(RefQuota::Hare),
            "droop" => RefMethod::Quota(RefQuota::Droop),
            "hagenbach-bischoff" => RefMethod::Quota(RefQuota::HagenbachBischoff),
            "imperiali-quota" => RefMethod::Quota(RefQuota::Imperiali),
            _ => return None,
        })
    }

    /// d(0) = 0: a region with weight is owed a first seat.
    fn owes_first_seat(&self) -> bool {
        match self {
            RefMethod::Stationary { r, first } => first.as_ref().unwrap_or(r).is_zero(),
            RefMethod::Dean | RefMethod::HuntingtonHill => true,
            RefMethod::Quota(_) => false,
        }
    }

    /// The divisor d(k), squared for Huntington–Hill.
    fn divisor(&self, k: u64) -> BigRational {
        let k = int(k);
        match self {
            RefMethod::Stationary { first: Some(f), .. } if k.is_zero() => f.clone(),
            RefMethod::Stationary { r, .. } => k + r,
            RefMethod::Dean => int(2) * &k * (&k + int(1)) / (int(2) * &k + int(1)),
            RefMethod::HuntingtonHill => &k * (&k + int(1)),
            RefMethod::Quota(_) => unreachable!("a quota method has no divisor"),
        }
    }
}

impl RefQuota {
    fn quota(self, total: &BigRational, seats: u64) -> BigRational {
        let s = int(seats);
        match self {
            RefQuota::Hare => total / s,
            RefQuota::Droop => (total / (s + int(1))).floor() + BigRational::one(),
            RefQuota::HagenbachBischoff => total / (s + int(1)),
            RefQuota::Imperiali => total / (s + int(2)),
        }
    }
}

/// A weight from its decimal text (`123`, `0.250`); `None` if it is not
/// one.
pub fn parse_weight(text: &str) -> Option<BigRational> {
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    let digits = format!("{whole}{frac}");
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num: BigInt = if digits.is_empty() {
        BigInt::zero()
    } else {
        digits.parse().ok()?
    };
    let den = num_traits::pow(BigInt::from(10), frac.len());
    Some(BigRational::new(num, den))
}

/// One problem: weights, house and bounds on each region's total.
#[derive(Debug, Clone)]
pub struct RefProblem {
    /// Weights.
    pub weights: Vec<BigRational>,
    /// Total seats.
    pub house: u64,
    /// At least this many seats in all.
    pub min: Vec<u64>,
    /// At most this many seats in all.
    pub max: Vec<Option<u64>>,
    /// Seats given before the method shares the rest.
    pub base: Vec<u64>,
}

/// Why a problem has no answer, with the numbers that show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// No regions.
    NoRegions,
    /// A house of 0.
    EmptyHouse,
    /// Every weight is 0.
    AllZero,
    /// Region `region`'s minimum is above its maximum.
    MinAboveMax {
        /// Region index.
        region: usize,
        /// Its minimum.
        min: u64,
        /// Its maximum.
        max: u64,
    },
    /// Region `region`'s base seats are above its maximum.
    BaseAboveMax {
        /// Region index.
        region: usize,
        /// Its base.
        base: u64,
        /// Its maximum.
        max: u64,
    },
    /// Σ max(min, base) is above the house.
    MinimumsExceedHouse {
        /// The total.
        needed: u128,
        /// The house.
        house: u64,
    },
    /// Every region has a maximum and they add up to less than the house.
    MaximumsBelowHouse {
        /// The total.
        allowed: u128,
        /// The house.
        house: u64,
    },
    /// A d(0) = 0 method owes more first seats (with the minimums and base
    /// seats) than the house has.
    FirstSeatsExceedHouse {
        /// Regions owed a first seat.
        regions: usize,
        /// Base seats plus each region's floor on the shared seats.
        needed: u128,
        /// The house.
        house: u64,
    },
}

/// Every valid allocation: `low + c` for each `c` with `0 ≤ c ≤ high − low`
/// and `Σc = contested`. Unique when `contested` is 0 or `Σ(high − low)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TieSet {
    /// Seats every valid allocation gives at least.
    pub low: Vec<u64>,
    /// Seats some valid allocation gives at most.
    pub high: Vec<u64>,
    /// Seats beyond `low` in every valid allocation.
    pub contested: u64,
}

impl TieSet {
    /// The one allocation when there is no tie, in the normal form
    /// `low == high`.
    fn unique(seats: Vec<u64>) -> TieSet {
        TieSet {
            high: seats.clone(),
            low: seats,
            contested: 0,
        }
    }

    /// The same set written so that two equal sets compare equal: `low`
    /// and `high` tightened to the least and most seats each region has
    /// in some valid allocation, and `low == high` when only one is left.
    pub fn normal(mut self) -> TieSet {
        loop {
            let room: u64 = self.low.iter().zip(&self.high).map(|(l, h)| h - l).sum();
            let mut changed = false;
            for i in 0..self.low.len() {
                let own = self.high[i] - self.low[i];
                // No region takes more than the contested seats, and each
                // takes what the others' room cannot hold.
                if own > self.contested {
                    self.high[i] = self.low[i] + self.contested;
                    changed = true;
                    break;
                }
                let forced = self.contested.saturating_sub(room - own);
                if forced > 0 {
                    self.low[i] += forced;
                    self.contested -= forced;
                    changed = true;
                    break;
                }
            }
            if !changed {
                break;
            }
        }
        if self.contested == 0 {
            self.high = self.low.clone();
        }
        self
    }

    /// True when there is more than one valid allocation.
    pub fn is_tie(&self) -> bool {
        self.low != self.high
    }

    /// True when `seats` is one of the valid allocations.
    pub fn contains(&self, seats: &[u64]) -> bool {
        seats.len() == self.low.len()
            && (0..seats.len()).all(|i| self.low[i] <= seats[i] && seats[i] <= self.high[i])
            && seats.iter().sum::<u64>() == self.low.iter().sum::<u64>() + self.contested
    }

    /// How many valid allocations there are (for messages; saturating).
    pub fn count(&self) -> u128 {
        // Ways to place `contested` seats in boxes of the regions' room.
        let mut ways = vec![0u128; self.contested as usize + 1];
        ways[0] = 1;
        for i in 0..self.low.len() {
            let room = (self.high[i] - self.low[i]) as usize;
            let mut next = vec![0u128; ways.len()];
            for (have, &w) in ways.iter().enumerate() {
                for add in 0..=room {
                    if have + add < next.len() {
                        next[have + add] = next[have + add].saturating_add(w);
                    }
                }
            }
            ways = next;
        }
        ways[self.contested as usize]
    }

    /// Every valid allocation (only for small sets).
    pub fn list(&self) -> BTreeSet<Vec<u64>> {
        let mut out = BTreeSet::new();
        let mut current = self.low.clone();
        self.fill(0, self.contested, &mut current, &mut out);
        out
    }

    fn fill(&self, i: usize, left: u64, current: &mut Vec<u64>, out: &mut BTreeSet<Vec<u64>>) {
        if i == self.low.len() {
            if left == 0 {
                out.insert(current.clone());
            }
            return;
        }
        let room = self.high[i] - self.low[i];
        for add in 0..=room.min(left) {
            current[i] = self.low[i] + add;
            self.fill(i + 1, left - add, current, out);
        }
        current[i] = self.low[i];
    }
}

/// The reference's answer: one valid allocation (total seats, base
/// included) and the set of all of them.
#[derive(Debug, Clone)]
pub struct RefAllocation {
    /// One valid allocation.
    pub seats: Vec<u64>,
    /// Every valid allocation, in normal form.
    pub ties: TieSet,
}

/// Solves a problem by the definitions.
pub fn apportion(method: &RefMethod, p: &RefProblem) -> Result<RefAllocation, RefError> {
    let n = p.weights.len();
    if n == 0 {
        return Err(RefError::NoRegions);
    }
    if p.house == 0 {
        return Err(RefError::EmptyHouse);
    }
    if p.weights.iter().all(Zero::is_zero) {
        return Err(RefError::AllZero);
    }
    for i in 0..n {
        if let Some(max) = p.max[i] {
            if p.min[i] > max {
                return Err(RefError::MinAboveMax {
                    region: i,
                    min: p.min[i],
                    max,
                });
            }
            if p.base[i] > max {
                return Err(RefError::BaseAboveMax {
                    region: i,
                    base: p.base[i],
                    max,
                });
            }
        }
    }
    let needed: u128 = (0..n).map(|i| u128::from(p.min[i].max(p.base[i]))).sum();
    if needed > u128::from(p.house) {
        return Err(RefError::MinimumsExceedHouse {
            needed,
            house: p.house,
        });
    }
    if p.max.iter().all(Option::is_some) {
        let allowed: u128 = p.max.iter().flatten().map(|&m| u128::from(m)).sum();
        if allowed < u128::from(p.house) {
            return Err(RefError::MaximumsBelowHouse {
                allowed,
                house: p.house,
            });
        }
    }
    // The shared seats, and each region's bounds on its share of them.
    let base_total: u64 = p.base.iter().sum();
    let free = p.house - base_total;
    let cap: Vec<Option<u64>> = (0..n).map(|i| p.max[i].map(|m| m - p.base[i])).collect();
    let mut floor: Vec<u64> = (0..n).map(|i| p.min[i].saturating_sub(p.base[i])).collect();
    if method.owes_first_seat() {
        let mut owed = 0;
        for i in 0..n {
            if !p.weights[i].is_zero() && cap[i] != Some(0) {
                floor[i] = floor[i].max(1);
                owed += 1;
            }
        }
        let floors: u128 = floor.iter().map(|&f| u128::from(f)).sum();
        if floors > u128::from(free) {
            return Err(RefError::FirstSeatsExceedHouse {
                regions: owed,
                needed: floors + u128::from(base_total),
                house: p.house,
            });
        }
    }
    let priority = Priority::new(method, &p.weights, free);
    let shared = match method {
        RefMethod::Quota(_) => largest_remainders(&priority, &floor, &cap, free),
        _ => highest_averages(&priority, &floor, &cap, free),
    };
    let ties = tie_set(&priority, &shared, &floor, &cap, free);
    let add_base = |v: &[u64]| -> Vec<u64> { v.iter().zip(&p.base).map(|(s, b)| s + b).collect() };
    let ties = TieSet {
        low: add_base(&ties.low),
        high: add_base(&ties.high),
        contested: ties.contested,
    }
    .normal();
    let seats = add_base(&shared);
    assert!(ties.contains(&seats), "the reference disagrees with itself");
    Ok(RefAllocation { seats, ties })
}

/// The priority of each region's (k+1)-th shared seat.
struct Priority<'a> {
    method: &'a RefMethod,
    weights: &'a [BigRational],
    /// The quota, for quota methods with seats to share.
    quota: Option<BigRational>,
}

impl<'a> Priority<'a> {
    fn new(method: &'a RefMethod, weights: &'a [BigRational], free: u64) -> Priority<'a> {
        let quota = match method {
            RefMethod::Quota(q) if free > 0 => {
                let total: BigRational = weights.iter().sum();
                Some(q.quota(&total, free))
            }
            _ => None,
        };
        Priority {
            method,
            weights,
            quota,
        }
    }

    /// v/d(k) (v²/d(k)² for Huntington–Hill), or q − k. Only asked for
    /// seats that compete: never a first seat owed by d(0) = 0.
    fn of(&self, region: usize, k: u64) -> BigRational {
        let v = &self.weights[region];
        match (self.method, &self.quota) {
            (RefMethod::Quota(_), Some(q)) => v / q - int(k),
            (RefMethod::Quota(_), None) => unreachable!("no seats to share"),
            (method, _) => {
                if v.is_zero() {
                    // A region without weight is owed nothing, even by 0/0.
                    return BigRational::zero();
                }
                let d = method.divisor(k);
                assert!(!d.is_zero(), "a seat owed by d(0) = 0 competed");
                let top = match method {
                    RefMethod::HuntingtonHill => v * v,
                    _ => v.clone(),
                };
                top / d
            }
        }
    }
}

fn below(s: u64, cap: Option<u64>) -> bool {
    cap.is_none_or(|c| s < c)
}

/// Divisor methods: from the floors, each seat to the highest priority
/// among the regions below their maximum.
fn highest_averages(
    priority: &Priority<'_>,
    floor: &[u64],
    cap: &[Option<u64>],
    free: u64,
) -> Vec<u64> {
    let mut seats = floor.to_vec();
    let held: u64 = seats.iter().sum();
    for _ in held..free {
        let mut best: Option<(usize, BigRational)> = None;
        for i in 0..seats.len() {
            if !below(seats[i], cap[i]) {
                continue;
            }
            let p = priority.of(i, seats[i]);
            if best.as_ref().is_none_or(|(_, b)| p > *b) {
                best = Some((i, p));
            }
        }
        let (i, _) = best.expect("the maximums leave room for every seat");
        seats[i] += 1;
    }
    seats
}

/// Quota methods: the floors ⌊q⌋ (within the bounds), then the largest
/// remainders take the seats left, or the smallest give back the seats
/// over.
fn largest_remainders(
    priority: &Priority<'_>,
    floor: &[u64],
    cap: &[Option<u64>],
    free: u64,
) -> Vec<u64> {
    let n = floor.len();
    let Some(quota) = &priority.quota else {
        return floor.to_vec();
    };
    let mut seats: Vec<u64> = (0..n)
        .map(|i| {
            let q = &priority.weights[i] / quota;
            let whole: u64 = q
                .floor()
                .to_integer()
                .try_into()
                .expect("a quotient within the house");
            let s = whole.max(floor[i]);
            cap[i].map_or(s, |c| s.min(c))
        })
        .collect();
    loop {
        let held: u64 = seats.iter().sum();
        match held.cmp(&free) {
            Ordering::Equal => return seats,
            Ordering::Less => {
                let mut best: Option<(usize, BigRational)> = None;
                for i in 0..n {
                    if below(seats[i], cap[i]) {
                        let r = priority.of(i, seats[i]);
                        if best.as_ref().is_none_or(|(_, b)| r > *b) {
                            best = Some((i, r));
                        }
                    }
                }
                let (i, _) = best.expect("room for every seat");
                seats[i] += 1;
            }
            Ordering::Greater => {
                let mut worst: Option<(usize, BigRational)> = None;
                for i in 0..n {
                    if seats[i] > floor[i] {
                        let r = priority.of(i, seats[i] - 1);
                        if worst.as_ref().is_none_or(|(_, w)| r < *w) {
                            worst = Some((i, r));
                        }
                    }
                }
                let (i, _) = worst.expect("the floors fit the house");
                seats[i] -= 1;
            }
        }
    }
}

/// Every valid allocation of the shared seats, from the priorities alone:
/// the boundary λ is where the worst seat let in meets the best seat left
/// out; if they differ the allocation is the only one.
fn tie_set(
    priority: &Priority<'_>,
    seats: &[u64],
    floor: &[u64],
    cap: &[Option<u64>],
    free: u64,
) -> TieSet {
    let n = seats.len();
    let competing = free - floor.iter().sum::<u64>();
    if competing == 0 {
        // Every seat is owed: nothing competes.
        return TieSet::unique(seats.to_vec());
    }
    let worst_in = (0..n)
        .filter(|&i| seats[i] > floor[i])
        .map(|i| priority.of(i, seats[i] - 1))
        .min();
    let best_out = (0..n)
        .filter(|&i| below(seats[i], cap[i]))
        .map(|i| priority.of(i, seats[i]))
        .max();
    let (Some(worst_in), Some(best_out)) = (worst_in, best_out) else {
        return TieSet::unique(seats.to_vec());
    };
    assert!(
        best_out <= worst_in,
        "the reference let a seat out above one it let in"
    );
    if best_out < worst_in {
        return TieSet::unique(seats.to_vec());
    }
    let level = worst_in;
    let mut low = floor.to_vec();
    let mut high = floor.to_vec();
    for i in 0..n {
        // Seats above the level, then seats at it (at most `competing`:
        // a region without weight has endlessly many at 0).
        while below(low[i], cap[i]) && priority.of(i, low[i]) > level {
            low[i] += 1;
        }
        high[i] = low[i];
        while below(high[i], cap[i])
            && high[i] - low[i] < competing
            && priority.of(i, high[i]) == level
        {
            high[i] += 1;
        }
    }
    let above: u64 = low.iter().sum::<u64>() - floor.iter().sum::<u64>();
    assert!(above <= competing, "more seats above the level than seats");
    TieSet {
        low,
        high,
        contested: competing - above,
    }
}

/// Hand-checked cases of the reference itself, so that the differential
/// test does not rest on an untested side.
pub fn self_check() {
    let w = |v: &[&str]| -> Vec<BigRational> {
        v.iter()
            .map(|t| parse_weight(t).expect("a weight"))
            .collect()
    };
    let plain = |weights: Vec<BigRational>, house: u64| {
        let n = weights.len();
        RefProblem {
            weights,
            house,
            min: vec![0; n],
            max: vec![None; n],
            base: vec![0; n],
        }
    };
    let solve = |id: &str, p: &RefProblem| {
        apportion(&RefMethod::for_id(id).expect("a method"), p).expect("an answer")
    };
    // D'Hondt, 6100 / 5000 / 900, 10 seats: 6, 4, 0 (quotients 6100/6 =
    // 1016.7 and 5000/4 = 1250 in, 900/1 and 6100/7 = 871 out).
    let p = plain(w(&["6100", "5000", "900"]), 10);
    assert_eq!(solve("dhondt", &p).seats, vec![6, 4, 0]);
    // Hamilton, 5 seats over 47 / 33 / 20: quota 20, 2.35, 1.65, 1.0 →
    // floors 2, 1, 1 and the last seat to the 0.65 remainder.
    let p = plain(w(&["47", "33", "20"]), 5);
    assert_eq!(solve("hamilton", &p).seats, vec![2, 2, 1]);
    // Imperiali quota over-allocates: 3 seats, 10 / 10 / 1, Q = 21/5: the
    // floors 2, 2, 0 are 4; one comes off a smallest remainder (a tie).
    let p = plain(w(&["10", "10", "1"]), 3);
    let r = solve("imperiali-quota", &p);
    assert_eq!(
        r.ties.list(),
        BTreeSet::from([vec![1, 2, 0], vec![2, 1, 0]])
    );
    // Equal weights, odd house: a tie between the two.
    let p = plain(w(&["3", "3.0"]), 3);
    for id in ["sainte-lague", "huntington-hill", "dean", "droop"] {
        let r = solve(id, &p);
        assert_eq!(
            r.ties.list(),
            BTreeSet::from([vec![1, 2], vec![2, 1]]),
            "{id}"
        );
    }
    // Huntington–Hill compares v²/(k(k+1)): 10 and 3.3 over 4 seats: the
    // first seats owed, then 10/√2 = 7.07, 10/√6 = 4.08 beat 3.3/√2 = 2.33.
    let p = plain(w(&["10", "3.3"]), 4);
    assert_eq!(solve("huntington-hill", &p).seats, vec![3, 1]);
    // Modified Sainte-Laguë with F = 3: d(0) = d(1) = 1.5, so one region's
    // first two seats tie with each other: every split of 2 seats is valid.
    let p = plain(w(&["1", "1"]), 2);
    let r = solve("modified-sainte-lague:3", &p);
    assert_eq!(
        r.ties.list(),
        BTreeSet::from([vec![0, 2], vec![1, 1], vec![2, 0]])
    );
    // Regions without weight share what capped regions leave: 3 seats,
    // the first capped at 1: 1 + any split of 2 over the two zeros.
    let mut p = plain(w(&["5", "0", "0"]), 3);
    p.max[0] = Some(1);
    let r = solve("dhondt", &p);
    assert_eq!(r.ties.count(), 3);
    assert_eq!(
        r.ties.list(),
        BTreeSet::from([vec![1, 0, 2], vec![1, 1, 1], vec![1, 2, 0]])
    );
    // Base seats first, then the method on the rest: D'Hondt on 2 seats.
    let mut p = plain(w(&["100", "1"]), 4);
    p.base = vec![1, 1];
    assert_eq!(solve("dhondt", &p).seats, vec![3, 1]);
    // Adams owes a first shared seat even beside a base seat.
    let mut p = plain(w(&["100", "1"]), 3);
    p.base = vec![0, 1];
    assert_eq!(solve("adams", &p).seats, vec![1, 2]);
    // Errors.
    let p = plain(w(&["1", "1", "1"]), 2);
    assert_eq!(
        apportion(&RefMethod::for_id("adams").expect("adams"), &p).err(),
        Some(RefError::FirstSeatsExceedHouse {
            regions: 3,
            needed: 3,
            house: 2
        })
    );
    assert!(parse_weight("1.2.3").is_none() && parse_weight("-1").is_none());
    assert_eq!(parse_weight("0.250"), Some(rat(1, 4)));
}
