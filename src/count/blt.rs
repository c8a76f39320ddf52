//! The BLT ballot format (Hill, Wichmann and Woodall, "Algorithm 123",
//! 1987), read exactly.
//!
//! ```text
//! 4 2            candidates, seats
//! -3             optional: withdrawn candidates (negative numbers)
//! 12 1 2 0       12 ballots: first preference 1, then 2; ended by 0
//! 3 4 0
//! 0              end of ballots
//! "Ann"          one name per candidate, in number order (quoted or bare)
//! Ben
//! "Cai"
//! "Dee"
//! "An example"   the title
//! ```
//!
//! Comments run from `#` to the end of a line (outside quotes). A quoted
//! name doubles a quote inside it (`"Lab ""Neil"""`). Ballot weights are
//! whole numbers or exact decimals. Runs of spaces inside a name are read
//! as one space (`"Ellen   Hurcombe"` is Ellen Hurcombe), as Droop does. Equal preferences (`2=3`) and skipped
//! preferences (`-`) are refused with a sentence: this counter has no rule
//! for them.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

use super::{Ballot, CountError, Election};
use crate::number::Decimal;

/// Reads BLT text from bytes (checked as UTF-8 line by line); `file` names
/// the source in error messages.
pub fn parse_blt(bytes: &[u8], file: &str) -> Result<Election, CountError> {
    let mut lines = Vec::new();
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        match std::str::from_utf8(raw) {
            Ok(text) => lines.push(text.to_string()),
            Err(e) => {
                return Err(CountError::at(
                    file,
                    i + 1,
                    format!(
                        "this line is not UTF-8 text (byte {} is invalid); save the file as UTF-8",
                        e.valid_up_to() + 1
                    ),
                ))
            }
        }
    }
    Parser { file, lines }.parse()
}

struct Parser<'a> {
    file: &'a str,
    lines: Vec<String>,
}

/// A line's content without its comment (a `#` outside quotes).
fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

impl Parser<'_> {
    fn err(&self, line: usize, message: impl Into<String>) -> CountError {
        CountError::at(self.file, line, message.into())
    }

    fn parse(&self) -> Result<Election, CountError> {
        // The meaningful lines, numbered from 1.
        let mut rows = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| (i + 1, strip_comment(l).trim()))
            .filter(|(_, l)| !l.is_empty())
            .peekable();
        let Some((hline, header)) = rows.next() else {
            return Err(self.err(
                1,
                "the file is empty; a BLT file starts with the number of candidates and of seats, e.g. `9 4`",
            ));
        };
        let fields: Vec<&str> = header.split_whitespace().collect();
        let number = |t: &str, what: &str| {
            t.parse::<usize>().map_err(|_| {
                self.err(
                    hline,
                    format!("`{t}` is not a whole number of {what}; the first line gives the number of candidates and of seats, e.g. `9 4`"),
                )
            })
        };
        if fields.len() != 2 {
            return Err(self.err(
                hline,
                format!("the first line has {} fields; it must give exactly the number of candidates and of seats, e.g. `9 4`", fields.len()),
            ));
        }
        let n = number(fields[0], "candidates")?;
        let seats = number(fields[1], "seats")?;
        if n == 0 {
            return Err(self.err(hline, "the header declares no candidates"));
        }
        if seats == 0 {
            return Err(self.err(
                hline,
                "the header declares 0 seats; at least one seat must be filled",
            ));
        }
        if seats > n {
            return Err(self.err(
                hline,
                format!("{seats} seats but only {n} candidates: there are not enough candidates to fill the seats"),
            ));
        }

        let mut withdrawn = Vec::new();
        let mut ballots = Vec::new();
        let mut ended = false;
        while let Some(&(line, text)) = rows.peek() {
            if text.starts_with('-') {
                rows.next();
                for t in text.split_whitespace() {
                    let k = t
                        .strip_prefix('-')
                        .and_then(|k| k.parse::<usize>().ok())
                        .filter(|k| (1..=n).contains(k))
                        .ok_or_else(|| {
                            self.err(
                                line,
                                format!("`{t}` is not a withdrawn candidate: write -k for candidate k, from -1 to -{n}"),
                            )
                        })?;
                    if withdrawn.contains(&(k - 1)) {
                        return Err(self.err(line, format!("candidate {k} is withdrawn twice")));
                    }
                    withdrawn.push(k - 1);
                }
                continue;
            }
            break;
        }
        let mut last_ballot = hline;
        for (line, text) in rows.by_ref() {
            last_ballot = line;
            if text == "0" {
                ended = true;
                break;
            }
            if text.starts_with('"') {
                return Err(self.err(
                    line,
                    "a name appears before the `0` line that ends the ballots; add a line holding only 0 after the last ballot",
                ));
            }
            ballots.push(self.ballot(line, text, n)?);
        }
        if !ended {
            return Err(self.err(
                last_ballot,
                "the ballots are not ended by a line holding only 0 (followed by the candidates' names and the title)",
            ));
        }
        let mut strings = Vec::new();
        let mut last_line = hline;
        for (line, text) in rows {
            last_line = line;
            for s in self.strings(line, text)? {
                strings.push((line, s));
            }
        }
        if strings.len() < n + 1 {
            return Err(self.err(
                last_line,
                format!(
                    "the header declares {n} candidates, but {} name{} and a title follow the ballots; give one name per candidate in number order, then the title",
                    strings.len().saturating_sub(1),
                    if strings.len() == 2 { "" } else { "s" }
                ),
            ));
        }
        if strings.len() > n + 1 {
            let (line, extra) = &strings[n + 1];
            return Err(self.err(
                *line,
                format!("`{extra}` is one name too many: the header declares {n} candidates, and the line after their names is the title"),
            ));
        }
        let title = strings.pop().map(|(_, s)| s).unwrap_or_default();
        let names: Vec<String> = strings.into_iter().map(|(_, s)| s).collect();
        for (i, a) in names.iter().enumerate() {
            if names[..i].contains(a) {
                return Err(self.err(
                    last_line,
                    format!("two candidates are both named `{a}`; names must be distinct"),
                ));
            }
        }
        Ok(Election {
            title,
            names,
            seats,
            withdrawn,
            ballots,
        })
    }

    fn ballot(&self, line: usize, text: &str, n: usize) -> Result<Ballot, CountError> {
        let mut fields = text.split_whitespace();
        let w = fields.next().unwrap_or("");
        if w.starts_with('(') {
            return Err(self.err(line, "ballot ids in parentheses are not supported; start each ballot line with its weight"));
        }
        let weight = Decimal::parse(w)
            .map(|d| d.to_rational())
            .map_err(|_| {
                self.err(
                    line,
                    format!("`{w}` is not a ballot weight; a ballot line starts with how many ballots it stands for, e.g. `12 1 2 0`"),
                )
            })?;
        if weight.is_zero() || weight.is_negative() {
            return Err(self.err(line, format!("the ballot weight `{w}` must be more than 0")));
        }
        let mut prefs: Vec<u32> = Vec::new();
        let mut terminated = false;
        for t in fields {
            if terminated {
                return Err(self.err(
                    line,
                    format!("`{t}` follows the 0 that ends this ballot; one ballot per line, ended by 0"),
                ));
            }
            if t == "0" {
                terminated = true;
                continue;
            }
            if t.contains('=') {
                return Err(self.err(
                    line,
                    format!("`{t}` ranks candidates equally; equal preferences are not supported by these rules: give each preference its own rank"),
                ));
            }
            if t == "-" {
                return Err(self.err(line, "a skipped preference (`-`) is not supported; list the preferences in order without gaps"));
            }
            let k = t.parse::<usize>().map_err(|_| {
                self.err(line, format!("`{t}` is not a candidate number (1 to {n})"))
            })?;
            if k == 0 || k > n {
                return Err(self.err(
                    line,
                    format!("a preference for candidate {k}, but the header declares candidates 1 to {n}"),
                ));
            }
            let c = (k - 1) as u32;
            if prefs.contains(&c) {
                return Err(self.err(
                    line,
                    format!("candidate {k} is ranked twice on this ballot; each candidate may be ranked once"),
                ));
            }
            prefs.push(c);
        }
        if !terminated {
            return Err(self.err(line, "this ballot is not ended by 0; write e.g. `1 3 2 0`"));
        }
        Ok(Ballot { weight, prefs })
    }

    /// The names on a line: quoted strings (several allowed) or the bare
    /// line.
    fn strings(&self, line: usize, text: &str) -> Result<Vec<String>, CountError> {
        if !text.starts_with('"') {
            return Ok(vec![text.split_whitespace().collect::<Vec<_>>().join(" ")]);
        }
        let mut out = Vec::new();
        let mut chars = text.chars().peekable();
        loop {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            match chars.next() {
                None => break,
                Some('"') => {}
                Some(c) => {
                    return Err(self.err(line, format!("`{c}` outside quotes: put each name in its own quotes, or write one bare name per line")))
                }
            }
            let mut name = String::new();
            loop {
                match chars.next() {
                    None => return Err(self.err(line, "a name's closing quote is missing")),
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        name.push('"');
                    }
                    Some('"') => break,
                    Some(c) => name.push(c),
                }
            }
            out.push(name.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        Ok(out)
    }
}

/// The ballots' total weight (for the header line of a count).
pub fn total_weight(ballots: &[Ballot]) -> BigRational {
    ballots
        .iter()
        .fold(BigRational::from_integer(BigInt::zero()), |acc, b| {
            acc + &b.weight
        })
}
