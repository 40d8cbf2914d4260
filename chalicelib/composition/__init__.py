"""The composition root, one module per feature: each `*Pieces` class builds its
feature's services from their adapters and the pieces of the features before it
(`base.Container` <- stores <- accounts <- billing <- generations <- privacy);
`chalicelib.services.Services` is the last of them."""
