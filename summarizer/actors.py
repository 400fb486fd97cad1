"""Actor normalisation: free-text names → ``Actor`` with ISO 3166-1 alpha-3 codes.

pycountry knows official and common country names and codes; the alias table adds
what news text uses instead: capitals as metonyms, institutions, demonyms, short
forms and leaders. Organisations (NATO, EU, UN, "the West") get no code.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from summarizer.models import Actor, ActorKind

# alias (lower case) → ISO alpha-3. Capitals, institutions, demonyms, short forms.
COUNTRY_ALIASES: dict[str, str] = {
    # short forms and common names pycountry spells differently
    "us": "USA", "u.s.": "USA", "u.s": "USA", "u.s.a.": "USA", "usa": "USA", "america": "USA",
    "u.k": "GBR",
    "united states": "USA", "the united states": "USA", "united states of america": "USA",
    "uk": "GBR", "u.k.": "GBR", "britain": "GBR", "great britain": "GBR",
    "united kingdom": "GBR", "england": "GBR",
    "russia": "RUS", "russian federation": "RUS",
    "china": "CHN", "prc": "CHN", "people's republic of china": "CHN", "mainland china": "CHN",
    "taiwan": "TWN", "republic of china": "TWN",
    "iran": "IRN", "syria": "SYR", "north korea": "PRK", "dprk": "PRK",
    "south korea": "KOR", "vietnam": "VNM", "turkey": "TUR", "türkiye": "TUR",
    "ukraine": "UKR", "the ukraine": "UKR", "moldova": "MDA", "venezuela": "VEN",
    "bolivia": "BOL", "tanzania": "TZA", "laos": "LAO", "palestine": "PSE",
    "hong kong": "HKG", "czech republic": "CZE", "the netherlands": "NLD", "holland": "NLD",
    # capitals used as metonyms
    "moscow": "RUS", "beijing": "CHN", "kyiv": "UKR", "kiev": "UKR", "washington": "USA",
    "london": "GBR", "paris": "FRA", "berlin": "DEU", "tokyo": "JPN", "taipei": "TWN",
    "tehran": "IRN", "damascus": "SYR", "ankara": "TUR", "new delhi": "IND", "delhi": "IND",
    "pyongyang": "PRK", "seoul": "KOR", "jerusalem": "ISR", "warsaw": "POL", "minsk": "BLR",
    "kabul": "AFG", "doha": "QAT", "riyadh": "SAU", "canberra": "AUS", "ottawa": "CAN",
    "rome": "ITA", "madrid": "ESP", "budapest": "HUN", "islamabad": "PAK",
    # institutions
    "kremlin": "RUS", "the kremlin": "RUS", "white house": "USA", "the white house": "USA",
    "pentagon": "USA", "the pentagon": "USA", "state department": "USA", "congress": "USA",
    "downing street": "GBR", "elysee": "FRA", "élysée": "FRA", "zhongnanhai": "CHN",
    "bundestag": "DEU", "verkhovna rada": "UKR", "duma": "RUS", "knesset": "ISR",
    # demonyms
    "russian": "RUS", "russians": "RUS", "chinese": "CHN", "ukrainian": "UKR",
    "ukrainians": "UKR", "american": "USA", "americans": "USA", "british": "GBR",
    "french": "FRA", "german": "DEU", "germans": "DEU", "japanese": "JPN", "iranian": "IRN",
    "syrian": "SYR", "turkish": "TUR", "indian": "IND", "israeli": "ISR", "polish": "POL",
    "taiwanese": "TWN", "north korean": "PRK", "south korean": "KOR", "belarusian": "BLR",
    "afghan": "AFG", "qatari": "QAT", "saudi": "SAU", "australian": "AUS", "canadian": "CAN",
    "italian": "ITA", "spanish": "ESP", "hungarian": "HUN", "pakistani": "PAK",
    "palestinian": "PSE", "european": "",  # "European" is not one country
}  # fmt: skip

# Leaders and officials commonly in the news: alias → ISO alpha-3.
LEADERS: dict[str, str] = {
    "putin": "RUS", "vladimir putin": "RUS", "lavrov": "RUS", "sergei lavrov": "RUS",
    "peskov": "RUS", "dmitry peskov": "RUS", "xi": "CHN", "xi jinping": "CHN",
    "wang yi": "CHN", "li qiang": "CHN", "zelensky": "UKR", "zelenskyy": "UKR",
    "zelenskiy": "UKR", "volodymyr zelensky": "UKR", "volodymyr zelenskyy": "UKR",
    "kuleba": "UKR", "biden": "USA", "joe biden": "USA", "trump": "USA",
    "donald trump": "USA", "blinken": "USA", "macron": "FRA", "emmanuel macron": "FRA",
    "scholz": "DEU", "olaf scholz": "DEU", "erdogan": "TUR", "erdoğan": "TUR",
    "modi": "IND", "narendra modi": "IND", "netanyahu": "ISR", "lukashenko": "BLR",
    "kim jong un": "PRK", "sunak": "GBR", "starmer": "GBR", "assad": "SYR",
    "khamenei": "IRN",
}  # fmt: skip

# Organisations and groups with no country code: alias → (canonical name, kind).
ORGANISATIONS: dict[str, tuple[str, ActorKind]] = {
    "nato": ("NATO", "organisation"),
    "north atlantic treaty organization": ("NATO", "organisation"),
    "eu": ("European Union", "organisation"), "european union": ("European Union", "organisation"),
    "europe": ("Europe", "group"), "un": ("United Nations", "organisation"),
    "united nations": ("United Nations", "organisation"), "the west": ("the West", "group"),
    "west": ("the West", "group"), "western countries": ("the West", "group"),
    "g7": ("G7", "organisation"), "g20": ("G20", "organisation"),
    "asean": ("ASEAN", "organisation"), "brics": ("BRICS", "organisation"),
    "african union": ("African Union", "organisation"), "hamas": ("Hamas", "group"),
    "hezbollah": ("Hezbollah", "group"), "taliban": ("Taliban", "group"),
    "the taliban": ("Taliban", "group"), "houthis": ("Houthis", "group"),
    "iaea": ("IAEA", "organisation"), "who": ("WHO", "organisation"),
    "amnesty international": ("Amnesty International", "organisation"),
}  # fmt: skip

_TITLES = re.compile(
    r"^(the\s+)?((president|prime minister|chancellor|leader|foreign minister|minister|mr\.?|"
    r"mrs\.?|ms\.?|dr\.?|general|king|queen|supreme leader)\s+)+",
    re.I,
)


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().strip(".,;:\"'“”‘’")).lower()


@lru_cache(maxsize=512)
def country_code(name: str) -> str | None:
    """ISO alpha-3 code for a country name, alias or code; None if it is not a country."""
    key = _key(name)
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key] or None
    if key.startswith("the "):
        key = key[4:]
    try:
        return str(pycountry.countries.lookup(key).alpha_3)
    except LookupError:
        return None


_DISPLAY_NAMES = {
    "RUS": "Russia", "IRN": "Iran", "SYR": "Syria", "PRK": "North Korea", "KOR": "South Korea",
    "TWN": "Taiwan", "VNM": "Vietnam", "VEN": "Venezuela", "BOL": "Bolivia", "TZA": "Tanzania",
    "MDA": "Moldova", "LAO": "Laos", "PSE": "Palestine", "GBR": "United Kingdom",
    "USA": "United States", "HKG": "Hong Kong",
}  # fmt: skip


@lru_cache(maxsize=512)
def demonym_code(word: str) -> str | None:
    """'Colombian' → COL, 'Italian' → ITA, 'Kenyan' → KEN: a demonym the alias table lacks,
    derived by trying the usual suffixes against pycountry's names."""
    key = _key(word)
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key] or None
    if not key.endswith(("an", "ese", "ish", "i")) or len(key) < 5:
        return None
    stems = [key[:-1], key[:-2], key[:-3], key[:-3] + "a", key[:-3] + "y", key[:-4], key[:-2] + "a"]
    for stem in stems:
        if len(stem) >= 4:
            try:
                return str(pycountry.countries.lookup(stem).alpha_3)
            except LookupError:
                continue
    return None


def country_name(code: str) -> str:
    if code in _DISPLAY_NAMES:
        return _DISPLAY_NAMES[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def _leader_code(name: str) -> str | None:
    key = _TITLES.sub("", _key(name))
    # "Chinese leader Xi Jinping" → strip a leading demonym
    words = key.split()
    if len(words) > 1 and COUNTRY_ALIASES.get(words[0]):
        key = " ".join(words[1:])
        key = _TITLES.sub("", key)
    if key in LEADERS:
        return LEADERS[key]
    last = key.split()[-1] if key else ""
    return LEADERS.get(last)


_INSTITUTION_WORDS = re.compile(
    r"(military|government|forces|armed forces|army|navy|air force|air defen[cs]es|troops|"
    r"officials|"
    r"authorities|embassy|(foreign|defen[cs]e) ministry|ministry of \w+|administration|"
    r"state media|parliament)",
    re.I,
)


def _institution_code(name: str) -> str | None:
    """'U.S. military', 'Russian Defense Ministry', 'Syrian government' → the country."""
    words = name.replace("the ", "", 1).split() if name.lower().startswith("the ") else name.split()
    for n in (3, 2, 1):
        if len(words) <= n:
            continue
        head, rest = re.sub(r"['’]s$", "", " ".join(words[:n])), " ".join(words[n:])
        code = country_code(head) or demonym_code(head)
        if code and _INSTITUTION_WORDS.fullmatch(rest):
            return code
    return None


def resolve_actor(name: str, kind_hint: ActorKind | None = None) -> Actor:
    """Normalise a name from the model into an Actor."""
    clean = re.sub(r"\s+", " ", name.strip())
    key = _key(clean)
    if key in ORGANISATIONS:
        canonical, kind = ORGANISATIONS[key]
        return Actor(name=canonical, kind=kind, country_code=None)
    code = country_code(clean)
    if code is not None:
        return Actor(name=country_name(code), kind="country", country_code=code)
    institution = _institution_code(clean)
    if institution is not None:
        return Actor(name=country_name(institution), kind="country", country_code=institution)
    leader = _leader_code(clean)
    if leader is not None:
        return Actor(name=clean, kind="leader", country_code=leader)
    kind: ActorKind = kind_hint if kind_hint in ("organisation", "group") else "group"
    return Actor(name=clean, kind=kind, country_code=None)


def as_state_actor(actor: Actor) -> Actor:
    """A leader speaks for their country: positions and stances are held by the state."""
    if actor.kind == "leader" and actor.country_code:
        return Actor(
            name=country_name(actor.country_code), kind="country", country_code=actor.country_code
        )
    return actor


def aliases(actor: Actor) -> set[str]:
    """Lower-case strings whose presence in a sentence counts as mentioning ``actor``."""
    names = {_key(actor.name)}
    code = actor.country_code
    if code:
        names.add(_key(country_name(code)))
        names.update(a for a, c in COUNTRY_ALIASES.items() if c == code)
        names.update(a for a, c in LEADERS.items() if c == code)
    else:
        canonical = actor.name
        names.update(a for a, (n, _k) in ORGANISATIONS.items() if n == canonical)
    names.discard("")
    return names


def mentions(text: str, actor: Actor, extra: set[str] | None = None) -> bool:
    """Whether ``text`` mentions the actor or one of its aliases (whole words)."""
    lowered = text.lower().replace("’", "'")
    for alias in aliases(actor) | (extra or set()):
        if len(alias) <= 3 and alias.isalpha():
            if re.search(rf"(?<![\w.]){re.escape(alias)}(?![\w])", text, re.I) and (
                alias not in ("us", "un", "who") or re.search(rf"\b{alias.upper()}\b", text)
            ):
                return True
            continue
        if re.search(rf"(?<!\w){re.escape(alias)}(?:'s)?(?!\w)", lowered):
            return True
    return False


# --- finding actors in an article -------------------------------------------------

_DEMONYM_PERSON = re.compile(
    r"\b(?P<demonym>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+"
    r"(?:(?:President|Prime Minister|Chancellor|leader|Foreign Minister|Defence Minister|"
    r"Defense Minister|minister|spokesman|spokeswoman|ambassador|envoy|general|official)\s+)+"
    r"(?P<person>(?:[A-Z][\w'’-]+\s?){1,3})"
)


@lru_cache(maxsize=1)
def _alias_table() -> dict[str, Actor]:
    """Every alias we know → the actor it stands for (state actors for leaders)."""
    table: dict[str, Actor] = {}
    for country in pycountry.countries:
        code = str(country.alpha_3)
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                table[_key(value)] = Actor(
                    name=country_name(code), kind="country", country_code=code
                )
    for alias, code in {**COUNTRY_ALIASES, **LEADERS}.items():
        if code and len(alias) > 2:
            table[alias] = Actor(name=country_name(code), kind="country", country_code=code)
    for alias, (name, kind) in ORGANISATIONS.items():
        if alias not in ("who", "west", "europe", "un"):
            table[alias] = Actor(name=name, kind=kind, country_code=None)
    table["u.s."] = table["us"] = Actor(name="United States", kind="country", country_code="USA")
    table["un"] = Actor(name="United Nations", kind="organisation", country_code=None)
    return table


@lru_cache(maxsize=1)
def _alias_regex() -> re.Pattern[str]:
    aliases_sorted = sorted(_alias_table(), key=len, reverse=True)
    body = "|".join(re.escape(a) for a in aliases_sorted)
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])", re.I)


_CASE_SENSITIVE = {"us", "un", "u.s."}


def article_people(text: str) -> dict[str, str]:
    """People the article ties to a country: 'Chinese leader Xi Jinping' → {'xi jinping':
    'CHN', 'jinping': 'CHN'} (the last name counts on its own later in the article)."""
    people: dict[str, str] = {}
    for match in _DEMONYM_PERSON.finditer(text):
        code = demonym_code(match["demonym"])
        person = match["person"].strip()
        if code is None or not person:
            continue
        people[_key(person)] = code
        parts = person.split()
        people[_key(parts[0] if len(parts) == 1 else parts[-1])] = code
        if len(parts) > 1:
            people[_key(parts[0])] = code  # "Xi Jinping" → "Xi"
    return people


def find_actors(sentences: list[tuple[int, str]]) -> dict[str, tuple[Actor, list[int]]]:
    """Countries and organisations named in each sentence (by name, alias, capital,
    institution, demonym or a leader the article ties to a country)."""
    full_text = "\n".join(t for _, t in sentences)
    people = article_people(full_text)
    found: dict[str, tuple[Actor, list[int]]] = {}

    def add(actor: Actor, sid: int) -> None:
        key = actor.country_code or actor.name
        entry = found.setdefault(key, (actor, []))
        if sid not in entry[1]:
            entry[1].append(sid)

    for sid, text in sentences:
        for match in _alias_regex().finditer(text):
            token = match.group(0)
            key = _key(token)
            if key in _CASE_SENSITIVE and token != token.upper():
                continue
            actor = _alias_table().get(key)
            if actor is not None:
                add(actor, sid)
        for person, code in people.items():
            if re.search(rf"(?<!\w){re.escape(person)}(?!\w)", text, re.I):
                add(Actor(name=country_name(code), kind="country", country_code=code), sid)
    return found
