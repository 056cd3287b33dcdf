def register(router) -> None:
    """Add the compliance endpoints to the project's router."""
