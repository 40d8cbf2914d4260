"""A stand-in for the context object Lambda passes to a handler."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field


@dataclass
class FakeLambdaContext:
    function_name: str = "gpt-image-2-dev-test"
    memory_limit_in_mb: int = 1024
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:us-east-1:123456789012:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return 300_000


# What infra sets on every deployed function (chalicelib.config.DEPLOYED_REQUIRED).
DEPLOYED_ENV = {
    "BUCKET_NAME": "gpt-image-2-dev-media",
    "STATE_MACHINE_ARN": (
        "arn:aws:states:us-east-1:123456789012:stateMachine:gpt-image-2-dev-generation"
    ),
    "UPLOAD_QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/123456789012/gpt-image-2-dev-uploads",
    "ALLOWED_ORIGINS": "https://dev.gptimage2.example",
    "PUBLIC_BASE_URL": "https://api.dev.gptimage2.example",
}
