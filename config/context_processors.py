from congress import access


def navigation(request):
    """What the navigation bar needs: the user's role, lazily (no query for anonymous pages)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"user_role": access.role(user), "user_is_county_level": access.is_county_level(user)}
