//! The population paradox: a region whose weight grew faster than
//! another's (as a ratio, new/old) yet lost a seat to it, at the same house
//! size and method. Divisor methods never show it (their priorities scale
//! with each region's own weight); largest-remainder methods can, because
//! the quota moves with the total.

use num_bigint::BigUint;

use super::outcomes::Outcomes;
use crate::allocation::Allocation;
use crate::error::Error;
use crate::method::Method;
use crate::number::{cmp_products, to_common_scale, Decimal, Int};
use crate::outcome::Setup;

/// One paradox: `grew` grew faster than `other` but lost a seat to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paradox {
    /// The region that grew faster and lost a seat.
    pub grew: usize,
    /// The region that grew more slowly and gained a seat.
    pub other: usize,
    /// False when a tie at either date means it shows only in some
    /// outcomes.
    pub certain: bool,
}

/// Both allocations and every paradox between them.
#[derive(Debug, Clone)]
pub struct Population {
    /// The allocation on the earlier weights.
    pub before: Allocation,
    /// The allocation on the later weights.
    pub after: Allocation,
    /// Every pair that shows the paradox.
    pub paradoxes: Vec<Paradox>,
}

/// True when `new_a / old_a > new_b / old_b`, exactly (both olds positive).
fn grew_faster(old: &[BigUint], new: &[BigUint], a: usize, b: usize) -> bool {
    let int = |x: &BigUint| Int::from_big(x);
    cmp_products(&int(&new[a]), &int(&old[b]), &int(&new[b]), &int(&old[a])).is_gt()
}

/// Compares the allocations on `setup`'s weights and on `later` (same
/// regions, same order) at `house` seats under `method`.
pub fn population(
    setup: &Setup,
    later: &[Decimal],
    house: u64,
    method: &Method,
) -> Result<Population, Error> {
    let before = setup.solve(house, method)?;
    let after = setup.with_weights(later.to_vec()).solve(house, method)?;
    // Ratios compare on one scale for both dates.
    let all: Vec<Decimal> = setup.weights.iter().chain(later).cloned().collect();
    let (scaled, _) = to_common_scale(&all);
    let (old, new) = scaled.split_at(setup.weights.len());
    let (ob, oa) = (Outcomes::of(&before)?, Outcomes::of(&after)?);
    let mut paradoxes = Vec::new();
    let n = setup.names.len();
    for a in 0..n {
        for b in (0..n).filter(|&b| b != a) {
            if setup.weights[a].is_zero() || setup.weights[b].is_zero() {
                continue;
            }
            if !grew_faster(old, new, a, b) {
                continue;
            }
            let lost = before.regions[a].seats > after.regions[a].seats;
            let gained = after.regions[b].seats > before.regions[b].seats;
            if lost && gained {
                // Certain when the loss and the gain show in every pair of
                // outcomes.
                let certain = oa.range(a).1 < ob.range(a).0 && oa.range(b).0 > ob.range(b).1;
                paradoxes.push(Paradox {
                    grew: a,
                    other: b,
                    certain,
                });
            }
        }
    }
    Ok(Population {
        before,
        after,
        paradoxes,
    })
}
