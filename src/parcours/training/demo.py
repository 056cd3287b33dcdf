def build_training_demo() -> None:
    """Add the training demo data (once; running it again changes nothing)."""
