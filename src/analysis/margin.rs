//! How close each seat is: for every region, how much weight it would need
//! to gain to win its next seat, and how much it could lose before it drops
//! one, all other weights unchanged.
//!
//! The search runs on the grid of the data's own precision (one member for
//! counts, 0.01 points for shares given to two decimals), solving exactly at
//! each point. A region's seats never fall as its own weight grows under
//! divisor methods (its priorities rise, the others' stay put) nor under
//! Hamilton, hagenbach-bischoff and imperiali-quota (its quotient rises and
//! every other falls, so its priorities rise relative to all others). So a
//! doubling search followed by bisection finds the first grid point at
//! which the change is certain. Droop's quota ⌊V/(S+1)⌋ + 1 jumps with the
//! total, and seats are monotone only between jumps: its search walks the
//! stretches of constant quota one by one and bisects inside the first one
//! that contains the change.
//!
//! The exact weight at which the two seats tie (a rational number, or for
//! Huntington–Hill the square root of one) is then solved from the pair of
//! seats that trade places.
//!
//! Under group or gender rules the rules engine solves every point. For a
//! divisor method a region's seats still never fall as its weight grows:
//! scaling its weight by c multiplies the worth of each of its seats by c,
//! which adds (its seats) × ln c to the objective of every allocation, so
//! an optimum at a larger c never holds fewer of its seats. The tie point
//! is where the objectives of the allocations before and after the move
//! are equal: x^e = (worths the other regions give up ÷ worths they gain) ×
//! Π d(k) over the region's e extra seats, rational when e = 1. For quota
//! methods under rules no such argument is known (the quota moves with the
//! total), so the margin is refused rather than guessed.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::outcomes::Outcomes;
use crate::allocation::Allocation;
use crate::error::Error;
use crate::method::{Method, QuotaMethod, SignpostKind};
use crate::number::{pow10, rational_to_f64, Decimal};
use crate::outcome::Setup;
use crate::rules::ExchangeRules;
use crate::solve::SolveError;

/// A weight difference, exact where it can be.
#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    /// An exact rational.
    Exact(BigRational),
    /// An irrational value (Huntington–Hill), to display precision.
    About(f64),
}

impl Amount {
    /// As a float, for display.
    pub fn to_f64(&self) -> f64 {
        match self {
            Amount::Exact(r) => rational_to_f64(r),
            Amount::About(x) => *x,
        }
    }

    /// True when exactly zero.
    pub fn is_zero(&self) -> bool {
        matches!(self, Amount::Exact(r) if r.is_zero())
    }
}

/// One seat moving to or from a region.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// The change (in the data's unit) at which the seats tie; 0 means the
    /// allocation is tied now.
    pub tie_at: Amount,
    /// The change on the data's grid that makes the move certain (gain) or
    /// the largest change on it that is certainly safe (loss).
    pub amount: Decimal,
    /// The regions that lose (for a gain) or gain (for a loss) a seat when
    /// the move happens.
    pub others: Vec<usize>,
}

/// A region's margins.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionMargin {
    /// Region index.
    pub region: usize,
    /// Its seats now.
    pub seats: u64,
    /// Winning its next seat; `None` when no change of its weight can.
    pub gain: Option<Move>,
    /// Dropping a seat; `None` when it cannot (no seat, or a minimum or an
    /// owed first seat holds it).
    pub loss: Option<Move>,
    /// Why `gain` or `loss` is missing, if one is.
    pub note: Option<String>,
}

/// Margins of every region for one allocation.
#[derive(Debug, Clone)]
pub struct Margins {
    /// The allocation they are measured from.
    pub allocation: Allocation,
    /// The grid's step: 10^-scale of the weights.
    pub scale: u32,
    /// One entry per region, in input order.
    pub regions: Vec<RegionMargin>,
    /// The group and gender rules in force (quoted names), if any.
    pub rules: Option<String>,
}

/// Computes every region's margins at `house` seats under `method`.
pub fn margins(setup: &Setup, house: u64, method: &Method) -> Result<Margins, Error> {
    margins_with(setup, house, method, true)
}

/// [`margins`], with the shortcuts (Droop's scan, the guessed tie point)
/// on or off (off: the plain search, kept as their test oracle).
fn margins_with(
    setup: &Setup,
    house: u64,
    method: &Method,
    shortcuts: bool,
) -> Result<Margins, Error> {
    if setup.engine && !method.is_divisor() {
        return Err(Error::NotUnderRules {
            command: "margin",
            rules: setup.engine_rule_names(),
            why: format!(
                "with a quota method ({}) a region's seats under group or gender rules are not known to rise with its members, so there is no threshold to search for; use a divisor method (e.g. --method sainte-lague), or drop the rules",
                method.id()
            ),
        });
    }
    let allocation = setup.solve(house, method)?;
    let scale = setup.weights.iter().map(Decimal::scale).max().unwrap_or(0);
    let search = Search {
        setup,
        house,
        method,
        scale,
        unit: BigRational::new(BigInt::one(), BigInt::from(pow10(scale))),
        solved: Default::default(),
        solves: std::cell::Cell::new(0),
        steps: std::cell::Cell::new(0),
        droop_scaled: droop_scaled(setup, method, scale),
        shortcuts,
        total: setup
            .weights
            .iter()
            .fold(BigRational::zero(), |s, w| s + w.to_rational()),
        edges: if shortcuts {
            Edges::new(setup, house, method, &allocation)
        } else {
            None
        },
    };
    crate::progress::begin(
        format!("margins under {}", method.id()),
        setup.names.len() as u64,
    );
    let regions = (0..setup.names.len())
        .map(|i| {
            let margin = search.region(i, &allocation);
            crate::progress::advance();
            margin
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Margins {
        allocation,
        scale,
        regions,
        rules: setup.engine.then(|| setup.engine_rule_names()),
    })
}

/// The weights scaled to whole units of the last decimal, for the Droop
/// step filter; `None` where it does not apply or the numbers are too big.
fn droop_scaled(setup: &Setup, method: &Method, scale: u32) -> Option<Vec<u128>> {
    if !matches!(method, Method::Quota(QuotaMethod::Droop))
        || setup.engine
        || !setup.bounds.is_empty()
    {
        return None;
    }
    let factor = BigRational::from_integer(BigInt::from(pow10(scale)));
    let scaled: Option<Vec<u128>> = setup
        .weights
        .iter()
        .map(|w| (w.to_rational() * &factor).to_integer().to_u128())
        .collect();
    // Room for sums of a few times the total on u128.
    scaled.filter(|v| {
        v.iter()
            .try_fold(0u128, |s, w| s.checked_add(*w))
            .is_some_and(|t| t < u128::MAX / 16)
    })
}

struct Search<'a> {
    setup: &'a Setup,
    house: u64,
    method: &'a Method,
    scale: u32,
    unit: BigRational,
    /// Allocations solved so far, by region and weight: a search asks for
    /// the same point more than once.
    solved: std::cell::RefCell<std::collections::HashMap<(usize, BigRational), Allocation>>,
    /// For Droop without bounds or rules, the weights in units of the last
    /// decimal (when they fit u128): the walk over its quota steps reads
    /// them to skip steps in which nothing can move.
    droop_scaled: Option<Vec<u128>>,
    /// Exact solves made so far, bounded by [`MAX_MARGIN_SOLVES`].
    solves: std::cell::Cell<u64>,
    /// Bracket steps taken so far, bounded by [`MAX_MARGIN_STEPS`].
    steps: std::cell::Cell<u64>,
    /// Whether margins are read off [`droop_scan`] or a guessed tie point
    /// before searching (off only in the tests that compare them with the
    /// plain search).
    shortcuts: bool,
    /// The sum of the weights as given.
    total: BigRational,
    /// For a divisor method without bounds or rules: the priorities every
    /// margin is read off ([`Edges`]), when the numbers fit.
    edges: Option<Edges>,
}

/// The most exact solves one `margin` command makes. Divisor methods need
/// a few dozen per region; Droop, whose quota steps every S + 1 units of
/// the total, walks those steps one solve each and can need millions on a
/// fine grid.
pub const MAX_MARGIN_SOLVES: u64 = 50_000;

/// The most seats one `margin` command solves under group or gender
/// rules (solves × house): the rules engine's work grows with the seats.
pub const MAX_MARGIN_RULES_SEATS: u64 = 20_000;

/// The most steps of the bracket walks one `margin` command takes (Droop's
/// quota steps, each checked without a solve where it can be).
pub const MAX_MARGIN_STEPS: u64 = 200_000;

/// The most work one Droop scan does, in quota steps times regions (a
/// fraction of a second); past it the margin is refused with a sentence.
pub const MAX_DROOP_SCAN: u64 = 30_000_000;

/// A Droop scan that would do more than [`MAX_DROOP_SCAN`].
struct Overwork;

/// Droop's margin for region `i` read off the largest-remainder rule, one
/// stretch of constant quota at a time, without solving.
///
/// Everything is in units of the data's last decimal (`scaled`), with the
/// house `house` and no bounds. Within a stretch the quota Q and the other
/// regions' floors and remainders are fixed, and region `i` at weight x
/// holds at least ⌊x/Q⌋ + 1 seats for certain exactly when its remainder
/// beats the L-th largest of the others', L being the seats left over
/// after every floor, and no more than ⌊x/Q⌋ + 1 while L ≤ n. So the first
/// weight above its own (Up) at which it certainly holds more than `seats`,
/// or the last below (Down) at which it may hold fewer, is found in each
/// stretch by one selection. `Ok(None)` when this reading does not apply
/// (a sum would overflow, or more seats are left over than there are
/// regions), `Ok(Some(None))` when no weight moves it.
fn droop_scan(
    scaled: &[u128],
    i: usize,
    house: u64,
    scale: u32,
    seats: u64,
    dir: Direction,
) -> Result<Option<Option<u128>>, Overwork> {
    let n = scaled.len() as u128;
    let house = u128::from(house);
    let s = u128::from(seats);
    let own = scaled[i];
    // The sum fits: `droop_scaled` keeps the total under u128::MAX / 16.
    let others: u128 = scaled
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, w)| *w)
        .sum();
    let unit = 10u128.pow(scale);
    let Some(per) = unit.checked_mul(house + 1) else {
        return Ok(None);
    };
    let mut x = match dir {
        Direction::Up => own + 1,
        Direction::Down if s == 0 => return Ok(None),
        // At weight 0 only a tie now can take a seat: the walk decides.
        Direction::Down => match own.checked_sub(1) {
            Some(x) => x,
            None => return Ok(None),
        },
    };
    let mut rest: Vec<u128> = Vec::with_capacity(scaled.len());
    let mut work: u64 = 0;
    loop {
        work += scaled.len() as u64;
        if work > MAX_DROOP_SCAN {
            return Err(Overwork);
        }
        let Some(total) = others.checked_add(x) else {
            return Ok(None);
        };
        let m = total / per;
        let (Some(q), Some(start), Some(end)) = (
            (m + 1).checked_mul(unit),
            (m * per).checked_sub(others).or(Some(0)),
            ((m + 1) * per - 1).checked_sub(others),
        ) else {
            return Ok(None);
        };
        // The weight at which a move is likeliest in this stretch: its top
        // going up, its bottom going down. Its remainder, were its floor
        // the one at stake, decides whether the stretch needs a closer look.
        let probe = match dir {
            Direction::Up => end,
            Direction::Down => start,
        };
        let at_stake = match dir {
            Direction::Up => s,
            Direction::Down => s - 1,
        };
        let probe_rest = q.checked_mul(at_stake).and_then(|b| probe.checked_sub(b));
        rest.clear();
        let mut floors: u128 = 0;
        let mut beaten_by: u128 = 0;
        for (j, &w) in scaled.iter().enumerate() {
            if j != i {
                let f = w / q;
                let r = w - f * q;
                floors += f;
                beaten_by += u128::from(probe_rest.is_some_and(|p| r >= p));
                rest.push(r);
            }
        }
        let Some(spare) = house.checked_sub(floors) else {
            return Ok(None);
        };
        // The lowest weight looked at in this stretch has the most seats
        // left over; beyond n the reading above does not hold.
        let lowest = match dir {
            Direction::Up => x,
            Direction::Down => start,
        };
        if spare.saturating_sub(lowest / q) > n {
            return Ok(None);
        }
        // Seats left over once region i holds `at_stake` (0 if none).
        let l = (spare + u128::from(dir == Direction::Down)).saturating_sub(s);
        let others_count = n - 1;
        // The l-th largest remainder of the others (1-based).
        let mut kth = |l: u128| -> u128 {
            let at = (l - 1) as usize;
            *rest.select_nth_unstable_by(at, |a, b| b.cmp(a)).1
        };
        match dir {
            Direction::Up => {
                // At the top of the stretch its floor is above s, or it is s
                // and its remainder must beat R_l; otherwise nothing here.
                let top_moves = match probe_rest {
                    None => false,
                    Some(r) if r >= q => true,
                    Some(_) => l > 0 && beaten_by < l,
                };
                if top_moves {
                    let Some(first) = (if l == 0 {
                        q.checked_mul(s + 1)
                    } else if l > others_count {
                        q.checked_mul(s)
                    } else {
                        q.checked_mul(s).and_then(|b| b.checked_add(kth(l) + 1))
                    }) else {
                        return Ok(None);
                    };
                    return Ok(Some(Some(first.max(x))));
                }
                x = end + 1;
            }
            Direction::Down => {
                // At the bottom of the stretch its floor is below s − 1, or
                // it is s − 1 and its remainder fails to beat R_l; otherwise
                // nothing here.
                let bottom_moves = match probe_rest {
                    None => true,
                    Some(r) if r >= q => false,
                    Some(_) => l == 0 || beaten_by >= l,
                };
                if bottom_moves {
                    let last = if l == 0 {
                        q.checked_mul(s).and_then(|b| b.checked_sub(1))
                    } else if l > others_count {
                        q.checked_mul(s - 1).and_then(|b| b.checked_sub(1))
                    } else {
                        q.checked_mul(s - 1).and_then(|b| b.checked_add(kth(l)))
                    };
                    // The bottom moves, so the last weight that does is at
                    // or above it.
                    let Some(last) = last else {
                        return Ok(None);
                    };
                    return Ok(Some(Some(last.min(x).max(start))));
                }
                if start == 0 {
                    return Ok(Some(None));
                }
                x = start - 1;
            }
        }
    }
}

/// A seat's priority w^p / d(k) as the fraction `num / den` (p = 2 and
/// d² for Huntington–Hill); `den == 0` is an owed first seat (d(0) = 0).
#[derive(Debug, Clone, Copy)]
struct Priority {
    num: u128,
    den: u128,
}

impl Priority {
    /// Compared by cross-multiplication; `None` when a product overflows.
    fn cmp(self, other: Priority) -> Option<std::cmp::Ordering> {
        use std::cmp::Ordering;
        Some(match (self.den == 0, other.den == 0) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => self
                .num
                .checked_mul(other.den)?
                .cmp(&other.num.checked_mul(self.den)?),
        })
    }
}

/// For a divisor method without bounds or rules, on positive weights
/// scaled to whole units of their last decimal: the margins read off the
/// priorities at the edge of the allocation, without solving.
///
/// With the other regions' weights fixed, region i at weight x holds at
/// least s + 1 seats in every outcome exactly when its (s+1)-th priority
/// x/d(s) is above the (H − s)-th largest of the others' priorities; the
/// allocation shown gives the others' top H − t_i, so for s = t_i that is
/// the lowest seat they hold (m), and for keeping t_i seats it is the
/// best seat they do not hold (M). The first grid weight past m·d(t_i) (a
/// gain) and the last at or below M·d(t_i − 1) (a loss) are the answers.
/// The region that trades the seat is read off too, when the edge is
/// clear: one region at m (or M), the next priority strictly beyond it,
/// and region i moving by one seat only. Anything else (a tie at the
/// edge, a number past u128) goes to the search.
struct Edges {
    method: crate::method::DivisorMethod,
    power: u32,
    scaled: Vec<u128>,
    seats: Vec<u64>,
    /// Each region's minimum: its seats below it are held whatever the
    /// weights (an infinite priority).
    min: Vec<u64>,
    /// The three lowest last seats held: (region, priority).
    lowest: Vec<(usize, Priority)>,
    /// The three highest next seats: (region, priority).
    highest: Vec<(usize, Priority)>,
    /// Under rules of the exchange shape, the rules and each class's
    /// seats: a move is read off the exchanges they admit.
    exchange: Option<(ExchangeRules, Vec<u64>)>,
}

impl Edges {
    fn new(setup: &Setup, house: u64, method: &Method, a: &Allocation) -> Option<Edges> {
        let Method::Divisor(d) = method else {
            return None;
        };
        // Minimums are seats of infinite priority; without rules, maximums
        // and base seats change the edge's shape and are left to the
        // search. Under rules, every bound is read exchange by exchange,
        // and a tie elsewhere in the allocation changes nothing (the
        // allocation shown is optimal; whether it stays so is read off its
        // own exchanges).
        let b = &setup.bounds;
        let exchange = if setup.engine {
            let rules = setup.exchange_rules(house, method)?;
            let totals = rules.totals(&a.seats());
            Some((rules, totals))
        } else if b.max.iter().any(Option::is_some)
            || b.base.iter().any(|&k| k > 0)
            || a.tie.is_some()
        {
            return None;
        } else {
            None
        };
        let (scaled, _) = crate::number::to_common_scale(&setup.weights);
        let scaled: Vec<u128> = scaled
            .iter()
            .map(|w| w.to_u128().filter(|&w| w > 0 && w < 1u128 << 60))
            .collect::<Option<_>>()?;
        let mut edges = Edges {
            method: d.clone(),
            power: match d.kind() {
                SignpostKind::Rational => 1,
                SignpostKind::SquareRoot => 2,
            },
            scaled,
            seats: a.seats(),
            min: match &exchange {
                Some((rules, _)) => rules.floor.clone(),
                None => b.min.clone(),
            },
            lowest: Vec::new(),
            highest: Vec::new(),
            exchange,
        };
        for j in 0..edges.seats.len() {
            let t = edges.seats[j];
            if t >= 1 {
                let p = edges.priority(j, t - 1)?;
                insert_ranked(&mut edges.lowest, (j, p), std::cmp::Ordering::Less)?;
            }
            let p = edges.priority(j, t)?;
            insert_ranked(&mut edges.highest, (j, p), std::cmp::Ordering::Greater)?;
        }
        Some(edges)
    }

    /// The priority of region `j`'s seat `k` (its (k+1)-th).
    fn priority(&self, j: usize, k: u64) -> Option<Priority> {
        self.priority_at(self.scaled[j], j, k)
    }

    /// The priority of region `j`'s seat `k` with `j` at weight `w`.
    fn priority_at(&self, w: u128, j: usize, k: u64) -> Option<Priority> {
        if k < self.min[j] {
            return Some(Priority { num: 1, den: 0 });
        }
        let s = self.method.signpost(k)?;
        let wp = if self.power == 2 {
            w.checked_mul(w)?
        } else {
            w
        };
        Some(Priority {
            num: wp.checked_mul(s.den)?,
            den: s.num,
        })
    }

    /// The first two entries of `ranked` for regions other than `i`.
    fn two_without(
        ranked: &[(usize, Priority)],
        i: usize,
    ) -> (Option<(usize, Priority)>, Option<Priority>) {
        let mut it = ranked.iter().filter(|(j, _)| *j != i);
        (it.next().copied(), it.next().map(|(_, p)| *p))
    }

    /// ⌊num / den⌋ rooted for Huntington–Hill: the largest x with
    /// x^p ≤ num / den.
    fn root_floor(&self, num: u128, den: u128) -> Option<u128> {
        let y = num.checked_div(den)?;
        Some(if self.power == 2 { y.isqrt() } else { y })
    }

    /// Whether weight `x` puts region `i`'s seat `k` strictly above (Greater)
    /// or below (Less) the priority `p`.
    fn against(&self, i: usize, x: u128, k: u64, p: Priority) -> Option<std::cmp::Ordering> {
        self.priority_at(x, i, k)?.cmp(p)
    }

    /// Region `i`'s move in direction `dir`, read off the edge:
    /// `Some(None)` when no weight moves it, `None` when the edge is not
    /// clear (the search then decides).
    fn read(
        &self,
        search: &Search<'_>,
        i: usize,
        v: &BigRational,
        a: &Allocation,
        dir: Direction,
    ) -> Option<Option<Move>> {
        if let Some((rules, totals)) = &self.exchange {
            return self.read_exchange(search, i, v, a, dir, rules, totals);
        }
        self.read_plain(search, i, v, a, dir).map(Some)
    }

    /// [`Edges::read`] without rules: the partner is the lowest last seat
    /// (or highest next seat) of all the other regions.
    fn read_plain(
        &self,
        search: &Search<'_>,
        i: usize,
        v: &BigRational,
        a: &Allocation,
        dir: Direction,
    ) -> Option<Move> {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let t = self.seats[i];
        let own = self.scaled[i];
        let (change, near, other) = match dir {
            Direction::Up => {
                let (Some((j, m)), second) = Self::two_without(&self.lowest, i) else {
                    return None;
                };
                if m.den == 0 || second.is_some_and(|s| s.cmp(m) == Some(Equal)) {
                    return None;
                }
                // The lowest seat the others hold once j gives up one.
                let before_last = if self.seats[j] >= 2 {
                    Some(self.priority(j, self.seats[j] - 2)?)
                } else {
                    None
                };
                let next_lowest = match (second, before_last) {
                    (Some(a), Some(b)) => Some(if a.cmp(b)? == Less { a } else { b }),
                    (a, b) => a.or(b),
                };
                let x = self.first_above(i, t, m)?;
                // Only one seat moves: x/d(t + 1) stays below the next lowest.
                if let Some(p) = next_lowest {
                    if self.against(i, x, t + 1, p)? != Less {
                        return None;
                    }
                }
                (x - own, x - own - 1, j)
            }
            Direction::Down => {
                let (Some((k, big)), second) = Self::two_without(&self.highest, i) else {
                    return None;
                };
                if big.den == 0 || second.is_some_and(|s| s.cmp(big) == Some(Equal)) || t == 0 {
                    return None;
                }
                let after_next = self.priority(k, self.seats[k] + 1)?;
                let next_highest = match second {
                    Some(s) if s.cmp(after_next)? == Greater => s,
                    _ => after_next,
                };
                if next_highest.cmp(big)? != Less {
                    return None;
                }
                if t - 1 < self.min[i] {
                    return None;
                }
                let x = self.last_at_or_below(i, t, big)?;
                // Only one seat moves: its seat before stays above M.
                if t >= 2 && self.against(i, x, t - 2, big)? != Greater {
                    return None;
                }
                (own - x, own - x - 1, k)
            }
        };
        self.finish(search, i, v, a, dir, change, near, other)
    }

    /// The first weight x above region `i`'s own at which its seat `t`
    /// (holding `t` seats, its next) is strictly above `p`:
    /// x^p·den_t·p.den > p.num·num_t.
    fn first_above(&self, i: usize, t: u64, p: Priority) -> Option<u128> {
        let s = self.method.signpost(t)?;
        if s.num == 0 {
            return None;
        }
        let x = self
            .root_floor(p.num.checked_mul(s.num)?, s.den.checked_mul(p.den)?)?
            .checked_add(1)?;
        let sure = x > self.scaled[i] && self.against(i, x, t, p)? == std::cmp::Ordering::Greater;
        sure.then_some(x)
    }

    /// The last weight x below region `i`'s own (and above 0) at which its
    /// last seat (of `t`) is at or below `p`, the next one up above it.
    fn last_at_or_below(&self, i: usize, t: u64, p: Priority) -> Option<u128> {
        use std::cmp::Ordering::Greater;
        let k = t.checked_sub(1)?;
        let s = self.method.signpost(k)?;
        if s.num == 0 {
            return None;
        }
        let x = self.root_floor(p.num.checked_mul(s.num)?, s.den.checked_mul(p.den)?)?;
        let sure = x != 0
            && x < self.scaled[i]
            && self.against(i, x, k, p)? != Greater
            && self.against(i, x + 1, k, p)? == Greater;
        sure.then_some(x)
    }

    /// The move at `change` units of the grid (`near` the last before it)
    /// with `other` as the partner, its tie point checked to lie between.
    #[allow(clippy::too_many_arguments)]
    fn finish(
        &self,
        search: &Search<'_>,
        i: usize,
        v: &BigRational,
        a: &Allocation,
        dir: Direction,
        change: u128,
        near: u128,
        other: usize,
    ) -> Option<Move> {
        let unit = &search.unit;
        let int = |u: u128| BigRational::from_integer(BigInt::from(u));
        let (far, near) = (int(change) * unit, int(near) * unit);
        let tie_at = search.tie_point(i, v, a, &[other], dir);
        let inside = match &tie_at {
            Amount::Exact(t) => *t >= near && *t <= far,
            Amount::About(t) => {
                *t >= rational_to_f64(&near) - 1e-9 && *t <= rational_to_f64(&far) + 1e-9
            }
        };
        if !inside {
            return None;
        }
        let amount = match dir {
            Direction::Up => far,
            Direction::Down => near,
        };
        Some(Move {
            tie_at,
            amount: rational_to_decimal(&amount, search.scale)?,
            others: vec![other],
        })
    }

    /// [`Edges::read`] under [`ExchangeRules`]. The allocation stays
    /// optimal while no exchange the rules admit improves it, so region
    /// `i` gains once its next seat beats the lowest last seat of the
    /// regions that may give it one (loses once its last seat falls below
    /// the highest next seat of those that may take it): with no such
    /// region it never moves. The allocation after the move is then
    /// checked to be optimal at that weight, so the partner is the region
    /// that trades the seat; when it is not (another seat moves too), or
    /// two partners tie, the search decides.
    #[allow(clippy::too_many_arguments)]
    fn read_exchange(
        &self,
        search: &Search<'_>,
        i: usize,
        v: &BigRational,
        a: &Allocation,
        dir: Direction,
        rules: &ExchangeRules,
        totals: &[u64],
    ) -> Option<Option<Move>> {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let seats = &self.seats;
        let mut best: Option<(usize, Priority)> = None;
        let mut tied = false;
        for j in (0..seats.len()).filter(|&j| j != i) {
            let (from, to) = match dir {
                Direction::Up => (j, i),
                Direction::Down => (i, j),
            };
            if seats[from] <= rules.floor[from]
                || seats[to] >= rules.cap[to]
                || !rules.classes_admit(totals, from, to)
            {
                continue;
            }
            let p = match dir {
                Direction::Up => self.priority(j, seats[j] - 1)?,
                Direction::Down => self.priority(j, seats[j])?,
            };
            let Some((_, q)) = best else {
                best = Some((j, p));
                continue;
            };
            match (p.cmp(q)?, dir) {
                (Equal, _) => tied = true,
                (Less, Direction::Up) | (Greater, Direction::Down) => {
                    best = Some((j, p));
                    tied = false;
                }
                _ => {}
            }
        }
        let Some((j, p)) = best else {
            return Some(None);
        };
        if tied || p.den == 0 {
            return None;
        }
        let t = seats[i];
        let own = self.scaled[i];
        let mut after = seats.clone();
        let (x, change, near) = match dir {
            Direction::Up => {
                let x = self.first_above(i, t, p)?;
                after[i] += 1;
                after[j] -= 1;
                (x, x - own, x - own - 1)
            }
            Direction::Down => {
                let x = self.last_at_or_below(i, t, p)?;
                after[i] -= 1;
                after[j] += 1;
                (x, own - x, own - x - 1)
            }
        };
        if !self.exchange_optimal(rules, &after, i, x)? {
            return None;
        }
        self.finish(search, i, v, a, dir, change, near, j).map(Some)
    }

    /// Whether no exchange the rules admit strictly improves `seats` with
    /// region `i` at weight `x`: per class, its best next seat and its
    /// worst last seat, and each pair of classes a seat may move between.
    /// (Within one class the two may be one region's, whose next seat is
    /// below its last, so then no pair in the class improves either.)
    fn exchange_optimal(
        &self,
        rules: &ExchangeRules,
        seats: &[u64],
        i: usize,
        x: u128,
    ) -> Option<bool> {
        use std::cmp::Ordering::{Greater, Less};
        let classes = rules.bounds.len();
        let totals = rules.totals(seats);
        let mut next: Vec<Option<Priority>> = vec![None; classes];
        let mut last: Vec<Option<Priority>> = vec![None; classes];
        for (r, &held) in seats.iter().enumerate() {
            let c = rules.class[r];
            let w = if r == i { x } else { self.scaled[r] };
            if held < rules.cap[r] {
                let p = self.priority_at(w, r, held)?;
                if next[c].map_or(Some(true), |q| Some(p.cmp(q)? == Greater))? {
                    next[c] = Some(p);
                }
            }
            if held > rules.floor[r] {
                let p = self.priority_at(w, r, held - 1)?;
                if last[c].map_or(Some(true), |q| Some(p.cmp(q)? == Less))? {
                    last[c] = Some(p);
                }
            }
        }
        for (to, gain) in next.iter().enumerate() {
            for (from, loss) in last.iter().enumerate() {
                let (Some(gain), Some(loss)) = (gain, loss) else {
                    continue;
                };
                if rules.class_move(&totals, from, to) && gain.cmp(*loss)? == Greater {
                    return Some(false);
                }
            }
        }
        Some(true)
    }
}

/// Keeps the three first entries of `ranked` in order (`Less`: lowest
/// first; `Greater`: highest first); `None` when a comparison overflows.
fn insert_ranked(
    ranked: &mut Vec<(usize, Priority)>,
    entry: (usize, Priority),
    first: std::cmp::Ordering,
) -> Option<()> {
    let mut at = ranked.len();
    for (k, (_, p)) in ranked.iter().enumerate() {
        if entry.1.cmp(*p)? == first {
            at = k;
            break;
        }
    }
    if at < 3 {
        ranked.insert(at, entry);
        ranked.truncate(3);
    }
    Some(())
}

/// Whether a region's seats have certainly moved past `seats` at a weight.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
}

fn rational_to_decimal(value: &BigRational, scale: u32) -> Option<Decimal> {
    let scaled = value * BigRational::from_integer(BigInt::from(pow10(scale)));
    if !scaled.is_integer() || scaled.is_negative() {
        return None;
    }
    Some(Decimal::from_scaled(
        scaled.to_integer().to_biguint()?,
        scale,
    ))
}

impl Search<'_> {
    /// The allocation with region `i` at weight `x` (on the grid).
    fn at(&self, i: usize, x: &BigRational) -> Result<Allocation, Error> {
        let key = (i, x.clone());
        if let Some(a) = self.solved.borrow().get(&key) {
            return Ok(a.clone());
        }
        self.count_solve(i)?;
        let a = self.setup_at(i, x)?.solve(self.house, self.method)?;
        self.solved.borrow_mut().insert(key, a.clone());
        Ok(a)
    }

    /// Counts one solve against [`MAX_MARGIN_SOLVES`] and, under rules,
    /// [`MAX_MARGIN_RULES_SEATS`].
    fn count_solve(&self, i: usize) -> Result<(), Error> {
        let count = self.solves.get() + 1;
        if count > MAX_MARGIN_SOLVES {
            return Err(self.too_much(i, MAX_MARGIN_SOLVES, "exact solves"));
        }
        // Under rules each solve's work grows with the seats.
        if self.setup.engine && count.saturating_mul(self.house) > MAX_MARGIN_RULES_SEATS {
            return Err(self.too_much(
                i,
                MAX_MARGIN_RULES_SEATS,
                "seats solved under the rules (solves × house)",
            ));
        }
        self.solves.set(count);
        Ok(())
    }

    /// Counts one step of a bracket walk against [`MAX_MARGIN_STEPS`].
    fn count_step(&self, i: usize) -> Result<(), Error> {
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        if steps > MAX_MARGIN_STEPS {
            return Err(self.too_much(i, MAX_MARGIN_STEPS, "quota steps"));
        }
        Ok(())
    }

    /// The refusal when a search would go on too long.
    fn too_much(&self, i: usize, limit: u64, unit: &'static str) -> Error {
        Error::TooMuchWork {
            command: "margin",
            what: format!(
                "the margins of {} under {}",
                self.setup.names[i],
                self.method.id()
            ),
            limit,
            unit,
            advice: if self.is_droop() {
                "Droop's quota steps every S + 1 units of the total and each step is checked on its own; use hagenbach-bischoff (the exact Droop quota), or weights with fewer decimals".into()
            } else if self.setup.engine {
                "ask about fewer regions (--region), or a smaller house".into()
            } else {
                "give weights with fewer decimals, or ask about fewer regions".into()
            },
        }
    }

    /// The setup with region `i` at weight `x` (on the grid).
    fn setup_at(&self, i: usize, x: &BigRational) -> Result<Setup, Error> {
        let mut weights = self.setup.weights.clone();
        weights[i] = rational_to_decimal(x, self.scale).ok_or_else(|| {
            Error::from(SolveError::Internal("a margin left the data's grid".into()))
        })?;
        Ok(self.setup.with_weights(weights))
    }

    /// True when, at weight `x`, region `i` certainly holds more than
    /// `seats` (Up), or may hold fewer (Down: it no longer keeps them for
    /// certain).
    fn moved(&self, i: usize, x: &BigRational, seats: u64, dir: Direction) -> Result<bool, Error> {
        let (low, _) = Outcomes::of(&self.at(i, x)?)?.range(i);
        Ok(match dir {
            Direction::Up => low > seats,
            Direction::Down => low < seats,
        })
    }

    /// Both margins of region `i`, measured from the seats it holds in the
    /// allocation shown: when it is tied for the last seat, a margin is 0.
    fn region(&self, i: usize, a: &Allocation) -> Result<RegionMargin, Error> {
        let seats = a.regions[i].seats;
        let v = self.setup.weights[i].to_rational();
        let mut margin = RegionMargin {
            region: i,
            seats,
            gain: None,
            loss: None,
            note: None,
        };
        let max = self.setup.bounds.max[i];
        let floors = self.setup.floors(self.method);
        // Some other region must hold a seat it could give up.
        let movable = a
            .regions
            .iter()
            .enumerate()
            .any(|(j, r)| j != i && r.seats - r.base > floors[j]);
        if max.is_some_and(|m| seats >= m) {
            margin.note = Some("at its maximum: it cannot gain".into());
        } else if !movable {
            margin.note = Some("no other region has a seat to give up".into());
        } else {
            margin.gain = self.find(i, &v, a, Direction::Up)?;
            if margin.gain.is_none() {
                margin.note = Some("no other region can give up a seat".into());
            }
        }
        if seats - a.regions[i].base <= floors[i] {
            if seats > 0 && margin.note.is_none() {
                margin.note =
                    Some("held by a floor (minimum, base seats or a first seat owed)".into());
            }
            return Ok(margin);
        }
        margin.loss = self.find(i, &v, a, Direction::Down)?;
        if margin.loss.is_none() && margin.note.is_none() {
            margin.note = Some("keeps its seats even with no weight".into());
        }
        Ok(margin)
    }

    /// The first grid weight (from `v` in direction `dir`) at which region
    /// `i` certainly holds more seats than in `a` (Up), or may hold fewer
    /// (Down). The regions that trade the seat and the exact tie point are
    /// read against `a`: at the bracket's near end a tie may already show
    /// the seat moved.
    fn find(
        &self,
        i: usize,
        v: &BigRational,
        a: &Allocation,
        dir: Direction,
    ) -> Result<Option<Move>, Error> {
        if let Some(found) = self.edges.as_ref().and_then(|e| e.read(self, i, v, a, dir)) {
            return Ok(found);
        }
        let bound = a.regions[i].seats;
        let step = |k: &BigRational| match dir {
            Direction::Up => v + k,
            Direction::Down => v - k,
        };
        let direct = if self.setup.engine {
            self.direct(i, v, a, dir)?.map(Some)
        } else if self.is_droop() {
            self.droop_direct(i, bound, dir)?
        } else if self.shortcuts {
            self.guess(i, v, a, dir)?.map(Some)
        } else {
            None
        };
        let bracket = match direct {
            Some(b) => b,
            None => self.bracket(i, v, bound, dir)?,
        };
        let Some((mut near, mut far)) = bracket else {
            return Ok(None);
        };
        while &far - &near > self.unit {
            let mid = self.on_grid(&((&near + &far) / BigRational::from_integer(2.into())));
            let mid = if mid <= near { &near + &self.unit } else { mid };
            if self.moved(i, &step(&mid), bound, dir)? {
                far = mid;
            } else {
                near = mid;
            }
        }
        let after = self.at(i, &step(&far))?;
        let others = changed_others(i, a, &after, dir)?;
        // The seats that cross are read from the allocation the search
        // started from; if other regions traded seats on the way, from the
        // one just before the move. A tie point outside the bracket means
        // the seats did not cross but jumped (Droop's quota stepping up):
        // the move happens at `far`.
        let inside = |t: &Amount| match t {
            Amount::Exact(t) => *t >= near && *t <= far,
            Amount::About(t) => {
                *t >= rational_to_f64(&near) - 1e-9 && *t <= rational_to_f64(&far) + 1e-9
            }
        };
        // Under rules, from the allocation the search started at: the one
        // at `near` may be tied and show the seat moved already.
        let mut tie_at = if self.setup.engine {
            self.tie_point_under_rules(i, v, &a.seats(), &after.seats(), a, dir)
                .unwrap_or_else(|| Amount::Exact(far.clone()))
        } else {
            // A partner read against `a` may have traded its seat with a
            // third region on the way (a quota that moves with the
            // weight): its tie with region i is then no tie at all. The
            // partners just before the move come first; those against
            // `a` when the allocation at `near` shows none or no tie
            // between (it may be tied and show the seat moved already).
            let before = self.at(i, &step(&near))?;
            let others_before = changed_others(i, &before, &after, dir)?;
            let just_before = self.tie_point(i, v, &before, &others_before, dir);
            if !others_before.is_empty() && inside(&just_before) {
                just_before
            } else {
                self.tie_point(i, v, a, &others, dir)
            }
        };
        if !inside(&tie_at) {
            tie_at = Amount::Exact(far.clone());
        }
        let amount = match dir {
            Direction::Up => far,
            Direction::Down => near,
        };
        let amount = rational_to_decimal(&amount, self.scale).ok_or_else(|| {
            Error::from(SolveError::Internal("a margin left the data's grid".into()))
        })?;
        Ok(Some(Move {
            tie_at,
            amount,
            others,
        }))
    }

    /// For Droop without bounds or rules: the bracket read straight off
    /// [`droop_scan`], confirmed by two exact solves. `None` when the scan
    /// cannot decide or the confirmation fails, and the walk runs instead.
    fn droop_direct(
        &self,
        i: usize,
        seats: u64,
        dir: Direction,
    ) -> Result<Option<Option<(BigRational, BigRational)>>, Error> {
        let Some(scaled) = self.droop_scaled.as_deref().filter(|_| self.shortcuts) else {
            return Ok(None);
        };
        let scan = droop_scan(scaled, i, self.house, self.scale, seats, dir)
            .map_err(|Overwork| self.too_much(i, MAX_DROOP_SCAN, "quota steps × regions"))?;
        let Some(found) = scan else {
            return Ok(None);
        };
        let Some(x) = found else {
            return Ok(Some(None));
        };
        let own = scaled[i];
        let change = match dir {
            Direction::Up => x - own,
            Direction::Down => own - x,
        };
        let far = BigRational::from_integer(BigInt::from(change)) * &self.unit;
        let near = &far - &self.unit;
        let v = self.setup.weights[i].to_rational();
        let point = |k: &BigRational| match dir {
            Direction::Up => &v + k,
            Direction::Down => &v - k,
        };
        let confirmed = self.moved(i, &point(&far), seats, dir)?
            && (near.is_zero() || !self.moved(i, &point(&near), seats, dir)?);
        Ok(confirmed.then_some(Some((near, far))))
    }

    /// A change `near` at which the move has not happened and one `far` at
    /// which it has, by doubling on the grid; `None` when no change does it.
    fn bracket(
        &self,
        i: usize,
        v: &BigRational,
        bound: u64,
        dir: Direction,
    ) -> Result<Option<(BigRational, BigRational)>, Error> {
        let step = |k: &BigRational| match dir {
            Direction::Up => v + k,
            Direction::Down => v - k,
        };
        let mut near = BigRational::zero();
        let mut far = self.unit.clone();
        let cap = self.cap(v);
        loop {
            if dir == Direction::Down && far > *v {
                far = v.clone();
            }
            if let Some(stretch_end) = self.droop_stretch_end(i, v, &(&near + &self.unit), dir) {
                if far > stretch_end {
                    far = stretch_end;
                }
            }
            let x = step(&far);
            self.count_step(i)?;
            if self.droop_may_have_moved(i, &x, bound, dir) && self.moved(i, &x, bound, dir)? {
                return Ok(Some((near, far)));
            }
            if (dir == Direction::Down && far == *v) || far > cap {
                return Ok(None);
            }
            near = far.clone();
            far = &far + &far;
        }
    }

    /// Under rules, the bracket read off the exact tie point with the best
    /// allocation in which region `i` holds one seat more (Up) or fewer
    /// (Down), then confirmed by solving at both ends; `None` when that
    /// allocation does not exist or the confirmation fails (a move of more
    /// than one seat comes first), and the search runs as usual.
    fn direct(
        &self,
        i: usize,
        v: &BigRational,
        a: &Allocation,
        dir: Direction,
    ) -> Result<Option<(BigRational, BigRational)>, Error> {
        let seats = a.regions[i].seats;
        let target = match dir {
            Direction::Up => seats + 1,
            Direction::Down => seats - 1,
        };
        let probe = self.setup.with_rule(crate::rule::NamedRule::new(
            "margin probe",
            crate::rule::Rule::Exactly {
                scope: crate::rule::Scope::Region(i),
                seats: target,
            },
        ));
        // Only a proposal: the two solves below confirm what it suggests.
        self.count_solve(i)?;
        let moved = match probe.proposal(self.house, self.method) {
            Ok(b) => b,
            Err(Error::Rules(crate::rules::RulesError::Infeasible { .. })) => return Ok(None),
            Err(e) => return Err(e),
        };
        let Some(Amount::Exact(t)) = self.tie_point_under_rules(i, v, &a.seats(), &moved, a, dir)
        else {
            return Ok(None);
        };
        self.confirm(i, v, seats, &t, dir)
    }

    /// Without rules, for the methods under which a region's seats never
    /// fall as its weight grows (all but Droop): the bracket read off the
    /// first exact tie point between region `i`'s next seat (Up) or last
    /// seat (Down) and any other region's last or next seat, then
    /// confirmed by two exact solves. Because the seats are monotone in
    /// the weight, a confirmed bracket one grid step wide is the answer
    /// whatever the guess was; `None` sends the search to bisection.
    fn guess(
        &self,
        i: usize,
        v: &BigRational,
        a: &Allocation,
        dir: Direction,
    ) -> Result<Option<(BigRational, BigRational)>, Error> {
        let floors = self.setup.floors(self.method);
        let first = (0..a.regions.len())
            .filter(|&j| j != i)
            .filter(|&j| {
                let r = &a.regions[j];
                match dir {
                    // It can give up a seat.
                    Direction::Up => r.seats - r.base > floors[j],
                    // It can take one more.
                    Direction::Down => self.setup.bounds.max[j].is_none_or(|m| r.seats < m),
                }
            })
            .filter_map(|j| match self.tie_point(i, v, a, &[j], dir) {
                Amount::Exact(t) => Some(t),
                // Huntington–Hill's irrational ties: the nearest grid
                // point is only a guess, which the solves confirm or not.
                Amount::About(t) => num_rational::Ratio::from_float(t)
                    .map(|r| BigRational::new(r.numer().clone(), r.denom().clone())),
            })
            .filter(|t| !t.is_negative())
            .min();
        match first {
            Some(t) => self.confirm(i, v, a.regions[i].seats, &t, dir),
            None => Ok(None),
        }
    }

    /// The one-step bracket around the tie at change `t`: certain only past
    /// it going up, "may hold fewer" from it on going down; `Some` only
    /// when two exact solves confirm it.
    fn confirm(
        &self,
        i: usize,
        v: &BigRational,
        seats: u64,
        t: &BigRational,
        dir: Direction,
    ) -> Result<Option<(BigRational, BigRational)>, Error> {
        if t.is_negative() {
            return Ok(None);
        }
        let steps = t / &self.unit;
        // Up: certain only past the tie; Down: "may hold fewer" from the
        // tie on.
        let far = match dir {
            Direction::Up => (steps.floor() + BigRational::one()) * &self.unit,
            Direction::Down => steps.ceil() * &self.unit,
        };
        if far.is_zero() || (dir == Direction::Down && far > *v) {
            return Ok(None);
        }
        let near = &far - &self.unit;
        let point = |k: &BigRational| match dir {
            Direction::Up => v + k,
            Direction::Down => v - k,
        };
        if self.moved(i, &point(&far), seats, dir)? && !self.moved(i, &point(&near), seats, dir)? {
            Ok(Some((near, far)))
        } else {
            Ok(None)
        }
    }

    /// For Droop without bounds or rules: false only when region `i`, at
    /// weight `x`, certainly has not moved past `seats` in direction `dir`,
    /// read straight off the largest-remainder rule with the quota at that
    /// total (floors ⌊w/Q⌋, the seats left to the largest remainders, a
    /// tie counted as a possible move). It lets the walk over Droop's quota
    /// steps skip the stretches in which nothing can happen without an
    /// exact solve for each; where it says "maybe", the solve decides.
    fn droop_may_have_moved(&self, i: usize, x: &BigRational, seats: u64, dir: Direction) -> bool {
        let Some(scaled) = &self.droop_scaled else {
            return true;
        };
        // Everything in units of the data's last decimal, on u128.
        let Some(own) = (x * BigRational::from_integer(BigInt::from(pow10(self.scale))))
            .to_integer()
            .to_u128()
        else {
            return true;
        };
        let unit = 10u128.pow(self.scale);
        let others: u128 = scaled
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, w)| *w)
            .sum();
        let (Some(total), Some(per)) = (
            others.checked_add(own),
            unit.checked_mul(u128::from(self.house) + 1),
        ) else {
            return true;
        };
        // Droop's quota ⌊V/(S+1)⌋ + 1 in the units given, scaled.
        let Some(q) = (total / per + 1).checked_mul(unit) else {
            return true;
        };
        let weight = |j: usize| if j == i { own } else { scaled[j] };
        let floors: u128 = (0..scaled.len()).map(|j| weight(j) / q).sum();
        let Some(left) = u128::from(self.house).checked_sub(floors) else {
            return true;
        };
        let own_floor = own / q;
        let own_rest = own % q;
        let above = |strict: bool| {
            (0..scaled.len())
                .filter(|&j| j != i)
                .filter(|&j| {
                    let r = weight(j) % q;
                    if strict {
                        r > own_rest
                    } else {
                        r >= own_rest
                    }
                })
                .count() as u128
        };
        let seats = u128::from(seats);
        match dir {
            // The most it can hold: a tie for the last seat counts as won.
            Direction::Up => own_floor + u128::from(left > 0 && above(true) < left) > seats,
            // The fewest: a tie counts as lost.
            Direction::Down => own_floor + u128::from(left > 0 && above(false) < left) < seats,
        }
    }

    fn is_droop(&self) -> bool {
        matches!(self.method, Method::Quota(QuotaMethod::Droop))
    }

    /// Largest change worth searching: far beyond any weight here.
    fn cap(&self, v: &BigRational) -> BigRational {
        let total = self
            .setup
            .weights
            .iter()
            .fold(BigRational::zero(), |s, w| s + w.to_rational());
        (total + v + BigRational::one()) * BigRational::from_integer(BigInt::from(1u64 << 40))
    }

    /// The grid point at or below `x`.
    fn on_grid(&self, x: &BigRational) -> BigRational {
        (x / &self.unit).floor() * &self.unit
    }

    /// For Droop: the last grid change of the stretch of constant quota
    /// that the change `start` lies in, so that a search stays within one
    /// stretch. `None` for other methods.
    fn droop_stretch_end(
        &self,
        i: usize,
        v: &BigRational,
        start: &BigRational,
        dir: Direction,
    ) -> Option<BigRational> {
        if !self.is_droop() {
            return None;
        }
        let free = BigRational::from_integer(BigInt::from(
            self.house - self.setup.bounds.base.iter().sum::<u64>() + 1,
        ));
        let others = self
            .setup
            .weights
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .fold(BigRational::zero(), |s, (_, w)| s + w.to_rational());
        let total = match dir {
            Direction::Up => &others + v + start,
            Direction::Down => &others + v - start,
        };
        let m = (&total / &free).floor();
        let end = match dir {
            // Up: the quota changes when the total reaches (m + 1)·(S+1);
            // the last grid point strictly before that.
            Direction::Up => {
                let jump = (m + BigRational::one()) * &free - &others - v;
                ((&jump / &self.unit).ceil() - BigRational::one()) * &self.unit
            }
            // Down: it changes when the total falls below m·(S+1).
            Direction::Down => self.on_grid(&(v + &others - m * &free)),
        };
        (end >= *start).then_some(end)
    }

    /// Under rules: the change at which `before` and `after` are equally
    /// good, x^e = (worths the other regions hold in the allocation where
    /// region `i` has fewer seats ÷ those in the other) × Π d(k) over `i`'s
    /// e extra seats (squared worths for Huntington–Hill). `None` when an
    /// owed first seat is among them.
    fn tie_point_under_rules(
        &self,
        i: usize,
        v: &BigRational,
        before: &[u64],
        after: &[u64],
        bases: &Allocation,
        dir: Direction,
    ) -> Option<Amount> {
        let Method::Divisor(d) = self.method else {
            return None;
        };
        let (more, fewer) = match dir {
            Direction::Up => (after, before),
            Direction::Down => (before, after),
        };
        let power = match d.kind() {
            SignpostKind::Rational => 1u32,
            SignpostKind::SquareRoot => 2,
        };
        // The worth of region r's seat with `k` seats held beyond its base,
        // at its own weight: w^p · den / num.
        let worth = |r: usize, k: u64| -> Option<BigRational> {
            let s = d.signpost(k)?;
            if s.num == 0 {
                return None;
            }
            let w = self.setup.weights[r].to_rational();
            let wp = if power == 2 { &w * &w } else { w };
            Some(wp * BigRational::new(BigInt::from(s.den), BigInt::from(s.num)))
        };
        let mut ratio = BigRational::one();
        let mut extra = 0u32;
        for r in 0..self.setup.names.len() {
            let base = bases.regions[r].base;
            let (m, f) = (more[r], fewer[r]);
            let (lo, hi, up) = if m >= f { (f, m, true) } else { (m, f, false) };
            for seats in lo..hi {
                let k = seats.checked_sub(base)?;
                if r == i {
                    if !up {
                        return None;
                    }
                    let s = d.signpost(k)?;
                    if s.den == 0 || s.num == 0 {
                        return None;
                    }
                    ratio *= BigRational::new(BigInt::from(s.num), BigInt::from(s.den));
                    extra += 1;
                } else if up {
                    // Held where i has more: given up in `fewer`'s favour.
                    ratio /= worth(r, k)?;
                } else {
                    ratio *= worth(r, k)?;
                }
            }
        }
        let e = extra.checked_mul(power)?;
        if e == 0 {
            return None;
        }
        let x = if e == 1 {
            Amount::Exact(ratio)
        } else if e == 2 {
            root_minus(&ratio, &BigRational::zero(), Direction::Up)
        } else {
            Amount::About(rational_to_f64(&ratio).powf(1.0 / f64::from(e)))
        };
        Some(match (x, dir) {
            (Amount::Exact(x), Direction::Up) => Amount::Exact(x - v),
            (Amount::Exact(x), Direction::Down) => Amount::Exact(v - x),
            (Amount::About(x), Direction::Up) => Amount::About(x - rational_to_f64(v)),
            (Amount::About(x), Direction::Down) => Amount::About(rational_to_f64(v) - x),
        })
    }

    /// The exact change at which the traded seats tie, from the seats held
    /// just before the move: with several partners, the first tie reached
    /// (a partner tied now gives 0).
    fn tie_point(
        &self,
        i: usize,
        v: &BigRational,
        before: &Allocation,
        others: &[usize],
        dir: Direction,
    ) -> Amount {
        others
            .iter()
            .map(|&j| self.tie_point_with(i, v, before, j, dir))
            .min_by(nearer)
            .unwrap_or_else(|| Amount::Exact(BigRational::zero()))
    }

    /// [`Search::tie_point`] against one partner `j`.
    fn tie_point_with(
        &self,
        i: usize,
        v: &BigRational,
        before: &Allocation,
        j: usize,
        dir: Direction,
    ) -> Amount {
        let held = |a: &Allocation, r: usize| a.regions[r].seats - a.regions[r].base;
        // Region i's seat that moves, and region j's, as seat indices k
        // (the (k+1)-th seat): for a gain, i's next seat against j's last.
        let (ki, kj) = match dir {
            Direction::Up => (held(before, i), held(before, j).saturating_sub(1)),
            Direction::Down => (held(before, i).saturating_sub(1), held(before, j)),
        };
        let vj = self.setup.weights[j].to_rational();
        let int = |k: u64| BigRational::from_integer(BigInt::from(k));
        // The weight x of region i at which its seat ki ties j's seat kj.
        let x: Option<BigRational> = match self.method {
            Method::Divisor(d) => {
                let (Some(di), Some(dj)) = (d.signpost(ki), d.signpost(kj)) else {
                    return Amount::Exact(BigRational::zero());
                };
                if dj.num == 0 {
                    return Amount::Exact(BigRational::zero());
                }
                let ratio = BigRational::new(
                    BigInt::from(di.num) * BigInt::from(dj.den),
                    BigInt::from(di.den) * BigInt::from(dj.num),
                );
                match d.kind() {
                    SignpostKind::Rational => Some(&vj * ratio),
                    SignpostKind::SquareRoot => {
                        let square = &vj * &vj * ratio;
                        return root_minus(&square, v, dir);
                    }
                }
            }
            Method::Quota(q) => {
                let free = self.house - self.setup.bounds.base.iter().sum::<u64>();
                let others_total = &self.total - self.setup.weights[i].to_rational();
                // x/Q − ki = vj/Q − kj, so x = vj + (ki − kj)·Q.
                let m = BigRational::from_integer(BigInt::from(ki) - BigInt::from(kj));
                match q {
                    QuotaMethod::Droop => {
                        let total = &others_total + before.regions[i].weight.to_rational();
                        let quota = (total / int(free + 1)).floor() + BigRational::one();
                        Some(vj + m * quota)
                    }
                    _ => {
                        // Q = (W + x)/(S + c): x (S + c − m) = (S + c) vj + m W.
                        let c = match q {
                            QuotaMethod::Hamilton => 0,
                            QuotaMethod::HagenbachBischoff => 1,
                            _ => 2,
                        };
                        let sc = int(free + c);
                        let denom = &sc - &m;
                        (!denom.is_zero()).then(|| (sc * vj + m * others_total) / denom)
                    }
                }
            }
        };
        match x {
            Some(x) => Amount::Exact(match dir {
                Direction::Up => x - v,
                Direction::Down => v - x,
            }),
            None => Amount::Exact(BigRational::zero()),
        }
    }
}

/// Orders two changes, the smaller first: exactly when both are exact, by
/// their floats otherwise (an irrational tie point, which only chooses
/// the point shown, never a seat).
fn nearer(a: &Amount, b: &Amount) -> std::cmp::Ordering {
    match (a, b) {
        (Amount::Exact(a), Amount::Exact(b)) => a.cmp(b),
        _ => a.to_f64().total_cmp(&b.to_f64()),
    }
}

/// √square − v (Up) or v − √square (Down), exact when the root is
/// rational.
fn root_minus(square: &BigRational, v: &BigRational, dir: Direction) -> Amount {
    let exact_root = |n: &BigInt| {
        let m = n.magnitude();
        let r = m.sqrt();
        (&r * &r == *m).then(|| BigInt::from(r))
    };
    let signed = |x: BigRational| match dir {
        Direction::Up => x - v,
        Direction::Down => v - x,
    };
    if let (Some(n), Some(d)) = (exact_root(square.numer()), exact_root(square.denom())) {
        return Amount::Exact(signed(BigRational::new(n, d)));
    }
    let root = rational_to_f64(square).sqrt();
    let v = rational_to_f64(v);
    Amount::About(match dir {
        Direction::Up => root - v,
        Direction::Down => v - root,
    })
}

/// The regions that give region `i` its seat (Up) or take it (Down) at
/// `after`: those `j` for which `before` with one seat moved between `i`
/// and `j` is an outcome of `after`. A region whose seats differ only
/// through a tie it was already in (two equal regions sharing a seat) is
/// not one of them. When no single exchange makes the move (the seat
/// comes through a chain of regions, or a quota steps up), every region
/// that may hold fewer seats (Up) or more (Down) at `after` is named.
fn changed_others(
    i: usize,
    before: &Allocation,
    after: &Allocation,
    dir: Direction,
) -> Result<Vec<usize>, Error> {
    let outcomes = Outcomes::of(after)?;
    let was = before.seats();
    let moved: Vec<usize> = (0..was.len())
        .filter(|&j| j != i)
        .filter(|&j| {
            let (low, high) = outcomes.range(j);
            match dir {
                Direction::Up => low < was[j],
                Direction::Down => high > was[j],
            }
        })
        .collect();
    let exchanged: Vec<usize> = moved
        .iter()
        .copied()
        .filter(|&j| {
            let mut table = was.clone();
            let (from, to) = match dir {
                Direction::Up => (j, i),
                Direction::Down => (i, j),
            };
            let Some(less) = table[from].checked_sub(1) else {
                return false;
            };
            table[from] = less;
            table[to] += 1;
            !outcomes.table(&table).never()
        })
        .collect();
    Ok(if exchanged.is_empty() {
        moved
    } else {
        exchanged
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::{NamedRule, Rule, Scope};
    use crate::scenario::Basis;
    use proptest::prelude::*;

    fn setup(weights: &[String]) -> Setup {
        let names = (0..weights.len()).map(|i| format!("R{i}")).collect();
        let weights = weights
            .iter()
            .map(|w| Decimal::parse(w).expect("a weight"))
            .collect();
        Setup::plain(names, weights, Basis::Counts)
    }

    fn weights() -> impl Strategy<Value = Vec<String>> {
        prop_oneof![
            prop::collection::vec((0u32..60).prop_map(|w| w.to_string()), 2..6),
            prop::collection::vec((0u32..5000).prop_map(|w| w.to_string()), 2..6),
            prop::collection::vec(
                (0u32..3000).prop_map(|w| format!("{}.{}", w / 10, w % 10)),
                2..5
            ),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        /// The margins read off the shortcuts (Droop's scan over its quota
        /// steps, the guessed tie point of the other methods) equal those
        /// of the plain search, which solves at every step.
        #[test]
        fn shortcuts_equal_the_plain_search(
            texts in weights(),
            house in 1u64..=12,
            pick in 0usize..12,
        ) {
            let setup = setup(&texts);
            let methods = Method::standard();
            let method = methods[pick % methods.len()].clone();
            let scanned = margins_with(&setup, house, &method, true);
            let walked = margins_with(&setup, house, &method, false);
            match (scanned, walked) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a.regions, b.regions),
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                (a, b) => prop_assert!(false, "scan {:?} but walk {:?}", a.map(|m| m.regions), b.map(|m| m.regions)),
            }
        }

        /// The same with minimums, which the edge reading takes as seats
        /// of infinite priority.
        #[test]
        fn shortcuts_equal_the_plain_search_with_minimums(
            texts in weights(),
            mins in prop::collection::vec(0u64..3, 6),
            house in 1u64..=14,
            pick in 0usize..12,
        ) {
            let mut setup = setup(&texts);
            for (k, m) in setup.bounds.min.iter_mut().enumerate() {
                *m = mins[k];
            }
            let methods = Method::standard();
            let method = methods[pick % methods.len()].clone();
            let scanned = margins_with(&setup, house, &method, true);
            let walked = margins_with(&setup, house, &method, false);
            match (scanned, walked) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a.regions, b.regions),
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                (a, b) => prop_assert!(false, "scan {:?} but walk {:?}", a.map(|m| m.regions), b.map(|m| m.regions)),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Under rules of the exchange shape (disjoint groups with bounds,
        /// per-region minimums and maximums, gender rules that cannot bind
        /// on seats), the margins read off the exchanges equal those of
        /// the plain search, which solves under the rules at every step.
        #[test]
        fn exchanges_equal_the_plain_search_under_rules(
            weights in prop::collection::vec(1u32..3000, 3..7),
            class in prop::collection::vec(0usize..3, 7),
            at_least in 0u64..6,
            at_most in 1u64..8,
            min_each in 0u64..2,
            capped in prop::collection::vec(prop::option::of(1u64..4), 7),
            balanced in any::<bool>(),
            house in 2u64..=12,
            pick in 0usize..5,
        ) {
            let texts: Vec<String> = weights.iter().map(u32::to_string).collect();
            let n = texts.len();
            let mut setup = setup(&texts);
            let members = |c: usize| (0..n).filter(|&i| class[i] == c).collect::<Vec<_>>();
            let group = |name: &str, regions, at_least, at_most| {
                NamedRule::new(name, Rule::Group { regions, at_least, at_most })
            };
            setup = setup.with_rule(group("first", members(0), Some(at_least), None));
            setup = setup.with_rule(group("second", members(1), None, Some(at_most)));
            if min_each > 0 {
                setup = setup.with_rule(NamedRule::new(
                    "min_each",
                    Rule::AtLeast { scope: Scope::Each, seats: min_each },
                ));
            }
            for (i, cap) in capped.iter().take(n).enumerate() {
                if let Some(c) = cap {
                    setup = setup.with_rule(NamedRule::new(
                        format!("cap {i}"),
                        Rule::AtMost { scope: Scope::Region(i), seats: *c },
                    ));
                }
            }
            if balanced {
                setup = setup.with_rule(NamedRule::new("balanced", Rule::BalancedDelegations));
            }
            let divisors: Vec<Method> =
                Method::standard().into_iter().filter(Method::is_divisor).collect();
            let method = divisors[pick % divisors.len()].clone();
            prop_assume!(setup.exchange_rules(house, &method).is_some());
            let read = margins_with(&setup, house, &method, true);
            let walked = margins_with(&setup, house, &method, false);
            match (read, walked) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a.regions, b.regions),
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                (a, b) => prop_assert!(false, "exchanges {:?} but walk {:?}", a.map(|m| m.regions), b.map(|m| m.regions)),
            }
        }
    }
}
