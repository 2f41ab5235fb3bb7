from django.urls import path

from wegwijs.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.index, name="index"),
    path("prijslijsten/nieuw/", views.new_price_list, name="new_price_list"),
    path("<str:code>/", views.product, name="product"),
]
