"""One Settings object, read from the environment and validated once."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import cache

STAGES = ("local", "dev", "prod")


class ConfigError(ValueError):
    """The environment does not describe a valid configuration."""


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer") from exc


def _list(env: dict[str, str], name: str, default: str = "") -> tuple[str, ...]:
    raw = env.get(name, default)
    return tuple(item.strip() for item in raw.split(",") if item.strip())


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
    openai_api_key: str
    openai_base_url: str
    stripe_secret_key: str
    stripe_api_base: str
    stripe_webhook_secret: str
    public_base_url: str
    version: str
    upload_queue_url: str = ""
    aws_endpoint_url: str = ""
    # Keys the HMACs of erasure (tombstones, pseudonyms). Local default: generated.
    privacy_hmac_key: str = ""

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
            raise ConfigError(f"STAGE must be one of {', '.join(STAGES)}")
        app_name = env.get("APP_NAME", "gpt-image-2")
        prefix = env.get("RESOURCE_PREFIX", f"{app_name}-{stage}")
        port = env.get("PORT", "8000")
        openai_key = env.get("OPENAI_API_KEY", "")
        provider = env.get("IMAGE_PROVIDER") or ("openai" if openai_key else "local")
        if provider not in ("local", "openai"):
            raise ConfigError("IMAGE_PROVIDER must be 'local' or 'openai'")
        region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1"
        domain = env.get("COMPANY_DOMAIN", "gptimage2.example")
        settings = cls(
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
            openai_api_key=openai_key,
            openai_base_url=env.get("OPENAI_BASE_URL", ""),
            stripe_secret_key=env.get("STRIPE_SECRET_KEY", ""),
            stripe_api_base=env.get("STRIPE_API_BASE", ""),
            stripe_webhook_secret=env.get(
                "STRIPE_WEBHOOK_SECRET",
                "whsec_local_development_secret" if stage == "local" else "",
            ),
            public_base_url=env.get("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}"),
            version=env.get("APP_VERSION", "0.1.0"),
            upload_queue_url=env.get("UPLOAD_QUEUE_URL", ""),
            aws_endpoint_url=env.get("AWS_ENDPOINT_URL", ""),
            privacy_hmac_key=env.get("PRIVACY_HMAC_KEY")
            or (secrets.token_hex(32) if stage == "local" else ""),
        )
        if settings.signup_bonus_credits < 0 or settings.deletion_grace_days < 0:
            raise ConfigError("SIGNUP_BONUS_CREDITS and DELETION_GRACE_DAYS must be >= 0")
        if stage == "prod" and len(settings.privacy_hmac_key) < 32:
            raise ConfigError("PRIVACY_HMAC_KEY must be set (32+ characters) in prod")
        return settings


@cache
def get_settings() -> Settings:
    return Settings.from_env()
