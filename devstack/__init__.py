"""Dev-only code, never imported by production (`app.py`, `chalicelib/`) and never
packaged (Chalice packages `app.py` and `chalicelib/` only): the embedded local stack
(`python -m devstack`, what `make run` starts), the local Stripe stand-in and its checkout
simulator, and the dev routes (`/v1/dev/*`). `devstack.wiring` puts them on the app, on
the local stage only."""
