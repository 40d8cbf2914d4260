"""Functions, roles, the workflow, schedules, the API, logs and alarms."""

from __future__ import annotations

import json

from chalicelib.jobs import JOBS
from chalicelib.workflow.definition import STEP_HANDLERS, load_definition
from devstack.gateway import ProblemGateway, RouteNotFound
from infra.schedules import job_inputs
from infra.stages import STAGES
from tests.infra.conftest import resources, role_policies


def _functions(template):
    return resources(template, "AWS::Serverless::Function")


def _statements(template, role_id):
    return [
        statement
        for policy in role_policies(template)
        if {"Ref": role_id} in policy["Properties"].get("Roles", [])
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def test_each_function_has_its_own_role(template):
    roles = [f["Properties"]["Role"]["Fn::GetAtt"][0] for f in _functions(template).values()]
    assert len(roles) == len(set(roles)) == len(_functions(template)) >= 2
    for role in roles:
        assert template["Resources"][role]["Type"] == "AWS::IAM::Role"
        assert "ManagedPolicyArns" not in template["Resources"][role]["Properties"]


def test_no_policy_grants_a_wildcard_action_and_star_resources_are_xray_only(template):
    for policy in role_policies(template):
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = (
                statement["Action"]
                if isinstance(statement["Action"], list)
                else [statement["Action"]]
            )
            assert not any("*" in action for action in actions), actions
            if statement["Resource"] == "*":
                assert all(a.startswith(("xray:", "logs:")) for a in actions), actions


def test_secrets_are_readable_only_by_the_functions_that_get_their_arn(template):
    secrets = resources(template, "AWS::SecretsManager::Secret")
    assert len(secrets) == 4  # OpenAI key, Stripe key, webhook secret, privacy HMAC key
    for function in _functions(template).values():
        variables = function["Properties"]["Environment"]["Variables"]
        readable = {
            statement["Resource"]["Ref"]
            for statement in _statements(template, function["Properties"]["Role"]["Fn::GetAtt"][0])
            if statement["Action"] == "secretsmanager:GetSecretValue"
        }
        given = {v["Ref"] for k, v in variables.items() if k.endswith("_SECRET_ARN")}
        assert readable == given
    api = _functions(template)["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert {"STRIPE_SECRET_KEY_SECRET_ARN", "STRIPE_WEBHOOK_SECRET_SECRET_ARN"} <= set(api)


def test_every_log_group_expires_and_every_function_logs_to_one(template):
    groups = resources(template, "AWS::Logs::LogGroup")
    assert groups and all("RetentionInDays" in g["Properties"] for g in groups.values())
    for function in _functions(template).values():
        assert function["Properties"]["LoggingConfig"]["LogGroup"]["Ref"] in groups
        assert function["Properties"]["Tracing"] == "Active"


def test_state_machine_runs_the_local_definition_with_function_arns(template):
    (machine,) = resources(template, "AWS::StepFunctions::StateMachine").values()
    properties = machine["Properties"]
    assert properties["StateMachineType"] == "STANDARD"
    assert json.loads(properties["DefinitionString"]) == load_definition()
    substitutions = properties.get("DefinitionSubstitutions", {})
    assert sorted(substitutions) == sorted(STEP_HANDLERS)
    assert properties["LoggingConfiguration"]["Level"] == "ALL"
    assert properties["LoggingConfiguration"]["IncludeExecutionData"] is False
    assert properties["TracingConfiguration"] == {"Enabled": True}


def test_every_job_has_a_schedule_that_invokes_the_job_runner(template):
    rules = [r for r in resources(template, "AWS::Events::Rule").values()]
    assert len(rules) == len(JOBS)
    # The event's id is forwarded: the job runner's correlation id in the logs.
    transformers = [r["Properties"]["Targets"][0]["InputTransformer"] for r in rules]
    assert all(t["InputPathsMap"] == {"id": "$.id"} for t in transformers)
    delivered = [json.loads(t["InputTemplate"].replace("<id>", '"evt-1"')) for t in transformers]
    assert sorted(d["job"] for d in delivered) == sorted(JOBS)
    assert all(d["id"] == "evt-1" for d in delivered)
    assert set(job_inputs()) == set(JOBS)


def test_the_upload_sanitizer_reports_batch_item_failures(template):
    functions = resources(template, "AWS::Serverless::Function")
    sqs_events = [
        event["Properties"]
        for function in functions.values()
        for event in function["Properties"].get("Events", {}).values()
        if event["Type"] == "SQS"
    ]
    assert sqs_events, "the sanitizer consumes the upload queue"
    assert all(e["FunctionResponseTypes"] == ["ReportBatchItemFailures"] for e in sqs_events)


def test_api_stage_is_throttled_logged_and_traced(template, stage):
    api = template["Resources"]["RestAPI"]["Properties"]
    (settings,) = api["MethodSettings"]
    assert settings["ThrottlingRateLimit"] == STAGES[stage].throttle_rate
    assert settings["ThrottlingBurstLimit"] == STAGES[stage].throttle_burst
    assert settings["DataTraceEnabled"] is False
    assert api["AccessLogSetting"]["DestinationArn"]["Fn::GetAtt"][1] == "Arn"
    assert api["TracingEnabled"] is True
    assert len(resources(template, "AWS::WAFv2::WebACL")) == 1
    assert len(resources(template, "AWS::WAFv2::WebACLAssociation")) == 1


def test_unknown_routes_answer_the_same_problem_as_the_local_gateway(template):
    from chalice.config import Config

    from app import app

    local = ProblemGateway(app, Config.create(chalice_stage="local", app_name=app.app_name))
    try:
        local.handle_request("GET", "/v1/no/such/route", {}, b"")
    except RouteNotFound as exc:
        local_headers, local_body = exc.headers, exc.body
    responses = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"][
        "x-amazon-apigateway-gateway-responses"
    ]
    missing = responses["MISSING_AUTHENTICATION_TOKEN"]
    assert missing["statusCode"] == "404"
    assert json.loads(missing["responseTemplates"]["application/json"]) == json.loads(local_body)
    content_type = missing["responseParameters"]["gatewayresponse.header.Content-Type"]
    assert content_type == f"'{local_headers['Content-Type']}'" == "'application/problem+json'"
    for kind in ("DEFAULT_4XX", "DEFAULT_5XX", "THROTTLED"):
        headers = responses[kind]["responseParameters"]
        assert headers["gatewayresponse.header.Content-Type"] == "'application/problem+json'"
        assert "code" in json.loads(responses[kind]["responseTemplates"]["application/json"])


def test_alarms_cover_executions_lambda_errors_throttles_and_dlqs(template):
    alarms = resources(template, "AWS::CloudWatch::Alarm").values()
    metrics = [(a["Properties"]["Namespace"], a["Properties"]["MetricName"]) for a in alarms]
    assert ("AWS/States", "ExecutionsFailed") in metrics
    assert ("AWS/States", "ExecutionsTimedOut") in metrics
    # A user's cancel stops the execution (ABORTED): a normal outcome, never an alarm.
    assert ("AWS/States", "ExecutionsAborted") not in metrics
    functions = len(_functions(template))
    assert metrics.count(("AWS/Lambda", "Errors")) == functions
    assert metrics.count(("AWS/Lambda", "Throttles")) == functions
    dlqs = [
        q
        for q in resources(template, "AWS::SQS::Queue").values()
        if "RedrivePolicy" not in q["Properties"]
    ]
    assert metrics.count(("AWS/SQS", "ApproximateNumberOfMessagesVisible")) == len(dlqs)
    assert all(a["Properties"]["AlarmActions"] for a in alarms)
