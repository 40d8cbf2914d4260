"""The library: favorites, collections and their items, stable image links."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.models import lazy
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router, paged
from chalicelib.domain.api_key_entities import LIBRARY, Scope

if TYPE_CHECKING:
    from chalicelib.api.models import base, library
else:
    base, library = lazy("base"), lazy("library")

router = Router(__name__, "library", LIBRARY)

FAVORITE = "/v1/generations/{generation_id}/favorite"
COLLECTION = "/v1/collections/{collection_id}"
ITEM = "/v1/collections/{collection_id}/items/{generation_id}"


@router.route(
    FAVORITE, "PUT", summary="Mark a generation as a favorite", status=204, errors=("not_found",)
)
def put_favorite(ctx: RequestContext, generation_id: str) -> Reply:
    ctx.services.library.favorite(ctx.user.user_id, generation_id, True)
    return Reply(status=204)


@router.route(FAVORITE, "DELETE", summary="No longer a favorite", status=204, errors=("not_found",))
def delete_favorite(ctx: RequestContext, generation_id: str) -> Reply:
    ctx.services.library.favorite(ctx.user.user_id, generation_id, False)
    return Reply(status=204)


@router.route(
    "/v1/generations/{generation_id}/images/{index}",
    "GET",
    summary="A stable link to an image: 302 to a fresh presigned URL (valid 15 minutes)",
    status=302,
    query=lambda: library.ImageQuery,
    errors=("not_found",),
    scope=Scope.GENERATIONS_READ,  # an image of a generation, as GET /v1/generations/{id}
)
def get_image(ctx: RequestContext, generation_id: str, index: str) -> Reply:
    return Reply(status=302, headers={"Location": _image_url(ctx, generation_id, index)})


def _image_url(ctx: RequestContext, generation_id: str, index: str) -> str:
    from chalicelib.errors import NotFound

    if not index.isdigit() or len(index) > 3:
        raise NotFound("No such image.")
    query: library.ImageQuery = ctx.params
    thumbnail = query.variant == "thumbnail"
    return ctx.services.library.image_url(ctx.user.user_id, generation_id, int(index), thumbnail)


@router.route(
    "/v1/collections",
    "GET",
    summary="The user's collections, newest first",
    query=lambda: base.Pagination,
    response=lambda: base.page_of(library.Collection),
)
def list_collections(ctx: RequestContext) -> dict[str, Any]:
    user_id = ctx.user.user_id
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.library.page(user_id, limit, cursor),
        library.Collection.from_entity,
    )


@router.route(
    "/v1/collections",
    "POST",
    summary="Create a collection (at most 200)",
    status=201,
    body=lambda: library.CollectionRequest,
    response=lambda: library.Collection,
    errors=("limit_reached",),
)
def create_collection(ctx: RequestContext) -> Reply:
    body: library.CollectionRequest = ctx.body
    made = ctx.services.library.create(ctx.user.user_id, body.name, body.description)
    headers: dict[str, str | list[str]] = {"Location": f"/v1/collections/{made.collection_id}"}
    return Reply(library.Collection.from_entity(made).dump(), 201, headers)


@router.route(
    COLLECTION,
    "GET",
    summary="A collection",
    response=lambda: library.Collection,
    errors=("not_found",),
)
def get_collection(ctx: RequestContext, collection_id: str) -> library.Collection:
    return library.Collection.from_entity(ctx.services.library.get(ctx.user.user_id, collection_id))


@router.route(
    COLLECTION,
    "PATCH",
    summary="Rename or describe a collection",
    body=lambda: library.CollectionPatch,
    response=lambda: library.Collection,
    errors=("not_found",),
)
def patch_collection(ctx: RequestContext, collection_id: str) -> library.Collection:
    body: library.CollectionPatch = ctx.body
    fields = body.model_dump(exclude_none=True)
    updated = ctx.services.library.update(ctx.user.user_id, collection_id, fields)
    return library.Collection.from_entity(updated)


@router.route(
    COLLECTION,
    "DELETE",
    summary="Delete a collection (its generations stay)",
    status=204,
    errors=("not_found",),
)
def delete_collection(ctx: RequestContext, collection_id: str) -> Reply:
    ctx.services.library.delete(ctx.user.user_id, collection_id)
    return Reply(status=204)


@router.route(
    ITEM,
    "PUT",
    summary="Add a generation to a collection (at most 10,000 items)",
    status=204,
    errors=("not_found", "limit_reached"),
)
def put_item(ctx: RequestContext, collection_id: str, generation_id: str) -> Reply:
    ctx.services.library.add(ctx.user.user_id, collection_id, generation_id)
    return Reply(status=204)


@router.route(
    ITEM,
    "DELETE",
    summary="Remove a generation from a collection",
    status=204,
    errors=("not_found",),
)
def delete_item(ctx: RequestContext, collection_id: str, generation_id: str) -> Reply:
    ctx.services.library.remove(ctx.user.user_id, collection_id, generation_id)
    return Reply(status=204)
