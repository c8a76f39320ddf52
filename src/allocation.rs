//! The result of a solve: seats per region, with the certificate that lets a
//! reader check them, the tie report and which bounds bind.

use compact_str::CompactString;
use std::fmt;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::Zero;

use crate::method::Method;
use crate::number::{rational_to_f64, reduced_u128_ratio, Decimal};

/// Seats for every region, in input order, with their evidence.
#[derive(Debug, Clone)]
pub struct Allocation {
    /// The method that made it.
    pub method: Method,
    /// The house size; the seats always add up to it.
    pub house: u64,
    /// One entry per region, in input order.
    pub regions: Vec<RegionSeats>,
    /// Evidence that the seats follow from the method.
    pub certificate: Certificate,
    /// Set when the last seats are tied.
    pub tie: Option<Tie>,
    /// Set when a tie was broken by lot.
    pub draw: Option<Draw>,
    /// The weights' sum, for the standard quotas (read on demand: most
    /// solves never show them).
    total_weight: BigRational,
}

/// The seats a solve decides, without the evidence: what
/// [`crate::solve::seats`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seats {
    /// Seats per region, in input order, base seats included.
    pub seats: Vec<u64>,
    /// Set when the last seats are tied.
    pub tie: Option<Tie>,
    /// Set when a tie was broken by lot.
    pub draw: Option<Draw>,
}

/// One region's line in an allocation.
#[derive(Debug, Clone)]
pub struct RegionSeats {
    /// Region name (stored inline when short, as nearly every name is, so
    /// that a solve copies no name to the heap).
    pub name: CompactString,
    /// The weight exactly as given.
    pub weight: Decimal,
    /// Seats allocated.
    pub seats: u64,
    /// Base seats added before the method ran (0 when none).
    pub base: u64,
    /// The bound this region is held at, when that bound binds.
    pub binding: Option<BoundHit>,
}

/// A bound that decides a region's seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundHit {
    /// Held up at its minimum: the method alone would give fewer.
    Minimum(u64),
    /// Held down at its maximum: the method alone would give more.
    Maximum(u64),
}

/// The last seats could go more than one way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tie {
    /// Regions (indices) that could each take one more seat.
    pub could_gain: Vec<usize>,
    /// Regions (indices) that could each give up one seat.
    pub could_lose: Vec<usize>,
    /// How many seats are contested: the allocation shown gives them to
    /// `could_lose`; any `seats_in_tie` of the tied regions could hold them.
    pub seats_in_tie: u64,
}

/// A tie broken by a lot drawn from a stated seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draw {
    /// The seed the lot was drawn from.
    pub seed: u64,
    /// Regions in the draw, in input order.
    pub candidates: Vec<usize>,
    /// Regions that drew a contested seat.
    pub winners: Vec<usize>,
}

/// Evidence that an allocation follows from its method.
#[derive(Debug, Clone)]
pub enum Certificate {
    /// Divisor methods: every divisor in the interval gives these seats.
    Divisor(DivisorCertificate),
    /// Quota methods: the quota, floors and remainders.
    Quota(QuotaCertificate),
    /// The rules engine: every rule checked exactly, the binding rules with
    /// their price, the women per region and every tied allocation.
    Rules(Box<RulesOutcome>),
}

/// A divisor interval and a short divisor inside it.
#[derive(Debug, Clone)]
pub struct DivisorCertificate {
    /// The largest priority that did not win a seat: valid divisors are at
    /// least this. `None` when every region is at its maximum.
    pub lower: Option<Signpost>,
    /// The smallest priority that won a seat: valid divisors are at most
    /// this. `None` when no seat was won freely (all came from minimums).
    pub upper: Option<Signpost>,
    /// A short decimal strictly inside the interval (none when the interval
    /// is a single point, which is a tie).
    pub nice: Option<BigRational>,
    /// Each region's weight divided by the nice divisor (display only).
    pub quotients: Vec<f64>,
}

/// One end of a divisor interval: the priority `v / d(k)` of a region's
/// (k+1)-th seat.
#[derive(Debug, Clone, PartialEq)]
pub struct Signpost {
    /// Region index.
    pub region: usize,
    /// Seats the region holds before this one (k).
    pub held: u64,
    /// The priority as a float, for display.
    pub value: f64,
    /// The exact value when it is rational (all but Huntington–Hill).
    pub exact: Option<BigRational>,
}

/// A quota and what it gives each region.
///
/// The quotients and remainders are kept as integers over one common
/// denominator and reduced only when read ([`QuotaCertificate::quotient`],
/// [`QuotaCertificate::remainder`]): building a fraction per region for
/// every solve was most of a quota method's cost, and most solves (sweeps,
/// margins, thresholds) never read them.
#[derive(Clone)]
pub struct QuotaCertificate {
    /// The quota Q, exact.
    pub quota: BigRational,
    /// Its formula, e.g. `V/S`.
    pub formula: &'static str,
    /// ⌊weight / Q⌋ for each region.
    pub floors: Vec<u64>,
    /// Seats the floors give in all (may exceed the house for small quotas).
    pub floor_total: u64,
    /// Each region's weight / Q as `numerators[i] / denominator`.
    quotients: Quotients,
}

/// Weight / Q for every region over one denominator, on machine integers
/// when the solver's terms were.
#[derive(Clone)]
pub(crate) enum Quotients {
    /// `scaled[i] / den` (every `scaled[i]` at least 0: the solver's
    /// terms, kept as they are).
    Small { scaled: Vec<i128>, den: u128 },
    /// The same on big integers.
    Big { scaled: Vec<BigInt>, den: BigInt },
}

impl QuotaCertificate {
    pub(crate) fn new(
        quota: BigRational,
        formula: &'static str,
        floors: Vec<u64>,
        quotients: Quotients,
    ) -> QuotaCertificate {
        QuotaCertificate {
            quota,
            formula,
            floor_total: floors.iter().fold(0u64, |t, &f| t.saturating_add(f)),
            floors,
            quotients,
        }
    }

    /// Regions in the certificate.
    pub fn len(&self) -> usize {
        self.floors.len()
    }

    /// Whether it covers no region.
    pub fn is_empty(&self) -> bool {
        self.floors.is_empty()
    }

    /// Region `i`'s weight / Q, exact and reduced (`None` past the last
    /// region).
    pub fn quotient(&self, i: usize) -> Option<BigRational> {
        self.split(i).map(|(q, _)| q)
    }

    /// Region `i`'s weight / Q − floor, exact and reduced.
    pub fn remainder(&self, i: usize) -> Option<BigRational> {
        self.split(i).map(|(_, r)| r)
    }

    fn split(&self, i: usize) -> Option<(BigRational, BigRational)> {
        match &self.quotients {
            Quotients::Small { scaled, den } => {
                let w = scaled.get(i)?.unsigned_abs();
                let remainder = reduced_u128_ratio(w % den, *den);
                Some((reduced_u128_ratio(w, *den), remainder))
            }
            Quotients::Big { scaled, den } => {
                let w = scaled.get(i)?;
                let remainder = BigRational::new(w.mod_floor(den), den.clone());
                Some((BigRational::new(w.clone(), den.clone()), remainder))
            }
        }
    }
}

impl fmt::Debug for QuotaCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (quotients, remainders): (Vec<_>, Vec<_>) =
            (0..self.len()).filter_map(|i| self.split(i)).unzip();
        f.debug_struct("QuotaCertificate")
            .field("quota", &self.quota)
            .field("formula", &self.formula)
            .field("quotients", &quotients)
            .field("floors", &self.floors)
            .field("remainders", &remainders)
            .field("floor_total", &self.floor_total)
            .finish()
    }
}

impl Allocation {
    pub(crate) fn new(
        method: Method,
        house: u64,
        regions: Vec<RegionSeats>,
        certificate: Certificate,
        tie: Option<Tie>,
        draw: Option<Draw>,
        total_weight: BigRational,
    ) -> Allocation {
        Allocation {
            method,
            house,
            regions,
            certificate,
            tie,
            draw,
            total_weight,
        }
    }

    /// Region `i`'s standard quota, house × weight / total weight, exact
    /// (0 when no region has weight; `None` past the last region).
    pub fn quota(&self, i: usize) -> Option<BigRational> {
        let weight = self.regions.get(i)?.weight.to_rational();
        if self.total_weight.is_zero() {
            return Some(BigRational::zero());
        }
        Some(weight * BigInt::from(self.house) / &self.total_weight)
    }

    /// Seats in input order.
    pub fn seats(&self) -> Vec<u64> {
        self.regions.iter().map(|r| r.seats).collect()
    }

    /// Region names in input order.
    pub fn names(&self) -> Vec<&str> {
        self.regions.iter().map(|r| r.name.as_str()).collect()
    }

    /// The names of the regions with the given indices.
    pub fn names_of(&self, indices: &[usize]) -> Vec<String> {
        indices
            .iter()
            .filter_map(|&i| self.regions.get(i).map(|r| r.name.to_string()))
            .collect()
    }

    /// Weights as floats, for display and indices.
    pub fn weights_f64(&self) -> Vec<f64> {
        self.regions.iter().map(|r| r.weight.to_f64()).collect()
    }

    /// The standard quotas as floats, for display.
    pub fn quotas_f64(&self) -> Vec<f64> {
        (0..self.regions.len())
            .map(|i| self.quota(i).map_or(0.0, |q| rational_to_f64(&q)))
            .collect()
    }
}

/// The women's share of a region's seats under the gender rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WomenSeats {
    /// Seats in this region that must go to women.
    pub at_least: u64,
    /// Seats in this region that may go to women.
    pub at_most: u64,
}

/// A rule that changes the result, and what it costs.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// The rule's name.
    pub rule: String,
    /// The rule in words.
    pub text: String,
    /// Seats this rule moves: Σ max(0, s − s′) against the allocation
    /// without it (0 for a gender rule that only decides who sits).
    pub seats_moved: u64,
    /// The allocation without this rule (the other rules kept).
    pub without: Vec<u64>,
    /// Gallagher index with the rule minus without it (percentage points).
    pub gallagher_change: f64,
    /// Loosemore–Hanby index with the rule minus without it.
    pub loosemore_hanby_change: f64,
    /// What the rule does when it moves no seat (gender rules).
    pub effect: Option<String>,
}

/// The result of the rules engine.
#[derive(Debug, Clone, PartialEq)]
pub struct RulesOutcome {
    /// The method.
    pub method: Method,
    /// House size.
    pub house: u64,
    /// Region names.
    pub names: Vec<String>,
    /// Weights.
    pub weights: Vec<Decimal>,
    /// Seats per region.
    pub seats: Vec<u64>,
    /// Each region's quota: its exact share of the house.
    pub quotas: Vec<BigRational>,
    /// The method's own allocation with no rules (`None` when the method
    /// alone has no answer, e.g. Huntington–Hill with fewer seats than
    /// regions).
    pub method_alone: Option<Vec<u64>>,
    /// Women per region, when a gender rule is in force.
    pub women: Option<Vec<WomenSeats>>,
    /// Women the gender rules require in all.
    pub women_required: Option<u64>,
    /// Whether women's seats were shared biproportionally (women members
    /// per region were given).
    pub biproportional: bool,
    /// The rules that change the result, with their price.
    pub binding: Vec<Binding>,
    /// Every rule, checked in exact arithmetic, in words.
    pub checks: Vec<String>,
    /// A tie for the last seats: equally good allocations under the rules.
    pub tie: Option<Tie>,
    /// The other equally good allocations, in the order found.
    pub alternatives: Vec<Vec<u64>>,
    /// True when `alternatives` lists every equally good allocation; false
    /// when the list stopped at its limit.
    pub alternatives_complete: bool,
    /// Set when the rules couple regions (gender rules, overlapping groups)
    /// and the problem was too large to search every allocation: every
    /// region was searched this many seats either way of the answer, and a
    /// tie further away is not excluded.
    pub tie_search_within: Option<u64>,
    /// False when the outcome was solved for an analysis without pricing
    /// the rules: `method_alone`, `binding` and `checks` are then empty.
    pub priced: bool,
}

impl fmt::Display for RulesOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, seats) in self.names.iter().zip(&self.seats) {
            writeln!(f, "{name}: {seats}")?;
        }
        Ok(())
    }
}
