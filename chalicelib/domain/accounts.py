"""Accounts: signup with an age screen, email verification with the signup bonus,
profile correction and policy acceptance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chalicelib.clock import Clock
from chalicelib.domain import ledger, secrets_util
from chalicelib.domain.accounts_entities import Role, User
from chalicelib.domain.json_types import JSONObject
from chalicelib.domain.passwords import check_password
from chalicelib.domain.policy import PolicyRegistry
from chalicelib.domain.ports.accounts import AccountRecords, Hasher, Mailer
from chalicelib.errors import (
    Conflict,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    Unprocessable,
)
from chalicelib.ids import new_id

MINIMUM_AGE = 13
CODE_LIFETIME = timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
DEFAULT_SETTINGS: JSONObject = {"theme": "system", "locale": "en", "email_notifications": True}


class AgeRestricted(Forbidden):
    code = "age_restricted"


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


def is_admin(user: User) -> bool:
    """The admin role is granted on verification (see `verify_email`); a record that holds
    it without a verified email is not an admin either."""
    return user.role == Role.ADMIN and user.email_verified


@dataclass(frozen=True, slots=True)
class PolicyStatus:
    accepted_version: str | None
    current_version: str
    needs_acceptance: bool


class AccountService:
    def __init__(
        self,
        store: AccountRecords,
        hasher: Hasher,
        mailer: Mailer,
        policies: PolicyRegistry,
        clock: Clock,
        signup_bonus: int,
        admin_emails: tuple[str, ...] = (),
    ) -> None:
        self._store = store
        self._hasher = hasher
        self._mailer = mailer
        self._policies = policies
        self._clock = clock
        self._bonus = signup_bonus
        self._admins = admin_emails

    def sign_up(self, data: SignupInput) -> User:
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
        user = User(
            user_id=user_id,
            email=email,
            name=data.name.strip(),
            password_hash=self._hasher.hash(data.password),
            created_at=now,
            settings=dict(DEFAULT_SETTINGS),
            # An address in ADMIN_EMAILS becomes admin only once it proves it is its owner's.
            role=Role.USER,
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

    def resend_verification(self, user: User) -> None:
        if user.email_verified:
            return
        now = self._clock.now()
        code = secrets_util.new_code()
        digest = secrets_util.code_digest(user.user_id, code)
        self._store.new_verify_code(user, digest, now + CODE_LIFETIME)
        self._send_code(user.email, code)

    def verify_email(self, user: User, code: str) -> tuple[User, bool]:
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
        expected = user.verify_code_hash or ""
        if not secrets_util.same(secrets_util.code_digest(user.user_id, code), expected):
            self._store.count_verify_attempt(user)
            raise Unprocessable("The code is invalid or has expired.", code="invalid_code")
        role = Role.ADMIN if user.email in self._admins else user.role
        bonus = None
        if self._bonus > 0:
            bonus = ledger.grant(self._bonus, f"signup_bonus:{user.user_id}")
        self._store.verify_email(user, role, bonus, now)
        return self._reread(user), True

    def _reread(self, user: User) -> User:
        again = self._store.get_user(user.user_id)
        if again is None:
            raise NotFound("No such user.")
        return again

    def update_profile(self, user: User, name: str | None, settings: JSONObject | None) -> User:
        if user.restricted:
            raise Conflict(
                "Processing of this account is restricted.", code="processing_restricted"
            )
        if name is not None and not name.strip():
            raise InvalidInput([FieldError("name", "must not be blank")])
        if name is not None or settings is not None:
            self._store.set_profile(
                user,
                name.strip() if name is not None else None,
                {**user.settings, **settings} if settings is not None else None,
            )
        return self._reread(user)

    def accept_policy(self, user: User, version: str) -> None:
        now = self._clock.now()
        current = self._policies.current(now.date()).version
        if version != current:
            raise InvalidInput([FieldError("version", f"must be the current version {current}")])
        self._store.accept_policy(user, version, now)

    def policy_status(self, user: User, today: date) -> PolicyStatus:
        return PolicyStatus(
            accepted_version=user.policy_version,
            current_version=self._policies.current(today).version,
            needs_acceptance=self._policies.needs_acceptance(user.policy_version, today),
        )

    def now(self) -> datetime:
        return self._clock.now()
