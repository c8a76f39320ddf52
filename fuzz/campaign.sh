#!/bin/sh
# The campaign recorded in README.md: every target, one at a time, one
# process each, SECONDS seconds each (default 270), from the working
# corpus in corpus-full/ (seeds + anything found before). Logs go to
# campaign/<target>.log, crashes to artifacts/<target>/.
# Build first: cargo +nightly fuzz build -O -a --target-dir target-a
# (BIN names another build's folder of fuzz binaries).
set -u
cd "$(dirname "$0")"
SECONDS_EACH=${SECONDS_EACH:-270}
TIMEOUT=${TIMEOUT:-10}
BIN=${BIN:-target-a/x86_64-unknown-linux-gnu/release}
mkdir -p campaign
for t in ${TARGETS:-read_yaml read_csv read_claims read_blt divisor_house_monotone anonymity scale_invariance conservation hamilton_quota rules_unbinding_equals_method rules_result_meets_rules}; do
    case $t in
        read_*) len=4096 ;;
        *) len=64 ;;
    esac
    mkdir -p "corpus-full/$t" "artifacts/$t"
    [ -d "seeds/$t" ] && cp -n seeds/$t/* "corpus-full/$t/" 2>/dev/null
    log="campaign/$t${RUN:+.$RUN}.log"
    /usr/bin/time -f "cpu seconds: %U user %S system" \
        "$BIN/$t" "corpus-full/$t" -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" \
        -rss_limit_mb=2048 -max_len="$len" -print_final_stats=1 \
        -artifact_prefix="artifacts/$t/" > "$log" 2>&1
    echo "$t exit $? $(grep -E '^#[0-9]+' "$log" | tail -1) $(tail -1 "$log")"
done
