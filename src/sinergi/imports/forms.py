from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas XLSX atau CSV"),
        help_text=_("Gunakan templat. Paling besar 25 MB; baris yang salah ditunjukkan per baris dan kolom."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
