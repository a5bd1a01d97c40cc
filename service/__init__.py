"""The Strategikarta application: use cases in, frozen views out."""
