"""Custom Rasa graph components (Norwegian tokenizer)."""
