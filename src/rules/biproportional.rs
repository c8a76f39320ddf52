//! Biproportional apportionment: seats in a matrix (parties × districts,
//! or regions × {women, men}) proportional in both directions, with both
//! margins fixed. Solved as the Gaffke–Pukelsheim program (maximise the
//! sum of `ln(v / d(t − 1))` over every cell's seats), then checked
//! exactly: no exchange of seats around a cycle of cells may gain.

use std::cmp::Ordering;

use good_lp::{
    constraint, microlp, variable, Expression, ProblemVariables, ResolutionError, Solution,
    SolverModel, Variable,
};
use num_rational::BigRational;
use num_traits::{One, Zero};

use super::exact::{cell_approx, cell_exact, Worth};
use super::{Compiled, RulesError, RulesProblem, WomenSeats};
use crate::method::Method;
use crate::number::Decimal;

/// A matrix of weights: rows × columns (e.g. parties × districts).
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// Row labels.
    pub rows: Vec<String>,
    /// Column labels.
    pub columns: Vec<String>,
    /// `weights[r][c]`, exact.
    pub weights: Vec<Vec<Decimal>>,
}

/// A biproportional allocation.
#[derive(Debug, Clone, PartialEq)]
pub struct Biproportional {
    /// `seats[r][c]`.
    pub seats: Vec<Vec<u64>>,
    /// Equally good allocations (a tie), each one exchange cycle away.
    pub alternatives: Vec<Vec<Vec<u64>>>,
}

/// Rules on the cells of a regions × {women, men} matrix.
#[derive(Debug, Clone, Copy, Default)]
struct CellRules {
    balanced: bool,
    woman_each: bool,
}

struct Cells<'a> {
    weights: Vec<Vec<BigRational>>,
    rows: &'a [u64],
    columns: &'a [u64],
    method: &'a Method,
    rules: CellRules,
    /// Whether a cell without weight may take seats (a gender rule can
    /// force a woman where no woman is a member); such seats are worth
    /// almost nothing, so they go only where a rule needs them.
    zero_cells: bool,
}

/// Shares `row_seats` and `column_seats` over the matrix biproportionally
/// by a divisor method: each cell's seats are its weight divided by a row
/// divisor and a column divisor, rounded by the method.
///
/// ```
/// use seatshare::method::Method;
/// use seatshare::number::Decimal;
/// use seatshare::rules::{biproportional, Matrix};
///
/// // The English Wikipedia example (Sainte-Laguë, 20 seats).
/// let d = |rows: &[[u32; 3]]| rows.iter().map(|r| r.iter().map(|v| Decimal::from_u64(u64::from(*v))).collect()).collect();
/// let matrix = Matrix {
///     rows: vec!["A".into(), "B".into(), "C".into()],
///     columns: vec!["I".into(), "II".into(), "III".into()],
///     weights: d(&[[123, 45, 815], [912, 714, 414], [312, 255, 215]]),
/// };
/// let method = Method::parse("sainte-lague").unwrap();
/// let result = biproportional(&matrix, &[5, 11, 4], &[7, 5, 8], &method).unwrap();
/// assert_eq!(result.seats, vec![vec![1, 0, 4], vec![4, 4, 3], vec![2, 1, 1]]);
/// ```
pub fn biproportional(
    matrix: &Matrix,
    row_seats: &[u64],
    column_seats: &[u64],
    method: &Method,
) -> Result<Biproportional, RulesError> {
    let bad = |message: String| RulesError::InvalidRule {
        rule: "biproportional".into(),
        message,
    };
    if matrix.weights.len() != matrix.rows.len() || row_seats.len() != matrix.rows.len() {
        return Err(bad(format!(
            "{} rows are named, {} have weights and {} have seat totals; give each row all three",
            matrix.rows.len(),
            matrix.weights.len(),
            row_seats.len()
        )));
    }
    if let Some((r, row)) = matrix
        .weights
        .iter()
        .enumerate()
        .find(|(_, row)| row.len() != matrix.columns.len())
    {
        return Err(bad(format!(
            "row {} has {} weights for {} columns",
            matrix.rows[r],
            row.len(),
            matrix.columns.len()
        )));
    }
    if column_seats.len() != matrix.columns.len() {
        return Err(bad(format!(
            "{} columns but {} column seat totals",
            matrix.columns.len(),
            column_seats.len()
        )));
    }
    let (row_total, column_total): (u64, u64) = (row_seats.iter().sum(), column_seats.iter().sum());
    if row_total != column_total {
        return Err(bad(format!(
            "the row totals add up to {row_total} seats but the column totals to {column_total}; they must agree"
        )));
    }
    let cells = Cells {
        weights: matrix
            .weights
            .iter()
            .map(|row| row.iter().map(Decimal::to_rational).collect())
            .collect(),
        rows: row_seats,
        columns: column_seats,
        method: divisor_only(method)?,
        rules: CellRules::default(),
        zero_cells: false,
    };
    let Some(mut seats) = solve_cells(&cells)? else {
        return Err(RulesError::Infeasible {
            conflict: vec!["row totals".into(), "column totals".into()],
            explanation: "no allocation gives every row and column its total using only cells with weight: a row's seats must fit into the columns where it has weight".into(),
        });
    };
    let alternatives = settle(&cells, &mut seats)?;
    Ok(Biproportional {
        seats,
        alternatives,
    })
}

fn divisor_only(method: &Method) -> Result<&Method, RulesError> {
    match method {
        Method::Divisor(d) if !d.owes_first_seat() => Ok(method),
        _ => Err(RulesError::InvalidRule {
            rule: "biproportional".into(),
            message: format!(
                "biproportional shares need a divisor method with a positive first divisor, not {}; use e.g. sainte-lague (the Swiss double proportional method) or dhondt",
                method.id()
            ),
        }),
    }
}

/// Women per region when women members per region are known: the regions'
/// seats (already decided) split biproportionally between women and men,
/// with `women` women in all. `None` when the gender rules cannot hold.
pub(crate) fn women_cells(
    problem: &RulesProblem<'_>,
    women_weights: &[Decimal],
    compiled: &Compiled,
    seats: &[u64],
    women: u64,
) -> Result<Option<Vec<WomenSeats>>, RulesError> {
    let house: u64 = seats.iter().sum();
    let columns = [women, house.saturating_sub(women)];
    let weights = problem
        .weights
        .iter()
        .zip(women_weights)
        .map(|(all, w)| {
            let w = w.to_rational();
            vec![w.clone(), all.to_rational() - w]
        })
        .collect();
    let cells = Cells {
        weights,
        rows: seats,
        columns: &columns,
        method: divisor_only(problem.method)?,
        rules: CellRules {
            balanced: compiled.balanced,
            woman_each: compiled.woman_each,
        },
        zero_cells: true,
    };
    let Some(mut split) = solve_cells(&cells)? else {
        return Ok(None);
    };
    settle(&cells, &mut split)?;
    Ok(Some(
        split
            .iter()
            .map(|row| WomenSeats {
                at_least: row[0],
                at_most: row[0],
            })
            .collect(),
    ))
}

impl Cells<'_> {
    fn allowed(&self, r: usize, c: usize) -> bool {
        self.zero_cells || !self.weights[r][c].is_zero()
    }

    fn admits(&self, seats: &[Vec<u64>]) -> bool {
        let rows_ok = seats
            .iter()
            .zip(self.rows)
            .all(|(row, &t)| row.iter().sum::<u64>() == t);
        let columns_ok = (0..self.columns.len())
            .all(|c| seats.iter().map(|row| row[c]).sum::<u64>() == self.columns[c]);
        let cells_ok = seats.iter().enumerate().all(|(r, row)| {
            row.iter()
                .enumerate()
                .all(|(c, &s)| s == 0 || self.allowed(r, c))
        });
        let gender_ok = seats.iter().all(|row| {
            let (w, m) = (row[0], row.get(1).copied().unwrap_or(0));
            (!self.rules.balanced || w.abs_diff(m) <= 1)
                && (!self.rules.woman_each || w + m < 2 || w >= 1)
        });
        rows_ok && columns_ok && cells_ok && gender_ok
    }
}

fn solve_cells(cells: &Cells<'_>) -> Result<Option<Vec<Vec<u64>>>, RulesError> {
    let (nr, nc) = (cells.rows.len(), cells.columns.len());
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::from(0.0);
    let mut steps: Vec<Vec<Vec<Variable>>> = Vec::with_capacity(nr);
    for r in 0..nr {
        let mut row = Vec::with_capacity(nc);
        for c in 0..nc {
            let mut cell = Vec::new();
            if cells.allowed(r, c) {
                for t in 1..=cells.rows[r].min(cells.columns[c]) {
                    let x = vars.add(variable().binary());
                    objective += cell_approx(cells.method, &cells.weights[r][c], t - 1) * x;
                    cell.push(x);
                }
            }
            row.push(cell);
        }
        steps.push(row);
    }
    let total = |cell: &[Variable]| -> Expression { cell.iter().copied().sum() };
    let mut model = vars.maximise(objective).using(microlp);
    for row in &steps {
        for cell in row {
            for pair in cell.windows(2) {
                model = model.with(constraint!(pair[1] <= pair[0]));
            }
        }
    }
    for (r, row) in steps.iter().enumerate() {
        let sum: Expression = row.iter().map(|cell| total(cell)).sum();
        model = model.with(constraint!(sum == cells.rows[r] as f64));
        if cells.rules.balanced && nc == 2 {
            let diff = total(&row[0]) - total(&row[1]);
            model = model.with(constraint!(diff.clone() <= 1));
            model = model.with(constraint!(diff >= -1));
        }
        if cells.rules.woman_each && cells.rows[r] >= 2 {
            model = model.with(constraint!(total(&row[0]) >= 1));
        }
    }
    for c in 0..nc {
        let sum: Expression = steps.iter().map(|row| total(&row[c])).sum();
        model = model.with(constraint!(sum == cells.columns[c] as f64));
    }
    let solution = match model.solve() {
        Ok(s) => s,
        Err(ResolutionError::Infeasible) => return Ok(None),
        Err(e) => return Err(RulesError::Internal(format!("the solver failed: {e}"))),
    };
    let seats: Vec<Vec<u64>> = steps
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| {
                    let held: f64 = cell.iter().map(|&x| solution.value(x)).sum();
                    held.round().max(0.0) as u64
                })
                .collect()
        })
        .collect();
    if !cells.admits(&seats) {
        return Err(RulesError::Internal(
            "the solver's matrix misses a row or column total".into(),
        ));
    }
    Ok(Some(seats))
}

/// The worth gained by a cell's next seat and lost with its last one.
fn gain(cells: &Cells<'_>, seats: &[Vec<u64>], r: usize, c: usize) -> Worth {
    cell_exact(cells.method, &cells.weights[r][c], seats[r][c])
}

fn loss(cells: &Cells<'_>, seats: &[Vec<u64>], r: usize, c: usize) -> Worth {
    cell_exact(cells.method, &cells.weights[r][c], seats[r][c] - 1)
}

/// The product of worths gained over the product lost around a cycle that
/// adds a seat at each `adds` cell and removes one at each `removes` cell;
/// compared with 1, exactly.
fn cycle_value(
    cells: &Cells<'_>,
    seats: &[Vec<u64>],
    adds: &[(usize, usize)],
    removes: &[(usize, usize)],
) -> Option<Ordering> {
    let mut gained = BigRational::one();
    let mut lost = BigRational::one();
    for &(r, c) in adds {
        if !cells.allowed(r, c) {
            return None;
        }
        match gain(cells, seats, r, c) {
            Worth::Finite(v) => gained *= v,
            Worth::Owed => return None,
        }
    }
    for &(r, c) in removes {
        if seats[r][c] == 0 {
            return None;
        }
        match loss(cells, seats, r, c) {
            Worth::Finite(v) => lost *= v,
            Worth::Owed => return None,
        }
    }
    if cells.zero_cells {
        // A seat in a cell without weight is worth 0, so every product
        // through it is 0; compare by the number of such seats first.
        let zero_adds = adds
            .iter()
            .filter(|&&(r, c)| cells.weights[r][c].is_zero())
            .count();
        let zero_removes = removes
            .iter()
            .filter(|&&(r, c)| cells.weights[r][c].is_zero())
            .count();
        if zero_adds != zero_removes {
            return Some(zero_removes.cmp(&zero_adds));
        }
        if zero_adds > 0 {
            return Some(Ordering::Equal);
        }
    }
    Some(gained.cmp(&lost))
}

fn apply(seats: &mut [Vec<u64>], adds: &[(usize, usize)], removes: &[(usize, usize)]) {
    for &(r, c) in adds {
        seats[r][c] += 1;
    }
    for &(r, c) in removes {
        seats[r][c] -= 1;
    }
}

/// Makes every exchange that gains, exactly, and returns the equally good
/// alternatives. Exchanges of four cells (two rows × two columns) are all
/// checked exactly; longer cycles are looked for with floats and confirmed
/// exactly. With two columns every cycle has four cells, so the check is
/// complete there.
fn settle(cells: &Cells<'_>, seats: &mut Vec<Vec<u64>>) -> Result<Vec<Vec<Vec<u64>>>, RulesError> {
    let limit = 4 * cells.rows.iter().sum::<u64>() + 16;
    for _ in 0..limit {
        let mut improved = false;
        let mut alternatives = Vec::new();
        let candidates: Vec<Cycle> = swaps(cells, seats)
            .chain(long_cycle(cells, seats))
            .collect();
        for (adds, removes) in candidates {
            let Some(order) = cycle_value(cells, seats, &adds, &removes) else {
                continue;
            };
            if order == Ordering::Less {
                continue;
            }
            let mut trial = seats.clone();
            apply(&mut trial, &adds, &removes);
            if !cells.admits(&trial) {
                continue;
            }
            if order == Ordering::Greater {
                *seats = trial;
                improved = true;
                break;
            }
            if !alternatives.contains(&trial) {
                alternatives.push(trial);
            }
        }
        if !improved {
            return Ok(alternatives);
        }
    }
    Err(RulesError::Internal(
        "the exact repair of the solver's matrix did not settle".into(),
    ))
}

type Cycle = (Vec<(usize, usize)>, Vec<(usize, usize)>);

/// Every exchange over two rows and two columns: +1 at (a, x) and (b, y),
/// −1 at (a, y) and (b, x).
fn swaps<'a>(cells: &'a Cells<'_>, seats: &'a [Vec<u64>]) -> impl Iterator<Item = Cycle> + 'a {
    let (nr, nc) = (cells.rows.len(), cells.columns.len());
    (0..nr).flat_map(move |a| {
        (0..nr).filter(move |&b| b != a).flat_map(move |b| {
            (0..nc).flat_map(move |x| {
                (0..nc)
                    .filter(move |&y| y != x && seats[a][y] > 0 && seats[b][x] > 0)
                    .map(move |y| (vec![(a, x), (b, y)], vec![(a, y), (b, x)]))
            })
        })
    })
}

/// A cycle longer than four cells that the floats say gains or nearly
/// gains (Bellman–Ford on −log worths, with a small allowance so that
/// exact ties are found too). At most one; the caller confirms it exactly.
fn long_cycle(cells: &Cells<'_>, seats: &[Vec<u64>]) -> Option<Cycle> {
    let (nr, nc) = (cells.rows.len(), cells.columns.len());
    if nr < 3 || nc < 3 {
        return None;
    }
    // Nodes: rows 0..nr, columns nr..nr+nc. Row → column adds a seat to
    // that cell, column → row removes one.
    let mut edges: Vec<(usize, usize, f64)> = Vec::new();
    for (r, row) in seats.iter().enumerate() {
        for (c, &held) in row.iter().enumerate() {
            let v = &cells.weights[r][c];
            if cells.allowed(r, c) {
                edges.push((r, nr + c, -cell_approx(cells.method, v, held)));
            }
            if held > 0 {
                edges.push((nr + c, r, cell_approx(cells.method, v, held - 1)));
            }
        }
    }
    const ALLOWANCE: f64 = 1e-9;
    let nodes = nr + nc;
    let mut dist = vec![0.0f64; nodes];
    let mut pred = vec![usize::MAX; nodes];
    let mut last = None;
    for _ in 0..nodes {
        last = None;
        for &(u, v, w) in &edges {
            if dist[u] + w - ALLOWANCE < dist[v] {
                dist[v] = dist[u] + w - ALLOWANCE;
                pred[v] = u;
                last = Some(v);
            }
        }
        last?;
    }
    let mut node = last?;
    for _ in 0..nodes {
        node = pred[node];
    }
    let start = node;
    let mut path = vec![start];
    let mut current = pred[start];
    while current != start && path.len() <= nodes {
        path.push(current);
        current = pred[current];
    }
    path.reverse();
    let mut adds = Vec::new();
    let mut removes = Vec::new();
    for k in 0..path.len() {
        let (u, v) = (path[k], path[(k + 1) % path.len()]);
        if u < nr && v >= nr {
            adds.push((u, v - nr));
        } else if u >= nr && v < nr {
            removes.push((v, u - nr));
        } else {
            return None;
        }
    }
    (adds.len() > 2).then_some((adds, removes))
}
