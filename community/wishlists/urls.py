app_name = "wishlists"

urlpatterns = []
