"""Data-map entries for creative workflows: saved workflows (their prompt templates are
the person's content) and, with them, what a run keeps."""

from __future__ import annotations

from chalicelib.privacy.data_map import ByHashKey, Delete, TableEntry

ID = "user.unique_id"
OPS = "system.operations"
CONTENT = "user.content.private"

TABLES = [
    TableEntry(
        table="workflows",
        description="Saved workflows: name, description, variables and steps (prompts, params)",
        purpose="Keep and run the workflows you save",
        legal_basis="contract",
        retention="workflows",
        attributes={
            "user_id": ID,
            "workflow_id": OPS,
            "name": CONTENT,
            "description": CONTENT,
            "version": OPS,
            "variables": CONTENT,
            "steps": CONTENT,
            "created_at": OPS,
            "updated_at": OPS,
        },
        lookup=ByHashKey(),
        erasure=Delete(),
        expiry=None,  # kept while the account exists, deleted with it or by its owner
        export="workflows",
    ),
    TableEntry(
        table="workflow_runs",
        description="Workflow runs: the inputs and matrix given, which generations each"
        " step made, and the run's hold (its generations are listed with generations)",
        purpose="Run your workflows and show what each run made and cost",
        legal_basis="contract",
        retention="workflows",
        attributes={
            "user_id": ID,
            "run_id": OPS,
            "workflow_id": OPS,
            "workflow_version": OPS,
            "inputs": CONTENT,
            "matrix": CONTENT,
            "expansions": CONTENT,
            "status": OPS,
            "credits": OPS,
            "generations": OPS,
            "captured": OPS,
            "released": OPS,
            "settled": OPS,
            "succeeded": OPS,
            "created_at": OPS,
            "completed_at": OPS,
            "idempotency_key": ID,
        },
        lookup=ByHashKey(),
        erasure=Delete(),
        expiry=None,  # kept while the account exists, deleted with it
        export="workflow_runs",
    ),
]
