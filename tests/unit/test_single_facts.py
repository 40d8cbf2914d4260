"""Facts stated once: plans keep images as long as their retention class says."""

from chalicelib.domain import catalogue
from chalicelib.domain.retention import RETENTION


def test_every_plan_keeps_images_for_its_retention_class():
    for plan in catalogue.PLANS.values():
        entitlements = plan.entitlements
        assert entitlements is not None
        assert entitlements.retention_class in RETENTION
        assert entitlements.retention_days == RETENTION[entitlements.retention_class].retention_days
    assert catalogue.entitlements_for("free").retention_class == "generations_free"
    assert catalogue.entitlements_for("plan_creator").retention_class == "generations_paid"


def test_the_api_offers_exactly_the_models_the_domain_describes():
    from chalicelib.domain.image_models import MODELS, ImageModelId

    assert set(MODELS) == {m.value for m in ImageModelId}
    assert all(MODELS[m].id == m for m in ImageModelId)
