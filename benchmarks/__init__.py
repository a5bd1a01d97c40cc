"""Reproducible performance measurements; each prints the ratio its issue asks for."""
