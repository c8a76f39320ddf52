#!/usr/bin/env python3
"""A campaign of generated command lines against a seatshare binary.

Each case is a random subcommand (allocate, sweep, threshold, identify,
margin, robust, population, compare, check, count) with random (often
extreme) numbers on a small random weights file, scenario file, claims file
or BLT election. A case fails when the binary panics, exits 1,
runs longer than the time limit or uses more memory than the limit.

    cargo build --profile campaign
    python3 scripts/campaign.py target/campaign/seatshare --cases 10000 --seed 1

The `campaign` profile is the release profile with overflow checks and debug
assertions on, so a wrapped sum panics here instead of answering wrongly.
Failures are printed as reproducible command lines, with the files kept in
the work directory.
"""
import argparse
import concurrent.futures
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

BIG = [0, 1, 2, 3, 7, 9, 10, 20, 100, 435, 1000, 10**6, 10**9, 2**32, 10**12,
       10**16, 10**18, 2**60, 2**60 + 1, 2**62, 2**63 - 1, 2**63, 2**64 - 1, 2**64, 10**30]
METHODS = ["dhondt", "sainte-lague", "modified-sainte-lague", "danish", "imperiali",
           "adams", "dean", "huntington-hill", "hamilton", "droop",
           "hagenbach-bischoff", "imperiali-quota", "stationary:1/3", "stationary:0",
           "stationary:1/10000000000000000000000000000000000000000", "all"]


def number(rng):
    r = rng.random()
    if r < 0.5:
        return rng.choice(BIG[:10])
    if r < 0.9:
        return rng.choice(BIG)
    return rng.randrange(0, 10**rng.randrange(1, 40))


def weight(rng):
    r = rng.random()
    if r < 0.6:
        return str(rng.randrange(0, 1000))
    if r < 0.75:
        return str(rng.choice(BIG))
    if r < 0.85:
        return f"{rng.randrange(0, 10**6)}.{rng.randrange(0, 10**rng.randrange(1, 12))}"
    if r < 0.9:
        return "9" * rng.randrange(20, 600)
    if r < 0.93:
        return "0"
    return rng.choice(["-1", "1e5", "NaN", "0x10", "", " 5 ", "1,000", "inf"])


def weights_file(rng, directory, n):
    names = [f"R{i}" for i in range(n)]
    if rng.random() < 0.05 and n > 1:
        names[1] = names[0]
    path = os.path.join(directory, f"w{rng.randrange(10**9)}.csv")
    with open(path, "w") as f:
        f.write("region,w,later\n")
        for name in names:
            f.write(f"{name},{weight(rng)},{weight(rng)}\n")
    return path, names


def region_spec(rng, names):
    return f"{rng.choice(names + ['Nowhere'])}={number(rng)}"


def yaml_text(value):
    """A YAML scalar: the text quoted, so any weight text reaches the reader."""
    return '"' + str(value).replace('\\', '\\\\').replace('"', '\\"') + '"'


def scenario_file(rng, directory, names):
    """A YAML scenario file: regions with counts, shares and women, a makeup
    and scenarios with random rules."""
    path = os.path.join(directory, f"s{rng.randrange(10**9)}.yaml")
    lines = [f"title: campaign", f"seats: {number(rng)}", "regions:"]
    for name in names:
        women = f", women: {yaml_text(weight(rng))}" if rng.random() < 0.2 else ""
        lines.append(f"  - {{name: {name}, count: {yaml_text(weight(rng))}, "
                     f"share: {yaml_text(weight(rng))}{women}}}")
    lines += ["makeups:", "  - id: given", "    seats:"]
    for name in rng.sample(names, min(len(names), 3)):
        lines.append(f"      {name}: {number(rng)}")
    lines.append("scenarios:")
    for k in range(rng.randrange(1, 4)):
        lines += [f"  - id: s{k}", f"    seats: {number(rng)}", f"    method: {rng.choice(METHODS[:-1])}"]
        for key in ["min_each", "max_each", "base_each"]:
            if rng.random() < 0.15:
                lines.append(f"    {key}: {number(rng)}")
        rules = []
        if rng.random() < 0.2:
            members = ", ".join(rng.sample(names, min(len(names), rng.randrange(1, 4))))
            rules.append(f"{{name: g, group: [{members}], {rng.choice(['at_least', 'at_most'])}: {number(rng)}}}")
        if rng.random() < 0.2:
            rules.append(f"{{name: w, women_at_least: {rng.choice(['50%', '1', '100%', str(number(rng))])}, "
                         f"rounding: {rng.choice(['up', 'down'])}}}")
        if rng.random() < 0.1:
            rules.append("{name: b, balanced_delegations: true}")
        if rules:
            lines.append("    rules:")
            lines += [f"      - {r}" for r in rules]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def claims_file(rng, directory, data, names):
    """A claims file about `data` (in the same folder): tables, needs,
    shares and slates with extreme numbers."""
    path = os.path.join(directory, f"c{rng.randrange(10**9)}.yaml")
    lines = ["title: campaign", f"data: {os.path.basename(data)}", "claims:"]
    for k in range(rng.randrange(1, 4)):
        kind = rng.choice(["table", "needs", "share", "slate"])
        lines += [f"  - id: c{k}", f"    kind: {kind}", "    text: a claim", "    source: campaign"]
        if kind in ("table", "needs"):
            lines.append(f"    methods: {rng.choice(['all', 'dhondt', 'hamilton', 'droop'])}")
        if kind == "table":
            lines.append("    table:")
            lines += [f"      {x}: {number(rng)}" for x in rng.sample(names, min(len(names), 3))]
        elif kind == "needs":
            lines += [f"    each: {number(rng)}", f"    seats: {number(rng)}"]
        elif kind == "share":
            lines += [f"    seats: {number(rng)}", f"    method: {rng.choice(METHODS[:-1])}",
                      f"    regions: [{names[0]}]", f"    at_least_percent: {rng.randrange(0, 101)}"]
        else:
            people = rng.randrange(1, 15)
            lines += [f"    places: {number(rng)}", f"    min_women: {number(rng)}",
                      "    slate: L", f"    at_least: {number(rng)}", "    candidates:"]
            for c in range(people):
                votes = rng.choice([0, 1, 5, 5, 5, 100, number(rng)])
                lines.append(f"      - {{name: P{c}, votes: {votes}, "
                             f"gender: {rng.choice(['woman', 'man', 'non-binary'])}, slate: {rng.choice(['L', 'R'])}}}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def blt_file(rng, directory):
    """A BLT election: random candidates, ballots and weights, sometimes
    broken (a preference out of range, a missing terminator)."""
    path = os.path.join(directory, f"b{rng.randrange(10**9)}.blt")
    candidates = rng.randrange(1, 12)
    seats = rng.choice([0, 1, 2, 3, candidates, candidates + 1, number(rng)])
    lines = [f"{candidates} {seats}"]
    if rng.random() < 0.1:
        lines.append("-1")
    for _ in range(rng.randrange(0, 40)):
        prefs = rng.sample(range(1, candidates + 1), rng.randrange(0, candidates + 1))
        if rng.random() < 0.03:
            prefs.append(rng.choice([0, candidates + 1, 10**20]))
        lines.append(f"{rng.choice([1, 1, 2, 7, number(rng)])} {' '.join(map(str, prefs))} 0")
    if rng.random() > 0.03:
        lines.append("0")
    lines += [f'"C{c}"' for c in range(candidates)] + ['"campaign"']
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    attributes = os.path.join(directory, f"a{rng.randrange(10**9)}.yaml")
    with open(attributes, "w") as f:
        f.write("candidates:\n")
        for c in range(candidates):
            f.write(f"  - {{name: C{c}, gender: {rng.choice(['woman', 'man'])}, "
                    f"region: {rng.choice(['N', 'S', 'W'])}}}\n")
        if rng.random() < 0.5:
            f.write(f"constraints:\n  - {{name: w, women_at_least: {number(rng)}}}\n")
    return path, attributes


def other_case(rng, directory, command, path, names):
    """compare, check and count."""
    if command == "compare":
        args = ["compare", scenario_file(rng, directory, names)]
        args += rng.choice([[], ["--counts"], ["--shares"]])
        return args
    if command == "check":
        return ["check", claims_file(rng, directory, scenario_file(rng, directory, names), names)]
    ballots, attributes = blt_file(rng, directory)
    args = ["count", ballots, "--rule", rng.choice(["wigm", "scottish", "meek", "ers97"])]
    if rng.random() < 0.4:
        args += ["--candidates", attributes]
    if rng.random() < 0.2:
        args += ["--compare-modes"]
    if rng.random() < 0.2:
        args += ["--seed", str(number(rng))]
    return args


def case(rng, directory):
    n = rng.choice([1, 2, 3, 3, 4, 5, 8, 12, 50])
    path, names = weights_file(rng, directory, n)
    command = rng.choice(["allocate", "allocate", "sweep", "threshold", "identify",
                          "margin", "robust", "population", "compare", "check", "count"])
    if command in ("compare", "check", "count"):
        args = other_case(rng, directory, command, path, names)
        if rng.random() < 0.3:
            args += ["--format", rng.choice(["json", "csv", "markdown"])]
        return args
    args = [command, path, "--column", "w"]
    method = rng.choice(METHODS)
    if command == "sweep":
        a = rng.choice([1, 1, 5, 100, 10**6, 10**11, 10**18, 2**60 - 5])
        args += ["--seats", f"{a}..{a + rng.choice([0, 1, 5, 20, 1000])}"]
    elif command == "threshold":
        if rng.random() < 0.5:
            args += ["--each", str(number(rng))]
        else:
            args += ["--region", rng.choice(names), "--at-least", str(number(rng))]
    elif command == "identify":
        table = ",".join(f"{x}={rng.randrange(0, 5)}" for x in names)
        args += ["--table", table]
    else:
        args += ["--seats", str(number(rng))]
    if command in ("allocate", "margin", "robust", "population") and method == "all":
        method = "dhondt"
    args += ["--method", method]
    if command == "population":
        args += ["--later-column", "later"]
    if command == "robust" and rng.random() < 0.5:
        args += ["--uncertainty", str(rng.choice([0, 1, 5, 50, 100, 1000]))]
    for flag in ["--min", "--max", "--exact"]:
        if rng.random() < 0.15:
            args += [flag, region_spec(rng, names)]
            if rng.random() < 0.5:
                args += [flag, region_spec(rng, names)]
    for flag in ["--min-each", "--base-each"]:
        if rng.random() < 0.1:
            args += [flag, str(number(rng))]
    if rng.random() < 0.12:
        args += ["--women-at-least", rng.choice(["50%", "1", "0", "100%", str(number(rng))]),
                 "--women-rounding", rng.choice(["up", "down"])]
    if rng.random() < 0.08:
        args += ["--balanced-delegations"]
    if rng.random() < 0.08:
        members = ",".join(rng.sample(names, min(len(names), rng.randrange(1, 4))))
        args += ["--group", f"g={members}{rng.choice(['>=', '<='])}{number(rng)}"]
    if rng.random() < 0.3:
        args += ["--format", rng.choice(["json", "csv", "markdown"])]
    return args


def limit_memory(limit):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--memory-gib", type=float, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    opts = parser.parse_args()
    rng = random.Random(opts.seed)
    directory = tempfile.mkdtemp(prefix="seatshare-campaign-")
    counts = {"ok": 0, "input error": 0, "panic": 0, "exit 1": 0, "slow": 0, "memory": 0}
    slowest = (0.0, None)
    peak_kib = 0
    start = time.time()

    def run(args):
        began = time.time()
        try:
            out = subprocess.run([opts.binary] + args, capture_output=True,
                                 timeout=opts.seconds, env=dict(os.environ, COLUMNS="100"),
                                 preexec_fn=limit_memory(int(opts.memory_gib * 2**30)))
        except subprocess.TimeoutExpired:
            return args, None, opts.seconds
        return args, out, time.time() - began

    def cases():
        for _ in range(opts.cases):
            yield case(rng, directory)

    with concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        for args, out, took in pool.map(run, cases(), chunksize=1):
            if out is None:
                counts["slow"] += 1
                print("SLOW", " ".join(args), flush=True)
                continue
            if took > slowest[0]:
                slowest = (took, args)
            err = out.stderr.decode("utf-8", "replace")
            if "panicked" in err:
                kind = "panic"
            elif "memory allocation" in err or out.returncode in (-6, 134) or "capacity overflow" in err:
                kind = "memory"
            elif out.returncode == 1:
                kind = "exit 1"
            elif out.returncode == 2:
                kind = "input error"
            elif out.returncode == 0:
                kind = "ok"
            else:
                kind = "panic"
            counts[kind] += 1
            if kind in ("panic", "exit 1", "memory"):
                where = [l for l in err.splitlines() if "panicked" in l or l.startswith("error")][:1]
                print(kind.upper(), " ".join(args), "|", *where, flush=True)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    total = time.time() - start
    print(f"{opts.cases} cases in {total:.0f} s: {counts}; peak memory of one run "
          f"{peak_kib / 1024:.0f} MiB; slowest {slowest[0]:.2f} s: {' '.join(slowest[1] or [])}")
    bad = counts["panic"] + counts["exit 1"] + counts["slow"] + counts["memory"]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
