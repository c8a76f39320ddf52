//! Command-line arguments and the wiring from them to the library's stages.

mod claims;

use std::path::PathBuf;

use anyhow::{anyhow, Context as _};
use clap::{Args, Parser, Subcommand, ValueEnum};

use seatshare::analysis;
use seatshare::method::Method;
use seatshare::render::{self, AllocationContext, Format};
use seatshare::rules::{NamedRule, Rule, WomenTarget};
use seatshare::scenario::{Basis, Change, Dataset, Override, Scenario};
use seatshare::solve::TieBreak;

const EXAMPLES: &str = "\
Examples:
  seatshare compare data/labour-nec-2018.yaml
  seatshare allocate data/labour-nec-2018.yaml --scenario proportional-9
  seatshare allocate data/labour-nec-2018.yaml --seats 9 --method sainte-lague --min Wales=1
  seatshare allocate data/labour-nec-2018.yaml --seats 9 --method sainte-lague --women-at-least 50% --women-rounding up --balanced-delegations
  seatshare allocate data/labour-nec-2018.yaml --seats 9 --method dhondt --group \"nations=Wales,Scotland>=2\"
  seatshare allocate weights.csv --column population --seats 435 --method huntington-hill --format json
  seatshare methods";

/// Exact apportionment of seats to regions, with the evidence.
#[derive(Parser)]
#[command(name = "seatshare", version, about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Allocate seats once: seats, quotas, certificate, tie report, indices.
    #[command(after_help = EXAMPLES)]
    Allocate(Box<AllocateArgs>),
    /// Every makeup and scenario in a file side by side, with indices.
    #[command(
        after_help = "Example:\n  seatshare compare data/labour-nec-2018.yaml --format markdown"
    )]
    Compare(CompareArgs),
    /// Allocations at every house size in a range; Alabama paradoxes.
    Sweep(claims::SweepArgs),
    /// The smallest house at which every region (or one) has K seats.
    Threshold(claims::ThresholdArgs),
    /// Which methods reproduce a seat table at its house size.
    Identify(claims::IdentifyArgs),
    /// Per region: members needed for the next seat, members it could lose.
    Margin(claims::MarginArgs),
    /// Whether the seats survive the published rounding or an uncertainty.
    Robust(claims::RobustArgs),
    /// Population paradox: a region that grew faster yet lost a seat.
    Population(claims::PopulationArgs),
    /// Check every claim in a claims file: verdicts with evidence.
    Check(claims::CheckArgs),
    /// The methods with their ids, aliases and definitions.
    Methods {
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Table,
    Markdown,
    Csv,
    Json,
    /// One self-contained page (`compare` only).
    Html,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Html => Format::Html,
        }
    }
}

/// The CSV tables of `allocate` and `compare` (docs/csv.md).
#[derive(Clone, Copy, ValueEnum)]
enum CsvTableArg {
    /// One row per column and region: seats, bound, tie, women.
    Seats,
    /// One row per column and index of disproportionality.
    Indices,
    /// `allocate` only: the divisor or quota, each quotient, floor and remainder.
    Quotients,
}

impl From<CsvTableArg> for render::CsvTable {
    fn from(t: CsvTableArg) -> render::CsvTable {
        match t {
            CsvTableArg::Seats => render::CsvTable::Seats,
            CsvTableArg::Indices => render::CsvTable::Indices,
            CsvTableArg::Quotients => render::CsvTable::Quotients,
        }
    }
}

/// The CSV table asked for, checked against the format: `--csv-table`
/// needs `--format csv`.
fn csv_table(
    format: FormatArg,
    table: Option<CsvTableArg>,
) -> Result<Option<render::CsvTable>, Failure> {
    match (format, table) {
        (FormatArg::Csv, t) => Ok(Some(t.map_or(render::CsvTable::Seats, Into::into))),
        (_, None) => Ok(None),
        (_, Some(t)) => Err(bad_input(anyhow!(
            "--csv-table {} chooses one of the CSV tables; add --format csv (or drop --csv-table)",
            render::CsvTable::from(t).id()
        ))),
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum TieArg {
    /// Report the tie and show one valid allocation.
    Report,
    /// Draw the tied seats by lot from --seed.
    Lot,
}

#[derive(Args)]
struct WeightArgs {
    /// Use the regions' member counts.
    #[arg(long, conflicts_with = "shares")]
    counts: bool,
    /// Use the regions' published percentage shares.
    #[arg(long)]
    shares: bool,
    /// For a CSV: the weight column (default: the first all-numeric column).
    #[arg(long, value_name = "NAME")]
    column: Option<String>,
}

impl WeightArgs {
    fn basis(&self) -> Option<Basis> {
        if self.counts {
            Some(Basis::Counts)
        } else if self.shares {
            Some(Basis::Shares)
        } else {
            None
        }
    }
}

/// What to allocate: a file, and a scenario from it or built by flags.
/// Every command that runs one allocation takes these.
#[derive(Args)]
struct ScenarioArgs {
    /// A YAML scenario file or a CSV of weights.
    file: PathBuf,
    /// Run a scenario from the file (flags below change it).
    #[arg(long, value_name = "NAME")]
    scenario: Option<String>,
    /// House size.
    #[arg(long, value_name = "N")]
    seats: Option<u64>,
    /// Method id or alias (see `seatshare methods`).
    #[arg(long, value_name = "M")]
    method: Option<String>,
    /// At least K seats for every region.
    #[arg(long, value_name = "K")]
    min_each: Option<u64>,
    /// At least K seats for a region (repeatable).
    #[arg(long = "min", value_name = "REGION=K")]
    min: Vec<String>,
    /// At most K seats for a region (repeatable).
    #[arg(long = "max", value_name = "REGION=K")]
    max: Vec<String>,
    /// Exactly K (designated) seats for a region (repeatable).
    #[arg(long = "exact", value_name = "REGION=K")]
    exact: Vec<String>,
    /// K base seats for every region; the method shares out the rest.
    #[arg(long, value_name = "K")]
    base_each: Option<u64>,
    /// At least N women, or a percentage such as 50% (with --women-rounding).
    #[arg(long, value_name = "N|P%")]
    women_at_least: Option<String>,
    /// How a percentage of women rounds to seats.
    #[arg(long, value_enum, requires = "women_at_least")]
    women_rounding: Option<RoundingArg>,
    /// Every delegation balanced within one (|women − men| ≤ 1).
    #[arg(long)]
    balanced_delegations: bool,
    /// At least one woman in every delegation of 2 or more.
    #[arg(long)]
    woman_in_every_delegation: bool,
    /// A group of regions with a minimum or maximum total (repeatable).
    #[arg(long = "group", value_name = "NAME=REGION,REGION>=K")]
    group: Vec<String>,
    /// Drop one rule of the --scenario by the name the output cites
    /// (`max London`, `min_each`, `nations`; repeatable).
    #[arg(long = "drop-rule", value_name = "NAME")]
    drop_rule: Vec<String>,
    #[command(flatten)]
    weights: WeightArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum RoundingArg {
    /// 50% of 9 seats is 5.
    Up,
    /// 50% of 9 seats is 4.
    Down,
}

#[derive(Args)]
struct AllocateArgs {
    #[command(flatten)]
    input: ScenarioArgs,
    /// What to do with a tie for the last seats.
    #[arg(long, value_enum, default_value_t = TieArg::Report)]
    tie_break: TieArg,
    /// Seed for --tie-break lot.
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// With --format csv: which table (docs/csv.md).
    #[arg(long, value_enum, value_name = "TABLE")]
    csv_table: Option<CsvTableArg>,
}

#[derive(Args)]
struct CompareArgs {
    /// A YAML scenario file.
    file: PathBuf,
    #[command(flatten)]
    weights: WeightArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// With --format csv: which table, seats or indices (docs/csv.md).
    #[arg(long, value_enum, value_name = "TABLE")]
    csv_table: Option<CsvTableArg>,
}

/// An error and whether the input caused it.
struct Failure {
    error: anyhow::Error,
    input: bool,
    /// Output to print before the error (a comparison none of whose
    /// scenarios could run).
    shown: String,
}

impl From<seatshare::Error> for Failure {
    fn from(e: seatshare::Error) -> Failure {
        Failure {
            input: e.is_input_error(),
            error: e.into(),
            shown: String::new(),
        }
    }
}

impl From<seatshare::scenario::ScenarioError> for Failure {
    fn from(e: seatshare::scenario::ScenarioError) -> Failure {
        seatshare::Error::from(e).into()
    }
}

fn bad_input(error: anyhow::Error) -> Failure {
    Failure {
        error,
        input: true,
        shown: String::new(),
    }
}

/// Runs the command line; returns the exit code (0 ok, 1 internal, 2 input).
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let result = match html_refused(&cli.command) {
        Some(failure) => Err(failure),
        None => dispatch(cli.command),
    };
    finish(result)
}

/// The one check that `--format html` is asked only of `compare`, which
/// writes one page for the whole file.
fn html_refused(command: &Command) -> Option<Failure> {
    if matches!(command, Command::Compare(_)) || format_asked().as_deref() != Some("html") {
        return None;
    }
    Some(bad_input(anyhow!(
        "--format html is written by `seatshare compare FILE --format html` (one page for the whole file); use table, markdown, csv or json here"
    )))
}

fn dispatch(command: Command) -> Result<String, Failure> {
    match command {
        Command::Allocate(args) => allocate(&args),
        Command::Compare(args) => compare(&args),
        Command::Sweep(args) => claims::sweep(args),
        Command::Threshold(args) => claims::threshold(args),
        Command::Identify(args) => claims::identify(args),
        Command::Margin(args) => claims::margin(args),
        Command::Robust(args) => claims::robust(args),
        Command::Population(args) => claims::population(args),
        Command::Check(args) => claims::check(&args),
        Command::Methods { format } => Ok(render::methods(format.into())),
    }
}

fn finish(result: Result<String, Failure>) -> i32 {
    let notes = NOTES.with(|n| std::mem::take(&mut *n.borrow_mut()));
    match result {
        Ok(text) => {
            print!("{}", with_notes(text, &notes));
            0
        }
        Err(failure) => {
            print!("{}", failure.shown);
            eprintln!("error: {:#}", failure.error);
            if failure.input {
                2
            } else {
                1
            }
        }
    }
}

/// The `--format` the command line asked for (clap has checked it).
fn format_asked() -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    let mut found = None;
    for (i, a) in args.iter().enumerate() {
        if let Some(v) = a.strip_prefix("--format=") {
            found = Some(v.to_string());
        } else if a == "--format" {
            found = args.get(i + 1).cloned();
        }
    }
    found
}

/// The output with the notes on flags that replace or drop a file's rules:
/// an `overrides` array in JSON, lines after the output in a table or
/// markdown, and on standard error beside CSV (which has no place for
/// notes).
fn with_notes(text: String, notes: &[String]) -> String {
    if notes.is_empty() {
        return text;
    }
    match format_asked().as_deref() {
        Some("json") => match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(serde_json::Value::Object(mut map)) => {
                map.insert("overrides".into(), serde_json::json!(notes));
                let mut out =
                    serde_json::to_string_pretty(&serde_json::Value::Object(map)).unwrap_or(text);
                out.push('\n');
                out
            }
            _ => {
                for n in notes {
                    eprintln!("note: {n}");
                }
                text
            }
        },
        Some("csv") => {
            for n in notes {
                eprintln!("note: {n}");
            }
            text
        }
        _ => {
            let mut out = text;
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push('\n');
            for n in notes {
                out.push_str(n);
                out.push('\n');
            }
            out
        }
    }
}

fn load(file: &std::path::Path, weights: &WeightArgs) -> Result<Dataset, Failure> {
    Ok(Dataset::load(file, weights.column.as_deref())?)
}

fn region_seats(dataset: &Dataset, spec: &str, flag: &str) -> Result<(usize, u64), Failure> {
    let (name, value) = spec.rsplit_once('=').ok_or_else(|| {
        bad_input(anyhow!(
            "--{flag} `{spec}`: write REGION=K, e.g. --{flag} \"Wales=1\""
        ))
    })?;
    let seats = value.trim().parse::<u64>().map_err(|_| {
        bad_input(anyhow!(
            "--{flag} `{spec}`: `{}` is not a whole number of seats",
            value.trim()
        ))
    })?;
    let index = dataset
        .region_index(name.trim())
        .with_context(|| format!("--{flag} {spec}"))
        .map_err(bad_input)?;
    Ok((index, seats))
}

/// The scenario the flags describe: a named one, changed by the flags, or a
/// new one from --seats and --method.
fn scenario_from(dataset: &Dataset, args: &ScenarioArgs) -> Result<Scenario, Failure> {
    let method = args
        .method
        .as_deref()
        .map(Method::parse)
        .transpose()
        .map_err(|e| bad_input(e.into()))?;
    let mut scenario = match (&args.scenario, args.seats, method.clone()) {
        (Some(id), _, _) => dataset.scenario(id)?.clone(),
        (None, Some(seats), Some(m)) => dataset.custom(seats, m),
        (None, None, _) => {
            let ids: Vec<&str> = dataset
                .scenarios
                .iter()
                .map(|s| s.id.as_str())
                .chain(dataset.broken.iter().map(|b| b.id.as_str()))
                .collect();
            let hint = if ids.is_empty() {
                String::new()
            } else {
                format!(", or --scenario NAME (this file has: {})", ids.join(", "))
            };
            return Err(bad_input(anyhow!("say how many seats to allocate: --seats N{hint}")));
        }
        (None, Some(_), None) => {
            return Err(bad_input(anyhow!(
                "say which method to use: --method M (e.g. dhondt, sainte-lague, hamilton; `seatshare methods` lists them all)"
            )))
        }
    };
    if let Some(seats) = args.seats {
        scenario.seats = seats;
    }
    if let Some(m) = method {
        scenario.method = m;
    }
    if let Some(basis) = args.weights.basis() {
        scenario.basis = Some(basis);
    }
    let names = dataset.names();
    let mut notes = Vec::new();
    if !args.drop_rule.is_empty() && args.scenario.is_none() {
        return Err(bad_input(anyhow!(
            "--drop-rule removes a rule of a named scenario; give --scenario NAME too"
        )));
    }
    for name in &args.drop_rule {
        let source = format!("--drop-rule {}", quoted(name));
        notes.push(scenario.drop_rule(name, &source, &names)?);
    }
    let overrides = overrides_from(dataset, args)?;
    notes.extend(scenario.apply(&overrides, &names));
    NOTES.with(|n| n.borrow_mut().extend(notes));
    Ok(scenario)
}

/// The command line that is running, as a reader would type it.
fn command_line() -> String {
    let mut words = vec!["seatshare".to_string()];
    words.extend(std::env::args().skip(1).map(|a| quoted(&a)));
    words.join(" ")
}

/// A value as typed, quoted when it has spaces.
fn quoted(text: &str) -> String {
    if text.contains(char::is_whitespace) {
        format!("\"{text}\"")
    } else {
        text.to_string()
    }
}

/// The rule flags as changes to a scenario, in the order the README lists
/// them.
fn overrides_from(dataset: &Dataset, args: &ScenarioArgs) -> Result<Vec<Override>, Failure> {
    let mut out = Vec::new();
    let each = [
        (
            "min-each",
            args.min_each,
            Change::MinEach as fn(u64) -> Change,
        ),
        ("base-each", args.base_each, Change::BaseEach),
    ];
    for (flag, value, make) in each {
        if let Some(k) = value {
            out.push(Override::new(format!("--{flag} {k}"), make(k)));
        }
    }
    let lists = [
        ("min", &args.min, Change::Min as fn(usize, u64) -> Change),
        ("max", &args.max, Change::Max),
        ("exact", &args.exact, Change::Exact),
    ];
    for (flag, specs, make) in lists {
        for spec in specs {
            let (i, k) = region_seats(dataset, spec, flag)?;
            out.push(Override::new(
                format!("--{flag} {}", quoted(spec)),
                make(i, k),
            ));
        }
    }
    if let Some(text) = &args.women_at_least {
        let rounding = args.women_rounding.map(|r| match r {
            RoundingArg::Up => "up",
            RoundingArg::Down => "down",
        });
        let target = WomenTarget::parse(text, rounding)
            .map_err(|e| bad_input(anyhow!("--women-at-least {text}: {e}")))?;
        let name = format!("women at least {}", text.trim());
        out.push(Override::new(
            format!("--women-at-least {}", text.trim()),
            Change::WomenAtLeast { name, target },
        ));
    }
    if args.balanced_delegations {
        out.push(Override::new(
            "--balanced-delegations",
            Change::BalancedDelegations,
        ));
    }
    if args.woman_in_every_delegation {
        out.push(Override::new(
            "--woman-in-every-delegation",
            Change::WomanInEveryDelegation,
        ));
    }
    for spec in &args.group {
        out.push(Override::new(
            format!("--group {}", quoted(spec)),
            Change::Group(group_rule(dataset, spec)?),
        ));
    }
    Ok(out)
}

thread_local! {
    /// Notes from `scenario_from` (flags that replace or drop a file's
    /// rules), shown with the command's output by `run`.
    static NOTES: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `NAME=Region A,Region B>=K` (or `<=K`).
fn group_rule(dataset: &Dataset, spec: &str) -> Result<NamedRule, Failure> {
    let usage = || {
        bad_input(anyhow!(
            "--group `{spec}`: write NAME=REGION,REGION>=K or NAME=REGION,REGION<=K, e.g. --group \"nations=Wales,Scotland>=2\""
        ))
    };
    let (name, rest) = spec.split_once('=').ok_or_else(usage)?;
    let (members, bound, at_least) = if let Some((m, k)) = rest.split_once(">=") {
        (m, k, true)
    } else if let Some((m, k)) = rest.split_once("<=") {
        (m, k, false)
    } else {
        return Err(usage());
    };
    let seats = k_seats(bound).ok_or_else(|| {
        bad_input(anyhow!(
            "--group `{spec}`: `{}` is not a whole number of seats",
            bound.trim()
        ))
    })?;
    let mut regions = Vec::new();
    for member in members.split(',') {
        let index = dataset
            .region_index(member.trim())
            .with_context(|| format!("--group {spec}"))
            .map_err(bad_input)?;
        regions.push(index);
    }
    let (at_least, at_most) = if at_least {
        (Some(seats), None)
    } else {
        (None, Some(seats))
    };
    Ok(NamedRule::new(
        name.trim(),
        Rule::Group {
            regions,
            at_least,
            at_most,
        },
    ))
}

fn k_seats(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}

fn allocate(args: &AllocateArgs) -> Result<String, Failure> {
    let table = csv_table(args.format, args.csv_table)?;
    let dataset = load(&args.input.file, &args.input.weights)?;
    let scenario = scenario_from(&dataset, &args.input)?;
    let tie_break = match (args.tie_break, args.seed) {
        (TieArg::Lot, Some(seed)) => TieBreak::Lot { seed },
        (TieArg::Lot, None) => {
            return Err(bad_input(anyhow!(
                "--tie-break lot needs --seed S, so that anyone can repeat the draw"
            )))
        }
        (TieArg::Report, Some(_)) => {
            return Err(bad_input(anyhow!(
                "--seed only applies with --tie-break lot"
            )))
        }
        (TieArg::Report, None) => TieBreak::Report,
    };
    let context = AllocationContext {
        title: dataset.title.clone(),
        scenario: args.input.scenario.clone(),
        scenario_title: args.input.scenario.as_ref().and(scenario.title.clone()),
        basis: Some(dataset.basis_of(&scenario)),
        unit: dataset.unit.clone(),
    };
    let allocation = seatshare::outcome::solve_scenario(&dataset, &scenario, tie_break)?;
    if let Some(table) = table {
        if table == render::CsvTable::Quotients {
            if let Some(reason) = render::quotients_refused(&allocation) {
                return Err(bad_input(anyhow!(reason)));
            }
        }
        return Ok(render::allocation_csv(&allocation, &context, table));
    }
    Ok(render::allocation(
        &allocation,
        &context,
        args.format.into(),
    ))
}

fn compare(args: &CompareArgs) -> Result<String, Failure> {
    let table = csv_table(args.format, args.csv_table)?;
    if table == Some(render::CsvTable::Quotients) {
        return Err(bad_input(anyhow!(
            "--csv-table quotients is one allocation's certificate: use `seatshare allocate FILE --scenario NAME --format csv --csv-table quotients`; compare writes seats or indices"
        )));
    }
    let dataset = load(&args.file, &args.weights)?;
    if dataset.makeups.is_empty() && dataset.scenarios.is_empty() && dataset.broken.is_empty() {
        return Err(bad_input(anyhow!(
            "{} has no makeups or scenarios to compare; add some to a scenario file, or use `seatshare allocate`",
            dataset.path
        )));
    }
    let comparison = analysis::compare(&dataset, args.weights.basis())?;
    let text = match args.format {
        FormatArg::Html => {
            let report = analysis::report::report(&dataset, &comparison)?;
            render::compare_page(&dataset, &comparison, &report, &command_line())
        }
        _ => match table {
            Some(table) => render::compare_csv(&dataset, &comparison, table),
            None => render::compare(&dataset, &comparison, args.format.into()),
        },
    };
    let ran = comparison
        .columns
        .iter()
        .any(|c| c.kind == analysis::ColumnKind::Scenario);
    if !dataset.broken.is_empty() && !ran {
        let errors: Vec<String> = dataset
            .broken
            .iter()
            .map(|b| format!("scenario `{}` cannot run: {}", b.id, b.error))
            .collect();
        let mut failure = bad_input(anyhow!(
            "no scenario in {} could run:\n  {}",
            dataset.path,
            errors.join("\n  ")
        ));
        failure.shown = text;
        return Err(failure);
    }
    Ok(text)
}
