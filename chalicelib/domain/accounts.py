"""Accounts: signup with an age screen, email verification with the signup bonus,
profile correction and policy acceptance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from chalicelib.clock import Clock
from chalicelib.domain import ledger, secrets_util
from chalicelib.domain.passwords import check_password
from chalicelib.domain.policy import PolicyRegistry
from chalicelib.errors import Conflict, FieldError, Forbidden, InvalidInput, Unprocessable
from chalicelib.ids import new_id

MINIMUM_AGE = 13
CODE_LIFETIME = timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
DEFAULT_SETTINGS: dict[str, Any] = {"theme": "system", "locale": "en", "email_notifications": True}


class AgeRestricted(Forbidden):
    code = "age_restricted"


class Mailer(Protocol):
    def send(self, to: str, subject: str, body: str) -> None: ...


class Hasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, stored: str, password: str) -> bool: ...

    def needs_rehash(self, stored: str) -> bool: ...


@dataclass(frozen=True)
class SignupInput:
    email: str
    password: str
    name: str
    birth_date: date
    accept_policy_version: str


def age_on(birth: date, today: date) -> int:
    years = today.year - birth.year
    if (today.month, today.day) < (birth.month, birth.day):
        years -= 1
    return years


def check_age(birth: date, today: date) -> None:
    if birth > today:
        raise InvalidInput([FieldError("birth_date", "must not be in the future")])
    if age_on(birth, today) < MINIMUM_AGE:
        raise AgeRestricted("You must be 13 or older to use GPT Image 2.")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def is_admin(user: Any) -> bool:
    """The admin role is granted on verification (see `verify_email`); a record that holds
    it without a verified email is not an admin either."""
    return user.role == "admin" and bool(user.email_verified)


class AccountService:
    def __init__(
        self,
        store: Any,
        ledger_store: Any,
        hasher: Hasher,
        mailer: Mailer,
        policies: PolicyRegistry,
        clock: Clock,
        user_factory: Any,
        signup_bonus: int,
        admin_emails: tuple[str, ...] = (),
    ) -> None:
        self._store = store
        self._ledger = ledger_store
        self._hasher = hasher
        self._mailer = mailer
        self._policies = policies
        self._clock = clock
        self._user_factory = user_factory
        self._bonus = signup_bonus
        self._admins = admin_emails

    def sign_up(self, data: SignupInput) -> Any:
        now = self._clock.now()
        # The age screen runs before anything about the person is looked at or stored.
        check_age(data.birth_date, now.date())
        current = self._policies.current(now.date()).version
        if data.accept_policy_version != current:
            raise InvalidInput(
                [FieldError("accept_policy_version", f"must be the current version {current}")]
            )
        check_password(data.password)
        email = normalize_email(data.email)
        code = secrets_util.new_code()
        user_id = new_id("usr")
        user = self._user_factory(
            user_id,
            email=email,
            name=data.name.strip(),
            password_hash=self._hasher.hash(data.password),
            created_at=now,
            settings=dict(DEFAULT_SETTINGS),
            # An address in ADMIN_EMAILS becomes admin only once it proves it is its owner's.
            role="user",
            over_13=True,
            birth_year=data.birth_date.year,
            policy_version=current,
            policy_accepted_at=now,
            verify_code_hash=secrets_util.code_digest(user_id, code),
            verify_expires_at=now + CODE_LIFETIME,
            verify_attempts=0,
        )
        self._store.create_user(user)
        self._send_code(email, code)
        return user

    def _send_code(self, email: str, code: str) -> None:
        self._mailer.send(
            email,
            "Your GPT Image 2 verification code",
            f"Your verification code is {code}. It expires in 10 minutes.",
        )

    def resend_verification(self, user: Any) -> None:
        if user.email_verified:
            return
        now = self._clock.now()
        code = secrets_util.new_code()
        self._store.set_user_fields(
            user,
            verify_code_hash=secrets_util.code_digest(user.user_id, code),
            verify_expires_at=now + CODE_LIFETIME,
            verify_attempts=0,
        )
        self._send_code(user.email, code)

    def verify_email(self, user: Any, code: str) -> tuple[Any, bool]:
        """Returns the user and whether this call verified the email."""
        if user.email_verified:
            return user, False
        now = self._clock.now()
        usable = (
            user.verify_code_hash
            and user.verify_expires_at is not None
            and user.verify_expires_at > now
            and user.verify_attempts < CODE_MAX_ATTEMPTS
        )
        if not usable:
            raise Unprocessable("The code is invalid or has expired.", code="invalid_code")
        if not secrets_util.same(
            secrets_util.code_digest(user.user_id, code), user.verify_code_hash
        ):
            self._store.add_to_user_field(user, "verify_attempts", 1)
            raise Unprocessable("The code is invalid or has expired.", code="invalid_code")
        verified: dict[str, Any] = {
            "email_verified": True,
            "verify_code_hash": None,
            "verify_expires_at": None,
        }
        if user.email in self._admins:
            verified["role"] = "admin"
        if self._bonus > 0:
            self._ledger.apply(
                user.user_id,
                [ledger.grant(self._bonus, f"signup_bonus:{user.user_id}")],
                now,
                user_fields={**verified, "bonus_granted": True},
            )
        else:
            self._store.set_user_fields(user, **verified)
        return self._store.get_user(user.user_id), True

    def update_profile(self, user: Any, name: str | None, settings: dict[str, Any] | None) -> Any:
        if user.restricted:
            raise Conflict(
                "Processing of this account is restricted.", code="processing_restricted"
            )
        fields: dict[str, Any] = {}
        if name is not None:
            if not name.strip():
                raise InvalidInput([FieldError("name", "must not be blank")])
            fields["name"] = name.strip()
        if settings is not None:
            fields["settings"] = {**(user.settings or {}), **settings}
        if fields:
            self._store.set_user_fields(user, **fields)
        return self._store.get_user(user.user_id)

    def accept_policy(self, user: Any, version: str) -> None:
        now = self._clock.now()
        current = self._policies.current(now.date()).version
        if version != current:
            raise InvalidInput([FieldError("version", f"must be the current version {current}")])
        self._store.set_user_fields(user, policy_version=version, policy_accepted_at=now)

    def policy_status(self, user: Any, today: date) -> dict[str, Any]:
        return {
            "accepted_version": user.policy_version,
            "current_version": self._policies.current(today).version,
            "needs_acceptance": self._policies.needs_acceptance(user.policy_version, today),
        }

    def now(self) -> datetime:
        return self._clock.now()
