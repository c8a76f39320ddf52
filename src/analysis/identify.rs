//! Which methods reproduce a given seat table at its house size.
//!
//! Every standard method is solved at the table's size; the table matches
//! when it is the method's allocation, and matches "in a tie" when it is one
//! of several tied outcomes. The stationary family d(k) = k + r is solved
//! for the exact set of r in [0, 1] that reproduces the table: the table is
//! a stationary allocation for r exactly when no region's next seat
//! outranks another region's last seat,
//!
//! ```text
//! v_i / (t_i + r) ≤ v_j / (t_j − 1 + r)   for all i ≠ j with t_j ≥ 1,
//! ```
//!
//! which, multiplied out (both divisors are ≥ 0), is linear in r:
//! `r (v_i − v_j) ≤ v_j t_i − v_i (t_j − 1)`. Each pair bounds r from above
//! or below, so the set is a closed interval, computed exactly. At an end
//! fixed by a pair the two seats are equal: the table is one of tied
//! outcomes there. r = 0 (Adams) also needs every region with weight to
//! hold a seat.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use super::outcomes::{Holds, Outcomes};
use crate::allocation::Allocation;
use crate::error::Error;
use crate::method::Method;
use crate::outcome::Setup;

/// How one method relates to the table.
#[derive(Debug, Clone)]
pub struct MethodResult {
    /// The method.
    pub method: Method,
    /// Its allocation at the table's size, or why it has none.
    pub allocation: Result<Allocation, Error>,
    /// In how many of the method's outcomes the table appears (0 or 1 of
    /// the total).
    pub holds: Option<Holds>,
    /// Regions where the method's allocation differs: (region, table, method).
    pub differences: Vec<(usize, u64, u64)>,
}

/// One end of the stationary interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct End {
    /// The value of r.
    pub r: BigRational,
    /// True when the end is in the interval.
    pub included: bool,
    /// True when a pair of seats ties there (the table is then one of
    /// several tied outcomes).
    pub tied: bool,
}

/// The values of r for which d(k) = k + r gives the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stationary {
    /// Lower end.
    pub lower: End,
    /// Upper end.
    pub upper: End,
    /// True when two regions with equal weights tie at every r: the table
    /// is then one of several tied outcomes throughout.
    pub tied_throughout: bool,
}

/// Everything `identify` finds.
#[derive(Debug, Clone)]
pub struct Identification {
    /// The table's house size.
    pub house: u64,
    /// The table, in region order.
    pub table: Vec<u64>,
    /// One result per method tried.
    pub results: Vec<MethodResult>,
    /// The stationary interval; `None` when no r works or seat rules apply.
    pub stationary: Option<Stationary>,
    /// The group and gender rules every method was solved under (quoted
    /// names), if any.
    pub rules: Option<String>,
}

impl Identification {
    /// Methods whose only allocation is the table.
    pub fn matches(&self) -> Vec<&MethodResult> {
        self.results
            .iter()
            .filter(|r| r.holds.as_ref().is_some_and(Holds::always))
            .collect()
    }

    /// Methods for which the table is one of several tied outcomes.
    pub fn tied_matches(&self) -> Vec<&MethodResult> {
        self.results
            .iter()
            .filter(|r| r.holds.as_ref().is_some_and(|h| !h.always() && !h.never()))
            .collect()
    }
}

/// Tries every method in `methods` and the stationary family on `table`.
pub fn identify(setup: &Setup, table: &[u64], methods: &[Method]) -> Identification {
    let house: u64 = table.iter().sum();
    let results = methods
        .iter()
        .map(|m| {
            match setup
                .solve(house, m)
                .and_then(|a| Ok((Outcomes::of(&a)?, a)))
            {
                Ok((outcomes, a)) => {
                    let holds = outcomes.table(table);
                    let differences = if holds.never() {
                        a.seats()
                            .iter()
                            .zip(table)
                            .enumerate()
                            .filter(|(_, (s, t))| s != t)
                            .map(|(i, (s, t))| (i, *t, *s))
                            .collect()
                    } else {
                        Vec::new()
                    };
                    MethodResult {
                        method: m.clone(),
                        allocation: Ok(a),
                        holds: Some(holds),
                        differences,
                    }
                }
                Err(e) => MethodResult {
                    method: m.clone(),
                    allocation: Err(e),
                    holds: None,
                    differences: Vec::new(),
                },
            }
        })
        .collect();
    let stationary = if setup.bounds.is_empty() && !setup.engine {
        stationary_interval(setup, table)
    } else {
        None
    };
    Identification {
        house,
        table: table.to_vec(),
        results,
        stationary,
        rules: setup.engine.then(|| setup.engine_rule_names()),
    }
}

/// The exact interval of r (see the module docs).
///
/// Every pair of regions bounds r, so the work is n²: on the weights
/// scaled to whole units of their last decimal each bound is a fraction
/// of two `i128`s, compared by cross-multiplication with checked
/// arithmetic (a few milliseconds for 1,000 regions); when a product
/// would overflow, the same pairs are bounded in big rationals.
pub fn stationary_interval(setup: &Setup, table: &[u64]) -> Option<Stationary> {
    match stationary_interval_small(setup, table) {
        Some(found) => found,
        None => stationary_interval_big(setup, table),
    }
}

/// A bound c/a on r with a > 0, compared by cross-multiplication.
#[derive(Clone, Copy)]
struct Frac {
    num: i128,
    den: i128,
}

impl Frac {
    /// `self` against `other`, `None` when a product overflows.
    fn cmp(self, other: Frac) -> Option<std::cmp::Ordering> {
        Some(
            self.num
                .checked_mul(other.den)?
                .cmp(&other.num.checked_mul(self.den)?),
        )
    }

    fn to_rational(self) -> BigRational {
        BigRational::new(BigInt::from(self.num), BigInt::from(self.den))
    }
}

/// [`stationary_interval`] on `i128`s: `None` when a weight or a product
/// does not fit (the big-rational version then decides).
fn stationary_interval_small(setup: &Setup, table: &[u64]) -> Option<Option<Stationary>> {
    use std::cmp::Ordering;
    let (scaled, _) = crate::number::to_common_scale(&setup.weights);
    let v: Vec<i128> = scaled
        .iter()
        .map(|w| i128::try_from(w).ok())
        .collect::<Option<_>>()?;
    let t: Vec<i128> = table.iter().map(|&k| i128::from(k)).collect();
    // The tightest bounds from pairs, if any: r ≤ upper, r ≥ lower.
    let mut upper: Option<Frac> = None;
    let mut lower: Option<Frac> = None;
    let mut tied_throughout = false;
    for i in 0..v.len() {
        for j in 0..v.len() {
            if i == j || t[j] == 0 {
                continue;
            }
            let a = v[i].checked_sub(v[j])?;
            let c = v[j]
                .checked_mul(t[i])?
                .checked_sub(v[i].checked_mul(t[j] - 1)?)?;
            match a.cmp(&0) {
                Ordering::Equal => {
                    if c < 0 {
                        return Some(None);
                    }
                    tied_throughout |= c == 0;
                }
                // r ≤ c / a.
                Ordering::Greater => {
                    let bound = Frac { num: c, den: a };
                    let tighter = match upper {
                        None => true,
                        Some(u) => bound.cmp(u)? == Ordering::Less,
                    };
                    if tighter {
                        upper = Some(bound);
                    }
                }
                // r ≥ c / a = (−c) / (−a).
                Ordering::Less => {
                    let bound = Frac {
                        num: c.checked_neg()?,
                        den: a.checked_neg()?,
                    };
                    let tighter = match lower {
                        None => true,
                        Some(l) => bound.cmp(l)? == Ordering::Greater,
                    };
                    if tighter {
                        lower = Some(bound);
                    }
                }
            }
        }
    }
    let zero = Frac { num: 0, den: 1 };
    let one = Frac { num: 1, den: 1 };
    // A pair's bound replaces the default end when it is as tight (an
    // equal bound marks the end tied).
    let upper = match upper {
        Some(u) if u.cmp(one)? != Ordering::Greater => End {
            r: u.to_rational(),
            included: true,
            tied: true,
        },
        _ => End {
            r: BigRational::one(),
            included: true,
            tied: false,
        },
    };
    let lower = match lower {
        Some(l) if l.cmp(zero)? != Ordering::Less => End {
            r: l.to_rational(),
            included: true,
            tied: true,
        },
        _ => End {
            r: BigRational::zero(),
            included: true,
            tied: false,
        },
    };
    Some(finish_interval(setup, table, lower, upper, tied_throughout))
}

/// The interval once the pairs have bounded it: empty when the ends
/// cross; r = 0 (Adams) only when every region with weight holds a seat.
fn finish_interval(
    setup: &Setup,
    table: &[u64],
    mut lower: End,
    upper: End,
    tied_throughout: bool,
) -> Option<Stationary> {
    if lower.r > upper.r {
        return None;
    }
    if lower.r.is_zero() {
        // r = 0 is Adams: every region with weight is owed a first seat.
        let owed = setup
            .weights
            .iter()
            .zip(table)
            .all(|(w, &t)| w.is_zero() || t >= 1);
        if !owed {
            lower.included = false;
            if upper.r.is_zero() {
                return None;
            }
        }
    }
    Some(Stationary {
        lower,
        upper,
        tied_throughout,
    })
}

/// [`stationary_interval`] in big rationals, pair by pair: the fallback
/// when the numbers do not fit `i128`, and the test oracle of the fast
/// version.
fn stationary_interval_big(setup: &Setup, table: &[u64]) -> Option<Stationary> {
    let v: Vec<BigRational> = setup.weights.iter().map(|w| w.to_rational()).collect();
    let int = |k: u64| BigRational::from_integer(BigInt::from(k));
    let mut lower = End {
        r: BigRational::zero(),
        included: true,
        tied: false,
    };
    let mut upper = End {
        r: BigRational::one(),
        included: true,
        tied: false,
    };
    let mut tied_throughout = false;
    for (i, &ti) in table.iter().enumerate() {
        for (j, &tj) in table.iter().enumerate() {
            if i == j || tj == 0 {
                continue;
            }
            let a = &v[i] - &v[j];
            let c = &v[j] * int(ti) - &v[i] * int(tj - 1);
            if a.is_zero() {
                if c.is_negative() {
                    return None;
                }
                tied_throughout |= c.is_zero();
                continue;
            }
            let bound = &c / &a;
            if a.is_positive() {
                if bound < upper.r || (bound == upper.r && !upper.tied) {
                    upper = End {
                        r: bound,
                        included: true,
                        tied: true,
                    };
                }
            } else if bound > lower.r || (bound == lower.r && !lower.tied) {
                lower = End {
                    r: bound,
                    included: true,
                    tied: true,
                };
            }
        }
    }
    finish_interval(setup, table, lower, upper, tied_throughout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::Decimal;
    use crate::scenario::Basis;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(800))]

        /// The interval found on `i128`s equals the one found pair by pair
        /// in big rationals, on tables that are and are not stationary
        /// allocations (small weights and seats, so that ties and equal
        /// weights are common).
        #[test]
        fn small_interval_equals_big(
            pairs in prop::collection::vec((0u32..40, 0u64..6), 2..7),
            tenths in any::<bool>(),
        ) {
            let names = (0..pairs.len()).map(|i| format!("R{i}")).collect();
            let weights = pairs
                .iter()
                .map(|(w, _)| {
                    let text = if tenths { format!("{}.{}", w / 10, w % 10) } else { w.to_string() };
                    Decimal::parse(&text).expect("a weight")
                })
                .collect();
            let table: Vec<u64> = pairs.iter().map(|(_, t)| *t).collect();
            let setup = Setup::plain(names, weights, Basis::Counts);
            let small = stationary_interval_small(&setup, &table).expect("small numbers fit");
            prop_assert_eq!(small, stationary_interval_big(&setup, &table));
        }
    }
}
