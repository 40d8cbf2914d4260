"""Child-account reports disclose no one: what the reporter is shown (the 202, their
export) is the same whether or not the reported account exists and never names it, and
the reported person's export never names the reporter; admins still see both."""

import io
import json
import zipfile

from chalicelib.config import get_settings
from chalicelib.domain import s3_keys
from tests.support.generations import user_id_of
from tests.support.privacy import s3

ADMIN = "admin@example.com"  # in ADMIN_EMAILS (tests/conftest.py)
KID = "kid@example.com"
DETAILS = "I am Rosalind Featherstonehaugh, her neighbour"


def exports(api, tokens):
    """Every file of each user's export ZIP, as text, by token."""
    requests = {}
    for token in tokens:
        created = api.post("/v1/privacy/requests", {"type": "export"}, token=token)
        assert created.status == 202, created.json
        requests[token] = created.json["id"]
    assert api.post("/v1/dev/run-jobs").json["privacy_exports"]["completed"] == len(tokens)
    archives = {}
    for token, request_id in requests.items():
        key = s3_keys.export_key(user_id_of(api, token), request_id)
        body = s3().get_object(Bucket=get_settings().bucket, Key=key)["Body"].read()
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            archives[token] = {n: archive.read(n).decode("latin-1") for n in archive.namelist()}
    return archives


def shape(records):
    return [sorted(record) for record in records]


def test_reports_disclose_neither_the_reported_account_nor_the_reporter(api):
    admin = api.verified_user(ADMIN)
    kid = api.verified_user(KID, name="Kid Person")
    kid_id = user_id_of(api, kid)
    to_existing = api.verified_user("reporter1@example.com", name="Rosalind Featherstonehaugh")
    to_nobody = api.verified_user("reporter2@example.com", name="Other Reporter")
    reporter_ids = {user_id_of(api, to_existing), user_id_of(api, to_nobody)}
    answers = [
        api.post(
            "/v1/reports/child-account", {"account_email": email, "details": DETAILS}, token=token
        )
        for token, email in ((to_existing, KID), (to_nobody, "nobody@example.com"))
    ]
    assert [a.status for a in answers] == [202, 202]
    assert answers[0].body == answers[1].body
    assert kid_id not in answers[0].body.decode()

    # The admin sees what is needed: whom each report is about, who sent it, the details.
    reports = api.get("/v1/admin/reports", token=admin).json["data"]
    by_reporter = {r["reporter_user_id"]: r for r in reports}
    assert set(by_reporter) == reporter_ids
    assert by_reporter[user_id_of(api, to_existing)]["account_user_id"] == kid_id
    assert by_reporter[user_id_of(api, to_nobody)]["account_user_id"] is None
    assert all(r["details"] == DETAILS and r["status"] == "open" for r in reports)

    archives = exports(api, [to_existing, to_nobody, kid])
    # The two reporters' exports: the same shape, no reported id, nothing about existence.
    made = [json.loads(archives[t]["child_reports.json"]) for t in (to_existing, to_nobody)]
    assert shape(made[0]) == shape(made[1]) and len(made[0]) == 1
    assert made[0][0]["details"] == DETAILS
    manifests = [json.loads(archives[t]["manifest.json"]) for t in (to_existing, to_nobody)]
    assert (
        manifests[0]["categories"]["child_reports"] == manifests[1]["categories"]["child_reports"]
    )
    for record in made[0] + made[1]:
        assert not {"account_user_id", "exists", "account_exists"} & set(record)
    for text in archives[to_existing].values():
        assert kid_id not in text and KID not in text and "Kid Person" not in text
    # The reported person's export: the report, but not who sent it or what they wrote.
    about = json.loads(archives[kid]["child_reports.json"])
    assert len(about) == 1 and "reporter_user_id" not in about[0]
    for text in archives[kid].values():
        for reporter_id in reporter_ids:
            assert reporter_id not in text
        for leak in ("reporter1@example.com", "Rosalind", DETAILS):
            assert leak not in text
