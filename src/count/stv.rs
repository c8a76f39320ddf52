//! The single transferable vote: one engine for the `wigm` and `scottish`
//! rules, which differ in the quota, the test for election and the
//! rounding of transfer values. Guard and doom act inside the same loop.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use super::constraints::{Constraints, Mode};
use super::{
    Action, CountError, CountOptions, CountRule, Elected, Election, Outcome, Sheet, Stage, Status,
};

/// The most outcomes an unseeded tie may split a count into.
const MAX_OUTCOMES: usize = 64;

fn int(n: u64) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

/// ⌊x · 10⁵⌋ / 10⁵: the Order's "to five decimal places (any remainder
/// being ignored)", for non-negative x.
fn truncate5(x: &BigRational) -> BigRational {
    let scale = BigInt::from(100_000u32);
    let scaled = (x * BigRational::from_integer(scale.clone())).floor();
    scaled / BigRational::from_integer(scale)
}

/// A small, stated generator for lots: SplitMix64.
#[derive(Debug, Clone)]
pub(crate) struct Lot {
    state: u64,
}

impl Lot {
    pub(crate) fn new(seed: u64) -> Lot {
        Lot { state: seed }
    }

    /// A number in 0..n (n > 0), without modulo bias worth speaking of for
    /// the handful of candidates in a tie (rejection sampling).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let zone = u64::MAX - u64::MAX % n;
        loop {
            self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            if z < zone {
                return (z % n) as usize;
            }
        }
    }
}

/// How lots are decided in one run of the count.
pub(crate) struct Lots {
    /// Choices forced by the caller (exploring every outcome).
    pub(crate) forced: Vec<usize>,
    /// The generator, when a seed was given.
    pub(crate) rng: Option<Lot>,
    /// Lots taken so far in this run.
    pub(crate) taken: usize,
    /// Their records, in words.
    pub(crate) records: Vec<String>,
}

/// A lot was needed and nothing decides it: the options' count.
pub(crate) struct NeedLot(pub(crate) usize);

impl Lots {
    /// Picks one of `tied` (sorted by name so that renumbering the
    /// candidates does not change a seeded lot).
    pub(crate) fn draw(
        &mut self,
        tied: &[usize],
        names: &[String],
        why: &str,
    ) -> Result<usize, NeedLot> {
        let mut sorted = tied.to_vec();
        sorted.sort_by(|a, b| names[*a].cmp(&names[*b]).then(a.cmp(b)));
        let list = sorted
            .iter()
            .map(|c| names[*c].as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let k = if let Some(&k) = self.forced.get(self.taken) {
            self.records.push(format!(
                "tie for {why} between {list}, equal at every stage: this outcome assumes the lot falls to {}",
                names[sorted[k]]
            ));
            k
        } else if let Some(rng) = self.rng.as_mut() {
            let k = rng.below(sorted.len());
            self.records.push(format!(
                "tie for {why} between {list}, equal at every stage: lot drawn from the seed falls to {}",
                names[sorted[k]]
            ));
            k
        } else {
            return Err(NeedLot(sorted.len()));
        };
        self.taken += 1;
        Ok(sorted[k])
    }
}

/// Counts, exploring every lot outcome when no seed decides them.
pub(crate) fn count_all(
    election: &Election,
    options: &CountOptions,
) -> Result<Outcome, CountError> {
    if options.mode != Mode::Unconstrained {
        if let Some(k) = &options.constraints {
            let standing: Vec<usize> = (0..election.names.len())
                .filter(|c| !election.withdrawn.contains(c))
                .collect();
            k.check_standing(&standing, election.seats)?;
        }
    }
    every_lot_outcome(election, options, |lots| {
        count_once(election, options, lots)
    })
}

/// Runs a count once per way the lots can fall (only once when a seed
/// draws them), with post-count replacement where that is the mode: the
/// outcomes of every counting rule are explored the same way.
pub(crate) fn every_lot_outcome(
    election: &Election,
    options: &CountOptions,
    mut count: impl FnMut(&mut Lots) -> Result<Result<Sheet, NeedLot>, CountError>,
) -> Result<Outcome, CountError> {
    let mut sheets = Vec::new();
    let mut queue: Vec<Vec<usize>> = vec![Vec::new()];
    let mut tied = false;
    while let Some(forced) = queue.pop() {
        let mut lots = Lots {
            forced: forced.clone(),
            rng: options.seed.map(Lot::new),
            taken: 0,
            records: Vec::new(),
        };
        match count(&mut lots)? {
            Ok(mut sheet) => {
                if options.mode == Mode::Replacement {
                    if let Some(k) = &options.constraints {
                        apply_replacement(&mut sheet, k)?;
                        sheet.constraints = k.words(election.seats);
                    }
                }
                sheets.push(sheet)
            }
            Err(NeedLot(n)) => {
                tied = true;
                if sheets.len() + queue.len() + n > MAX_OUTCOMES {
                    return Err(CountError::Input(format!(
                        "ties that need a lot split this count into more than {MAX_OUTCOMES} outcomes; give --seed N to draw the lots"
                    )));
                }
                for k in (0..n).rev() {
                    let mut next = forced.clone();
                    next.push(k);
                    queue.push(next);
                }
            }
        }
    }
    Ok(Outcome { sheets, tied })
}

/// Post-count replacement on an unconstrained count: the unelected are
/// placed by how far they got (defeated at the end by their final votes,
/// then the excluded, latest first).
pub(crate) fn apply_replacement(sheet: &mut Sheet, k: &Constraints) -> Result<(), CountError> {
    let order: Vec<usize> = sheet.elected.iter().map(|e| e.candidate).collect();
    let Some(last) = sheet.stages.last() else {
        return Ok(());
    };
    let mut unelected: Vec<usize> = (0..sheet.names.len())
        .filter(|c| last.status[*c] == Status::Hopeful)
        .collect();
    unelected.sort_by(|a, b| {
        last.votes[*b]
            .cmp(&last.votes[*a])
            .then(sheet.names[*a].cmp(&sheet.names[*b]))
    });
    // Excluded without a stage of their own (ers97, 5.5.1): the lowest
    // when the count ended, so after the continuing.
    let mut formal: Vec<usize> = (0..sheet.names.len())
        .filter(|c| {
            last.status[*c] == Status::Excluded
                && !sheet.stages.iter().any(|s| match &s.action {
                    Action::Exclusion { candidate, .. } => candidate == c,
                    Action::ExclusionBatch { candidates, .. } => candidates.contains(c),
                    _ => false,
                })
        })
        .collect();
    formal.sort_by(|a, b| last.votes[*b].cmp(&last.votes[*a]));
    unelected.extend(formal);
    for s in sheet.stages.iter().rev() {
        match &s.action {
            Action::Exclusion { candidate, .. } => unelected.push(*candidate),
            Action::ExclusionBatch {
                candidates, batch, ..
            } if *batch == 1 => {
                // Excluded together: the higher vote first.
                let mut set = candidates.clone();
                let before = &s.votes;
                set.sort_by(|a, b| before[*b].cmp(&before[*a]));
                unelected.extend(set);
            }
            _ => {}
        }
    }
    let (new, notes) = super::constraints::replace(k, &sheet.names, &order, &unelected)?;
    for (e, c) in sheet.elected.iter_mut().zip(&new) {
        if e.candidate != *c {
            e.candidate = *c;
            e.how = "post-count replacement".into();
        }
    }
    sheet.notes.extend(notes);
    Ok(())
}

/// Among tied candidates, the one the rule picks: look back to the most
/// recent earlier stage at which they differed, keep those highest
/// (`highest`) or lowest there, and go on looking back while several
/// remain; then a lot.
pub(crate) fn look_back(
    stages: &[Stage],
    names: &[String],
    tied: Vec<usize>,
    highest: bool,
    why: &str,
    lots: &mut Lots,
) -> Result<(usize, Option<String>), NeedLot> {
    if tied.len() == 1 {
        return Ok((tied[0], None));
    }
    let list = |set: &[usize]| {
        set.iter()
            .map(|c| names[*c].as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut set = tied.clone();
    for (s, stage) in stages.iter().enumerate().rev() {
        let pick = if highest {
            set.iter().map(|c| &stage.votes[*c]).max()
        } else {
            set.iter().map(|c| &stage.votes[*c]).min()
        };
        let Some(pick) = pick.cloned() else { break };
        let keep: Vec<usize> = set
            .iter()
            .copied()
            .filter(|c| stage.votes[*c] == pick)
            .collect();
        if keep.len() < set.len() {
            set = keep;
            if set.len() == 1 {
                return Ok((
                    set[0],
                    Some(format!(
                        "tie for {why} between {}: decided by stage {} ({} {} there)",
                        list(&tied),
                        s + 1,
                        names[set[0]],
                        if highest { "highest" } else { "lowest" }
                    )),
                ));
            }
        }
    }
    let c = lots.draw(&set, names, why)?;
    Ok((c, None))
}

/// One paper (or a line of identical papers) in the count.
struct Paper {
    /// How many ballots the line stands for.
    weight: BigRational,
    /// Index into the election's ballots.
    ballot: usize,
    /// The position of its current preference.
    pos: usize,
    /// The value of one paper (1 until a surplus moves it), as an index
    /// into the count's table of values: papers share their few values.
    value: usize,
}

struct Count<'a> {
    election: &'a Election,
    rule: CountRule,
    quota: BigRational,
    papers: Vec<Paper>,
    /// The distinct values papers carry (index 0 is 1).
    values: Vec<BigRational>,
    piles: Vec<Vec<usize>>,
    votes: Vec<BigRational>,
    status: Vec<Status>,
    nontransferable: BigRational,
    loss: BigRational,
    stages: Vec<Stage>,
    elected: Vec<Elected>,
    /// Elected candidates whose surplus has not moved yet.
    pending: Vec<usize>,
    guarded: Vec<bool>,
    marks: Vec<String>,
    notes: Vec<String>,
    constraints: Option<&'a Constraints>,
}

type Run = Result<Result<Sheet, NeedLot>, CountError>;

fn count_once(election: &Election, options: &CountOptions, lots: &mut Lots) -> Run {
    let n = election.names.len();
    let mut status = vec![Status::Hopeful; n];
    for &w in &election.withdrawn {
        status[w] = Status::Withdrawn;
    }
    if options.rule == CountRule::Scottish {
        if let Some(b) = election.ballots.iter().find(|b| !b.weight.is_integer()) {
            return Err(CountError::Input(format!(
                "a ballot weight of {} is not a whole number of ballot papers; the Scottish rule counts papers",
                b.weight
            )));
        }
    }
    let constraints = match options.mode {
        Mode::GuardDoom => options.constraints.as_ref(),
        _ => None,
    };
    let mut c = Count {
        election,
        rule: options.rule,
        quota: BigRational::zero(),
        papers: Vec::new(),
        values: vec![BigRational::one()],
        piles: vec![Vec::new(); n],
        votes: vec![BigRational::zero(); n],
        status,
        nontransferable: BigRational::zero(),
        loss: BigRational::zero(),
        stages: Vec::new(),
        elected: Vec::new(),
        pending: Vec::new(),
        guarded: vec![false; n],
        marks: Vec::new(),
        notes: Vec::new(),
        constraints,
    };
    // First stage (rule 45): papers with no preference for a standing
    // candidate are not valid votes.
    let mut valid = BigRational::zero();
    for (i, b) in election.ballots.iter().enumerate() {
        let mut paper = Paper {
            weight: b.weight.clone(),
            ballot: i,
            pos: 0,
            value: 0,
        };
        if let Some(holder) = c.advance(&mut paper) {
            valid += &paper.weight;
            c.votes[holder] += &paper.weight;
            c.piles[holder].push(c.papers.len());
            c.papers.push(paper);
        }
    }
    if valid.is_zero() {
        return Err(CountError::Input(
            "no ballot gives a preference for a standing candidate: there is nothing to count"
                .into(),
        ));
    }
    let standing = c.hopeful().len();
    if standing < election.seats {
        return Err(CountError::Input(format!(
            "{} seats but only {standing} candidates stand (the others are withdrawn)",
            election.seats
        )));
    }
    let seats1 = int(election.seats as u64 + 1);
    c.quota = match options.rule {
        CountRule::Scottish => (&valid / &seats1).floor() + BigRational::one(),
        _ => &valid / &seats1,
    };
    c.push_stage(Action::First);

    match c.run(lots) {
        Ok(()) => {}
        Err(e) => return Ok(Err(e)),
    }
    Ok(Ok(Sheet {
        rule: options.rule,
        title: election.title.clone(),
        names: election.names.clone(),
        seats: election.seats,
        valid,
        quota: Some(c.quota.clone()),
        stages: c.stages,
        elected: c.elected,
        lots: std::mem::take(&mut lots.records),
        notes: c.notes,
        mode: options.mode,
        constraints: match (&options.constraints, options.mode) {
            (Some(k), m) if m != Mode::Unconstrained => k.words(election.seats),
            _ => Vec::new(),
        },
    }))
}

impl Count<'_> {
    fn hopeful(&self) -> Vec<usize> {
        (0..self.status.len())
            .filter(|&i| self.status[i] == Status::Hopeful)
            .collect()
    }

    fn elected_set(&self) -> Vec<usize> {
        self.elected.iter().map(|e| e.candidate).collect()
    }

    fn seats_left(&self) -> usize {
        self.election.seats - self.elected.len()
    }

    /// Moves a paper to its next preference for a continuing candidate.
    fn advance(&self, paper: &mut Paper) -> Option<usize> {
        let prefs = &self.election.ballots[paper.ballot].prefs;
        while paper.pos < prefs.len() {
            let c = prefs[paper.pos] as usize;
            if self.status[c] == Status::Hopeful {
                return Some(c);
            }
            paper.pos += 1;
        }
        None
    }

    fn push_stage(&mut self, action: Action) {
        self.stages.push(Stage {
            action,
            votes: self.votes.clone(),
            nontransferable: self.nontransferable.clone(),
            loss: self.loss.clone(),
            status: self.status.clone(),
            elected: Vec::new(),
            marks: std::mem::take(&mut self.marks),
            quota: None,
        });
    }

    /// Records what happened at the latest stage after it was pushed.
    fn finish_stage(&mut self) {
        if let Some(last) = self.stages.last_mut() {
            last.status = self.status.clone();
            last.votes = self.votes.clone();
            last.marks.append(&mut self.marks);
        }
    }

    fn has_quota(&self, c: usize) -> bool {
        match self.rule {
            CountRule::Scottish => self.votes[c] >= self.quota,
            _ => self.votes[c] > self.quota,
        }
    }

    /// Among tied candidates, the one the rule picks: look back to the most
    /// recent earlier stage at which they differed, keep those highest
    /// (`highest`) or lowest there, and go on looking back while several
    /// remain; then a lot.
    fn break_tie(
        &self,
        tied: Vec<usize>,
        highest: bool,
        why: &str,
        lots: &mut Lots,
    ) -> Result<(usize, Option<String>), NeedLot> {
        look_back(&self.stages, &self.election.names, tied, highest, why, lots)
    }

    /// Orders the candidates who have a quota (highest vote first, ties as
    /// the rule says) and elects them, dooming any whose election the
    /// constraints forbid.
    fn elect_quota_holders(&mut self, lots: &mut Lots) -> Result<(), NeedLot> {
        loop {
            if self.seats_left() == 0 {
                return Ok(());
            }
            let holders: Vec<usize> = self
                .hopeful()
                .into_iter()
                .filter(|&c| self.has_quota(c))
                .collect();
            let Some(top) = holders.iter().map(|c| &self.votes[*c]).max().cloned() else {
                return Ok(());
            };
            let tied: Vec<usize> = holders
                .into_iter()
                .filter(|c| self.votes[*c] == top)
                .collect();
            let (c, why) = self.break_tie(tied, true, "the order of election", lots)?;
            self.marks.extend(why);
            if let Some(reason) = self.doom_reason(c) {
                self.doom(c, reason);
                continue;
            }
            self.elect(c, "quota".into());
            if self.votes[c] > self.quota {
                self.pending.push(c);
            }
        }
    }

    fn elect(&mut self, c: usize, how: String) {
        self.status[c] = Status::Elected;
        let stage = self.stages.len();
        self.elected.push(Elected {
            candidate: c,
            stage,
            how,
        });
        if let Some(last) = self.stages.last_mut() {
            last.elected.push(c);
        }
    }

    /// Why electing `c` would make the constraints impossible, if it would.
    fn doom_reason(&self, c: usize) -> Option<String> {
        let k = self.constraints?;
        let mut elected = self.elected_set();
        elected.push(c);
        let others: Vec<usize> = self.hopeful().into_iter().filter(|&h| h != c).collect();
        k.blame(&elected, &others, self.election.seats)
    }

    /// Why the constraints need `c`, if they do.
    fn guard_reason(&self, c: usize) -> Option<String> {
        let k = self.constraints?;
        let others: Vec<usize> = self.hopeful().into_iter().filter(|&h| h != c).collect();
        k.guard_words(&self.elected_set(), &others, self.election.seats)
    }

    /// Excludes a doomed candidate at a stage of its own.
    fn doom(&mut self, c: usize, reason: String) {
        let name = &self.election.names[c];
        self.notes.push(format!(
            "{name} was doomed at stage {}: electing them would break a constraint ({reason})",
            self.stages.len() + 1
        ));
        self.marks.push(format!("doomed: {name} ({reason})"));
        self.exclude(c, Some(reason));
    }

    fn exclude(&mut self, c: usize, doomed: Option<String>) {
        self.status[c] = Status::Excluded;
        self.transfer(c, None);
        self.push_stage(Action::Exclusion {
            candidate: c,
            doomed,
        });
    }

    /// Moves every paper of `from`: at its value (exclusion) or at
    /// value × surplus / votes (a surplus, truncated under the Scottish
    /// rule).
    fn transfer(&mut self, from: usize, surplus: Option<(&BigRational, &BigRational)>) {
        let pile = std::mem::take(&mut self.piles[from]);
        // Old value index → new value index (a surplus maps each distinct
        // value once; an exclusion keeps it).
        let mut mapped: Vec<(usize, usize)> = Vec::new();
        // (value index, destination or None) → the papers' total weight.
        let mut moved: std::collections::HashMap<(usize, Option<usize>), BigRational> =
            std::collections::HashMap::new();
        for i in pile {
            let old = self.papers[i].value;
            let new = match surplus {
                None => old,
                Some((s, t)) => match mapped.iter().find(|(o, _)| *o == old) {
                    Some((_, n)) => *n,
                    None => {
                        let v = &self.values[old] * s / t;
                        let v = match self.rule {
                            CountRule::Scottish => truncate5(&v),
                            _ => v,
                        };
                        self.values.push(v);
                        let n = self.values.len() - 1;
                        mapped.push((old, n));
                        n
                    }
                },
            };
            let mut paper = std::mem::replace(
                &mut self.papers[i],
                Paper {
                    weight: BigRational::zero(),
                    ballot: 0,
                    pos: 0,
                    value: 0,
                },
            );
            paper.value = new;
            let to = self.advance(&mut paper);
            *moved.entry((new, to)).or_insert_with(BigRational::zero) += &paper.weight;
            if let Some(to) = to {
                self.piles[to].push(i);
            }
            self.papers[i] = paper;
        }
        let mut total = BigRational::zero();
        let mut entries: Vec<_> = moved.into_iter().collect();
        entries.sort_by_key(|e| e.0);
        for ((v, to), weight) in entries {
            let amount = weight * &self.values[v];
            total += &amount;
            match to {
                Some(to) => self.votes[to] += amount,
                None => self.nontransferable += amount,
            }
        }
        match surplus {
            Some((s, _)) => {
                self.loss += s - &total;
                self.votes[from] = self.quota.clone();
            }
            None => self.votes[from] = BigRational::zero(),
        }
    }

    /// Guards and dooms the continuing candidates after a stage; dooms
    /// happen at stages of their own. Returns whether anything was doomed.
    fn guard_and_doom(&mut self) -> bool {
        if self.constraints.is_none() || self.seats_left() == 0 {
            return false;
        }
        for c in self.hopeful() {
            if let Some(reason) = self.doom_reason(c) {
                self.doom(c, reason);
                return true;
            }
        }
        for c in self.hopeful() {
            if !self.guarded[c] {
                if let Some(reason) = self.guard_reason(c) {
                    self.guarded[c] = true;
                    let name = &self.election.names[c];
                    self.marks.push(format!("guarded: {name} ({reason})"));
                    self.notes.push(format!(
                        "{name} was guarded from stage {}: {reason}",
                        self.stages.len()
                    ));
                }
            }
        }
        false
    }

    fn run(&mut self, lots: &mut Lots) -> Result<(), NeedLot> {
        loop {
            self.elect_quota_holders(lots)?;
            if self.guard_and_doom() {
                continue;
            }
            self.finish_stage();
            if self.seats_left() == 0 || self.hopeful().len() <= self.seats_left() {
                break;
            }
            let guarded: Vec<usize> = self
                .hopeful()
                .into_iter()
                .filter(|c| self.guarded[*c])
                .collect();
            if !guarded.is_empty() && guarded.len() == self.seats_left() {
                for c in guarded {
                    let name = self.election.names[c].clone();
                    self.elect(
                        c,
                        "guarded: the places left equal the guarded candidates".into(),
                    );
                    self.marks.push(format!("elected as guarded: {name}"));
                }
                self.finish_stage();
                break;
            }
            if !self.pending.is_empty() {
                // Rule 49: the highest surplus first.
                let top = self
                    .pending
                    .iter()
                    .map(|c| &self.votes[*c])
                    .max()
                    .cloned()
                    .unwrap_or_default();
                let tied: Vec<usize> = self
                    .pending
                    .iter()
                    .copied()
                    .filter(|c| self.votes[*c] == top)
                    .collect();
                let (c, why) = self.break_tie(tied, true, "the surplus to transfer first", lots)?;
                self.marks.extend(why);
                self.pending.retain(|p| *p != c);
                let total = self.votes[c].clone();
                let surplus = &total - &self.quota;
                let ratio = &surplus / &total;
                self.transfer(c, Some((&surplus, &total)));
                self.push_stage(Action::Surplus {
                    candidate: c,
                    surplus,
                    ratio,
                });
                continue;
            }
            // Rules 50–51: exclude the lowest (never a guarded candidate).
            let open: Vec<usize> = self
                .hopeful()
                .into_iter()
                .filter(|c| !self.guarded[*c])
                .collect();
            let Some(low) = open.iter().map(|c| &self.votes[*c]).min().cloned() else {
                break;
            };
            let tied: Vec<usize> = open.into_iter().filter(|c| self.votes[*c] == low).collect();
            let (c, why) = self.break_tie(tied, false, "exclusion", lots)?;
            self.marks.extend(why);
            self.exclude(c, None);
        }
        // Rule 52: the last vacancies.
        if self.seats_left() > 0 {
            let mut rest = self.hopeful();
            let names = &self.election.names;
            rest.sort_by(|a, b| {
                self.votes[*b]
                    .cmp(&self.votes[*a])
                    .then(names[*a].cmp(&names[*b]))
            });
            if rest.len() <= self.seats_left() {
                for c in rest {
                    self.elect(c, "last vacancies".into());
                }
            }
        }
        self.finish_stage();
        Ok(())
    }
}

/// Every stage's votes add up: elected + continuing + non-transferable +
/// rounding loss = valid votes (for tests and checks).
pub fn conserved(sheet: &Sheet) -> bool {
    sheet.stages.iter().all(|s| {
        let held: BigRational = s.votes.iter().fold(BigRational::zero(), |acc, v| acc + v);
        let total = held + &s.nontransferable + &s.loss;
        total == sheet.valid && !s.loss.is_negative()
    })
}
