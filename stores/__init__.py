"""Tracker stores for the Rasa server (named in endpoints.yml by module path)."""
