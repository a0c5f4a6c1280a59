"""What the demo publishes: the topics, and each publication with its texts in English and
Traditional Chinese, its files and where it stands (published when, revised, superseded or
scheduled). The story's platform is Linkwave, as in cases/demo/story.py."""

from guidance.demo.content.ai import AI_FRAMEWORK, MEDIA_STATEMENT, OPT_OUT_STEPS
from guidance.demo.content.breaches import BREACH_GUIDANCE, DATA_ACCESS_REQUESTS, OLD_BREACH_GUIDANCE
from guidance.demo.content.plan import FIRST_PUBLISHED, TOPICS, Note, PlannedPublication, Wording
from guidance.demo.content.public import BUILDING_NOTICES, CHILDRENS_PRIVACY, DIRECT_MARKETING, DOXXING
from guidance.demo.content.workplace import CCTV_AT_WORK, CROSS_BORDER, EMPLOYEE_MONITORING

# In the order they were first written: a publication relates to, or supersedes, earlier ones only.
PUBLICATIONS = (
    OLD_BREACH_GUIDANCE,
    DATA_ACCESS_REQUESTS,
    CCTV_AT_WORK,
    AI_FRAMEWORK,
    DIRECT_MARKETING,
    CROSS_BORDER,
    CHILDRENS_PRIVACY,
    DOXXING,
    BREACH_GUIDANCE,
    BUILDING_NOTICES,
    MEDIA_STATEMENT,
    OPT_OUT_STEPS,
    EMPLOYEE_MONITORING,
)

__all__ = ["FIRST_PUBLISHED", "PUBLICATIONS", "TOPICS", "Note", "PlannedPublication", "Wording"]
