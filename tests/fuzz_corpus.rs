//! Replays the fuzz corpus under `cargo test`: every file kept in
//! `fuzz/corpus/<target>/` (minimised with `cargo fuzz cmin`) and every
//! input in `fuzz/artifacts/<target>/` (crashes found and since fixed)
//! goes through the same function the fuzz target calls, from
//! `fuzz/properties.rs`. A reader must answer or explain and a property
//! must hold; any panic fails the test with the file's name.

#[path = "../fuzz/properties.rs"]
mod properties;

use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

fn replay(target: &str) -> usize {
    let (_, run) = properties::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .unwrap_or_else(|| panic!("no target {target}"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut seen = 0;
    for dir in ["corpus", "artifacts"] {
        for file in files(&root.join(dir).join(target)) {
            let data = std::fs::read(&file).expect("read a corpus file");
            let result = std::panic::catch_unwind(|| run(&data));
            assert!(result.is_ok(), "{target}: {} fails", file.display());
            seen += 1;
        }
    }
    seen
}

macro_rules! replays {
    ($($target:ident),* $(,)?) => {
        $(
            #[test]
            fn $target() {
                let seen = replay(stringify!($target));
                assert!(seen > 0, "no corpus kept for {}", stringify!($target));
            }
        )*

        #[test]
        fn every_target_is_replayed() {
            let replayed = [$(stringify!($target)),*];
            for (name, _) in properties::TARGETS {
                assert!(replayed.contains(name), "{name} has no replay test");
            }
        }
    };
}

replays!(
    read_yaml,
    read_csv,
    read_claims,
    read_blt,
    divisor_house_monotone,
    anonymity,
    scale_invariance,
    conservation,
    hamilton_quota,
    rules_unbinding_equals_method,
    rules_result_meets_rules,
);

/// The tie set every property reads: two equal regions and one seat give
/// both ways, an odd split of three equal regions every choice of two.
#[test]
fn outcomes_enumerate_the_tie_set() {
    use seatshare::method::Method;
    use seatshare::number::Decimal;
    use seatshare::solve::{apportion, Bounds, Problem, TieBreak};
    let solve = |weights: &[u64], house: u64| {
        let names: Vec<String> = (0..weights.len()).map(|i| format!("R{i}")).collect();
        let weights: Vec<Decimal> = weights.iter().map(|&w| Decimal::from_u64(w)).collect();
        apportion(&Problem {
            names: &names,
            weights: &weights,
            house,
            method: &Method::parse("dhondt").expect("dhondt"),
            bounds: &Bounds::none(weights.len()),
            tie_break: TieBreak::Report,
        })
        .expect("solves")
    };
    let set = |v: &[&[u64]]| {
        v.iter()
            .map(|s| s.to_vec())
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(
        properties::outcomes(&solve(&[5, 5], 1)),
        set(&[&[1, 0], &[0, 1]])
    );
    assert_eq!(
        properties::outcomes(&solve(&[7, 7, 7, 1], 5)),
        set(&[&[2, 2, 1, 0], &[2, 1, 2, 0], &[1, 2, 2, 0]])
    );
    assert_eq!(properties::outcomes(&solve(&[9, 1], 3)), set(&[&[3, 0]]));
}
