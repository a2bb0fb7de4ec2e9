"""openapi-sdkgen: an OpenAPI document in, a typed SDK out.

The pipeline (DESIGN.md §2): the language-neutral core, one module per stage, flat in this
package (load → validate → normalize → infer → write); then a target language, one package each
(`python/`: its naming policy, views, templates, runtime files and formatter), found by name
(`target.py`). `surface/` and `cli/` are built on top.
"""

__version__ = "0.1.0"
