#!/usr/bin/env python3
"""Writes data/clp-650.yaml: a large synthetic scenario in the shape of
Labour's constituency parties, for timing the claim checker at scale.

The units are the 632 constituencies of Great Britain on the 2024
boundaries, by Labour region (Labour organises no CLPs in Northern
Ireland). The members per unit are SYNTHETIC: each region's January 2018
membership (data/labour-nec-2018.yaml) is shared among its units in
proportion to draws from a log-normal distribution (sigma 0.45) from
Python's random.Random(SEED). They are not real CLP figures.

Deterministic: the same seed writes the same file, byte for byte.

    python3 scripts/gen_clp650.py > data/clp-650.yaml

Two scenarios: Sainte-Laguë with at least one seat each, and the same with
half women (up), balanced delegations and four regional minimums.
"""

import math
import random
import sys

SEED = 650
SEATS = 1000

# Labour region: (constituencies on the 2024 boundaries, members in
# January 2018 from data/labour-nec-2018.yaml).
REGIONS = [
    ("Greater London", 75, 112308),
    ("North West", 73, 71488),
    ("South East", 91, 66805),
    ("Yorkshire & The Humber", 54, 51068),
    ("South West", 58, 48468),
    ("East", 61, 42769),
    ("West Midlands", 57, 37291),
    ("East Midlands", 47, 35041),
    ("North", 27, 28177),
    ("Wales", 32, 27688),
    ("Scotland", 57, 25770),
]

# Regional groups with a minimum of seats: the proportional share of the
# group's members at 1,000 seats, rounded up, plus the extra seats given.
GROUPS = [("Scotland", 2), ("Wales", 2), ("North", 1), ("South West", 0)]


def units():
    rng = random.Random(SEED)
    out = []
    for region, count, members in REGIONS:
        draws = [rng.lognormvariate(0.0, 0.45) for _ in range(count)]
        total = sum(draws)
        raw = [members * d / total for d in draws]
        # Whole members, summing to the region's total (largest remainder).
        floors = [math.floor(x) for x in raw]
        left = members - sum(floors)
        order = sorted(range(count), key=lambda k: (floors[k] - raw[k], k))
        for k in order[:left]:
            floors[k] += 1
        for k, m in enumerate(floors):
            out.append((f"{region} {k + 1:02d}", region, m))
    return out


def main():
    rows = units()
    total = sum(m for _, _, m in rows)
    by_region = {}
    for name, region, m in rows:
        by_region.setdefault(region, []).append((name, m))
    print("# SYNTHETIC DATA: a large scenario in the shape of Labour's constituency")
    print("# parties, for timing seatshare at scale. The 632 units are the")
    print("# constituencies of Great Britain on the 2024 boundaries, by Labour region;")
    print("# the members per unit are generated, NOT real CLP figures: each region's")
    print("# January 2018 membership (labour-nec-2018.yaml) shared among its units")
    print("# in proportion to log-normal draws (sigma 0.45).")
    print(f"# Generator: scripts/gen_clp650.py, seed {SEED} (Python random.Random);")
    print("# it writes this file byte for byte.")
    print("#")
    print("# Run:  seatshare compare data/clp-650.yaml")
    print("#       seatshare margin data/clp-650.yaml --scenario sainte-lague-1000")
    print("#       seatshare threshold data/clp-650.yaml --scenario sainte-lague-1000 --each 1")
    print("#       seatshare robust data/clp-650.yaml --scenario sainte-lague-1000")
    print("#       (and each with --scenario sainte-lague-1000-rules)")
    print('title: "Synthetic: 632 constituency parties sharing 1,000 seats"')
    print("unit: members")
    print(f"seats: {SEATS}")
    print("weights: counts")
    print("source: >-")
    print("  Synthetic member counts (scripts/gen_clp650.py, seed 650), scaled to")
    print("  the regional counts of January 2018 (The Red Roar); constituency")
    print(f"  counts per region from the 2024 boundaries. {total:,} members.")
    print("regions:")
    for name, _, m in rows:
        print(f"  - {{name: {name}, count: {m}}}")
    print()
    print("scenarios:")
    print("  - id: sainte-lague-1000")
    print('    title: "1,000 seats in proportion to members (Sainte-Laguë), at least one each"')
    print(f"    seats: {SEATS}")
    print("    method: sainte-lague")
    print("    min_each: 1")
    print()
    print("  - id: sainte-lague-1000-rules")
    print(
        '    title: "1,000 seats (Sainte-Laguë), at least one each, half women (up), '
        'balanced delegations, regional minimums"'
    )
    print(f"    seats: {SEATS}")
    print("    method: sainte-lague")
    print("    min_each: 1")
    print("    rules:")
    print("      - {name: half women (up), women_at_least: 50%, rounding: up}")
    print("      - {name: balanced delegations, balanced_delegations: true}")
    for region, extra in GROUPS:
        members = sum(m for _, m in by_region[region])
        at_least = math.ceil(SEATS * members / total) + extra
        names = ", ".join(n for n, _ in by_region[region])
        print(f"      - {{name: {region} at least {at_least}, group: [{names}], at_least: {at_least}}}")


if __name__ == "__main__":
    main()
