//! Guard and doom (Grey–Fitzgerald; Hill 1998, Otten 2001) as a small
//! state that any counting loop can consult: after every election or
//! exclusion, a continuing candidate whose election would make the
//! constraints impossible is doomed (excluded at once), and one without
//! whom they become impossible is guarded (never excluded).

use super::constraints::Constraints;
use super::{Election, Status};

/// The guard/doom state of one count.
pub(crate) struct Guard<'a> {
    k: &'a Constraints,
    seats: usize,
    /// The elected so far, in order.
    pub(crate) elected: Vec<usize>,
    /// Which candidates are guarded.
    pub(crate) guarded: Vec<bool>,
    notes: Vec<String>,
}

fn hopeful_except(status: &[Status], c: Option<usize>) -> Vec<usize> {
    (0..status.len())
        .filter(|h| status[*h] == Status::Hopeful && Some(*h) != c)
        .collect()
}

impl<'a> Guard<'a> {
    pub(crate) fn new(k: &'a Constraints, election: &Election) -> Guard<'a> {
        Guard {
            k,
            seats: election.seats,
            elected: Vec::new(),
            guarded: vec![false; election.names.len()],
            notes: Vec::new(),
        }
    }

    /// Why electing `c` would make the constraints impossible, if it would.
    pub(crate) fn doom_reason(&self, c: usize, status: &[Status]) -> Option<String> {
        let mut elected = self.elected.clone();
        elected.push(c);
        self.k
            .blame(&elected, &hopeful_except(status, Some(c)), self.seats)
    }

    /// The first continuing candidate who must be doomed, and why.
    pub(crate) fn first_doomed(&self, status: &[Status]) -> Option<(usize, String)> {
        if self.elected.len() >= self.seats {
            return None;
        }
        hopeful_except(status, None)
            .into_iter()
            .find_map(|c| self.doom_reason(c, status).map(|r| (c, r)))
    }

    /// Guards every continuing candidate the constraints now need; returns
    /// the stage marks (`stage` is the stage number for the notes).
    pub(crate) fn guard_new(
        &mut self,
        status: &[Status],
        names: &[String],
        stage: usize,
    ) -> Vec<String> {
        let mut marks = Vec::new();
        if self.elected.len() >= self.seats {
            return marks;
        }
        for c in hopeful_except(status, None) {
            if self.guarded[c] {
                continue;
            }
            let others = hopeful_except(status, Some(c));
            if let Some(reason) = self.k.guard_words(&self.elected, &others, self.seats) {
                self.guarded[c] = true;
                marks.push(format!("guarded: {} ({reason})", names[c]));
                self.notes.push(format!(
                    "{} was guarded from stage {stage}: {reason}",
                    names[c]
                ));
            }
        }
        marks
    }

    /// Whether excluding all of `set` together leaves the constraints able
    /// to hold (a bulk exclusion can remove two candidates neither of whom
    /// alone is needed).
    pub(crate) fn allows_exclusion(&self, set: &[usize], status: &[Status]) -> bool {
        let rest: Vec<usize> = hopeful_except(status, None)
            .into_iter()
            .filter(|c| !set.contains(c))
            .collect();
        self.k.feasible(&self.elected, &rest, self.seats)
    }

    /// Adds a note for the summary.
    pub(crate) fn note(&mut self, text: String) {
        self.notes.push(text);
    }

    /// The notes, in order.
    pub(crate) fn take_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }
}
