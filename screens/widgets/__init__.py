"""Small widgets shared by the screens, each with its own DEFAULT_CSS."""
