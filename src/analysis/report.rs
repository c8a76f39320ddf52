//! What the HTML report adds to a comparison, computed here so that the page
//! only displays it: the allocations at every house size for the house-size
//! slider (one sweep per method the file's scenarios use, on the
//! comparison's weights, without the scenarios' rules) and the quotient
//! table of each divisor-method column.

use super::quotients::{quotient_table, QuotientTable};
use super::sweep::sweep;
use super::{Column, Comparison};
use crate::allocation::Certificate;
use crate::error::Error;
use crate::method::Method;
use crate::outcome::Setup;
use crate::scenario::Dataset;

/// The smallest largest size the slider offers.
pub const SLIDER_AT_LEAST: u64 = 30;

/// The allocation of one method at one house size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SliderSize {
    /// House size.
    pub seats: u64,
    /// Seats per region, in input order; `None` when this size has no
    /// allocation (fewer seats than a d(0) = 0 method owes).
    pub allocation: Option<Vec<u64>>,
    /// True when the last seat at this size could go more than one way.
    pub tied: bool,
    /// Regions (indices) that hold fewer seats here than at one seat fewer.
    pub alabama: Vec<usize>,
}

/// One method at every size 1..=max.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SliderMethod {
    /// The method.
    pub method: Method,
    /// Sizes 1, 2, …, max, in order.
    pub sizes: Vec<SliderSize>,
}

/// The largest size the slider offers, whatever the file.
pub const SLIDER_AT_MOST: u64 = 5_000;

/// The house-size slider's data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Slider {
    /// The largest size: max(30, 3 × regions, the largest house in the
    /// file).
    pub max: u64,
    /// The size the slider starts at: the file's reference size, else 9,
    /// kept within 1..=max.
    pub initial: u64,
    /// One entry per distinct method of the file's scenarios, in file order.
    pub methods: Vec<SliderMethod>,
}

/// Everything the report computes beyond the comparison.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The house-size slider.
    pub slider: Slider,
    /// One entry per comparison column: its quotient table when a divisor
    /// method made it through the priority queue (`None` for makeups,
    /// quota methods and the rules engine).
    pub quotients: Vec<Option<QuotientTable>>,
}

/// The slider and quotient tables for `comparison` of `dataset`.
pub fn report(dataset: &Dataset, comparison: &Comparison) -> Result<Report, Error> {
    Ok(Report {
        slider: slider(dataset, comparison)?,
        quotients: comparison.columns.iter().map(quotients_of).collect(),
    })
}

/// The quotient table of one column, when it has one.
pub fn quotients_of(column: &Column) -> Option<QuotientTable> {
    let a = column.allocation.as_ref()?;
    let (Method::Divisor(d), Certificate::Divisor(_)) = (&a.method, &a.certificate) else {
        return None;
    };
    let weights: Vec<_> = a.regions.iter().map(|r| r.weight.clone()).collect();
    let base: Vec<u64> = a.regions.iter().map(|r| r.base).collect();
    Some(quotient_table(&weights, d, &a.seats(), &base))
}

/// The allocations at every size 1..=max for each method of the file's
/// scenarios, on the comparison's weights with no rule.
pub fn slider(dataset: &Dataset, comparison: &Comparison) -> Result<Slider, Error> {
    let names = dataset.names();
    let largest = dataset
        .scenarios
        .iter()
        .map(|s| s.seats)
        .chain(comparison.columns.iter().map(|c| c.house))
        .max()
        .unwrap_or(0);
    let max = SLIDER_AT_LEAST
        .max(3 * names.len() as u64)
        .max(largest)
        .min(SLIDER_AT_MOST);
    let initial = comparison.reference_seats.unwrap_or(9).clamp(1, max);
    let mut methods: Vec<Method> = Vec::new();
    for s in &dataset.scenarios {
        if !methods.contains(&s.method) {
            methods.push(s.method.clone());
        }
    }
    let setup = Setup::plain(names, comparison.weights.clone(), comparison.basis);
    let swept = sweep(&setup, &methods, 1, max)?;
    let methods = swept
        .into_iter()
        .map(|m| {
            let mut sizes: Vec<SliderSize> = (1..=max)
                .map(|seats| SliderSize {
                    seats,
                    allocation: None,
                    tied: false,
                    alabama: Vec::new(),
                })
                .collect();
            for s in m.sizes {
                if let Some(slot) = sizes.get_mut(s.house as usize - 1) {
                    slot.allocation = Some(s.seats);
                    slot.tied = s.tied;
                }
            }
            for a in &m.alabama {
                let at = a.house as usize; // index of size house + 1
                let shows = a.certain
                    || match (
                        sizes.get(at - 1).and_then(|s| s.allocation.as_ref()),
                        sizes.get(at).and_then(|s| s.allocation.as_ref()),
                    ) {
                        (Some(before), Some(after)) => after[a.region] < before[a.region],
                        _ => false,
                    };
                if let Some(slot) = sizes.get_mut(at) {
                    if shows && !slot.alabama.contains(&a.region) {
                        slot.alabama.push(a.region);
                    }
                }
            }
            SliderMethod {
                method: m.method,
                sizes,
            }
        })
        .collect();
    Ok(Slider {
        max,
        initial,
        methods,
    })
}
