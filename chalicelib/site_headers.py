"""The website's response headers (UI.md "Security"), defined once: the local stack sends
them with every file of `web/dist` it serves, and infra puts the same values in the
CloudFront response headers policy of the distribution. The API's own answers carry
`api.middleware.SECURITY_HEADERS`.

The page loads its script, styles and fonts from its own origin only (no inline script,
no `unsafe-eval`); images and uploads also reach the media bucket, whose presigned URLs
are on another origin (moto's port locally, the bucket's S3 endpoint in AWS); live
updates connect to the WebSocket API (its own port locally)."""

from __future__ import annotations

HSTS = "max-age=63072000; includeSubDomains"


def content_security_policy(
    media_origins: tuple[str, ...], socket_origins: tuple[str, ...] = ()
) -> str:
    media = " ".join(media_origins)
    sockets = " ".join(socket_origins)
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": f"'self' data: blob: {media}",
        "connect-src": f"'self' {media} {sockets}".strip(),
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items())


def site_headers(
    media_origins: tuple[str, ...], *, https: bool, socket_origins: tuple[str, ...] = ()
) -> dict[str, str]:
    """The headers of every page and asset of the site; HSTS only where it is served
    over HTTPS (a browser ignores it on plain HTTP, and it would pin 127.0.0.1)."""
    headers = {
        "Content-Security-Policy": content_security_policy(media_origins, socket_origins),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if https:
        headers["Strict-Transport-Security"] = HSTS
    return headers
