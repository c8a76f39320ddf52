//! An allocation, whichever engine made it: the priority queue's with its
//! divisor or quota certificate, or the rules engine's with its checks.

use super::{allocation as queue, rules, AllocationContext, CsvTable, Format};
use crate::allocation::{Allocation, Certificate};

/// Renders an allocation in a format.
pub fn allocation(a: &Allocation, context: &AllocationContext, format: Format) -> String {
    if format == Format::Csv {
        return allocation_csv(a, context, CsvTable::Seats);
    }
    match &a.certificate {
        Certificate::Rules(o) => rules::rules_allocation(a, o, context, format),
        _ => queue::allocation(a, context, format),
    }
}

/// An allocation as one of its CSV tables (`docs/csv.md`); the rows'
/// `column` is the scenario id, or `custom`. Ask [`super::quotients_refused`]
/// first: a rules-engine allocation has no quotients table and writes its
/// seats instead.
pub fn allocation_csv(a: &Allocation, context: &AllocationContext, table: CsvTable) -> String {
    super::data::allocation_csv(a, &queue::column_id(context), table)
}
