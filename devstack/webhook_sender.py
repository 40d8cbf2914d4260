"""Posts a signed event to a webhook URL over HTTP (the local checkout simulator uses it
to deliver to our own `/v1/webhooks/stripe`, so the real path is exercised)."""

from __future__ import annotations

import urllib.error
import urllib.request


class HttpWebhookSender:
    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self._url = url
        self._timeout = timeout

    def send(self, payload: bytes, signature: str) -> int:
        request = urllib.request.Request(
            self._url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Stripe-Signature": signature,
                "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks) local-simulator",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)
