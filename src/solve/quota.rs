//! Quota (largest-remainder) methods as a priority rule.
//!
//! With q = v/Q a region's quotient, the priority of its (k+1)-th seat is
//! q − k. The `house` highest priorities give ⌊q⌋ to every region and the
//! rest to the largest remainders; when the floors exceed the house (a small
//! quota such as Imperiali's), the seats that go are those with the smallest
//! remainders. Within bounds the same rule minimises Σ(seats − q)², so one
//! definition covers the plain method, over-allocation and restrictions.

use std::borrow::Borrow;
use std::cmp::Ordering;

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

use super::queue::Priorities;
use super::SolveError;
use crate::allocation::{QuotaCertificate, Quotients};
use crate::method::QuotaMethod;
use crate::number::{big_int, pow10, reduced_u128_ratio};

/// Terms at or below this size keep every priority, threshold and product
/// the rule forms within `i128` (each is a sum of at most two terms of at
/// most 2^121), so the usual case never allocates.
const SMALL_LIMIT: u128 = 1 << 120;

/// The weights × Qd and Qn: on machine integers when they are small enough
/// (nearly always), on big integers otherwise.
enum Terms {
    /// Every term is at most [`SMALL_LIMIT`], and so is Qn × (house + 2).
    Small { scaled: Vec<u128>, quota_num: u128 },
    /// The fallback.
    Big {
        scaled: Vec<BigInt>,
        quota_num: BigInt,
    },
}

/// A quota method over integer weights at a common scale.
pub(crate) struct QuotaRule {
    /// Weight × Qd, and Qn, with the quota in scaled units being Qn / Qd.
    terms: Terms,
    /// The quota in the units given.
    quota: BigRational,
    formula: &'static str,
}

/// The priority `(q − k) × Qn` of a seat: on `i128` when the rule's terms
/// are small (then every priority of the rule is), else a big integer.
#[derive(Debug, Clone)]
pub(crate) enum QuotaPriority {
    /// Small terms.
    Small(i128),
    /// Big terms (boxed, so that every queue entry stays small).
    Big(Box<BigInt>),
}

impl QuotaPriority {
    #[cold]
    fn cmp_mixed(&self, other: &Self) -> Ordering {
        self.to_big().cmp(&other.to_big())
    }

    fn to_big(&self) -> BigInt {
        match self {
            QuotaPriority::Small(v) => BigInt::from(*v),
            QuotaPriority::Big(v) => (**v).clone(),
        }
    }
}

impl Ord for QuotaPriority {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (QuotaPriority::Small(a), QuotaPriority::Small(b)) => a.cmp(b),
            (QuotaPriority::Big(a), QuotaPriority::Big(b)) => a.cmp(b),
            _ => self.cmp_mixed(other),
        }
    }
}
impl PartialOrd for QuotaPriority {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for QuotaPriority {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for QuotaPriority {}

impl QuotaRule {
    /// `weights` are the given weights times 10^`scale`; `total` is their
    /// sum.
    pub fn new<W: Borrow<BigUint>>(
        method: QuotaMethod,
        weights: &[W],
        total: &BigUint,
        scale: u32,
        house: u64,
    ) -> QuotaRule {
        // With no seat left to share (base seats fill the house) there is
        // nothing to divide; the quota for one seat keeps Hamilton's V/S
        // finite, and no seat depends on it.
        let seats = house.max(1);
        let (quota, quota_num, quota_den) = small_quota(method, total, scale, seats)
            .unwrap_or_else(|| big_quota(method, total, scale, seats));
        let (quota_num, quota_den) = (&quota_num, &quota_den);
        let small = || -> Option<Terms> {
            let qd = quota_den.to_u128()?;
            let qn = quota_num.to_u128()?;
            let span = qn.checked_mul(u128::from(house).checked_add(2)?)?;
            if span > SMALL_LIMIT {
                return None;
            }
            let mut scaled = Vec::with_capacity(weights.len());
            for w in weights {
                let v = w.borrow().to_u128()?.checked_mul(qd)?;
                if v > SMALL_LIMIT {
                    return None;
                }
                scaled.push(v);
            }
            Some(Terms::Small {
                scaled,
                quota_num: qn,
            })
        };
        let terms = small().unwrap_or_else(|| Terms::Big {
            scaled: weights
                .iter()
                .map(|w| BigInt::from(w.borrow().clone()) * quota_den)
                .collect(),
            quota_num: quota_num.clone(),
        });
        QuotaRule {
            terms,
            quota,
            formula: method.formula(),
        }
    }

    /// A lower bound of the result: the seats whose priority q − k is
    /// strictly above an integer threshold t, clamped to each region's floor
    /// and maximum. Whenever that total fits the house every one of those
    /// seats is in the result (the same argument as the divisor start), and
    /// the largest total that fits is within `n` of the house, because one
    /// step of t moves each region by at most one seat. t = 1 (⌈q⌉ − 1
    /// seats) nearly always fits and is close; otherwise (a small quota
    /// that over-allocates, maximums that bind, any house size up to 2^60)
    /// t is found by halving, in O(n · log house) steps, so the queue never
    /// hands out more than `n` seats one by one.
    pub fn jump_start(&self, floor: &[u64], max: &[Option<u64>], house: u64) -> Vec<u64> {
        match &self.terms {
            Terms::Small {
                scaled, quota_num, ..
            } => small_jump_start(scaled, *quota_num, floor, max, house),
            Terms::Big { scaled, quota_num } => {
                big_jump_start(scaled, quota_num, floor, max, house)
            }
        }
    }

    /// The quota, floors and the quotients over their common denominator
    /// Qn (reduced only when read).
    pub fn certificate(&self) -> QuotaCertificate {
        let (floors, quotients) = match &self.terms {
            Terms::Small {
                scaled, quota_num, ..
            } => {
                let qn = *quota_num;
                let floors = match u64::try_from(qn) {
                    // u64 divisions are instructions, u128's library calls.
                    Ok(q) if scaled.iter().all(|&w| w <= u128::from(u64::MAX)) => {
                        scaled.iter().map(|&w| (w as u64) / q).collect()
                    }
                    _ => scaled
                        .iter()
                        .map(|&w| u64::try_from(w / qn).unwrap_or(u64::MAX))
                        .collect(),
                };
                let quotients = Quotients::Small {
                    scaled: scaled.clone(),
                    den: qn,
                };
                (floors, quotients)
            }
            Terms::Big { scaled, quota_num } => {
                let floors = scaled
                    .iter()
                    .map(|w| w.div_floor(quota_num).to_u64().unwrap_or(u64::MAX))
                    .collect();
                let quotients = Quotients::Big {
                    scaled: scaled.clone(),
                    den: quota_num.clone(),
                };
                (floors, quotients)
            }
        };
        QuotaCertificate::new(self.quota.clone(), self.formula, floors, quotients)
    }
}

/// The quota in the units given, and Qn / Qd, the quota at the weights'
/// scale (10^`scale` units) in lowest terms, on big rationals.
fn big_quota(
    method: QuotaMethod,
    total: &BigUint,
    scale: u32,
    seats: u64,
) -> (BigRational, BigInt, BigInt) {
    let unit = BigInt::from(pow10(scale));
    let total_given = BigRational::new(BigInt::from(total.clone()), unit.clone());
    let quota = method.quota(&total_given, seats);
    let scaled = &quota * BigRational::from_integer(unit);
    let (num, den) = scaled.into_raw();
    (quota, num, den)
}

/// [`big_quota`] on machine integers when the total and the unit fit
/// `u64` (nearly always): the same values, without a big-integer gcd.
fn small_quota(
    method: QuotaMethod,
    total: &BigUint,
    scale: u32,
    seats: u64,
) -> Option<(BigRational, BigInt, BigInt)> {
    let total = u128::from(total.to_u64()?);
    let unit = u128::from(10u64.checked_pow(scale)?);
    let parts = u128::from(seats)
        + match method {
            QuotaMethod::Hamilton => 0,
            QuotaMethod::HagenbachBischoff | QuotaMethod::Droop => 1,
            QuotaMethod::ImperialiQuota => 2,
        };
    if method == QuotaMethod::Droop {
        // ⌊V / (S + 1)⌋ + 1 with V = total / unit, an integer.
        let q = total / parts.checked_mul(unit)? + 1;
        let scaled = q.checked_mul(unit)?;
        return Some((
            BigRational::from_integer(big_int(q)),
            big_int(scaled),
            BigInt::from(1u8),
        ));
    }
    // V / parts = total / (parts · unit); at the weights' scale total / parts.
    let quota = reduced_u128_ratio(total, parts.checked_mul(unit)?);
    let scaled = reduced_u128_ratio(total, parts);
    let (num, den) = scaled.into_raw();
    Some((quota, num, den))
}

/// [`QuotaRule::jump_start`] on small terms: every threshold, product and
/// count stays within `i128` (terms at most 2^120, thresholds within
/// −(house + 1) ..= the largest ⌈q⌉).
fn small_jump_start(
    scaled: &[u128],
    quota_num: u128,
    floor: &[u64],
    max: &[Option<u64>],
    house: u64,
) -> Vec<u64> {
    let n = floor.len() as u64;
    let qn = quota_num as i128;
    let cap = house.saturating_add(1);
    let start_at = |t: i128| -> (Vec<u64>, u64) {
        let shift = t * qn;
        let mut held: u64 = 0;
        let mut seats = Vec::with_capacity(scaled.len());
        for ((&w, &lo), &hi) in scaled.iter().zip(floor).zip(max) {
            let above = Integer::div_ceil(&(w as i128 - shift), &qn);
            let k = if above > 0 {
                u64::try_from(above).map_or(cap, |k| k.min(cap))
            } else {
                0
            };
            let k = k.max(lo);
            let k = hi.map_or(k, |m| k.min(m));
            held = held.saturating_add(k);
            seats.push(k);
        }
        (seats, held)
    };
    let (start, held) = start_at(1);
    if held <= house && house - held <= n {
        return start;
    }
    let mut hi = scaled
        .iter()
        .map(|&w| w.div_ceil(quota_num) as i128)
        .max()
        .unwrap_or(0)
        .max(1);
    let mut lo = -i128::from(house) - 1;
    let (low_start, low_held) = start_at(lo);
    if low_held <= house {
        return low_start;
    }
    let mut best = start_at(hi).0;
    while hi - lo > 1 {
        let mid = (lo + hi).div_euclid(2);
        let (seats, held) = start_at(mid);
        if held <= house {
            hi = mid;
            best = seats;
        } else {
            lo = mid;
        }
    }
    best
}

/// [`QuotaRule::jump_start`] on big integers.
fn big_jump_start(
    scaled: &[BigInt],
    quota_num: &BigInt,
    floor: &[u64],
    max: &[Option<u64>],
    house: u64,
) -> Vec<u64> {
    let n = floor.len() as u64;
    let one = BigInt::from(1u8);
    let start_at = |t: &BigInt| big_start_at(scaled, quota_num, t, floor, max, house);
    let (start, held) = start_at(&one);
    if held <= house && house - held <= n {
        return start;
    }
    // c(t) only falls as t grows. Above every quotient it is the floors,
    // which fit; below −(house + 1) every region is at its cap.
    let mut hi = scaled
        .iter()
        .map(|w| Integer::div_ceil(w, quota_num))
        .max()
        .unwrap_or_else(BigInt::zero)
        .max(one.clone());
    let mut lo = -BigInt::from(house) - &one;
    let (low_start, low_held) = start_at(&lo);
    if low_held <= house {
        return low_start;
    }
    let mut best = start_at(&hi).0;
    while &hi - &lo > one {
        let mid = Integer::div_floor(&(&lo + &hi), &BigInt::from(2u8));
        let (seats, held) = start_at(&mid);
        if held <= house {
            hi = mid;
            best = seats;
        } else {
            lo = mid;
        }
    }
    best
}

/// The seats with priority above `t` (`max(0, ⌈q − t⌉)`, capped at
/// house + 1), clamped, and their total (saturating).
fn big_start_at(
    scaled: &[BigInt],
    quota_num: &BigInt,
    t: &BigInt,
    floor: &[u64],
    max: &[Option<u64>],
    house: u64,
) -> (Vec<u64>, u64) {
    let cap = house.saturating_add(1);
    let shift = t * quota_num;
    let mut held: u64 = 0;
    let seats = scaled
        .iter()
        .zip(floor.iter().zip(max))
        .map(|(w, (&lo, &hi))| {
            let above = Integer::div_ceil(&(w - &shift), quota_num);
            let k = if above.is_positive() {
                above.to_u64().map_or(cap, |k| k.min(cap))
            } else {
                0
            };
            let k = k.max(lo);
            let k = hi.map_or(k, |m| k.min(m));
            held = held.saturating_add(k);
            k
        })
        .collect();
    (seats, held)
}

/// `w − held × Qn` on big integers, should it leave `i128`.
#[cold]
fn big_priority(w: u128, quota_num: u128, held: u64) -> QuotaPriority {
    QuotaPriority::Big(Box::new(
        BigInt::from(w) - BigInt::from(held) * BigInt::from(quota_num),
    ))
}

impl Priorities for QuotaRule {
    type P = QuotaPriority;

    #[inline]
    fn priority(&self, region: usize, held: u64) -> Result<QuotaPriority, SolveError> {
        // (q − k) × Qn, a common positive factor, compared as integers.
        match &self.terms {
            Terms::Small {
                scaled, quota_num, ..
            } => {
                // held ≤ house + 1 and Qn × (house + 2) ≤ 2^120, so this
                // fits; checked all the same, with big integers beyond.
                let value = i128::from(held)
                    .checked_mul(*quota_num as i128)
                    .and_then(|d| (scaled[region] as i128).checked_sub(d));
                match value {
                    Some(v) => Ok(QuotaPriority::Small(v)),
                    None => Ok(big_priority(scaled[region], *quota_num, held)),
                }
            }
            Terms::Big { scaled, quota_num } => {
                let value = &scaled[region] - BigInt::from(held) * quota_num;
                debug_assert!(quota_num.is_positive());
                Ok(QuotaPriority::Big(Box::new(value)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::queue;

    impl QuotaRule {
        /// The same rule on big integers, as large weights would get it.
        fn on_big_integers(&self) -> QuotaRule {
            let terms = match &self.terms {
                Terms::Small {
                    scaled, quota_num, ..
                } => Terms::Big {
                    scaled: scaled.iter().map(|&w| BigInt::from(w)).collect(),
                    quota_num: BigInt::from(*quota_num),
                },
                Terms::Big { scaled, quota_num } => Terms::Big {
                    scaled: scaled.clone(),
                    quota_num: quota_num.clone(),
                },
            };
            QuotaRule {
                terms,
                quota: self.quota.clone(),
                formula: self.formula,
            }
        }
    }

    /// The quota on machine integers is the quota on big rationals.
    #[test]
    fn small_quota_matches_big_quota() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || crate::number::xorshift(&mut state);
        let methods = [
            QuotaMethod::Hamilton,
            QuotaMethod::Droop,
            QuotaMethod::HagenbachBischoff,
            QuotaMethod::ImperialiQuota,
        ];
        let mut compared = 0;
        for case in 0..4000 {
            let total = BigUint::from(match case % 3 {
                0 => next() % 1000,
                1 => next() % 1_000_000_000,
                _ => next(),
            });
            let scale = (next() % 21) as u32;
            let seats = 1 + next() % [10, 1000, 1 << 40][case % 3];
            let method = methods[case % 4];
            let big = big_quota(method, &total, scale, seats);
            if let Some(small) = small_quota(method, &total, scale, seats) {
                assert_eq!(small, big, "{method:?} {total} 10^{scale} {seats}");
                compared += 1;
            }
        }
        assert!(compared > 3000, "{compared}");
    }

    /// The machine-integer rule gives the same start, seats, boundary and
    /// certificate as the big-integer one, with ties, bounds and
    /// over-allocation.
    #[test]
    fn small_terms_match_big_integers() {
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut next = |bound: u64| crate::number::xorshift(&mut state) % bound;
        let methods = [
            QuotaMethod::Hamilton,
            QuotaMethod::Droop,
            QuotaMethod::HagenbachBischoff,
            QuotaMethod::ImperialiQuota,
        ];
        let mut compared = 0;
        for case in 0..800 {
            let n = 1 + next(60) as usize;
            let top = if case % 2 == 0 { 12 } else { 40_000_000 };
            let weights: Vec<BigUint> = (0..n).map(|_| BigUint::from(next(top))).collect();
            let total: BigUint = weights.iter().sum();
            if total.is_zero() {
                continue;
            }
            let floor: Vec<u64> = (0..n).map(|_| next(2)).collect();
            let max: Vec<Option<u64>> = floor
                .iter()
                .map(|&f| (next(4) == 0).then(|| f + next(30)))
                .collect();
            let house = floor.iter().sum::<u64>() + next(300);
            let method = methods[case % methods.len()];
            let small = QuotaRule::new(method, &weights, &total, (case % 3) as u32, house);
            assert!(matches!(small.terms, Terms::Small { .. }));
            let big = small.on_big_integers();
            let (s, b) = (
                small.jump_start(&floor, &max, house),
                big.jump_start(&floor, &max, house),
            );
            assert_eq!(s, b, "case {case}: start");
            assert_eq!(
                format!("{:?}", small.certificate()),
                format!("{:?}", big.certificate()),
                "case {case}: certificate"
            );
            let fs = queue::fill(&small, s, &floor, &max, house);
            let fb = queue::fill(&big, b, &floor, &max, house);
            match (fs, fb) {
                (Ok(fs), Ok(fb)) => {
                    assert_eq!(fs.seats, fb.seats, "case {case}");
                    assert_eq!(fs.tie(), fb.tie(), "case {case}");
                    for (x, y) in [(&fs.best_out, &fb.best_out), (&fs.worst_in, &fb.worst_in)] {
                        assert_eq!(
                            x.as_ref().map(|e| (e.priority.to_big(), &e.regions)),
                            y.as_ref().map(|e| (e.priority.to_big(), &e.regions)),
                            "case {case}"
                        );
                    }
                    compared += 1;
                }
                (Err(_), Err(_)) => {}
                (x, y) => panic!("case {case}: {x:?} vs {y:?}"),
            }
        }
        assert!(compared > 400);
    }
}
