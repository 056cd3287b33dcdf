def register(router) -> None:
    """Add the objectives endpoints to the project's router."""
