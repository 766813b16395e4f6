#!/usr/bin/env bash
# Builds the one-folder program dist/SoChiBo/ (runs on a PC without Python): sets up what is missing (.venv,
# the libraries, PyInstaller from the "build" extra of setup.cfg), then runs packaging/sochibo.spec.
#   bash build.sh          build (again) from scratch
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/setup.sh"
cd "$here"
if ! .venv/bin/python -c 'import PyInstaller' >/dev/null 2>&1; then
  echo "[đóng gói] Cài PyInstaller vào .venv" >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[build]" >&2
fi
echo "[đóng gói] Đang dựng dist/SoChiBo/ (vài phút)…" >&2
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$here/dist" --workpath "$here/build/pyinstaller" packaging/sochibo.spec
echo "[đóng gói] Xong: $here/dist/SoChiBo/ ($(du -sh dist/SoChiBo | cut -f1)); chạy dist/SoChiBo/SoChiBo" >&2
