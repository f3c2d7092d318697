app_name = "policy_pages"

urlpatterns = []
