#!/usr/bin/env bash
# The browser test: writes the Labour page and its JSON with the release
# binary, then opens the page in Debian's chromium (headless) through
# playwright-core. Needs `apt-get install chromium` and `npm ci` here once;
# `.ci/run` does both when CI=true. `cargo test` alone needs no browser.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p target/browser
cargo run --quiet --release -- compare data/labour-nec-2018.yaml --format html > target/browser/nec.html
cargo run --quiet --release -- compare data/labour-nec-2018.yaml --format json > target/browser/nec.json
(cd tests/browser && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund)
node --test tests/browser/report.test.mjs
