"""Builds and synthesizes the CDK app in-process: no AWS credentials, no network."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from aws_cdk import App
from aws_cdk.cx_api import CloudAssembly

from infra.packaging import ROOT
from infra.stages import STAGES

OUTDIR = ROOT / "infra" / "cdk.out"
CONTEXT = {
    # Server access logs are delivered through a bucket policy, so ACLs stay disabled.
    "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": True,
}


def build_app(outdir: Path = OUTDIR, stages: tuple[str, ...] = tuple(STAGES)) -> App:
    from infra import nag
    from infra.stack import ServiceStack

    # `chalice package` asks botocore for service principals, which needs a region.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    app = App(outdir=str(outdir), context=dict(CONTEXT))
    # chalice.cdk writes its intermediate package under the working directory.
    with tempfile.TemporaryDirectory() as scratch, contextlib.chdir(scratch):
        for name in stages:
            ServiceStack(app, STAGES[name])
    nag.check(app)
    return app


def synth(outdir: Path = OUTDIR) -> CloudAssembly:
    return build_app(outdir).synth()
