"""Referrals in the partner API: a partner refers a complaint (``referrals:write``), safely retried
with an ``Idempotency-Key``, and follows the referrals it sent (``referrals:read``).

A partner reads only its own referrals, looked up among them alone: another partner's reference is
404 exactly like one that does not exist. What it reads of each is the case's status, outcome and
public timeline (``Referral.partner_timeline``): no note, no officer, no complainant.
"""

import hashlib
import json
import re

import django_filters
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response

from cases import services
from cases.models import PARTNER_TIMELINE, CaseEvent, CaseStatus, Outcome, Partner, Referral, validate_country
from dpa.api_errors import NOT_AUTHENTICATED, PAGE_NOT_FOUND, THROTTLED, documented_error, scope_missing
from dpa.api_serializers import StrictSerializer
from dpa.dates import validate_plausible_date

READ_SCOPE = "referrals:read"
WRITE_SCOPE = "referrals:write"
IDEMPOTENCY_HEADER = "Idempotency-Key"
# Printable ASCII without spaces, as a UUID or any key of the partner's own making is.
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]{1,255}$"
PRINCIPLE_CODE = r"^DPP[1-6]\Z"


class ReferredComplainantSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200, help_text=_("As the complainant gives it."))
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    consent_to_disclose = serializers.BooleanField(
        default=False,
        help_text=_("Whether the complainant agrees to their identity being disclosed to the organisation."),
    )


class NewReferralSerializer(StrictSerializer):
    """What a partner sends: each field checked, and any field not listed here refused by name."""

    partner_reference = serializers.CharField(
        max_length=100, help_text=_("The partner's own reference for the complaint; one referral per reference.")
    )
    organisation_name = serializers.CharField(
        max_length=200, help_text=_("The organisation complained against, as the partner knows it.")
    )
    organisation_country = serializers.CharField(
        min_length=2,
        max_length=2,
        validators=[validate_country],
        help_text=_("Where the organisation is: an ISO 3166-1 alpha-2 code, e.g. HK."),
    )
    summary = serializers.CharField(
        max_length=10_000, help_text=_("What the complaint is about. Its first 200 characters become the case's title.")
    )
    allegations = serializers.ListField(
        child=serializers.RegexField(PRINCIPLE_CODE, error_messages={"invalid": _("Use DPP1 to DPP6.")}),
        max_length=6,
        required=False,
        default=list,
        help_text=_("The data protection principles alleged breached, DPP1 to DPP6."),
    )
    received_on = serializers.DateField(
        required=False,
        validators=[validate_plausible_date],
        help_text=_("When the partner received the complaint; today by default. Not in the future."),
    )
    complainant = ReferredComplainantSerializer(
        required=False,
        help_text=_("Who complained, if the partner may pass it on. Kept by the authority; never shown in the API."),
    )

    def validate_received_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("A complaint cannot be received in the future."))
        return value

    def to_request(self) -> services.ReferralRequest:
        data = self.validated_data
        complainant = data.get("complainant")
        return services.ReferralRequest(
            partner_reference=data["partner_reference"],
            organisation_name=data["organisation_name"],
            organisation_country=data["organisation_country"],
            summary=data["summary"],
            principles=tuple(sorted({int(code.removeprefix("DPP")) for code in data["allegations"]})),
            received_on=data.get("received_on"),
            complainant=services.ReferredComplainant(
                name=complainant["name"],
                email=complainant["email"],
                consent_to_disclose=complainant["consent_to_disclose"],
            )
            if complainant
            else None,
        )


class TimelineEntrySerializer(serializers.ModelSerializer):
    event = serializers.ChoiceField(
        source="kind", choices=[(kind.value, kind.label) for kind in PARTNER_TIMELINE], help_text=_("What happened.")
    )
    from_status = serializers.SerializerMethodField(help_text=_("For a change of status: the status before."))
    to_status = serializers.SerializerMethodField(help_text=_("For a change of status: the status after."))

    class Meta:
        model = CaseEvent
        fields = ["at", "event", "from_status", "to_status"]

    @extend_schema_field(serializers.ChoiceField(choices=CaseStatus.choices, allow_null=True))
    def get_from_status(self, event: CaseEvent) -> str | None:
        return event.from_status or None

    @extend_schema_field(serializers.ChoiceField(choices=CaseStatus.choices, allow_null=True))
    def get_to_status(self, event: CaseEvent) -> str | None:
        return event.to_status or None


class ReferralSerializer(serializers.ModelSerializer):
    """A referral as its partner sees it in a list."""

    reference = serializers.CharField(source="case.reference", help_text=_("The authority's reference for the case."))
    status = serializers.ChoiceField(source="case.status", choices=CaseStatus.choices)
    outcome = serializers.SerializerMethodField(help_text=_("Once the case is closed: how it ended."))
    received_on = serializers.DateField(source="case.received_on")
    url = serializers.SerializerMethodField(help_text=_("This referral in the API, with its timeline."))

    class Meta:
        model = Referral
        fields = [
            "reference",
            "partner_reference",
            "status",
            "outcome",
            "organisation_name",
            "organisation_country",
            "received_on",
            "received_at",
            "url",
        ]
        extra_kwargs = {"received_at": {"help_text": _("When the API received the referral.")}}

    @extend_schema_field(serializers.ChoiceField(choices=Outcome.choices, allow_null=True))
    def get_outcome(self, referral: Referral) -> str | None:
        return referral.case.outcome or None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, referral: Referral) -> str:
        path = reverse("cases-api:referral", kwargs={"reference": referral.case.reference})
        return self.context["request"].build_absolute_uri(path)


class ReferralDetailSerializer(ReferralSerializer):
    """A referral with the public part of its case's timeline."""

    timeline = serializers.SerializerMethodField(
        help_text=_("Received, changes of status, enquiries to the organisation and its replies; oldest first.")
    )

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "timeline"]

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, referral: Referral) -> list:
        return TimelineEntrySerializer(referral.partner_timeline(), many=True).data


class ReferralFilter(django_filters.FilterSet):
    partner_reference = django_filters.CharFilter(help_text=_("The referral with this reference of yours."))
    status = django_filters.ChoiceFilter(
        field_name="case__status", choices=CaseStatus.choices, help_text=_("Referrals whose case has this status.")
    )

    class Meta:
        model = Referral
        fields = ["partner_reference", "status"]


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _(
        "This Idempotency-Key was sent before with a different body. Send the same body again to get the "
        "first answer, or use a new key for a new referral."
    )


class AlreadyReferred(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT


def idempotency_key(request) -> str:
    key = request.headers.get(IDEMPOTENCY_HEADER, "")
    if not key:
        raise exceptions.ValidationError({IDEMPOTENCY_HEADER: [_("This header is required: a key of your own.")]})
    if not re.fullmatch(IDEMPOTENCY_KEY_PATTERN, key):
        raise exceptions.ValidationError(
            {IDEMPOTENCY_HEADER: [_("At most 255 printable ASCII characters without spaces, e.g. a UUID.")]}
        )
    return key


def request_hash(data) -> str:
    """The same JSON body hashes the same however its keys are ordered or spaced."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class PartnerReferralView(generics.GenericAPIView):
    # The model, for the filters and the schema; get_queryset gives the calling partner's rows.
    queryset = Referral.objects.none()
    filter_backends = []

    @property
    def required_scope(self) -> str:
        return WRITE_SCOPE if self.request.method == "POST" else READ_SCOPE

    @property
    def partner(self) -> Partner:
        return self.request.auth.application.partner_client.partner

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return Referral.objects.sent_by(self.partner).for_partner_list()


NOT_FOUND = documented_error("None of your referrals has this reference.")


class ReferralList(PartnerReferralView, generics.ListAPIView):
    serializer_class = ReferralSerializer
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    filterset_class = ReferralFilter

    @extend_schema(
        operation_id="referrals_list",
        summary="Your referrals",
        description="The referrals you sent, the newest first, with their status. Needs referrals:read.",
        responses={
            200: ReferralSerializer(many=True),
            400: documented_error("A filter could not be read; fields names it."),
            401: NOT_AUTHENTICATED,
            403: scope_missing(READ_SCOPE),
            404: PAGE_NOT_FOUND,
            429: THROTTLED,
        },
        tags=["referrals"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="referrals_create",
        summary="Refer a complaint",
        description=(
            "Opens a case of kind incoming referral at intake and answers with the authority's reference. "
            "The organisation is matched by name or alias in the registry of its country, or added for an officer "
            "to confirm. Send an Idempotency-Key header of your own making (a UUID): the same key with the same "
            "body again returns the first answer (with Idempotent-Replayed: true) and opens nothing; the same key "
            "with another body is refused (422). A partner_reference you used before is refused (409). "
            "Needs referrals:write."
        ),
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                pattern=IDEMPOTENCY_KEY_PATTERN,
                description="A key of your own making for this referral, e.g. a UUID; resend it with a retry.",
            )
        ],
        request=NewReferralSerializer,
        responses={
            201: OpenApiResponse(ReferralDetailSerializer, description="The referral was received (or was before)."),
            400: documented_error("A field is missing, wrong or unknown, or the Idempotency-Key is; fields names it."),
            401: NOT_AUTHENTICATED,
            403: scope_missing(WRITE_SCOPE),
            409: documented_error("You referred a complaint with this partner_reference before, under another key."),
            413: documented_error("The body is larger than the API accepts."),
            422: documented_error("This Idempotency-Key was sent before with a different body."),
            429: THROTTLED,
        },
        tags=["referrals"],
    )
    def post(self, request, *args, **kwargs) -> Response:
        key = idempotency_key(request)
        received = NewReferralSerializer(data=request.data)
        received.is_valid(raise_exception=True)
        try:
            referral, replayed = services.receive_referral(
                partner=self.partner,
                idempotency_key=key,
                request_hash=request_hash(request.data),
                request=received.to_request(),
                answer=lambda referral: ReferralDetailSerializer(referral, context=self.get_serializer_context()).data,
                now=timezone.now(),
            )
        except services.IdempotencyKeyReused:
            raise IdempotencyKeyReused() from None
        except services.AlreadyReferred as refusal:
            raise AlreadyReferred(
                _("You referred a complaint with this partner_reference before: it is case %(reference)s.")
                % {"reference": refusal.referral.case.reference}
            ) from None
        headers = {"Location": referral.first_answer["url"]}
        if replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(referral.first_answer, status=status.HTTP_201_CREATED, headers=headers)


class ReferralDetail(PartnerReferralView):
    serializer_class = ReferralDetailSerializer

    @extend_schema(
        operation_id="referrals_retrieve",
        summary="One of your referrals",
        description="A referral you sent, with its status and the public part of its timeline. Needs referrals:read.",
        responses={
            200: ReferralDetailSerializer,
            401: NOT_AUTHENTICATED,
            403: scope_missing(READ_SCOPE),
            404: NOT_FOUND,
            429: THROTTLED,
        },
        tags=["referrals"],
    )
    def get(self, request, reference: str) -> Response:
        referral = self.get_queryset().filter(case__reference=reference).first()
        if referral is None:
            raise exceptions.NotFound()
        return Response(self.get_serializer(referral).data)
