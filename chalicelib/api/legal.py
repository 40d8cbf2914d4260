"""Published legal texts: the privacy policy and its versions, sub-processors and the
retention schedule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.api.models import lazy
from chalicelib.api.request_context import RequestContext
from chalicelib.api.routing import Router
from chalicelib.errors import NotFound

if TYPE_CHECKING:
    from chalicelib.api.models import base, public
else:
    base, public = lazy("base"), lazy("public")

router = Router(__name__, "legal")


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
    response=lambda: public.PrivacyPolicy,
)
def privacy_policy(ctx: RequestContext) -> public.PrivacyPolicy:
    registry = ctx.services.policies
    current = registry.current(ctx.services.clock.now().date())
    return public.PrivacyPolicy(
        version=current.version,
        effective_date=current.effective_date,
        title="Privacy Policy",
        body=registry.body(current, policy_values(ctx)),
    )


@router.route(
    "/v1/legal/privacy/versions",
    "GET",
    summary="Every published policy version with its effective date",
    auth="none",
    response=lambda: base.list_of(public.PolicyVersion),
)
def privacy_versions(ctx: RequestContext) -> base.ResponseModel:
    today = ctx.services.clock.now().date()
    return base.listed(
        public.PolicyVersion,
        [
            public.PolicyVersion(version=v.version, effective_date=v.effective_date)
            for v in ctx.services.policies.in_effect(today)
        ],
    )


@router.route(
    "/v1/legal/privacy/versions/{version}",
    "GET",
    summary="One published policy version, current or earlier (Markdown)",
    auth="none",
    response=lambda: public.PrivacyPolicy,
)
def privacy_policy_version(ctx: RequestContext, version: str) -> public.PrivacyPolicy:
    registry = ctx.services.policies
    published = registry.in_effect(ctx.services.clock.now().date())
    found = next((v for v in published if v.version == version), None)
    if found is None:
        raise NotFound("No such policy version.")
    return public.PrivacyPolicy(
        version=found.version,
        effective_date=found.effective_date,
        title="Privacy Policy",
        body=registry.body(found, policy_values(ctx)),
    )


@router.route(
    "/v1/legal/subprocessors",
    "GET",
    summary="Sub-processors: purpose, data categories, location, transfer mechanism",
    auth="none",
    response=lambda: base.list_of(public.Subprocessor),
)
def subprocessor_list(ctx: RequestContext) -> base.ResponseModel:
    from chalicelib.legal.subprocessors import subprocessors

    return base.listed(public.Subprocessor, [public.Subprocessor(**s) for s in subprocessors()])


@router.route(
    "/v1/legal/retention",
    "GET",
    summary="The retention schedule, from the data map",
    auth="none",
    response=lambda: base.list_of(public.RetentionClass),
)
def retention_schedule(ctx: RequestContext) -> base.ResponseModel:
    from dataclasses import asdict

    from chalicelib.privacy.data_map import load

    return base.listed(
        public.RetentionClass,
        [public.RetentionClass(**asdict(c)) for c in load().retention_classes()],
    )
