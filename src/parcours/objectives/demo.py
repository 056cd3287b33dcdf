def build_objectives_demo() -> None:
    """Add the objectives demo data (once; running it again changes nothing)."""
