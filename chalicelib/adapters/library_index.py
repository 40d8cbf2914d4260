"""What the library keeps beside a generation, written and removed with it: the words
of its prompt (`prompt_words`, for `q`) and its collection memberships (removed when
the generation is deleted, each with its collection's count, in one transaction)."""

from __future__ import annotations

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.models.base import connection
from chalicelib.adapters.models.library import LibraryModel, PromptWordModel
from chalicelib.domain.generation_entities import Generation
from chalicelib.domain.library_entities import prompt_words


def item_sk(collection_id: str, generation_id: str) -> str:
    return f"item#{collection_id}#{generation_id}"


def member_sk(generation_id: str, collection_id: str) -> str:
    return f"member#{generation_id}#{collection_id}"


def collection_sk(collection_id: str) -> str:
    return f"col#{collection_id}"


def word_key(word: str, generation_id: str) -> str:
    return f"{word}#{generation_id}"


def index_prompt(generation: Generation) -> None:
    """One item per distinct word of the prompt, expiring with the generation."""
    g = generation
    with PromptWordModel.batch_write() as batch:
        for word in prompt_words(g.prompt):
            batch.save(
                PromptWordModel(
                    g.user_id,
                    word_key(word, g.generation_id),
                    generation_id=g.generation_id,
                    expires_at=g.expires_at,
                    expires=g.expires_at,
                )
            )


def leave_collection(user_id: str, collection_id: str, generation_id: str) -> bool:
    """Remove one membership (both items) and count it out of its collection, at once;
    False when it was not there (already removed, or the collection is gone)."""
    try:
        with TransactWrite(connection=connection()) as tx:
            tx.delete(
                LibraryModel(user_id, item_sk(collection_id, generation_id)),
                condition=LibraryModel.sk.exists(),
            )
            tx.delete(LibraryModel(user_id, member_sk(generation_id, collection_id)))
            tx.update(
                LibraryModel(user_id, collection_sk(collection_id)),
                actions=[LibraryModel.item_count.add(-1)],
                condition=LibraryModel.sk.exists(),
            )
    except TransactWriteError as exc:
        if exc.cause_response_code == "TransactionCanceledException":
            return False
        raise
    return True


def forget_generation(generation: Generation) -> None:
    """After the generation's item is deleted (so no membership can be added any more:
    adding one is conditioned on it), its memberships, read consistently, and its
    words go."""
    g = generation
    members = LibraryModel.query(
        g.user_id,
        LibraryModel.sk.startswith(member_sk(g.generation_id, "")),
        consistent_read=True,
    )
    for member in members:
        assert member.collection_id is not None
        leave_collection(g.user_id, member.collection_id, g.generation_id)
    with PromptWordModel.batch_write() as batch:
        for word in prompt_words(g.prompt):
            batch.delete(PromptWordModel(g.user_id, word_key(word, g.generation_id)))
