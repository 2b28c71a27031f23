from .analysis import ReplyAnalysis
from .clearance import FindingMark, PrivacyClearance
from .content import ContentPage
from .pages import (
    PAGE_SIZE,
    BlogIndexPage,
    LetterReplyPage,
    LetterReplyPageTag,
    ModuleIndexPage,
    ModulePage,
    RelatedPostPin,
    StaffWriter,
    paginate,
)
from .review import EditorialApprovalTask, PrivacyCheckTask

__all__ = [
    "PAGE_SIZE",
    "BlogIndexPage",
    "ContentPage",
    "EditorialApprovalTask",
    "FindingMark",
    "LetterReplyPage",
    "LetterReplyPageTag",
    "ModuleIndexPage",
    "ModulePage",
    "PrivacyCheckTask",
    "PrivacyClearance",
    "RelatedPostPin",
    "ReplyAnalysis",
    "StaffWriter",
    "paginate",
]
