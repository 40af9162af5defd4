from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import User
from sinergi.core import bounds

from .models import BOOTH_CRITERIA, ApplicationStatus, BoothApplication, BoothSize


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), help_text=_("Tiket dan kabar daftar tunggu dikirim ke sini."))


class TicketResendForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), help_text=_("Alamat yang Anda pakai saat mendaftar."))


class BoothApplicationForm(forms.Form):
    seller = forms.ChoiceField(
        label=_("Mengajukan atas nama"),
        error_messages={
            "invalid_choice": _("Penjual ini tidak dapat dipilih: mungkin sudah mengajukan stan di acara ini.")
        },
    )
    products = forms.CharField(label=_("Produk yang dijual"), widget=forms.Textarea(attrs={"rows": 3}))
    size_wanted = forms.ChoiceField(label=_("Ukuran stan"), choices=BoothSize.choices, initial=BoothSize.STANDARD)
    needs_power = forms.BooleanField(label=_("Perlu listrik"), required=False)
    wants_shared = forms.BooleanField(label=_("Bersedia berbagi stan dengan penjual lain"), required=False)

    def __init__(self, *args: Any, sellers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seller"].choices = sellers  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    notes = forms.CharField(label=_("Catatan kurasi"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            (ApplicationStatus.ACCEPTED, _("Terima")),
            (ApplicationStatus.REJECTED, _("Tolak")),
            (ApplicationStatus.SUBMITTED, _("Tunda")),
        ],
    )

    def __init__(self, *args: Any, application: BoothApplication | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in BOOTH_CRITERIA:
            initial = (application.criteria_scores or {}).get(key) if application else None
            self.fields[f"c_{key}"] = forms.IntegerField(label=label, min_value=0, max_value=5, initial=initial)

    def criteria(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"c_{key}"] for key, _label in BOOTH_CRITERIA}


class SalesForm(forms.Form):
    day = forms.TypedChoiceField(label=_("Tanggal"))
    amount = forms.DecimalField(
        label=_("Penjualan hari ini (Rp)"), decimal_places=0, validators=[bounds.MoneyValidator(bounds.SALES_DAY_MAX)]
    )
    transactions = forms.IntegerField(
        label=_("Jumlah transaksi"), min_value=0, max_value=bounds.TRANSACTIONS_DAY_MAX, initial=0
    )

    def __init__(self, *args: Any, days: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["day"]
        field.choices = [(d.isoformat(), d.strftime("%d-%m-%Y")) for d in days]  # type: ignore[attr-defined]
        field.coerce = date.fromisoformat  # type: ignore[attr-defined]


class CorrectionForm(SalesForm):
    reason = forms.CharField(label=_("Alasan koreksi"), max_length=500)


class EventForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is not subscriptable at run time
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        """`user` organises: the organiser field offers only the offices they work for."""
        from sinergi.accounts.predicates import offices_acted_for

        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = offices_acted_for(user)  # type: ignore[attr-defined]

    class Meta:
        from .models import Event

        model = Event
        fields = ["title", "slug", "description", "start_date", "end_date", "venue", "venue_address", "organiser",
                  "partners", "daily_sales_target", "previous_edition", "initiative"]  # fmt: skip
        # A date input takes ISO dates only (whatever the page's language), also when it shows a saved value.
        # Partners are checkboxes: a select-multiple box hides what is chosen and one click drops the rest.
        widgets: dict[str, Any] = {"start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "partners": forms.CheckboxSelectMultiple}  # fmt: skip


class EventEditForm(EventForm):
    """The event's details as the organising office edits them (the slug, its address, stays)."""

    class Meta(EventForm.Meta):
        fields = ["title", "description", "start_date", "end_date", "venue", "venue_address",
                  "registration_opens_at", "registration_closes_at", "organiser", "partners",
                  "daily_sales_target", "previous_edition", "initiative"]  # fmt: skip
        widgets: dict[str, Any] = {**EventForm.Meta.widgets,
                   "registration_opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                format="%Y-%m-%dT%H:%M"),
                   "registration_closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                 format="%Y-%m-%dT%H:%M")}  # fmt: skip

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:  # an event is not its own previous edition
            field = self.fields["previous_edition"]
            field.queryset = field.queryset.exclude(pk=self.instance.pk)  # type: ignore[attr-defined]


class SessionForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is not subscriptable at run time
    class Meta:
        from .models import EventSession

        model = EventSession
        fields = ["kind", "title", "description", "starts_at", "ends_at", "place", "speakers", "capacity"]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
                   "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}  # fmt: skip


class SessionCapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("Kapasitas"), min_value=1, max_value=100_000)


class BoothForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is not subscriptable at run time
    class Meta:
        from .models import Booth

        model = Booth
        fields = ["code", "size", "x", "y", "has_power", "shareable"]
