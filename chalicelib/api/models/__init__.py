"""The API's request and response models (Pydantic v2). Each model is at once the
validation of what comes in, the OpenAPI component (`components/schemas`, by `$ref`) and
the serializer of what goes out (`model_dump(mode="json")`, unset fields left out)."""

import os

# Pydantic looks for plugins among the installed distributions' entry points the first
# time it builds a model (importlib.metadata: ~70 ms of the API's cold start). We use none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
