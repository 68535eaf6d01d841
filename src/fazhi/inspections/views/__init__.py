"""Pages of the inspections app (thin: selectors read, services write, nothing here decides a rule)."""
