"""Authentication: login with throttling, opaque sessions (30-day sliding, 90-day absolute
expiry, enforced on read), password reset and change, re-authentication.

A session token is `<user id>.<256 random bits>`: the user id lets one call read the
session and its user together; the random part alone carries the token's strength.
Only the SHA-256 of the whole token is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from chalicelib.clock import Clock, Pacer
from chalicelib.domain import secrets_util
from chalicelib.domain.accounts import normalize_email
from chalicelib.domain.accounts_entities import (
    ClientInfo,
    OneTimeToken,
    Principal,
    SecurityEvent,
    SecurityEventType,
    Session,
    TokenPurpose,
    User,
)
from chalicelib.domain.cursors import Page
from chalicelib.domain.passwords import check_password
from chalicelib.domain.ports.accounts import AccountRecords, Hasher, Mailer
from chalicelib.domain.throttle import (
    ACCOUNT_RULE,
    FORGOT_ACCOUNT_RULE,
    FORGOT_IP_RULE,
    IP_RULE,
    Throttle,
    ThrottleRule,
    ThrottleStore,
)
from chalicelib.errors import NotFound, RateLimited, Unauthenticated, Unprocessable
from chalicelib.ids import is_id, new_id

IDLE_LIFETIME = timedelta(days=30)
ABSOLUTE_LIFETIME = timedelta(days=90)
FRESH_WINDOW = timedelta(minutes=10)
TOUCH_EVERY = timedelta(minutes=1)
RESET_LIFETIME = timedelta(hours=1)
TOKEN_SEPARATOR = "."


@dataclass(frozen=True, slots=True)
class IssuedSession:
    token: str
    session: Session


class InvalidCredentials(Unauthenticated):
    code = "invalid_credentials"


class AuthService:
    def __init__(
        self,
        store: AccountRecords,
        throttles: ThrottleStore,
        hasher: Hasher,
        mailer: Mailer,
        clock: Clock,
        public_base_url: str,
        throttle_secret: str,
        pacer: Pacer,
        forgot_floor: float,
    ) -> None:
        self._store = store
        self._hasher = hasher
        self._mailer = mailer
        self._clock = clock
        self._base_url = public_base_url
        if not throttle_secret:
            raise ValueError("a key for the login-throttle HMACs is required")
        self._throttle_secret = throttle_secret
        self._throttle = Throttle(throttles, clock)
        self._dummy_hash: str | None = None
        self._pacer = pacer
        self._forgot_floor = forgot_floor

    # Sessions ----------------------------------------------------------------
    def start_session(self, user: User, client: ClientInfo, fresh: bool = True) -> IssuedSession:
        now = self._clock.now()
        token = f"{user.user_id}{TOKEN_SEPARATOR}{secrets_util.new_token()}"
        session = Session(
            token_hash=secrets_util.digest(token),
            session_id=new_id("ses"),
            user_id=user.user_id,
            created_at=now,
            last_seen_at=now,
            idle_expires_at=now + IDLE_LIFETIME,
            absolute_expires_at=now + ABSOLUTE_LIFETIME,
            fresh_until=now + FRESH_WINDOW if fresh else None,
            user_agent=client.user_agent[:256],
            ip_prefix=client.ip_prefix,
        )
        self._store.save_session(session)
        return IssuedSession(token, session)

    def authenticate(self, token: str, via_cookie: bool) -> Principal:
        now = self._clock.now()
        user_id, separator, secret = token.partition(TOKEN_SEPARATOR)
        if not separator or not secret or not is_id(user_id):
            raise Unauthenticated("Sign in to continue.")
        session, user = self._store.get_session_and_user(secrets_util.digest(token), user_id)
        if session is None or session.user_id != user_id:
            raise Unauthenticated("Sign in to continue.")
        if session.idle_expires_at <= now or session.absolute_expires_at <= now:
            self._store.delete_session(session)
            raise Unauthenticated("Your session has expired.")
        if user is None or user.erasing is not None:  # gone, or being erased
            raise Unauthenticated("Sign in to continue.")
        if now - session.last_seen_at >= TOUCH_EVERY:
            idle = min(now + IDLE_LIFETIME, session.absolute_expires_at)
            self._store.touch_session(session, now, idle)
        return Principal(user, session, via_cookie)

    def logout(self, principal: Principal, client: ClientInfo) -> None:
        self._store.delete_session(principal.session)
        self.record(principal.user.user_id, SecurityEventType.LOGOUT, client)

    def sessions(self, principal: Principal) -> list[Session]:
        now = self._clock.now()
        return [
            s
            for s in self._store.sessions_of(principal.user.user_id)
            if s.idle_expires_at > now and s.absolute_expires_at > now
        ]

    def revoke_session(self, principal: Principal, session_id: str, client: ClientInfo) -> None:
        for session in self._store.sessions_of(principal.user.user_id):
            if session.session_id == session_id:
                self._store.delete_session(session)
                self.record(principal.user.user_id, SecurityEventType.SESSION_REVOKED, client)
                return
        raise NotFound("No such session.")

    def _revoke_all(self, user_id: str, keep_session_id: str | None = None) -> None:
        for session in self._store.sessions_of(user_id):
            if session.session_id != keep_session_id:
                self._store.delete_session(session)

    # Login -----------------------------------------------------------------
    def login(self, email: str, password: str, client: ClientInfo) -> tuple[User, IssuedSession]:
        email = normalize_email(email)
        # Counted before the password is checked: a burst gets no more checks than a
        # sequence of attempts would.
        admissions = self._throttle.admit_all(self._throttle_keys(email, client))
        user = self._store.find_user_by_email(email)
        # An unknown email costs one hash check too, so timing does not tell which exist.
        stored = user.password_hash if user is not None else self._unknown_user_hash()
        if not self._hasher.verify(stored, password) or user is None:
            if user is not None:
                self.record(user.user_id, SecurityEventType.LOGIN_FAILED, client)
            self._throttle.failed(admissions)
            raise InvalidCredentials("The email or password is incorrect.")
        self._throttle.succeeded(admissions, reset=ACCOUNT_RULE)
        if self._hasher.needs_rehash(user.password_hash):
            self._store.rehash_password(user, self._hasher.hash(password))
        issued = self.start_session(user, client)
        self.record(user.user_id, SecurityEventType.LOGIN, client)
        return user, issued

    def _unknown_user_hash(self) -> str:
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(secrets_util.new_token())
        return self._dummy_hash

    def _throttle_keys(
        self,
        email: str,
        client: ClientInfo,
        rules: tuple[ThrottleRule, ThrottleRule] = (ACCOUNT_RULE, IP_RULE),
    ) -> list[tuple[ThrottleRule, str]]:
        account, address = rules
        secret = self._throttle_secret
        return [(account, account.key(email, secret)), (address, address.key(client.ip, secret))]

    def _verify_password_throttled(
        self, principal: Principal, password: str, client: ClientInfo
    ) -> None:
        admissions = self._throttle.admit_all(self._throttle_keys(principal.user.email, client))
        if not self._hasher.verify(principal.user.password_hash, password):
            self.record(principal.user.user_id, SecurityEventType.LOGIN_FAILED, client)
            self._throttle.failed(admissions)
            raise InvalidCredentials("The password is incorrect.")
        self._throttle.succeeded(admissions)

    # Re-authentication and passwords -------------------------------------------
    def reauthenticate(self, principal: Principal, password: str, client: ClientInfo) -> None:
        self._verify_password_throttled(principal, password, client)
        self._store.refresh_session(principal.session, self._clock.now() + FRESH_WINDOW)
        self.record(principal.user.user_id, SecurityEventType.REAUTHENTICATED, client)

    def change_password(
        self, principal: Principal, current: str, new: str, client: ClientInfo
    ) -> None:
        check_password(new, "new_password")
        self._verify_password_throttled(principal, current, client)
        user = principal.user
        # A new password epoch: every reset token asked for before it stops working.
        self._store.set_password(user, self._hasher.hash(new))
        self._revoke_all(user.user_id, keep_session_id=principal.session.session_id)
        self.record(user.user_id, SecurityEventType.PASSWORD_CHANGED, client)

    def forgot_password(self, email: str, client: ClientInfo) -> None:
        """Mail a reset token, at most a few an hour per account and per address; the
        caller answers 202 whatever happens here. It takes the same time whether the
        address has an account or not, throttled or not: the work (the mail included) is
        padded to a fixed floor, so only a mail slower than the floor could tell."""
        started = self._pacer.monotonic()
        try:
            self._forgot_password(email, client)
        finally:
            remaining = self._forgot_floor - (self._pacer.monotonic() - started)
            if remaining > 0:
                self._pacer.sleep(remaining)

    def _forgot_password(self, email: str, client: ClientInfo) -> None:
        email = normalize_email(email)
        keys = self._throttle_keys(email, client, (FORGOT_ACCOUNT_RULE, FORGOT_IP_RULE))
        try:
            self._throttle.admit_all(keys)
        except RateLimited:
            return
        now = self._clock.now()
        token = secrets_util.new_token()
        # An unknown address costs the same reads and the same transaction as a known
        # one (run against an id no user has, so DynamoDB cancels it): the time taken
        # does not tell whether an account exists. Only the email is not sent.
        user_id = self._store.user_id_for_email(email) or new_id("usr")
        user = self._store.get_user(user_id)
        issued = self._store.issue_token(
            OneTimeToken(
                token_hash=secrets_util.digest(token),
                purpose=TokenPurpose.PASSWORD_RESET,
                user_id=user_id,
                password_epoch=user.password_epoch if user is not None else 0,
                expires_at=now + RESET_LIFETIME,
            )
        )
        if user is None or not issued:
            return
        self._mailer.send(
            user.email,
            "Reset your GPT Image 2 password",
            "Someone asked to reset your password. If it was you, use this token within "
            f"one hour:\n\n{token}\n\nor open {self._base_url}/reset?token={token}\n"
            "If it was not you, ignore this email.",
        )

    def reset_password(self, token: str, new: str, client: ClientInfo) -> None:
        check_password(new, "new_password")
        now = self._clock.now()
        found = self._store.get_token(secrets_util.digest(token))
        usable = (
            found is not None
            and found.purpose == TokenPurpose.PASSWORD_RESET
            and not found.used
            and found.expires_at > now
        )
        # One transaction uses the token and sets the password, if the password has not
        # changed since the token was issued, and starts a new password epoch: every
        # other outstanding token stops working.
        if (
            found is None
            or not usable
            or not self._store.reset_password(found, self._hasher.hash(new), now)
        ):
            raise Unprocessable("The reset token is invalid or has expired.", code="invalid_token")
        self._revoke_all(found.user_id)
        self.record(found.user_id, SecurityEventType.PASSWORD_RESET, client)

    # Security events -------------------------------------------------------------
    def security_events(self, user: User, limit: int, cursor: str | None) -> Page[SecurityEvent]:
        """The account's sign-ins, password changes and the like, newest first."""
        return self._store.events_of(user.user_id, limit, cursor)

    def record(self, user_id: str, kind: SecurityEventType, client: ClientInfo) -> None:
        self._store.record_event(
            user_id, kind, self._clock.now(), client.ip_prefix, client.user_agent
        )
