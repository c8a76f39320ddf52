//! Counting an election that fills the seats: the single transferable vote
//! (exact weighted inclusive Gregory, the Scottish Order of 2007, the
//! Electoral Reform Society's 1997 rules in hundredths, Meek's method in
//! nine-decimal fixed point) and the bloc vote, with candidates' attributes and constraints enforced in the
//! count.
//!
//! ```text
//! ballots (BLT / CSV of vote totals) + candidates' attributes and constraints
//!   → count: a named rule, exact, constraints by guard/doom
//!   → result sheet: stages, transfers, elected in order, constraint actions, ties
//!   → render (table, markdown, csv, json, html)
//! ```
//!
//! No floating-point number decides anything: the `wigm` rule counts in
//! exact rationals, and the `scottish` rule emulates the Order's
//! five-decimal truncation exactly (values are rationals whose
//! denominators divide 10⁵). Ties are broken as each rule says (looking
//! back to earlier stages), and a tie that needs a lot is drawn from a
//! stated seed and recorded, or, without a seed, every possible outcome is
//! counted and reported.
//!
//! ```
//! use seatshare::count::{blt::parse_blt, count, CountOptions, CountRule};
//! let blt = "3 1\n4 1 0\n3 2 0\n2 3 1 0\n0\n\"Ann\"\n\"Ben\"\n\"Cai\"\n\"Example\"\n";
//! let election = parse_blt(blt.as_bytes(), "example.blt").unwrap();
//! let outcome = count(&election, &CountOptions::new(CountRule::Wigm)).unwrap();
//! let sheet = &outcome.sheets[0];
//! assert_eq!(sheet.elected_names(), vec!["Ann"]);
//! ```

pub mod bloc;
pub mod blt;
pub mod constraints;
mod ers97;
mod guard;
mod meek;
pub mod model;
pub mod ranked_csv;
pub mod render;
mod stv;

use num_rational::BigRational;

pub use constraints::{Constraints, Mode};
pub use stv::conserved;

/// One line of ballots: how many ballots (a weight) and their preferences
/// (candidate indices from 0, in order, each at most once).
#[derive(Debug, Clone, PartialEq)]
pub struct Ballot {
    /// How many ballots this line stands for (exact; usually whole).
    pub weight: BigRational,
    /// Candidate indices, most preferred first.
    pub prefs: Vec<u32>,
}

/// An election as read from a ballot file.
#[derive(Debug, Clone, PartialEq)]
pub struct Election {
    /// The election's title.
    pub title: String,
    /// Candidates' names, in number order.
    pub names: Vec<String>,
    /// Seats to fill.
    pub seats: usize,
    /// Withdrawn candidates (indices): skipped on every ballot.
    pub withdrawn: Vec<usize>,
    /// The ballots.
    pub ballots: Vec<Ballot>,
}

/// A named counting rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountRule {
    /// Weighted inclusive Gregory, exact rationals.
    Wigm,
    /// The Scottish Local Government Elections Order 2007, rules 45–52.
    Scottish,
    /// Bloc vote from vote totals: the top N.
    Bloc,
    /// Meek's method (Hill, Wichmann and Woodall, Algorithm 123, 1987).
    Meek,
    /// The Electoral Reform Society's 1997 rules, in hundredths.
    Ers97,
}

impl CountRule {
    /// Reads a rule's id.
    pub fn parse(text: &str) -> Result<CountRule, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "wigm" | "gregory" | "weighted-inclusive-gregory" => Ok(CountRule::Wigm),
            "scottish" | "scotland" | "scottish-stv" => Ok(CountRule::Scottish),
            "bloc" | "bloc-vote" => Ok(CountRule::Bloc),
            "meek" | "meek87" => Ok(CountRule::Meek),
            "ers97" | "ers" | "ers-97" => Ok(CountRule::Ers97),
            other => Err(format!(
                "`{other}` is not a counting rule; the rules are wigm (default), scottish, ers97, meek and bloc"
            )),
        }
    }

    /// The rule's id.
    pub fn id(self) -> &'static str {
        match self {
            CountRule::Wigm => "wigm",
            CountRule::Scottish => "scottish",
            CountRule::Bloc => "bloc",
            CountRule::Meek => "meek",
            CountRule::Ers97 => "ers97",
        }
    }

    /// The rule's definition, printed with every count.
    pub fn definition(self) -> &'static str {
        match self {
            CountRule::Wigm => "weighted inclusive Gregory, exact: quota = valid votes / (seats + 1), not rounded; a candidate is elected on exceeding it; the largest surplus is transferred first, every paper of the elected candidate at (its value) × surplus / votes, in exact rational arithmetic; otherwise the lowest candidate is excluded and every paper passes on at its value; when the continuing candidates are as many as the seats left they are elected; ties look back to the most recent stage at which the tied candidates differed, then a lot",
            CountRule::Scottish => "The Scottish Local Government Elections Order 2007, rules 45–52: quota = ⌊valid ballot papers / (seats + 1)⌋ + 1; elected on reaching it; the highest surplus is transferred first, every paper of the candidate at a value of surplus × (its value) / votes, to five decimal places (any remainder ignored); otherwise the lowest candidate is excluded and every paper passes on at its value; when the continuing candidates are as many as the vacancies they are elected and no further transfer is made; ties (rules 49, 51) look back to the most recent preceding stage at which the tied candidates had unequal votes, then a lot",
            CountRule::Meek => "Meek's method as in Algorithm 123 (Hill, Wichmann and Woodall, 1987): every candidate has a keep value (1 while hopeful, 0 once excluded); each ballot gives each candidate in turn the keep value's share of what is left of it, rounded up to 9 decimals; quota = (valid votes − excess) / (seats + 1), truncated to 9 decimals, plus 0.000000001; a candidate is elected on reaching it; elected candidates' keep values are multiplied by quota / votes (rounded up) until the total surplus is under 0.00001 or stops falling; then the lowest candidate is excluded (one at a time); fixed-point integer arithmetic with 9 decimals; ties look back to earlier stages, then a lot; constraints by guard/doom checked after every election and exclusion",
            CountRule::Ers97 => "the Electoral Reform Society's 1997 rules, in whole hundredths of a vote: quota = total valid vote / (seats + 1) to two decimal places, rounded up at the second when not exact (5.1.6), recalculated without the non-transferable vote while no one is elected (5.4.8); elected on reaching the quota, or the total active vote / (places left + 1) (5.1.7); the largest surplus first (5.2.3), deferred while it cannot save the lowest from exclusion (5.2.2), taken from the last received batch of papers only (all papers at the first stage) at surplus / transferable papers to two decimals, remainder ignored, or at the papers' present value when they are worth no more than the surplus (5.3); as many of the lowest as possible excluded together (5.2.5), their papers moved batch by batch in descending order of value, each batch a sub-stage (5.4); when an exclusion would leave as many continuing candidates as places, they are elected (5.5.1); ties by the earliest point of the count at which the votes were unequal, then a lot (none elected at that stage when equal throughout, 5.6.2)",
            CountRule::Bloc => "bloc vote: the candidates with the most votes fill the seats; a minimum of K women is met as the rule book words it, by replacing the lowest-placed elected men with the highest-placed unelected women; a tie for the last place is decided by lot",
        }
    }
}

/// How a count is run.
#[derive(Debug, Clone)]
pub struct CountOptions {
    /// The rule.
    pub rule: CountRule,
    /// The seed of any lot; without one, a lot-needing tie is reported
    /// with every possible outcome.
    pub seed: Option<u64>,
    /// Constraints on the elected (none by default).
    pub constraints: Option<Constraints>,
    /// How constraints are enforced.
    pub mode: Mode,
}

impl CountOptions {
    /// A rule with no seed and no constraints.
    pub fn new(rule: CountRule) -> CountOptions {
        CountOptions {
            rule,
            seed: None,
            constraints: None,
            mode: Mode::GuardDoom,
        }
    }
}

/// A candidate's standing at the end of a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Still in the count.
    Hopeful,
    /// Elected (at or after this stage).
    Elected,
    /// Excluded.
    Excluded,
    /// Withdrawn before the count.
    Withdrawn,
}

/// What a stage did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The first preferences.
    First,
    /// A surplus transferred: its size and the ratio surplus / votes.
    Surplus {
        /// The elected candidate whose surplus moves.
        candidate: usize,
        /// The surplus.
        surplus: BigRational,
        /// surplus / votes (a paper of value 1 passes on at this, truncated
        /// under the Scottish rule); under `ers97`, the transfer value of
        /// each paper of the last batch, or 1 when they pass on at their
        /// present value.
        ratio: BigRational,
    },
    /// A candidate excluded and their papers passed on.
    Exclusion {
        /// The candidate.
        candidate: usize,
        /// Why, when a constraint excluded them (doom).
        doomed: Option<String>,
    },
    /// Under `ers97`: one batch of an exclusion (the papers of one value),
    /// a sub-stage of the count.
    ExclusionBatch {
        /// The candidates excluded together.
        candidates: Vec<usize>,
        /// The value of each paper in the batch.
        value: BigRational,
        /// Which batch (from 1).
        batch: usize,
        /// How many batches the exclusion has.
        batches: usize,
        /// Why, when a constraint excluded them (doom).
        doomed: Option<String>,
    },
    /// Meek's iteration of keep values to convergence.
    Iterate {
        /// How many iterations it took.
        iterations: u32,
    },
}

/// One stage of a count: what moved and everyone's votes after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// What happened.
    pub action: Action,
    /// Every candidate's votes at the end of the stage.
    pub votes: Vec<BigRational>,
    /// Votes non-transferable so far.
    pub nontransferable: BigRational,
    /// Votes lost to the rule's rounding so far.
    pub loss: BigRational,
    /// Every candidate's standing at the end of the stage.
    pub status: Vec<Status>,
    /// Candidates elected at this stage, in order.
    pub elected: Vec<usize>,
    /// Constraint actions and tie decisions at this stage, in words.
    pub marks: Vec<String>,
    /// The quota at this stage when the rule recomputes it (Meek).
    pub quota: Option<BigRational>,
}

/// A candidate's election.
#[derive(Debug, Clone, PartialEq)]
pub struct Elected {
    /// The candidate.
    pub candidate: usize,
    /// The stage (from 1).
    pub stage: usize,
    /// How: `quota`, `last vacancies` or a constraint's words.
    pub how: String,
}

/// The result sheet of one count.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The rule.
    pub rule: CountRule,
    /// The election's title.
    pub title: String,
    /// Candidates' names.
    pub names: Vec<String>,
    /// Seats.
    pub seats: usize,
    /// Valid votes.
    pub valid: BigRational,
    /// The quota (none under the bloc vote).
    pub quota: Option<BigRational>,
    /// The stages.
    pub stages: Vec<Stage>,
    /// The elected, in order of election.
    pub elected: Vec<Elected>,
    /// Lots drawn (or assumed, in a reported tie), in words.
    pub lots: Vec<String>,
    /// Notes: constraint actions and what they changed.
    pub notes: Vec<String>,
    /// The enforcement mode used.
    pub mode: Mode,
    /// The constraints in force, in words (empty when none or
    /// unconstrained).
    pub constraints: Vec<String>,
}

impl Sheet {
    /// The elected candidates' names, in order of election.
    pub fn elected_names(&self) -> Vec<&str> {
        self.elected
            .iter()
            .map(|e| self.names[e.candidate].as_str())
            .collect()
    }
}

/// The result of a count: one sheet, or one per outcome of a tie that
/// needed a lot when no seed was given.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The sheets (one unless a lot was needed without a seed).
    pub sheets: Vec<Sheet>,
    /// Whether an unseeded lot split the count into several outcomes.
    pub tied: bool,
}

/// Why a count could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CountError {
    /// A ballot or candidates file is malformed.
    #[error("{file}:{line}: {message}")]
    File {
        /// The file.
        file: String,
        /// The line (from 1).
        line: usize,
        /// What is wrong and what to do.
        message: String,
    },
    /// The input is well formed but cannot be counted as asked.
    #[error("{0}")]
    Input(String),
    /// The constraints cannot hold with the candidates standing.
    #[error("the constraints cannot hold: {0}")]
    Infeasible(String),
    /// A failure of the counter itself.
    #[error("internal error in the count: {0}")]
    Internal(String),
}

impl CountError {
    /// An error at a line of a file.
    pub fn at(file: &str, line: usize, message: String) -> CountError {
        CountError::File {
            file: file.to_string(),
            line,
            message,
        }
    }

    /// Whether the input (not the counter) is at fault.
    pub fn is_input_error(&self) -> bool {
        !matches!(self, CountError::Internal(_))
    }
}

/// Counts an election under the options' rule. Bloc votes are counted by
/// [`bloc::count_bloc`] from vote totals instead.
pub fn count(election: &Election, options: &CountOptions) -> Result<Outcome, CountError> {
    let mut outcome = count_as(election, options)?;
    if options.mode != Mode::Unconstrained && options.constraints.is_some() {
        let mut free = options.clone();
        free.mode = Mode::Unconstrained;
        if let Ok(f) = count_as(election, &free) {
            if let [one] = f.sheets.as_slice() {
                for s in &mut outcome.sheets {
                    note_changes(s, one);
                }
            }
        }
    }
    Ok(outcome)
}

/// Adds the summary's sentence on whom the constraints changed, against
/// the unconstrained count `free`.
pub(crate) fn note_changes(sheet: &mut Sheet, free: &Sheet) {
    let ours: Vec<usize> = sheet.elected.iter().map(|e| e.candidate).collect();
    let theirs: Vec<usize> = free.elected.iter().map(|e| e.candidate).collect();
    let list = |set: Vec<&usize>| {
        set.iter()
            .map(|c| sheet.names[**c].as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let gained: Vec<&usize> = ours.iter().filter(|c| !theirs.contains(c)).collect();
    let lost: Vec<&usize> = theirs.iter().filter(|c| !ours.contains(c)).collect();
    sheet.notes.insert(
        0,
        if gained.is_empty() {
            "the constraints changed no one: the unconstrained count elects the same candidates"
                .into()
        } else {
            format!(
                "compared with the unconstrained count, {} elected instead of {}",
                list(gained),
                list(lost)
            )
        },
    );
}

fn count_as(election: &Election, options: &CountOptions) -> Result<Outcome, CountError> {
    match options.rule {
        CountRule::Bloc => Err(CountError::Input(
            "the bloc rule counts vote totals (a CSV of candidate, votes), not ranked ballots"
                .into(),
        )),
        CountRule::Meek => meek::count_meek(election, options),
        CountRule::Ers97 => ers97::count_ers97(election, options),
        _ => stv::count_all(election, options),
    }
}
