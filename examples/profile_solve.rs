//! The driver behind the instruction counts in BENCHMARKS.md: solves the
//! 50 US states (2020 census) at 500 seats N times, so that a profiler
//! sees the solve and little else.
//!
//! ```sh
//! cargo build --release --example profile_solve
//! # instructions per call: run N = 200 and N = 0, subtract, divide by 200
//! valgrind --tool=callgrind target/release/examples/profile_solve 200 hamilton
//! valgrind --tool=callgrind target/release/examples/profile_solve 0 hamilton
//! ```
//!
//! Arguments: N (default 200) and a method id (default `hamilton`), or
//! `bare` for the bare largest-remainder loop the benchmarks compare
//! with. With `LEAN=1` it calls `seatshare::solve::seats` instead of
//! `apportion`. The names are given as `CompactString`s, as the
//! benchmarks give them; `STRING_NAMES=1` gives them as `String`s. Prints the time per call on stderr (a rough figure: the
//! benchmarks are the measure).

use seatshare::method::Method;
use seatshare::scenario::{Basis, Dataset};
use seatshare::solve::{apportion, Bounds, Problem, TieBreak};
use std::hint::black_box;
use std::path::Path;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let m = std::env::args().nth(2).unwrap_or_else(|| "hamilton".into());
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data/us_census_2020_apportionment.csv");
    let data = Dataset::load(&path, Some("population")).expect("population");
    let names = data.names();
    let weights = data.weights(Basis::Counts).expect("w");
    let method = Method::parse(if m == "bare" { "hamilton" } else { &m }).expect("method");
    let compact: Vec<seatshare::CompactString> = names.iter().map(|n| n.as_str().into()).collect();
    if std::env::var("STRING_NAMES").is_ok() {
        solve_all(n, &m, &names, &weights, &method);
    } else {
        solve_all(n, &m, &compact, &weights, &method);
    }
}

fn solve_all<N: seatshare::RegionName>(
    n: usize,
    m: &str,
    names: &[N],
    weights: &[seatshare::number::Decimal],
    method: &Method,
) {
    let bounds = Bounds::none(names.len());
    let problem = Problem {
        names,
        weights,
        house: 500,
        method,
        bounds: &bounds,
        tie_break: TieBreak::Report,
    };
    let mut total = 0u64;
    if m == "bare" {
        let raw: Vec<u64> = weights
            .iter()
            .map(|d| d.to_string().parse().unwrap())
            .collect();
        for _ in 0..n {
            total += bare(black_box(&raw), 500)[0];
        }
        println!("{total}");
        return;
    }
    if std::env::var("LEAN").is_ok() {
        for _ in 0..n {
            total += seatshare::solve::seats(black_box(&problem))
                .expect("solves")
                .seats[0];
        }
        println!("{total}");
        return;
    }
    let t = std::time::Instant::now();
    for _ in 0..n {
        let a = apportion(black_box(&problem)).expect("solves");
        total += a.seats()[0];
    }
    eprintln!("{:.0} ns", t.elapsed().as_nanos() as f64 / n.max(1) as f64);
    println!("{total}");
}

fn bare(weights: &[u64], house: u64) -> Vec<u64> {
    let qn: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    let qd = u128::from(house);
    let mut seats = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut held: u64 = 0;
    for (i, &w) in weights.iter().enumerate() {
        let scaled = u128::from(w) * qd;
        let floor = (scaled / qn) as u64;
        held += floor;
        seats.push(floor);
        remainders.push((scaled % qn, i));
    }
    remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in &remainders[..(house - held) as usize] {
        seats[i] += 1;
    }
    seats
}
