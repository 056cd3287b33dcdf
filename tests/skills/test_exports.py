"""The matrix leaves Parcours as an Excel workbook coloured like the page, and as an A3
landscape PDF for the board on the shop floor."""

import io
import subprocess

from django.urls import reverse
from openpyxl import load_workbook


def test_it_exports_the_matrix_to_excel_with_its_colours(org, users, matrix_world, client_for):
    response = client_for(users.leader).get(
        reverse("skills:matrix_export", args=["xlsx"]) + f"?team={org.team_a1.pk}"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="plant-a-presses-a')
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Matrix"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Employee number", "Name", "Position", "Required skills held"]
    assert header[4:] == ["First-part check [QC]", "Die change [DIE]", "Press 400 t [P400]"]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    dario = rows["Gonçalves, Dário"]
    assert dario[0].value == org.dario.employee_number
    assert [cell.value for cell in dario[4:]] == [None, "L", "L"]
    # Below the requirement: red; meets it: green; the letter in the level's colour.
    assert dario[6].fill.fgColor.rgb.endswith("FFCDD2")
    assert dario[5].fill.fgColor.rgb.endswith("E8F5E9")
    assert dario[5].font.color.rgb.endswith("F57C00")
    assert sheet.freeze_panes == "E2"
    totals = workbook["Totals"]
    assert [cell.value for cell in totals[1]][1:4] == header[4:]
    assert "Legend" in workbook.sheetnames


def test_it_prints_the_matrix_on_a3_landscape(org, users, matrix_world, client_for, tmp_path):
    response = client_for(users.leader).get(
        reverse("skills:matrix_export", args=["pdf"]) + f"?team={org.team_a1.pk}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # A3 landscape: 420 x 297 mm, in points.
    pdf = tmp_path / "matrix.pdf"
    pdf.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "1190.55 x 841.89 pts" in info.stdout


def test_it_refuses_an_unknown_export_format(org, users, matrix_world, client_for):
    response = client_for(users.group_hr).get(
        reverse("skills:matrix_export", args=["csv"]) + f"?team={org.team_a1.pk}"
    )
    assert response.status_code == 404
