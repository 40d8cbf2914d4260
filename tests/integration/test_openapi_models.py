"""The OpenAPI document comes from the API's Pydantic models: it validates, every
success body and every problem is a `$ref` to a named component, and the types
openapi-typescript generates from it have no `unknown` in any response body."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openapi_spec_validator import validate as validate_spec

import app  # noqa: F401 (registers every route)
from chalicelib.api.openapi import build_document
from chalicelib.services import get_services

ROOT = Path(__file__).resolve().parents[2]
COMPONENT = re.compile(r"#/components/schemas/[A-Za-z0-9._-]+")


@pytest.fixture(scope="module")
def document():
    return build_document(get_services().settings)


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def refs_in(node):
    """Every component a schema refers to, directly or through other components."""
    return set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(node)))


def test_the_document_validates(document):
    validate_spec(document)


def test_every_success_body_and_every_problem_is_a_named_component(document):
    schemas = document["components"]["schemas"]
    loose = []
    for name, operation in operations(document):
        for status, response in operation["responses"].items():
            for media_type, content in response.get("content", {}).items():
                schema = content["schema"]
                is_body = status.startswith("2") and media_type == "application/json"
                is_problem = status[0] in "45"
                if not (is_body or is_problem):
                    continue
                ref = schema.get("$ref", "")
                if not COMPONENT.fullmatch(ref) or ref.rsplit("/", 1)[1] not in schemas:
                    loose.append((name, status, media_type))
                if is_problem:
                    assert ref == "#/components/schemas/Problem", (name, status)
                    assert media_type == "application/problem+json", (name, status)
    assert loose == []
    missing = {ref for ref in refs_in(document) if ref not in schemas}
    assert missing == set()


def response_components(document):
    """The components a response body reaches."""
    schemas = document["components"]["schemas"]
    pending = set()
    for _, operation in operations(document):
        for response in operation["responses"].values():
            for content in response.get("content", {}).values():
                pending |= refs_in(content["schema"])
    reached = set()
    while pending:
        name = pending.pop()
        if name not in reached:
            reached.add(name)
            pending |= refs_in(schemas[name]) - reached
    return reached


def typescript_components(source):
    """Each component's TypeScript type, as openapi-typescript writes `components.schemas`
    (one per `        Name: ...` line, up to the next one)."""
    start = source.index("\n    schemas: {\n")
    block = source[start : source.index("\n    };\n", start)]
    heads = list(re.finditer(r"^        (\"[^\"]+\"|[A-Za-z0-9_]+): ", block, re.M))
    ends = [h.start() for h in heads[1:]] + [len(block)]
    return {h.group(1).strip('"'): block[h.end() : end] for h, end in zip(heads, ends, strict=True)}


def without_blocks(source, names):
    """The source without the `name: { ... };` blocks of the given names (by indent)."""
    kept, closing = [], None
    for line in source.splitlines():
        if closing is not None:
            if line == closing:
                closing = None
            continue
        match = re.fullmatch(r"( *)(\w+)\??: \{", line)
        if match and match.group(2) in names:
            closing = f"{match.group(1)}}};"
            continue
        kept.append(line)
    return "\n".join(kept)


def test_typescript_types_of_response_bodies_have_no_unknown(document, tmp_path):
    npx = shutil.which("npx")
    assert npx, "npx is missing: install Node (make test runs npm ci)"
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(document))
    out = tmp_path / "api.d.ts"
    subprocess.run(
        [npx, "--no-install", "openapi-typescript", str(spec), "-o", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    source = out.read_text()
    types = typescript_components(source)
    reached = response_components(document)
    assert reached <= set(types), sorted(reached - set(types))
    assert sorted(name for name in reached if "unknown" in types[name]) == []
    # Response headers are typed `[name: string]: unknown` by openapi-typescript, and
    # request bodies may take any JSON (usage event properties): neither is a response body.
    paths = source[source.index("export interface paths {") : source.index("export type webhooks")]
    operations_ts = source[source.index("export interface operations {") :]
    for part in (paths, operations_ts):
        lines = [
            line
            for line in without_blocks(part, {"headers", "requestBody"}).splitlines()
            if "unknown" in line
        ]
        assert lines == []
