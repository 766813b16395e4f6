"""The desktop bundle's definition: packaging/sochibo.spec carries every resource the program loads, keeps the
Qt parts it uses, and the icon and Linux menu entry are complete. (The build itself is packaging/smoke_test.sh:
too slow for every test run.)"""

from __future__ import annotations

import ast
import configparser
import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "sochibo.spec"
CODE = ("models", "printing", "cli", "ui", "main.py")


def _spec_list(name: str) -> list[object]:
    """A list the spec assigns at its top level (DATAS, EXCLUDES, HIDDEN), read without running PyInstaller."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"{name} is not in {SPEC}")


def _bundled(relative: str) -> bool:
    """Whether a path under the repository lands at the same place in the bundle (a folder entry takes its tree)."""
    return any((relative == source or relative.startswith(f"{source}/")) and source == target
               for source, target in _spec_list("DATAS"))


def _resource_calls() -> list[tuple[str, tuple[str, ...]]]:
    """Every resource_path(...) call in the code, as the leading literal parts it names."""
    found = []
    files = [p for name in CODE for p in ([ROOT / name] if name.endswith(".py") else (ROOT / name).rglob("*.py"))]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = getattr(node, "func", None)
            if isinstance(node, ast.Call) and getattr(called, "id", getattr(called, "attr", "")) == "resource_path":
                parts = []
                for arg in node.args:
                    if not isinstance(arg, ast.Constant):
                        break   # an f-string names a family of files: its folder is what the spec must carry
                    parts.append(str(arg.value))
                found.append((path.relative_to(ROOT).as_posix(), tuple(parts)))
    return found


def test_every_file_under_resources_is_in_the_bundle():
    files = [p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*") if p.is_file()
             and "__pycache__" not in p.parts]
    assert files and [f for f in files if not _bundled(f)] == []


def test_every_resource_the_code_loads_exists_and_is_in_the_bundle():
    calls = _resource_calls()
    named = {parts for _, parts in calls}
    assert {("rules",), ("fonts",), ("demo", "names.json"), ("rules", "dues")} <= named   # the scan sees them
    for where, parts in calls:
        relative = "/".join(("resources", *parts))
        assert (ROOT / relative).exists(), f"{where} loads {relative}, which is not in the repository"
        assert _bundled(relative) or any(_bundled(f"{relative}/{p.name}") for p in (ROOT / relative).iterdir()), \
            f"{where} loads {relative}, which packaging/sochibo.spec does not carry"


def test_the_spec_keeps_the_qt_parts_the_program_uses():
    excluded, hidden = set(_spec_list("EXCLUDES")), set(_spec_list("HIDDEN"))
    used = {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg", "PySide6.QtSvgWidgets"}
    assert used.isdisjoint(excluded)
    assert {"PySide6.QtSvg", "PySide6.QtSvgWidgets"} <= hidden   # the charts draw SVG
    assert {"PySide6.QtWebEngineCore", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.Qt3DCore"} <= excluded
    # reportlab imports Pillow at load time: leaving it out broke printing in the bundle once
    assert "PIL" not in excluded and "reportlab" not in excluded and "openpyxl" not in excluded
    assert "_rl_accel" in hidden     # reportlab's C helpers: printing is 14% slower without them


def test_reportlab_runs_with_its_c_helpers():
    """setup.cfg asks for reportlab[accel]: without rl_accel reportlab quietly formats every number of a PDF in
    Python, and 5,000 review forms take 16 s instead of 14 (issue 13's target is 20)."""
    from reportlab.lib import rl_accel

    assert type(rl_accel.fp_str).__name__ == "builtin_function_or_method"


def test_the_spec_names_the_program_and_its_icon():
    text = SPEC.read_text(encoding="utf-8")
    assert 'name="SoChiBo"' in text and "so-chi-bo.ico" in text and "main.py" in text


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256])
def test_the_icon_exists_at_every_size(size):
    assert _png_size((ROOT / "resources" / "icons" / f"so-chi-bo-{size}.png").read_bytes()) == (size, size)


def test_the_windows_icon_holds_every_size_as_png():
    data = (ROOT / "resources" / "icons" / "so-chi-bo.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count == 7
    sizes = []
    for i in range(count):
        width, _h, _c, _r, _p, _b, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * i: 22 + 16 * i])
        assert _png_size(data[offset:offset + length]) == (width or 256, width or 256)
        sizes.append(width or 256)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]
    assert "<svg" in (ROOT / "resources" / "icons" / "so-chi-bo.svg").read_text(encoding="utf-8")


def test_the_linux_menu_entry():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str   # keys are case-sensitive in desktop files
    entry.read(ROOT / "packaging" / "so-chi-bo.desktop", encoding="utf-8")
    fields = entry["Desktop Entry"]
    assert fields["Type"] == "Application" and fields["Name"] == "Sổ Chi Bộ"
    assert fields["Exec"].split()[0].endswith("/SoChiBo") and fields["Terminal"] == "false"
    assert fields["Icon"] == "so-chi-bo" and "Office;" in fields["Categories"]
    from ui.common.app_identity import DESKTOP_FILE
    assert DESKTOP_FILE == "so-chi-bo"   # the window names this file, so the desktop matches it to the entry


def test_build_and_smoke_scripts_are_there_for_anyone():
    for script in ("build.sh", "packaging/smoke_test.sh", "packaging/install_linux.sh"):
        text = (ROOT / script).read_text(encoding="utf-8")
        assert text.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in text
    assert "packaging/sochibo.spec" in (ROOT / "build.sh").read_text(encoding="utf-8")
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    assert "pyinstaller" in config["options.extras_require"]["build"]
    assert "platformdirs" in config["options"]["install_requires"]


def test_the_windows_installer_script_builds_the_bundle_at_the_programs_version():
    import re

    import models

    script = (ROOT / "packaging" / "sochibo.iss").read_text(encoding="utf-8")
    assert re.search(r'#define AppVersion "([^"]+)"', script).group(1) == models.__version__
    assert r"..\dist\SoChiBo\*" in script and "SoChiBo.exe" in script and "so-chi-bo.ico" in script


def test_every_screen_imported_by_name_is_in_the_bundle():
    """Tabs are imported by name when first shown ("ui.dues.dues_view:DuesView"): PyInstaller cannot see such an
    import, so the spec puts every module of the program's own packages in."""
    from ui.main_window import SECTIONS

    packages = _spec_list("OWN_PACKAGES")
    assert "hiddenimports=HIDDEN + _own_modules(OWN_PACKAGES)" in SPEC.read_text(encoding="utf-8")
    for _title, spec in SECTIONS:
        module = spec.split(":")[0] if isinstance(spec, str) else spec.__module__
        assert module.split(".")[0] in packages, module
        assert (ROOT / (module.replace(".", "/") + ".py")).exists(), module
