//! The examples under each command's `--help`. Every line here runs on the
//! files that ship in `data/` (`tests/help.rs` runs them all).

/// Under `seatshare --help`: one example per command.
pub(super) const OVERVIEW: &str = "\
Examples:
  seatshare compare data/labour-nec-2018.yaml
  seatshare allocate data/labour-nec-2018.yaml --scenario proportional-9
  seatshare check data/claims-nec-2018.yaml
  seatshare threshold data/labour-nec-2018.yaml --method all
  seatshare margin data/labour-nec-2018.yaml --scenario proportional-9-sainte-lague
  seatshare count data/nec-model-2018.blt --candidates data/nec-model-2018-women.yaml
  seatshare methods

Each command has its own examples: seatshare help COMMAND";

pub(super) const ALLOCATE: &str = "\
Examples:
  seatshare allocate data/labour-nec-2018.yaml --scenario proportional-9
  seatshare allocate data/labour-nec-2018.yaml --seats 9 --method sainte-lague --min Wales=1 --min Scotland=1
  seatshare allocate data/labour-nec-2018.yaml --seats 9 --method sainte-lague --women-at-least 50% --women-rounding up --balanced-delegations
  seatshare allocate data/labour-nec-2018.yaml --seats 9 --method dhondt --group \"nations=Wales,Scotland>=2\"
  seatshare allocate data/labour-nec-2018.yaml --scenario designated-11 --drop-rule exact_each
  seatshare allocate data/us-census-2010-2020.csv --column population_2020 --seats 435 --method huntington-hill --format json";

pub(super) const COMPARE: &str = "\
Examples:
  seatshare compare data/labour-nec-2018.yaml
  seatshare compare data/labour-nec-2018.yaml --format markdown
  seatshare compare data/labour-nec-2018.yaml --counts --format csv
  seatshare compare data/labour-nec-2018.yaml --format html > nec.html";

pub(super) const SWEEP: &str = "\
Examples:
  seatshare sweep data/labour-nec-2018.yaml --seats 9..20 --method hamilton
  seatshare sweep data/labour-nec-2018.yaml --scenario designated-11-plus-9 --seats 11..30
  seatshare sweep data/us-census-2010-2020.csv --column population_2020 --seats 430..440 --method huntington-hill";

pub(super) const THRESHOLD: &str = "\
Examples:
  seatshare threshold data/labour-nec-2018.yaml --method all
  seatshare threshold data/labour-nec-2018.yaml --method sainte-lague --each 2
  seatshare threshold data/labour-nec-2018.yaml --method dhondt --region Wales --at-least 2";

pub(super) const IDENTIFY: &str = "\
Examples:
  seatshare identify data/labour-nec-2018.yaml --makeup current-2018
  seatshare identify data/labour-nec-2018.yaml --shares --table \"Greater London=3,North West=1,South East=1,Yorkshire & The Humber=1,South West=1,East=1,West Midlands=1\"";

pub(super) const MARGIN: &str = "\
Examples:
  seatshare margin data/labour-nec-2018.yaml --scenario proportional-9-sainte-lague
  seatshare margin data/labour-nec-2018.yaml --scenario designated-11-plus-9
  seatshare margin data/us-census-2010-2020.csv --column population_2020 --seats 435 --method huntington-hill";

pub(super) const ROBUST: &str = "\
Examples:
  seatshare robust data/labour-nec-2018.yaml --scenario proportional-9
  seatshare robust data/labour-nec-2018.yaml --seats 9 --method sainte-lague --uncertainty 1";

pub(super) const POPULATION: &str = "\
Examples:
  seatshare population data/us-census-2010-2020.csv --column population_2010 --later-column population_2020 --seats 435 --method huntington-hill";

pub(super) const CHECK: &str = "\
Examples:
  seatshare check data/claims-nec-2018.yaml
  seatshare check data/claims-nec-2018.yaml --format json";

pub(super) const COUNT: &str = "\
Examples:
  seatshare count data/nec-model-2018.blt
  seatshare count data/nec-model-2018.blt --candidates data/nec-model-2018-women.yaml --compare-modes
  seatshare count data/nec-model-2018.blt --candidates data/nec-model-2018-nations.yaml --rule meek --mode replacement
  seatshare count tests/fixtures/stv/glasgow_2007/Anderston-City-2007.blt --rule scottish
  seatshare count data/nec-model-2018.blt --rule ers97
  seatshare count docs/examples/council.blt --candidates docs/examples/council-candidates.yaml --candidates docs/examples/council-rules.yaml --scenario wales-and-women
  seatshare count tests/fixtures/stv/nec_bloc_vote_results.csv --rule bloc --seats 6 --women-at-least 3";

pub(super) const METHODS: &str = "\
Examples:
  seatshare methods
  seatshare methods --format markdown";

pub(super) const COMPLETIONS: &str = "\
Examples:
  seatshare completions bash > ~/.local/share/bash-completion/completions/seatshare
  seatshare completions zsh > ~/.zfunc/_seatshare
  seatshare completions fish > ~/.config/fish/completions/seatshare.fish";

pub(super) const MAN: &str = "\
Examples:
  seatshare man > seatshare.1 && man ./seatshare.1";
