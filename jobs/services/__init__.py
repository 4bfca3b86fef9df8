"""Services write: every change to the registries goes through a function here."""
