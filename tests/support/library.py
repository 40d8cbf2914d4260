"""Library test helpers: generations written straight to the tables (as the store's
create writes them, prompt words included), for lists too long to make through the
workflow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.adapters.generation_items import new_item
from chalicelib.adapters.library_index import index_prompt
from chalicelib.adapters.models.generations import GenerationModel
from chalicelib.domain.generation_entities import CostState, Generation, OutputImage
from chalicelib.domain.image_models import GenerationParams, ImageModelId
from chalicelib.domain.statuses import GenerationStatus
from chalicelib.ids import new_id


def seed(
    user_id: str,
    prompt: str = "a lighthouse at dawn",
    status: GenerationStatus = GenerationStatus.SUCCEEDED,
    model: ImageModelId = ImageModelId.gpt_image_2,
    at_ms: int | None = None,
) -> Generation:
    now = datetime.now(UTC)
    generation = Generation(
        user_id=user_id,
        generation_id=new_id("gen", at_ms),
        status=status,
        model=model,
        prompt=prompt,
        params=GenerationParams(),
        input_keys=(),
        mask_key=None,
        created_at=now,
        cost_credits=1,
        cost_state=CostState.captured,
        retention_class="generations_free",
        expires_at=now + timedelta(days=30),
        images=(
            OutputImage(
                index=0,
                key=f"generations/{user_id}/x/0.png",
                thumbnail_key=f"generations/{user_id}/x/0.thumb.webp",
                width=1024,
                height=1024,
                format="png",
                bytes=10,
            ),
        ),
    )
    item = new_item(generation)
    item.hold = None
    item.images = [
        {
            "index": 0,
            "key": generation.images[0].key,
            "thumbnail_key": generation.images[0].thumbnail_key,
            "width": 1024,
            "height": 1024,
            "format": "png",
            "bytes": 10,
        }
    ]
    item.save(condition=GenerationModel.generation_id.does_not_exist())
    index_prompt(generation)
    return generation
