#!/usr/bin/env bash
# Installs the built folder for the current user on Linux: the program in ~/.local/opt/SoChiBo, a menu entry
# (packaging/so-chi-bo.desktop with its Exec pointed there) and the icon. Run `bash build.sh` first.
#   bash packaging/install_linux.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle="$here/dist/SoChiBo"
[ -x "$bundle/SoChiBo" ] || { echo "Chưa có $bundle. Hãy chạy: bash build.sh" >&2; exit 1; }
target="${HOME}/.local/opt/SoChiBo"
mkdir -p "$(dirname "$target")" "${HOME}/.local/share/applications"
rm -rf "$target"
cp -a "$bundle" "$target"
for size in 16 24 32 48 64 128 256; do
  icons="${HOME}/.local/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$icons"
  cp "$here/resources/icons/so-chi-bo-$size.png" "$icons/so-chi-bo.png"
done
sed "s|^Exec=.*|Exec=\"$target/SoChiBo\"|" "$here/packaging/so-chi-bo.desktop" \
  > "${HOME}/.local/share/applications/so-chi-bo.desktop"
echo "Đã cài Sổ Chi Bộ vào $target; mở từ trình đơn Văn phòng (Office) của máy." >&2
