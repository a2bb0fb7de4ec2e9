"""Hand-written code for runtime_31.

This file is created once and never overwritten by the generator: put helpers, subclasses of
the generated clients, or extra methods here. Import from `runtime_31.custom`.
"""
