"""The SDK's public surface (from the named IR and the Python views), its diff and the release it implies."""
