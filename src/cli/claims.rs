//! The claim checker's commands: sweep, threshold, identify, margin,
//! robust, population and check. Each reads the same inputs as `allocate`
//! (the shared `ScenarioArgs`) and only wires the library's stages.

use anyhow::anyhow;
use clap::Args;

use super::{bad_input, load, load_tables, scenario_from, Failure, FormatArg, ScenarioArgs};
use seatshare::analysis::outcomes::methods_for;
use seatshare::analysis::{sweep as sweeps, threshold as thresholds};
use seatshare::method::Method;
use seatshare::outcome::Setup;
use seatshare::render;
use seatshare::scenario::{Dataset, Scenario};

/// The most house sizes one sweep prints: each is a full row of seats.
const MAX_SWEEP_SIZES: u64 = 1_000_000;

/// `--seats A..B`: the house sizes to sweep, both ends included.
fn parse_range(text: &str) -> Result<(u64, u64), String> {
    let (a, b) = text
        .split_once("..")
        .ok_or_else(|| format!("`{text}`: write the sizes as A..B, e.g. 1..20"))?;
    let number = |t: &str| {
        t.trim()
            .trim_start_matches('=')
            .parse::<u64>()
            .map_err(|_| format!("`{text}`: `{}` is not a whole number of seats", t.trim()))
    };
    let (a, b) = (number(a)?, number(b)?);
    if a == 0 || a > b {
        return Err(format!(
            "`{text}`: the range must run from 1 or more up to a size at least as large"
        ));
    }
    if b - a >= MAX_SWEEP_SIZES {
        return Err(format!(
            "`{text}`: at most {MAX_SWEEP_SIZES} sizes at once; split the range"
        ));
    }
    Ok((a, b))
}

/// The file and its scenario for a command that chooses its own house sizes
/// or methods. The size and method the flags give (if any) are returned
/// apart: `--method` may be `all`.
struct Opened {
    dataset: Dataset,
    scenario: Scenario,
    methods: Vec<Method>,
}

fn open(input: &mut ScenarioArgs, table_columns: &[String]) -> Result<Opened, Failure> {
    let dataset = load_tables(&input.file, &input.weights, table_columns)?;
    let choice = input.method.take();
    if input.scenario.is_none() {
        // Placeholders: the command sets the size and method itself.
        input.seats.get_or_insert(1);
        input.method = Some("dhondt".into());
    }
    let scenario = scenario_from(&dataset, input)?;
    let methods = match (&choice, &input.scenario) {
        (None, Some(_)) => vec![scenario.method.clone()],
        _ => methods_for(choice.as_deref()).map_err(|e| bad_input(e.into()))?,
    };
    Ok(Opened {
        dataset,
        scenario,
        methods,
    })
}

/// `seatshare sweep`.
#[derive(Args)]
#[command(mut_arg("seats", |a| a.long("house").hide(true)))]
pub(super) struct SweepArgs {
    #[command(flatten)]
    input: ScenarioArgs,
    /// House sizes to sweep, A..B (both included).
    #[arg(long = "seats", id = "range", value_name = "A..B", value_parser = parse_range)]
    range: (u64, u64),
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Show only this region's seats (repeatable; the sweep is the same).
    #[arg(long = "region", value_name = "NAME")]
    regions: Vec<String>,
}

pub(super) fn sweep(mut args: SweepArgs) -> Result<String, Failure> {
    let opened = open(&mut args.input, &[])?;
    let setup = Setup::of(&opened.dataset, &opened.scenario)?;
    let (from, to) = args.range;
    let shown = region_indices(&opened.dataset, &args.regions)?;
    let result = sweeps::sweep(&setup, &opened.methods, from, to).map_err(Failure::from)?;
    let Some(shown) = shown else {
        return Ok(render::sweep(&setup.names, &result, args.format.into()));
    };
    let names: Vec<String> = shown.iter().map(|&i| setup.names[i].clone()).collect();
    let result: Vec<sweeps::MethodSweep> = result.iter().map(|s| only_regions(s, &shown)).collect();
    if matches!(args.format, FormatArg::Table | FormatArg::Markdown) {
        super::NOTES.with(|n| {
            n.borrow_mut().push(format!(
                "--region: only {} shown; \"every region first holds a seat\" counts every region, the Alabama paradoxes only those shown.",
                render_names(&names)
            ))
        });
    }
    Ok(render::sweep(&names, &result, args.format.into()))
}

// ---- --region for margin and sweep (issue 10) ----

/// The regions `--region` names (in the order given, each once), or `None`
/// for every region. Unknown names get the nearest names.
fn region_indices(dataset: &Dataset, names: &[String]) -> Result<Option<Vec<usize>>, Failure> {
    if names.is_empty() {
        return Ok(None);
    }
    let mut out: Vec<usize> = Vec::new();
    for name in names {
        let i = dataset
            .region_index(name.trim())
            .map_err(|e| bad_input(anyhow!("--region {name}: {e}")))?;
        if !out.contains(&i) {
            out.push(i);
        }
    }
    Ok(Some(out))
}

/// A sweep cut down to some regions (their seats and their Alabama
/// paradoxes, renumbered in that order).
fn only_regions(s: &sweeps::MethodSweep, shown: &[usize]) -> sweeps::MethodSweep {
    let mut out = s.clone();
    for size in &mut out.sizes {
        size.seats = shown.iter().map(|&i| size.seats[i]).collect();
    }
    out.alabama = s
        .alabama
        .iter()
        .filter_map(|p| {
            shown.iter().position(|&i| i == p.region).map(|k| {
                let mut p = p.clone();
                p.region = k;
                p
            })
        })
        .collect();
    out
}

fn render_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `seatshare threshold`.
#[derive(Args)]
pub(super) struct ThresholdArgs {
    #[command(flatten)]
    input: ScenarioArgs,
    /// Every region must hold at least K seats (the default, with K = 1).
    #[arg(long, value_name = "K", conflicts_with = "region")]
    each: Option<u64>,
    /// The region that must hold --at-least K seats.
    #[arg(long, value_name = "NAME", requires = "at_least")]
    region: Option<String>,
    /// With --region: the seats it must hold.
    #[arg(long, value_name = "K", requires = "region")]
    at_least: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
}

pub(super) fn threshold(mut args: ThresholdArgs) -> Result<String, Failure> {
    if args.input.seats.is_some() {
        return Err(bad_input(anyhow!(
            "threshold searches the house size itself; drop --seats"
        )));
    }
    let opened = open(&mut args.input, &[])?;
    let setup = Setup::of(&opened.dataset, &opened.scenario)?;
    let condition = match (&args.region, args.at_least) {
        (Some(name), Some(k)) => thresholds::Condition::Region {
            region: opened.dataset.region_index(name)?,
            at_least: k,
        },
        _ => thresholds::Condition::Each(args.each.unwrap_or(1)),
    };
    let results =
        thresholds::thresholds(&setup, &condition, &opened.methods).map_err(Failure::from)?;
    let mut condition_text = condition.describe(&setup.names);
    if setup.engine {
        condition_text.push_str(&format!(", under the rules {}", setup.engine_rule_names()));
    }
    Ok(render::threshold(
        &setup.names,
        &condition_text,
        &results,
        args.format.into(),
    ))
}

/// `seatshare identify`.
#[derive(Args)]
pub(super) struct IdentifyArgs {
    #[command(flatten)]
    input: ScenarioArgs,
    /// A makeup (seat table) from the file.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["table", "table_column"])]
    makeup: Option<String>,
    /// For a CSV: the column holding the seat table (e.g. a census file's
    /// official seats).
    #[arg(long, value_name = "NAME", conflicts_with = "table")]
    table_column: Option<String>,
    /// A seat table: "Greater London=3,North West=1,...". Regions not
    /// listed hold 0.
    #[arg(long, value_name = "REGION=K,...")]
    table: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
}

/// Reads `--table "A=3,B=1"` into seats per region, in region order.
fn parse_table(dataset: &Dataset, text: &str) -> Result<Vec<u64>, Failure> {
    let mut seats = vec![0; dataset.regions.len()];
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (i, k) = super::region_seats(dataset, part, "table")?;
        seats[i] = k;
    }
    if seats.iter().sum::<u64>() == 0 {
        return Err(bad_input(anyhow!(
            "--table `{text}` has no seats; write it as \"Greater London=3,North West=1\""
        )));
    }
    Ok(seats)
}

pub(super) fn identify(mut args: IdentifyArgs) -> Result<String, Failure> {
    if args.input.seats.is_some() {
        return Err(bad_input(anyhow!(
            "identify takes the house size from the table; drop --seats"
        )));
    }
    let columns: Vec<String> = args.table_column.iter().cloned().collect();
    let opened = open(&mut args.input, &columns)?;
    let table = match (&args.makeup, &args.table, &args.table_column) {
        (Some(id), _, _) => opened.dataset.makeup(id)?.seats.clone(),
        (None, Some(text), _) => parse_table(&opened.dataset, text)?,
        // The CSV reader added the column as the last seat table.
        (None, None, Some(_)) => match opened.dataset.makeups.last() {
            Some(m) => m.seats.clone(),
            None => return Err(bad_input(anyhow!("--table-column found no seat table"))),
        },
        (None, None, None) => {
            return Err(bad_input(anyhow!(
                "give the table to identify: --makeup NAME or --table \"Region=K,...\" (for a CSV, also --table-column NAME)"
            )))
        }
    };
    let setup = Setup::of(&opened.dataset, &opened.scenario)?;
    let found = seatshare::analysis::identify::identify(&setup, &table, &opened.methods);
    Ok(render::identify(&setup.names, &found, args.format.into()))
}

/// `seatshare margin`.
#[derive(Args)]
pub(super) struct MarginArgs {
    #[command(flatten)]
    input: ScenarioArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Show only this region's margins (repeatable).
    #[arg(long = "region", value_name = "NAME")]
    regions: Vec<String>,
}

pub(super) fn margin(args: MarginArgs) -> Result<String, Failure> {
    let dataset = load(&args.input.file, &args.input.weights)?;
    let scenario = scenario_from(&dataset, &args.input)?;
    let shown = region_indices(&dataset, &args.regions)?;
    let setup = Setup::of(&dataset, &scenario)?;
    let mut margins =
        seatshare::analysis::margin::margins(&setup, scenario.seats, &scenario.method)
            .map_err(Failure::from)?;
    if let Some(shown) = shown {
        margins.regions = shown
            .iter()
            .filter_map(|&i| margins.regions.iter().find(|r| r.region == i).cloned())
            .collect();
    }
    Ok(render::margin(
        &setup.names,
        &margins,
        setup.basis,
        &dataset.unit,
        args.format.into(),
    ))
}

/// `seatshare robust`.
#[derive(Args)]
pub(super) struct RobustArgs {
    #[command(flatten)]
    input: ScenarioArgs,
    /// Each weight ± this amount (default: ± half a unit of each weight's
    /// last decimal, the published rounding).
    #[arg(long, value_name = "H", conflicts_with = "uncertainty")]
    rounding: Option<String>,
    /// Each weight ± this percentage of itself.
    #[arg(long, value_name = "PCT")]
    uncertainty: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
}

pub(super) fn robust(args: RobustArgs) -> Result<String, Failure> {
    use seatshare::analysis::robust::{self as check, Spread};
    use seatshare::number::Decimal;
    let decimal = |flag: &str, text: &str| {
        Decimal::parse(text).map_err(|e| bad_input(anyhow!("--{flag}: {e}")))
    };
    let spread = match (&args.rounding, &args.uncertainty) {
        (Some(h), _) => Spread::HalfWidth(decimal("rounding", h)?),
        (None, Some(p)) => Spread::Percent(decimal("uncertainty", p)?),
        (None, None) => Spread::Rounding,
    };
    let dataset = load(&args.input.file, &args.input.weights)?;
    let scenario = scenario_from(&dataset, &args.input)?;
    let setup = Setup::of(&dataset, &scenario)?;
    let result =
        check::robust(&setup, scenario.seats, &scenario.method, &spread).map_err(|e| match e {
            check::RobustError::Solve(s) => Failure::from(s),
            other => bad_input(other.into()),
        })?;
    let versus = check::counts_vs_shares(&dataset, &scenario)?;
    Ok(render::robust(
        &setup.names,
        &result,
        &spread,
        versus.as_ref(),
        args.format.into(),
    ))
}

/// `seatshare population`.
#[derive(Args)]
pub(super) struct PopulationArgs {
    #[command(flatten)]
    input: ScenarioArgs,
    /// The later weights: a column of the same CSV (or, with --later, of
    /// that file).
    #[arg(long, value_name = "NAME")]
    later_column: Option<String>,
    /// The later weights from another file with the same regions.
    #[arg(long, value_name = "FILE")]
    later: Option<std::path::PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
}

pub(super) fn population(args: PopulationArgs) -> Result<String, Failure> {
    let dataset = load(&args.input.file, &args.input.weights)?;
    let scenario = scenario_from(&dataset, &args.input)?;
    let setup = Setup::of(&dataset, &scenario)?;
    let options = |column: &Option<String>| {
        let mut o = args.input.weights.load_options(&[]);
        o.column = column.clone();
        o
    };
    let later_data = match (&args.later, &args.later_column) {
        (Some(path), column) => Dataset::load_with(path, &options(column))?,
        (None, Some(_)) if seatshare::scenario::is_stdin(&args.input.file) => {
            return Err(bad_input(anyhow!(
                "--later-column reads the file a second time, which standard input cannot give; save the data to a file, or give the later weights with --later FILE"
            )))
        }
        (None, Some(_)) => Dataset::load_with(&args.input.file, &options(&args.later_column))?,
        (None, None) => {
            return Err(bad_input(anyhow!(
                "give the later weights: --later-column NAME (same CSV) or --later FILE"
            )))
        }
    };
    let later_weights = later_data.weights(setup.basis)?;
    let later: Vec<_> = setup
        .names
        .iter()
        .map(|name| {
            later_data
                .regions
                .iter()
                .position(|r| &r.name == name)
                .map(|i| later_weights[i].clone())
                .ok_or_else(|| {
                    bad_input(anyhow!(
                        "{}: the later weights have no region `{name}`",
                        later_data.path
                    ))
                })
        })
        .collect::<Result<_, _>>()?;
    let found = seatshare::analysis::population::population(
        &setup,
        &later,
        scenario.seats,
        &scenario.method,
    )
    .map_err(Failure::from)?;
    Ok(render::population(
        &setup.names,
        &setup.weights,
        &later,
        &found,
        args.format.into(),
    ))
}

/// `seatshare check`.
#[derive(Args)]
pub(super) struct CheckArgs {
    /// A claims file (YAML), e.g. data/claims-nec-2018.yaml; `-` reads
    /// standard input (its `data:` paths are then relative to the current
    /// folder).
    file: std::path::PathBuf,
    /// Let the claims file's `data:` name a file outside its folder (an
    /// absolute path, or `..` above it). Only for claims files you trust.
    #[arg(long)]
    allow_outside_paths: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
}

pub(super) fn check(args: &CheckArgs) -> Result<String, Failure> {
    use seatshare::scenario::claims::{load_claims, load_claims_allowing_outside};
    let file = if args.allow_outside_paths {
        load_claims_allowing_outside(&args.file)?
    } else {
        load_claims(&args.file)?
    };
    let checked = seatshare::analysis::check::check(&file)?;
    Ok(render::check(&file, &checked, args.format.into()))
}
