//! Helpers shared by the command-line test files.

#![allow(dead_code)]

use assert_cmd::Command;

/// The Labour NEC scenario file.
pub const NEC: &str = "data/labour-nec-2018.yaml";

/// The binary under test.
pub fn seatshare() -> Command {
    Command::cargo_bin("seatshare").expect("the binary builds")
}

/// Writes `text` to a fresh file named `name` and returns its path.
pub fn file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("seatshare-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path
}

/// Runs with `--format json`, expects success, and parses the output.
pub fn json(args: &[&str]) -> serde_json::Value {
    let out = seatshare()
        .args(args)
        .arg("--format")
        .arg("json")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
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
