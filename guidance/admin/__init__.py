"""The guidance screens: the list of publications with what the public sees of each, a publication's
page with both languages side by side, the pages behind its buttons, its versions (only ever read)
and the topics. Every change is a call to ``guidance.services``; the status moves only by the buttons.
"""

from guidance.admin import publications, topics, versions  # noqa: F401  (registers the model admins)
