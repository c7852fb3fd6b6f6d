"""The wheel carries the data: built, installed into a fresh virtual environment, run from elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.mark.slow
def test_wheel_installed_in_a_clean_venv_runs_show_5_from_another_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("kzreforms-*.whl")
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    clean_env = {
        "PATH": f"{environment / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": os.environ.get("LANG", "C.UTF-8"),
    }
    shown = subprocess.run(
        [str(environment / "bin" / "kzreforms"), "show", "5"],
        cwd=elsewhere, env=clean_env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "Reform package 5: Lower threshold to enter the Mazhilis" in shown.stdout
    assert "7% → 5% (−2 pp)" in shown.stdout
    located = subprocess.run(
        [str(python), "-c", "from kzreforms import data; print(data.bundled_path())"],
        cwd=elsewhere, env=clean_env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert located.stdout.strip().startswith(str(environment))
