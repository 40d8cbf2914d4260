"""Data-map entries, one module per feature area, each with `TABLES` and `PREFIXES`."""
