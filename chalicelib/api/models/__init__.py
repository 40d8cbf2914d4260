"""The API's request and response models (Pydantic v2). Each model is at once the
validation of what comes in, the OpenAPI component (`components/schemas`, by `$ref`) and
the serializer of what goes out (`model_dump(mode="json")`, unset fields left out).

The API modules reach them through `lazy(name)`, a module of this package imported on
its first attribute access: importing the app (every route registered) imports no model
and not pydantic, and a request imports only the models its route uses."""

import importlib
import os
from types import ModuleType
from typing import Any

# Pydantic looks for plugins among the installed distributions' entry points the first
# time it builds a model (importlib.metadata: ~70 ms of the API's cold start). We use none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


class _Lazy:
    """Stands for a module until an attribute is read, then imports it (the import
    system's locks make concurrent first reads safe) and answers from it."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        module: ModuleType = importlib.import_module(self._name)
        return getattr(module, attribute)


def lazy(name: str) -> Any:
    """`chalicelib.api.models.<name>`, imported on first use. Its importers name the
    module itself under `if TYPE_CHECKING:`, so the type checker sees the real one."""
    return _Lazy(f"{__name__}.{name}")
