"""Hand-written code for swagger2_store.

This file is created once and never overwritten by the generator: put helpers, subclasses of
the generated clients, or extra methods here. Import from `swagger2_store.custom`.
"""
