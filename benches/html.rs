//! Criterion benchmarks of the HTML report (issue #9) on the Labour NEC
//! file: the whole page (compare, the report's sweeps and quotient tables,
//! rendering) against `compare --format json` (compare and rendering), and
//! the rendering alone (the comparison computed once, outside the loop).
//! The file is read once, outside every timed loop.
//!
//! Run with `cargo bench --bench html`. Figures are in BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use seatshare::analysis::{compare, report::report};
use seatshare::render::{self, Format};
use seatshare::scenario::Dataset;

fn labour() -> Dataset {
    Dataset::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("data/labour-nec-2018.yaml"),
        None,
    )
    .expect("NEC file")
}

const COMMAND: &str = "seatshare compare data/labour-nec-2018.yaml --format html";

fn html_report(c: &mut Criterion) {
    let data = labour();
    // Outside the timed loops: the page holds every column and stays small.
    let comparison = compare(&data, None).expect("compare");
    let page = render::compare_page(
        &data,
        &comparison,
        &report(&data, &comparison).expect("report"),
        COMMAND,
    );
    assert!(page.len() < 300_000, "{} bytes", page.len());
    assert!(page.contains("id=\"seatshare-data\""));

    let mut group = c.benchmark_group("labour");
    group.measurement_time(Duration::from_secs(5));
    group.sample_size(30);
    group.bench_function("html_page", |b| {
        b.iter(|| {
            let comparison = compare(black_box(&data), None).expect("compare");
            let report = report(&data, &comparison).expect("report");
            black_box(render::compare_page(&data, &comparison, &report, COMMAND))
        })
    });
    group.bench_function("json", |b| {
        b.iter(|| {
            let comparison = compare(black_box(&data), None).expect("compare");
            black_box(render::compare(&data, &comparison, Format::Json))
        })
    });
    group.bench_function("html_render_only", |b| {
        b.iter(|| {
            let report = report(black_box(&data), black_box(&comparison)).expect("report");
            black_box(render::compare_page(&data, &comparison, &report, COMMAND))
        })
    });
    group.bench_function("json_render_only", |b| {
        b.iter(|| black_box(render::compare(&data, black_box(&comparison), Format::Json)))
    });
    group.finish();
}

criterion_group!(benches, html_report);
criterion_main!(benches);
