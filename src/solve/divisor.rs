//! Divisor methods: exact priorities `v / d(k)`, a jump start, and the
//! divisor interval that certifies the result.

use std::cmp::Ordering;

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{FromPrimitive, One, ToPrimitive, Zero};

use super::queue::{Edge, Filled, Priorities};
use super::SolveError;
use crate::allocation::{DivisorCertificate, Signpost};
use crate::method::{DivisorMethod, SignpostKind};
use crate::number::Whole;
use crate::number::{cmp_products, cmp_u128_products, pow10, reduced_ratio, u128_to_f64, Int};

/// The priority `num / den` of a seat, or its square for Huntington–Hill
/// (all priorities of one method are of the same kind, so comparing squares
/// is comparing values). `den == 0` with `num > 0` is infinite: the first
/// seat owed by d(0) = 0. A zero `num` always has `den == 1`.
///
/// Both terms nearly always fit in `u128`, and then a priority is built and
/// compared without allocating; big integers are only the fallback.
#[derive(Debug, Clone)]
pub(crate) enum Priority {
    /// Both terms fit in 128 bits.
    Small { num: u128, den: u128 },
    /// A term does not (boxed, so that the usual priority, and every queue
    /// entry, stays small: at 10^6 regions the queue's memory is its cost).
    Big(Box<(BigUint, BigUint)>),
}

impl Priority {
    fn new(num: Int, den: Int) -> Priority {
        match (num, den) {
            (Int::Small(num), Int::Small(den)) => Priority::small(num, den),
            (num, den) => {
                let num = num.to_big();
                let den = if num.is_zero() {
                    BigUint::one()
                } else {
                    den.to_big()
                };
                Priority::Big(Box::new((num, den)))
            }
        }
    }

    fn small(num: u128, den: u128) -> Priority {
        // 0 / d(k) is zero even when d(0) = 0: a region without weight is
        // owed nothing.
        let den = if num == 0 { 1 } else { den };
        Priority::Small { num, den }
    }

    #[cold]
    fn cmp_big(&self, other: &Self) -> Ordering {
        let ((a, b), (c, d)) = (self.terms(), other.terms());
        cmp_products(&a, &d, &c, &b)
    }

    fn terms(&self) -> (Int, Int) {
        match self {
            Priority::Small { num, den } => (Int::Small(*num), Int::Small(*den)),
            Priority::Big(terms) => (Int::from_big(&terms.0), Int::from_big(&terms.1)),
        }
    }

    /// The value (the square root taken for Huntington–Hill), for display.
    fn value(&self, kind: SignpostKind) -> f64 {
        let (num, den) = self.terms();
        if den.is_zero() {
            return f64::INFINITY;
        }
        let v = num.to_f64() / den.to_f64();
        match kind {
            SignpostKind::Rational => v,
            SignpostKind::SquareRoot => v.sqrt(),
        }
    }

    fn exact(&self, kind: SignpostKind, scale: &BigUint) -> Option<BigRational> {
        let (num, den) = self.terms();
        if den.is_zero() || kind == SignpostKind::SquareRoot {
            return None;
        }
        Some(reduced_ratio(&num.to_big(), &(den.to_big() * scale)))
    }
}

impl Ord for Priority {
    // Cross-multiplying also orders the infinite priorities right: with
    // num > 0 whenever den == 0, an infinite one beats every finite one
    // (x · d > 0 against 0) and two of them are equal (0 against 0).
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Priority::Small { num: a, den: b }, Priority::Small { num: c, den: d }) => {
                cmp_u128_products(*a, *d, *c, *b)
            }
            _ => self.cmp_big(other),
        }
    }
}

impl PartialOrd for Priority {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Priority {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Priority {}

/// A divisor method over integer weights.
pub(crate) struct DivisorRule<'a> {
    method: &'a DivisorMethod,
    kind: SignpostKind,
    /// The weight, or its square for Huntington–Hill.
    weights: Vec<Int>,
    /// The weight as a float, for guesses and display only (read once: the
    /// conversion from a big integer is not free).
    approx: Vec<f64>,
    /// `(a, b, c)` when d(k) = (a·k + b) / c for every k (D'Hondt,
    /// Sainte-Laguë, Danish, Imperiali, Adams): then the seats above a
    /// divisor are one division away, with no search.
    linear: Option<(u128, u128, u128)>,
}

impl<'a> DivisorRule<'a> {
    pub fn new<W: Whole>(method: &'a DivisorMethod, weights: &[W]) -> DivisorRule<'a> {
        let kind = method.kind();
        // One pass for both: at 10^6 regions each pass over the weights
        // costs about 5 % of a solve.
        let mut approx = Vec::with_capacity(weights.len());
        let mut ints = Vec::with_capacity(weights.len());
        for w in weights {
            let (int, float) = match w.as_u128() {
                Some(v) => (Int::Small(v), u128_to_f64(v)),
                None => {
                    let big = w.big().into_owned();
                    let float = big.to_f64().unwrap_or(0.0);
                    (Int::Big(big), float)
                }
            };
            approx.push(float);
            ints.push(match kind {
                SignpostKind::Rational => int,
                SignpostKind::SquareRoot => int.mul(&int),
            });
        }
        let weights = ints;
        let linear = match method {
            DivisorMethod::DHondt => Some((1, 1, 1)),
            DivisorMethod::SainteLague => Some((2, 1, 2)),
            DivisorMethod::Danish => Some((3, 1, 3)),
            DivisorMethod::Imperiali => Some((1, 2, 1)),
            DivisorMethod::Adams => Some((1, 0, 1)),
            _ => None,
        };
        DivisorRule {
            method,
            kind,
            weights,
            approx,
            linear,
        }
    }

    /// [`DivisorRule::count_above`] without a search where the method
    /// allows it, on machine integers: `None` otherwise (a product leaves
    /// `u128`, or the method is neither linear nor Huntington–Hill).
    #[inline]
    fn closed_count(&self, region: usize, divisor: &Priority) -> Option<u64> {
        if self.linear.is_some() {
            self.linear_count(region, divisor)
        } else if matches!(self.method, DivisorMethod::HuntingtonHill) {
            self.equal_proportions_count(region, divisor)
        } else if matches!(self.method, DivisorMethod::Dean) {
            self.harmonic_mean_count(region, divisor)
        } else {
            None
        }
    }

    /// Dean's count: d(k) = 2k(k + 1)/(2k + 1), so seat k is above the
    /// divisor P/Q when w·Q·(2k + 1) > 2P·k(k + 1) (k = 0 always is, for
    /// w > 0). With x = w·Q/P the last such k is below the root
    /// ((x − 1) + √(x² + 1))/2, guessed in floating point and settled by
    /// exact steps, as for Huntington–Hill.
    fn harmonic_mean_count(&self, region: usize, divisor: &Priority) -> Option<u64> {
        let (Int::Small(w), Priority::Small { num: p, den: q }) = (&self.weights[region], divisor)
        else {
            return None;
        };
        if *p == 0 || *q == 0 {
            return None;
        }
        let n = w.checked_mul(*q)?;
        if n == 0 {
            return Some(0);
        }
        // Exact, or `None` (the search decides) when both sides overflow.
        let above = |k: u64| -> Option<bool> {
            let k = u128::from(k);
            let lhs = n.checked_mul(2 * k + 1);
            let rhs = (2 * k * (k + 1)).checked_mul(*p);
            match (lhs, rhs) {
                (Some(l), Some(r)) => Some(l > r),
                (None, Some(_)) => Some(true),
                (Some(_), None) => Some(false),
                (None, None) => None,
            }
        };
        let x = u128_to_f64(n) / u128_to_f64(*p);
        let root = ((x - 1.0) + (x * x + 1.0).sqrt()) / 2.0;
        let mut k = if root > 0.0 {
            (root as u64).min(1 << 62)
        } else {
            0
        };
        let mut steps = 0;
        while !above(k)? {
            if k == 0 {
                return Some(0);
            }
            k -= 1;
            steps += 1;
            if steps > 64 {
                return None;
            }
        }
        while k < 1 << 62 && above(k + 1)? {
            k += 1;
            steps += 1;
            if steps > 64 {
                return None;
            }
        }
        Some(k + 1)
    }

    /// Huntington–Hill's count: with w² and the divisor's square P/Q, seat
    /// k is above it when k(k + 1)·P < w²·Q (k = 0 always is, for w > 0).
    /// The last such k is the root of a quadratic, guessed in floating
    /// point and settled by exact steps (a step or two at any house size).
    fn equal_proportions_count(&self, region: usize, divisor: &Priority) -> Option<u64> {
        let (Int::Small(squared), Priority::Small { num: p, den: q }) =
            (&self.weights[region], divisor)
        else {
            return None;
        };
        if *p == 0 || *q == 0 {
            return None;
        }
        let n = squared.checked_mul(*q)?;
        // k(k + 1) < 2^126 for k ≤ 2^62; a product past u128 is above n.
        let above = |k: u64| {
            let k = u128::from(k);
            (k * (k + 1)).checked_mul(*p).is_some_and(|v| v < n)
        };
        if !above(0) {
            return Some(0);
        }
        let x = u128_to_f64(n) / u128_to_f64(*p);
        let root = ((1.0 + 4.0 * x).sqrt() - 1.0) / 2.0;
        let mut k = if root > 0.0 {
            (root as u64).min(1 << 62)
        } else {
            0
        };
        let mut steps = 0;
        while !above(k) {
            k -= 1;
            steps += 1;
            if steps > 64 {
                return None;
            }
        }
        while k < 1 << 62 && above(k + 1) {
            k += 1;
            steps += 1;
            if steps > 64 {
                return None;
            }
        }
        Some(k + 1)
    }

    /// A linear method's count: with the divisor P/Q, seat k is above it
    /// when w·c·Q > P·(a·k + b), so the count is ⌈(w·c·Q − P·b) / (P·a)⌉
    /// when that is positive, else 0.
    #[inline]
    fn linear_count(&self, region: usize, divisor: &Priority) -> Option<u64> {
        let (a, b, c) = self.linear?;
        let (Int::Small(w), Priority::Small { num: p, den: q }) = (&self.weights[region], divisor)
        else {
            return None;
        };
        if *p == 0 || *q == 0 {
            return None;
        }
        let n = w.checked_mul(c)?.checked_mul(*q)?;
        let pb = p.checked_mul(b)?;
        if n <= pb {
            return Some(0);
        }
        let (m, pa) = (n - pb, p.checked_mul(a)?);
        // u64 divisions are instructions, u128's library calls.
        let count = match (u64::try_from(m), u64::try_from(pa)) {
            (Ok(m), Ok(pa)) => u128::from(m.div_ceil(pa)),
            _ => m.div_ceil(pa),
        };
        Some(u64::try_from(count).unwrap_or(u64::MAX))
    }

    /// The value `num / den` as a priority of this method's kind (squared
    /// for Huntington–Hill).
    fn ratio(&self, num: Int, den: Int) -> Priority {
        match self.kind {
            SignpostKind::Rational => Priority::new(num, den),
            SignpostKind::SquareRoot => Priority::new(num.mul(&num), den.mul(&den)),
        }
    }

    /// `weight · d_den / d_num` when it leaves `u128`.
    #[cold]
    fn big_priority(&self, region: usize, d_num: u128, d_den: u128) -> Priority {
        Priority::new(self.weights[region].mul_u128(d_den), Int::Small(d_num))
    }

    /// A guess, in floating point, of how many seats a region gets when its
    /// weight over the divisor is `x`: the count of `k` with `d(k) < x`,
    /// reading `d(k) ≈ k + δ` off the divisor near `x`. Only a starting
    /// point for exact comparisons, which correct it however far off it is
    /// (at any house the tool accepts, f64 is off by a few hundred seats at
    /// most).
    fn guess_seats(&self, x: f64) -> u64 {
        // Above 2^62 the cast below would saturate; no house is that large.
        if !(x > 0.0 && x < 4.6e18) {
            return if x >= 4.6e18 { 1 << 62 } else { 0 };
        }
        // Casts instead of `floor` and `ceil`, which are library calls on
        // the baseline x86-64 target: x > 0, so truncating is the floor.
        let k = x as u64;
        let y = x - self.offset(k);
        if y <= 0.0 {
            return 0;
        }
        let t = y as u64;
        if (t as f64) < y {
            t.saturating_add(1)
        } else {
            t
        }
    }

    /// `d(k) − k` as a float (½ for Sainte-Laguë, 1 for D'Hondt), for
    /// guesses only. Worked out on integers first, so that it keeps its
    /// precision when `k` is far above 2^53.
    fn offset(&self, k: u64) -> f64 {
        let Some(s) = self.method.signpost(k) else {
            return 0.5;
        };
        match self.kind {
            SignpostKind::Rational => {
                let whole = u128::from(k).checked_mul(s.den);
                match whole.and_then(|w| s.num.checked_sub(w)) {
                    Some(rest) => u128_to_f64(rest) / u128_to_f64(s.den),
                    None => u128_to_f64(s.num) / u128_to_f64(s.den) - k as f64,
                }
            }
            SignpostKind::SquareRoot => {
                // √(k(k+1)) − k = k / (√(k(k+1)) + k), without cancellation.
                let d = (u128_to_f64(s.num) / u128_to_f64(s.den)).sqrt();
                let k = k as f64;
                if d + k > 0.0 {
                    k / (d + k)
                } else {
                    0.0
                }
            }
        }
    }

    /// How many of a region's seats have a priority strictly above
    /// `divisor`, capped at `cap`: exact, by galloping from `guess` and
    /// halving, so O(log |guess − answer|) comparisons.
    fn count_above(
        &self,
        region: usize,
        divisor: &Priority,
        guess: u64,
        cap: u64,
    ) -> Result<u64, SolveError> {
        // Priorities fall as a region holds more seats, so `above` is true
        // up to the answer and false from there.
        let above = |k: u64| -> Result<bool, SolveError> {
            Ok(k < cap && self.priority(region, k)? > *divisor)
        };
        let g = guess.min(cap);
        // The answer is in lo..=hi.
        let (mut lo, mut hi);
        if above(g)? {
            lo = g + 1;
            let mut step: u64 = 1;
            loop {
                let probe = lo.saturating_add(step).min(cap);
                if !above(probe)? {
                    hi = probe;
                    break;
                }
                lo = probe + 1;
                step = step.saturating_mul(2);
            }
        } else {
            hi = g;
            let mut step: u64 = 1;
            loop {
                if hi == 0 {
                    lo = 0;
                    break;
                }
                let probe = hi.saturating_sub(step);
                if above(probe)? {
                    lo = probe + 1;
                    break;
                }
                hi = probe;
                step = step.saturating_mul(2);
            }
        }
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if above(mid)? {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Ok(lo)
    }
}

impl Priorities for DivisorRule<'_> {
    type P = Priority;

    // Every seat the start and the queue look at needs one; left to itself
    // the compiler kept this a call, which cost 5 % of the instructions.
    #[inline(always)]
    fn priority(&self, region: usize, held: u64) -> Result<Priority, SolveError> {
        let s = self
            .method
            .signpost(held)
            .ok_or(SolveError::HouseTooLarge)?;
        if let Int::Small(w) = self.weights[region] {
            if let Some(num) = w.checked_mul(s.den) {
                return Ok(Priority::small(num, s.num));
            }
        }
        Ok(self.big_priority(region, s.num, s.den))
    }
}

/// A lower bound of the final seats, so that the queue only hands out the
/// last few.
///
/// The start is the allocation at a divisor `V / p`: each region gets every
/// seat whose priority is strictly above the divisor (then its floor and
/// maximum apply). When that total, counted exactly, is at most the house,
/// every one of those seats is also in the final allocation, whatever `p`
/// is: the clamped seat counts only fall as the divisor rises, so a divisor
/// at or above the final one gives at most the final seats, and one below
/// it can stay within the house only by giving exactly the final seats.
/// Seats tied at the final divisor are never in a start that fits, so ties
/// are still found and shown by the queue as before.
///
/// `p` is first aimed a little below the house (allowing for the method's
/// rounding) and corrected by how far the exact total missed, in at most
/// three tries; floats only guess `p` and each region's count, and exact
/// comparisons settle every count. When the tries do not come close (bounds
/// that bind hard, weights far apart), `p` is bracketed by doubling and
/// found by halving, on big integers: the total grows with `p` and moves by
/// at most two seats a region when `p` grows by one, so the queue is left
/// with O(regions) seats at any house size.
pub(crate) fn jump_start(
    rule: &DivisorRule<'_>,
    total: &BigUint,
    floor: &[u64],
    max: &[Option<u64>],
    house: u64,
) -> Result<Vec<u64>, SolveError> {
    let n = floor.len() as u64;
    let fixed = floor
        .iter()
        .try_fold(0u64, |a, &f| a.checked_add(f))
        .ok_or(SolveError::HouseTooLarge)?;
    let free = house.saturating_sub(fixed);
    // Up to 2n seats the queue from the floors is cheap for a few regions;
    // past a thousand its heap's scattered memory access is not, and a
    // start close to the house leaves it a few hundred seats.
    let few = if n > 1024 {
        1 + n.isqrt() / 2
    } else {
        n.saturating_mul(2)
    };
    if free <= few {
        return Ok(floor.to_vec());
    }
    let start = Start {
        rule,
        total: Int::from_big(total),
        total_f: total.to_f64().unwrap_or(f64::INFINITY),
        floor,
        max,
        house,
    };
    // How far short of the house a start may stay before another try:
    // about the spread of the rounding of n regions.
    let slack = 1 + n.isqrt() / 2;
    let close = slack.max(n / 4);
    // Each seat short of the house costs the queue a step; each try costs
    // O(n). Past a thousand regions up to n/4 steps cost far more than a
    // try, so the tries go on until the start is within `2 · slack` (the
    // aim is `slack` below the house, so a start on either side of it is
    // taken).
    let enough = if n > 1024 { 2 * slack } else { close };
    // With d(k) ≈ k + δ a region gets about its quota + ½ − δ seats, so
    // V / p gives about p + n(½ − δ) in all; aim `slack` below the house.
    let bias = n as f64 * (0.5 - rule.offset(house / n.max(1)));
    let aim = (house as f64 - bias).round() - slack as f64;
    let mut parts = if (1.0..1e18).contains(&aim) {
        aim as u64
    } else {
        house
    };
    if n > 1024 {
        // The bias above assumes every region has about the mean seats,
        // which for Huntington–Hill at two seats a region missed by 6 %.
        // A float pass costs a fraction of an exact try, so aim by them.
        parts = start.aim(parts, house.saturating_sub(slack), slack / 4 + 1);
    }
    // The best start that fits (p, seats, total), and the smallest p whose
    // total is over the house.
    let mut best: Option<(BigUint, Vec<u64>, u64)> = None;
    let mut over: Option<BigUint> = None;
    for _ in 0..3 {
        let p = BigUint::from(parts);
        let (seats, held) = start.at(&p)?;
        if held <= house {
            let short = house - held;
            if short <= enough {
                return Ok(seats);
            }
            if best.as_ref().is_none_or(|(_, _, b)| held > *b) {
                best = Some((p, seats, held));
            }
            match parts.checked_add(short - slack) {
                Some(q) => parts = q,
                None => break,
            }
        } else {
            if over.as_ref().is_none_or(|o| p < *o) {
                over = Some(p);
            }
            let miss = held - house;
            match parts.checked_sub(miss.saturating_add(slack)) {
                Some(q) if q > 0 => parts = q,
                _ => break,
            }
        }
    }
    if let Some((_, seats, _)) = best.take_if(|(_, _, held)| house - *held <= close) {
        return Ok(seats);
    }
    // Bracket: `lo` fits (p = 0, the floors, always does), `hi` does not.
    let (mut lo, mut lo_seats, mut lo_held) = match best {
        Some(b) => b,
        None => (BigUint::zero(), floor.to_vec(), fixed),
    };
    let mut hi = match over {
        Some(o) if o > lo => Some(o),
        _ => None,
    };
    if hi.is_none() {
        // Double until the total passes the house, or every region with
        // weight is at its maximum (the rest is for regions without weight).
        // The total passes the house once V / p is below every priority of
        // the first house + 1 seats, well within these rounds.
        let rounds = 2 * (total.bits() + 64) + 64;
        let mut p = lo.clone().max(BigUint::one());
        for _ in 0..rounds {
            p = &p * 2u32;
            let (seats, held) = start.at(&p)?;
            if held > house {
                hi = Some(p);
                break;
            }
            let capped = start.all_capped(&seats);
            (lo, lo_seats, lo_held) = (p.clone(), seats, held);
            if house - lo_held <= close || capped {
                break;
            }
        }
    }
    if let Some(mut hi) = hi {
        while house - lo_held > close && &hi - &lo > BigUint::one() {
            let mid: BigUint = (&lo + &hi) >> 1u32;
            let (seats, held) = start.at(&mid)?;
            if held <= house {
                (lo, lo_seats, lo_held) = (mid, seats, held);
            } else {
                hi = mid;
            }
        }
    }
    if house - lo_held > close && start.all_capped(&lo_seats) {
        // Every region with weight is at its maximum: the rest go to the
        // regions without weight, each of whose seats has priority 0, in
        // region order up to their maximums, as the queue would hand them.
        let mut left = house - lo_held;
        for (region, seats) in lo_seats.iter_mut().enumerate() {
            if left == 0 {
                break;
            }
            if rule.weights[region].is_zero() {
                let room = max[region].map_or(left, |m| m.saturating_sub(*seats));
                let give = room.min(left);
                *seats += give;
                left -= give;
            }
        }
    }
    Ok(lo_seats)
}

/// What a start at the divisor `V / p` needs.
struct Start<'r, 'a> {
    rule: &'r DivisorRule<'a>,
    total: Int,
    /// The total as a float, for guesses only.
    total_f: f64,
    floor: &'r [u64],
    max: &'r [Option<u64>],
    house: u64,
}

impl Start<'_, '_> {
    /// The clamped seats at the divisor `V / parts` and their total. Counts
    /// above the house are cut short (such a start is never used). At
    /// `parts = 0` (an infinite divisor) every region holds its floor.
    fn at(&self, parts: &BigUint) -> Result<(Vec<u64>, u64), SolveError> {
        let rule = self.rule;
        if parts.is_zero() {
            let held = self.floor.iter().fold(0u64, |a, &f| a.saturating_add(f));
            return Ok((self.floor.to_vec(), held));
        }
        let divisor = rule.ratio(self.total.clone(), Int::from_big(parts));
        let parts_f = parts.to_f64().unwrap_or(f64::INFINITY);
        let cap = self.house.saturating_add(1);
        let mut seats = Vec::with_capacity(self.floor.len());
        let mut held: u64 = 0;
        for (region, &weight) in rule.approx.iter().enumerate() {
            let k = match rule.closed_count(region, &divisor) {
                Some(count) => count.min(cap),
                None => {
                    let guess = rule.guess_seats(weight / self.total_f * parts_f);
                    rule.count_above(region, &divisor, guess, cap)?
                }
            };
            let mut s = k.max(self.floor[region]);
            if let Some(m) = self.max[region] {
                s = s.min(m);
            }
            held = held.saturating_add(s);
            seats.push(s);
        }
        Ok((seats, held))
    }

    /// The total at `V / parts` in floats: a guess within a few seats of
    /// the exact total.
    fn guess_total(&self, parts: f64) -> f64 {
        let rule = self.rule;
        let mut held = 0.0;
        for (region, &weight) in rule.approx.iter().enumerate() {
            let mut s = rule
                .guess_seats(weight / self.total_f * parts)
                .max(self.floor[region]);
            if let Some(m) = self.max[region] {
                s = s.min(m);
            }
            held += s as f64;
        }
        held
    }

    /// `parts` moved, by at most three float passes of secant steps from
    /// `parts`, until the guessed total is within `within` of `target`. The
    /// guess only aims the exact tries, which settle the start.
    fn aim(&self, parts: u64, target: u64, within: u64) -> u64 {
        let (target, within) = (target as f64, within as f64);
        let mut p = parts as f64;
        let mut last: Option<(f64, f64)> = None;
        for _ in 0..3 {
            let held = self.guess_total(p);
            let miss = target - held;
            if miss.abs() <= within {
                break;
            }
            // The total grows with `parts`, at most one seat for one part
            // when no bound binds; a secant step reads the real slope.
            let slope = match last {
                Some((q, h)) if held != h => ((held - h) / (p - q)).clamp(0.05, 1.0),
                _ => 1.0,
            };
            last = Some((p, held));
            p += miss / slope;
            if !(1.0..1e18).contains(&p) {
                return parts;
            }
        }
        p.round() as u64
    }

    /// True when every region with weight holds its maximum: no divisor
    /// gives them more.
    fn all_capped(&self, seats: &[u64]) -> bool {
        seats
            .iter()
            .enumerate()
            .all(|(region, &s)| self.rule.weights[region].is_zero() || self.max[region] == Some(s))
    }
}

/// The divisor interval of a finished allocation and a short divisor in it.
pub(crate) fn certificate(
    rule: &DivisorRule<'_>,
    filled: &Filled<Priority>,
    scale: u32,
) -> DivisorCertificate {
    let unit = pow10(scale);
    let kind = rule.kind;
    let signpost = |edge: Option<&Edge<Priority>>, below: u64| {
        edge.map(|e| {
            let region = e.regions[0];
            Signpost {
                region,
                held: filled.seats[region] - below,
                value: e.priority.value(kind) / unit.to_f64().unwrap_or(1.0),
                exact: e.priority.exact(kind, &unit),
            }
        })
    };
    let lower = signpost(filled.best_out.as_ref(), 0);
    let upper = signpost(filled.worst_in.as_ref(), 1);
    let nice = nice_divisor(
        rule,
        filled.best_out.as_ref().map(|e| &e.priority),
        filled.worst_in.as_ref().map(|e| &e.priority),
        lower.as_ref().map(|s| s.value),
        upper.as_ref().map(|s| s.value),
        scale,
    );
    let quotients = match &nice {
        Some(d) => {
            let d = crate::number::rational_to_f64(d);
            let unit_f = unit.to_f64().unwrap_or(1.0);
            rule.approx.iter().map(|w| w / unit_f / d).collect()
        }
        None => Vec::new(),
    };
    DivisorCertificate {
        lower,
        upper,
        nice,
        quotients,
    }
}

/// The shortest decimal strictly between the two ends (in the units given),
/// checked exactly. Floats only propose candidates.
fn nice_divisor(
    rule: &DivisorRule<'_>,
    lower: Option<&Priority>,
    upper: Option<&Priority>,
    lower_f: Option<f64>,
    upper_f: Option<f64>,
    scale: u32,
) -> Option<BigRational> {
    let lo = lower_f.unwrap_or(0.0);
    let hi = upper_f.unwrap_or(f64::INFINITY);
    if lower.is_some() && lower == upper {
        // The interval is a single point: the tie itself.
        return None;
    }
    let reference = if hi.is_finite() {
        hi
    } else {
        lo.max(1.0) * 2.0
    };
    // Weights past the float range (hundreds of digits) get no proposal:
    // the interval itself is still shown exactly.
    if !reference.is_finite() || reference <= 0.0 {
        return None;
    }
    let top = reference.log10().floor() as i32;
    let scale = i32::try_from(scale).ok()?;
    // Is m × 10^exponent strictly inside, checked exactly on integers? In
    // scaled units that divisor is m × 10^(exponent + scale).
    let inside = |m: &Int, exponent: i32| {
        let shift = exponent + scale;
        let (num, den) = if shift >= 0 {
            (m.mul(&int_pow10(shift.unsigned_abs())), Int::Small(1))
        } else {
            (m.clone(), int_pow10(shift.unsigned_abs()))
        };
        let p = rule.ratio(num, den);
        lower.is_none_or(|l| p > *l) && upper.is_none_or(|u| p < *u)
    };
    for exponent in (top - 40..=top + 1).rev() {
        let step_f = 10f64.powi(exponent);
        let first = (lo / step_f).floor();
        if !first.is_finite() {
            continue;
        }
        for offset in 0..=2 {
            let m = first + offset as f64;
            if m <= 0.0 {
                continue;
            }
            // The float is a whole number; take its exact value.
            let m = if m < 1.8e19 {
                Int::Small(u128::from(m as u64))
            } else {
                match BigUint::from_f64(m) {
                    Some(big) => Int::from_big(&big),
                    None => continue,
                }
            };
            if m.is_zero() {
                continue;
            }
            if inside(&m, exponent) {
                let m = BigInt::from(m.to_big());
                return Some(if exponent >= 0 {
                    BigRational::from_integer(m * BigInt::from(pow10(exponent.unsigned_abs())))
                } else {
                    BigRational::new(m, BigInt::from(pow10(exponent.unsigned_abs())))
                });
            }
        }
    }
    None
}

/// 10^exp, on `u128` while it fits.
fn int_pow10(exp: u32) -> Int {
    match 10u128.checked_pow(exp) {
        Some(v) => Int::Small(v),
        None => Int::Big(pow10(exp)),
    }
}

#[cfg(test)]
mod tests {
    use num_traits::Zero;

    use super::*;
    use crate::method::Method;
    use crate::solve::queue;

    /// The closed-form count of the linear methods and Huntington–Hill is
    /// the galloping search's count, at divisors near, far above and far below the
    /// weights, small weights (ties at the divisor) included.
    #[test]
    fn closed_count_matches_the_search() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = |bound: u64| crate::number::xorshift(&mut state) % bound;
        let mut compared = 0;
        for id in [
            "dhondt",
            "sainte-lague",
            "danish",
            "imperiali",
            "adams",
            "huntington-hill",
            "dean",
        ] {
            let Method::Divisor(method) = Method::parse(id).unwrap() else {
                unreachable!("a divisor method")
            };
            for case in 0..2000 {
                let top = [13, 1000, 40_000_000][case % 3];
                let weights: Vec<BigUint> = (0..4).map(|_| BigUint::from(next(top))).collect();
                let rule = DivisorRule::new(&method, &weights);
                let divisor = rule.ratio(
                    Int::Small(u128::from(1 + next(top))),
                    Int::Small(u128::from(1 + next(60))),
                );
                let cap = 1 + next(5000);
                for region in 0..weights.len() {
                    let count = rule.closed_count(region, &divisor).expect("small terms");
                    let searched = rule.count_above(region, &divisor, next(100), cap).unwrap();
                    assert_eq!(
                        count.min(cap),
                        searched,
                        "{id} {weights:?} {divisor:?} {region}"
                    );
                    compared += 1;
                }
            }
        }
        assert_eq!(compared, 7 * 2000 * 4);
    }

    /// The jump start only skips seats: from it the queue ends exactly where
    /// it ends from the floors, with the same boundary (and so the same
    /// ties), whatever the weights, bounds and house.
    #[test]
    fn jump_start_matches_the_plain_queue() {
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut next = |bound: u64| crate::number::xorshift(&mut state) % bound;
        let methods: Vec<DivisorMethod> = Method::standard()
            .into_iter()
            .chain(
                ["stationary:0.3", "modified-sainte-lague:1.2"].map(|m| Method::parse(m).unwrap()),
            )
            .filter_map(|m| match m {
                Method::Divisor(d) => Some(d),
                Method::Quota(_) => None,
            })
            .collect();
        let mut compared = 0;
        for case in 0..600 {
            let n = 1 + next(40) as usize;
            // Small weights give many ties; large ones the usual case.
            let top = if case % 2 == 0 { 12 } else { 40_000_000 };
            let weights: Vec<BigUint> = (0..n).map(|_| BigUint::from(next(top))).collect();
            if weights.iter().all(Zero::is_zero) {
                continue;
            }
            let method = &methods[case % methods.len()];
            let floor: Vec<u64> = weights
                .iter()
                .map(|w| u64::from(method.owes_first_seat() && !w.is_zero()) + next(2))
                .collect();
            let max: Vec<Option<u64>> = floor
                .iter()
                .map(|&f| (next(4) == 0).then(|| f + next(30)))
                .collect();
            let house = floor.iter().sum::<u64>() + next(900);
            let rule = DivisorRule::new(method, &weights);
            let total: BigUint = weights.iter().sum();
            let start = jump_start(&rule, &total, &floor, &max, house).unwrap();
            let fast = queue::fill(&rule, start, &floor, &max, house);
            let slow = queue::fill(&rule, floor.clone(), &floor, &max, house);
            let (fast, slow) = match (fast, slow) {
                (Ok(f), Ok(s)) => (f, s),
                (Err(_), Err(_)) => continue,
                (f, s) => panic!("case {case}: {f:?} vs {s:?}"),
            };
            assert_eq!(fast.seats, slow.seats, "case {case} ({})", method.id());
            for (a, b) in [
                (&fast.best_out, &slow.best_out),
                (&fast.worst_in, &slow.worst_in),
            ] {
                assert_eq!(
                    a.as_ref().map(|e| (&e.priority, &e.regions)),
                    b.as_ref().map(|e| (&e.priority, &e.regions)),
                    "case {case} ({})",
                    method.id()
                );
            }
            compared += 1;
        }
        assert!(compared > 400);
    }

    /// The queue (selection, the heap over the best regions, the full
    /// heap) gives the seats of the plainest greedy: one seat at a time to
    /// the first region with the highest priority.
    #[test]
    fn queue_matches_one_seat_at_a_time() {
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut next = |bound: u64| crate::number::xorshift(&mut state) % bound;
        let ids = ["dhondt", "sainte-lague", "huntington-hill", "imperiali"];
        for case in 0..300 {
            let Method::Divisor(method) = Method::parse(ids[case % ids.len()]).unwrap() else {
                unreachable!()
            };
            let n = 1 + next(60) as usize;
            let top = if case % 2 == 0 { 8 } else { 1_000_000 };
            let weights: Vec<BigUint> = (0..n).map(|_| BigUint::from(1 + next(top))).collect();
            let floor: Vec<u64> = vec![u64::from(method.owes_first_seat()); n];
            let max: Vec<Option<u64>> = (0..n)
                .map(|_| (next(5) == 0).then(|| 1 + next(6)))
                .collect();
            let house = floor.iter().sum::<u64>() + next(3 * n as u64);
            let allowed: u64 = max.iter().map(|m| m.unwrap_or(u64::MAX / 4096)).sum();
            if house > allowed {
                continue;
            }
            let rule = DivisorRule::new(&method, &weights);
            // Any lower bound of the result as a start: the floors plus
            // some of the greedy's own seats.
            let mut greedy = floor.clone();
            let mut starts = vec![floor.clone()];
            for step in floor.iter().sum::<u64>()..house {
                let mut top: Option<(usize, Priority)> = None;
                for (region, &s) in greedy.iter().enumerate() {
                    if max[region].is_some_and(|m| s >= m) {
                        continue;
                    }
                    let p = rule.priority(region, s).unwrap();
                    if top.as_ref().is_none_or(|(_, best)| p > *best) {
                        top = Some((region, p));
                    }
                }
                greedy[top.unwrap().0] += 1;
                if step % 7 == 3 {
                    starts.push(greedy.clone());
                }
            }
            for start in starts {
                let filled = queue::fill(&rule, start, &floor, &max, house).unwrap();
                assert_eq!(filled.seats, greedy, "case {case}");
            }
        }
    }

    /// Past a thousand regions the start runs even for houses below twice
    /// the regions, and the queue hands out the rest by selection: the same
    /// seats and boundary as the plain queue from the floors.
    #[test]
    fn jump_start_matches_the_plain_queue_for_many_regions() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = |bound: u64| crate::number::xorshift(&mut state) % bound;
        for (case, id) in [
            "dhondt",
            "sainte-lague",
            "huntington-hill",
            "adams",
            "danish",
        ]
        .iter()
        .cycle()
        .take(20)
        .enumerate()
        {
            let Method::Divisor(method) = Method::parse(id).unwrap() else {
                unreachable!()
            };
            let n = 1500 + next(1000) as usize;
            let top = if case % 2 == 0 { 50 } else { 10_000_000 };
            let weights: Vec<BigUint> = (0..n).map(|_| BigUint::from(1 + next(top))).collect();
            // From the eleventh case on, minimums and maximums that bind,
            // so that the float aim meets a total that grows slower than
            // the parts.
            let bounded = case >= 10;
            let owed = u64::from(method.owes_first_seat());
            let floor: Vec<u64> = (0..n)
                .map(|_| owed + if bounded { next(3) } else { 0 })
                .collect();
            let max: Vec<Option<u64>> = floor
                .iter()
                .map(|&f| (bounded && next(3) == 0).then(|| f + next(3)))
                .collect();
            let house = floor.iter().sum::<u64>() + n as u64 / 2 + next(2 * n as u64);
            let rule = DivisorRule::new(&method, &weights);
            let total: BigUint = weights.iter().sum();
            let start = jump_start(&rule, &total, &floor, &max, house).unwrap();
            assert!(
                start.iter().sum::<u64>() > floor.iter().sum::<u64>(),
                "{id}"
            );
            let fast = queue::fill(&rule, start, &floor, &max, house).unwrap();
            let slow = queue::fill(&rule, floor.clone(), &floor, &max, house).unwrap();
            assert_eq!(fast.seats, slow.seats, "case {case} ({id})");
            for (a, b) in [
                (&fast.best_out, &slow.best_out),
                (&fast.worst_in, &slow.worst_in),
            ] {
                assert_eq!(
                    a.as_ref().map(|e| (&e.priority, &e.regions)),
                    b.as_ref().map(|e| (&e.priority, &e.regions)),
                    "case {case} ({id})"
                );
            }
        }
    }
}
