//! CSV that is data and JSON that is stable (docs/csv.md, docs/json.md):
//! every command's CSV, on every scenario of the Labour and US files,
//! parses with the `csv` crate, has its documented header, sums its seats
//! to the house, and holds numbers (integer, decimal or `p/q`) in its
//! numeric columns with no U+2212, thousands separators or marks; every
//! JSON document has its `schema` and no float with more than 4 decimals.

mod common;

use common::{seatshare, NEC};
use proptest::prelude::*;
use serde_json::Value;

const US: &str = "data/us-house-2020.yaml";
const CLAIMS: &str = "data/claims-nec-2018.yaml";

/// A schema: the command's header and which of its columns are numeric.
struct Schema {
    header: &'static [&'static str],
    numeric: &'static [&'static str],
    flags: &'static [&'static str],
}

const SEATS: Schema = Schema {
    header: &[
        "column",
        "region",
        "weight",
        "share",
        "quota",
        "quota_exact",
        "seats",
        "bound",
        "tied",
        "women_at_least",
        "women_at_most",
    ],
    numeric: &[
        "weight",
        "share",
        "quota",
        "quota_exact",
        "seats",
        "women_at_least",
        "women_at_most",
    ],
    flags: &["tied"],
};
const INDICES: Schema = Schema {
    header: &["column", "index", "value", "region"],
    numeric: &["value"],
    flags: &[],
};
const QUOTIENTS: Schema = Schema {
    header: &[
        "column",
        "region",
        "weight",
        "seats",
        "base",
        "divisor",
        "quotient",
        "floor",
        "remainder",
    ],
    numeric: &[
        "weight",
        "seats",
        "base",
        "divisor",
        "quotient",
        "floor",
        "remainder",
    ],
    flags: &[],
};
const SWEEP: Schema = Schema {
    header: &[
        "method",
        "seats",
        "region",
        "region_seats",
        "tied",
        "alabama",
    ],
    numeric: &["seats", "region_seats"],
    flags: &["tied"],
};
const THRESHOLD: Schema = Schema {
    header: &[
        "method",
        "first",
        "from",
        "last_failing",
        "first_possible",
        "forced_by_first_seats",
        "never",
        "never_reason",
    ],
    numeric: &["first", "from", "last_failing", "first_possible"],
    flags: &["forced_by_first_seats", "never"],
};
const IDENTIFY: Schema = Schema {
    header: &["method", "result", "region", "table_seats", "method_seats"],
    numeric: &["table_seats", "method_seats"],
    flags: &[],
};
const MARGIN: Schema = Schema {
    header: &[
        "method",
        "region",
        "seats",
        "needs",
        "from_region",
        "needs_tie_at",
        "can_lose",
        "to_region",
        "can_lose_tie_at",
        "tie_exact",
        "tied_now",
    ],
    numeric: &[
        "seats",
        "needs",
        "needs_tie_at",
        "can_lose",
        "can_lose_tie_at",
    ],
    flags: &["tie_exact", "tied_now"],
};
const ROBUST: Schema = Schema {
    header: &[
        "case", "kind", "region", "weight", "low", "high", "seats", "tied",
    ],
    numeric: &["weight", "low", "high", "seats"],
    flags: &["tied"],
};
const POPULATION: Schema = Schema {
    header: &[
        "region",
        "earlier",
        "later",
        "growth",
        "seats_earlier",
        "seats_later",
        "paradox_with",
    ],
    numeric: &["earlier", "later", "growth", "seats_earlier", "seats_later"],
    flags: &[],
};
const CHECK: Schema = Schema {
    header: &[
        "claim", "kind", "verdict", "methods", "holds_in", "outcomes", "weights", "scenario",
    ],
    numeric: &["holds_in", "outcomes"],
    flags: &[],
};
const METHODS: Schema = Schema {
    header: &["id", "family", "aliases", "definition"],
    numeric: &[],
    flags: &[],
};

/// Whether a cell is a number as docs/csv.md defines one: an integer, a
/// decimal (optional ASCII `-`, digits, optional `.digits`) or `p/q`.
fn is_number(cell: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if let Some((p, q)) = cell.split_once('/') {
        let p = p.strip_prefix('-').unwrap_or(p);
        return digits(p) && digits(q) && q != "0";
    }
    let t = cell.strip_prefix('-').unwrap_or(cell);
    match t.split_once('.') {
        Some((i, f)) => digits(i) && digits(f),
        None => digits(t),
    }
}

/// A parsed table: header and rows.
struct Parsed {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Parsed {
    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    /// The sum of the integer column `sum` per value of the key columns.
    fn sums(&self, keys: &[&str], sum: &str) -> Vec<(Vec<String>, u64)> {
        let key_at: Vec<usize> = keys.iter().map(|k| self.col(k)).collect();
        let at = self.col(sum);
        let mut out: Vec<(Vec<String>, u64)> = Vec::new();
        for row in &self.rows {
            let key: Vec<String> = key_at.iter().map(|&k| row[k].clone()).collect();
            let value: u64 = row[at].parse().expect("an integer seat count");
            match out.iter_mut().find(|(k, _)| *k == key) {
                Some((_, total)) => *total += value,
                None => out.push((key, value)),
            }
        }
        out
    }
}

/// Runs `args` with `--format csv`, expects success, parses the output
/// and checks it against `schema`: the header, numbers in the numeric
/// columns, `true`/`false` in the flags, and no cell with U+2212, a
/// thousands separator in a number, `≈`, `≥`, `≤`, `—` or a seat mark.
fn csv_of(args: &[&str], schema: &Schema) -> Parsed {
    let out = seatshare()
        .args(args)
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    parse(&text, schema, &format!("{args:?}"))
}

fn parse(text: &str, schema: &Schema, what: &str) -> Parsed {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, schema.header, "{what}: the documented header");
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("a CSV record").iter().map(String::from).collect())
        .collect();
    assert!(!rows.is_empty(), "{what}: rows");
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{what}: {row:?}");
        for (name, cell) in header.iter().zip(row) {
            for bad in ['\u{2212}', '≈', '≥', '≤', '—', '±'] {
                assert!(!cell.contains(bad), "{what}: {name} = {cell:?}");
            }
            if schema.numeric.contains(&name.as_str()) {
                assert!(
                    cell.is_empty() || is_number(cell),
                    "{what}: {name} = {cell:?} is not a number"
                );
            }
            if schema.flags.contains(&name.as_str()) {
                assert!(
                    cell == "true" || cell == "false",
                    "{what}: {name} = {cell:?}"
                );
            }
        }
    }
    Parsed { header, rows }
}

/// Runs `args` with `--format json` and checks the `schema` field (on
/// every object of a top-level array) and the floats.
fn json_of(args: &[&str], command: &str) -> Value {
    let out = seatshare()
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{args:?}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let schema = format!("seatshare/{command}/{}", seatshare::render::SCHEMA_VERSION);
    match &v {
        Value::Array(items) => {
            for item in items {
                assert_eq!(item["schema"], schema.as_str(), "{args:?}");
            }
        }
        _ => assert_eq!(v["schema"], schema.as_str(), "{args:?}"),
    }
    floats_are_short(&v, &format!("{args:?}"));
    v
}

/// Every float has at most `render::PLACES` decimals.
fn floats_are_short(v: &Value, what: &str) {
    match v {
        Value::Number(n) if n.is_f64() => {
            let text = n.to_string();
            assert!(
                !text.contains(['e', 'E']) || text.parse::<f64>().is_ok_and(|x| x.abs() >= 1e15),
                "{what}: {text}"
            );
            let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
            assert!(decimals <= seatshare::render::PLACES, "{what}: {text}");
        }
        Value::Array(items) => items.iter().for_each(|x| floats_are_short(x, what)),
        Value::Object(map) => map.values().for_each(|x| floats_are_short(x, what)),
        _ => {}
    }
}

/// The scenario ids and makeup ids of a file, read by the library.
fn ids(path: &str) -> (Vec<String>, Vec<String>) {
    let data = seatshare::scenario::Dataset::load(std::path::Path::new(path), None)
        .expect("the file reads");
    (
        data.scenarios.iter().map(|s| s.id.clone()).collect(),
        data.makeups.iter().map(|m| m.id.clone()).collect(),
    )
}

/// Whether the scenario runs (exit 0) or cannot hold (exit 2, nothing on
/// standard output).
fn runs(path: &str, id: &str) -> bool {
    let out = seatshare()
        .args(["allocate", path, "--scenario", id, "--format", "csv"])
        .output()
        .expect("runs");
    if out.status.code() == Some(2) {
        assert!(out.stdout.is_empty(), "{id}");
        return false;
    }
    assert!(out.status.success(), "{id}");
    true
}

fn allocate_every_scenario(path: &str) {
    let (scenarios, _) = ids(path);
    for id in scenarios.iter().filter(|id| runs(path, id)) {
        let args = ["allocate", path, "--scenario", id];
        let house = json_of(&args, "allocate")["seats"].as_u64().expect("seats");
        let seats = csv_of(&args, &SEATS);
        assert_eq!(
            seats.sums(&["column"], "seats"),
            vec![(vec![id.clone()], house)],
            "{id}"
        );
        let indices = csv_of(&[&args[..], &["--csv-table", "indices"]].concat(), &INDICES);
        let at = indices.col("value");
        assert_eq!(indices.rows[0][indices.col("index")], "seats");
        assert_eq!(indices.rows[0][at], house.to_string(), "{id}");
        let quotients = seatshare()
            .args(args)
            .args(["--format", "csv", "--csv-table", "quotients"])
            .output()
            .expect("runs");
        let engine = json_of(&args, "allocate")["engine"] == "rules";
        if engine {
            assert_eq!(quotients.status.code(), Some(2), "{id}");
            assert!(String::from_utf8_lossy(&quotients.stderr).contains("rules engine"));
        } else {
            let text = String::from_utf8(quotients.stdout).expect("utf-8");
            let q = parse(&text, &QUOTIENTS, id);
            assert_eq!(q.sums(&["column"], "seats")[0].1, house, "{id}");
        }
    }
}

#[test]
fn allocate_writes_its_three_tables_for_every_labour_scenario() {
    allocate_every_scenario(NEC);
}

#[test]
fn allocate_writes_its_three_tables_for_every_us_scenario() {
    allocate_every_scenario(US);
}

fn compare_sums(path: &str) {
    let v = json_of(&["compare", path], "compare");
    let seats = csv_of(&["compare", path], &SEATS);
    let sums = seats.sums(&["column"], "seats");
    let columns = v["columns"].as_array().expect("columns");
    assert_eq!(sums.len(), columns.len());
    for (column, (key, total)) in columns.iter().zip(&sums) {
        assert_eq!(column["id"].as_str(), Some(key[0].as_str()));
        assert_eq!(column["seats"].as_u64(), Some(*total), "{key:?}");
    }
    let indices = csv_of(&["compare", path, "--csv-table", "indices"], &INDICES);
    assert_eq!(indices.rows.len(), 11 * columns.len());
}

#[test]
fn compare_sums_every_column_to_its_house() {
    compare_sums(NEC);
    compare_sums(US);
}

#[test]
fn the_table_choice_is_refused_where_it_does_not_apply() {
    for args in [
        vec!["compare", NEC, "--csv-table", "indices"],
        vec![
            "compare",
            NEC,
            "--format",
            "csv",
            "--csv-table",
            "quotients",
        ],
        vec![
            "allocate",
            NEC,
            "--scenario",
            "proportional-9",
            "--format",
            "json",
            "--csv-table",
            "seats",
        ],
    ] {
        let out = seatshare().args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        assert!(String::from_utf8_lossy(&out.stderr).contains("--csv-table"));
    }
}

/// `None` when the command refuses the scenario's rules (exit 2, nothing
/// on standard output, a sentence on standard error); else its CSV,
/// checked, after its JSON is checked too.
fn answered(args: &[&str], command: &str, schema: &Schema) -> Option<Parsed> {
    let out = seatshare().args(args).output().expect("runs");
    if out.status.code() == Some(2) {
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
        return None;
    }
    json_of(args, command);
    Some(csv_of(args, schema))
}

fn claim_commands(path: &str, scenarios: &[String]) {
    let mut answers = 0;
    for id in scenarios.iter().filter(|id| runs(path, id)) {
        let scenario = ["--scenario", id.as_str()];
        let house = json_of(&[&["allocate", path][..], &scenario].concat(), "allocate")["seats"]
            .as_u64()
            .expect("seats");

        let margin_args = [&["margin", path][..], &scenario].concat();
        if let Some(margin) = answered(&margin_args, "margin", &MARGIN) {
            assert_eq!(margin.sums(&["method"], "seats")[0].1, house, "margin {id}");
            answers += 1;
        }

        let range = format!("{}..{house}", house.saturating_sub(2).max(1));
        let sweep_args = [&["sweep", path][..], &scenario, &["--seats", &range]].concat();
        if let Some(sweep) = answered(&sweep_args, "sweep", &SWEEP) {
            for (key, total) in sweep.sums(&["method", "seats"], "region_seats") {
                assert_eq!(key[1], total.to_string(), "sweep {id}");
            }
        }

        let robust_args = [&["robust", path][..], &scenario].concat();
        if let Some(robust) = answered(&robust_args, "robust", &ROBUST) {
            for (key, total) in robust.sums(&["case"], "seats") {
                assert_eq!(total, house, "robust {id} {key:?}");
            }
        }

        let population_args = [&["population", path][..], &scenario, &["--later", path]].concat();
        if let Some(population) = answered(&population_args, "population", &POPULATION) {
            for column in ["seats_earlier", "seats_later"] {
                assert_eq!(population.sums(&[], column)[0].1, house, "population {id}");
            }
        }
    }
    assert!(
        answers * 2 > scenarios.len(),
        "{path}: margin answered {answers}"
    );
}

#[test]
fn claim_commands_write_numbers_for_every_labour_scenario() {
    claim_commands(NEC, &ids(NEC).0);
}

#[test]
fn claim_commands_write_numbers_for_every_us_scenario() {
    claim_commands(US, &ids(US).0);
}

#[test]
fn identify_threshold_check_and_methods_write_tidy_tables() {
    for path in [NEC, US] {
        for makeup in ids(path).1 {
            let args = ["identify", path, "--makeup", makeup.as_str()];
            let v = json_of(&args, "identify");
            let house = v["seats"].as_u64().expect("seats");
            let table = csv_of(&args, &IDENTIFY);
            for (key, total) in table.sums(&["method"], "table_seats") {
                assert_eq!(total, house, "identify {makeup} {key:?}");
            }
            let at = table.col("method_seats");
            let methods = table.col("method");
            let with_seats: Vec<Vec<String>> = table
                .rows
                .iter()
                .filter(|r| !r[at].is_empty())
                .cloned()
                .collect();
            let allocated = Parsed {
                header: table.header.clone(),
                rows: with_seats,
            };
            for (key, total) in allocated.sums(&["method"], "method_seats") {
                assert_eq!(total, house, "identify {makeup} {key:?}");
            }
            assert!(table.rows.iter().all(|r| !r[methods].is_empty()));
        }
    }
    json_of(&["threshold", NEC], "threshold");
    let threshold = csv_of(&["threshold", NEC], &THRESHOLD);
    let first = threshold.col("first");
    let dhondt = threshold
        .rows
        .iter()
        .find(|r| r[0] == "dhondt")
        .expect("dhondt");
    assert_eq!(dhondt[first], "16");

    json_of(&["check", CLAIMS], "check");
    let check = csv_of(&["check", CLAIMS], &CHECK);
    let verdict = check.col("verdict");
    for row in &check.rows {
        assert!(
            ["true", "true_only_under", "false", "tied", "cannot_check"]
                .contains(&row[verdict].as_str()),
            "{row:?}"
        );
    }

    json_of(&["methods"], "methods");
    let methods = csv_of(&["methods"], &METHODS);
    assert!(methods.rows.iter().any(|r| r[0] == "huntington-hill"));
}

#[test]
fn a_numeric_cell_is_an_integer_a_decimal_or_a_fraction() {
    for good in ["0", "112308", "20.5364", "-0.176", "336924/182291"] {
        assert!(is_number(good), "{good}");
    }
    for bad in [
        "71,488", "1+", "1−", "≥ 5", "−0.1", "—", "1/0", "1.", ".5", "1e5",
    ] {
        assert!(!is_number(bad), "{bad}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Any house size of any method: the CSV seats sum to it, and the
    /// shares and quotas in it are numbers.
    #[test]
    fn custom_allocations_sum_to_their_house(seats in 1u64..60, method in prop::sample::select(vec!["dhondt", "sainte-lague", "hamilton", "droop", "danish"])) {
        let house = seats.to_string();
        let table = csv_of(&["allocate", NEC, "--seats", &house, "--method", method], &SEATS);
        prop_assert_eq!(table.sums(&["column"], "seats"), vec![(vec!["custom".to_string()], seats)]);
    }
}
