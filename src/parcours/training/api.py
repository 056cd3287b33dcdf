def register(router) -> None:
    """Add the training endpoints to the project's router."""
