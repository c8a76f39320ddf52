//! Divisor methods: exact priorities `v / d(k)`, a jump start, and the
//! divisor interval that certifies the result.

use std::cmp::Ordering;

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};

use super::queue::{Edge, Filled, Priorities};
use super::SolveError;
use crate::allocation::{DivisorCertificate, Signpost};
use crate::method::{DivisorMethod, SignpostKind};
use crate::number::{cmp_products, pow10, Int};

/// The priority `num / den` of a seat, or its square for Huntington–Hill
/// (all priorities of one method are of the same kind, so comparing squares
/// is comparing values). `den == 0` with `num > 0` is infinite: the first
/// seat owed by d(0) = 0.
#[derive(Debug, Clone)]
pub(crate) struct Priority {
    num: Int,
    den: Int,
}

impl Priority {
    fn new(num: Int, den: Int) -> Priority {
        if num.is_zero() {
            // 0 / d(k) is zero even when d(0) = 0: a region without weight
            // is owed nothing.
            return Priority {
                num,
                den: Int::Small(1),
            };
        }
        Priority { num, den }
    }

    fn is_infinite(&self) -> bool {
        self.den.is_zero()
    }

    /// The value (the square root taken for Huntington–Hill), for display.
    fn value(&self, kind: SignpostKind) -> f64 {
        if self.is_infinite() {
            return f64::INFINITY;
        }
        let v = self.num.to_f64() / self.den.to_f64();
        match kind {
            SignpostKind::Rational => v,
            SignpostKind::SquareRoot => v.sqrt(),
        }
    }

    fn exact(&self, kind: SignpostKind, scale: &BigUint) -> Option<BigRational> {
        if self.is_infinite() || kind == SignpostKind::SquareRoot {
            return None;
        }
        Some(BigRational::new(
            BigInt::from(self.num.to_big()),
            BigInt::from(self.den.to_big() * scale),
        ))
    }
}

impl Ord for Priority {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.is_infinite(), other.is_infinite()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => cmp_products(&self.num, &other.den, &other.num, &self.den),
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
}

impl<'a> DivisorRule<'a> {
    pub fn new(method: &'a DivisorMethod, weights: &[BigUint]) -> DivisorRule<'a> {
        let kind = method.kind();
        let weights = weights
            .iter()
            .map(|w| {
                let w = Int::from_big(w);
                match kind {
                    SignpostKind::Rational => w,
                    SignpostKind::SquareRoot => w.mul(&w),
                }
            })
            .collect();
        DivisorRule {
            method,
            kind,
            weights,
        }
    }

    /// A divisor `total / parts` as a priority of this method's kind.
    fn divisor(&self, total: &Int, parts: u128) -> Priority {
        match self.kind {
            SignpostKind::Rational => Priority::new(total.clone(), Int::Small(parts)),
            SignpostKind::SquareRoot => {
                Priority::new(total.mul(total), Int::Small(parts).mul(&Int::Small(parts)))
            }
        }
    }
}

impl Priorities for DivisorRule<'_> {
    type P = Priority;

    fn priority(&self, region: usize, held: u64) -> Result<Priority, SolveError> {
        let s = self
            .method
            .signpost(held)
            .ok_or(SolveError::HouseTooLarge)?;
        Ok(Priority::new(
            self.weights[region].mul_u128(s.den),
            Int::Small(s.num),
        ))
    }
}

/// A lower bound of the final seats, found in one step: the allocation at
/// the divisor `V / (free − n)`, which cannot exceed the house because every
/// divisor here has d(k) ≥ k. Leaves only O(n) seats for the queue.
pub(crate) fn jump_start(
    rule: &DivisorRule<'_>,
    raw_weights: &[BigUint],
    floor: &[u64],
    max: &[Option<u64>],
    house: u64,
) -> Result<Vec<u64>, SolveError> {
    let n = floor.len() as u64;
    let fixed: u64 = floor.iter().sum();
    let free = house.saturating_sub(fixed);
    if free <= 2 * n {
        return Ok(floor.to_vec());
    }
    let parts = u128::from(free - n);
    let total: BigUint = raw_weights.iter().sum();
    let total_f = total.to_f64().unwrap_or(f64::INFINITY);
    let divisor = rule.divisor(&Int::from_big(&total), parts);
    let mut start = Vec::with_capacity(floor.len());
    for (region, w) in raw_weights.iter().enumerate() {
        // The float only guesses; the exact comparisons below decide.
        let guess = w.to_f64().unwrap_or(0.0) / total_f * parts as f64;
        let mut k = (guess - 3.0).max(0.0) as u64;
        while k > 0 && rule.priority(region, k - 1)? <= divisor {
            k -= 1;
        }
        while rule.priority(region, k)? > divisor {
            k += 1;
        }
        let mut s = k.max(floor[region]);
        if let Some(m) = max[region] {
            s = s.min(m);
        }
        start.push(s);
    }
    if start.iter().sum::<u64>() > house {
        return Ok(floor.to_vec());
    }
    Ok(start)
}

/// The divisor interval of a finished allocation and a short divisor in it.
pub(crate) fn certificate(
    rule: &DivisorRule<'_>,
    filled: &Filled<Priority>,
    raw_weights: &[BigUint],
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
        &unit,
    );
    let quotients = match &nice {
        Some(d) => {
            let d = crate::number::rational_to_f64(d);
            raw_weights
                .iter()
                .map(|w| w.to_f64().unwrap_or(0.0) / unit.to_f64().unwrap_or(1.0) / d)
                .collect()
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
    unit: &BigUint,
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
    if !(reference > 0.0) {
        return None;
    }
    let top = reference.log10().floor() as i32;
    let inside = |candidate: &BigRational| {
        // In scaled units the divisor is candidate × 10^scale.
        let scaled = candidate * BigRational::from_integer(BigInt::from(unit.clone()));
        let (n, d) = (scaled.numer().to_biguint(), scaled.denom().to_biguint());
        let (Some(n), Some(d)) = (n, d) else {
            return false;
        };
        let p = rule.divisor(&Int::from_big(&n), 1);
        let p = Priority::new(
            p.num,
            match rule.kind {
                SignpostKind::Rational => Int::from_big(&d),
                SignpostKind::SquareRoot => Int::from_big(&(&d * &d)),
            },
        );
        lower.is_none_or(|l| p > *l) && upper.is_none_or(|u| p < *u)
    };
    for exponent in (top - 40..=top + 1).rev() {
        let step = if exponent >= 0 {
            BigRational::from_integer(BigInt::from(pow10(exponent as u32)))
        } else {
            BigRational::new(BigInt::one(), BigInt::from(pow10((-exponent) as u32)))
        };
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
            let Some(m) = BigInt::parse_bytes(format!("{m:.0}").as_bytes(), 10) else {
                continue;
            };
            if m.is_zero() {
                continue;
            }
            let candidate = BigRational::from_integer(m) * &step;
            if inside(&candidate) {
                return Some(candidate);
            }
        }
    }
    None
}
