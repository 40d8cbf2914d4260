"""The Lambda deployment package, built offline from the project's virtualenv.

`chalice package` (which the `chalice.cdk` construct runs) pip-downloads every runtime
dependency for the Lambda platform unless a package for the current requirements and
app files already exists under `.chalice/deployments/`. We build that very file with
Chalice's own packager, taking the dependency closure of `requirements.txt` from the
installed distributions instead of the network; Chalice then reuses it. The zip is
therefore exactly what Chalice would write (app.py, chalicelib/, the chalice runtime
files and the dependencies), with no network and in a few seconds.

Pure-Python distributions are copied from the virtualenv. Binary ones are replaced by the
same version's Linux wheel for LAMBDA_RUNTIME (its Python and its image's glibc), fetched
once from the package index into `.chalice/wheels/` (`pip download`): the functions run a
newer Python than the one that builds them. `package_glibc_problems` and
`package_interpreter_problems` check the finished zip."""

from __future__ import annotations

import importlib.metadata as metadata
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from chalice.deploy.packager import DependencyBuilder, LambdaDeploymentPackager
from chalice.utils import UI, OSUtils
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
# The Lambda runtime every function runs, whatever Python builds the package: python3.11
# is deprecated on 2027-06-30 (no new functions from 2027-07-31), python3.13 supported
# until 2029-06-30. The package's binary wheels are this runtime's.
LAMBDA_RUNTIME = "python3.13"
# glibc of the image each Lambda Python runtime runs on (Amazon Linux 2 / 2023).
RUNTIME_GLIBC = {"python3.11": (2, 26), "python3.12": (2, 34), "python3.13": (2, 34)}
_MANYLINUX = re.compile(r"manylinux_(\d+)_(\d+)_|manylinux(1|2010|2014)_")
_LEGACY = {"1": (2, 5), "2010": (2, 12), "2014": (2, 17)}
# The AWS SDK ships with every Lambda Python runtime; packaging it again would cost
# 17 MB of the 30 MB budget. The functions run the runtime's (recent) boto3/botocore.
PROVIDED_BY_RUNTIME = frozenset({"boto3", "botocore", "s3transfer"})


def python_runtime() -> str:
    """The runtime Chalice names the package after: the running interpreter's version
    (it looks the package up by that name; `infra.functions` sets LAMBDA_RUNTIME)."""
    return f"python{sys.version_info.major}.{sys.version_info.minor}"


def _runtime_version(runtime: str = LAMBDA_RUNTIME) -> str:
    return runtime.removeprefix("python")


def is_pure(wheel_metadata: str) -> bool:
    """Whether a WHEEL file says the distribution is pure Python (any interpreter)."""
    return "Root-Is-Purelib: true" in wheel_metadata


def runtime_distributions(
    requirements: Path = ROOT / "requirements.txt",
) -> list[metadata.Distribution]:
    """The installed distributions of `requirements` and everything they require."""
    pending = [_requirement(line) for line in requirements.read_text().splitlines()]
    found: dict[str, metadata.Distribution] = {}
    while pending:
        requirement = pending.pop()
        if requirement is None or canonicalize_name(requirement.name) in found:
            continue
        distribution = metadata.distribution(requirement.name)
        found[canonicalize_name(requirement.name)] = distribution
        pending.extend(
            dependency
            for dependency in map(Requirement, distribution.requires or [])
            if dependency.marker is None or dependency.marker.evaluate({"extra": ""})
        )
    return [found[name] for name in sorted(found)]


def _requirement(line: str) -> Requirement | None:
    text = line.split("#", 1)[0].strip()
    return Requirement(text) if text and not text.startswith("-") else None


def tags_glibc(wheel_metadata: str) -> tuple[int, int] | None:
    """The oldest glibc any of a WHEEL file's manylinux tags accepts; None if pure."""
    tags = [
        line.split(":", 1)[1].strip()
        for line in wheel_metadata.splitlines()
        if line.startswith("Tag:")
    ]
    versions = []
    for tag in tags:
        match = _MANYLINUX.search(tag)
        if match and match.group(3):
            versions.append(_LEGACY[match.group(3)])
        elif match:
            versions.append((int(match.group(1)), int(match.group(2))))
    return min(versions) if versions else None


def _too_new(glibc: tuple[int, int] | None, runtime: str) -> bool:
    return glibc is not None and glibc > RUNTIME_GLIBC[runtime]


def package_glibc_problems(package: Path, runtime: str | None = None) -> dict[str, str]:
    """Wheels in a deployment zip that would not load on the Lambda runtime."""
    problems = {}
    with zipfile.ZipFile(package) as archive:
        for name in archive.namelist():
            if name.endswith(".dist-info/WHEEL"):
                glibc = tags_glibc(archive.read(name).decode())
                if _too_new(glibc, runtime or LAMBDA_RUNTIME) and glibc:
                    problems[name.split("/")[0]] = f"needs glibc {glibc[0]}.{glibc[1]}"
    return problems


def package_interpreter_problems(package: Path, runtime: str = LAMBDA_RUNTIME) -> dict[str, str]:
    """Binary wheels in a deployment zip built for another Python than the runtime's."""
    wanted = "cp" + _runtime_version(runtime).replace(".", "")
    problems = {}
    with zipfile.ZipFile(package) as archive:
        for name in archive.namelist():
            if name.endswith(".dist-info/WHEEL"):
                tags = [
                    line.split(":", 1)[1].strip()
                    for line in archive.read(name).decode().splitlines()
                    if line.startswith("Tag:")
                ]
                binary = [t for t in tags if not t.endswith("-any")]
                if binary and not any(t.startswith(wanted) or "-abi3-" in t for t in binary):
                    problems[name.split("/")[0]] = ", ".join(binary)
    return problems


def lambda_wheel(name: str, version: str, cache: Path = ROOT / ".chalice" / "wheels") -> Path:
    """The Linux wheel of `name==version` for the Lambda runtime, downloaded once."""
    cache.mkdir(parents=True, exist_ok=True)
    cache = cache / LAMBDA_RUNTIME
    cache.mkdir(parents=True, exist_ok=True)
    prefix = f"{canonicalize_name(name).replace('-', '_')}-{version}-"
    found = [w for w in cache.glob("*.whl") if w.name.lower().startswith(prefix)]
    if not found:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                *_platforms(RUNTIME_GLIBC[LAMBDA_RUNTIME]),
                "--python-version",
                _runtime_version(),
                "--dest",
                str(cache),
                f"{name}=={version}",
            ],
            check=True,
        )
        found = [w for w in cache.glob("*.whl") if w.name.lower().startswith(prefix)]
    return found[0]


def _platforms(glibc: tuple[int, int]) -> list[str]:
    """pip's --platform options for every manylinux tag a glibc accepts (pip does not
    widen an explicit platform to older tags itself)."""
    major, minor = glibc
    tags = [f"manylinux_{major}_{m}_x86_64" for m in range(minor, 16, -1)]
    return [option for tag in [*tags, "manylinux2014_x86_64"] for option in ("--platform", tag)]


class InstalledDependencyPackager(LambdaDeploymentPackager):
    """Chalice's packager, with the dependencies copied from this virtualenv."""

    def _build_python_dependencies(
        self, python_version: str, requirements_filepath: str, site_packages_dir: str
    ) -> None:
        target = Path(site_packages_dir)
        for distribution in runtime_distributions(Path(requirements_filepath)):
            name = distribution.metadata["Name"]
            if canonicalize_name(name) in PROVIDED_BY_RUNTIME:
                continue
            if not is_pure(distribution.read_text("WHEEL") or ""):
                with zipfile.ZipFile(lambda_wheel(name, distribution.version)) as wheel:
                    wheel.extractall(target)
                continue
            for file in distribution.files or []:
                source = Path(str(distribution.locate_file(file)))
                if (
                    file.parts[0] == ".."
                    or "__pycache__" in file.parts
                    or file.name.endswith(".pyc")
                    or not source.is_file()
                ):
                    continue
                destination = target / file
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)


@dataclass(frozen=True)
class DeploymentPackage:
    path: Path
    reused: bool


def build_deployment_package(project_dir: Path = ROOT) -> DeploymentPackage:
    """Write `.chalice/deployments/<hash>-<runtime>.zip` unless it already exists."""
    packager = InstalledDependencyPackager(
        osutils=OSUtils(),
        dependency_builder=DependencyBuilder(osutils=OSUtils()),
        ui=UI(),
    )
    path = Path(packager.deployment_package_filename(str(project_dir), python_runtime()))
    if path.exists():
        return DeploymentPackage(path, reused=True)
    return DeploymentPackage(
        Path(packager.create_deployment_package(str(project_dir), python_runtime())),
        reused=False,
    )
