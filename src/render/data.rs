//! The data formats: tidy CSV tables and the JSON envelope.
//!
//! CSV: every command writes one table of numbers and ids (documented in
//! `docs/csv.md`); `allocate` and `compare` write one of several, chosen by
//! [`CsvTable`]. A numeric cell is an integer, a decimal (ASCII `-` for a
//! negative, no thousands separators) or an exact fraction `p/q`; an empty
//! cell means "none". Flags are `true`/`false`; lists of names are joined
//! with `;`.
//!
//! JSON: every document starts with a `schema` field
//! (`seatshare/COMMAND/VERSION`) and every float in it is rounded to
//! [`PLACES`] decimals (exact values are text fields beside it).

use num_rational::BigRational;
use num_traits::Zero;
use serde_json::{Map, Value};

use crate::allocation::{Allocation, BoundHit, Certificate, RulesOutcome, Tie};
use crate::analysis::check::{Checked, Verdict};
use crate::analysis::identify::Identification;
use crate::analysis::margin::{Amount, Margins, Move};
use crate::analysis::population::Population;
use crate::analysis::robust::{CountsVsShares, Robustness};
use crate::analysis::sweep::MethodSweep;
use crate::analysis::threshold::Threshold;
use crate::analysis::{Column, ColumnKind, Comparison};
use crate::indices::{indices, Indices};
use crate::number::{rational_text, rational_to_f64, Decimal};
use crate::scenario::claims::{ClaimKind, ClaimsFile};
use crate::scenario::Dataset;

/// The version of every CSV and JSON schema the tool writes; it goes up on
/// any change to any of them (a column or field added, removed, renamed or
/// given another meaning).
pub const SCHEMA_VERSION: u32 = 2;

/// Decimal places of every rounded (display) number in CSV and JSON.
pub const PLACES: usize = 4;

/// The tables `allocate` and `compare` can write as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvTable {
    /// One row per column (makeup or scenario) per region:
    /// `column,region,weight,share,quota,quota_exact,seats,bound,tied,women_at_least,women_at_most`.
    #[default]
    Seats,
    /// One row per column per index: `column,index,value,region`.
    Indices,
    /// `allocate` only, divisor and quota methods: one row per region,
    /// `column,region,weight,seats,base,divisor,quotient,floor,remainder`.
    Quotients,
}

impl CsvTable {
    /// The table's name as the `--csv-table` flag takes it.
    pub fn id(self) -> &'static str {
        match self {
            CsvTable::Seats => "seats",
            CsvTable::Indices => "indices",
            CsvTable::Quotients => "quotients",
        }
    }
}

/// The `schema` value of a command's JSON: `seatshare/allocate/2`.
pub fn schema(command: &str) -> String {
    format!("seatshare/{command}/{SCHEMA_VERSION}")
}

/// A float rounded to [`PLACES`] decimals, or `None` when it is not finite.
pub(crate) fn rounded(x: f64) -> Option<f64> {
    if !x.is_finite() {
        return None;
    }
    let r: f64 = format!("{x:.PLACES$}").parse().ok()?;
    // No `-0`.
    Some(if r == 0.0 { 0.0 } else { r })
}

/// A display number as CSV text: at most [`PLACES`] decimals, the shortest
/// form (`20.54`, `3`), ASCII `-`; empty when not finite.
pub(crate) fn number(x: f64) -> String {
    rounded(x).map_or(String::new(), |r| r.to_string())
}

/// An optional display number as CSV text.
fn opt_number(x: Option<f64>) -> String {
    x.map_or(String::new(), number)
}

/// An optional integer (or other plain value) as CSV text.
fn opt<T: ToString>(x: Option<T>) -> String {
    x.map_or(String::new(), |v| v.to_string())
}

fn flag(b: bool) -> String {
    b.to_string()
}

/// Names joined with `;` (a CSV list cell).
fn list(names: &[String]) -> String {
    names.join(";")
}

fn names_at(names: &[String], at: &[usize]) -> String {
    list(&at.iter().map(|&i| names[i].clone()).collect::<Vec<_>>())
}

/// Every float in `value` rounded to [`PLACES`] decimals (integers kept).
fn round_floats(value: &mut Value) {
    match value {
        Value::Number(n) if !(n.is_i64() || n.is_u64()) => {
            *value = n
                .as_f64()
                .and_then(rounded)
                .map_or(Value::Null, Value::from);
        }
        Value::Array(items) => items.iter_mut().for_each(round_floats),
        Value::Object(map) => map.values_mut().for_each(round_floats),
        _ => {}
    }
}

fn with_schema(schema: &str, value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            out.insert("schema".into(), Value::from(schema));
            out.extend(map);
            Value::Object(out)
        }
        other => other,
    }
}

/// A command's JSON document: the `schema` field first (on each object of
/// a top-level array), every float rounded, pretty-printed.
pub(crate) fn json_doc(command: &str, value: Value) -> String {
    super::json_text(&json_value(command, value))
}

/// A command's JSON document as a value (what [`json_doc`] prints; the
/// HTML page embeds the same).
pub(crate) fn json_value(command: &str, value: Value) -> Value {
    let schema = schema(command);
    let mut value = match value {
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| with_schema(&schema, v)).collect())
        }
        other => with_schema(&schema, other),
    };
    round_floats(&mut value);
    value
}

/// A tidy table, written as CSV.
struct Table {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(header: &[&'static str]) -> Table {
        Table {
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    fn text(&self) -> String {
        let mut writer = ::csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail; an error would leave the output
        // short, which the tests would catch.
        let _ = writer.write_record(&self.header);
        for row in &self.rows {
            let _ = writer.write_record(row);
        }
        let bytes = writer.into_inner().unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

fn bound_text(b: Option<BoundHit>) -> String {
    match b {
        Some(BoundHit::Minimum(_)) => "min".into(),
        Some(BoundHit::Maximum(_)) => "max".into(),
        None => String::new(),
    }
}

fn in_tie(tie: Option<&Tie>, i: usize) -> bool {
    tie.is_some_and(|t| t.could_gain.contains(&i) || t.could_lose.contains(&i))
}

/// `100 · w / total` exact, then as a float for display.
fn share(weight: &Decimal, total: &BigRational) -> f64 {
    if total.is_zero() {
        return 0.0;
    }
    rational_to_f64(&(weight.to_rational() * BigRational::from_integer(100.into()) / total))
}

/// Region `i`'s exact quota at `house` seats, as exact text (`None` when
/// the weights sum to zero).
pub(crate) fn quota_text(weights: &[Decimal], i: usize, house: u64) -> Option<String> {
    let total = total(weights);
    if total.is_zero() {
        return None;
    }
    let w = weights.get(i)?.to_rational();
    Some(rational_text(
        &(w * BigRational::from_integer(house.into()) / total),
    ))
}

fn total(weights: &[Decimal]) -> BigRational {
    weights
        .iter()
        .fold(BigRational::zero(), |sum, w| sum + w.to_rational())
}

const SEATS_HEADER: &[&str] = &[
    "column",
    "region",
    "weight",
    "share",
    "quota",
    "quota_exact",
    "seats",
    "bound",
    "tied",
    "women_at_least",
    "women_at_most",
];

const INDICES_HEADER: &[&str] = &["column", "index", "value", "region"];

/// One column's seat rows.
struct SeatColumn<'a> {
    id: &'a str,
    names: &'a [String],
    weights: &'a [Decimal],
    seats: &'a [u64],
    house: u64,
    bounds: Vec<Option<BoundHit>>,
    tie: Option<&'a Tie>,
    women: Option<Vec<(u64, u64)>>,
}

fn seat_rows(table: &mut Table, c: &SeatColumn<'_>) {
    let total = total(c.weights);
    for (i, name) in c.names.iter().enumerate() {
        let quota = (!total.is_zero()).then(|| {
            c.weights[i].to_rational() * BigRational::from_integer(c.house.into()) / &total
        });
        let (lo, hi) = match &c.women {
            Some(w) => (w[i].0.to_string(), w[i].1.to_string()),
            None => (String::new(), String::new()),
        };
        table.push(vec![
            c.id.to_string(),
            name.clone(),
            c.weights[i].to_string(),
            number(share(&c.weights[i], &total)),
            opt_number(quota.as_ref().map(rational_to_f64)),
            quota.as_ref().map_or(String::new(), rational_text),
            c.seats[i].to_string(),
            bound_text(c.bounds.get(i).copied().flatten()),
            flag(in_tie(c.tie, i)),
            lo,
            hi,
        ]);
    }
}

/// One column's index rows, in a fixed order.
fn index_rows(
    table: &mut Table,
    id: &str,
    names: &[String],
    house: u64,
    women: Option<u64>,
    women_required: Option<u64>,
    idx: &Indices,
) {
    let name = |i: usize| names.get(i).cloned().unwrap_or_default();
    let named = |p: Option<(usize, f64)>| match p {
        Some((i, v)) => (number(v), name(i)),
        None => (String::new(), String::new()),
    };
    let (most, most_region) = named(idx.largest_per_seat);
    let (fewest, fewest_region) = named(idx.smallest_per_seat);
    let rows: Vec<(&str, String, String)> = vec![
        ("seats", house.to_string(), String::new()),
        ("women", opt(women), String::new()),
        ("women_at_least", opt(women_required), String::new()),
        (
            "loosemore_hanby",
            number(idx.loosemore_hanby),
            String::new(),
        ),
        ("gallagher", number(idx.gallagher), String::new()),
        ("sainte_lague", number(idx.sainte_lague), String::new()),
        (
            "max_deviation",
            number(idx.max_deviation),
            name(idx.max_deviation_region),
        ),
        ("largest_per_seat", most, most_region),
        ("smallest_per_seat", fewest, fewest_region),
        (
            "per_seat_ratio",
            opt_number(idx.per_seat_ratio),
            String::new(),
        ),
        (
            "regions_without_seat",
            idx.without_seat.len().to_string(),
            String::new(),
        ),
    ];
    for (index, value, region) in rows {
        table.push(vec![id.to_string(), index.to_string(), value, region]);
    }
}

fn women_pairs(o: &RulesOutcome) -> Option<Vec<(u64, u64)>> {
    o.women
        .as_ref()
        .map(|w| w.iter().map(|w| (w.at_least, w.at_most)).collect())
}

/// A comparison as one of its CSV tables. Scenarios that cannot hold have
/// no rows. The weights are the comparison's (its basis), as in the JSON.
pub(crate) fn compare_csv(dataset: &Dataset, c: &Comparison, which: CsvTable) -> String {
    let names = dataset.names();
    match which {
        CsvTable::Indices => {
            let mut table = Table::new(INDICES_HEADER);
            for col in &c.columns {
                index_rows(
                    &mut table,
                    &col.id,
                    &names,
                    col.house,
                    col.women,
                    col.women_required,
                    &col.indices,
                );
            }
            table.text()
        }
        // Refused before (a comparison has no one certificate); the seats
        // are the comparison's main table.
        CsvTable::Seats | CsvTable::Quotients => {
            let mut table = Table::new(SEATS_HEADER);
            for col in &c.columns {
                seat_rows(&mut table, &column_seats(col, &names, &c.weights));
            }
            table.text()
        }
    }
}

fn column_seats<'a>(
    col: &'a Column,
    names: &'a [String],
    weights: &'a [Decimal],
) -> SeatColumn<'a> {
    let bounds = match &col.allocation {
        Some(a) => a.regions.iter().map(|r| r.binding).collect(),
        None => vec![None; names.len()],
    };
    let tie = col
        .allocation
        .as_ref()
        .and_then(|a| a.tie.as_ref())
        .or(col.rules.as_ref().and_then(|o| o.tie.as_ref()));
    SeatColumn {
        id: &col.id,
        names,
        weights,
        seats: &col.seats,
        house: col.house,
        bounds,
        tie: if col.kind == ColumnKind::Makeup {
            None
        } else {
            tie
        },
        women: col.rules.as_ref().and_then(women_pairs),
    }
}

/// The rules engine's result as the seats table (for
/// `render::rules_outcome`, which has no allocation around it).
pub(crate) fn rules_csv(o: &RulesOutcome, bounds: &[Option<BoundHit>], column: &str) -> String {
    let mut table = Table::new(SEATS_HEADER);
    seat_rows(
        &mut table,
        &SeatColumn {
            id: column,
            names: &o.names,
            weights: &o.weights,
            seats: &o.seats,
            house: o.house,
            bounds: bounds.to_vec(),
            tie: o.tie.as_ref(),
            women: women_pairs(o),
        },
    );
    table.text()
}

/// Why an allocation has no quotients table, in a sentence; `None` when it
/// has one.
pub fn quotients_refused(a: &Allocation) -> Option<String> {
    match &a.certificate {
        Certificate::Rules(_) => Some(
            "--csv-table quotients: this allocation was made by the rules engine (the scenario has group or gender rules), which has no divisor or quota; use --csv-table seats or indices, or --format json for its checks".into(),
        ),
        _ => None,
    }
}

/// An allocation as one of its CSV tables; `column` is the scenario id
/// (or `custom`). A rules-engine allocation has no quotients table (see
/// [`quotients_refused`]); asked for one it writes its seats.
pub(crate) fn allocation_csv(a: &Allocation, column: &str, which: CsvTable) -> String {
    let names: Vec<String> = a.regions.iter().map(|r| r.name.to_string()).collect();
    let weights: Vec<Decimal> = a.regions.iter().map(|r| r.weight.clone()).collect();
    let seats = a.seats();
    let rules = match &a.certificate {
        Certificate::Rules(o) => Some(o.as_ref()),
        _ => None,
    };
    match which {
        CsvTable::Indices => {
            let idx = indices(&weights, &seats);
            let mut table = Table::new(INDICES_HEADER);
            index_rows(
                &mut table,
                column,
                &names,
                a.house,
                None,
                rules.and_then(|o| o.women_required),
                &idx,
            );
            table.text()
        }
        CsvTable::Quotients if rules.is_none() => quotients_csv(a, column),
        _ => {
            let mut table = Table::new(SEATS_HEADER);
            seat_rows(
                &mut table,
                &SeatColumn {
                    id: column,
                    names: &names,
                    weights: &weights,
                    seats: &seats,
                    house: a.house,
                    bounds: a.regions.iter().map(|r| r.binding).collect(),
                    tie: a.tie.as_ref().or(rules.and_then(|o| o.tie.as_ref())),
                    women: rules.and_then(women_pairs),
                },
            );
            table.text()
        }
    }
}

/// The certificate per region: the divisor (a divisor method's short
/// divisor, or the only one when the last seat is tied) or the quota Q,
/// each weight divided by it, and for quota methods the floor and
/// remainder. All exact.
fn quotients_csv(a: &Allocation, column: &str) -> String {
    let mut table = Table::new(&[
        "column",
        "region",
        "weight",
        "seats",
        "base",
        "divisor",
        "quotient",
        "floor",
        "remainder",
    ]);
    let divisor: Option<BigRational> = match &a.certificate {
        Certificate::Divisor(c) => c
            .nice
            .clone()
            .or_else(|| c.upper.as_ref().and_then(|s| s.exact.clone())),
        Certificate::Quota(c) => Some(c.quota.clone()),
        Certificate::Rules(_) => None,
    };
    for (i, r) in a.regions.iter().enumerate() {
        let quotient = divisor
            .as_ref()
            .filter(|d| !d.is_zero())
            .map(|d| rational_text(&(r.weight.to_rational() / d)));
        let (floor, remainder) = match &a.certificate {
            Certificate::Quota(c) => (
                c.floors.get(i).map(u64::to_string),
                c.remainder(i).as_ref().map(rational_text),
            ),
            _ => (None, None),
        };
        table.push(vec![
            column.to_string(),
            r.name.to_string(),
            r.weight.to_string(),
            r.seats.to_string(),
            r.base.to_string(),
            divisor.as_ref().map_or(String::new(), rational_text),
            opt(quotient),
            opt(floor),
            opt(remainder),
        ]);
    }
    table.text()
}

/// Sweeps: one row per method, house size and region.
pub(crate) fn sweep_csv(names: &[String], sweeps: &[MethodSweep]) -> String {
    let mut table = Table::new(&[
        "method",
        "seats",
        "region",
        "region_seats",
        "tied",
        "alabama",
    ]);
    for s in sweeps {
        for size in &s.sizes {
            for (i, name) in names.iter().enumerate() {
                let paradox = s
                    .alabama
                    .iter()
                    .filter(|p| p.house + 1 == size.house && p.region == i)
                    .map(|p| if p.certain { "certain" } else { "possible" })
                    .min()
                    .unwrap_or("");
                table.push(vec![
                    s.method.id(),
                    size.house.to_string(),
                    name.clone(),
                    size.seats.get(i).map_or(String::new(), u64::to_string),
                    flag(size.tied),
                    paradox.to_string(),
                ]);
            }
        }
    }
    table.text()
}

/// Thresholds: one row per method.
pub(crate) fn threshold_csv(results: &[Threshold]) -> String {
    let mut table = Table::new(&[
        "method",
        "first",
        "from",
        "last_failing",
        "first_possible",
        "forced_by_first_seats",
        "never",
        "never_reason",
    ]);
    for t in results {
        table.push(vec![
            t.method.id(),
            opt(t.first),
            opt(t.from),
            opt(t.last_failing),
            opt(t.first_possible),
            flag(t.forced_by_first_seats),
            flag(t.never.is_some()),
            t.never.clone().unwrap_or_default(),
        ]);
    }
    table.text()
}

/// An identification: one row per method and region, the table's seats
/// beside the method's.
pub(crate) fn identify_csv(names: &[String], id: &Identification) -> String {
    let mut table = Table::new(&["method", "result", "region", "table_seats", "method_seats"]);
    for r in &id.results {
        let result = match (&r.allocation, &r.holds) {
            (Err(_), _) => "no_allocation",
            (Ok(_), Some(h)) if h.always() => "matches",
            (Ok(_), Some(h)) if !h.never() => "tied_match",
            (Ok(_), _) => "differs",
        };
        for (i, name) in names.iter().enumerate() {
            let method_seats = r
                .allocation
                .as_ref()
                .ok()
                .and_then(|a| a.regions.get(i))
                .map(|x| x.seats);
            table.push(vec![
                r.method.id(),
                result.to_string(),
                name.clone(),
                id.table.get(i).map_or(String::new(), u64::to_string),
                opt(method_seats),
            ]);
        }
    }
    table.text()
}

fn tie_point(m: &Move) -> (String, bool) {
    match &m.tie_at {
        Amount::Exact(r) => (rational_text(r), true),
        Amount::About(x) => (number(*x), false),
    }
}

/// Margins: one row per region.
pub(crate) fn margin_csv(names: &[String], m: &Margins) -> String {
    let mut table = Table::new(&[
        "method",
        "region",
        "seats",
        "needs",
        "from_region",
        "needs_tie_at",
        "can_lose",
        "to_region",
        "can_lose_tie_at",
        "tie_exact",
        "tied_now",
    ]);
    for r in &m.regions {
        let gain = r.gain.as_ref().map(tie_point);
        let loss = r.loss.as_ref().map(tie_point);
        let exact = gain.iter().chain(loss.iter()).all(|(_, e)| *e);
        let tied_now = r.gain.as_ref().is_some_and(|g| g.tie_at.is_zero())
            || r.loss.as_ref().is_some_and(|l| l.tie_at.is_zero());
        table.push(vec![
            m.allocation.method.id(),
            names[r.region].clone(),
            r.seats.to_string(),
            opt(r.gain.as_ref().map(|g| g.amount.to_string())),
            r.gain
                .as_ref()
                .map_or(String::new(), |g| names_at(names, &g.others)),
            opt(gain.map(|g| g.0)),
            opt(r.loss.as_ref().map(|l| l.amount.to_string())),
            r.loss
                .as_ref()
                .map_or(String::new(), |l| names_at(names, &l.others)),
            opt(loss.map(|l| l.0)),
            flag(exact),
            flag(tied_now),
        ]);
    }
    table.text()
}

/// Robustness: one row per case (the given weights, each flip, the counts
/// and the shares) and region.
pub(crate) fn robust_csv(
    names: &[String],
    r: &Robustness,
    versus: Option<&CountsVsShares>,
) -> String {
    let mut table = Table::new(&[
        "case", "kind", "region", "weight", "low", "high", "seats", "tied",
    ]);
    let mut add = |case: &str, kind: &str, a: &Allocation, box_rows: bool| {
        for (i, name) in names.iter().enumerate() {
            let (low, high) = match r.intervals.get(i) {
                Some((l, h)) if box_rows => (l.to_string(), h.to_string()),
                _ => (String::new(), String::new()),
            };
            table.push(vec![
                case.to_string(),
                kind.to_string(),
                name.clone(),
                a.regions
                    .get(i)
                    .map_or(String::new(), |x| x.weight.to_string()),
                low,
                high,
                a.regions
                    .get(i)
                    .map_or(String::new(), |x| x.seats.to_string()),
                flag(in_tie(a.tie.as_ref(), i)),
            ]);
        }
    };
    add("given", "given", &r.allocation, true);
    for (k, f) in r.flips.iter().enumerate() {
        let kind = if f.tie_only { "tie" } else { "flip" };
        add(&format!("flip-{}", k + 1), kind, &f.allocation, false);
    }
    if let Some(v) = versus {
        add("counts", "counts", &v.counts, false);
        add("shares", "shares", &v.shares, false);
    }
    table.text()
}

/// The population paradox: one row per region.
pub(crate) fn population_csv(
    names: &[String],
    earlier: &[Decimal],
    later: &[Decimal],
    p: &Population,
) -> String {
    let mut table = Table::new(&[
        "region",
        "earlier",
        "later",
        "growth",
        "seats_earlier",
        "seats_later",
        "paradox_with",
    ]);
    let (before, after) = (p.before.seats(), p.after.seats());
    for (i, name) in names.iter().enumerate() {
        let growth = if earlier[i].is_zero() {
            String::new()
        } else {
            let ratio = later[i].to_rational() / earlier[i].to_rational();
            number(100.0 * (rational_to_f64(&ratio) - 1.0))
        };
        let with: Vec<usize> = p
            .paradoxes
            .iter()
            .filter(|x| x.grew == i)
            .map(|x| x.other)
            .collect();
        table.push(vec![
            name.clone(),
            earlier[i].to_string(),
            later[i].to_string(),
            growth,
            opt(before.get(i)),
            opt(after.get(i)),
            names_at(names, &with),
        ]);
    }
    table.text()
}

/// Checked claims: one row per claim.
pub(crate) fn check_csv(_file: &ClaimsFile, checked: &[Checked]) -> String {
    let mut table = Table::new(&[
        "claim", "kind", "verdict", "methods", "holds_in", "outcomes", "weights", "scenario",
    ]);
    for c in checked {
        let kind = match &c.claim.kind {
            ClaimKind::Table { .. } => "table",
            ClaimKind::Needs { .. } => "needs",
            ClaimKind::RegionSeats { .. } => "region_seats",
            ClaimKind::Share { .. } => "share",
            ClaimKind::Slate(_) => "slate",
        };
        let (verdict, methods, holds, of) = match &c.verdict {
            Verdict::True => ("true", String::new(), String::new(), String::new()),
            Verdict::TrueOnlyUnder(m) => ("true_only_under", list(m), String::new(), String::new()),
            Verdict::False => ("false", String::new(), String::new(), String::new()),
            Verdict::Tied { holds, of } => {
                ("tied", String::new(), holds.to_string(), of.to_string())
            }
            Verdict::CannotCheck => ("cannot_check", String::new(), String::new(), String::new()),
        };
        table.push(vec![
            c.claim.id.clone(),
            kind.to_string(),
            verdict.to_string(),
            methods,
            holds,
            of,
            opt(c.basis.map(|b| b.id())),
            opt(c.claim.scenario.clone()),
        ]);
    }
    table.text()
}

/// The method table.
pub(crate) fn methods_csv() -> String {
    let mut table = Table::new(&["id", "family", "aliases", "definition"]);
    for m in crate::method::METHOD_TABLE {
        table.push(vec![
            m.id.to_string(),
            m.family.to_string(),
            m.aliases.join(";"),
            m.definition.to_string(),
        ]);
    }
    table.text()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_numbers_are_short_and_ascii() {
        assert_eq!(number(20.540000000000003), "20.54");
        assert_eq!(number(-1.23456), "-1.2346");
        assert_eq!(number(-0.00001), "0");
        assert_eq!(number(3.0), "3");
        assert_eq!(number(112308.0), "112308");
        assert_eq!(number(f64::NAN), "");
        assert_eq!(number(f64::INFINITY), "");
    }

    #[test]
    fn json_gets_a_schema_and_short_floats() {
        let text = json_doc(
            "allocate",
            serde_json::json!({"share": 20.540000000000003, "seats": 3, "x": [0.123456, f64::NAN]}),
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["schema"], "seatshare/allocate/2");
        assert!(text.starts_with("{\n  \"schema\""));
        assert!(text.contains("\"share\": 20.54,"), "{text}");
        assert_eq!(v["seats"], 3);
        assert_eq!(v["x"][0], 0.1235);
        assert!(v["x"][1].is_null());
        let many = json_doc("sweep", serde_json::json!([{"a": 1}, {"a": 2}]));
        let v: Value = serde_json::from_str(&many).unwrap();
        assert_eq!(v[1]["schema"], "seatshare/sweep/2");
    }
}
