//! Inputs: regions with their weights, given seat tables (makeups) and
//! scenarios to solve, read from a YAML scenario file or a CSV of weights
//! and validated into plain domain types.
//!
//! Everything a user wrote is checked here, with the file, line and column
//! of the fault, so that later stages only see valid data.

mod bazi;
pub mod claims;
mod csv;
mod overrides;
mod source;
mod yaml;

pub use overrides::{Change, Override};
pub use source::{
    delimiter_of, is_stdin, read_text, shown_name, InputFormat, MAX_INPUT_BYTES, STDIN_NAME,
};

use std::fmt;
use std::path::Path;

use crate::method::Method;
use crate::number::Decimal;
use crate::rule::{NamedRule, Rule, Scope};
use crate::solve::Bounds;

/// Which of a region's weights to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The raw counts (members, population, votes).
    Counts,
    /// The published percentage shares.
    Shares,
}

impl Basis {
    /// `counts` or `shares`.
    pub fn id(self) -> &'static str {
        match self {
            Basis::Counts => "counts",
            Basis::Shares => "shares",
        }
    }
}

/// A region (or nation, state, party) and its weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Unique name.
    pub name: String,
    /// The count (members, population, votes), if given.
    pub count: Option<Decimal>,
    /// The published share in percent, if given.
    pub share: Option<Decimal>,
    /// Women members, if known: gender rules then share each region's
    /// seats between women and men biproportionally.
    pub women: Option<Decimal>,
}

/// A given seat table, such as a body's current makeup.
#[derive(Debug, Clone, PartialEq)]
pub struct Makeup {
    /// Short id used on the command line.
    pub id: String,
    /// Heading.
    pub title: Option<String>,
    /// Where the table comes from.
    pub source: Option<String>,
    /// Free text.
    pub note: Option<String>,
    /// How many of the seats are held by women, if known.
    pub women: Option<u64>,
    /// Seats per region, in region order (0 for regions not listed).
    pub seats: Vec<u64>,
}

impl Makeup {
    /// The makeup's house size.
    pub fn house(&self) -> u64 {
        self.seats.iter().sum()
    }
}

/// Seat rules for one scenario, by region index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Restrictions {
    /// A minimum for every region.
    pub min_each: Option<u64>,
    /// A maximum for every region.
    pub max_each: Option<u64>,
    /// Exactly this many (designated) seats for every region.
    pub exact_each: Option<u64>,
    /// Base seats for every region, given before the method shares the rest.
    pub base_each: Option<u64>,
    /// Per-region minimums.
    pub min: Vec<(usize, u64)>,
    /// Per-region maximums.
    pub max: Vec<(usize, u64)>,
    /// Per-region exact (designated) seats.
    pub exact: Vec<(usize, u64)>,
    /// Per-region base seats.
    pub base: Vec<(usize, u64)>,
}

impl Restrictions {
    /// The bounds these rules put on `n` regions. Where two rules bound the
    /// same region the stricter one holds (the larger minimum, the smaller
    /// maximum); contradictions are left for the solver to report.
    pub fn to_bounds(&self, n: usize) -> Bounds {
        let mut bounds = Bounds::none(n);
        if let Some(k) = self.min_each {
            bounds.min.iter_mut().for_each(|m| *m = (*m).max(k));
        }
        if let Some(k) = self.max_each {
            bounds.max.iter_mut().for_each(|m| *m = Some(k));
        }
        if let Some(k) = self.exact_each {
            bounds.min.iter_mut().for_each(|m| *m = (*m).max(k));
            bounds
                .max
                .iter_mut()
                .for_each(|m| *m = Some(m.map_or(k, |x| x.min(k))));
        }
        if let Some(k) = self.base_each {
            bounds.base.iter_mut().for_each(|b| *b = k);
        }
        for &(i, k) in &self.min {
            bounds.min[i] = bounds.min[i].max(k);
        }
        for &(i, k) in &self.base {
            bounds.base[i] = k;
        }
        for &(i, k) in &self.max {
            bounds.max[i] = Some(bounds.max[i].map_or(k, |m| m.min(k)));
        }
        for &(i, k) in &self.exact {
            bounds.min[i] = bounds.min[i].max(k);
            bounds.max[i] = Some(bounds.max[i].map_or(k, |m| m.min(k)));
        }
        bounds
    }

    /// True when there are no rules.
    pub fn is_empty(&self) -> bool {
        *self == Restrictions::default()
    }
}

/// A named apportionment to run: house size, method and rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Short id used on the command line.
    pub id: String,
    /// Heading.
    pub title: Option<String>,
    /// Free text.
    pub note: Option<String>,
    /// House size.
    pub seats: u64,
    /// The method.
    pub method: Method,
    /// Counts or shares; `None` uses the file's default.
    pub basis: Option<Basis>,
    /// Per-region seat rules (the foundation's bounds).
    pub restrictions: Restrictions,
    /// Group and gender rules, solved by the rules engine.
    pub rules: Vec<NamedRule>,
}

impl Scenario {
    /// True when the scenario has rules beyond per-region bounds, which
    /// need the rules engine.
    pub fn needs_rules_engine(&self) -> bool {
        !self.rules.is_empty()
    }

    /// Every rule of the scenario, the per-region bounds included, each
    /// with the name its key has in the file.
    pub fn all_rules(&self, names: &[String]) -> Vec<NamedRule> {
        type Make = fn(Scope, u64) -> Rule;
        let at_least: Make = |scope, seats| Rule::AtLeast { scope, seats };
        let at_most: Make = |scope, seats| Rule::AtMost { scope, seats };
        let exactly: Make = |scope, seats| Rule::Exactly { scope, seats };
        let base: Make = |scope, seats| Rule::Base { scope, seats };
        let r = &self.restrictions;
        let mut out = Vec::new();
        let each = [
            ("min_each", r.min_each, at_least),
            ("max_each", r.max_each, at_most),
            ("exact_each", r.exact_each, exactly),
            ("base_each", r.base_each, base),
        ];
        for (key, value, make) in each {
            if let Some(k) = value {
                out.push(NamedRule::new(key, make(Scope::Each, k)));
            }
        }
        let lists = [
            ("min", &r.min, at_least),
            ("max", &r.max, at_most),
            ("exact", &r.exact, exactly),
            ("base", &r.base, base),
        ];
        for (key, list, make) in lists {
            for &(i, k) in list {
                let name = format!("{key} {}", names.get(i).map_or("?", String::as_str));
                out.push(NamedRule::new(name, make(Scope::Region(i), k)));
            }
        }
        out.extend(self.rules.iter().cloned());
        out
    }
}

/// Everything a scenario file (or CSV) says.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The file it was read from, for messages.
    pub path: String,
    /// Heading.
    pub title: Option<String>,
    /// Where the figures come from.
    pub source: Option<String>,
    /// Where the counts come from, if stated separately.
    pub count_source: Option<String>,
    /// Where the shares come from, if stated separately.
    pub share_source: Option<String>,
    /// Date of the figures.
    pub date: Option<String>,
    /// What the counts count (`members`, `population`, `votes`).
    pub unit: String,
    /// Free text.
    pub note: Option<String>,
    /// The body's current size, when the file states it (used as the size
    /// at which `compare` shows quotas).
    pub section_seats: Option<u64>,
    /// Weights used unless a scenario or flag says otherwise.
    pub default_basis: Basis,
    /// Regions in input order; output keeps this order.
    pub regions: Vec<Region>,
    /// Given seat tables.
    pub makeups: Vec<Makeup>,
    /// Apportionments to run.
    pub scenarios: Vec<Scenario>,
    /// Scenarios with a fault of their own (a misspelt region, an unknown
    /// method, a bad rule), in file order: each keeps its error, with the
    /// file, line and column, and the other scenarios still run.
    pub broken: Vec<BrokenScenario>,
    /// What the reader did not take from the file (parts of a BAZI file
    /// seatshare has no use for), said to the user beside the output.
    pub read_notes: Vec<String>,
}

/// Notes on region names that differ only in case or spacing (`North
/// East` and `north  east`): most likely one region typed twice, but they
/// are different names, so they stay two regions and the user is told.
fn near_duplicate_names(regions: &[Region]) -> Vec<String> {
    let mut first: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    let mut notes = Vec::new();
    for r in regions {
        let key = r
            .name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        match first.get(&key) {
            Some(earlier) => notes.push(format!(
                "the regions `{earlier}` and `{}` differ only in case or spacing; they are counted as two regions (if they are one, merge their rows)",
                r.name
            )),
            None => {
                first.insert(key, &r.name);
            }
        }
    }
    notes
}

/// How to read an input: which format, and for a CSV which separator and
/// columns. The default detects everything from the content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The format; `None` detects it from the content, then the name.
    pub format: Option<InputFormat>,
    /// For a CSV: the separator; `None` detects it from the header line.
    pub delimiter: Option<u8>,
    /// For a CSV: the weight column (matched exactly, else ignoring case);
    /// `None` takes the first column with a number in every row.
    pub column: Option<String>,
    /// For a CSV: columns of whole numbers to read as seat tables
    /// (makeups whose id is the column's name, as written in the header).
    pub table_columns: Vec<String>,
}

/// A scenario that cannot run because of a fault inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenScenario {
    /// Its id, as written.
    pub id: String,
    /// Its heading, if any.
    pub title: Option<String>,
    /// What is wrong, and where.
    pub error: ScenarioError,
}

/// A fault in an input file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("{path}: cannot read the file: {reason}")]
    Io {
        /// File.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// The YAML is malformed or has an unknown key (the parser's message,
    /// which shows the line and column and the offending text).
    #[error("{path}: {message}")]
    Syntax {
        /// File.
        path: String,
        /// Message with line, column and a snippet.
        message: String,
    },
    /// A value is wrong at a known place.
    #[error("{path}:{line}:{column}: {message}")]
    At {
        /// File.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong and what to do.
        message: String,
    },
    /// A fault that belongs to no single place.
    #[error("{path}: {message}")]
    Invalid {
        /// File.
        path: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// A name given on the command line does not exist.
    #[error("{0}")]
    Lookup(String),
}

impl ScenarioError {
    /// Every scenario error is the input's fault.
    pub fn is_input_error(&self) -> bool {
        true
    }
}

/// A name that was not found, with the nearest names that exist (or all
/// of them when none is close).
pub(crate) fn not_found(what: &str, name: &str, known: &[&str]) -> ScenarioError {
    let hint = crate::suggest::did_you_mean(name, known)
        .unwrap_or_else(|| format!("the {what}s are: {}", known.join(", ")));
    ScenarioError::Lookup(format!("no {what} named `{name}`; {hint}"))
}

impl Dataset {
    /// Reads a file (or standard input for `-`): a YAML scenario file, a
    /// CSV of weights or a BAZI data file, told apart by the content (see
    /// [`InputFormat::detect`]). `column` picks the CSV weight column.
    pub fn load(path: &Path, column: Option<&str>) -> Result<Dataset, ScenarioError> {
        Dataset::load_with(
            path,
            &LoadOptions {
                column: column.map(str::to_string),
                ..LoadOptions::default()
            },
        )
    }

    /// Reads a file (or standard input for `-`) as `options` say.
    pub fn load_with(path: &Path, options: &LoadOptions) -> Result<Dataset, ScenarioError> {
        let text = source::read_text(path)?;
        let format = options
            .format
            .unwrap_or_else(|| InputFormat::detect(&text, path));
        Dataset::parse(&text, &source::shown_name(path), format, options)
    }

    /// Reads text in a known format; `path` is used in messages.
    pub fn parse(
        text: &str,
        path: &str,
        format: InputFormat,
        options: &LoadOptions,
    ) -> Result<Dataset, ScenarioError> {
        let csv_only = |what: &str| {
            ScenarioError::Invalid {
            path: path.to_string(),
            message: format!(
                "{what} applies to CSV files only; this input is read as {} (say --input-format csv if it is a CSV)",
                match format {
                    InputFormat::Yaml => "a YAML scenario file, which picks weights with --counts or --shares",
                    _ => "a BAZI data file",
                }
            ),
        }
        };
        if format != InputFormat::Csv {
            if options.column.is_some() {
                return Err(csv_only("--column"));
            }
            if options.delimiter.is_some() {
                return Err(csv_only("--delimiter"));
            }
            if !options.table_columns.is_empty() {
                return Err(csv_only("--table-column"));
            }
        }
        let mut dataset = match format {
            InputFormat::Csv => csv::parse_with(text, path, options),
            InputFormat::Yaml => yaml::parse(text, path),
            InputFormat::Bazi => bazi::parse(text, path),
        }?;
        let near = near_duplicate_names(&dataset.regions);
        dataset.read_notes.extend(near);
        Ok(dataset)
    }

    /// Reads a YAML scenario file from text; `path` is used in messages.
    pub fn from_yaml_str(text: &str, path: &str) -> Result<Dataset, ScenarioError> {
        yaml::parse(text, path)
    }

    /// Reads a CSV of weights: the first column names the regions, the
    /// weights come from `column` or else the first column whose every value
    /// is a number.
    pub fn from_csv_str(
        text: &str,
        path: &str,
        column: Option<&str>,
    ) -> Result<Dataset, ScenarioError> {
        let options = LoadOptions {
            column: column.map(str::to_string),
            ..LoadOptions::default()
        };
        csv::parse_with(text, path, &options)
    }

    /// Reads a BAZI data file from text; `path` is used in messages.
    pub fn from_bazi_str(text: &str, path: &str) -> Result<Dataset, ScenarioError> {
        bazi::parse(text, path)
    }

    /// Region names in order.
    pub fn names(&self) -> Vec<String> {
        self.regions.iter().map(|r| r.name.clone()).collect()
    }

    /// The index of a region, or an error that suggests the nearest names.
    pub fn region_index(&self, name: &str) -> Result<usize, ScenarioError> {
        self.regions
            .iter()
            .position(|r| r.name == name)
            .ok_or_else(|| {
                let known: Vec<&str> = self.regions.iter().map(|r| r.name.as_str()).collect();
                not_found("region", name, &known)
            })
    }

    /// A scenario by id. A scenario with a fault of its own returns that
    /// fault (with its line and column).
    pub fn scenario(&self, id: &str) -> Result<&Scenario, ScenarioError> {
        if let Some(s) = self.scenarios.iter().find(|s| s.id == id) {
            return Ok(s);
        }
        if let Some(b) = self.broken.iter().find(|b| b.id == id) {
            return Err(b.error.clone());
        }
        let known: Vec<&str> = self
            .scenarios
            .iter()
            .map(|s| s.id.as_str())
            .chain(self.broken.iter().map(|b| b.id.as_str()))
            .collect();
        if known.is_empty() {
            Err(ScenarioError::Lookup(format!(
                "no scenario named `{id}`: {} has no scenarios; give --seats and --method instead",
                self.path
            )))
        } else {
            Err(not_found("scenario", id, &known))
        }
    }

    /// A makeup by id.
    pub fn makeup(&self, id: &str) -> Result<&Makeup, ScenarioError> {
        self.makeups.iter().find(|m| m.id == id).ok_or_else(|| {
            let known: Vec<&str> = self.makeups.iter().map(|m| m.id.as_str()).collect();
            not_found("makeup", id, &known)
        })
    }

    /// An unnamed scenario with no rules, for command-line use.
    pub fn custom(&self, seats: u64, method: Method) -> Scenario {
        Scenario {
            id: "custom".into(),
            title: None,
            note: None,
            seats,
            method,
            basis: None,
            restrictions: Restrictions::default(),
            rules: Vec::new(),
        }
    }

    /// The weights on a basis, or an error naming the first region that
    /// lacks one.
    pub fn weights(&self, basis: Basis) -> Result<Vec<Decimal>, ScenarioError> {
        self.regions
            .iter()
            .map(|r| {
                let value = match basis {
                    Basis::Counts => &r.count,
                    Basis::Shares => &r.share,
                };
                let (field, other) = match basis {
                    Basis::Counts => ("count", "shares"),
                    Basis::Shares => ("share", "counts"),
                };
                value.clone().ok_or_else(|| ScenarioError::Invalid {
                    path: self.path.clone(),
                    message: format!(
                        "{} has no {field}; give every region a `{field}` or use --{other}",
                        r.name
                    ),
                })
            })
            .collect()
    }

    /// The basis a scenario uses.
    pub fn basis_of(&self, scenario: &Scenario) -> Basis {
        scenario.basis.unwrap_or(self.default_basis)
    }

    /// Women members per region, when every region has them.
    pub fn women_weights(&self) -> Option<Vec<Decimal>> {
        self.regions.iter().map(|r| r.women.clone()).collect()
    }

    /// The house size at which `compare` shows quotas: the stated section
    /// size, else the first makeup's, else the first scenario's.
    pub fn reference_seats(&self) -> Option<u64> {
        self.section_seats
            .or_else(|| self.makeups.first().map(Makeup::house))
            .or_else(|| self.scenarios.first().map(|s| s.seats))
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
