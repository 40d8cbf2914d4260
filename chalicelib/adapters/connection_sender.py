"""One message to one WebSocket connection through API Gateway's management API
(`PostToConnection` on the stage's `https://` endpoint, derived from its `wss://` URL).
A connection API Gateway no longer knows (GoneException) is reported gone."""

from __future__ import annotations

from functools import cached_property
from typing import Any


def management_endpoint(realtime_url: str) -> str:
    return "https://" + realtime_url.removeprefix("wss://").removeprefix("https://")


class ApiGatewaySender:
    def __init__(self, realtime_url: str, region: str) -> None:
        self._endpoint = management_endpoint(realtime_url)
        self._region = region

    @cached_property
    def _client(self) -> Any:
        import boto3

        return boto3.client(
            "apigatewaymanagementapi", region_name=self._region, endpoint_url=self._endpoint
        )

    def send(self, connection_id: str, payload: bytes) -> bool:
        client = self._client
        try:
            client.post_to_connection(ConnectionId=connection_id, Data=payload)
        except client.exceptions.GoneException:
            return False
        return True
