#!/usr/bin/env bash
# Every figure of issue 13 from a fresh checkout after the README set-up (bash start.sh or bash test.sh):
#   bash bench/run_all.sh [DEMO_FILE]
# The 10,000-member demo is made on first use (about 80 s) at DEMO_FILE (default /tmp/sochibo-bench-10000.sqlite)
# and reused afterwards. Each script prints its figures with the target beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
export SOCHIBO_BENCH_DB="${1:-${SOCHIBO_BENCH_DB:-/tmp/sochibo-bench-10000.sqlite}}"
PY=.venv/bin/python
for script in bench_report.py bench_print.py bench_import.py bench_start.py bench_gui.py bench_size.py; do
    echo "== bench/$script"
    "$PY" "bench/$script"
done
