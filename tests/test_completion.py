"""Shell completion: the scripts Typer users know, run by the real shells, and the values they get.

The bash tests source the script `kzreforms --show-completion bash` prints and call its
completion function with COMP_WORDS, as bash does at <TAB>; zsh and fish (when installed)
do the same with their own scripts. The rest asks the command line directly, as the scripts do.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SAMPLE, needs, run

SHELL_TIMEOUT = 60


@pytest.fixture(scope="module")
def bin_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a `kzreforms` that runs this checkout with this Python, for the shells' PATH."""
    folder = tmp_path_factory.mktemp("bin")
    script = folder / "kzreforms"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kzreforms "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return folder


def shell_env(bin_folder: Path, home: Path, **extra: str) -> dict[str, str]:
    root = str(Path(__file__).resolve().parent.parent)
    return {
        "PATH": f"{bin_folder}:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PYTHONPATH": root,
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        **extra,
    }


def in_shell(
    command: list[str], bin_folder: Path, home: Path, input: str | None = None, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` (a shell and its arguments) with the installed tool first on PATH."""
    return subprocess.run(
        command,
        input=input,
        capture_output=True,
        text=True,
        env=shell_env(bin_folder, home, **extra),
        timeout=SHELL_TIMEOUT,
        check=False,
    )


# --------------------------------------------------------------------------------------
# bash: the real completion function of the generated script
# --------------------------------------------------------------------------------------

BASH_CASES = {
    "kzreforms show ''": "1|2|3|4|5|6|7|8|9|10|11|12|",
    "kzreforms show 1": "1|10|11|12|13|14|",
    "kzreforms list --topic ''": "elections|constitution|civil\\ liberties|local\\ government|political\\ parties|"
    "presidency|human\\ rights|parliament|criminal\\ law|representation|",
    "kzreforms list --topic po": "political\\ parties|",
    "kzreforms list --status ''": "in\\ force|partly\\ in\\ force|replaced|repealed|not\\ known|proposed|not\\ adopted|",
    "kzreforms search quota --status pa": "partly\\ in\\ force|",
    "kzreforms glossary a": "akim|against\\ all|",
    "kzreforms export --format ''": "toml|json|csv|markdown|sqlite|",
    "kzreforms export --format csv --table th": "thresholds|",
    "kzreforms cite 5 --format ''": "text|bibtex|biblatex|ris|csl-json|",
    "kzreforms sh": "show|",
    "kzreforms t": "thresholds|timeline|topics|",
    "kzreforms show 5 --": "--at|--json|--only|--svg|--html|--png|--scale|--title|--size|--theme|--force|--color|--no-pager|--help|",
    "kzreforms show 5 --svg /tm": "",  # empty: bash completes file names (complete -o default)
    "kzreforms --data ''": "",
    "kzreforms export --output ''": "",
    "kzreforms list --svg x.svg --theme ''": "dark|light|",
    "kzreforms --show-completion ''": "bash|zsh|fish|",
}

BASH_SCRIPT = r"""
source <(kzreforms --show-completion bash)
complete -p kzreforms
comp() {
    local line=$1
    eval "COMP_WORDS=($line)"
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _kzreforms_completion kzreforms "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    if (( ${#COMPREPLY[@]} )); then printf '%s|' "${COMPREPLY[@]}"; fi
    printf '\n'
}
while IFS= read -r line; do comp "$line"; done
"""


@needs("bash")
def test_bash_completes_with_the_generated_script(bin_folder: Path, tmp_path: Path) -> None:
    lines = "\n".join(BASH_CASES) + "\n"
    done = in_shell(
        ["bash", "--norc", "--noprofile", "-c", BASH_SCRIPT],
        bin_folder,
        tmp_path,
        input=lines,
        KZREFORMS_DATA=str(SAMPLE),
    )
    assert done.returncode == 0, done.stderr
    output = done.stdout.splitlines()
    assert output[0] == "complete -o default -F _kzreforms_completion kzreforms"
    got = dict(zip(BASH_CASES, output[1:], strict=True))
    for line, expected in BASH_CASES.items():
        if line == "kzreforms show ''":  # the sample's ids, all of them
            assert got[line].startswith(expected), line
        else:
            assert got[line] == expected, line
    assert done.stderr == ""


# --------------------------------------------------------------------------------------
# zsh and fish, when installed: their scripts and their way of reading the answer
# --------------------------------------------------------------------------------------

ZSH_SCRIPT = r"""
compdef() { : }
source <(kzreforms --show-completion zsh)
# _arguments '*: :((value:description ...))' as zsh's completion system reads its words
_arguments() { local spec=${1#\*: :\(\(}; spec=${spec%\)\)}; print -rl -- "${(@Q)${(z)spec}}" }
_files() { print FILES }
words=(kzreforms show ''); CURRENT=3; _kzreforms_completion
print SEP
words=(kzreforms list --status 'in'); CURRENT=4; _kzreforms_completion
print SEP
words=(kzreforms --data ''); CURRENT=3; _kzreforms_completion
"""


@needs("zsh")
def test_zsh_gets_ids_with_their_titles(bin_folder: Path, tmp_path: Path) -> None:
    done = in_shell(["zsh", "-f", "-c", ZSH_SCRIPT], bin_folder, tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    ids, status, files = done.stdout.split("SEP\n")
    lines = ids.splitlines()
    assert lines[0] == "1:Peaceful assemblies: notice for most, approval for marches"
    assert "13:President's party membership and relatives' posts" in lines
    assert '27:"Foreign agents" law proposed in 2025' in lines
    assert status == "in force\n"
    assert files == "FILES\n"  # file names, from zsh itself


@needs("fish")
def test_fish_gets_ids_with_their_titles(bin_folder: Path, tmp_path: Path) -> None:
    script = tmp_path / "kzreforms.fish"
    script.write_text(run("--show-completion", "fish").stdout, encoding="utf-8")
    commands = (
        f"source {script}; complete -C 'kzreforms show 1'; echo SEP; complete -C 'kzreforms list --status in'"
    )
    done = in_shell(["fish", "--no-config", "-c", commands], bin_folder, tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    ids, status = done.stdout.split("SEP\n")
    assert ids.splitlines()[:2] == [
        "1\tPeaceful assemblies: notice for most, approval for marches",
        "10\tConstitutional amendments of 2022, approved by referendum",
    ]
    assert status == "in force\n"


# --------------------------------------------------------------------------------------
# The answers, asked directly (fast): values from the data in use
# --------------------------------------------------------------------------------------


def bash(line: str, env: dict[str, str] | None = None) -> list[str]:
    """What `kzreforms` answers bash for the words of ``line`` (the last one being completed)."""
    words = line.split(" ")
    variables = {
        "_KZREFORMS_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
        **(env or {}),
    }
    result = run(env=variables)
    assert (result.code, result.stderr) == (0, ""), result
    return [value for value in result.stdout.splitlines() if value]  # an empty line: nothing


def test_ids_come_from_the_data_in_use() -> None:
    assert bash("kzreforms show ")[:3] == ["1", "2", "3"]
    assert len(bash("kzreforms show ")) == 31
    assert len(bash(f"kzreforms --data {SAMPLE} show ")) < 31
    assert bash("kzreforms show ", env={"KZREFORMS_DATA": str(SAMPLE)}) == bash(
        f"kzreforms --data {SAMPLE} show "
    )
    assert bash("kzreforms cite 2") == ["2", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29"]
    assert bash("kzreforms cite mir24-2026") == ["mir24-2026-03-referendum"]  # a source key
    assert bash("kzreforms cite 5 law-333-vi mir24-2026") == [
        "mir24-2026-03-referendum"
    ]  # any number of names


def test_a_letter_completes_the_names_that_stand_for_one_entry() -> None:
    assert bash("kzreforms show kur") == ["kurultai"]
    assert bash("kzreforms cite death") == ["death-penalty"]
    assert "ombudsman" not in bash("kzreforms show om")  # two entries have it: not a handle


def test_data_that_cannot_be_read_completes_nothing(tmp_path: Path) -> None:
    assert bash(f"kzreforms --data {tmp_path / 'missing.toml'} show ") == []
    assert bash("kzreforms --data - show ") == []  # standard input is never read: the shell waits on it
    broken = tmp_path / "broken.toml"
    broken.write_text("as_of = [", encoding="utf-8")
    assert bash(f"kzreforms --data {broken} list --topic ") == []


def test_topics_statuses_and_terms_in_any_case() -> None:
    assert bash("kzreforms list --topic Ele") == ["Elections"]  # --topic takes any case
    assert bash("kzreforms timeline -s rep") == ["replaced", "repealed"]
    assert bash("kzreforms glossary maz") == ["mazhilis"]


def test_commands_and_options_without_building_every_command() -> None:
    assert bash("kzreforms ")[:3] == ["list", "show", "search"]
    assert "schema" in bash("kzreforms ")
    assert bash("kzreforms --")[:2] == ["--data", "--version"]
    assert "--install-completion" in bash("kzreforms --")
    assert bash("kzreforms nosuch ") == bash("kzreforms ")  # an unknown word: the commands still
    assert bash("kzreforms schema --for ") == ["data", "json"]
    assert "--csv" in bash("kzreforms thresholds --")


def test_zsh_and_fish_answers_carry_descriptions() -> None:
    zsh = run(env={"_KZREFORMS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "kzreforms show 1"})
    assert zsh.stdout.startswith('_arguments \'*: :(("1":"Peaceful assemblies: notice for most')
    assert "\"13\":\"President'\\''s party membership" in zsh.stdout
    commands = run(env={"_KZREFORMS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "kzreforms sh"})
    assert commands.stdout.startswith('_arguments \'*: :(("show":"Show one reform')
    files = run(env={"_KZREFORMS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "kzreforms --data "})
    assert files.stdout == "_files\n"
    fish = run(
        env={
            "_KZREFORMS_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": "kzreforms glossary ak",
        }
    )
    assert fish.stdout.startswith("akim\tThe ")


def test_a_description_from_the_data_is_one_safe_line(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.toml"
    text = SAMPLE.read_text(encoding="utf-8").replace(
        'title = "Peaceful assembly by notification"', 'title = "Peaceful\\nassembly [bold]\\u001b[31m"', 1
    )
    assert text != SAMPLE.read_text(encoding="utf-8")
    hostile.write_text(text, encoding="utf-8")
    fish = run(
        env={
            "_KZREFORMS_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": f"kzreforms --data {hostile} show 1",
        }
    )
    first = fish.stdout.splitlines()[0]
    assert first.startswith("1\tPeaceful") and "\x1b" not in first and "[bold]" in first


# --------------------------------------------------------------------------------------
# --show-completion and --install-completion
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_of_each_shell(shell: str) -> None:
    result = run("--show-completion", shell)
    assert (result.code, result.stderr) == (0, "")
    assert "_KZREFORMS_COMPLETE=complete_" + shell in result.stdout
    assert result.stdout.endswith("\n")


def test_the_help_shows_the_completion_options_with_their_shell() -> None:
    result = run("--help", columns=120)
    lines = [line.strip("│ ") for line in result.stdout.splitlines()]
    start = next(n for n, line in enumerate(lines) if line.startswith("--install-completion"))
    assert result.code == 0
    assert lines[start : start + 4] == [
        "--install-completion          [SHELL]              Install completion for SHELL: bash, zsh or fish (default: this",
        "shell).",
        "--show-completion             [SHELL]              Print the completion script for SHELL, to copy it or install it",
        "by hand.",
    ]


def test_an_unknown_shell_is_a_usage_error() -> None:
    result = run("--show-completion", "tcsh")
    assert (result.code, result.stdout) == (2, "")
    assert (
        result.stderr
        == "kzreforms: error: no completion for the shell 'tcsh'; there is for bash, zsh, fish\n"
    )


def test_install_completion_for_bash_writes_the_script_and_sources_it(tmp_path: Path) -> None:
    result = run("--install-completion", "bash", env={"HOME": str(tmp_path)})
    script = tmp_path / ".bash_completions" / "kzreforms.sh"
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == f"bash completion installed in {script}; it takes effect in a new shell.\n"
    assert script.read_text(encoding="utf-8") == run("--show-completion", "bash").stdout.rstrip("\n")
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_completion_options_without_a_shell_detect_it(tmp_path: Path, bin_folder: Path) -> None:
    # Run from bash, so that the shell detected is bash; the option may be followed by another.
    # A second command keeps bash from replacing itself with the last one (then the shell found
    # would be whatever started the tests: sh under a script, bash in a terminal).
    script = "kzreforms --show-completion --no-pager; exit $?"
    done = in_shell(["bash", "--norc", "-c", script], bin_folder, tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "complete_bash" in done.stdout


@pytest.mark.parametrize(
    "args",
    [["--show-completion"], ["--show-completion", "--no-pager"], ["--no-pager", "--show-completion"],
     ["--show-completion", ""], ["--show-completion", "--color", "never"]],
    ids=" ".join,
)  # fmt: skip
def test_completion_options_without_a_shell_take_this_shell_in_process(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    from kzreforms import _typer_compat

    monkeypatch.setattr(_typer_compat, "detect_shell", lambda: "zsh")
    result = run(*args)
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == run("--show-completion", "zsh").stdout


def test_a_shell_that_cannot_be_told_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kzreforms import _typer_compat

    monkeypatch.setattr(_typer_compat, "detect_shell", lambda: None)
    for option in ("--show-completion", "--install-completion"):
        result = run(option, env={"HOME": str(tmp_path)})
        assert (result.code, result.stdout) == (2, ""), option
        assert (
            result.stderr == "kzreforms: error: cannot tell which shell this is; name it: bash, zsh, fish\n"
        )
    assert list(tmp_path.iterdir()) == []


def test_install_completion_without_a_shell_installs_for_this_shell(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kzreforms import _typer_compat

    monkeypatch.setattr(_typer_compat, "detect_shell", lambda: "bash")
    result = run("--install-completion", env={"HOME": str(tmp_path)})
    script = tmp_path / ".bash_completions" / "kzreforms.sh"
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == f"bash completion installed in {script}; it takes effect in a new shell.\n"


def test_an_rc_file_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    (tmp_path / ".bashrc").mkdir()  # a folder where the rc file belongs
    result = run("--install-completion", "bash", env={"HOME": str(tmp_path)})
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == (
        f"kzreforms: error: cannot install completion: [Errno 21] Is a directory: '{tmp_path / '.bashrc'}'\n"
    )


def test_the_other_commands_never_load_completion(tmp_path: Path) -> None:
    script = (
        "import runpy, sys\n"
        f"sys.argv = ['kzreforms', '--data', {str(SAMPLE)!r}, 'show', '5']\n"
        "try:\n"
        "    runpy.run_module('kzreforms', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('kzreforms.completion', 'kzreforms.schemas') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path), "LANG": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
