"""Write a data file of N generated entries in the kzreforms schema, with tomli-w.

The text is drawn from the bundled data's own words, so searches behave as on real data;
every entry has thresholds, figures, events and sources like the real ones (about 600
bytes of TOML an entry: 10,000 entries make a file of about 6 MB).

    python bench/generate.py 10000 /tmp/reforms-10000.toml
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import tomli_w

from kzreforms import data

TOPICS = ["elections", "political parties", "local government", "civil liberties", "criminal law",
          "human rights", "constitution", "parliament", "presidency", "representation"]  # fmt: skip


def vocabulary() -> list[str]:
    bundled = data.bundled_path().read_text(encoding="utf-8")
    return sorted(set(re.findall(r"[A-Za-z][a-z]{2,}", bundled)))


def sentence(rng: random.Random, words: list[str], length: int) -> str:
    chosen = [rng.choice(words) for _ in range(length)]
    return " ".join(chosen).capitalize() + "."


PERIODS = ["2019-2021", "2022-amendments", "2022-2025", "2026-constitution"]
STATUSES = ["in force", "partly in force", "repealed", "proposed"]
SOURCES = 500


def entry(rng: random.Random, words: list[str], reform_id: int) -> dict[str, object]:
    before = rng.choice([40000, 600, 1000, 7, 20, 150])
    unit = rng.choice(["members", "%", "citizens", "signatures"])
    year = rng.randint(2019, 2026)

    def cites() -> list[str]:
        return ["article", f"source-{rng.randint(1, SOURCES)}"]

    return {
        "id": reform_id,
        "period": rng.choice(PERIODS),
        "title": sentence(rng, words, rng.randint(3, 6))[:-1],
        "status": rng.choice(STATUSES),
        "topics": rng.sample(TOPICS, rng.randint(1, 3)),
        "before": {"text": sentence(rng, words, rng.randint(7, 12)), "short": sentence(rng, words, 2)[:-1],
                   "sources": cites()},
        "after": {"text": sentence(rng, words, rng.randint(7, 12)), "short": sentence(rng, words, 2)[:-1],
                  "sources": cites()},
        "measures": [{"text": sentence(rng, words, rng.randint(4, 7)), "sources": cites()}],
        "thresholds": [
            {
                "label": sentence(rng, words, 5)[:-1],
                "before": before,
                "after": rng.randint(1, before),
                "unit": unit,
                "sources": cites(),
            }
        ],
        "events": [
            {
                "date": f"{year}-{rng.randint(1, 12):02d}",
                "text": sentence(rng, words, rng.randint(5, 9)),
                "sources": cites(),
            }
        ],
    }  # fmt: skip


def generate(count: int, seed: int = 2019) -> dict[str, object]:
    rng = random.Random(seed)
    words = vocabulary()
    sources: dict[str, object] = {"article": {"kind": "article", "title": "The article every entry cites"}}
    for number in range(1, SOURCES + 1):
        year = rng.randint(2019, 2026)
        sources[f"source-{number}"] = {
            "kind": rng.choice(["news", "law", "report"]),
            "title": sentence(rng, words, 4)[:-1],
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        }
    return {
        "as_of": "2026-11-30",
        "sources": sources,
        "reforms": [entry(rng, words, reform_id) for reform_id in range(1, count + 1)],
    }


def write(count: int, path: Path) -> Path:
    path.write_text(tomli_w.dumps(generate(count)), encoding="utf-8")
    return path


if __name__ == "__main__":
    written = write(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"{written}: {written.stat().st_size:,} bytes")
