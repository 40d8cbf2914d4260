"""The AWS CDK app that deploys the service: one stack per stage, built from the same
definitions the local stack runs (table models, the workflow's ASL, the data map's
lifecycle rules, the jobs registry and the Chalice app itself)."""

import os

# The jsii runtime prints a banner on Node versions it no longer lists; it is noise here.
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
