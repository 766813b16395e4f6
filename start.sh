#!/usr/bin/env bash
# Sets up what is missing, makes a demo database the first time, and starts Sổ Chi Bộ on it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/setup.sh"
cd "$here"
demo="$here/demo.sqlite"
if [ ! -f "$demo" ]; then
  .venv/bin/python main.py demo "$demo"
fi
exec .venv/bin/python main.py --db "$demo" "$@"
