from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from incidents.access import get_incident_for_user, reader_clearance
from incidents.htmx import save_form
from incidents.tlp import TLP

from . import exports, search, services
from .forms import ImportForm, SearchForm


def _filters(form: SearchForm) -> search.Filters | None:
    if not form.is_valid() or not form.cleaned_data["q"].strip():
        return None
    data = form.cleaned_data
    return search.Filters(
        q=data["q"].strip(),
        kind=data["soort"],
        category=data["categorie"],
        author=data["auteur"].strip(),
        since=data["van"],
        until=data["tot"],
    )


def _page(request) -> int:
    try:
        return max(1, int(request.GET.get("pagina", 1)))
    except ValueError:
        return 1


def _search_page(request: HttpRequest, incident=None) -> HttpResponse:
    form = SearchForm(request.GET or None)
    filters = _filters(form) if request.GET else None
    results = (
        search.search(request.user, filters, incident=incident, page=_page(request))
        if filters
        else None
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "incident": incident,
        "form": form,
        "results": results,
        "query": query.urlencode(),
        "clearance": reader_clearance(request.user, incident) if incident else None,
    }
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "exchange/search.html", context, status=status)


@require_GET
def search_all(request: HttpRequest) -> HttpResponse:
    """Search every incident the user is a member of."""
    return _search_page(request)


@require_GET
def incident_search(request: HttpRequest, pk: int) -> HttpResponse:
    return _search_page(request, get_incident_for_user(request.user, pk))


def _audience_context(request, incident) -> dict:
    """The incident, the audience asked for (?doelgroep=, never above the reader's clearance)
    and the audiences to choose from: what the export and LCMS pages share."""
    clearance = reader_clearance(request.user, incident)
    visible = exports.tlps_visible_at(clearance)
    return {
        "incident": incident,
        "audience": exports.audience_for(
            request.GET.get("doelgroep", ""), incident=incident, clearance=clearance
        ),
        "clearance": clearance,
        "tlp_choices": [(value, label) for value, label in TLP.choices if value in visible],
    }


@require_GET
def export_page(request: HttpRequest, pk: int) -> HttpResponse:
    context = _audience_context(request, get_incident_for_user(request.user, pk))
    return render(request, "exchange/export.html", {**context, "kinds": exports.KINDS.items()})


@require_GET
def lcms(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Kopieer voor LCMS": the picture, decisions in force and open actions as plain text."""
    incident = get_incident_for_user(request.user, pk)
    context = _audience_context(request, incident)
    text, max_tlp = exports.lcms_text(incident, audience_tlp=context["audience"])
    context.update(lcms_text=text, max_tlp=max_tlp)
    return render(request, "exchange/lcms.html", context)


@require_GET
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """?soort=logboek|besluiten|acties&formaat=csv|json&doelgroep=<TLP>; audited."""
    incident = get_incident_for_user(request.user, pk)
    kind, fmt = request.GET.get("soort", ""), request.GET.get("formaat", "csv")
    if kind not in exports.BUILDERS or fmt not in exports.FORMATS:
        raise Http404
    audience = exports.audience_for(
        request.GET.get("doelgroep", ""),
        incident=incident,
        clearance=reader_clearance(request.user, incident),
    )
    export = exports.BUILDERS[kind](incident, audience_tlp=audience)
    services.export_record(
        incident=incident,
        actor=request.user,
        kind=kind,
        fmt=fmt,
        audience_tlp=audience,
        max_tlp=export.max_tlp,
        count=export.count,
    )
    if fmt == "csv":
        body, content_type = exports.csv_lines(export), "text/csv; charset=utf-8"
    else:
        body, content_type = exports.json_chunks(export), "application/json; charset=utf-8"
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}.{fmt}"'
    response["X-TLP"] = f"TLP:{export.max_tlp}"
    return response


@require_http_methods(["GET", "POST"])
def message_import(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    if request.method == "GET":
        form = ImportForm(initial={"tlp": incident.tlp})
        return render(request, "exchange/import.html", {"incident": incident, "form": form})
    form = ImportForm(request.POST, request.FILES)

    def save(data):
        upload = data["bestand"]
        return services.message_import(
            incident=incident,
            actor=request.user,
            raw=upload.read() if upload else None,
            text=data["tekst"],
            category=data["categorie"],
            tlp=data["tlp"],
            source=data["bron"],
            filename=upload.name if upload else "",
        )

    result = save_form(form, save)
    if result.saved:
        count = len(result.value)
        messages.success(
            request,
            ngettext(
                "Het bericht staat in het logboek (%(count)s regel).",
                "Het bericht staat in het logboek (%(count)s regels).",
                count,
            )
            % {"count": count},
        )
        return redirect(f"{incident.get_absolute_url()}#tile-log")
    context = {"incident": incident, "form": form, "import_error": _("Er is niets geïmporteerd.")}
    return render(request, "exchange/import.html", context, status=result.status)
