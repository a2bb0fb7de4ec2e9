"""The TypeScript target: naming policy, type expressions, views, runtime .ts sources, templates
and one Biome run (DESIGN.md §3b)."""
