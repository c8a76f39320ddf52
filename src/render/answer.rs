//! An allocation, whichever engine made it: the priority queue's with its
//! divisor or quota certificate, or the rules engine's with its checks.

use super::{allocation as queue, rules, AllocationContext, Format};
use crate::allocation::{Allocation, Certificate};

/// Renders an allocation in a format.
pub fn allocation(a: &Allocation, context: &AllocationContext, format: Format) -> String {
    match &a.certificate {
        Certificate::Rules(o) => rules::rules_allocation(a, o, context, format),
        _ => queue::allocation(a, context, format),
    }
}
