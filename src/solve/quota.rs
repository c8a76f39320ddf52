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
use num_traits::{Signed, ToPrimitive, Zero};

use super::queue::Priorities;
use super::SolveError;
use crate::allocation::QuotaCertificate;
use crate::method::QuotaMethod;
use crate::number::pow10;

/// A quota method over integer weights at a common scale.
pub(crate) struct QuotaRule {
    /// Weight × Qd, with the quota in scaled units being Qn / Qd.
    scaled: Vec<BigInt>,
    /// Qn.
    quota_num: BigInt,
    /// The quota in the units given.
    quota: BigRational,
    formula: &'static str,
}

impl QuotaRule {
    /// `weights` are the given weights times 10^`scale`.
    pub fn new(method: QuotaMethod, weights: &[BigUint], scale: u32, house: u64) -> QuotaRule {
        let unit = BigInt::from(pow10(scale));
        let total: BigUint = weights.iter().sum();
        let total_given = BigRational::new(BigInt::from(total), unit.clone());
        // With no seat left to share (base seats fill the house) there is
        // nothing to divide; the quota for one seat keeps Hamilton's V/S
        // finite, and no seat depends on it.
        let quota = method.quota(&total_given, house.max(1));
        let quota_scaled = &quota * BigRational::from_integer(unit);
        let quota_den = quota_scaled.denom().clone();
        QuotaRule {
            scaled: weights
                .iter()
                .map(|w| BigInt::from(w.clone()) * &quota_den)
                .collect(),
            quota_num: quota_scaled.numer().clone(),
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
    /// t is found by halving on big integers, in O(n · log house) steps,
    /// so the queue never hands out more than `n` seats one by one.
    pub fn jump_start(&self, floor: &[u64], max: &[Option<u64>], house: u64) -> Vec<u64> {
        let n = floor.len() as u64;
        let one = BigInt::from(1u8);
        let (start, held) = self.start_at(&one, floor, max, house);
        if held <= house && house - held <= n {
            return start;
        }
        // c(t) only falls as t grows. Above every quotient it is the floors,
        // which fit; below −(house + 1) every region is at its cap.
        let mut hi = self
            .scaled
            .iter()
            .map(|w| Integer::div_ceil(w, &self.quota_num))
            .max()
            .unwrap_or_else(BigInt::zero)
            .max(one.clone());
        let mut lo = -BigInt::from(house) - &one;
        let (low_start, low_held) = self.start_at(&lo, floor, max, house);
        if low_held <= house {
            return low_start;
        }
        let mut best = self.start_at(&hi, floor, max, house).0;
        while &hi - &lo > one {
            let mid = Integer::div_floor(&(&lo + &hi), &BigInt::from(2u8));
            let (seats, held) = self.start_at(&mid, floor, max, house);
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
    fn start_at(
        &self,
        t: &BigInt,
        floor: &[u64],
        max: &[Option<u64>],
        house: u64,
    ) -> (Vec<u64>, u64) {
        let cap = house.saturating_add(1);
        let shift = t * &self.quota_num;
        let mut held: u64 = 0;
        let seats = self
            .scaled
            .iter()
            .zip(floor.iter().zip(max))
            .map(|(w, (&lo, &hi))| {
                let above = Integer::div_ceil(&(w - &shift), &self.quota_num);
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

    /// The quota, quotients, floors and remainders.
    pub fn certificate(&self) -> QuotaCertificate {
        let mut quotients = Vec::with_capacity(self.scaled.len());
        let mut floors = Vec::with_capacity(self.scaled.len());
        let mut remainders = Vec::with_capacity(self.scaled.len());
        for w in &self.scaled {
            let q = BigRational::new(w.clone(), self.quota_num.clone());
            let f = q.floor();
            floors.push(f.to_integer().to_u64().unwrap_or(u64::MAX));
            remainders.push(&q - &f);
            quotients.push(q);
        }
        QuotaCertificate {
            quota: self.quota.clone(),
            formula: self.formula,
            floor_total: floors.iter().sum(),
            quotients,
            floors,
            remainders,
        }
    }
}

impl Priorities for QuotaRule {
    type P = BigInt;

    fn priority(&self, region: usize, held: u64) -> Result<BigInt, SolveError> {
        // (q − k) × Qn, a common positive factor, compared as integers.
        let value = &self.scaled[region] - BigInt::from(held) * &self.quota_num;
        debug_assert!(self.quota_num.is_positive());
        Ok(value)
    }
}
