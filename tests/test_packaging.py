"""The installed program (a wheel built from setup.cfg) holds every package and resource, and starts from it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ("models", "ui", "printing", "cli")


def _build_wheel(folder: Path) -> Path:
    """Build from a clean copy: pip builds in the source tree, and a stale build/ there would leak into the wheel."""
    source = folder / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info",
                                                                "__pycache__", "*.sqlite*"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(folder), str(source)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return next(folder.glob("*.whl"))


def test_the_wheel_holds_every_module_and_resource_and_runs(tmp_path):
    wheel = _build_wheel(tmp_path / "dist")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {p.relative_to(ROOT).as_posix() for package in CODE for p in (ROOT / package).rglob("*.py")}
    expected |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*") if p.is_file()}
    expected.add("main.py")
    assert sorted(expected - names) == []
    assert not any(name.startswith("tests/") for name in names)
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    probe = ("import models, main; from models import paths, rules; from printing import registry; import cli.parser;"
             f"assert models.__file__.startswith({str(site)!r}), models.__file__;"
             "assert paths.resource_path('fonts', 'LiberationSerif-Regular.ttf').exists();"
             "print(len(rules.all_rule_sets()), len(registry.DOCUMENTS))")
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    rule_sets, documents = map(int, done.stdout.split())
    assert rule_sets >= 2 and documents >= 8
