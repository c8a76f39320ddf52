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

    /// ⌈q⌉ − 1 for each region (at least 0): the allocation at threshold 1,
    /// a lower bound of the result whenever its total fits the house.
    pub fn jump_start(&self, floor: &[u64], max: &[Option<u64>], house: u64) -> Vec<u64> {
        let start: Vec<u64> = self
            .scaled
            .iter()
            .zip(floor.iter().zip(max))
            .map(|(w, (&lo, &hi))| {
                let (q, r) = w.div_rem(&self.quota_num);
                let ceil: BigInt = if r.is_zero() {
                    q
                } else {
                    q + BigInt::from(1u8)
                };
                let k = (ceil - BigInt::from(1u8)).to_u64().unwrap_or(0).max(lo);
                hi.map_or(k, |m| k.min(m))
            })
            .collect();
        if start.iter().sum::<u64>() <= house {
            start
        } else {
            floor.to_vec()
        }
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
