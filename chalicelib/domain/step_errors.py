"""Errors a workflow step raises. The class name is the error name Step Functions sees
(Lambda's `errorType`), so the ASL's Retry and Catch match on these names."""

from __future__ import annotations


class StepError(Exception):
    """Base class; `code` is what the task records as `error.code`."""

    code = "internal_error"


class ProviderThrottled(StepError):
    """The provider answered 429: retried with backoff."""

    code = "provider_rate_limited"


class ProviderUnavailable(StepError):
    """5xx, timeout or connection failure: retried with backoff."""

    code = "provider_unavailable"


class ProviderRejected(StepError):
    """The provider refused the request or answered something unusable: not retried."""

    code = "provider_error"


class ModerationBlocked(StepError):
    """Moderation refused the input or the output; the message is the stage."""

    code = "moderation_blocked"


class TaskNotVisible(StepError):
    """The first step found no task for its generation id: the index that leads from
    the id to the task is eventually consistent, so this is retried; a task deleted
    before the workflow ran stays invisible and ends in Release, which finds nothing."""

    code = "task_not_found"


class GenerationCanceled(StepError):
    """The task was canceled (or deleted) while the workflow ran."""

    code = "canceled"


class InputFailed(StepError):
    """A run's edit step whose input (an output of an earlier step) never came: that
    generation did not succeed. Not retried; the step is released."""

    code = "input_failed"
