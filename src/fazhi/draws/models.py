"""Models of draws."""
