#!/usr/bin/env python3
"""Generate a benchmark corpus from the sample articles.

Each generated document is a sample article with its actors, places, dates and numbers
substituted from the data packs (an actor's name or alias swapped for a name of another actor
of the same kind from packs/actors, Malian, Burkinabè and Nigerien places from packs/gazetteer,
other years, months and days), so the corpus exercises matching and resolution like real news
rather than one text repeated (which caches and deduplication would make unrealistically cheap).

The output is JSON Lines (optionally gzipped), one object per document:
{"id", "text", "title", "published"?}. It is written under bench/corpus/ (git-ignored) and
never committed.

    python3 scripts/bench/make_corpus.py --mb 200 --out bench/corpus/bench.jsonl
"""

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus" / "sample"
PLACES = ROOT / "packs" / "gazetteer" / "places.tsv"
ACTORS = ROOT / "packs" / "actors" / "actors.tsv"
ALIASES = ROOT / "packs" / "actors" / "aliases.tsv"

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
             "août", "septembre", "octobre", "novembre", "décembre"]


def sahel_places():
    """Names of populated places in Mali, Burkina Faso and Niger from the gazetteer pack."""
    names = []
    if not PLACES.exists():
        return ["Gao", "Ménaka", "Kidal", "Tombouctou", "Mopti", "Djibo", "Tillabéri"]
    with PLACES.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 9:
                continue
            name, country, feature = cols[1], cols[2], cols[8]
            if country in ("ML", "BF", "NE") and feature.startswith("PPL"):
                if re.fullmatch(r"[A-Za-zÀ-ÿ' -]{3,}", name):
                    names.append(name)
    return names or ["Gao"]


def read_tsv(path):
    """Rows of a pack TSV file, comments and blank lines skipped."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f
                if line.strip() and not line.startswith("#")]


def actor_names():
    """Names by language and actor kind: {lang: {kind: [name, ...]}} and {name: kind}, from
    canonical names and aliases. An alias marked "fr" is only swapped into French articles
    (and "en" into English), so an English story does not get "autorités maliennes"."""
    kind_of = {}
    for cols in read_tsv(ACTORS):
        if len(cols) >= 3 and cols[2]:
            kind_of[cols[0]] = cols[2]
    names = {}  # name -> (kind, lang or "")
    for cols in read_tsv(ACTORS):
        if len(cols) >= 3 and cols[0] in kind_of:
            names[cols[1]] = (kind_of[cols[0]], "")
    for cols in read_tsv(ALIASES):
        if len(cols) >= 2 and cols[0] in kind_of and len(cols[1]) >= 3:
            lang = cols[2] if len(cols) > 2 else ""
            names.setdefault(cols[1], (kind_of[cols[0]], lang))
    by_lang = {"en": {}, "fr": {}}
    for name, (kind, lang) in sorted(names.items()):
        for target in by_lang:
            if lang in ("", target):
                by_lang[target].setdefault(kind, []).append(name)
    return by_lang, {name: kind for name, (kind, _) in names.items()}


def guess_lang(text):
    """"fr" or "en" by counting a few function words; good enough to pick alias languages."""
    words = re.findall(r"\w+", text.lower())
    fr = sum(w in ("le", "la", "les", "des", "du", "et", "est") for w in words)
    en = sum(w in ("the", "of", "and", "is", "was", "to") for w in words)
    return "fr" if fr > en else "en"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=200.0, help="target size in megabytes")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "corpus" / "bench.jsonl")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--seed-sized", action="store_true",
                    help="substitute each name, place, month and number with one of about its "
                         "length, so documents keep the sample articles' sizes (otherwise "
                         "they come out about 8%% longer)")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    samples = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))]
    langs = [guess_lang(t) for t in samples]
    if not samples:
        sys.exit(f"no sample articles in {SAMPLE}")
    places = sahel_places()
    by_lang, kind_of = actor_names()
    # Longest first, so "Front de libération du Macina" wins over "Macina".
    actor_re = re.compile(r"(?<!\w)(" + "|".join(
        map(re.escape, sorted(kind_of, key=len, reverse=True))) + r")(?!\w)") if kind_of else None

    def blen(s):
        return len(s.encode("utf-8"))

    near_cache = {}

    def choose(key, candidates, original):
        """A random candidate; with --seed-sized, one within 20% (at least 2 bytes) of the
        original's length in bytes, when there is one."""
        if not args.seed_sized:
            return rng.choice(candidates)
        size = blen(original)
        near = near_cache.get((key, size))
        if near is None:
            slack = max(2, size // 5)
            near = [c for c in candidates if abs(blen(c) - size) <= slack] or candidates
            near_cache[(key, size)] = near
        return rng.choice(near)

    def swapper(by_kind, lang):
        def swap(m):
            kind = kind_of.get(m.group(1))
            same = by_kind.get(kind, [])
            return choose(("actor", lang, kind), same, m.group(1)) if same else m.group(1)
        return swap

    def number(m):
        if not args.seed_sized:
            return str(rng.randint(1, 300))
        digits = len(m.group(1))
        return str(rng.randint(10 ** (digits - 1), min(10 ** digits - 1, 300)))

    seed_places = ["Kidal", "Ménaka", "Gao", "Timbuktu", "Bamako", "Taoudeni", "Algiers"]
    place_re = re.compile(r"\b(" + "|".join(map(re.escape, seed_places)) + r")\b")
    month_re = re.compile(r"\b(" + "|".join(MONTHS_EN + [m.capitalize() for m in MONTHS_FR] + MONTHS_FR) + r")\b")
    year_re = re.compile(r"\b(20[0-2][0-9])\b")
    num_re = re.compile(r"\b([1-9][0-9]{0,2})\b")

    def vary(text, pick):
        if actor_re is not None:
            text = actor_re.sub(swapper(by_lang[langs[pick]], langs[pick]), text)
        text = place_re.sub(lambda m: choose("place", places, m.group(1)), text)
        text = month_re.sub(lambda m: choose("month", MONTHS_EN, m.group(1)), text)
        text = year_re.sub(lambda m: str(rng.randint(2012, 2025)), text)
        return num_re.sub(number, text)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if args.out.suffix == ".gz" else open
    target = int(args.mb * 1_000_000)
    written = 0
    n = 0
    with opener(args.out, "wt", encoding="utf-8") as out:
        while written < target:
            pick = rng.randrange(len(samples))
            text = vary(samples[pick], pick)
            title = text.split("\n", 1)[0][:120]
            doc = {"id": f"bench-{n}", "title": title, "text": text}
            if n % 3 == 0:
                doc["published"] = f"{rng.randint(2013, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            line = json.dumps(doc, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    print(f"wrote {n} documents, {written / 1e6:.1f} MB to {args.out}")


if __name__ == "__main__":
    main()
