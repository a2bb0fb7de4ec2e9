"""Hand-written code for naming_30.

This file is created once and never overwritten by the generator: put helpers, subclasses of
the generated clients, or extra methods here. Import from `naming_30.custom`.
"""
