//! `seatshare count`: flags into the count module's types, then the
//! stages (read ballots → constraints → count → render).

use std::io::Read as _;
use std::path::PathBuf;

use anyhow::anyhow;
use clap::Args;

use super::{bad_input, Failure, FormatArg};
use seatshare::count::bloc::{count_bloc, parse_csv};
use seatshare::count::blt::parse_blt;
use seatshare::count::ranked_csv::{looks_like_csv, parse_ranked_csv};
use seatshare::count::render::{compare_modes, page, sheet};
use seatshare::count::{count, Constraints, CountError, CountOptions, CountRule, Mode, Outcome};
use seatshare::rules::WomenTarget;

/// `seatshare count`.
#[derive(Args)]
#[command(after_help = super::help::COUNT)]
pub(super) struct CountArgs {
    /// The ballots: a BLT file or ranked ballots in CSV (the Scottish
    /// councils' layout; `-` reads standard input); with `--rule bloc`, a
    /// CSV of candidate, votes and attributes.
    ballots: PathBuf,
    /// How the ballots are written: auto (the default: a first line with a
    /// comma is CSV), blt or csv (ranked ballots, one row per paper).
    #[arg(long, value_name = "auto|blt|csv", default_value = "auto")]
    ballot_format: String,
    /// The counting rule: wigm (default), scottish, ers97, meek or bloc.
    #[arg(long, default_value = "wigm")]
    rule: String,
    /// Seats to fill (the bloc vote needs it; a BLT file states its own).
    #[arg(long)]
    seats: Option<usize>,
    /// A YAML file of candidates' attributes and constraints, or a
    /// seatshare scenario file whose rules become constraints (give both,
    /// each with its own --candidates, to count a BLT file under a
    /// scenario's rules).
    #[arg(long, value_name = "FILE")]
    candidates: Vec<PathBuf>,
    /// Which scenario of a scenario file given with --candidates (needed
    /// when it has more than one).
    #[arg(long, value_name = "ID")]
    scenario: Option<String>,
    /// At least this many women (5) or this share of the seats (50%).
    #[arg(long, value_name = "K|P%")]
    women_at_least: Option<String>,
    /// Rounding of a percentage of women: up or down.
    #[arg(long, value_name = "up|down")]
    women_rounding: Option<String>,
    /// At least K elected from each value of an attribute, e.g. region=1.
    #[arg(long, value_name = "ATTRIBUTE=K")]
    each_at_least: Option<String>,
    /// How constraints are enforced: guard-doom (the default for STV),
    /// replacement (the default for the bloc vote, as its rule book words
    /// it) or unconstrained.
    #[arg(long)]
    mode: Option<String>,
    /// Count under every enforcement mode and show them side by side.
    #[arg(long)]
    compare_modes: bool,
    /// The seed of any lot a tie needs (recorded in the output); without
    /// one, every outcome of such a tie is reported.
    #[arg(long)]
    seed: Option<u64>,
    /// Output format (html: one self-contained page, the summary then the stages).
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
}

fn count_failure(e: CountError) -> Failure {
    let input = e.is_input_error();
    Failure {
        error: anyhow!(e),
        input,
        shown: String::new(),
    }
}

fn read(path: &PathBuf) -> Result<(Vec<u8>, String), Failure> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| bad_input(anyhow!("standard input cannot be read: {e}")))?;
        return Ok((bytes, "<stdin>".into()));
    }
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| bad_input(anyhow!("{name}: cannot be read: {e}")))?;
    Ok((bytes, name))
}

/// The constraints the flags and the candidates file give, if any.
fn constraints(
    args: &CountArgs,
    names: &[String],
    seats: usize,
    attributes: Option<Vec<std::collections::BTreeMap<String, String>>>,
) -> Result<Option<Constraints>, Failure> {
    let mut files = Vec::new();
    for path in &args.candidates {
        let (bytes, file) = read(path)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| bad_input(anyhow!("{file}: is not UTF-8 text; save it as UTF-8")))?;
        let is_scenario = text
            .lines()
            .any(|l| l.starts_with("scenarios:") || l.starts_with("regions:"));
        files.push((file, text, is_scenario));
    }
    let (scenarios, people): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| f.2);
    if people.len() > 1 || scenarios.len() > 1 {
        return Err(bad_input(anyhow!(
            "--candidates: give at most one candidates file and one scenario file"
        )));
    }
    let mut k = match (people.first(), attributes) {
        (Some((file, text, _)), _) => {
            Some(Constraints::from_yaml(text, file, names, seats).map_err(count_failure)?)
        }
        (None, Some(a)) => Some(Constraints::attributes_only(a)),
        (None, None) => None,
    };
    if let Some((file, text, _)) = scenarios.first() {
        let Some(k) = k.as_mut() else {
            return Err(bad_input(anyhow!(
                "{file} is a scenario file: its rules need the candidates' regions and genders; give a candidates file too (--candidates FILE, with a `region` and a `gender` for each candidate)"
            )));
        };
        let data = seatshare::scenario::Dataset::from_yaml_str(text, file)
            .map_err(|e| bad_input(anyhow!("{e}")))?;
        let scenario = match (&args.scenario, data.scenarios.as_slice()) {
            (Some(id), _) => data.scenario(id).map_err(|e| bad_input(anyhow!("{e}")))?,
            (None, [one]) => one,
            (None, all) => {
                let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
                return Err(bad_input(anyhow!(
                    "{file} has {} scenarios; say which with --scenario ID ({})",
                    ids.len(),
                    ids.join(", ")
                )));
            }
        };
        k.add_scenario(scenario, &data.names(), names, seats, file)
            .map_err(count_failure)?;
    } else if args.scenario.is_some() {
        return Err(bad_input(anyhow!(
            "--scenario picks a scenario of a scenario file given with --candidates, and none is given"
        )));
    }
    if let Some(w) = &args.women_at_least {
        let target = WomenTarget::parse(w, args.women_rounding.as_deref())
            .map_err(|e| bad_input(anyhow!("--women-at-least: {e}")))?;
        let Some(k) = k.as_mut() else {
            return Err(bad_input(anyhow!(
                "--women-at-least needs each candidate's gender: give --candidates FILE with a `gender` for every candidate"
            )));
        };
        k.add_women("gender", target.seats(seats as u64) as usize, seats);
    } else if args.women_rounding.is_some() {
        return Err(bad_input(anyhow!(
            "--women-rounding applies to --women-at-least, which is not given"
        )));
    }
    if let Some(spec) = &args.each_at_least {
        let (attr, n) = spec
            .split_once('=')
            .and_then(|(a, n)| Some((a.trim(), n.trim().parse::<usize>().ok()?)))
            .ok_or_else(|| {
                bad_input(anyhow!(
                    "--each-at-least `{spec}`: write ATTRIBUTE=K, e.g. region=1"
                ))
            })?;
        let Some(k) = k.as_mut() else {
            return Err(bad_input(anyhow!(
                "--each-at-least needs the candidates' attributes: give --candidates FILE"
            )));
        };
        k.add_each(attr, n, None, seats);
    }
    Ok(k.filter(|k| !k.limits.is_empty()))
}

pub(super) fn run(args: &CountArgs) -> Result<String, Failure> {
    let rule = CountRule::parse(&args.rule).map_err(|e| bad_input(anyhow!("--rule: {e}")))?;
    let default_mode = if rule == CountRule::Bloc {
        "replacement"
    } else {
        "guard-doom"
    };
    let mode = Mode::parse(args.mode.as_deref().unwrap_or(default_mode))
        .map_err(|e| bad_input(anyhow!("--mode: {e}")))?;
    let format: seatshare::render::Format = args.format.into();
    let (bytes, file) = read(&args.ballots)?;
    let modes = if args.compare_modes {
        vec![Mode::Unconstrained, Mode::GuardDoom, Mode::Replacement]
    } else {
        vec![mode]
    };
    let mut results: Vec<(Mode, Outcome)> = Vec::new();
    if rule == CountRule::Bloc {
        let votes = parse_csv(&bytes, &file).map_err(count_failure)?;
        let Some(seats) = args.seats else {
            return Err(bad_input(anyhow!(
                "--rule bloc needs --seats N: vote totals do not say how many seats were filled"
            )));
        };
        let k = constraints(args, &votes.names, seats, Some(votes.attributes.clone()))?;
        for m in modes {
            let outcome = count_bloc(&votes, &file, seats, k.as_ref(), m, args.seed)
                .map_err(count_failure)?;
            results.push((m, outcome));
        }
    } else {
        let csv = match args.ballot_format.trim().to_ascii_lowercase().as_str() {
            "auto" => looks_like_csv(&bytes),
            "blt" => false,
            "csv" | "scottish-csv" | "ranked-csv" => true,
            other => {
                return Err(bad_input(anyhow!(
                    "--ballot-format: `{other}` is not a ballot format; the formats are auto, blt and csv"
                )))
            }
        };
        let election = if csv {
            let Some(seats) = args.seats else {
                return Err(bad_input(anyhow!(
                    "{file}: ranked ballots in CSV do not say how many seats are filled; give --seats N"
                )));
            };
            parse_ranked_csv(&bytes, &file, seats).map_err(count_failure)?
        } else {
            parse_blt(&bytes, &file).map_err(count_failure)?
        };
        if let (Some(s), false) = (args.seats, csv) {
            if s != election.seats {
                return Err(bad_input(anyhow!(
                    "--seats {s}: {file} states {} seats in its first line; change the file or drop --seats",
                    election.seats
                )));
            }
        }
        let k = constraints(args, &election.names, election.seats, None)?;
        for m in modes {
            let options = CountOptions {
                rule,
                seed: args.seed,
                constraints: k.clone(),
                mode: m,
            };
            results.push((m, count(&election, &options).map_err(count_failure)?));
        }
    }
    if matches!(args.format, FormatArg::Html) {
        return Ok(page(&results, &super::command_line()));
    }
    if results.len() == 1 {
        let (_, outcome) = &results[0];
        Ok(sheet(outcome, format, None))
    } else {
        Ok(compare_modes(&results, format))
    }
}
