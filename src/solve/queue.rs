//! The constrained priority queue shared by every method.
//!
//! A method is a priority for each region's next seat that falls as the
//! region holds more seats: `v / d(k)` for divisor methods, `v/Q − k` for
//! quota methods. The allocation is the `house` highest priorities, with
//! each region starting at its floor (its minimum) and skipped at its
//! maximum: BAZI's constrained divisor method, and for quota methods the
//! allocation that minimises Σ(seats − quotient)² within the bounds.
//!
//! Whether the outcome is unique is read off the boundary afterwards: the
//! best priority left out and the worst priority let in. When they are equal
//! the last seats are tied.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use super::SolveError;
use crate::allocation::Tie;

/// A priority rule: what a method says about each region's next seat.
pub(crate) trait Priorities {
    /// A totally ordered priority; higher wins.
    type P: Ord + Clone;
    /// The priority of the next seat of `region` when it holds `held`.
    fn priority(&self, region: usize, held: u64) -> Result<Self::P, SolveError>;
}

/// The regions sharing one priority at the boundary.
#[derive(Debug, Clone)]
pub(crate) struct Edge<P> {
    pub priority: P,
    pub regions: Vec<usize>,
}

/// Seats after filling, with both sides of the boundary.
#[derive(Debug, Clone)]
pub(crate) struct Filled<P> {
    pub seats: Vec<u64>,
    /// Best next seat among regions below their maximum.
    pub best_out: Option<Edge<P>>,
    /// Worst seat held above a region's floor.
    pub worst_in: Option<Edge<P>>,
}

impl<P: Ord> Filled<P> {
    /// The tie at the boundary, if the best seat left out is as good as the
    /// worst seat let in.
    pub fn tie(&self) -> Option<Tie> {
        let out = self.best_out.as_ref()?;
        let inside = self.worst_in.as_ref()?;
        if out.priority != inside.priority {
            return None;
        }
        // A region is on both sides only when its next seat is worth as much
        // as its last one: a region without weight under a divisor method
        // (every priority 0), holding seats because every other region is at
        // its maximum. Moving a seat from a region to itself changes nothing,
        // so each region is listed on one side only, and there is a tie only
        // when two different regions meet at the boundary.
        let both = |i: &usize| out.regions.contains(i) && inside.regions.contains(i);
        let (could_gain, could_lose): (Vec<usize>, Vec<usize>) =
            if inside.regions.iter().any(|i| !both(i)) {
                let lose = inside.regions.iter().copied().filter(|i| !both(i));
                (out.regions.clone(), lose.collect())
            } else {
                let gain = out.regions.iter().copied().filter(|i| !both(i));
                (gain.collect(), inside.regions.clone())
            };
        if could_gain.is_empty() {
            return None;
        }
        Some(Tie {
            seats_in_tie: could_lose.len() as u64,
            could_gain,
            could_lose,
        })
    }
}

struct Entry<P> {
    priority: P,
    region: usize,
}

impl<P: Ord> Ord for Entry<P> {
    fn cmp(&self, other: &Self) -> Ordering {
        // Among equal priorities the earlier region pops first. That choice
        // never decides a result: equal priorities at the boundary are
        // reported as a tie.
        self.priority
            .cmp(&other.priority)
            .then_with(|| other.region.cmp(&self.region))
    }
}
impl<P: Ord> PartialOrd for Entry<P> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<P: Ord> PartialEq for Entry<P> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<P: Ord> Eq for Entry<P> {}

fn below_max(held: u64, max: Option<u64>) -> bool {
    max.is_none_or(|m| held < m)
}

/// Runs the queue from `start` until `house` seats are held, then reads the
/// boundary. `floor` holds each region's minimum: seats at or below it are
/// not free.
///
/// `start` is a lower bound of the result that respects the bounds, taken
/// at a threshold: every seat of it above a region's floor ranks strictly
/// above every seat the queue hands out (the jump starts give the seats
/// above a divisor or a quota threshold; the floors hold no such seat).
/// So when the queue hands out seats, the worst seat let in is among them,
/// and the boundary reads it from them instead of from every region.
///
/// With `left` seats to hand out, only the regions whose next seats are the
/// `left` best can win one: those are `left` priorities above the next seat
/// of every other region, and each region's priorities fall seat by seat.
/// So one pass keeps the `left` best next seats in a small heap (in the big
/// heap's own order: priority, then the earlier region) and the best of the
/// rest as the best seat left out, and the queue runs over the `left`
/// regions alone: O(n + left · log left) time and O(left) memory instead of
/// a heap over every region, whose memory and scattered access dominated at
/// 10^6 regions. When the seat after each of them ranks below the last of
/// them (largest remainders after the floors; divisor methods after a close
/// jump start), each wins one seat and no heap is needed at all. Either way
/// the pops, and so the seats and the boundary, are the big heap's.
pub(crate) fn fill<R: Priorities>(
    rule: &R,
    start: Vec<u64>,
    floor: &[u64],
    max: &[Option<u64>],
    house: u64,
) -> Result<Filled<R::P>, SolveError> {
    let mut seats = start;
    let held = seats
        .iter()
        .try_fold(0u64, |a, &s| a.checked_add(s))
        .filter(|&held| held <= house)
        .ok_or_else(|| SolveError::Internal("the starting allocation exceeded the house".into()))?;
    let left = house - held;
    let k = usize::try_from(left).unwrap_or(usize::MAX).min(seats.len());
    // The k best next seats, the worst of them on top.
    let mut best: BinaryHeap<Reverse<Entry<R::P>>> = BinaryHeap::with_capacity(k);
    let mut best_out: Option<Edge<R::P>> = None;
    for (region, &s) in seats.iter().enumerate() {
        if !below_max(s, max[region]) {
            continue;
        }
        let entry = Entry {
            priority: rule.priority(region, s)?,
            region,
        };
        if best.len() < k {
            best.push(Reverse(entry));
            continue;
        }
        let out = match best.peek_mut() {
            Some(mut worst) if entry > worst.0 => std::mem::replace(&mut worst.0, entry),
            _ => entry,
        };
        merge(&mut best_out, out.priority, out.region, Ordering::Greater);
    }
    let entries: Vec<Entry<R::P>> = best.into_vec().into_iter().map(|e| e.0).collect();
    let worst_in = if left == 0 {
        None
    } else if let Some(after) = one_each(rule, &entries, &seats, max, left)? {
        // Each region won the one seat its entry priced: the worst of
        // them is the worst seat let in.
        let mut worst = None;
        for (entry, second) in entries.into_iter().zip(after) {
            seats[entry.region] += 1;
            if let Some(p) = second {
                merge(&mut best_out, p, entry.region, Ordering::Greater);
            }
            merge(&mut worst, entry.priority, entry.region, Ordering::Less);
        }
        worst
    } else {
        let mut heap = BinaryHeap::from(entries);
        let given = pop_seats(rule, &mut heap, &mut seats, max, left)?;
        // The heap holds exactly its regions below their maximum, each with
        // the priority of its next seat: seats left out.
        for entry in heap.into_vec() {
            merge(
                &mut best_out,
                entry.priority,
                entry.region,
                Ordering::Greater,
            );
        }
        last_given(rule, &seats, given)?
    };
    boundary(rule, seats, floor, best_out, worst_in)
}

/// The worst of the last seats of the regions in `given` (the regions the
/// queue gave seats, in any order, repeated or not), or `None` when it gave
/// none.
fn last_given<R: Priorities>(
    rule: &R,
    seats: &[u64],
    mut given: Vec<usize>,
) -> Result<Option<Edge<R::P>>, SolveError> {
    given.sort_unstable();
    given.dedup();
    let mut worst = None;
    for region in given {
        let p = rule.priority(region, seats[region] - 1)?;
        merge(&mut worst, p, region, Ordering::Less);
    }
    Ok(worst)
}

/// The priority of the seat after each of `best` (`None` at a maximum),
/// when `best` are the `left` best next seats and every seat after them
/// ranks below the last of `best` in the heap's order: then the heap would
/// give each region of `best` one seat.
#[allow(clippy::type_complexity)]
fn one_each<R: Priorities>(
    rule: &R,
    best: &[Entry<R::P>],
    seats: &[u64],
    max: &[Option<u64>],
    left: u64,
) -> Result<Option<Vec<Option<R::P>>>, SolveError> {
    if best.len() as u64 != left {
        return Ok(None);
    }
    let Some(last) = best.iter().min() else {
        return Ok(Some(Vec::new()));
    };
    let mut after = Vec::with_capacity(best.len());
    for entry in best {
        let region = entry.region;
        let held = seats[region] + 1;
        if below_max(held, max[region]) {
            let second = Entry {
                priority: rule.priority(region, held)?,
                region,
            };
            if second >= *last {
                return Ok(None);
            }
            after.push(Some(second.priority));
        } else {
            after.push(None);
        }
    }
    Ok(Some(after))
}

/// Gives the top of the heap its seat `left` times, each time putting the
/// region back with the priority of its next seat (or out at its maximum).
/// Returns the regions given seats, once per seat.
fn pop_seats<R: Priorities>(
    rule: &R,
    heap: &mut BinaryHeap<Entry<R::P>>,
    seats: &mut [u64],
    max: &[Option<u64>],
    left: u64,
) -> Result<Vec<usize>, SolveError> {
    let mut given = Vec::with_capacity(usize::try_from(left).unwrap_or(0).min(heap.len()));
    for _ in 0..left {
        let mut top = heap.peek_mut().ok_or_else(|| {
            SolveError::Internal("the queue ran out of regions below their maximum".into())
        })?;
        let region = top.region;
        given.push(region);
        seats[region] += 1;
        if below_max(seats[region], max[region]) {
            top.priority = rule.priority(region, seats[region])?;
        } else {
            std::collections::binary_heap::PeekMut::pop(top);
        }
    }
    Ok(given)
}

/// Reads both sides of the boundary of a finished allocation, given the
/// best seat left out and, when the queue handed out seats, the worst of
/// them (see [`fill`]). Both list their regions in region order, as a scan
/// of the regions would.
fn boundary<R: Priorities>(
    rule: &R,
    seats: Vec<u64>,
    floor: &[u64],
    mut best_out: Option<Edge<R::P>>,
    given_worst: Option<Edge<R::P>>,
) -> Result<Filled<R::P>, SolveError> {
    let mut worst_in = given_worst;
    if worst_in.is_none() {
        for (region, &s) in seats.iter().enumerate() {
            if s > floor[region] {
                let p = rule.priority(region, s - 1)?;
                merge(&mut worst_in, p, region, Ordering::Less);
            }
        }
    }
    for edge in [&mut best_out, &mut worst_in].into_iter().flatten() {
        edge.regions.sort_unstable();
    }
    if let (Some(out), Some(inside)) = (&best_out, &worst_in) {
        if out.priority > inside.priority {
            return Err(SolveError::Internal(
                "a seat left out outranks a seat let in".into(),
            ));
        }
    }
    Ok(Filled {
        seats,
        best_out,
        worst_in,
    })
}

#[inline]
fn merge<P: Ord>(edge: &mut Option<Edge<P>>, p: P, region: usize, better: Ordering) {
    match edge {
        Some(e) => match p.cmp(&e.priority) {
            Ordering::Equal => e.regions.push(region),
            o if o == better => {
                // A new best is common while scanning: keep the list's
                // allocation.
                e.priority = p;
                e.regions.clear();
                e.regions.push(region);
            }
            _ => {}
        },
        None => {
            *edge = Some(Edge {
                priority: p,
                regions: vec![region],
            })
        }
    }
}

/// The order in which seats are won from `start`: one pass of the queue
/// gives the allocation at every house size up to `start + count` (divisor
/// methods are house-monotone). Each award carries its priority so that ties
/// between consecutive sizes can be read off.
pub(crate) fn awards<R: Priorities>(
    rule: &R,
    start: &[u64],
    max: &[Option<u64>],
    count: u64,
) -> Result<Vec<(usize, R::P)>, SolveError> {
    let mut seats = start.to_vec();
    let mut heap = BinaryHeap::with_capacity(seats.len());
    for (region, &s) in seats.iter().enumerate() {
        if below_max(s, max[region]) {
            heap.push(Entry {
                priority: rule.priority(region, s)?,
                region,
            });
        }
    }
    let mut out = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    for _ in 0..count {
        let Some(mut top) = heap.peek_mut() else {
            break;
        };
        let region = top.region;
        out.push((region, top.priority.clone()));
        seats[region] += 1;
        if below_max(seats[region], max[region]) {
            top.priority = rule.priority(region, seats[region])?;
        } else {
            std::collections::binary_heap::PeekMut::pop(top);
        }
    }
    Ok(out)
}
