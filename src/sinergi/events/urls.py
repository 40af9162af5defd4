from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("baru/", views.event_create, name="create"),
    path("sesi/<int:pk>/daftar/", views.session_register, name="register"),
    path("tiket/kirim-ulang/", views.tickets_resend, name="tickets_resend"),
    path("tiket/<str:code>/", views.ticket, name="ticket"),
    path("tiket/<str:code>/qr.png", views.ticket_qr, name="ticket_qr"),
    path("tiket/<str:code>/batal/", views.ticket_cancel, name="ticket_cancel"),
    path("stan/<int:pk>/", views.booth_detail, name="booth"),
    path("stan/<int:pk>/nilai/", views.application_review, name="review"),
    path("stan/<int:pk>/hadir/", views.exhibitor_check_in, name="exhibitor_checkin"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/kalender.ics", views.event_ical, name="ical"),
    path("<slug:slug>/ajukan-stan/", views.booth_apply, name="booth_apply"),
    path("<slug:slug>/kelola/", views.event_manage, name="manage"),
    path("<slug:slug>/ubah/", views.event_edit, name="edit"),
    path("<slug:slug>/ubah/sesi/<int:pk>/kapasitas/", views.session_capacity, name="session_capacity"),
    path("<slug:slug>/alokasi/", views.booths_allocate, name="allocate"),
    path("<slug:slug>/umumkan/", views.event_publish, name="publish"),
    path("<slug:slug>/sesi/", views.session_add, name="session_add"),
    path("<slug:slug>/stan/", views.booth_add, name="booth_add"),
    path("<slug:slug>/denah.svg", views.floor_plan, name="floor_plan"),
    path("<slug:slug>/check-in/", views.checkin_page, name="checkin"),
    path("<slug:slug>/check-in/sinkron/", views.checkin_sync, name="checkin_sync"),
    path("<slug:slug>/check-in/angka/", views.checkin_counters, name="checkin_counters"),
    path("<slug:slug>/check-in/cari/", views.checkin_search, name="checkin_search"),
    path("<slug:slug>/check-in/hadir/<int:pk>/", views.checkin_person, name="checkin_person"),
    path("<slug:slug>/laporan/", views.event_report_page, name="report"),
    path("<slug:slug>/laporan.pdf", views.event_report_pdf, name="report_pdf"),
    path("<slug:slug>/laporan.xlsx", views.event_report_xlsx, name="report_xlsx"),
    path("<slug:slug>/kunci/", views.event_lock, name="lock"),
]
