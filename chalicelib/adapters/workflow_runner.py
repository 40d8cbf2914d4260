"""Step Functions: start the generation workflow named by the task id (a second start
with the same name and input is harmless), stop it, and read its status."""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any


class WorkflowRunner:
    def __init__(self, state_machine_arn: str, region: str) -> None:
        self._arn = state_machine_arn
        self._region = region

    @cached_property
    def _sfn(self) -> Any:
        import boto3

        return boto3.client("stepfunctions", region_name=self._region)

    def execution_arn(self, name: str) -> str:
        prefix, _, machine = self._arn.rpartition(":stateMachine:")
        return f"{prefix}:execution:{machine}:{name}"

    def start(self, name: str, payload: dict[str, Any]) -> str:
        try:
            response = self._sfn.start_execution(
                stateMachineArn=self._arn, name=name, input=json.dumps(payload, sort_keys=True)
            )
        except self._sfn.exceptions.ExecutionAlreadyExists:
            return self.execution_arn(name)
        return str(response["executionArn"])

    def stop(self, name: str, cause: str) -> None:
        try:
            self._sfn.stop_execution(executionArn=self.execution_arn(name), cause=cause)
        except self._sfn.exceptions.ExecutionDoesNotExist:
            return

    def status(self, name: str) -> str | None:
        """RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED; None when it never started."""
        try:
            described = self._sfn.describe_execution(executionArn=self.execution_arn(name))
        except self._sfn.exceptions.ExecutionDoesNotExist:
            return None
        return str(described["status"])
