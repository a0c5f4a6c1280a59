"""The staff screens, one module per aggregate. Thin: every change of state is a call to ``cases.services``."""

from cases.admin import case, complainants, enquiries, letters, partners, reference, reminders  # noqa: F401  (registers the model admins)
