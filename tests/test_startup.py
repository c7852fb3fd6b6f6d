"""What the everyday commands import: start-up is the speed a user feels (bench/run.py measures it).

These tests time nothing; they fail when a change makes `show`, `list` or `search` load a module
that start-up was kept free of.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import SAMPLE

# Modules the everyday commands never need: Rich's table layout, Textual, OpenSSL's hashes
# (the cache uses the built-in BLAKE2b), typing_extensions (see kzreforms/_msgspec.py), and the
# rasteriser of --png; and the validator, which a file read from the cache does not need (cite
# and validation walk the records by one plan, model.roles, which model.py holds).
NEVER = (
    "rich.table", "textual", "_hashlib", "typing_extensions", "tomli", "json", "resvg_py", "kzreforms.validation",
)  # fmt: skip
# Only a search stems words: the Snowball stemmers stay out of every other command.
STEMMERS = ("snowballstemmer", "_kzreforms_snowball", "_kzreforms_snowball.english_stemmer")


@pytest.mark.parametrize("command", [["show", "5"], ["list"]])
def test_only_a_search_loads_the_stemmers(command: list[str], tmp_path: object) -> None:
    script = (
        "import runpy, sys\n"
        f"sys.argv = ['kzreforms', '--data', {str(SAMPLE)!r}, *{command!r}]\n"
        "try:\n"
        "    runpy.run_module('kzreforms', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(name for name in {STEMMERS!r} if name in sys.modules), file=sys.stderr)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path), "LANG": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
    searched = subprocess.run(
        [sys.executable, "-c", script.replace(repr(command), repr(["search", "quotas"]))],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    # the package's own __init__ (all 36 languages) is never run: only English is loaded
    assert searched.stderr.strip().splitlines()[-1] == str(list(STEMMERS[1:])), searched.stderr


@pytest.mark.parametrize("command", [["show", "5"], ["list"], ["search", "quota"]])
def test_an_everyday_command_loads_only_what_it_needs(command: list[str], tmp_path: object) -> None:
    # What Rich itself loads with its console (older Rich loads rich.table there) is not ours.
    script = (
        "import runpy, sys\n"
        "import rich.console, rich.text, rich.segment\n"
        f"rich_own = {{name for name in {NEVER!r} if name in sys.modules}}\n"
        f"sys.argv = ['kzreforms', '--data', {str(SAMPLE)!r}, *{command!r}]\n"
        "try:\n"
        "    runpy.run_module('kzreforms', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(name for name in {NEVER!r} if name in sys.modules and name not in rich_own), file=sys.stderr)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path), "LANG": "C.UTF-8"}
    subprocess.run(
        [sys.executable, "-c", script], capture_output=True, env=env, check=False
    )  # warms the cache
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


def test_msgspec_without_typing_extensions_reads_the_model_as_with_it() -> None:
    script = (
        "import typing_extensions, msgspec, json\n"  # the ordinary way, typing_extensions loaded first
        "from kzreforms import data, model\n"
        "d = data.parse(data.bundled_path())\n"
        "print(msgspec.json.encode(d).decode()[:2000])\n"
    )
    light = "from kzreforms import data, model\nimport msgspec\nd = data.parse(data.bundled_path())\n"
    light += "print(msgspec.json.encode(d).decode()[:2000])\n"
    ordinary = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    lighter = subprocess.run([sys.executable, "-c", light], capture_output=True, text=True, check=True)
    assert ordinary.stdout == lighter.stdout and ordinary.stdout.startswith('{"schema_version":2')


@pytest.mark.parametrize(("args", "code"), [(["--version"], 0), (["show", "99"], 1), (["lst"], 2)])
def test_the_console_script_ends_with_the_commands_status_and_flushed_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], code: int
) -> None:
    from kzreforms import _entry

    ended: list[int] = []

    def exit_now(status: int) -> None:
        ended.append(status)
        raise SystemExit(status)

    monkeypatch.setattr(_entry.os, "_exit", exit_now)
    monkeypatch.setattr(sys, "argv", ["kzreforms", "--data", str(SAMPLE), *args])
    with pytest.raises(SystemExit):
        _entry.script()
    assert ended == [code]
    captured = capsys.readouterr()
    assert (captured.out if code == 0 else captured.err).startswith("kzreforms")
