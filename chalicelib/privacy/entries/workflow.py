"""Data-map entry for the generation workflow's execution history, which Step Functions
keeps (Standard workflows: 90 days after an execution ends) and offers no way to erase."""

from __future__ import annotations

from chalicelib.privacy.data_map import StoreEntry

STORES = [
    StoreEntry(
        name="workflow_history",
        description="Step Functions execution history of each generation: state names, "
        "timings, errors and the generation id",
        categories=("system.operations",),
        purpose="Run generations reliably and investigate failures",
        legal_basis="contract",
        retention="workflow_history",
        note="Executions are named by the generation id and every state's input and output "
        "is that id alone (chalicelib/workflow/generation.asl.json): no user id, prompt, "
        "image or S3 key, so nothing here names a person once the account is erased.",
    ),
]
