"""Hand-written code for process_runs_client.

This file is created once and never overwritten by the generator: put helpers, subclasses of
the generated clients, or extra methods here. Import from `process_runs_client.custom`.
"""
