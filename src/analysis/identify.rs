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
pub fn stationary_interval(setup: &Setup, table: &[u64]) -> Option<Stationary> {
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
