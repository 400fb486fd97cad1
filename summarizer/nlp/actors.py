"""Actor normalisation: free-text names → ``Actor`` with ISO 3166-1 alpha-3 codes.

pycountry knows official and common country names and codes; the alias tables in
``summarizer/nlp/data/actors.toml`` add what news text uses instead: capitals as metonyms,
institutions, demonyms, short forms and leaders. Organisations (NATO, EU, UN, "the West")
get no code.

The tables are read and validated once, on first use (``load_actor_tables``). They stay
reachable as the read-only mappings ``COUNTRY_ALIASES`` (alias → ISO alpha-3, "" for "not
one country"), ``LEADERS`` (alias → ISO alpha-3) and ``ORGANISATIONS`` (alias → (canonical
name, kind)), resolved lazily by the module ``__getattr__`` so importing stays cheap.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from summarizer.models import Actor, ActorKind
from summarizer.nlp.actor_tables import load_actor_tables as load_actor_tables  # re-exported
from summarizer.nlp.actor_tables import tables as _tables

if sys.version_info >= (3, 11):
    pass
else:  # pragma: no cover
    pass

if TYPE_CHECKING:
    COUNTRY_ALIASES: Mapping[str, str]
    LEADERS: Mapping[str, str]
    ORGANISATIONS: Mapping[str, tuple[str, ActorKind]]


_LAZY_TABLES = {
    "COUNTRY_ALIASES": "country_aliases",
    "LEADERS": "leaders",
    "ORGANISATIONS": "organisations",
    "_DISPLAY_NAMES": "display_names",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY_TABLES:
        return getattr(_tables(), _LAZY_TABLES[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- resolving names ----------------------------------------------------------------

_TITLES = re.compile(
    r"^(the\s+)?((president|prime minister|chancellor|leader|foreign minister|minister|mr\.?|"
    r"mrs\.?|ms\.?|dr\.?|general|king|queen|supreme leader)\s+)+",
    re.I,
)


def _key(name: str) -> str:
    """A name as the tables spell it: lower case, single spaces, straight apostrophes."""
    return re.sub(r"\s+", " ", name.strip().strip(".,;:\"'“”‘’")).lower().replace("’", "'")


@lru_cache(maxsize=512)
def country_code(name: str) -> str | None:
    """ISO alpha-3 code for a country name, alias or code; None if it is not a country."""
    key = _key(name)
    country_aliases = _tables().country_aliases
    if key in country_aliases:
        return country_aliases[key] or None
    if key.startswith("the "):
        key = key[4:]
    import pycountry

    try:
        return str(pycountry.countries.lookup(key).alpha_3)
    except LookupError:
        return None


def is_country_name(name: str) -> bool:
    """Whether pycountry knows ``name`` as a country ("Ukraine"), not only our aliases
    ("Swedish", "Minsk")."""
    import pycountry

    try:
        pycountry.countries.lookup(name)
    except LookupError:
        return False
    return True


def is_state_key(key: str) -> bool:
    """Whether an actor key is a state's (an ISO alpha-3 code), not an organisation's."""
    return re.fullmatch(r"[A-Z]{3}", key) is not None


def not_one_country(name: str) -> bool:
    """Whether the alias table says ``name`` is no one country ("European", "Northern
    Irish")."""
    return _tables().country_aliases.get(_key(name)) == ""


@lru_cache(maxsize=512)
def demonym_code(word: str) -> str | None:
    """'Colombian' → COL, 'Italian' → ITA, 'Kenyan' → KEN: a demonym the alias table lacks,
    derived by trying the usual suffixes against pycountry's names."""
    key = _key(word)
    country_aliases = _tables().country_aliases
    if key in country_aliases:
        return country_aliases[key] or None
    if key.endswith(("ans", "is")) and len(key) >= 6:
        return demonym_code(key[:-1])  # the people: "Palestinians", "Iraqis"
    if not key.endswith(("an", "ese", "ish", "i")) or len(key) < 5:
        return None
    import pycountry

    stems = [key[:-1], key[:-2], key[:-3], key[:-3] + "a", key[:-3] + "y", key[:-4], key[:-2] + "a"]
    for stem in stems:
        if len(stem) >= 4:
            try:
                return str(pycountry.countries.lookup(stem).alpha_3)
            except LookupError:
                continue
    return None


def country_name(code: str) -> str:
    display_names = _tables().display_names
    if code in display_names:
        return display_names[code]
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def _leader_code(name: str) -> str | None:
    key = _TITLES.sub("", _key(name))
    # "Chinese leader Xi Jinping" → strip a leading demonym
    words = key.split()
    if len(words) > 1 and _tables().country_aliases.get(words[0]):
        key = " ".join(words[1:])
        key = _TITLES.sub("", key)
    leaders = _tables().leaders
    if key in leaders:
        return leaders[key]
    last = key.split()[-1] if key else ""
    return leaders.get(last)


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
    organisations = _tables().organisations
    if key in organisations:
        canonical, kind = organisations[key]
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
    fallback: ActorKind = kind_hint if kind_hint in ("organisation", "group") else "group"
    return Actor(name=clean, kind=fallback, country_code=None)


def as_state_actor(actor: Actor) -> Actor:
    """A leader speaks for their country: positions and stances are held by the state."""
    if actor.kind == "leader" and actor.country_code:
        return Actor(
            name=country_name(actor.country_code), kind="country", country_code=actor.country_code
        )
    return actor


def actor_key(actor: Actor) -> str:
    """The identity used wherever two actors are compared or grouped: the ISO code when
    the actor has one (so Russia, the Kremlin and Putin are one), else the name
    case-folded with whitespace collapsed ("NATO" and "nato " are one)."""
    if actor.country_code:
        return actor.country_code
    return " ".join(actor.name.split()).casefold()


def key_of(name: str) -> str:
    """``actor_key`` of a name as the model or a rule writes it: resolved, a leader or
    ministry standing for its state ("Putin", "the Kremlin" → "RUS")."""
    return actor_key(as_state_actor(resolve_actor(name)))


def name_of(key: str) -> str:
    """The name shown for an actor key: the country's for an ISO code, else the name the
    tables give ("hamas" → "Hamas")."""
    return country_name(key) if is_state_key(key) else resolve_actor(key).name


def gold_key(name: str) -> str:
    """``actor_key`` for a name written in a gold file: an upper-case ISO alpha-3 code is
    kept as is; anything else is resolved first ("NATO", "nato" and "North Atlantic Treaty
    Organization" give the same key, "Kremlin" gives "RUS")."""
    text = name.strip()
    if len(text) == 3 and text.isascii() and text.isalpha() and text.isupper():
        import pycountry

        if pycountry.countries.get(alpha_3=text) is not None:
            return text
    return actor_key(resolve_actor(text))


def aliases(actor: Actor) -> set[str]:
    """Lower-case strings whose presence in a sentence counts as mentioning ``actor``."""
    names = {_key(actor.name)}
    code = actor.country_code
    if code:
        names.add(_key(country_name(code)))
        names.update(a for a, c in _tables().country_aliases.items() if c == code)
        names.update(a for a, c in _tables().leaders.items() if c == code)
    else:
        canonical = actor.name
        names.update(a for a, (n, _k) in _tables().organisations.items() if n == canonical)
    names.discard("")
    return names


def mentions(text: str, actor: Actor, extra: set[str] | None = None) -> bool:
    """Whether ``text`` mentions the actor or one of its aliases (whole words)."""
    lowered = text.lower().replace("’", "'")
    for alias in aliases(actor) | (extra or set()):
        if len(alias) <= 3 and alias.isalpha():
            if _short_regex(alias).search(text) and (
                alias not in ("us", "un", "who") or _upper_regex(alias).search(text)
            ):
                return True
            continue
        if _alias_word_regex(alias).search(lowered):
            return True
    return False


# compiled once each: there are more of these than the ``re`` module's own cache holds
@lru_cache(maxsize=4096)
def _word_regex(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.I)


@lru_cache(maxsize=4096)
def _short_regex(alias: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.]){re.escape(alias)}(?![\w])", re.I)


@lru_cache(maxsize=64)
def _upper_regex(alias: str) -> re.Pattern[str]:
    return re.compile(rf"\b{alias.upper()}\b")


@lru_cache(maxsize=4096)
def _alias_word_regex(alias: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(alias)}(?:'s)?(?!\w)")


# --- finding actors in an article -------------------------------------------------

_DEMONYM_PERSON = re.compile(
    r"\b(?P<demonym>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+"
    r"(?:(?:President|Prime Minister|Chancellor|leader|Foreign Minister|Defence Minister|"
    r"Defense Minister|minister|spokesman|spokeswoman|ambassador|envoy|general|official)\s+)+"
    r"(?P<person>(?:[A-Z][\w'’-]+\s?){1,3})"
)


_NO_ONE = Actor(name="", kind="group", country_code=None)  # a name that is no one actor


@lru_cache(maxsize=1)
def _alias_table() -> dict[str, Actor]:
    """Every alias we know → the actor it stands for (state actors for leaders)."""
    import pycountry

    tables = _tables()
    table: dict[str, Actor] = {}
    for country in pycountry.countries:
        code = str(country.alpha_3)
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                table[_key(value)] = Actor(
                    name=country_name(code), kind="country", country_code=code
                )
    for alias, code in {**tables.country_aliases, **tables.leaders}.items():
        if code and len(alias) > 2:
            table[alias] = Actor(name=country_name(code), kind="country", country_code=code)
        elif len(alias) > 2 and " " in alias:
            table[alias] = _NO_ONE  # "Northern Irish": read whole, so "Irish" is not Ireland
    for alias, (name, kind) in tables.organisations.items():
        if alias not in ("who", "west", "europe", "un"):
            table[alias] = Actor(name=name, kind=kind, country_code=None)
    table["u.s."] = table["us"] = Actor(name="United States", kind="country", country_code="USA")
    table["un"] = Actor(name="United Nations", kind="organisation", country_code=None)
    return table


@lru_cache(maxsize=1)
def _alias_regex() -> re.Pattern[str]:
    aliases_sorted = sorted(_alias_table(), key=len, reverse=True)
    body = "|".join(re.escape(a).replace("'", "['’]") for a in aliases_sorted)
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


# Names that are another's before certain words: "West" before another capitalised word
# is part of a place's name ("the West Bank", "the West Philippine Sea", "West Africa"),
# not the West; a "Secretary of State for …" is a British minister, not the American one
_PLACE = re.compile(r"\s+[A-Z][a-z]")
_NOT_BEFORE = {"west": _PLACE, "the west": _PLACE, "secretary of state": re.compile(r"\s+for\b")}


def actor_spans(text: str, people: dict[str, str]) -> list[tuple[int, int, Actor]]:
    """Where ``text`` names a country or organisation: (start, end, actor) in text order,
    by name, alias, capital, institution, demonym, or a person ``people`` ties to a
    country (see :func:`article_people`). Overlapping finds keep the longer one."""
    return list(_actor_spans(text, tuple(people.items())))


@lru_cache(maxsize=4096)  # the checks ask again for the same sentence
def _actor_spans(
    text: str, people: tuple[tuple[str, str], ...]
) -> tuple[tuple[int, int, Actor], ...]:
    found: list[tuple[int, int, Actor]] = []
    for match in _alias_regex().finditer(text):
        token = match.group(0)
        key = _key(token)
        if key in _CASE_SENSITIVE and token != token.upper():
            continue
        after = _NOT_BEFORE.get(key)
        if after is not None and after.match(text, match.end()):
            continue  # "the West Bank" is a place, not the West
        actor = _alias_table().get(key)
        if actor is not None and actor is not _NO_ONE:
            found.append((match.start(), match.end(), actor))
    for person, code in people:
        for match in _word_regex(person).finditer(text):
            actor = Actor(name=country_name(code), kind="country", country_code=code)
            found.append((match.start(), match.end(), actor))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, Actor]] = []
    for start, end, actor in found:
        if out and start < out[-1][1]:
            continue  # inside a longer find ("Xi" within "Xi Jinping")
        out.append((start, end, actor))
    return tuple(out)


def find_actors(sentences: list[tuple[int, str]]) -> dict[str, tuple[Actor, list[int]]]:
    """Countries and organisations named in each sentence (by name, alias, capital,
    institution, demonym or a leader the article ties to a country)."""
    full_text = "\n".join(t for _, t in sentences)
    people = article_people(full_text)
    found: dict[str, tuple[Actor, list[int]]] = {}
    for sid, text in sentences:
        for _start, _end, actor in actor_spans(text, people):
            key = actor_key(actor)
            entry = found.setdefault(key, (actor, []))
            if sid not in entry[1]:
                entry[1].append(sid)
    return found
