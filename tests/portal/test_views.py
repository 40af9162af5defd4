"""Public portal pages: each renders, filters and pages work, only verified profiles are public,
merged profiles redirect, HTMX gets only the results partial, and no personal data is ever shown."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from sinergi.registry import services
from sinergi.registry.models import Status
from tests.factories import kelurahan, make_actor
from tests.portal import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client()


def _html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_every_public_page_renders(client: Client) -> None:
    actor = pf.actor_with_personal_data()
    community = pf.community()
    services.community_member_set(by=actor.owner, community=community, actor=actor, role="member")  # its owner adds it
    hub = pf.hub()
    product = pf.product(actor)
    urls = [
        reverse("portal:home"),
        reverse("portal:directory"),
        reverse("portal:directory") + "?jenis=community",
        reverse("portal:directory") + "?jenis=hub",
        reverse("portal:directory") + "?jenis=product",
        reverse("portal:actor_detail", args=[actor.slug]),
        reverse("portal:community_list"),
        reverse("portal:community_detail", args=[community.slug]),
        reverse("portal:hub_list"),
        reverse("portal:hub_detail", args=[hub.slug]),
        reverse("portal:product_list"),
        reverse("portal:product_detail", args=[product.slug]),
        reverse("portal:kecamatan_summary"),
        reverse("portal:kecamatan_summary") + "?subsektor=KRY",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<h1>" in _html(response) or "<h1" in _html(response), url


def test_no_personal_data_on_any_public_page(client: Client) -> None:
    actor = pf.actor_with_personal_data(name="Batik Rahasia Sawangan")
    community = pf.community()
    services.community_member_set(by=actor.owner, community=community, actor=actor, role="chair")  # its owner adds it
    hub = pf.hub()
    services.hub_save(by=None, hub=hub, data={}, residents=[actor])
    product = pf.product(actor)
    services.product_set_flagship(by=None, product=product, flagship=True, reason="Motif khas")
    pages = [
        reverse("portal:home"),
        reverse("portal:directory"),
        reverse("portal:directory") + "?q=batik",
        reverse("portal:directory") + "?q=rahasia&jenis=product",
        reverse("portal:actor_detail", args=[actor.slug]),
        reverse("portal:community_detail", args=[community.slug]),
        reverse("portal:hub_detail", args=[hub.slug]),
        reverse("portal:product_list"),
        reverse("portal:product_detail", args=[product.slug]),
        reverse("portal:kecamatan_summary"),
    ]
    secrets = [
        pf.SECRET_NIK,
        pf.SECRET_PHONE,
        pf.SECRET_PHONE.lstrip("+"),
        pf.SECRET_HOME,
        pf.SECRET_NPWP,
        pf.SECRET_EMAIL,
        "Siti Narahubung",
    ]
    for url in pages:
        html = _html(client.get(url))
        assert actor.name in html or url.endswith("ringkasan-kecamatan/"), url
        for secret in secrets:
            assert secret not in html, (url, secret)
    profile = _html(client.get(reverse("portal:actor_detail", args=[actor.slug])))
    assert "Jl. Usaha Terbuka No. 1" in profile  # the business address is public
    assert "openstreetmap.org/?mlat=-6.402500&amp;mlon=106.794200" in profile
    assert "ID32110000123450923" not in profile  # no certification yet
    pf.certification(actor)
    profile = _html(client.get(reverse("portal:actor_detail", args=[actor.slug])))
    assert "ID32110000123450923" in profile
    assert "7 Desember 2029" in profile


def test_unverified_and_archived_profiles_are_not_public(client: Client) -> None:
    draft = make_actor(name="Draf Kriya", status=Status.DRAFT)
    submitted = make_actor(name="Menunggu Kriya", status=Status.SUBMITTED)
    archived = make_actor(name="Arsip Kriya")
    services.actor_archive(by=None, actor=archived, reason="Tutup usaha")
    for actor in (draft, submitted, archived):
        assert client.get(reverse("portal:actor_detail", args=[actor.slug])).status_code == 404
    html = _html(client.get(reverse("portal:directory") + "?q=kriya"))
    assert "Draf Kriya" not in html
    assert "Arsip Kriya" not in html
    assert client.get(reverse("portal:actor_detail", args=["tidak-ada"])).status_code == 404


def test_merged_profile_redirects_to_the_profile_it_was_merged_into(client: Client) -> None:
    keep = make_actor(name="Batik Sawangan Jaya")
    absorb = make_actor(name="Batik Sawangan Jaya Lama")
    services.actor_merge(by=None, keep=keep, absorb=absorb, reason="Usaha yang sama")
    response = client.get(reverse("portal:actor_detail", args=[absorb.slug]))
    assert response.status_code == 301
    assert response["Location"] == reverse("portal:actor_detail", args=[keep.slug])


def test_directory_filters_paging_and_counts(client: Client) -> None:
    for i in range(23):
        make_actor(name=f"Kopi Nusantara {i:02d}", kbli_code="56303")
    make_actor(name="Batik Cinere", kbli_code="13134", kelurahan=kelurahan("32.76.03.1001"))
    html = _html(client.get(reverse("portal:directory") + "?q=kopi"))
    assert "Menampilkan 1–20 dari 23" in html
    assert "Batik Cinere" not in html
    html = _html(client.get(reverse("portal:directory") + "?q=kopi&halaman=2"))
    assert "Menampilkan 21–23 dari 23" in html
    html = _html(client.get(reverse("portal:directory") + "?kecamatan=32.76.03"))
    assert "Batik Cinere" in html
    assert "Kopi Nusantara" not in html
    html = _html(client.get(reverse("portal:directory") + "?subsektor=KUL&urut=-name"))
    assert html.index("Kopi Nusantara 22") < html.index("Kopi Nusantara 05")
    assert "Kopi Nusantara 00" not in html  # on page 2 in this order


def test_directory_says_more_than_its_count_limit_and_pages_stop_there(client: Client, settings: object) -> None:
    """Issue 17: past SINERGI_DIRECTORY_COUNT_LIMIT the count is a lower bound, said so in the result
    tab and the pagination, and the last page within the limit asks to narrow the search."""
    settings.SINERGI_DIRECTORY_COUNT_LIMIT = 40  # type: ignore[attr-defined]
    for i in range(45):
        make_actor(name=f"Kopi Nusantara {i:02d}", kbli_code="56303")
    html = _html(client.get(reverse("portal:directory") + "?q=kopi"))
    assert "Menampilkan 1–20 dari lebih dari 40" in html
    assert '<span class="badge"> lebih dari 40 </span>' in " ".join(html.split())  # the result tab
    assert "Persempit pencarian" not in html
    html = _html(client.get(reverse("portal:directory") + "?q=kopi&halaman=3"))  # past the limit: its last page
    assert "Menampilkan 21–40 dari lebih dari 40" in html
    assert "Persempit pencarian untuk melihat hasil lainnya." in html
    assert 'rel="next"' not in html
    settings.SINERGI_DIRECTORY_COUNT_LIMIT = 45  # type: ignore[attr-defined]
    html = _html(client.get(reverse("portal:directory") + "?q=nusantara&halaman=3"))  # not the cached page
    assert "Menampilkan 41–45 dari 45" in html
    assert "lebih dari" not in html


def test_directory_says_a_broad_relevance_search_is_in_name_order(client: Client, settings: object) -> None:
    """Issue 17 (the lead's decision): past the count limit a word search asked in relevance order is
    shown in name order; the page says so beside the count, and the sort control does not claim
    relevance (its relevance choice, still sent with the next search, says "by name")."""
    settings.SINERGI_DIRECTORY_COUNT_LIMIT = 40  # type: ignore[attr-defined]
    for i in range(45):  # "kopi" more often in later names' descriptions: relevance is not name order
        make_actor(name=f"Kopi Nusantara {i:02d}", kbli_code="56303", description="kopi " * (i + 1))
    html = _html(client.get(reverse("portal:directory") + "?q=kopi"))
    text = " ".join(html.split())
    assert "Lebih dari 40 hasil, diurutkan menurut nama — persempit pencarian untuk urutan relevansi." in text
    assert text.index("Kopi Nusantara 00") < text.index("Kopi Nusantara 01") < text.index("Kopi Nusantara 19")
    assert "Kopi Nusantara 44" not in text
    assert '<option value="" selected>Menurut nama (terlalu banyak hasil untuk relevansi)</option>' in text
    assert "Paling relevan" not in text
    # An HTMX search swaps the results and, out of band, the sort control.
    fragment = " ".join(
        _html(client.get(reverse("portal:directory") + "?q=kopi&urut=relevance", HTTP_HX_REQUEST="true")).split()
    )
    assert 'id="sort-field" hx-swap-oob="true"' in fragment
    assert "Menurut nama (terlalu banyak hasil untuk relevansi)</option>" in fragment
    assert "diurutkan menurut nama" in fragment
    # Within the limit, or in an order the visitor chose, nothing is said and relevance is relevance.
    settings.SINERGI_DIRECTORY_COUNT_LIMIT = 45  # type: ignore[attr-defined]
    text = " ".join(_html(client.get(reverse("portal:directory") + "?q=nusantara+kopi")).split())
    assert "diurutkan menurut nama" not in text
    assert "Paling relevan" in text
    if connection.vendor == "postgresql":  # ranked (SQLite has no rank: name order)
        assert text.index("Kopi Nusantara 44") < text.index("Kopi Nusantara 43")
    settings.SINERGI_DIRECTORY_COUNT_LIMIT = 40  # type: ignore[attr-defined]
    text = " ".join(_html(client.get(reverse("portal:directory") + "?q=kopi&urut=-name")).split())
    assert "diurutkan menurut nama" not in text
    assert "Kopi Nusantara 44" in text


@pytest.mark.parametrize("page", ["portal:directory", "portal:product_list"])
def test_the_sort_a_visitor_did_not_choose_is_not_pinned_by_the_form(client: Client, page: str) -> None:
    """A list first shown by name offers "Nama A–Z" as the unchosen default (value ""), so a word typed
    into its own search form is ranked by relevance, not sent with `urut=name`; a sort the visitor picked
    stays picked."""
    text = " ".join(_html(client.get(reverse(page))).split())
    assert '<option value="" selected>Nama A–Z</option>' in text
    assert 'value="name"' not in text
    assert "Paling relevan" not in text  # no word, nothing to rank
    text = " ".join(_html(client.get(reverse(page) + "?q=kopi&urut=")).split())
    assert '<option value="" selected>Paling relevan</option>' in text
    assert '<option value="name">Nama A–Z</option>' in text
    text = " ".join(_html(client.get(reverse(page) + "?q=kopi&urut=name")).split())
    assert '<option value="name" selected>Nama A–Z</option>' in text
    assert '<option value="relevance">Paling relevan</option>' in text


def test_directory_reports_invalid_filters_and_says_what_to_change(client: Client) -> None:
    make_actor(name="Kopi Depok")
    response = client.get(reverse("portal:directory") + "?subsektor=XXX&skala=raksasa&halaman=-1&q=zzzz")
    assert response.status_code == 200
    html = _html(response)
    assert "Subsektor “XXX” tidak dikenal." in html
    assert "Skala usaha harus mikro, kecil, menengah atau besar." in html
    assert "Tidak ada yang cocok." in html
    assert "Coba kata kunci lain" in html


def test_htmx_request_gets_only_the_results_partial(client: Client) -> None:
    make_actor(name="Kopi Margonda", kbli_code="56303")
    url = reverse("portal:directory") + "?q=kopi"
    full = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert "<html" in _html(full)
    assert 'id="results"' in _html(full)
    assert "<html" not in _html(fragment)
    assert "<form" not in _html(fragment)
    assert _html(fragment).strip().startswith('<section id="results"')
    assert "Kopi Margonda" in _html(fragment)
    assert "HX-Request" in fragment["Vary"]
    for name in ("portal:product_list", "portal:community_list", "portal:hub_list"):
        fragment = client.get(reverse(name), headers={"HX-Request": "true"})
        assert _html(fragment).strip().startswith('<section id="results"'), name


def test_kelurahan_options_depend_on_the_kecamatan(client: Client) -> None:
    html = _html(client.get(reverse("portal:kelurahan_options") + "?kecamatan=32.76.03"))
    assert 'id="kelurahan-field"' in html
    assert "32.76.03.1001" in html
    assert "32.76.01.1006" not in html
    html = _html(client.get(reverse("portal:kelurahan_options")))
    assert "Pilih kecamatan dulu." in html


def test_product_catalogue_filters_and_formats_prices(client: Client) -> None:
    actor = make_actor(name="Batik Tulis Sawangan", kbli_code="13134")
    flagship = pf.product(actor, name="Batik Mega Mendung")
    pf.product(actor, name="Batik Kawung", price_min=None, price_max=None)
    services.product_set_flagship(by=None, product=flagship, flagship=True, reason="Motif khas")
    html = _html(client.get(reverse("portal:product_list")))
    assert "Rp150.000" in html
    assert "Rp1.500.000" in html
    assert "Batik Kawung" in html
    html = _html(client.get(reverse("portal:product_list") + "?unggulan=ya"))
    assert "Batik Mega Mendung" in html
    assert "Batik Kawung" not in html
    html = _html(client.get(reverse("portal:product_list") + "?q=kawung"))
    assert "Batik Kawung" in html
    assert "Batik Mega Mendung" not in html


def test_kecamatan_summary_table_and_chart(client: Client) -> None:
    make_actor(kbli_code="13134", kelurahan=kelurahan("32.76.03.1001"))
    make_actor(kbli_code="14111")
    html = _html(client.get(reverse("portal:kecamatan_summary")))
    assert "<svg" in html
    assert 'role="img"' in html
    assert '<table class="dense">' in html
    assert html.count('<th scope="row">') == 12  # 11 kecamatan + total row
    assert "<script" not in html.split("</head>")[1]
