"""The demo group's rights requests, played through the services (``egide demo``).

Each story of :mod:`egide.rights.demo_data` is played step by step with a :class:`FrozenClock` set to its
day (counted back from the demo's "today"), so receipts, deadlines, timelines, letters and audit events
are the real ones and the deadlines look live: one request is overdue, one is due within days, one is
extended, one waits for a proof. Portal requests go through the portal's services (submission, email
confirmation, proofs uploaded by the requester), so their timeline and audit name the portal. Idempotent:
an organisation that already has rights requests is left as it is.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _

from egide.accounts.models import Organisation, User
from egide.core.audit import Actor
from egide.core.clock import PARIS, FrozenClock
from egide.demo.loader import DemoContext, register_demo_step
from egide.registry.models import InformationSystem, ProcessingActivity
from egide.rights import services
from egide.rights.choices import Channel, RequestStatus, SearchTaskStatus
from egide.rights.demo_data import STORIES, Step, Story
from egide.rights.models import RightsRequest

# A one-page PDF standing for the scanned proofs requesters upload (a real PDF: the upload checks content).
PROOF_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class StoryClock:
    """The clock of one story: the Paris day ``receipt + step.day`` at ``step.hour``, never later than the
    demo's now and never going back."""

    def __init__(self, context: DemoContext, story: Story) -> None:
        self.now = context.clock.now()
        self.received = self.now.astimezone(PARIS).date() - timedelta(days=story.days_ago)
        self.last: datetime | None = None

    def at(self, day: int, hour: int) -> FrozenClock:
        moment = datetime.combine(self.received + timedelta(days=day), time(hour), tzinfo=PARIS)
        moment = min(moment.astimezone(self.now.tzinfo), self.now - timedelta(minutes=30))
        if self.last is not None and moment <= self.last:
            moment = self.last + timedelta(minutes=1)
        self.last = moment
        return FrozenClock(moment)

    @property
    def received_on(self) -> date:
        return self.received


def load_rights(context: DemoContext) -> None:
    for slug, organisation in context.organisations.items():
        if RightsRequest.objects.for_organisation(organisation).exists():
            continue
        for story in (s for s in STORIES if s.organisation == slug):
            _play(context, organisation, story)
            context.count_created(_("rights requests"))


def _intake(story: Story) -> services.RequestIntake:
    patient_first, patient_last = story.patient or ("", "")
    return services.RequestIntake(
        right=story.right,
        requester_first_name=story.first_name,
        requester_last_name=story.last_name,
        requester_email=story.email,
        requester_capacity=story.capacity,
        includes_medical_record=story.medical_record,
        medical_record_older_than_5_years=story.older_than_5_years,
        description=story.description,
        patient_first_name=patient_first,
        patient_last_name=patient_last,
        patient_deceased=story.deceased,
        language=story.language,
    )


def _play(context: DemoContext, organisation: Organisation, story: Story) -> RightsRequest:
    clock = StoryClock(context, story)
    if story.channel == Channel.PORTAL:
        request = services.rights_request_submit(
            organisation=organisation,
            intake=_intake(story),
            submission_key=f"demo-{story.email}",
            clock=clock.at(0, 8),
        )
        if not story.confirmed:
            return request
        token = services.confirmation_token_issue(request=request, clock=clock.at(0, 8))
        request = services.rights_request_confirm_email(
            organisation=organisation, token=token, clock=clock.at(0, 9)
        )
    else:
        request = services.rights_request_record(
            actor=context.actor,
            organisation=organisation,
            intake=_intake(story),
            channel=story.channel,
            received_on=clock.received_on,
            clock=clock.at(0, 9),
        )
    for step in story.steps:
        _step(context, request, story, step, clock.at(step.day, step.hour))
    return request


def _user(context: DemoContext, email: str) -> User:
    return context.users[email]


def _step(
    context: DemoContext, request: RightsRequest, story: Story, step: Step, clock: FrozenClock
) -> None:
    actor, args = context.actor, step.args
    if step.action == "upload":
        who = services.PORTAL_ACTOR if story.channel == Channel.PORTAL else actor
        services.identity_document_upload(
            actor=who,
            request=request,
            kind=args["kind"],
            filename=f"{args['kind']}-{story.last_name.lower().replace(' ', '-')}.pdf",
            content=PROOF_PDF,
            clock=clock,
        )
    elif step.action == "tasks":
        for system in _systems(request.organisation, args["systems"]):
            services.search_task_add(
                actor=actor,
                request=request,
                label=system.name,
                system=system,
                activity=_activity_of(system),
                clock=clock,
            )
    elif step.action == "complete_tasks":
        todo = request.search_tasks.filter(status=SearchTaskStatus.TODO).order_by("pk")
        for task in list(todo)[: args.get("count")]:
            services.search_task_complete(
                actor=actor,
                task=task,
                status=SearchTaskStatus.FOUND,
                result=args["result"],
                clock=clock,
            )
    elif step.action == "assign":
        services.rights_request_assign(
            actor=actor, request=request, assignee=_user(context, args["user"]), clock=clock
        )
    else:
        _transition(actor, request, step, clock)


def _transition(actor: Actor, request: RightsRequest, step: Step, clock: FrozenClock) -> None:
    args = step.args
    match step.action:
        case "start":
            services.rights_request_start(actor=actor, request=request, clock=clock)
        case "confirm_identity":
            services.rights_request_confirm_identity(actor=actor, request=request, clock=clock)
        case "ask_proof":
            services.rights_request_ask_proof(
                actor=actor, request=request, reason=args["reason"], clock=clock
            )
        case "identity_not_established":
            services.rights_request_identity_not_established(
                actor=actor, request=request, reason=args["reason"], clock=clock
            )
        case "note":
            services.rights_request_note(
                actor=actor, request=request, text=args["text"], clock=clock
            )
        case "extend":
            services.rights_request_extend(
                actor=actor, request=request, reason=args["reason"], clock=clock
            )
        case "answer":
            services.rights_request_answer(
                actor=actor, request=request, outcome=args["outcome"], clock=clock
            )
        case "refuse":
            services.rights_request_refuse(
                actor=actor,
                request=request,
                ground=args["ground"],
                reason=args["reason"],
                partial=args.get("partial", False),
                clock=clock,
            )
        case "withdraw":
            services.rights_request_withdraw(
                actor=actor, request=request, reason=args.get("reason", ""), clock=clock
            )
        case "close":
            if request.status != RequestStatus.CLOSED:
                services.rights_request_close(actor=actor, request=request, clock=clock)
        case _:
            raise ValueError(f"unknown demo step {step.action!r}")


def _systems(organisation: Organisation, names: tuple[str, ...]) -> list[InformationSystem]:
    found = {
        s.name: s
        for s in InformationSystem.objects.for_organisation(organisation).filter(name__in=names)
    }
    return [found[name] for name in names if name in found]


def _activity_of(system: InformationSystem) -> ProcessingActivity | None:
    """The first live activity of the register this system supports (the search's context)."""
    return (
        ProcessingActivity.objects.for_organisation(system.organisation)
        .filter(systems=system, shared_from__isnull=True)
        .exclude(status="archived")
        .order_by("name", "pk")
        .first()
    )


register_demo_step("rights", load_rights, order=50)
