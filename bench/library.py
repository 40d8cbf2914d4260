"""The list filter's DynamoDB reads for a user with 10,000 generations, per filter and
page size: items read (what DynamoDB bills reads by, ScannedCount of each query plus the
items of each BatchGetItem) and the read units moto reports (ReturnConsumedCapacity).
Target: proportional to the page, not to the history.

Run: .venv/bin/python bench/library.py"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.update(
    {
        "STAGE": "local",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "ERROR",
    }
)
os.environ.pop("AWS_ENDPOINT_URL", None)

HISTORY = 10_000
READS: Counter[str] = Counter()
READ_OPS = ("Query", "BatchGetItem", "GetItem")


def count_reads() -> None:
    """Ask every read for its consumed capacity, and add up items read and units."""
    from moto.core.botocore_stubber import BotocoreStubber

    original = BotocoreStubber.__call__

    def counted(self, event_name, request, **kwargs):  # type: ignore[no-untyped-def]
        target = request.headers.get("X-Amz-Target", b"")
        op = (target.decode() if isinstance(target, bytes) else target).rsplit(".", 1)[-1]
        if op in READ_OPS and request.body:
            body = json.loads(request.body)
            body["ReturnConsumedCapacity"] = "TOTAL"
            request.body = json.dumps(body).encode()
        response = original(self, event_name, request, **kwargs)
        if op in READ_OPS and response is not None:
            _add(op, json.loads(response.content or b"{}"))
        return response

    BotocoreStubber.__call__ = counted  # type: ignore[method-assign]


def _add(op: str, answer: dict) -> None:  # type: ignore[type-arg]
    READS["calls"] += 1
    if op == "Query":
        READS["items"] += int(answer.get("ScannedCount", 0))
    elif op == "BatchGetItem":
        READS["items"] += sum(len(v) for v in answer.get("Responses", {}).values())
    else:
        READS["items"] += 1 if answer.get("Item") else 0
    consumed = answer.get("ConsumedCapacity")
    for c in consumed if isinstance(consumed, list) else [consumed] if consumed else []:
        READS["units"] += float(c.get("CapacityUnits", 0))


def seed(user_id: str) -> str:
    """10,000 generations: 1 in 50 a favorite, 1 in 100 failed, 1 in 40 in a collection,
    1 in 25 with the word "lighthouse"; returns the collection id."""
    from datetime import UTC, datetime, timedelta

    from chalicelib.adapters.generation_items import new_item
    from chalicelib.adapters.library_index import item_sk, member_sk, word_key
    from chalicelib.adapters.models.generations import GenerationModel
    from chalicelib.adapters.models.library import LibraryModel, PromptWordModel
    from chalicelib.domain.generation_entities import CostState, Generation
    from chalicelib.domain.image_models import GenerationParams, ImageModelId
    from chalicelib.domain.library_entities import prompt_words
    from chalicelib.domain.statuses import GenerationStatus
    from chalicelib.ids import new_id

    now = datetime.now(UTC)
    start_ms = int(now.timestamp() * 1000) - HISTORY * 1000
    collection_id = new_id("col")
    LibraryModel(
        user_id,
        f"col#{collection_id}",
        collection_id=collection_id,
        name="bench",
        item_count=HISTORY // 40,
        created_at=now,
        updated_at=now,
    ).save()
    with GenerationModel.batch_write() as gens, LibraryModel.batch_write() as lib, \
            PromptWordModel.batch_write() as words:  # fmt: skip
        for i in range(HISTORY):
            prompt = f"{'a lighthouse' if i % 25 == 0 else 'a meadow'} at dawn, take {i}"
            status = GenerationStatus.FAILED if i % 100 == 0 else GenerationStatus.SUCCEEDED
            g = Generation(
                user_id=user_id, generation_id=new_id("gen", start_ms + i * 1000),
                status=status, model=ImageModelId.gpt_image_2, prompt=prompt,
                params=GenerationParams(), input_keys=(), mask_key=None, created_at=now,
                cost_credits=1, cost_state=CostState.captured,
                retention_class="generations_free", expires_at=now + timedelta(days=30),
            )  # fmt: skip
            item = new_item(g)
            item.hold = None
            if i % 50 == 0:
                item.favorite_of = user_id
            if i % 40 == 0:
                item.collection_ids = {collection_id}
                lib.save(
                    LibraryModel(
                        user_id,
                        item_sk(collection_id, g.generation_id),
                        collection_id=collection_id,
                        generation_id=g.generation_id,
                    )
                )
                lib.save(
                    LibraryModel(
                        user_id,
                        member_sk(g.generation_id, collection_id),
                        collection_id=collection_id,
                        generation_id=g.generation_id,
                    )
                )
            gens.save(item)
            for word in prompt_words(prompt):
                words.save(PromptWordModel(user_id, word_key(word, g.generation_id),
                                           generation_id=g.generation_id, expires_at=g.expires_at,
                                           expires=g.expires_at))  # fmt: skip
    return collection_id


def main() -> None:
    from moto import mock_aws

    count_reads()
    with mock_aws():
        from chalicelib.clock import SystemClock
        from chalicelib.config import get_settings
        from chalicelib.domain.image_models import ImageModelId
        from chalicelib.domain.library_entities import ListFilter, prompt_words
        from chalicelib.domain.statuses import GenerationStatus
        from devstack.provision import provision_tables

        provision_tables(get_settings().region)
        user_id = "usr_bench"
        collection_id = seed(user_id)
        from chalicelib.adapters import library_pages

        filters = {
            "none": ListFilter(),
            "status=failed": ListFilter(status=GenerationStatus.FAILED),
            "favorite=true": ListFilter(favorite=True),
            "collection": ListFilter(collection_id=collection_id),
            "model=gpt-image-2": ListFilter(model=ImageModelId.gpt_image_2),
            "q=lighthouse": ListFilter(words=prompt_words("lighthouse")),
        }
        print(f"history: {HISTORY} generations; items read and read units per page")
        print(f"{'filter':<20}{'page':>6}{'items read':>12}{'units':>8}{'read/page':>11}")
        worst = 0.0
        for name, f in filters.items():
            for limit in (10, 20, 100):
                READS.clear()
                page, _ = library_pages.page(user_id, limit, None, f, SystemClock().now())
                assert len(page) == limit, (name, limit, len(page))
                ratio = READS["items"] / limit
                worst = max(worst, ratio)
                print(
                    f"{name:<20}{limit:>6}{READS['items']:>12}{READS['units']:>8.1f}{ratio:>11.2f}"
                )
        print(
            f"worst items read per item listed: {worst:.2f} (target: about 2 or less, "
            f"against {HISTORY} for a scan of the history)"
        )


if __name__ == "__main__":
    main()
