"""What the library is, as the domain sees it: collections, the list's filters and the
words of a prompt the `q` filter matches. Plain values; the stores translate them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from chalicelib.domain.image_models import ImageModelId, ImageRef
from chalicelib.domain.statuses import GenerationStatus

MAX_COLLECTIONS = 200  # per user
MAX_COLLECTION_ITEMS = 10_000  # per collection
MAX_INDEXED_WORDS = 200  # distinct words of a prompt the `q` filter can find
MAX_WORD_CHARS = 64

_WORD = re.compile(r"\w+")


def prompt_words(prompt: str) -> tuple[str, ...]:
    """The distinct words of a prompt as `q` matches them: case-folded, in first-seen
    order, at most MAX_INDEXED_WORDS of at most MAX_WORD_CHARS characters."""
    seen: dict[str, None] = {}
    for match in _WORD.finditer(prompt.casefold()):
        seen.setdefault(match.group()[:MAX_WORD_CHARS], None)
        if len(seen) == MAX_INDEXED_WORDS:
            break
    return tuple(seen)


@dataclass(frozen=True, slots=True, kw_only=True)
class Collection:
    user_id: str
    collection_id: str
    name: str
    description: str
    item_count: int
    cover: ImageRef | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ListFilter:
    """The list's filters; each given one narrows it (all must hold)."""

    status: GenerationStatus | None = None
    favorite: bool | None = None
    collection_id: str | None = None
    model: ImageModelId | None = None
    words: tuple[str, ...] = ()  # of `q`, as `prompt_words` makes them
