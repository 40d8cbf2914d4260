"""Least privilege, proved in both directions for every Lambda function and the state
machine. moto enforces no IAM, so the flows of tests/support/privilege_flows.py run once
for the module while tests/support/iam_recording.py records each AWS call with the
function that made it (action, table/index, object key, listed prefix, secret, ...).
Each call is rendered into the synthesized template's ARNs and checked against that
function's role: (a) every call is allowed, (b) every grant is used by a call (or its
Sid says why no flow shows it), (c) no DynamoDB or S3 grant names a table, index or
prefix the function never touches."""

from __future__ import annotations

import copy
import fnmatch
from dataclasses import dataclass
from typing import Any

import pytest
from chalice.utils import to_cfn_resource_name

from chalicelib.domain import s3_keys
from chalicelib.queues import ALL_QUEUES
from infra.functions import API_HANDLER, API_LOGICAL_ID, registered_names
from infra.needs import NEEDS, PLATFORM_REASONS
from infra.realtime import WEBSOCKET_API
from infra.stack import SECRET_VARIABLES
from infra.stages import STAGES
from infra.tables import logical_id
from infra.workflow import state_machine_name
from tests.infra.conftest import resources, role_policies
from tests.support.iam_recording import STATE_MACHINE, Resource, lambda_functions

PSEUDO = {
    "AWS::Partition": "aws",
    "AWS::Region": "us-east-1",
    "AWS::AccountId": "123456789012",
    "AWS::URLSuffix": "amazonaws.com",
}
Grant = tuple[str, str, tuple[str, ...] | None]  # (action, ARN pattern, s3:prefix patterns)


@pytest.fixture(scope="module")
def recorded() -> dict[str, set[tuple[str, Resource]]]:
    """function -> {(IAM action, resource)} over every flow, recorded once."""
    from app import app
    from tests.support import privilege_flows as flows
    from tests.support.api import ApiClient
    from tests.support.iam_recording import Recorder, recording

    recorder = Recorder()
    with (
        pytest.MonkeyPatch.context() as patch,
        flows.environment(recorder.current) as env,
        recording(app, recorder),
    ):
        flows.fresh_secrets(patch)
        api = ApiClient()
        token, export_id = flows.account_flows(api)
        flows.library_flows(api, token)
        flows.admin_flows(api)
        generator, _, gate = flows.generation_flows(api, env)
        flows.webhook_flows(api, env, token, generator)
        flows.job_flows(api, env.clock, token, export_id, gate)
    found: dict[str, set[tuple[str, Resource]]] = {}
    for function, calls in recorder.by_function().items():
        found[function] = {
            (action, ("secret", env.secrets[r[1]]) if r[0] == "secret" else r)  # type: ignore[index]
            for action, r in calls
        }
    return found


# The template -------------------------------------------------------------------------
def render(value: Any) -> str:
    """A template value as a string: pseudo parameters filled in, a resource's Ref or
    Arn as `<LogicalId>`."""
    if isinstance(value, str):
        return value
    if "Ref" in value:
        return PSEUDO.get(value["Ref"], f"<{value['Ref']}>")
    if "Fn::GetAtt" in value:
        return f"<{value['Fn::GetAtt'][0]}>"
    if "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(render(part) for part in parts)
    raise ValueError(f"cannot render {value}")


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def statements_of(template: dict[str, Any], role: str) -> list[dict[str, Any]]:
    """The role's statements: its default policy's and, when that outgrows the inline
    size limit, the managed overflow policies CDK attaches to the role beside it."""
    found = []
    for policy in role_policies(template):
        if {"Ref": role} in policy["Properties"].get("Roles", []):
            found.extend(policy["Properties"]["PolicyDocument"]["Statement"])
    return found


def function_roles(template: dict[str, Any]) -> dict[str, str]:
    """Registered function name -> its role's logical id."""
    from app import app

    names = registered_names(lambda_functions(app))
    roles = {}
    for logical, resource in template["Resources"].items():
        if logical in names and "Role" in resource.get("Properties", {}):
            roles[names[logical]] = resource["Properties"]["Role"]["Fn::GetAtt"][0]
    return roles


def machine_role(template: dict[str, Any]) -> str:
    (machine,) = resources(template, "AWS::StepFunctions::StateMachine").values()
    return str(machine["Properties"]["RoleArn"]["Fn::GetAtt"][0])


def grants(statement: dict[str, Any]) -> list[Grant]:
    assert statement["Effect"] == "Allow" and "NotAction" not in statement
    prefixes = statement.get("Condition", {}).get("StringLike", {}).get("s3:prefix")
    assert set(statement.get("Condition", {})) <= {"StringLike"}, statement
    return [
        (action, render(resource), tuple(as_list(prefixes)) if prefixes else None)
        for action in as_list(statement["Action"])
        for resource in as_list(statement["Resource"])
    ]


# Recorded calls in the template's terms ------------------------------------------------
@dataclass(frozen=True)
class Arns:
    stage: str
    secrets: dict[str, str]  # settings variable -> the secret's logical id
    bucket: str  # the media bucket's logical id (it has no name: CloudFormation picks it)
    queues: dict[str, str]  # queue suffix (`chalicelib.queues`) -> the queue's logical id

    @classmethod
    def of(cls, template: dict[str, Any], stage: str) -> Arns:
        prefix = STAGES[stage].settings().resource_prefix
        by_name = {
            render(r["Properties"]["Name"]): logical
            for logical, r in resources(template, "AWS::SecretsManager::Secret").items()
        }
        secrets = {v: by_name[f"{prefix}/{name}"] for v, name in SECRET_VARIABLES.items()}
        variables = template["Resources"][API_LOGICAL_ID]["Properties"]["Environment"]
        queues = {
            q.suffix: logical
            for logical, r in resources(template, "AWS::SQS::Queue").items()
            for q in ALL_QUEUES
            if r["Properties"].get("QueueName") == q.name(prefix)
        }
        return cls(stage, secrets, variables["Variables"]["BUCKET_NAME"]["Ref"], queues)

    def arn(self, resource: Resource) -> tuple[str, str | None]:
        """(ARN, listed prefix or None) of a recorded resource."""
        kind = resource[0]
        region, account = PSEUDO["AWS::Region"], PSEUDO["AWS::AccountId"]
        if kind == "table":
            _, table, index = resource
            arn = f"<{logical_id(str(table))}>"
            return (f"{arn}/index/{index}" if index else arn), None
        if kind == "object":
            return f"<{self.bucket}>/{resource[1]}", None
        if kind == "bucket":
            return f"<{self.bucket}>", str(resource[1])
        if kind == "secret":
            return f"<{self.secrets[str(resource[1])]}>", None
        if kind == "identity":
            return f"arn:aws:ses:{region}:{account}:identity/{resource[1]}", None
        machine = state_machine_name(STAGES[self.stage])
        if kind == "state_machine":
            return f"arn:aws:states:{region}:{account}:stateMachine:{machine}", None
        if kind == "execution":
            return f"arn:aws:states:{region}:{account}:execution:{machine}:{resource[1]}", None
        if kind == "queue":  # by URL or name: the local prefix's, in this stage's terms
            suffix = str(resource[1]).rsplit("/", 1)[-1].rsplit("-", 1)[-1]
            return f"<{self.queues[suffix]}>", None
        if kind == "connection":
            api = f"<{WEBSOCKET_API}>/{self.stage}"
            return (
                f"arn:aws:execute-api:{region}:{account}:{api}/POST/@connections/{resource[1]}",
                None,
            )
        if kind == "function":
            from chalicelib.config import get_settings

            name = str(resource[1]).removeprefix(f"{get_settings().resource_prefix}-")
            return f"<{to_cfn_resource_name(name)}>", None
        return f"unknown:{resource}", None


def allows(grant: Grant, action: str, arn: str, prefix: str | None) -> bool:
    granted_action, pattern, prefixes = grant
    if not fnmatch.fnmatchcase(action.lower(), granted_action.lower()):
        return False
    if not fnmatch.fnmatchcase(arn, pattern):
        return False
    if prefixes is not None:
        return prefix is not None and any(fnmatch.fnmatchcase(prefix, p) for p in prefixes)
    return True


def denied(
    statements: list[dict[str, Any]], calls: set[tuple[str, Resource]], arns: Arns
) -> list[tuple[str, Resource]]:
    every = [g for s in statements for g in grants(s)]
    return sorted(
        (
            (action, resource)
            for action, resource in calls
            if not _allowed(every, action, resource, arns)
        ),
        key=str,
    )


def _allowed(every: list[Grant], action: str, resource: Resource, arns: Arns) -> bool:
    arn, prefix = arns.arn(resource)
    return any(allows(g, action, arn, prefix) for g in every)


def unused(
    statements: list[dict[str, Any]],
    calls: set[tuple[str, Resource]],
    arns: Arns,
    exempt: set[str],
) -> list[tuple[str | None, str, str]]:
    """(Sid, action, resource or condition pattern) of each grant no call uses."""
    rendered = [(action, *arns.arn(resource)) for action, resource in calls]
    found = []
    for statement in statements:
        if statement.get("Sid") in exempt:
            continue
        for grant in grants(statement):
            action, pattern, prefixes = grant
            users = [c for c in rendered if allows(grant, *c)]
            if not users:
                found.append((statement.get("Sid"), action, pattern))
            for wanted in prefixes or ():
                if not any(fnmatch.fnmatchcase(str(c[2]), wanted) for c in users):
                    found.append((statement.get("Sid"), action, f"s3:prefix {wanted}"))
    return found


def exempt_sids(function: str) -> set[str]:
    return set(PLATFORM_REASONS) | {u.sid for u in NEEDS[function].unobserved}


# The tests ----------------------------------------------------------------------------
def test_every_function_has_its_entry_and_its_own_role(template: dict[str, Any]) -> None:
    from app import app

    roles = function_roles(template)
    assert set(roles) == set(NEEDS) == {API_HANDLER, *lambda_functions(app)}
    assert len(set(roles.values())) == len(roles)
    assert (
        roles[API_HANDLER]
        == template["Resources"][API_LOGICAL_ID]["Properties"]["Role"]["Fn::GetAtt"][0]
    )


def test_every_recorded_call_is_allowed_to_its_function(
    template: dict[str, Any], stage: str, recorded: dict[str, set[tuple[str, Resource]]]
) -> None:
    arns = Arns.of(template, stage)
    roles = function_roles(template)
    assert set(recorded) == set(NEEDS) | {STATE_MACHINE}, "a function made no call"
    for function, calls in recorded.items():
        role = machine_role(template) if function == STATE_MACHINE else roles[function]
        assert denied(statements_of(template, role), calls, arns) == [], function


def test_every_grant_is_used_or_explained(
    template: dict[str, Any], stage: str, recorded: dict[str, set[tuple[str, Resource]]]
) -> None:
    arns = Arns.of(template, stage)
    bucket = f"<{arns.bucket}>"
    for function, role in function_roles(template).items():
        statements = statements_of(template, role)
        assert unused(statements, recorded[function], arns, exempt_sids(function)) == [], function
        for statement in statements:  # no action wildcards, no whole-bucket object grants
            for action, pattern, _ in grants(statement):
                assert "*" not in action, (function, action)
                assert pattern != f"{bucket}/*", (function, action)
    for unobserved in (u for needs in NEEDS.values() for u in needs.unobserved):
        assert unobserved.reason and unobserved.prefix in s3_keys.PREFIXES
    machine = statements_of(template, machine_role(template))
    invocations = [s for s in machine if "lambda:InvokeFunction" in as_list(s["Action"])]
    assert unused(invocations, recorded[STATE_MACHINE], arns, set()) == []
    assert {g[0] for s in machine for g in grants(s)} - {"lambda:InvokeFunction"} <= {
        "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
        "xray:PutTraceSegments", "xray:PutTelemetryRecords",
        "xray:GetSamplingRules", "xray:GetSamplingTargets",
    }  # fmt: skip


def touched(calls: set[tuple[str, Resource]]) -> tuple[set[str], set[str]]:
    """(tables and indexes as `<TableX>[/index/i]`, top-level S3 prefixes) of calls."""
    tables = set()
    prefixes = set()
    for _, resource in calls:
        if resource[0] == "table":
            index = f"/index/{resource[2]}" if resource[2] else ""
            tables.add(f"<{logical_id(str(resource[1]))}>{index}")
        elif resource[0] in ("object", "bucket"):
            prefixes.add(str(resource[1]).split("/")[0] + "/")
    return tables, prefixes


def test_no_function_is_granted_a_table_or_prefix_it_never_touches(
    template: dict[str, Any], stage: str, recorded: dict[str, set[tuple[str, Resource]]]
) -> None:
    bucket = f"<{Arns.of(template, stage).bucket}>"
    for function, role in function_roles(template).items():
        tables, prefixes = touched(recorded[function])
        granted_tables = set()
        granted_prefixes = set()
        for statement in statements_of(template, role):
            for action, pattern, listed in grants(statement):
                if action.startswith("dynamodb:"):
                    granted_tables.add(pattern)
                elif action.startswith("s3:"):
                    if pattern == bucket:
                        assert listed, (function, action)  # a listing is always narrowed
                        granted_prefixes.update(p.removesuffix("*") for p in listed)
                    else:
                        granted_prefixes.add(pattern.removeprefix(f"{bucket}/").rstrip("*"))
        assert granted_tables == tables, function
        assert granted_prefixes == prefixes, function


def test_the_check_fails_on_a_narrowed_or_a_broadened_policy(
    template: dict[str, Any], stage: str, recorded: dict[str, set[tuple[str, Resource]]]
) -> None:
    """The checks above are not vacuous: one action taken away is a denied call, one
    table too many is an unused grant."""
    arns = Arns.of(template, stage)
    role = function_roles(template)["generation_finalize"]
    statements = copy.deepcopy(statements_of(template, role))
    (ledger,) = [s for s in statements if s.get("Sid") == "DdbLedger"]
    ledger["Action"] = [a for a in as_list(ledger["Action"]) if a != "dynamodb:PutItem"]
    calls = recorded["generation_finalize"]
    assert denied(statements, calls, arns) == [("dynamodb:PutItem", ("table", "ledger", None))]
    statements.append(
        {
            "Effect": "Allow",
            "Action": "dynamodb:GetItem",
            "Resource": {"Fn::GetAtt": ["TableSessions", "Arn"]},
        }
    )
    assert unused(statements, calls, arns, exempt_sids("generation_finalize")) == [
        (None, "dynamodb:GetItem", "<TableSessions>")
    ]
