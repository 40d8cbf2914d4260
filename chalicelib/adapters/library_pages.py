"""The generations list with the library's filters, each read through a key made for
it, so a page costs about its own items whatever the history's length: `favorite` the
sparse `favorites` index, `model` and `status` the `by_model` and `by_status` indexes
(`<user_id>#<value>`), `collection` the collection's members in `library` and `q` the
word's items in `prompt_words` (then the page's generations in one BatchGetItem). One
filter leads (in that order: collection, q, favorite, model, status); the others narrow
what it reads (a filter expression on an index, or a check of each fetched item)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from chalicelib.adapters.cursors import decode, encode, item_key, key_names, page_filled
from chalicelib.adapters.generation_items import entity, status_key
from chalicelib.adapters.library_index import item_sk
from chalicelib.adapters.models.generations import GenerationModel
from chalicelib.adapters.models.library import LibraryModel, PromptWordModel
from chalicelib.domain.generation_entities import Generation
from chalicelib.domain.library_entities import ListFilter, prompt_words


def _matches(f: ListFilter, now: datetime) -> Callable[[Generation], bool]:
    def check(g: Generation) -> bool:
        return (
            g.expires_at > now
            and (f.status is None or g.status == f.status)
            and (f.favorite is None or g.favorite == f.favorite)
            and (f.model is None or g.model == f.model)
            and (f.collection_id is None or f.collection_id in g.collection_ids)
            and set(f.words) <= set(prompt_words(g.prompt))
        )

    return check


def _condition(f: ListFilter, now: datetime) -> Any:
    """The filter expression for the filters an index does not lead on."""
    condition = GenerationModel.expires_at > now
    if f.status is not None:
        condition &= GenerationModel.status == f.status.value
    if f.model is not None:
        condition &= GenerationModel.model == f.model.value
    if f.favorite is False:
        condition &= GenerationModel.favorite_of.does_not_exist()
    return condition


def _on_index(
    user_id: str, limit: int, cursor: str | None, f: ListFilter, now: datetime
) -> tuple[list[Generation], str | None]:
    index: Any
    if f.favorite:
        index, hash_name, value = GenerationModel.favorites, "favorite_of", user_id
    elif f.model is not None:
        index, hash_name, value = GenerationModel.by_model, "user_model", f"{user_id}#{f.model}"
    elif f.status is not None:
        index, hash_name = GenerationModel.by_status, "user_status"
        value = status_key(user_id, f.status)
    else:
        index, hash_name, value = None, "user_id", user_id
    source: Any = index if index is not None else GenerationModel
    reads = source.query(
        value,
        filter_condition=_condition(f, now),
        scan_index_forward=False,
        page_size=limit + 1,
        last_evaluated_key=decode(
            cursor, key_names(GenerationModel, index), {hash_name: value, "user_id": user_id}
        ),
    )
    items, next_cursor = page_filled(GenerationModel, reads, limit, index)
    return [entity(item) for item in items], next_cursor


def _joined(
    user_id: str, leads: Iterable[Any], size: int, keep: Callable[[Generation], bool]
) -> Iterator[tuple[Any, Generation]]:
    """Each lead item with its generation (fetched `size` at a time), in the leads'
    order, when the generation exists and is kept."""
    chunk: list[Any] = []
    for lead in leads:
        chunk.append(lead)
        if len(chunk) == size:
            yield from _fetch(user_id, chunk, keep)
            chunk = []
    yield from _fetch(user_id, chunk, keep)


def _fetch(
    user_id: str, chunk: list[Any], keep: Callable[[Generation], bool]
) -> Iterator[tuple[Any, Generation]]:
    if not chunk:
        return
    keys = [(user_id, lead.generation_id) for lead in chunk]
    found = {item.generation_id: entity(item) for item in GenerationModel.batch_get(keys)}
    for lead in chunk:
        generation = found.get(lead.generation_id)
        if generation is not None and keep(generation):
            yield lead, generation


def _on_leads(
    user_id: str, limit: int, cursor: str | None, f: ListFilter, now: datetime
) -> tuple[list[Generation], str | None]:
    model: Any
    if f.collection_id is not None:
        model, range_condition = (
            LibraryModel,
            LibraryModel.sk.startswith(item_sk(f.collection_id, "")),
        )
    else:
        word = max(f.words, key=len)  # the longest word: likely the rarest
        model, range_condition = PromptWordModel, PromptWordModel.word_key.startswith(f"{word}#")
    leads = model.query(
        user_id,
        range_condition,
        scan_index_forward=False,
        page_size=limit + 1,
        last_evaluated_key=decode(cursor, key_names(model), {"user_id": user_id}),
    )
    page: list[tuple[Any, Generation]] = []
    for lead, generation in _joined(user_id, leads, limit + 1, _matches(f, now)):
        if len(page) == limit:
            return [g for _, g in page], encode(item_key(model, page[-1][0]))
        page.append((lead, generation))
    return [g for _, g in page], None


def page(
    user_id: str, limit: int, cursor: str | None, f: ListFilter, now: datetime
) -> tuple[list[Generation], str | None]:
    if f.collection_id is not None or f.words:
        return _on_leads(user_id, limit, cursor, f, now)
    return _on_index(user_id, limit, cursor, f, now)
