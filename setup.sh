#!/usr/bin/env bash
# Sets up everything Sổ Chi Bộ needs, doing only what is still missing:
# the Qt system libraries (apt-get when we are root), the virtual
# environment in .venv and the Python libraries named in setup.cfg.
# Sourced by start.sh and test.sh; safe to run again at any time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

say() { echo "[cài đặt] $*" >&2; }

pick_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

# Shared libraries Qt loads at run time, with the Debian package that ships each.
qt_libraries=(
  "libEGL.so.1:libegl1" "libGL.so.1:libgl1" "libxkbcommon.so.0:libxkbcommon0"
  "libxkbcommon-x11.so.0:libxkbcommon-x11-0" "libfontconfig.so.1:libfontconfig1"
  "libfreetype.so.6:libfreetype6" "libglib-2.0.so.0:libglib2.0-0" "libdbus-1.so.3:libdbus-1-3"
  "libxcb-cursor.so.0:libxcb-cursor0" "libxcb-icccm.so.4:libxcb-icccm4"
  "libxcb-keysyms.so.1:libxcb-keysyms1" "libxcb-shape.so.0:libxcb-shape0"
  "libxcb-xinerama.so.0:libxcb-xinerama0" "libxcb-randr.so.0:libxcb-randr0"
  "libxcb-render-util.so.0:libxcb-render-util0" "libxcb-image.so.0:libxcb-image0"
  "libX11-xcb.so.1:libx11-xcb1"
)

missing_packages() {
  local entry lib pkg known
  # Read the list once: piping ldconfig into grep -q under pipefail fails when grep stops early.
  known=$(ldconfig -p 2>/dev/null || true)
  for entry in "${qt_libraries[@]}"; do
    lib="${entry%%:*}"; pkg="${entry##*:}"
    [[ "$known" == *"$lib"* ]] || echo "$pkg"
  done
  if ! "$python" -c 'import ensurepip' >/dev/null 2>&1 && [ ! -x .venv/bin/python ]; then
    echo python3-venv
  fi
}

install_system_packages() {
  local packages
  packages=$(missing_packages | sort -u | tr '\n' ' ')
  [ -z "${packages// /}" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Cài các thư viện hệ thống còn thiếu: $packages"
    export DEBIAN_FRONTEND=noninteractive
    local log=/tmp/so-chi-bo-apt.log
    if ! { apt-get update -qq && apt-get install -y -qq $packages; } >"$log" 2>&1; then
      tail -5 "$log" >&2
      say "Không cài được tự động (chi tiết: $log). Hãy chạy: apt-get install $packages"
    fi
  else
    say "Thiếu thư viện hệ thống cho Qt. Hãy nhờ quản trị máy chạy: sudo apt-get install $packages"
  fi
}

python=$(pick_python) || {
  say "Cần Python 3.11 trở lên. Hãy cài Python 3.11 (ví dụ: apt-get install python3) rồi chạy lại."
  exit 1
}
install_system_packages

if [ ! -x .venv/bin/python ]; then
  say "Tạo môi trường ảo .venv"
  "$python" -m venv .venv
fi

# Reinstall the libraries only when setup.cfg (which lists them) has changed.
stamp=.venv/.sochibo-setup
wanted=$(sha256sum setup.cfg pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  say "Cài các thư viện Python (PySide6, reportlab, openpyxl, pytest...)"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]" >&2
  echo "$wanted" > "$stamp"
fi
