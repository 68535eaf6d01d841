"""Models of disputes."""
