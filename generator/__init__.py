"""openapi-sdkgen: an OpenAPI document in, a typed Python SDK out.

The pipeline, one module per stage (DESIGN.md §2):
load → validate → normalize → naming → render → format → write.
"""

__version__ = "0.1.0"
