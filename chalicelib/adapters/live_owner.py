"""A write on a person's behalf that lands only while they exist and are not being
erased: the item's update and a check on the user, in one transaction."""

from __future__ import annotations

import random
import time
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.models.accounts import UserModel
from chalicelib.adapters.models.base import connection

CONFLICT_ATTEMPTS = 8


def update_if_owner_live(item: Model, user_id: str, actions: list[Any], condition: Any) -> bool:
    """Update `item` under `condition`, in one transaction with a check that its owner
    exists and is not being erased; False when either condition fails. A conflict with
    another transaction on the user (a ledger write) is retried."""
    owner_live = UserModel.user_id.exists() & UserModel.erasing.does_not_exist()
    for attempt in range(CONFLICT_ATTEMPTS):
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.condition_check(UserModel, user_id, condition=owner_live)
                tx.update(item, actions=actions, condition=condition)
        except TransactWriteError as exc:
            reasons = [r.code if r else None for r in (exc.cancellation_reasons or [])]
            if "ConditionalCheckFailed" in reasons:
                return False
            if "TransactionConflict" not in reasons:
                raise
            time.sleep(random.uniform(0, min(0.2, 0.005 * 2**attempt)))
            continue
        return True
    raise RuntimeError("the write kept conflicting with another transaction")
