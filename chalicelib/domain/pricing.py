"""The price table: the one source for quotes, holds, GET /v1/pricing, the docs and the
OpenAPI examples. Credits follow the provider's cost: per-token prices times the
tokens an image costs (by model, size and quality), times one margin setting, at
USD_PER_CREDIT per credit, rounded up, at least one credit per image.

Sources (OpenAI model and pricing pages, as published for each model):
- gpt-image-1.5: text input $5 / 1M tokens; image input $8 / 1M; image output $32 / 1M.
  Output tokens per image: 1024x1024 low 272, medium 1056, high 4160; 1024x1536 and
  1536x1024 low 408, medium 1584, high 6240 (these reproduce the published per-image
  prices $0.009 / $0.034 / $0.133 and $0.013 / $0.051 / $0.200).
- gpt-image-1-mini: text input $2 / 1M; image input $2.50 / 1M; image output $8 / 1M.
  Token counts back-derived from the published per-image prices at $8 / 1M
  ($0.005 / $0.011 / $0.036 square, $0.006 / $0.015 / $0.052 portrait or landscape).
- gpt-image-2: text input $5 / 1M; image input $8 / 1M; image output $30 / 1M (model
  page as relayed by fal.ai and Vercel AI Gateway). Assumption: flexible sizes cost
  the gpt-image-1.5 square token counts scaled by pixel area (rounded up).
Assumptions for inputs: a prompt costs one text token per 4 characters; each input
image (edits) costs INPUT_IMAGE_TOKENS image-input tokens; "auto" quality is priced as
medium, and the provider is asked for medium (its own "auto" may pick high); "auto"
size is priced as the largest standard size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chalicelib.domain.image_models import MODELS, STANDARD_SIZES, GenerationParams, pixels_of
from chalicelib.domain.json_types import JSONObject

USD_PER_CREDIT = 0.01
INPUT_IMAGE_TOKENS = 1_600
PARTIAL_IMAGE_TOKENS = 100  # each streamed preview is billed as these extra output tokens
SQUARE_PIXELS = 1024 * 1024


@dataclass(frozen=True)
class TokenPrices:
    text_input: float  # USD per 1M tokens
    image_input: float
    image_output: float


@dataclass(frozen=True)
class ModelPricing:
    prices: TokenPrices
    # Output image tokens for (size, quality), for the standard sizes.
    tokens: dict[tuple[str, str], int]
    scale_by_pixels: bool = False


def _table(square: tuple[int, int, int], wide: tuple[int, int, int]) -> dict[tuple[str, str], int]:
    table = {}
    for size in STANDARD_SIZES:
        counts = square if size == "1024x1024" else wide
        for quality, count in zip(("low", "medium", "high"), counts, strict=True):
            table[(size, quality)] = count
    return table


PRICING: dict[str, ModelPricing] = {
    "gpt-image-2": ModelPricing(
        TokenPrices(5.0, 8.0, 30.0), _table((272, 1056, 4160), (408, 1584, 6240)), True
    ),
    "gpt-image-1.5": ModelPricing(
        TokenPrices(5.0, 8.0, 32.0), _table((272, 1056, 4160), (408, 1584, 6240))
    ),
    "gpt-image-1-mini": ModelPricing(
        TokenPrices(2.0, 2.5, 8.0), _table((625, 1375, 4500), (750, 1875, 6500))
    ),
}
assert set(PRICING) == set(MODELS), "every model needs a price"


def priced_quality(quality: str) -> str:
    return "medium" if quality == "auto" else quality


def output_tokens(model: str, size: str, quality: str) -> int:
    pricing = PRICING[model]
    quality = priced_quality(quality)
    if (size, quality) in pricing.tokens:
        return pricing.tokens[(size, quality)]
    if size == "auto":
        return pricing.tokens[(STANDARD_SIZES[1], quality)]
    square = pricing.tokens[("1024x1024", quality)]
    return math.ceil(square * pixels_of(size) / SQUARE_PIXELS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Breakdown:
    """How a quote's credits were reached."""

    model: str
    size: str
    quality: str
    n: int
    output_tokens_per_image: int
    text_input_tokens: int
    image_input_tokens: int
    partial_image_tokens: int
    provider_cost_usd: float
    margin: float
    usd_per_credit: float


@dataclass(frozen=True, slots=True)
class Quote:
    credits: int
    breakdown: Breakdown


def quote(params: GenerationParams, prompt: str, margin: float, more_inputs: int = 0) -> Quote:
    """`more_inputs`: input images beside `params.input_images` (a workflow's edit step,
    whose image is an earlier step's output, not known before the run)."""
    prices = PRICING[params.model].prices
    per_image_tokens = output_tokens(params.model, params.size, params.quality)
    text_tokens = math.ceil(len(prompt) / 4)
    inputs = len(params.input_images) + more_inputs + bool(params.mask)
    image_input_tokens = INPUT_IMAGE_TOKENS * inputs
    partial_tokens = PARTIAL_IMAGE_TOKENS * params.partial_images
    usd = (
        (per_image_tokens * params.n + partial_tokens) * prices.image_output
        + text_tokens * prices.text_input
        + image_input_tokens * prices.image_input
    ) / 1_000_000
    credits = max(params.n, math.ceil(round(usd * margin / USD_PER_CREDIT, 6)))
    return Quote(
        credits=credits,
        breakdown=Breakdown(
            model=params.model.value,
            size=params.size,
            quality=priced_quality(params.quality),
            n=params.n,
            output_tokens_per_image=per_image_tokens,
            text_input_tokens=text_tokens,
            image_input_tokens=image_input_tokens,
            partial_image_tokens=partial_tokens,
            provider_cost_usd=round(usd, 6),
            margin=margin,
            usd_per_credit=USD_PER_CREDIT,
        ),
    )


def image_credits(model: str, size: str, quality: str, margin: float) -> int:
    """Credits for one image and no inputs (the public price table)."""
    usd = output_tokens(model, size, quality) * PRICING[model].prices.image_output / 1_000_000
    return max(1, math.ceil(round(usd * margin / USD_PER_CREDIT, 6)))


def price_table(margin: float) -> JSONObject:
    return {
        "currency": "credits",
        "usd_per_credit": USD_PER_CREDIT,
        "margin": margin,
        "input_image_tokens": INPUT_IMAGE_TOKENS,
        "data": [
            {
                "model": model,
                "token_prices_usd_per_million": vars(pricing.prices),
                "per_image": [
                    {
                        "size": size,
                        "quality": quality,
                        "output_tokens": output_tokens(model, size, quality),
                        "credits": image_credits(model, size, quality, margin),
                    }
                    for size in ("auto", *STANDARD_SIZES)
                    for quality in ("low", "medium", "high")
                ],
            }
            for model, pricing in PRICING.items()
        ],
    }
