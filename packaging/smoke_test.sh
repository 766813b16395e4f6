#!/usr/bin/env bash
# Smoke test of the built program, run by the bundle itself (not the .venv's Python), on Linux:
# builds dist/SoChiBo/ if it is missing or older than the code (or with --rebuild), then in a scratch home folder
#   makes a demo data file, prints a meeting's minutes, the review summary and the register to PDF, checks the
#   data file, exports the member list to Excel and reads it back (a dry-run import), opens the window offscreen
#   on the file and lets it close itself,
# checks every exit code and output, and reports the bundle's size. Takes about a minute after the build.
#   bash packaging/smoke_test.sh [--rebuild]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle="$here/dist/SoChiBo"
program="$bundle/SoChiBo"
say() { echo "[thử nhanh] $*" >&2; }
fail() { say "LỖI: $*"; exit 1; }

# Build when asked, when there is no bundle, or when the code or resources changed since it was built.
changed() {
  [ -n "$(cd "$here" && find main.py models ui printing cli resources packaging/sochibo.spec -newer "$program" \
          -not -name '*.pyc' -print -quit)" ]
}
if [ "${1:-}" = "--rebuild" ] || [ ! -x "$program" ] || changed; then
  bash "$here/build.sh"
fi
[ -x "$program" ] || fail "không thấy $program sau khi dựng"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# A fresh user: the program's own folders (data, log, settings) go here, never into the real home.
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_STATE_HOME="$scratch/state" \
       XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
mkdir -p "$HOME"
# Nothing from the developer's Python may help the bundle: it must carry everything itself.
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV
export PATH="/usr/bin:/bin"
data="$scratch/demo.sqlite"

run() {   # run the bundle with a time limit; its output goes to the scratch log
  local limit="$1"; shift
  timeout "$limit" "$program" "$@" >>"$scratch/out.txt" 2>&1 || {
    local code=$?; cat "$scratch/out.txt" >&2; fail "“SoChiBo $*” thoát với mã $code"; }
}

check_pdf() {   # a real PDF: the header, an end-of-file mark, and some pages of size
  local file="$1"
  [ -s "$file" ] || fail "không có tệp $file"
  [ "$(head -c 5 "$file")" = "%PDF-" ] || fail "$file không phải PDF"
  tail -c 1024 "$file" | grep -q '%%EOF' || fail "$file bị cắt cụt"
  say "$(basename "$file"): $(grep -ac '/Type /Page\b' "$file" || true) trang, $(du -h "$file" | cut -f1)"
}

started=$(date +%s)
say "Tạo dữ liệu mẫu bằng chính chương trình đã đóng gói"
run 300 demo "$data" --members 300
meeting=$("$program" meetings --db "$data" --json | sed -n 's/^    "id": \([0-9]*\),$/\1/p' | head -1)
[ -n "$meeting" ] || fail "không tìm thấy buổi sinh hoạt nào trong dữ liệu mẫu"
say "In biên bản buổi sinh hoạt số $meeting và báo cáo tổng hợp đánh giá xếp loại"
run 120 print minutes "$meeting" --db "$data" -o "$scratch/bien-ban.pdf"
check_pdf "$scratch/bien-ban.pdf"
year=$(( $(date +%Y) - 1 ))
run 120 print review-summary "$year" --db "$data" -o "$scratch/tong-hop.pdf"
check_pdf "$scratch/tong-hop.pdf"
run 120 print register --db "$data" -o "$scratch/so-danh-sach.pdf"
check_pdf "$scratch/so-danh-sach.pdf"
say "Xuất danh sách ra Excel rồi đọc lại (nhập thử, không ghi gì)"
run 120 export-members "$scratch/danh-sach.xlsx" --db "$data"
[ "$(head -c 2 "$scratch/danh-sach.xlsx")" = "PK" ] || fail "tệp Excel không hợp lệ"
run 120 import-members "$scratch/danh-sach.xlsx" --db "$data" --dry-run
run 120 check --db "$data"
version=$(grep "^Phiên bản: " "$scratch/out.txt") || fail "lệnh check không cho biết phiên bản ghi tệp"
say "$version"

say "Mở cửa sổ (offscreen) trên tệp mẫu; cửa sổ tự đóng sau khi hiện"
QT_QPA_PLATFORM=offscreen SOCHIBO_SMOKE_TEST=1 run 120 --db "$data"
shown=$(grep "Kiểm tra nhanh: cửa sổ" "$scratch/out.txt") || fail "cửa sổ không hiện"
say "${shown#Kiểm tra nhanh: }"
log="$XDG_STATE_HOME/SoChiBo/log/so-chi-bo.log"
[ -f "$log" ] || fail "không thấy nhật ký ở thư mục của người dùng ($log)"
if grep -q "ERROR" "$log"; then cat "$log" >&2; fail "nhật ký có lỗi"; fi
[ -f "$XDG_CONFIG_HOME/SoChiBo/Sổ Chi Bộ.ini" ] || fail "cửa sổ không lưu cài đặt vào $XDG_CONFIG_HOME/SoChiBo"
case "$(find "$bundle" -newer "$data" -type f | head -1)" in
  "") ;;   # the program wrote nothing into its own folder
  *) fail "chương trình đã ghi vào thư mục của nó: $(find "$bundle" -newer "$data" -type f | head -3)";;
esac

say "Mọi bước đều đạt trong $(( $(date +%s) - started )) giây."
say "Kích thước thư mục chương trình: $(du -sh "$bundle" | cut -f1) ($bundle)"
