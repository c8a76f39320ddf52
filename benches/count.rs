//! Criterion benchmarks of `seatshare count`: every Glasgow 2007 ward under
//! `scottish` and `wigm`; a synthetic 9-seat election with 30 candidates
//! and 100,000 distinct ballots under `wigm` (target under 200 ms) and
//! hypothetical model NEC election with guard/doom on region × gender
//! (at least 5 women of 9 and a member from each of Wales and Scotland;
//! target under 50 ms); the synthetic election under `meek` (target under
//! 2 s).
//!
//! Run with `cargo bench --bench count`. Figures and targets are in
//! BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use seatshare::count::blt::parse_blt;
use seatshare::count::model::synthetic;
use seatshare::count::{count, Constraints, CountOptions, CountRule, Mode};

fn root(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn glasgow(c: &mut Criterion) {
    let dir = root("tests/fixtures/stv/glasgow_2007");
    let mut wards: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "blt"))
        .collect();
    wards.sort();
    let mut group = c.benchmark_group("glasgow_2007");
    for path in wards {
        let name = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .to_string();
        let election = parse_blt(&std::fs::read(&path).expect("ward"), &name).expect("parses");
        for rule in [CountRule::Scottish, CountRule::Wigm] {
            let options = CountOptions::new(rule);
            group.bench_function(format!("{name}/{}", rule.id()), |b| {
                b.iter(|| count(black_box(&election), &options).expect("counts"))
            });
        }
    }
    group.finish();
}

fn synthetic_wigm(c: &mut Criterion) {
    let election = synthetic(30, 9, 100_000, 1);
    let options = CountOptions::new(CountRule::Wigm);
    let mut group = c.benchmark_group("synthetic");
    group.sample_size(10);
    group.bench_function("30c_9s_100k_distinct/wigm", |b| {
        b.iter(|| count(black_box(&election), &options).expect("counts"))
    });
    let meek = CountOptions::new(CountRule::Meek);
    group.bench_function("30c_9s_100k_distinct/meek", |b| {
        b.iter(|| count(black_box(&election), &meek).expect("counts"))
    });
    let ers97 = CountOptions::new(CountRule::Ers97);
    group.bench_function("30c_9s_100k_distinct/ers97", |b| {
        b.iter(|| count(black_box(&election), &ers97).expect("counts"))
    });
    group.finish();
}

fn model_nec(c: &mut Criterion) {
    let blt = root("data/nec-model-2018.blt");
    let election = parse_blt(&std::fs::read(&blt).expect("model"), "model").expect("parses");
    let yaml = std::fs::read_to_string(root("data/nec-model-2018-nations.yaml")).expect("yaml");
    let k = Constraints::from_yaml(&yaml, "nations", &election.names, 9).expect("constraints");
    let mut options = CountOptions::new(CountRule::Wigm);
    options.constraints = Some(k);
    options.mode = Mode::GuardDoom;
    let mut group = c.benchmark_group("model_nec");
    group.bench_function("guard_doom_region_x_gender", |b| {
        b.iter(|| count(black_box(&election), &options).expect("counts"))
    });
    let mut meek = options.clone();
    meek.rule = CountRule::Meek;
    group.bench_function("guard_doom_region_x_gender/meek", |b| {
        b.iter(|| count(black_box(&election), &meek).expect("counts"))
    });
    let mut ers97 = options.clone();
    ers97.rule = CountRule::Ers97;
    group.bench_function("guard_doom_region_x_gender/ers97", |b| {
        b.iter(|| count(black_box(&election), &ers97).expect("counts"))
    });
    let free = CountOptions::new(CountRule::Wigm);
    group.bench_function("unconstrained", |b| {
        b.iter(|| count(black_box(&election), &free).expect("counts"))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(5)).sample_size(20);
    targets = glasgow, synthetic_wigm, model_nec
}
criterion_main!(benches);
