def build_kiosk_demo() -> None:
    """Add the kiosk demo data (once; running it again changes nothing)."""
