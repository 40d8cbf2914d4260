"""The local stack's Step Functions seam: a real ASL definition runs on moto's interpreter
and its Task invokes an app Lambda handler in this process."""

import json
import time

import boto3
from chalice import Chalice

from devstack import lambda_dispatch

ASL = {
    "StartAt": "Double",
    "States": {
        "Double": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "${DoubleArn}", "Payload.$": "$"},
            "ResultSelector": {"value.$": "$.Payload.value"},
            "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1, "MaxAttempts": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}],
            "End": True,
        },
        "Failed": {"Type": "Pass", "Result": {"failed": True}, "End": True},
    },
}


class Flaky(Exception):
    pass


def make_app(calls):
    seam = Chalice(app_name="seam")

    @seam.lambda_function(name="double")
    def double(event, context):
        calls.append(event)
        if event.get("flaky") and len(calls) == 1:
            raise Flaky("first call fails")
        if event.get("broken"):
            raise ValueError("always")
        return {"value": event["value"] * 2}

    return seam


def run(definition, payload):
    sfn = boto3.client("stepfunctions", region_name="us-east-1")
    arn = sfn.create_state_machine(
        name=f"seam-{time.time_ns()}",
        definition=json.dumps(definition),
        roleArn="arn:aws:iam::123456789012:role/seam",
    )["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps(payload))["executionArn"]
    for _ in range(200):
        described = sfn.describe_execution(executionArn=execution)
        if described["status"] != "RUNNING":
            return described
        time.sleep(0.05)
    raise AssertionError("execution did not finish")


def definition_for(function_arn):
    return json.loads(json.dumps(ASL).replace("${DoubleArn}", function_arn))


def test_task_invokes_the_app_handler_in_process(aws):
    calls = []
    lambda_dispatch.install(make_app(calls), "seam-local")
    result = run(
        definition_for("arn:aws:lambda:us-east-1:123456789012:function:seam-local-double"),
        {"value": 21},
    )
    assert result["status"] == "SUCCEEDED"
    assert json.loads(result["output"]) == {"value": 42}
    assert calls == [{"value": 21}]


def test_handler_errors_drive_retry_and_catch(aws):
    calls = []
    lambda_dispatch.install(make_app(calls), "seam-local")
    arn = "arn:aws:lambda:us-east-1:123456789012:function:seam-local-double"
    retried = run(definition_for(arn), {"value": 1, "flaky": True})
    assert json.loads(retried["output"]) == {"value": 2} and len(calls) == 2
    caught = run(definition_for(arn), {"value": 1, "broken": True})
    assert json.loads(caught["output"]) == {"failed": True}
