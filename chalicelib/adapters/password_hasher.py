"""Argon2id hashing (argon2-cffi), OWASP parameters: m=19456 KiB, t=2, p=1."""

from __future__ import annotations

from functools import cached_property
from typing import Any

MEMORY_KIB = 19456
TIME_COST = 2
PARALLELISM = 1


class Argon2Hasher:
    def __init__(
        self,
        memory_kib: int = MEMORY_KIB,
        time_cost: int = TIME_COST,
        parallelism: int = PARALLELISM,
    ) -> None:
        self._params = (memory_kib, time_cost, parallelism)

    @cached_property
    def _hasher(self) -> Any:
        from argon2 import PasswordHasher, Type

        memory_kib, time_cost, parallelism = self._params
        return PasswordHasher(
            time_cost=time_cost,
            memory_cost=memory_kib,
            parallelism=parallelism,
            type=Type.ID,
        )

    def hash(self, password: str) -> str:
        return str(self._hasher.hash(password))

    def verify(self, stored: str, password: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return bool(self._hasher.verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        return bool(self._hasher.check_needs_rehash(stored))
