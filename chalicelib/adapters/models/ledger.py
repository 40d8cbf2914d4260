"""The credit ledger: immutable entries, one per change of a user's balance. The entry id
is derived from the business reference before the write, so an effect lands once."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, LocalSecondaryIndex

from chalicelib.adapters.models.base import BaseMeta, Model, table_name


class LedgerByTime(LocalSecondaryIndex["LedgerEntryModel"]):
    class Meta:
        index_name = "by_time"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    sort_key = UnicodeAttribute(range_key=True)


class LedgerEntryModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("ledger")

    user_id = UnicodeAttribute(hash_key=True)
    entry_id = UnicodeAttribute(range_key=True)
    sort_key = UnicodeAttribute()
    type = UnicodeAttribute()
    credits = NumberAttribute()
    held_delta = NumberAttribute(default=0)
    balance_after = NumberAttribute()
    held_after = NumberAttribute(default=0)
    reference = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    by_time = LedgerByTime()
