"""One Settings object, read from the environment and validated once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from typing import TypedDict

from chalicelib.config_sections import delivery

STAGES = ("local", "dev", "prod")
# What infra sets on every deployed function (infra/stack.py): a deployed stage never
# falls back to the local defaults for these.
DEPLOYED_REQUIRED = (
    "BUCKET_NAME",
    "STATE_MACHINE_ARN",
    "UPLOAD_QUEUE_URL",
    "ALLOWED_ORIGINS",
    "PUBLIC_BASE_URL",
)


class ConfigError(ValueError):
    """The environment does not describe a valid configuration; `variable` names the
    culprit (the message never repeats a value, which may be a secret)."""

    def __init__(self, variable: str, problem: str) -> None:
        self.variable = variable
        super().__init__(f"{variable} {problem}")


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(name, "must be an integer") from exc


@dataclass(frozen=True)
class SecretRef:
    """A secret-backed value: given directly (`{NAME}`), or read on access from Secrets
    Manager (`{NAME}_SECRET_ARN`) or SSM (`{NAME}_PARAMETER`), as deployed by infra,
    through `chalicelib.secret_store` (cached there for its max_age, so a rotated
    value is seen once the cache expires). Building settings reads nothing."""

    value: str = ""
    secret_arn: str = ""
    parameter: str = ""
    default: str = ""

    @classmethod
    def from_env(cls, env: dict[str, str], name: str, default: str = "") -> SecretRef:
        return cls(
            value=env.get(name, ""),
            secret_arn=env.get(f"{name}_SECRET_ARN", ""),
            parameter=env.get(f"{name}_PARAMETER", ""),
            default=default,
        )

    @property
    def configured(self) -> bool:
        return bool(self.value or self.secret_arn or self.parameter)

    def resolve(self) -> str:
        if self.value or not (self.secret_arn or self.parameter):
            return self.value or self.default
        from chalicelib.secret_store import read_parameter, read_secret

        return read_secret(self.secret_arn) if self.secret_arn else read_parameter(self.parameter)


def _float(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name, "")
    if raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigError(name, "must be a number") from exc


def _list(env: dict[str, str], name: str, default: str = "") -> tuple[str, ...]:
    raw = env.get(name, default)
    return tuple(item.strip() for item in raw.split(",") if item.strip())


class _SecretRefs(TypedDict):
    openai_api_key_ref: SecretRef
    stripe_secret_key_ref: SecretRef
    stripe_webhook_secret_ref: SecretRef
    privacy_hmac_key_ref: SecretRef


def _secret_refs(env: dict[str, str], stage: str) -> _SecretRefs:
    """The secret-backed settings; the local stage has development defaults."""
    local = stage == "local"
    return _SecretRefs(
        openai_api_key_ref=SecretRef.from_env(env, "OPENAI_API_KEY"),
        stripe_secret_key_ref=SecretRef.from_env(env, "STRIPE_SECRET_KEY"),
        stripe_webhook_secret_ref=SecretRef.from_env(
            env, "STRIPE_WEBHOOK_SECRET", "whsec_local_development_secret" if local else ""
        ),
        privacy_hmac_key_ref=SecretRef.from_env(
            env,
            "PRIVACY_HMAC_KEY",
            "local-development-privacy-key-not-a-secret" if local else "",
        ),
    )


def _image_provider(env: dict[str, str]) -> str:
    """IMAGE_PROVIDER, else OpenAI when its key is configured, else the local provider."""
    keyed = SecretRef.from_env(env, "OPENAI_API_KEY").configured
    provider = env.get("IMAGE_PROVIDER") or ("openai" if keyed else "local")
    if provider not in ("local", "openai"):
        raise ConfigError("IMAGE_PROVIDER", "must be 'local' or 'openai'")
    return provider


@dataclass(frozen=True)
class Settings:
    stage: str
    app_name: str
    region: str
    resource_prefix: str
    bucket: str
    state_machine_arn: str
    email_sender: str
    support_email: str
    company_domain: str
    allowed_origins: tuple[str, ...]
    admin_emails: tuple[str, ...]
    signup_bonus_credits: int
    deletion_grace_days: int
    image_provider: str
    openai_base_url: str
    stripe_api_base: str
    public_base_url: str
    version: str
    upload_queue_url: str = ""
    webhook_queue_url: str = ""
    webhook_allow_local: bool = False
    realtime_url: str = ""  # the WebSocket API clients connect to (tickets name it)
    aws_endpoint_url: str = ""
    billing_return_url: str = ""
    local_state_dir: str = ""
    pricing_margin: float = 1.5
    openai_timeout_seconds: float = 120.0
    # password/forgot answers no sooner than this, known address or not (mail included).
    forgot_floor_seconds: float = 1.0
    # Secret-backed values, read on access (the properties of the same names).
    openai_api_key_ref: SecretRef = SecretRef()
    stripe_secret_key_ref: SecretRef = SecretRef()
    stripe_webhook_secret_ref: SecretRef = SecretRef()
    # Keys the service's HMACs, each with its own purpose: erasure (tombstones,
    # pseudonyms), login-throttle keys and list cursors.
    privacy_hmac_key_ref: SecretRef = SecretRef()

    def __post_init__(self) -> None:
        for variable, ok in (
            ("SIGNUP_BONUS_CREDITS", self.signup_bonus_credits >= 0),
            ("DELETION_GRACE_DAYS", self.deletion_grace_days >= 0),
            ("FORGOT_FLOOR_SECONDS", self.forgot_floor_seconds >= 0),
        ):
            if not ok:
                raise ConfigError(variable, "must be >= 0")
        if self.pricing_margin < 1:
            raise ConfigError("PRICING_MARGIN", "must be >= 1")
        if self.openai_timeout_seconds <= 0:
            raise ConfigError("OPENAI_TIMEOUT_SECONDS", "must be > 0")

    @property
    def openai_api_key(self) -> str:
        return self.openai_api_key_ref.resolve()

    @property
    def stripe_secret_key(self) -> str:
        return self.stripe_secret_key_ref.resolve()

    @property
    def stripe_webhook_secret(self) -> str:
        return self.stripe_webhook_secret_ref.resolve()

    @property
    def privacy_hmac_key(self) -> str:
        return self.privacy_hmac_key_ref.resolve()

    @property
    def state_machine_name(self) -> str:
        return f"{self.resource_prefix}-generation"

    @property
    def upload_queue_name(self) -> str:
        from chalicelib.queues import UPLOADS

        return UPLOADS.name(self.resource_prefix)

    @property
    def is_local(self) -> bool:
        return self.stage == "local"

    @property
    def session_cookie_name(self) -> str:
        # Browsers refuse the __Host- prefix without Secure, and Secure on plain http.
        return "session" if self.is_local else "__Host-session"

    @property
    def session_cookie_secure(self) -> bool:
        return not self.is_local

    def table_name(self, short_name: str) -> str:
        return f"{self.resource_prefix}-{short_name}"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        stage = env.get("STAGE", "local")
        if stage not in STAGES:
            raise ConfigError("STAGE", f"must be one of {', '.join(STAGES)}")
        app_name = env.get("APP_NAME", "gpt-image-2")
        prefix = env.get("RESOURCE_PREFIX", f"{app_name}-{stage}")
        port = env.get("PORT", "8000")
        provider = _image_provider(env)
        region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1"
        domain = env.get("COMPANY_DOMAIN", "gptimage2.example")
        return cls(
            **_secret_refs(env, stage),
            stage=stage,
            app_name=app_name,
            region=region,
            resource_prefix=prefix,
            bucket=env.get("BUCKET_NAME", f"{prefix}-media"),
            state_machine_arn=env.get(
                "STATE_MACHINE_ARN",
                f"arn:aws:states:{region}:123456789012:stateMachine:{prefix}-generation",
            ),
            email_sender=env.get("EMAIL_SENDER", f"no-reply@{domain}"),
            support_email=env.get("SUPPORT_EMAIL", f"support@{domain}"),
            company_domain=domain,
            allowed_origins=_list(
                env, "ALLOWED_ORIGINS", f"http://127.0.0.1:{port},http://localhost:{port}"
            ),
            admin_emails=tuple(e.lower() for e in _list(env, "ADMIN_EMAILS")),
            signup_bonus_credits=_int(env, "SIGNUP_BONUS_CREDITS", 50),
            deletion_grace_days=_int(env, "DELETION_GRACE_DAYS", 7),
            image_provider=provider,
            openai_base_url=env.get("OPENAI_BASE_URL", ""),
            stripe_api_base=env.get("STRIPE_API_BASE", ""),
            public_base_url=env.get("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}"),
            version=env.get("APP_VERSION", "0.1.0"),
            upload_queue_url=env.get("UPLOAD_QUEUE_URL", ""),
            **delivery(env, stage),
            aws_endpoint_url=env.get("AWS_ENDPOINT_URL", ""),
            # The website's billing page (same origin as the API): Checkout and the
            # portal send the payer back there (`?checkout=success`).
            billing_return_url=env.get(
                "BILLING_RETURN_URL",
                env.get("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}") + "/billing",
            ),
            local_state_dir=env.get("LOCAL_STATE_DIR", ""),
            pricing_margin=_float(env, "PRICING_MARGIN", 1.5),
            openai_timeout_seconds=_float(env, "OPENAI_TIMEOUT_SECONDS", 120.0),
            forgot_floor_seconds=_float(env, "FORGOT_FLOOR_SECONDS", 1.0),
        )


def require_deployed(env: dict[str, str]) -> None:
    """A deployed stage (dev, prod) needs what infra gives every function."""
    missing = [name for name in DEPLOYED_REQUIRED if not env.get(name)]
    if missing:
        also = f" (also missing: {', '.join(missing[1:])})" if missing[1:] else ""
        stage = env.get("STAGE", "local")
        raise ConfigError(missing[0], f"is required on stage {stage}{also}")


@cache
def get_settings() -> Settings:
    """The process's settings, read and validated once: app.py calls this at import, so
    a bad environment fails the cold start with a ConfigError naming the variable.
    (`Settings.from_env` alone derives names from a partial environment, as infra does.)"""
    env = dict(os.environ)
    settings = Settings.from_env(env)
    if not settings.is_local:
        require_deployed(env)
    return settings
