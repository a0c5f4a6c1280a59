"""The case list's own screens and columns, mixed into ``CaseAdmin``."""


class CaseListScreens:
    """Columns, exports and bulk actions of the case list."""
