"""Benchmarks: whole-process runs, repeated and interleaved, medians, printed as ratios.

    python bench/run.py            # everything (a few minutes)
    python bench/run.py --quick    # fewer runs, no 100,000-entry file

1. Start-up: `kzreforms show 5`, `list`, `search quota` and the completion of `show <TAB>`
   against the floor, the smallest Typer + Rich program (../shared/bench/minimal_app.py
   show 5), run by this interpreter in this environment. Goal: at most 1.10x.
2. Search on generated data files of 1,000, 10,000 and 100,000 entries against a bare
   `tomllib.load` of the same file in a fresh process. Goals: the 10,000-entry search at most
   0.5x the bare parse's time, with peak memory at most 1.5x the bare parse's; 100,000
   entries at most 11x the 10,000-entry time. Measured with the cache warm (every run after
   the first) and cold (KZREFORMS_CACHE=off: the TOML parsed every time), whose goal is at
   most 1.0x the bare parse at 10,000 entries. The file sizes are printed.
3. browse at 10,000 entries, in a real pseudo-terminal of 80x24: the first full screen against
   `list --json` on the same file (goal <= 1.5x); a keystroke in the filter box until the new
   count is drawn (median <= 50 ms, p95 <= 100 ms), and the same through Textual's pilot; the
   CPU it uses while nobody types for 10 s (goal < 1% of a core); and the time from closing the
   terminal until nothing of browse, of `list` in the pager or of `show 2` in the pager runs
   (goal <= 1 s).

No timed assertions live in the tests; this script is where speed is measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402


def kzreforms() -> list[str]:
    script = Path(sys.executable).parent / "kzreforms"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kzreforms"]


def compile_package(env: dict[str, str]) -> None:
    """Write the package's bytecode, as installing a wheel does."""
    subprocess.run(
        [sys.executable, "-c", "import compileall, kzreforms, os; "
         "compileall.compile_dir(os.path.dirname(kzreforms.__file__), quiet=1)"],
        check=True, env=env,
    )  # fmt: skip


def measure(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall-clock seconds and peak memory (KiB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss


def interleaved(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, tuple[float, int]]:
    """Median time and median peak memory of each command, the commands taking turns."""
    for command in commands.values():  # one run each to warm caches and the file system
        measure(command, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, list[int]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            elapsed, peak = measure(command, env)
            times[name].append(elapsed)
            memory[name].append(peak)
    return {name: (statistics.median(times[name]), int(statistics.median(memory[name]))) for name in commands}


def verdict(value: float, goal: float) -> str:
    return "ok" if value <= goal else "MISSED"


def startup(floor: Path, runs: int, env: dict[str, str]) -> None:
    tool = kzreforms()
    results = interleaved(
        {
            "floor: minimal_app.py show 5": [sys.executable, str(floor), "show", "5"],
            "kzreforms show 5": [*tool, "show", "5"],
            "kzreforms list": [*tool, "list"],
            "kzreforms search quota": [*tool, "search", "quota"],
            # What bash asks at `kzreforms show <TAB>` (through env(1): a little slower, if anything)
            "completion: show <TAB>": [
                "env",
                "_KZREFORMS_COMPLETE=complete_bash",
                "COMP_WORDS=kzreforms show ",
                "COMP_CWORD=2",
                *tool,
            ],
        },
        runs,
        env,
    )
    base = results["floor: minimal_app.py show 5"][0]
    print(f"\n1. Start-up against the Typer + Rich floor ({runs} interleaved runs, medians; goal <= 1.10x)")
    for name, (seconds, _) in results.items():
        ratio = seconds / base
        mark = "" if name.startswith("floor") else f"  {verdict(ratio, 1.10)}"
        print(f"   {name:32} {seconds * 1000:7.1f} ms  {ratio:5.2f}x{mark}")


def search_scaling(sizes: list[int], runs: int, env: dict[str, str], folder: Path) -> None:
    tool = kzreforms()
    print(f"\n2. Search on generated data against a bare tomllib.load ({runs} interleaved runs, medians)")
    print(f"   {'entries':>8} {'file':>9} {'bare parse':>11} {'search warm':>12} {'ratio':>6} "
          f"{'memory':>7} {'search cold':>12} {'ratio':>6} {'memory':>7}")  # fmt: skip
    warm_times: dict[int, float] = {}
    for size in sizes:
        path = generate.write(size, folder / f"reforms-{size}.toml")
        bare = [sys.executable, "-c", f"import tomllib; tomllib.load(open({str(path)!r}, 'rb'))"]
        search = [*tool, "--data", str(path), "search", "quota"]
        # ranked: a question where no entry has every word, so every entry with any is scored
        ranked = [*tool, "--data", str(path), "search", "how", "is", "the", "party", "quota", "xyzzy"]
        cold_env = {**env, "KZREFORMS_CACHE": "off"}
        warm = interleaved({"bare": bare, "warm": search, "ranked": ranked}, runs, env)
        cold = interleaved({"cold": search}, max(3, runs // 3), cold_env)
        (bare_s, bare_kb), (warm_s, warm_kb), (cold_s, cold_kb) = warm["bare"], warm["warm"], cold["cold"]
        warm_times[size] = warm_s
        print(
            f"   {size:>8,} {path.stat().st_size / 1e6:7.1f}MB {bare_s * 1000:9.0f}ms {warm_s * 1000:10.0f}ms "
            f"{warm_s / bare_s:5.2f}x {warm_kb / bare_kb:6.2f}x {cold_s * 1000:10.0f}ms {cold_s / bare_s:5.2f}x "
            f"{cold_kb / bare_kb:6.2f}x"
        )
        ranked_s = warm["ranked"][0]
        print(
            f"   {'':>8} ranked (no entry has every word), warm: {ranked_s * 1000:.0f}ms {ranked_s / bare_s:.2f}x"
        )
        if size == 10_000:
            print(f"   10,000 entries, ranked: time {verdict(ranked_s / bare_s, 0.5)} (goal <= 0.5x)")
            print(f"   10,000 entries, warm: time {verdict(warm_s / bare_s, 0.5)} (goal <= 0.5x), "
                  f"memory {verdict(warm_kb / bare_kb, 1.5)} (goal <= 1.5x); "
                  f"cold: time {verdict(cold_s / bare_s, 1.0)} (goal <= 1.0x)")  # fmt: skip
    if 10_000 in warm_times and 100_000 in warm_times:
        growth = warm_times[100_000] / warm_times[10_000]
        print(f"   100,000 / 10,000 entries, warm: {growth:.1f}x  {verdict(growth, 11)} (goal <= 11x)")


# --------------------------------------------------------------------------------------
# 3. browse: the first full screen and one keystroke in the filter box, at 10,000 entries
# --------------------------------------------------------------------------------------


class Terminal:
    """A command on an 80x24 pseudo-terminal of its own, as a terminal emulator runs it."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        import fcntl
        import pty
        import struct
        import termios

        self.main, replica = pty.openpty()
        fcntl.ioctl(replica, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, stdin=replica, stdout=replica, stderr=replica, env={**env, "TERM": "xterm-256color"},
            start_new_session=True,
        )  # fmt: skip
        os.close(replica)
        self.seen = b""

    def until(self, *markers: bytes, timeout: float = 30) -> float:
        """Read what it draws until every marker has been drawn (since the last call); the time then."""
        import select

        while not all(marker in self.seen for marker in markers):
            if not select.select([self.main], [], [], timeout)[0]:
                raise SystemExit(f"not drawn in {timeout} s: {markers!r}")
            self.seen += os.read(self.main, 1 << 16)
        self.seen = b""
        return time.perf_counter()

    def drain(self, seconds: float) -> None:
        """Read whatever it draws for ``seconds``, as a terminal does."""
        import select

        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            if select.select([self.main], [], [], left)[0]:
                self.seen += os.read(self.main, 1 << 16)

    def type(self, keys: str) -> float:
        os.write(self.main, keys.encode())
        return time.perf_counter()

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def quit(self) -> None:
        """Ctrl-C, which quits browse from the filter box too; it must exit 0."""
        self.type("\x03")
        try:
            self.drain(0.2)
            if self.process.wait(timeout=10) != 0:
                raise SystemExit(f"browse exited {self.process.returncode}")
        finally:
            self.close()

    def close(self) -> float:
        """Close the terminal (as a closed window does); seconds until every process of it is gone."""
        start = time.perf_counter()
        os.close(self.main)
        try:
            self.process.wait(timeout=10)
            while True:
                try:
                    os.killpg(self.process.pid, 0)
                except ProcessLookupError:
                    return time.perf_counter() - start
                if time.perf_counter() - start > 10:
                    raise SystemExit("still running 10 s after its terminal closed")
                time.sleep(0.01)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def first_screen(command: list[str], env: dict[str, str], markers: tuple[bytes, ...]) -> float:
    """Seconds from starting ``command`` in an 80x24 pseudo-terminal until every marker is on
    the screen it draws; then it is quit with Ctrl-C and must exit 0."""
    terminal = Terminal(command, env)
    elapsed = terminal.until(*markers) - terminal.started
    terminal.quit()
    return elapsed


def typed_in_a_terminal(command: list[str], env: dict[str, str], path: Path, words: str) -> list[float]:
    """For each character of ``words`` typed into the filter box of a real browse: seconds until
    the terminal has been sent the new count ("3,053 of 10,000 match, ...")."""
    from kzreforms import data
    from kzreforms.browse import filtering

    dataset, index = data.load_for_search(path)
    summaries = [
        filtering.apply(dataset, index, filtering.Filters(text=words[: end + 1])).summary().encode()
        for end in range(len(words))
    ]
    terminal = Terminal(command, env)
    terminal.until(b"Quit")
    terminal.type("/")
    terminal.drain(1)
    times = []
    for char, summary in zip(words, summaries, strict=True):
        start = terminal.type(char)
        times.append(terminal.until(summary) - start)
    terminal.quit()
    return times


def idle_cpu(command: list[str], env: dict[str, str], seconds: float) -> float:
    """The share of a core browse uses over ``seconds`` with nobody typing, after its first screen."""
    terminal = Terminal(command, env)
    terminal.until(b"Quit")
    terminal.drain(1)
    before, start = terminal.cpu_seconds(), time.perf_counter()
    terminal.drain(seconds)
    used = (terminal.cpu_seconds() - before) / (time.perf_counter() - start)
    terminal.quit()
    return used


def closed(command: list[str], env: dict[str, str], marker: bytes) -> float:
    """Seconds from closing the terminal under ``command`` until nothing of it runs."""
    terminal = Terminal(command, env)
    terminal.until(marker)
    return terminal.close()


def keystrokes(path: Path, words: str) -> tuple[list[float], list[float]]:
    """For each character of ``words`` typed into the filter box at 10,000 entries: seconds until
    the list holds the new matches, and until the screen is next drawn. Via Textual's pilot."""
    import asyncio

    from textual.screen import Screen

    from kzreforms import data
    from kzreforms.browse.app import BrowseApp
    from kzreforms.browse.widgets import EntryList

    marks: dict[str, float] = {}
    show, paint = EntryList.show, Screen._compositor_refresh

    def timed_show(self: EntryList, *args: object, **kwargs: object) -> None:
        show(self, *args, **kwargs)  # type: ignore[arg-type]
        marks["listed"] = time.perf_counter()

    def timed_paint(self: Screen[object]) -> None:
        paint(self)
        if "listed" in marks:  # the first paint after the list changed
            marks.setdefault("painted", time.perf_counter())

    EntryList.show = timed_show  # type: ignore[method-assign]
    Screen._compositor_refresh = timed_paint  # type: ignore[method-assign]
    listed: list[float] = []
    painted: list[float] = []

    async def main() -> None:
        app = BrowseApp(*data.load_for_search(path))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("slash")
            await pilot.pause()
            for char in words:
                marks.clear()
                start = time.perf_counter()
                await pilot.press("space" if char == " " else char)
                await pilot.pause()
                listed.append(marks["listed"] - start)
                painted.append(marks.get("painted", marks["listed"]) - start)

    try:
        asyncio.run(main())
    finally:
        EntryList.show, Screen._compositor_refresh = show, paint  # type: ignore[method-assign]
    return listed, painted


def browse(runs: int, env: dict[str, str], folder: Path) -> None:
    tool = kzreforms()
    path = folder / "reforms-10000.toml"
    if not path.exists():
        generate.write(10_000, path)
    listing = [*tool, "--data", str(path), "list", "--json"]
    browsing = [*tool, "--data", str(path), "browse"]
    markers = (b"10,000 entries", b"Quit")
    measure(listing, env)  # warm the cache
    first_screen(browsing, env, markers)
    list_times: list[float] = []
    browse_times: list[float] = []
    for _ in range(runs):
        list_times.append(measure(listing, env)[0])
        browse_times.append(first_screen(browsing, env, markers))
    list_s, browse_s = statistics.median(list_times), statistics.median(browse_times)
    print(f"\n3. browse at 10,000 entries ({runs} interleaved runs, medians; cache warm)")
    print(f"   list --json                   {list_s * 1000:7.0f} ms")
    print(f"   browse, first full screen     {browse_s * 1000:7.0f} ms  {browse_s / list_s:5.2f}x  "
          f"{verdict(browse_s / list_s, 1.5)} (goal <= 1.5x)")  # fmt: skip
    words = "party quota law"
    typed: list[float] = []
    for _ in range(max(1, runs // 3)):
        typed += typed_in_a_terminal(browsing, env, path, words)
    median, p95 = statistics.median(typed), statistics.quantiles(typed, n=20)[-1]
    print(f"   a keystroke in the filter box of a real terminal, until the new count is drawn "
          f"({words!r} typed {len(typed) // len(words)}x):")  # fmt: skip
    print(f"     median {median * 1000:5.0f} ms  {verdict(median, 0.05)} (goal <= 50 ms)   "
          f"p95 {p95 * 1000:5.0f} ms  {verdict(p95, 0.1)} (goal <= 100 ms)")  # fmt: skip
    listed, painted = keystrokes(path, words)
    print(f"   the same through Textual's pilot: list updated {statistics.median(listed) * 1000:.0f} ms, "
          f"screen composed {statistics.median(painted) * 1000:.0f} ms (medians)")  # fmt: skip
    used = idle_cpu(browsing, env, 10)
    print(f"   CPU while idle for 10 s: {used:.2%} of a core  {verdict(used, 0.01)} (goal < 1%)")
    print("   the terminal closed (as a window closing does), every process of it gone after:")
    sample = ROOT / "tests" / "data" / "sample.toml"
    for name, command, marker in [
        ("browse", browsing, b"Quit"),
        ("list, in the pager", [*tool, "--data", str(path), "list"], b"Reforms of"),
        ("show 2, in the pager", [*tool, "--data", str(sample), "show", "2"], b"Registering"),
    ]:
        seconds = closed(command, env, marker)
        print(f"     {name:22} {seconds * 1000:6.0f} ms  {verdict(seconds, 1.0)} (goal <= 1 s)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--floor", type=Path, default=ROOT.parent / "shared" / "bench" / "minimal_app.py")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--quick", action="store_true", help="fewer runs, no 100,000-entry file")
    parser.add_argument("--only", choices=["startup", "search", "browse"])
    options = parser.parse_args()
    runs = 7 if options.quick else options.runs
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        # As a user runs it: bytecode cached (pip compiles it when installing a wheel).
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("KZREFORMS") and key != "PYTHONDONTWRITEBYTECODE"
        }
        env["XDG_CACHE_HOME"] = str(folder / "cache")
        compile_package(env)
        print(f"Python {sys.version.split()[0]} at {sys.executable}")
        if options.only in (None, "startup"):
            startup(options.floor, runs, env)
        if options.only in (None, "search"):
            sizes = [1_000, 10_000] if options.quick else [1_000, 10_000, 100_000]
            search_scaling(sizes, max(3, runs // 3), env, folder)
        if options.only in (None, "browse"):
            browse(max(3, runs // 3), env, folder)


if __name__ == "__main__":
    main()
