"""The built bundle, run by itself: packaging/smoke_test.sh (build ~1 minute, then ~15 s). Not part of the usual
run or CI, which must not build a 150 MB folder each time: ``SOCHIBO_BUNDLE_TEST=1 .venv/bin/python -m pytest
tests/test_bundle_smoke.py`` runs it (after the README set-up)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(os.environ.get("SOCHIBO_BUNDLE_TEST") != "1", reason="builds the bundle: SOCHIBO_BUNDLE_TEST=1")
@pytest.mark.timeout(900)
def test_the_bundle_runs_on_its_own():
    done = subprocess.run(["bash", str(ROOT / "packaging" / "smoke_test.sh")], capture_output=True, text=True,
                          timeout=900, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Mọi bước đều đạt" in done.stderr and "Kích thước thư mục chương trình" in done.stderr
