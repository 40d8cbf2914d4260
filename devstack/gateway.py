"""chalice.local with five differences: a path that matches no route answers 404
problem+json (API Gateway is configured the same way in infra) instead of 403; a GET
or HEAD outside `/v1` that no route of the app matches is the website's
(`devstack.site`, when the stack serves one); every
HTTP method reaches the app (which answers an undeclared one, TRACE included, 405
problem+json with `Allow`) instead of the stdlib server's 501 HTML page; each
request is isolated from the others the server answers at the same time; and a burst of
new connections waits in the listen queue instead of being reset."""

from __future__ import annotations

from typing import Any

from chalice.app import Chalice
from chalice.config import Config
from chalice.local import (
    ChaliceRequestHandler,
    LocalChalice,
    LocalDevServer,
    LocalGateway,
    LocalGatewayException,
    RouteMatcher,
    ThreadedHTTPServer,
)

from chalicelib.api import problems
from devstack.site import Site, SiteAnswer, is_api_path


class RouteNotFound(LocalGatewayException):
    CODE = 404


class ProblemGateway(LocalGateway):
    def handle_request(
        self, method: str, path: str, headers: dict[str, Any], body: bytes | None
    ) -> dict[str, Any]:
        try:
            self.event_converter.create_lambda_event(method, path, headers, body)
        except ValueError:
            response = problems.problem(404, "not_found", problems.NO_SUCH_ROUTE)
            raise RouteNotFound(
                {k: str(v) for k, v in response.headers.items()}, response.body.encode()
            ) from None
        return super().handle_request(method, path, headers, body)


class ProblemRequestHandler(ChaliceRequestHandler):
    site: Site | None = None
    app_routes = RouteMatcher([])

    def __init__(
        self, request: Any, client_address: Any, server: Any, app_object: Chalice, config: Config
    ) -> None:
        self.local_gateway = ProblemGateway(app_object, config)
        self.client_ip = client_address[0]
        super(ChaliceRequestHandler, self).__init__(request, client_address, server)

    def __getattr__(self, name: str) -> Any:
        # BaseHTTPRequestHandler looks up `do_<METHOD>` and answers 501 HTML when there is
        # none; chalice.local defines only the common methods.
        if name.startswith("do_"):
            return self._generic_handle
        raise AttributeError(name)

    def do_GET(self) -> None:
        self._site_or_app(head=False)

    def do_HEAD(self) -> None:
        self._site_or_app(head=True)

    def _site_or_app(self, *, head: bool) -> None:
        answer = self._site_answer()
        if answer is None:
            self._generic_handle()
            return
        self.send_response(answer.status)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(answer.body)

    def _site_answer(self) -> SiteAnswer | None:
        if self.site is None or is_api_path(self.path.split("?", 1)[0]):
            return None
        try:
            self.app_routes.match_route(self.path)
        except ValueError:
            return self.site.answer(self.path)
        return None

    def log_message(self, format: str, *args: Any) -> None:
        """Access lines come from the app's structured logger, not the stdlib server."""


class BacklogServer(ThreadedHTTPServer):
    # socketserver listens with a backlog of 5: a burst of new connections (a browser,
    # a load test) overflows it and the kernel resets some of them.
    request_queue_size = 128


def isolate_requests(app: Chalice) -> None:
    """Chalice keeps the request being answered in one attribute of the app
    (`app.current_request`), while the local server answers each connection on its own
    thread: a view could read another request (another user's token). As `chalice local`
    does, the app becomes a LocalChalice, whose current request is per thread."""
    if not isinstance(app, LocalChalice):
        app.__class__ = type("ThreadLocalChalice", (LocalChalice, type(app)), {})


def create_server(app: Chalice, host: str, port: int, site: Site | None = None) -> LocalDevServer:
    config = Config.create(chalice_stage="local", app_name=app.app_name)
    isolate_requests(app)
    handler = type(
        "SiteRequestHandler",
        (ProblemRequestHandler,),
        {"site": site, "app_routes": RouteMatcher(list(app.routes))},
    )
    return LocalDevServer(app, config, host, port, handler_cls=handler, server_cls=BacklogServer)
