"""Models of inspections."""
