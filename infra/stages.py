"""What differs between the deployed stages. The website and the API share the origin
of the stage's CloudFront distribution (`infra/site.py`), which the stack adds to the
allowed origins below and gives the functions as PUBLIC_BASE_URL."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import aws_logs as logs

from chalicelib.config import Settings


@dataclass(frozen=True)
class Stage:
    name: str
    allowed_origins: tuple[str, ...]
    protect_data: bool  # deletion protection, retained resources
    log_retention: logs.RetentionDays
    throttle_rate: float  # API Gateway stage: requests per second
    throttle_burst: int

    def settings(self) -> Settings:
        """The application's settings for this stage (names, prefixes)."""
        return Settings.from_env(
            {
                "STAGE": self.name,
                "ALLOWED_ORIGINS": ",".join(self.allowed_origins),
            }
        )


STAGES = {
    "dev": Stage(
        name="dev",
        allowed_origins=("https://dev.gptimage2.example",),
        protect_data=False,
        log_retention=logs.RetentionDays.ONE_MONTH,
        throttle_rate=20,
        throttle_burst=40,
    ),
    "prod": Stage(
        name="prod",
        allowed_origins=("https://gptimage2.example", "https://www.gptimage2.example"),
        protect_data=True,
        log_retention=logs.RetentionDays.ONE_YEAR,
        throttle_rate=200,
        throttle_burst=400,
    ),
}
