"""What we sell, in one definition: credit packs and plans with their prices, credits and
the entitlements the rest of the code reads (monthly credits, image retention, concurrent
generations, maximum quality and size). Stripe prices are looked up by `id`."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.retention import RETENTION

QUALITY_ORDER = ("low", "medium", "high")


@dataclass(frozen=True)
class Entitlements:
    monthly_credits: int
    retention_class: str  # how long its images are kept: a class of domain/retention.py
    max_concurrent: int
    max_quality: str
    max_pixels: int
    generations_per_minute: int

    @property
    def retention_days(self) -> int:
        days = RETENTION[self.retention_class].retention_days
        if days is None:
            raise ValueError(f"retention class {self.retention_class!r} has no period")
        return days


@dataclass(frozen=True)
class Product:
    id: str
    kind: str  # "credit_pack" or "plan"
    name: str
    credits: int
    amount: int  # minor units (cents)
    currency: str
    interval: str | None = None
    entitlements: Entitlements | None = None


FREE = Entitlements(
    monthly_credits=0,
    retention_class="generations_free",
    max_concurrent=2,
    max_quality="medium",
    max_pixels=1536 * 1024,
    generations_per_minute=10,
)

FREE_PLAN = "free"

PLANS: dict[str, Product] = {
    p.id: p
    for p in (
        Product(FREE_PLAN, "plan", "Free", 0, 0, "usd", "month", FREE),
        Product(
            "plan_creator",
            "plan",
            "Creator",
            1000,
            1200,
            "usd",
            "month",
            Entitlements(1000, "generations_paid", 4, "high", 3840 * 2160, 30),
        ),
        Product(
            "plan_studio",
            "plan",
            "Studio",
            5000,
            4900,
            "usd",
            "month",
            Entitlements(5000, "generations_paid", 10, "high", 8_294_400, 120),
        ),
    )
}

PACKS: dict[str, Product] = {
    p.id: p
    for p in (
        Product("pack_small", "credit_pack", "200 credits", 200, 500, "usd"),
        Product("pack_medium", "credit_pack", "1,000 credits", 1000, 2000, "usd"),
        Product("pack_large", "credit_pack", "5,000 credits", 5000, 8500, "usd"),
    )
}

PRODUCTS: dict[str, Product] = {**PACKS, **PLANS}


def is_purchasable(product: Product) -> bool:
    """Free costs nothing and needs no checkout."""
    return product.amount > 0


def is_paid_plan(plan: str) -> bool:
    return plan in PLANS and plan != FREE_PLAN


def entitlements_for(plan: str) -> Entitlements:
    """The entitlements of a plan id; anything unknown (including "free") is free."""
    product = PLANS.get(plan)
    return product.entitlements if product and product.entitlements else FREE
