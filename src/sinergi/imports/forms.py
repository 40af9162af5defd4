from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas XLSX atau CSV"),
        help_text=_("Gunakan templat. Paling besar 25 MB; baris yang salah ditunjukkan per baris dan kolom."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    @classmethod
    def refused(cls, message: str) -> UploadForm:
        """A bound form showing `message` on the file field, for an upload refused before it was read
        (an unbound form cannot carry errors)."""
        form = cls(data=QueryDict(), files=MultiValueDict())
        form.full_clean()
        form.errors["file"] = form.error_class([message])  # in place of "required": the file was sent
        return form
