"""The TypeScript target: naming policy, type expressions, views, runtime .ts sources, templates
and one Prettier run (DESIGN.md §3b)."""
