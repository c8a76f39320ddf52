//! The docs cannot go stale: every command shown in `README.md` and
//! `docs/*.md` runs here and its output is compared with the text beside
//! it, and every example under a command's `--help` runs.
//!
//! A ```` ```console ```` block holds commands, each on a line starting `$ `
//! and followed by its expected output (standard output, then standard
//! error). A command that exits with a non-zero status ends its output with
//! a line `[exit status N]`. A line `...` stands for any number of lines.
//! A command line ending in `\\` continues on the next line.
//! Commands run with `sh` in the repository root, with the binary under test
//! first on `PATH`, `COLUMNS=80` and no colour.
//!
//! After a deliberate change of output, `SEATSHARE_BLESS=1 cargo test --test
//! docs` writes the new outputs into the files (keeping each `...`
//! elision where the rest of the output still matches); read the diff
//! before committing it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The width the documented outputs are laid out for.
const DOC_COLUMNS: &str = "80";

/// One command of a console block and where its expected output sits.
struct Example {
    file: PathBuf,
    /// Line of the `$ ` command (1-based).
    line: usize,
    command: String,
    /// Expected output lines (without the command line).
    expected: Vec<String>,
    /// Index range in the file's lines of the expected output.
    span: std::ops::Range<usize>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn doc_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// The console examples of one file, and the file's lines.
fn examples(file: &Path) -> (Vec<String>, Vec<Example>) {
    let text = std::fs::read_to_string(file).expect("doc file reads");
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "```console" {
            i += 1;
            continue;
        }
        i += 1;
        let mut current: Option<Example> = None;
        while i < lines.len() && lines[i].trim() != "```" {
            if let Some(first) = lines[i].strip_prefix("$ ") {
                if let Some(done) = current.take() {
                    out.push(done);
                }
                let line = i + 1;
                // A line ending in `\` continues on the next, as in a shell.
                let mut command = first.to_string();
                while command.ends_with('\\') && i + 1 < lines.len() {
                    command.pop();
                    i += 1;
                    command.push_str(lines[i].trim_start_matches("> "));
                }
                current = Some(Example {
                    file: file.to_path_buf(),
                    line,
                    command,
                    expected: Vec::new(),
                    span: i + 1..i + 1,
                });
            } else if let Some(ex) = current.as_mut() {
                ex.expected.push(lines[i].clone());
                ex.span.end = i + 1;
            } else {
                panic!(
                    "{}:{}: a console block must start with a `$ ` command",
                    file.display(),
                    i + 1
                );
            }
            i += 1;
        }
        if let Some(done) = current.take() {
            out.push(done);
        }
        i += 1;
    }
    (lines, out)
}

/// Runs a documented command as a reader would in the repository root.
fn run(command: &str) -> Vec<String> {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_seatshare"));
    let dir = bin.parent().expect("binary has a directory");
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(root())
        .env("PATH", path)
        .env("COLUMNS", DOC_COLUMNS)
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    if let Some(code) = out.status.code().filter(|&c| c != 0) {
        lines.push(format!("[exit status {code}]"));
    }
    lines
}

/// Whether `actual` matches `expected`, where a `...` line matches any run
/// of lines. Trailing spaces never count.
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| a == first.trim_end() && matches(rest, more)),
    }
}

/// The output to write back when blessing: an excerpt (lines, then one
/// closing `...`) stays an excerpt of as many lines; anything else becomes
/// the whole output.
fn blessed(expected: &[String], actual: Vec<String>) -> Vec<String> {
    let is_gap = |l: &String| l.trim() == "...";
    match expected.split_last() {
        Some((last, head))
            if is_gap(last) && !head.iter().any(is_gap) && head.len() < actual.len() =>
        {
            let mut excerpt = actual[..head.len()].to_vec();
            excerpt.push("...".into());
            excerpt
        }
        _ => actual,
    }
}

/// The first line where the outputs part, for the failure message.
fn first_difference(expected: &[String], actual: &[String]) -> String {
    let at = expected
        .iter()
        .zip(actual)
        .position(|(e, a)| e.trim_end() != a)
        .unwrap_or(expected.len().min(actual.len()));
    format!(
        "first difference at output line {}:\n  documented: {:?}\n  actual:     {:?}",
        at + 1,
        expected.get(at),
        actual.get(at)
    )
}

#[test]
fn every_documented_command_gives_the_documented_output() {
    let bless = std::env::var_os("SEATSHARE_BLESS").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in doc_files() {
        let (mut lines, examples) = examples(&file);
        let mut changed = false;
        // From the end, so that replacing one output keeps the others' spans.
        for ex in examples.iter().rev() {
            count += 1;
            let actual = run(&ex.command);
            if matches(&ex.expected, &actual) {
                continue;
            }
            if bless {
                lines.splice(ex.span.clone(), blessed(&ex.expected, actual));
                changed = true;
            } else {
                failures.push(format!(
                    "{}:{}: `{}`\n{}",
                    ex.file.display(),
                    ex.line,
                    ex.command,
                    first_difference(&ex.expected, &actual)
                ));
            }
        }
        if changed {
            let mut text = lines.join("\n");
            text.push('\n');
            std::fs::write(&file, text).expect("bless writes the doc");
        }
    }
    assert!(count >= 10, "only {count} documented commands were found");
    assert!(
        failures.is_empty(),
        "{} documented command(s) no longer give their documented output \
         (SEATSHARE_BLESS=1 cargo test --test docs rewrites them):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// A `seatshare` command shown outside a console block would not be run,
/// so could go stale: there must be none.
#[test]
fn no_seatshare_command_is_shown_untested() {
    let mut stray = Vec::new();
    for file in doc_files() {
        let text = std::fs::read_to_string(&file).expect("reads");
        let mut block: Option<String> = None;
        for (i, line) in text.lines().enumerate() {
            let t = line.trim();
            if let Some(info) = t.strip_prefix("```") {
                block = match block {
                    Some(_) => None,
                    None => Some(info.to_string()),
                };
                continue;
            }
            let Some(kind) = &block else { continue };
            let shown = t.starts_with("seatshare ") || t.starts_with("$ seatshare ");
            if shown && kind != "console" {
                stray.push(format!("{}:{}: {t}", file.display(), i + 1));
            }
        }
    }
    assert!(
        stray.is_empty(),
        "seatshare commands in non-console blocks (make them ```console blocks with their output):\n{}",
        stray.join("\n")
    );
}

/// The README's two set-up commands are the ones CI runs.
#[test]
fn the_readme_set_up_is_what_ci_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("reads");
    let ci = std::fs::read_to_string(root().join(".ci/run")).expect("reads");
    let setup: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("## Set-up"))
        .skip_while(|l| !l.starts_with("```"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(setup.len(), 2, "the set-up is two commands: {setup:?}");
    for command in setup {
        let ci_form = command.replace("cargo run --release", "cargo run --quiet --release");
        assert!(
            ci.contains(command) || ci.contains(&ci_form),
            "CI does not run the README's `{command}`"
        );
    }
}

/// The examples under each command's `--help`.
fn help_examples() -> Vec<(String, String)> {
    let bin = env!("CARGO_BIN_EXE_seatshare");
    let commands = [
        "allocate",
        "compare",
        "sweep",
        "threshold",
        "identify",
        "margin",
        "robust",
        "population",
        "check",
        "count",
        "methods",
        "completions",
        "man",
    ];
    let mut out = Vec::new();
    for name in commands {
        let help = Command::new(bin)
            .args([name, "--help"])
            .output()
            .expect("help runs");
        let text = String::from_utf8_lossy(&help.stdout).into_owned();
        let examples: Vec<String> = text
            .lines()
            .skip_while(|l| *l != "Examples:")
            .skip(1)
            .map(str::trim)
            .filter(|l| l.starts_with("seatshare "))
            .map(str::to_string)
            .collect();
        assert!(
            !examples.is_empty(),
            "`seatshare {name} --help` has no examples"
        );
        assert!(
            examples
                .iter()
                .all(|e| e.starts_with(&format!("seatshare {name}"))),
            "`seatshare {name} --help` shows another command's examples: {examples:?}"
        );
        out.extend(examples.into_iter().map(|e| (name.to_string(), e)));
    }
    out
}

#[test]
fn every_help_example_runs() {
    let scratch = std::env::temp_dir().join(format!("seatshare-help-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    for (name, example) in help_examples() {
        // A redirection into the reader's files goes to a scratch file.
        let command = match example.split_once(" > ") {
            Some((cmd, _)) => format!("{cmd} > {}/out", scratch.display()),
            None => example.clone(),
        };
        let lines = run(&command);
        assert!(
            !lines.iter().any(|l| l.starts_with("[exit status")),
            "`seatshare {name} --help` example fails: {example}\n{}",
            lines.join("\n")
        );
        let written = std::fs::metadata(scratch.join("out")).map_or(0, |m| m.len());
        assert!(
            lines.len() > 3 || written > 0,
            "`{example}` printed almost nothing: {lines:?}"
        );
        let _ = std::fs::remove_file(scratch.join("out"));
    }
}

#[test]
fn completions_and_the_manual_cover_every_command() {
    let bin = env!("CARGO_BIN_EXE_seatshare");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = Command::new(bin)
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert!(out.status.success(), "completions {shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        for word in ["allocate", "threshold", "women-at-least"] {
            assert!(text.contains(word), "{shell} completions lack {word}");
        }
    }
    let bad = Command::new(bin)
        .args(["completions", "tcsh"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    let man = Command::new(bin).arg("man").output().expect("runs");
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(page.starts_with(".ie") || page.contains(".TH seatshare"));
    for sub in ["allocate", "compare", "check", "margin"] {
        assert!(
            page.contains(&format!(".TH seatshare-{sub}")),
            "the manual has no page for {sub}"
        );
    }
}

#[test]
fn the_elision_matches_runs_of_lines() {
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(matches(&v(&["a", "...", "d"]), &v(&["a", "b", "c", "d"])));
    assert!(matches(&v(&["a", "...", "b"]), &v(&["a", "b"])));
    assert!(!matches(&v(&["a", "...", "d"]), &v(&["a", "b", "c"])));
    assert!(!matches(&v(&["a", "b"]), &v(&["a", "b", "c"])));
}
