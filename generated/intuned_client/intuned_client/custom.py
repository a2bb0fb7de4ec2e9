"""Hand-written code for intuned_client.

This file is created once and never overwritten by the generator: put helpers, subclasses of
the generated clients, or extra methods here. Import from `intuned_client.custom`.
"""
