"""Many concurrent submissions against a balance that covers only some of them:
exactly floor(balance / cost) are accepted and the balance never goes negative."""

from concurrent.futures import ThreadPoolExecutor

from chalicelib.adapters.models.accounts import UserModel
from chalicelib.domain.idempotency import request_hash
from chalicelib.domain.image_models import GenerationParams, Quality
from chalicelib.errors import PaymentRequired
from tests.support.generations import assert_reconciled, user_id_of


class NoStart:
    def start(self, name, payload):
        return name

    def stop(self, name, cause):
        return None

    def status(self, name):
        return None


def test_concurrent_submissions_hold_exactly_what_the_balance_covers(api, services):
    token = api.verified_user("many@example.com")
    user_id = user_id_of(api, token)
    UserModel.get(user_id).update(actions=[UserModel.plan.set("plan_studio")])
    services.overrides["workflow_runner"] = NoStart()
    body = {"prompt": "a storm", "size": "1536x1024", "quality": "medium"}
    params = GenerationParams(size="1536x1024", quality=Quality.medium)
    cost = api.post("/v1/generations/quote", body, token=token).json["credits"]
    balance = int(UserModel.get(user_id).credits_available)
    attempts = 10
    assert balance // cost < attempts

    def submit(_: int) -> str:
        user = services.accounts_store.get_user(user_id)
        try:
            services.generations.submit(
                user,
                body["prompt"],
                params,
                None,
                request_hash("POST", "/", body),
                lambda g: {"id": g.generation_id},
            )
        except PaymentRequired:
            return "402"
        return "202"

    with ThreadPoolExecutor(max_workers=attempts) as pool:
        outcomes = list(pool.map(submit, range(attempts)))
    accepted = outcomes.count("202")
    assert accepted == balance // cost
    assert outcomes.count("402") == attempts - accepted
    user = UserModel.get(user_id, consistent_read=True)
    assert int(user.credits_available) == balance - accepted * cost >= 0
    assert int(user.credits_held) == accepted * cost
    for generation in api.get("/v1/generations?limit=100", token=token).json["data"]:
        assert api.post(f"/v1/generations/{generation['id']}/cancel", token=token).status == 200
    assert assert_reconciled(user_id).credits_available == balance
