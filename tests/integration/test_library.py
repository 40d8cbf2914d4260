"""The library through the API: favorites, collections and their limits, the list's
filters and their pagination, stable image links, and what deleting a generation or
a collection leaves."""

from __future__ import annotations

import threading

import pytest

from chalicelib.adapters.models.library import LibraryModel, PromptWordModel
from chalicelib.domain.image_models import ImageModelId
from chalicelib.domain.library_entities import MAX_COLLECTION_ITEMS, MAX_COLLECTIONS
from chalicelib.domain.statuses import GenerationStatus
from tests.support.generations import user_id_of
from tests.support.library import seed


@pytest.fixture
def user(api):
    token = api.verified_user("lib@example.com")
    return token, user_id_of(api, token)


def ids(response):
    assert response.status == 200, response.json
    return [g["id"] for g in response.json["data"]]


def every_page(api, token, query, limit):
    seen, cursor = [], None
    while True:
        url = f"/v1/generations?{query}&limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = api.get(url, token=token)
        seen += ids(response)
        cursor = response.json["next_cursor"]
        if cursor is None:
            return seen


def test_favorite_marks_the_generation_and_filters_the_list(api, user):
    token, user_id = user
    plain, liked = seed(user_id), seed(user_id)
    assert api.put(f"/v1/generations/{liked.generation_id}/favorite", token=token).status == 204
    got = api.get(f"/v1/generations/{liked.generation_id}", token=token).json
    assert got["favorite"] is True and got["collection_ids"] == []
    assert got["workflow_run_id"] is None and got["parent"] is None
    assert ids(api.get("/v1/generations?favorite=true", token=token)) == [liked.generation_id]
    assert ids(api.get("/v1/generations?favorite=false", token=token)) == [plain.generation_id]
    assert api.delete(f"/v1/generations/{liked.generation_id}/favorite", token=token).status == 204
    assert ids(api.get("/v1/generations?favorite=true", token=token)) == []


def test_another_users_generation_answers_404(api, user):
    token, _ = user
    other = api.verified_user("other@example.com")
    theirs = seed(user_id_of(api, other))
    assert api.put(f"/v1/generations/{theirs.generation_id}/favorite", token=token).status == 404
    made = api.post("/v1/collections", {"name": "Mine"}, token=token).json
    put = api.put(f"/v1/collections/{made['id']}/items/{theirs.generation_id}", token=token)
    assert put.status == 404
    assert api.get(f"/v1/collections/{made['id']}", token=other).status == 404
    image = api.get(f"/v1/generations/{theirs.generation_id}/images/0", token=token)
    assert image.status == 404


def test_collections_crud_items_cover_and_filter(api, user):
    token, user_id = user
    first, second, outside = seed(user_id), seed(user_id), seed(user_id)
    created = api.post("/v1/collections", {"name": "Sea", "description": "waves"}, token=token)
    assert created.status == 201, created.json
    col = created.json
    assert (col["item_count"], col["cover"], col["description"]) == (0, None, "waves")
    for g in (first, second, second):  # the second PUT changes nothing
        assert (
            api.put(f"/v1/collections/{col['id']}/items/{g.generation_id}", token=token).status
            == 204
        )
    got = api.get(f"/v1/collections/{col['id']}", token=token).json
    assert got["item_count"] == 2
    assert got["cover"] == {"generation_id": second.generation_id, "index": 0}
    assert api.get(f"/v1/generations/{first.generation_id}", token=token).json[
        "collection_ids"
    ] == [col["id"]]
    listed = ids(api.get(f"/v1/generations?collection={col['id']}", token=token))
    assert listed == [second.generation_id, first.generation_id]
    assert outside.generation_id not in listed
    renamed = api.patch(f"/v1/collections/{col['id']}", {"name": "Ocean"}, token=token).json
    assert (renamed["name"], renamed["description"]) == ("Ocean", "waves")
    removed = api.delete(f"/v1/collections/{col['id']}/items/{second.generation_id}", token=token)
    assert removed.status == 204
    got = api.get(f"/v1/collections/{col['id']}", token=token).json
    assert (got["item_count"], got["cover"]) == (1, None)
    assert api.get("/v1/collections", token=token).json["data"][0]["id"] == col["id"]
    assert api.delete(f"/v1/collections/{col['id']}", token=token).status == 204
    assert api.get(f"/v1/collections/{col['id']}", token=token).status == 404
    # The generations stay, and no longer name the collection.
    assert (
        api.get(f"/v1/generations/{first.generation_id}", token=token).json["collection_ids"] == []
    )


def test_deleting_a_generation_removes_it_from_its_collections(api, user):
    token, user_id = user
    g = seed(user_id, prompt="storm over the harbour")
    col = api.post("/v1/collections", {"name": "Storms"}, token=token).json
    api.put(f"/v1/collections/{col['id']}/items/{g.generation_id}", token=token)
    assert api.delete(f"/v1/generations/{g.generation_id}", token=token).status == 204
    assert api.get(f"/v1/collections/{col['id']}", token=token).json["item_count"] == 0
    assert ids(api.get(f"/v1/generations?collection={col['id']}", token=token)) == []
    assert ids(api.get("/v1/generations?q=harbour", token=token)) == []
    # A deleted generation cannot be added back.
    put = api.put(f"/v1/collections/{col['id']}/items/{g.generation_id}", token=token)
    assert put.status == 404


def test_q_status_and_model_filters_page_through_every_match(api, user):
    token, user_id = user
    cats = [seed(user_id, prompt=f"A Cat number {i}") for i in range(5)]
    for i in range(4):
        seed(user_id, prompt=f"a dog number {i}", status=GenerationStatus.FAILED)
    newest_first = [g.generation_id for g in reversed(cats)]
    assert every_page(api, token, "q=CAT", 2) == newest_first
    assert every_page(api, token, "q=cat%20number", 2) == newest_first
    assert every_page(api, token, "status=succeeded", 2) == newest_first
    assert len(every_page(api, token, "status=failed", 3)) == 4
    assert len(every_page(api, token, f"model={ImageModelId.gpt_image_2.value}", 4)) == 9
    assert every_page(api, token, "q=dog&status=succeeded", 2) == []
    assert every_page(api, token, "q=unicorn", 2) == []


def test_a_cursor_of_one_filter_is_refused_by_another(api, user):
    token, user_id = user
    for _ in range(3):
        seed(user_id)
    cursor = api.get("/v1/generations?status=succeeded&limit=1", token=token).json["next_cursor"]
    assert api.get(f"/v1/generations?status=failed&cursor={cursor}", token=token).status == 422


def test_image_link_redirects_to_a_fresh_presigned_url(api, user):
    token, user_id = user
    g = seed(user_id)
    original = api.get(f"/v1/generations/{g.generation_id}/images/0", token=token)
    assert original.status == 302
    assert g.images[0].key in original.header("location")
    thumb = api.get(f"/v1/generations/{g.generation_id}/images/0?variant=thumbnail", token=token)
    assert g.images[0].thumbnail_key in thumb.header("location")
    assert api.get(f"/v1/generations/{g.generation_id}/images/1", token=token).status == 404
    assert api.get(f"/v1/generations/{g.generation_id}/images/x", token=token).status == 404


def race(*calls):
    """Run the calls at once (a barrier releases them together); their answers' statuses."""
    barrier = threading.Barrier(len(calls))
    answers = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        answers[i] = call().status

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def test_two_adds_at_the_item_limit_admit_one(api, user):
    token, user_id = user
    a, b = seed(user_id), seed(user_id)
    col = api.post("/v1/collections", {"name": "Full"}, token=token).json
    # One place left (the count is what the condition reads; filling 9,999 by hand
    # would only slow the test).
    LibraryModel(user_id, f"col#{col['id']}").update(
        actions=[LibraryModel.item_count.set(MAX_COLLECTION_ITEMS - 1)]
    )
    statuses = race(
        lambda: api.put(f"/v1/collections/{col['id']}/items/{a.generation_id}", token=token),
        lambda: api.put(f"/v1/collections/{col['id']}/items/{b.generation_id}", token=token),
    )
    assert sorted(statuses) == [204, 409]
    assert (
        api.get(f"/v1/collections/{col['id']}", token=token).json["item_count"]
        == MAX_COLLECTION_ITEMS
    )
    members = ids(api.get(f"/v1/generations?collection={col['id']}", token=token))
    assert len(members) == 1


def test_the_collection_limit(api, user):
    token, user_id = user
    api.post("/v1/collections", {"name": "First"}, token=token)
    LibraryModel(user_id, "count").update(
        actions=[LibraryModel.collection_count.set(MAX_COLLECTIONS - 1)]
    )
    statuses = race(
        lambda: api.post("/v1/collections", {"name": "A"}, token=token),
        lambda: api.post("/v1/collections", {"name": "B"}, token=token),
    )
    assert sorted(statuses) == [201, 409]
    refused = api.post("/v1/collections", {"name": "C"}, token=token)
    assert refused.status == 409 and refused.json["code"] == "limit_reached"


def test_a_generation_deleted_while_it_is_added_leaves_no_member(api, user):
    token, user_id = user
    col = api.post("/v1/collections", {"name": "Race"}, token=token).json
    for _ in range(3):
        g = seed(user_id)
        item = f"/v1/collections/{col['id']}/items/{g.generation_id}"
        race(
            lambda item=item: api.put(item, token=token),
            lambda g=g: api.delete(f"/v1/generations/{g.generation_id}", token=token),
        )
    # Whatever the order, no membership outlives its generation, and the count agrees.
    left = list(LibraryModel.query(user_id, LibraryModel.sk.startswith("item#")))
    assert left == []
    assert api.get(f"/v1/collections/{col['id']}", token=token).json["item_count"] == 0


def test_a_collection_deleted_while_an_item_is_added_leaves_no_member(api, user):
    token, user_id = user
    for _ in range(3):
        g = seed(user_id)
        col = api.post("/v1/collections", {"name": "Gone"}, token=token).json
        item = f"/v1/collections/{col['id']}/items/{g.generation_id}"
        race(
            lambda item=item: api.put(item, token=token),
            lambda col=col: api.delete(f"/v1/collections/{col['id']}", token=token),
        )
        assert (
            api.get(f"/v1/generations/{g.generation_id}", token=token).json["collection_ids"] == []
        )
    assert list(LibraryModel.query(user_id, LibraryModel.sk.startswith("item#"))) == []
    assert list(LibraryModel.query(user_id, LibraryModel.sk.startswith("member#"))) == []


def test_the_retention_schedule_lists_the_library(api):
    classes = {c["category"]: c for c in api.get("/v1/legal/retention").json["data"]}
    assert classes["library"]["retention_days"] is None  # kept while the account exists
    assert classes["library"]["after_deletion"] == "deleted with the account"
    assert "generations_free" in classes  # the prompt words expire with their generation


def test_memberships_expire_with_their_generation(frozen_api, clock):
    token = frozen_api.verified_user("lib-expiry@example.com")
    user_id = user_id_of(frozen_api, token)
    g = seed(user_id)  # expires in 30 days
    col = frozen_api.post("/v1/collections", {"name": "Kept"}, token=token).json
    frozen_api.put(f"/v1/collections/{col['id']}/items/{g.generation_id}", token=token)
    clock.advance(days=31)
    assert frozen_api.post("/v1/dev/run-jobs").status == 200
    left = {i.sk for i in LibraryModel.query(user_id)}
    assert left == {f"col#{col['id']}", "count"}  # the collection stays, its member went
    assert list(PromptWordModel.query(user_id)) == []
