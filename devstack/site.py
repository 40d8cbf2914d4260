"""The website (`web/dist`, built by `make run`) served by the local stack at `/`, beside
the API, as CloudFront serves it in AWS: real files with their content type; hashed
assets (`/assets/*`, Vite's content-hashed names) cached for a year as immutable;
`index.html` and the other files revalidated on every load; any other path without a
file extension (a client-side route such as `/library/gen_1`) answered with
`index.html`. `/v1` and everything under it, and every path the app itself routes
(`/.well-known/gpc.json`), are never the site's: they reach the API, whose unknown
paths keep their 404 problem+json. Every answer carries `site_headers(...)`."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from chalicelib.site_headers import site_headers

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "web" / "dist"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
}


@dataclass(frozen=True)
class SiteAnswer:
    status: int
    headers: dict[str, str]
    body: bytes


def is_api_path(path: str) -> bool:
    return path == "/v1" or path.startswith("/v1/")


def content_type(file: Path) -> str:
    guessed = mimetypes.guess_type(file.name)[0]
    return TYPES.get(file.suffix) or guessed or "application/octet-stream"


@dataclass(frozen=True)
class Site:
    """The built site in `dist`, whose pages may load media from `media_origins` and
    open WebSockets to `socket_origins`."""

    dist: Path
    media_origins: tuple[str, ...]
    socket_origins: tuple[str, ...] = ()

    def _file(self, path: str) -> Path | None:
        parts = PurePosixPath(unquote(path)).parts[1:]
        if any(part in ("..", ".") or part.startswith(".") for part in parts):
            return None
        file = self.dist.joinpath(*parts)
        return file if file.is_file() else None

    def answer(self, raw_path: str) -> SiteAnswer | None:
        """The file, or `index.html` for a client-side route; None for a path with an
        extension that names no file (an asset that does not exist answers 404)."""
        path = urlsplit(raw_path).path or "/"
        file = self._file(path)
        if file is None and "." not in PurePosixPath(path).name:
            file = self._file("/index.html")
            if file is None:
                return self._not_built()
        if file is None:
            return None
        cache = IMMUTABLE if path.startswith("/assets/") else REVALIDATE
        headers = {"Content-Type": content_type(file), "Cache-Control": cache}
        return SiteAnswer(200, headers | self.headers(), file.read_bytes())

    def headers(self) -> dict[str, str]:
        return site_headers(self.media_origins, https=False, socket_origins=self.socket_origins)

    def _not_built(self) -> SiteAnswer:
        body = b"The website is not built: `make run` builds it (npm run build in web/).\n"
        headers = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": REVALIDATE}
        return SiteAnswer(503, headers | self.headers(), body)
