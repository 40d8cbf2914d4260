"""Account items to entities and back: what `AccountsStore` and the stores that read a
user beside their own items (the ledger, billing) translate through."""

from __future__ import annotations

from chalicelib.adapters.models.accounts import OneTimeTokenModel, SessionModel, UserModel
from chalicelib.domain.accounts_entities import OneTimeToken, Role, Session, TokenPurpose, User


def user_entity(item: UserModel) -> User:
    return User(
        user_id=item.user_id,
        email=item.email,
        name=item.name,
        password_hash=item.password_hash,
        created_at=item.created_at,
        email_verified=bool(item.email_verified),
        settings=dict(item.settings or {}),
        plan=item.plan,
        role=Role(item.role),
        credits_available=int(item.credits_available),
        credits_held=int(item.credits_held),
        restricted=bool(item.restricted),
        suspended=bool(item.suspended),
        birth_year=int(item.birth_year),
        policy_version=item.policy_version,
        policy_accepted_at=item.policy_accepted_at,
        verify_code_hash=item.verify_code_hash,
        verify_expires_at=item.verify_expires_at,
        verify_attempts=int(item.verify_attempts),
        bonus_granted=bool(item.bonus_granted),
        password_epoch=int(item.password_epoch),
        deletion_request_id=item.deletion_request_id,
        deletion_scheduled_for=item.deletion_scheduled_for,
        active_generations=int(item.active_generations),
        generation_window=item.generation_window,
        generation_window_count=int(item.generation_window_count),
        erasing=item.erasing,
        version=item.version,
    )


def user_item(user: User) -> UserModel:
    """The user's item as the entity holds it, version included: what a transaction
    updates under the user's optimistic lock (or, versionless, a new user's first save)."""
    item = UserModel(
        user.user_id,
        email=user.email,
        name=user.name,
        password_hash=user.password_hash,
        created_at=user.created_at,
        email_verified=user.email_verified,
        settings=dict(user.settings),
        plan=user.plan,
        role=user.role.value,
        credits_available=user.credits_available,
        credits_held=user.credits_held,
        restricted=user.restricted,
        suspended=user.suspended,
        birth_year=user.birth_year,
        policy_version=user.policy_version,
        policy_accepted_at=user.policy_accepted_at,
        verify_code_hash=user.verify_code_hash,
        verify_expires_at=user.verify_expires_at,
        verify_attempts=user.verify_attempts,
        bonus_granted=user.bonus_granted,
        password_epoch=user.password_epoch,
        deletion_request_id=user.deletion_request_id,
        deletion_scheduled_for=user.deletion_scheduled_for,
        active_generations=user.active_generations,
        generation_window=user.generation_window,
        generation_window_count=user.generation_window_count,
        erasing=user.erasing,
    )
    if user.version is not None:
        item.version = user.version
    return item


def session_entity(item: SessionModel) -> Session:
    return Session(
        token_hash=item.token_hash,
        session_id=item.session_id,
        user_id=item.user_id,
        created_at=item.created_at,
        last_seen_at=item.last_seen_at,
        idle_expires_at=item.idle_expires_at,
        absolute_expires_at=item.absolute_expires_at,
        fresh_until=item.fresh_until,
        user_agent=item.user_agent,
        ip_prefix=item.ip_prefix,
    )


def session_model(session: Session) -> SessionModel:
    """The item, kept (TTL) until the session's absolute expiry."""
    return SessionModel(
        session.token_hash,
        session_id=session.session_id,
        user_id=session.user_id,
        created_at=session.created_at,
        last_seen_at=session.last_seen_at,
        idle_expires_at=session.idle_expires_at,
        absolute_expires_at=session.absolute_expires_at,
        fresh_until=session.fresh_until,
        user_agent=session.user_agent,
        ip_prefix=session.ip_prefix,
        expires=session.absolute_expires_at,
    )


def token_entity(item: OneTimeTokenModel) -> OneTimeToken:
    return OneTimeToken(
        token_hash=item.token_hash,
        purpose=TokenPurpose(item.purpose),
        user_id=item.user_id,
        password_epoch=int(item.password_epoch),
        expires_at=item.expires_at,
        used=bool(item.used),
    )


def token_model(token: OneTimeToken) -> OneTimeTokenModel:
    """The item, kept (TTL) until the token expires."""
    return OneTimeTokenModel(
        token.token_hash,
        purpose=token.purpose.value,
        user_id=token.user_id,
        password_epoch=token.password_epoch,
        expires_at=token.expires_at,
        expires=token.expires_at,
    )
