"""The plan's language: aggregates, events, value types and the rules that keep them sound."""
