//! Helpers shared by the command-line test files.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use assert_cmd::Command;
use proptest::collection::vec;
use proptest::prelude::*;
use seatshare::allocation::Allocation;

/// The Labour NEC scenario file.
pub const NEC: &str = "data/labour-nec-2018.yaml";

/// The binary under test.
pub fn seatshare() -> Command {
    let mut command = Command::cargo_bin("seatshare").expect("the binary builds");
    // Tables are laid out for $COLUMNS when it is set: the tests read
    // full-width output unless they set it themselves.
    command.env_remove("COLUMNS");
    command
}

/// Writes `text` to a fresh file named `name` and returns its path.
pub fn file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("seatshare-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path.to_str().expect("utf-8 path").to_string()
}

/// Runs with `--format json`, expects success, and parses the output.
pub fn json(args: &[&str]) -> serde_json::Value {
    let out = seatshare()
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// Seats per region name from an allocation's JSON.
pub fn seats_by_name(value: &serde_json::Value) -> Vec<(String, u64)> {
    value["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap_or("").to_string(),
                r["seats"].as_u64().unwrap_or(u64::MAX),
            )
        })
        .collect()
}

/// Runs `args`, expects an input error (exit code 2, nothing on stdout, no
/// panic) whose message has every one of `words`.
pub fn fails_with(args: &[&str], words: &[&str]) {
    let out = seatshare().args(args).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{args:?} should fail with 2");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    for w in words {
        assert!(err.contains(w), "{args:?}: `{w}` not in: {err}");
    }
}

/// Every allocation a result allows: the one shown when there is no tie,
/// else every way of giving the contested seats to the tied regions.
pub fn outcomes(allocation: &Allocation) -> BTreeSet<Vec<u64>> {
    let seats = allocation.seats();
    let Some(tie) = &allocation.tie else {
        return BTreeSet::from([seats]);
    };
    let mut base = seats.clone();
    for &i in &tie.could_lose {
        base[i] -= 1;
    }
    let candidates: BTreeSet<usize> = tie
        .could_gain
        .iter()
        .chain(&tie.could_lose)
        .copied()
        .collect();
    let candidates: Vec<usize> = candidates.into_iter().collect();
    let k = tie.seats_in_tie as usize;
    let mut out = BTreeSet::new();
    for mask in 0u32..(1 << candidates.len()) {
        if mask.count_ones() as usize != k {
            continue;
        }
        let mut s = base.clone();
        for (bit, &i) in candidates.iter().enumerate() {
            if mask & (1 << bit) != 0 {
                s[i] += 1;
            }
        }
        out.insert(s);
    }
    out
}

/// One weight: small weights make equal weights and ties likely, zeros test
/// regions that are owed nothing, large ones test the arithmetic.
pub fn weight() -> impl Strategy<Value = u64> {
    prop_oneof![5 => 0u64..=10_000_000, 3 => 1u64..=12, 1 => Just(0u64)]
}

/// Weights for `regions` regions, at least one of them with weight.
pub fn int_weights(regions: RangeInclusive<usize>) -> impl Strategy<Value = Vec<u64>> {
    vec(weight(), regions).prop_map(|mut w| {
        if w.iter().all(|&x| x == 0) {
            w[0] = 1;
        }
        w
    })
}
