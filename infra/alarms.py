"""Alarms to one SNS topic: failed/timed-out executions, Lambda errors and throttles,
messages in any dead-letter queue. Handled outcomes (failed, blocked generations) end
the execution successfully and a user's cancel aborts it: neither alarms. A failed
execution is an unhandled error (the hold was not released)."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from infra.functions import Function

PERIOD = Duration.minutes(5)


def build_alarms(
    scope: Construct,
    key: kms.IKey,
    machine: sfn.StateMachine,
    functions: dict[str, Function],
    dead_letter_queues: list[sqs.IQueue],
) -> sns.Topic:
    topic = sns.Topic(scope, "Alarms", master_key=key, enforce_ssl=True)
    action = actions.SnsAction(topic)

    def alarm(id: str, metric: cloudwatch.IMetric, description: str) -> None:
        created = cloudwatch.Alarm(
            scope,
            id,
            metric=metric,
            threshold=1,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description=description,
        )
        created.add_alarm_action(action)

    alarm("WorkflowFailed", machine.metric_failed(period=PERIOD), "Generation executions failed")
    alarm(
        "WorkflowTimedOut",
        machine.metric_timed_out(period=PERIOD),
        "Generation executions timed out",
    )
    for function in functions.values():
        for metric_name in ("Errors", "Throttles"):
            alarm(
                f"{function.logical_id}{metric_name}",
                cloudwatch.Metric(
                    namespace="AWS/Lambda",
                    metric_name=metric_name,
                    dimensions_map={"FunctionName": function.function_name},
                    statistic="Sum",
                    period=PERIOD,
                ),
                f"Lambda {function.name}: {metric_name.lower()}",
            )
    for queue in dead_letter_queues:
        alarm(
            f"{queue.node.id}Depth",
            queue.metric_approximate_number_of_messages_visible(period=PERIOD, statistic="Maximum"),
            f"Messages in dead-letter queue {queue.node.id}",
        )
    return topic
