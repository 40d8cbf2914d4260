"""The API's request and response models (Pydantic v2). Each model is at once the
validation of what comes in, the OpenAPI component (`components/schemas`, by `$ref`) and
the serializer of what goes out (`model_dump(mode="json")`, unset fields left out)."""
