"""The domain's ports: `typing.Protocol`s, one module per feature, that the adapters
implement and the composition root (`chalicelib/services.py`) wires. The domain depends
on these, never on an adapter."""
