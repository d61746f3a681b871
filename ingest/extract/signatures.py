"""Signatures of contracts, amendments and letters of intent, with date, parties and signatories.

A sentence that says something was signed ("ont signé la lettre d'intention", "vient de
signer le 29 septembre le contrat", "la convention signée le …") gives a signature; its
date is the date written nearest to the verb, a missing year resolved from the document
date and the weekday. Signatures of the same kind and département are merged, the dated one kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from ingest.model import Evidence, Mention, OrgRef, Signature

from .context import Context, org_ref
from .dates import find_dates
from .fundings_tables import column_header
from .text import fold, strip_span
from .vocabulary import alternation, pattern, words

_SIGN = re.compile(
    r"\b(?:co)?sign(?:e|ee|es|ees|er|ent|ons|era|eront|ait|aient|ature|ant)\b|\bparaph\w*|\bont conclu\b|\ba conclu\b|"
    r"\bconclue?s? le\b"
)
# the acts a signing word may name: those that name its kind, and the words for the act as a whole
_KIND_NOUNS = r"contrat|convention|avenant|lettres? d'intention"
_ACT_NOUNS = _KIND_NOUNS + r"|contractualisation|document|pacte"
_CONTRACT = re.compile(rf"\b(?:{_ACT_NOUNS}|feuille de route)s?\b")
_PAST = re.compile(
    r"\b(?:a|ont|avait|avaient|vient de|viennent de)\s+(?:\w+\s+)?sign|\bsigne(?:e|es|s)?\b|\bsignature\b|"
    r"\bparaph(?:e|ee|es|ees|ait|aient)?\b"
)
# a signing still to come: a relative weekday ("sera signé mardi") is then not a past day
_FUTURE = re.compile(r"\b(?:sera|seront|va|vont|doit|doivent|devrait|devraient|prochain|prochaine|signera|signeront)\b")
_PERIOD = re.compile(r"\b(20[12]\d)\s*[-–/]\s*(20[12]\d)\b")
_NOT_SIGNING_DATE = re.compile(
    r"(?:publie|mis a jour|modifie|s'acheve|prend fin|expire|prendra fin|s'achevera|avant|jusqu'au|au plus tard|depuis)"
    r"\s+(?:le\s*)?$"
)
# the signing as a point in time for something else: « prend effet à compter de sa signature », « 60 % à la
# signature du présent contrat »
_REFERENCE_POINT = re.compile(r"\b(?:a compter de|des|a|apres|avant|lors de) (?:sa|la|leur) signature\b")
# the closing formula of a signed act: « Fait à Épinal, le 9 novembre 2020, en trois exemplaires »
_DONE_AT = re.compile(r"^\W*fait a [^,.;]{2,60},?\s+le\b")
# a dateline opening a paragraph: « Vendredi 5 mars 2021, salle des délibérations, à Périgueux. »
_DATELINE = re.compile(r"^\W*(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?\s+)?(?:le\s+)?\d")


# a signing whose act is not named in its sentence but stands before it: a passive with a pronoun for the act (« Il a
# été signé à Besançon le … » under « Qu'est-ce que le contrat … ? »), a participle opening the sentence (« 3.1 Le
# contrat. » / « Signé ce vendredi pour 2021 et 2022, il mobilise … »): the act is the one named just above
_ANAPHORIC = re.compile(
    r"^\W*(?:(?:il|elle)s?\s+(?:a|ont|avait|avaient)\s+ete\s+(?:co)?signee?s?\b|(?:co)?signee?s?\b)"
)
# a line that says when the act the document presents was signed (an infographic, a fact sheet): « Signé le … »
_SIGNED_LINE = re.compile(r"^\W*signee?s?,?\s+le\b")
# words that name what was signed; without one ("signer la contractualisation") the kind is only a default
_NAMED_KIND = re.compile(rf"\b(?:{_KIND_NOUNS})s?\b")


# a signing still to come or under way, or an authority to sign (« la signature est envisagée le … », « autorise le
# président à signer »): the words are looked for in the clause around the signing word
_NOT_YET = pattern("signatures", "not_yet_signed")
_INTENT_AFTER = pattern("signatures", "intent_after_signing")
NOT_YET_BEFORE, NOT_YET_AFTER = 120, 30  # characters around the signing word where they count
_OTHER_ACT = re.compile(rf"^\W*{alternation(words('signatures', 'other_act_titles'))}\b")
_OTHER_CONVENTION = re.compile(rf"\bconventions?\s+{alternation(words('signatures', 'other_convention'))}")
_PROJECT = pattern("signatures", "project_words")


# « conclu » alone signs an act only as the participle that qualifies it (« le contrat … conclu avec l'État le … »)
_CONCLUDED = re.compile(r"\bconclue?s?\b")


def _signing_words(folded: str) -> list[re.Match[str]]:
    """The signing words of a sentence; a qualifying « conclu » only when no other word says the act was signed (« Ce
    contrat, conclu pour 2020-2022 avec l'État, a été signé à Vannes le 14 décembre 2020 »: the signing's date)."""
    found = list(_SIGN.finditer(folded))
    return found or [m for m in _CONCLUDED.finditer(folded) if _qualified_act(folded, m) is not None]


def _signing_verb(folded: str) -> re.Match[str] | None:
    """The first signing word of a sentence that states a signing act, not one still to come or an authority to sign
    (« … à signer ledit avenant », « la signature … est envisagée »)."""
    for verb in _signing_words(folded):
        start = max(folded.rfind(";", 0, verb.start()) + 1, verb.start() - NOT_YET_BEFORE)
        end = folded.find(";", verb.end())
        end = verb.end() + NOT_YET_AFTER if end < 0 else min(end, verb.end() + NOT_YET_AFTER)
        if not _NOT_YET.search(folded, start, end) and not _INTENT_AFTER.search(folded, verb.end(), end):
            return verb
    return None


def _another_act(folded: str) -> bool:
    """Whether the act a sentence names is another than the contractualisation, and the project is not named: a
    convention about another subject (« une convention relative aux bilans de santé », « convention tripartite de
    financement ») with no contract or amendment named beside it, another kind of contract (« le contrat local de
    santé », « le contrat de ville »), or an act of another programme (« la convention de lutte contre la
    pauvreté »)."""
    if _PROJECT.search(folded):
        return False
    acts = list(_ACT_NOUN.finditer(folded))
    if acts and all(_OTHER_CONTRACT.match(folded, act.start()) or _of_other_programme(folded, act) for act in acts):
        return True  # every act the sentence names is another's (« des contrats jeunes majeurs » beside it is not)
    if not _OTHER_CONVENTION.search(folded):
        return False
    return not re.search(r"\b(?:contrat|avenant|lettres? d'intention)", folded)


_OTHER_CONTRACT = re.compile(rf"\bcontrats?\s+{alternation(words('signatures', 'other_contract'))}\b")


def _of_other_programme(folded: str, act: re.Match[str]) -> bool:
    """Whether an act noun is followed, within a few words, by the name of another programme (``fundings.yaml`` →
    ``other_programmes``: « la convention d'appui à la lutte contre la pauvreté »)."""
    return bool(pattern("fundings", "other_programmes").search(folded, act.end(), act.end() + OTHER_PROGRAMME_REACH))


OTHER_PROGRAMME_REACH = 50  # characters after an act noun where the programme it belongs to is named


def _own_clause(folded: str, position: int) -> str:
    """The sentence up to the end of the clause at ``position`` (« CDPPE signé le 15/12/2020 ; avenant n° 1 signé
    le 21/06/2021 »: the first date's act is not the amendment)."""
    end = folded.find(";", position)
    return folded if end < 0 else folded[:end]


def _kind(folded: str) -> str:
    if "avenant" in folded:
        return "amendment"
    if "lettre d'intention" in folded or "lettres d'intention" in folded:
        return "letter_of_intent"
    return "contract"


_THERE = re.compile(r"\by (?:ont|a|avaient|avait) (?:\w+ )?(?:sign|paraph)")  # « … y ont paraphé le contrat »
DATELINE_START = 12  # characters from a sentence's start within which its date makes it a dateline
# a sentence that only gives the day of the sentence before (« … a été signé à Moulins par le préfet. C'était le 9
# juillet 2021. »)
_ITS_DAY = re.compile(r"^\W*(?:c'etait|ce fut|cela se passait|ca se passait|c'est arrive)\s+(?:le|un)\b")
# a sentence whose time is the one of the sentence before: "À cette occasion, … ont signé le contrat.", "C'est à cette
# occasion qu'a été signé l'avenant."
_SAME_OCCASION = re.compile(
    r"^\W*(?:c'est )?"
    r"(?:a cette occasion|ce jour-la|lors de cette (?:reunion|seance|visite|rencontre)|a l'issue de cette)"
)


def _found_dates(ctx: Context, index: int, relative: bool = False) -> list[Mention]:
    """The date mentions of a sentence (found once, see ``mentions.py``): full dates, or relative ones."""
    return [m for m in ctx.mentions[index] if m.kind == "date" and (m.pattern == "date.relative") == relative]


# a date that another event's verb governs (« s'est réuni le 5 mars 2021 », « approuvé par l'assemblée le 18 juin »)
_OTHER_EVENT_DATE = re.compile(
    rf"\b{alternation(words('signatures', 'other_event_verbs'))}(?:\s+(?!sign)\S+){{0,5}}?\s+(?:le|du|en date du)\s+"
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?$"
)
# a signing participle that qualifies the act a sentence is about (« le comité de suivi du contrat signé avec l'État
# s'est réuni le 14 janvier »): only a date that follows it dates the signing (« le contrat signé le 9 novembre »)
_ACT_NOUN = re.compile(rf"\b(?:{_ACT_NOUNS})s?\b")
# a word that is no auxiliary: a participle after one (« le contrat n'a été signé que le … ») is the main verb, not an
# attributive one
_NO_AUXILIARY = r"(?!(?:n')?(?:a|ont|est|sont|ete|etait|etaient|avait|avaient|fut|furent|sera|seront)\b)"
_ATTRIBUTIVE_GAP = re.compile(rf"^(?:\s+{_NO_AUXILIARY}[^\s,;]+){{0,4}},?\s*$")
_PARTICIPLE = re.compile(r"^(?:(?:co)?signee?s?|conclue?s?|paraphee?s?)$")
_MAIN_VERB = re.compile(
    r"\b(?:s'est|se sont|ont|(?<!grand )est|sont|avait|avaient|qui|que|dont|prevoit|permet|mobilise)\b|,\s*a\b|;"
)  # « l'ARS Grand Est » is a region, not a verb
# characters after a qualifying participle within which its date stands, past the parties it names (« conclu avec
# l'État et l'Agence régionale de santé Nouvelle-Aquitaine le 18 décembre 2020 »)
PARTICIPLE_REACH = 100


def _qualified_act(folded: str, verb: re.Match[str]) -> str | None:
    """The act a signing participle qualifies (« du contrat signé », « l'avenant n° 1, signé »): the last act named,
    at most four words before it."""
    if not _PARTICIPLE.match(verb.group()):
        return None
    acts = list(_ACT_NOUN.finditer(folded, 0, verb.start()))
    if not acts:
        return None
    gap = folded[acts[-1].end() : verb.start()]
    if not (_ATTRIBUTIVE_GAP.match(gap) or (_PROJECT.search(gap) and _TITLE_GAP.match(gap))):
        return None
    return acts[-1].group()


# the act's full name between its noun and the participle (« le contrat départemental de prévention et de protection
# de l'enfance (CDPPE) conclu avec l'État … »): longer than an attribute's gap, but one noun phrase, with no verb
_TITLE_GAP = re.compile(rf"^(?:\s+{_NO_AUXILIARY}(?!(?:qui|que)\b)[^\s,;:]+){{0,12}}\s*$")


def _attributive(folded: str, verb: re.Match[str]) -> bool:
    return _qualified_act(folded, verb) is not None


def _participle_dates(dates: list[Mention], folded: str, verb: re.Match[str], start: int) -> list[Mention]:
    """The dates that follow a qualifying participle in its own phrase (« contrat signé à Valence le 23 novembre »),
    or another signing participle."""
    kept = []
    for date in dates:
        at = date.start - start
        if verb.end() <= at <= verb.end() + PARTICIPLE_REACH and not _MAIN_VERB.search(folded, verb.end(), at):
            kept.append(date)
        elif _tied_to_a_signing(folded, at):
            kept.append(date)  # another signing participle's (« … ; avenant n° 1 signé le 28/06/2021 »)
    return kept


def _dates(ctx: Context, index: int, folded: str) -> tuple[list[Mention], str]:
    """The date mentions a signing sentence gives, and the rule that found them."""
    sentence = ctx.sentences[index]
    found = _found_dates(ctx, index)
    dates = [d for d in found if not _NOT_SIGNING_DATE.search(folded[: d.start - sentence.start])
             and not _OTHER_EVENT_DATE.search(folded[: d.start - sentence.start])]
    verb = _signing_verb(folded)
    if verb is not None and _attributive(folded, verb):
        both = _participle_dates(dates + _found_dates(ctx, index, relative=True), folded, verb, sentence.start)
        if not both:
            return [], "signature.undated"
        return both, "signature.dated" if both[0] in dates else "signature.relative-date"
    if dates:
        return dates, "signature.dated"
    broken = _broken_date(ctx, index)
    if broken is not None:
        return [broken], "signature.dated"
    if index > 0 and (_SAME_OCCASION.match(folded) or _THERE.search(folded)):
        earlier = _found_dates(ctx, index - 1)
        if earlier:
            return earlier[-1:], "signature.same-occasion"
    if index + 1 < len(ctx.sentences) and _ITS_DAY.match(fold(ctx.sentences[index + 1].text)):
        later = _found_dates(ctx, index + 1)
        if later:
            return later[:1], "signature.next-sentence"
    own = _relative_of_signing(ctx, index, folded)
    if own and _BEFORE_TODAY.search(folded):
        return own, "signature.relative-date"  # « 16 mars 2021 » / « Hier soir …, nous avons signé »: the day before
    if index > 0 and _DATELINE.match(fold(ctx.sentences[index - 1].text)):
        earlier = _found_dates(ctx, index - 1)
        if earlier and earlier[0].start - ctx.sentences[index - 1].start <= DATELINE_START:
            return earlier[:1], "signature.dateline"
    scene = _scene_date(ctx, index, folded)
    if scene:
        return scene, "signature.scene" if scene[0].start < sentence.start else HEADING_RULE
    relative = _relative_of_signing(ctx, index, folded)
    return (relative, "signature.relative-date") if relative else ([], "signature.undated")


# a day before the one the text is dated (« hier », « avant-hier »): not the dateline's own day
_BEFORE_TODAY = re.compile(r"\b(?:hier|avant-hier)\b")


def _relative_of_signing(ctx: Context, index: int, folded: str) -> list[Mention]:
    """The relative dates of a signing sentence that date its signing (« ont signé vendredi »), none for a signing to
    come."""
    verb = _SIGN.search(folded)
    near = folded[max(0, verb.start() - FUTURE_REACH) : verb.end()] if verb is not None else folded
    if _FUTURE.search(near):
        return []  # « sera signé vendredi », « signeront » (not « le contrat qui doit renforcer … », said of the act)
    start = ctx.sentences[index].start
    return [d for d in _found_dates(ctx, index, relative=True) if _of_the_signing(folded, d.start - start)
            and not _FUTURE.search(folded[d.start - start : d.end - start])]


#: characters before the signing verb within which an auxiliary makes it a signing to come (« devrait être signé »)
FUTURE_REACH = 25


SCENE_WORDS = 25  # a line that sets an event's place and day is short
# a time of its own in a signing sentence (« en juillet », « en 2021 », « il y a un an »): it borrows no other day
_OWN_TIME = re.compile(
    r"\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|20[0-3]\d|il y a|"
    r"dernier|derniere|precedent|auparavant|deja)\b"
)
# a publication line (« Publié le … », a post's « Posté le … »): the day the text went out, not the event's
_PRINTED_CUE = re.compile(
    r"(?:postee? le\b|\b(?:publie|mis a jour|mise a jour|modifie|diffuse|diffusion|imprime|edite|source\s*:))"
)


def _is_scene(ctx: Context, index: int) -> Mention | None:
    """The day of a line that only sets an event's place and day, with no verb (« Besançon, hôtel du Département,
    jeudi 16 septembre 2021, 11 h 30 », « [00:00] À l'hôtel du Département, ce mardi 7 décembre 2021. »); not a
    publication line."""
    sentence = ctx.sentences[index]
    if len(sentence.text.split()) > SCENE_WORDS or any(t.pos_ in ("VERB", "AUX") for t in ctx.docs[index]):
        return None
    dates = _found_dates(ctx, index)
    if not dates or _PRINTED_CUE.search(fold(ctx.text[sentence.start : dates[0].start])):
        return None
    return dates[0]


def _scene_date(ctx: Context, index: int, folded: str) -> list[Mention]:
    """The day a signing sentence without a time of its own takes from the line setting the scene: the line before
    it (a transcript's « [00:00] À l'hôtel du Département, ce mardi 7 décembre 2021. » / « [00:06] … signent le
    contrat »), or, for a heading without a verb (« Signature du contrat … »), the line after it."""
    if _OWN_TIME.search(folded):
        return []
    before = _is_scene(ctx, index - 1) if index > 0 else None
    if before is not None:
        return [before]
    if any(t.pos_ in ("VERB", "AUX") for t in ctx.docs[index]):
        return []
    for following in range(index + 1, min(len(ctx.sentences), index + 1 + HEADING_LINES)):
        after = _is_scene(ctx, following)  # « Publié le 03/03/2022 » between is skipped
        if after is not None:
            return [after]
    return []


HEADING_LINES = 3  # lines under a signing heading where the one saying when may stand


HEADING_RULE = "signature.heading"  # a heading dated by the line under it yields to a signing the text dates


# words that open another clause between the signing verb and a relative date: the date is then that clause's
# (« le contrat signé avec l'État, poste qui a permis … le tableau de bord présenté ce jour »)
_OTHER_CLAUSE = re.compile(r"\b(?:qui|que|qu'|dont|ou|lequel|laquelle|a|ont|est|sont|avait|avaient)\b|[;:]")


def _of_the_signing(folded: str, at: int) -> bool:
    """Whether the relative date at ``at`` dates the signing: before the signing verb (« Ce mardi, … ont signé ») but
    not in another clause than the verb's relative clause on the act, or after it in the same clause (« ont signé ce
    matin »)."""
    verb = _SIGN.search(folded)
    if verb is None:
        return True
    if at < verb.start():
        return not _ACT_RELATIVE.search(folded, at, verb.start())
    return not _OTHER_CLAUSE.search(folded, verb.end(), at)


# the signing verb in a relative clause on the act, after the date (« Invitée ce jeudi, elle est revenue sur le contrat
# que la collectivité a conclu avec l'État »): the date is the main clause's event, the clause only names the act
_ACT_RELATIVE = re.compile(r"\b(?:contrat|convention|avenant|document|accord|protocole)\s+(?:qu'|que\b)")


_DAY_AT_END = re.compile(
    r"\b(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?(?:[0-3]?\d|1er)\s*$", re.IGNORECASE
)


def _broken_date(ctx: Context, index: int) -> Mention | None:
    """A date cut by a line break (a page converted from PDF: « ont signé le lundi 8 » / « février 2021 à … »): the
    day that ends the sentence and the month that opens the next line, read as one date."""
    sentence = ctx.sentences[index]
    day = _DAY_AT_END.search(sentence.text)
    if day is None or index + 1 >= len(ctx.sentences):
        return None
    following = ctx.sentences[index + 1]
    if ctx.text[sentence.end : following.start].count("\n") != 1:
        return None
    start, end = sentence.start + day.start(), min(following.end, following.start + 30)
    joined = ctx.text[start:end].replace("\n", " ")
    found = [d for d in find_dates(joined, ctx.published, ctx.years) if d.start == 0]
    if not found or found[0].end <= sentence.end - start:
        return None
    d = found[0]
    return Mention("date", start, start + d.end, ctx.text[start : start + d.end], d.value,
                   "date.full" if d.year_stated else "date.no-year")


def _carried_on(ctx: Context, index: int) -> str:
    """The folded line that carries sentence ``index`` on after a line break inside it (it opens in lower case or
    with a figure: « ont signé le lundi 8 » / « février 2021 à la préfecture le contrat … »), or nothing."""
    if index + 1 >= len(ctx.sentences):
        return ""
    sentence, following = ctx.sentences[index], ctx.sentences[index + 1]
    if ctx.text[sentence.end : following.start].count("\n") != 1 or not re.match(r"[a-zà-ÿ0-9]", following.text):
        return ""
    return fold(following.text)


TITLE_SENTENCES = 12  # sentences at a document's start where the act it is may be named


def _title(ctx: Context) -> str | None:
    """The folded words naming the act a document is (« CONTRAT DÉPARTEMENTAL … », « AVENANT N° 1 … ») with the lines
    that go on with it, ``""`` when no early sentence names one, None when the document is another act: an « ARRÊTÉ
    PRÉFECTORAL » that cites the contract, a convention about another subject or between parties without the State
    (its own signing is then none of the project's)."""
    for index, sentence in enumerate(ctx.sentences[:TITLE_SENTENCES]):
        folded = fold(sentence.text)
        if _OTHER_ACT.match(folded):
            return None
        if _NAMED_KIND.search(folded):
            title = " ".join(fold(s.text) for s in ctx.sentences[index : index + TITLE_LINES])
            return None if _another_act(title) or _parties_without_state(ctx) else title
    return ""


#: characters above a « Fait à … » line where the formula that closes a deliberation makes it the vote's
DELIBERATION_REACH = 1500
_DELIBERATED = pattern("signatures", "deliberation_closings")


def _closes_deliberation(ctx: Context, index: int) -> bool:
    """Whether the « Fait à … » line of sentence ``index`` closes a deliberation (« Après en avoir délibéré »,
    « Adopté à l'unanimité » above it): the assembly's act, which authorises a signing and is none."""
    start = ctx.sentences[index].start
    above = fold(ctx.text[max(0, start - DELIBERATION_REACH) : start])
    found = [m.end() for m in _DELIBERATED.finditer(above)]
    return bool(found) and not _ACT_HEADING.search(above, found[-1])  # not an annexed contract's own closing


# a line that opens an act between the deliberation and the « Fait à … » (« CONTRAT DÉPARTEMENTAL … », « Avenant n° 1 »)
_ACT_HEADING = re.compile(r"\n\W*(?:contrat|convention|avenant|lettre d'intention)\b")


ABOVE_LINES = 3  # lines above a « Signé le » line where the heading naming its act may stand


# « la signature » of no named act (« Ceux qui l'ont accompagnée se souviennent de la signature, le mercredi 14 octobre
# 2020 ») is the signing of the act the sentence before names
_THE_SIGNING = re.compile(r"\b(?:la|cette) signature\b(?!\s*(?:de|du|des|d')(?:\s|\b))")


def _reference_point(folded: str) -> bool:
    """The signing as a point in time for something else (« prend effet à compter de sa signature »), not when its own
    date follows it (« Cette rencontre intervient après la signature, le 14 septembre 2021 à Poitiers, du contrat »)."""
    found = _REFERENCE_POINT.search(folded)
    return found is not None and not _DATE_AFTER.match(folded, found.end())


_DATE_AFTER = re.compile(r"\s*,?\s*(?:le|du)\s+(?:(?:lun|mar|mercre|jeu|vendre|same)di\s+|dimanche\s+)?(?:\d|1er)")


def _act_before(ctx: Context, index: int) -> str:
    """The folded sentence before ``index`` in its paragraph when it names an act of the project, or nothing."""
    if index == 0 or "\n\n" in ctx.text[ctx.sentences[index - 1].end : ctx.sentences[index].start]:
        return ""
    folded = fold(ctx.sentences[index - 1].text)
    return folded if _NAMED_KIND.search(folded) and not _another_act(folded) else ""


def _antecedent_act(ctx: Context, index: int, folded: str, verb: re.Match[str]) -> str:
    """The act a signing sentence that names none speaks of: the heading above a « Signé le … » line, the sentence
    before « la signature », or, for a party that signed on a day without an object or with a pronoun for it (« la
    Savoie a paraphé le sien vendredi 8 janvier », « la Haute-Savoie avait signé dès le 17 décembre »), the act the
    last sentences named."""
    if _ANAPHORIC.match(folded):
        return _act_above(ctx, index)
    if _THE_SIGNING.search(folded):
        return _act_before(ctx, index)
    if not _BARE_SIGNING.match(folded, verb.end()):
        return ""
    for sentence in reversed(ctx.sentences[max(0, index - RECENT_ACT_SENTENCES) : index]):
        earlier = fold(sentence.text)
        if _NAMED_KIND.search(earlier):
            return "" if _another_act(earlier) else earlier
    return ""


# what follows a signing verb that has no object of its own: a pronoun for the act, or straight a time
_BARE_SIGNING = re.compile(
    r"(?:\s+(?:le sien|la sienne|les siens|le leur|la leur|les leurs|celui-ci|celle-ci))?"
    r"(?:\s+(?:des|deja|aussi|egalement|a son tour|elle aussi|lui aussi))*,?\s+"
    r"(?:le\s+(?:\d|1er|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)|ce\s+(?:lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|matin|soir)|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b|hier\b|"
    r"en\s+(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b)"
    r"|\s+(?:le sien|la sienne|les siens|le leur|la leur|les leurs)\b"
)
RECENT_ACT_SENTENCES = 6  # sentences before a signing that names no act where the act it speaks of was named


def _act_above(ctx: Context, index: int) -> str:
    """The folded heading naming the act a « Signé le … » line is about, just above it (a slide « Le contrat
    landais » / « • Signé le 15 juillet 2021 »), or nothing."""
    for sentence in reversed(ctx.sentences[max(0, index - ABOVE_LINES) : index]):
        folded = fold(sentence.text)
        if _NAMED_KIND.search(folded):
            return "" if _another_act(folded) else folded
    return ""


TITLE_LINES = 3  # a title and the lines that go on with it (« CONVENTION DE FINANCEMENT » / « relative à … »)
PARTIES_SENTENCES = 30  # sentences at a document's start where its parties are listed
_PARTIES_START = re.compile(r"^\W*entre\b")
_PARTIES_END = re.compile(r"^\W*(?:vu\b|il est convenu|il a ete convenu|preambule|article\b|considerant)")
_STATE_PARTY = re.compile(r"\b(?:l'etat|prefete?|prefecture|ministre|secretaire d'etat)\b")


def _parties_without_state(ctx: Context) -> bool:
    """Whether a document lists its parties (« ENTRE » … « Vu » / « IL EST CONVENU ») and the State is none of them (a
    convention between the Département, the ARS and an association)."""
    listing: list[str] | None = None
    for sentence in ctx.sentences[:PARTIES_SENTENCES]:
        folded = fold(sentence.text)
        if listing is None:
            if _PARTIES_START.match(folded):
                listing = [folded]
            continue
        if _PARTIES_END.match(folded):
            break
        listing.append(folded)
    return listing is not None and not _STATE_PARTY.search(" ".join(listing))


def _parties(ctx: Context, index: int) -> tuple[OrgRef, ...]:
    parties: list[OrgRef] = []
    for org in ctx.orgs[index]:
        if org.kind not in ("state", "ars", "council") or (org.kind == "council" and not (org.code or ctx.focus)):
            continue
        ref = org_ref(ctx, org.kind, org.name, org.code)
        if ref not in parties:
            parties.append(ref)
    return tuple(parties)


def _act_kind(folded: str, verb: re.Match[str], date_end: int, title: str | None) -> str:
    """The kind of act signed: the document's own (its title) for its closing formula, the act a qualifying participle
    follows (« l'avenant au contrat signé le 9 novembre »: the contract), else the one the date's clause names."""
    if title is not None:
        return _kind(title)
    subject = _ACT_NOUN.search(folded, date_end) if _SIGNED_LINE.match(folded) else None
    if subject is not None:
        return _kind(subject.group())  # « Signé le …, le contrat a … »: the participle's subject
    act = _qualified_act(folded, verb)
    return _kind(act) if act is not None else _kind(_own_clause(folded, date_end))


def _after_printed_date(ctx: Context, date: dt.date) -> bool:
    from .metadata import printed_date

    printed = printed_date(ctx)
    return printed is not None and date > printed


def _signature(ctx: Context, index: int, people_spans: list[tuple[str, int, int]]) -> tuple[Signature, bool] | None:
    """The signature a sentence states, and whether its date is relative; None when it states none."""
    sentence = ctx.sentences[index]
    folded = fold(sentence.text)
    verb = _signing_verb(folded) or _DONE_AT.match(folded)
    if not verb or "signataire" in folded[verb.start() : verb.end() + 4] or _reference_point(folded):
        return None
    if _another_act(folded):
        return None
    named_act = _CONTRACT.search(folded) or _CONTRACT.search(_carried_on(ctx, index))
    antecedent = "" if named_act else _antecedent_act(ctx, index, folded, verb)
    # « Signé le … » opens a line about the document's own act, unless the sentence names the act it speaks of
    # (« Signé le 18 décembre 2020 à Digne par le préfet …, le contrat a fait l'objet d'un avenant … » in a report)
    own_act = bool(_DONE_AT.match(folded) or (_SIGNED_LINE.match(folded) and not _CONTRACT.search(folded)))
    if _DONE_AT.match(folded) and _closes_deliberation(ctx, index):
        return None  # « Après en avoir délibéré, … Adopté à l'unanimité. Fait à Laval, le … »: the vote's
    title = _title(ctx) if own_act else ""
    if title == "" and _SIGNED_LINE.match(folded):
        title = _act_above(ctx, index)
    signed_line = bool(_SIGNED_LINE.match(folded) and title)
    if title is None or not (named_act or antecedent or _DONE_AT.match(folded) or signed_line):
        return None
    dates, rule = _dates(ctx, index, folded)
    if not dates and not _PAST.search(folded):
        return None
    chosen = min(dates, key=lambda d: abs(d.start - sentence.start - verb.start())) if dates else None
    date = chosen.value if chosen is not None else None
    if isinstance(date, dt.date) and _after_printed_date(ctx, date):
        return None  # a signing dated after the date the document prints for itself is still to come
    places = ctx.places[index]
    code = places[0].code if places else ctx.focus
    # the people the sentence names (person mentions, found once), else the names found in it by people.py
    named = [str(m.value) for m in ctx.mentions[index] if m.kind == "person"]
    signatories = tuple(dict.fromkeys(named or [
        name for name, start, end in people_spans if sentence.start <= start and end <= sentence.end
    ]))
    period_match = _PERIOD.search(sentence.text)
    period = (int(period_match.group(1)), int(period_match.group(2))) if period_match else None
    start, end = strip_span(ctx.text, sentence.start, sentence.end)
    if rule == "signature.dated" and (_DONE_AT.match(folded) or _SIGNED_LINE.match(folded)):
        rule = "signature.done-at" if _DONE_AT.match(folded) else "signature.signed-line"
    evidence = Evidence(start, end, rule, (chosen.id,) if chosen is not None else ())
    kind = _act_kind(folded, verb, chosen.end - sentence.start if chosen is not None else 0,
                     title if own_act else antecedent or None)
    signature = Signature(kind, code, date, signatories, _parties(ctx, index), period, evidence)  # type: ignore[arg-type]
    return signature, rule not in ("signature.dated", "signature.done-at")


# a date tied to a signing participle just before it: « conclu le 18 décembre 2020 », « avenant n° 1 signé le … »
# (or the signing said again by ellipsis: « un premier avenant a été signé le 9 septembre 2021 ; un second l'a été le 30
# juin 2022 »)
_PARTICIPLE_BEFORE = re.compile(
    r"(?:\b(?:(?:co)?signee?s?|conclue?s?|paraphee?s?)|\bl'(?:a|ont) ete)\s*,?\s+(?:le\s+)?(?:(?:lundi|mardi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche)\s+)?$"
)


# an act named with its date (« son avenant n° 1 du 8 juillet 2021 », « la convention en date du … », « complété par
# un avenant le 9 juillet 2021 », « un avenant daté du … », « a fait l'objet d'un avenant le 7 octobre 2021 »): the
# day it was signed, unless the date opens a period (« du 1er janvier 2022 au 31 décembre 2024 »)
_AMENDED = r"(?:complete|modifie|prolonge|amende|proroge)e?s?\s+par|fait l'objet d'"
_ACT_OF_DATE = re.compile(
    rf"\b(?:{_KIND_NOUNS})s?(?:\s+n\s*°?\s*\d+)?,?\s+(?:en date |datee? |signee? )?du\s+$"
    rf"|\b(?:{_AMENDED})\s*(?:un |son |l')?avenant(?:\s+n\s*°?\s*\d+)?,?\s+(?:le|en date du|datee? du)\s+$"
)
_PERIOD_AFTER = re.compile(r"^[^,;]{0,30}?\s+au\s+(?:\d|1er)")


def _tied_to_a_signing(folded: str, at: int) -> bool:
    """Whether the date at ``at`` follows a signing participle (« conclu le 18 décembre 2020 ») or the act it dates."""
    before = folded[max(0, at - 40) : at]
    if _PARTICIPLE_BEFORE.search(before):
        return True
    return bool(_ACT_OF_DATE.search(before)) and not _PERIOD_AFTER.match(folded[at:])


def _other_signings(ctx: Context, index: int, first: Signature) -> list[Signature]:
    """The other signings a sentence dates besides ``first``: a date right after a signing participle (« … au
    contrat conclu le 18 décembre 2020 »), or a date after another département (« avec le Doubs le 1er décembre,
    puis avec le Territoire de Belfort le jeudi 3 décembre »); each of the act its clause names."""
    sentence, folded = ctx.sentences[index], fold(ctx.sentences[index].text)
    dates, _rule = _dates(ctx, index, folded)
    out: list[Signature] = []
    for date in dates:
        if date.id in first.evidence.mentions or date.value == first.date:
            continue
        at = date.start - sentence.start
        places = [p for p in ctx.places[index] if p.end <= date.start]
        code = places[-1].code if places else first.departement
        if not (_tied_to_a_signing(folded, at) or code != first.departement):
            continue
        if _FUTURE.search(folded[max(0, at - 40) : at]):
            continue
        clause = folded[folded.rfind(";", 0, at) + 1 : at]
        acts = list(_NAMED_KIND.finditer(clause))
        kind = _kind(acts[-1].group()) if acts else first.kind
        evidence = replace(first.evidence, rule="signature.another", mentions=(date.id,))
        out.append(replace(first, kind=kind, departement=code, date=date.value, evidence=evidence))  # type: ignore[arg-type]
    return out


#: a table column whose header says its cells date signings (« Date de signature », « Signature », « Signé le »)
_SIGNING_COLUMN = re.compile(r"\b(?:(?:co)?signatures?|(?:co)?signee?s?)\b")


def _table_signatures(ctx: Context, index: int) -> list[Signature]:
    """The signings a table row dates in a column whose header says signature (« Département | Date de signature |
    Crédits État 2021 » over « Ariège (09) | 2 juillet 2021 | 395 000 € »): the act the row names before the date, or
    else its header (the contract when neither does), of the département the row names (the document's when it names
    none), on the cell's date; not a column of signings to come (« Signature prévue »)."""
    sentence = ctx.sentences[index]
    places = ctx.places[index]
    out: list[Signature] = []
    for date in (m for m in ctx.mentions[index] if m.kind == "date" and isinstance(m.value, dt.date)):
        header = fold(column_header(ctx.text, date.start, _SIGNING_COLUMN))
        if not _SIGNING_COLUMN.search(header) or _NOT_YET.search(header) or _INTENT_AFTER.search(header):
            continue
        if _after_printed_date(ctx, date.value):  # type: ignore[arg-type]  # a date mention's value is a date
            continue
        row_places = [p for p in places if p.end <= date.start]
        code = row_places[0].code if row_places else (ctx.focus if not places else None)
        if code is None:
            continue
        start, end = strip_span(ctx.text, sentence.start, sentence.end)
        row = fold(ctx.text[sentence.start : date.start])
        kind = _kind(row) if _NAMED_KIND.search(row) else _kind(header)
        evidence = Evidence(start, end, "signature.table-column", (date.id,))
        out.append(Signature(kind, code, date.value, (), _parties(ctx, index), None, evidence))  # type: ignore[arg-type]
    return out


def extract_signatures(ctx: Context, people_spans: list[tuple[str, int, int]]) -> list[Signature]:
    found: dict[tuple[str, str | None], Signature] = {}
    order: list[tuple[str, str | None]] = []
    # signatures whose kind the sentence does not name, and whether their date is relative ("aujourd'hui")
    vague: dict[tuple[str, str | None], bool] = {}
    for index, sentence in enumerate(ctx.sentences):
        read = _signature(ctx, index, people_spans)
        if read is None:
            for signature in _table_signatures(ctx, index):
                _keep(found, order, signature)
            continue
        signature, relative = read
        key = _keep(found, order, signature)
        if key is not None and not _NAMED_KIND.search(fold(sentence.text)) and signature.evidence.rule not in (
            "signature.done-at", "signature.signed-line"
        ):
            vague[key] = relative
        for other in _other_signings(ctx, index, signature):
            _keep(found, order, other)
    return _without_headings(_distinct(found, order, vague))


def _without_headings(signatures: list[Signature]) -> list[Signature]:
    """Without a heading's signing dated by the line under it (« Signature du contrat … » / « 24 mars 2021 ») when the
    text dates the signing of that département otherwise: the line was the page's date, not the signing's."""
    dated = {s.departement for s in signatures if s.date is not None and s.evidence.rule != HEADING_RULE}
    return [s for s in signatures if s.evidence.rule != HEADING_RULE or s.departement not in dated]


def _keep(found: dict[tuple[str, str | None], Signature], order: list[tuple[str, str | None]],
          signature: Signature) -> tuple[str, str | None] | None:
    """Add a signature under its kind and département (a second date of the same kind is another act: « l'avenant
    2021 … »), or date the undated one kept; the key when it is new."""
    key: tuple[str, str | None] = (signature.kind, signature.departement)
    if signature.date is not None and key in found and found[key].date not in (None, signature.date):
        key = (f"{signature.kind} {signature.date.isoformat()}", signature.departement)
    previous = found.get(key)
    if previous is None:
        found[key] = signature
        order.append(key)
        return key
    if previous.date is None and signature.date is not None:
        found[key] = signature
    return None


def _distinct(found, order, vague) -> list[Signature]:
    """Drop an undated signature of a département that has a dated one, and vague retellings of a signing."""
    dated = {found[key].departement for key in order if found[key].date is not None}
    named = {(found[key].date, found[key].departement) for key in order if key not in vague}
    named_departements = {departement for _, departement in named}

    def restated(key: tuple[str, str | None]) -> bool:
        """ "heureux de signer aujourd'hui la contractualisation" retells a signing the text names elsewhere."""
        signature = found[key]
        if key not in vague or signature.date is None:
            return False
        return (signature.date, signature.departement) in named or (
            vague[key] and signature.departement in named_departements
        )

    return [
        found[key]
        for key in order
        if (found[key].date is not None or found[key].departement not in dated) and not restated(key)
    ]
