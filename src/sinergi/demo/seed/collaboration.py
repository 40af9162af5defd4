"""Demo initiatives of collaborative governance: every phase, proposed by offices and by communities.

Called by `sinergi seed_demo` after the accounts and registry demos. Every initiative is written through
the collaboration services (so phase changes, decision records, notifications and audit entries are
what real use produces) and flagged `is_demo=True`; pages show a "Demo" badge for them. Proposers,
deciders and pledging organisations are the demo organisations and users of `seed.accounts` and the
fictional demo communities of `seed.registry` (never the real community names, so nothing is put in a
real community's mouth). A few extra demo people are added: leaders for three more demo communities,
one officer each for the campus, media and business demo organisations (all with the published demo
password), and 24 residents without a password who only support and comment.

Dates: the services stamp "now", but a believable demo has a past. Each plan gets a timeline (`_timeline`):
created, submitted, opened for support, reviewed, decided, implemented and completed on realistic past
days, spread between plans. Decisions are recorded with that date through the service (`decided_at`, as an
officer records a meeting held earlier); afterwards `_backdate` moves the other stamps the services wrote
(phase changes, supports, comments, pledges, milestone reports) onto the same timeline, keeping their
order. Milestones are always due after the decision they follow. The audit log keeps the real time of
seeding.

Idempotent: if any demo initiative exists, the collaboration demo has been seeded and nothing is added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from sinergi.accounts.models import Organisation, Role, User
from sinergi.accounts.services import membership_set
from sinergi.classification.models import Subsector
from sinergi.collaboration import services
from sinergi.collaboration.models import (
    Comment,
    Endorsement,
    Initiative,
    Milestone,
    MilestoneUpdate,
    OfflineSupport,
    Phase,
    PhaseChange,
    Pledge,
    PledgeKind,
    PledgeStatus,
    Result,
    Stance,
    Support,
)
from sinergi.core import audit
from sinergi.demo.seed.accounts import DEMO_PASSWORD, demo_organisation, demo_user
from sinergi.registry import services as registry_services
from sinergi.registry.models import Community
from sinergi.wilayah.models import Wilayah

# Fictional communities seeded by seed.registry, and who leads them in this demo.
COMMUNITY_LEADERS = {
    "tapos": ("Paguyuban Kuliner Rumahan Tapos", "ketua_komunitas", "", ""),
    "gim": ("Komunitas Pengembang Gim Margonda", "", "pengurus.gim@demo.sinergi.id", "Pengurus Komunitas Gim (demo)"),
    "film": (
        "Kolektif Film Pendek Sukmajaya",
        "",
        "pengurus.film@demo.sinergi.id",
        "Pengurus Kolektif Film (demo)",
    ),
    "sanggar": ("Sanggar Seni Bojongsari", "", "pengurus.sanggar@demo.sinergi.id", "Pengurus Sanggar Seni (demo)"),
}
# One acting officer for each non-office demo organisation, so each helix can endorse and pledge.
ORGANISATION_OFFICERS = {
    "kampus": ("dosen.kampus@demo.sinergi.id", "Dosen Kampus Demo"),
    "media": ("redaksi.media@demo.sinergi.id", "Redaksi Media Demo"),
    "asosiasi": ("pengurus.asosiasi@demo.sinergi.id", "Pengurus Asosiasi Demo"),
}
RESIDENTS = 24
RESIDENT_NAMES = (
    "Ayu",
    "Bima",
    "Citra",
    "Dimas",
    "Eka",
    "Fajar",
    "Gita",
    "Hadi",
    "Indah",
    "Joko",
    "Kirana",
    "Lukman",
)

# Who proposes: ("office", org key, user key) · ("community", community key) · ("person", user key)
Proposer = tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    title: str
    phase: str
    proposer: Proposer
    subsectors: tuple[str, ...]
    kecamatan: str  # Kemendagri kode
    problem: str
    goal: str
    beneficiaries: str = ""
    budget: int | None = None
    resources: str = ""
    timeline: str = ""
    supporters: int = 0  # online supports by demo residents
    offline: tuple[tuple[int, str], ...] = ()  # (count, source)
    threshold: int = 20
    # (organisation: "office:<key>" | "org:<key>" | "community:<key>", kind, description, amount, status)
    pledges: tuple[tuple[str, str, str, int | None, str], ...] = ()
    endorsements: tuple[tuple[str, str], ...] = ()  # (organisation ref, statement)
    comments: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()  # (stance, body, replies)
    answer: str = ""
    grounds: str = ""
    milestones: tuple[tuple[str, int, int], ...] = ()  # (title, due in days, progress)
    results: tuple[tuple[str, str, str], ...] = ()  # (title, description, evidence URL)
    reason: str = ""  # for withdrawn / archived
    decider: str = "kepala_disdagin"


DISDAGIN: Proposer = ("office", "disdagin", "kepala_disdagin")
DISDAGIN_STAFF: Proposer = ("office", "disdagin", "petugas_disdagin")
BAPPEDA: Proposer = ("office", "bappeda", "kepala_bappeda")
DISKOMINFO: Proposer = ("office", "diskominfo", "admin")

PLANS: tuple[Plan, ...] = (
    Plan(
        "Kurasi produk unggulan kriya Depok untuk katalog kota",
        Phase.COMPLETED,
        DISDAGIN,
        ("KRY",),
        "32.76.01",
        "Produk kriya Depok tersebar dan belum ada katalog yang dikurasi untuk pembeli korporat dan pameran.",
        "Memilih 40 produk kriya unggulan lewat kurasi terbuka dan menerbitkannya dalam katalog cetak dan daring.",
        beneficiaries="Perajin kriya binaan Disdagin dan Dekranasda.",
        budget=85_000_000,
        resources="Kurator, fotografer produk, ruang kurasi.",
        timeline="Kurasi Maret, pemotretan April, katalog terbit Juni.",
        supporters=18,
        offline=((35, "Pertemuan perajin di Balai Kota Depok, 12 Februari"),),
        pledges=(
            ("org:kampus", PledgeKind.MENTORS, "Dua dosen desain produk sebagai kurator tamu.", None, "delivered"),
            (
                "org:media",
                PledgeKind.MEDIA,
                "Liputan peluncuran dan tiga profil perajin.",
                None,
                "delivered",
            ),
            ("org:asosiasi", PledgeKind.FUNDING, "Biaya cetak 500 eksemplar katalog.", 15_000_000, "delivered"),
            ("office:dekranasda", PledgeKind.VENUE, "Galeri Dekranasda untuk sesi kurasi.", None, "delivered"),
            ("community:sanggar", PledgeKind.VOLUNTEERS, "Relawan penata display saat kurasi.", None, "confirmed"),
        ),
        endorsements=(("office:dekranasda", "Sejalan dengan program pembinaan perajin."),),
        comments=(
            (
                Stance.FOR,
                "Katalog seperti ini sangat membantu kami menawarkan produk ke kantor-kantor.",
                (("neutral", "Semoga kriteria kurasinya diumumkan terbuka sejak awal."),),
            ),
            (Stance.NEUTRAL, "Apakah perajin yang belum punya NIB boleh ikut kurasi?", ()),
        ),
        answer="Diterima. Disdagin melaksanakan kurasi bersama Dekranasda dan kampus mitra; kriteria diumumkan.",
        grounds="Rapat koordinasi Disdagin–Dekranasda; sesuai Renja Disdagin tahun berjalan.",
        milestones=(("Kurasi terbuka 120 produk", -60, 100), ("Pemotretan produk terpilih", -30, 100)),
        results=(
            (
                "Katalog Produk Unggulan Kriya Depok terbit",
                "40 produk dari 31 perajin; 500 eksemplar cetak dan versi daring.",
                "https://contoh.sinergi.id/demo/katalog-kriya",
            ),
        ),
    ),
    Plan(
        "Pelatihan dan pendampingan sertifikasi halal untuk UMKM kuliner",
        Phase.IMPLEMENTATION,
        ("community", "tapos"),
        ("KUL",),
        "32.76.10",
        "Banyak anggota kuliner rumahan belum bersertifikat halal, sulit masuk ritel modern dan katering.",
        "Mendampingi 60 UMKM kuliner sampai terbit sertifikat halal (skema self-declare) dalam enam bulan.",
        beneficiaries="Anggota Paguyuban Kuliner Rumahan Tapos dan UMKM kuliner Tapos–Cimanggis.",
        budget=60_000_000,
        resources="Pendamping proses produk halal (P3H), ruang kelas, akses internet.",
        timeline="Kelas bulan 1–2, pendampingan bulan 2–5, sertifikat bulan 6.",
        supporters=22,
        offline=((48, "Kopdar Paguyuban Kuliner di Balai Warga Tapos, 3 Maret"),),
        pledges=(
            ("office:dkum", PledgeKind.MENTORS, "Pendamping P3H untuk 60 pelaku.", None, "confirmed"),
            ("org:kampus", PledgeKind.VOLUNTEERS, "Mahasiswa KKN membantu unggah dokumen.", None, "delivered"),
            ("org:asosiasi", PledgeKind.EQUIPMENT, "Pinjaman laptop untuk kelas daring.", None, "offered"),
            ("org:media", PledgeKind.MEDIA, "Liputan kisah tiga pelaku yang lulus sertifikasi.", None, "offered"),
        ),
        endorsements=(("office:disdagin", "Prioritas pembinaan UMKM kuliner."), ("org:asosiasi", "")),
        comments=(
            (
                Stance.FOR,
                "Sertifikat halal syarat utama untuk masuk minimarket. Sangat perlu.",
                (("for", "Setuju, kami juga butuh untuk katering sekolah."),),
            ),
            (Stance.AGAINST, "Biaya pendamping sebaiknya ditanggung pusat, bukan APBD.", ()),
        ),
        answer="Diterima. Disdagin dan DKUM menyediakan pendamping; kelas dimulai bulan depan di Tapos.",
        grounds="Rapat pimpinan Disdagin; kuota pendamping P3H dari DKUM tersedia.",
        milestones=(
            ("Kelas dasar jaminan produk halal", -20, 100),
            ("Pendampingan unggah dokumen 60 pelaku", 40, 55),
            ("Sertifikat halal terbit", 120, 10),
        ),
        results=(
            (
                "25 UMKM sudah mengajukan sertifikasi",
                "Dokumen 25 pelaku lengkap dan diajukan lewat SIHALAL.",
                "https://contoh.sinergi.id/demo/halal-tapos",
            ),
        ),
    ),
    Plan(
        "Ruang pamer batik Sawangan di pusat kota",
        Phase.ACCEPTED,
        ("office", "dekranasda", "admin"),
        ("KRY", "FSN"),
        "32.76.03",
        "Perajin batik Sawangan tidak punya etalase tetap; penjualan bergantung pada pameran musiman.",
        "Membuka ruang pamer batik tetap di gedung milik pemerintah kota dengan jadwal giliran perajin.",
        beneficiaries="Perajin batik Sawangan dan Bojongsari.",
        budget=120_000_000,
        supporters=16,
        pledges=(
            ("org:asosiasi", PledgeKind.EQUIPMENT, "Rak display dan manekin.", None, "confirmed"),
            ("org:media", PledgeKind.MEDIA, "Promosi pembukaan ruang pamer.", None, "offered"),
            ("community:sanggar", PledgeKind.VOLUNTEERS, "Peragaan membatik tiap akhir pekan.", None, "offered"),
        ),
        comments=((Stance.FOR, "Batik Sawangan layak punya etalase sendiri.", ()),),
        answer="Diterima. Ruang di lantai dasar gedung Dekranasda disiapkan; jadwal giliran disusun bersama IPPB.",
        grounds="Keputusan rapat Dekranasda dan Disdagin; ruang tersedia tanpa sewa.",
        milestones=(("Penataan ruang dan rak", 30, 0), ("Pembukaan ruang pamer", 60, 0)),
    ),
    Plan(
        "Inkubasi startup aplikasi dan gim di Margonda",
        Phase.REVIEW,
        ("community", "gim"),
        ("APL", "GAM"),
        "32.76.06",
        "Pengembang muda di Beji sering berhenti di tahap prototipe karena tidak ada mentor dan ruang kerja.",
        "Inkubasi 12 tim selama 6 bulan dengan mentor, ruang kerja bersama dan demo day untuk investor.",
        beneficiaries="Tim startup aplikasi dan studio gim tahap awal.",
        budget=250_000_000,
        supporters=20,
        offline=((30, "Meetup Komunitas Pengembang Gim Margonda, 8 Maret"),),
        threshold=40,
        pledges=(
            (
                "org:kampus",
                PledgeKind.MENTORS,
                "Mentor dari laboratorium rekayasa perangkat lunak.",
                None,
                "offered",
            ),
            ("office:diskominfo", PledgeKind.VENUE, "Ruang kerja bersama di Sentra Startup Margonda.", None, "offered"),
            ("org:asosiasi", PledgeKind.FUNDING, "Hadiah demo day.", 25_000_000, "offered"),
        ),
        endorsements=(("org:kampus", "Selaras dengan program kewirausahaan kampus."),),
        comments=(
            (
                Stance.FOR,
                "Depok punya banyak talenta gim, tapi larinya ke Jakarta. Inkubasi lokal penting.",
                (("neutral", "Perlu jelas siapa yang memilih 12 tim."), ("for", "Setuju, seleksinya harus terbuka.")),
            ),
            (Stance.NEUTRAL, "Apakah tim dari luar Depok boleh ikut?", ()),
        ),
        decider="kepala_bappeda",
    ),
    Plan(
        "Festival musik komunitas di Alun-alun Depok",
        Phase.OPEN,
        ("community", "sanggar"),
        ("MUS", "SPT"),
        "32.76.01",
        "Band dan grup musik komunitas kekurangan panggung publik yang teratur.",
        "Festival musik komunitas dua hari di Alun-alun Depok dengan 30 penampil lokal dan bazar UMKM.",
        beneficiaries="Musisi komunitas, UMKM kuliner dan fesyen untuk bazar.",
        budget=90_000_000,
        supporters=14,
        offline=((22, "Latihan gabungan Sanggar Seni Bojongsari, 15 Maret"),),
        threshold=100,
        pledges=(
            ("org:media", PledgeKind.MEDIA, "Siaran langsung dan publikasi jadwal penampil.", None, "offered"),
            ("org:asosiasi", PledgeKind.EQUIPMENT, "Tata suara untuk panggung kedua.", None, "offered"),
        ),
        comments=(
            (
                Stance.FOR,
                "Alun-alun cocok, mudah dijangkau angkot.",
                (("against", "Asal parkir dan kebersihan diatur; tahun lalu acara serupa meninggalkan sampah."),),
            ),
        ),
    ),
    Plan(
        "Kelas foto produk dengan ponsel untuk UMKM fesyen",
        Phase.OPEN,
        DISDAGIN_STAFF,
        ("FSN", "FTG"),
        "32.76.05",
        "Foto produk UMKM fesyen di lokapasar kurang menarik sehingga penjualan daring rendah.",
        "Kelas praktik foto produk dengan ponsel, delapan angkatan masing-masing 25 peserta.",
        supporters=9,
        threshold=50,
        pledges=(
            ("community:film", PledgeKind.MENTORS, "Fotografer anggota kolektif sebagai pengajar.", None, "offered"),
        ),
        comments=((Stance.FOR, "Tolong ada angkatan di akhir pekan.", ()),),
    ),
    Plan(
        "Pemetaan ruang kreatif kosong milik pemerintah kota",
        Phase.REJECTED,
        ("community", "film"),
        ("FAV", "SRP"),
        "32.76.05",
        "Gedung dan ruang milik pemerintah yang kosong bisa dipakai komunitas, tetapi datanya tidak terbuka.",
        "Membuka daftar ruang kosong dan mengizinkan komunitas memakainya dengan perjanjian pinjam pakai.",
        supporters=12,
        pledges=(("org:media", PledgeKind.MEDIA, "Liputan ruang-ruang yang dipetakan.", None, "offered"),),
        comments=((Stance.NEUTRAL, "Bagaimana dengan aset yang sedang bersengketa?", ()),),
        answer=(
            "Ditolak untuk saat ini: data aset sedang diinventarisasi ulang oleh BKD. "
            "Usulan dapat diajukan kembali setelah inventarisasi; komunitas dapat memakai ruang kreatif yang ada."
        ),
        grounds="Surat BKD tentang inventarisasi aset; pinjam pakai memerlukan penetapan status aset lebih dulu.",
        decider="kepala_bappeda",
    ),
    Plan(
        "Festival kuliner malam Margonda setiap bulan",
        Phase.REJECTED,
        ("person", "pelaku"),
        ("KUL",),
        "32.76.06",
        "UMKM kuliner butuh tempat jualan malam yang ramai.",
        "Menutup sebagian Jalan Margonda satu malam setiap bulan untuk festival kuliner.",
        supporters=6,
        comments=((Stance.AGAINST, "Margonda jalan arteri, penutupan akan membuat macet parah.", ()),),
        answer="Ditolak: penutupan Jalan Margonda tidak diizinkan Dinas Perhubungan. Disarankan memakai Alun-alun.",
        grounds="Pertimbangan Dinas Perhubungan tentang jalan arteri; alternatif lokasi tersedia.",
    ),
    Plan(
        "Sertifikasi kompetensi desainer grafis lokal",
        Phase.SUBMITTED,
        ("person", "warga"),
        ("DKV",),
        "32.76.09",
        "Desainer grafis lepas sulit membuktikan kompetensi kepada klien instansi.",
        "Uji kompetensi bersertifikat BNSP untuk 50 desainer grafis Depok.",
    ),
    Plan(
        "Pasar kreatif akhir pekan di Depok Open Space",
        Phase.SUBMITTED,
        ("community", "tapos"),
        ("KUL", "KRY", "FSN"),
        "32.76.01",
        "Pelaku kuliner dan kriya butuh pasar akhir pekan yang tetap.",
        "Pasar kreatif setiap Sabtu–Minggu dengan 40 lapak bergilir.",
    ),
    Plan(
        "Dokumentasi film pendek sejarah kampung Depok",
        Phase.DRAFT,
        ("community", "film"),
        ("FAV",),
        "32.76.05",
        "Cerita kampung-kampung tua Depok hilang bersama para sesepuh.",
        "Sepuluh film pendek dokumenter tentang kampung tua Depok, diputar keliling kecamatan.",
    ),
    Plan(
        "Data terbuka PDRB ekonomi kreatif per subsektor",
        Phase.DRAFT,
        BAPPEDA,
        ("APL",),
        "",
        "Angka ekonomi kreatif Depok tersebar di banyak dokumen dan tidak bisa diolah ulang.",
        "Menerbitkan data PDRB ekonomi kreatif per subsektor dalam format terbuka setiap tahun.",
    ),
    Plan(
        "Pelatihan rajut untuk ibu rumah tangga di Cipayung",
        Phase.WITHDRAWN,
        ("person", "pelaku"),
        ("KRY",),
        "32.76.07",
        "Ibu rumah tangga di Cipayung mencari keterampilan yang bisa menghasilkan dari rumah.",
        "Pelatihan rajut tiga bulan dan pemasaran bersama.",
        supporters=4,
        reason="Digabung dengan program pelatihan rajut DKUM yang sudah berjalan.",
    ),
    Plan(
        "Lomba desain kemasan oleh-oleh khas Depok",
        Phase.ARCHIVED,
        DISDAGIN_STAFF,
        ("DPR", "KUL"),
        "32.76.04",
        "Kemasan oleh-oleh Depok belum punya identitas bersama.",
        "Lomba desain kemasan terbuka untuk mahasiswa dan desainer lokal.",
        supporters=3,
        reason="Masa dukungan lewat tanpa mencapai ambang; gagasan dilanjutkan dalam program kurasi produk.",
    ),
    Plan(
        "Sistem antrean daring layanan perizinan ekraf",
        Phase.COMPLETED,
        DISKOMINFO,
        ("APL",),
        "32.76.01",
        "Pelaku ekraf antre lama di layanan perizinan karena tidak ada jadwal.",
        "Antrean daring dengan jadwal kedatangan untuk layanan NIB dan P-IRT.",
        supporters=15,
        pledges=(
            ("community:gim", PledgeKind.VOLUNTEERS, "Uji coba aplikasi oleh anggota komunitas.", None, "delivered"),
            ("org:kampus", PledgeKind.MENTORS, "Evaluasi kegunaan oleh mahasiswa HCI.", None, "delivered"),
        ),
        comments=((Stance.FOR, "Akhirnya tidak perlu antre dari subuh.", ()),),
        answer="Diterima. Diskominfo membangun antrean daring; uji coba di MPP Depok.",
        grounds="Rencana kerja Diskominfo; anggaran pemeliharaan aplikasi tersedia.",
        milestones=(("Uji coba di MPP", -40, 100), ("Peluncuran untuk umum", -10, 100)),
        results=(
            (
                "Antrean daring berjalan di MPP Depok",
                "Rata-rata waktu tunggu turun dari 2 jam menjadi 25 menit dalam bulan pertama.",
                "https://contoh.sinergi.id/demo/antrean-daring",
            ),
        ),
        decider="kepala_bappeda",
    ),
    Plan(
        "Pameran arsitektur dan desain interior rumah tumbuh",
        Phase.IMPLEMENTATION,
        BAPPEDA,
        ("ARS", "DIN"),
        "32.76.09",
        "Warga kurang akses pada desain rumah sederhana yang bisa dikembangkan bertahap.",
        "Pameran dan klinik desain rumah tumbuh bersama arsitek dan desainer interior lokal.",
        supporters=11,
        pledges=(
            ("org:kampus", PledgeKind.MENTORS, "Studio arsitektur kampus mengisi klinik desain.", None, "confirmed"),
            ("org:media", PledgeKind.MEDIA, "Rubrik mingguan tentang rumah tumbuh.", None, "delivered"),
        ),
        answer="Diterima. Bappeda mengoordinasikan pameran bersama perkumpulan desainer.",
        grounds="Sejalan dengan program perumahan layak; tanpa tambahan anggaran besar.",
        milestones=(("Kurasi karya desain", -5, 100), ("Pameran dan klinik desain", 30, 40)),
        results=(
            (
                "Klinik desain pertama: 48 konsultasi",
                "Klinik perdana di Cinere melayani 48 keluarga.",
                "https://contoh.sinergi.id/demo/rumah-tumbuh",
            ),
        ),
        decider="kepala_bappeda",
    ),
)


def _kecamatan(kode: str) -> Wilayah | None:
    return Wilayah.objects.filter(level="kecamatan", kode=kode).first() if kode else None


def _subsectors(codes: tuple[str, ...]) -> list[Subsector]:
    return list(Subsector.objects.filter(subsector_list__is_current=True, code__in=codes))


class _Cast:
    """The demo people and organisations the plans refer to."""

    def __init__(self) -> None:
        self.password_hash = ""
        self.users: dict[str, User] = {}
        for key in ("admin", "kepala_disdagin", "petugas_disdagin", "kepala_bappeda", "ketua_komunitas"):
            user = demo_user(key)
            if user is None:
                raise LookupError(key)
            self.users[key] = user
        for key in ("pelaku", "warga"):
            self.users[key] = demo_user(key) or self._person(f"{key}@demo.sinergi.id", f"{key.title()} (demo)")
        self.organisations: dict[str, Organisation] = {}
        for key in ("disdagin", "bappeda", "dkum", "dekranasda", "diskominfo", "kampus", "media", "asosiasi"):
            organisation = demo_organisation(key)
            if organisation is None:
                raise LookupError(key)
            self.organisations[f"office:{key}"] = organisation
            self.organisations[f"org:{key}"] = organisation
        self.officers: dict[str, User] = {}
        for key, (email, name) in ORGANISATION_OFFICERS.items():
            person = self._person(email, name, with_password=True)
            membership_set(actor=None, user=person, organisation=self.organisations[f"org:{key}"], role=Role.STAFF)
            self.officers[f"org:{key}"] = person
        self.leaders: dict[str, User] = {}
        for key, (name, user_key, email, full_name) in COMMUNITY_LEADERS.items():
            community = Community.objects.filter(name=name, is_demo=True).select_related("organisation").first()
            if community is None:
                raise LookupError(name)
            leader = self.users[user_key] if user_key else self._person(email, full_name, with_password=True)
            if not community.organisation.memberships.filter(user=leader).exists():
                registry_services.community_set_leader(by=None, community=community, user=leader)
            self.organisations[f"community:{key}"] = community.organisation
            self.leaders[key] = leader
        self.residents = [
            self._person(
                f"warga{i:02d}@demo.sinergi.id",
                f"{RESIDENT_NAMES[i % len(RESIDENT_NAMES)]} Warga {i:02d} (demo)",
            )
            for i in range(1, RESIDENTS + 1)
        ]

    def _person(self, email: str, full_name: str, *, with_password: bool = False) -> User:
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            return user
        user = User(email=email, full_name=full_name)
        if with_password:
            if not self.password_hash:
                self.password_hash = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
            user.password = self.password_hash
        else:
            user.set_unusable_password()
        user.full_clean()
        user.save()
        audit.record(actor=None, action="accounts.user.registered", target=user, data={"demo": True})
        return user

    def acting(self, ref: str) -> tuple[Organisation, User]:
        """An organisation reference and someone who acts for it."""
        organisation = self.organisations[ref]
        kind, key = ref.split(":", 1)
        if kind == "community":
            return organisation, self.leaders[key]
        if kind == "org":
            return organisation, self.officers[ref]
        return organisation, {
            "disdagin": self.users["kepala_disdagin"],
            "bappeda": self.users["kepala_bappeda"],
        }.get(key, self.users["admin"])

    def proposer(self, proposer: Proposer) -> tuple[User, Organisation | None]:
        if proposer[0] == "office":
            return self.users[proposer[2]], self.organisations[f"office:{proposer[1]}"]
        if proposer[0] == "community":
            return self.leaders[proposer[1]], self.organisations[f"community:{proposer[1]}"]
        return self.users[proposer[1]], None


def _seeded() -> bool:
    return Initiative.objects.filter(is_demo=True).exists()


def seed(stdout: Any) -> None:
    if _seeded():
        stdout.write("  inisiatif demo: sudah ada, tidak ada yang ditambahkan")
        return
    try:
        with transaction.atomic():
            cast = _Cast()
            for index, plan in enumerate(PLANS):
                _seed_initiative(cast, plan, index)
    except LookupError as exc:
        stdout.write(f"  inisiatif demo: dilewati, data demo akun/registri belum ada ({exc})")
        return
    counts = {p: Initiative.objects.filter(is_demo=True, phase=p).count() for p in Phase.values}
    stdout.write(
        f"  inisiatif demo: {sum(counts.values())} baru ("
        + ", ".join(f"{Phase(p).label}: {n}" for p, n in counts.items() if n)
        + ")"
    )


DECIDED = (Phase.ACCEPTED, Phase.REJECTED, Phase.IMPLEMENTATION, Phase.COMPLETED)


def _timeline(plan: Plan, index: int) -> dict[str, int]:
    """How many days ago the initiative entered each phase of its path (the draft: when it was created).

    Decided initiatives were decided at least three weeks before their first milestone falls due; open
    ones are still within their support period; the archived one let its period run out."""
    jitter = 3 * (index % 5)
    days: dict[str, int] = {}
    if plan.phase in DECIDED:
        first_due = min((due for _, due, _ in plan.milestones), default=0)
        days[Phase.ACCEPTED] = days[Phase.REJECTED] = max(45, 21 - first_due) + jitter
        days[Phase.REVIEW] = days[Phase.ACCEPTED] + 12
        days[Phase.OPEN] = days[Phase.REVIEW] + 30
        days[Phase.IMPLEMENTATION] = days[Phase.ACCEPTED] - 14
        last_due = max((due for _, due, _ in plan.milestones), default=-10)
        days[Phase.COMPLETED] = max(2, -last_due - 5)
    elif plan.phase == Phase.REVIEW:
        days[Phase.REVIEW] = 6 + jitter
        days[Phase.OPEN] = days[Phase.REVIEW] + 30
    elif plan.phase == Phase.OPEN:
        days[Phase.OPEN] = 8 + jitter
    elif plan.phase == Phase.WITHDRAWN:
        days[Phase.WITHDRAWN] = 12 + jitter
        days[Phase.OPEN] = days[Phase.WITHDRAWN] + 20
    elif plan.phase == Phase.ARCHIVED:
        days[Phase.ARCHIVED] = 40 + jitter
        days[Phase.OPEN] = days[Phase.ARCHIVED] + 35
    days[Phase.SUBMITTED] = days.get(Phase.OPEN, 2 + jitter) + 4
    days[Phase.DRAFT] = days[Phase.SUBMITTED] + 3 + index % 4
    return days


def _at(days_ago: float, hour: int = 10) -> dt.datetime:
    """A working-hours moment `days_ago` days before today (local time)."""
    day = timezone.localdate() - dt.timedelta(days=int(days_ago))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0))) + dt.timedelta(
        minutes=int((days_ago % 1) * 420)
    )


def _spread(rows: list[Any], start: float, end: float) -> list[dt.datetime]:
    """Moments from `start` to `end` days ago, evenly spread and in the rows' order."""
    if not rows:
        return []
    step = (start - end) / len(rows)
    return [_at(start - step * (i + 0.5)) for i in range(len(rows))]


def _backdate(initiative: Initiative, plan: Plan, days: dict[str, int]) -> None:
    """Move the stamps the services wrote onto the plan's timeline (see the module docstring)."""
    for change in PhaseChange.objects.filter(initiative=initiative).order_by("pk"):
        PhaseChange.objects.filter(pk=change.pk).update(at=_at(days[change.to_phase], 9 + change.pk % 6))
    stamps: dict[str, Any] = {"created_at": _at(days[Phase.DRAFT], 8), "updated_at": _at(min(days.values()), 15)}
    if Phase.SUBMITTED in days and plan.phase != Phase.DRAFT:
        stamps["submitted_at"] = _at(days[Phase.SUBMITTED])
    if Phase.OPEN in days:
        opened = days[Phase.OPEN]
        stamps["opened_at"] = _at(opened)
        stamps["support_deadline"] = timezone.localdate() - dt.timedelta(
            days=opened - (45 if plan.phase == Phase.OPEN else 30)
        )
        engaged_until = max(days.get(Phase.REVIEW, days.get(Phase.WITHDRAWN, days.get(Phase.ARCHIVED, 0))), 0) + 1
        for model in (Support, Endorsement, Comment, Pledge):
            rows = list(model.objects.filter(initiative=initiative).order_by("pk"))
            for row, moment in zip(rows, _spread(rows, opened - 0.2, engaged_until), strict=True):
                model.objects.filter(pk=row.pk).update(created_at=moment)
        OfflineSupport.objects.filter(initiative=initiative).update(
            created_at=_at(opened - 3), collected_on=timezone.localdate() - dt.timedelta(days=opened - 2)
        )
    if plan.phase in DECIDED:
        decided = days[Phase.ACCEPTED]
        Initiative.objects.filter(pk=initiative.pk).update(answered_at=_at(decided, 14))
        Pledge.objects.filter(initiative=initiative, confirmed_at__isnull=False).update(confirmed_at=_at(decided - 3))
        Pledge.objects.filter(initiative=initiative, delivered_at__isnull=False).update(
            delivered_at=_at(days[Phase.IMPLEMENTATION] - 5 if plan.phase != Phase.ACCEPTED else decided - 5)
        )
        for milestone in Milestone.objects.filter(initiative=initiative):
            Milestone.objects.filter(pk=milestone.pk).update(created_at=_at(decided - 1))
            updates = list(MilestoneUpdate.objects.filter(milestone=milestone).order_by("pk"))
            start = days.get(Phase.IMPLEMENTATION, decided)
            due_ago = (timezone.localdate() - milestone.due_date).days if milestone.due_date else 0
            moments = _spread(updates, start - 1, max(due_ago, 1))
            for update, moment in zip(updates, moments, strict=True):
                MilestoneUpdate.objects.filter(pk=update.pk).update(at=moment)
            if milestone.completed_at and moments:
                Milestone.objects.filter(pk=milestone.pk).update(completed_at=moments[-1])
        results = list(Result.objects.filter(initiative=initiative).order_by("pk"))
        for result, moment in zip(
            results, _spread(results, days.get(Phase.COMPLETED, 4) + 3, days.get(Phase.COMPLETED, 1)), strict=True
        ):
            Result.objects.filter(pk=result.pk).update(created_at=moment)
    Initiative.objects.filter(pk=initiative.pk).update(**stamps)


def _seed_initiative(cast: _Cast, plan: Plan, index: int) -> Initiative:
    days = _timeline(plan, index)
    initiative = _walk(cast, plan, index, days)
    _backdate(initiative, plan, days)
    return initiative


def _walk(cast: _Cast, plan: Plan, index: int, days: dict[str, int]) -> Initiative:
    author, organisation = cast.proposer(plan.proposer)
    staff = cast.users["petugas_disdagin"]
    today = timezone.localdate()
    initiative = services.initiative_create(
        by=author,
        data={
            "title": plan.title,
            "problem": plan.problem,
            "goal": plan.goal,
            "kecamatan": _kecamatan(plan.kecamatan),
            "beneficiaries": plan.beneficiaries,
            "budget_estimate": Decimal(plan.budget) if plan.budget else None,
            "resources_needed": plan.resources,
            "timeline": plan.timeline,
        },
        proposer_organisation=organisation,
        subsectors=_subsectors(plan.subsectors),
        is_demo=True,
    )
    if plan.phase == Phase.DRAFT:
        return initiative
    services.initiative_submit(by=author, initiative=initiative)
    if plan.phase == Phase.SUBMITTED:
        return initiative
    services.initiative_open_for_support(
        by=staff, initiative=initiative, threshold=plan.threshold, deadline=today + dt.timedelta(days=30 + index)
    )
    _engage(cast, plan, initiative, index)
    if plan.phase == Phase.WITHDRAWN:
        services.initiative_withdraw(by=author, initiative=initiative, reason=plan.reason)
        return initiative
    if plan.phase == Phase.ARCHIVED:
        services.initiative_archive(by=staff, initiative=initiative, reason=plan.reason)
        return initiative
    if plan.phase == Phase.OPEN:
        return initiative
    services.initiative_start_review(by=staff, initiative=initiative)
    if plan.phase == Phase.REVIEW:
        return initiative
    decider = cast.users[plan.decider]
    decided_at = _at(days[Phase.ACCEPTED], 14)
    if plan.phase == Phase.REJECTED:
        services.initiative_reject(
            by=decider, initiative=initiative, answer=plan.answer, grounds=plan.grounds, decided_at=decided_at
        )
        return initiative
    services.initiative_accept(
        by=decider, initiative=initiative, answer=plan.answer, grounds=plan.grounds, decided_at=decided_at
    )
    _advance_pledges(cast, initiative, plan)
    milestones = [
        services.milestone_add(
            by=staff, initiative=initiative, title=title, due_date=today + dt.timedelta(days=due), notes=""
        )
        for title, due, _ in plan.milestones
    ]
    if plan.phase == Phase.ACCEPTED:
        return initiative
    services.initiative_start_implementation(by=decider, initiative=initiative)
    for milestone, (_, _, progress) in zip(milestones, plan.milestones, strict=True):
        _report(staff, milestone, progress)
    for title, description, url in plan.results:
        services.result_add(by=staff, initiative=initiative, title=title, description=description, evidence_url=url)
    if plan.phase == Phase.COMPLETED:
        services.initiative_complete(by=decider, initiative=initiative)
    return initiative


def _report(by: User, milestone: Milestone, progress: int) -> None:
    """Progress reported in steps, as staff would over the weeks."""
    steps = [p for p in (30, 60) if p < progress] + ([progress] if progress else [])
    for step in steps:
        services.milestone_progress_update(
            by=by, milestone=milestone, progress=step, note=f"Kemajuan {step}% dilaporkan petugas (demo)."
        )


def _engage(cast: _Cast, plan: Plan, initiative: Initiative, index: int) -> None:
    residents = cast.residents
    for offset in range(plan.supporters):
        person = residents[(index * 5 + offset) % len(residents)]
        services.rate_limit_reset(action="support", user=person)
        services.support_add(by=person, initiative=initiative)
    for count, source in plan.offline:
        services.offline_support_record(
            by=cast.users["petugas_disdagin"],
            initiative=initiative,
            count=count,
            source=source,
            collected_on=timezone.localdate() - dt.timedelta(days=3),
        )
    for ref, statement in plan.endorsements:
        organisation, by = cast.acting(ref)
        services.endorsement_add(by=by, initiative=initiative, organisation=organisation, statement=statement)
    for ref, kind, description, amount, _ in plan.pledges:
        organisation, by = cast.acting(ref)
        services.pledge_offer(
            by=by,
            initiative=initiative,
            organisation=organisation,
            kind=kind,
            description=description,
            amount=Decimal(amount) if amount is not None else None,
        )
    speaker = index
    for stance, body, replies in plan.comments:
        root = _comment(residents[speaker % len(residents)], initiative, body, stance)
        speaker += 7
        for reply_stance, reply in replies:
            _comment(residents[speaker % len(residents)], initiative, reply, reply_stance, parent=root)
            speaker += 3


def _comment(by: User, initiative: Initiative, body: str, stance: str, parent: Comment | None = None) -> Comment:
    services.rate_limit_reset(action="comment", user=by)
    return services.comment_post(by=by, initiative=initiative, body=body, stance=stance, parent=parent)


def _advance_pledges(cast: _Cast, initiative: Initiative, plan: Plan) -> None:
    """After the answer the office confirms pledges, and marks delivered what was handed over."""
    staff = cast.users["petugas_disdagin"]
    wanted = {(cast.organisations[ref].pk, kind): status for ref, kind, _, _, status in plan.pledges}
    for pledge in initiative.pledges.all():
        status = wanted.get((pledge.organisation_id, pledge.kind), PledgeStatus.OFFERED)
        if status in {PledgeStatus.CONFIRMED, PledgeStatus.DELIVERED}:
            services.pledge_confirm(by=staff, pledge=pledge)
        if status == PledgeStatus.DELIVERED:
            services.pledge_deliver(by=staff, pledge=pledge)
