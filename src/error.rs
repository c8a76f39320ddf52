//! The crate's error type: every way an input can be wrong, as a sentence a
//! reader can act on.

use crate::method::MethodError;
use crate::rules::RulesError;
use crate::scenario::ScenarioError;
use crate::solve::SolveError;

/// Anything that stops seatshare from producing an answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The scenario or weights file is wrong.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The method name is wrong.
    #[error(transparent)]
    Method(#[from] MethodError),
    /// The rules cannot all hold, or the solve failed.
    #[error(transparent)]
    Solve(#[from] SolveError),
    /// The rules engine found the rules impossible, or failed.
    #[error(transparent)]
    Rules(#[from] RulesError),
    /// A command cannot give an exact answer under these rules, and says
    /// so rather than answer another question.
    #[error("{command} cannot answer under the rules {rules}: {why}")]
    NotUnderRules {
        /// The command or analysis.
        command: &'static str,
        /// The rules in force, quoted.
        rules: String,
        /// Why, and what to do instead.
        why: String,
    },
    /// A search would take more steps than seatshare allows one command,
    /// so it stops with what was too large rather than run for minutes.
    #[error("{command} stopped: {what} would need more than {} {unit}; {advice}", crate::number::grouped(&limit.to_string()))]
    TooMuchWork {
        /// The command or analysis.
        command: &'static str,
        /// What the search was for.
        what: String,
        /// The most steps one search may take.
        limit: u64,
        /// What a step is ("exact solves", "quota steps").
        unit: &'static str,
        /// What to do instead.
        advice: String,
    },
}

impl Error {
    /// True when the input is at fault (exit code 2); false for internal
    /// failures (exit code 1).
    pub fn is_input_error(&self) -> bool {
        match self {
            Error::Solve(e) => e.is_input_error(),
            Error::Scenario(e) => e.is_input_error(),
            Error::Method(_) => true,
            Error::Rules(e) => e.is_input_error(),
            Error::NotUnderRules { .. } | Error::TooMuchWork { .. } => true,
        }
    }
}
