//! Allocations over a range of house sizes, with the first size at which
//! every region has a seat and every Alabama paradox (a region that loses a
//! seat when the house grows by one).
//!
//! Divisor methods are house-monotone, so one pass of the priority queue
//! (`sweep_divisor`) gives every size; quota methods are solved size by
//! size, which is exactly why they can show the paradox. Under group or
//! gender rules every size is solved on its own by the rules engine too:
//! rules can take a seat from a region as the house grows, whatever the
//! method, and a size at which the rules cannot all hold is listed with the
//! reason.

use super::outcomes::Outcomes;
use crate::error::Error;
use crate::method::Method;
use crate::outcome::Setup;
use crate::rules::RulesError;
use crate::solve::{sweep_divisor, SolveError};

/// The allocation at one house size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Size {
    /// House size.
    pub house: u64,
    /// Seats per region, in input order (one valid outcome when tied).
    pub seats: Vec<u64>,
    /// True when the last seat at this size could go more than one way.
    pub tied: bool,
}

/// A region that holds fewer seats in the larger of two consecutive houses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alabama {
    /// The smaller house; the paradox shows at `house + 1`.
    pub house: u64,
    /// The region that loses.
    pub region: usize,
    /// Its seats at `house`.
    pub before: u64,
    /// Its seats at `house + 1`.
    pub after: u64,
    /// False when a tie at either size means the loss shows only in some of
    /// the tied outcomes.
    pub certain: bool,
}

/// One method over a range of sizes.
#[derive(Debug, Clone)]
pub struct MethodSweep {
    /// The method.
    pub method: Method,
    /// The sizes that have an allocation, in increasing order.
    pub sizes: Vec<Size>,
    /// Sizes in the range without an allocation (below the minimums or the
    /// first seats owed), as `(from, to)`, if any.
    pub undefined: Option<(u64, u64)>,
    /// The first size in the range at which every region holds a seat.
    pub first_all_seated: Option<u64>,
    /// Every Alabama paradox in the range.
    pub alabama: Vec<Alabama>,
    /// The group and gender rules every size was solved under (quoted
    /// names), when there are any.
    pub rules: Option<String>,
    /// Sizes at which the rules cannot all hold, with the reason.
    pub impossible: Vec<(u64, String)>,
    /// When the range goes past the sum of the maximums: that sum, the
    /// largest house with an allocation.
    pub capped_at: Option<u64>,
}

/// The most seat counts (sizes × regions × methods) one sweep keeps and
/// prints: about 80 MB of seats and a few hundred MB of text at most.
pub const MAX_SWEEP_CELLS: u64 = 10_000_000;

/// Sweeps `from..=to` under each method.
pub fn sweep(
    setup: &Setup,
    methods: &[Method],
    from: u64,
    to: u64,
) -> Result<Vec<MethodSweep>, Error> {
    // Every size is a row of seats kept and printed: bound the cells, not
    // only the sizes, so that memory and output stay in proportion.
    let per_size = (setup.names.len() as u64).saturating_mul(methods.len().max(1) as u64);
    let sizes = to.saturating_sub(from).saturating_add(1);
    if sizes.saturating_mul(per_size) > MAX_SWEEP_CELLS {
        return Err(SolveError::TooManySizes {
            from,
            to,
            limit: (MAX_SWEEP_CELLS / per_size.max(1)).max(1),
        }
        .into());
    }
    if setup.engine {
        // Each size is solved on its own under the rules.
        let seats = (u128::from(from) + u128::from(to)) * u128::from(sizes) / 2
            * methods.len().max(1) as u128;
        if seats > u128::from(super::RULES_SEATS_BUDGET) {
            return Err(Error::TooMuchWork {
                command: "sweep",
                what: format!(
                    "sizes {from} to {to} under the rules {}",
                    setup.engine_rule_names()
                ),
                limit: super::RULES_SEATS_BUDGET,
                unit: "seats solved under the rules (the sizes summed, for each method)",
                advice: "the rules engine solves each size on its own; narrow the range or ask for fewer methods".into(),
            });
        }
    }
    methods
        .iter()
        .map(|m| sweep_one(setup, m, from, to))
        .collect()
}

fn sweep_one(setup: &Setup, method: &Method, from: u64, to: u64) -> Result<MethodSweep, Error> {
    let start = setup.smallest_house(method).max(from);
    let undefined = (start > from).then(|| (from, (start - 1).min(to)));
    let mut sizes = Vec::new();
    let mut alabama = Vec::new();
    let mut impossible = Vec::new();
    let most: Option<u64> = setup
        .bounds
        .max
        .iter()
        .try_fold(0u64, |sum, max| max.map(|m| sum.saturating_add(m)));
    let capped_at = most.filter(|&m| m < to);
    if start <= to {
        match method {
            Method::Divisor(d) if !setup.engine => {
                // Past the sum of the maximums there is no allocation.
                let to = most.map_or(to, |m| to.min(m));
                // Every size asked for is past the maximums' total: none.
                let swept = if start > to {
                    Vec::new()
                } else {
                    sweep_divisor(&setup.names, &setup.weights, d, &setup.bounds, start, to)?.steps
                };
                sizes = swept
                    .into_iter()
                    .map(|s| Size {
                        house: s.house,
                        seats: s.seats,
                        tied: s.tied,
                    })
                    .collect();
            }
            _ => {
                let mut previous: Option<Outcomes> = None;
                crate::progress::begin(
                    format!("sweep under {}, house sizes", method.id()),
                    to - start + 1,
                );
                for house in start..=to {
                    crate::progress::advance();
                    // Under rules each size's solve starts from the last.
                    let near = sizes
                        .last()
                        .filter(|s| s.house + 1 == house)
                        .map(|s| s.seats.as_slice());
                    let a = match setup.solve_near(house, method, near) {
                        Ok(a) => a,
                        // The maximums cap the house: no larger size exists.
                        Err(Error::Solve(SolveError::MaximumsBelowHouse { .. })) => break,
                        Err(e @ Error::Rules(RulesError::Infeasible { .. })) => {
                            impossible.push((house, e.to_string()));
                            previous = None;
                            continue;
                        }
                        Err(e) => return Err(e),
                    };
                    let outcomes = Outcomes::of(&a)?;
                    if let Some(before) = &previous {
                        alabama.extend(paradoxes(house - 1, before, &outcomes));
                    }
                    sizes.push(Size {
                        house,
                        seats: a.seats(),
                        tied: a.tie.is_some(),
                    });
                    previous = Some(outcomes);
                }
            }
        }
    }
    let first_all_seated = sizes
        .iter()
        .find(|s| s.seats.iter().all(|&k| k > 0))
        .map(|s| s.house);
    Ok(MethodSweep {
        method: method.clone(),
        sizes,
        undefined,
        first_all_seated,
        alabama,
        rules: setup.engine.then(|| setup.engine_rule_names()),
        impossible,
        capped_at,
    })
}

/// Regions that hold fewer seats after the house grows by one. A loss in
/// every pair of outcomes is certain; one that a different resolution of a
/// tie would avoid is reported as uncertain.
fn paradoxes(house: u64, before: &Outcomes, after: &Outcomes) -> Vec<Alabama> {
    (0..before.base.len())
        .filter_map(|region| {
            let (low_before, high_before) = before.range(region);
            let (low_after, high_after) = after.range(region);
            let (before, after, certain) = if high_after < low_before {
                (low_before, high_after, true)
            } else if low_after < high_before {
                (high_before, low_after, false)
            } else {
                return None;
            };
            Some(Alabama {
                house,
                region,
                before,
                after,
                certain,
            })
        })
        .collect()
}
