from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import User
from sinergi.classification.selectors import current_subsectors
from sinergi.registry.models import CertificationKind, SizeClass
from sinergi.wilayah.models import Wilayah

from .eligibility import question_keys
from .models import ApplicationStatus, OutcomeStage, QuestionType


class ApplicationForm(forms.Form):
    """The call's own form: the actor applying, then one field per question of the program."""

    actor = forms.ChoiceField(label=_("Mendaftar atas nama"))

    def __init__(self, *args: Any, actors: list[tuple[str, str]], questions: list[dict[str, Any]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = actors  # type: ignore[attr-defined]
        self.question_keys = []
        for q in questions:
            name = f"q_{q['key']}"
            self.question_keys.append((q["key"], name))
            required = bool(q.get("required"))
            kind = q.get("type", QuestionType.TEXT)
            field: forms.Field
            if kind == QuestionType.CHOICE:
                field = forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in q.get("choices", [])])
            elif kind == QuestionType.YESNO:
                field = forms.ChoiceField(choices=[("", "—"), ("ya", _("Ya")), ("tidak", _("Tidak"))])
            elif kind == QuestionType.NUMBER:
                field = forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
            field.label = q["label"]
            field.required = required
            self.fields[name] = field

    def answers(self) -> dict[str, Any]:
        return {key: self.cleaned_data.get(name) for key, name in self.question_keys}


class SelectionForm(forms.Form):
    score = forms.IntegerField(label=_("Nilai (0–100)"), min_value=0, max_value=100, required=False)
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decision = forms.ChoiceField(label=_("Keputusan"), choices=ApplicationStatus.choices)


class OutcomeForm(forms.Form):
    stage = forms.ChoiceField(label=_("Tahap"), choices=OutcomeStage.choices)
    recorded_on = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    monthly_sales = forms.DecimalField(label=_("Omzet per bulan (Rp)"), min_value=0, max_digits=14, decimal_places=0)
    workers = forms.IntegerField(label=_("Tenaga kerja"), min_value=0)
    certifications = forms.MultipleChoiceField(
        label=_("Sertifikasi dimiliki"),
        choices=CertificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    markets = forms.IntegerField(label=_("Jumlah pasar/saluran penjualan"), min_value=0, initial=0)
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LetterForm(forms.Form):
    actor = forms.CharField(label=_("Slug profil pelaku"), max_length=220)
    purpose = forms.CharField(label=_("Keperluan"), max_length=200, required=False)


class ProgramForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is not subscriptable at run time
    class Meta:
        from .models import Program

        model = Program
        fields = ["title", "slug", "kind", "certification", "description", "organiser", "partners", "start_date",
                  "end_date", "eligible_subsectors", "eligible_kecamatan", "fostered_rule", "call_opens",
                  "call_closes", "cohort_size", "initiative"]  # fmt: skip
        # ISO dates: <input type="date"> shows nothing for a locale-formatted value (the edit page).
        # Several choices are checkboxes: a select-multiple box hides what is chosen below its fold and
        # one plain click drops every other choice.
        widgets = {**{f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
                      for f in ("start_date", "end_date", "call_opens", "call_closes")},
                   **dict.fromkeys(("partners", "eligible_subsectors", "eligible_kecamatan"),
                                   forms.CheckboxSelectMultiple)}  # fmt: skip

    size_classes = forms.MultipleChoiceField(
        label=_("Skala usaha yang boleh mendaftar"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=SizeClass.choices,
    )  # fmt: skip

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        """`user` organises: the organiser field offers only the offices they work for."""
        from sinergi.accounts.predicates import offices_acted_for

        super().__init__(*args, **kwargs)
        if "organiser" in self.fields:
            self.fields["organiser"].queryset = offices_acted_for(user)  # type: ignore[attr-defined]
        # Only the subsector list in force: older lists stay for history, never for new programs.
        self.fields["eligible_subsectors"].queryset = current_subsectors()  # type: ignore[attr-defined]
        self.fields["eligible_kecamatan"].queryset = Wilayah.objects.filter(  # type: ignore[attr-defined]
            level="kecamatan"
        ).order_by("name")


class ProgramEditForm(ProgramForm):
    """The organiser's edit page: everything but the slug and the organiser (links and permissions hang
    on them) and the application questions (set when the call is made)."""

    class Meta(ProgramForm.Meta):
        fields = ["title", "kind", "certification", "description", "partners", "start_date", "end_date",
                  "eligible_subsectors", "eligible_kecamatan", "fostered_rule", "call_opens", "call_closes",
                  "cohort_size", "initiative"]  # fmt: skip

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["size_classes"] = list(self.instance.eligible_size_classes)


class QuestionForm(forms.Form):
    """One question of the call's application form, as staff build it (never typed as JSON)."""

    label = forms.CharField(label=_("Pertanyaan"), max_length=200)
    type = forms.ChoiceField(label=_("Jenis jawaban"), choices=QuestionType.choices, initial=QuestionType.TEXT)
    required = forms.BooleanField(label=_("Wajib dijawab"), required=False)
    choices = forms.CharField(
        label=_("Pilihan jawaban (satu per baris)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hanya untuk jenis “Pilih salah satu”."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choices = [line.strip() for line in (data.get("choices") or "").splitlines() if line.strip()]
        if data.get("type") == QuestionType.CHOICE and len(choices) < 2:
            self.add_error("choices", _("Tulis paling sedikit dua pilihan, satu per baris."))
        if len(set(choices)) != len(choices):
            self.add_error("choices", _("Ada pilihan yang ditulis dua kali."))
        data["choices"] = choices if data.get("type") == QuestionType.CHOICE else []
        return data


class BaseQuestionFormSet(forms.BaseFormSet):  # type: ignore[type-arg,unused-ignore]
    def questions(self) -> list[dict[str, Any]]:
        """The filled-in questions, in order, each with a key made from its label."""
        filled = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        keys = question_keys([q["label"] for q in filled])
        return [
            {"key": key, "label": q["label"].strip(), "type": q["type"], "required": bool(q["required"]),
             **({"choices": q["choices"]} if q["type"] == QuestionType.CHOICE else {})}
            for key, q in zip(keys, filled, strict=True)
        ]  # fmt: skip


QuestionFormSet = forms.formset_factory(
    QuestionForm, formset=BaseQuestionFormSet, extra=3, max_num=30, validate_max=True
)


class ProgramSessionForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is not subscriptable at run time
    class Meta:
        from .models import ProgramSession

        model = ProgramSession
        fields = ["title", "starts_at", "ends_at", "venue", "trainer", "capacity"]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
                   "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}  # fmt: skip
