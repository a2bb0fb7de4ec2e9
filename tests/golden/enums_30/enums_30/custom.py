"""Hand-written code for enums_30.

This file is created once and never overwritten by the generator: put helpers, subclasses of
the generated clients, or extra methods here. Import from `enums_30.custom`.
"""
