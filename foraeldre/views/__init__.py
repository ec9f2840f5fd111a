"""The parents' pages, one module per area: parents and contacts, consent, information events, the guide."""

from .consent import ConsentCreateView, ConsentDocumentView, ConsentWithdrawView, YouthConsentView
from .events import InformationEventCreateView, InformationEventListView, InformationEventUpdateView
from .family_consent import ConsentRequestSendView, FamilyConsentReceiptView, FamilyConsentView
from .guide import (
    GuideEditionView,
    GuidePdfView,
    GuideSectionCreateView,
    GuideSectionDeleteView,
    GuideSectionTextView,
    GuideView,
)
from .parents import (
    ParentAnonymisationRequestView,
    ParentContactCreateView,
    ParentContactUpdateView,
    ParentCreateView,
    ParentDetailView,
    ParentInsightView,
    ParentListView,
    ParentUpdateView,
)
from .signups import SignUpAcceptView, SignUpDetailView, SignUpListView, SignUpPublicView, SignUpRejectView

__all__ = [
    "ConsentCreateView",
    "ConsentDocumentView",
    "ConsentRequestSendView",
    "ConsentWithdrawView",
    "FamilyConsentReceiptView",
    "FamilyConsentView",
    "GuideEditionView",
    "GuidePdfView",
    "GuideSectionCreateView",
    "GuideSectionDeleteView",
    "GuideSectionTextView",
    "GuideView",
    "InformationEventCreateView",
    "InformationEventListView",
    "InformationEventUpdateView",
    "ParentAnonymisationRequestView",
    "ParentContactCreateView",
    "ParentContactUpdateView",
    "ParentCreateView",
    "ParentDetailView",
    "ParentInsightView",
    "ParentListView",
    "ParentUpdateView",
    "SignUpAcceptView",
    "SignUpDetailView",
    "SignUpListView",
    "SignUpPublicView",
    "SignUpRejectView",
    "YouthConsentView",
]
