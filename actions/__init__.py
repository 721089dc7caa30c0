"""Thin rasa_sdk actions: read slots, call advisor/, utter."""
