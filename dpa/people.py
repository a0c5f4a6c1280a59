"""How staff are named on the screens, the letters and the exports."""


def staff_name(user) -> str:
    """A staff member's full name, or their username if they have none."""
    return user.get_full_name() or user.get_username()
