"""QR posters of communities and grids, under /staff/regions/."""

from django.urls import path

from concord.intake import poster_views as views

app_name = "posters"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/poster", views.poster, name="poster"),
    path("<str:code>/poster.svg", views.poster_svg, name="svg"),
    path("<str:code>/poster.png", views.poster_png, name="png"),
    path("<str:code>/posters", views.community_sheet, name="sheet"),
]
