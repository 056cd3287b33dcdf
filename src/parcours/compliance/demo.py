def build_compliance_demo() -> None:
    """Add the compliance demo data (once; running it again changes nothing)."""
