"""Insight from the stored conversations: the content owner's report, its page and the retention of conversations."""
