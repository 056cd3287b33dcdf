"""Paper rounds: the PDF's QR codes, read back from the rendered pages, lead to the right
pages, and the printed one-time codes work."""

import re
from urllib.parse import urlparse

import pypdfium2
import zxingcpp
from django.test import Client
from django.urls import resolve

from parcours.kiosk.models import QRLink


def read_pdf(content: bytes) -> list[tuple[str, list[str]]]:
    """Each page's text and the QR codes decoded from its image."""
    pdf = pypdfium2.PdfDocument(content)
    pages = []
    for page in pdf:
        text = page.get_textpage().get_text_range()
        image = page.render(scale=3).to_pil()
        codes = [result.text for result in zxingcpp.read_barcodes(image)]
        pages.append((text, codes))
    return pages


def test_paper_round_of_a_team(world, org, users, client_for, settings, tablet):
    settings.SITE_URL = "https://parcours.example"
    bruno = client_for(users.leader)
    page = bruno.get("/kiosk/paper/")
    assert page.status_code == 200
    response = bruno.post(
        "/kiosk/paper/", {"campaign": world.campaign.pk, "team": org.team_a1.pk, "forms_too": "on"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = read_pdf(response.content)
    # Bruno's team: Chloé and Dário, one slip and one blank form each (a form may take
    # two pages; its QR code is on the first).
    found = {}
    for text, codes in pages:
        assert len(codes) <= 1, text[:200]
        if not codes:
            continue
        url = urlparse(codes[0])
        assert url.netloc == "parcours.example"
        match = resolve(url.path)
        found.setdefault(match.view_name, []).append((text, match.kwargs))
    slips, forms = found["kiosk:qr"], found["interviews:detail"]
    assert len(slips) == 2 and len(forms) == 2
    for text, kwargs in forms:
        interview = world.campaign.interviews.get(pk=kwargs["pk"])
        assert interview.employee.full_name in text
        assert "Achievements" in text and "Summary" in text
        assert bruno.get(f"/interviews/{interview.pk}/").status_code == 200
    for text, kwargs in slips:
        employee = next(e for e in (org.chloe, org.dario) if e.full_name in text)
        phone = Client()
        # The QR link opens the employee's first use (no PIN yet), on their phone.
        assert phone.get(f"/kiosk/q/{kwargs['token']}/")["Location"] == "/kiosk/first-use/"
        code = re.search(r"\b(\d{4}) (\d{4})\b", text)
        response = phone.post(
            "/kiosk/first-use/",
            {"code": code.group(1) + code.group(2), "pin": "4719", "again": "4719"},
        )
        assert response["Location"] == "/kiosk/me/", employee
    assert QRLink.objects.filter(employee=org.chloe, revoked_at__isnull=True).count() == 1


def test_paper_round_permissions(world, org, users, client_for):
    data = {"campaign": world.campaign.pk, "team": org.team_a1.pk}
    # Emre leads another team: Bruno's is not his to print, nothing is printed.
    response = client_for(users.other_leader).post("/kiosk/paper/", data)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert client_for(users.operator).get("/kiosk/paper/").status_code == 403
    assert client_for(users.outsider).get("/kiosk/paper/").status_code == 404
    assert Client().get("/kiosk/paper/")["Location"].startswith("/login/")
    assert not QRLink.objects.filter(employee=org.chloe).exists()
