"""Published legal texts: the privacy policy and its versions, sub-processors and the
retention schedule."""

from __future__ import annotations

from chalicelib.api.routing import RequestContext, Router
from chalicelib.api.schema import obj

router = Router(__name__, "legal")

VERSION_SCHEMA = obj(
    {"version": {"type": "string"}, "effective_date": {"type": "string", "format": "date"}}
)


def policy_values(ctx: RequestContext) -> dict[str, str]:
    from chalicelib.legal.retention_text import retention_schedule_markdown

    settings = ctx.settings
    return {
        "company_domain": settings.company_domain,
        "support_email": settings.support_email,
        "deletion_grace_days": str(settings.deletion_grace_days),
        "retention_schedule": retention_schedule_markdown(),
    }


@router.route(
    "/v1/legal/privacy",
    "GET",
    summary="The privacy policy in effect (Markdown)",
    auth="none",
    response=obj(
        {
            "version": {"type": "string"},
            "effective_date": {"type": "string", "format": "date"},
            "title": {"type": "string"},
            "body": {"type": "string"},
        }
    ),
)
def privacy_policy(ctx: RequestContext) -> dict:
    registry = ctx.services.policies
    current = registry.current(ctx.services.clock.now().date())
    return {
        "version": current.version,
        "effective_date": current.effective_date.isoformat(),
        "title": "Privacy Policy",
        "body": registry.body(current, policy_values(ctx)),
    }


@router.route(
    "/v1/legal/privacy/versions",
    "GET",
    summary="Every published policy version with its effective date",
    auth="none",
    response=obj({"data": {"type": "array", "items": VERSION_SCHEMA}}),
)
def privacy_versions(ctx: RequestContext) -> dict:
    today = ctx.services.clock.now().date()
    return {
        "data": [
            {"version": v.version, "effective_date": v.effective_date.isoformat()}
            for v in ctx.services.policies.in_effect(today)
        ]
    }


@router.route(
    "/v1/legal/subprocessors",
    "GET",
    summary="Sub-processors: purpose, data categories, location, transfer mechanism",
    auth="none",
    response=obj(
        {
            "data": {
                "type": "array",
                "items": obj(
                    {
                        "name": {"type": "string"},
                        "purpose": {"type": "string"},
                        "data_categories": {"type": "array", "items": {"type": "string"}},
                        "location": {"type": "string"},
                        "transfer_mechanism": {"type": "string"},
                    }
                ),
            }
        }
    ),
)
def subprocessor_list(ctx: RequestContext) -> dict:
    from chalicelib.legal.subprocessors import subprocessors

    return {"data": subprocessors()}


@router.route(
    "/v1/legal/retention",
    "GET",
    summary="The retention schedule, from the data map",
    auth="none",
    response=obj(
        {
            "data": {
                "type": "array",
                "items": obj(
                    {
                        "category": {"type": "string"},
                        "description": {"type": "string"},
                        "retention_days": {"type": ["integer", "null"]},
                        "after_deletion": {"type": "string"},
                    }
                ),
            }
        }
    ),
)
def retention_schedule(ctx: RequestContext) -> dict:
    from dataclasses import asdict

    from chalicelib.privacy.data_map import load

    return {"data": [asdict(c) for c in load().retention_classes()]}
