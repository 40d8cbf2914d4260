"""What differs between the deployed stages. Override a stage's allowed origins at
synth time with the context key `allowed_origins_<stage>` (comma-separated)."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import aws_logs as logs

from chalicelib.config import Settings


@dataclass(frozen=True)
class Stage:
    name: str
    allowed_origins: tuple[str, ...]
    public_base_url: str
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
                "PUBLIC_BASE_URL": self.public_base_url,
            }
        )


STAGES = {
    "dev": Stage(
        name="dev",
        allowed_origins=("https://dev.gptimage2.example",),
        public_base_url="https://api.dev.gptimage2.example",
        protect_data=False,
        log_retention=logs.RetentionDays.ONE_MONTH,
        throttle_rate=20,
        throttle_burst=40,
    ),
    "prod": Stage(
        name="prod",
        allowed_origins=("https://gptimage2.example", "https://www.gptimage2.example"),
        public_base_url="https://api.gptimage2.example",
        protect_data=True,
        log_retention=logs.RetentionDays.ONE_YEAR,
        throttle_rate=200,
        throttle_burst=400,
    ),
}
