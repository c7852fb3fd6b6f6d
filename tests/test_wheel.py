"""The wheel carries the code and the data: built, installed into a fresh virtual environment
without the network, and run from another folder.

The wheel is installed with ``pip install --no-index --no-deps``; its dependencies (Typer,
Rich, msgspec, ...) are not downloaded but taken from this environment's site-packages, which
a ``.pth`` file puts after the fresh environment's own. The package itself must come from
the wheel, never from the work tree.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kzreforms import data

from .conftest import ROOT, SAMPLE

pytestmark = pytest.mark.slow


def checked(command: list[str], what: str, **options: object) -> subprocess.CompletedProcess[str]:
    """Run ``command``; on failure, say ``what`` failed and show its stdout and stderr."""
    completed = subprocess.run(command, capture_output=True, text=True, check=False, **options)  # type: ignore[call-overload]
    assert completed.returncode == 0, (
        f"{what} failed (exit {completed.returncode}): {' '.join(command)}\n"
        f"--- stdout\n{completed.stdout}\n--- stderr\n{completed.stderr}"
    )
    return completed  # type: ignore[no-any-return]


@dataclass
class Installed:
    environment: Path
    elsewhere: Path
    env: dict[str, str]

    def kzreforms(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.environment / "bin" / "kzreforms"), *args],
            cwd=self.elsewhere, env=self.env, capture_output=True, text=True, check=False,
        )  # fmt: skip


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    folder = tmp_path_factory.mktemp("wheel")
    dist = folder / "dist"
    checked(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        "building the wheel",
    )
    (wheel,) = dist.glob("kzreforms-*.whl")
    environment = folder / "venv"
    venv.create(environment, with_pip=True)  # ensurepip installs pip from its own copy: no network
    python = environment / "bin" / "python"
    checked(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--no-index",
            "--no-deps",
            "--disable-pip-version-check",
            str(wheel),
        ],
        "pip install of the wheel",
        env={**os.environ, "PIP_NO_INPUT": "1"},
    )
    purelib = checked(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], "sysconfig"
    )
    ours = [path for path in site.getsitepackages() if Path(path).is_dir()]
    (Path(purelib.stdout.strip()) / "kzreforms_test_dependencies.pth").write_text(
        "".join(f"{path}\n" for path in ours), encoding="utf-8"
    )
    elsewhere = folder / "elsewhere"
    elsewhere.mkdir()
    env = {
        "PATH": f"{environment / 'bin'}:/usr/bin:/bin",
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "COLUMNS": "80",
        "XDG_CACHE_HOME": str(folder / "cache"),
    }
    yield Installed(environment, elsewhere, env)


def test_the_installed_package_comes_from_the_wheel(installed: Installed) -> None:
    located = checked(
        [
            str(installed.environment / "bin" / "python"),
            "-c",
            "import kzreforms; from kzreforms import data; print(kzreforms.__file__); print(data.bundled_path())",
        ],
        "importing the installed package",
        cwd=installed.elsewhere,
        env=installed.env,
    )
    module, bundled = located.stdout.splitlines()
    assert module.startswith(str(installed.environment)), module
    assert bundled.startswith(str(installed.environment)), bundled
    assert Path(bundled).read_bytes() == (ROOT / "data" / "reforms.toml").read_bytes()


def test_the_installed_tool_shows_5_from_another_folder(installed: Installed) -> None:
    shown = installed.kzreforms("--data", str(SAMPLE), "show", "5")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[:2] == [
        "5. Lower threshold to enter the Mazhilis",
        "Reforms of 2019–2021 · replaced by entry 12",
    ]
    assert "• Vote share a party needs to enter the Mazhilis: 7% → 5% (−2 pp) [1]" in lines
    assert "\x1b" not in shown.stdout
    version = installed.kzreforms("--data", str(SAMPLE), "--version")
    assert version.stdout.endswith("(data as of 2026-11-30, 14 entries)\n")


def test_the_installed_tool_reads_its_bundled_data(installed: Installed) -> None:
    try:
        bundled = data.load(data.bundled_path())
    except data.DataError as problem:  # the data file is being moved to a new schema
        pytest.skip(f"the bundled data does not load in the work tree either: {problem}")
    validated = installed.kzreforms("validate")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    count = len(bundled.reforms)
    assert (
        validated.stdout
        == f"OK: {count} {'entry' if count == 1 else 'entries'}, data as of {bundled.as_of}\n"
    )
    reform = bundled.get(5)
    if reform is None:
        pytest.skip("the bundled data has no entry 5")
    shown = installed.kzreforms("show", "5")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(f"5. {reform.title}")
