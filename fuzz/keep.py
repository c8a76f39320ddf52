#!/usr/bin/env python3
"""Picks the kept corpus of one target: at most 50 files and 200 kB from
the working corpus, by greedy set cover of libFuzzer's features.

    python3 keep.py TARGET   (after the campaign; needs target-a built)

libFuzzer's merge pass writes each input's features to a control file;
this takes, again and again, the input adding the most features not yet
covered (per byte when two add as many), until 50 files, 200 kB or no
input adds any, and writes them to corpus/TARGET/ (replacing it).
"""
import os, shutil, subprocess, sys, tempfile

target = sys.argv[1]
MAX_FILES, MAX_BYTES = 50, 200_000
here = os.path.dirname(os.path.abspath(__file__))
binary = os.path.join(here, "target-a/x86_64-unknown-linux-gnu/release", target)
full = os.path.join(here, "corpus-full", target)
with tempfile.TemporaryDirectory() as tmp:
    control = os.path.join(tmp, "control")
    out = os.path.join(tmp, "out")
    os.mkdir(out)
    subprocess.run([binary, "-merge=1", f"-merge_control_file={control}",
                    "-timeout=10", "-rss_limit_mb=2048", out, full],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    lines = open(control).read().split("\n")
    n = int(lines[0])
    files = lines[2:2 + n]
    features = {}
    for line in lines[2 + n:]:
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "FT":
            features[int(parts[1])] = set(map(int, parts[2:]))
covered, chosen, size = set(), [], 0
all_ft = set().union(*features.values()) if features else set()
while len(chosen) < MAX_FILES:
    best, gain = None, 0
    for i, ft in features.items():
        if i in chosen:
            continue
        s = os.path.getsize(files[i])
        if size + s > MAX_BYTES:
            continue
        g = len(ft - covered)
        if g > gain or (g == gain and g > 0 and s < os.path.getsize(files[best])):
            best, gain = i, g
    if best is None:
        break
    chosen.append(best)
    covered |= features[best]
    size += os.path.getsize(files[best])
dest = os.path.join(here, "corpus", target)
shutil.rmtree(dest, ignore_errors=True)
os.makedirs(dest)
for i in chosen:
    shutil.copy(files[i], dest)
print(f"{target}: kept {len(chosen)} of {len(files)} files, {size} bytes, "
      f"{len(covered)} of {len(all_ft)} features")
