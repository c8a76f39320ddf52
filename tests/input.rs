//! Input from anywhere and output written safely: standard input, format
//! and separator detection, BAZI data files, a CSV column as a seat table,
//! `--output`, a closed pipe, inputs that never end, and "did you mean".

mod common;

use std::io::Read as _;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{fails_with, file, json, seats_by_name, seatshare, NEC};

const WEIGHTS: &str = "data/weights.csv";
const US: &str = "data/us-census-2020.csv";

/// Runs with `stdin` on standard input; returns (exit code, stdout, stderr).
fn run_with_stdin(args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
    let out = seatshare()
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The seats of a JSON allocation read from standard input.
fn stdin_seats(args: &[&str], stdin: &str) -> Vec<(String, u64)> {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = run_with_stdin(&all, stdin);
    assert_eq!(code, Some(0), "{args:?}: {err}");
    seats_by_name(&serde_json::from_str(&out).expect("valid JSON"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).expect("file exists")
}

const NINE: [&str; 5] = ["--seats", "9", "--method", "sainte-lague", "--column"];

#[test]
fn compare_reads_standard_input_as_it_reads_the_file() {
    let by_path = seatshare().args(["compare", NEC]).output().expect("runs");
    assert!(by_path.status.success());
    let (code, by_stdin, err) = run_with_stdin(&["compare", "-"], &read(NEC));
    assert_eq!(code, Some(0), "{err}");
    let expected = String::from_utf8_lossy(&by_path.stdout).replace(NEC, "<stdin>");
    assert_eq!(by_stdin, expected);
    assert!(by_stdin.contains("Greater London"));
}

#[test]
fn semicolon_and_tab_csv_on_stdin_allocate_the_seats_of_the_comma_csv() {
    let comma = read(WEIGHTS);
    let mut args = vec!["allocate", "-"];
    args.extend(NINE);
    args.push("members");
    let expected = stdin_seats(&args, &comma);
    assert_eq!(expected.iter().map(|(_, s)| s).sum::<u64>(), 9);
    assert_eq!(expected[0], ("Greater London".to_string(), 2));
    for sep in [";", "\t"] {
        let text = comma.replace(',', sep);
        assert_eq!(stdin_seats(&args, &text), expected, "separator {sep:?}");
    }
}

#[test]
fn a_byte_order_mark_and_a_differently_cased_column_are_accepted() {
    let text = format!("\u{feff}{}", read(WEIGHTS));
    let mut args = vec!["allocate", "-"];
    args.extend(NINE);
    args.push("MEMBERS");
    let seats = stdin_seats(&args, &text);
    assert_eq!(seats[0], ("Greater London".to_string(), 2));
    assert_eq!(seats.len(), 11);
}

#[test]
fn delimiter_overrides_detection() {
    // More commas than semicolons in the header: detection takes commas.
    let text = "region;members, January 2018, The Red Roar\nNorth;5\nSouth;3\nEast;2\n";
    let args = ["allocate", "-", "--seats", "4", "--method", "dhondt"];
    let (code, _, err) = run_with_stdin(&args, text);
    assert_eq!(code, Some(2), "{err}");
    let mut with = args.to_vec();
    with.extend(["--delimiter", ";"]);
    let seats = stdin_seats(&with, text);
    assert_eq!(
        seats.iter().map(|(_, s)| *s).collect::<Vec<_>>(),
        vec![2, 1, 1]
    );
}

#[test]
fn input_format_overrides_detection() {
    // A header that looks like a YAML key: read as YAML unless told.
    let text = "Region: name,members\nNorth,5\nSouth,3\n";
    let args = ["allocate", "-", "--seats", "3", "--method", "dhondt"];
    let (code, _, err) = run_with_stdin(&args, text);
    assert_eq!(code, Some(2), "{err}");
    let mut with = args.to_vec();
    with.extend(["--input-format", "csv"]);
    let seats = stdin_seats(&with, text);
    assert_eq!(
        seats,
        vec![("North".to_string(), 2), ("South".to_string(), 1)]
    );
    // And the other way: a CSV read as YAML fails as YAML.
    let (code, _, err) = run_with_stdin(
        &[
            "allocate",
            "-",
            "--seats",
            "3",
            "--method",
            "dhondt",
            "--input-format",
            "yaml",
        ],
        &read(WEIGHTS),
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("<stdin>"), "{err}");
}

#[test]
fn a_yaml_file_is_told_from_its_content_whatever_its_name() {
    let path = file("labour.csv", &read(NEC));
    let v = json(&["allocate", &path, "--scenario", "proportional-9"]);
    assert_eq!(v["method"], "dhondt");
}

#[test]
fn a_negative_weight_names_the_row_the_region_and_the_column() {
    let text = "region,members\nNorth,5\nSouth,-12\nEast,4\n";
    let (code, out, err) = run_with_stdin(
        &["allocate", "-", "--seats", "3", "--method", "dhondt"],
        text,
    );
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(
        err.contains(
            "<stdin>:3:2: region `South`: `-12` in column `members` is negative; weights must be 0 or more"
        ),
        "{err}"
    );
}

#[test]
fn with_no_numeric_column_the_closest_and_the_breaking_row_are_named() {
    let text = "region,members,note\nNorth,5,a\nSouth,n/a,b\nEast,4,c\n";
    let (code, _, err) = run_with_stdin(
        &["allocate", "-", "--seats", "3", "--method", "dhondt"],
        text,
    );
    assert_eq!(code, Some(2));
    for words in [
        "the closest is `members` (2 of 3 rows)",
        "line 3 (region `South`) by `n/a`",
    ] {
        assert!(err.contains(words), "`{words}` not in {err}");
    }
}

#[test]
fn the_hand_written_bazi_example_allocates_seven_three_nought() {
    let out = seatshare()
        .args([
            "allocate",
            "tests/fixtures/bazi_readme_sainte_lague.bazi",
            "--scenario",
            "bazi",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["method"], "sainte-lague");
    assert_eq!(
        seats_by_name(&v),
        vec![
            ("Party 1".to_string(), 7),
            ("Party 2".to_string(), 3),
            ("Party 3".to_string(), 0)
        ]
    );
    // The output options are not read, and the user is told.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ignored =AUSGABE="), "{err}");
}

#[test]
fn the_bundestag_2009_bazi_file_gives_the_published_seats() {
    let csv = read("tests/fixtures/bundestag_2009_oberverteilung_sainte_lague.csv");
    let published: Vec<(String, u64)> = csv
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (cells[0].to_string(), cells[2].parse().expect("seats"))
        })
        .collect();
    assert_eq!(published.iter().map(|(_, s)| s).sum::<u64>(), 598);
    let v = json(&[
        "allocate",
        "tests/fixtures/bundestag_2009_oberverteilung_sainte_lague.bazi",
        "--scenario",
        "bazi",
    ]);
    assert_eq!(seats_by_name(&v), published);
    // The same file on standard input, its format told from its content.
    let seats = stdin_seats(
        &["allocate", "-", "--scenario", "bazi"],
        &read("tests/fixtures/bundestag_2009_oberverteilung_sainte_lague.bazi"),
    );
    assert_eq!(seats, published);
}

#[test]
fn bazi_minimum_and_maximum_columns_become_the_scenario_bounds() {
    // Party 3's minimum of 1 takes a seat from Party 1 (7, 3, 0 unbounded).
    let text = "=TITEL= t\n=METHODE= DivStd\n=EINGABE= Partei, Stimmen, Min, Max\n=MANDATE= 10\n=DATEN=\n\"Party 1\" 651\n\"Party 2\" 349 0 3\n\"Party 3\" 50 1\n=ENDE=\n";
    let seats = stdin_seats(&["allocate", "-", "--scenario", "bazi"], text);
    assert_eq!(
        seats.iter().map(|(_, s)| *s).collect::<Vec<_>>(),
        vec![6, 3, 1]
    );
}

#[test]
fn bazi_files_with_several_districts_are_refused() {
    let text = "=TITEL= t\n=METHODE= DivStd\n=DISTRIKT= A\n=MANDATE= 2\n=DATEN=\nx 1\ny 2\n=DISTRIKT= B\n=MANDATE= 2\n=DATEN=\nx 1\ny 2\n=ENDE=\n";
    let path = file("districts.bazi", text);
    fails_with(
        &["allocate", &path, "--scenario", "bazi"],
        &["districts.bazi:8:1", "biproportional"],
    );
}

#[test]
fn identify_finds_huntington_hill_in_the_census_seat_column() {
    let v = json(&["identify", US, "--table-column", "seats", "--method", "all"]);
    assert_eq!(v["seats"], 435);
    assert_eq!(v["matches"], serde_json::json!(["huntington-hill"]));
}

#[test]
fn a_claims_file_on_stdin_checks_a_csv_seat_column() {
    let claims = "title: t\ndata: data/us-census-2020.csv\nclaims:\n  - id: official\n    text: \"the 2020 House seats are Huntington-Hill's\"\n    source: \"U.S. Census Bureau\"\n    kind: table\n    methods: huntington-hill\n    table_column: seats\n";
    let (code, out, err) = run_with_stdin(&["check", "-", "--format", "json"], claims);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["claims"][0]["verdict"], "true");
    assert_eq!(v["claims"][0]["evidence"]["seats"], 435);
}

#[test]
fn output_writes_the_bytes_of_standard_output() {
    let stdout = seatshare().args(["compare", NEC]).output().expect("runs");
    let path = file("compare-out.txt", "old");
    let written = seatshare()
        .args(["compare", NEC, "--output", &path])
        .output()
        .expect("runs");
    assert!(written.status.success());
    assert!(written.stdout.is_empty());
    assert_eq!(std::fs::read(&path).expect("written"), stdout.stdout);
}

#[test]
fn output_writes_nothing_on_an_error() {
    let path = file("kept.txt", "the old file");
    let out = seatshare()
        .args(["allocate", NEC, "--scenario", "no-such", "--output", &path])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(read(&path), "the old file");
    let dir = std::path::Path::new(&path).parent().expect("dir");
    let leftovers = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn output_into_a_missing_folder_is_an_input_error() {
    fails_with(
        &["compare", NEC, "--output", "/nonexistent-seatshare/out.txt"],
        &[
            "--output",
            "the folder `/nonexistent-seatshare` does not exist",
        ],
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // A large output (every house size up to 3000 for 50 states), so that
    // the writer is still writing when the reader goes away.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_seatshare"))
        .args([
            "sweep", US, "--seats", "1..3000", "--method", "dhondt", "--format", "csv",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    // The pipe's read end is dropped here.
    let out = child.wait_with_output().expect("ends");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!first.is_empty());
}

#[test]
fn dev_zero_as_a_file_is_refused_at_once() {
    let start = Instant::now();
    fails_with(
        &[
            "allocate",
            "/dev/zero",
            "--seats",
            "3",
            "--method",
            "dhondt",
        ],
        &["/dev/zero", "not a regular file"],
    );
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_fifo_is_refused_rather_than_waited_on() {
    let path = std::env::temp_dir().join(format!("seatshare-fifo-{}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let shown = path.to_string_lossy().into_owned();
    fails_with(
        &["allocate", &shown, "--seats", "3", "--method", "dhondt"],
        &["not a regular file"],
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn endless_standard_input_is_refused_above_the_limit() {
    let start = Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_seatshare"))
        .args(["allocate", "-", "--seats", "3", "--method", "dhondt"])
        .stdin(std::fs::File::open("/dev/zero").expect("/dev/zero"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("<stdin>: the input is larger than 64 MiB"),
        "{err}"
    );
    assert!(start.elapsed() < Duration::from_secs(20));
}

#[test]
fn a_file_over_the_limit_is_refused_without_reading_it() {
    let path = file("huge.csv", "");
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("opens");
    f.set_len(65 * 1024 * 1024).expect("sparse file");
    let start = Instant::now();
    fails_with(
        &["allocate", &path, "--seats", "3", "--method", "dhondt"],
        &["larger than 64 MiB"],
    );
    assert!(start.elapsed() < Duration::from_secs(10));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn did_you_mean_for_a_misspelt_key() {
    let path = file(
        "misspelt.yaml",
        "title: t\nregoins:\n  - {name: A, count: 3}\n",
    );
    fails_with(
        &["compare", &path],
        &["unknown field `regoins`", "did you mean `regions`?"],
    );
}

#[test]
fn did_you_mean_for_a_misspelt_method() {
    fails_with(
        &["allocate", NEC, "--seats", "9", "--method", "sainte-lagu"],
        &[
            "unknown method `sainte-lagu`",
            "did you mean `sainte-lague`?",
        ],
    );
}

#[test]
fn did_you_mean_for_a_misspelt_scenario() {
    fails_with(
        &["allocate", NEC, "--scenario", "proportonal-9"],
        &["no scenario named `proportonal-9`; did you mean `proportional-9`?"],
    );
}

#[test]
fn did_you_mean_for_a_misspelt_region_and_column() {
    fails_with(
        &[
            "allocate", NEC, "--seats", "9", "--method", "dhondt", "--min", "Walse=1",
        ],
        &["no region named `Walse`; did you mean `Wales`?"],
    );
    fails_with(
        &[
            "allocate", WEIGHTS, "--seats", "9", "--method", "dhondt", "--column", "membrs",
        ],
        &["no column named `membrs`; did you mean `members`?"],
    );
}

#[test]
fn a_decimal_comma_in_a_semicolon_csv_is_named_as_such() {
    let text = "region;share\nNorth;20,54\nSouth;79,46\n";
    let (code, _, err) = run_with_stdin(
        &["allocate", "-", "--seats", "3", "--method", "dhondt"],
        text,
    );
    assert_eq!(code, Some(2));
    assert!(
        err.contains("<stdin>:2:2:")
            && err.contains("`20,54` in column `share` has a decimal comma"),
        "{err}"
    );
}
