"""Password policy: 8 to 128 characters, not a commonly used password."""

from __future__ import annotations

from functools import cache

from chalicelib.errors import FieldError, InvalidInput

MIN_LENGTH = 8
MAX_LENGTH = 128


@cache
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the 30,000 most common passwords from public breach corpora.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p for p in FREQUENCY_LISTS["passwords"] if len(p) >= MIN_LENGTH)


def check_password(password: str, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        problem = f"must have at least {MIN_LENGTH} characters"
    elif len(password) > MAX_LENGTH:
        problem = f"must have at most {MAX_LENGTH} characters"
    elif password.lower() in _common_passwords():
        problem = "is too common; choose another"
    else:
        return
    raise InvalidInput([FieldError(field, problem)])
