//! Where an input comes from and what it is: a file or standard input
//! (`-`), read with a size limit, and its format told from its content.

use std::io::Read;
use std::path::Path;

use super::ScenarioError;

/// The largest input read, from a file or standard input (64 MiB): far
/// above any real table of regions, and low enough that a wrong file (a
/// disk image, `/dev/zero`) is refused at once instead of filling memory.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// The name standard input has in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// The formats a dataset is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// A table of weights with a header row.
    Csv,
    /// A scenario file.
    Yaml,
    /// A data file of BAZI, Pukelsheim's group's apportionment program.
    Bazi,
}

impl InputFormat {
    /// `csv`, `yaml` or `bazi`.
    pub fn id(self) -> &'static str {
        match self {
            InputFormat::Csv => "csv",
            InputFormat::Yaml => "yaml",
            InputFormat::Bazi => "bazi",
        }
    }

    /// The format a file's name suggests, if any.
    pub fn from_extension(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" | "txt" => Some(InputFormat::Csv),
            "yaml" | "yml" => Some(InputFormat::Yaml),
            "bazi" => Some(InputFormat::Bazi),
            _ => None,
        }
    }

    /// The format the text itself shows, from its first line that is not
    /// blank or a `#` comment: a BAZI `=KEY=` line, a YAML `key:` (or
    /// `---`, a list item, a flow mapping), or a CSV header (a `,`, `;` or
    /// tab outside quotes). `None` when the line shows none of these.
    ///
    /// ```
    /// use seatshare::scenario::InputFormat;
    /// assert_eq!(InputFormat::sniff("regions:\n  - {name: A, count: 1}\n"), Some(InputFormat::Yaml));
    /// assert_eq!(InputFormat::sniff("# source\nregion;members\nA;1\n"), Some(InputFormat::Csv));
    /// assert_eq!(InputFormat::sniff("=TITEL= Beispiel\n=MANDATE= 10\n"), Some(InputFormat::Bazi));
    /// ```
    pub fn sniff(text: &str) -> Option<InputFormat> {
        let line = text
            .trim_start_matches('\u{feff}')
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))?;
        if line.starts_with('=') && line[1..].find('=').is_some_and(|end| end > 0) {
            return Some(InputFormat::Bazi);
        }
        if line.starts_with("---") || line.starts_with('%') || line.starts_with("- ") {
            return Some(InputFormat::Yaml);
        }
        if line.starts_with('{') {
            return Some(InputFormat::Yaml);
        }
        if let Some(colon) = line.find(':') {
            let key = &line[..colon];
            let after = &line[colon + 1..];
            let plain_key = !key.is_empty()
                && !key.contains([',', ';', '\t', '"'])
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '\''));
            if plain_key && (after.is_empty() || after.starts_with(' ')) {
                return Some(InputFormat::Yaml);
            }
        }
        if delimiter_of(line).is_some() {
            return Some(InputFormat::Csv);
        }
        None
    }

    /// The format to read `text` in: the text's own, else the name's, else
    /// YAML (whose reader explains what it expected).
    pub fn detect(text: &str, path: &Path) -> InputFormat {
        InputFormat::sniff(text)
            .or_else(|| InputFormat::from_extension(path))
            .unwrap_or(InputFormat::Yaml)
    }
}

/// The separator a CSV header line uses: the most frequent of `,`, `;` and
/// tab outside double quotes (a comma on a tie), or `None` when it has none.
///
/// ```
/// use seatshare::scenario::delimiter_of;
/// assert_eq!(delimiter_of("region;members;\"a,b\""), Some(b';'));
/// assert_eq!(delimiter_of("region\tmembers"), Some(b'\t'));
/// assert_eq!(delimiter_of("region"), None);
/// ```
pub fn delimiter_of(line: &str) -> Option<u8> {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b',', b';', b'\t'];
    let (best, &count) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(i, c)| (*c, std::cmp::Reverse(i)))?;
    (count > 0).then_some(seps[best])
}

/// The name a path has in messages: `<stdin>` for `-`.
pub fn shown_name(path: &Path) -> String {
    if is_stdin(path) {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

/// True for the path `-`, standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads a whole input as text: a regular file, or standard input for `-`,
/// at most [`MAX_INPUT_BYTES`]. A device, FIFO or directory is refused
/// (it could block or never end), and so is text that is not UTF-8; a
/// leading UTF-8 byte-order mark is dropped.
pub fn read_text(path: &Path) -> Result<String, ScenarioError> {
    let shown = shown_name(path);
    let io = |reason: String| ScenarioError::Io {
        path: shown.clone(),
        reason,
    };
    let bytes = if is_stdin(path) {
        read_limited(std::io::stdin().lock(), &shown)?
    } else {
        let meta = std::fs::metadata(path).map_err(|e| io(e.to_string()))?;
        if meta.is_dir() {
            return Err(io(
                "it is a folder; give a scenario, CSV or .bazi file".into()
            ));
        }
        if !meta.is_file() {
            return Err(io(
                "it is not a regular file (a device or a pipe could block or never end); save the data to a file, or pipe it to `-`".into(),
            ));
        }
        if meta.len() > MAX_INPUT_BYTES {
            return Err(too_large(&shown));
        }
        let file = std::fs::File::open(path).map_err(|e| io(e.to_string()))?;
        read_limited(file, &shown)?
    };
    let text = String::from_utf8(bytes).map_err(|e| ScenarioError::Invalid {
        path: shown.clone(),
        message: format!(
            "the input is not UTF-8 text (byte {} is not valid); save it as UTF-8",
            e.utf8_error().valid_up_to() + 1
        ),
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

fn read_limited(reader: impl Read, shown: &str) -> Result<Vec<u8>, ScenarioError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ScenarioError::Io {
            path: shown.to_string(),
            reason: e.to_string(),
        })?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(shown));
    }
    Ok(bytes)
}

fn too_large(shown: &str) -> ScenarioError {
    ScenarioError::Invalid {
        path: shown.to_string(),
        message: format!(
            "the input is larger than {} MiB, more than any table of regions needs; check that this is the right file",
            MAX_INPUT_BYTES / (1024 * 1024)
        ),
    }
}
