"""The `sdkgen` command: `main` parses and dispatches; `check` is the light path."""
