"""Outgoing email through Amazon SES (locally, moto's SES records it for the outbox)."""

from __future__ import annotations

from functools import cached_property
from typing import Any


class SesMailer:
    def __init__(self, sender: str, region: str) -> None:
        self._sender = sender
        self._region = region

    @cached_property
    def _client(self) -> Any:
        import boto3

        return boto3.client("ses", region_name=self._region)

    def send(self, to: str, subject: str, body: str) -> None:
        self._client.send_email(
            Source=self._sender,
            Destination={"ToAddresses": [to]},
            Message={"Subject": {"Data": subject}, "Body": {"Text": {"Data": body}}},
        )
