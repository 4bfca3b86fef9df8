"""Selectors read: queries the views, admin and services share."""
