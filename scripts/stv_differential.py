#!/usr/bin/env python3
"""Differential fixtures for `seatshare count`: the 24 Scottish council wards
in tests/fixtures/stv/scotland_council/ counted by two independent Python
counters, written to tests/fixtures/stv/differential.json.

- stvpoll (ScottishSTV: integer Droop quota, elected on reaching it) is the
  peer for `--rule scottish`;
- stv-rs 0.5.1 (a Rust counter on crates.io, Droop.py's Meek rule in 9-decimal
  fixed point) is the peer for `--rule meek`;
- pyrankvote (single_transferable_vote: quota votes/(seats+1) unrounded,
  fractional surplus transfers in floating point) is the nearest peer for
  `--rule wigm`, but not the same rule: it shares a surplus equally among the
  papers (surplus / number of papers, whatever each paper's value: the
  unweighted inclusive Gregory method), elects on reaching the quota, and
  excludes in bulk the candidates who cannot catch up. Where a surplus
  includes papers already transferred at a fraction, its count differs from
  weighted inclusive Gregory.

Usage (installs into a private folder, not the system):

    pip install --target /tmp/pyvenv-stv stvpoll==0.5.6 pyrankvote==2.0.6
    cargo install stv-rs --version 0.5.1 --root /tmp/stvrs
    PYTHONPATH=/tmp/pyvenv-stv python3 scripts/stv_differential.py

Ties that need a lot are decided by neither peer in a stated way; the script
uses stvpoll without random tie-breaks (it raises instead) and records any
ward where a peer fails.
"""

import json
import os
import re
import sys
from importlib.metadata import version

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WARDS = os.path.join(ROOT, "tests", "fixtures", "stv", "scotland_council")
OUT = os.path.join(ROOT, "tests", "fixtures", "stv", "differential.json")
# The stv-rs binary: `cargo install stv-rs --version 0.5.1 --root /tmp/stvrs`.
STV_RS = os.environ.get("STV_RS", "/tmp/stvrs/bin/stv-rs")


def read_blt(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.split("#")[0].strip() for l in f]
    lines = [l for l in lines if l]
    n, seats = map(int, lines[0].split())
    i = 1
    withdrawn = set()
    if lines[i].startswith("-"):
        withdrawn = {-int(t) for t in lines[i].split()}
        i += 1
    ballots = []
    while lines[i] != "0":
        fields = lines[i].split()
        w = int(fields[0])
        prefs = [int(t) for t in fields[1:] if t != "0"]
        prefs = [p for p in prefs if p not in withdrawn]
        if prefs:
            ballots.append((w, prefs))
        i += 1
    i += 1
    names = []
    for l in lines[i : i + n]:
        if l.startswith('"'):
            l = l[1:-1].replace('""', '"')
        names.append(" ".join(l.split()))
    return n, seats, ballots, names


def stvpoll_scottish(n, seats, ballots, names):
    from stvpoll.scottish_stv import calculate_scottish_stv

    data = [(tuple(names[p - 1] for p in prefs), w) for w, prefs in ballots]
    result = calculate_scottish_stv(
        tuple(names), data, seats, allow_random=False, random_shuffle=False
    )
    return [str(c) for c in result.elected_as_tuple()]


def pyrankvote_stv(n, seats, ballots, names):
    import pyrankvote
    from pyrankvote import Ballot, Candidate

    cands = [Candidate(x) for x in names]
    bs = []
    for w, prefs in ballots:
        b = Ballot(ranked_candidates=[cands[p - 1] for p in prefs])
        bs.extend([b] * w)
    result = pyrankvote.single_transferable_vote(cands, bs, number_of_seats=seats)
    return [c.name for c in result.get_winners()]


def stv_rs_meek(n, seats, ballots, names):
    """stv-rs (Rust, crates.io) `meek` in its fixed9 arithmetic: Droop.py's
    Meek rule. It reads Droop's BLT dialect (a `[nick ...]` line, ballots by
    nickname), so the ward is rewritten with nicknames c1..cN, which are also
    given as the candidates' names and mapped back here."""
    import subprocess
    import tempfile

    nick = [f"c{i + 1}" for i in range(n)]
    lines = [f"{n} {seats}", "[nick " + " ".join(nick) + "]"]
    lines += [f"{w} " + " ".join(nick[p - 1] for p in prefs) + " 0" for w, prefs in ballots]
    lines += ["0"] + [f'"{c}"' for c in nick] + ['"ward"']
    with tempfile.NamedTemporaryFile("w", suffix=".blt", delete=False) as f:
        f.write("\n".join(lines) + "\n")
    try:
        run = subprocess.run(
            [STV_RS, "--arithmetic", "fixed9", "--input", f.name, "meek", "--parallel", "no"],
            capture_output=True, text=True, check=True,
        )
    finally:
        os.unlink(f.name)
    final = run.stdout.split("Action: Count Complete")[-1]
    return [names[int(m) - 1] for m in re.findall(r"Elected:\s+c(\d+) \(", final)]


def stv_rs_version():
    import subprocess

    return subprocess.run([STV_RS, "--version"], capture_output=True, text=True, check=True).stdout.split()[-1]


def main():
    out = {
        "source": "scripts/stv_differential.py on tests/fixtures/stv/scotland_council/ (ballots from mggg/scot-elex, see SOURCE.md)",
        "peers": {
            "stvpoll": {"version": version("stvpoll"), "rule": "scottish", "method": "stvpoll.scottish_stv.calculate_scottish_stv(allow_random=False)"},
            "pyrankvote": {"version": version("pyrankvote"), "rule": "wigm", "method": "pyrankvote.single_transferable_vote", "note": "unweighted inclusive Gregory in floating point: each paper of a surplus carries surplus / papers, whatever its value; not weighted inclusive Gregory"},
            "stv-rs": {"version": stv_rs_version(), "rule": "meek", "method": "stv-rs --arithmetic fixed9 meek --parallel no (Droop.py's Meek rule: 9-decimal fixed point, omega 10^-6)"},
        },
        "wards": {},
    }
    for name in sorted(os.listdir(WARDS)):
        if not name.endswith(".blt"):
            continue
        n, seats, ballots, names = read_blt(os.path.join(WARDS, name))
        ward = {"seats": seats}
        for peer, fn in (("stvpoll", stvpoll_scottish), ("pyrankvote", pyrankvote_stv), ("stv-rs", stv_rs_meek)):
            try:
                ward[peer] = sorted(fn(n, seats, ballots, names))
            except Exception as e:  # a peer's failure is recorded, not hidden
                ward[peer] = None
                ward[peer + "_error"] = f"{type(e).__name__}: {e}"
        out["wards"][name] = ward
        print(name, ward, file=sys.stderr)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
