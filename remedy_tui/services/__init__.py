"""Application services: the layer between the screens and the store."""
