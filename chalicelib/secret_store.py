"""Secrets read at run time from Secrets Manager or SSM Parameter Store through
Powertools Parameters, cached per container for `max_age` seconds. Settings
(`chalicelib.config`) resolve their secret-backed values here, so configuration sits
below the adapters, which read it."""

from __future__ import annotations

CACHE_SECONDS = 300


def read_secret(secret_id: str, max_age: int = CACHE_SECONDS) -> str:
    from aws_lambda_powertools.utilities import parameters

    return str(parameters.get_secret(secret_id, max_age=max_age))


def read_parameter(name: str, max_age: int = CACHE_SECONDS) -> str:
    from aws_lambda_powertools.utilities import parameters

    return str(parameters.get_parameter(name, decrypt=True, max_age=max_age))
