"""The Python target: naming policy, views, templates, runtime files and formatting."""
