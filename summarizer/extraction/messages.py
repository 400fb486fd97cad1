"""What one pass sends: the prompt rendered with the numbered article and its actors, and
the estimate of its size that says whether an article fits the model's context."""

from __future__ import annotations

from typing import Literal

from summarizer.document.article import Article
from summarizer.errors import ArticleTooLong
from summarizer.extraction.prompts import PromptTemplate, load_prompt
from summarizer.extraction.schemas import MULTI_PASSES, ArticleActor, PassName, article_actors

MAX_TOKENS = 2048

PROMPT_NAME = "extract"

Passes = Literal["single", "multi"]


def prompt_version() -> str:
    return load_prompt(PROMPT_NAME).version


def actor_lines(actors: list[ArticleActor]) -> str:
    lines = [
        f"- {a.actor.name}: sentences {', '.join(str(i) for i in a.sentence_ids[:12])}"
        + (" …" if len(a.sentence_ids) > 12 else "")
        for a in actors
    ]
    return "\n".join(lines) or "- (none found)"


def build_messages(
    article: Article, pass_name: PassName, prompt: PromptTemplate, actors: list[ArticleActor]
) -> list[dict[str, str]]:
    return prompt.render(
        pass_name,
        title=article.title or "(untitled)",
        article=article.numbered(),
        sentence_count=str(len(article.sentences))
        + (f" of {total}" if (total := getattr(article, "total_sentences", 0)) else ""),
        actors=actor_lines(actors),
    )


CHARS_PER_TOKEN = 4.5  # English prose through Qwen's and OpenAI's tokenizers: 4.5-5.5


def check_fits(article: Article, context_tokens: int | None, *, passes: Passes = "multi") -> None:
    """Refuse, before anything is sent, an article whose prompt and answer cannot fit
    the model's context window (estimated from characters, on the generous side)."""
    if not context_tokens:
        return
    prompt = load_prompt(PROMPT_NAME)
    name: PassName = "overview" if passes == "multi" else "single"
    messages = build_messages(article, name, prompt, article_actors(article))
    needed = int(sum(len(m["content"]) for m in messages) / CHARS_PER_TOKEN) + MAX_TOKENS
    if needed > context_tokens:
        words = len(article.text.split())
        raise ArticleTooLong(
            f"{article.source}: the article ({words:,} words) needs about {needed:,} tokens "
            f"with the instructions and the answer; the model's context holds "
            f"{context_tokens:,}",
            hint="shorten the article, or use a model with a longer context "
            "(--backend openai; set context_tokens for its window)",
        )


def prompt_tokens(article: Article, passes: Passes) -> int:
    """The estimated prompt of the longest pass over ``article`` (a window or whole)."""
    prompt = load_prompt(PROMPT_NAME)
    actors = article_actors(article)
    names = MULTI_PASSES if passes == "multi" else ("single",)
    chars = max(
        sum(len(m["content"]) for m in build_messages(article, name, prompt, actors))
        for name in names
    )
    return int(chars / CHARS_PER_TOKEN)
