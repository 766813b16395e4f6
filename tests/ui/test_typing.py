"""ui/ is type-checked like the rest: strict mypy covers it and main.py, and no check is switched off in it."""

from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_strict_mypy_covers_ui_and_main():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    files = {name.strip() for name in config["mypy"]["files"].split(",")}
    assert {"models", "printing", "cli", "ui", "main.py"} <= files
    assert config["mypy"].getboolean("strict")


def test_ui_switches_off_no_type_check():
    found = [f"{path.relative_to(ROOT)}:{number}"
             for path in [*sorted((ROOT / "ui").rglob("*.py")), ROOT / "main.py"]
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "type: ignore" in line]
    assert found == []
