//! Regressions from the input campaign (`scripts/campaign.py`) and issue
//! #11's reproducers: each input once gave a panic, an exit code 1, a false
//! message or unbounded work. Each must now give an answer or a sentence
//! with exit code 2.

mod common;

use common::{file, seatshare};

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = seatshare().args(args).output().expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_weight_past_forty_digits_is_refused_with_the_cap() {
    let huge = format!("region,w\nA,{}\nB,3\n", "9".repeat(41));
    let path = file("huge.csv", &huge);
    let (code, _, err) = run(&["allocate", &path, "--seats", "2", "--method", "dhondt"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("41 digits") && err.contains("at most 40"),
        "{err}"
    );
    assert!(err.contains("line 2"), "the error names the line: {err}");
    // Forty digits are read, and the rules engine (floats only propose)
    // still answers exactly: once "the solver failed", exit 1.
    let ok = format!("region,w\nA,{}\nB,3\nC,7\n", "9".repeat(40));
    let path = file("forty.csv", &ok);
    let (code, out, err) = run(&[
        "allocate",
        &path,
        "--seats",
        "4",
        "--method",
        "dhondt",
        "--balanced-delegations",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let text = json.to_string();
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
}

#[test]
fn tiny_and_huge_weights_together_keep_every_margin_on_the_grid() {
    // A 31-digit weight beside one with 14 decimals: the margin search's
    // probe weights pass 40 digits, which the input cap must not refuse
    // (it once said "internal error: a margin left the data's grid").
    let text = "region,w\nA,355\nB,548921.35679458095\nC,1000000000000000000000000000000\n";
    let path = file("grid.csv", text);
    let (code, out, err) = run(&[
        "margin",
        &path,
        "--seats",
        "2",
        "--method",
        "modified-sainte-lague",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("needs"), "{out}");
}

#[test]
fn threshold_with_a_zero_weight_and_no_seats_asked_does_not_divide_by_zero() {
    let path = file("zero.csv", "region,w\nA,5\nB,0\nC,1\n");
    let (code, out, err) = run(&["threshold", &path, "--method", "hamilton", "--each", "0"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.contains("hamilton"), "{out}");
}

#[test]
fn a_threshold_past_the_largest_house_is_never_not_a_size() {
    let path = file("ok.csv", "region,w\nA,5\nB,3\nC,1\n");
    let (code, out, err) = run(&[
        "threshold",
        &path,
        "--method",
        "imperiali-quota",
        "--each",
        "18446744073709551615",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let t = &json["results"][0];
    assert!(t["first"].is_null() && t["from"].is_null(), "{t}");
    assert!(t.to_string().contains("2^60"), "{t}");
}

#[test]
fn minimums_whose_total_passes_u64_are_summed_exactly() {
    let path = file("ok2.csv", "region,w\nA,5\nB,3\nC,1\n");
    let (code, _, err) = run(&[
        "allocate",
        &path,
        "--seats",
        "9",
        "--method",
        "dhondt",
        "--min",
        "A=9223372036854775808",
        "--min",
        "B=9223372036854775808",
    ]);
    assert_eq!(code, Some(2));
    // 2^63 + 2^63 = 2^64, not the saturated 2^64 − 1.
    assert!(err.contains("18446744073709551616"), "{err}");
}

#[test]
fn a_sweep_is_bounded_by_its_seat_counts_not_only_its_sizes() {
    let (code, out, err) = run(&[
        "sweep",
        "data/us-house-2020.yaml",
        "--seats",
        "1..999999",
        "--method",
        "dhondt",
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(out.is_empty());
    assert!(err.contains("at most 200000"), "{err}");
}

#[test]
fn a_claims_file_cannot_read_outside_its_folder_unless_allowed() {
    let claims = file("outside.yaml", "title: x\ndata: /etc/passwd\nclaims: []\n");
    let (code, _, err) = run(&["check", &claims]);
    assert_eq!(code, Some(2));
    assert!(err.contains("outside the claims file's folder"), "{err}");
    assert!(
        !err.contains("root:"),
        "the other file's content is shown: {err}"
    );
    // Allowed, the data file's own error is named in one line, without
    // quoting the file.
    let (code, _, err) = run(&["check", &claims, "--allow-outside-paths"]);
    assert_eq!(code, Some(2));
    assert!(
        !err.contains("root:"),
        "the other file's content is shown: {err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let climbing = file(
        "climb.yaml",
        "title: x\ndata: ../../etc/hostname\nclaims: []\n",
    );
    let (code, _, err) = run(&["check", &climbing]);
    assert_eq!(code, Some(2));
    assert!(err.contains("outside"), "{err}");
}

#[test]
fn region_names_that_differ_only_in_case_or_spacing_are_flagged() {
    let path = file("near.csv", "region,w\nNorth East,5\nnorth  east,3\nC,1\n");
    let (code, _, err) = run(&["allocate", &path, "--seats", "3", "--method", "dhondt"]);
    assert_eq!(code, Some(0));
    assert!(
        err.contains("`North East` and `north  east` differ only in case or spacing"),
        "{err}"
    );
}

#[test]
fn a_droop_margin_on_a_fine_grid_answers() {
    // Droop's quota steps every S + 1 = 2 units; on a grid of 10^-7 the
    // walk to R0's margin has about 470,000 steps: it once ran for minutes,
    // then was refused. Read off the remainders it answers. With one seat
    // every floor is 0 and the seat goes to the largest weight, so R0 wins
    // it just past R1's 939,307.6593795: 939,304.6593796 more than its 3.
    let text = "region,w\nR0,3\nR1,939307.6593795\nR2,491\nR3,690\nR4,614\n";
    let path = file("droop.csv", text);
    let (code, out, err) = run(&[
        "margin", &path, "--seats", "1", "--method", "droop", "--format", "csv",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let r0 = out
        .lines()
        .find(|l| l.starts_with("droop,R0,"))
        .expect("R0's row");
    assert!(r0.contains(",939304.6593796,"), "{out}");
}

#[test]
fn a_droop_margin_with_too_many_quota_steps_stops_with_a_sentence() {
    // About 5·10^10 quota steps on a grid of 10^-9.
    let text = "region,w\nR0,3\nR1,93930765937.659379512\nR2,491\nR3,690\nR4,614\n";
    let path = file("droop-fine.csv", text);
    let (code, _, err) = run(&["margin", &path, "--seats", "1", "--method", "droop"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("30,000,000 quota steps") && err.contains("hagenbach-bischoff"),
        "{err}"
    );
}

#[test]
fn droop_margins_on_the_us_states_still_answer() {
    // The step filter skips quota steps without a solve; the answers are
    // those of the plain walk (checked equal when the filter went in).
    let (code, out, err) = run(&[
        "margin",
        "data/us-house-2020.yaml",
        "--seats",
        "435",
        "--method",
        "droop",
        "--region",
        "New York",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("New York"), "{out}");
}

#[test]
fn a_threshold_under_rules_that_never_hold_stops_at_once() {
    // Each impossible size costs a proof; this once tried 2,000 of them
    // (over 25 minutes in a debug build). Sizes under the 3 seats the
    // group needs are skipped without one.
    let (code, out, err) = run(&[
        "threshold",
        "data/labour-nec-2018.yaml",
        "--scenario",
        "nations-3-capped",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let never = json["results"][0]["never"].as_str().expect("never");
    assert!(
        never.contains("cannot hold at any size from 3 to 27"),
        "{never}"
    );
    assert!(never.contains("2 < 3"), "{never}");
    // With no size found there is no allocation table (it was an empty
    // list of region names).
    let (code, out, err) = run(&[
        "threshold",
        "data/labour-nec-2018.yaml",
        "--scenario",
        "nations-3-capped",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("never (see below)") && out.contains("Never: the rules cannot hold"),
        "{out}"
    );
    assert!(!out.contains("The allocation at the first size"), "{out}");
}

#[test]
fn the_progress_line_counts_the_work_and_stays_off_a_pipe() {
    // Off standard error when it is not a terminal (as here)...
    let (code, _, err) = run(&[
        "margin",
        "data/us-census-2020.csv",
        "--seats",
        "435",
        "--method",
        "droop",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(err, "");
    // ...and, asked for always, it ends on the work done: every region.
    let out = seatshare()
        .env("SEATSHARE_PROGRESS", "always")
        .args([
            "margin",
            "data/us-census-2020.csv",
            "--seats",
            "435",
            "--method",
            "droop",
        ])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("margins under droop: 50 of 50 (100%), "),
        "{err}"
    );
}

#[test]
fn a_makeup_past_two_to_the_sixty_seats_is_refused_not_summed() {
    // Its sum once overflowed (a panic with overflow checks).
    let text = "regions:\n  - {name: A, count: 5}\n  - {name: B, count: 7}\nmakeups:\n  - id: given\n    seats: {A: 18446744073709551615, B: 10}\n";
    let path = file("huge-makeup.yaml", text);
    let (code, _, err) = run(&["compare", &path]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("more than 2^60 seats in all"), "{err}");
}

#[test]
fn the_rules_engine_refuses_a_house_past_its_cap_at_once() {
    // 10^9 seats under a gender rule once ran for minutes.
    let (code, _, err) = run(&[
        "allocate",
        "data/labour-nec-2018.yaml",
        "--seats",
        "1000000000",
        "--method",
        "dhondt",
        "--balanced-delegations",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("10,000 with group or gender rules"), "{err}");
}

#[test]
fn a_sweep_under_rules_is_bounded_by_the_seats_it_solves() {
    // 1..1001 under balanced delegations once took minutes.
    let (code, _, err) = run(&[
        "sweep",
        "data/labour-nec-2018.yaml",
        "--seats",
        "1..1001",
        "--method",
        "dhondt",
        "--balanced-delegations",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("more than 50,000 seats solved"), "{err}");
}

#[test]
fn a_table_claim_past_two_to_the_sixty_seats_is_refused_not_summed() {
    let dir = std::env::temp_dir().join(format!("seatshare-claims-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("data.yaml"),
        "regions:\n  - {name: A, count: 5}\n  - {name: B, count: 7}\n",
    )
    .expect("data");
    let claims = dir.join("claims.yaml");
    std::fs::write(
        &claims,
        "title: t\ndata: data.yaml\nclaims:\n  - id: c\n    kind: table\n    text: t\n    source: s\n    methods: all\n    table: {A: 18446744073709551615, B: 435}\n",
    )
    .expect("claims");
    let (code, _, err) = run(&["check", claims.to_str().expect("path")]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("more than 2^60 seats in all"), "{err}");
}
