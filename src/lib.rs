//! # seatshare
//!
//! Exact apportionment: share a body's seats between regions in proportion
//! to their members (or population, or votes), under the rules real
//! constitutions add, and show the evidence.
//!
//! The pipeline is one module per stage, and data flows one way:
//!
//! ```text
//! scenario (parse + validate) → solve (exact methods) → allocation
//!          → analysis (indices) → render (table, markdown, csv, json)
//! ```
//!
//! No floating-point number decides a seat: weights are read from their
//! decimal text, and priorities are compared by cross-multiplication on
//! `u128`, falling back to big integers when a product would overflow.
//! Ties are results: when the last seats could go more than one way, the
//! allocation says which regions could gain and which could lose.
//!
//! ```
//! use seatshare::method::Method;
//! use seatshare::outcome::solve_scenario;
//! use seatshare::scenario::Dataset;
//! use seatshare::solve::TieBreak;
//!
//! let yaml = "
//! regions:
//!   - {name: Greater London, count: 112308}
//!   - {name: North West, count: 71488}
//!   - {name: Wales, count: 27688}
//! ";
//! let data = Dataset::from_yaml_str(yaml, "example.yaml").unwrap();
//! let method = Method::parse("sainte-lague").unwrap();
//! let allocation = solve_scenario(&data, &data.custom(9, method), TieBreak::Report).unwrap();
//! assert_eq!(allocation.seats(), vec![5, 3, 1]);
//! ```

#![warn(missing_docs)]

pub mod allocation;
pub mod analysis;
pub mod count;
pub mod error;
pub mod indices;
pub mod method;
pub mod number;
pub mod outcome;
pub mod progress;
pub mod render;
pub mod rule;
pub mod rules;
pub mod scenario;
pub mod solve;
pub mod suggest;

pub use allocation::Allocation;
pub use compact_str::CompactString;
pub use error::Error;
pub use method::{DivisorMethod, Method, QuotaMethod};
pub use solve::{apportion, Bounds, Problem, RegionName, TieBreak};
