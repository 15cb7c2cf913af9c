"""The scenario contract of ../shared/SCENARIO_FORMAT.md as strict pydantic models.

A field left out is *unknown* (None), never silently false: the ICCPR assessment names the
unknown facts a verdict turns on, so unknown and "no" must stay distinct. Bounds on sizes and
dates are here so that hostile input fails at the boundary with a message, not deep inside.
"""

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, StrictBool, StrictInt, field_validator

from engine.model.base import Strict
from engine.model.dates import DATE_ADVICE, EARLIEST_DATE, LATEST_DATE, NotADate, in_scope, iso_day
from engine.model.errors import control_pattern

MAX_TEXT = 100_000
MAX_SUMMARY = 10_000
MAX_LIST = 100

# Refused in a description: every control character but the carriage return, which files
# written on Windows end their lines with. Bidi marks are legitimate and are kept.
_CONTROL = control_pattern(allowed=r"\r")


def _clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    match = _CONTROL.search(value)
    if match:
        raise ValueError(
            f"contains the control character U+{ord(match.group()):04X} at position "
            f"{match.start()}; remove it (only tab and newline are allowed)"
        )
    return value


ShortText = Annotated[str, Field(max_length=MAX_SUMMARY)]
LongText = Annotated[str, Field(max_length=MAX_TEXT)]


class Act(StrEnum):
    post = "post"
    repost = "repost"
    comment = "comment"
    poll = "poll"
    video = "video"
    message = "message"
    article = "article"
    protest_call = "protest_call"
    assembly = "assembly"
    speech = "speech"
    page_admin = "page_admin"
    other = "other"


class Platform(StrEnum):
    facebook = "facebook"
    vkontakte = "vkontakte"
    odnoklassniki = "odnoklassniki"
    instagram = "instagram"
    youtube = "youtube"
    telegram = "telegram"
    whatsapp = "whatsapp"
    twitter = "twitter"
    tiktok = "tiktok"
    periscope = "periscope"
    website = "website"
    blog = "blog"
    print = "print"
    tv_radio = "tv_radio"
    offline = "offline"
    unknown = "unknown"


class Role(StrEnum):
    ordinary_user = "ordinary_user"
    activist = "activist"
    blogger = "blogger"
    journalist = "journalist"
    editor = "editor"
    page_admin = "page_admin"
    human_rights_defender = "human_rights_defender"
    lawyer = "lawyer"
    politician = "politician"
    religious_figure = "religious_figure"
    public_official = "public_official"
    business = "business"


class Authorship(StrEnum):
    own = "own"
    shared = "shared"
    third_party = "third_party"


class Stance(StrEnum):
    endorses = "endorses"
    neutral = "neutral"
    criticises = "criticises"


class Language(StrEnum):
    ru = "ru"
    kk = "kk"
    en = "en"
    other = "other"


class Theme(StrEnum):
    ethnicity = "ethnicity"
    national_honour = "national_honour"
    religion = "religion"
    social_class = "social_class"
    clan = "clan"
    language = "language"
    secession = "secession"
    foreign_state_union = "foreign_state_union"
    government_criticism = "government_criticism"
    head_of_state = "head_of_state"
    officials = "officials"
    corruption = "corruption"
    land_reform = "land_reform"
    economy = "economy"
    foreign_policy = "foreign_policy"
    armed_conflict = "armed_conflict"
    terrorism = "terrorism"
    extremism = "extremism"
    prison_conditions = "prison_conditions"
    business = "business"
    elections = "elections"
    assembly = "assembly"
    state_symbols = "state_symbols"
    public_health = "public_health"
    literature = "literature"
    banned_organisation = "banned_organisation"
    environment = "environment"
    human_rights = "human_rights"


class CallTo(StrEnum):
    violence = "violence"
    discrimination = "discrimination"
    hostility = "hostility"
    secession = "secession"
    seizure_of_power = "seizure_of_power"
    terrorism = "terrorism"
    assembly = "assembly"
    strike = "strike"
    boycott = "boycott"
    none = "none"


class Target(StrEnum):
    ethnic_group = "ethnic_group"
    religious_group = "religious_group"
    social_group = "social_group"
    the_authorities = "the_authorities"
    head_of_state = "head_of_state"
    named_official = "named_official"
    company = "company"
    foreign_state = "foreign_state"
    individual = "individual"


class Form(StrEnum):
    opinion = "opinion"
    factual_claim = "factual_claim"
    question = "question"
    literary = "literary"
    satire = "satire"
    news_report = "news_report"
    religious_text = "religious_text"
    documentation = "documentation"


class Verified(StrEnum):
    true = "true"
    false = "false"
    unknown = "unknown"


class Harm(StrEnum):
    none = "none"
    public_order = "public_order"
    rights_of_others = "rights_of_others"
    major_damage = "major_damage"
    grave_consequences = "grave_consequences"


class AssemblyRole(StrEnum):
    organiser = "organiser"
    participant = "participant"
    supporter = "supporter"
    reporter = "reporter"


class ComplaintBy(StrEnum):
    users = "users"
    officials = "officials"
    company = "company"
    none = "none"
    unknown = "unknown"


class Tension(StrEnum):
    none = "none"
    protests = "protests"
    armed_conflict_nearby = "armed_conflict_nearby"
    emergency = "emergency"
    elections = "elections"
    intercommunal_violence = "intercommunal_violence"  # v2


class Knowledge(StrEnum):
    """v2: did the speaker know a statement presented as fact was false?"""

    knew_false = "knew_false"
    believed_true = "believed_true"
    unknown = "unknown"


class OwnConduct(StrEnum):
    """v2: the conduct of the person the scenario is about, whatever others at the gathering did."""

    peaceful = "peaceful"
    violent = "violent"
    unknown = "unknown"


class SanctionKind(StrEnum):
    prison = "prison"
    restricted_freedom = "restricted_freedom"
    suspended = "suspended"
    fine = "fine"
    administrative_detention = "administrative_detention"
    closure = "closure"
    damages = "damages"
    dismissal = "dismissal"
    none = "none"


class Reach(Strict):
    public: StrictBool | None = None
    audience: Annotated[StrictInt, Field(ge=0, le=10_000_000_000)] | None = None


class Speaker(Strict):
    role: Role | None = None
    leads_public_association: StrictBool | None = None
    official_position: StrictBool | None = None
    repeat: StrictBool | None = None
    with_others: StrictBool | None = None


def _verified(value: Any) -> Any:
    # YAML reads `verified: true` as a boolean; the contract spells the enum true|false|unknown.
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class Claim(Strict):
    text: LongText | None = None
    verified: Verified = Verified.unknown
    knowledge: Knowledge = Knowledge.unknown  # v2
    harm_alleged: Harm | None = None

    _text = field_validator("text")(classmethod(lambda cls, v: _clean_text(v)))

    @field_validator("verified", mode="before")
    @classmethod
    def _bool_verified(cls, value: Any) -> Any:
        return _verified(value)


class Content(Strict):
    summary: ShortText | None = None
    text: LongText | None = None
    language: Language | None = None
    # None = not said; [] = none. `calls_to: []` means the content calls for nothing.
    themes: Annotated[list[Theme], Field(max_length=MAX_LIST)] | None = None
    calls_to: Annotated[list[CallTo], Field(max_length=MAX_LIST)] | None = None
    targets: Annotated[list[Target], Field(max_length=MAX_LIST)] | None = None
    insulting_terms: StrictBool | None = None
    form: Form | None = None
    claims: Annotated[list[Claim], Field(max_length=MAX_LIST)] = []
    # kzlex extension (optional): the call names a place and a time in the near future.
    # The Rabat test's "likelihood, including imminence" turns on it.
    imminent: StrictBool | None = None
    # v2: the speaker themself threatens violence against the targets.
    threat: StrictBool | None = None

    _texts = field_validator("summary", "text")(classmethod(lambda cls, v: _clean_text(v)))


class Assembly(Strict):
    role: AssemblyRole | None = None
    notified: StrictBool | None = None
    permission_refused: StrictBool | None = None
    peaceful: StrictBool | None = None
    held: StrictBool | None = None
    place_designated: StrictBool | None = None
    single_person: StrictBool | None = None
    # v2: this person's own conduct; others' isolated violence does not make it violent (GC37 para 17).
    own_conduct: OwnConduct | None = None


class Sanction(Strict):
    """A sanction imposed or contemplated: a scenario's `sanction` (v2) and a precedent's outcome."""

    kind: SanctionKind
    years: Annotated[float, Field(ge=0, le=100)] | None = None
    months: Annotated[StrictInt, Field(ge=0, le=1200)] | None = None
    days: Annotated[StrictInt, Field(ge=0, le=36500)] | None = None
    amount: Annotated[str, Field(max_length=500)] | None = None  # "40 million tenge (approx. 101,000 euros)"
    note: Annotated[str, Field(max_length=2000)] | None = None


class Context(Strict):
    complaint_by: ComplaintBy | None = None
    removed: StrictBool | None = None
    removed_quickly: StrictBool | None = None
    tension: Tension | None = None


Slug = Annotated[str, Field(pattern=r"^[a-z0-9-]+$", max_length=120)]


class Scenario(Strict):
    """One act of expression or assembly, as a user would tell it to a lawyer."""

    id: Slug | None = None
    title: Annotated[str, Field(max_length=500)] | None = None
    date: dt.date | None = None
    act: Act
    platform: Platform = Platform.unknown
    # Defaults built without validation (`model_construct`: the same values as `Reach()`, no field
    # of them has a validator that runs on a default): `Reach()` at import built four models'
    # validators that a check never uses (the scenario's own validator covers the nested models).
    reach: Reach = Reach.model_construct()
    speaker: Speaker = Speaker.model_construct()
    authorship: Authorship | None = None
    stance: Stance | None = None
    content: Content = Content.model_construct()
    assembly: Assembly | None = None
    context: Context = Context.model_construct()
    sanction: Sanction | None = None  # v2: the sanction imposed or contemplated, if known

    _title = field_validator("title")(classmethod(lambda cls, v: _clean_text(v)))

    @field_validator("date", mode="before")
    @classmethod
    def _date_written_as_a_day(cls, value: Any) -> Any:
        """One message for every way a date can be mistyped (20150203, 2015-02-03x, a time of day)."""
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, str):  # a date in JSON
            try:
                return iso_day(value)
            except NotADate:
                pass
            except ValueError as exc:  # 2015-02-30
                raise ValueError(f"not a valid date ({exc}); {DATE_ADVICE}") from None
        raise ValueError(f"not a date; {DATE_ADVICE}")

    @field_validator("date")
    @classmethod
    def _date_in_range(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and not in_scope(value):
            raise ValueError(
                f"{value.isoformat()} is out of range; give a date between "
                f"{EARLIEST_DATE.isoformat()} (independence) and {LATEST_DATE.isoformat()}"
            )
        return value
