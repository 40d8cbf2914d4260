"""One EventBridge schedule per job of `chalicelib.jobs.JOBS`, each invoking the job
runner Lambda with `{"job": name, "id": <the event's id>}` (the id is the invocation's
correlation id in the logs); failed deliveries land in a dead-letter queue."""

from __future__ import annotations

from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from chalicelib.jobs import JOBS
from chalicelib.jobs.schedules import schedule_for
from infra.functions import Function

JOB_FUNCTION = "run_job"
RETRIES = 2


def job_inputs() -> dict[str, dict[str, str]]:
    return {name: {"job": name, "id": events.EventField.event_id} for name in JOBS}


def build_schedules(
    scope: Construct, runner: Function, dead_letters: sqs.IQueue
) -> dict[str, events.Rule]:
    target_function = lambda_.Function.from_function_attributes(
        scope, "JobRunner", function_arn=runner.arn, same_environment=True
    )
    rules = {}
    for name, payload in job_inputs().items():
        rules[name] = events.Rule(
            scope,
            "Job" + "".join(part.title() for part in name.split("_")),
            description=f"Scheduled job {name}",
            schedule=events.Schedule.expression(schedule_for(name)),
            targets=[
                targets.LambdaFunction(
                    target_function,
                    event=events.RuleTargetInput.from_object(payload),
                    retry_attempts=RETRIES,
                    dead_letter_queue=dead_letters,
                )
            ],
        )
    return rules
