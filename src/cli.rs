//! Command-line arguments and the wiring from them to the library's stages.

mod claims;
mod count;
mod help;
mod progress_line;

use std::path::PathBuf;

use anyhow::{anyhow, Context as _};
use clap::{Args, Parser, Subcommand, ValueEnum};

use seatshare::analysis;
use seatshare::method::Method;
use seatshare::render::{self, AllocationContext, Format};
use seatshare::rules::{NamedRule, Rule, WomenTarget};
use seatshare::scenario::{Basis, Change, Dataset, InputFormat, LoadOptions, Override, Scenario};
use seatshare::solve::TieBreak;

/// Exact apportionment of seats to regions, with the evidence.
#[derive(Parser)]
#[command(name = "seatshare", version, about, after_help = help::OVERVIEW)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    screen: ScreenArgs,
    /// Write the output to FILE (atomically: all of it or, on an error,
    /// nothing) instead of standard output.
    #[arg(long, global = true, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Allocate seats once: seats, quotas, certificate, tie report, indices.
    #[command(after_help = help::ALLOCATE)]
    Allocate(Box<AllocateArgs>),
    /// Every makeup and scenario in a file side by side, with indices.
    #[command(after_help = help::COMPARE)]
    Compare(CompareArgs),
    /// Allocations at every house size in a range; Alabama paradoxes.
    #[command(after_help = help::SWEEP)]
    Sweep(claims::SweepArgs),
    /// The smallest house at which every region (or one) has K seats.
    #[command(after_help = help::THRESHOLD)]
    Threshold(claims::ThresholdArgs),
    /// Which methods reproduce a seat table at its house size.
    #[command(after_help = help::IDENTIFY)]
    Identify(claims::IdentifyArgs),
    /// Per region: members needed for the next seat, members it could lose.
    #[command(after_help = help::MARGIN)]
    Margin(claims::MarginArgs),
    /// Whether the seats survive the published rounding or an uncertainty.
    #[command(after_help = help::ROBUST)]
    Robust(claims::RobustArgs),
    /// Population paradox: a region that grew faster yet lost a seat.
    #[command(after_help = help::POPULATION)]
    Population(claims::PopulationArgs),
    /// Check every claim in a claims file: verdicts with evidence.
    #[command(after_help = help::CHECK)]
    Check(claims::CheckArgs),
    /// Count an election (STV or bloc vote) exactly, with constraints.
    Count(count::CountArgs),
    /// The methods with their ids, aliases and definitions.
    #[command(after_help = help::METHODS)]
    Methods {
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// A shell completion script, written to standard output.
    #[command(after_help = help::COMPLETIONS)]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// The manual page (roff), written to standard output.
    #[command(after_help = help::MAN)]
    Man,
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
            FormatArg::Table => Format::Table(TERMINAL.with(std::cell::Cell::get)),
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Html => Format::Html,
        }
    }
}

// ---- Terminal width and colour (tables that fit, issue 10) ----

/// `--color`: when to colour the terminal table.
#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    /// Never.
    Never,
    /// When standard output is a terminal and NO_COLOR is unset or empty.
    Auto,
    /// Always, even when piped (for a pager such as `less -R`).
    Always,
}

/// The flags every command takes for the terminal table.
#[derive(Args)]
struct ScreenArgs {
    /// Colour verdicts, seat marks and binding rules in the terminal table
    /// (never markdown, CSV, JSON or HTML).
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    color: ColorArg,
    /// Lay tables out for N columns (0: full width). Default: $COLUMNS when
    /// set, else the terminal's width; piped output keeps full width.
    #[arg(long, global = true, value_name = "N")]
    width: Option<usize>,
}

impl ScreenArgs {
    /// The terminal the output is laid out for.
    /// `to_file`: the output goes to `--output FILE`, which is not on the
    /// terminal even when standard output is.
    fn terminal(&self, to_file: bool) -> render::Terminal {
        use std::io::IsTerminal as _;
        let on_terminal = std::io::stdout().is_terminal() && !to_file;
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0);
        let width = match self.width {
            Some(0) => None,
            Some(n) => Some(n),
            None => columns.or_else(|| {
                if on_terminal {
                    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))
                } else {
                    None
                }
            }),
        };
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let colour = match self.color {
            ColorArg::Never => false,
            ColorArg::Always => true,
            ColorArg::Auto => on_terminal && !no_color,
        };
        render::Terminal { width, colour }
    }
}

thread_local! {
    /// The terminal the table format is laid out for, set once by `run`
    /// from the flags and the environment.
    static TERMINAL: std::cell::Cell<render::Terminal> = const {
        std::cell::Cell::new(render::Terminal { width: None, colour: false })
    };
}

/// "no X named `y`; did you mean …?" (or the list of names).
fn unknown_name(what: &str, flag: &str, name: &str, known: &[&str]) -> Failure {
    let close = seatshare::suggest::closest(name, known);
    let quoted: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
    let hint = if close.is_empty() {
        format!("the {what}s are: {}", quoted.join(", "))
    } else {
        let close: Vec<String> = close.iter().map(|k| format!("`{k}`")).collect();
        format!("did you mean {}?", close.join(" or "))
    };
    bad_input(anyhow!("{flag} {name}: no {what} named `{name}`; {hint}"))
}

/// `--columns a,b,c`: the comparison's columns in that order (and the
/// scenarios that cannot hold, when asked for).
fn pick_columns(comparison: &mut analysis::Comparison, wanted: &[String]) -> Result<(), Failure> {
    if wanted.is_empty() {
        return Ok(());
    }
    let known: Vec<String> = comparison
        .columns
        .iter()
        .map(|c| c.id.clone())
        .chain(comparison.infeasible.iter().map(|i| i.id.clone()))
        .collect();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    let ids: Vec<&str> = wanted
        .iter()
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
        .collect();
    if ids.is_empty() {
        return Err(bad_input(anyhow!(
            "--columns: name the makeups and scenarios to show, e.g. --columns {}",
            known.iter().take(2).copied().collect::<Vec<_>>().join(",")
        )));
    }
    let mut columns = Vec::new();
    let mut infeasible = Vec::new();
    for id in ids {
        if let Some(c) = comparison.columns.iter().find(|c| c.id == id) {
            columns.push(c.clone());
        } else if let Some(i) = comparison.infeasible.iter().find(|i| i.id == id) {
            infeasible.push(i.clone());
        } else {
            return Err(unknown_name("makeup or scenario", "--columns", id, &known));
        }
    }
    comparison.columns = columns;
    comparison.infeasible = infeasible;
    Ok(())
}

/// With `--columns`, the file without the scenarios it does not name, so
/// that none is solved only to be dropped (a slow one would cost its whole
/// time). Unchanged when a name is unknown: `pick_columns` then says so
/// with the full list.
fn only_scenarios_shown(mut dataset: Dataset, wanted: &[String]) -> Dataset {
    let ids: Vec<&str> = wanted
        .iter()
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
        .collect();
    let known = |id: &str| {
        dataset.makeups.iter().any(|m| m.id == id)
            || dataset.scenarios.iter().any(|s| s.id == id)
            || dataset.broken.iter().any(|b| b.id == id)
    };
    if ids.is_empty() || !ids.iter().all(|id| known(id)) {
        return dataset;
    }
    dataset.scenarios.retain(|s| ids.contains(&s.id.as_str()));
    dataset.broken.retain(|b| ids.contains(&b.id.as_str()));
    dataset
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
    /// For a CSV: the weight column, matched ignoring case (default: the
    /// first all-numeric column).
    #[arg(long, value_name = "NAME")]
    column: Option<String>,
    /// The input's format (default: told from the content, then the name).
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<InputFormatArg>,
    /// For a CSV: the separator, ';', tab or ',' (default: read from the
    /// header line).
    #[arg(long, value_name = "SEP", value_parser = parse_delimiter)]
    delimiter: Option<u8>,
}

#[derive(Clone, Copy, ValueEnum)]
enum InputFormatArg {
    /// A CSV of weights with a header row.
    Csv,
    /// A YAML scenario file.
    Yaml,
    /// A BAZI data file (`=TITEL=`, `=MANDATE=`, `=DATEN=`, …).
    Bazi,
}

/// `--delimiter`: `;`, `,`, `tab` (or a tab character), `|`.
fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text.trim_matches(|c| c == '\'' || c == '"') {
        ";" | "semicolon" => Ok(b';'),
        "," | "comma" => Ok(b','),
        "tab" | "\t" | "\\t" => Ok(b'\t'),
        "|" | "pipe" => Ok(b'|'),
        other => Err(format!(
            "`{other}` is not a separator seatshare reads; use ';', tab or ','"
        )),
    }
}

impl WeightArgs {
    /// How to read the input, with `table_columns` as seat tables.
    fn load_options(&self, table_columns: &[String]) -> LoadOptions {
        LoadOptions {
            format: self.input_format.map(|f| match f {
                InputFormatArg::Csv => InputFormat::Csv,
                InputFormatArg::Yaml => InputFormat::Yaml,
                InputFormatArg::Bazi => InputFormat::Bazi,
            }),
            delimiter: self.delimiter,
            column: self.column.clone(),
            table_columns: table_columns.to_vec(),
        }
    }

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
    /// A YAML scenario file, a CSV of weights or a BAZI .bazi file;
    /// `-` reads standard input.
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
    /// A YAML scenario file (or a CSV or BAZI file); `-` reads standard
    /// input.
    file: PathBuf,
    #[command(flatten)]
    weights: WeightArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Only these makeups and scenarios, by id, in this order.
    #[arg(long, alias = "only", value_name = "ID,ID", value_delimiter = ',')]
    columns: Vec<String>,
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
    TERMINAL.with(|t| t.set(cli.screen.terminal(cli.output.is_some())));
    let output = cli.output;
    let line = progress_line::ProgressLine::start();
    let result = match html_refused(&cli.command) {
        Some(failure) => Err(failure),
        None => dispatch(cli.command),
    };
    if let Some(line) = line {
        line.stop();
    }
    finish(result, output.as_deref())
}

/// The one check that `--format html` is asked only of `compare`, which
/// writes one page for the whole file, and of `count`, one page for the
/// count.
fn html_refused(command: &Command) -> Option<Failure> {
    if matches!(command, Command::Compare(_) | Command::Count(_))
        || format_asked().as_deref() != Some("html")
    {
        return None;
    }
    Some(bad_input(anyhow!(
        "--format html is written by `seatshare compare FILE --format html` (one page for the whole file) and `seatshare count BALLOTS --format html`; use table, markdown, csv or json here"
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
        Command::Count(args) => count::run(&args),
        Command::Methods { format } => Ok(render::methods(format.into())),
        Command::Completions { shell } => Ok(completions(shell)),
        Command::Man => man(),
    }
}

fn finish(result: Result<String, Failure>, output: Option<&std::path::Path>) -> i32 {
    let notes = NOTES.with(|n| std::mem::take(&mut *n.borrow_mut()));
    match result {
        Ok(text) => {
            let text = with_notes(text, &notes);
            let written = match output {
                Some(path) => write_atomically(path, &text),
                None => write_stdout(&text),
            };
            match written {
                Ok(()) => 0,
                Err(failure) => {
                    eprintln!("error: {:#}", failure.error);
                    if failure.input {
                        2
                    } else {
                        1
                    }
                }
            }
        }
        Err(failure) => {
            // With --output nothing is written: the file keeps what it had.
            if output.is_none() && write_stdout(&failure.shown).is_err() {
                return 1;
            }
            eprintln!("error: {:#}", failure.error);
            if failure.input {
                2
            } else {
                1
            }
        }
    }
}

/// Writes to standard output; a reader that stopped reading (`| head`) is
/// a normal end, not an error.
fn write_stdout(text: &str) -> Result<(), Failure> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure {
            error: anyhow!("cannot write the output: {e}"),
            input: false,
            shown: String::new(),
        }),
    }
}

/// `--output FILE`: the text goes to a temporary file beside FILE, which
/// is then renamed over it, so FILE is never half written.
fn write_atomically(path: &std::path::Path, text: &str) -> Result<(), Failure> {
    use std::io::Write as _;
    let shown = path.display();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(bad_input(anyhow!(
            "--output {shown}: the folder `{}` does not exist; create it first, or write somewhere else",
            dir.display()
        )));
    }
    if path.is_dir() {
        return Err(bad_input(anyhow!(
            "--output {shown} is a folder; give a file name, e.g. --output {}",
            dir.join("out.txt").display()
        )));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let temp = dir.join(format!(".{name}.seatshare-{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        bad_input(anyhow!("--output {shown}: cannot write the file: {e}"))
    })
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
            let terminal = match format_asked().as_deref() {
                Some("markdown") => render::Terminal::default(),
                _ => TERMINAL.with(std::cell::Cell::get),
            };
            out.push_str(&render::terminal_notes(notes, terminal));
            out
        }
    }
}

fn load(file: &std::path::Path, weights: &WeightArgs) -> Result<Dataset, Failure> {
    load_tables(file, weights, &[])
}

/// Reads the input, with CSV columns read as seat tables; what the reader
/// ignored is said on standard error.
fn load_tables(
    file: &std::path::Path,
    weights: &WeightArgs,
    table_columns: &[String],
) -> Result<Dataset, Failure> {
    let dataset = Dataset::load_with(file, &weights.load_options(table_columns))?;
    for note in &dataset.read_notes {
        eprintln!("note: {note}");
    }
    Ok(dataset)
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
    let dataset = only_scenarios_shown(dataset, &args.columns);
    let mut comparison = analysis::compare(&dataset, args.weights.basis())?;
    let ran = comparison
        .columns
        .iter()
        .any(|c| c.kind == analysis::ColumnKind::Scenario);
    pick_columns(&mut comparison, &args.columns)?;
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

/// The completion script for a shell, generated from the same definition
/// clap parses with, so it cannot fall behind the flags.
fn completions(shell: clap_complete::Shell) -> String {
    use clap::CommandFactory as _;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "seatshare", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The manual page, with a section per subcommand.
fn man() -> Result<String, Failure> {
    use clap::CommandFactory as _;
    let command = Cli::command();
    let mut out = Vec::new();
    let failed = |e: std::io::Error| Failure {
        error: anyhow!("could not write the manual page: {e}"),
        input: false,
        shown: String::new(),
    };
    clap_mangen::Man::new(command.clone())
        .render(&mut out)
        .map_err(failed)?;
    for sub in command.get_subcommands() {
        let name = format!("seatshare-{}", sub.get_name());
        let page = sub.clone().name(name.clone()).display_name(name);
        clap_mangen::Man::new(page)
            .render(&mut out)
            .map_err(failed)?;
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}
