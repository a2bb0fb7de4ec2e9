"""The runtime of every generated Python SDK: real modules, checked here by mypy and ruff, and
copied into each SDK's package by `generator/python/runtime_files.py` (which documents the one
substitution it makes). Not imported by the generator; this file is not copied."""
