"""Settings read together from the environment (`config.Settings.from_env` spreads
them): how events leave the service, through the webhook delivery queue and the
WebSocket API."""

from __future__ import annotations

from typing import TypedDict

TRUE = ("1", "true", "yes", "on")
LOCAL_WS_PORT = "8001"  # the local stack's WebSocket server, unless LOCAL_WS_PORT says


class Webhooks(TypedDict):
    webhook_queue_url: str
    webhook_allow_local: bool


def webhooks(env: dict[str, str], stage: str) -> Webhooks:
    """Local endpoints (http://127.0.0.1) only on the local stage, and only when asked."""
    allow = stage == "local" and env.get("WEBHOOK_ALLOW_LOCAL", "").lower() in TRUE
    return {"webhook_queue_url": env.get("WEBHOOK_QUEUE_URL", ""), "webhook_allow_local": allow}


class Realtime(TypedDict):
    realtime_url: str


def realtime(env: dict[str, str], stage: str) -> Realtime:
    """REALTIME_URL (infra sets the WebSocket API's `wss://` stage URL); locally the
    in-process server on LOCAL_WS_PORT."""
    default = (
        f"ws://127.0.0.1:{env.get('LOCAL_WS_PORT') or LOCAL_WS_PORT}" if stage == "local" else ""
    )
    return {"realtime_url": env.get("REALTIME_URL") or default}


class Delivery(Webhooks, Realtime):
    pass


def delivery(env: dict[str, str], stage: str) -> Delivery:
    return {**webhooks(env, stage), **realtime(env, stage)}
