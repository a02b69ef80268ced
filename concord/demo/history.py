"""Two years of synthetic case history for the demo city, computed in memory.

Nothing here touches the database: ``generate_history`` works on plain ids handed over
in a ``World`` (the grids, the leaf categories, and callables that answer routing and
escalation the way ``concord.routing.services`` does) and returns ``PlannedCase``
objects with their events and parties for ``concord.demo.build`` to bulk-insert.

Demand: a daily volume with a slow upward trend, day-to-day noise, weekly seasonality
(neighbour noise at weekends, labour on weekdays), yearly seasonality (noise in summer,
wage arrears in the weeks before Chinese New Year, a lull in the holiday week), a fixed
category mix (``CATEGORY_SHARE``) and uneven, log-normal grid weights.

What happens to each case afterwards is planned by ``concord.demo.lifecycle``.

Injected clusters (for issue #4's detectors; see ``CLUSTERS``), placed relative to now:

(a) wage arrears: ``WAGE_CASES`` (24) labour cases in street ``WAGE_STREET`` naming the
    organisation ``WAGE_EMPLOYER`` (恒达服装厂 / Hengda Garment Factory, same phone) as the
    other party, created over the 21 days ending 10 days before now.
(b) noise spike: in community ``NOISE_COMMUNITY`` (a busy one: ``NOISE_COMMUNITY_WEIGHT``
    times the usual weight), extra neighbour_noise cases during the 14 days from 67 to 53
    days before now: twice the expected volume, so the window holds about three times the
    usual count (at least 12 extra, which is more than that for small ``--cases``).
(c) repeat disputes: the same two households (reporter phone ``REPEAT_PHONES[0]``, other
    party phone ``REPEAT_PHONES[1]``) in 4 neighbour cases in grid ``REPEAT_GRID``,
    340, 250, 140 and 40 days before now (within 12 months).
(d) property-management wave: ``PROPERTY_CASES`` (15) property_management cases against
    the organisation ``PROPERTY_COMPANY`` in districts ``PROPERTY_DISTRICTS``, created
    over the 28 days from 120 to 92 days before now.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

from concord.cases.receipts import ALPHABET, LENGTH
from concord.demo import texts
from concord.demo.lifecycle import CategoryInfo, GridInfo, Lifecycle, PlannedCase, PlannedParty, World, weighted

DAYS = 730

WAGE_STREET = "510105002"
WAGE_EMPLOYER = "恒达服装厂"
WAGE_EMPLOYER_PHONE = "02884561230"
WAGE_CASES = 24
NOISE_COMMUNITY = "510104001002"
NOISE_COMMUNITY_WEIGHT = 4.0  # a dense residential community: enough noise cases for the spike to be 3x
REPEAT_GRID = "51010200200301"
REPEAT_PHONES = ("13900000417", "13900000812")
PROPERTY_COMPANY = "嘉信物业服务有限公司"
PROPERTY_COMPANY_PHONE = "02887654320"
PROPERTY_DISTRICTS = ("510103", "510104")
PROPERTY_CASES = 15

CLUSTERS: dict[str, str] = {
    "wage_arrears": f"{WAGE_CASES} labour cases vs {WAGE_EMPLOYER} (Hengda Garment Factory) in street {WAGE_STREET}, "
    "over the 21 days ending 10 days ago",
    "noise_spike": f"3x neighbour_noise in community {NOISE_COMMUNITY}, 67 to 53 days ago",
    "repeat_disputes": f"4 neighbour cases between the same two households in grid {REPEAT_GRID}, within 12 months",
    "property_wave": f"{PROPERTY_CASES} property_management cases vs {PROPERTY_COMPANY} in districts "
    f"{' and '.join(PROPERTY_DISTRICTS)}, within 28 days, 120 to 92 days ago",
}

# Share of each leaf category (percent); neighbour's 35 % is split over its four kinds.
CATEGORY_SHARE: dict[str, float] = {
    "neighbour_noise": 14.0,
    "neighbour_leak": 7.7,
    "neighbour_boundary": 8.05,
    "neighbour_pets": 5.25,
    "family": 12,
    "property_management": 10,
    "labour": 9,
    "housing": 7,
    "debt": 6,
    "consumer": 5,
    "traffic": 3,
    "inheritance": 3,
    "elder_care": 3,
    "medical": 2,
    "school": 2,
    "land": 1,
    "other": 2,
}
# Per-district multipliers (west to east): commerce in the centre, industry in the east.
DISTRICT_AFFINITY: dict[str, tuple[float, ...]] = {
    "labour": (0.6, 0.8, 1.2, 0.9, 2.0),
    "consumer": (1.7, 1.2, 0.9, 1.0, 0.7),
    "property_management": (0.8, 0.9, 1.2, 1.5, 1.2),
    "land": (0.4, 0.5, 1.0, 1.3, 2.2),
    "medical": (1.6, 1.1, 0.9, 1.2, 0.7),
}
# Template placeholder that names the organisation a case is against.
ORGANISATION_SLOT = {
    "labour": "company",
    "property_management": "property",
    "consumer": "shop",
    "medical": "hospital",
    "school": "school",
}
CHANNELS = (("web", 70), ("hotline", 20), ("open311", 5), ("staff", 5))
REJECT_RATE = 0.03
DUPLICATE_SHARE = 0.45  # of rejections, when there is an earlier case to duplicate
ANONYMOUS_RATE = 0.15
ENGLISH_RATE = 0.08
# Hour-of-day weights (local time).
HOURS_DEFAULT = (1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2.5, 5, 7, 7.5, 7, 5.5, 5.5, 6.5, 7, 6.5, 6, 6, 6.5, 6, 4.5, 3, 2)
HOURS_NOISE = (3, 1.5, 0.8, 0.4, 0.3, 0.5, 1.5, 3, 3.5, 4, 4, 4, 3.5, 3.5, 3.5, 3.5, 3.5, 4, 4.5, 6, 7.5, 9, 8.5, 6)
HOURS_WORK = (0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 2, 6, 9, 9, 8, 5, 6, 8.5, 8.5, 8, 6.5, 4, 3, 2.5, 1.5, 1, 0.5)

# Chinese New Year, for the pre-holiday wage-arrears peak and the holiday lull.
_CNY = {
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
    2033: date(2033, 1, 31),
}


@dataclass(slots=True)
class _Seed:
    created_at: datetime
    category: CategoryInfo
    grid: GridInfo
    cluster: str = ""
    reporter_phone: str = ""
    other: PlannedParty | None = None
    description: str = ""


def _season(code: str, day: date) -> float:
    """Weekly and yearly seasonality of a category on a day."""
    weekend = day.weekday() >= 5
    factor = 1.0
    if code == "neighbour_noise":
        factor = (1.35 if weekend else 0.86) * (1 + 0.4 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 200) / 365))
    elif code == "neighbour_pets" or code == "consumer":
        factor = 1.15 if weekend else 0.94
    elif code == "labour":
        factor = 0.6 if weekend else 1.16
        cny = _CNY.get(day.year + (1 if day.month >= 9 else 0), date(day.year + (day.month >= 9), 2, 1))
        before = (cny - day).days
        if 0 < before <= 90:
            factor *= 1 + 1.5 * math.exp(-(((before - 32) / 22) ** 2))
    elif code == "neighbour_leak":
        factor = 1 + 0.3 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 195) / 365)
    else:
        factor = 0.93 if weekend else 1.03
    cny_this = _CNY.get(day.year)
    if cny_this is not None and 0 <= (day - cny_this).days < 7:
        factor *= 1.1 if code == "family" else 0.45
    return factor


class _Generator:
    def __init__(self, world: World, n_cases: int, seed: int, now: datetime) -> None:
        self.w = world
        self.rng = random.Random(seed)
        self.now = now.astimezone(UTC)
        self.n = n_cases
        self.by_code = {c.code: c for c in world.categories}
        self.today = now.astimezone(world.tz).date()
        self.days = [self.today - timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
        self._hours = {k: list(accumulate(v)) for k, v in (("d", HOURS_DEFAULT), ("n", HOURS_NOISE), ("w", HOURS_WORK))}
        self._routes: dict[tuple[int, int], tuple[int, int | None]] = {}
        self.life = Lifecycle(world, self.rng, now)
        self._weights()

    # -- demand ---------------------------------------------------------------------
    def _weights(self) -> None:
        rng, grids = self.rng, self.w.grids
        community_factor: dict[str, float] = {}
        base = []
        for g in grids:
            cf = community_factor.setdefault(g.code[:12], rng.lognormvariate(0, 0.35))
            busy = NOISE_COMMUNITY_WEIGHT if g.code.startswith(NOISE_COMMUNITY) else 1.0
            base.append(busy * cf * rng.lognormvariate(0, 0.7))
        self.grid_cum: dict[str, list[float]] = {}
        for cat in self.w.categories:
            aff = DISTRICT_AFFINITY.get(cat.code)
            weights = [b * (aff[g.district_index % len(aff)] if aff else 1.0) for b, g in zip(base, grids, strict=True)]
            self.grid_cum[cat.code] = list(accumulate(weights))
        day_noise = [rng.lognormvariate(0, 0.12) * (0.85 + 0.3 * i / DAYS) for i in range(DAYS)]
        local_now = self.now.astimezone(self.w.tz)
        day_noise[-1] *= (local_now.hour * 3600 + local_now.minute * 60 + local_now.second) / 86400
        self.cells: list[tuple[int, CategoryInfo]] = []
        cell_weights: list[float] = []
        for i, day in enumerate(self.days):
            for cat in self.w.categories:
                self.cells.append((i, cat))
                cell_weights.append(CATEGORY_SHARE.get(cat.code, 1.0) * _season(cat.code, day) * day_noise[i])
        self.cell_cum = list(accumulate(cell_weights))
        self.cell_weights = cell_weights

    def _grid_for(self, cat: CategoryInfo, within: list[GridInfo] | None = None) -> GridInfo:
        if within is not None:
            cum = self.grid_cum[cat.code]
            idx = {g.pk: i for i, g in enumerate(self.w.grids)}
            weights = [cum[idx[g.pk]] - (cum[idx[g.pk] - 1] if idx[g.pk] else 0) for g in within]
            return self.rng.choices(within, weights=weights)[0]
        return self.rng.choices(self.w.grids, cum_weights=self.grid_cum[cat.code])[0]

    def _at(self, day: date, code: str) -> datetime:
        """A moment on ``day`` (local) at a plausible hour for the category, not after now."""
        rng = self.rng
        cum = self._hours["n" if code == "neighbour_noise" else "w" if code == "labour" else "d"]
        for _ in range(6):
            hour = bisect_left(cum, rng.random() * cum[-1])
            moment = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=self.w.tz)
            if moment.astimezone(UTC) <= self.now:
                return moment.astimezone(UTC)
        start = datetime.combine(day, time(0), tzinfo=self.w.tz).astimezone(UTC)
        return start + (self.now - start) * rng.random()

    def _between(self, start: timedelta, end: timedelta, code: str) -> datetime:
        """A moment between ``start`` and ``end`` before now (local day, category hours)."""
        offset = start - (start - end) * self.rng.random()
        moment = self._at((self.now - offset).astimezone(self.w.tz).date(), code)
        return min(max(moment, self.now - start), self.now - end)

    def seeds(self) -> tuple[list[_Seed], list[str]]:
        """The background cases plus the injected clusters, in order of creation."""
        clusters = self._clusters()
        rng, n_background = self.rng, max(0, self.n - len(clusters))
        picks = rng.choices(self.cells, cum_weights=self.cell_cum, k=n_background)
        seeds = [_Seed(self._at(self.days[i], cat.code), cat, self._grid_for(cat), "") for i, cat in picks]
        seeds += clusters
        seeds.sort(key=lambda s: s.created_at)
        summary = [f"{name}: {text}" for name, text in CLUSTERS.items()]
        return seeds, summary

    def _clusters(self) -> list[_Seed]:
        rng, grids, out = self.rng, self.w.grids, []
        cat = self.by_code.get("labour")
        in_street = [g for g in grids if g.code.startswith(WAGE_STREET)]
        if cat and in_street:
            for _ in range(WAGE_CASES):
                other = PlannedParty("other_party", "organisation", WAGE_EMPLOYER, WAGE_EMPLOYER_PHONE)
                months = rng.randint(2, 4)
                text = rng.choice(
                    [
                        f"我在{WAGE_EMPLOYER}做缝纫工，老板已经{months}个月没发工资了，"
                        "厂里好多工人都一样，现在车间都停工了。",
                        f"{WAGE_EMPLOYER}拖欠工资{months}个月，约{rng.randint(8, 20) * 1000}元，"
                        "老板说等货款回来再发，一直拖着。",
                        f"{WAGE_EMPLOYER}突然停工，老板联系不上，我们{rng.randint(20, 80)}多个工人的工资都没结。",
                    ]
                )
                seed = _Seed(
                    self._between(timedelta(days=31), timedelta(days=10), "labour"),
                    cat,
                    self._grid_for(cat, in_street),
                    "wage_arrears",
                    "",
                    other,
                    text,
                )
                out.append(seed)
        cat = self.by_code.get("neighbour_noise")
        in_community = [g for g in grids if g.code.startswith(NOISE_COMMUNITY)]
        if cat and in_community:
            out += [
                _Seed(
                    self._between(timedelta(days=67), timedelta(days=53), cat.code),
                    cat,
                    self._grid_for(cat, in_community),
                    "noise_spike",
                )
                for _ in range(self._noise_extra(cat, in_community))
            ]
        grid = next((g for g in grids if g.code == REPEAT_GRID), None)
        if grid is not None:
            for days, code in (
                (340, "neighbour_noise"),
                (250, "neighbour_leak"),
                (140, "neighbour_noise"),
                (40, "neighbour_boundary"),
            ):
                if code in self.by_code:
                    other = PlannedParty("other_party", "person", "楼上住户 陈某", REPEAT_PHONES[1])
                    at = self._between(timedelta(days=days, hours=12), timedelta(days=days), code)
                    out.append(_Seed(at, self.by_code[code], grid, "repeat_disputes", REPEAT_PHONES[0], other))
        cat = self.by_code.get("property_management")
        in_districts = [[g for g in grids if g.code.startswith(d)] for d in PROPERTY_DISTRICTS]
        if cat and all(in_districts):
            for i in range(PROPERTY_CASES):
                other = PlannedParty("other_party", "organisation", PROPERTY_COMPANY, PROPERTY_COMPANY_PHONE)
                text = texts.describe(cat.code, False, rng, property=PROPERTY_COMPANY)
                at = self._between(timedelta(days=120), timedelta(days=92), cat.code)
                grid_pick = self._grid_for(cat, in_districts[i % len(in_districts)])
                out.append(_Seed(at, cat, grid_pick, "property_wave", "", other, text))
        return out

    def _noise_extra(self, cat: CategoryInfo, community: list[GridInfo]) -> int:
        """Twice the cases the community would expect in the spike window (at least 12)."""
        first, last = self.today - timedelta(days=67), self.today - timedelta(days=53)
        window = sum(
            w
            for (i, c), w in zip(self.cells, self.cell_weights, strict=True)
            if c is cat and first <= self.days[i] <= last
        )
        cum = self.grid_cum[cat.code]
        idx = {g.pk: i for i, g in enumerate(self.w.grids)}
        share = sum(cum[idx[g.pk]] - (cum[idx[g.pk] - 1] if idx[g.pk] else 0) for g in community) / cum[-1]
        expected = self.n * window / self.cell_cum[-1] * share
        return max(12, round(2 * expected))

    # -- one case ---------------------------------------------------------------------
    def route(self, grid: GridInfo, cat: CategoryInfo) -> tuple[int, int | None]:
        key = (grid.pk, cat.pk)
        if key not in self._routes:
            self._routes[key] = self.w.route(grid, cat)
        return self._routes[key]

    def phone(self) -> str:
        r = self.rng
        return f"1{r.choice('3456789')}{r.randrange(10**9):09d}"

    def case(
        self, seed: _Seed, receipt: str, recent: dict[tuple[str, int], list[int]], index: int, cases: list[PlannedCase]
    ) -> PlannedCase:
        """Build one case: who reported what, where, and everything that happened since."""
        rng, cat, grid = self.rng, seed.category, seed.grid
        channel = weighted(rng, CHANNELS) if not seed.cluster else rng.choice(("web", "hotline"))
        english = not seed.cluster and channel in ("web", "open311") and rng.random() < ENGLISH_RATE
        anonymous = not seed.cluster and rng.random() < ANONYMOUS_RATE
        other = seed.other or self._other_party(cat.code)
        slots = (
            {ORGANISATION_SLOT[cat.code]: other.name}
            if other and other.kind == "organisation" and cat.code in ORGANISATION_SLOT and not english
            else {}
        )
        description = seed.description or texts.describe(cat.code, english, rng, **slots)
        unit, assignee = self.route(grid, cat)
        lat = lon = None
        if channel == "open311" or (channel == "web" and rng.random() < 0.6):
            w, s, e, n = grid.box
            lat = round(s + (n - s) * (0.05 + 0.9 * rng.random()), 6)
            lon = round(w + (e - w) * (0.05 + 0.9 * rng.random()), 6)
        t0 = seed.created_at
        case = PlannedCase(
            receipt=receipt,
            category=cat,
            grid=grid,
            channel=channel,
            description=description,
            language="en" if english else "zh-hans",
            anonymous=anonymous,
            latitude=lat,
            longitude=lon,
            unit=unit,
            assignee=assignee,
            created_at=t0,
            sign_for_deadline=t0 + self.w.sign_for,
            resolution_deadline=t0 + timedelta(days=cat.resolution_days),
            cluster=seed.cluster,
        )
        if not anonymous:
            name = rng.choice(("", f"{rng.choice(texts.SURNAMES_SHORT)}{rng.choice(texts.HONORIFICS)}"))
            case.parties.append(PlannedParty("reporter", "person", name, seed.reporter_phone or self.phone()))
        if other is not None:
            case.parties.append(other)
        # A duplicate repeats a case reported in the same community and category the week before.
        earlier = recent.setdefault((grid.code[:12], cat.pk), [])
        rejected = not seed.cluster and rng.random() < REJECT_RATE
        duplicate = None
        if rejected and rng.random() < DUPLICATE_SHARE:
            duplicate = next((i for i in reversed(earlier) if t0 - cases[i].created_at < timedelta(days=7)), None)
        if duplicate is not None:
            case.description = cases[duplicate].description
        earlier.append(index)
        del earlier[:-5]
        self.life.run(case, rejected, duplicate, cases[duplicate].receipt if duplicate is not None else None)
        return case

    def _other_party(self, code: str) -> PlannedParty | None:
        rng = self.rng
        organisation = {
            "labour": (0.85, texts.EMPLOYERS),
            "property_management": (0.9, texts.PROPERTY_COMPANIES),
            "consumer": (0.8, texts.SHOPS),
            "medical": (0.8, texts.HOSPITALS),
            "school": (0.7, texts.SCHOOLS),
        }
        if code in organisation:
            rate, names = organisation[code]
            if rng.random() < rate:
                return PlannedParty("other_party", "organisation", rng.choice(names), "")
            return None
        if rng.random() < (0.55 if code.startswith("neighbour") else 0.4):
            name = rng.choice(texts.OTHER_PERSONS) + rng.choice(("", f" {rng.choice(texts.SURNAMES_SHORT)}某"))
            return PlannedParty("other_party", "person", name, self.phone() if rng.random() < 0.3 else "")
        return None


@dataclass
class History:
    """The generated cases (in order of creation) and a description of the clusters."""

    cases: list[PlannedCase]
    clusters: list[str]


def generate_history(world: World, *, n_cases: int, seed: int, now: datetime) -> History:
    """``n_cases`` cases over the two years ending ``now``, deterministic for ``seed``."""
    gen = _Generator(world, n_cases, seed, now)
    seeds, summary = gen.seeds()
    receipts: set[str] = set()
    ordered: list[str] = []
    while len(ordered) < len(seeds):
        code = "".join(gen.rng.choices(ALPHABET, k=LENGTH))
        if code not in receipts:
            receipts.add(code)
            ordered.append(code)
    cases: list[PlannedCase] = []
    recent: dict[tuple[str, int], list[int]] = {}
    for index, (seed_, receipt) in enumerate(zip(seeds, ordered, strict=True)):
        cases.append(gen.case(seed_, receipt, recent, index, cases))
    return History(cases, summary)
