def register(router) -> None:
    """Add the kiosk endpoints to the project's router."""
