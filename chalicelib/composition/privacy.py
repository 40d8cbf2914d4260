"""The composition root's pieces for privacy requests, profile correction, consent, usage
events and support."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from chalicelib.composition.generations import GenerationPieces

if TYPE_CHECKING:  # the adapters load lazily, on first use
    from chalicelib.adapters.engagement_store import EngagementStore
    from chalicelib.adapters.map_tables import MapTables
    from chalicelib.adapters.media_bucket import MediaBucket
    from chalicelib.domain.support import SupportDesk
    from chalicelib.privacy.consent import ConsentService
    from chalicelib.privacy.correction import ProfileCorrection
    from chalicelib.privacy.requests import PrivacyRequests
    from chalicelib.privacy.usage import UsageEvents


class PrivacyPieces(GenerationPieces):
    @cached_property
    def media_bucket(self) -> MediaBucket:
        from chalicelib.adapters.media_bucket import MediaBucket

        return self._get(
            "media_bucket", lambda: MediaBucket(self.settings.bucket, self.settings.region)
        )

    @cached_property
    def map_tables(self) -> MapTables:
        from chalicelib.adapters.map_tables import MapTables

        return self._get("map_tables", MapTables)

    @cached_property
    def engagement_store(self) -> EngagementStore:
        from chalicelib.adapters.engagement_store import EngagementStore

        return self._get("engagement_store", EngagementStore)

    @cached_property
    def privacy(self) -> PrivacyRequests:
        from chalicelib.adapters.privacy_store import PrivacyStore
        from chalicelib.privacy.data_map import load
        from chalicelib.privacy.pseudonyms import Keyed
        from chalicelib.privacy.requests import PrivacyRequests

        return PrivacyRequests(
            store=self._get("privacy_store", PrivacyStore),
            accounts_store=self.accounts_store,
            tables=self.map_tables,
            bucket=self.media_bucket,
            customers=self.payment_customers,
            workflows=self.generations,
            mailer=self.mailer,
            keyed=Keyed(self.settings.privacy_hmac_key),
            clock=self.clock,
            data_map=load(),
            grace_days=self.settings.deletion_grace_days,
        )

    @cached_property
    def profile(self) -> ProfileCorrection:
        from chalicelib.privacy.correction import ProfileCorrection
        from chalicelib.privacy.data_map import load

        return ProfileCorrection(self.accounts, self.map_tables, self.payment_customers, load())

    @cached_property
    def consent(self) -> ConsentService:
        from chalicelib.privacy.consent import ConsentService

        return ConsentService(self.engagement_store, self.policies, self.clock)

    @cached_property
    def usage(self) -> UsageEvents:
        from chalicelib.privacy.usage import UsageEvents

        return UsageEvents(self.engagement_store, self.consent, self.clock)

    @cached_property
    def support(self) -> SupportDesk:
        from chalicelib.domain.support import SupportDesk

        return SupportDesk(self.engagement_store, self.accounts_store, self.clock)
