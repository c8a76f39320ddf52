//! Analysis of allocations: the side-by-side comparison of every makeup and scenario in a file, and the
//! claim checker's analyses (in the submodules: sweeps over house sizes,
//! thresholds, which method made a table, margins, robustness to rounding,
//! the population paradox and the checking of a claims file; the quotient
//! tables and house-size sweeps of the HTML report).
//!

/// The most seats one `sweep` or `threshold` solves under group or gender
/// rules, summed over the sizes it tries: the rules engine solves each
/// size on its own and its work grows with the seats, so this keeps one
/// command to seconds (Labour's 1..30 is 465; the US House's 400..500 is
/// 45,450).
pub const RULES_SEATS_BUDGET: u64 = 50_000;

pub mod check;
pub mod identify;
pub mod margin;
pub mod outcomes;
pub mod population;
pub mod quotients;
pub mod report;
pub mod robust;
pub mod sweep;
pub mod threshold;

use crate::allocation::RulesOutcome;
use crate::allocation::{Allocation, Certificate};
use crate::error::Error;
use crate::indices::{indices, Indices};
use crate::number::Decimal;
use crate::outcome::solve_scenario;
use crate::scenario::{Basis, Dataset};
use crate::solve::TieBreak;

/// One column of a comparison: a given makeup or a solved scenario.
#[derive(Debug, Clone)]
pub struct Column {
    /// Makeup or scenario id.
    pub id: String,
    /// Heading, if the file gives one.
    pub title: Option<String>,
    /// `makeup` or `scenario`.
    pub kind: ColumnKind,
    /// Seats per region.
    pub seats: Vec<u64>,
    /// House size.
    pub house: u64,
    /// How far from proportional, against the comparison's weights.
    pub indices: Indices,
    /// Women in the makeup, when the file says.
    pub women: Option<u64>,
    /// The solved allocation (scenarios without group or gender rules).
    pub allocation: Option<Allocation>,
    /// The rules engine's result (scenarios with group or gender rules).
    pub rules: Option<RulesOutcome>,
    /// Women the scenario's gender rules require, at least.
    pub women_required: Option<u64>,
    /// The weights the scenario ran on (scenarios only).
    pub basis: Option<Basis>,
}

/// Whether a column was given or computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A seat table from the file.
    Makeup,
    /// An allocation computed from a scenario.
    Scenario,
}

/// A scenario that has no allocation, and why.
#[derive(Debug, Clone)]
pub struct Infeasible {
    /// Scenario id.
    pub id: String,
    /// Heading, if any.
    pub title: Option<String>,
    /// The reason, in a sentence.
    pub reason: String,
}

/// Every makeup and scenario of a file side by side.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The weights the shares and indices are measured against.
    pub basis: Basis,
    /// Those weights, in region order.
    pub weights: Vec<Decimal>,
    /// The house size at which quotas are shown.
    pub reference_seats: Option<u64>,
    /// Makeups first, then scenarios, in file order.
    pub columns: Vec<Column>,
    /// Scenarios whose rules cannot all hold.
    pub infeasible: Vec<Infeasible>,
}

/// Runs every scenario of `dataset` and lines them up with its makeups.
/// Shares and indices are measured against `basis` (the file's default when
/// `None`). A scenario whose rules cannot hold becomes an [`Infeasible`] line;
/// an internal failure is returned as an error.
pub fn compare(dataset: &Dataset, basis: Option<Basis>) -> Result<Comparison, Error> {
    let basis = basis.unwrap_or(dataset.default_basis);
    let weights = dataset.weights(basis)?;
    let mut columns = Vec::new();
    for m in &dataset.makeups {
        columns.push(Column {
            id: m.id.clone(),
            title: m.title.clone(),
            kind: ColumnKind::Makeup,
            house: m.house(),
            indices: indices(&weights, &m.seats),
            seats: m.seats.clone(),
            women: m.women,
            allocation: None,
            rules: None,
            women_required: None,
            basis: None,
        });
    }
    let mut infeasible = Vec::new();
    for s in &dataset.scenarios {
        match solve_scenario(dataset, s, TieBreak::Report) {
            Ok(allocation) => {
                let seats = allocation.seats();
                let rules = match &allocation.certificate {
                    Certificate::Rules(o) => Some(o.as_ref().clone()),
                    _ => None,
                };
                let allocation = Some(allocation);
                columns.push(Column {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    kind: ColumnKind::Scenario,
                    house: s.seats,
                    indices: indices(&weights, &seats),
                    seats,
                    women: None,
                    women_required: rules.as_ref().and_then(|o| o.women_required),
                    allocation,
                    rules,
                    basis: Some(dataset.basis_of(s)),
                });
            }
            Err(e) if e.is_input_error() => infeasible.push(Infeasible {
                id: s.id.clone(),
                title: s.title.clone(),
                reason: e.to_string(),
            }),
            Err(e) => return Err(e),
        }
    }
    for b in &dataset.broken {
        infeasible.push(Infeasible {
            id: b.id.clone(),
            title: b.title.clone(),
            reason: format!("cannot run: {}", b.error),
        });
    }
    Ok(Comparison {
        basis,
        weights,
        reference_seats: dataset.reference_seats(),
        columns,
        infeasible,
    })
}
