"""The national data set: a synthetic agency over the real organization tree.

``manage.py build_national_dataset`` builds it for the national benchmarks
(bench/national.py, bench/load.py). The plan (who works where, under whom,
with which invented name) is worked out here from the seed alone; each app
may have a ``national`` module with a ``build(nation)`` function that
writes its own tables from the plan, in the order the apps are installed,
as the demo population does. So every app writes through its own layer and
the project package imports none of them.

Names are made of syllables and never a real person's: a drawn name that
matches one of the common real names below is drawn again.
"""

import csv
import importlib
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings

# The published staffing by sector: the data set spreads its people over
# the sectors in these proportions (the latest year the table holds).
STAFFING_TABLE = (
    settings.BASE_DIR
    / "reporting"
    / "data"
    / "cbp_usbp_agent_staffing_by_sector_fy1992_fy2018.csv"
)
STAFFING_YEAR = 2018

EMPLOYEES = 20_000
VEHICLES = 8_000
AUDIT_EVENTS = 1_000_000
SNAPSHOT_ROWS = 1_000_000
CONTRACTOR_SHARE = 0.03
AGENTS_PER_SUPERVISOR = 8
# Four pay periods for the whole nation, two years of them for one sector.
NATION_PAY_PERIODS = 4
HISTORY_SECTOR = "YUM"
HISTORY_PAY_PERIODS = 52
DEFAULT_SEED = 20261204
# A password published with the data set, as the demo's is; one hash is
# made for every login (hashing 20,000 passwords would take minutes).
PASSWORD = "bpets-nation-2026"  # noqa: S105 (published on purpose)

SYLLABLE_TEXT = (
    "al ba ce da el fa go ha is jo ka lu ma ne or pa qui ro sa te ur va we xi ya "
    "zo bran del fen gar hol kin lor mar nor per quin ros sten tor vel"
)
SYLLABLES = SYLLABLE_TEXT.split()
# Common real given names and surnames that syllables could spell: never used.
REAL_NAME_TEXT = """
    alba alma anna ella elma eva ivana jose josa kara kate lara lola luna
    luis lucas maria marta nora paula rosa sara tara vera zora dana alva elsa gala
    lorenzo martin marion norman delores dolores carmen selma velma thelma
    garcia martinez lopez rodriguez hernandez gonzalez perez sanchez ramirez
    torres flores rivera gomez diaz morales reyes cruz ortiz gutierrez chavez
    ramos ruiz alvarez mendoza castillo jimenez moreno romero herrera medina
    aguilar vargas castro guzman fernandez rojas delgado vega soto marquez
    smith johnson williams brown jones miller davis wilson anderson taylor
    thomas moore jackson white harris martin thompson clark lewis robinson
    walker young allen king wright scott green baker adams nelson hill
    campbell mitchell roberts carter phillips evans turner parker collins
    edwards stewart morris murphy cook rogers morgan peterson cooper reed
    bailey bell kelly howard ward cox richardson wood watson brooks bennett
    gray james hughes price sanders myers long ross foster powell jenkins
    perry russell sullivan fisher henderson coleman simmons patterson jordan
    reynolds hamilton graham kim wallace west cole hayes bryant gibson ellis
    stevens murray ford marshall owens harrison fernando velasco salas tovar
"""
REAL_NAMES = frozenset(REAL_NAME_TEXT.split())


@dataclass(frozen=True)
class Person:
    """One person of the plan; ``number`` orders them across the nation."""

    number: int
    station_id: int
    first_name: str
    middle_initial: str
    last_name: str
    rank: str  # "chief", "supervisor" or "agent"
    contractor: bool
    supervisor_number: int | None

    @property
    def username(self) -> str:
        return f"nation-{self.number:05d}"


@dataclass
class Nation:
    seed: int
    scale: float
    people: list[Person]
    # station id -> sector code, and the stations in the tree's order.
    sector_of: dict[int, str]
    station_ids: list[int]
    say: Callable[[str], None] = print
    # Filled in as the apps build: ids by person number, the acting login,
    # the pay periods scheduled.
    user_ids: dict[int, int] = field(default_factory=dict)
    employee_ids: dict[int, int] = field(default_factory=dict)
    actor: object = None
    nation_periods: list = field(default_factory=list)
    history_periods: list = field(default_factory=list)
    history_sector: str = HISTORY_SECTOR
    history_pay_periods: int = HISTORY_PAY_PERIODS
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def chooser(self, purpose: str) -> random.Random:
        """A generator of its own for each part, so that one part's draws
        never shift another's."""
        return random.Random(f"{self.seed}:{purpose}")  # noqa: S311 (not secret)

    def scaled(self, full: int, least: int = 1) -> int:
        return max(least, round(full * self.scale))

    @property
    def history_station_ids(self) -> list[int]:
        return [
            pk for pk in self.station_ids if self.sector_of[pk] == self.history_sector
        ]


def sector_staffing(year: int = STAFFING_YEAR) -> dict[str, int]:
    """Agents by sector name (lower case) in the published table's year."""
    with STAFFING_TABLE.open(newline="") as handle:
        return {
            row["sector"]: int(row["number_of_agents"])
            for row in csv.DictReader(handle)
            if int(row["fiscal_year"]) == year and row["number_of_agents"].isdigit()
        }


def shares(total: int, weights: dict) -> dict:
    """``total`` split in proportion to ``weights`` (largest remainders, ties
    in the weights' order), so the parts add up to it exactly."""
    whole = sum(weights.values())
    exact = {key: total * weight / whole for key, weight in weights.items()}
    parts = {key: math.floor(value) for key, value in exact.items()}
    left = total - sum(parts.values())
    by_remainder = sorted(exact, key=lambda key: parts[key] - exact[key])
    for key in by_remainder[:left]:
        parts[key] += 1
    return parts


def headcounts(total: int, sectors: list[tuple[str, str, list[int]]]) -> dict:
    """People per station: ``sectors`` are (code, name, station ids); each
    sector's share follows the published staffing, and is split evenly over
    its stations (no per-station figures are published)."""
    staffing = sector_staffing()
    weights = {
        code: staffing[name.lower()]
        for code, name, stations in sectors
        if stations and name.lower() in staffing
    }
    per_sector = shares(total, weights)
    counts = {}
    for code, _, stations in sectors:
        if code in per_sector:
            counts |= shares(per_sector[code], dict.fromkeys(stations, 1))
    return counts


def invented_name(chooser: random.Random, syllables: int) -> str:
    while True:
        name = "".join(chooser.choice(SYLLABLES) for _ in range(syllables))
        if name not in REAL_NAMES:
            return name.title()


def plan(seed: int, scale: float, sectors) -> list[Person]:
    """Everyone of the nation, from the seed alone: at each station a chief,
    one supervisor to about eight agents, and a few contractors."""
    chooser = random.Random(f"{seed}:people")  # noqa: S311 (not secret)
    counts = headcounts(max(1, round(EMPLOYEES * scale)), sectors)
    people = []
    for _, _, stations in sectors:
        for station_id in stations:
            people.extend(
                _station_people(
                    chooser, station_id, counts.get(station_id, 0), len(people)
                )
            )

    agents = [person.number for person in people if person.rank == "agent"]
    contractors = set(
        chooser.sample(agents, min(len(agents), round(len(people) * CONTRACTOR_SHARE)))
    )
    return [
        Person(**{**person.__dict__, "contractor": person.number in contractors})
        for person in people
    ]


def _station_people(chooser, station_id: int, count: int, first: int) -> list[Person]:
    supervisors = (
        max(1, round((count - 1) / (AGENTS_PER_SUPERVISOR + 1))) if count > 1 else 0
    )
    people = []
    for index in range(count):
        number = first + index
        if index == 0:
            rank, boss = "chief", None
        elif index <= supervisors:
            rank, boss = "supervisor", first
        else:
            rank = "agent"
            boss = first + 1 + (index - supervisors - 1) % supervisors
        people.append(
            Person(
                number=number,
                station_id=station_id,
                first_name=invented_name(chooser, 3),
                middle_initial=chooser.choice("ABCDEFGHJKLMNPRSTVW"),
                last_name=invented_name(chooser, 3),
                rank=rank,
                contractor=False,
                supervisor_number=boss,
            )
        )
    return people


def parts():
    """Each app's ``national`` module, in the order the apps are installed."""
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.national")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.national":
                raise
            continue
        if module.__name__ != __name__:  # the project package's own: this one
            yield config.name, module


def build(
    *, seed: int = DEFAULT_SEED, scale: float = 1.0, say=print, history_periods=None
) -> Nation:
    """Build the whole data set into an empty database with the tree loaded.

    The security part, first, makes the plan from the tree it owns."""
    nation = Nation(
        seed=seed, scale=scale, people=[], sector_of={}, station_ids=[], say=say
    )
    if history_periods is not None:
        nation.history_pay_periods = history_periods
    for name, module in parts():
        started = time.perf_counter()
        module.build(nation)
        nation.timings[name] = time.perf_counter() - started
        say(f"{name}: {nation.timings[name]:.1f} s")
    return nation


def not_ready() -> str:
    """Why the data set cannot be built here (a part says), or the empty text."""
    for _, module in parts():
        problem = getattr(module, "problem", None)
        if problem is not None and problem():
            return problem()
    return ""
