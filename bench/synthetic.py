"""SYNTHETIC case corpora for benchmarks: made up at run time, never committed, never published.

``generate(n, folder, seed)`` writes ``n`` valid case files under ``folder`` (one
sub-folder per jurisdiction, as in ``cases/``). Every record says SYNTHETIC in its title,
citation, summary, keywords and body, and links to example.org (a domain reserved for
examples), so none can be mistaken for a real decision.

The values are realistic in shape so that builds do realistic work: a skewed spread of
jurisdictions (a few with many cases, many with few), years weighted to the recent past,
every controlled field drawn from its vocabulary with plausible co-occurrences
(trafficking cases have acts, means and purposes; smuggling cases smuggling elements),
bodies of 300 to 1,500 words in three sections, and some related and cited cases.

Run it alone to write a corpus: ``python bench/synthetic.py 5000 /tmp/cases``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.vocabularies import load_vocabularies  # noqa: E402 - after the path set-up

# Jurisdictions with many decisions first; the rest share a long tail.
_BUSY = ["USA", "GBR", "NLD", "DEU", "ITA", "ESP", "BRA", "PHL", "IND", "NGA", "ZAF", "AUS", "CAN", "FRA", "ARG", "MEX", "THA"]
_COURTS = {
    "first_instance": "District Court", "appeal": "Court of Appeal", "supreme": "Supreme Court",
    "constitutional": "Constitutional Court",
}
_REGIONAL = {"ECTHR": "regional_human_rights", "IACTHR": "regional_human_rights", "ECOWAS": "regional_community", "CJEU": "regional_community"}
# Word frequencies of the real summaries shipped in cases/ give the common vocabulary its
# realistic (Zipfian) shape; a long tail of invented words stands in for the names, places
# and rare terms that make real text's vocabulary keep growing with its size (Heaps' law).
_SYLLABLES = ("ka", "lo", "mi", "sa", "tu", "ren", "dor", "vel", "an", "is", "or", "bek", "zan", "pol", "ur",
              "ni", "ga", "tor", "hel", "mar", "qui", "os", "ev", "lin", "dra", "ki", "fen", "ul", "sor", "ta")
_TAIL_SHARE = 0.10
_NAME_SHARE = 0.02


def _real_vocabulary() -> tuple[list[str], list[int]]:
    counts: dict[str, int] = {}
    for path in sorted((ROOT / "cases").rglob("*.md")):
        text = path.read_text(encoding="utf-8").split("\n---", 2)[-1]
        for word in text.lower().split():
            word = word.strip(".,;:()[]\"'#*")
            if word.isalpha():
                counts[word] = counts.get(word, 0) + 1
    if not counts:
        counts = {"the": 10, "court": 5, "held": 3, "trafficking": 3, "victims": 2, "labour": 2}
    words = sorted(counts, key=lambda w: (-counts[w], w))
    return words, [counts[w] for w in words]


_VOCABULARY, _WEIGHTS = _real_vocabulary()
_CUMULATIVE = list(itertools.accumulate(_WEIGHTS))


def _tail_word(rng: random.Random) -> str:
    """An invented word; low ranks recur often and high ranks rarely (Zipf, s close to 1)."""
    rank = int(rng.paretovariate(0.7) * 10)
    local = random.Random(rank)
    return "".join(local.choice(_SYLLABLES) for _ in range(2 + rank % 3))


def _pick(rng: random.Random, keys: list[str], low: int, high: int) -> list[str]:
    return rng.sample(keys, rng.randint(low, min(high, len(keys))))


def _names(rng: random.Random) -> list[str]:
    """Names of people, places and firms that only this record uses."""
    return ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4))) for _ in range(rng.randint(8, 30))]


def _prose(rng: random.Random, words: int, names: list[str]) -> str:
    out, sentence = [], []
    for _ in range(words):
        draw = rng.random()
        if draw < _NAME_SHARE:
            sentence.append(rng.choice(names))
        elif draw < _NAME_SHARE + _TAIL_SHARE:
            sentence.append(_tail_word(rng))
        else:
            sentence.append(rng.choices(_VOCABULARY, cum_weights=_CUMULATIVE)[0])
        if len(sentence) >= rng.randint(12, 28):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    text, line = [], []
    for sentence_text in out:  # wrap at about 90 characters, as the real files are
        for word in sentence_text.split():
            if sum(len(w) + 1 for w in line) + len(word) > 90:
                text.append(" ".join(line))
                line = []
            line.append(word)
    text.append(" ".join(line))
    return "\n".join(text)


def _yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def _record(n: int, rng: random.Random, vocabs: dict, ids: list[str], today: dt.date) -> tuple[str, str, str]:
    countries = list(vocabs["countries"])
    roll = rng.random()
    if roll < 0.6:
        country = rng.choice(_BUSY[: rng.randint(1, len(_BUSY))])
    elif roll < 0.67:
        country = rng.choice(list(_REGIONAL))
    else:
        country = rng.choice(countries)
    year = min(today.year - 1, 1995 + int(rng.triangular(0, 30, 27)))
    date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    level = _REGIONAL.get(country) or rng.choices(list(_COURTS), weights=[6, 3, 2, 0.3])[0]
    court = vocabs["jurisdictions"].label_of(country) if country in _REGIONAL else f"Synthetic {_COURTS[level]}"
    crimes = rng.choices([["trafficking_in_persons"], ["smuggling_of_migrants"], ["trafficking_in_persons", "organized_criminal_group"],
                          ["smuggling_of_migrants", "document_fraud"], ["trafficking_in_persons", "money_laundering"]],
                         weights=[50, 25, 10, 8, 7])[0]
    case_id = f"syn-{year}-{n:06d}"
    title = f"Synthetic Case {n} v. Synthetic State"
    lines = [
        "---",
        f"id: {case_id}",
        f"title: {title}",
        f"citation: {title}, SYN-{n}, {date.isoformat()} (SYNTHETIC, not a real decision)",
        f"summary: SYNTHETIC record {n} for benchmarks; it describes no real decision and is never published.",
        f"country: {country}",
        f"court: {court}",
        f"court_level: {level}",
        f'case_number: "SYN-{n}"',
        f"decision_date: {date.isoformat()}",
        f"legal_system: {rng.choice(list(vocabs['legal_systems']))}",
        f"languages: [{rng.choice(['en', 'en', 'en', 'es', 'fr', 'pt', 'de', 'nl', 'it'])}]",
        f"crime_types: {_yaml_list(crimes)}",
        f"outcome: {rng.choice(list(vocabs['outcomes']))}",
        "victims:",
        f"  total: {(total := rng.randint(1, 40))}",
        f"  female: {(female := rng.randint(0, total))}",
        f"  male: {rng.randint(0, total - female)}",
        f"  nationalities: {_yaml_list(rng.sample(countries, rng.randint(1, 3)))}",
        "defendants:",
        f"  total: {rng.randint(1, 6)}",
        "charges:",
        "  - defendants: The defendants",
        "    offence: " + ("Trafficking in persons" if "trafficking_in_persons" in crimes else "Smuggling of migrants"),
        f"    verdict: {rng.choice(list(vocabs['verdicts']))}",
        "    sentence:",
        f"      imprisonment_months: {rng.randint(6, 240)}",
    ]
    if "trafficking_in_persons" in crimes:
        lines += [
            f"acts: {_yaml_list(_pick(rng, list(vocabs['acts']), 1, 3))}",
            f"means: {_yaml_list(_pick(rng, list(vocabs['means']), 1, 3))}",
            f"purposes: {_yaml_list(_pick(rng, list(vocabs['purposes']), 1, 2))}",
            f"sectors: {_yaml_list(_pick(rng, list(vocabs['sectors']), 1, 2))}",
        ]
    else:
        lines += [
            f"smuggling_elements: {_yaml_list(_pick(rng, list(vocabs['smuggling_elements']), 1, 3))}",
            f"transport_modes: {_yaml_list(_pick(rng, list(vocabs['transport_modes']), 1, 2))}",
        ]
    lines += [
        f"form: {_yaml_list(_pick(rng, ['transnational', 'internal'], 1, 1) + (['organized_criminal_group'] if rng.random() < 0.3 else []))}",
        f"themes: {_yaml_list(_pick(rng, list(vocabs['themes']), 1, 4))}",
        "keywords: [synthetic, benchmark]",
        "countries_involved:",
        f"  origin: {_yaml_list(rng.sample(countries, rng.randint(1, 2)))}",
        f"  destination: [{country if len(country) == 3 else rng.choice(countries)}]",
        "sources:",
        f"  - url: https://example.org/synthetic/{case_id}",
        "    title: Synthetic judgment (SYNTHETIC)",
        "    kind: judgment",
        "    language: en",
        "    official: true",
        f"landmark: {'true' if rng.random() < 0.02 else 'false'}",
    ]
    if lines[-1].endswith("true"):
        lines.append("landmark_reason: SYNTHETIC. Chosen at random so that the landmark list has entries in benchmarks.")
    earlier = ids[-200:]
    lines += [
        f"related_cases: {_yaml_list(rng.sample(earlier, min(len(earlier), rng.choice([0, 0, 1, 2]))))}",
        f"cites: {_yaml_list(rng.sample(earlier, min(len(earlier), rng.choice([0, 0, 0, 1, 3]))))}",
        f"last_reviewed: {today.isoformat()}",
        "---",
        "",
    ]
    words = rng.randint(300, 1500)
    facts, reasoning = int(words * 0.45), int(words * 0.4)
    names = _names(rng)
    body = (f"## Facts\n\nSYNTHETIC. {_prose(rng, facts, names)}\n\n## Legal reasoning\n\n{_prose(rng, reasoning, names)}\n\n"
            f"## Commentary and significance\n\n{_prose(rng, words - facts - reasoning, names)}\n")
    return case_id, country.lower(), "\n".join(lines) + "\n" + body


def make_project(folder: Path, n: int) -> Path:
    """A scratch project: this repository's mkdocs.yml, docs/ and theme/ with ``n`` SYNTHETIC cases."""
    project = folder / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("docs", "theme"):
        shutil.copytree(ROOT / name, project / name)
    generate(n, project / "cases", seed=n)
    return project


def generate(n: int, folder: Path, seed: int = 1) -> list[Path]:
    """Write ``n`` SYNTHETIC case files under ``folder``; return their paths (the same for the same seed)."""
    rng = random.Random(seed)
    vocabs = load_vocabularies()
    today = min(dt.date(2026, 1, 1), dt.date.today())  # fixed, so a seed gives the same files
    folder = Path(folder)
    ids: list[str] = []
    paths = []
    for number in range(1, n + 1):
        case_id, sub, text = _record(number, rng, vocabs, ids, today)
        ids.append(case_id)
        path = folder / sub / f"{case_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a SYNTHETIC case corpus for benchmarks.")
    parser.add_argument("n", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    paths = generate(args.n, args.folder, args.seed)
    print(f"{len(paths)} SYNTHETIC cases in {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
