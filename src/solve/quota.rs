//! Quota (largest-remainder) methods as a priority rule.
//!
//! With q = v/Q a region's quotient, the priority of its (k+1)-th seat is
//! q − k. The `house` highest priorities give ⌊q⌋ to every region and the
//! rest to the largest remainders; when the floors exceed the house (a small
//! quota such as Imperiali's), the seats that go are those with the smallest
//! remainders. Within bounds the same rule minimises Σ(seats − q)², so one
//! definition covers the plain method, over-allocation and restrictions.

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive};

use super::queue::{Edge, Filled, Priorities};
use super::SolveError;
use crate::allocation::{QuotaCertificate, Quotients};
use crate::method::QuotaMethod;
use crate::number::{big_int, gcd_u128, pow10, reduced_ratio, reduced_u128_ratio, Whole};

/// Terms at or below this size keep every priority, threshold and product
/// the rule forms within `i128` (each is a sum of at most two terms of at
/// most 2^121), so the usual case never allocates.
const SMALL_LIMIT: u128 = 1 << 120;

/// The weights × Qd and Qn on machine integers: every term is at most
/// [`SMALL_LIMIT`], and so is Qn × (house + 2), so the priority of every
/// seat the queue looks at (held ≤ house + 1) fits `i128`. Nearly every
/// problem.
pub(crate) struct SmallTerms {
    scaled: Vec<i128>,
    quota_num: i128,
    /// ⌊weight × Qd / Qn⌋ for each region: its floor ⌊q⌋.
    floors: Vec<u64>,
}

/// The same terms on big integers, for weights or houses beyond
/// [`SmallTerms`].
pub(crate) struct BigTerms {
    scaled: Vec<BigInt>,
    quota_num: BigInt,
}

/// The terms of a rule. Each kind is its own priority rule, so that the
/// queue runs on plain `i128` priorities in the usual case.
pub(crate) enum Terms {
    /// Machine integers.
    Small(SmallTerms),
    /// The fallback.
    Big(BigTerms),
}

/// A quota method over integer weights at a common scale.
pub(crate) struct QuotaRule {
    /// Weight × Qd, and Qn, with the quota in scaled units being Qn / Qd.
    pub terms: Terms,
    /// The quota in the units given.
    quota: BigRational,
    formula: &'static str,
}

impl QuotaRule {
    /// `weights` are the given weights times 10^`scale`; `total` is their
    /// sum.
    pub fn new<W: Whole>(
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
        let small = small_quota(method, total, scale, seats)
            .and_then(|(quota, qn, qd)| Some((SmallTerms::new(weights, qn, qd, house)?, quota)));
        let (terms, quota) = match small {
            Some((small, quota)) => (Terms::Small(small), quota),
            None => {
                let (quota, quota_num, quota_den) = big_quota(method, total, scale, seats);
                let scaled = weights
                    .iter()
                    .map(|w| BigInt::from(w.big().into_owned()) * &quota_den)
                    .collect();
                (Terms::Big(BigTerms { scaled, quota_num }), quota)
            }
        };
        QuotaRule {
            terms,
            quota,
            formula: method.formula(),
        }
    }

    /// The quota, floors and the quotients over their common denominator
    /// Qn (reduced only when read). Consumes the rule: its terms become
    /// the certificate's quotients without a copy.
    pub fn into_certificate(self) -> QuotaCertificate {
        let (floors, quotients) = match self.terms {
            Terms::Small(t) => {
                let quotients = Quotients::Small {
                    scaled: t.scaled,
                    den: t.quota_num.unsigned_abs(),
                };
                (t.floors, quotients)
            }
            Terms::Big(t) => {
                let floors = t
                    .scaled
                    .iter()
                    .map(|w| w.div_floor(&t.quota_num).to_u64().unwrap_or(u64::MAX))
                    .collect();
                let quotients = Quotients::Big {
                    scaled: t.scaled,
                    den: t.quota_num,
                };
                (floors, quotients)
            }
        };
        QuotaCertificate::new(self.quota, self.formula, floors, quotients)
    }
}

impl SmallTerms {
    /// The terms on machine integers, when they fit [`SMALL_LIMIT`].
    fn new<W: Whole>(weights: &[W], qn: u128, qd: u128, house: u64) -> Option<SmallTerms> {
        if qn == 0 {
            return None;
        }
        let span = qn.checked_mul(u128::from(house).checked_add(2)?)?;
        if span > SMALL_LIMIT {
            return None;
        }
        // u64 divisions are instructions, u128's library calls.
        let narrow = u64::try_from(qn).ok();
        let mut scaled = Vec::with_capacity(weights.len());
        let mut floors = Vec::with_capacity(weights.len());
        for w in weights {
            let v = w.as_u128()?.checked_mul(qd)?;
            if v > SMALL_LIMIT {
                return None;
            }
            let f = match (narrow, u64::try_from(v)) {
                (Some(q), Ok(v)) => v / q,
                _ => u64::try_from(v / qn).ok()?,
            };
            scaled.push(v as i128);
            floors.push(f);
        }
        Some(SmallTerms {
            scaled,
            quota_num: qn as i128,
            floors,
        })
    }

    /// ⌈weight × Qd / Qn⌉ for each region: the seats with a positive
    /// priority, from which the start at any threshold is a subtraction.
    /// (f × Qn ≤ w fits, and equals it exactly when Qn divides w.)
    fn ceilings(&self) -> Vec<u64> {
        self.floors
            .iter()
            .zip(&self.scaled)
            .map(|(&f, &w)| f + u64::from(i128::from(f) * self.quota_num != w))
            .collect()
    }

    /// [`BigTerms::jump_start`] on machine integers.
    pub fn jump_start(&self, floor: &[u64], max: &[Option<u64>], house: u64) -> Vec<u64> {
        start_from_ceilings(&self.ceilings(), floor, max, house)
    }
}

impl SmallTerms {
    /// The whole queue in one pass when no region has a bound: every
    /// region's floor ⌊q⌋, then one seat more for the largest remainders,
    /// earlier regions first among equal ones; the same seats and both
    /// sides of the boundary as [`queue::fill`](super::queue::fill) from
    /// the jump start, without the queue's passes. `None` (the queue
    /// decides) when the floors overfill the house (a small quota) or leave
    /// as many seats as there are regions, or when a remainder is too wide
    /// to pack with its region into one integer.
    pub fn largest_remainders(&self, house: u64) -> Option<Filled<i128>> {
        let n = self.scaled.len();
        let qn = self.quota_num;
        let mut seats = self.floors.clone();
        // (remainder, position from the end) in one integer: comparing
        // keys compares remainders, then prefers the earlier region.
        let mut keys: Vec<u128> = Vec::with_capacity(n);
        let last = u32::try_from(n.checked_sub(1)?).ok()?;
        let mut held: u64 = 0;
        for (i, (&w, &f)) in self.scaled.iter().zip(&self.floors).enumerate() {
            // In [0, Qn): f × Qn ≤ w fits.
            let remainder = (w - i128::from(f) * qn).unsigned_abs();
            if remainder >= 1 << 96 {
                return None;
            }
            held = held.checked_add(f)?;
            keys.push(remainder << 32 | u128::from(last - i as u32));
        }
        let left = usize::try_from(house.checked_sub(held)?)
            .ok()
            .filter(|&k| k < n)?;
        let remainder = |key: u128| (key >> 32) as i128;
        let region = |key: u128| (last - key as u32) as usize;
        // Both edges list their regions in region order, as a scan would.
        let edge = |priority: i128, keys: &[u128], shift: i128| {
            let mut regions: Vec<usize> = keys
                .iter()
                .filter(|&&k| remainder(k) + shift == priority)
                .map(|&k| region(k))
                .collect();
            regions.sort_unstable();
            Edge { priority, regions }
        };
        if left == 0 {
            // Every seat is a floor: the worst is the last floor seat,
            // worth its remainder plus one quota.
            let out = keys.iter().map(|&k| remainder(k)).max()?;
            let held_keys: Vec<u128> = keys
                .iter()
                .copied()
                .filter(|&k| seats[region(k)] > 0)
                .collect();
            let worst_in = held_keys
                .iter()
                .map(|&k| remainder(k) + qn)
                .min()
                .map(|p| edge(p, &held_keys, qn));
            return Some(Filled {
                best_out: Some(edge(out, &keys, 0)),
                worst_in,
                seats,
            });
        }
        keys.select_nth_unstable_by(left - 1, |a, b| b.cmp(a));
        let (won, lost) = keys.split_at(left);
        for &k in won {
            seats[region(k)] += 1;
        }
        let worst = won.iter().copied().min()?;
        let best = lost.iter().copied().max()?;
        Some(Filled {
            best_out: Some(edge(remainder(best), lost, 0)),
            worst_in: Some(edge(remainder(worst), won, 0)),
            seats,
        })
    }
}

impl Priorities for SmallTerms {
    type P = i128;

    /// (q − k) × Qn, a common positive factor, compared as integers.
    #[inline(always)]
    fn priority(&self, region: usize, held: u64) -> Result<i128, SolveError> {
        // held ≤ house + 1 and Qn × (house + 2) ≤ 2^120, so this fits for
        // every seat the queue asks about; checked all the same.
        let priority = i128::from(held)
            .checked_mul(self.quota_num)
            .and_then(|d| self.scaled[region].checked_sub(d));
        // A match, not `ok_or`: an error built on every call and dropped
        // was a measurable part of a solve.
        match priority {
            Some(p) => Ok(p),
            None => Err(SolveError::HouseTooLarge),
        }
    }
}

impl Priorities for BigTerms {
    type P = BigInt;

    fn priority(&self, region: usize, held: u64) -> Result<BigInt, SolveError> {
        Ok(&self.scaled[region] - BigInt::from(held) * &self.quota_num)
    }
}

impl BigTerms {
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
        // ⌈q⌉ ≤ Σq ≤ house + 2 for a region with weight: one big division
        // per region, then machine integers.
        let ceilings: Vec<u64> = self
            .scaled
            .iter()
            .map(|w| {
                let c = Integer::div_ceil(w, &self.quota_num);
                if c.is_positive() {
                    c.to_u64().unwrap_or(u64::MAX)
                } else {
                    0
                }
            })
            .collect();
        start_from_ceilings(&ceilings, floor, max, house)
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
    // Integer arithmetic, as in `small_quota`: the rational operations of
    // the definition reduce by a gcd at every step, which on huge weights
    // cost more than the whole solve.
    let unit = pow10(scale);
    let parts = BigUint::from(seats)
        + match method {
            QuotaMethod::Hamilton => 0u8,
            QuotaMethod::HagenbachBischoff | QuotaMethod::Droop => 1,
            QuotaMethod::ImperialiQuota => 2,
        };
    if method == QuotaMethod::Droop {
        // ⌊V / (S + 1)⌋ + 1 with V = total / unit.
        let q = total / (&parts * &unit) + 1u8;
        let scaled = &q * &unit;
        return (
            BigRational::from_integer(BigInt::from(q)),
            BigInt::from(scaled),
            BigInt::from(1u8),
        );
    }
    let quota = reduced_ratio(total, &(&parts * &unit));
    let (num, den) = reduced_ratio(total, &parts).into_raw();
    (quota, num, den)
}

/// [`big_quota`] on machine integers when the total and the unit fit
/// `u64` (nearly always): the same values, without a big-integer gcd, and
/// Qn / Qd as machine integers.
fn small_quota(
    method: QuotaMethod,
    total: &BigUint,
    scale: u32,
    seats: u64,
) -> Option<(BigRational, u128, u128)> {
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
        return Some((BigRational::from_integer(big_int(q)), scaled, 1));
    }
    // V / parts = total / (parts · unit); at the weights' scale total / parts.
    let quota = reduced_u128_ratio(total, parts.checked_mul(unit)?);
    let g = gcd_u128(total, parts);
    Some((quota, total / g, parts / g))
}

/// The jump start of either kind of terms, from each region's ⌈q⌉: the
/// seats with priority above an integer t are ⌈q⌉ − t, so each try of t is
/// a pass of subtractions (see [`BigTerms::jump_start`]).
fn start_from_ceilings(
    ceilings: &[u64],
    floor: &[u64],
    max: &[Option<u64>],
    house: u64,
) -> Vec<u64> {
    let n = floor.len() as u64;
    let cap = house.saturating_add(1);
    // t stays within −(house + 1) ..= the largest ceiling, so c − t
    // fits i128.
    let start_at = |t: i128| -> (Vec<u64>, u64) {
        let mut held: u64 = 0;
        let mut seats = Vec::with_capacity(ceilings.len());
        for ((&c, &lo), &hi) in ceilings.iter().zip(floor).zip(max) {
            let above = i128::from(c) - t;
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
    let mut hi = i128::from(ceilings.iter().copied().max().unwrap_or(0).max(1));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::queue;
    use num_traits::Zero;

    impl QuotaRule {
        /// The same rule on big integers, as large weights would get it.
        fn on_big_integers(&self) -> QuotaRule {
            let terms = match &self.terms {
                Terms::Small(t) => BigTerms {
                    scaled: t.scaled.iter().map(|&w| BigInt::from(w)).collect(),
                    quota_num: BigInt::from(t.quota_num),
                },
                Terms::Big(t) => BigTerms {
                    scaled: t.scaled.clone(),
                    quota_num: t.quota_num.clone(),
                },
            };
            QuotaRule {
                terms: Terms::Big(terms),
                quota: self.quota.clone(),
                formula: self.formula,
            }
        }
    }

    /// The one-pass largest remainders give the queue's seats and both
    /// sides of its boundary, ties and exact quotas included; and they
    /// stand aside only where the floors overfill or leave too much.
    #[test]
    fn largest_remainders_match_the_queue() {
        let mut state = 0x51F1_5EED_0DD5_EA7C_u64;
        let mut next = |bound: u64| crate::number::xorshift(&mut state) % bound;
        let methods = [
            QuotaMethod::Hamilton,
            QuotaMethod::Droop,
            QuotaMethod::HagenbachBischoff,
            QuotaMethod::ImperialiQuota,
        ];
        let (mut fused, mut declined) = (0, 0);
        for case in 0..3000 {
            let n = 1 + next(40) as usize;
            // Tiny weights tie and divide exactly; large ones do not.
            let top = [4, 30, 40_000_000][case % 3];
            let weights: Vec<BigUint> = (0..n).map(|_| BigUint::from(next(top))).collect();
            let total: BigUint = weights.iter().sum();
            if total.is_zero() {
                continue;
            }
            let house = 1 + next(120);
            let method = methods[case % methods.len()];
            let rule = QuotaRule::new(method, &weights, &total, (case % 3) as u32, house);
            let Terms::Small(terms) = &rule.terms else {
                panic!("case {case}: small weights give small terms");
            };
            let (floor, max) = (vec![0; n], vec![None; n]);
            let start = terms.jump_start(&floor, &max, house);
            let queue = queue::fill(terms, start, &floor, &max, house).expect("fills");
            let Some(one_pass) = terms.largest_remainders(house) else {
                if method == QuotaMethod::Hamilton {
                    panic!("case {case}: Hamilton's floors always leave fewer seats than regions");
                }
                declined += 1;
                continue;
            };
            let edges = |f: &Filled<i128>| {
                [&f.best_out, &f.worst_in]
                    .map(|e| e.as_ref().map(|e| (e.priority, e.regions.clone())))
            };
            assert_eq!(one_pass.seats, queue.seats, "case {case}");
            assert_eq!(edges(&one_pass), edges(&queue), "case {case}");
            assert_eq!(one_pass.tie(), queue.tie(), "case {case}");
            fused += 1;
        }
        assert!(fused > 2000 && declined > 0, "{fused} {declined}");
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
            let total = match case % 4 {
                0 => BigUint::from(next() % 1000),
                1 => BigUint::from(next() % 1_000_000_000),
                2 => BigUint::from(next()),
                // Beyond u64: the big path alone.
                _ => BigUint::from(next()) * BigUint::from(next()) * BigUint::from(next()),
            };
            let scale = (next() % 21) as u32;
            let seats = 1 + next() % [10, 1000, 1 << 40][case % 3];
            let method = methods[case % 4];
            let big = big_quota(method, &total, scale, seats);
            // Both against the definition, on rationals.
            let unit = BigInt::from(pow10(scale));
            let given = BigRational::new(BigInt::from(total.clone()), unit.clone());
            let quota = method.quota(&given, seats);
            let scaled = &quota * BigRational::from_integer(unit);
            assert_eq!(big, (quota, scaled.numer().clone(), scaled.denom().clone()));
            if let Some((quota, num, den)) = small_quota(method, &total, scale, seats) {
                let small = (quota, big_int(num), big_int(den));
                assert_eq!(small, big, "{method:?} {total} 10^{scale} {seats}");
                compared += 1;
            }
        }
        assert!(compared > 2000, "{compared}");
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
            let big = small.on_big_integers();
            let (Terms::Small(st), Terms::Big(bt)) = (&small.terms, &big.terms) else {
                panic!("case {case}: small weights give small terms");
            };
            let (s, b) = (
                st.jump_start(&floor, &max, house),
                bt.jump_start(&floor, &max, house),
            );
            assert_eq!(s, b, "case {case}: start");
            let fs = queue::fill(st, s, &floor, &max, house);
            let fb = queue::fill(bt, b, &floor, &max, house);
            match (fs, fb) {
                (Ok(fs), Ok(fb)) => {
                    assert_eq!(fs.seats, fb.seats, "case {case}");
                    assert_eq!(fs.tie(), fb.tie(), "case {case}");
                    let small_edges = [&fs.best_out, &fs.worst_in].map(|e| {
                        e.as_ref()
                            .map(|e| (BigInt::from(e.priority), e.regions.clone()))
                    });
                    let big_edges = [&fb.best_out, &fb.worst_in]
                        .map(|e| e.as_ref().map(|e| (e.priority.clone(), e.regions.clone())));
                    assert_eq!(small_edges, big_edges, "case {case}");
                    compared += 1;
                }
                (Err(_), Err(_)) => {}
                (x, y) => panic!("case {case}: {x:?} vs {y:?}"),
            }
            assert_eq!(
                format!("{:?}", small.into_certificate()),
                format!("{:?}", big.into_certificate()),
                "case {case}: certificate"
            );
        }
        assert!(compared > 400);
    }
}
